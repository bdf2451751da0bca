//go:build !js

// Command bench-search measures, in headless Chromium, the bytes that a first
// search transfers on the same pages with seiportal's search (busca.js and
// the index of generator/search) and with Pagefind. scripts/bench-search.sh
// runs it; see that script for the steps.
//
// Each measurement opens a fresh browser context (empty cache) on a small
// harness page, types nothing: the query comes in ?q= as when the header's
// search form is submitted. It waits until the results and their snippets are
// on the page and the network is quiet, then sums, over every request but the
// harness page itself, Network.loadingFinished's encodedDataLength (bytes on
// the wire, headers included) and encodedBodyLength (bodies only). Both sites
// are served by the same Go server, which gzips text responses (.js .json
// .txt .css .html .svg .wasm) as a typical server does; Pagefind's own .pf_*
// and .pagefind files are already gzip'd and are sent as they are.
package main

import (
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/seiportal/seiportal/generator/search"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-search:", err)
		os.Exit(1)
	}
}

func run() error {
	site := flag.String("site", "", "built site (directory of HTML pages)")
	pages := flag.String("pages", "", "write HTML pages rendered from the Markdown directory given as argument into this directory, and exit")
	pagefind := flag.String("pagefind", ".cache/npm/node_modules/.bin/pagefind", "pagefind executable")
	busca := flag.String("busca", "templates/static/js/busca.js", "busca.js to use when the site has none")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium executable")
	queries := flag.String("q", "unidade,órgão,ponto focal,desativação", "comma-separated queries")
	shown := flag.Int("n", 10, "results whose data (snippet) Pagefind's API harness loads; busca.js shows 10 at once")
	work := flag.String("work", "", "work directory (default: a temporary one, removed at the end)")
	flag.Parse()

	if *pages != "" {
		if flag.NArg() != 1 {
			return fmt.Errorf("-pages needs the Markdown directory as argument")
		}
		return writePages(flag.Arg(0), *pages)
	}
	if *site == "" {
		return fmt.Errorf("-site is required")
	}
	if *work == "" {
		dir, err := os.MkdirTemp("", "bench-search-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*work = dir
	}
	ours := filepath.Join(*work, "seiportal")
	pf := filepath.Join(*work, "pagefind")
	if err := prepareOurs(*site, ours, *busca); err != nil {
		return err
	}
	if err := preparePagefind(*site, pf, *pagefind, *shown); err != nil {
		return err
	}

	oursSrv, err := serve(ours)
	if err != nil {
		return err
	}
	defer oursSrv.close()
	pfSrv, err := serve(pf)
	if err != nil {
		return err
	}
	defer pfSrv.close()

	allocCtx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(*chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
	)
	defer cancel()
	browser, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browser); err != nil {
		return fmt.Errorf("cannot start Chromium (%s): %w", *chromium, err)
	}

	variants := []variant{
		{"seiportal (busca.js)", oursSrv, "/__bench/busca.html?q=", oursDone, oursCount},
		{fmt.Sprintf("Pagefind API (%d fragmentos)", *shown), pfSrv, "/__bench/pagefind-api.html?q=", `document.body.dataset.done === "1"`, `+document.body.dataset.results`},
		{"Pagefind UI padrão", pfSrv, "/__bench/pagefind-ui.html?q=", pfUIDone, `parseInt(document.querySelector(".pagefind-ui__message").textContent, 10) || 0`},
	}
	type row struct {
		q    string
		v    string
		m    measure
		hits int
	}
	var rows []row
	for _, q := range strings.Split(*queries, ",") {
		q = strings.TrimSpace(q)
		for _, v := range variants {
			m, hits, err := measureOne(browser, v, q)
			if err != nil {
				return fmt.Errorf("%s, %q: %w", v.name, q, err)
			}
			rows = append(rows, row{q, v.name, m, hits})
		}
	}

	tw := tabwriter.NewWriter(os.Stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "consulta\tbusca\tresultados\trequisições\tbytes transferidos\tsó os corpos\t")
	sums := map[string]float64{}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%.0f\t\n", r.q, r.v, r.hits, r.m.requests, r.m.transferred, r.m.body)
		sums[r.v] += r.m.transferred
	}
	tw.Flush()
	fmt.Println()
	base := sums[variants[0].name]
	for _, v := range variants[1:] {
		fmt.Printf("%s / %s: %.1f× menor (média %.1f KB contra %.1f KB por primeira busca)\n",
			variants[0].name, v.name, sums[v.name]/base, base/float64(len(rows)/len(variants))/1024, sums[v.name]/float64(len(rows)/len(variants))/1024)
	}
	fmt.Println()
	fmt.Println("Detalhe da primeira consulta:")
	for _, r := range rows[:len(variants)] {
		fmt.Printf("  %s:\n", r.v)
		for _, f := range r.m.files {
			fmt.Printf("    %7.0f  %s\n", f.transferred, f.url)
		}
	}
	// The whole index, as served (text gzip'd as the server does; Pagefind's
	// own files are already gzip'd): what a site stores and what a service
	// worker caching all of it would fetch.
	fmt.Println()
	fmt.Println("Índice completo, como servido (sem o JavaScript):")
	oursIdx, err := indexSize(filepath.Join(ours, "busca"))
	if err != nil {
		return err
	}
	pfIdx, err := indexSize(filepath.Join(pf, "pagefind"), "pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "pagefind-component-ui.js", "pagefind-component-ui.css")
	if err != nil {
		return err
	}
	fmt.Printf("  seiportal: %d arquivos, %d bytes (%d sem compressão)\n", oursIdx.files, oursIdx.served, oursIdx.raw)
	fmt.Printf("  Pagefind:  %d arquivos, %d bytes (wasm incluído)\n", pfIdx.files, pfIdx.served)
	if base >= sums[variants[1].name] || base >= sums[variants[2].name] {
		return fmt.Errorf("seiportal's first search is not smaller than Pagefind's")
	}
	if oursIdx.served >= pfIdx.served {
		return fmt.Errorf("seiportal's index (%d bytes) is not smaller than Pagefind's (%d bytes)", oursIdx.served, pfIdx.served)
	}
	return nil
}

type sizes struct {
	files       int
	raw, served int64
}

// indexSize sums the files under dir but those named in skip: their bytes
// and their bytes as served (gzip'd, as the bench's server sends them, when
// compressible).
func indexSize(dir string, skip ...string) (sizes, error) {
	var s sizes
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, k := range skip {
			if d.Name() == k {
				return nil
			}
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s.files++
		s.raw += int64(len(data))
		if !compressible(p) {
			s.served += int64(len(data))
			return nil
		}
		var buf countWriter
		gz := gzip.NewWriter(&buf)
		gz.Write(data)
		gz.Close()
		s.served += int64(buf)
		return nil
	})
	return s, err
}

type countWriter int64

func (c *countWriter) Write(b []byte) (int, error) { *c += countWriter(len(b)); return len(b), nil }

const oursDone = `(function () {
  var l = document.getElementById("busca-resultados"), s = document.getElementById("busca-status");
  return l && s && s.textContent !== "" && l.getAttribute("aria-busy") === "false";
})()`

const oursCount = `parseInt(document.getElementById("busca-status").textContent, 10) || 0`

const pfUIDone = `(function () {
  var m = document.querySelector(".pagefind-ui__message");
  return m && m.textContent !== "" && !document.querySelector(".pagefind-ui__loading") &&
    document.querySelectorAll(".pagefind-ui__result").length > 0;
})()`

type variant struct {
	name  string
	srv   *server
	page  string
	done  string
	count string
}

type fileStat struct {
	url         string
	transferred float64
}

type measure struct {
	requests          int
	transferred, body float64
	files             []fileStat
}

// measureOne loads one harness page with the query in a fresh browser
// context and returns what it transferred and how many results it shows.
func measureOne(browser context.Context, v variant, q string) (measure, int, error) {
	v.srv.reset()
	var mu sync.Mutex
	urls := map[network.RequestID]string{}
	finished := map[network.RequestID]network.EventLoadingFinished{}
	inflight := map[network.RequestID]bool{}
	last := time.Now()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			urls[ev.RequestID] = ev.Request.URL
			inflight[ev.RequestID] = true
			last = time.Now()
		case *network.EventLoadingFinished:
			finished[ev.RequestID] = *ev
			delete(inflight, ev.RequestID)
			last = time.Now()
		case *network.EventLoadingFailed:
			delete(inflight, ev.RequestID)
			last = time.Now()
		}
	}))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
			return err
		}),
		chromedp.Navigate(v.srv.url+v.page+url.QueryEscape(q)),
	)
	if err != nil {
		return measure{}, 0, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](v.done, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return measure{}, 0, fmt.Errorf("results never appeared: %w", err)
	}
	for {
		mu.Lock()
		quiet := len(inflight) == 0 && time.Since(last) > 500*time.Millisecond
		mu.Unlock()
		if quiet {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	hits, err := chromedp.Run(ctx, chromedp.Evaluate[int](v.count))
	if err != nil {
		return measure{}, 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	var m measure
	for id, ev := range finished {
		u, err := url.Parse(urls[id])
		if err != nil || u.Scheme != "http" || strings.HasPrefix(u.Path, "/__bench/") || u.Path == "/favicon.ico" {
			continue
		}
		m.requests++
		m.transferred += ev.EncodedDataLength
		m.files = append(m.files, fileStat{u.Path, ev.EncodedDataLength})
	}
	sort.Slice(m.files, func(i, j int) bool { return m.files[i].url < m.files[j].url })
	m.body = float64(v.srv.bodyBytes("/__bench/", "/favicon.ico"))
	return m, hits, nil
}

// server serves a directory on 127.0.0.1 with gzip for text types and no
// caching, and counts the body bytes it sends per path.
type server struct {
	url    string
	srv    *http.Server
	mu     sync.Mutex
	bodies map[string]int64
}

func (s *server) close() { s.srv.Close() }

func (s *server) reset() {
	s.mu.Lock()
	s.bodies = map[string]int64{}
	s.mu.Unlock()
}

// bodyBytes sums the bytes of the bodies sent since reset, but for paths
// with one of the prefixes skip.
func (s *server) bodyBytes(skip ...string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for p, b := range s.bodies {
		ok := true
		for _, k := range skip {
			if strings.HasPrefix(p, k) {
				ok = false
			}
		}
		if ok {
			n += b
		}
	}
	return n
}

func (s *server) count(p string, n int) {
	s.mu.Lock()
	s.bodies[p] += int64(n)
	s.mu.Unlock()
}

func serve(dir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{url: "http://" + ln.Addr().String(), bodies: map[string]int64{}}
	fsrv := http.FileServer(http.Dir(dir))
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if path.Ext(r.URL.Path) == ".wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		}
		cw := countingWriter{w, s, r.URL.Path}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || !compressible(r.URL.Path) {
			fsrv.ServeHTTP(cw, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		gz := gzip.NewWriter(cw)
		defer gz.Close()
		r.Header.Del("Range")
		fsrv.ServeHTTP(gzipWriter{w, gz}, r)
	})}
	go s.srv.Serve(ln)
	return s, nil
}

type countingWriter struct {
	http.ResponseWriter
	s    *server
	path string
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.s.count(c.path, n)
	return n, err
}

func compressible(p string) bool {
	if strings.HasSuffix(p, "/") {
		return true
	}
	switch path.Ext(p) {
	case ".html", ".js", ".mjs", ".json", ".txt", ".css", ".svg", ".wasm":
		return true
	}
	return false
}

type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.gz.Write(b) }
func (g gzipWriter) WriteHeader(code int) {
	g.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

// copyTree copies the files of src under dst, skipping what skip says.
func copyTree(src, dst string, skip func(rel string, d fs.DirEntry) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel != "." && skip(filepath.ToSlash(rel), d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, in); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

const harnessForm = `<form role="search" action="/__bench/busca.html" method="get" class="busca-form">
  <label for="busca-q">Buscar no portal</label>
  <input id="busca-q" name="q" type="search" autocomplete="off">
  <button type="submit">Buscar</button>
</form>
<p id="busca-status" role="status" aria-live="polite"></p>
<ol id="busca-resultados"></ol>
<script src="/js/busca.js" defer></script>`

// prepareOurs copies the site and makes sure it has the search index (built
// from its HTML with generator/search when the generator did not write one)
// and busca.js.
func prepareOurs(site, dst, busca string) error {
	if err := copyTree(site, dst, func(rel string, d fs.DirEntry) bool { return rel == "pagefind" }); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dst, search.EntryPath)); err != nil {
		docs, err := extractDocs(dst)
		if err != nil {
			return err
		}
		files, err := search.Build(docs)
		if err != nil {
			return err
		}
		for name, data := range files {
			p := filepath.Join(dst, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "bench-search: the site has no %s; built it from %d HTML pages\n", search.EntryPath, len(docs))
	}
	js := filepath.Join(dst, "js", "busca.js")
	if _, err := os.Stat(js); err != nil {
		data, err := os.ReadFile(busca)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(js), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(js, data, 0o644); err != nil {
			return err
		}
	}
	page := "<!doctype html>\n<html lang=\"pt-BR\">\n<head><meta charset=\"utf-8\"><title>Busca</title></head>\n<body>\n" + harnessForm + "\n</body>\n</html>\n"
	return writeFile(filepath.Join(dst, "__bench", "busca.html"), page)
}

var (
	reMainOpen = regexp.MustCompile(`(?i)<main\b`)
	reHTMLOpen = regexp.MustCompile(`(?i)<html\b[^>]*>`)
)

// preparePagefind copies the HTML pages of the site (and nothing of
// seiportal's search), marks <main> as the indexed part, as seiportal indexes
// the text of <main>, and runs Pagefind on it.
func preparePagefind(site, dst, pagefind string, shown int) error {
	err := copyTree(site, dst, func(rel string, d fs.DirEntry) bool {
		if d.IsDir() {
			return rel == "busca" || rel == "pagefind" || rel == "js" || strings.HasPrefix(rel, "__")
		}
		return !strings.HasSuffix(rel, ".html")
	})
	if err != nil {
		return err
	}
	err = filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(data)
		if reMainOpen.MatchString(s) {
			s = reMainOpen.ReplaceAllString(s, "<main data-pagefind-body")
		}
		if !strings.Contains(strings.ToLower(s), `lang="pt`) {
			s = reHTMLOpen.ReplaceAllString(s, `<html lang="pt-BR">`)
		}
		return os.WriteFile(p, []byte(s), 0o644)
	})
	if err != nil {
		return err
	}
	cmd := exec.Command(pagefind, "--site", dst, "--force-language", "pt")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if out, err := exec.Command(pagefind, "--version").Output(); err == nil {
		fmt.Fprintf(os.Stderr, "bench-search: %s", out)
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pagefind: %w", err)
	}
	api := fmt.Sprintf(`<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>Pagefind API</title></head>
<body>
<ol id="r"></ol>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q") || "";
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, %d).map(r => r.data()));
for (const d of data) {
  const li = document.createElement("li");
  li.textContent = d.meta.title + " — " + d.excerpt;
  document.getElementById("r").append(li);
}
document.body.dataset.results = String(search.results.length);
document.body.dataset.done = "1";
</script>
</body>
</html>
`, shown)
	ui := `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>Pagefind UI</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script>
</head>
<body>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({ element: "#search", showImages: false });
  ui.triggerSearch(new URLSearchParams(location.search).get("q") || "");
});
</script>
</body>
</html>
`
	if err := writeFile(filepath.Join(dst, "__bench", "pagefind-api.html"), api); err != nil {
		return err
	}
	return writeFile(filepath.Join(dst, "__bench", "pagefind-ui.html"), ui)
}

func writeFile(p, s string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(s), 0o644)
}
