package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// flowState is what a reader gets of each flow diagram on a page.
type flowState struct {
	Visible     bool    // the SVG has a box and is not hidden
	Natural     bool    // drawn at its own size: the text is not scaled down
	FontPx      float64 // rendered size of a step's text
	Scrolls     bool    // wider than its column, and the wrapper scrolls
	Focusable   bool    // the wrapper takes keyboard focus (to scroll with arrows)
	InColumn    bool    // the wrapper stays inside the viewport
	TextFill    string  // the colour of the step text
	BodyColor   string  // the page's text colour
	Background  string  // the fill of the diagram's background
	PageBg      string  // the page's background colour
	Steps       int     // items of "Descrição do fluxo em texto"
	Summary     string  // the <details> summary
	Named       bool    // role="img" named by the figure caption, described by the list
	StyleInside bool    // a <style> element or style attribute in the SVG (the CSP would block it)
}

const flowStateJS = `[...document.querySelectorAll("figure.fluxo")].map(f => {
  const w = f.querySelector(".fluxo-rolagem"), s = w.querySelector("svg"), r = s.getBoundingClientRect(), cs = getComputedStyle(s);
  const t = s.querySelector("text.text-bold"), bg = s.querySelector("rect.fill-N7");
  const cap = f.querySelector("figcaption"), list = f.querySelector("details ol");
  return {
    visible: r.width > 0 && r.height > 0 && cs.display !== "none" && cs.visibility !== "hidden",
    natural: Math.abs(r.width - Number(s.getAttribute("width"))) < 1,
    fontPx: t.getBoundingClientRect().height > 0 ? parseFloat(getComputedStyle(t).fontSize) : 0,
    scrolls: w.scrollWidth > w.clientWidth ? getComputedStyle(w).overflowX === "auto" : true,
    focusable: w.tabIndex === 0,
    inColumn: w.getBoundingClientRect().left >= 0 && w.getBoundingClientRect().right <= innerWidth,
    textFill: getComputedStyle(t).fill,
    bodyColor: getComputedStyle(document.body).color,
    background: getComputedStyle(bg).fill,
    pageBg: getComputedStyle(document.body).backgroundColor,
    steps: list.querySelectorAll("li").length,
    summary: f.querySelector("details summary").textContent,
    named: s.getAttribute("role") === "img" && s.getAttribute("aria-labelledby") === cap.id && s.getAttribute("aria-describedby") === list.id && cap.textContent.startsWith("Fluxo: "),
    styleInside: !!s.querySelector("style, [style]"),
  };
})`

// flowRefsJS counts the url(#id) references in the flows whose id is not
// in the page.
const flowRefsJS = `[...document.querySelectorAll("figure.fluxo svg *")].flatMap(e => [...e.attributes].map(a => a.value)).flatMap(v => [...v.matchAll(/url\(#([^)]+)\)/g)].map(m => m[1])).filter(id => !document.getElementById(id)).length`

// TestFlowDiagrams opens the procedure pages that hold flows at 390 and
// 1280 px, light, dark and alto contraste: each diagram is visible at its natural size
// (readable text), scrolls sideways inside the column when wider, takes
// keyboard focus, is painted with the theme's colours, and is named and
// described for screen readers by its text list, its arrowheads found
// (also in the section handout); axe finds nothing.
func TestFlowDiagrams(t *testing.T) {
	srv := startServer(t)
	axe := axeSource(t)
	pages := map[string]int{ // page → flows on it
		"/procedimentos/usuarios-externos/": 1,
		"/procedimentos/tipos-de-processo/": 1,
		"/procedimentos/unidades/":          2,
	}
	for _, mode := range []string{"normal", "escuro", "alto-contraste"} {
		p := newPage(t)
		errs := consoleErrors(t, p)
		scheme := "light"
		if mode == "escuro" {
			scheme = "dark"
		}
		p.do(t, theme(scheme))
		for _, w := range []int64{390, 1280} {
			for u, n := range pages {
				what := u + " " + mode + " " + strconv.Itoa(int(w))
				p.do(t, phone(w), chromedp.Navigate(srv.URL+u))
				p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
				if eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste")`) != (mode == "alto-contraste") {
					p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
				}
				flows := eval[[]flowState](t, p, flowStateJS)
				if len(flows) != n {
					t.Fatalf("%s: %d flows; want %d", what, len(flows), n)
				}
				for i, f := range flows {
					at := what + " flow " + strconv.Itoa(i+1)
					if !f.Visible || !f.Natural || f.FontPx < 13 {
						t.Errorf("%s: visible %v, natural size %v, text %.1f px; want visible at natural size, text ≥ 13 px", at, f.Visible, f.Natural, f.FontPx)
					}
					if !f.Scrolls || !f.Focusable || !f.InColumn {
						t.Errorf("%s: scrolls %v, focusable %v, inside the viewport %v", at, f.Scrolls, f.Focusable, f.InColumn)
					}
					if f.TextFill != f.BodyColor || f.Background != f.PageBg {
						t.Errorf("%s: text %s on %s; want the page's %s on %s", at, f.TextFill, f.Background, f.BodyColor, f.PageBg)
					}
					if f.Steps < 2 || f.Summary != "Descrição do fluxo em texto" || !f.Named || f.StyleInside {
						t.Errorf("%s: %d steps, summary %q, named %v, style inside %v", at, f.Steps, f.Summary, f.Named, f.StyleInside)
					}
				}
				if n := eval[int](t, p, flowRefsJS); n != 0 {
					t.Errorf("%s: %d SVG references (url(#…)) to missing ids", what, n)
				}
				if over := eval[bool](t, p, `document.documentElement.scrollWidth > innerWidth + 1`); over {
					t.Errorf("%s: the page scrolls sideways", what)
				}
				if w == 390 && u == "/procedimentos/unidades/" {
					checkAxe(t, p, axe, what)
				}
				if *capturas != "" {
					for i := range flows {
						eval[bool](t, p, `document.querySelectorAll("figure.fluxo")[`+strconv.Itoa(i)+`].scrollIntoView({block: "start"}); true`)
						shotViewport(t, p, "fluxo-"+strings.Trim(strings.ReplaceAll(u, "/", "-"), "-")+"-"+strconv.Itoa(i+1)+"-"+strconv.Itoa(int(w))+"-"+mode)
					}
				}
			}
		}
		// The section handout holds every flow of the section with its ids
		// prefixed: the SVG references (arrowheads, label masks) still
		// find their targets.
		p.do(t, phone(1280), chromedp.Navigate(srv.URL+"/procedimentos/imprimir/"))
		p.poll(t, `document.readyState === "complete"`)
		if n := eval[int](t, p, flowRefsJS); n != 0 {
			t.Errorf("%s: handout: %d SVG references (url(#…)) to missing ids", mode, n)
		}
		if n := eval[int](t, p, `document.querySelectorAll("figure.fluxo svg [marker-end]").length`); n < 8 {
			t.Errorf("%s: handout: %d arrows in its flows; want the section's", mode, n)
		}
		if e := errs(); len(e) > 0 {
			t.Errorf("%s: console errors: %v", mode, e)
		}
	}
}
