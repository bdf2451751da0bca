package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const formURL = "/formularios/designacao-ponto-focal/"

// designacao is valid data for the designation form, by input name.
var designacao = [][2]string{
	{"orgao.nome", "Secretaria Municipal de Administração"},
	{"orgao.sigla", "SEMAD"},
	{"orgao.municipio", "Angra dos Reis"},
	{"orgao.uf", "RJ"},
	{"titular.nome", "Conceição Araújo Guimarães"},
	{"titular.cargo", "Secretária Municipal de Administração"},
	{"pontos_focais.0.nome", "João Estêvão da Conceição"},
	{"pontos_focais.0.cpf", "111.444.777-35"},
	{"pontos_focais.0.matricula", "12.345-6"},
	{"pontos_focais.0.cargo", "Analista Administrativo"},
	{"pontos_focais.0.lotacao", "Coordenação de Protocolo"},
	{"pontos_focais.0.email", "joao.conceicao@angra.rj.gov.br"},
	{"pontos_focais.0.telefone", "(24) 3377-1234"},
	{"pontos_focais.1.nome", "Márcia Helena Sá Pêgo"},
	{"pontos_focais.1.cpf", "123.456.789-09"},
	{"pontos_focais.1.matricula", "23.456-7"},
	{"pontos_focais.1.cargo", "Técnica em Informática"},
	{"pontos_focais.1.lotacao", "Núcleo de Tecnologia da Informação"},
	{"pontos_focais.1.email", "marcia.pego@angra.rj.gov.br"},
	{"pontos_focais.1.telefone", "(24) 99876-5432"},
	{"local", "Angra dos Reis"},
	{"data", "2025-03-05"},
}

// secrets are values that must never appear in a request.
var secrets = []string{"52998224725", "529.982.247-25", "11144477735", "Conceição", "Concei%C3%A7%C3%A3o", "joao.conceicao", "Guimar"}

// fill sets every input through the DOM and fires the events a person's
// typing would.
func fill(t testing.TB, p *page, vals [][2]string) {
	t.Helper()
	m := map[string]string{}
	for _, kv := range vals {
		m[kv[0]] = kv[1]
	}
	eval[bool](t, p, `(() => { const v = `+jsonString(m)+`;
		for (const [k, x] of Object.entries(v)) {
			const c = document.querySelector('#app-form [name="' + k + '"]');
			if (!c) throw new Error("sem campo " + k);
			c.value = x;
			c.dispatchEvent(new Event("input", {bubbles: true}));
			c.dispatchEvent(new Event("change", {bubbles: true}));
		}
		return true; })()`)
}

// values reads every input of the form by name.
func values(t testing.TB, p *page) map[string]string {
	t.Helper()
	return eval[map[string]string](t, p, `Object.fromEntries([...document.querySelectorAll("#app-form [name]")].filter(c => !c.closest("template")).map(c => [c.name, c.value]))`)
}

func wantValues(t testing.TB, p *page, what string) {
	t.Helper()
	got := values(t, p)
	for _, kv := range designacao {
		if got[kv[0]] != kv[1] {
			t.Errorf("%s: %s = %q; want %q", what, kv[0], got[kv[0]], kv[1])
		}
	}
}

func pdftotext(t testing.TB, path string) string {
	t.Helper()
	tool := needTool(t, "pdftotext", "poppler-utils")
	out, err := exec.Command(tool, "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return string(out)
}

func key(s string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(s) }

// TestDesignacaoKeyboardFlow fills the designation form with the keyboard
// alone, sees the pt-BR message of an invalid CPF by its field, fixes it,
// generates the PDF, then finds the draft after a reload, exports, clears,
// imports the JSON and the PDF back, and checks that no request carried any
// of the data or left 127.0.0.1.
func TestDesignacaoKeyboardFlow(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)

	// Keyboard only from the first field: type, Tab to the next.
	p.do(t, chromedp.Focus(chromedp.ID("f-orgao-nome")))
	typed := []string{
		"Secretaria Municipal de Administração", "SEMAD", "Angra dos Reis", "Rio de Janeiro",
		"Conceição Araújo Guimarães", "Secretária Municipal de Administração",
		"João Estêvão da Conceição", "11144477700", // wrong check digits
	}
	for _, s := range typed {
		p.do(t, key(s), key("\t"))
	}
	// Leaving the CPF field shows its message, linked to it.
	p.do(t, chromedp.WaitVisible(chromedp.ID("f-pontos_focais-0-cpf-msg")))
	msg := eval[string](t, p, `document.getElementById("f-pontos_focais-0-cpf-msg").textContent`)
	if !strings.Contains(msg, "Dígitos verificadores") {
		t.Errorf("mensagem do CPF = %q; want the pt-BR check-digit message", msg)
	}
	if got := eval[string](t, p, `document.getElementById("f-pontos_focais-0-cpf").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("aria-invalid = %q", got)
	}
	if got := eval[string](t, p, `document.getElementById("f-pontos_focais-0-cpf").getAttribute("aria-describedby")`); !strings.Contains(got, "f-pontos_focais-0-cpf-msg") {
		t.Errorf("aria-describedby = %q; want the message id", got)
	}
	if got := eval[string](t, p, `document.activeElement.id`); got != "f-pontos_focais-0-matricula" {
		t.Fatalf("focus on %q after Tab; want the matrícula", got)
	}
	// Back with Shift+Tab, erase and type the right CPF.
	p.do(t, chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift)))
	p.do(t, key(strings.Repeat("\b", 16)), key("11144477735"))
	p.do(t, chromedp.WaitNotVisible(chromedp.ID("f-pontos_focais-0-cpf-msg")))
	p.do(t, key("\t"))
	rest := []string{
		"12.345-6", "Analista Administrativo", "Coordenação de Protocolo", "joao.conceicao@angra.rj.gov.br", "2433771234",
		"Márcia Helena Sá Pêgo", "12345678909", "23.456-7", "Técnica em Informática", "Núcleo de Tecnologia da Informação", "marcia.pego@angra.rj.gov.br", "24998765432",
	}
	for _, s := range rest {
		p.do(t, key(s), key("\t"))
		// "Remover Nº ponto focal" works even at the minimum (the engine
		// then asks for at least two, the trainers' demo): Tab past it
		if eval[bool](t, p, `document.activeElement.classList.contains("app-remover")`) {
			p.do(t, key("\t"))
		}
	}
	// Past the last item's "remove", next is "add".
	if got := eval[string](t, p, `document.activeElement.className`); !strings.Contains(got, "app-adicionar") {
		t.Fatalf("focus on %q; want the add button", got)
	}
	// A date input takes the digits in the order of the browser's locale.
	date := "05032025"
	if eval[bool](t, p, `(() => { const p = new Intl.DateTimeFormat(undefined, {day: "2-digit", month: "2-digit", year: "numeric"}).formatToParts(new Date(2025, 2, 5)).map(x => x.type); return p.indexOf("month") < p.indexOf("day"); })()`) {
		date = "03052025"
	}
	p.do(t, key("\t"), key("Angra dos Reis"), key("\t"), key(date))
	if got := eval[string](t, p, `document.getElementById("f-data").value`); got != "2025-03-05" {
		t.Fatalf("data = %q after typing %s", got, date)
	}
	before := p.downloaded()
	// Tab out of the date's day, month and year parts to the button.
	for i := 0; eval[string](t, p, `document.activeElement.textContent`) != "Gerar PDF"; i++ {
		if i == 4 {
			t.Fatalf("focus on %q after %d Tabs from the date; want Gerar PDF", eval[string](t, p, `document.activeElement.outerHTML.slice(0, 80)`), i)
		}
		p.do(t, key("\t"))
	}
	p.do(t, key("\r"))
	p.do(t, chromedp.WaitVisible(chromedp.ID("app-resultado")))
	if got := eval[string](t, p, `document.activeElement.id`); got != "app-resultado" {
		t.Errorf("focus after the PDF on %q; want the result", got)
	}
	wantValues(t, p, "typed with the keyboard")
	pdfPath := p.waitDownload(t, "pdf", before)
	code := eval[string](t, p, `document.querySelector("#app-resultado .app-codigo").textContent`)
	text := pdftotext(t, pdfPath)
	for _, want := range []string{"João Estêvão da Conceição", "Márcia Helena Sá Pêgo", "111.444.777-35", "Termo de Conduta e Confidencialidade", "Código de conferência: " + code, "5 de março de 2025"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}

	// The draft survives a reload.
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	wantValues(t, p, "after reload")

	// Export, clear (with confirmation), import the JSON.
	before = p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS(`button[data-acao="exportar"]`)))
	jsonPath := p.waitDownload(t, "json", before)
	var exported struct {
		Formulario string         `json:"formulario"`
		Schema     int            `json:"schema"`
		Data       map[string]any `json:"data"`
	}
	b, _ := os.ReadFile(jsonPath)
	if err := json.Unmarshal(b, &exported); err != nil || exported.Formulario != "designacao-ponto-focal" || exported.Schema != 2 {
		t.Fatalf("exported JSON: %v %s", err, b)
	}
	clear := func() {
		t.Helper()
		p.do(t, chromedp.Click(chromedp.CSS(`button[data-acao="limpar"]`)), chromedp.Click(chromedp.CSS(`#app-aviso .app-perigo`)))
		if v := values(t, p); v["titular.nome"] != "" || v["pontos_focais.1.cpf"] != "" {
			t.Fatalf("after Limpar: %v", v)
		}
		if n := eval[int](t, p, `Object.keys(localStorage).filter(k => k.startsWith("seiportal:rascunho:designacao-ponto-focal:")).length`); n != 0 {
			t.Fatalf("after Limpar, %d drafts remain in storage", n)
		}
	}
	clear()
	upload := func(path string) {
		t.Helper()
		p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-arquivo"), []string{path}, chromedp.NodeReady))
		p.poll(t, `document.querySelector('[name="titular.nome"]').value !== ""`, chromedp.WithPollingTimeout(10*time.Second))
	}
	upload(jsonPath)
	wantValues(t, p, "after importing the JSON")
	clear()
	upload(pdfPath)
	wantValues(t, p, "after importing the PDF")

	assertLocal(t, srv.URL, p.requestsSince(0), secrets...)
}

// TestDesignacaoSubmitErrors submits a blank form: the summary lists the
// problems, links to the fields, and focus moves to the first one.
func TestDesignacaoSubmitErrors(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")))
	p.do(t, chromedp.WaitVisible(chromedp.ID("app-resumo")))
	if got := eval[string](t, p, `document.activeElement.id`); got != "f-orgao-nome" {
		t.Errorf("focus on %q; want the first field with a problem", got)
	}
	links := eval[[]string](t, p, `[...document.querySelectorAll("#app-resumo a")].map(a => a.getAttribute("href"))`)
	// Each blank focal point is one line, linked to its first field.
	if len(links) != 10 || links[0] != "#f-orgao-nome" || links[6] != "#f-pontos_focais-0-nome" || links[7] != "#f-pontos_focais-1-nome" {
		t.Errorf("summary links = %v", links)
	}
	if n := eval[int](t, p, `document.querySelectorAll('#app-form [aria-invalid="true"]').length`); n < 20 {
		t.Errorf("%d fields marked invalid", n)
	}
	// Adding and removing a focal point renumbers the items. The buttons
	// are pressed from the keyboard: a pointer click can miss while the page
	// is still smooth-scrolling to the error summary.
	p.do(t, chromedp.Focus(chromedp.CSS("button.app-adicionar")), key("\r"))
	p.poll(t, `document.querySelectorAll(".app-item legend").length === 3`)
	if got := eval[string](t, p, `document.activeElement.name`); got != "pontos_focais.2.nome" {
		t.Errorf("focus after adding on %q", got)
	}
	if got := eval[[]string](t, p, `[...document.querySelectorAll(".app-item legend")].map(l => l.textContent)`); strings.Join(got, "|") != "1º ponto focal|2º ponto focal|3º ponto focal" {
		t.Errorf("legends = %v", got)
	}
	p.do(t, chromedp.Focus(chromedp.CSS(".app-item:nth-child(1) .app-remover")), key("\r"))
	p.poll(t, `document.querySelectorAll(".app-item legend").length === 2`)
	if got := eval[[]string](t, p, `[...document.querySelectorAll('.app-itens > .app-item input[name$=".nome"]')].map(i => i.name + "=" + i.id)`); strings.Join(got, " ") != "pontos_focais.0.nome=f-pontos_focais-0-nome pontos_focais.1.nome=f-pontos_focais-1-nome" {
		t.Errorf("names after removing the first item = %v", got)
	}
	assertLocal(t, srv.URL, p.requestsSince(0))
}

// TestDraftMigrationAndCorruption stores an old-version draft and a corrupt
// one: the first opens with what no longer fits reported, the second is
// reported and offered for export.
func TestDraftMigrationAndCorruption(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	eval[bool](t, p, `localStorage.setItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1", JSON.stringify({schema: 0, savedAt: "2025-01-01T00:00:00Z", data: {orgao: {nome: "SEMAD antiga", fax: "2433330000"}}})); true`)
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	if got := values(t, p)["orgao.nome"]; got != "SEMAD antiga" {
		t.Errorf("old draft: orgao.nome = %q", got)
	}
	aviso := eval[string](t, p, `document.getElementById("app-aviso").textContent`)
	for _, want := range []string{"versão 0", "orgao.fax", "Exportar o rascunho original"} {
		if !strings.Contains(aviso, want) {
			t.Errorf("notice %q lacks %q", aviso, want)
		}
	}
	eval[bool](t, p, `localStorage.setItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1", "{\"schema\":1,\"data\":{\"orgao\":"); true`)
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	aviso = eval[string](t, p, `document.getElementById("app-aviso").textContent`)
	if !strings.Contains(aviso, "corrompido") || !strings.Contains(aviso, "Exportar o conteúdo salvo") {
		t.Errorf("corrupt draft notice = %q", aviso)
	}
	if got := eval[string](t, p, `localStorage.getItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1 (corrompido)") || ""`); !strings.Contains(got, `\"orgao\":`) {
		t.Errorf("corrupt content not preserved: %q", got)
	}
}

// TestChecklist ticks an item whose dependencies are open (refused, with
// the reason), completes the first item with its evidence and finds the
// progress saved after a reload.
func TestChecklist(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	if n := eval[int](t, p, `document.querySelectorAll(".app-etapas li").length`); n != 5 {
		t.Errorf("%d stages in the stepper", n)
	}
	ids := eval[[]string](t, p, `[...document.querySelectorAll("li[data-item]")].map(l => l.dataset.item)`)
	first, second := ids[0], ids[1]
	if got := eval[string](t, p, `document.getElementById("estado-`+second+`").textContent`); !strings.HasPrefix(got, "Bloqueado por:") {
		t.Errorf("second item state = %q", got)
	}
	p.do(t, chromedp.Click(chromedp.ID("feito-"+second)))
	p.do(t, chromedp.WaitVisible(chromedp.ID("motivo-"+second)))
	if got := eval[string](t, p, `document.getElementById("motivo-`+second+`").textContent`); !strings.Contains(got, "Conclua antes") {
		t.Errorf("reason = %q", got)
	}
	if eval[bool](t, p, `document.getElementById("feito-`+second+`").checked`) {
		t.Error("a blocked item was ticked")
	}
	// The first item asks for evidence.
	p.do(t, chromedp.Click(chromedp.ID("feito-"+first)))
	p.do(t, chromedp.WaitVisible(chromedp.ID("motivo-"+first)))
	ev := eval[string](t, p, `document.querySelector("#item-`+first+` [data-evidencia]").id`)
	p.do(t, chromedp.SendKeys(chromedp.ID(ev), "prefeito@exemplo.gov.br"), key("\t"))
	p.do(t, chromedp.Click(chromedp.ID("feito-"+first)))
	p.poll(t, `document.getElementById("estado-`+first+`").textContent.startsWith("Feito")`, chromedp.WithPollingTimeout(5*time.Second))
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	if !eval[bool](t, p, `document.getElementById("feito-`+first+`").checked`) {
		t.Error("progress lost after reload")
	}
	if got := eval[string](t, p, `document.getElementById("app-progresso-valor").textContent`); !strings.HasPrefix(got, "1 de ") {
		t.Errorf("overall progress = %q", got)
	}
	assertLocal(t, srv.URL, p.requestsSince(0), "prefeito@exemplo")
}

// TestConferir drops a generated PDF on the conferência page with the right
// code and with a wrong one.
func TestConferir(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	fill(t, p, designacao)
	before := p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
	pdf := p.waitDownload(t, "pdf", before)
	code := eval[string](t, p, `document.querySelector("#app-resultado .app-codigo").textContent`)
	p.do(t, chromedp.Navigate(srv.URL+"/conferir/"))
	p.waitApp(t)
	check := func(typed, want string) {
		t.Helper()
		p.do(t, chromedp.SetValue(chromedp.ID("app-codigo"), typed))
		p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-pdf"), []string{pdf}), chromedp.Click(chromedp.CSS(`#app-form button[type="submit"]`)))
		p.poll(t, `(document.querySelector("#app-resultado h3")||{}).textContent === `+jsonString(want), chromedp.WithPollingTimeout(10*time.Second))
		if got := eval[string](t, p, `document.querySelector("#app-resultado .app-codigo").textContent`); got != code {
			t.Errorf("computed code %q; want %q", got, code)
		}
		p.poll(t, `(document.querySelector("#app-resultado .app-dados-documento")||{textContent: ""}).textContent.includes("Márcia Helena Sá Pêgo")`, chromedp.WithPollingTimeout(10*time.Second))
	}
	check(strings.ToLower(code), "O código confere")
	check("SP-0000-0000-0000", "O código não confere")
	assertLocal(t, srv.URL, p.requestsSince(0), secrets...)
}

// TestOffline visits a form page once, then stops the server and turns the
// network off: the checklist, the form, its PDF and the conferência still
// work.
func TestOffline(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	// The service worker stored the app.
	cached := `(async () => { for (const k of await caches.keys()) { const c = await caches.open(k); if (await c.match("/app/seiportal.wasm") && await c.match("/app/wasm_exec.js") && await c.match("/app/fontes/Carlito-Regular.ttf") && await c.match("/app/fontes/Carlito-Bold.ttf") && await c.match("/app/formularios/designacao-ponto-focal.json") && await c.match("/checklist/")) return true; } return false; })()`
	for deadline := time.Now().Add(30 * time.Second); !eval[bool](t, p, cached); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("o service worker não guardou o aplicativo em 30 s")
		}
	}
	srv.stop()
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	fill(t, p, designacao)
	before := p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
	pdf := p.waitDownload(t, "pdf", before)
	if text := pdftotext(t, pdf); !strings.Contains(text, "Márcia Helena Sá Pêgo") {
		t.Error("offline PDF lacks the data")
	}
	// drawn with the fonts the page fetched (and the service worker kept)
	if b, err := os.ReadFile(pdf); err != nil || !bytes.Contains(b, []byte("/BaseFont /Carlito-Bold")) {
		t.Errorf("offline PDF is not in Carlito (%v)", err)
	}
	for _, u := range []string{"/checklist/", "/conferir/"} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.waitApp(t)
	}
	p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-pdf"), []string{pdf}))
	p.poll(t, `document.querySelector("#app-resultado .app-codigo") !== null`, chromedp.WithPollingTimeout(10*time.Second))
}

// TestAccessibility runs axe-core on the app pages, also with the form's
// error messages showing, and expects no violation.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	run := func(what string) { t.Helper(); checkAxe(t, p, axe, what) }
	for _, u := range []string{formURL, "/formularios/criacao-unidade/", "/checklist/", "/conferir/"} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.waitApp(t)
		run(u)
	}
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resumo")))
	run(formURL + " com erros")
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	id := eval[string](t, p, `document.querySelectorAll("li[data-item]")[1].dataset.item`)
	p.do(t, chromedp.Click(chromedp.ID("feito-"+id)), chromedp.WaitVisible(chromedp.ID("motivo-"+id)))
	run("/checklist/ com motivo")
}

// checkAxe runs axe-core (WCAG 2.1 A/AA and best practices) on the page and
// reports every violation.
func checkAxe(t testing.TB, p *page, axe, what string) {
	t.Helper()
	eval[bool](t, p, axe+"\n;true")
	v := eval[[]map[string]any](t, p, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`)
	for _, x := range v {
		t.Errorf("%s: axe %v: %v %v", what, x["id"], x["help"], x["nodes"])
	}
}

func axeSource(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SEIPORTAL_NPM")
	if dir == "" {
		dir = filepath.Join(repoRoot(), ".cache", "npm")
	}
	path := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core não encontrado em %s: rode npm install --prefix %s axe-core@4.10.3 (ou defina SEIPORTAL_NPM)", path, dir)
	}
	return string(b)
}
