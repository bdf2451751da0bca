// Service worker do portal: guarda as páginas para leitura sem conexão.
// Gerado pelo seiportal build: a versão e as listas abaixo são preenchidas
// a partir dos arquivos publicados.
"use strict";
const VERSION = "__VERSION__";
// Páginas, estilos, scripts, índice de busca e PDFs em branco: guardados na instalação.
const CORE = "__CORE__";
// O aplicativo (WebAssembly): guardado só quando uma página do aplicativo é aberta.
const APP = "__APP__";
const CACHE = "seiportal-" + VERSION;
const APP_SET = new Set(APP);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("seiportal-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "guardar-aplicativo") {
    event.waitUntil(caches.open(CACHE).then((c) => c.addAll(APP)));
  }
});

function networkFirst(request, timeoutMs) {
  return new Promise((resolve) => {
    let settled = false;
    const fallback = async () => {
      if (settled) return;
      const cached = await caches.match(request, { ignoreSearch: true });
      if (cached) { settled = true; resolve(cached); }
      return cached;
    };
    const timer = setTimeout(fallback, timeoutMs);
    fetch(request).then((response) => {
      clearTimeout(timer);
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((c) => c.put(request.url.split("?")[0], copy));
      }
      if (!settled) { settled = true; resolve(response); }
    }).catch(async () => {
      clearTimeout(timer);
      const cached = await fallback();
      if (!settled) {
        settled = true;
        resolve(cached || (await caches.match("/404.html")) || Response.error());
      }
    });
  });
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  const path = new URL(request.url).pathname;
  if (response.ok && (APP_SET.has(path) || CORE.includes(path))) {
    const copy = response.clone();
    caches.open(CACHE).then((c) => c.put(path, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/_seiportal/")) return;
  if (request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html")) {
    event.respondWith(networkFirst(request, 3000));
    return;
  }
  event.respondWith(cacheFirst(request));
});
