package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const (
	guideURL    = "/procedimentos/unidades/"
	normURL     = "/normas/in-15-2024/"
	glossaryURL = "/glossario/"
)

// phone makes the tab a w px touch screen, or a desktop one when w ≥ 1000;
// the page keeps focus as in a foreground window either way.
func phone(w int64) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
			return chromedp.Void{}, err
		}
		if w >= 1000 {
			return chromedp.EmulateViewport(w, 900)(ctx, tg)
		}
		return chromedp.EmulateViewport(w, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)(ctx, tg)
	}
}

// theme sets the emulated color scheme ("light" or "dark").
func theme(scheme string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return chromedp.Void{}, err
	}
}

// rect is an element's box in the viewport.
type rect struct{ Left, Top, Right, Bottom, Width, Height float64 }

func boxOf(t testing.TB, p *page, sel string) rect {
	t.Helper()
	return eval[rect](t, p, `(() => { const r = document.querySelector(`+jsonString(sel)+`).getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; })()`)
}

// TestMobileDrawer opens the menu on a 390 px phone: it is an overlay, the
// button says "Fechar menu", focus stays inside while tabbing either way,
// Esc closes it and gives focus back to the button. The header stays at the
// top with the search box while the page scrolls, and "Voltar ao topo"
// appears.
func TestMobileDrawer(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, phone(390), chromedp.Navigate(srv.URL+guideURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	if eval[string](t, p, `getComputedStyle(document.getElementById("menu")).visibility`) != "hidden" {
		t.Fatal("menu visible before opening the drawer")
	}
	contentTop := boxOf(t, p, "main").Top
	p.do(t, chromedp.Click(chromedp.CSS(".botao-menu")))
	p.poll(t, `document.body.classList.contains("menu-aberto")`)
	if got := eval[string](t, p, `document.querySelector(".botao-menu").getAttribute("aria-expanded") + " " + document.querySelector(".botao-menu").textContent.trim()`); got != "true Fechar menu" {
		t.Errorf("toggle when open = %q", got)
	}
	if !eval[bool](t, p, `document.activeElement.classList.contains("fechar-menu")`) {
		t.Error("focus did not move to the drawer's close button")
	}
	if m := boxOf(t, p, "#menu"); m.Left != 0 || m.Top != 0 || m.Height < 800 {
		t.Errorf("drawer is not an overlay from the top left: %+v", m)
	}
	if got := boxOf(t, p, "main").Top; got != contentTop {
		t.Errorf("opening the drawer moved the page: main top %v → %v", contentTop, got)
	}
	n := eval[int](t, p, `[...document.querySelectorAll("#menu a, #menu button")].length`)
	for i := 0; i < n+3; i++ {
		p.do(t, key("\t"))
		if !eval[bool](t, p, `document.getElementById("menu").contains(document.activeElement)`) {
			t.Fatalf("Tab %d left the drawer: focus on %s", i+1, eval[string](t, p, `document.activeElement.outerHTML.slice(0, 80)`))
		}
	}
	p.do(t, chromedp.Focus(chromedp.CSS(".fechar-menu")), chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift)))
	if !eval[bool](t, p, `document.getElementById("menu").contains(document.activeElement) && !document.activeElement.classList.contains("fechar-menu")`) {
		t.Error("Shift+Tab on the first control did not wrap inside the drawer")
	}
	if !eval[bool](t, p, `document.querySelector("main").inert`) {
		t.Error("page behind the drawer is not inert")
	}
	p.do(t, key(kb.Escape))
	p.poll(t, `!document.body.classList.contains("menu-aberto")`)
	if got := eval[string](t, p, `document.querySelector(".botao-menu").getAttribute("aria-expanded") + " " + document.querySelector(".botao-menu").textContent.trim() + " " + document.activeElement.className`); got != "false Abrir menu botao-menu" {
		t.Errorf("after Esc: %q", got)
	}
	// A tap outside the open drawer closes it too.
	p.do(t, chromedp.Click(chromedp.CSS(".botao-menu")))
	p.poll(t, `document.body.classList.contains("menu-aberto")`)
	p.do(t, chromedp.TapXY(380, 600))
	p.poll(t, `!document.body.classList.contains("menu-aberto")`)

	// Sticky header and "Voltar ao topo" after scrolling down.
	if eval[bool](t, p, `!document.querySelector(".voltar-topo").classList.contains("escondido") && getComputedStyle(document.querySelector(".voltar-topo")).visibility === "visible"`) {
		t.Error("Voltar ao topo shows before scrolling")
	}
	eval[bool](t, p, `window.scrollTo(0, document.body.scrollHeight / 2); true`)
	p.poll(t, `getComputedStyle(document.querySelector(".voltar-topo")).visibility === "visible"`)
	if h := boxOf(t, p, ".topo"); h.Top != 0 || h.Height > 70 {
		t.Errorf("header not a compact sticky bar after scrolling: %+v", h)
	}
	if b := boxOf(t, p, "#busca"); b.Top < 0 || b.Bottom > 70 || b.Width < 100 {
		t.Errorf("search box not reachable in the header: %+v", b)
	}
	p.do(t, chromedp.Click(chromedp.CSS(".voltar-topo a")))
	p.poll(t, `window.scrollY === 0`)
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
}

// TestTapPreview taps a citation on a 390 px touch screen: the first tap
// opens its preview (inside the screen, over the text, with a link to the
// provision) instead of leaving the page; a tap elsewhere closes it; the
// second tap on the citation follows it.
func TestTapPreview(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, phone(390), chromedp.Navigate(srv.URL+guideURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	sel := ".texto p .com-dica > a.citacao"
	eval[bool](t, p, `document.querySelector(`+jsonString(sel)+`).scrollIntoView({block: "center"}); true`)
	para := boxOf(t, p, ".texto p:has(.com-dica > a.citacao)")
	a := boxOf(t, p, sel)
	href := eval[string](t, p, `document.querySelector(`+jsonString(sel)+`).getAttribute("href")`)
	p.do(t, chromedp.TapXY(a.Left+a.Width/2, a.Top+a.Height/2))
	p.poll(t, `document.querySelectorAll(".com-dica.aberta").length === 1`)
	if got := eval[string](t, p, `location.pathname`); got != guideURL {
		t.Fatalf("tap navigated to %s", got)
	}
	d := boxOf(t, p, ".com-dica.aberta > .dica")
	if d.Left < 0 || d.Right > 390 || d.Top < 0 || d.Bottom > 844 || d.Width < 200 {
		t.Errorf("preview outside the 390×844 screen: %+v", d)
	}
	if got := boxOf(t, p, ".texto p:has(.com-dica.aberta)"); got.Height != para.Height {
		t.Errorf("preview split its sentence: paragraph height %v → %v", para.Height, got.Height)
	}
	if got := eval[string](t, p, `document.querySelector(".com-dica.aberta .dica-ir a").textContent + " " + document.querySelector(".com-dica.aberta .dica-ir a").getAttribute("href")`); got != "Ir para o dispositivo "+href {
		t.Errorf("preview link = %q, want the provision %s", got, href)
	}
	if *capturas != "" {
		shotViewport(t, p, "previa-toque-390")
	}
	// A tap on the page closes it.
	p.do(t, chromedp.TapXY(200, 120))
	p.poll(t, `document.querySelectorAll(".com-dica.aberta").length === 0`)
	// Glossary terms work the same.
	if eval[bool](t, p, `!!document.querySelector(".texto .com-dica > a.termo")`) {
		eval[bool](t, p, `document.querySelector(".texto .com-dica > a.termo").scrollIntoView({block: "center"}); true`)
		tb := boxOf(t, p, ".texto .com-dica > a.termo")
		p.do(t, chromedp.TapXY(tb.Left+tb.Width/2, tb.Top+tb.Height/2))
		p.poll(t, `document.querySelector(".com-dica.aberta > a.termo") !== null`)
		if got := eval[string](t, p, `document.querySelector(".com-dica.aberta .dica-ir a").textContent`); got != "Ver no glossário" {
			t.Errorf("term preview link = %q", got)
		}
		p.do(t, chromedp.TapXY(200, 120))
		p.poll(t, `document.querySelectorAll(".com-dica.aberta").length === 0`)
	} else {
		t.Error("no glossary term on " + guideURL)
	}
	// First tap opens, second tap follows.
	eval[bool](t, p, `document.querySelector(`+jsonString(sel)+`).scrollIntoView({block: "center"}); true`)
	a = boxOf(t, p, sel)
	p.do(t, chromedp.TapXY(a.Left+a.Width/2, a.Top+a.Height/2))
	p.poll(t, `document.querySelectorAll(".com-dica.aberta").length === 1`)
	a = boxOf(t, p, sel)
	p.do(t, chromedp.TapXY(a.Left+a.Width/2, a.Top+a.Height/2))
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`location.pathname + location.hash`))
		if err == nil && got == href {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("second tap did not follow the citation: at %q (%v)", got, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestPopoversInsideViewport opens every citation and term preview of some
// guide pages by keyboard focus, at 1280 and 390 px, and checks that each
// stays inside the viewport; Esc closes the open one without moving focus.
func TestPopoversInsideViewport(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	total := 0
	for _, w := range []int64{1280, 390} {
		for _, u := range []string{guideURL, "/procedimentos/o-que-nao-fazer/", "/adesao/regulamentacao/", "/perguntas-frequentes/"} {
			p.do(t, phone(w), chromedp.Navigate(srv.URL+u))
			p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
			bad := eval[[]string](t, p, `(() => {
				const vw = document.documentElement.clientWidth, vh = innerHeight, out = [];
				const all = [...document.querySelectorAll(".com-dica > a")];
				all.forEach((a, i) => {
					a.scrollIntoView({block: i % 2 ? "end" : "start"});
					a.focus();
					const c = a.parentElement, d = c.querySelector(".dica");
					if (!c.classList.contains("aberta")) { out.push(i + " not open on focus: " + a.textContent); return; }
					const r = d.getBoundingClientRect();
					if (r.left < 0 || r.right > vw || r.top < 0 || r.bottom > vh || !["absolute", "fixed"].includes(getComputedStyle(d).position))
						out.push(i + " " + a.textContent + ": " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(","));
				});
				return [String(all.length)].concat(out);
			})()`)
			n, _ := strconv.Atoi(bad[0])
			if n == 0 {
				t.Errorf("%s: no previews", u)
			}
			total += n
			for _, b := range bad[1:] {
				t.Errorf("%s at %d px: preview %s", u, w, b)
			}
			p.do(t, key(kb.Escape))
			if !eval[bool](t, p, `document.querySelectorAll(".com-dica.aberta").length === 0 && document.activeElement.matches(".com-dica > a")`) {
				t.Errorf("%s at %d px: Esc did not close the preview (or moved focus)", u, w)
			}
		}
	}
	t.Logf("%d previews checked", total)
	// Enter on a focused citation follows it, on a touch screen too.
	p.do(t, chromedp.Navigate(srv.URL+guideURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	href := eval[string](t, p, `document.querySelector(".texto a.citacao").getAttribute("href")`)
	p.do(t, chromedp.Focus(chromedp.CSS(".texto a.citacao")))
	p.poll(t, `document.querySelector(".com-dica.aberta > a.citacao") !== null`)
	p.do(t, key("\r"))
	p.poll(t, `location.pathname + location.hash === `+jsonString(href))
}

// TestNormNavigation checks the norm page: a table of contents by chapter
// and section, "ir para o art. N" (found and not found), and per-provision
// controls that stay out of sight until hover, focus or a tap on the label.
func TestNormNavigation(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	for _, w := range []int64{1280, 390} {
		p.do(t, phone(w), chromedp.Navigate(srv.URL+normURL))
		p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
		if got := eval[string](t, p, `document.querySelectorAll(".sumario-norma li").length + "/" + document.querySelectorAll(".norma-texto h2, .norma-texto h3, .norma-texto h4").length`); got != "16/16" {
			t.Errorf("%d px: TOC entries/headings = %s", w, got)
		}
		if n := eval[int](t, p, `[...document.querySelectorAll(".copiar-citacao, .permalink")].filter(b => b.getBoundingClientRect().width > 2).length`); n != 0 {
			t.Errorf("%d px: %d provision controls visible without hover or focus", w, n)
		}
		p.do(t, chromedp.SetValue(chromedp.ID("ir-artigo-n"), "35"), chromedp.Click(chromedp.CSS(".ir-artigo button")))
		p.poll(t, `location.hash === "#art35" && document.activeElement.id === "art35"`)
		top := boxOf(t, p, "#art35").Top
		header := boxOf(t, p, ".topo").Bottom
		if top < header || top > header+60 {
			t.Errorf("%d px: art. 35 at %v px, header ends at %v", w, top, header)
		}
		if n := eval[int](t, p, `[...document.querySelectorAll("#art35 .copiar-citacao")].filter(b => b.getBoundingClientRect().width > 2).length`); n < 1 {
			t.Errorf("%d px: the provision gone to does not show its citar control", w)
		}
		p.do(t, chromedp.SetValue(chromedp.ID("ir-artigo-n"), "99"), chromedp.Click(chromedp.CSS(".ir-artigo button")))
		p.poll(t, `document.getElementById("ir-artigo-msg").textContent !== ""`)
		if got := eval[string](t, p, `location.hash + " " + document.getElementById("ir-artigo-msg").textContent`); got != "#art35 Esta norma não tem o art. 99. Os artigos vão de 1 a 42." {
			t.Errorf("%d px: art. 99 → %q", w, got)
		}
		// Keyboard: focusing a provision's link shows its citar button.
		p.do(t, chromedp.Focus(chromedp.CSS("#art10_cpt_inc3 .permalink")))
		if n := eval[int](t, p, `[...document.querySelectorAll("#art10_cpt_inc3 > p > .copiar-citacao, #art10_cpt_inc3 > p > .permalink")].filter(b => b.getBoundingClientRect().width > 2).length`); n != 2 {
			t.Errorf("%d px: focus on a provision shows %d of its 2 controls", w, n)
		}
	}
	// Phone: a tap on a label shows that provision's controls.
	eval[bool](t, p, `document.querySelector("#art12 .rotulo").scrollIntoView({block: "center"}); true`)
	r := boxOf(t, p, "#art12 .rotulo")
	p.do(t, chromedp.TapXY(r.Left+r.Width/2, r.Top+r.Height/2))
	if n := eval[int](t, p, `[...document.querySelectorAll("#art12_cpt > p > .copiar-citacao")].filter(b => b.getBoundingClientRect().width > 2).length`); n != 1 {
		t.Error("tap on art. 12's label did not show its citar button")
	}
}

// TestGlossaryNavigation checks the A–Z bar, the filter and the self links.
func TestGlossaryNavigation(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, phone(390), chromedp.Navigate(srv.URL+glossaryURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	all := eval[int](t, p, `document.querySelectorAll(".termo-entrada").length`)
	if got := eval[int](t, p, `[...document.querySelectorAll(".termo-entrada dt")].filter(dt => dt.querySelector("a.ancora").getAttribute("href") === "#" + dt.id).length`); got != all || all < 20 {
		t.Errorf("%d of %d entries link to themselves", got, all)
	}
	if bad := eval[[]string](t, p, `[...document.querySelectorAll(".glossario-letras a")].filter(a => !document.getElementById(a.getAttribute("href").slice(1))).map(a => a.textContent)`); len(bad) > 0 {
		t.Errorf("A–Z links to nothing: %v", bad)
	}
	p.do(t, chromedp.Click(chromedp.CSS(`.glossario-letras a[href="#letra-s"]`)))
	p.poll(t, `location.hash === "#letra-s"`)
	if top, header := boxOf(t, p, "#letra-s").Top, boxOf(t, p, ".topo").Bottom; top < header {
		t.Errorf("letter S hidden under the header (%v < %v)", top, header)
	}
	p.do(t, chromedp.SendKeys(chromedp.ID("glossario-filtro"), "sobrestam"))
	p.poll(t, `document.getElementById("glossario-contagem").textContent === "1 termo encontrado."`)
	if got := eval[string](t, p, `[...document.querySelectorAll(".termo-entrada:not([hidden]) dt")].map(d => d.id).join(",") + " " + document.querySelectorAll(".termos-letra:not([hidden])").length`); got != "sobrestamento-de-processo 1" {
		t.Errorf("filter sobrestam → %q", got)
	}
	eval[bool](t, p, `document.getElementById("glossario-filtro").value = "xyzzy"; document.getElementById("glossario-filtro").dispatchEvent(new Event("input")); true`)
	p.poll(t, `document.getElementById("glossario-contagem").textContent.startsWith("Nenhum termo")`)
	eval[bool](t, p, `document.getElementById("glossario-filtro").value = ""; document.getElementById("glossario-filtro").dispatchEvent(new Event("input")); true`)
	if got := eval[int](t, p, `document.querySelectorAll(".termo-entrada:not([hidden])").length`); got != all {
		t.Errorf("clearing the filter shows %d of %d", got, all)
	}
}

// TestOnThisPage checks "Nesta página": a rail at the right of the text at
// 1280 px that marks the section being read, and a folded box at the top on
// a phone; section index pages have one too.
func TestOnThisPage(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, phone(1280), chromedp.Navigate(srv.URL+guideURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	rail, text := boxOf(t, p, ".sumario-interno"), boxOf(t, p, ".texto")
	if rail.Left < text.Right || rail.Right > 1280 || !eval[bool](t, p, `document.querySelector(".sumario-dobra").open`) {
		t.Errorf("rail %+v not right of the text %+v (or folded)", rail, text)
	}
	id := eval[string](t, p, `document.querySelectorAll(".sumario a")[2].getAttribute("href").slice(1)`)
	eval[bool](t, p, `document.getElementById(`+jsonString(id)+`).scrollIntoView(); true`)
	p.poll(t, `document.querySelector(".sumario a[aria-current=location]") && document.querySelector(".sumario a[aria-current=location]").getAttribute("href") === "#`+id+`"`)
	if r := boxOf(t, p, ".sumario-interno"); r.Top < 0 || r.Top > 120 {
		t.Errorf("rail did not stay in view: %+v", r)
	}
	// On the long norm TOC the rail scrolls itself to the current section.
	p.do(t, chromedp.Navigate(srv.URL+normURL+"#art37"))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	eval[bool](t, p, `window.scrollBy(0, 1); true`)
	p.poll(t, `(document.querySelector(".sumario a[aria-current=location]") || {}).getAttribute && document.querySelector(".sumario a[aria-current=location]").getAttribute("href") === "#cap3_sec3"`)
	if l, c := boxOf(t, p, ".sumario a[aria-current=location]"), boxOf(t, p, ".sumario-interno"); l.Top < c.Top || l.Bottom > c.Bottom {
		t.Errorf("current section %+v outside the rail's view %+v", l, c)
	}
	p.do(t, phone(390), chromedp.Navigate(srv.URL+guideURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	if eval[bool](t, p, `document.querySelector(".sumario-dobra").open`) {
		t.Error("Nesta página open on a phone")
	}
	if r := boxOf(t, p, ".sumario"); r.Height > 60 {
		t.Errorf("folded Nesta página is %v px tall", r.Height)
	}
	p.do(t, chromedp.Navigate(srv.URL+"/procedimentos/"))
	if !eval[bool](t, p, `!!document.querySelector(".sumario a[href='#paginas-desta-secao']") && !!document.getElementById("paginas-desta-secao")`) {
		t.Error("section index page has no Nesta página with its pages")
	}
	// App pages on a phone: the app starts within the first screen.
	for _, u := range []string{formURL, "/checklist/"} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
		if top := eval[float64](t, p, `document.querySelector("section.app").getBoundingClientRect().top + scrollY`); top > 700 {
			t.Errorf("%s: the app starts %v px down on a phone", u, top)
		}
	}
}

// TestNavigationAccessibility runs axe on the guide, norm and glossary pages
// at 1280 and 390 px in the normal theme, in dark mode and in alto
// contraste, with a preview open and with the drawer open.
func TestNavigationAccessibility(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	for _, mode := range []string{"normal", "escuro", "alto contraste"} {
		p := newPage(t) // a tab's actions share one time limit
		scheme := "light"
		if mode == "escuro" {
			scheme = "dark"
		}
		p.do(t, theme(scheme))
		for _, w := range []int64{1280, 390} {
			for _, u := range []string{guideURL, normURL, glossaryURL, "/procedimentos/", "/acessibilidade/"} {
				p.do(t, phone(w), chromedp.Navigate(srv.URL+u))
				p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
				on := eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste")`)
				if on != (mode == "alto contraste") {
					p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
				}
				eval[bool](t, p, `(document.querySelector(".com-dica > a") || document.body).focus(); true`)
				checkAxe(t, p, axe, fmt.Sprintf("%s %d px %s", u, w, mode))
			}
			if mode == "escuro" && w == 1280 {
				// The apps follow the dark theme too.
				for _, u := range []string{formURL, "/checklist/", "/conferir/"} {
					p.do(t, chromedp.Navigate(srv.URL+u))
					p.waitApp(t)
					checkAxe(t, p, axe, fmt.Sprintf("%s %d px %s", u, w, mode))
				}
			}
			if w == 390 {
				p.do(t, chromedp.Click(chromedp.CSS(".botao-menu")))
				p.poll(t, `document.body.classList.contains("menu-aberto")`)
				// The page behind the open drawer is inert, so axe's
				// whole-page rules (one main, one h1) see nothing: check the
				// drawer itself.
				v := eval[[]map[string]any](t, p, `axe.run("#menu", {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`)
				for _, x := range v {
					t.Errorf("menu aberto %d px %s: axe %v %v", w, mode, x["id"], x["nodes"])
				}
			}
		}
	}
}

// TestNavigationScreenshots saves, with -capturas DIR, the guide page, the
// norm page and the glossary at 390 and 1280 px in the three themes, with a
// citation preview open (by a tap at 390 px).
func TestNavigationScreenshots(t *testing.T) {
	if *capturas == "" {
		t.Skip("sem -capturas DIR")
	}
	srv := startServer(t)
	for _, mode := range []string{"normal", "escuro", "alto-contraste"} {
		p := newPage(t) // a tab's actions share one time limit
		scheme := "light"
		if mode == "escuro" {
			scheme = "dark"
		}
		p.do(t, theme(scheme))
		for _, w := range []int64{390, 1280} {
			for _, u := range []string{guideURL, normURL, glossaryURL} {
				p.do(t, phone(w), chromedp.Navigate(srv.URL+u))
				p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
				if eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste")`) != (mode == "alto-contraste") {
					p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
				}
				name := strings.Trim(strings.ReplaceAll(u, "/", "-"), "-") + "-" + strconv.Itoa(int(w)) + "-" + mode
				shotViewport(t, p, name)
				if eval[bool](t, p, `!!document.querySelector(".texto .com-dica > a.citacao")`) {
					eval[bool](t, p, `document.querySelector(".texto .com-dica > a.citacao").scrollIntoView({block: "center"}); true`)
					a := boxOf(t, p, ".texto .com-dica > a.citacao")
					if w < 1000 {
						p.do(t, chromedp.TapXY(a.Left+a.Width/2, a.Top+a.Height/2))
					} else {
						p.do(t, chromedp.MouseEvent("mouseMoved", a.Left+a.Width/2, a.Top+a.Height/2))
					}
					p.poll(t, `document.querySelectorAll(".com-dica.aberta").length === 1`)
					shotViewport(t, p, name+"-previa")
				}
				if u == normURL {
					p.do(t, chromedp.SetValue(chromedp.ID("ir-artigo-n"), "29"), chromedp.Click(chromedp.CSS(".ir-artigo button")))
					p.poll(t, `location.hash === "#art29"`)
					shotViewport(t, p, name+"-art29")
				}
				if w < 1000 && u == guideURL {
					p.do(t, chromedp.Click(chromedp.CSS(".botao-menu")))
					p.poll(t, `document.body.classList.contains("menu-aberto")`)
					shotViewport(t, p, name+"-menu")
				}
			}
			// The top of the app pages: the app comes first on a phone.
			for _, u := range []string{formURL, "/checklist/", "/procedimentos/"} {
				p.do(t, phone(w), chromedp.Navigate(srv.URL+u))
				p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
				shotViewport(t, p, strings.Trim(strings.ReplaceAll(u, "/", "-"), "-")+"-"+strconv.Itoa(int(w))+"-"+mode)
			}
		}
	}
}

// shotViewport saves a screenshot of the viewport under -capturas.
func shotViewport(t testing.TB, p *page, name string) {
	t.Helper()
	p.screenshot(t, name+".png")
}

// TestCopyLinkShareAndTables checks the heading and FAQ question "copy link"
// (the clipboard gets the address with the heading's anchor), the page's
// share action where the Web Share API is missing (it copies the page's
// address), and that a wide table on a phone is a keyboard-scrollable
// region with edge shadows.
func TestCopyLinkShareAndTables(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(p.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: srv.URL,
		}); err != nil {
			t.Fatal(err)
		}
	}
	p.do(t, phone(1280), chromedp.Navigate(srv.URL+"/perguntas-frequentes/"))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	id := eval[string](t, p, `document.querySelector(".texto h3").id`)
	p.do(t, chromedp.Click(chromedp.CSS(".texto h3 .ancora")))
	p.poll(t, `document.querySelector(".texto h3 .ancora").classList.contains("copiado")`)
	if got := eval[string](t, p, `navigator.clipboard.readText()`); got != srv.URL+"/perguntas-frequentes/#"+id {
		t.Errorf("copied %q, want the question's link", got)
	}
	if got := eval[string](t, p, `location.hash`); got != "#"+id {
		t.Errorf("hash after copy link = %q", got)
	}
	if !eval[bool](t, p, `!!navigator.share`) {
		if got := eval[string](t, p, `document.querySelector(".compartilhar button").textContent`); got != "Copiar link desta página" {
			t.Errorf("share button without Web Share = %q", got)
		}
		p.do(t, chromedp.Click(chromedp.CSS(".compartilhar button")))
		p.poll(t, `document.querySelector(".compartilhar button").classList.contains("copiado")`)
		if got := eval[string](t, p, `navigator.clipboard.readText()`); got != srv.URL+"/perguntas-frequentes/#"+id {
			t.Errorf("share copied %q", got)
		}
	}
	// A wide table on a phone (the adhesion page's stage table).
	p.do(t, phone(390), chromedp.Navigate(srv.URL+"/adesao/"))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	got := eval[[]string](t, p, `[...document.querySelectorAll(".tabela-rolavel")].filter(w => w.scrollWidth > w.clientWidth).map(w => [w.getAttribute("tabindex"), w.getAttribute("role"), getComputedStyle(w).backgroundImage.split("gradient").length - 1].join(" "))`)
	if len(got) == 0 {
		t.Fatal("no wide table on /adesao/ at 390 px")
	}
	for _, g := range got {
		if g != "0 region 4" {
			t.Errorf("wide table: tabindex, role, gradients = %q", g)
		}
	}
}

// TestHighContrastSearchBorder checks that the header's search field stands
// out from the header (its border or its fill against the header, WCAG
// 1.4.11: 3:1) in the normal theme and in alto contraste.
func TestHighContrastSearchBorder(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+guideURL))
	p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
	ratio := `(() => {
		const rgb = s => s.match(/[\d.]+/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		const cr = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
		const i = document.getElementById("busca"), s = getComputedStyle(i);
		const border = rgb(s.borderTopColor), inside = rgb(s.backgroundColor), outside = rgb(getComputedStyle(document.querySelector(".topo")).backgroundColor);
		return Math.max(cr(border, outside), cr(inside, outside));
	})()`
	if r := eval[float64](t, p, ratio); r < 3 {
		t.Errorf("normal theme: search border contrast %.2f:1", r)
	}
	p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
	if r := eval[float64](t, p, ratio); r < 3 {
		t.Errorf("alto contraste: search border contrast %.2f:1", r)
	}
}
