// A public status page has no circuit (nobody is signed in): it re-reads itself every few seconds and swaps in the
// board, so it stays live without a reload. A page that stopped being public shows that it did.
(() => {
  const board = document.getElementById("status-board");
  if (!board) return;
  const seconds = Number(board.dataset.refreshSeconds || "10");
  setInterval(async () => {
    try {
      const answer = await fetch(location.href, { cache: "no-store", credentials: "omit" });
      const next = new DOMParser().parseFromString(await answer.text(), "text/html").getElementById("status-board");
      if (next) board.replaceChildren(...next.childNodes);
      else if (answer.status === 404) board.textContent = "This status page is no longer at this address.";
    } catch {
      // Offline for a moment: the next round tries again.
    }
  }, seconds * 1000);
})();
