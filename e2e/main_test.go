// Package e2e runs the portal in headless Chromium (chromedp) against
// "seiportal serve" on 127.0.0.1: the guides, the forms, the checklist and
// the conferência, online and offline, with axe-core for accessibility.
//
// Needs /usr/bin/chromium (or $SEIPORTAL_CHROMIUM), pdftotext and axe-core
// under $SEIPORTAL_NPM (default <repo>/.cache/npm); a missing tool fails the
// test with what to install.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

var capturas = flag.String("capturas", "", "pasta onde salvar capturas de tela das páginas do aplicativo (390 e 1280 px)")

// binary is the seiportal command built by TestMain.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "seiportal-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "seiportal")
	cmd := exec.Command("go", "build", "-o", binary, ".")
	cmd.Dir = repoRoot()
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: não foi possível compilar o seiportal:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func repoRoot() string {
	wd, _ := os.Getwd()
	return filepath.Dir(wd)
}

// server is one "seiportal serve --port 0" serving the embedded portal.
type server struct {
	URL  string
	cmd  *exec.Cmd
	once sync.Once
}

// startServer starts a server of its own for the test (run from an empty
// directory, so it serves the portal embedded in the binary and watches
// nothing: edits elsewhere cannot reload the pages under test).
func startServer(t testing.TB) *server {
	t.Helper()
	return startSiteServer(t, "", t.TempDir())
}

// startSiteServer runs "seiportal serve -s site --port 0" in dir (without
// -s when site is empty: the embedded portal), which watches the site and
// reloads the open pages when it changes; extra are more options (--rede).
func startSiteServer(t testing.TB, site, dir string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--port", "0"}, extra...)
	if site != "" {
		args = append(args, "-s", site)
	}
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd}
	t.Cleanup(s.stop)
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := re.FindString(sc.Text()); u != "" {
				select {
				case found <- strings.TrimSuffix(u, "/"):
				default:
				}
			}
		}
	}()
	select {
	case s.URL = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("seiportal serve não informou o endereço em 60 s")
	}
	return s
}

// stop ends the server (the test's own process, by its handle).
func (s *server) stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	})
}

func chromiumPath(t testing.TB) string {
	t.Helper()
	p := os.Getenv("SEIPORTAL_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("Chromium não encontrado em %s: instale com apt-get install -y chromium (ou defina SEIPORTAL_CHROMIUM)", p)
	}
	return p
}

func needTool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s não encontrado: instale com apt-get install -y %s", name, pkg)
	}
	return p
}

// page is a browser tab with its download folder and the requests it made.
type page struct {
	ctx       context.Context
	downloads string

	mu       sync.Mutex
	requests []request
	urls     map[network.RequestID]string
	received []transfer
}

// transfer is a finished response: its URL and the bytes that came over
// the wire (compressed, headers included).
type transfer struct {
	URL   string
	Bytes float64
}

type request struct {
	URL, Method, PostData string
}

// newPage starts a headless Chromium with a fresh profile and opens a tab.
func newPage(t testing.TB) *page {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		// No smooth scrolling: clicks land where the element is.
		chromedp.Flag("force-prefers-reduced-motion", true),
		chromedp.Flag("lang", "pt-BR"),
		chromedp.Env("LANGUAGE=pt_BR:pt", "LANG=pt_BR.UTF-8"),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	p := &page{ctx: ctx, downloads: t.TempDir(), urls: map[network.RequestID]string{}}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("Chromium não iniciou: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, request{URL: e.Request.URL, Method: e.Request.Method, PostData: postData(e.Request)})
			p.urls[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			p.received = append(p.received, transfer{URL: p.urls[e.RequestID], Bytes: e.EncodedDataLength})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: p.downloads, EventsEnabled: new(true),
	}); err != nil {
		t.Fatal(err)
	}
	return p
}

func postData(r *network.Request) string {
	var b strings.Builder
	for _, e := range r.PostDataEntries {
		b.Write(e.Bytes)
	}
	return b.String()
}

func (p *page) do(t testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval runs JavaScript and returns its JSON-decoded result.
func eval[T any](t testing.TB, p *page, js string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", strings.TrimSpace(js), err)
	}
	return v
}

// poll waits until the JavaScript expression is truthy, also across a
// navigation (whose old context errors are retried).
func (p *page) poll(t testing.TB, js string, opts ...chromedp.PollOption) {
	t.Helper()
	if len(opts) == 0 {
		opts = []chromedp.PollOption{chromedp.WithPollingTimeout(10 * time.Second)}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, opts...))
		if err == nil {
			return
		}
		if time.Now().After(deadline) || !strings.Contains(err.Error(), "context") && !strings.Contains(err.Error(), "navigated or closed") {
			t.Fatalf("esperando %s: %v", js, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitApp waits until the page's app is ready (the wasm answered).
func (p *page) waitApp(t testing.TB) {
	t.Helper()
	p.do(t, chromedp.WaitVisible(chromedp.CSS("html[data-app-pronto] .app-pronto")))
}

func (p *page) requestsSince(n int) []request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]request(nil), p.requests[n:]...)
}

func (p *page) requestCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.requests)
}

// assertLocal checks that every request stayed on the test server and, when
// secrets are given, that none carries them in its URL or body.
func assertLocal(t testing.TB, base string, reqs []request, secrets ...string) {
	t.Helper()
	b, _ := url.Parse(base)
	for _, r := range reqs {
		u, err := url.Parse(r.URL)
		if err != nil {
			t.Errorf("requisição ilegível: %q", r.URL)
			continue
		}
		switch u.Scheme {
		case "data", "blob":
			continue
		}
		if u.Host != b.Host {
			t.Errorf("requisição para fora do site: %s %s", r.Method, r.URL)
		}
		if r.Method != "GET" {
			t.Errorf("requisição %s (só GET é esperado): %s", r.Method, r.URL)
		}
		for _, s := range secrets {
			if strings.Contains(r.URL, s) || strings.Contains(r.PostData, s) || strings.Contains(r.URL, url.QueryEscape(s)) {
				t.Errorf("requisição leva dado do formulário %q: %s %s", s, r.Method, r.URL)
			}
		}
	}
}

// waitDownload waits for a file whose name ends with suffix in the download
// folder and returns its path.
func (p *page) waitDownload(t testing.TB, suffix string, before map[string]bool) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ents, _ := os.ReadDir(p.downloads)
		for _, e := range ents {
			if before[e.Name()] || strings.HasSuffix(e.Name(), ".crdownload") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(p.downloads, e.Name()))
			if err == nil && sniff(b) == suffix && complete(b) {
				return filepath.Join(p.downloads, e.Name())
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nenhum download %s em 20 s", suffix)
	return ""
}

// sniff names a downloaded file's kind: the browser names downloads by GUID.
func sniff(b []byte) string {
	s := strings.TrimSpace(string(b[:min(len(b), 64)]))
	switch {
	case strings.HasPrefix(s, "%PDF-"):
		return "pdf"
	case strings.HasPrefix(s, "{"):
		return "json"
	}
	return "outro"
}

// complete reports whether a downloaded file was written to the end.
func complete(b []byte) bool {
	switch sniff(b) {
	case "pdf":
		return strings.Contains(string(b[max(0, len(b)-1024):]), "%%EOF")
	case "json":
		return json.Valid(b)
	}
	return false
}

func (p *page) downloaded() map[string]bool {
	m := map[string]bool{}
	ents, _ := os.ReadDir(p.downloads)
	for _, e := range ents {
		m[e.Name()] = true
	}
	return m
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
