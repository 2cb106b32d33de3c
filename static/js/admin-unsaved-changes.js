// Admin change forms: leaving a page whose form was changed and not saved asks first.
// Loaded by templates/admin/change_form.html; `data-unsaved` on the script tag marks a form
// that is unsaved from the start (shown again with errors, or restored after a login).
"use strict";
{
  const script = document.currentScript;
  const form = document.querySelector("#content-main form");
  if (form) {
    const ask = (event) => {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    };
    const changed = () => window.addEventListener("beforeunload", ask);
    if (script && script.hasAttribute("data-unsaved")) {
      changed();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", () => window.removeEventListener("beforeunload", ask));
  }
}
