/* Reading at the venue without a network. Registers the site's service worker (/sw.js,
   templates/sw.js) and, on a workshop's page, asks it to keep that workshop's pages and the
   visitor's starred agenda, then says so; keeps the workshop's files when the visitor presses
   "Save the documents for offline reading"; keeps the starred agenda again when a star changes.
   On the offline page, lists the workshops kept on this device. Without scripts or service
   workers the pages simply need the network. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) {
    return;
  }
  /* The worker's caches (templates/sw.js). */
  var PAGES = "idm-pages";
  var FILES = "idm-files";

  function myAgenda() {
    var link = document.querySelector("a[data-my-agenda]");
    return link ? link.getAttribute("href") : null;
  }

  function tell(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage(message);
    });
  }

  function keepWorkshop(status) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept" && event.data.list === status.dataset.offlineList) {
        status.textContent = status.dataset.kept;
        status.hidden = false;
      }
    });
    tell({ type: "keep-workshop", list: status.dataset.offlineList, starred: myAgenda() });
  }

  function offerFiles(offer) {
    var button = offer.querySelector("button");
    var note = offer.querySelector("[role=status]");
    var links = Array.prototype.map.call(
      document.querySelectorAll(".workshop-documents a[data-file]"),
      function (link) { return link.getAttribute("href"); }
    );
    caches.open(FILES).then(function (cache) {
      return Promise.all(links.map(function (link) { return cache.match(link); }));
    }).then(function (kept) {
      if (kept.length && kept.every(Boolean)) {
        note.textContent = offer.dataset.saved;
      }
      offer.hidden = false;
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "files-kept" && event.data.list === offer.dataset.offlineFiles) {
        note.textContent = event.data.count === event.data.total ? offer.dataset.saved : offer.dataset.failed;
        button.disabled = false;
      }
    });
    button.addEventListener("click", function () {
      button.disabled = true;
      note.textContent = offer.dataset.saving;
      /* Files kept on request may be worth keeping when the device runs short of space. */
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist();
      }
      tell({ type: "keep-files", list: offer.dataset.offlineFiles });
    });
  }

  function listKeptWorkshops(section) {
    var language = document.documentElement.lang;
    var workshopPage = new RegExp("^/" + language + "/workshops/[^/]+/$");
    var list = section.querySelector("ul");
    caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (requests) {
        var pages = requests.map(function (request) { return new URL(request.url).pathname; })
          .filter(function (path) { return workshopPage.test(path); });
        return Promise.all(pages.map(function (path) {
          return cache.match(path).then(function (response) { return response.text(); }).then(function (text) {
            var title = new DOMParser().parseFromString(text, "text/html").querySelector("h1");
            return { path: path, title: title ? title.textContent.trim() : path };
          });
        }));
      });
    }).then(function (workshops) {
      workshops.forEach(function (workshop) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = workshop.path;
        link.textContent = workshop.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      section.hidden = !workshops.length;
    });
  }

  navigator.serviceWorker.startMessages();
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var status = document.querySelector("[data-offline-list]");
    var offer = document.querySelector("[data-offline-files]");
    var kept = document.querySelector("[data-kept-workshops]");
    if (status) {
      keepWorkshop(status);
    }
    if (offer) {
      offerFiles(offer);
    }
    if (kept) {
      listKeptWorkshops(kept);
    }
  });

  /* After my-agenda.js has counted the star in (it listens first). */
  document.addEventListener("click", function (event) {
    if (event.target.closest("button[data-session]") && !document.querySelector("[data-my-agenda-page]")) {
      tell({ type: "keep-my-agenda", starred: myAgenda() });
    }
  });
})();
