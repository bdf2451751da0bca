package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLiveReloadDoesNotStall opens eight tabs and then visits 20 pages in
// another, in one browser profile, against "serve": the browser allows six
// connections per host, and a live reload that holds one per page (every
// open tab, every page kept in the back/forward cache) made the seventh page
// wait about a minute. Every page must load in a few seconds, and live
// reload must still work: an edit reloads the open page, and a content
// error shows on it.
func TestLiveReloadDoesNotStall(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "p")
	if out, err := exec.Command(binary, "init", site).CombinedOutput(); err != nil {
		t.Fatalf("init: %v: %s", err, out)
	}
	srv := startSiteServer(t, site, site)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, chromedp.Navigate(srv.URL+"/"))
	paths := eval[[]string](t, p, `[...new Set([...document.querySelectorAll("a[href^='/']")].map(a => a.pathname).filter(u => u.endsWith("/") && u !== "/"))]`)
	if len(paths) < 10 {
		t.Fatalf("only %d pages linked from the home page: %v", len(paths), paths)
	}
	visit := func(ctx context.Context, u string) {
		t.Helper()
		nctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		start := time.Now()
		if err := chromedp.Do(nctx, chromedp.Navigate(srv.URL+u)); err != nil {
			t.Fatalf("%s did not load within 15 s (%v): live reload holds the browser's connections", u, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %v to load", u, d)
		}
	}
	// Eight other tabs of the same profile, each on a page.
	for i := 0; i < 8; i++ {
		tab, cancel := chromedp.NewContext(p.ctx)
		t.Cleanup(cancel)
		visit(tab, paths[i%len(paths)])
	}
	start := time.Now()
	for i := 0; i < 20; i++ {
		visit(p.ctx, paths[i%len(paths)])
	}
	// Back through pages kept in the back/forward cache (restored without
	// a load event).
	for i := 18; i >= 16; i-- {
		want := paths[i%len(paths)]
		p.do(t, chromedp.Evaluate[chromedp.Void](`setTimeout(() => history.back(), 0)`))
		waitJS(t, p, `location.pathname === `+jsonString(want)+` && document.readyState === "complete"`, 15*time.Second)
	}
	if total := time.Since(start); total > 60*time.Second {
		t.Errorf("20 pages and 3 steps back took %v", total)
	}
	t.Logf("20 pages and 3 steps back in %v, with 8 other tabs open", time.Since(start))

	// Live reload still works on the page in front.
	visit(p.ctx, "/perguntas-frequentes/")
	page := filepath.Join(site, "content", "perguntas-frequentes.md")
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(src, []byte("\nFrase nova da recarga.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, p, `document.body.textContent.includes("Frase nova da recarga.")`, 20*time.Second)
	if err := os.WriteFile(page, append(src, []byte("\n[quebrado](nada.md)\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, p, `(document.getElementById("seiportal-erro") || {}).textContent?.includes("nada.md")`, 20*time.Second)
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
}

// waitJS waits until the expression is true, across navigations and
// reloads (whose errors it ignores).
func waitJS(t testing.TB, p *page, js string, timeout time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("esperando %s: não aconteceu em %v", js, timeout)
		}
	}
}
