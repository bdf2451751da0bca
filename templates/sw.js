// Service worker do portal: guarda as páginas para leitura sem conexão.
// Gerado pelo seiportal build: a versão e as listas abaixo são preenchidas
// a partir dos arquivos publicados.
//
// Nada aqui pode terminar em erro não tratado, com ou sem conexão: cada
// promessa tem o seu destino (uma resposta guardada, um erro de rede para a
// página, ou "não guardado" para quem pediu).
"use strict";
const VERSION = "__VERSION__";
// Páginas, estilos, scripts, índice de busca e PDFs em branco: guardados na instalação.
const CORE = "__CORE__";
// O aplicativo (WebAssembly): guardado só quando uma página do aplicativo é aberta.
const APP = "__APP__";
const CACHE = "seiportal-" + VERSION;
const APP_SET = new Set(APP);
const CORE_SET = new Set(CORE);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("seiportal-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })().catch(() => {}));
});

// store puts what is missing from urls in the cache, one by one, and
// reports whether all of them are there in the end (false offline).
async function store(urls) {
  let all = true;
  try {
    const c = await caches.open(CACHE);
    for (const u of urls) {
      try {
        if (await c.match(u)) continue;
        const r = await fetch(u);
        if (r.ok) await c.put(u, r);
        else all = false;
      } catch (e) {
        all = false;
      }
    }
  } catch (e) {
    return false;
  }
  return all;
}

// A page of the app asks for the app to be kept; the answer, on the port it
// sends, says whether the portal and the app are now all in the cache
// ("pronto para usar sem internet").
self.addEventListener("message", (event) => {
  if (event.data !== "guardar-aplicativo") return;
  const port = event.ports && event.ports[0];
  event.waitUntil((async () => {
    const ok = (await store(APP)) && (await store(CORE));
    if (port) port.postMessage({ pronto: ok, versao: VERSION });
  })().catch(() => {}));
});

// The sala page asks what is kept in this browser: how many files of the
// portal and of the app there are, and which of them are not in the cache.
// Nothing is fetched or stored here: the answer is only the cache's state.
self.addEventListener("message", (event) => {
  if (event.data !== "estado-copia") return;
  const port = event.ports && event.ports[0];
  if (!port) return;
  event.waitUntil((async () => {
    const c = await caches.open(CACHE);
    const missing = async (urls) => {
      const out = [];
      for (const u of urls) if (!(await c.match(u))) out.push(u);
      return out;
    };
    port.postMessage({ versao: VERSION, portal: CORE.length, app: APP.length, faltamPortal: await missing(CORE), faltamApp: await missing(APP) });
  })().catch(() => { port.postMessage({ erro: true }); }));
});

function keep(key, response) {
  caches.open(CACHE).then((c) => c.put(key, response)).catch(() => {});
}

function networkFirst(request, timeoutMs) {
  return new Promise((resolve) => {
    let settled = false;
    const fallback = async () => {
      if (settled) return undefined;
      const cached = await caches.match(request, { ignoreSearch: true }).catch(() => undefined);
      if (cached && !settled) { settled = true; resolve(cached); }
      return cached;
    };
    const timer = setTimeout(() => { fallback().catch(() => {}); }, timeoutMs);
    fetch(request).then((response) => {
      clearTimeout(timer);
      if (response.ok) keep(request.url.split("?")[0], response.clone());
      if (!settled) { settled = true; resolve(response); }
    }).catch(async () => {
      clearTimeout(timer);
      const cached = await fallback().catch(() => undefined);
      if (!settled) {
        settled = true;
        resolve(cached || (await caches.match("/404.html").catch(() => undefined)) || Response.error());
      }
    });
  });
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true }).catch(() => undefined);
  if (cached) return cached;
  let response;
  try {
    response = await fetch(request);
  } catch (e) {
    // Offline and not kept: a network error for the page, which reports
    // it; nothing thrown here.
    return Response.error();
  }
  const path = new URL(request.url).pathname;
  if (response.ok && (APP_SET.has(path) || CORE_SET.has(path))) keep(path, response.clone());
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
