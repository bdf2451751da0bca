package e2e

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// realChecklist is a checklist state saved before the practice starts: the
// sample data must never replace it.
const realChecklist = `{"schema":"","savedAt":"2025-01-01T00:00:00.000Z","data":{"start":"2025-01-02","items":{"cadastro-usuario-externo":{"evidence":{"email":"real@angra.rj.gov.br"}}}}}`

// TestPracticeTrainingMode walks a trainer's session: the sample case loads
// into a new draft (the real one is kept), the checklist's sample goes to
// the training state only and switches the training mode on, the banner
// shows on every app page while it is on, the "pelo menos dois" demo works
// with one ponto focal, the PDF comes out marked on every page with no
// code, conferir says it is a training document (never a success), the
// training drafts are apart from the real ones, and axe finds nothing.
func TestPracticeTrainingMode(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	axe := axeSource(t)
	shot := func(name string) { t.Helper(); p.screenshot(t, name) }
	storage := func(key string) string {
		t.Helper()
		return eval[string](t, p, `localStorage.getItem(`+jsonString(key)+`) || ""`)
	}
	options := func() []string {
		t.Helper()
		return eval[[]string](t, p, `[...document.querySelectorAll("#app-rascunho option")].map(o => o.value)`)
	}
	loadSample := func() {
		t.Helper()
		p.do(t, chromedp.Click(chromedp.CSS("button.treino-exemplo")))
		p.poll(t, `document.querySelector(".treino-status") && document.querySelector(".treino-status").textContent.includes("Dados de exemplo carregados")`)
		p.waitApp(t)
	}
	const draftKey = "seiportal:rascunho:designacao-ponto-focal:"

	// A real draft first.
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	if eval[bool](t, p, `document.querySelector(".treino-faixa") !== null`) {
		t.Fatal("training banner shown with the mode off")
	}
	if got := eval[string](t, p, `document.querySelector("button.treino-alternar").getAttribute("aria-pressed")`); got != "false" {
		t.Errorf("toggle aria-pressed = %q", got)
	}
	fill(t, p, designacao)
	p.poll(t, `(localStorage.getItem(`+jsonString(draftKey+"Rascunho 1")+`) || "").includes("Conceição")`)
	eval[bool](t, p, `localStorage.setItem("seiportal:checklist:adesao", `+jsonString(realChecklist)+`); true`)

	// Dados de exemplo, mode off: a new draft, the real one untouched.
	loadSample()
	if got := eval[string](t, p, `document.getElementById("app-rascunho").value`); got != "Exemplo — Município Exemplo" {
		t.Errorf("current draft %q; want the new sample draft", got)
	}
	if o := options(); len(o) != 2 {
		t.Errorf("drafts %v; want the real one and the sample", o)
	}
	vals := values(t, p)
	if vals["orgao.municipio"] != "Município Exemplo" || vals["pontos_focais.0.cpf"] != "000.000.001-91" || vals["pontos_focais.1.cpf"] != "000.000.002-72" {
		t.Errorf("sample not loaded: %v", vals)
	}
	if !strings.Contains(storage(draftKey+"Rascunho 1"), "Conceição") {
		t.Error("the real draft was changed by the sample data")
	}
	p.do(t, chromedp.EmulateViewport(390, 800))
	eval[bool](t, p, `document.querySelector(".treino-painel").scrollIntoView({behavior: "instant"}); true`)
	shot("treino-formulario-exemplo-390.png")
	p.do(t, chromedp.EmulateViewport(1280, 900))

	// The checklist's sample goes to the training state and turns it on.
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	loadSample()
	if !eval[bool](t, p, `document.querySelector(".treino-faixa") !== null && document.querySelector(".treino-faixa").textContent.includes("Modo de treinamento")`) {
		t.Fatal("the checklist sample did not switch the training mode on")
	}
	if got := storage("seiportal:checklist:adesao"); got != realChecklist {
		t.Errorf("the real checklist state changed: %s", got)
	}
	if !eval[bool](t, p, `document.getElementById("feito-termo-adesao").checked`) {
		t.Error("checklist sample: termo-adesao not done")
	}
	if got := eval[string](t, p, `document.querySelector("#item-capacitar-multiplicadores [data-evidencia=participantes]").value`); !strings.Contains(got, "18") {
		t.Errorf("class record (participantes) = %q", got)
	}
	checkAxe(t, p, axe, "checklist em treino")

	// Form in training mode: the training drafts are apart.
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	if !eval[bool](t, p, `getComputedStyle(document.querySelector(".treino-faixa")).position === "sticky"`) {
		t.Error("the banner does not stay in view")
	}
	if got := eval[string](t, p, `document.querySelector("button.treino-alternar").getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("toggle aria-pressed = %q", got)
	}
	if o := options(); len(o) != 1 || values(t, p)["orgao.nome"] != "" {
		t.Errorf("training mode shows the real drafts: %v", o)
	}
	loadSample()
	if storage("seiportal:treino:rascunho:designacao-ponto-focal:Exemplo — Município Exemplo") == "" {
		t.Error("the training sample draft is not under the training prefix")
	}
	if storage(draftKey+"Exemplo — Município Exemplo 2") != "" {
		t.Error("the training sample went to the real drafts")
	}
	p.do(t, chromedp.EmulateViewport(390, 800))
	eval[bool](t, p, `window.scrollTo(0, document.querySelector(".app-lista").getBoundingClientRect().top + scrollY - 100); true`)
	shot("treino-formulario-faixa-390.png")
	p.do(t, chromedp.EmulateViewport(1280, 900))

	// The instrutores demo: one ponto focal, "pelo menos 2".
	p.do(t, chromedp.Click(chromedp.CSS(`.app-lista[data-lista="pontos_focais"] .app-item:nth-child(2) > .app-remover`)))
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resumo")))
	resumo := eval[string](t, p, `document.getElementById("app-resumo").textContent`)
	if !strings.Contains(resumo, "Pontos focais: informe pelo menos 2 (1 informado)") {
		t.Errorf("summary with one ponto focal = %q", resumo)
	}
	if eval[bool](t, p, `!document.getElementById("app-resultado").hidden`) {
		t.Error("a PDF was made with one ponto focal")
	}
	checkAxe(t, p, axe, "formulário em treino com a mensagem de pelo menos dois")
	p.do(t, chromedp.Click(chromedp.CSS(`.app-lista[data-lista="pontos_focais"] .app-adicionar`)))
	fill(t, p, [][2]string{
		{"pontos_focais.1.nome", "Ana Exemplar Souza"}, {"pontos_focais.1.cpf", "000.000.002-72"},
		{"pontos_focais.1.matricula", "0002-EX"}, {"pontos_focais.1.cargo", "Técnica em Informática"},
		{"pontos_focais.1.lotacao", "Núcleo de Tecnologia da Informação"}, {"pontos_focais.1.email", "ana.exemplar@municipio.example"},
		{"pontos_focais.1.telefone", "(10) 0000-0002"},
	})

	// The training PDF.
	before := p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
	pdf := p.waitDownload(t, "pdf", before)
	name := eval[string](t, p, `document.querySelector("#app-resultado a.app-baixar").getAttribute("download")`)
	if name != "designacao-ponto-focal-SEMAD-2025-03-10-treino.pdf" {
		t.Errorf("file name %q", name)
	}
	if code := eval[string](t, p, `document.querySelector("#app-resultado .app-codigo").textContent`); code != "TREINO" {
		t.Errorf("code shown %q; want TREINO", code)
	}
	text := pdftotext(t, pdf)
	if m := regexp.MustCompile(`SP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(text); m != "" {
		t.Errorf("the training PDF prints a code %s", m)
	}
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Errorf("%d pages", pages)
	}
	tool := needTool(t, "pdftotext", "poppler-utils")
	for i := 1; i <= pages; i++ {
		n := strconv.Itoa(i)
		out, err := exec.Command(tool, "-raw", "-f", n, "-l", n, pdf, "-").CombinedOutput()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(out)), ""), "EXEMPLO—SEMVALOR") {
			t.Errorf("page %d lacks the watermark", i)
		}
	}
	if *capturas != "" {
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf, filepath.Join(*capturas, "treino-pdf")).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm: %v %s", err, out)
		}
	}

	// Conferir: a training document, never a success.
	p.do(t, chromedp.Navigate(srv.URL+"/conferir/"))
	p.waitApp(t)
	if !eval[bool](t, p, `document.querySelector(".treino-faixa") !== null`) {
		t.Error("no banner on conferir while the training mode is on")
	}
	p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-pdf"), []string{pdf}))
	p.poll(t, `!document.getElementById("app-resultado").hidden && document.querySelector("#app-resultado h3") !== null`, chromedp.WithPollingTimeout(10*time.Second))
	body := eval[string](t, p, `document.getElementById("app-resultado").textContent`)
	if !strings.Contains(body, "Documento de treinamento — sem valor") || strings.Contains(body, "O código confere") || eval[bool](t, p, `document.querySelector("#app-resultado .app-ok") !== null`) {
		t.Errorf("conferir on a training PDF: %q", body)
	}
	checkAxe(t, p, axe, "conferir em treino")
	eval[bool](t, p, `document.getElementById("app-resultado").scrollIntoView({behavior: "instant", block: "center"}); true`)
	shot("treino-conferir-1280.png")

	// Off again: the real drafts are back, the banner is gone.
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	checkAxe(t, p, axe, "formulário em treino")
	p.do(t, chromedp.Click(chromedp.CSS(".treino-faixa button")))
	p.poll(t, `document.documentElement.hasAttribute("data-app-pronto") && document.querySelector(".treino-faixa") === null && document.querySelector(".treino-status").textContent.includes("desligado")`)
	p.waitApp(t)
	if o := options(); len(o) != 2 || !strings.Contains(strings.Join(o, "|"), "Rascunho 1") {
		t.Errorf("real drafts after leaving the training mode: %v", o)
	}
	assertLocal(t, srv.URL, p.requestsSince(0), secrets...)
}
