// Programa do estado: um estado acompanha, sem telefonar a cada um, em que
// etapa está cada município que aderiu ao programa.
//
// O estado cria o programa nesta página e recebe dois links:
//   - o dos municípios, #programa=<id>.<chave pública>: quem o abre pode,
//     se quiser (opt-in), publicar um resumo do seu checklist;
//   - o do estado, #estado=<id>.<admin>.<chave pública>.<chave privada>:
//     só ele lê os resumos e pode apagar o programa.
// O resumo não tem dado pessoal: nome do município, data de início e, de
// cada item feito, a data em que foi feito (nunca evidências nem nomes de
// pessoas). Cada publicação é cifrada no navegador do município com a chave
// pública do programa (ECDH P-256 + AES-GCM); o Worker guarda só o último
// resumo cifrado de cada município (PUT /api/v1/programa/<id>/municipios/
// <entrada>, com um segredo que só aquele navegador tem) e o apaga quando o
// município deixa de publicar. A página do estado decifra os resumos e
// calcula etapa e atrasos com o mesmo motor do checklist (window.seiportal).
(function () {
  "use strict";
  var raiz = document.querySelector("section.app[data-app='checklist'][data-checklist]");
  if (!raiz || !window.crypto || !crypto.subtle) return;
  var cid = raiz.getAttribute("data-checklist");
  var chaveAndamento = "seiportal:checklist:" + cid;
  var chavePublicacao = "seiportal:programa:" + cid;
  var API = "/api/v1/programa";

  // Storage and base64 helpers from js/equipe.js, loaded before this file.
  var base = window.seiportalBase;
  if (!base) return;
  var ler = base.ler, gravar = base.gravar, apagar = base.apagar, b64url = base.b64url, deB64 = base.deB64, aleatorio = base.aleatorio;
  function b64(u8) { var s = ""; for (var i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]); return btoa(s); }
  function el(tag, attrs, texto) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (texto != null) e.textContent = texto;
    return e;
  }
  function botao(texto, acao, classe) { return el("button", { type: "button", "class": classe || "secundario", "data-programa": acao }, texto); }
  function dataBR(iso) { return iso ? iso.split("-").reverse().join("/") : ""; }
  function hojeISO() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  var ECDH = { name: "ECDH", namedCurve: "P-256" };

  // ---------- cifra ----------
  function importarPublica(raw) { return crypto.subtle.importKey("raw", raw, ECDH, false, []); }
  function cifrarResumo(pubRaw, id, entrada, resumo) {
    var texto = new TextEncoder().encode(JSON.stringify(resumo));
    var pad = new Uint8Array(Math.ceil((texto.length + 1) / 256) * 256);
    pad.fill(32);
    pad.set(texto);
    return Promise.all([importarPublica(pubRaw), crypto.subtle.generateKey(ECDH, true, ["deriveKey"])]).then(function (r) {
      var eph = r[1];
      return crypto.subtle.deriveKey({ name: "ECDH", "public": r[0] }, eph.privateKey, { name: "AES-GCM", length: 256 }, false, ["encrypt"]).then(function (k) {
        var iv = crypto.getRandomValues(new Uint8Array(12));
        return Promise.all([crypto.subtle.exportKey("raw", eph.publicKey),
          crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: new TextEncoder().encode(id + "." + entrada) }, k, pad)]).then(function (x) {
          var epk = new Uint8Array(x[0]), ct = new Uint8Array(x[1]);
          var out = new Uint8Array(epk.length + 12 + ct.length);
          out.set(epk);
          out.set(iv, epk.length);
          out.set(ct, epk.length + 12);
          return b64(out);
        });
      });
    });
  }
  function privadaDe(pubRaw, d) {
    return crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: b64url(pubRaw.subarray(1, 33)), y: b64url(pubRaw.subarray(33, 65)), d: d, ext: true },
      ECDH, false, ["deriveKey"]);
  }
  function decifrarResumo(priv, id, entrada, blob) {
    var u8 = deB64(blob.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
    return importarPublica(u8.subarray(0, 65)).then(function (epk) {
      return crypto.subtle.deriveKey({ name: "ECDH", "public": epk }, priv, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
    }).then(function (k) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: u8.subarray(65, 77), additionalData: new TextEncoder().encode(id + "." + entrada) }, k, u8.subarray(77));
    }).then(function (pt) { return JSON.parse(new TextDecoder().decode(pt)); });
  }

  // ---------- resumo do município ----------
  // resumo: só o que o programa precisa, sem dado pessoal.
  function resumo(municipio) {
    var data = { items: {} };
    try { var r = JSON.parse(ler(chaveAndamento) || "null"); if (r && r.data) data = r.data; } catch (e) { /* vazio */ }
    var itens = {};
    Object.keys(data.items || {}).sort().forEach(function (id) {
      var st = data.items[id];
      if (st && st.done) itens[id] = typeof st.done_on === "string" ? st.done_on : "";
    });
    return { v: 1, municipio: municipio, inicio: typeof data.start === "string" ? data.start : "", itens: itens, em: hojeISO() };
  }

  var painel = el("section", { "class": "programa", "aria-labelledby": "programa-titulo" });
  var status = el("p", { "class": "equipe-status", id: "programa-status", role: "status", "aria-live": "polite" });
  var corpo = el("div");
  function aviso(t) { status.textContent = t; }

  var pub = null; // publicação deste município: {id, pub, entrada, segredo, municipio}
  try { pub = JSON.parse(ler(chavePublicacao) || "null"); } catch (e) { pub = null; }
  var convite = null; // {id, pub} de um link #programa= ainda não aceito
  var estado = null; // {id, admin, pub, d} na página do estado

  function publicar() {
    if (!pub) return Promise.resolve();
    var r = resumo(pub.municipio);
    return cifrarResumo(deB64(pub.pub), pub.id, pub.entrada, r).then(function (blob) {
      return fetch(API + "/" + pub.id + "/municipios/" + pub.entrada, {
        method: "PUT", cache: "no-store", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ segredo: pub.segredo, blob: blob }),
      });
    }).then(function (res) {
      if (res.status === 404) { aviso("O programa do estado não existe mais; nada foi publicado."); return; }
      if (res.status !== 204) throw new Error("status " + res.status);
      pub.publicado = new Date().toISOString();
      gravar(chavePublicacao, JSON.stringify(pub));
      aviso("Resumo publicado no programa do estado às " + new Date().toLocaleTimeString("pt-BR", { hour: "2-digit", minute: "2-digit" }) + ".");
    }).catch(function () { aviso("Não foi possível publicar o resumo agora (sem conexão?); ele será publicado na próxima alteração."); });
  }
  var espera = null;
  function agendarPublicacao() {
    if (!pub) return;
    clearTimeout(espera);
    espera = setTimeout(publicar, 1500);
  }

  function listaResumo(r) {
    var ul = el("ul");
    ul.appendChild(el("li", null, "nome do município: " + r.municipio));
    ul.appendChild(el("li", null, "data de início da adesão: " + (r.inicio ? dataBR(r.inicio) : "não informada")));
    ul.appendChild(el("li", null, "itens feitos e a data de cada um: " + Object.keys(r.itens).length));
    return ul;
  }

  function mostrar() {
    corpo.textContent = "";
    // Na página do estado, o checklist deste navegador sai de vista.
    raiz.classList.toggle("programa-modo-estado", !!estado);
    if (estado) { mostrarEstado(); return; }
    if (convite) {
      corpo.appendChild(el("h3", { id: "programa-titulo" }, "Programa do estado"));
      corpo.appendChild(el("p", null, "Você abriu o link de um programa do estado. Se quiser, este município publica para o estado um resumo do andamento, sem nenhum dado pessoal, e o atualiza a cada alteração. Só o estado consegue lê-lo."));
      var d = el("div", { "class": "equipe-campo" });
      d.appendChild(el("label", { "for": "programa-municipio" }, "Nome do município"));
      var i = el("input", { id: "programa-municipio", type: "text", maxlength: "80", "aria-describedby": "programa-municipio-msg" });
      d.appendChild(i);
      d.appendChild(el("p", { "class": "app-msg", id: "programa-municipio-msg", hidden: "" }));
      corpo.appendChild(d);
      corpo.appendChild(el("p", null, "O que é enviado (cifrado para o estado):"));
      corpo.appendChild(listaResumo(resumo("(o nome acima)")));
      corpo.appendChild(el("p", null, "Nunca são enviados evidências, nomes de pessoas, e-mails ou números de processo."));
      var b = el("div", { "class": "app-barra" });
      b.appendChild(botao("Publicar resumo", "publicar", ""));
      b.appendChild(botao("Agora não", "recusar"));
      corpo.appendChild(b);
      return;
    }
    if (pub) {
      corpo.appendChild(el("h3", { id: "programa-titulo" }, "Programa do estado"));
      corpo.appendChild(el("p", null, "“" + pub.municipio + "” publica um resumo do andamento (sem dados pessoais) no programa do estado, atualizado a cada alteração."));
      var b2 = el("div", { "class": "app-barra" });
      b2.appendChild(botao("Deixar de publicar", "retirar", "app-perigo"));
      corpo.appendChild(b2);
      return;
    }
    // Ninguém no programa: o estado pode criar um.
    var det = el("details", { "class": "programa-criar" });
    det.appendChild(el("summary", { id: "programa-titulo" }, "Para o estado: acompanhar os municípios"));
    det.appendChild(el("p", null, "Crie um programa e envie aos municípios o link de publicação. Quem aceitar publica um resumo sem dados pessoais (etapa, itens feitos e datas), cifrado de modo que só o link do estado o lê."));
    var b3 = el("div", { "class": "app-barra" });
    b3.appendChild(botao("Criar programa do estado", "criar", ""));
    det.appendChild(b3);
    corpo.appendChild(det);
  }

  // ---------- página do estado ----------
  var linhas = [];
  function mostrarEstado() {
    corpo.appendChild(el("h3", { id: "programa-titulo" }, "Programa do estado: municípios"));
    var base = location.origin + location.pathname;
    var d = el("div", { "class": "equipe-campo" });
    d.appendChild(el("label", { "for": "programa-link-municipios" }, "Link para os municípios (publicação do resumo)"));
    var i = el("input", { id: "programa-link-municipios", type: "text", readonly: "" });
    i.value = base + "#programa=" + estado.id + "." + estado.pub;
    d.appendChild(i);
    corpo.appendChild(d);
    corpo.appendChild(el("p", null, "Guarde o endereço desta página (com tudo depois de #): é a única chave que lê os resumos e apaga o programa. Não o envie aos municípios."));
    var tabela = el("table", { "class": "programa-tabela" });
    var cap = el("caption", null, linhas.length ? linhas.length + (linhas.length > 1 ? " municípios publicam" : " município publica") + " o resumo" : "Nenhum município publicou ainda.");
    tabela.appendChild(cap);
    var th = el("tr");
    ["Município", "Etapa alcançada", "Feitos por etapa", "Atrasados", "Início", "Resumo de"].forEach(function (t) { th.appendChild(el("th", { scope: "col" }, t)); });
    var thead = el("thead");
    thead.appendChild(th);
    tabela.appendChild(thead);
    var tb = el("tbody");
    linhas.forEach(function (l) {
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, l.municipio));
      [l.etapa, l.porEtapa, l.atrasados, l.inicio, l.em].forEach(function (t) { tr.appendChild(el("td", null, t)); });
      tb.appendChild(tr);
    });
    tabela.appendChild(tb);
    var rolagem = el("div", { "class": "programa-rolagem", tabindex: "0", role: "region", "aria-label": "Tabela dos municípios do programa" });
    rolagem.appendChild(tabela);
    corpo.appendChild(rolagem);
    var b = el("div", { "class": "app-barra" });
    b.appendChild(botao("Atualizar", "atualizar", ""));
    b.appendChild(botao("Apagar o programa", "apagar", "app-perigo"));
    corpo.appendChild(b);
  }
  function titulo(itemID) {
    var t = document.querySelector("#item-" + CSS.escape(itemID) + " .app-item-titulo");
    return t ? t.textContent : itemID;
  }
  function motorPronto() {
    return new Promise(function (ok, falha) {
      var n = 0;
      (function espera() {
        if (window.seiportal && window.seiportal.checklist) { ok(window.seiportal); return; }
        if (++n > 600) { falha(new Error("o aplicativo não carregou")); return; }
        setTimeout(espera, 100);
      })();
    });
  }
  function atualizar() {
    aviso("Buscando os resumos…");
    var hoje = hojeISO();
    var defJSON;
    return Promise.all([motorPronto(), privadaDe(deB64(estado.pub), estado.d),
      fetch(raiz.getAttribute("data-definicao")).then(function (r) {
        if (!r.ok) throw new Error("a definição do checklist não pôde ser carregada");
        return r.text();
      }).then(function (t) { defJSON = t; }),
      fetch(API + "/" + estado.id + "/municipios", { cache: "no-store" }).then(function (r) {
        if (r.status === 404) throw new Error("o programa não existe mais");
        if (!r.ok) throw new Error("status " + r.status);
        return r.json();
      })]).then(function (x) {
      var motor = x[0], priv = x[1], lista = x[3].municipios;
      var ilegiveis = 0;
      var recusados = [];
      return Promise.all(lista.map(function (m) {
        return decifrarResumo(priv, estado.id, m.entrada, m.blob).catch(function () { ilegiveis++; return null; });
      })).then(function (rs) {
        linhas = [];
        rs.forEach(function (r) {
          if (!r || typeof r.municipio !== "string" || typeof r.itens !== "object") { if (r) ilegiveis++; return; }
          var st = { items: {} };
          if (r.inicio) st.start = r.inicio;
          Object.keys(r.itens).forEach(function (id) { st.items[id] = { done: true }; if (r.itens[id]) st.items[id].done_on = r.itens[id]; });
          var rel = motor.checklist(defJSON, JSON.stringify(st), hoje);
          if (rel.error) { recusados.push(r.municipio + " (" + rel.error + ")"); return; }
          var etapa = "Concluída";
          for (var i = 0; i < rel.stages.length; i++) {
            if (rel.stages[i].done < rel.stages[i].total) { etapa = "Etapa " + (i + 1) + ": " + rel.stages[i].title; break; }
          }
          var atrasados = rel.items.filter(function (it) { return it.late && it.status !== "feito"; }).map(function (it) { return titulo(it.id); });
          linhas.push({
            municipio: r.municipio, etapa: etapa,
            porEtapa: rel.stages.map(function (s, i) { return (i + 1) + ": " + s.done + "/" + s.total; }).join(" · "),
            atrasados: atrasados.length ? atrasados.join("; ") : "nenhum",
            inicio: r.inicio ? dataBR(r.inicio) : "não informado", em: dataBR(r.em),
          });
        });
        linhas.sort(function (a, b) { return a.municipio.localeCompare(b.municipio, "pt-BR"); });
        mostrar();
        aviso("Resumos atualizados" + (ilegiveis ? "; " + ilegiveis + " não puderam ser lidos com a chave deste link" : "") +
          (recusados.length ? "; resumos que não correspondem a este checklist: " + recusados.join(", ") : "") + ".");
      });
    }).catch(function (e) { aviso("Não foi possível buscar os resumos: " + (e.message || e) + "."); });
  }

  // ---------- ações ----------
  function criar() {
    aviso("Criando o programa…");
    var par;
    crypto.subtle.generateKey(ECDH, true, ["deriveKey"]).then(function (k) {
      par = k;
      return Promise.all([crypto.subtle.exportKey("raw", k.publicKey), crypto.subtle.exportKey("jwk", k.privateKey),
        fetch(API, { method: "POST", cache: "no-store" }).then(function (r) { if (r.status !== 201) throw new Error("status " + r.status); return r.json(); })]);
    }).then(function (x) {
      estado = { id: x[2].id, admin: x[2].admin, pub: b64url(new Uint8Array(x[0])), d: x[1].d };
      history.replaceState(null, "", "#estado=" + estado.id + "." + estado.admin + "." + estado.pub + "." + estado.d);
      mostrar();
      document.getElementById("programa-link-municipios").focus();
      aviso("Programa criado. Guarde o endereço desta página e envie aos municípios o link acima.");
    }).catch(function () { aviso("Não foi possível criar o programa: este portal não oferece programas do estado ou o servidor não respondeu."); });
  }
  function aceitar() {
    var i = document.getElementById("programa-municipio");
    var m = document.getElementById("programa-municipio-msg");
    var nome = i.value.trim();
    if (!nome) { m.textContent = "Informe o nome do município."; m.hidden = false; i.setAttribute("aria-invalid", "true"); i.focus(); return; }
    pub = { id: convite.id, pub: convite.pub, entrada: aleatorio(16), segredo: aleatorio(24), municipio: nome };
    convite = null;
    gravar(chavePublicacao, JSON.stringify(pub));
    history.replaceState(null, "", location.pathname);
    mostrar();
    publicar();
  }
  function retirar() {
    var p = pub;
    fetch(API + "/" + p.id + "/municipios/" + p.entrada, { method: "DELETE", cache: "no-store", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ segredo: p.segredo }) }).then(function (r) {
      if (r.status !== 204 && r.status !== 404) throw new Error("status " + r.status);
      apagar(chavePublicacao);
      pub = null;
      mostrar();
      aviso("O município deixou de publicar; o resumo foi apagado do servidor.");
    }).catch(function () { aviso("Não foi possível apagar o resumo agora (sem conexão?). Tente de novo."); });
  }
  function apagarPrograma() {
    corpo.textContent = "";
    corpo.appendChild(el("p", null, "Apagar o programa? Os resumos de todos os municípios são apagados do servidor e os links deixam de funcionar."));
    var b = el("div", { "class": "app-barra" });
    var sim = botao("Sim, apagar o programa", "apagar-sim", "app-perigo");
    b.appendChild(sim);
    b.appendChild(botao("Cancelar", "apagar-nao"));
    corpo.appendChild(b);
    b.lastChild.focus();
  }
  function apagarConfirmado() {
    fetch(API + "/" + estado.id, { method: "DELETE", cache: "no-store", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ admin: estado.admin }) }).then(function (r) {
      if (r.status !== 204 && r.status !== 404) throw new Error("status " + r.status);
      estado = null;
      linhas = [];
      history.replaceState(null, "", location.pathname);
      mostrar();
      aviso("Programa apagado.");
    }).catch(function () { mostrar(); aviso("Não foi possível apagar o programa agora. Tente de novo."); });
  }
  painel.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-programa]");
    if (!b) return;
    var a = b.getAttribute("data-programa");
    if (a === "criar") criar();
    else if (a === "publicar") aceitar();
    else if (a === "recusar") { convite = null; history.replaceState(null, "", location.pathname); mostrar(); }
    else if (a === "retirar") retirar();
    else if (a === "atualizar") atualizar();
    else if (a === "apagar") apagarPrograma();
    else if (a === "apagar-sim") apagarConfirmado();
    else if (a === "apagar-nao") mostrar();
  });
  raiz.addEventListener("seiportal:checklist-alterado", agendarPublicacao);
  raiz.addEventListener("seiportal:checklist-externo", agendarPublicacao);

  function lerFragmento() {
    var m = /^#programa=([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{87})$/.exec(location.hash);
    if (m && !(pub && pub.id === m[1])) convite = { id: m[1], pub: m[2] };
    var e = /^#estado=([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{87})\.([A-Za-z0-9_-]{43})$/.exec(location.hash);
    if (e) estado = { id: e[1], admin: e[2], pub: e[3], d: e[4] };
  }
  lerFragmento();
  painel.appendChild(corpo);
  painel.appendChild(status);
  var depoisDe = raiz.querySelector(".equipe") || raiz.querySelector(".app-painel");
  depoisDe.parentNode.insertBefore(painel, depoisDe.nextSibling);
  mostrar();
  if (estado) atualizar();
  window.addEventListener("hashchange", function () { lerFragmento(); mostrar(); if (estado) atualizar(); });
})();
