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
    try {
      var k = "seiportal:teste";
      localStorage.setItem(k, "1");
      localStorage.removeItem(k);
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
  // Pede ao service worker que guarde o aplicativo para uso sem conexão.
  function guardarAplicativo() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage("guardar-aplicativo");
    }).catch(function () {});
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
    var timer = null;
    function salvar() {
      clearTimeout(timer);
      timer = null;
      var registro = { schema: def.version, savedAt: new Date().toISOString(), data: coletar() };
      if (original) registro.original = original;
      if (gravar(prefixo + atual, JSON.stringify(registro))) {
        gravar(chaveAtual, atual);
        atualizarSeletor();
        anunciar("Rascunho salvo às " + horaAgora());
      } else {
        anunciar("Não foi possível salvar o rascunho neste navegador. Use “Exportar” para guardar os dados.");
      }
    }
    function salvarDepois() {
      clearTimeout(timer);
      timer = setTimeout(salvar, 400);
    }
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
          gravar(prefixo + nome + " (corrompido)", JSON.stringify({ schema: 0, savedAt: new Date().toISOString(), data: {}, corrupted: bruto }));
          apagar(prefixo + nome);
          var b = el("button", { type: "button", "class": "secundario" }, "Exportar o conteúdo salvo");
          b.addEventListener("click", function () { baixar(formID + "-" + nomeArquivo(nome) + "-corrompido.txt", bruto, "text/plain"); });
          aviso([el("p", null, "O rascunho “" + nome + "” salvo neste navegador está corrompido e não pôde ser aberto. O conteúdo foi preservado em “" + nome + " (corrompido)”; exporte-o para recuperar o que for possível."), b], true);
          registro = null;
        }
      }
      preencher({});
      if (registro) restaurar(registro, "rascunho");
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
      preencher(JSON.parse(m.data));
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
    function ligarMascaras(escopo) {
      $$("input[data-mascara]", escopo).forEach(function (c) {
        if (c.dataset.mascaraLigada) return;
        c.dataset.mascaraLigada = "1";
        var tipoM = c.getAttribute("data-mascara");
        c.addEventListener("input", function (ev) {
          if (tipoM !== "cpf") return;
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
      var inicio = performance.now();
      var res = motor.pdf(defJSON, JSON.stringify(coletar()));
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
      var sem = motor.pdf(defJSON, dados, { semDados: true });
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
    });

    seletor.addEventListener("change", function () { salvar(); abrir(seletor.value); anunciar("Rascunho “" + atual + "” aberto."); });
    var barra = $(".app-rascunhos", raiz);
    barra.hidden = false;
    var arquivo = $("#app-arquivo");
    barra.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-acao]");
      if (!b) return;
      var acao = b.getAttribute("data-acao");
      if (acao === "novo") {
        salvar();
        var usados = nomes(), n = usados.length + 1;
        while (usados.indexOf("Rascunho " + n) >= 0) n++;
        var nome = "Rascunho " + n;
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

    function carregar() {
      var bruto = ler(chave);
      if (bruto == null) return;
      try {
        var r = JSON.parse(bruto);
        if (!r || typeof r.data !== "object" || r.data === null) throw new Error("formato");
        estado = r.data;
        if (!estado.items || typeof estado.items !== "object") estado.items = {};
      } catch (e) {
        gravar(chave + " (corrompido)", bruto);
        apagar(chave);
        var b = el("button", { type: "button", "class": "secundario" }, "Exportar o conteúdo salvo");
        b.addEventListener("click", function () { baixar("checklist-" + def.id + "-corrompido.txt", bruto, "text/plain"); });
        aviso([el("p", null, "O andamento salvo neste navegador está corrompido e não pôde ser aberto. O conteúdo foi preservado; exporte-o para recuperar o que for possível."), b], true);
      }
    }
    function salvar() {
      if (gravar(chave, JSON.stringify({ schema: def.version || "", savedAt: new Date().toISOString(), data: estado }))) {
        anunciar("Andamento salvo às " + horaAgora());
      } else {
        anunciar("Não foi possível salvar neste navegador. Use “Exportar andamento”.");
      }
    }
    function itemEstado(id) {
      if (!estado.items[id]) estado.items[id] = {};
      return estado.items[id];
    }
    function mostrar() {
      var rel = motor.checklist(defJSON, JSON.stringify(estado), hojeISO());
      if (rel.error) { aviso([el("p", null, rel.error)], true); return; }
      inicio.value = estado.start || "";
      rel.items.forEach(function (it) {
        var li = document.getElementById("item-" + it.id);
        if (!li) return;
        var st = estado.items[it.id] || {};
        $("#feito-" + it.id).checked = !!st.done;
        var etiqueta = $("#estado-" + it.id);
        etiqueta.textContent = it.label + (it.detail ? " " + it.detail : "") + (it.suggested_deadline && it.due && it.status !== "bloqueado" ? " (prazo sugerido)" : "");
        etiqueta.className = "app-estado app-estado-" + it.status;
        li.setAttribute("data-estado", it.status);
        $$("[data-evidencia]", li).forEach(function (c) {
          var v = (st.evidence || {})[c.getAttribute("data-evidencia")] || "";
          if (document.activeElement !== c) c.value = v;
          var erro = "";
          (it.evidence || []).forEach(function (e) { if (e.Name === c.getAttribute("data-evidencia")) erro = e.Msg; });
          var msg = document.getElementById(c.id + "-msg");
          var ver = tocados[c.id] && erro;
          msg.textContent = ver ? erro : "";
          msg.hidden = !ver;
          if (ver) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
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
        }
        motivo.hidden = true;
        motivo.textContent = "";
        salvar();
        mostrar();
        return;
      }
      if (c.id === "app-inicio") {
        if (c.value) estado.start = c.value; else delete estado.start;
        salvar();
        mostrar();
        return;
      }
      if (c.hasAttribute("data-evidencia")) {
        var li = c.closest("li[data-item]");
        var st3 = itemEstado(li.getAttribute("data-item"));
        st3.evidence = st3.evidence || {};
        if (c.value.trim()) st3.evidence[c.getAttribute("data-evidencia")] = c.value.trim();
        else delete st3.evidence[c.getAttribute("data-evidencia")];
        tocados[c.id] = true;
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
        sim.addEventListener("click", function () { estado = { items: {} }; apagar(chave); aviso(null); mostrar(); anunciar("Andamento apagado."); b.focus(); });
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
    function rotulos(defn) {
      var out = {};
      (function anda(campos, pre) {
        campos.forEach(function (c) {
          var p = pre ? pre + "." + c.name : c.name;
          out[p] = c.label;
          if (c.fields) anda(c.fields, p);
        });
      })(defn.fields || [], "");
      return out;
    }
    function linhas(dados, nomesCampos, pre, dl) {
      Object.keys(dados).forEach(function (k) {
        var v = dados[k];
        var p = pre ? pre + "." + k : k;
        var semIndice = p.replace(/\.\d+/g, "");
        if (Array.isArray(v)) {
          v.forEach(function (item, i) { linhas(item, nomesCampos, p + "." + i, dl); });
        } else if (v && typeof v === "object") {
          linhas(v, nomesCampos, p, dl);
        } else {
          var idx = p.match(/\.(\d+)\./);
          dl.appendChild(el("dt", null, (nomesCampos[semIndice] || k) + (idx ? " (" + (+idx[1] + 1) + "º)" : "")));
          dl.appendChild(el("dd", null, v === true ? "Sim" : v === false ? "Não" : String(v)));
        }
      });
    }
    var vez = 0;
    function conferir() {
      var minha = ++vez;
      var saida = $("#app-resultado");
      if (!arquivoAtual) {
        saida.textContent = "";
        saida.appendChild(el("p", { "class": "app-erro" }, "Escolha o PDF a conferir."));
        saida.hidden = false;
        entrada.focus();
        return;
      }
      var f = arquivoAtual;
      f.arrayBuffer().then(function (buf) {
        if (minha !== vez) return;
        var o = motor.open(new Uint8Array(buf), $("#app-codigo").value);
        saida.textContent = "";
        if (o.error) {
          saida.appendChild(el("h3", null, "Não foi possível conferir"));
          saida.appendChild(el("p", { "class": "app-erro" }, f.name + ": " + o.error));
          saida.hidden = false;
          saida.focus();
          anunciar("Não foi possível conferir o PDF.");
          return;
        }
        var titulo;
        if (o.matches === true) titulo = el("h3", { "class": "app-ok" }, "O código confere");
        else if (o.matches === false) titulo = el("h3", { "class": "app-erro" }, "O código não confere");
        else titulo = el("h3", null, "Dados lidos do PDF");
        saida.appendChild(titulo);
        var p = el("p", null, "Código de conferência calculado a partir dos dados guardados no PDF: ");
        p.appendChild(el("strong", { "class": "app-codigo" }, o.code));
        saida.appendChild(p);
        if (o.matches === true) saida.appendChild(el("p", null, "É o mesmo código digitado (" + o.typed + "): os dados guardados no PDF são os que geraram o código do rodapé. Compare-os com o texto das páginas."));
        else if (o.matches === false) saida.appendChild(el("p", null, "O código digitado (" + o.typed + ") é diferente: os dados do PDF foram alterados depois da geração, ou o código foi digitado errado. Confira o código no rodapé."));
        else if (o.typed_invalid) saida.appendChild(el("p", { "class": "app-erro" }, "O que foi digitado não é um código de conferência (formato SP-XXXX-XXXX-XXXX)."));
        else saida.appendChild(el("p", null, "Compare este código com o impresso no rodapé do PDF, ou digite-o no campo acima e confira de novo."));
        var dl = el("dl", { "class": "app-dados" });
        var dados = JSON.parse(o.data);
        carregarJSON("/app/formularios/" + encodeURIComponent(o.form) + ".json").then(function (t) { return rotulos(JSON.parse(t)); }).catch(function () { return {}; }).then(function (nomesCampos) {
          if (minha !== vez) return;
          linhas(dados, nomesCampos, "", dl);
          saida.appendChild(el("h4", null, "Dados do documento (formulário " + o.form + ", versão " + o.version + ")"));
          saida.appendChild(dl);
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
