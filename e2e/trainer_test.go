package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const slidesURL = "/adesao/termo-de-adesao/"

// slideState is what the presentation shows and announces.
type slideState struct {
	Progress string `json:"progress"`
	Live     string `json:"live"`
	Visible  int    `json:"visible"`
	Title    string `json:"title"`
	Total    int    `json:"total"`
}

const slideStateJS = `(() => {
  const r = document.querySelector(".apresentacao");
  if (!r) return {progress: "", live: "", visible: 0, title: "", total: 0};
  const vis = [...r.querySelectorAll(".slides > .slide")].filter(s => !s.hidden && s.getClientRects().length);
  const h = vis[0] && vis[0].querySelector("h1, h2");
  return {progress: r.querySelector(".ap-progresso").textContent, live: r.querySelector(".ap-aviso").textContent,
    visible: vis.length, title: h ? h.innerText.trim() : "", total: r.querySelectorAll(".slides > .slide").length};
})()`

func (p *page) slide(t testing.TB) slideState {
	t.Helper()
	return eval[slideState](t, p, slideStateJS)
}

// wantSlide checks the visible slide, the progress marker and what the
// live region announces.
func wantSlide(t testing.TB, p *page, n int) slideState {
	t.Helper()
	s := p.slide(t)
	if s.Visible != 1 {
		t.Fatalf("%d slides visible; want 1 (%+v)", s.Visible, s)
	}
	want := strconv.Itoa(n) + " / " + strconv.Itoa(s.Total)
	if s.Progress != want {
		t.Fatalf("progress %q; want %q", s.Progress, want)
	}
	if !strings.HasPrefix(s.Live, "Slide "+strconv.Itoa(n)+" de "+strconv.Itoa(s.Total)+": ") {
		t.Fatalf("live region %q; want Slide %d de %d: …", s.Live, n, s.Total)
	}
	return s
}

func (p *page) screenshot(t testing.TB, name string) {
	t.Helper()
	if *capturas == "" {
		return
	}
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*capturas, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTrainerSlides presents a guide page: the "Apresentar" link, arrows,
// click, swipe, Esc back to the page, the speaker notes kept out of the
// slides, and axe at zero in the presentation.
func TestTrainerSlides(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(srv.URL+slidesURL))
	p.do(t, chromedp.WaitVisible(chromedp.CSS("a.acao-apresentar")))
	before := eval[string](t, p, `document.querySelector("main .texto").innerHTML`)
	h2s := eval[[]string](t, p, `[...document.querySelectorAll("main .texto > h2")].map(h => { const c = h.cloneNode(true); c.querySelectorAll(".ancora").forEach(a => a.remove()); return c.textContent.trim(); })`)
	if len(h2s) < 3 {
		t.Fatalf("page has %d h2", len(h2s))
	}

	p.do(t, chromedp.Click(chromedp.CSS("a.acao-apresentar")))
	p.do(t, chromedp.WaitVisible(chromedp.CSS(".apresentacao .slide:not([hidden])")))
	s := wantSlide(t, p, 1)
	if s.Title != "Termo de Adesão e Acordo de Cooperação Técnica" {
		t.Errorf("cover title %q", s.Title)
	}
	// Capa, the text before the first h2, one per h2, Base normativa and
	// Orientação do programa.
	if s.Total != 1+1+len(h2s)+2 {
		t.Errorf("%d slides for %d h2; want %d", s.Total, len(h2s), 1+1+len(h2s)+2)
	}
	if vis := eval[[]string](t, p, `[...document.body.children].filter(c => c.getClientRects().length && !c.classList.contains("apresentacao")).map(c => c.tagName + "." + c.className)`); len(vis) > 0 {
		t.Errorf("the portal's chrome is visible during the presentation: %v", vis)
	}
	if got := eval[string](t, p, `location.search + location.hash`); got != "?apresentar#slide-1" {
		t.Errorf("address %q", got)
	}
	// Large type: readable from the back of a room.
	if px := eval[float64](t, p, `parseFloat(getComputedStyle(document.querySelector(".apresentacao .slides")).fontSize)`); px < 32 {
		t.Errorf("slide text %v px at 1280×720; want ≥ 32", px)
	}
	checkAxe(t, p, axe, "slides, capa")
	p.screenshot(t, "slides-1280x720-1.png")

	p.do(t, chromedp.KeyEvent(kb.ArrowRight))
	wantSlide(t, p, 2)
	p.do(t, chromedp.KeyEvent(kb.ArrowRight))
	s = wantSlide(t, p, 3)
	if s.Title != h2s[0] || s.Live != "Slide 3 de "+strconv.Itoa(s.Total)+": "+h2s[0] {
		t.Errorf("slide 3 is %q, announced %q; want %q", s.Title, s.Live, h2s[0])
	}
	// The speaker notes are not on the slide.
	if n := eval[int](t, p, `document.querySelectorAll(".apresentacao .slides .callout-notas, .apresentacao .slides summary").length`); n != 0 {
		t.Errorf("%d speaker notes on the slides", n)
	}
	p.screenshot(t, "slides-1280x720-3.png")
	checkAxe(t, p, axe, "slides, slide 3")
	p.do(t, chromedp.KeyEvent(kb.ArrowLeft))
	wantSlide(t, p, 2)

	// Click on the right of the slide goes on; on the left third, back.
	// (In the slide's side margins, where no link can be.)
	p.do(t, chromedp.MouseClickXY(1250, 400))
	wantSlide(t, p, 3)
	p.do(t, chromedp.MouseClickXY(30, 400))
	wantSlide(t, p, 2)
	// Buttons.
	p.do(t, chromedp.Click(chromedp.CSS(".ap-proximo")))
	wantSlide(t, p, 3)

	// Swipe left with a finger: next slide.
	swipe := func(x0, x1 float64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			steps := []input.DispatchTouchEventParams{
				{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x0, Y: 400}}},
				{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: []*input.TouchPoint{{X: (x0 + x1) / 2, Y: 405}}},
				{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: []*input.TouchPoint{{X: x1, Y: 410}}},
				{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}},
			}
			for _, st := range steps {
				if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, st); err != nil {
					return err
				}
			}
			return nil
		})
	}
	p.do(t, swipe(900, 300))
	wantSlide(t, p, 4)
	// Back, and the browser's own swipe-back does not leave the page.
	p.do(t, swipe(300, 900))
	time.Sleep(300 * time.Millisecond)
	wantSlide(t, p, 3)

	p.do(t, chromedp.KeyEvent(kb.End))
	s = wantSlide(t, p, s.Total)
	p.screenshot(t, "slides-1280x720-fim.png")

	// Printed, the presentation is one slide per page, landscape.
	res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: new(true), PrintBackground: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *capturas != "" {
		dir = *capturas
	}
	pdf := filepath.Join(dir, "slides.pdf")
	if err := os.WriteFile(pdf, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command(needTool(t, "pdfinfo", "poppler-utils"), pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "Pages:           "+strconv.Itoa(s.Total)+"\n") || !strings.Contains(string(info), "Page size:       841.") {
		t.Errorf("slides printed as:\n%s\nwant %d landscape A4 pages", info, s.Total)
	}
	slideText, _ := exec.Command(needTool(t, "pdftotext", "poppler-utils"), pdf, "-").Output()
	for i, page := range strings.Split(string(slideText), "\f")[:min(3, s.Total)] {
		if i == 0 && !strings.Contains(page, "Termo de Adesão") || i == 2 && !strings.Contains(page, h2s[0]) {
			t.Errorf("printed slide %d: %q", i+1, page)
		}
	}
	if *capturas != "" {
		_ = exec.Command("pdftoppm", "-png", "-r", "40", "-l", "3", pdf, filepath.Join(*capturas, "slides-impressos")).Run()
	}

	// Esc leaves: the page is back as it was, at the same address.
	p.do(t, chromedp.KeyEvent(kb.Escape))
	p.poll(t, `!document.querySelector(".apresentacao")`)
	if got := eval[string](t, p, `location.pathname + location.search + location.hash`); got != slidesURL {
		t.Errorf("after Esc the address is %q", got)
	}
	if after := eval[string](t, p, `document.querySelector("main .texto").innerHTML`); after != before {
		t.Error("the page's text changed after the presentation")
	}
	if !eval[bool](t, p, `!!document.querySelector("header.topo").getClientRects().length && !document.documentElement.classList.contains("em-apresentacao")`) {
		t.Error("the portal's chrome did not come back")
	}
	assertLocal(t, srv.URL, p.requestsSince(0))
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
}

// TestTrainerPresenterView opens the slides by address in one tab and the
// presenter view in another: moving in the presenter view moves the
// audience's slides (BroadcastChannel), and only the presenter sees the
// notes.
func TestTrainerPresenterView(t *testing.T) {
	srv := startServer(t)
	audience := newPage(t)
	audience.do(t, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(srv.URL+slidesURL+"?apresentar#slide-2"))
	audience.do(t, chromedp.WaitVisible(chromedp.CSS(".apresentacao .slide:not([hidden])")))
	wantSlide(t, audience, 2)

	presenterCtx, cancel := chromedp.NewContext(audience.ctx)
	defer cancel()
	presenter := &page{ctx: presenterCtx}
	presenter.do(t, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(srv.URL+slidesURL+"?apresentador#slide-3"))
	presenter.do(t, chromedp.WaitVisible(chromedp.CSS(".painel-apresentador")))
	wantSlide(t, presenter, 3)
	// The audience follows the presenter.
	audience.poll(t, `document.querySelector(".ap-progresso").textContent.startsWith("3 / ")`)
	// Slide 3 ("Onde se assina") carries the notes; the presenter sees
	// them and the next slide.
	notes := eval[string](t, presenter, `document.querySelector(".ap-notas").textContent`)
	if !strings.Contains(notes, "usuário externo no SEI do Estado") {
		t.Errorf("presenter notes %q", notes)
	}
	if strings.Contains(eval[string](t, audience, `document.querySelector(".apresentacao").innerText`), "Pergunte à turma") {
		t.Error("the audience sees the speaker notes")
	}
	if next := eval[string](t, presenter, `document.querySelector(".ap-previa").textContent`); !strings.Contains(next, "Passo a passo") {
		t.Errorf("next-slide preview %q", next)
	}
	presenter.screenshot(t, "slides-apresentador-1280x720.png")
	checkAxe(t, presenter, axeSource(t), "janela do apresentador")
	presenter.do(t, chromedp.KeyEvent(kb.ArrowRight))
	wantSlide(t, presenter, 4)
	audience.poll(t, `document.querySelector(".ap-progresso").textContent.startsWith("4 / ")`)
	if notes := eval[string](t, presenter, `document.querySelector(".ap-notas").textContent`); notes != "Sem notas neste slide." {
		t.Errorf("presenter notes on slide 4: %q", notes)
	}
}

// TestTrainerHandout prints a section's handout to PDF in Chromium: every
// page of the section, accents intact, page numbers in the footer, internal
// links turned into in-document links with unique ids, and axe at zero.
func TestTrainerHandout(t *testing.T) {
	axe := axeSource(t)
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, chromedp.Navigate(srv.URL+"/adesao/"))
	href := eval[string](t, p, `document.querySelector("a.acao-imprimir").getAttribute("href")`)
	if href != "/adesao/imprimir/" {
		t.Fatalf("section links to the handout %q", href)
	}
	titles := eval[[]string](t, p, `[...document.querySelectorAll("main .cartoes a strong")].map(s => s.textContent.trim())`)
	if len(titles) < 5 {
		t.Fatalf("section lists %d pages", len(titles))
	}
	p.do(t, chromedp.Navigate(srv.URL+href))
	checkAxe(t, p, axe, "/adesao/imprimir/")

	dom := eval[struct {
		Dups     []string `json:"dups"`
		Broken   []string `json:"broken"`
		Internal int      `json:"internal"`
		Chapters []string `json:"chapters"`
		Basis    int      `json:"basis"`
	}](t, p, `(() => {
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const seen = new Set(), dups = [];
  for (const id of ids) { if (seen.has(id)) dups.push(id); seen.add(id); }
  const local = [...document.querySelectorAll("main a[href^='#']")];
  return {dups, broken: local.map(a => decodeURIComponent(a.getAttribute("href").slice(1))).filter(id => !document.getElementById(id)),
    internal: local.filter(a => a.getAttribute("href").startsWith("#cap.")).length,
    chapters: [...document.querySelectorAll("section.capitulo > header h2")].map(h => h.textContent.trim()),
    basis: document.querySelectorAll("section.capitulo section.base-normativa").length};
})()`)
	if len(dom.Dups) > 0 {
		t.Errorf("duplicate ids: %v", dom.Dups)
	}
	if len(dom.Broken) > 0 {
		t.Errorf("in-document links to missing ids: %v", dom.Broken)
	}
	if dom.Internal < 5 {
		t.Errorf("only %d links between the section's pages", dom.Internal)
	}
	if dom.Basis < 4 {
		t.Errorf("only %d chapters keep their Base normativa", dom.Basis)
	}
	if n := eval[int](t, p, `document.querySelectorAll("main article a[href^='/adesao/'], main article .callout-notas").length`); n != 0 {
		t.Errorf("%d links to the section's pages not rewritten (or notes kept)", n)
	}
	if n := eval[int](t, p, `document.querySelectorAll("main a[href='/adesao/termo-de-adesao/'], main a[href^='/adesao/termo-de-adesao/#']").length`); n != 0 {
		t.Errorf("%d links still point to the page instead of its chapter", n)
	}

	footer := `<div style="font-size:9px;width:100%;text-align:center;font-family:sans-serif">Página <span class="pageNumber"></span> de <span class="totalPages"></span></div>`
	res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{
		DisplayHeaderFooter: new(true), HeaderTemplate: "<div></div>", FooterTemplate: footer,
		PrintBackground: new(true), PreferCSSPageSize: new(true), PaperWidth: 8.27, PaperHeight: 11.69,
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *capturas != "" {
		dir = *capturas
	}
	pdf := filepath.Join(dir, "adesao-imprimir.pdf")
	if err := os.WriteFile(pdf, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	pages := strings.Count(text, "\f")
	for _, want := range append([]string{"Adesão em 5 etapas", "Sumário", "Base normativa", "Orientação do programa", "Acordo de Cooperação Técnica", "Página 1 de ", "Página 2 de "}, titles...) {
		if !strings.Contains(text, want) {
			t.Errorf("the handout's PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "Pergunte à turma") {
		t.Error("the handout's PDF carries the speaker notes")
	}
	if pages < 8 {
		t.Errorf("the handout's PDF has %d pages", pages)
	}
	if *capturas != "" {
		if pdftoppm, err := exec.LookPath("pdftoppm"); err == nil {
			_ = exec.Command(pdftoppm, "-png", "-r", "50", "-l", "4", pdf, filepath.Join(*capturas, "adesao-imprimir")).Run()
		}
	}
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
}

// TestTrainerOffline visits the home once, then stops the server and turns
// the network off: a page never visited opens as slides, and a handout
// opens, from the offline copy.
func TestTrainerOffline(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/"))
	cached := `(async () => { for (const k of await caches.keys()) { const c = await caches.open(k); if (await c.match("/adesao/imprimir/") && await c.match("/js/slides.js") && await c.match("/css/slides.css") && await c.match("` + slidesURL + `")) return true; } return false; })()`
	for deadline := time.Now().Add(30 * time.Second); !eval[bool](t, p, cached); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("o service worker não guardou os slides e o material para impressão em 30 s")
		}
	}
	srv.stop()
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	p.do(t, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(srv.URL+slidesURL+"?apresentar#slide-3"))
	p.do(t, chromedp.WaitVisible(chromedp.CSS(".apresentacao .slide:not([hidden])")))
	wantSlide(t, p, 3)
	if px := eval[float64](t, p, `parseFloat(getComputedStyle(document.querySelector(".apresentacao .slides")).fontSize)`); px < 32 {
		t.Errorf("offline, the slides' stylesheet did not load (text %v px)", px)
	}
	p.do(t, chromedp.Navigate(srv.URL+"/adesao/imprimir/"))
	if n := eval[int](t, p, `document.querySelectorAll("section.capitulo").length`); n < 6 {
		t.Errorf("offline handout has %d chapters", n)
	}
}
