// Admin change forms: leaving a page whose form was changed and not saved asks first.
// Loaded by templates/admin/change_form.html; `data-unsaved` on the script tag marks a form
// that is unsaved from the start (shown again with errors, or restored after a login).
//
// "Changed" is judged on what the form would send, compared with what it would have sent when
// the page was loaded: every way of changing it counts alike (typing, a search box's choice,
// the calendar and "Today"/"Now" shortcuts, an added or deleted row, a chosen file).
"use strict";
{
  const script = document.currentScript;
  const form = document.querySelector("#content-main form");
  if (form) {
    const state = () => {
      const entries = [];
      for (const [name, value] of new FormData(form)) {
        entries.push([name, value instanceof File ? value.name : value]);
      }
      return JSON.stringify(entries);
    };
    const unsavedFromStart = Boolean(script && script.hasAttribute("data-unsaved"));
    let loaded = null;
    let sending = false;
    // Django's scripts finish setting up the form (prepopulated fields, search boxes) once
    // the page has loaded: the state is taken after them.
    window.addEventListener("load", () => {
      loaded = state();
    });
    form.addEventListener("submit", () => {
      sending = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (sending || (!unsavedFromStart && (loaded === null || state() === loaded))) {
        return;
      }
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    });
  }
}
