// careerbuilder's service worker, rendered by apps/dashboard/views.py::service_worker with the
// shell's static names (apps/dashboard/pwa.py). Vanilla JavaScript, no library.
//
// What it keeps on the device, and why no more: a phone or a library computer can be shared, so
// it caches only the app shell (the site's own CSS, JavaScript, icons) and two offline pages that
// hold nothing personal. Pages are always fetched from the network; when that fails, the offline
// page is shown instead of an old copy of somebody's plan.
//
// The outbox: a form carrying a `client_key` (static/js/app.js adds one to forms marked
// `data-outbox`: a check-in, a logged conversation) that cannot be sent is kept in IndexedDB
// and sent again on Background Sync (tag "outbox") where the browser has it, and whenever a
// page says it is online. The server saves each key once (apps/core/http.py::submitted_once).
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "careerbuilder-shell-" + VERSION;
const SHELL = {{ shell|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const SAVED_URL = {{ saved_url|safe }};
const OUTBOX_DAYS = 30; // the server forgets keys after as long (core.purge_form_submissions)
const DAY = 24 * 60 * 60 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting())
  );
});

// A new version drops the caches of the versions before it.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names
          .filter((name) => name.startsWith("careerbuilder-shell-") && name !== SHELL_CACHE)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && request.method === "POST") {
    event.respondWith(sendOrKeep(request));
  } else if (request.mode === "navigate" && request.method === "GET") {
    event.respondWith(fetch(request).catch(() => offlinePage(request)));
  } else if (request.method === "GET" && url.pathname.startsWith(STATIC_PREFIX)) {
    // Cache-first for the shell's own files; any other static file goes to the network.
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
  // Anything else (HTMX requests, the API, downloads) is the browser's business.
});

async function offlinePage(request) {
  return (await caches.match(request)) || (await caches.match(OFFLINE_URL)) || Response.error();
}

// A form posted while offline: kept in the outbox if it carries a client key, then the
// "saved on this device" page; otherwise the offline page.
async function sendOrKeep(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const body = await copy.text();
    const contentType = copy.headers.get("Content-Type") || "";
    if (!contentType.startsWith("application/x-www-form-urlencoded")
        || !new URLSearchParams(body).get("client_key")) {
      return offlinePage(request);
    }
    await outbox("readwrite", (store) => store.add({
      url: request.url, body: body, contentType: contentType, savedAt: Date.now(),
    }));
    if (self.registration.sync) {
      try {
        await self.registration.sync.register("outbox");
      } catch (refused) {
        // Background Sync turned off: the next visit sends it.
      }
    }
    return (await caches.match(SAVED_URL)) || Response.error();
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(replay()); // a failure makes the browser retry
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "replay") event.waitUntil(replay().catch(() => {}));
});

// One replay at a time: a sync and a page's message arriving together do not send twice.
let replaying = null;

function replay() {
  if (!replaying) replaying = sendOutbox().finally(() => { replaying = null; });
  return replaying;
}

// Sends each kept form in the order it was written. 204: saved (now or by an earlier copy),
// so it leaves the outbox. A redirect (signed out) or a server error: kept for next time.
// Anything else (the form refused, a stale CSRF token after signing in again): it cannot be
// sent, so it is dropped and the open pages say so. A failed fetch (still offline) stops here.
async function sendOutbox() {
  const kept = await outbox("readonly", (store) => store.getAll());
  let sent = 0;
  let refused = 0;
  for (const form of kept) {
    if (Date.now() - form.savedAt > OUTBOX_DAYS * DAY) {
      await outbox("readwrite", (store) => store.delete(form.id));
      refused += 1;
      continue;
    }
    const response = await fetch(form.url, {
      method: "POST",
      body: form.body,
      headers: { "Content-Type": form.contentType, "X-Outbox-Replay": "1" },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.status === 204) {
      sent += 1;
    } else if (response.type === "opaqueredirect" || response.status >= 500) {
      continue;
    } else {
      refused += 1;
    }
    await outbox("readwrite", (store) => store.delete(form.id));
  }
  if (sent || refused) {
    const pages = await self.clients.matchAll({ type: "window" });
    pages.forEach((page) => page.postMessage({ type: "outbox", sent: sent, refused: refused }));
  }
}

// The outbox's one IndexedDB store: `action` gets it inside a transaction of `mode`, and the
// promise gives its request's result once the transaction has completed.
function outbox(mode, action) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("careerbuilder-outbox", 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore("forms", { keyPath: "id", autoIncrement: true });
    };
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const database = opening.result;
      const transaction = database.transaction("forms", mode);
      const result = action(transaction.objectStore("forms"));
      transaction.oncomplete = () => { database.close(); resolve(result.result); };
      transaction.onerror = () => { database.close(); reject(transaction.error); };
    };
  });
}
