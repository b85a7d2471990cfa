// Copies text for the copy buttons (Components/CopyButton.razor). Rejects when the browser refuses
// (no secure context, no permission), so the page can say so.
window.dashboardClipboard = {
  copy(text) {
    return navigator.clipboard.writeText(text);
  },
};
