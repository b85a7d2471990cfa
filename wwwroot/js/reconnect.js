// The circuit's reconnect dialog (Components/Layout/ReconnectModal.razor). Blazor's own one fades
// in after 0.3 s, so a quick reconnect showed nothing and the page carried on with whatever the
// server had before the drop. This one opens at once and modal: the page is inert, so nothing is
// typed into a circuit that is not listening. Events sent just before the drop may still be lost,
// so once the circuit is back every field's value is sent again: the page acts on what it shows.
(() => {
  const modal = document.getElementById("components-reconnect-modal");
  if (!modal) {
    return;
  }

  const resendFields = () => {
    for (const field of document.querySelectorAll("input, textarea")) {
      if (field.readOnly || field.disabled || ["checkbox", "radio", "file", "hidden"].includes(field.type)) {
        continue;
      }

      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  const retryWhenVisible = () => {
    if (document.visibilityState === "visible") {
      retry();
    }
  };

  const retry = async () => {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
      // false: the server no longer has the circuit; resuming it is the last chance before a reload.
      if (!(await Blazor.reconnect()) && !(await Blazor.resumeCircuit())) {
        location.reload();
      }
    } catch {
      document.addEventListener("visibilitychange", retryWhenVisible);
    }
  };

  const resume = async () => {
    try {
      if (!(await Blazor.resumeCircuit())) {
        location.reload();
      }
    } catch {
      modal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
  };

  modal.addEventListener("components-reconnect-state-changed", (event) => {
    switch (event.detail.state) {
      case "hide":
        modal.close();
        resendFields();
        break;
      case "rejected":
        location.reload();
        break;
      case "failed":
        document.addEventListener("visibilitychange", retryWhenVisible);
      // falls through: the dialog stays open with the Retry button
      default:
        if (!modal.open) {
          modal.showModal();
        }
    }
  });

  // Escape would close the dialog and give the page back while the circuit is still down.
  modal.addEventListener("cancel", (event) => event.preventDefault());
  document.getElementById("reconnect-retry").addEventListener("click", retry);
  document.getElementById("reconnect-resume").addEventListener("click", resume);
})();
