// Portal SEI: atalhos do eMAG, alto contraste, menu no celular, dicas,
// "copiar citação" e o service worker. Nada aqui envia dados a servidores.
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.remove("sem-js");
  doc.classList.add("js");

  var KEY_CONTRASTE = "seiportal:alto-contraste";
  function lerPreferencia() {
    try { return localStorage.getItem(KEY_CONTRASTE) === "1"; } catch (e) { return false; }
  }
  function aplicarContraste(ativo) {
    doc.classList.toggle("alto-contraste", ativo);
    var b = document.getElementById("alto-contraste");
    if (b) b.setAttribute("aria-pressed", ativo ? "true" : "false");
  }
  aplicarContraste(lerPreferencia());

  function anunciar(msg) {
    var el = document.getElementById("aviso-global");
    if (!el) return;
    el.textContent = "";
    setTimeout(function () { el.textContent = msg; }, 50);
  }

  function focar(id) {
    var el = document.getElementById(id);
    if (!el) return;
    if (id === "menu") abrirMenu(true);
    if (!el.hasAttribute("tabindex") && !/^(INPUT|A|BUTTON|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute("tabindex", "-1");
    el.focus();
    if (el.scrollIntoView) el.scrollIntoView({ block: "start" });
  }

  function abrirMenu(abrir) {
    var botao = document.querySelector(".botao-menu");
    document.body.classList.toggle("menu-aberto", abrir);
    if (botao) botao.setAttribute("aria-expanded", abrir ? "true" : "false");
  }

  document.addEventListener("DOMContentLoaded", function () {
    aplicarContraste(lerPreferencia());
    var contraste = document.getElementById("alto-contraste");
    if (contraste) contraste.addEventListener("click", function () {
      var ativo = !doc.classList.contains("alto-contraste");
      aplicarContraste(ativo);
      try { localStorage.setItem(KEY_CONTRASTE, ativo ? "1" : "0"); } catch (e) {}
      anunciar(ativo ? "Alto contraste ativado" : "Alto contraste desativado");
    });
    var botao = document.querySelector(".botao-menu");
    if (botao) botao.addEventListener("click", function () {
      abrirMenu(!document.body.classList.contains("menu-aberto"));
    });
    // Atalhos da barra de acessibilidade também pelo clique.
    document.querySelectorAll(".barra-acessibilidade a[href^='#']").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); focar(a.getAttribute("href").slice(1)); });
    });
    // Copiar citação.
    document.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest(".copiar-citacao");
      if (!b) return;
      var href = new URL(b.getAttribute("data-href") || location.href, location.href).href;
      var texto = (b.getAttribute("data-citacao") || "") + " — " + href;
      var ok = function () { anunciar("Citação copiada: " + b.getAttribute("data-citacao")); b.classList.add("copiado"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(texto).then(ok, function () { prompt("Copie a citação:", texto); });
      } else {
        prompt("Copie a citação:", texto);
      }
    });
  });

  // Alt+1 conteúdo, Alt+2 menu, Alt+3 busca, Alt+4 rodapé (eMAG).
  var alvos = { "1": "conteudo", "2": "menu", "3": "busca", "4": "rodape" };
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      // Esconde a dica aberta (WCAG 1.4.13) sem tirar o foco.
      var ativa = document.activeElement && document.activeElement.closest && document.activeElement.closest(".com-dica");
      document.querySelectorAll(".com-dica:hover").forEach(function (el) { el.classList.add("dica-fechada"); });
      if (ativa) ativa.classList.add("dica-fechada");
      return;
    }
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && alvos[ev.key]) {
      ev.preventDefault();
      focar(alvos[ev.key]);
    }
  });
  document.addEventListener("focusout", function (ev) {
    var c = ev.target.closest && ev.target.closest(".com-dica");
    if (c) c.classList.remove("dica-fechada");
  });
  document.addEventListener("mouseout", function (ev) {
    var c = ev.target.closest && ev.target.closest(".com-dica");
    if (c && !c.contains(ev.relatedTarget)) c.classList.remove("dica-fechada");
  });

  // Leitura sem conexão: o service worker guarda o portal após a primeira visita.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").catch(function () {});
    });
  }
})();
