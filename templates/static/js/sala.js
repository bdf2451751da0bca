// Página da sala de aula (/sala/): diz se a cópia do portal para usar sem
// internet está completa neste navegador (perguntando ao service worker o
// que está no cache), mostra o endereço e o código QR quando o portal é
// servido por "seiportal serve --rede" (/_seiportal/sala.json) e apaga tudo
// o que este portal guardou neste navegador.
//
// Toda chave que o portal grava em localStorage ou sessionStorage começa com
// "seiportal:" (app.js, treino.js, equipe.js, programa.js, portal.js e os
// exercícios): é esse prefixo que o botão apaga, e só ele. O portal não usa
// IndexedDB nem cookies; o cache do service worker ("seiportal-…") só tem as
// páginas públicas do portal, nenhum dado digitado, e não é apagado aqui.
(function () {
  "use strict";
  var PREFIXO = "seiportal:";

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, texto) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (texto != null) e.textContent = texto;
    return e;
  }
  function plural(n, um, varios) { return n + " " + (n === 1 ? um : varios); }
  // faltam agrees the verb with n: "falta 1", "faltam 2".
  function faltam(n, maiuscula) { var v = n === 1 ? "falta " : "faltam "; return (maiuscula ? v.charAt(0).toUpperCase() + v.slice(1) : v) + n; }
  function juntar(partes) {
    if (partes.length < 2) return partes.join("");
    return partes.slice(0, -1).join(", ") + " e " + partes[partes.length - 1];
  }

  // ---------- cópia para usar sem internet ----------
  var estado = $("sala-estado"), verificar = $("sala-verificar"), guardar = $("sala-guardar");

  function mostrar(tipo, titulo, linhas, lista) {
    estado.setAttribute("data-estado", tipo);
    estado.textContent = "";
    var p = el("p");
    p.appendChild(el("strong", null, titulo));
    estado.appendChild(p);
    (linhas || []).forEach(function (l) { estado.appendChild(el("p", null, l)); });
    if (lista && lista.length) {
      var ul = el("ul", { "class": "sala-faltam", "aria-label": "Arquivos que faltam" });
      lista.slice(0, 8).forEach(function (u) { var li = el("li"); li.appendChild(el("code", null, u)); ul.appendChild(li); });
      if (lista.length > 8) ul.appendChild(el("li", null, "e mais " + (lista.length - 8)));
      estado.appendChild(ul);
    }
  }

  function semCopia() {
    var linhas = [];
    if (!window.isSecureContext) {
      linhas.push("Este endereço (" + location.origin + ") é http numa rede local. Os navegadores só guardam a cópia de um site aberto por https ou no próprio aparelho, então aqui as páginas e os formulários funcionam enquanto este aparelho estiver na rede da sala, mas não sem ela.");
    } else {
      linhas.push("Este navegador não guarda cópias de sites para usar sem internet (service worker indisponível, ou desativado numa janela anônima).");
    }
    mostrar("indisponivel", "Sem cópia para usar sem internet neste navegador.", linhas);
  }

  function perguntar(ativo) {
    return new Promise(function (resolve, reject) {
      var canal = new MessageChannel();
      var limite = setTimeout(function () { reject(new Error("sem resposta")); }, 15000);
      canal.port1.onmessage = function (ev) { clearTimeout(limite); resolve(ev.data || {}); };
      ativo.postMessage("estado-copia", [canal.port2]);
    });
  }

  function relatar(r) {
    if (r.erro || typeof r.portal !== "number") {
      mostrar("erro", "Não foi possível verificar a cópia.", ["O navegador não respondeu sobre o que está guardado. Recarregue a página e verifique de novo."]);
      verificar.hidden = false;
      return;
    }
    var fp = r.faltamPortal || [], fa = r.faltamApp || [];
    verificar.hidden = false;
    if (fp.length === 0 && fa.length === 0) {
      mostrar("pronto", "Pronto: o portal e o aplicativo estão guardados neste navegador.", [
        "Estão guardados os " + plural(r.portal, "arquivo", "arquivos") + " do portal (páginas, busca, PDFs em branco) e os " + plural(r.app, "arquivo", "arquivos") + " do aplicativo (formulários, checklist e conferência). Sem internet, este navegador abre o portal e os formulários.",
        "A verificação vale para este navegador neste aparelho; confira cada aparelho da sala."
      ]);
      guardar.hidden = true;
      return;
    }
    var linhas = [];
    if (fp.length) linhas.push(faltam(fp.length, true) + " de " + plural(r.portal, "arquivo", "arquivos") + " do portal.");
    if (fa.length) linhas.push(fa.length === r.app ? "O aplicativo (formulários, checklist e conferência) ainda não está guardado: faltam os " + plural(r.app, "arquivo", "arquivos") + " dele." : faltam(fa.length, true) + " de " + plural(r.app, "arquivo", "arquivos") + " do aplicativo.");
    linhas.push("Com internet, clique em “Guardar o que falta” e espere a resposta antes de desligar a rede.");
    mostrar("incompleto", "Incompleto: " + faltam(fp.length + fa.length) + " " + (fp.length + fa.length === 1 ? "arquivo" : "arquivos") + ".", linhas, fp.concat(fa));
    guardar.hidden = false;
  }

  function conferir() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) { semCopia(); return; }
    var sw = navigator.serviceWorker;
    sw.getRegistration().then(function (reg) {
      if (!reg || !reg.active) {
        mostrar("incompleto", "Incompleto: a cópia para usar sem internet ainda está sendo guardada.", [
          reg ? "O navegador está guardando o portal agora. Esta mensagem muda sozinha quando terminar; mantenha a internet ligada até lá." : "O navegador ainda não começou a guardar o portal. Mantenha a internet ligada: esta mensagem muda sozinha quando a cópia estiver guardada."
        ]);
        sw.ready.then(conferir);
        return;
      }
      return perguntar(reg.active).then(relatar);
    }).catch(function () {
      mostrar("erro", "Não foi possível verificar a cópia.", ["Recarregue a página e verifique de novo."]);
      verificar.hidden = false;
    });
  }

  verificar.addEventListener("click", function () {
    mostrar("verificando", "Verificando…");
    conferir();
  });
  guardar.addEventListener("click", function () {
    guardar.disabled = true;
    mostrar("verificando", "Guardando o que falta…", ["Isso pode levar alguns segundos; mantenha a internet ligada."]);
    navigator.serviceWorker.ready.then(function (reg) {
      return new Promise(function (resolve) {
        var canal = new MessageChannel();
        var limite = setTimeout(resolve, 120000);
        canal.port1.onmessage = function () { clearTimeout(limite); resolve(); };
        reg.active.postMessage("guardar-aplicativo", [canal.port2]);
      });
    }).then(function () { guardar.disabled = false; conferir(); });
  });

  // ---------- endereço e código QR ----------
  var rede = $("sala-rede");
  function paragrafo(partes) {
    var p = el("p");
    partes.forEach(function (x) { p.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
    return p;
  }
  function comando() { return el("code", null, "seiportal serve --rede"); }

  function mostrarRede(s) {
    rede.textContent = "";
    if (!s) {
      rede.appendChild(paragrafo(["Este portal não está sendo servido pelo ", el("code", null, "seiportal serve"), " (é a versão publicada). Para os celulares da sala abrirem o portal sem internet, rode ", comando(), " no seu notebook e abra esta página pelo endereço que o terminal mostrar."]));
      return;
    }
    if (!s.rede) {
      rede.appendChild(paragrafo(["O portal está sendo servido só para este computador (", el("code", null, s.endereco), "). Para os celulares da sala, feche o servidor (Ctrl+C no terminal) e rode ", comando(), "."]));
      return;
    }
    var caixa = el("div", { "class": "sala-qr" });
    caixa.appendChild(el("img", { src: s.qr, width: "352", height: "352", alt: "Código QR para abrir " + s.endereco }));
    var txt = el("div");
    txt.appendChild(el("p", null, "Aponte a câmera do celular para o código, ou digite:"));
    txt.appendChild(el("p", { "class": "sala-endereco-grande" }, s.endereco));
    caixa.appendChild(txt);
    rede.appendChild(caixa);
    var outros = (s.enderecos || []).slice(1);
    if (outros.length) rede.appendChild(el("p", null, "Se o celular estiver noutra rede deste computador, use: " + outros.join(", ") + "."));
    rede.appendChild(el("p", null, "Os celulares precisam estar no mesmo Wi-Fi que este computador. Por esse endereço (http, na rede local) eles abrem as páginas e os formulários, mas não guardam a cópia para usar sem internet: veja a explicação abaixo."));
  }

  fetch("/_seiportal/sala.json", { cache: "no-store" }).then(function (r) {
    if (!r.ok) return null;
    return r.json().catch(function () { return null; });
  }).then(mostrarRede, function () { mostrarRede(null); });

  // ---------- apagar os dados deste portal ----------
  var inicio = $("sala-apagar-inicio"), confirmar = $("sala-confirmar"), lista = $("sala-confirmar-lista"), resultado = $("sala-apagar-resultado");

  function armazens() {
    var out = [];
    ["localStorage", "sessionStorage"].forEach(function (nome) {
      try { var s = window[nome]; if (s) out.push(s); } catch (e) { /* bloqueado */ }
    });
    return out;
  }
  function chaves() {
    var out = [];
    armazens().forEach(function (s) {
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIXO) === 0) out.push({ s: s, k: k });
      }
    });
    return out;
  }

  // descrever says, in words, what the keys hold; avisos are the
  // consequences the person should know before erasing.
  function descrever(ks) {
    var rasc = 0, rascTreino = 0, aberto = false, check = false, checkTreino = false, equipe = false, programa = false, modo = false, contraste = false, exerc = 0, outros = 0;
    ks.forEach(function (x) {
      var k = x.k.slice(PREFIXO.length), treino = k.indexOf("treino:") === 0;
      if (treino) k = k.slice("treino:".length);
      if (k.indexOf("rascunho:") === 0) { if (treino) rascTreino++; else rasc++; }
      else if (k.indexOf("rascunho-atual:") === 0) aberto = true;
      else if (k === "teste" || k === "treino-aviso") { /* aviso de passagem */ }
      else if (k.indexOf("checklist:") === 0) { if (treino) checkTreino = true; else check = true; }
      else if (k.indexOf("equipe:") === 0) equipe = true;
      else if (k.indexOf("programa:") === 0) programa = true;
      else if (k === "modo-treinamento") modo = true;
      else if (k === "alto-contraste") contraste = true;
      else if (k.indexOf("exercicio") === 0) exerc++;
      else outros++;
    });
    var itens = [], avisos = [];
    if (rasc) itens.push(plural(rasc, "rascunho de formulário", "rascunhos de formulário"));
    if (rascTreino) itens.push(plural(rascTreino, "rascunho de treino", "rascunhos de treino"));
    if (aberto && !rasc && !rascTreino) itens.push("a indicação do último rascunho aberto");
    if (check) itens.push("o andamento do checklist");
    if (checkTreino) itens.push("o andamento de treino do checklist");
    if (equipe) {
      itens.push("o acesso ao checklist da equipe");
      avisos.push("O espaço da equipe continua no servidor para os outros membros; para voltar a ele neste navegador, será preciso o link da equipe de novo.");
    }
    if (programa) {
      itens.push("a publicação do checklist no programa do estado");
      avisos.push("O último resumo publicado continua no programa do estado e este navegador deixa de poder retirá-lo. Para retirá-lo, use antes “Deixar de publicar” na página do checklist.");
    }
    if (exerc) itens.push(exerc === 1 ? "as respostas de exercícios" : "as respostas de exercícios (" + exerc + " registros)");
    if (modo) itens.push("o modo de treinamento");
    if (contraste) itens.push("a preferência de alto contraste");
    if (outros) itens.push(plural(outros, "outro registro do portal", "outros registros do portal"));
    if (!itens.length) itens.push(plural(ks.length, "registro temporário do portal", "registros temporários do portal"));
    return { itens: itens, avisos: avisos };
  }

  function fecharConfirmacao() { confirmar.hidden = true; inicio.hidden = false; }

  inicio.hidden = false;
  inicio.addEventListener("click", function () {
    resultado.textContent = "";
    resultado.classList.remove("sala-falhou");
    var ks = chaves();
    if (!ks.length) {
      resultado.textContent = "Nada a apagar: este portal não guardou rascunhos, andamento nem preferências neste navegador.";
      resultado.focus();
      return;
    }
    var d = descrever(ks);
    lista.textContent = "";
    lista.appendChild(el("p", null, "Serão apagados deste navegador: " + juntar(d.itens) + "."));
    d.avisos.forEach(function (a) { lista.appendChild(el("p", { "class": "sala-aviso" }, a)); });
    confirmar.hidden = false;
    inicio.hidden = true;
    $("sala-confirmar-titulo").focus();
  });
  $("sala-apagar-nao").addEventListener("click", function () {
    fecharConfirmacao();
    resultado.textContent = "Nada foi apagado.";
    inicio.focus();
  });
  $("sala-apagar-sim").addEventListener("click", function () {
    var ks = chaves(), d = descrever(ks);
    ks.forEach(function (x) { try { x.s.removeItem(x.k); } catch (e) { /* verificado abaixo */ } });
    var restam = chaves().length;
    fecharConfirmacao();
    if (restam) {
      resultado.classList.add("sala-falhou");
      resultado.textContent = "Não foi possível apagar tudo: " + plural(restam, "registro continua", "registros continuam") + " neste navegador. Feche as outras abas do portal e tente de novo, ou apague os dados do site nas configurações do navegador.";
    } else {
      document.documentElement.classList.remove("alto-contraste");
      var botaoContraste = $("alto-contraste");
      if (botaoContraste) botaoContraste.setAttribute("aria-pressed", "false");
      resultado.textContent = "Apagado: " + juntar(d.itens) + ". Este navegador não guarda mais nenhum dado deste portal além da cópia das páginas públicas.";
    }
    resultado.focus();
  });

  conferir();
})();
