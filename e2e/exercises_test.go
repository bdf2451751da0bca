package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const exercisesURL = "/instrutores/exercicios/"

// exerciseState is what an exercise shows: its verdict (the live region's
// text), whether the answer key is open, and its classes.
type exerciseState struct {
	Verdict string `json:"verdict"`
	Live    string `json:"live"`
	Open    bool   `json:"open"`
	Class   string `json:"class"`
}

// exerciseSel selects the exercise id of the page (not a copy in slides).
func exerciseSel(id string) string { return `.texto form.exercicio[data-exercicio="` + id + `"]` }

func exercise(t testing.TB, p *page, id string) exerciseState {
	t.Helper()
	return eval[exerciseState](t, p, `(() => {
  const f = document.querySelector(`+jsonString(exerciseSel(id))+`);
  const r = f.querySelector(".exercicio-retorno");
  return {verdict: r.textContent, live: r.getAttribute("aria-live") + " " + r.getAttribute("role"),
    open: f.querySelector("details.exercicio-gabarito").open, class: f.className};
})()`)
}

// waitVerdict waits for the exercise's live region to say want.
func waitVerdict(t testing.TB, p *page, id, want string) exerciseState {
	t.Helper()
	p.poll(t, `document.querySelector(`+jsonString(exerciseSel(id)+" .exercicio-retorno")+`).textContent === `+jsonString(want))
	s := exercise(t, p, id)
	if s.Live != "polite status" {
		t.Errorf("%s: live region %q; want aria-live=polite role=status", id, s.Live)
	}
	return s
}

// tapOn scrolls the element into view and taps its centre.
func tapOn(t testing.TB, p *page, sel string) {
	t.Helper()
	eval[bool](t, p, `document.querySelector(`+jsonString(sel)+`).scrollIntoView({block: "center"}); true`)
	b := boxOf(t, p, sel)
	p.do(t, chromedp.TapXY(b.Left+b.Width/2, b.Top+b.Height/2))
}

// TestExercises answers the trainer's exercises on a 390 px touch phone:
// right and wrong by keyboard (radio group arrows, a number typed and
// Enter) and by touch (checkboxes and the button), the verdict announced in
// a live region and the explanation opened; the answers survive a reload,
// the page works offline from the service worker's copy, "Limpar respostas"
// erases them, and axe finds nothing before and after answering. Nothing
// leaves the device.
func TestExercises(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, phone(390), chromedp.Navigate(srv.URL+exercisesURL))
	p.poll(t, `document.querySelector(".exercicios-placar .exercicios-total") !== null`)
	if n := eval[int](t, p, `document.querySelectorAll(".texto form.exercicio").length`); n < 8 {
		t.Fatalf("%d exercises on %s", n, exercisesURL)
	}
	if n := eval[int](t, p, `document.querySelectorAll(".texto .exercicio-acoes[hidden]").length`); n != 0 {
		t.Errorf("%d verify buttons still hidden with the script running", n)
	}
	if open := eval[int](t, p, `document.querySelectorAll(".texto details.exercicio-gabarito[open]").length`); open != 0 {
		t.Errorf("%d answer keys open before any answer", open)
	}
	checkAxe(t, p, axe, exercisesURL)

	// Keyboard, one choice: the radio group's arrows, Tab to the button,
	// Enter. First a wrong answer (a), then the right one (b).
	const choice = "renovacao-do-prazo"
	radio := `.texto form[data-exercicio="` + choice + `"] input[value="a"]`
	eval[bool](t, p, `document.querySelector(`+jsonString(radio)+`).scrollIntoView({block: "center"}); document.querySelector(`+jsonString(radio)+`).focus(); true`)
	p.do(t, chromedp.KeyEvent(" "))
	p.do(t, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	s := waitVerdict(t, p, choice, "Resposta errada. Veja a resposta certa e a explicação abaixo.")
	if !s.Open || !strings.Contains(s.Class, "exercicio-errado") {
		t.Errorf("after a wrong answer: %+v; want the explanation open", s)
	}
	if got := eval[string](t, p, `document.activeElement.textContent`); got != "Verificar resposta" {
		t.Errorf("focus on %q after verifying; want it to stay on the button", got)
	}
	eval[bool](t, p, `document.querySelector(`+jsonString(radio)+`).focus(); true`)
	p.do(t, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	s = waitVerdict(t, p, choice, "Resposta certa.")
	if !strings.Contains(s.Class, "exercicio-certo") {
		t.Errorf("after the right answer: %+v", s)
	}
	// The explanation cites its rule, as a working citation.
	if href := eval[string](t, p, `document.querySelector('.texto form[data-exercicio="`+choice+`"] details a.citacao').getAttribute("href")`); href != "/normas/in-15-2024/#art35" {
		t.Errorf("explanation cites %q", href)
	}

	// Keyboard, a number: typed, Enter in the field submits.
	const number = "limite-de-perfis"
	field := `.texto form[data-exercicio="` + number + `"] input`
	eval[bool](t, p, `document.querySelector(`+jsonString(field)+`).scrollIntoView({block: "center"}); true`)
	p.do(t, chromedp.Focus(chromedp.CSS(field)), chromedp.KeyEvent(kb.Enter))
	waitVerdict(t, p, number, "Digite um número antes de verificar.")
	p.do(t, chromedp.SendKeys(chromedp.CSS(field), "4"+kb.Enter))
	waitVerdict(t, p, number, "Resposta errada. Veja a resposta certa e a explicação abaixo.")
	eval[bool](t, p, `document.querySelector(`+jsonString(field)+`).value = ""; true`)
	p.do(t, chromedp.SendKeys(chromedp.CSS(field), "5"+kb.Enter))
	waitVerdict(t, p, number, "Resposta certa.")

	// Touch, several choices: a and b are right; a, b and c are not.
	const multiple = "erro-no-oficio"
	label := func(l string) string {
		return `.texto form[data-exercicio="` + multiple + `"] li:has(input[value="` + l + `"]) label`
	}
	button := `.texto form[data-exercicio="` + multiple + `"] button[type="submit"]`
	tapOn(t, p, label("a"))
	tapOn(t, p, label("b"))
	tapOn(t, p, label("c"))
	tapOn(t, p, button)
	waitVerdict(t, p, multiple, "Resposta errada. Veja a resposta certa e a explicação abaixo.")
	tapOn(t, p, label("c"))
	tapOn(t, p, button)
	s = waitVerdict(t, p, multiple, "Resposta certa.")
	if !s.Open {
		t.Errorf("explanation closed after the touch answer: %+v", s)
	}
	if n := eval[int](t, p, `document.querySelectorAll('.texto form[data-exercicio="`+multiple+`"] details .citacao-fonte').length`); n < 2 {
		t.Errorf("the explanation of %s has %d fonte: citations", multiple, n)
	}
	// The touch targets are large enough for a finger.
	if h := boxOf(t, p, label("a")).Height; h < 44 {
		t.Errorf("a choice is %v px high; want ≥ 44", h)
	}
	// A date, set as the date picker would.
	const date = "prazo-desativacao"
	dateField := `.texto form[data-exercicio="` + date + `"] input[type="date"]`
	eval[bool](t, p, `document.querySelector(`+jsonString(dateField)+`).value = "2026-10-05"; true`)
	tapOn(t, p, `.texto form[data-exercicio="`+date+`"] button[type="submit"]`)
	waitVerdict(t, p, date, "Resposta errada. Veja a resposta certa e a explicação abaixo.")
	if *capturas != "" {
		eval[bool](t, p, `document.querySelector('.texto form[data-exercicio="`+multiple+`"]').scrollIntoView({block: "start"}); true`)
		shotViewport(t, p, "exercicio-390-certo")
		eval[bool](t, p, `document.querySelector('.texto form[data-exercicio="`+date+`"]').scrollIntoView({block: "start"}); true`)
		shotViewport(t, p, "exercicio-390-errado")
	}
	checkAxe(t, p, axe, exercisesURL+" respondido")
	// The verdicts' colours keep their contrast in the other themes.
	p.do(t, theme("dark"))
	checkAxe(t, p, axe, exercisesURL+" respondido, escuro")
	p.do(t, theme("light"), chromedp.Click(chromedp.ID("alto-contraste")))
	p.poll(t, `document.documentElement.classList.contains("alto-contraste")`)
	checkAxe(t, p, axe, exercisesURL+" respondido, alto contraste")
	if *capturas != "" {
		eval[bool](t, p, `document.querySelector('.texto form[data-exercicio="`+multiple+`"] ul').scrollIntoView({block: "start"}); true`)
		shotViewport(t, p, "exercicio-390-alto-contraste")
	}
	p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
	p.poll(t, `!document.documentElement.classList.contains("alto-contraste")`)
	if got := eval[string](t, p, `document.querySelector(".exercicios-total").textContent`); got != "Você respondeu 4 de 10 exercícios desta página e acertou 3." {
		t.Errorf("score %q", got)
	}

	// After a reload the answers are back, and nothing was announced twice.
	p.do(t, chromedp.Reload())
	p.poll(t, `document.querySelector(".exercicios-placar .exercicios-total") !== null`)
	if got := eval[string](t, p, `[...document.querySelectorAll('.texto form[data-exercicio="`+multiple+`"] input:checked')].map(i => i.value).join(" ")`); got != "a b" {
		t.Errorf("after reload, %s has %q checked", multiple, got)
	}
	if got := eval[string](t, p, `document.querySelector(`+jsonString(field)+`).value`); got != "5" {
		t.Errorf("after reload, the number field holds %q", got)
	}
	for id, want := range map[string]string{choice: "Resposta certa.", number: "Resposta certa.", multiple: "Resposta certa.", date: "Resposta errada. Veja a resposta certa e a explicação abaixo."} {
		if s := exercise(t, p, id); s.Verdict != want || !s.Open {
			t.Errorf("after reload, %s shows %+v; want %q and the explanation open", id, s, want)
		}
	}

	// Offline: the service worker's copy has the page and its script.
	cached := `(async () => { for (const k of await caches.keys()) { const c = await caches.open(k); if (await c.match("/instrutores/exercicios/") && await c.match("/js/exercicios.js") && await c.match("/css/exercicios.css")) return true; } return false; })()`
	for deadline := time.Now().Add(30 * time.Second); !eval[bool](t, p, cached); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("o service worker não guardou a página de exercícios em 30 s")
		}
	}
	// (Offline, only the development server's live-reload script fails.)
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
	srv.stop()
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	p.do(t, chromedp.Reload())
	p.poll(t, `document.querySelector(".exercicios-placar .exercicios-total") !== null`)
	eval[bool](t, p, `document.querySelector(`+jsonString(dateField)+`).value = "2026-10-06"; true`)
	tapOn(t, p, `.texto form[data-exercicio="`+date+`"] button[type="submit"]`)
	waitVerdict(t, p, date, "Resposta certa.")

	// Limpar respostas erases them from the device.
	tapOn(t, p, ".exercicios-limpar")
	p.poll(t, `document.querySelector(".exercicios-aviso").textContent === "Respostas apagadas deste aparelho."`)
	if got := eval[int](t, p, `Object.keys(localStorage).filter(k => k.startsWith("seiportal:exercicios:")).length`); got != 0 {
		t.Errorf("%d answer records left after Limpar respostas", got)
	}
	if got := eval[int](t, p, `document.querySelectorAll(".texto form.exercicio input:checked, .texto details.exercicio-gabarito[open]").length`); got != 0 {
		t.Errorf("%d answers or keys still showing after Limpar respostas", got)
	}
	p.do(t, chromedp.Reload())
	p.poll(t, `document.querySelector(".exercicios-placar .exercicios-total") !== null`)
	if got := eval[string](t, p, `[...document.querySelectorAll(".texto .exercicio-retorno")].map(r => r.textContent).join("")`); got != "" {
		t.Errorf("after Limpar respostas and a reload, verdicts %q", got)
	}
	assertLocal(t, srv.URL, p.requestsSince(0))
}

// TestExercisesWithoutJavaScript reads the exercise page with scripting
// off: each question is readable, with its answer in a closed <details>
// that opens, and no button that would do nothing.
func TestExercisesWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	p.do(t, phone(390), chromedp.Navigate(srv.URL+exercisesURL))
	p.poll(t, `document.readyState === "complete"`)
	type view struct {
		Forms, HiddenButtons, VisibleButtons, Open, Keys int
		Placar                                           bool
	}
	v := eval[view](t, p, `({forms: document.querySelectorAll(".texto form.exercicio").length,
  hiddenButtons: document.querySelectorAll(".texto .exercicio-acoes[hidden]").length,
  visibleButtons: [...document.querySelectorAll(".texto form.exercicio button")].filter(b => b.getClientRects().length).length,
  open: document.querySelectorAll(".texto details.exercicio-gabarito[open]").length,
  keys: [...document.querySelectorAll(".texto details.exercicio-gabarito")].filter(d => d.textContent.includes("Resposta:") && d.querySelector(".citacao")).length,
  placar: document.querySelector(".exercicios-placar") !== null})`)
	if v.Forms < 8 || v.HiddenButtons != v.Forms || v.VisibleButtons != 0 || v.Open != 0 || v.Keys != v.Forms || v.Placar {
		t.Errorf("without JavaScript: %+v; want every button hidden, every key closed with its answer and a citation, no score", v)
	}
	sel := `.texto form[data-exercicio="prazo-desativacao"] summary`
	eval[bool](t, p, `document.querySelector(`+jsonString(sel)+`).scrollIntoView({block: "center"}); true`)
	p.do(t, chromedp.Click(chromedp.CSS(sel)))
	p.poll(t, `document.querySelector('.texto form[data-exercicio="prazo-desativacao"] details').open`)
	if got := eval[string](t, p, `document.querySelector('.texto form[data-exercicio="prazo-desativacao"] .exercicio-resposta').textContent`); got != "Resposta: 06/10/2026 (terça-feira, 6 de outubro de 2026)" {
		t.Errorf("answer key %q", got)
	}
}

// TestExercisesInSlides presents the exercise page on a projector: an
// exercise answered inside its slide by mouse and keyboard stays on that
// slide (clicking a choice does not turn the page), the verdict shows
// there and on the page, and axe finds nothing in the presentation.
func TestExercisesInSlides(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(srv.URL+exercisesURL))
	p.poll(t, `document.querySelector(".exercicios-placar .exercicios-total") !== null`)
	p.do(t, chromedp.Click(chromedp.CSS("a.acao-apresentar")))
	p.do(t, chromedp.WaitVisible(chromedp.CSS(".apresentacao .slide:not([hidden])")))
	const id = "renovacao-do-prazo"
	n := eval[int](t, p, `[...document.querySelectorAll(".apresentacao .slides > .slide")].findIndex(s => s.querySelector('form.exercicio[data-exercicio="`+id+`"]')) + 1`)
	if n < 2 {
		t.Fatalf("exercise %s on slide %d", id, n)
	}
	for i := 1; i < n; i++ {
		p.do(t, chromedp.KeyEvent(kb.ArrowRight))
	}
	wantSlide(t, p, n)
	slideForm := `.apresentacao .slide:not([hidden]) form[data-exercicio="` + id + `"]`
	eval[bool](t, p, `document.querySelector(`+jsonString(slideForm)+`).scrollIntoView({block: "center"}); true`)
	p.do(t, chromedp.Click(chromedp.CSS(slideForm+` li:has(input[value="b"]) .exercicio-texto`)))
	wantSlide(t, p, n)
	if !eval[bool](t, p, `document.querySelector(`+jsonString(slideForm+` input[value="b"]`)+`).checked`) {
		t.Fatal("a click on the choice's text did not check it")
	}
	p.do(t, chromedp.Focus(chromedp.CSS(slideForm+` button[type="submit"]`)), chromedp.KeyEvent(kb.Enter))
	p.poll(t, `document.querySelector(`+jsonString(slideForm+` .exercicio-retorno`)+`).textContent === "Resposta certa."`)
	wantSlide(t, p, n)
	checkAxe(t, p, axe, "slides com exercício respondido")
	p.screenshot(t, "exercicio-slide-1280x720.png")
	p.do(t, chromedp.KeyEvent(kb.Escape))
	p.poll(t, `document.querySelector(".apresentacao") === null || document.querySelector(".apresentacao").hidden`)
	if got := exercise(t, p, id); got.Verdict != "Resposta certa." {
		t.Errorf("on the page after the presentation: %+v", got)
	}
}

// TestExercisesHandout prints the trainers' section: its exercises keep
// unique ids and working labels, the answer keys stay closed (a handout
// for the class), axe finds nothing, and the PDF has the questions with
// their accents.
func TestExercisesHandout(t *testing.T) {
	axe := axeSource(t)
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/instrutores/"))
	href := eval[string](t, p, `document.querySelector("a.acao-imprimir").getAttribute("href")`)
	if href != "/instrutores/imprimir/" {
		t.Fatalf("the trainers' section links to the handout %q", href)
	}
	p.do(t, chromedp.Navigate(srv.URL+href))
	checkAxe(t, p, axe, href)
	v := eval[struct {
		Forms, Open, Visible int
		Dups                 []string
	}](t, p, `(() => {
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const seen = new Set(), dups = [];
  for (const id of ids) { if (seen.has(id)) dups.push(id); seen.add(id); }
  return {forms: document.querySelectorAll("form.exercicio").length,
    open: document.querySelectorAll("form.exercicio details[open]").length,
    visible: [...document.querySelectorAll("form.exercicio button")].filter(b => b.getClientRects().length).length, dups};
})()`)
	if v.Forms < 10 || v.Open != 0 || v.Visible != 0 || len(v.Dups) > 0 {
		t.Errorf("handout: %+v; want the exercises, keys closed, no buttons, no duplicate ids", v)
	}
	res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PrintBackground: new(true), PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *capturas != "" {
		dir = *capturas
	}
	pdf := filepath.Join(dir, "instrutores-imprimir.pdf")
	if err := os.WriteFile(pdf, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"EXERCÍCIO 1", "Em que dia termina o prazo de 45 dias úteis", "Resposta e explicação", "Reunião de multiplicadores", "Índice de nato-digitais"} {
		if !strings.Contains(text, want) {
			t.Errorf("the handout's PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "Verificar resposta") {
		t.Error("the handout's PDF shows the verify button")
	}
}
