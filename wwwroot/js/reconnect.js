// The circuit's reconnect dialog (Components/Layout/ReconnectModal.razor). Blazor's own one fades
// in after 0.3 s, so a quick reconnect showed nothing and the page carried on with whatever the
// server had before the drop. This one opens at once and modal: the page is inert, so nothing is
// typed into a circuit that is not listening. Events sent just before the drop may still be lost,
// so once the circuit is back every field's value is sent again: the page acts on what it shows.
// When the server no longer has the circuit (it restarted) the page must reload: what its fields
// show is kept in sessionStorage for this tab and address, and typed back in once the new circuit
// is interactive.
(() => {
  const modal = document.getElementById("components-reconnect-modal");
  if (!modal) {
    return;
  }

  const keptKey = "sd-fields:" + location.pathname + location.search;
  const typedFields = () => [...document.querySelectorAll("input[id], textarea[id]")].filter(field =>
    !field.readOnly && !field.disabled && !["checkbox", "radio", "file", "hidden", "password"].includes(field.type));

  const reloadKeepingFields = () => {
    try {
      sessionStorage.setItem(keptKey, JSON.stringify(Object.fromEntries(typedFields().map(field => [field.id, field.value]))));
    } catch {
      // Storage full or refused: the reload goes on without them.
    }
    location.reload();
  };

  const restoreKeptFields = () => {
    const kept = sessionStorage.getItem(keptKey);
    if (!kept) {
      return;
    }
    sessionStorage.removeItem(keptKey);
    const values = JSON.parse(kept);
    const started = Date.now();
    const whenInteractive = () => {
      if (!document.getElementById("interactive-ready")) {
        if (Date.now() - started < 30000) {
          setTimeout(whenInteractive, 100);
        }
        return;
      }
      // Sent even where the browser put the value back itself: the new circuit has not seen it.
      for (const field of typedFields()) {
        if (Object.hasOwn(values, field.id)) {
          field.value = values[field.id];
          field.dispatchEvent(new Event("input", { bubbles: true }));
          field.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    };
    whenInteractive();
  };

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
        reloadKeepingFields();
      }
    } catch {
      document.addEventListener("visibilitychange", retryWhenVisible);
    }
  };

  const resume = async () => {
    try {
      if (!(await Blazor.resumeCircuit())) {
        reloadKeepingFields();
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
        reloadKeepingFields();
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
  restoreKeptFields();
})();
