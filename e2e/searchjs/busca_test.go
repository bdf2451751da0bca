// Package searchjs drives the portal's search page (busca.js) in headless
// Chromium over an index the search package builds from
// generator/search/testdata/docs.json.
package searchjs

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/seiportal/seiportal/generator/search"
)

// The /busca/ page as the generator renders it (the part busca.js uses).
const buscaPage = `<!DOCTYPE html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>Busca</title></head>
<body>
<form role="search" action="/busca/" method="get" class="busca-form">
  <label for="busca-q">Buscar no portal</label>
  <input id="busca-q" name="q" type="search" autocomplete="off">
  <button type="submit">Buscar</button>
</form>
<p id="busca-status" role="status" aria-live="polite"></p>
<ol id="busca-resultados"></ol>
<script src="/js/busca.js" defer></script>
</body>
</html>
`

// TestBuscaPageInChromium drives the /busca/ page in headless Chromium over
// an index of testdata/docs.json: results from ?q=, <mark> in snippets, links
// to headings, search as you type with the URL updated, arrow keys, and a
// query with markup shown as text.
func TestBuscaPageInChromium(t *testing.T) {
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("Chromium is needed to test busca.js in a browser: %v (apt-get install chromium, or set CHROMIUM)", err)
	}
	files, err := search.Build(loadDocs(t))
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(buscaJS)
	if err != nil {
		t.Fatal(err)
	}
	files["js/busca.js"] = js
	files["busca/index.html"] = []byte(buscaPage)
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	// One deadline for everything, the start of the browser included.
	root, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	alloc, cancel := chromedp.NewExecAllocator(root,
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	const settled = `(function () {
  var l = document.getElementById("busca-resultados"), s = document.getElementById("busca-status");
  return s.textContent !== "" && l.getAttribute("aria-busy") === "false";
})()`
	wait := func(what string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](settled, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("%s: results never settled: %v", what, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return s
	}

	// A search submitted from another page's header: /busca/?q=orgao.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/busca/?q=orgao")); err != nil {
		t.Fatal(err)
	}
	wait("orgao")
	status := eval(`document.getElementById("busca-status").textContent`)
	m := regexp.MustCompile(`^(\d+) resultados para “orgao”$`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("status %q; want \"N resultados para “orgao”\"", status)
	}
	if n := eval(`String(document.querySelectorAll("#busca-resultados > li").length)`); n != m[1] {
		t.Errorf("%s results listed; status says %s", n, m[1])
	}
	if v := eval(`document.getElementById("busca-q").value`); v != "orgao" {
		t.Errorf("field value %q; want orgao", v)
	}
	marks := eval(`Array.from(document.querySelectorAll("#busca-resultados mark")).map(function (m) { return m.textContent; }).join("|")`)
	if marks == "" {
		t.Fatal("no <mark> in the snippets")
	}
	for _, mk := range strings.Split(marks, "|") {
		if f := search.Fold(mk); f != "orgao" && f != "orgaos" {
			t.Errorf("marked %q; want órgão or órgãos", mk)
		}
	}
	item := eval(`(function () { var li = document.querySelector("#busca-resultados > li");
  return li.querySelector("a").getAttribute("href") + "|" + (li.querySelector(".secao") ? "secao" : "") + "|" + li.querySelector("p").textContent.length; })()`)
	if parts := strings.Split(item, "|"); !strings.HasPrefix(parts[0], "/") || parts[2] == "0" {
		t.Errorf("first result %q; want a link and a snippet", item)
	}

	// Typing: the results follow, the URL too, and the last word is a prefix.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("busca-q").value = ""`),
		chromedp.Focus(chromedp.ID("busca-q")),
		chromedp.SendKeys(chromedp.ID("busca-q"), "desativ"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search === "?q=desativ"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the URL did not follow the typing: %v (now %q)", err, eval(`location.search`))
	}
	wait("desativ")
	hrefs := eval(`Array.from(document.querySelectorAll("#busca-resultados > li > a")).map(function (a) { return a.getAttribute("href"); }).join(" ")`)
	if !strings.Contains(hrefs, "/procedimentos/unidades/#desativacao-de-unidade") {
		t.Errorf("links %q; want /procedimentos/unidades/#desativacao-de-unidade", hrefs)
	}

	// Arrow keys: from the field to the first link, down, and back up.
	active := `(function () { var a = document.activeElement; return a.id || a.getAttribute("href") || a.tagName; })()`
	first := eval(`document.querySelector("#busca-resultados > li > a").getAttribute("href")`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got := eval(active); got != first {
		t.Errorf("after ArrowDown in the field, focus on %q; want the first result %q", got, first)
	}
	if n := eval(`String(document.querySelectorAll("#busca-resultados > li").length)`); n != "1" {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		if got := eval(active); got == first {
			t.Errorf("ArrowDown on the first result did not move the focus")
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowUp)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	if got := eval(active); got != "busca-q" {
		t.Errorf("after ArrowUp on the first result, focus on %q; want the field", got)
	}

	// Markup in a query is text, never HTML; nothing found says so.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+`/busca/?q=%3Cimg+src%3Dx+onerror%3D%22window.pwned%3D1%22%3E+xyzzy`)); err != nil {
		t.Fatal(err)
	}
	wait("markup")
	status = eval(`document.getElementById("busca-status").textContent`)
	if !strings.HasPrefix(status, `Nenhum resultado para “<img src=x onerror="window.pwned=1"> xyzzy”`) {
		t.Errorf("status %q", status)
	}
	if n := eval(`String(document.querySelectorAll("img").length) + String(window.pwned)`); n != "0undefined" {
		t.Errorf("markup of the query became elements: %s", n)
	}
}

var buscaJS = filepath.Join("..", "..", "templates", "static", "js", "busca.js")

func loadDocs(t testing.TB) []search.Doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "generator", "search", "testdata", "docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []search.Doc
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}
