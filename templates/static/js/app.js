// Aplicativo do portal (formulários, checklist, conferência): carrega o
// motor em WebAssembly só nas páginas do aplicativo. Tudo acontece neste
// navegador: nenhum dado digitado é enviado pela rede, nunca.
(function () {
  "use strict";

  var raiz = document.querySelector("section.app[data-app]");
  if (!raiz) return;
  var tipo = raiz.getAttribute("data-app");
  // Gancho do modo de treinamento (js/treino.js, carregado antes deste):
  // o prefixo das chaves do localStorage (rascunhos de treino à parte) e o
  // motor, que no treino gera todo PDF marcado. Sem treino.js, nada muda.
  var treino = window.seiportalTreino || { prefixo: "seiportal:", motor: function (m) { return m; } };

  // ---------- utilidades ----------
  function esc(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function el(tag, attrs, texto) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (texto != null) e.textContent = texto;
    return e;
  }
  var status = $("#app-status");
  function anunciar(msg) {
    if (!status) return;
    status.textContent = msg;
  }
  function horaAgora() {
    var d = new Date();
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }
  function hojeISO() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function baixar(nome, conteudo, mime) {
    var blob = conteudo instanceof Blob ? conteudo : new Blob([conteudo], { type: mime });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: nome });
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { a.remove(); }, 0);
    return url;
  }
  function nomeArquivo(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "rascunho";
  }
  var armazenamento = (function () {
    // A full storage (QuotaExceededError) is still a storage: what it holds
    // must be read, and never treated as absent.
    try {
      localStorage.getItem("seiportal:teste");
      return localStorage;
    } catch (e) { return null; }
  })();
  function ler(chave) { return armazenamento ? armazenamento.getItem(chave) : null; }
  function gravar(chave, valor) {
    if (!armazenamento) return false;
    try { armazenamento.setItem(chave, valor); return true; } catch (e) { return false; }
  }
  function apagar(chave) { if (armazenamento) armazenamento.removeItem(chave); }
  function aviso(elementos, focar) {
    var caixa = $("#app-aviso");
    if (!caixa) return;
    caixa.textContent = "";
    if (!elementos) { caixa.hidden = true; return; }
    elementos.forEach(function (e) { caixa.appendChild(e); });
    caixa.hidden = false;
    if (focar) caixa.focus();
  }

  // ---------- carregamento do WebAssembly ----------
  function carregarMotor() {
    if (window.seiportal && window.seiportal.validate) return Promise.resolve(window.seiportal);
    if (typeof WebAssembly !== "object" || typeof Go !== "function") {
      return Promise.reject(new Error("Este navegador não executa WebAssembly."));
    }
    var url = (raiz.getAttribute("data-wasm") || "/app/seiportal.wasm.br").replace(/\.wasm\.br/, ".wasm");
    var go = new Go();
    var pronto = new Promise(function (resolve) { window.seiportalOnReady = resolve; });
    var inst = WebAssembly.instantiateStreaming
      ? WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(function () {
          return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
        })
      : fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    return inst.then(function (res) {
      go.run(res.instance);
      return pronto;
    }).then(function () {
      if (window.seiportal.error) throw new Error(window.seiportal.error);
      return window.seiportal;
    });
  }
  // As fontes do PDF não vêm no WebAssembly: são baixadas na primeira vez
  // que a pessoa gera um PDF, dos endereços de data-fontes (regular e
  // negrito), e passadas a seiportal.pdf. O service worker as guarda com o
  // aplicativo, então o PDF também sai sem conexão.
  var fontes = null;
  function carregarFontes() {
    if (!fontes) {
      var urls = (raiz.getAttribute("data-fontes") || "").split(" ").filter(Boolean);
      fontes = Promise.all(urls.map(function (u) {
        return fetch(u).then(function (r) {
          if (!r.ok) throw new Error("não foi possível baixar " + u);
          return r.arrayBuffer();
        });
      })).then(function (b) {
        if (b.length !== 2) throw new Error("a página não indica as fontes do PDF");
        return { regular: new Uint8Array(b[0]), negrito: new Uint8Array(b[1]) };
      });
      fontes.catch(function () { fontes = null; }); // tenta de novo no próximo PDF
    }
    return fontes;
  }
  // nota shows a line at the end of the app (created once per kind): it
  // appears while the person may be typing or clicking, so it never moves
  // what is above it.
  function nota(classe, partes) {
    var p = $("." + classe, raiz);
    if (!p) {
      p = el("p", { "class": "app-nota " + classe });
      raiz.appendChild(p);
    }
    p.textContent = "";
    partes.forEach(function (x) { p.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
    p.hidden = false;
    return p;
  }
  // Pede ao service worker que guarde o aplicativo para uso sem conexão e
  // diz quando tudo (o portal e o aplicativo) está guardado; avisa quando
  // uma versão nova do portal passa a valer com a página aberta.
  function guardarAplicativo() {
    if (!("serviceWorker" in navigator)) return;
    var sw = navigator.serviceWorker;
    var controlada = !!sw.controller;
    sw.addEventListener("controllerchange", function () {
      if (controlada) {
        var b = el("button", { type: "button", "class": "secundario" }, "Recarregar a página");
        b.addEventListener("click", function () { location.reload(); });
        var fechar = el("button", { type: "button", "class": "secundario" }, "Fechar aviso");
        fechar.addEventListener("click", function () { $(".app-atualizado", raiz).hidden = true; });
        nota("app-atualizado", ["O portal foi atualizado enquanto esta página estava aberta. Recarregue a página para usar a versão nova; o que você preencheu continua salvo neste navegador. ", b, " ", fechar]);
        anunciar("O portal foi atualizado. Recarregue a página para usar a versão nova.");
      }
      controlada = true;
      pedir();
    });
    function pedir() {
      sw.ready.then(function (reg) {
        if (!reg.active) return;
        var canal = new MessageChannel();
        canal.port1.onmessage = function (ev) {
          var d = ev.data || {};
          if (d.pronto) {
            nota("app-offline", ["Pronto para usar sem internet: o portal e este aplicativo estão guardados neste navegador."]);
            document.documentElement.setAttribute("data-app-offline", d.versao || "1");
          }
        };
        reg.active.postMessage("guardar-aplicativo", [canal.port2]);
      }).catch(function () {});
    }
    pedir();
  }
  function carregarJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("não foi possível carregar " + url);
      return r.text();
    });
  }
  function falhou(err) {
    var c = $(".app-carregando", raiz);
    if (c) c.hidden = true;
    var sem = $(".app-sem-js", raiz);
    if (sem) {
      sem.hidden = false;
      var p = el("p", { "class": "app-erro" }, "O aplicativo não pôde ser carregado: " + (err && err.message ? err.message : err) + " Recarregue a página; se continuar, use o modelo em branco.");
      sem.appendChild(p);
    }
    anunciar("O aplicativo não pôde ser carregado.");
  }
  function ativar() {
    $$(".app-campos", raiz).forEach(function (f) { f.disabled = false; });
    $$(".app-sem-js", raiz).forEach(function (e) { e.hidden = true; });
    var c = $(".app-carregando", raiz);
    if (c) c.hidden = true;
    raiz.classList.add("app-pronto");
    document.documentElement.setAttribute("data-app-pronto-ms", String(Math.round(performance.now())));
    document.documentElement.setAttribute("data-app-pronto", "1");
    guardarAplicativo();
  }

  var carregando = $(".app-carregando", raiz);
  if (carregando) carregando.hidden = false;

  // ---------- formulário ----------
  function iniciarFormulario(motor, defJSON) {
    var form = $("#app-form");
    var def = JSON.parse(defJSON);
    var formID = def.id;
    var prefixo = treino.prefixo + "rascunho:" + formID + ":";
    var chaveAtual = treino.prefixo + "rascunho-atual:" + formID;
    var tocados = {};
    var enviado = false;
    var original = null; // rascunho original quando algo não coube na versão atual
    var seletor = $("#app-rascunho");
    var atual = ler(chaveAtual) || "Rascunho 1";

    // -- dados <-> campos --
    function coletar() {
      var dados = {};
      $$("input[name], select[name], textarea[name]", form).forEach(function (c) {
        if (c.closest("template")) return;
        var partes = c.name.split(".");
        var o = dados;
        for (var i = 0; i < partes.length - 1; i++) {
          var p = partes[i], prox = partes[i + 1];
          var lista = /^\d+$/.test(prox);
          if (o[p] == null) o[p] = lista ? [] : {};
          o = o[p];
        }
        var ult = partes[partes.length - 1];
        o[ult] = c.type === "checkbox" ? c.checked : c.value;
      });
      return dados;
    }
    function listas() { return $$(".app-lista", form); }
    function renumerar(lista) {
      var nome = lista.getAttribute("data-lista");
      var modelo = lista.getAttribute("data-item");
      $$(":scope > .app-itens > .app-item", lista).forEach(function (item, i) {
        var rotulo = modelo.replace("{n}", String(i + 1));
        item.setAttribute("data-indice", i);
        $("legend", item).textContent = rotulo;
        $(".app-remover", item).textContent = "Remover " + rotulo;
        var ponto = new RegExp("^" + esc(nome) + "\\.(\\d+|__i__)\\.");
        var traco = new RegExp("(^|\\s)f-" + esc(nome.replace(/\./g, "-")) + "-(\\d+|__i__)-", "g");
        $$("[name], [id], [for], [aria-describedby], [data-campo]", item).forEach(function (c) {
          ["name", "data-campo"].forEach(function (a) {
            var v = c.getAttribute(a);
            if (v) c.setAttribute(a, v.replace(ponto, nome + "." + i + "."));
          });
          ["id", "for", "aria-describedby"].forEach(function (a) {
            var v = c.getAttribute(a);
            if (v) c.setAttribute(a, v.replace(traco, "$1f-" + nome.replace(/\./g, "-") + "-" + i + "-"));
          });
        });
      });
      var n = $$(":scope > .app-itens > .app-item", lista).length;
      var max = +lista.getAttribute("data-max") || Infinity;
      var min = +lista.getAttribute("data-min") || 0;
      $(".app-adicionar", lista).disabled = n >= max;
      // down to one item even below the minimum: the engine then says "informe pelo menos N"
      $$(":scope > .app-itens > .app-item > .app-remover", lista).forEach(function (b) { b.disabled = n <= Math.min(min, 1); });
    }
    function adicionar(lista, focar) {
      var modelo = $(":scope > template.app-modelo", lista);
      var novo = modelo.content.firstElementChild.cloneNode(true);
      $(".app-itens", lista).appendChild(novo);
      renumerar(lista);
      ligarMascaras(novo);
      if (focar) {
        var primeiro = $("input, select, textarea", novo);
        if (primeiro) primeiro.focus();
        anunciar($("legend", novo).textContent + " adicionado.");
      }
      return novo;
    }
    function remover(item) {
      var lista = item.closest(".app-lista");
      var rotulo = $("legend", item).textContent;
      item.remove();
      renumerar(lista);
      $(".app-adicionar", lista).focus();
      anunciar(rotulo + " removido.");
      salvarDepois();
    }
    function preencher(dados) {
      listas().forEach(function (lista) {
        var nome = lista.getAttribute("data-lista");
        var valor = nome.split(".").reduce(function (o, k) { return o && o[k]; }, dados);
        var quer = Math.max(Array.isArray(valor) ? valor.length : 0, +lista.getAttribute("data-min") || 0);
        var itens = $$(":scope > .app-itens > .app-item", lista);
        for (var i = itens.length; i < quer; i++) adicionar(lista, false);
        for (var j = itens.length - 1; j >= quer; j--) itens[j].remove();
        renumerar(lista);
      });
      $$("input[name], select[name], textarea[name]", form).forEach(function (c) {
        if (c.closest("template")) return;
        var v = c.name.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, dados);
        if (c.type === "checkbox") c.checked = v === true;
        else c.value = v == null ? "" : String(v);
      });
    }

    // -- mensagens --
    function campoDe(path) {
      return document.getElementById("f-" + path.replace(/\./g, "-"));
    }
    function mostrar(path, texto) {
      var c = campoDe(path);
      var msg = document.getElementById("f-" + path.replace(/\./g, "-") + "-msg");
      if (!msg) return false;
      msg.textContent = texto || "";
      msg.hidden = !texto;
      var caixa = c && c.closest(".app-campo, .app-lista");
      if (caixa) caixa.classList.toggle("app-com-erro", !!texto);
      if (c && c.matches("input, select, textarea")) {
        if (texto) c.setAttribute("aria-invalid", "true");
        else c.removeAttribute("aria-invalid");
      }
      return true;
    }
    function validar() {
      return motor.validate(defJSON, JSON.stringify(coletar()));
    }
    function aplicar(res, todos) {
      var por = {};
      (res.messages || []).forEach(function (m) { if (!(m.path in por)) por[m.path] = m.text.charAt(0).toUpperCase() + m.text.slice(1).replace(/([^.!?])$/, "$1."); });
      $$("[data-campo], .app-lista[data-lista]", form).forEach(function (c) {
        if (c.closest("template")) return;
        var path = c.getAttribute("data-campo") || c.getAttribute("data-lista");
        var texto = por[path] || "";
        if (todos || tocados[path] || !texto) mostrar(path, texto);
      });
    }
    function resumo(res) {
      var caixa = $("#app-resumo");
      caixa.textContent = "";
      var msgs = res.messages || [];
      if (res.error) msgs = [{ path: "", label: "Formulário", text: res.error }];
      // An entry of a list left entirely blank is one line, not one per field.
      var vazios = {};
      listas().forEach(function (lista) {
        var nome = lista.getAttribute("data-lista");
        $$(":scope > .app-itens > .app-item", lista).forEach(function (item, i) {
          var campos = $$("input[name], select[name], textarea[name]", item);
          var vazio = campos.every(function (c) { return c.type === "checkbox" ? !c.checked : !c.value.trim(); });
          if (vazio) vazios[nome + "." + i + "."] = { item: item, visto: false };
        });
      });
      msgs = msgs.reduce(function (out, m) {
        var chave = Object.keys(vazios).filter(function (k) { return m.path && m.path.indexOf(k) === 0; })[0];
        if (!chave) { out.push(m); return out; }
        var v = vazios[chave];
        if (v.visto) return out;
        v.visto = true;
        var primeiro = $("input[name], select[name], textarea[name]", v.item);
        out.push({ path: primeiro ? primeiro.name : "", label: $("legend", v.item).textContent, text: "preencha os campos obrigatórios" });
        return out;
      }, []);
      if (!msgs.length) { caixa.hidden = true; return null; }
      caixa.appendChild(el("h3", null, msgs.length === 1 ? "Há 1 problema no formulário" : "Há " + msgs.length + " problemas no formulário"));
      var ul = el("ul");
      var primeiro = null;
      msgs.forEach(function (m) {
        var alvo = m.path ? campoDe(m.path) : null;
        if (!alvo && m.path) {
          var lista = $("[data-lista='" + m.path + "']", form);
          alvo = lista ? $(".app-adicionar", lista) : null;
        }
        var li = el("li");
        if (alvo) {
          var a = el("a", { href: "#" + alvo.id }, m.label + ": " + m.text);
          a.addEventListener("click", function (ev) { ev.preventDefault(); alvo.focus(); });
          li.appendChild(a);
          if (!primeiro) primeiro = alvo;
        } else {
          li.textContent = m.label + ": " + m.text;
        }
        ul.appendChild(li);
      });
      caixa.appendChild(ul);
      caixa.hidden = false;
      return primeiro || caixa;
    }

    // -- rascunhos --
    function nomes() {
      var out = [];
      if (!armazenamento) return out;
      for (var i = 0; i < armazenamento.length; i++) {
        var k = armazenamento.key(i);
        if (k && k.indexOf(prefixo) === 0) out.push(k.slice(prefixo.length));
      }
      out.sort(function (a, b) { return a.localeCompare(b, "pt-BR", { numeric: true }); });
      return out;
    }
    function novoNome() {
      var usados = nomes(), n = usados.length + 1;
      while (usados.indexOf("Rascunho " + n) >= 0 || ("Rascunho " + n) === atual) n++;
      return "Rascunho " + n;
    }
    function atualizarSeletor() {
      var lista = nomes();
      if (lista.indexOf(atual) < 0) lista.push(atual);
      seletor.textContent = "";
      lista.forEach(function (n) {
        var o = el("option", { value: n }, n);
        if (n === atual) o.selected = true;
        seletor.appendChild(o);
      });
    }
    // Every change is saved at once (a draft is a few kilobytes): no
    // keystroke can be lost to a reload, a closed tab or a phone switching
    // apps. "sujo" marks changes not yet saved, so that leaving the page
    // after "Limpar" does not write an empty draft back.
    var sujo = false;
    var ultimoAviso = "";
    function salvar() {
      sujo = false;
      var registro = { schema: def.version, savedAt: new Date().toISOString(), data: coletar() };
      if (original) registro.original = original;
      if (gravar(prefixo + atual, JSON.stringify(registro))) {
        gravar(chaveAtual, atual);
        if (!Array.prototype.some.call(seletor.options, function (o) { return o.value === atual && o.selected; })) atualizarSeletor();
        var msg = "Rascunho salvo às " + horaAgora();
        if (msg !== ultimoAviso) { ultimoAviso = msg; anunciar(msg); }
      } else {
        ultimoAviso = "";
        anunciar("Não foi possível salvar o rascunho neste navegador. Use “Exportar” para guardar os dados.");
      }
    }
    function salvarDepois() {
      sujo = true;
      salvar();
    }
    function salvarSePreciso() { if (sujo) salvar(); }
    window.addEventListener("pagehide", salvarSePreciso);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") salvarSePreciso(); });
    window.addEventListener("beforeunload", salvarSePreciso);
    function abrir(nome) {
      atual = nome;
      original = null;
      aviso(null);
      tocados = {};
      enviado = false;
      var bruto = ler(prefixo + nome);
      var registro = null;
      if (bruto != null) {
        try {
          registro = JSON.parse(bruto);
          if (!registro || typeof registro !== "object" || typeof registro.data !== "object" || registro.data === null) throw new Error("formato");
        } catch (e) {
          var b = el("button", { type: "button", "class": "secundario" }, "Exportar o conteúdo salvo");
          b.addEventListener("click", function () { baixar(formID + "-" + nomeArquivo(nome) + "-corrompido.txt", bruto, "text/plain"); });
          var copia = nome + " (corrompido)";
          var n = 2;
          while (ler(prefixo + copia) != null) copia = nome + " (corrompido " + n++ + ")";
          // The copy is written first; the original goes only once its copy
          // is safely stored. With the storage full, the original stays
          // where it is, untouched, and the page works on a new draft.
          if (gravar(prefixo + copia, JSON.stringify({ schema: 0, savedAt: new Date().toISOString(), data: {}, corrupted: bruto }))) {
            apagar(prefixo + nome);
            aviso([el("p", null, "O rascunho “" + nome + "” salvo neste navegador está corrompido e não pôde ser aberto. O conteúdo foi preservado em “" + copia + "”; exporte-o para recuperar o que for possível."), b], true);
          } else {
            atual = novoNome();
            aviso([el("p", null, "O rascunho “" + nome + "” salvo neste navegador está corrompido e não pôde ser aberto. Ele continua guardado, sem alteração, com o mesmo nome (não havia espaço neste navegador para uma cópia); exporte-o para recuperar o que for possível. O preenchimento segue no rascunho “" + atual + "”."), b], true);
          }
          registro = null;
        }
      }
      preencher({});
      if (registro) restaurar(registro, "rascunho");
      if (registro && typeof registro.corrupted === "string") {
        var bruto2 = registro.corrupted;
        var b2 = el("button", { type: "button", "class": "secundario" }, "Exportar o conteúdo salvo");
        b2.addEventListener("click", function () { baixar(formID + "-" + nomeArquivo(nome) + ".txt", bruto2, "text/plain"); });
        aviso([el("p", null, "“" + nome + "” guarda o conteúdo de um rascunho corrompido, que não pôde ser aberto no formulário. Exporte-o para recuperar o que for possível."), b2], false);
      }
      gravar(chaveAtual, atual);
      atualizarSeletor();
      limparMensagens();
    }
    function restaurar(registro, origem) {
      var m = motor.migrate(defJSON, JSON.stringify(registro.data), +registro.schema || 0);
      if (m.error) {
        aviso([el("p", null, "Não foi possível abrir o " + origem + ": " + m.error)], true);
        return false;
      }
      // The definition's limits hold on import too: entries beyond a
      // list's maximum are not opened (thousands would freeze the page) and
      // are reported, with the original kept for export.
      var dadosM = JSON.parse(m.data);
      m.dropped = m.dropped || [];
      listas().forEach(function (lista) {
        var max = +lista.getAttribute("data-max") || 0;
        var caminho = lista.getAttribute("data-lista").split(".");
        var pai = caminho.slice(0, -1).reduce(function (o, k) { return o && o[k]; }, dadosM);
        var ult = caminho[caminho.length - 1];
        if (!max || !pai || !Array.isArray(pai[ult]) || pai[ult].length <= max) return;
        var total = pai[ult].length;
        pai[ult] = pai[ult].slice(0, max);
        m.dropped.push({ label: $(":scope > legend", lista).textContent, text: "o " + origem + " traz " + total + " itens; o formulário aceita no máximo " + max + ", e só os " + max + " primeiros foram abertos" });
      });
      preencher(dadosM);
      if (registro.corrupted) {
        original = registro;
      } else if ((m.dropped && m.dropped.length) || m.outdated) {
        original = registro.original || registro.data;
        var itens = el("ul");
        (m.dropped || []).forEach(function (d) { itens.appendChild(el("li", null, d.label + ": " + d.text)); });
        var b = el("button", { type: "button", "class": "secundario" }, "Exportar o " + origem + " original");
        b.addEventListener("click", function () { baixar(formID + "-" + nomeArquivo(atual) + "-original.json", JSON.stringify(original, null, 2), "application/json"); });
        var partes = [el("p", null, m.outdated
          ? "Este " + origem + " foi salvo com a versão " + (registro.schema != null ? registro.schema : "?") + " do formulário; a atual é a " + m.version + "."
          : "Parte do " + origem + " não corresponde a este formulário.")];
        if (m.dropped && m.dropped.length) {
          partes.push(el("p", null, "Não cabem mais no formulário (guardados no rascunho; exporte o original para não perdê-los):"));
          partes.push(itens);
        } else {
          partes.push(el("p", null, "Todos os dados foram aproveitados."));
        }
        partes.push(b);
        aviso(partes, true);
      } else {
        original = registro.original || null;
      }
      return true;
    }
    function limparMensagens() {
      $$(".app-msg", form).forEach(function (m) { m.hidden = true; m.textContent = ""; });
      $$("[aria-invalid]", form).forEach(function (c) { c.removeAttribute("aria-invalid"); });
      $$(".app-com-erro", form).forEach(function (c) { c.classList.remove("app-com-erro"); });
      $("#app-resumo").hidden = true;
      var r = $("#app-resultado");
      r.hidden = true;
      r.textContent = "";
    }

    // -- máscaras (ajudam sem atrapalhar a colagem) --
    function digitos(s) { return s.replace(/\D/g, ""); }
    function mascaraCPF(v) {
      var d = digitos(v);
      if (d.length > 11 || /[^\d.\-\s]/.test(v)) return v;
      var out = d.slice(0, 3);
      if (d.length > 3) out += "." + d.slice(3, 6);
      if (d.length > 6) out += "." + d.slice(6, 9);
      if (d.length > 9) out += "-" + d.slice(9, 11);
      return out;
    }
    function mascaraTelefone(v) {
      var d = digitos(v);
      if (d.length > 11 && d.indexOf("55") === 0) d = d.slice(2);
      if (d.length === 10) return "(" + d.slice(0, 2) + ") " + d.slice(2, 6) + "-" + d.slice(6);
      if (d.length === 11) return "(" + d.slice(0, 2) + ") " + d.slice(2, 7) + "-" + d.slice(7);
      return v;
    }
    // campoDef finds a field's definition by input name ("a.0.b" -> a.b).
    function campoDef(nome) {
      var partes = nome.split(".").filter(function (p) { return !/^\d+$/.test(p) && p !== "__i__"; });
      var campos = def.fields || [], f = null;
      for (var i = 0; i < partes.length; i++) {
        f = null;
        for (var j = 0; j < campos.length; j++) if (campos[j].name === partes[i]) { f = campos[j]; break; }
        if (!f) return null;
        campos = f.fields || [];
      }
      return f;
    }
    function regras(f) { return f && f.validate ? String(f.validate).split(",") : []; }
    function ligarMascaras(escopo) {
      // Siglas in capitals as they are typed; dates that cannot be in the
      // future stop at today in the date picker too.
      $$("input[name]", escopo).forEach(function (c) {
        if (c.dataset.regrasLigadas || c.closest("template")) return;
        c.dataset.regrasLigadas = "1";
        var r = regras(campoDef(c.name));
        if (r.indexOf("sigla") >= 0) {
          c.setAttribute("autocapitalize", "characters");
          c.addEventListener("input", function () {
            var up = c.value.toLocaleUpperCase("pt-BR");
            if (up === c.value) return;
            var a = c.selectionStart, b = c.selectionEnd;
            c.value = up;
            if (a != null) c.setSelectionRange(a, b);
          });
        }
        if (c.type === "date" && r.indexOf("notfuture") >= 0) c.max = hojeISO();
      });
      $$("input[data-mascara]", escopo).forEach(function (c) {
        if (c.dataset.mascaraLigada) return;
        c.dataset.mascaraLigada = "1";
        var tipoM = c.getAttribute("data-mascara");
        c.addEventListener("input", function (ev) {
          if (tipoM !== "cpf") return;
          // A CPF has 11 digits: typing stops there.
          if (digitos(c.value).length > 11 && !/[^\d.\-\s]/.test(c.value)) {
            var pos = c.selectionStart;
            c.value = mascaraCPF(digitos(c.value).slice(0, 11));
            if (pos != null) c.setSelectionRange(Math.min(pos, c.value.length), Math.min(pos, c.value.length));
          }
          var noFim = c.selectionStart === c.value.length;
          var apagando = ev.inputType && ev.inputType.indexOf("delete") === 0;
          if (noFim && !apagando) c.value = mascaraCPF(c.value.trim());
        });
        c.addEventListener("blur", function () {
          c.value = tipoM === "cpf" ? mascaraCPF(c.value.trim()) : mascaraTelefone(c.value.trim());
        });
      });
    }

    // -- eventos --
    form.addEventListener("focusout", function (ev) {
      var c = ev.target;
      if (!c.name || c.closest("template")) return;
      setTimeout(function () {
        tocados[c.name] = true;
        aplicar(validar(), enviado);
      }, 0);
    });
    form.addEventListener("input", function (ev) {
      var c = ev.target;
      if (c.name && c.getAttribute("aria-invalid") === "true") aplicar(validar(), enviado);
      salvarDepois();
    });
    form.addEventListener("change", salvarDepois);
    form.addEventListener("click", function (ev) {
      var add = ev.target.closest(".app-adicionar");
      if (add) { adicionar(add.closest(".app-lista"), true); salvarDepois(); return; }
      var rem = ev.target.closest(".app-remover");
      if (rem) remover(rem.closest(".app-item"));
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      enviado = true;
      // Sem as fontes (sem conexão antes de elas serem guardadas), a
      // validação responde do mesmo jeito e o erro do PDF diz o motivo.
      carregarFontes().then(gerar, function () { gerar(null); });
    });
    function gerar(fontes) {
      var inicio = performance.now();
      var res = motor.pdf(defJSON, JSON.stringify(coletar()), { fontes: fontes });
      var ms = Math.round(performance.now() - inicio);
      aplicar(res, true);
      var primeiro = resumo(res);
      var saida = $("#app-resultado");
      if (primeiro) {
        saida.hidden = true;
        anunciar("");
        primeiro.focus();
        return;
      }
      salvar();
      // Two versions of the same pages: with the data embedded (conferir
      // and re-import read it) and without (to upload to SEI, where others
      // may see the document). The person is told what each one carries.
      var dados = JSON.stringify(coletar());
      var sem = motor.pdf(defJSON, dados, { semDados: true, fontes: fontes });
      var blob = new Blob([res.pdf], { type: "application/pdf" });
      var url = baixar(res.filename, blob);
      saida.textContent = "";
      saida.appendChild(el("h3", null, "PDF gerado"));
      var p = el("p", null, "O download de ");
      var a = el("a", { href: url, download: res.filename, "class": "app-baixar" }, res.filename);
      p.appendChild(a);
      p.appendChild(document.createTextNode(" começou. Código de conferência: "));
      p.appendChild(el("strong", { "class": "app-codigo" }, res.code));
      p.appendChild(document.createTextNode("."));
      saida.appendChild(p);
      saida.appendChild(el("p", { "class": "app-pdf-leva" }, "Este arquivo leva, além das páginas, uma cópia dos dados que aparecem nelas (como nomes, CPFs e e-mails), para o portal conferir o código e reabrir o preenchimento. Guarde-o com você."));
      if (sem && sem.pdf && !sem.error) {
        var urlSem = URL.createObjectURL(new Blob([sem.pdf], { type: "application/pdf" }));
        var ps = el("p", { "class": "app-pdf-sem-dados" }, "Para enviar ao SEI, onde outras pessoas podem ver o documento, use a versão sem os dados embutidos: as páginas são as mesmas, mas ela não pode ser conferida nem reaberta aqui. ");
        ps.appendChild(el("a", { href: urlSem, download: sem.filename, "class": "app-baixar-sem-dados" }, "Baixar o PDF para enviar ao SEI (" + sem.filename + ")"));
        saida.appendChild(ps);
      } else {
        saida.appendChild(el("p", { "class": "app-erro" }, "Não foi possível gerar a versão sem dados: " + ((sem && sem.error) || "erro desconhecido") + ""));
      }
      saida.appendChild(el("p", null, "Confira os dados no PDF antes de colher as assinaturas. Ele foi montado neste navegador, sem enviar nada pela internet."));
      saida.setAttribute("data-ms", String(ms));
      saida.hidden = false;
      saida.focus();
      anunciar("PDF gerado: " + res.filename);
    }

    seletor.addEventListener("change", function () {
      // The choice is read before anything else: saving the current draft
      // rebuilds the list and would select it again.
      var escolhido = seletor.value;
      salvarSePreciso();
      abrir(escolhido);
      anunciar("Rascunho “" + atual + "” aberto.");
    });
    var barra = $(".app-rascunhos", raiz);
    barra.hidden = false;
    var arquivo = $("#app-arquivo");
    barra.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-acao]");
      if (!b) return;
      var acao = b.getAttribute("data-acao");
      if (acao === "novo") {
        salvarSePreciso();
        var nome = novoNome();
        atual = nome;
        original = null;
        preencher({});
        limparMensagens();
        aviso(null);
        tocados = {};
        enviado = false;
        salvar();
        anunciar("Novo rascunho “" + nome + "” criado.");
        var primeiro = $("input, select, textarea", form);
        if (primeiro) primeiro.focus();
      } else if (acao === "exportar") {
        var registro = { formulario: formID, schema: def.version, savedAt: new Date().toISOString(), data: coletar() };
        if (original) registro.original = original;
        baixar(formID + "-" + nomeArquivo(atual) + ".json", JSON.stringify(registro, null, 2) + "\n", "application/json");
        anunciar("Rascunho exportado.");
      } else if (acao === "importar") {
        arquivo.value = "";
        arquivo.click();
      } else if (acao === "limpar") {
        confirmarLimpeza(b);
      }
    });
    function confirmarLimpeza(botao) {
      var p = el("p", null, "Apagar todos os dados do rascunho “" + atual + "” deste navegador? Não há como desfazer; exporte antes se quiser guardar uma cópia.");
      var sim = el("button", { type: "button", "class": "app-perigo" }, "Sim, apagar");
      var nao = el("button", { type: "button", "class": "secundario" }, "Cancelar");
      sim.addEventListener("click", function () {
        apagar(prefixo + atual);
        original = null;
        preencher({});
        limparMensagens();
        tocados = {};
        enviado = false;
        aviso(null);
        atualizarSeletor();
        anunciar("Rascunho “" + atual + "” apagado.");
        botao.focus();
      });
      nao.addEventListener("click", function () { aviso(null); botao.focus(); });
      var grupo = el("div", { "class": "app-barra" });
      grupo.appendChild(sim);
      grupo.appendChild(nao);
      aviso([p, grupo], false);
      nao.focus();
    }
    arquivo.addEventListener("change", function () {
      var f = arquivo.files && arquivo.files[0];
      if (!f) return;
      f.arrayBuffer().then(function (buf) {
        var bytes = new Uint8Array(buf);
        var registro;
        if (bytes.length > 4 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === "%PDF") {
          var o = motor.open(bytes, "");
          if (o.error) throw new Error(o.error);
          if (o.form !== formID) throw new Error("este PDF é de outro formulário (" + o.form + ").");
          registro = { schema: o.version, data: JSON.parse(o.data) };
        } else {
          var texto = new TextDecoder().decode(bytes);
          var j;
          try { j = JSON.parse(texto); } catch (e) { throw new Error("o arquivo não é um JSON válido nem um PDF do portal."); }
          if (j && j.formulario && j.formulario !== formID) throw new Error("este arquivo é de outro formulário (" + j.formulario + ").");
          registro = j && typeof j.data === "object" && j.data !== null ? j : { schema: def.version, data: j };
        }
        if (restaurar(registro, "arquivo importado")) {
          salvar();
          limparMensagens();
          anunciar("Dados importados de " + f.name + ".");
        }
      }).catch(function (e) {
        aviso([el("p", null, "Não foi possível importar " + f.name + ": " + (e.message || e))], true);
      });
    });

    ligarMascaras(form);
    listas().forEach(renumerar);
    abrir(atual);
    ativar();
  }

  // ---------- checklist ----------
  function iniciarChecklist(motor, defJSON) {
    var def = JSON.parse(defJSON);
    var chave = treino.prefixo + "checklist:" + def.id;
    var estado = { items: {} };
    var tocados = {};
    var painel = $(".app-painel", raiz);
    painel.hidden = false;
    var inicio = $("#app-inicio");
    var papel = $("#app-papel");

    // estadoValido reports whether the engine reads the state s (an object).
    function estadoValido(s) {
      return !motor.checklist(defJSON, JSON.stringify(s), hojeISO()).error;
    }
    function avisoComCopia(texto, bruto, chaveCopia) {
      var b = el("button", { type: "button", "class": "secundario" }, "Exportar o conteúdo salvo");
      b.addEventListener("click", function () { baixar("checklist-" + def.id + "-original.txt", bruto, "text/plain"); });
      aviso([el("p", null, texto), b], true);
    }
    function carregar() {
      var bruto = ler(chave);
      if (bruto == null) return;
      var r;
      try {
        r = JSON.parse(bruto);
        if (!r || typeof r.data !== "object" || r.data === null || Array.isArray(r.data)) throw new Error("formato");
      } catch (e) {
        // Only what cannot be read at all is "corrompido". The original
        // goes only once its copy is stored.
        if (gravar(chave + " (corrompido)", bruto)) {
          apagar(chave);
          avisoComCopia("O andamento salvo neste navegador está corrompido e não pôde ser aberto. O conteúdo foi preservado numa cópia; exporte-o para recuperar o que for possível.", bruto);
        } else {
          avisoComCopia("O andamento salvo neste navegador está corrompido e não pôde ser aberto. Ele continua guardado, sem alteração (não havia espaço para uma cópia); exporte-o antes de marcar novos itens, que o substituirão.", bruto);
        }
        return;
      }
      // Readable: keep every valid part, set aside only what is not.
      var dados = r.data;
      var novo = { items: {} };
      var fora = [];
      if (dados.start != null) {
        if (typeof dados.start === "string" && !erroData(dados.start, false)) novo.start = dados.start;
        else fora.push("a data de início (" + String(dados.start) + ")");
      }
      var itens = dados.items && typeof dados.items === "object" && !Array.isArray(dados.items) ? dados.items : {};
      if (dados.items != null && itens !== dados.items) fora.push("a lista de itens");
      Object.keys(itens).forEach(function (id) {
        var st = itens[id];
        var teste = { items: {} };
        teste.items[id] = st;
        if (st && typeof st === "object" && estadoValido(teste)) { novo.items[id] = st; return; }
        // A bad completion date alone: keep the item done, dated today.
        if (st && typeof st === "object") {
          var semData = JSON.parse(JSON.stringify(st));
          delete semData.done_on;
          if (semData.evidence && typeof semData.evidence !== "object") delete semData.evidence;
          teste.items[id] = semData;
          if (estadoValido(teste)) {
            if (semData.done) semData.done_on = hojeISO();
            novo.items[id] = semData;
            fora.push("a data de conclusão de “" + tituloItem(id) + "”");
            return;
          }
        }
        fora.push("o item “" + tituloItem(id) + "”");
      });
      estado = novo;
      if (fora.length) {
        var copia = gravar(chave + " (original)", bruto);
        salvar();
        avisoComCopia("Parte do andamento salvo tinha valores inválidos e foi deixada de lado: " + fora.join("; ") + ". Todo o resto foi mantido." + (copia ? " O andamento original está guardado numa cópia; exporte-o se precisar dele." : " Exporte o conteúdo original antes de continuar, se precisar dele."), bruto);
      }
    }
    function tituloItem(id) {
      var l = document.querySelector("#item-" + CSS.escape(id) + " .app-item-titulo");
      return l ? l.textContent : id;
    }
    var ultimoAviso = "";
    function salvar() {
      if (gravar(chave, JSON.stringify({ schema: def.version || "", savedAt: new Date().toISOString(), data: estado }))) {
        var msg = "Andamento salvo às " + horaAgora();
        if (msg !== ultimoAviso) { ultimoAviso = msg; anunciar(msg); }
        avisarEquipe();
      } else {
        ultimoAviso = "";
        anunciar("Não foi possível salvar neste navegador. Use “Exportar andamento”.");
      }
    }
    // Checklist da equipe (js/equipe.js): cada alteração local salva é
    // avisada com "seiportal:checklist-alterado"; quando a equipe altera o
    // andamento, equipe.js o grava em localStorage e dispara
    // "seiportal:checklist-externo", e o andamento é relido.
    function avisarEquipe() { raiz.dispatchEvent(new CustomEvent("seiportal:checklist-alterado")); }
    raiz.addEventListener("seiportal:checklist-externo", function () { estado = { items: {} }; carregar(); mostrar(); });
    function itemEstado(id) {
      if (!estado.items[id]) estado.items[id] = {};
      return estado.items[id];
    }
    // erroData returns why v ("aaaa-mm-dd", from a date input) is not an
    // acceptable date, or "" when it is; futuro allows days after today.
    function erroData(v, futuro) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return "Data inválida: use dia, mês e ano com quatro dígitos (dd/mm/aaaa).";
      var p = v.split("-").map(Number);
      var d = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
      if (d.getUTCFullYear() !== p[0] || d.getUTCMonth() !== p[1] - 1 || d.getUTCDate() !== p[2]) return "Data inválida: este dia não existe.";
      if (p[0] < 1990 || p[0] > 2100) return "Data inválida: o ano deve estar entre 1990 e 2100.";
      if (!futuro && v > hojeISO()) return "A data não pode ser depois de hoje (" + dataBR(hojeISO()) + ").";
      return "";
    }
    function dataBR(v) { var p = v.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
    function erroCampo(c, texto) {
      var msg = document.getElementById(c.id + "-msg");
      if (msg) { msg.textContent = texto; msg.hidden = !texto; }
      if (texto) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
    }
    // lerData validates a date input: "" for an empty field, null (with the
    // message shown next to it) when it cannot be accepted.
    function lerData(c, futuro) {
      if (!c.value) {
        if (c.validity && c.validity.badInput) { erroCampo(c, "Data incompleta: preencha dia, mês e ano (dd/mm/aaaa)."); return null; }
        erroCampo(c, "");
        return "";
      }
      var e = erroData(c.value, futuro);
      erroCampo(c, e);
      return e ? null : c.value;
    }
    // estadoTexto turns an evaluated item into the line people read.
    function estadoTexto(it) {
      switch (it.status) {
        case "feito":
          var s = "Feito" + (it.detail ? " " + it.detail : "");
          return s;
        case "bloqueado": return "Bloqueado " + it.detail;
        case "pendente": return it.due_br ? it.label + " (até " + it.due_br + ")" : "Pendente";
        case "vence_hoje": return "Vence hoje" + (it.due_br ? " (" + it.due_br + ")" : "");
        case "atrasado": return "Atrasado: " + it.detail;
      }
      return it.label + (it.detail ? ": " + it.detail : "");
    }
    function mostrar() {
      var hoje = hojeISO();
      var rel = motor.checklist(defJSON, JSON.stringify(estado), hoje);
      if (rel.error) { aviso([el("p", null, rel.error)], true); return; }
      if (document.activeElement !== inicio && !inicio.hasAttribute("aria-invalid")) inicio.value = estado.start || "";
      rel.items.forEach(function (it) {
        var li = document.getElementById("item-" + it.id);
        if (!li) return;
        var st = estado.items[it.id] || {};
        $("#feito-" + it.id).checked = !!st.done;
        var etiqueta = $("#estado-" + it.id);
        etiqueta.textContent = estadoTexto(it) + (it.suggested_deadline && it.due && it.status !== "bloqueado" && it.status !== "feito" ? " (prazo sugerido)" : "");
        etiqueta.className = "app-estado app-estado-" + it.status;
        li.setAttribute("data-estado", it.status);
        var caixa = $("#concluido-" + it.id);
        var quando = $("#quando-" + it.id);
        if (caixa && quando) {
          caixa.hidden = !st.done;
          quando.max = hoje;
          if (document.activeElement !== quando && !quando.hasAttribute("aria-invalid")) quando.value = st.done_on || "";
        }
        // The reason shown after a refused tick follows the state: gone
        // once the item can be done, updated while it cannot.
        var motivo = $("#motivo-" + it.id);
        if (!motivo.hidden) {
          if (it.can_do || st.done) { motivo.hidden = true; motivo.textContent = ""; }
          else motivo.textContent = "Ainda não pode ser marcado como feito. " + it.reason;
        }
        $$("[data-evidencia]", li).forEach(function (c) {
          var v = (st.evidence || {})[c.getAttribute("data-evidencia")] || "";
          if (document.activeElement !== c && !c.hasAttribute("data-invalida")) c.value = v;
          if (c.hasAttribute("data-invalida")) return;
          var erro = "";
          (it.evidence || []).forEach(function (e) { if (e.Name === c.getAttribute("data-evidencia")) erro = e.Msg; });
          erroCampo(c, tocados[c.id] && erro ? erro : "");
        });
      });
      rel.stages.forEach(function (s) {
        var p = document.getElementById("progresso-" + s.id);
        if (p) p.textContent = s.done + " de " + s.total + (s.overdue ? " · " + s.overdue + " atrasado" + (s.overdue > 1 ? "s" : "") : "");
      });
      $("#app-progresso").value = rel.overall.percent;
      $("#app-progresso-valor").textContent = rel.overall.done + " de " + rel.overall.total + " itens (" + rel.overall.percent + "%)";
      if (rel.dropped && rel.dropped.length) {
        aviso([el("p", null, "O andamento salvo tem itens que este checklist não tem mais: " + rel.dropped.join(", ") + ". Eles continuam guardados; use “Exportar andamento” para consultá-los.")], false);
      }
    }
    // Filter by role: only the items of one responsável.
    function filtrar() {
      var quem = papel ? papel.value : "";
      $$(".app-etapa", raiz).forEach(function (s) {
        var vistos = 0;
        $$("li[data-item]", s).forEach(function (li) {
          var ver = !quem || li.getAttribute("data-papel") === quem;
          li.hidden = !ver;
          if (ver) vistos++;
        });
        var vazio = $(".app-filtro-vazio", s);
        if (vazio) vazio.hidden = vistos > 0;
        // The stepper tells which stages have this person's tasks.
        var prog = document.getElementById("progresso-" + s.getAttribute("data-etapa"));
        if (prog) {
          var extra = $(".app-etapa-filtro", prog.parentNode);
          if (!extra) { extra = el("span", { "class": "app-etapa-filtro" }); prog.parentNode.appendChild(extra); }
          extra.textContent = quem ? (vistos === 1 ? "1 tarefa" : vistos + " tarefas") + " de " + papel.options[papel.selectedIndex].textContent : "";
          extra.hidden = !quem;
        }
      });
    }
    if (papel) {
      papel.addEventListener("change", function () {
        filtrar();
        var nome = papel.value ? papel.options[papel.selectedIndex].textContent : "";
        anunciar(nome ? "Mostrando só as tarefas de " + nome + "." : "Mostrando as tarefas de todos os responsáveis.");
      });
    }
    // Evidence typed is saved with every key, as drafts are: a reload or a
    // closed tab loses nothing.
    raiz.addEventListener("input", function (ev) {
      var c = ev.target;
      if (!c.hasAttribute || !c.hasAttribute("data-evidencia") || c.type === "date") return;
      var st = itemEstado(c.closest("li[data-item]").getAttribute("data-item"));
      st.evidence = st.evidence || {};
      if (c.value.trim()) st.evidence[c.getAttribute("data-evidencia")] = c.value.trim();
      else delete st.evidence[c.getAttribute("data-evidencia")];
      salvar();
    });
    raiz.addEventListener("change", function (ev) {
      var c = ev.target;
      if (c.name === "feito") {
        var id = c.value;
        var motivo = $("#motivo-" + id);
        if (c.checked) {
          var teste = JSON.parse(JSON.stringify(estado));
          var r = motor.canComplete(defJSON, JSON.stringify(teste), id);
          if (!r.ok) {
            c.checked = false;
            motivo.textContent = "Ainda não pode ser marcado como feito. " + r.reason;
            motivo.hidden = false;
            $$("[data-evidencia]", c.closest("li")).forEach(function (e) { tocados[e.id] = true; });
            mostrar();
            anunciar(motivo.textContent);
            return;
          }
          var st = itemEstado(id);
          st.done = true;
          st.done_on = hojeISO();
        } else {
          var st2 = itemEstado(id);
          delete st2.done;
          delete st2.done_on;
          var q = $("#quando-" + id);
          if (q) erroCampo(q, "");
        }
        motivo.hidden = true;
        motivo.textContent = "";
        salvar();
        mostrar();
        return;
      }
      if (c.id === "app-inicio") {
        var v = lerData(c, true);
        if (v === null) { anunciar("Data de início não aceita: " + document.getElementById("app-inicio-msg").textContent); return; }
        if (v) estado.start = v; else delete estado.start;
        salvar();
        mostrar();
        return;
      }
      if (c.hasAttribute("data-quando")) {
        var idq = c.getAttribute("data-quando");
        var dq = lerData(c, false);
        if (!dq) {
          if (dq === "") erroCampo(c, "Informe a data de conclusão (dd/mm/aaaa).");
          anunciar("Data de conclusão não aceita.");
          return;
        }
        itemEstado(idq).done_on = dq;
        salvar();
        mostrar();
        anunciar("Concluído em " + dataBR(dq) + ".");
        return;
      }
      if (c.hasAttribute("data-evidencia")) {
        var li = c.closest("li[data-item]");
        var st3 = itemEstado(li.getAttribute("data-item"));
        var valor = c.value.trim();
        tocados[c.id] = true;
        if (c.type === "date") {
          var dv = lerData(c, true);
          if (dv === null) { c.setAttribute("data-invalida", ""); return; }
          c.removeAttribute("data-invalida");
          valor = dv;
        }
        st3.evidence = st3.evidence || {};
        if (valor) st3.evidence[c.getAttribute("data-evidencia")] = valor;
        else delete st3.evidence[c.getAttribute("data-evidencia")];
        salvar();
        mostrar();
      }
    });
    // Etapas: uma por vez, com o passo atual marcado.
    var etapas = $$(".app-etapa", raiz);
    function irPara(id, focar) {
      etapas.forEach(function (s) { s.hidden = s.getAttribute("data-etapa") !== id; });
      $$(".app-etapas a", raiz).forEach(function (a) {
        if (a.getAttribute("data-etapa") === id) a.setAttribute("aria-current", "step"); else a.removeAttribute("aria-current");
      });
      if (focar) $("#etapa-" + id + "-titulo").focus();
    }
    $$(".app-navegacao-etapas", raiz).forEach(function (n) { n.hidden = false; });
    raiz.addEventListener("click", function (ev) {
      var a = ev.target.closest(".app-etapas a, [data-ir]");
      if (a) {
        ev.preventDefault();
        irPara(a.getAttribute("data-etapa") || a.getAttribute("data-ir"), true);
        return;
      }
      var dep = ev.target.closest(".app-item-dados a[href^='#item-']");
      if (dep) {
        var alvo = document.getElementById(dep.getAttribute("href").slice(1));
        if (alvo) { ev.preventDefault(); irPara(alvo.closest(".app-etapa").getAttribute("data-etapa"), false); $("input", alvo).focus(); }
        return;
      }
      var b = ev.target.closest("button[data-acao]");
      if (!b) return;
      var acao = b.getAttribute("data-acao");
      if (acao === "exportar") {
        baixar("checklist-" + def.id + ".json", JSON.stringify({ checklist: def.id, schema: def.version || "", savedAt: new Date().toISOString(), data: estado }, null, 2) + "\n", "application/json");
        anunciar("Andamento exportado.");
      } else if (acao === "importar") {
        var arq = $("#app-arquivo");
        arq.value = "";
        arq.click();
      } else if (acao === "limpar") {
        var sim = el("button", { type: "button", "class": "app-perigo" }, "Sim, apagar o andamento");
        var nao = el("button", { type: "button", "class": "secundario" }, "Cancelar");
        sim.addEventListener("click", function () { estado = { items: {} }; apagar(chave); aviso(null); mostrar(); anunciar("Andamento apagado."); avisarEquipe(); b.focus(); });
        nao.addEventListener("click", function () { aviso(null); b.focus(); });
        var g = el("div", { "class": "app-barra" });
        g.appendChild(sim); g.appendChild(nao);
        aviso([el("p", null, "Apagar todo o andamento do checklist deste navegador? Não há como desfazer."), g], false);
        nao.focus();
      }
    });
    $("#app-arquivo").addEventListener("change", function (ev) {
      var f = ev.target.files && ev.target.files[0];
      if (!f) return;
      f.text().then(function (t) {
        var j = JSON.parse(t);
        if (j.checklist && j.checklist !== def.id) throw new Error("o arquivo é de outro checklist");
        var novo = j.data || j;
        if (typeof novo !== "object" || novo === null) throw new Error("formato desconhecido");
        var r = motor.checklist(defJSON, JSON.stringify(novo), hojeISO());
        if (r.error) throw new Error(r.error);
        estado = novo;
        if (!estado.items) estado.items = {};
        salvar();
        mostrar();
        anunciar("Andamento importado de " + f.name + ".");
      }).catch(function (e) { aviso([el("p", null, "Não foi possível importar " + f.name + ": " + (e.message || e))], true); });
    });
    carregar();
    mostrar();
    filtrar();
    var hash = location.hash.replace(/^#etapa-/, "");
    irPara(etapas.some(function (s) { return s.getAttribute("data-etapa") === hash; }) ? hash : etapas[0].getAttribute("data-etapa"), false);
    ativar();
  }

  // ---------- conferir ----------
  function iniciarConferir(motor) {
    var form = $("#app-form");
    var entrada = $("#app-pdf");
    var zona = $("#app-soltar");
    var arquivoAtual = null;
    function valorBR(campo, v) {
      if (v === true) return "Sim";
      if (v === false) return "Não";
      if (v == null || v === "") return "(em branco)";
      var s = String(v);
      if (campo && campo.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(s)) return s.slice(8, 10) + "/" + s.slice(5, 7) + "/" + s.slice(0, 4);
      if (campo && campo.options) {
        for (var i = 0; i < campo.options.length; i++) if (campo.options[i].value === s) return campo.options[i].label;
      }
      return s;
    }
    // dadosNaOrdem lists the data in the order and with the labels of the
    // form's definition; what the definition does not name follows, by key.
    function dadosNaOrdem(campos, dados, saida) {
      var vistos = {};
      (campos || []).forEach(function (c) {
        vistos[c.name] = true;
        var v = dados ? dados[c.name] : undefined;
        if (c.type === "group" && c.repeat) {
          var itens = Array.isArray(v) ? v : [];
          itens.forEach(function (item, i) {
            saida.appendChild(el("h5", null, (c.repeat.item_label || (c.label + " {n}")).replace("{n}", String(i + 1))));
            var dl = el("dl", { "class": "app-dados" });
            dadosNaOrdem(c.fields, item, dl);
            saida.appendChild(dl);
          });
          if (!itens.length) { saida.appendChild(el("h5", null, c.label)); saida.appendChild(el("p", null, "(nenhum)")); }
        } else if (c.type === "group") {
          saida.appendChild(el("h5", null, c.label));
          var dl2 = el("dl", { "class": "app-dados" });
          dadosNaOrdem(c.fields, v, dl2);
          saida.appendChild(dl2);
        } else {
          var alvo = saida.tagName === "DL" ? saida : saida.appendChild(el("dl", { "class": "app-dados" }));
          alvo.appendChild(el("dt", null, c.label));
          alvo.appendChild(el("dd", null, valorBR(c, v)));
        }
      });
      if (dados && typeof dados === "object") {
        Object.keys(dados).forEach(function (k) {
          if (vistos[k]) return;
          var alvo = saida.tagName === "DL" ? saida : saida.appendChild(el("dl", { "class": "app-dados" }));
          alvo.appendChild(el("dt", null, k));
          alvo.appendChild(el("dd", null, typeof dados[k] === "object" ? JSON.stringify(dados[k]) : valorBR(null, dados[k])));
        });
      }
    }
    function verificacao(lista, tipo, texto) {
      var li = el("li", { "class": "app-verif app-verif-" + tipo });
      li.appendChild(el("strong", null, tipo === "ok" ? "Verificado: " : tipo === "falha" ? "Não confere: " : "Não verificado: "));
      li.appendChild(document.createTextNode(texto));
      lista.appendChild(li);
      return li;
    }
    var vez = 0;
    function conferir() {
      var minha = ++vez;
      var saida = $("#app-resultado");
      // data-conferido marks a result complete (verdict and data): a check
      // under way removes it at once.
      saida.removeAttribute("data-conferido");
      if (!arquivoAtual) {
        saida.className = "app-resultado";
        saida.textContent = "";
        saida.classList.add("app-resultado-erro");
        saida.appendChild(el("p", { "class": "app-erro" }, "Escolha o PDF a conferir."));
        saida.hidden = false;
        entrada.focus();
        return;
      }
      var f = arquivoAtual;
      f.arrayBuffer().then(function (buf) {
        if (minha !== vez) return;
        var o = motor.open(new Uint8Array(buf), $("#app-codigo").value);
        // The verdict's look is set with its text, never before: a result
        // on screen always wears its own colour.
        saida.className = "app-resultado";
        saida.textContent = "";
        if (o.error) {
          saida.classList.add("app-resultado-erro");
          saida.appendChild(el("h3", { "class": "app-erro" }, "Não foi possível conferir"));
          saida.appendChild(el("p", null, f.name + ": " + o.error));
          saida.setAttribute("data-conferido", String(minha));
          saida.hidden = false;
          saida.focus();
          anunciar("Não foi possível conferir o PDF.");
          return;
        }
        var impresso = o.printed_matches; // true, false or undefined (not read)
        var digitado = o.typed_invalid ? false : o.matches; // true, false or undefined (nothing typed)
        var falhou = impresso === false || digitado === false;
        var verificou = impresso === true || digitado === true;
        var titulo;
        if (falhou) {
          titulo = el("h3", { "class": "app-erro" }, "O código não confere");
          saida.classList.add("app-resultado-erro");
        } else if (verificou) {
          titulo = el("h3", { "class": "app-ok" }, "O código confere");
          saida.classList.add("app-resultado-ok");
        } else {
          titulo = el("h3", null, "Não foi possível verificar o código");
          saida.classList.add("app-resultado-neutro");
        }
        saida.appendChild(titulo);
        var p = el("p", null, "Código calculado agora a partir dos dados guardados no PDF: ");
        p.appendChild(el("strong", { "class": "app-codigo" }, o.code));
        saida.appendChild(p);
        var ul = el("ul", { "class": "app-verificacoes" });
        var impressos = (o.printed || []).join(", ");
        if (impresso === true) verificacao(ul, "ok", "o código impresso no rodapé das páginas (" + impressos + ") é o mesmo calculado a partir dos dados guardados no arquivo: esses dados não foram alterados depois que o PDF foi gerado.");
        else if (impresso === false) verificacao(ul, "falha", "o código impresso no rodapé (" + impressos + ") é diferente do calculado a partir dos dados guardados no arquivo (" + o.code + "): os dados guardados foram alterados depois que o PDF foi gerado, ou as páginas não são deste documento. Não use este PDF como se estivesse correto.");
        else verificacao(ul, "nao", "não foi possível ler o código impresso no rodapé deste PDF (o arquivo pode ter sido salvo de novo por outro programa). Digite o código do rodapé no campo acima para compará-lo.");
        if (o.typed_invalid) verificacao(ul, "falha", "o que foi digitado não é um código de conferência (formato SP-XXXX-XXXX-XXXX).");
        else if (digitado === true) verificacao(ul, "ok", "o código digitado (" + o.typed + ") é o mesmo calculado a partir dos dados guardados.");
        else if (digitado === false) verificacao(ul, "falha", "o código digitado (" + o.typed + ") é diferente do calculado (" + o.code + "): confira se foi digitado como está no rodapé; se foi, os dados do arquivo não são os que geraram o código.");
        verificacao(ul, "nao", "as assinaturas digitais e se o texto impresso nas páginas diz o mesmo que os dados abaixo: compare-os com o PDF. A autenticidade de um documento no SEI se confere pelo código verificador e pelo CRC do próprio SEI.");
        saida.appendChild(ul);
        var dados = JSON.parse(o.data);
        var secao = el("div", { "class": "app-dados-documento" });
        saida.appendChild(secao);
        carregarJSON("/app/formularios/" + encodeURIComponent(o.form) + ".json").then(function (t) { return JSON.parse(t); }).catch(function () { return null; }).then(function (defn) {
          if (minha !== vez) return;
          secao.appendChild(el("h4", null, "Dados guardados no PDF: " + (defn && defn.title ? defn.title : "formulário " + o.form) + " (versão " + o.version + ")"));
          dadosNaOrdem(defn ? defn.fields : [], dados, secao);
          saida.setAttribute("data-conferido", String(minha));
        });
        saida.hidden = false;
        saida.focus();
        anunciar(titulo.textContent);
      });
    }
    entrada.addEventListener("change", function () { arquivoAtual = entrada.files && entrada.files[0]; if (arquivoAtual) conferir(); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); conferir(); });
    $("#app-codigo").addEventListener("change", function () { if (arquivoAtual) conferir(); });
    ["dragenter", "dragover"].forEach(function (t) { zona.addEventListener(t, function (ev) { ev.preventDefault(); zona.classList.add("app-arrastando"); }); });
    ["dragleave", "drop"].forEach(function (t) { zona.addEventListener(t, function () { zona.classList.remove("app-arrastando"); }); });
    zona.addEventListener("drop", function (ev) {
      ev.preventDefault();
      var f = ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files[0];
      if (f) { arquivoAtual = f; conferir(); }
    });
    ativar();
  }

  // ---------- início ----------
  var defURL = raiz.getAttribute("data-definicao");
  Promise.all([carregarMotor(), defURL ? carregarJSON(defURL) : Promise.resolve("")]).then(function (r) {
    r[0] = treino.motor(r[0]);
    if (tipo === "formulario") iniciarFormulario(r[0], r[1]);
    else if (tipo === "checklist") iniciarChecklist(r[0], r[1]);
    else if (tipo === "conferir") iniciarConferir(r[0]);
  }).catch(falhou);
})();
