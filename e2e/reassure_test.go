package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// alterData appends an incremental update that replaces the embedded
// dados.json of pdf with edit(data), as someone editing the file would: the
// pages, and the code their footers print, stay as they were.
func alterData(t testing.TB, pdf []byte, edit func(string) string) []byte {
	t.Helper()
	data, err := pdfpatch.ReadAttachment(pdf, "dados.json")
	if err != nil {
		t.Fatal(err)
	}
	obj := regexp.MustCompile(`(\d+) 0 obj\s*<</Type /EmbeddedFile`).FindSubmatch(pdf)
	trailer := regexp.MustCompile(`(?s)trailer\s*<<.*?/Size (\d+).*?/Root (\d+ \d+ R)`).FindAllSubmatch(pdf, -1)
	sx := regexp.MustCompile(`startxref\s+(\d+)`).FindAllSubmatch(pdf, -1)
	if obj == nil || trailer == nil || sx == nil {
		t.Fatal("not a PDF of the portal")
	}
	last := trailer[len(trailer)-1]
	body := []byte(edit(string(data)))
	if bytes.Equal(body, data) {
		t.Fatal("the edit changed nothing")
	}
	var b bytes.Buffer
	b.Write(pdf)
	b.WriteString("\n")
	off := b.Len()
	fmt.Fprintf(&b, "%s 0 obj\n<</Type /EmbeddedFile/Subtype /application#2Fjson/Length %d>>\nstream\n", obj[1], len(body))
	b.Write(body)
	b.WriteString("\nendstream\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 1\n0000000000 65535 f \n%s 1\n%010d 00000 n \ntrailer\n<</Size %s/Root %s/Prev %s>>\nstartxref\n%d\n%%%%EOF\n",
		obj[1], off, last[1], last[2], sx[len(sx)-1][1], xref)
	return b.Bytes()
}

// shotWidths saves a screenshot of the element sel, at widths 390 and 1280, when
// -capturas is given.
func shotWidths(t testing.TB, p *page, sel, name string) {
	t.Helper()
	if *capturas == "" {
		return
	}
	for _, w := range []int64{390, 1280} {
		p.do(t, chromedp.EmulateViewport(w, 900))
		eval[bool](t, p, `(document.querySelector(`+jsonString(sel)+`) || document.body).scrollIntoView({behavior: "instant"}); true`)
		p.screenshot(t, fmt.Sprintf("%s-%d.png", name, w))
	}
	p.do(t, chromedp.EmulateViewport(1280, 900))
}

// TestConferirNeverReassuresFalsely checks a genuine PDF, the same PDF with
// its embedded data altered, the altered one with the printed code typed,
// a genuine one with a wrong code, and one whose footer cannot be read
// (re-saved compressed): only the genuine one is shown as fine.
func TestConferirNeverReassuresFalsely(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	fill(t, p, designacao)
	before := p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
	genuine := p.waitDownload(t, "pdf", before)
	code := eval[string](t, p, `document.querySelector("#app-resultado .app-codigo").textContent`)
	raw, err := os.ReadFile(genuine)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	altered := filepath.Join(dir, "alterado.pdf")
	if err := os.WriteFile(altered, alterData(t, raw, func(s string) string { return strings.Replace(s, "Márcia Helena", "Marcos Helena", 1) }), 0o644); err != nil {
		t.Fatal(err)
	}
	resaved := filepath.Join(dir, "salvo-de-novo.pdf")
	if out, err := exec.Command(needTool(t, "qpdf", "qpdf"), "--compress-streams=y", "--recompress-flate", "--object-streams=generate", genuine, resaved).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, out)
	}

	p.do(t, chromedp.Navigate(srv.URL+"/conferir/"))
	p.waitApp(t)
	type verdict struct {
		Title, Class, Border, Text string
	}
	check := func(pdf, typed string) verdict {
		t.Helper()
		eval[bool](t, p, `(() => { const r = document.getElementById("app-resultado"); r.hidden = true; r.textContent = ""; return true; })()`)
		eval[bool](t, p, `(() => { document.getElementById("app-codigo").value = `+jsonString(typed)+`; return true; })()`)
		p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-pdf"), []string{pdf}), chromedp.Click(chromedp.CSS(`#app-form button[type="submit"]`)))
		p.poll(t, `document.querySelector("#app-resultado[data-conferido] .app-dados-documento dl") !== null`)
		return eval[verdict](t, p, `(() => { const r = document.getElementById("app-resultado"); return {Title: r.querySelector("h3").textContent, Class: r.className, Border: getComputedStyle(r).borderTopColor, Text: r.textContent}; })()`)
	}
	green := eval[string](t, p, `(() => { const d = document.createElement("div"); d.style.color = getComputedStyle(document.documentElement).getPropertyValue("--cor-sucesso"); document.body.appendChild(d); const c = getComputedStyle(d).color; d.remove(); return c; })()`)
	notFine := func(what string, v verdict, title string) {
		t.Helper()
		if v.Title != title || strings.Contains(v.Class, "app-resultado-ok") || v.Border == green {
			t.Errorf("%s: title %q, class %q, border %s; want %q and nothing green", what, v.Title, v.Class, v.Border, title)
		}
	}

	v := check(genuine, "")
	shotWidths(t, p, "#app-resultado", "conferir-genuino")
	if v.Title != "O código confere" || !strings.Contains(v.Class, "app-resultado-ok") || !strings.Contains(v.Text, "o código impresso no rodapé das páginas ("+code+")") {
		t.Errorf("genuine PDF: %+v", v)
	}
	// Fields in document order with their labels, dates as dd/mm/aaaa, the
	// form's title.
	dts := eval[[]string](t, p, `[...document.querySelectorAll("#app-resultado .app-dados dt")].map(d => d.textContent)`)
	if len(dts) < 4 || strings.Join(dts[:4], "|") != "Nome do órgão ou entidade|Sigla do órgão|Município|UF" {
		t.Errorf("first fields = %v; want the form's order and labels", dts[:min(4, len(dts))])
	}
	if !strings.Contains(v.Text, "Data do ofício05/03/2025") || strings.Contains(v.Text, "2025-03-05") {
		t.Errorf("date not shown as dd/mm/aaaa: %s", v.Text)
	}
	if !strings.Contains(v.Text, "Designação de pontos focais do SEI") || !strings.Contains(v.Text, "2º ponto focal") {
		t.Errorf("result lacks the form's title or the item labels: %s", v.Text)
	}

	notFine("altered PDF", check(altered, ""), "O código não confere")
	if v := check(altered, ""); !strings.Contains(v.Text, "Não confere: o código impresso no rodapé ("+code+")") {
		t.Errorf("altered PDF does not say what failed: %s", v.Text)
	}
	shotWidths(t, p, "#app-resultado", "conferir-alterado")
	checkAxe(t, p, axeSource(t), "/conferir/ com PDF alterado")
	notFine("altered PDF with the printed code typed", check(altered, code), "O código não confere")
	notFine("genuine PDF with a wrong code", check(genuine, "SP-0000-0000-0000"), "O código não confere")
	shotWidths(t, p, "#app-resultado", "conferir-codigo-errado")
	notFine("genuine PDF with garbage typed", check(genuine, "não sei"), "O código não confere")
	v = check(resaved, "")
	notFine("footer unreadable", v, "Não foi possível verificar o código")
	shotWidths(t, p, "#app-resultado", "conferir-nao-verificado")
	if !strings.Contains(v.Text, "Não verificado: não foi possível ler o código impresso") {
		t.Errorf("unreadable footer not explained: %s", v.Text)
	}
	// With the code typed from the footer, the re-saved genuine PDF checks.
	if v := check(resaved, code); v.Title != "O código confere" {
		t.Errorf("re-saved genuine PDF with its code typed: %+v", v)
	}
}

// TestChecklistCompletionDateRoleFilter: the completion date the user gives
// moves the deadlines of what depends on it; a future date is refused at
// the field; status lines read as Portuguese; the role filter shows only
// that role's items; blocked items look blocked.
func TestChecklistCompletionDateRoleFilter(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	// Blocked items look different from open ones.
	styles := eval[[]string](t, p, `["cadastro-usuario-externo", "liberacao-usuario-externo"].map(id => { const s = getComputedStyle(document.getElementById("item-" + id)); return s.borderLeftStyle + " " + s.backgroundColor; })`)
	if styles[0] == styles[1] {
		t.Errorf("a blocked item looks like an open one: %v", styles)
	}
	p.do(t, chromedp.SendKeys(chromedp.ID("ev-cadastro-usuario-externo-email"), "prefeito@exemplo.gov.br"), key("\t"))
	// Keyboard only: Space ticks the item, Tab reaches its completion date.
	p.do(t, chromedp.Focus(chromedp.ID("feito-cadastro-usuario-externo")), key(" "))
	p.do(t, chromedp.WaitVisible(chromedp.ID("quando-cadastro-usuario-externo")))
	p.do(t, key("\t"))
	if got := eval[string](t, p, `document.activeElement.id`); got != "quando-cadastro-usuario-externo" {
		t.Errorf("Tab after ticking goes to %q; want the completion date", got)
	}
	today := eval[string](t, p, `(d => d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0"))(new Date())`)
	if got := eval[string](t, p, `document.getElementById("quando-cadastro-usuario-externo").value`); got != today {
		t.Errorf("completion date defaults to %q; want today %s", got, today)
	}
	state := func(id string) string {
		return eval[string](t, p, `document.getElementById("estado-`+id+`").textContent`)
	}
	setDate(t, p, "quando-cadastro-usuario-externo", "2025-03-10")
	if got := state("liberacao-usuario-externo"); !strings.HasPrefix(got, "Atrasado: venceu em 12/03/2025") {
		t.Errorf("dependent item after a completion on 10/03/2025: %q", got)
	}
	if got := state("cadastro-usuario-externo"); got != "Feito em 10/03/2025" && !strings.HasPrefix(got, "Feito em 10/03/2025 ") {
		t.Errorf("item done on 10/03/2025 says %q", got)
	}
	setDate(t, p, "quando-cadastro-usuario-externo", "2025-03-17")
	if got := state("liberacao-usuario-externo"); !strings.HasPrefix(got, "Atrasado: venceu em 19/03/2025") {
		t.Errorf("dependent item after a completion on 17/03/2025: %q", got)
	}
	// The future is refused at the field and never stored.
	setDate(t, p, "quando-cadastro-usuario-externo", "2099-01-02")
	p.do(t, chromedp.WaitVisible(chromedp.ID("quando-cadastro-usuario-externo-msg")))
	if msg := eval[string](t, p, `document.getElementById("quando-cadastro-usuario-externo-msg").textContent`); !strings.Contains(msg, "depois de hoje") {
		t.Errorf("message for a future completion = %q", msg)
	}
	if got := eval[string](t, p, `JSON.parse(localStorage.getItem("seiportal:checklist:adesao")).data.items["cadastro-usuario-externo"].done_on`); got != "2025-03-17" {
		t.Errorf("stored completion date = %q after a future date was typed", got)
	}
	shotWidths(t, p, "#item-cadastro-usuario-externo", "checklist-data-conclusao")
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	if got := eval[string](t, p, `document.getElementById("quando-cadastro-usuario-externo").value`); got != "2025-03-17" {
		t.Errorf("completion date after reload = %q", got)
	}

	// Role filter, from the keyboard: the select changes with the arrows.
	p.do(t, chromedp.Focus(chromedp.ID("app-papel")))
	for i := 0; eval[string](t, p, `document.getElementById("app-papel").value`) != "gestor-ti"; i++ {
		if i > 10 {
			t.Fatal("the role filter did not reach Gestor de TI with the arrow keys")
		}
		p.do(t, key(kb.ArrowDown))
	}
	roles := eval[[]string](t, p, `[...document.querySelectorAll("li[data-item]")].filter(l => !l.hidden).map(l => l.dataset.papel)`)
	hidden := eval[int](t, p, `[...document.querySelectorAll("li[data-item]")].filter(l => l.hidden).length`)
	if len(roles) == 0 || hidden == 0 {
		t.Errorf("filter by Gestor de TI: %d shown, %d hidden", len(roles), hidden)
	}
	for _, r := range roles {
		if r != "gestor-ti" {
			t.Errorf("filter by Gestor de TI shows an item of %q", r)
		}
	}
	shotWidths(t, p, ".app-filtro", "checklist-filtro")
	checkAxe(t, p, axeSource(t), "/checklist/ filtrado, com data de conclusão")
}

// TestFormRules: the future date of the ofício is refused, siglas become
// capitals as typed, a CPF stops at 11 digits, a disabled Remover looks
// disabled, a blank repeated entry is one line in the summary, and no norm
// is listed twice on a form page.
func TestFormRules(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	p.do(t, chromedp.Focus(chromedp.ID("f-orgao-sigla")), key("semad"))
	if got := eval[string](t, p, `document.getElementById("f-orgao-sigla").value`); got != "SEMAD" {
		t.Errorf("sigla typed as %q", got)
	}
	p.do(t, chromedp.Focus(chromedp.ID("f-pontos_focais-0-cpf")), key("529982247251234"))
	if got := eval[string](t, p, `document.getElementById("f-pontos_focais-0-cpf").value`); got != "529.982.247-25" {
		t.Errorf("CPF after typing 15 digits = %q", got)
	}
	// Remover works down to one entry (so the "pelo menos dois" message can
	// be shown); the last entry's is disabled and looks it.
	p.do(t, chromedp.Click(chromedp.CSS(".app-itens > .app-item:nth-child(2) > .app-remover")))
	p.poll(t, `document.querySelectorAll(".app-itens > .app-item").length === 1`)
	rem := eval[[]string](t, p, `["cursor", "borderStyle"].map(k => getComputedStyle(document.querySelector(".app-item .app-remover"))[k])`)
	add := eval[[]string](t, p, `["cursor", "borderStyle"].map(k => getComputedStyle(document.querySelector(".app-adicionar"))[k])`)
	if !eval[bool](t, p, `document.querySelector(".app-item .app-remover").disabled`) || strings.Join(rem, " ") == strings.Join(add, " ") {
		t.Errorf("disabled Remover looks like an enabled button: %v vs %v", rem, add)
	}
	p.do(t, chromedp.Focus(chromedp.CSS("button.app-adicionar")), key("\r"))
	p.poll(t, `document.querySelectorAll(".app-itens > .app-item").length === 2`)
	vals := append([][2]string(nil), designacao...)
	for i := range vals {
		if vals[i][0] == "data" {
			vals[i][1] = "2099-03-05"
		}
	}
	fill(t, p, vals)
	if got := eval[string](t, p, `document.getElementById("f-data").max`); got == "" {
		t.Error("the date of the ofício has no max")
	}
	p.do(t, chromedp.Focus(chromedp.CSS("button.app-adicionar")), key("\r"))
	p.poll(t, `document.querySelectorAll(".app-itens > .app-item").length === 3`)
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resumo")))
	items := eval[[]string](t, p, `[...document.querySelectorAll("#app-resumo li")].map(l => l.textContent)`)
	// In the order of the form: the list comes before the date.
	if len(items) != 2 || items[0] != "3º ponto focal: preencha os campos obrigatórios" || !strings.HasPrefix(items[1], "Data do ofício") || !strings.Contains(items[1], "futuro") {
		t.Errorf("summary = %q; want the blank entry as one line, then the future date", items)
	}
	if msg := eval[string](t, p, `document.getElementById("f-data-msg").textContent`); !strings.Contains(msg, "futuro") {
		t.Errorf("message by the date = %q", msg)
	}
	checkAxe(t, p, axeSource(t), formURL+" com item em branco")
	shotWidths(t, p, "#app-resumo", "formulario-resumo")

	for _, u := range []string{formURL, "/formularios/criacao-unidade/"} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.waitApp(t)
		hrefs := eval[[]string](t, p, `[...document.querySelectorAll("section.base-normativa li > a")].map(a => a.getAttribute("href"))`)
		seen := map[string]bool{}
		for _, h := range hrefs {
			if seen[h] {
				t.Errorf("%s: %s listed twice in the norms", u, h)
			}
			seen[h] = true
		}
		if len(hrefs) == 0 {
			t.Errorf("%s: no norms listed", u)
		}
	}
}

// TestOfflineReadyAndUpdateNote: the app page says when it is ready to use
// without internet, and says so when a new version of the portal takes over
// while it is open.
func TestOfflineReadyAndUpdateNote(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	p.poll(t, `(n => n && !n.hidden)(document.querySelector(".app-offline"))`, chromedp.WithPollingTimeout(30*time.Second))
	if got := eval[string](t, p, `document.querySelector(".app-offline").textContent`); !strings.HasPrefix(got, "Pronto para usar sem internet") {
		t.Errorf("offline note = %q", got)
	}
	// Everything it promises is in the cache.
	if !eval[bool](t, p, `(async () => { for (const k of await caches.keys()) { const c = await caches.open(k); if (await c.match("/app/seiportal.wasm") && await c.match("/checklist/") && await c.match("/conferir/")) return true; } return false; })()`) {
		t.Error("ready offline said before the app was cached")
	}
	if eval[bool](t, p, `(n => !!n && !n.hidden)(document.querySelector(".app-atualizado"))`) {
		t.Error("update note shown without an update")
	}
	// A new service worker (another script URL) takes over the open page.
	eval[bool](t, p, `navigator.serviceWorker.register("/sw.js?v=2").then(() => true)`)
	p.poll(t, `(n => n && !n.hidden)(document.querySelector(".app-atualizado"))`, chromedp.WithPollingTimeout(30*time.Second))
	if got := eval[string](t, p, `document.querySelector(".app-atualizado").textContent`); !strings.Contains(got, "O portal foi atualizado") || !strings.Contains(got, "Recarregar a página") {
		t.Errorf("update note = %q", got)
	}
	checkAxe(t, p, axeSource(t), formURL+" com os avisos sem internet e de atualização")
	shotWidths(t, p, ".app-offline", "formulario-avisos")
}

// TestImportHonoursLimits imports a draft with 5,000 focal points (the form
// allows 10): the page opens the first 10 at once and says what it left
// out, keeping the original for export.
func TestImportHonoursLimits(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	var b strings.Builder
	b.WriteString(`{"formulario":"designacao-ponto-focal","schema":1,"data":{"orgao":{"nome":"Secretaria de Teste"},"pontos_focais":[`)
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"nome":"Pessoa %d"}`, i+1)
	}
	b.WriteString(`]}}`)
	path := filepath.Join(t.TempDir(), "muitos.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-arquivo"), []string{path}, chromedp.NodeReady))
	p.poll(t, `document.querySelector('[name="orgao.nome"]').value === "Secretaria de Teste"`, chromedp.WithPollingTimeout(15*time.Second))
	took := time.Since(start)
	if n := eval[int](t, p, `document.querySelectorAll(".app-itens > .app-item").length`); n != 10 {
		t.Errorf("%d focal points opened; want the form's maximum, 10", n)
	}
	aviso := eval[string](t, p, `document.getElementById("app-aviso").textContent`)
	if !strings.Contains(aviso, "5000 itens") || !strings.Contains(aviso, "Exportar o arquivo importado original") {
		t.Errorf("notice = %q", aviso)
	}
	t.Logf("5000 entries imported in %v", took)
}
