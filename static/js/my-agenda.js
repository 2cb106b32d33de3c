/* Personal agenda: sessions a participant stars are kept in this browser (localStorage), no
   account needed. Star buttons carry data-session (a session id), <body> their labels
   (data-star-label-on/off); "My agenda" links get the starred ids as ?s=... so the server can
   render them. */
(function () {
  "use strict";
  var KEY = "idm.starred";

  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return /^\d+$/.test(String(id)); }).map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function save(ids) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ids));
    } catch (error) {
      /* Storage full or disabled: starring simply does not persist. */
    }
  }

  function agendaUrl(base, ids) {
    var query = ids.map(function (id) { return "s=" + encodeURIComponent(id); }).join("&");
    return query ? base + "?" + query : base;
  }

  function render(ids) {
    /* The button labels, in the page's language, are given once, on <body>. */
    var labels = document.body.dataset;
    document.querySelectorAll("button[data-session]").forEach(function (button) {
      var starred = ids.indexOf(button.dataset.session) !== -1;
      button.setAttribute("aria-pressed", starred ? "true" : "false");
      button.querySelector(".star-label").textContent = starred ? labels.starLabelOn : labels.starLabelOff;
      button.hidden = false;
    });
    document.querySelectorAll("a[data-my-agenda]").forEach(function (link) {
      link.href = agendaUrl(link.dataset.myAgenda, ids);
      var count = link.querySelector(".star-count");
      if (count) {
        count.textContent = ids.length ? "(" + ids.length + ")" : "";
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-session]");
    if (!button) {
      return;
    }
    var ids = load();
    var id = button.dataset.session;
    var position = ids.indexOf(id);
    if (position === -1) {
      ids.push(id);
    } else {
      ids.splice(position, 1);
    }
    save(ids);
    if (document.querySelector("[data-my-agenda-page]")) {
      window.location.replace(agendaUrl(window.location.pathname, ids));
      return;
    }
    render(ids);
  });

  function start() {
    var ids = load();
    /* Opened without the ids (a bookmark, the nav before scripts ran): show this browser's. */
    var page = document.querySelector("[data-my-agenda-page]");
    if (page && !window.location.search && ids.length) {
      window.location.replace(agendaUrl(window.location.pathname, ids));
      return;
    }
    render(ids);
  }

  /* Run as soon as the page is parsed: with blocking="render", the buttons are there when it is
     first shown, and nothing moves. */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
