// Checklist da equipe: o mesmo checklist compartilhado por um espaço cifrado.
//
// Quem cria o espaço recebe um link /checklist/...#equipe=<espaço>.<chave>.
// A chave (AES-GCM de 256 bits, WebCrypto) fica só no fragmento do link, que
// o navegador não envia ao servidor; o Worker guarda apenas operações
// cifradas (POST/GET /api/v1/equipe/<espaço>/ops) e as apaga todas quando a
// equipe sai (DELETE /api/v1/equipe/<espaço>).
//
// Cada alteração local vira uma operação
//   {id, item, value, author, at, actor, lamport, base}
// em que value é o estado do item (done, done_on, evidence) e base são os
// ids das operações daquele item que o autor tinha visto (as "cabeças").
// Mescla por item (registro multivalor): uma operação substitui as cabeças
// que viu; operações que não se viram ficam lado a lado como conflito,
// mostrado no item até alguém escolher; enquanto isso o valor exibido é o
// da operação de maior lamport (e, no empate, de maior actor). A mescla é
// uma função do conjunto de operações: idempotente e comutativa, no
// servidor, fora dele (registro exportado e importado) e offline (fila em
// localStorage enviada quando a conexão volta).
//
// Ganchos com js/app.js: app.js dispara "seiportal:checklist-alterado" na
// seção do checklist depois de cada alteração local salva; este arquivo
// grava o andamento mesclado em localStorage (seiportal:checklist:<id>) e
// dispara "seiportal:checklist-externo", e app.js o relê.
(function () {
  "use strict";

  var INICIO = ":inicio"; // pseudo-item: a data de início da adesão

  function canonico(v) {
    if (v === null || typeof v !== "object") return JSON.stringify(v === undefined ? null : v);
    if (Array.isArray(v)) return "[" + v.map(canonico).join(",") + "]";
    return "{" + Object.keys(v).sort().filter(function (k) { return v[k] !== undefined; }).map(function (k) {
      return JSON.stringify(k) + ":" + canonico(v[k]);
    }).join(",") + "}";
  }

  function opValida(op) {
    return !!op && typeof op === "object" && typeof op.id === "string" && typeof op.item === "string" &&
      typeof op.actor === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(op.actor) &&
      typeof op.lamport === "number" && op.lamport > 0 && op.lamport < 281474976710656 && Math.floor(op.lamport) === op.lamport &&
      op.id === op.actor + "-" + op.lamport && typeof op.author === "string" && typeof op.at === "string" &&
      Array.isArray(op.base) && op.base.every(function (b) { return typeof b === "string"; }) &&
      (op.value === null || typeof op.value === "object" || typeof op.value === "string");
  }

  // depois: a operação a vence b na escolha do valor exibido.
  function depois(a, b) {
    if (a.lamport !== b.lamport) return a.lamport > b.lamport;
    if (a.actor !== b.actor) return a.actor > b.actor;
    return canonico(a) > canonico(b);
  }

  var Mescla = {
    canonico: canonico,
    opValida: opValida,
    // juntar acrescenta a ops (mapa id → operação) as operações válidas de
    // lista e devolve quantas eram novas. Duas versões de um mesmo id (só um
    // cliente defeituoso as faria) ficam na de maior forma canônica.
    juntar: function (ops, lista) {
      var novas = 0;
      (lista || []).forEach(function (op) {
        if (!opValida(op)) return;
        var velho = ops[op.id];
        if (!velho) { ops[op.id] = op; novas++; } else if (canonico(op) > canonico(velho)) { ops[op.id] = op; novas++; }
      });
      return novas;
    },
    // itens resolve cada item: {item: {cabecas: [op...], valor: op, conflito: bool, historico: [op...]}}.
    itens: function (ops) {
      var porItem = {};
      Object.keys(ops).forEach(function (id) {
        var op = ops[id];
        (porItem[op.item] = porItem[op.item] || []).push(op);
      });
      var out = {};
      Object.keys(porItem).forEach(function (item) {
        var lista = porItem[item];
        var vistas = {};
        lista.forEach(function (op) { op.base.forEach(function (b) { vistas[b] = true; }); });
        var cabecas = lista.filter(function (op) { return !vistas[op.id]; });
        cabecas.sort(function (a, b) { return depois(a, b) ? -1 : 1; });
        var valores = {};
        cabecas.forEach(function (op) { valores[canonico(op.value)] = true; });
        lista.sort(function (a, b) { return depois(a, b) ? -1 : 1; });
        out[item] = { cabecas: cabecas, valor: cabecas[0], conflito: Object.keys(valores).length > 1, historico: lista };
      });
      return out;
    },
    // andamento: o estado do checklist (o formato de app.js) que as
    // operações dão.
    andamento: function (ops) {
      var r = Mescla.itens(ops);
      var data = { items: {} };
      Object.keys(r).sort().forEach(function (item) {
        var v = r[item].valor.value;
        if (item === INICIO) { if (typeof v === "string" && v) data.start = v; return; }
        if (v && typeof v === "object" && Object.keys(v).length) data.items[item] = v;
      });
      return data;
    },
  };

  if (typeof module !== "undefined" && module.exports) { module.exports = Mescla; return; }

  // ---------- navegador ----------
  function ler(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
  function gravar(k, v) { try { localStorage.setItem(k, v); return true; } catch (e) { return false; } }
  function apagar(k) { try { localStorage.removeItem(k); } catch (e) { /* nada */ } }

  function b64url(u8) {
    var s = "";
    for (var i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function deB64(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s);
    var u8 = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
    return u8;
  }
  function aleatorio(n) { return b64url(crypto.getRandomValues(new Uint8Array(n))); }
  // The same helpers serve js/programa.js, loaded after this file on the
  // checklist page.
  window.seiportalBase = { ler: ler, gravar: gravar, apagar: apagar, b64url: b64url, deB64: deB64, aleatorio: aleatorio };

  var raiz = document.querySelector("section.app[data-app='checklist'][data-checklist]");
  if (!raiz || !window.crypto || !crypto.subtle) return;
  var cid = raiz.getAttribute("data-checklist");
  var chaveAndamento = "seiportal:checklist:" + cid;
  var chaveEquipe = "seiportal:equipe:" + cid;
  var API = "/api/v1/equipe";
  // O servidor avisa por WebSocket quando chega algo; sem o aviso (rede
  // instável, proxy), com alterações por enviar ou depois de uma falha, a
  // página consulta a cada INTERVALO; com ele, a cada INTERVALO_AVISO, por
  // garantia.
  var INTERVALO = 5000;
  var INTERVALO_AVISO = 60000;


  // Estado local da equipe (neste navegador).
  var eq = null;
  function carregarEquipe() {
    try { eq = JSON.parse(ler(chaveEquipe) || "null"); } catch (e) { eq = null; }
    if (!eq || typeof eq !== "object" || typeof eq.ops !== "object") eq = null;
    if (eq) { eq.saida = eq.saida || []; eq.desde = eq.desde || 0; }
  }
  function salvarEquipe() { if (eq) gravar(chaveEquipe, JSON.stringify(eq)); }
  function novoEstado(espaco, chave) {
    var ant = eq || {};
    return { espaco: espaco, chave: chave, autor: ant.autor || "", ator: ant.ator || aleatorio(9), lamport: ant.lamport || 0, desde: 0, ops: {}, saida: [], apagado: false };
  }

  var cripto = null; // CryptoKey do espaço atual
  function chaveCripto() {
    if (cripto && cripto.espaco === eq.espaco) return Promise.resolve(cripto.k);
    return crypto.subtle.importKey("raw", deB64(eq.chave), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]).then(function (k) {
      cripto = { espaco: eq.espaco, k: k };
      return k;
    });
  }
  // cifrar: a operação em JSON, completada com espaços até um múltiplo de
  // 256 bytes (o servidor vê só o tamanho arredondado), depois AES-GCM com
  // IV aleatório de 12 bytes e o id do espaço como dado associado.
  function cifrar(op) {
    var txt = new TextEncoder().encode(JSON.stringify(op));
    var pad = new Uint8Array(Math.ceil((txt.length + 1) / 256) * 256);
    pad.fill(32);
    pad.set(txt);
    return chaveCripto().then(function (k) {
      var iv = crypto.getRandomValues(new Uint8Array(12));
      return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: new TextEncoder().encode(eq.espaco) }, k, pad).then(function (ct) {
        var out = new Uint8Array(12 + ct.byteLength);
        out.set(iv);
        out.set(new Uint8Array(ct), 12);
        var s = "";
        for (var i = 0; i < out.length; i++) s += String.fromCharCode(out[i]);
        return btoa(s);
      });
    });
  }
  function decifrar(b64) {
    var u8 = deB64(b64);
    return chaveCripto().then(function (k) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: u8.subarray(0, 12), additionalData: new TextEncoder().encode(eq.espaco) }, k, u8.subarray(12));
    }).then(function (pt) { return JSON.parse(new TextDecoder().decode(pt)); });
  }

  // ---------- andamento local ↔ operações ----------
  function andamentoLocal() {
    try {
      var r = JSON.parse(ler(chaveAndamento) || "null");
      if (r && r.data && typeof r.data === "object") return r.data;
    } catch (e) { /* app.js trata o andamento corrompido */ }
    return { items: {} };
  }
  function valoresDe(data) {
    var v = {};
    Object.keys(data.items || {}).forEach(function (id) {
      var st = data.items[id];
      if (st && typeof st === "object" && Object.keys(st).length) v[id] = st;
    });
    if (data.start) v[INICIO] = data.start;
    return v;
  }
  function hojeISO() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  // registrar cria uma operação por item cujo valor local difere do valor
  // mesclado; cada uma substitui as cabeças que este navegador conhece.
  function registrar(data) {
    var atual = Mescla.itens(eq.ops);
    var local = valoresDe(data);
    var nomes = {};
    Object.keys(local).concat(Object.keys(atual)).forEach(function (k) { nomes[k] = true; });
    var novas = 0;
    Object.keys(nomes).sort().forEach(function (item) {
      var v = local.hasOwnProperty(item) ? local[item] : null;
      var r = atual[item];
      // O andamento local é o mesclado (valor exibido): só difere onde a
      // pessoa alterou. Um conflito continua até alguém escolher.
      if (r && canonico(r.valor.value) === canonico(v)) return;
      if (!r && v === null) return;
      criarOp(item, v, r ? r.cabecas : []);
      novas++;
    });
    return novas;
  }
  function criarOp(item, valor, cabecas) {
    var max = eq.lamport;
    Object.keys(eq.ops).forEach(function (id) { if (eq.ops[id].lamport > max) max = eq.ops[id].lamport; });
    eq.lamport = max + 1;
    var op = {
      id: eq.ator + "-" + eq.lamport, item: item, value: valor, author: eq.autor, at: new Date().toISOString(),
      actor: eq.ator, lamport: eq.lamport, base: cabecas.map(function (c) { return c.id; }).sort(),
    };
    eq.ops[op.id] = op;
    if (eq.espaco) eq.saida.push(op.id);
    return op;
  }
  // aplicar grava o andamento mesclado para app.js e o avisa.
  var andamentoAplicado = null;
  // juntarDeFora acrescenta operações vindas da equipe ou de um arquivo.
  // Antes, o que mudou aqui e ainda não virou operação é registrado contra
  // o andamento que a pessoa via: depois da mescla, a diferença não seria
  // mais só dela.
  function juntarDeFora(lista) {
    if (registrarLocal()) pendente = true; // enviadas na volta seguinte da sincronização
    return Mescla.juntar(eq.ops, lista);
  }
  function aplicar() {
    var data = Mescla.andamento(eq.ops);
    var txt = canonico(data);
    if (txt !== canonico(andamentoLocal())) {
      gravar(chaveAndamento, JSON.stringify({ schema: raiz.getAttribute("data-versao") || "", savedAt: new Date().toISOString(), data: data }));
      raiz.dispatchEvent(new CustomEvent("seiportal:checklist-externo"));
    }
    andamentoAplicado = txt;
    mostrarItens();
  }

  // ---------- sincronização ----------
  var sincronizando = null;
  var pendente = false;
  var ultimaSync = null;
  var semConexao = false;
  var erroServidor = ""; // a recusa do servidor (limite do espaço, por exemplo)
  var grandes = []; // itens cuja alteração passou do limite e não foi enviada
  var inicioSync = 0;
  function sincronizar() {
    if (!eq || !eq.espaco || eq.apagado) return Promise.resolve();
    inicioSync = Date.now();
    conectarAviso();
    var apagadoAntes = eq.apagado;
    if (sincronizando) { pendente = true; return sincronizando; }
    sincronizando = enviar().then(receber).then(function () {
      semConexao = false;
      erroServidor = "";
      ultimaSync = new Date();
    }, function (e) {
      if (e && e.apagado) {
        eq.apagado = true;
        eq.saida = [];
        fecharAviso();
        salvarEquipe();
      } else if (e && e.servidor) {
        erroServidor = e.servidor;
      } else semConexao = true;
    }).then(function () {
      sincronizando = null;
      if (eq && eq.apagado !== apagadoAntes) mostrarPainel(); else mostrarStatus();
      if (pendente) { pendente = false; return sincronizar(); }
    });
    return sincronizando;
  }
  function pedir(metodo, url, corpo) {
    return fetch(url, { method: metodo, body: corpo, headers: corpo ? { "Content-Type": "application/json" } : {}, cache: "no-store" }).then(function (r) {
      if (r.status === 404) throw { apagado: true };
      if (r.status >= 400 && r.status < 500 || r.status === 507) {
        return r.json().then(function (j) { throw { servidor: j.error || "o servidor recusou (" + r.status + ")" }; },
          function () { throw { servidor: "o servidor recusou (" + r.status + ")" }; });
      }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.status === 204 ? null : r.json();
    });
  }
  function enviar() {
    if (!eq.saida.length) return Promise.resolve();
    // 30 alterações de até 16 KiB cabem no limite de 1 MiB por envio.
    var lote = eq.saida.slice(0, 30).filter(function (id) { return eq.ops[id]; });
    var espaco = eq.espaco;
    return Promise.all(lote.map(function (id) { return cifrar(eq.ops[id]); })).then(function (blobs) {
      // Uma alteração acima do limite do servidor (16 KiB cifrada: uma
      // evidência enorme) fica só neste navegador, e a pessoa é avisada.
      blobs = blobs.filter(function (b, i) {
        if (atob(b).length <= 16384) return true;
        grandes.push(eq.ops[lote[i]].item);
        return false;
      });
      if (!blobs.length) return null;
      return pedir("POST", API + "/" + espaco + "/ops", JSON.stringify({ ops: blobs }));
    }).then(function () {
      if (!eq || eq.espaco !== espaco) return;
      eq.saida = eq.saida.filter(function (id) { return lote.indexOf(id) < 0; });
      salvarEquipe();
      if (eq.saida.length) return enviar();
    });
  }
  function receber() {
    var espaco = eq.espaco;
    return pedir("GET", API + "/" + espaco + "/ops?desde=" + eq.desde).then(function (r) {
      if (!eq || eq.espaco !== espaco) return;
      return Promise.all(r.ops.map(function (o) {
        return decifrar(o.blob).catch(function () { return null; });
      })).then(function (lista) {
        var ilegiveis = lista.filter(function (x) { return x === null; }).length;
        eq.ilegiveis = (eq.ilegiveis || 0) + ilegiveis;
        var novas = juntarDeFora(lista.filter(Boolean));
        eq.desde = r.ultimo;
        salvarEquipe();
        if (novas) aplicar();
        if (r.mais) return receber();
      });
    });
  }

  var ws = null;
  var wsAberto = false;
  var wsTentativas = 0;
  var wsEspera = null;
  function conectarAviso() {
    if (!eq || !eq.espaco || eq.apagado || ws || wsEspera || !window.WebSocket) return;
    var s = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + API + "/" + eq.espaco + "/aviso");
    ws = s;
    s.onopen = function () { wsAberto = true; wsTentativas = 0; };
    s.onmessage = function () { sincronizar(); };
    s.onclose = function (ev) {
      if (ws !== s) return;
      ws = null;
      wsAberto = false;
      if (ev.code === 4404) { sincronizar(); return; } // apagado: a consulta confirma
      wsEspera = setTimeout(function () { wsEspera = null; conectarAviso(); }, Math.min(30000, 1000 * Math.pow(2, wsTentativas++)));
    };
  }
  function fecharAviso() {
    if (wsEspera) { clearTimeout(wsEspera); wsEspera = null; }
    if (ws) { var s = ws; ws = null; wsAberto = false; s.close(); }
  }

  // ---------- interface ----------
  function el(tag, attrs, texto) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (texto != null) e.textContent = texto;
    return e;
  }
  function quando(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return "";
    return d.toLocaleString("pt-BR", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
  }
  function hora(d) { return d.toLocaleTimeString("pt-BR", { hour: "2-digit", minute: "2-digit" }); }
  function descrever(op) {
    var v = op.value;
    if (op.item === INICIO) return v ? "início da adesão em " + v.split("-").reverse().join("/") : "apagou a data de início";
    if (!v) return "deixou o item em branco";
    var partes = [v.done ? "feito" + (v.done_on ? " em " + v.done_on.split("-").reverse().join("/") : "") : "não feito"];
    var ev = v.evidence || {};
    var ks = Object.keys(ev).sort();
    if (ks.length) partes.push("evidências: " + ks.map(function (k) { var t = String(ev[k]); return t.length > 60 ? t.slice(0, 57) + "…" : t; }).join("; "));
    return partes.join(", ");
  }
  function nomeDe(op) { return op.author || "alguém sem nome"; }
  function juntarNomes(ns) {
    if (ns.length < 2) return ns.join("");
    return ns.slice(0, -1).join(", ") + " e " + ns[ns.length - 1];
  }

  var painel = el("section", { "class": "equipe", "aria-labelledby": "equipe-titulo" });
  painel.appendChild(el("h3", { id: "equipe-titulo" }, "Checklist da equipe"));
  var corpo = el("div", { "class": "equipe-corpo" });
  var status = el("p", { "class": "equipe-status", id: "equipe-status", role: "status", "aria-live": "polite" });
  painel.appendChild(corpo);
  painel.appendChild(status);
  var arquivo = el("input", { type: "file", id: "equipe-arquivo", accept: ".json,application/json", hidden: "" });
  painel.appendChild(arquivo);

  function botao(texto, acao, classe) {
    var b = el("button", { type: "button", "class": classe || "secundario", "data-equipe": acao }, texto);
    return b;
  }
  function campoNome() {
    var d = el("div", { "class": "equipe-campo" });
    d.appendChild(el("label", { "for": "equipe-nome" }, "Seu nome (aparece para a equipe em cada alteração)"));
    var i = el("input", { id: "equipe-nome", type: "text", autocomplete: "name", maxlength: "80" });
    i.value = (eq && eq.autor) || "";
    d.appendChild(i);
    d.appendChild(el("p", { "class": "app-msg", id: "equipe-nome-msg", hidden: "" }));
    i.setAttribute("aria-describedby", "equipe-nome-msg");
    return d;
  }
  function nomeDigitado() {
    var i = document.getElementById("equipe-nome");
    var v = i ? i.value.trim() : "";
    var m = document.getElementById("equipe-nome-msg");
    if (!v) {
      m.textContent = "Informe seu nome para que a equipe saiba quem alterou cada item.";
      m.hidden = false;
      i.setAttribute("aria-invalid", "true");
      i.focus();
      return null;
    }
    m.hidden = true;
    i.removeAttribute("aria-invalid");
    return v;
  }
  function linkDoEspaco() {
    return location.origin + location.pathname + "#equipe=" + eq.espaco + "." + eq.chave;
  }
  var convite = null; // {espaco, chave} de um link aberto e ainda não aceito
  function mostrarPainel() {
    corpo.textContent = "";
    if (convite) {
      corpo.appendChild(el("p", null, "Você abriu o link de um espaço de equipe. Ao entrar, o andamento deste checklist neste navegador passa a ser o da equipe (o atual fica guardado neste navegador como cópia)."));
      corpo.appendChild(campoNome());
      var bar = el("div", { "class": "app-barra" });
      bar.appendChild(botao("Entrar no espaço da equipe", "entrar", ""));
      bar.appendChild(botao("Agora não", "recusar"));
      corpo.appendChild(bar);
    } else if (eq && eq.espaco) {
      if (eq.apagado) {
        corpo.appendChild(el("p", null, "Este espaço de equipe foi apagado no servidor. O andamento continua neste navegador, e o registro da equipe pode ser exportado."));
      } else {
        corpo.appendChild(el("p", null, "Compartilhe este link só com a equipe: quem o tiver lê e altera o checklist. A chave está na parte do link depois de #, que o navegador não envia ao servidor."));
        var d = el("div", { "class": "equipe-campo" });
        d.appendChild(el("label", { "for": "equipe-link" }, "Link do espaço da equipe"));
        var inp = el("input", { id: "equipe-link", type: "text", readonly: "" });
        inp.value = linkDoEspaco();
        d.appendChild(inp);
        corpo.appendChild(d);
      }
      corpo.appendChild(el("p", null, "Você aparece como “" + (eq.autor || "sem nome") + "”."));
      var b2 = el("div", { "class": "app-barra" });
      if (!eq.apagado) b2.appendChild(botao("Copiar link", "copiar"));
      b2.appendChild(botao("Exportar registro da equipe", "exportar"));
      b2.appendChild(botao("Importar registro", "importar"));
      b2.appendChild(botao(eq.apagado ? "Deixar de usar o espaço" : "Sair e apagar o espaço", "sair", "app-perigo"));
      corpo.appendChild(b2);
    } else {
      corpo.appendChild(el("p", null, "Um espaço de equipe compartilha este checklist com quem tiver o link: cada alteração chega aos outros, mesmo feita sem conexão. Tudo é cifrado neste navegador antes de sair; o servidor guarda só dados ilegíveis."));
      corpo.appendChild(campoNome());
      var b3 = el("div", { "class": "app-barra" });
      b3.appendChild(botao("Criar espaço da equipe", "criar", ""));
      b3.appendChild(botao("Importar registro da equipe", "importar"));
      corpo.appendChild(b3);
    }
    status.textContent = textoStatus();
  }
  function textoStatus() {
    if (!eq || !eq.espaco || convite) return "";
    if (eq.apagado) return "Espaço apagado: nada mais é enviado.";
    var s = semConexao ? "Sem conexão com o servidor; as alterações ficam guardadas aqui e são enviadas quando ela voltar." :
      ultimaSync ? "Sincronizado às " + hora(ultimaSync) + "." : "Sincronizando…";
    if (eq.saida.length) s += " " + eq.saida.length + (eq.saida.length > 1 ? " alterações aguardando envio." : " alteração aguardando envio.");
    if (erroServidor) s = "O servidor recusou a sincronização: " + erroServidor;
    if (grandes.length) s += " A alteração de " + grandes.length + " item(ns) passou do limite de 16 KiB e ficou só neste navegador; encurte a evidência.";
    if (eq.ilegiveis) s += " " + eq.ilegiveis + " alteração(ões) do servidor não puderam ser decifradas com a chave deste link.";
    return s;
  }
  function aviso(texto) { status.textContent = texto; }
  // mostrarStatus muda o texto só quando ele muda (é uma região viva).
  function mostrarStatus() {
    var t = textoStatus();
    if (status.textContent !== t && !convite) status.textContent = t;
  }

  // Cada item mostra quem o alterou e quando, o histórico e os conflitos.
  function mostrarItens() {
    var r = eq ? Mescla.itens(eq.ops) : {};
    Array.prototype.forEach.call(raiz.querySelectorAll("li[data-item]"), function (li) {
      var id = li.getAttribute("data-item");
      var caixa = li.querySelector(".equipe-item");
      var info = r[id];
      if (!info) { if (caixa) caixa.remove(); return; }
      if (!caixa) { caixa = el("div", { "class": "equipe-item" }); li.appendChild(caixa); }
      caixa.textContent = "";
      var v = info.valor;
      caixa.appendChild(el("p", { "class": "equipe-ultima" }, "Última alteração: " + nomeDe(v) + ", " + quando(v.at) + " (" + descrever(v) + ")."));
      if (info.conflito) {
        var c = el("div", { "class": "equipe-conflito", role: "group", "aria-labelledby": "conflito-" + id });
        var nomes = [];
        info.cabecas.forEach(function (op) { if (nomes.indexOf(nomeDe(op)) < 0) nomes.push(nomeDe(op)); });
        c.appendChild(el("p", { id: "conflito-" + id, "class": "equipe-conflito-titulo" }, "Edições simultâneas de " + juntarNomes(nomes) + " — escolha uma:"));
        var ul = el("ul");
        info.cabecas.forEach(function (op) {
          var liC = el("li");
          liC.appendChild(el("span", null, nomeDe(op) + ", " + quando(op.at) + ": " + descrever(op) + (op === v ? " (exibida agora)" : "") + " "));
          var b = botao("Manter esta", "escolher");
          b.setAttribute("data-item", id);
          b.setAttribute("data-op", op.id);
          b.setAttribute("aria-label", "Manter a versão de " + nomeDe(op) + ": " + descrever(op));
          liC.appendChild(b);
          ul.appendChild(liC);
        });
        c.appendChild(ul);
        caixa.appendChild(c);
      }
      if (info.historico.length > 1) {
        var det = el("details", { "class": "equipe-historico" });
        det.appendChild(el("summary", null, "Histórico do item (" + info.historico.length + " alterações)"));
        var ol = el("ol");
        info.historico.forEach(function (op) { ol.appendChild(el("li", null, nomeDe(op) + ", " + quando(op.at) + ": " + descrever(op))); });
        det.appendChild(ol);
        caixa.appendChild(det);
      }
    });
  }

  function criar() {
    var nome = nomeDigitado();
    if (!nome) return;
    aviso("Criando o espaço…");
    fetch(API, { method: "POST", cache: "no-store" }).then(function (r) {
      if (r.status !== 201) throw new Error("status " + r.status);
      return r.json();
    }).then(function (j) {
      var base = eq && !eq.espaco ? eq.ops : {};
      eq = novoEstado(j.id, aleatorio(32));
      eq.autor = nome;
      // O que já havia (registro importado ou andamento local) vai para o espaço.
      Mescla.juntar(eq.ops, Object.keys(base).map(function (k) { return base[k]; }));
      eq.saida = Object.keys(eq.ops);
      registrar(andamentoLocal());
      salvarEquipe();
      mostrarPainel();
      mostrarItens();
      history.replaceState(null, "", "#equipe=" + eq.espaco + "." + eq.chave);
      document.getElementById("equipe-link").focus();
      return sincronizar();
    }).catch(function () {
      aviso("Não foi possível criar o espaço: este portal não oferece espaços de equipe ou o servidor não respondeu. Nada foi enviado.");
    });
  }
  function entrar() {
    var nome = nomeDigitado();
    if (!nome) return;
    if (eq && eq.espaco && !eq.apagado && eq.saida.length) {
      aviso("Há " + eq.saida.length + " alteração(ões) ainda não enviadas ao espaço atual. Conecte-se e aguarde o envio antes de trocar de espaço, ou exporte o registro da equipe.");
      return;
    }
    var bruto = ler(chaveAndamento);
    if (bruto) gravar(chaveAndamento + " (antes da equipe)", bruto);
    fecharAviso();
    eq = novoEstado(convite.espaco, convite.chave);
    eq.autor = nome;
    convite = null;
    salvarEquipe();
    aplicar();
    mostrarPainel();
    aviso("Entrando no espaço…");
    sincronizar();
  }
  function sair() {
    var sim = botao(eq.apagado ? "Sim, deixar de usar" : "Sim, apagar o espaço para todos", "sair-sim", "app-perigo");
    var nao = botao("Cancelar", "sair-nao");
    corpo.textContent = "";
    corpo.appendChild(el("p", null, eq.apagado ? "Deixar de usar este espaço? O andamento continua neste navegador." :
      "Apagar o espaço da equipe? Tudo o que o servidor guarda dele é apagado, e ninguém mais sincroniza por este link. O andamento continua neste navegador; exporte o registro antes se quiser guardá-lo."));
    var b = el("div", { "class": "app-barra" });
    b.appendChild(sim);
    b.appendChild(nao);
    corpo.appendChild(b);
    nao.focus();
  }
  function sairConfirmado() {
    var fim = function () {
      fecharAviso();
      apagar(chaveEquipe);
      eq = null;
      history.replaceState(null, "", location.pathname);
      mostrarPainel();
      mostrarItens();
      aviso("Você saiu do espaço da equipe; o andamento continua neste navegador.");
    };
    if (eq.apagado) { fim(); return; }
    fetch(API + "/" + eq.espaco, { method: "DELETE", cache: "no-store" }).then(function (r) {
      if (r.status !== 204 && r.status !== 404) throw new Error("status " + r.status);
      fim();
    }).catch(function () {
      mostrarPainel();
      aviso("Não foi possível apagar o espaço agora (sem conexão?). Nada foi alterado; tente de novo.");
    });
  }
  function exportar() {
    var lista = Object.keys(eq.ops).sort().map(function (k) { return eq.ops[k]; });
    var txt = JSON.stringify({ checklist: cid, equipe: 1, ops: lista }, null, 2) + "\n";
    var a = el("a", { href: URL.createObjectURL(new Blob([txt], { type: "application/json" })), download: "equipe-" + cid + ".json" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    aviso("Registro da equipe exportado (" + lista.length + " alterações, sem cifra: guarde-o com cuidado).");
  }
  function importar(f) {
    f.text().then(function (t) {
      var j = JSON.parse(t);
      if (!j || j.equipe !== 1 || !Array.isArray(j.ops)) throw new Error("não é um registro da equipe exportado por este portal");
      if (j.checklist !== cid) throw new Error("o registro é de outro checklist");
      var validas = j.ops.filter(opValida);
      if (!eq) { eq = novoEstado(null, null); }
      var campo = document.getElementById("equipe-nome");
      if (!eq.autor && campo && campo.value.trim()) eq.autor = campo.value.trim();
      var antes = {};
      Object.keys(eq.ops).forEach(function (k) { antes[k] = true; });
      // Sem espaço, o andamento local entra como alterações antes da mescla.
      if (!eq.espaco && !Object.keys(eq.ops).length) { eq.autor = eq.autor || "este navegador"; registrar(andamentoLocal()); }
      var novas = juntarDeFora(validas);
      if (eq.espaco) validas.forEach(function (op) { if (!antes[op.id] && eq.saida.indexOf(op.id) < 0) eq.saida.push(op.id); });
      salvarEquipe();
      aplicar();
      mostrarPainel();
      aviso("Registro importado: " + novas + " alteração(ões) nova(s) de " + validas.length + (validas.length < j.ops.length ? "; " + (j.ops.length - validas.length) + " ilegível(is) ignorada(s)" : "") + ".");
      sincronizar();
    }).catch(function (e) { aviso("Não foi possível importar " + f.name + ": " + (e.message || e) + "."); });
  }

  painel.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-equipe]");
    if (!b) return;
    var a = b.getAttribute("data-equipe");
    if (a === "criar") criar();
    else if (a === "entrar") entrar();
    else if (a === "recusar") { convite = null; history.replaceState(null, "", location.pathname); mostrarPainel(); }
    else if (a === "copiar") {
      var inp = document.getElementById("equipe-link");
      (navigator.clipboard ? navigator.clipboard.writeText(inp.value) : Promise.reject()).then(function () { aviso("Link copiado."); }, function () { inp.select(); aviso("Selecione e copie o link."); });
    } else if (a === "exportar") exportar();
    else if (a === "importar") { arquivo.value = ""; arquivo.click(); }
    else if (a === "sair") sair();
    else if (a === "sair-sim") sairConfirmado();
    else if (a === "sair-nao") { mostrarPainel(); painel.querySelector("[data-equipe='sair']").focus(); }
  });
  arquivo.addEventListener("change", function () { if (arquivo.files && arquivo.files[0]) importar(arquivo.files[0]); });
  // Escolher uma versão num conflito é uma nova alteração que vê todas.
  raiz.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-equipe='escolher']");
    if (!b || !eq) return;
    registrarLocal();
    var r = Mescla.itens(eq.ops)[b.getAttribute("data-item")];
    var op = eq.ops[b.getAttribute("data-op")];
    if (!r || !op) return;
    criarOp(op.item, op.value, r.cabecas);
    salvarEquipe();
    aplicar();
    var li = document.getElementById("item-" + op.item);
    if (li) li.querySelector("input").focus();
    sincronizar();
  });
  // app.js salva a cada tecla numa evidência: as alterações locais viram
  // operações depois de uma pausa na digitação (ESPERA_LOCAL), quando o
  // campo muda ("change"), ao sair da página e sempre antes de juntar o que
  // veio da equipe.
  var ESPERA_LOCAL = 800;
  var esperaLocal = null;
  function registrarLocal() {
    if (esperaLocal) { clearTimeout(esperaLocal); esperaLocal = null; }
    if (!eq || eq.apagado || (!eq.espaco && !Object.keys(eq.ops).length)) return false;
    if (!registrar(andamentoLocal())) return false;
    salvarEquipe();
    mostrarItens();
    return true;
  }
  raiz.addEventListener("seiportal:checklist-alterado", function () {
    if (esperaLocal) clearTimeout(esperaLocal);
    esperaLocal = setTimeout(function () { if (registrarLocal()) sincronizar(); }, ESPERA_LOCAL);
  });
  // Um "change" (campo deixado, item marcado, data escolhida) encerra a
  // edição: registra já, depois que app.js salvou.
  raiz.addEventListener("change", function () {
    setTimeout(function () { if (registrarLocal()) sincronizar(); }, 0);
  });
  window.addEventListener("pagehide", registrarLocal);

  function lerConvite() {
    var m = /^#equipe=([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(location.hash);
    if (!m) return;
    if (eq && eq.espaco === m[1]) return;
    convite = { espaco: m[1], chave: m[2] };
  }

  carregarEquipe();
  registrarLocal(); // o que mudou aqui depois da última operação (página fechada antes da pausa)
  lerConvite();
  var ancora = raiz.querySelector(".app-painel");
  ancora.parentNode.insertBefore(painel, ancora.nextSibling);
  mostrarPainel();
  mostrarItens();
  window.addEventListener("hashchange", function () { lerConvite(); mostrarPainel(); });
  window.addEventListener("online", function () { if (wsEspera) { clearTimeout(wsEspera); wsEspera = null; wsTentativas = 0; } sincronizar(); });
  setInterval(function () {
    if (eq && document.visibilityState === "visible" && Date.now() - inicioSync >= (wsAberto && !semConexao && !eq.saida.length ? INTERVALO_AVISO : INTERVALO)) sincronizar();
  }, 1000);
  sincronizar();
})();
