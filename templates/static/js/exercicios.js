// Exercícios com gabarito (blocos ```exercicio do Markdown).
// A resposta é conferida aqui, no navegador, sem rede: o gabarito está na
// própria página (data-resposta do formulário). O resultado fica só neste
// aparelho (localStorage), até alguém clicar em "Limpar respostas".
//
// Sem JavaScript, o exercício é lido como texto e a resposta está no
// <details> "Resposta e explicação". Os eventos são tratados no documento
// (delegação), e tudo se acha a partir do próprio formulário: uma cópia do
// exercício (nos slides da apresentação) funciona igual.
(function () {
  "use strict";

  var CHAVE = "seiportal:exercicios:" + location.pathname;

  function ler() {
    try {
      var v = JSON.parse(localStorage.getItem(CHAVE) || "{}");
      return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) {
      return {};
    }
  }
  function gravar(estado) {
    try {
      if (Object.keys(estado).length === 0) localStorage.removeItem(CHAVE);
      else localStorage.setItem(CHAVE, JSON.stringify(estado));
      return true;
    } catch (e) {
      return false;
    }
  }

  function formularios() { return [].slice.call(document.querySelectorAll("form.exercicio")); }
  // Só os exercícios da página (não as cópias dos slides).
  function daPagina() {
    return formularios().filter(function (f) { return !f.closest(".apresentacao"); });
  }

  // A resposta dada, normalizada como o gabarito: letras em ordem, número
  // sem milhar e com ponto decimal, data AAAA-MM-DD. "" quando não há.
  function resposta(form) {
    var tipo = form.getAttribute("data-tipo");
    if (tipo === "escolha" || tipo === "multipla") {
      return [].slice.call(form.querySelectorAll("input:checked")).map(function (i) { return i.value; }).sort().join(" ");
    }
    var campo = form.querySelector(".exercicio-campo input");
    var v = campo ? campo.value.trim() : "";
    if (tipo === "numero") return numero(v);
    // Um navegador sem o seletor de data deixa digitar "06/10/2026".
    var br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    if (br) v = br[3] + "-" + ("0" + br[2]).slice(-2) + "-" + ("0" + br[1]).slice(-2);
    return v;
  }

  // numero lê "45", "45,5", "1.000" e "1.000,5" (o jeito brasileiro) e
  // também "45.5"; devolve o número como texto, ou "?" se não for número.
  function numero(v) {
    v = v.replace(/\s/g, "");
    if (v === "") return "";
    if (v.indexOf(",") >= 0) v = v.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(v)) v = v.replace(/\./g, "");
    if (!/^[-+]?\d+(\.\d+)?$/.test(v)) return "?";
    return String(parseFloat(v));
  }

  function confere(form, dada) {
    var certa = form.getAttribute("data-resposta");
    if (form.getAttribute("data-tipo") === "numero") {
      return dada !== "?" && Math.abs(parseFloat(dada) - parseFloat(certa)) < 1e-9;
    }
    return dada === certa;
  }

  function vazio(form) {
    switch (form.getAttribute("data-tipo")) {
      case "escolha": return "Escolha uma alternativa antes de verificar.";
      case "multipla": return "Marque pelo menos uma alternativa antes de verificar.";
      case "numero": return "Digite um número antes de verificar.";
      default: return "Informe uma data antes de verificar.";
    }
  }

  // mostrar põe o veredito no formulário; anunciar=true refaz o texto da
  // região viva, para o leitor de tela repetir um veredito igual ao anterior.
  function mostrar(form, certo, anunciar) {
    var retorno = form.querySelector(".exercicio-retorno");
    var texto = certo
      ? "Resposta certa."
      : "Resposta errada. Veja a resposta certa e a explicação abaixo.";
    form.classList.toggle("exercicio-certo", certo);
    form.classList.toggle("exercicio-errado", !certo);
    form.classList.remove("exercicio-incompleto");
    var gabarito = form.querySelector(".exercicio-gabarito");
    if (gabarito) gabarito.open = true;
    if (anunciar) {
      retorno.textContent = "";
      setTimeout(function () { retorno.textContent = texto; }, 50);
    } else {
      retorno.textContent = texto;
    }
  }

  function limparFormulario(form) {
    form.reset();
    form.classList.remove("exercicio-certo", "exercicio-errado", "exercicio-incompleto");
    form.querySelector(".exercicio-retorno").textContent = "";
    var gabarito = form.querySelector(".exercicio-gabarito");
    if (gabarito) gabarito.open = false;
  }

  // restaurar marca a resposta guardada no formulário.
  function restaurar(form, r) {
    var tipo = form.getAttribute("data-tipo");
    if (tipo === "escolha" || tipo === "multipla") {
      var letras = String(r.valor).split(" ");
      [].slice.call(form.querySelectorAll("input")).forEach(function (i) { i.checked = letras.indexOf(i.value) >= 0; });
    } else {
      var campo = form.querySelector(".exercicio-campo input");
      if (campo) campo.value = r.digitado != null ? r.digitado : r.valor;
    }
    mostrar(form, !!r.certo, false);
  }

  function placar() {
    var p = document.querySelector(".exercicios-placar .exercicios-total");
    if (!p) return;
    var forms = daPagina();
    var estado = ler();
    var feitos = 0, certos = 0;
    forms.forEach(function (f) {
      var r = estado[f.getAttribute("data-exercicio")];
      if (!r) return;
      feitos++;
      if (r.certo) certos++;
    });
    var total = forms.length;
    p.textContent = feitos === 0
      ? "Nenhuma resposta guardada neste aparelho."
      : "Você respondeu " + feitos + " de " + total + (total === 1 ? " exercício" : " exercícios") +
        " desta página e acertou " + certos + ".";
    var botao = document.querySelector(".exercicios-placar .exercicios-limpar");
    if (botao) botao.disabled = feitos === 0;
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || !form.classList || !form.classList.contains("exercicio")) return;
    ev.preventDefault();
    var dada = resposta(form);
    var retorno = form.querySelector(".exercicio-retorno");
    if (dada === "" || dada === "?") {
      form.classList.remove("exercicio-certo", "exercicio-errado");
      form.classList.add("exercicio-incompleto");
      retorno.textContent = "";
      var msg = dada === "?" ? "Digite só o número (por exemplo, 45)." : vazio(form);
      setTimeout(function () { retorno.textContent = msg; }, 50);
      return;
    }
    var certo = confere(form, dada);
    mostrar(form, certo, true);
    var estado = ler();
    var campo = form.querySelector(".exercicio-campo input");
    estado[form.getAttribute("data-exercicio")] = { valor: dada, digitado: campo ? campo.value.trim() : null, certo: certo };
    if (!gravar(estado)) {
      var aviso = document.getElementById("aviso-global");
      if (aviso) aviso.textContent = "Este navegador não deixa guardar as respostas (armazenamento local desligado ou cheio).";
    }
    // A cópia nos slides e o original mostram o mesmo.
    formularios().forEach(function (f) {
      if (f !== form && f.getAttribute("data-exercicio") === form.getAttribute("data-exercicio")) restaurar(f, estado[form.getAttribute("data-exercicio")]);
    });
    placar();
  });

  document.addEventListener("click", function (ev) {
    var botao = ev.target && ev.target.closest && ev.target.closest(".exercicios-limpar");
    if (!botao) return;
    gravar({});
    formularios().forEach(limparFormulario);
    placar();
    var status = document.querySelector(".exercicios-placar .exercicios-aviso");
    if (status) {
      status.textContent = "";
      setTimeout(function () { status.textContent = "Respostas apagadas deste aparelho."; }, 50);
    }
  });

  function iniciar() {
    var forms = daPagina();
    if (forms.length === 0) return;
    var estado = ler();
    forms.forEach(function (f) {
      var acoes = f.querySelector(".exercicio-acoes");
      if (acoes) acoes.hidden = false;
      var r = estado[f.getAttribute("data-exercicio")];
      if (r) restaurar(f, r);
    });
    // O placar e o "Limpar respostas", depois do último exercício.
    var ultimo = forms[forms.length - 1];
    var caixa = document.createElement("div");
    caixa.className = "exercicios-placar";
    var total = document.createElement("p");
    total.className = "exercicios-total";
    var nota = document.createElement("p");
    nota.className = "exercicios-nota";
    nota.textContent = "As respostas ficam guardadas só neste aparelho.";
    var botao = document.createElement("button");
    botao.type = "button";
    botao.className = "secundario exercicios-limpar";
    botao.textContent = "Limpar respostas";
    var aviso = document.createElement("p");
    aviso.className = "exercicios-aviso";
    aviso.setAttribute("role", "status");
    caixa.appendChild(total);
    caixa.appendChild(nota);
    caixa.appendChild(botao);
    caixa.appendChild(aviso);
    ultimo.parentNode.insertBefore(caixa, ultimo.nextSibling);
    placar();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
