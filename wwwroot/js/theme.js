// Remembers the theme a user picked, in a cookie the server reads to render the first paint.
window.dashboardTheme = {
  remember(theme) {
    document.cookie = `sd-theme=${theme}; path=/; max-age=31536000; samesite=lax`;
  },
};
