// The seiportal Worker (written by `seiportal worker`): the portal's static
// assets, served by Cloudflare, and the API v1 (/api/v1/...), served by the
// Go program seiportal-worker.wasm.
//
// One Go program per isolate: it starts on the first API request (Go cannot
// start at module scope, where there are no random numbers and no clock),
// signals ready through the `workers.ready` import and then serves every
// later request of the isolate. Requests for static files never start it.
//
// Requests reach this script only for the paths of run_worker_first in
// wrangler.jsonc: /api/*, *.wasm and the precompressed copies *.br, *.gz.
// Nothing here logs or stores a request.
import "./wasm_exec.js";
import mod from "./seiportal-worker.wasm";

// github.com/syumai/workers calls it to catch JavaScript exceptions.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

let api; // Promise of the Go program's binding ({handleRequest}), or undefined

function startGo(env, ctx) {
  if (api === undefined) {
    api = new Promise((resolve, reject) => {
      const binding = {};
      // syumai/workers reads the runtime context from the global `context`
      // once, when the program starts: env (the bindings) is the same for
      // every request of the isolate.
      globalThis.context = { env, ctx, binding };
      const go = new Go();
      const instance = new WebAssembly.Instance(mod, {
        ...go.importObject,
        workers: { ready: () => resolve(binding) },
      });
      const ended = (err) => {
        api = undefined; // the next request starts a new program
        reject(err || new Error("Go program exited"));
      };
      go.run(instance).then(() => ended(), ended);
    });
  }
  return api;
}

function jsonError(status, message) {
  return new Response(JSON.stringify({ error: message }) + "\n", {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

// accepts reports whether Accept-Encoding allows enc (a q=0 refuses it).
function accepts(header, enc) {
  for (const part of (header || "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name.trim() !== enc && name.trim() !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

// wasm serves path from its precompressed copy when the browser accepts
// it: brotli, then gzip, else the file itself.
async function wasm(request, env, url) {
  for (const [enc, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
    if (!accepts(request.headers.get("Accept-Encoding"), enc)) continue;
    const headers = new Headers();
    const inm = request.headers.get("If-None-Match");
    if (inm) headers.set("If-None-Match", inm);
    const res = await env.ASSETS.fetch(new URL(url.pathname + ext, url), { method: request.method, headers });
    if (res.status !== 200 && res.status !== 304) continue;
    const out = new Headers(res.headers);
    out.set("Content-Type", "application/wasm");
    out.set("Vary", "Accept-Encoding");
    if (res.status === 200) out.set("Content-Encoding", enc);
    return new Response(res.body, { status: res.status, headers: out, encodeBody: "manual" });
  }
  const res = await env.ASSETS.fetch(request);
  const out = new Headers(res.headers);
  out.set("Vary", "Accept-Encoding");
  return new Response(res.body, { status: res.status, headers: out });
}

// notFound answers with the portal's 404 page: the precompressed copies are
// not served as files of their own.
async function notFound(env, url) {
  const res = await env.ASSETS.fetch(new URL("/404.html", url));
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", "no-cache");
  return new Response(res.body, { status: 404, headers });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/")) {
      let binding;
      try {
        binding = await startGo(env, ctx);
      } catch {
        return jsonError(503, "A API não pôde iniciar. Tente de novo em instantes.");
      }
      return binding.handleRequest(request);
    }
    if (/\.(br|gz)$/.test(url.pathname)) return notFound(env, url);
    if (url.pathname.endsWith(".wasm")) return wasm(request, env, url);
    return env.ASSETS.fetch(request);
  },
};
