/* On phones the list pages show their results first: the filter panel, open in the page as
   sent (and so without scripts), is closed before the page is first shown, one tap away;
   not when a filter is wrong, whose message must be seen. Loaded with blocking="render" by the
   list pages: nothing moves once shown. */
(function () {
  "use strict";
  if (window.matchMedia("(max-width: 40rem)").matches) {
    document.querySelectorAll("details[data-closed-on-phones]").forEach(function (panel) {
      panel.open = false;
    });
  }
})();
