package e2e

import (
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// consoleErrors records the console errors and uncaught exceptions of p.
func consoleErrors(t testing.TB, p *page) func() []string {
	t.Helper()
	var mu sync.Mutex
	var errs []string
	msgs := chromedp.Console(p.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				mu.Lock()
				errs = append(errs, m.String())
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// TestPortalSearch loads the home page, runs a search, follows a result and
// checks that no request left the site and no console error was logged.
func TestPortalSearch(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, chromedp.Navigate(srv.URL+"/"))
	p.do(t, chromedp.SendKeys(chromedp.ID("busca"), "ponto focal\r"))
	p.do(t, chromedp.WaitVisible(chromedp.CSS("#busca-resultados li a")))
	href := eval[string](t, p, `document.querySelector("#busca-resultados li a").getAttribute("href")`)
	p.do(t, chromedp.Click(chromedp.CSS("#busca-resultados li a")))
	p.poll(t, `location.pathname !== "/busca/" && document.readyState === "complete"`)
	if got := eval[string](t, p, `location.pathname + location.hash`); !strings.HasPrefix(href, strings.SplitN(got, "#", 2)[0]) && !strings.HasPrefix(got, href) {
		t.Errorf("followed %q, landed on %q", href, got)
	}
	if h1 := eval[string](t, p, `document.querySelector("h1").textContent`); h1 == "" {
		t.Error("result page has no h1")
	}
	assertLocal(t, srv.URL, p.requestsSince(0))
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
}

// TestGuidePageLoadsNoApp checks that a guide page fetches nothing of the
// app (no wasm, no loader, no app.js, nothing under /app/).
func TestGuidePageLoadsNoApp(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	for _, u := range []string{"/ponto-focal/designacao/", "/adesao/", "/"} {
		n := p.requestCount()
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.poll(t, `document.readyState === "complete"`)
		for _, r := range p.requestsSince(n) {
			if strings.Contains(r.URL, "/app/") || strings.Contains(r.URL, ".wasm") || strings.Contains(r.URL, "/js/app.js") {
				t.Errorf("%s requested %s", u, r.URL)
			}
		}
	}
	assertLocal(t, srv.URL, p.requestsSince(0))
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
}

// TestGuideAccessibility runs axe-core on guide, norm, glossary and search
// pages, in the normal theme and in high contrast, and expects no violation.
func TestGuideAccessibility(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	check := func(what string) { t.Helper(); checkAxe(t, p, axe, what) }
	pages := []string{"/", "/adesao/", "/procedimentos/unidades/", "/normas/in-15-2024/", "/glossario/", "/mapa-do-site/"}
	for _, u := range pages {
		p.do(t, chromedp.Navigate(srv.URL+u))
		check(u)
	}
	p.do(t, chromedp.Navigate(srv.URL+"/busca/?q=unidades"))
	p.poll(t, `document.querySelectorAll("#busca-resultados li").length > 0`)
	check("/busca/?q=unidades")
	// High contrast: the toggle persists and the pages still pass.
	p.do(t, chromedp.Navigate(srv.URL+"/procedimentos/unidades/"), chromedp.Click(chromedp.ID("alto-contraste")))
	if !eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste") && document.getElementById("alto-contraste").getAttribute("aria-pressed") === "true"`) {
		t.Fatal("high contrast did not switch on")
	}
	check("/procedimentos/unidades/ em alto contraste")
	p.do(t, chromedp.Navigate(srv.URL+"/normas/in-15-2024/"))
	if !eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste")`) {
		t.Error("high contrast not kept on the next page")
	}
	check("/normas/in-15-2024/ em alto contraste")
}
