// Modo de treinamento e dados de exemplo, nas páginas do aplicativo
// (formulários, checklist, conferir). Tudo fica neste navegador.
//
// Carregado ANTES de js/app.js (as duas tags são "defer"), define o gancho
// que app.js lê uma vez, ao iniciar:
//
//   window.seiportalTreino = {
//     ativo:   true|false,          // o modo de treinamento está ligado
//     prefixo: "seiportal:" | "seiportal:treino:",
//                                   // início das chaves do localStorage:
//                                   // no treino, rascunhos e andamento à parte
//     motor:   function (m) → m'    // o motor que app.js usa; no treino,
//                                   // seiportal.pdf recebe {treinamento: true}
//   };
//
// Ligar ou desligar o modo recarrega a página (app.js lê o gancho só ao
// iniciar). Os dados de exemplo (o caso fictício do Município Exemplo,
// publicado em /exemplos/) entram num rascunho NOVO, sem tocar nos que já
// existem; no checklist, que tem um andamento só, entram no andamento de
// treino, e o modo de treinamento é ligado.
(function () {
  "use strict";

  var CHAVE_MODO = "seiportal:modo-treinamento";
  var CHAVE_AVISO = "seiportal:treino-aviso"; // sessionStorage: o que dizer depois de recarregar
  var PREFIXO_TREINO = "seiportal:treino:";

  function lerLocal(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
  function gravarLocal(k, v) { try { localStorage.setItem(k, v); return true; } catch (e) { return false; } }

  var ativo = lerLocal(CHAVE_MODO) === "1";
  var prefixo = ativo ? PREFIXO_TREINO : "seiportal:";

  window.seiportalTreino = {
    ativo: ativo,
    prefixo: prefixo,
    motor: function (m) {
      if (!ativo) return m;
      var t = Object.create(m);
      t.pdf = function (formJSON, dadosJSON, opcoes) {
        var o = {};
        if (opcoes) Object.keys(opcoes).forEach(function (k) { o[k] = opcoes[k]; });
        o.treinamento = true;
        return m.pdf(formJSON, dadosJSON, o);
      };
      return t;
    }
  };

  var raiz = document.querySelector("section.app[data-app]");
  if (!raiz) return;
  var tipo = raiz.getAttribute("data-app");

  // /exemplos/ fica ao lado de /js/ no site publicado.
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/js\/treino\.js(\?.*)?$/, "") : "/";

  function el(tag, attrs, texto) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (texto != null) e.textContent = texto;
    return e;
  }
  function recarregar(aviso) {
    try { sessionStorage.setItem(CHAVE_AVISO, aviso); } catch (e) { /* sem aviso */ }
    location.reload();
  }
  function ligar(sim, aviso) {
    if (!gravarLocal(CHAVE_MODO, sim ? "1" : "0")) {
      dizer("Este navegador não deixa guardar a escolha (armazenamento local desligado ou cheio).");
      return;
    }
    recarregar(aviso || (sim ? "Modo de treinamento ligado." : "Modo de treinamento desligado. Os rascunhos reais voltaram; os de treino continuam guardados à parte."));
  }

  // ---------- painel ----------
  var painel = el("div", { "class": "treino-painel", role: "group", "aria-labelledby": "treino-titulo" });
  painel.appendChild(el("h3", { id: "treino-titulo" }, "Treinamento"));
  painel.appendChild(el("p", { "class": "app-ajuda", id: "treino-ajuda" },
    "Para praticar com um caso fictício (o Município Exemplo, com CPFs de teste). No modo de treinamento, todo PDF sai marcado “EXEMPLO — SEM VALOR”, sem código de conferência, e os rascunhos ficam separados dos reais."));
  var barra = el("div", { "class": "app-barra" });
  var alternar = el("button", { type: "button", "class": "secundario treino-alternar", "aria-pressed": ativo ? "true" : "false", "aria-describedby": "treino-ajuda" }, "Modo de treinamento");
  alternar.addEventListener("click", function () { ligar(!ativo); });
  barra.appendChild(alternar);
  var exemplo = null;
  if (tipo === "formulario" || tipo === "checklist") {
    exemplo = el("button", { type: "button", "class": "secundario treino-exemplo" }, "Carregar dados de exemplo");
    exemplo.addEventListener("click", carregarExemplo);
    barra.appendChild(exemplo);
  }
  painel.appendChild(barra);
  var status = el("p", { "class": "app-status treino-status", role: "status", "aria-live": "polite" });
  painel.appendChild(status);
  function dizer(msg) { status.textContent = msg; }
  var titulo = raiz.querySelector("h2");
  var depois = titulo && titulo.nextElementSibling && titulo.nextElementSibling.tagName === "P" ? titulo.nextElementSibling : titulo;
  if (depois) depois.insertAdjacentElement("afterend", painel); else raiz.insertBefore(painel, raiz.firstChild);

  // ---------- faixa, visível o tempo todo com o modo ligado ----------
  if (ativo) {
    document.documentElement.classList.add("modo-treinamento");
    var faixa = el("section", { "class": "treino-faixa", "aria-labelledby": "treino-faixa-titulo" });
    var p = el("p");
    p.appendChild(el("strong", { id: "treino-faixa-titulo" }, "Modo de treinamento"));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(el("span", { "class": "treino-faixa-detalhe" }, "— dados fictícios; PDFs marcados “EXEMPLO — SEM VALOR”, sem código de conferência; rascunhos separados dos reais."));
    p.appendChild(el("span", { "class": "treino-faixa-curta" }, "— PDFs sem valor; rascunhos à parte."));
    faixa.appendChild(p);
    var sair = el("button", { type: "button", "class": "secundario" }, "Sair do modo de treinamento");
    sair.addEventListener("click", function () { ligar(false); });
    faixa.appendChild(sair);
    var principal = document.querySelector("main") || document.body;
    principal.insertBefore(faixa, principal.firstChild);
  }

  // ---------- dados de exemplo ----------
  function buscar(nome) {
    return fetch(base + "exemplos/" + nome).then(function (r) {
      if (!r.ok) throw new Error("os dados de exemplo (" + nome + ") não foram encontrados");
      return r.json();
    });
  }
  function carregarExemplo() {
    exemplo.disabled = true;
    dizer("Carregando os dados de exemplo…");
    var feito;
    if (tipo === "formulario") {
      var formID = raiz.getAttribute("data-formulario");
      feito = buscar(formID + ".json").then(function (dados) {
        var pre = prefixo + "rascunho:" + formID + ":";
        var nome = "Exemplo — Município Exemplo";
        for (var n = 2; lerLocal(pre + nome) != null; n++) nome = "Exemplo — Município Exemplo " + n;
        var registro = { schema: +raiz.getAttribute("data-versao") || 0, savedAt: new Date().toISOString(), data: dados };
        if (!gravarLocal(pre + nome, JSON.stringify(registro)) || !gravarLocal(prefixo + "rascunho-atual:" + formID, nome)) {
          throw new Error("este navegador não deixa guardar rascunhos");
        }
        recarregar("Dados de exemplo carregados no novo rascunho “" + nome + "”. Os outros rascunhos não foram alterados.");
      });
    } else {
      var id = raiz.getAttribute("data-checklist");
      feito = buscar("checklist-" + id + ".json").then(function (j) {
        if (!j || j.checklist !== id || typeof j.data !== "object") throw new Error("os dados de exemplo não são deste checklist");
        // O checklist tem um andamento só: o exemplo vai sempre para o de treino.
        var registro = { schema: raiz.getAttribute("data-versao") || "", savedAt: new Date().toISOString(), data: j.data };
        if (!gravarLocal(PREFIXO_TREINO + "checklist:" + id, JSON.stringify(registro))) throw new Error("este navegador não deixa guardar o andamento");
        var aviso = "Dados de exemplo carregados no andamento de treino. O andamento real não foi alterado.";
        if (ativo) recarregar(aviso); else ligar(true, "Modo de treinamento ligado. " + aviso);
      });
    }
    feito.catch(function (e) {
      exemplo.disabled = false;
      dizer("Não foi possível carregar os dados de exemplo: " + (e && e.message ? e.message : e) + ".");
    });
  }

  // o que aconteceu antes de recarregar
  try {
    var aviso = sessionStorage.getItem(CHAVE_AVISO);
    if (aviso) {
      sessionStorage.removeItem(CHAVE_AVISO);
      setTimeout(function () { dizer(aviso); }, 50);
    }
  } catch (e) { /* sem aviso */ }
})();
