{% autoescape off %}/* The site's service worker, served at /sw.js by idm.views.service_worker so that its scope
   covers every page; CONFIG is filled in there: the release, the offline page of each language,
   the static files that every page uses.

   Pages come from the network first, and from the copy kept on this device when the network
   fails; a page never kept shows the offline page, in the site's layout. What is kept:
   - the pages of a workshop, when its page asks (static/js/offline.js lists them from
     /<language>/workshops/<slug>/offline.json): the agenda, its sessions, its speakers, its
     guiding questions, the home and offline pages; and the visitor's starred agenda;
   - the workshop's uploaded files, only when the visitor asks ("Save for offline");
   - the static files, under names that change with their content.

   Only answers that the site marks "Cache-Control: public" are kept (idm.middleware.public_pages):
   never the admin, a draft, an editor's preview, an error or anything sent with a session
   cookie. The copies the worker fetches itself are asked for without cookies. */
"use strict";

const CONFIG = {{ config }};
const STATIC = "idm-static-" + CONFIG.release;
const PAGES = "idm-pages";
const FILES = "idm-files";
/* Answered by the browser as usual, never kept: the editors' admin, the API, the health
   check and this script. */
const PASSED = ["/admin/", "/api/", "/healthz", "/sw.js"];
/* A static file's name carries a hash of its content once collected for production. */
const HASHED = /\.[0-9a-f]{12}(\.[a-z0-9]+)$/;

function isPublic(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return response.status === 200 && response.type === "basic" && !response.redirected
    && /(^|[\s,])public([\s,]|$)/.test(control) && !/no-store|private/.test(control);
}

function sameOriginPath(address) {
  const url = new URL(address, self.location.href);
  if (url.origin !== self.location.origin || PASSED.some((prefix) => url.pathname.startsWith(prefix))) {
    return null;
  }
  return url.pathname + url.search;
}

/* Fetches an address without cookies and keeps the answer if it is public; forgets the copy of
   a page that no longer exists. Whether it was kept. */
async function keep(cache, address) {
  const response = await fetch(address, { credentials: "omit", cache: "no-cache" });
  if (isPublic(response)) {
    await cache.put(address, response);
    return true;
  }
  if (response.status === 404 || response.status === 410) {
    await cache.delete(address);
  }
  return false;
}

function languageOf(url) {
  const prefix = url.pathname.split("/")[1];
  return CONFIG.offline[prefix] ? prefix : Object.keys(CONFIG.offline)[0];
}

function isMyAgenda(url) {
  return url.pathname === CONFIG.myAgenda[languageOf(url)];
}

/* The visitor's starred agenda: one copy per language, the latest. */
async function keepMyAgenda(cache, address) {
  const url = new URL(address, self.location.href);
  const older = await cache.keys(url.pathname, { ignoreSearch: true });
  const response = await fetch(address, { credentials: "omit", cache: "no-cache" });
  if (!isPublic(response)) {
    return false;
  }
  await Promise.all(older.map((request) => cache.delete(request)));
  await cache.put(address, response);
  return true;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await (await caches.open(STATIC)).addAll(CONFIG.static);
    const pages = await caches.open(PAGES);
    await Promise.all(Object.values(CONFIG.offline).map((address) => keep(pages, address)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith("idm-static-") && name !== STATIC)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

/* A workshop's pages, fetched one after the other; again only when the list's version
   changed. Tells the page when they are kept. */
async function keepWorkshop(list, starred, client) {
  const pages = await caches.open(PAGES);
  const response = await fetch(list, { credentials: "omit", cache: "no-cache" });
  if (!isPublic(response)) {
    return;
  }
  const wanted = await response.clone().json();
  const kept = await pages.match(list);
  const keptVersion = kept ? (await kept.json()).version : undefined;
  if (wanted.version === null || wanted.version !== keptVersion) {
    for (const address of wanted.pages) {
      await keep(pages, address);
    }
    await pages.put(list, response);
  }
  if (starred) {
    await keepMyAgenda(pages, starred);
  }
  client.postMessage({ type: "kept", list: list });
}

/* The workshop's files; tells the page how many of them are kept (none when offline). */
async function keepFiles(list, client) {
  const files = await caches.open(FILES);
  let count = 0;
  let total = 0;
  try {
    const wanted = await (await fetch(list, { credentials: "omit", cache: "no-cache" })).json();
    total = wanted.files.length;
    for (const file of wanted.files) {
      if (sameOriginPath(file.url) && await keep(files, file.url)) {
        count += 1;
      }
    }
  } catch (error) {
    total = Math.max(total, 1);
  }
  client.postMessage({ type: "files-kept", list: list, count: count, total: total });
}

/* The pages' requests, one after the other, in the order they came: a star changed while a
   workshop was being kept is kept last. */
let queue = Promise.resolve();

function inTurn(task) {
  queue = queue.then(task).catch(() => undefined);
  return queue;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const list = data.list && sameOriginPath(data.list);
  const address = data.starred && sameOriginPath(data.starred);
  const starred = address && isMyAgenda(new URL(address, self.location.href)) ? address : null;
  if (data.type === "keep-workshop" && list) {
    event.waitUntil(inTurn(() => keepWorkshop(list, starred, event.source)));
  } else if (data.type === "keep-files" && list) {
    event.waitUntil(inTurn(() => keepFiles(list, event.source)));
  } else if (data.type === "keep-my-agenda" && starred) {
    event.waitUntil(inTurn(async () => keepMyAgenda(await caches.open(PAGES), starred)));
  }
});

function stem(path) {
  return path.replace(HASHED, "$1");
}

const STEMS = new Set(CONFIG.static.map((address) => stem(new URL(address, self.location.href).pathname)));

/* One of the static files that pages use (CONFIG.static): the kept copy if its name is hashed
   (it never changes), else the network first. Offline, a page kept under an earlier release
   asks for earlier names: the current file of the same name serves it. */
async function staticFile(request) {
  const cache = await caches.open(STATIC);
  const url = new URL(request.url);
  if (HASHED.test(url.pathname)) {
    const kept = await cache.match(request);
    if (kept) {
      return kept;
    }
  }
  try {
    return await fetch(request);
  } catch (error) {
    const requests = await cache.keys();
    const same = requests.find((kept) => stem(new URL(kept.url).pathname) === stem(url.pathname));
    if (same) {
      return cache.match(same);
    }
    throw error;
  }
}

/* After a page or file came from the network: a kept copy is brought up to date (a starred
   agenda is always kept), and forgotten when the page no longer exists. */
async function remember(cache, url, response) {
  const address = url.pathname + url.search;
  if (isPublic(response) && isMyAgenda(url)) {
    await Promise.all((await cache.keys(url.pathname, { ignoreSearch: true })).map((kept) => cache.delete(kept)));
    await cache.put(address, response);
  } else if (isPublic(response) && await cache.match(address, { ignoreVary: true })) {
    await cache.put(address, response);
  } else if (response.status === 404 || response.status === 410) {
    await cache.delete(address);
  }
}

/* A page or file: the network first; offline, the kept copy, else the offline page. */
async function page(event, cacheName) {
  const request = event.request;
  const url = new URL(request.url);
  const address = url.pathname + url.search;
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    event.waitUntil(remember(cache, url, response.clone()));
    return response;
  } catch (error) {
    const kept = await cache.match(address, { ignoreVary: true })
      || (isMyAgenda(url) && await cache.match(url.pathname, { ignoreSearch: true, ignoreVary: true }));
    if (kept) {
      return kept;
    }
    if (request.mode === "navigate") {
      const offline = await caches.match(CONFIG.offline[languageOf(url)], { ignoreVary: true });
      if (offline) {
        return offline;
      }
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin
      || PASSED.some((prefix) => url.pathname.startsWith(prefix))) {
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticUrl)) {
    if (STEMS.has(stem(url.pathname))) {
      event.respondWith(staticFile(request));
    }
  } else if (url.pathname.startsWith(CONFIG.mediaUrl)) {
    event.respondWith(page(event, FILES));
  } else {
    event.respondWith(page(event, PAGES));
  }
});
{% endautoescape %}
