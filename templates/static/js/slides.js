// Portal SEI: presentation mode and printable handouts.
// A guide page becomes slides in the browser, from the page's own HTML (the
// same Markdown makes the page and the slides): a cover with the title, one
// slide at each level-2 heading (##) and each horizontal rule (---), and at
// the end the Base normativa and the Orientação do programa. Speaker notes
// (> [!NOTAS]) leave the slides and show only in the presenter's window
// (?apresentador), which the presentation follows over a BroadcastChannel.
// Nothing here sends data to any server.
(function () {
  "use strict";
  var script = document.currentScript;
  var cssHref = script && script.getAttribute("data-css");

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  // A copy without ids (nor what points to them), so that no id repeats.
  function semIds(node) {
    var c = node.cloneNode(true);
    if (c.nodeType !== 1) return c;
    [c].concat([].slice.call(c.querySelectorAll("[id], [aria-describedby], [aria-labelledby], [for]"))).forEach(function (e) {
      e.removeAttribute("id");
      e.removeAttribute("aria-describedby");
      e.removeAttribute("aria-labelledby");
      e.removeAttribute("for");
    });
    return c;
  }

  // The text of a heading without its copy-link anchor ("#").
  function textoTitulo(h) {
    var c = h.cloneNode(true);
    c.querySelectorAll(".ancora").forEach(function (a) { a.remove(); });
    return c.textContent.trim();
  }

  var ativo = null; // the open presentation

  function montar(apresentador) {
    var artigo = document.querySelector("main article.conteudo");
    var texto = artigo && artigo.querySelector(".texto");
    if (!texto) return null;
    var h1 = artigo.querySelector("h1");
    var tituloPagina = h1 ? textoTitulo(h1) : document.title;
    var resumo = artigo.querySelector(".cabecalho-pagina .resumo");

    var slides = [];
    function novo(titulo, continuacao) {
      var s = { titulo: titulo, nos: [], notas: [], secao: el("section", { "class": "slide", "aria-roledescription": "slide" }) };
      if (continuacao) s.secao.appendChild(el("p", { "class": "slide-continuacao", "aria-hidden": "true" }, titulo));
      slides.push(s);
      return s;
    }
    var capa = novo(tituloPagina);
    capa.secao.classList.add("slide-capa");
    capa.secao.appendChild(el("h1", null, tituloPagina));
    if (resumo) capa.secao.appendChild(el("p", { "class": "resumo" }, resumo.textContent));

    var originais = [].slice.call(texto.childNodes);
    var atual = capa;
    var tituloAtual = tituloPagina;
    originais.forEach(function (n) {
      if (n.nodeType === 3 && !n.textContent.trim()) return;
      if (n.nodeType === 1 && n.tagName === "H2") {
        tituloAtual = textoTitulo(n);
        atual = novo(tituloAtual, false);
      } else if (n.nodeType === 1 && n.tagName === "HR") {
        atual = novo(tituloAtual, true);
        return;
      } else if (n.nodeType === 1 && n.matches("details.callout-notas")) {
        atual.notas.push(n);
        return;
      } else if (atual === capa) {
        atual = novo(tituloAtual, false);
        atual.secao.appendChild(el("h2", null, tituloPagina));
      }
      atual.nos.push(n);
      atual.secao.appendChild(n);
    });
    [["section.base-normativa", "Base normativa"], ["section.orientacao-programa", "Orientação do programa"]].forEach(function (par) {
      var sec = artigo.querySelector(par[0]);
      var lista = sec && sec.querySelector("ul");
      if (!lista) return;
      var s = novo(par[1], false);
      s.secao.classList.add("slide-fontes");
      s.secao.appendChild(el("h2", null, par[1]));
      s.secao.appendChild(semIds(lista));
    });

    var total = slides.length;
    var raiz = el("div", { "class": "apresentacao" + (apresentador ? " com-apresentador" : ""), role: "region", "aria-roledescription": "apresentação", "aria-label": "Apresentação: " + tituloPagina, tabindex: "-1" });
    var palco = el("div", { "class": "slides" });
    slides.forEach(function (s, i) {
      s.secao.setAttribute("aria-label", (i + 1) + " de " + total + ": " + s.titulo);
      s.secao.hidden = true;
      palco.appendChild(s.secao);
    });
    raiz.appendChild(palco);
    var controles = el("div", { "class": "apresentacao-controles" });
    var anterior = el("button", { type: "button", "class": "ap-anterior" }, "‹ Anterior");
    var progresso = el("span", { "class": "ap-progresso", "aria-hidden": "true" });
    var proximo = el("button", { type: "button", "class": "ap-proximo" }, "Próximo ›");
    var telaCheia = el("button", { type: "button", "class": "ap-tela-cheia" }, "Tela cheia");
    var notasBotao = apresentador ? null : el("button", { type: "button", "class": "ap-apresentador" }, "Janela do apresentador");
    var sair = el("button", { type: "button", "class": "ap-sair" }, "Sair (Esc)");
    [anterior, progresso, proximo, telaCheia, notasBotao, sair].forEach(function (b) { if (b) controles.appendChild(b); });
    raiz.appendChild(controles);
    var aviso = el("p", { "class": "visualmente-oculto ap-aviso", "aria-live": "polite", "aria-atomic": "true" });
    raiz.appendChild(aviso);

    var painel = null, previa = null, notas = null, relogio = null;
    if (apresentador) {
      painel = el("div", { "class": "painel-apresentador" });
      painel.appendChild(el("h2", null, "Próximo slide"));
      previa = el("div", { "class": "ap-previa", "aria-hidden": "true" });
      painel.appendChild(previa);
      painel.appendChild(el("h2", null, "Notas do apresentador"));
      notas = el("div", { "class": "ap-notas" });
      painel.appendChild(notas);
      relogio = el("p", { "class": "ap-relogio" }, "Tempo: 0:00");
      painel.appendChild(relogio);
      raiz.appendChild(painel);
    }

    return {
      slides: slides, total: total, raiz: raiz, texto: texto, originais: originais,
      anterior: anterior, proximo: proximo, progresso: progresso, aviso: aviso,
      telaCheia: telaCheia, notasBotao: notasBotao, sair: sair,
      previa: previa, notas: notas, relogio: relogio, apresentador: apresentador, n: 0
    };
  }

  function caber(secao) {
    secao.style.fontSize = "";
    for (var tam = 100; tam > 55 && secao.scrollHeight > secao.clientHeight + 1; tam -= 5) {
      secao.style.fontSize = tam - 5 + "%";
    }
  }

  function ir(n, remoto) {
    var a = ativo;
    if (!a) return;
    n = Math.max(1, Math.min(a.total, n));
    a.slides.forEach(function (s, i) { s.secao.hidden = i !== n - 1; });
    var s = a.slides[n - 1];
    caber(s.secao);
    a.n = n;
    a.progresso.textContent = n + " / " + a.total;
    a.anterior.disabled = n === 1;
    a.proximo.disabled = n === a.total;
    a.aviso.textContent = "Slide " + n + " de " + a.total + ": " + s.titulo;
    history.replaceState(null, "", location.pathname + (a.apresentador ? "?apresentador" : "?apresentar") + "#slide-" + n);
    if (a.apresentador) {
      a.previa.textContent = "";
      if (n < a.total) a.previa.appendChild(semIds(a.slides[n].secao)).hidden = false;
      else a.previa.appendChild(el("p", null, "Fim da apresentação."));
      a.notas.textContent = "";
      if (!s.notas.length) a.notas.appendChild(el("p", { "class": "ap-sem-notas" }, "Sem notas neste slide."));
      s.notas.forEach(function (d) {
        [].slice.call(d.childNodes).forEach(function (c) {
          if (c.nodeType === 1 && c.tagName === "SUMMARY") return;
          a.notas.appendChild(semIds(c));
        });
      });
    }
    if (!remoto && a.canal) a.canal.postMessage({ n: n });
  }

  function entrar(n, apresentador) {
    if (ativo) return;
    var a = montar(apresentador);
    if (!a) return;
    ativo = a;
    if (cssHref && !document.getElementById("css-slides")) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: cssHref, id: "css-slides" }));
    }
    a.escondidos = [];
    [].slice.call(document.body.children).forEach(function (c) {
      if (!c.hidden && c.tagName !== "SCRIPT") { c.hidden = true; a.escondidos.push(c); }
    });
    document.body.appendChild(a.raiz);
    document.documentElement.classList.add("em-apresentacao");
    a.anterior.addEventListener("click", function () { ir(a.n - 1); });
    a.proximo.addEventListener("click", function () { ir(a.n + 1); });
    a.sair.addEventListener("click", sairDaApresentacao);
    a.telaCheia.addEventListener("click", alternarTelaCheia);
    if (a.notasBotao) a.notasBotao.addEventListener("click", function () {
      window.open(location.pathname + "?apresentador#slide-" + a.n, "seiportal-apresentador", "popup,width=1100,height=700");
    });
    a.raiz.addEventListener("click", clique);
    a.raiz.addEventListener("touchstart", toqueInicio, { passive: true });
    a.raiz.addEventListener("touchmove", toqueMove, { passive: false });
    a.raiz.addEventListener("touchend", toqueFim);
    a.raiz.addEventListener("pointerdown", toqueInicio);
    a.raiz.addEventListener("pointerup", toqueFim);
    document.addEventListener("keydown", tecla);
    if ("BroadcastChannel" in window) {
      a.canal = new BroadcastChannel("seiportal-apresentacao:" + location.pathname);
      a.canal.onmessage = function (ev) {
        var d = ev.data || {};
        if (d.pergunta) { if (a.apresentador) a.canal.postMessage({ n: a.n }); return; }
        if (typeof d.n === "number" && d.n !== a.n) ir(d.n, true);
        if (d.sair && !a.apresentador) sairDaApresentacao();
      };
    }
    if (apresentador) {
      var inicio = Date.now();
      a.timer = setInterval(function () {
        var s = Math.floor((Date.now() - inicio) / 1000);
        a.relogio.textContent = "Tempo: " + Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      }, 1000);
    }
    // The presenter's window leads: it says where it is; the audience's
    // window asks, to catch up with a presenter already running.
    ir(n || 1, true);
    if (a.canal) a.canal.postMessage(apresentador ? { n: a.n } : { pergunta: true });
    a.raiz.focus();
    window.addEventListener("resize", redimensionar);
  }

  // Printing: each slide on one landscape A4 page. The slides are fitted
  // to the page's size (in the "medindo-impressao" state) before printing.
  window.addEventListener("beforeprint", function () {
    var a = ativo;
    if (!a) return;
    a.raiz.classList.add("medindo-impressao");
    a.slides.forEach(function (s) {
      var escondido = s.secao.hidden;
      s.secao.hidden = false;
      var antes = s.secao.style.fontSize;
      s.secao.style.fontSize = "";
      var tam = 100;
      while (tam > 30 && s.secao.scrollHeight > s.secao.clientHeight + 1) {
        tam -= 5;
        s.secao.style.fontSize = tam + "%";
      }
      s.secao.style.setProperty("--tam-impressao", tam + "%");
      s.secao.style.fontSize = antes;
      s.secao.hidden = escondido;
    });
    a.raiz.classList.remove("medindo-impressao");
  });

  function redimensionar() { if (ativo) caber(ativo.slides[ativo.n - 1].secao); }

  function sairDaApresentacao() {
    var a = ativo;
    if (!a) return;
    ativo = null;
    document.removeEventListener("keydown", tecla);
    window.removeEventListener("resize", redimensionar);
    if (a.timer) clearInterval(a.timer);
    if (a.canal) a.canal.close();
    var s = a.slides[a.n - 1];
    a.originais.forEach(function (n) { a.texto.appendChild(n); });
    a.raiz.remove();
    a.escondidos.forEach(function (c) { c.hidden = false; });
    document.documentElement.classList.remove("em-apresentacao");
    var css = document.getElementById("css-slides");
    if (css) css.remove();
    if (document.fullscreenElement && document.exitFullscreen) { saindoDaTelaCheia = true; document.exitFullscreen().catch(function () {}); }
    history.replaceState(null, "", location.pathname);
    // Back to where the presentation was in the text.
    var alvo = s && s.nos.length && s.nos[0].nodeType === 1 ? s.nos[0] : document.querySelector("main h1");
    if (alvo) {
      if (!alvo.hasAttribute("tabindex")) alvo.setAttribute("tabindex", "-1");
      alvo.focus();
      alvo.scrollIntoView({ block: "start" });
    }
  }

  // In full screen the browser keeps Esc for itself (it leaves full screen
  // and the page never sees the key): leaving full screen other than by
  // our own button also leaves the presentation, so Esc always leaves.
  var saindoDaTelaCheia = false;
  document.addEventListener("fullscreenchange", function () {
    if (document.fullscreenElement) return;
    var nosso = saindoDaTelaCheia;
    saindoDaTelaCheia = false;
    if (!nosso && ativo) sairDaApresentacao();
  });

  function alternarTelaCheia() {
    if (document.fullscreenElement) { saindoDaTelaCheia = true; document.exitFullscreen().catch(function () {}); return; }
    var r = document.documentElement;
    if (r.requestFullscreen) r.requestFullscreen().catch(function () {});
  }

  function tecla(ev) {
    if (!ativo || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    var campo = t && t.closest && t.closest("input, textarea, select, [contenteditable]");
    if (campo) return;
    var botao = t && t.closest && t.closest("button, a, summary");
    switch (ev.key) {
      case "ArrowRight": case "PageDown": ir(ativo.n + 1); break;
      case " ": if (botao) return; ir(ev.shiftKey ? ativo.n - 1 : ativo.n + 1); break;
      case "ArrowLeft": case "PageUp": ir(ativo.n - 1); break;
      case "Home": ir(1); break;
      case "End": ir(ativo.total); break;
      case "Escape": sairDaApresentacao(); break;
      case "f": case "F": alternarTelaCheia(); break;
      default: return;
    }
    ev.preventDefault();
  }

  // Swipe: touch events where there are (phones, tablets), else pen pointers.
  var toque = null;
  var ignorarClique = false;
  function toqueInicio(ev) {
    var p = ev.changedTouches ? ev.changedTouches[0] : ev;
    if (!ev.changedTouches && ev.pointerType !== "pen") return;
    toque = { x: p.clientX, y: p.clientY };
  }
  // A sideways swipe is ours: not the browser's "back" gesture.
  function toqueMove(ev) {
    if (!toque || !ev.changedTouches) return;
    var p = ev.changedTouches[0];
    if (Math.abs(p.clientX - toque.x) > Math.abs(p.clientY - toque.y) && ev.cancelable) ev.preventDefault();
  }
  function toqueFim(ev) {
    if (!toque || !ativo) return;
    var p = ev.changedTouches ? ev.changedTouches[0] : ev;
    var dx = p.clientX - toque.x, dy = p.clientY - toque.y;
    toque = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) {
      ignorarClique = true;
      setTimeout(function () { ignorarClique = false; }, 400);
      ir(dx < 0 ? ativo.n + 1 : ativo.n - 1);
    }
  }
  // A click on the slide goes on; on its left third, back.
  function clique(ev) {
    if (!ativo || ignorarClique) return;
    var t = ev.target;
    if (!t.closest(".slides") || t.closest("a, button, summary, input, label, select, textarea, form, .com-dica, .painel-apresentador")) return;
    if (String(window.getSelection ? window.getSelection() : "")) return;
    ir(ev.clientX < window.innerWidth / 3 ? ativo.n - 1 : ativo.n + 1);
  }

  function iniciar() {
    document.querySelectorAll(".acao-apresentar").forEach(function (a) {
      a.hidden = false;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        entrar(1, false);
        alternarTelaCheia();
      });
    });
    document.querySelectorAll("[data-imprimir]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    var q = new URLSearchParams(location.search);
    var m = /^#slide-(\d+)$/.exec(location.hash);
    var n = m ? parseInt(m[1], 10) : 1;
    if (q.has("apresentador")) entrar(n, true);
    else if (q.has("apresentar")) entrar(n, false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
