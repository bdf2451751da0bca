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
// Nothing here logs a request. The only thing stored is the team spaces'
// ciphertext (EspacoEquipe below).
import { DurableObject } from "cloudflare:workers";
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

// ---------- team spaces (checklist da equipe) ----------
//
// A team space is an append-only log of operations that the browsers
// encrypt (AES-GCM, with a key that only travels in the link's fragment)
// before sending: the Worker sees opaque blobs, their sizes and when they
// arrive, never an item, a name or a date. One Durable Object per space,
// SQLite-backed; nothing but the blobs and their sequence numbers is kept,
// and DELETE erases all of it.
//
//   POST   /api/v1/equipe                 creates a space: 201 {"id"}
//   POST   /api/v1/equipe/{id}/ops        {"ops": [base64, ...]} → {"ultimo": seq}
//   GET    /api/v1/equipe/{id}/ops?desde=N → {"ops": [{"seq", "blob"}], "ultimo", "mais"}
//   GET    /api/v1/equipe/{id}/aviso      WebSocket: {"ultimo": seq} after each POST
//   DELETE /api/v1/equipe/{id}            erases the space: 204; then 404
//
// The WebSocket only says that something arrived (hibernatable: an idle
// space costs nothing); the browsers then GET what they lack.

const EQUIPE_MAX_OP = 16 << 10; // bytes of one encrypted operation
const EQUIPE_MAX_OPS = 5000; // operations per space
const EQUIPE_MAX_BODY = 1 << 20; // bytes of one POST
const EQUIPE_PAGE = 500; // operations per GET
const EQUIPE_MAX_AVISOS = 100; // open WebSockets per space
const equipeID = /^[A-Za-z0-9_-]{22}$/;

function bytesToB64(u8) {
  let s = "";
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
  return btoa(s);
}

function b64ToBytes(s) {
  const bin = atob(s);
  const u8 = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
  return u8;
}

function json(status, value) {
  return new Response(JSON.stringify(value) + "\n", {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

const semEspaco = "Este espaço de equipe não existe ou foi apagado.";

export class EspacoEquipe extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.tables();
  }

  tables() {
    this.sql.exec("CREATE TABLE IF NOT EXISTS ops (seq INTEGER PRIMARY KEY, blob BLOB NOT NULL)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
  }

  exists() {
    return this.sql.exec("SELECT v FROM meta WHERE k = 'criado'").toArray().length > 0;
  }

  last() {
    return this.sql.exec("SELECT COALESCE(MAX(seq), 0) AS s, COUNT(*) AS n FROM ops").one();
  }

  async fetch(request) {
    const url = new URL(request.url);
    const op = url.pathname; // /criar, /ops, /apagar
    if (op === "/criar") {
      if (this.exists()) return json(409, { error: "Espaço já existe." });
      this.sql.exec("INSERT INTO meta (k, v) VALUES ('criado', 1)");
      return json(201, {});
    }
    if (!this.exists()) return json(404, { error: semEspaco });
    if (op === "/aviso") {
      if (request.headers.get("Upgrade") !== "websocket") return json(426, { error: "Use um WebSocket." });
      if (this.ctx.getWebSockets().length >= EQUIPE_MAX_AVISOS) return json(429, { error: "Conexões demais neste espaço." });
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1]);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    if (op === "/apagar") {
      await this.ctx.storage.deleteAll();
      this.tables(); // empty: the space is unknown again
      for (const ws of this.ctx.getWebSockets()) {
        try {
          ws.close(4404, "apagado");
        } catch {
          // already closing
        }
      }
      return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
    }
    if (request.method === "GET") {
      const desde = Number(url.searchParams.get("desde") || "0");
      if (!Number.isSafeInteger(desde) || desde < 0) return json(400, { error: "O parâmetro desde deve ser um número inteiro não negativo." });
      const rows = this.sql.exec("SELECT seq, blob FROM ops WHERE seq > ? ORDER BY seq LIMIT ?", desde, EQUIPE_PAGE + 1).toArray();
      const mais = rows.length > EQUIPE_PAGE;
      const ops = rows.slice(0, EQUIPE_PAGE).map((r) => ({ seq: r.seq, blob: bytesToB64(new Uint8Array(r.blob)) }));
      return json(200, { ops, ultimo: ops.length ? ops[ops.length - 1].seq : desde, mais });
    }
    // POST: the body was read and checked by the Worker.
    const blobs = await request.json();
    const { s, n } = this.last();
    if (n + blobs.length > EQUIPE_MAX_OPS) {
      return json(507, { error: `O espaço da equipe chegou ao limite de ${EQUIPE_MAX_OPS.toLocaleString("pt-BR")} alterações. Exporte o registro da equipe e crie um espaço novo.` });
    }
    let seq = s;
    for (const b of blobs) {
      seq++;
      this.sql.exec("INSERT INTO ops (seq, blob) VALUES (?, ?)", seq, b64ToBytes(b).buffer);
    }
    const aviso = JSON.stringify({ ultimo: seq });
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(aviso);
      } catch {
        // a closing socket: its browser polls
      }
    }
    return json(200, { ultimo: seq });
  }

  // The browsers send nothing on the WebSocket.
  webSocketMessage() {}

  webSocketClose(ws, code) {
    try {
      ws.close(code === 1005 ? 1000 : code, "");
    } catch {
      // already closed
    }
  }
}

// ---------- program view (programa do estado) ----------
//
// A state follows its municipalities: each municipality that opts in
// publishes a summary of its checklist (no personal data: stage dates and
// which items are done, when), encrypted in its browser to the program's
// public key (ECDH P-256 + AES-GCM); only the state's link holds the
// private key. The Worker keeps one entry per municipality (the latest
// summary, replaced on each publication), writable only with the entry's
// secret, and erases it when the municipality stops publishing.
//
//   POST   /api/v1/programa                         201 {"id", "admin"}
//   GET    /api/v1/programa/{id}/municipios         {"municipios": [{"entrada", "blob", "atualizado"}]}
//   PUT    /api/v1/programa/{id}/municipios/{e}     {"segredo", "blob"} → 204
//   DELETE /api/v1/programa/{id}/municipios/{e}     {"segredo"} → 204
//   DELETE /api/v1/programa/{id}                    {"admin"} → 204, everything erased

const PROGRAMA_MAX_BLOB = 8 << 10;
const PROGRAMA_MAX_MUNICIPIOS = 2000;
const semPrograma = "Este programa não existe ou foi apagado.";
const entradaID = /^[A-Za-z0-9_-]{22}$/;

async function sha256(text) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return bytesToB64(new Uint8Array(d));
}

function igual(a, b) {
  if (a.length !== b.length) return false;
  let x = 0;
  for (let i = 0; i < a.length; i++) x |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return x === 0;
}

export class ProgramaEstado extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.tables();
  }

  tables() {
    this.sql.exec("CREATE TABLE IF NOT EXISTS municipios (entrada TEXT PRIMARY KEY, segredo TEXT NOT NULL, blob BLOB NOT NULL, atualizado INTEGER NOT NULL)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
  }

  admin() {
    const r = this.sql.exec("SELECT v FROM meta WHERE k = 'admin'").toArray();
    return r.length ? r[0].v : null;
  }

  async fetch(request) {
    const url = new URL(request.url);
    const [, op, entrada] = url.pathname.split("/");
    if (op === "criar") {
      if (this.admin() !== null) return json(409, { error: "Programa já existe." });
      this.sql.exec("INSERT INTO meta (k, v) VALUES ('admin', ?)", await sha256(await request.text()));
      return json(201, {});
    }
    const admin = this.admin();
    if (admin === null) return json(404, { error: semPrograma });
    if (op === "apagar") {
      if (!igual(await sha256(await request.text()), admin)) return json(403, { error: "Código de administração incorreto." });
      await this.ctx.storage.deleteAll();
      this.tables();
      return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
    }
    if (request.method === "GET") {
      const rows = this.sql.exec("SELECT entrada, blob, atualizado FROM municipios ORDER BY entrada").toArray();
      // The day only: the exact time a municipality published says nothing the program needs.
      return json(200, { municipios: rows.map((r) => ({ entrada: r.entrada, blob: bytesToB64(new Uint8Array(r.blob)), atualizado: r.atualizado })) });
    }
    const { segredo, blob } = await request.json();
    const hash = await sha256(segredo);
    const atual = this.sql.exec("SELECT segredo FROM municipios WHERE entrada = ?", entrada).toArray();
    if (atual.length && !igual(atual[0].segredo, hash)) return json(403, { error: "Esta entrada pertence a outro município." });
    if (request.method === "DELETE") {
      this.sql.exec("DELETE FROM municipios WHERE entrada = ?", entrada);
      return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
    }
    if (!atual.length && this.sql.exec("SELECT COUNT(*) AS n FROM municipios").one().n >= PROGRAMA_MAX_MUNICIPIOS) {
      return json(507, { error: `O programa chegou ao limite de ${PROGRAMA_MAX_MUNICIPIOS.toLocaleString("pt-BR")} municípios.` });
    }
    const dia = new Date().toISOString().slice(0, 10);
    this.sql.exec("INSERT OR REPLACE INTO municipios (entrada, segredo, blob, atualizado) VALUES (?, ?, ?, ?)", entrada, hash, b64ToBytes(blob).buffer, Number(dia.replace(/-/g, "")));
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  }
}

function segredoValido(v) {
  return typeof v === "string" && /^[A-Za-z0-9_-]{22,64}$/.test(v);
}

async function programa(request, env, url) {
  if (!env.PROGRAMA) return json(503, { error: "Este Worker não tem programas do estado (falta a ligação PROGRAMA no wrangler.jsonc)." });
  const parts = url.pathname.split("/").slice(4);
  const method = request.method;
  const stub = (id) => env.PROGRAMA.get(env.PROGRAMA.idFromName(id));
  const corpo = async () => {
    const len = Number(request.headers.get("Content-Length") || "0");
    if (len > 2 * PROGRAMA_MAX_BLOB) return null;
    const text = await request.text();
    if (text.length > 2 * PROGRAMA_MAX_BLOB) return null;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "")) {
    if (method !== "POST") return json(405, { error: `Método ${method} não aceito aqui.` });
    const id = bytesToB64(crypto.getRandomValues(new Uint8Array(16))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const admin = bytesToB64(crypto.getRandomValues(new Uint8Array(24))).replace(/\+/g, "-").replace(/\//g, "_");
    const r = await stub(id).fetch("https://programa/criar", { method: "POST", body: admin });
    if (r.status !== 201) return json(500, { error: "Não foi possível criar o programa. Tente de novo." });
    return json(201, { id, admin });
  }
  const id = parts[0];
  if (!equipeID.test(id)) return json(404, { error: semPrograma });
  if (parts.length === 1) {
    if (method !== "DELETE") return json(405, { error: `Método ${method} não aceito aqui.` });
    const b = await corpo();
    if (!b || !segredoValido(b.admin)) return json(400, { error: "Informe o código de administração: {\"admin\": …}." });
    return stub(id).fetch("https://programa/apagar", { method: "POST", body: b.admin });
  }
  if (parts[1] !== "municipios" || parts.length > 3) return json(404, { error: "Endereço desconhecido." });
  if (parts.length === 2) {
    if (method !== "GET") return json(405, { error: `Método ${method} não aceito aqui.` });
    return stub(id).fetch("https://programa/listar");
  }
  const entrada = parts[2];
  if (!entradaID.test(entrada)) return json(404, { error: "Entrada desconhecida." });
  if (method !== "PUT" && method !== "DELETE") return json(405, { error: `Método ${method} não aceito aqui.` });
  const b = await corpo();
  if (b === null) return json(413, { error: "O resumo passa do limite de 8 KiB." });
  if (!b || !segredoValido(b.segredo) || (method === "PUT" && !(typeof b.blob === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(b.blob)))) {
    return json(400, { error: "O corpo deve ser {\"segredo\", \"blob\"} com o resumo cifrado em base64." });
  }
  if (method === "PUT" && b.blob.length * 3 / 4 > PROGRAMA_MAX_BLOB + 2) return json(413, { error: "O resumo passa do limite de 8 KiB." });
  return stub(id).fetch("https://programa/municipio/" + entrada, { method, body: JSON.stringify({ segredo: b.segredo, blob: b.blob || "" }) });
}

// equipe answers /api/v1/equipe...: it checks the request and hands it to
// the space's Durable Object. Bodies are never logged.
async function equipe(request, env, url) {
  if (!env.EQUIPE) return json(503, { error: "Este Worker não tem espaços de equipe (falta a ligação EQUIPE no wrangler.jsonc)." });
  const parts = url.pathname.split("/").slice(4); // ["", "api", "v1", "equipe", ...]
  const method = request.method;
  const stub = (id) => env.EQUIPE.get(env.EQUIPE.idFromName(id));
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "")) {
    if (method !== "POST") return json(405, { error: `Método ${method} não aceito aqui.` });
    const raw = crypto.getRandomValues(new Uint8Array(16));
    const id = bytesToB64(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const r = await stub(id).fetch("https://equipe/criar", { method: "POST" });
    if (r.status !== 201) return json(500, { error: "Não foi possível criar o espaço. Tente de novo." });
    return json(201, { id });
  }
  const id = parts[0];
  if (!equipeID.test(id)) return json(404, { error: semEspaco });
  if (parts.length === 1) {
    if (method !== "DELETE") return json(405, { error: `Método ${method} não aceito aqui.` });
    return stub(id).fetch("https://equipe/apagar", { method: "POST" });
  }
  if (parts.length === 2 && parts[1] === "aviso") {
    if (method !== "GET") return json(405, { error: `Método ${method} não aceito aqui.` });
    return stub(id).fetch(new Request("https://equipe/aviso", request));
  }
  if (parts.length !== 2 || parts[1] !== "ops") return json(404, { error: "Endereço desconhecido." });
  if (method === "GET") return stub(id).fetch("https://equipe/ops" + url.search);
  if (method !== "POST") return json(405, { error: `Método ${method} não aceito aqui.` });
  const len = Number(request.headers.get("Content-Length") || "0");
  if (len > EQUIPE_MAX_BODY) return json(413, { error: "O envio passa do limite de 1 MiB." });
  const text = await request.text();
  if (text.length > EQUIPE_MAX_BODY) return json(413, { error: "O envio passa do limite de 1 MiB." });
  let blobs;
  try {
    blobs = JSON.parse(text).ops;
  } catch {
    blobs = undefined;
  }
  if (!Array.isArray(blobs) || blobs.length === 0 || !blobs.every((b) => typeof b === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(b))) {
    return json(400, { error: "O corpo deve ser {\"ops\": [...]} com as operações cifradas em base64." });
  }
  for (const b of blobs) {
    if ((b.length / 4) * 3 - (b.endsWith("==") ? 2 : b.endsWith("=") ? 1 : 0) > EQUIPE_MAX_OP) return json(413, { error: "Uma alteração passa do limite de 16 KiB." });
  }
  return stub(id).fetch("https://equipe/ops", { method: "POST", body: JSON.stringify(blobs) });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/api/v1/equipe" || url.pathname.startsWith("/api/v1/equipe/")) return equipe(request, env, url);
    if (url.pathname === "/api/v1/programa" || url.pathname.startsWith("/api/v1/programa/")) return programa(request, env, url);
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
