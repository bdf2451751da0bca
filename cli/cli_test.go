package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run runs the command line in dir with the repository as the embedded
// default portal.
func run(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
	code = Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func TestUsageAndVersion(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		out  string // in stdout+stderr
	}{
		{nil, 2, "Comandos:"},
		{[]string{"-h"}, 0, "Comandos:"},
		{[]string{"version"}, 0, "seiportal desenvolvimento (compilado de um clone, sem versão gravada"},
		{[]string{"version", "x"}, 2, "version não aceita argumentos"},
		{[]string{"nada"}, 2, `comando desconhecido "nada"`},
		{[]string{"build", "-h"}, 0, "Uso: seiportal build"},
		{[]string{"serve", "--help"}, 0, "Uso: seiportal serve"},
		{[]string{"check", "-h"}, 0, "Uso: seiportal check"},
		{[]string{"init", "-h"}, 0, "Uso: seiportal init"},
		{[]string{"build", "--nao-existe"}, 2, "opção desconhecida: --nao-existe (veja seiportal build -h)"},
		{[]string{"build", "-d"}, 2, "a opção -d precisa de um valor"},
		{[]string{"serve", "--port", "abc"}, 2, `valor inválido "abc" para a opção --port`},
		{[]string{"build", "--tempos=talvez"}, 2, `valor inválido "talvez" para a opção --tempos`},
		{[]string{"build", "-h"}, 0, "-d texto\n    \tpasta de saída (padrão: public)"},
		{[]string{"build", "a"}, 2, "build não aceita argumentos"},
		{[]string{"init"}, 2, "init precisa de exatamente uma pasta"},
		{[]string{"serve", "--port", "70000"}, 2, "porta inválida"},
		{[]string{"check", "-s", "/nao/existe"}, 2, "não tem a pasta content/"},
	} {
		code, out, errs := run(t, dir, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.out) {
			t.Errorf("seiportal %v: exit %d, output %q%q; want exit %d with %q", c.args, code, out, errs, c.code, c.out)
		}
		// The flag package's English never reaches the user.
		for _, en := range []string{"flag", "default", "invalid", "Usage"} {
			if strings.Contains(out+errs, en) {
				t.Errorf("seiportal %v: English %q in the output: %q%q", c.args, en, out, errs)
			}
		}
	}
}

func TestBuildEmbeddedDefault(t *testing.T) {
	dir := t.TempDir() // no content/ here: the embedded portal is built
	code, out, errs := run(t, dir, "build", "-d", "site")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^seiportal: \d+ páginas, \d+ arquivos \(.+\) em site a partir de portal padrão embutido, em \d+ ms\n$`).MatchString(out) {
		t.Errorf("summary line: %q", out)
	}
	for _, f := range []string{"index.html", "normas/in-15-2024/index.html", "sitemap.xml", "404.html", "sw.js", "manifest.webmanifest"} {
		if _, err := os.Stat(filepath.Join(dir, "site", f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	// A second build into the same folder replaces it.
	if code, _, errs := run(t, dir, "build", "-d", "site"); code != 0 {
		t.Fatalf("rebuild: exit %d: %s", code, errs)
	}
	// A folder that seiportal did not make is left alone.
	foreign := filepath.Join(dir, "alheia")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "importante.txt"), []byte("x"), 0o644)
	code, _, errs = run(t, dir, "build", "-d", "alheia")
	if code != 1 || !strings.Contains(errs, "não está vazia e não foi gerada pelo seiportal") {
		t.Errorf("build into a foreign folder: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(foreign, "importante.txt")); err != nil {
		t.Error("foreign file removed")
	}
}

func TestInitThenCheckAndBreak(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "init", "meu-portal")
	if code != 0 || !strings.Contains(out, "arquivos copiados para meu-portal") {
		t.Fatalf("init: exit %d %q %q", code, out, errs)
	}
	site := filepath.Join(dir, "meu-portal")
	if code, _, errs := run(t, dir, "init", "meu-portal"); code != 1 || !strings.Contains(errs, "já existe") {
		t.Errorf("second init: exit %d %q", code, errs)
	}
	if code, out, errs := run(t, site, "check"); code != 0 || !strings.Contains(out, "nenhum problema") {
		t.Fatalf("check of the copied portal: exit %d %q %q", code, out, errs)
	}
	// Break a link and a citation: check names both, with positions.
	page := filepath.Join(site, "content", "perguntas-frequentes.md")
	src, _ := os.ReadFile(page)
	broken := string(src) + "\nVeja [isto](sumiu.md) e [aquilo](norma:in-15-2024#art99).\n"
	os.WriteFile(page, []byte(broken), 0o644)
	line := strings.Count(broken, "\n")
	code, _, errs = run(t, dir, "check", "-s", "meu-portal")
	if code != 1 {
		t.Fatalf("check of a broken site: exit %d", code)
	}
	for _, want := range []string{
		"content/perguntas-frequentes.md:" + strconv.Itoa(line) + ":6: link para página inexistente: sumiu.md",
		"content/perguntas-frequentes.md:" + strconv.Itoa(line) + ":25: citação de dispositivo inexistente",
		"seiportal: 2 problema(s) encontrado(s)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("check output lacks %q:\n%s", want, errs)
		}
	}
	if code, _, _ := run(t, site, "build"); code != 1 {
		t.Errorf("build of a broken site: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err == nil {
		t.Error("a broken build wrote pages")
	}
}

func TestServeReloadsAndReportsErrors(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "init", "p"); code != 0 {
		t.Fatal(errs)
	}
	site := filepath.Join(dir, "p")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: site, Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- Main(ctx, env, []string{"serve", "--port", "0"}) }()
	re := regexp.MustCompile(`em (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s %s", out.String(), errb.String())
	}
	get := func(path string, hdr map[string]string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", base+strings.TrimPrefix(path, "/"), nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get("/", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "/_seiportal/livereload.js") {
		t.Fatalf("GET /: %d, live reload script missing", resp.StatusCode)
	}
	if resp, _ := get("/nao-existe/", nil); resp.StatusCode != 404 {
		t.Errorf("missing page: %d", resp.StatusCode)
	}
	if resp, _ := get("/adesao", nil); resp.Request.URL.Path != "/adesao/" {
		t.Errorf("/adesao not redirected to /adesao/: %s", resp.Request.URL.Path)
	}
	if resp, _ := get("/manifest.webmanifest", nil); resp.Header.Get("Content-Type") != "application/manifest+json" {
		t.Errorf("manifest content type %q", resp.Header.Get("Content-Type"))
	}

	// The page's live-reload script asks the server's state.
	state := func() devState {
		t.Helper()
		_, body := get("/_seiportal/estado", nil)
		var st devState
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			t.Fatalf("/_seiportal/estado: %v: %q", err, body)
		}
		return st
	}
	first := state()
	if first.Version == 0 || first.Error != "" {
		t.Fatalf("initial state %+v", first)
	}
	if _, js := get("/_seiportal/livereload.js", nil); !strings.Contains(js, "var versao = "+strconv.Itoa(first.Version)+",") {
		t.Errorf("the live-reload script does not carry the version it was served with:\n%s", js)
	}
	wait := func(kind string) string {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			st := state()
			switch {
			case kind == "recarregar" && st.Version != first.Version:
				first = st
				return ""
			case kind == "erro" && st.Error != "":
				return st.Error
			}
		}
		t.Fatalf("no %q state; stderr: %s", kind, errb.String())
		return ""
	}

	page := filepath.Join(site, "content", "perguntas-frequentes.md")
	src, _ := os.ReadFile(page)
	start := time.Now()
	os.WriteFile(page, append(src, []byte("\nFrase nova para o teste.\n")...), 0o644)
	wait("recarregar")
	t.Logf("one-page edit rebuilt and reload sent in %v", time.Since(start))
	if _, body := get("/perguntas-frequentes/", nil); !strings.Contains(body, "Frase nova para o teste.") {
		t.Error("edited page not served after the reload")
	}

	os.WriteFile(page, append(src, []byte("\n[quebrado](nada.md)\n")...), 0o644)
	msg := wait("erro")
	if !strings.Contains(msg, "content/perguntas-frequentes.md:") || !strings.Contains(msg, "link para página inexistente: nada.md") {
		t.Errorf("error event: %q", msg)
	}
	if resp, body := get("/perguntas-frequentes/", nil); resp.StatusCode != 200 || !strings.Contains(body, "Frase nova para o teste.") {
		t.Error("the last good build is not served while the content is broken")
	}
	if !strings.Contains(errb.String(), "link para página inexistente: nada.md") {
		t.Errorf("terminal does not show the error: %s", errb.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop")
	}
}
