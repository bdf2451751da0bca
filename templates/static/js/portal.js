// Portal SEI: atalhos do eMAG, alto contraste, menu em gaveta no celular,
// "Nesta página" com a seção atual, prévias por toque, "ir para o art.",
// filtro do glossário, copiar link e o service worker. Nada aqui envia dados
// a servidores.
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

  function $$(sel, raiz) { return Array.prototype.slice.call((raiz || document).querySelectorAll(sel)); }

  // Celular: o menu é uma gaveta; telas largas: "Nesta página" à direita.
  var celular = window.matchMedia("(max-width: 52rem)");
  var largo = window.matchMedia("(min-width: 75rem)");
  function alturaTopo() {
    var t = document.querySelector(".topo");
    return t ? t.getBoundingClientRect().height : 0;
  }

  function copiar(texto) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(texto);
    return Promise.reject(new Error("sem área de transferência"));
  }

  // O elemento de um "#id" (nulo se o endereço vier malformado).
  function porHash(h) {
    try { return h && h.length > 1 ? document.getElementById(decodeURIComponent(h.slice(1))) : null; } catch (e) { return null; }
  }
  // Abre o <details> que contém o alvo de um link (#id), para que ele apareça.
  function revelar(el) {
    for (var p = el && el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) p.open = true;
    }
  }

  function focar(id) {
    var el = document.getElementById(id);
    if (!el) return;
    if (id === "menu" && celular.matches) { abrirMenu(true); return; }
    if (!el.hasAttribute("tabindex") && !/^(INPUT|A|BUTTON|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute("tabindex", "-1");
    el.focus();
    if (el.scrollIntoView) el.scrollIntoView({ block: "start" });
  }

  // --- Gaveta do menu ---
  function menuAberto() { return document.body.classList.contains("menu-aberto"); }
  function abrirMenu(abrir) {
    var botao = document.querySelector(".botao-menu");
    var menu = document.getElementById("menu");
    if (!menu) return;
    var gaveta = celular.matches;
    abrir = abrir && gaveta;
    var estava = menuAberto();
    document.body.classList.toggle("menu-aberto", abrir);
    if (botao) {
      botao.setAttribute("aria-expanded", abrir ? "true" : "false");
      var r = botao.querySelector(".botao-menu-rotulo");
      if (r) r.textContent = abrir ? "Fechar menu" : "Abrir menu";
    }
    // Fora da gaveta, nada recebe foco nem é lido enquanto ela está aberta.
    $$(".barra-acessibilidade, .topo, main, .rodape").forEach(function (el) {
      if (abrir) el.setAttribute("inert", ""); else el.removeAttribute("inert");
    });
    if (abrir) {
      var f = menu.querySelector(".fechar-menu");
      if (f) f.focus();
    } else {
      if (estava && botao && (!document.activeElement || document.activeElement === document.body || menu.contains(document.activeElement))) botao.focus();
    }
  }
  function focaveis(raiz) {
    return $$("a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])", raiz)
      .filter(function (el) { return el.getClientRects().length > 0; });
  }
  function prenderFoco(ev) {
    var menu = document.getElementById("menu");
    var lista = focaveis(menu);
    if (!lista.length) return;
    var primeiro = lista[0], ultimo = lista[lista.length - 1];
    var ativo = document.activeElement;
    if (ev.shiftKey && (ativo === primeiro || !menu.contains(ativo))) { ev.preventDefault(); ultimo.focus(); }
    else if (!ev.shiftKey && (ativo === ultimo || !menu.contains(ativo))) { ev.preventDefault(); primeiro.focus(); }
  }

  // --- Prévias de citações e termos ---
  var ponteiro = "mouse";
  var fecharDepois = null;
  function dicasAbertas() { return $$(".com-dica.aberta"); }
  function fecharDicas(exceto) {
    dicasAbertas().forEach(function (c) { if (c !== exceto) c.classList.remove("aberta"); });
  }
  function linkDaDica(c, d) {
    if (d.querySelector(".dica-ir")) return;
    var a = c.querySelector("a.citacao, a.termo");
    if (!a) return;
    var s = document.createElement("span");
    s.className = "dica-ir";
    var ir = document.createElement("a");
    ir.href = a.getAttribute("href");
    ir.textContent = a.classList.contains("termo") ? "Ver no glossário" : "Ir para o dispositivo";
    s.appendChild(ir);
    d.appendChild(s);
  }
  // Coloca a prévia dentro da tela, fixa sobre o texto (nunca quebra a
  // frase em que está): abaixo do link ou, se não couber, acima dele, e
  // deslocada para o lado o quanto for preciso.
  function posicionar(c) {
    var d = c.querySelector(".dica"), a = c.querySelector("a");
    if (!d || !a) return;
    var m = 8, vw = doc.clientWidth, vh = doc.clientHeight, topo = alturaTopo();
    d.style.left = "0px";
    d.style.top = "0px";
    var w = d.offsetWidth, h = d.offsetHeight;
    var rs = a.getClientRects(), r = rs.length ? rs[0] : a.getBoundingClientRect();
    var ult = rs.length ? rs[rs.length - 1] : r;
    // O link saiu da tela (rolagem): a prévia fecha com ele.
    if (ult.bottom < topo || r.top > vh) { c.classList.remove("aberta"); return; }
    var y = ult.bottom + 5;
    if (y + h > vh - m && r.top - 5 - h >= topo + m) y = r.top - 5 - h;
    else if (y + h > vh - m) y = Math.max(topo + m, vh - m - h);
    var x = Math.min(Math.max(r.left, m), vw - m - w);
    d.style.left = Math.max(m, x) + "px";
    d.style.top = y + "px";
  }
  function abrirDica(c) {
    clearTimeout(fecharDepois);
    fecharDicas(c);
    c.classList.remove("dica-fechada");
    if (c.classList.contains("aberta")) return;
    var d = c.querySelector(".dica");
    if (d) linkDaDica(c, d);
    c.classList.add("aberta");
    posicionar(c);
  }

  // --- "Nesta página": a seção em que o leitor está ---
  var espiao = [];
  function marcarSecao() {
    if (!espiao.length) return;
    var limite = alturaTopo() + 24, atual = null;
    for (var i = 0; i < espiao.length; i++) {
      if (espiao[i].alvo.getBoundingClientRect().top <= limite) atual = espiao[i];
      else break;
    }
    espiao.forEach(function (e) {
      if (e === atual) e.link.setAttribute("aria-current", "location");
      else e.link.removeAttribute("aria-current");
    });
    // Na coluna com rolagem própria, a seção atual fica à vista.
    var caixa = atual && atual.link.closest(".sumario-interno");
    if (caixa && caixa.scrollHeight > caixa.clientHeight) {
      var l = atual.link.getBoundingClientRect(), c = caixa.getBoundingClientRect();
      if (l.top < c.top || l.bottom > c.bottom) caixa.scrollTop += l.top - c.top - c.height / 3;
    }
  }
  function ajustarDobras() {
    $$(".sumario-dobra").forEach(function (d) { d.open = largo.matches; });
  }

  // --- Tabelas largas: rolagem indicada e alcançável pelo teclado ---
  function marcarTabelas() {
    $$(".tabela-rolavel").forEach(function (w) {
      var rola = w.scrollWidth > w.clientWidth + 1;
      w.classList.toggle("rola", rola);
      if (rola) {
        w.setAttribute("tabindex", "0");
        w.setAttribute("role", "region");
        w.setAttribute("aria-label", "Tabela com rolagem lateral");
      } else {
        w.removeAttribute("tabindex");
        w.removeAttribute("role");
        w.removeAttribute("aria-label");
      }
    });
  }

  function dobrar(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
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
    if (botao) botao.addEventListener("click", function () { abrirMenu(!menuAberto()); });
    var fechar = document.querySelector(".fechar-menu");
    if (fechar) fechar.addEventListener("click", function () { abrirMenu(false); });
    var mudouLargura = function () {
      if (!celular.matches && menuAberto()) abrirMenu(false);
      ajustarDobras();
      marcarTabelas();
    };
    if (celular.addEventListener) { celular.addEventListener("change", mudouLargura); largo.addEventListener("change", mudouLargura); }

    // Atalhos da barra de acessibilidade também pelo clique.
    $$(".barra-acessibilidade a[href^='#']").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); focar(a.getAttribute("href").slice(1)); });
    });

    // "Nesta página": aberto na coluna das telas largas, dobrado no celular.
    ajustarDobras();
    $$(".sumario a[href^='#']").forEach(function (a) {
      var alvo = porHash(a.getAttribute("href"));
      if (alvo) espiao.push({ link: a, alvo: alvo });
    });
    espiao.sort(function (x, y) {
      return x.alvo.compareDocumentPosition(y.alvo) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });

    // Voltar ao topo: aparece depois de uma tela de rolagem.
    var topo = document.querySelector(".voltar-topo");
    var agendado = false;
    var aoRolar = function () {
      agendado = false;
      if (topo) topo.classList.toggle("escondido", window.scrollY < window.innerHeight * 0.8);
      marcarSecao();
      dicasAbertas().forEach(posicionar);
    };
    window.addEventListener("scroll", function () {
      if (!agendado) { agendado = true; window.requestAnimationFrame(aoRolar); }
    }, { passive: true });
    aoRolar();

    // Tabelas com rolagem lateral.
    $$(".texto table").forEach(function (t) {
      var w = document.createElement("div");
      w.className = "tabela-rolavel";
      t.parentNode.insertBefore(w, t);
      w.appendChild(t);
    });
    marcarTabelas();

    // No papel, os links do texto mostram para onde levam (impressao.css):
    // os de fora como são, os do portal com o endereço público dele
    // (base_url). Citações, termos do glossário, âncoras e a navegação
    // não: o texto deles já diz o que são.
    var publico = doc.getAttribute("data-endereco");
    $$(".conteudo a[href]").forEach(function (a) {
      var h = a.getAttribute("href");
      if (/^(#|mailto:|tel:|javascript:)/i.test(h) || a.matches(".termo, .citacao, .ancora, .footnote-ref, .footnote-backref, .botao, .editar-pagina") ||
          a.closest("nav, .sumario, .cartoes, .dica, .cabecalho-pagina, .acoes-treinamento, .app-etapas")) return;
      var u;
      try { u = new URL(h, location.href); } catch (e) { return; }
      var alvo = u.href;
      if (u.origin === location.origin) alvo = (publico && /^https?:/.test(publico) ? publico.replace(/\/$/, "") : "") + u.pathname + u.search + u.hash;
      var texto = a.textContent.trim();
      if (texto === alvo || texto === h) return;
      a.setAttribute("data-endereco", alvo);
    });

    // Páginas de aplicativo: no celular, o aplicativo vem primeiro.
    if (celular.matches) $$(".app-explicacao").forEach(function (d) { d.open = false; });

    // Compartilhar: Web Share onde houver, senão copiar o link.
    $$(".compartilhar").forEach(function (p) {
      var b = p.querySelector("button");
      if (!navigator.share) b.textContent = "Copiar link desta página";
      p.hidden = false;
      b.addEventListener("click", function () {
        if (navigator.share) {
          navigator.share({ title: document.title, url: location.href }).catch(function () {});
          return;
        }
        copiar(location.href).then(function () { anunciar("Link da página copiado"); b.classList.add("copiado"); },
          function () { anunciar("Não foi possível copiar; use o endereço na barra do navegador."); });
      });
    });

    // Norma: "ir para o art. N".
    var ir = document.querySelector(".ir-artigo");
    if (ir) {
      ir.hidden = false;
      ir.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var campo = ir.querySelector("input"), msg = ir.querySelector(".ir-artigo-msg");
        var v = campo.value.trim(), total = campo.getAttribute("data-arts");
        var m = /^(?:art(?:igo)?\.?\s*)?(\d{1,4})\s*[º°o]?\s*(?:-?\s*([a-z]))?\.?$/i.exec(v);
        var alvo = m && document.getElementById("art" + parseInt(m[1], 10) + (m[2] ? "-" + (m[2].toLowerCase().charCodeAt(0) - 96) : ""));
        if (!alvo) {
          msg.textContent = v === "" ? "Digite o número do artigo." :
            m ? "Esta norma não tem o art. " + m[1] + (m[2] ? "-" + m[2].toUpperCase() : "") + ". Os artigos vão de 1 a " + total + "." :
              "Digite só o número do artigo, por exemplo 12.";
          campo.setAttribute("aria-invalid", "true");
          campo.focus();
          return;
        }
        msg.textContent = "";
        campo.removeAttribute("aria-invalid");
        if (location.hash === "#" + alvo.id) alvo.scrollIntoView({ block: "start" });
        else location.hash = "#" + alvo.id;
        if (!alvo.hasAttribute("tabindex")) alvo.setAttribute("tabindex", "-1");
        alvo.focus({ preventScroll: true });
      });
    }

    // Glossário: filtro.
    var filtro = document.querySelector(".glossario-filtro");
    if (filtro) {
      filtro.hidden = false;
      var campoFiltro = filtro.querySelector("input"), contagem = filtro.querySelector(".glossario-contagem");
      var entradas = $$(".termo-entrada").map(function (e) { return { el: e, texto: dobrar(e.textContent) }; });
      campoFiltro.addEventListener("input", function () {
        var q = dobrar(campoFiltro.value.trim()), n = 0;
        entradas.forEach(function (e) {
          var ok = q === "" || e.texto.indexOf(q) >= 0;
          e.el.hidden = !ok;
          if (ok) n++;
        });
        $$(".termos-letra").forEach(function (s) { s.hidden = !s.querySelector(".termo-entrada:not([hidden])"); });
        contagem.textContent = q === "" ? "" : n === 0 ? "Nenhum termo encontrado para “" + campoFiltro.value.trim() + "”." :
          n === 1 ? "1 termo encontrado." : n + " termos encontrados.";
      });
    }

    // Alvo de um link dentro de uma parte dobrada.
    revelar(porHash(location.hash));
  });

  window.addEventListener("hashchange", function () {
    revelar(porHash(location.hash));
  });
  // No papel, as partes dobradas saem abertas.
  window.addEventListener("beforeprint", function () {
    $$("details.app-explicacao, details.sumario-dobra").forEach(function (d) { d.open = true; });
  });
  window.addEventListener("resize", function () {
    dicasAbertas().forEach(posicionar);
  });

  // Um toque abre a prévia só se ela não estava aberta antes dele (o foco e
  // o mouseover de compatibilidade que o toque gera não contam).
  var toque = null;
  document.addEventListener("pointerdown", function (ev) {
    ponteiro = ev.pointerType || "mouse";
    var l = ponteiro !== "mouse" && ev.target.closest && ev.target.closest(".com-dica > a");
    toque = l ? { link: l, aberta: l.parentElement.classList.contains("aberta") } : null;
  }, true);
  document.addEventListener("pointerover", function (ev) { ponteiro = ev.pointerType || "mouse"; }, true);

  document.addEventListener("click", function (ev) {
    var alvo = ev.target;
    if (!alvo.closest) return;
    // Fora da gaveta aberta: fecha.
    if (menuAberto() && !alvo.closest("#menu") && !alvo.closest(".botao-menu")) { abrirMenu(false); return; }

    // Prévia: um toque abre; o segundo toque (ou o link da prévia) segue.
    var link = alvo.closest(".com-dica > a");
    if (link) {
      var c = link.parentElement;
      if (ev.detail !== 0 && ponteiro !== "mouse" && toque && toque.link === link && !toque.aberta) {
        toque.aberta = true;
        ev.preventDefault();
        abrirDica(c);
        return;
      }
    } else if (!alvo.closest(".com-dica")) {
      fecharDicas(null);
    }

    // Norma: um toque no rótulo mostra o link e o "citar" do dispositivo.
    var rotulo = alvo.closest(".norma-texto p > .rotulo");
    if (rotulo) {
      var p = rotulo.parentElement, tinha = p.classList.contains("com-acoes");
      $$(".norma-texto p.com-acoes").forEach(function (e) { e.classList.remove("com-acoes"); });
      if (!tinha) p.classList.add("com-acoes");
    }

    // Copiar link de um título ou termo.
    var ancora = alvo.closest(".ancora");
    if (ancora) {
      var url = new URL(ancora.getAttribute("href"), location.href).href;
      copiar(url).then(function () {
        anunciar("Link copiado");
        ancora.classList.add("copiado");
        setTimeout(function () { ancora.classList.remove("copiado"); }, 2500);
      }, function () {});
      return;
    }

    // Copiar citação.
    var b = alvo.closest(".copiar-citacao");
    if (b) {
      var href = new URL(b.getAttribute("data-href") || location.href, location.href).href;
      var texto = (b.getAttribute("data-citacao") || "") + " — " + href;
      copiar(texto).then(function () { anunciar("Citação copiada: " + b.getAttribute("data-citacao")); b.classList.add("copiado"); },
        function () { prompt("Copie a citação:", texto); });
    }
  });

  // Prévias com o mouse (com folga para levar o ponteiro até a prévia) e
  // com o foco do teclado.
  document.addEventListener("mouseover", function (ev) {
    if (ponteiro !== "mouse") return;
    var c = ev.target.closest && ev.target.closest(".com-dica");
    if (c && !c.classList.contains("dica-fechada")) abrirDica(c);
  });
  document.addEventListener("mouseout", function (ev) {
    var c = ev.target.closest && ev.target.closest(".com-dica");
    if (!c || c.contains(ev.relatedTarget)) return;
    if (ponteiro !== "mouse") return;
    clearTimeout(fecharDepois);
    fecharDepois = setTimeout(function () {
      if (!c.matches(":hover") && !c.contains(document.activeElement)) c.classList.remove("aberta");
      c.classList.remove("dica-fechada");
    }, 300);
  });
  document.addEventListener("focusin", function (ev) {
    var c = ev.target.closest && ev.target.closest(".com-dica");
    if (c && !c.classList.contains("dica-fechada")) abrirDica(c);
    else if (!c) fecharDicas(null);
  });
  document.addEventListener("focusout", function (ev) {
    var c = ev.target.closest && ev.target.closest(".com-dica");
    if (!c || c.contains(ev.relatedTarget)) return;
    c.classList.remove("dica-fechada");
    if (!c.matches(":hover")) c.classList.remove("aberta");
  });

  // Alt+1 conteúdo, Alt+2 menu, Alt+3 busca, Alt+4 rodapé (eMAG).
  var alvos = { "1": "conteudo", "2": "menu", "3": "busca", "4": "rodape" };
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      if (menuAberto()) { abrirMenu(false); return; }
      // Esconde a prévia aberta (WCAG 1.4.13) sem tirar o foco.
      dicasAbertas().forEach(function (c) { c.classList.remove("aberta"); c.classList.add("dica-fechada"); });
      return;
    }
    if (ev.key === "Tab" && menuAberto()) { prenderFoco(ev); return; }
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && alvos[ev.key]) {
      ev.preventDefault();
      focar(alvos[ev.key]);
    }
  });

  // Leitura sem conexão: o service worker guarda o portal após a primeira visita.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").catch(function () {});
    });
  }
})();
