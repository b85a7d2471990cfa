// Keeps a live log scrolled to its newest entry, unless the user scrolled up to read.
window.dashboardLog = {
  follow(id) {
    const log = document.getElementById(id);
    if (!log) return;
    if (!log.dataset.watched) {
      log.dataset.watched = "1";
      log.dataset.following = "1";
      log.addEventListener("scroll", () => {
        const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        log.dataset.following = atEnd ? "1" : "0";
      });
    }
    if (log.dataset.following === "1") log.scrollTop = log.scrollHeight;
  },
};
