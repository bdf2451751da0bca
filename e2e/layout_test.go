package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAppPagesFitNarrowScreens opens the app pages at 320, 390 and 1280 px
// and checks that nothing overflows sideways; with -capturas DIR it also
// saves full-page screenshots to look at.
func TestAppPagesFitNarrowScreens(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	for _, u := range []string{formURL, "/checklist/", "/conferir/"} {
		for _, w := range []int64{320, 390, 1280} {
			p.do(t, chromedp.EmulateViewport(w, 800), chromedp.Navigate(srv.URL+u))
			p.waitApp(t)
			if u == formURL {
				p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resumo")))
			}
			// The app's own elements stay inside the viewport (the portal's
			// header is the generator's business).
			wide := eval[[]string](t, p, `[...document.querySelectorAll("section.app *")].filter(e => e.getClientRects().length && e.getBoundingClientRect().right > `+strconv.Itoa(int(w))+` + 1).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + " px")`)
			if len(wide) > 0 {
				t.Errorf("%s at %d px: app elements overflow: %v", u, w, wide)
			}
			if *capturas != "" {
				for i, sel := range []string{"section.app", ".app-lista, .app-etapa:not([hidden]) .app-item-checklist:nth-child(1), .app-soltar", "button.app-gerar, .app-navegacao-etapas, #app-resultado"} {
					eval[bool](t, p, `(document.querySelector(`+jsonString(sel)+`) || document.body).scrollIntoView({behavior: "instant"}); true`)
					p.screenshot(t, strings.Trim(strings.ReplaceAll(u, "/", "-"), "-")+"-"+strconv.Itoa(int(w))+"-"+strconv.Itoa(i)+".png")
				}
			}
		}
	}
}
