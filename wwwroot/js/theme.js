// Remembers the theme a user picked, in a cookie the server reads to render the first paint.
// Lax like the server's own cookies; Secure whenever the page itself came over https.
window.dashboardTheme = {
  remember(theme) {
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `sd-theme=${theme}; path=/; max-age=31536000; samesite=lax${secure}`;
  },
};
