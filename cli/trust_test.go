package cli

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/generator"
)

// writeSite writes files (path → content) under dir.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// An alias, a slug or any name derived from content never writes or deletes
// outside the output folder, nor replaces a file a folder must take the
// place of; build and check both fail with the alias's position.
func TestAliasesStayInsideOutput(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	writeSite(t, dir, map[string]string{
		"alvo.txt":                 "precioso\n",
		"site/content/_index.md":   "---\ntitle: Início\n---\nTexto.\n",
		"site/content/q.md":        "---\ntitle: Q\n---\nTexto.\n",
		"site/content/p.md":        "---\ntitle: P\naliases:\n  - ../../fora/\n  - ../../alvo.txt/x\n  - /q/index.html/x\n---\nTexto.\n",
		"site/content/img/a.png":   "PNG",
		"site/content/sem-nome.md": "---\ntitle: S\nslug: \"../..\"\n---\nTexto.\n",
	})
	for _, cmd := range [][]string{
		{"build", "-s", "site", "-d", "site/public"},
		{"check", "-s", "site"},
	} {
		code, out, errs := run(t, dir, cmd...)
		if code != 1 {
			t.Errorf("%v: exit %d; want 1\n%s%s", cmd, code, out, errs)
		}
		for _, want := range []string{
			`content/p.md:4:5: alias "../../fora/" inválido: segmento ".."`,
			`content/p.md:5:5: alias "../../alvo.txt/x" inválido: segmento ".."`,
			`content/p.md:6:5: alias "/q/index.html/x" inválido: q/index.html precisa ser uma pasta`,
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", cmd, want, errs)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "fora")); err == nil {
		t.Error("an alias wrote outside the output folder")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "alvo.txt")); err != nil || string(b) != "precioso\n" {
		t.Errorf("a file outside the output folder was replaced: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err == nil {
		t.Error("a refused build published pages")
	}
}

// runBounded runs a command and fails the test if it does not end within a
// minute (a named pipe or /dev/zero read without a guard never ends).
func runBounded(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb syncBuffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
		code := Main(context.Background(), env, args)
		done <- result{code, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(time.Minute):
		t.Fatalf("seiportal %v did not end within a minute", args)
		return 0, "", ""
	}
}

// Every file read is bounded in size: a page over the limit is refused
// with the limit in the message, a page under it builds.
func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("Texto de uma página muito longa.\n", (1<<20)/33+1)
	writeSite(t, dir, map[string]string{
		"site/content/_index.md":              "---\ntitle: Início\n---\nTexto.\n",
		"site/content/grande.md":              "---\ntitle: Grande\n---\n" + big,
		"site/content/normal.md":              "---\ntitle: Normal\n---\n" + big[:512<<10],
		"site/content/checklists/grande.yaml": "id: x\n" + "# " + big,
	})
	code, _, errs := runBounded(t, dir, "check", "-s", "site")
	if code != 1 {
		t.Fatalf("check: exit %d; want 1\n%s", code, errs)
	}
	for _, want := range []string{
		"content/grande.md: não foi possível ler: arquivo grande demais (o limite é 1 MB)",
		"content/checklists/grande.yaml: não foi possível ler o arquivo: arquivo grande demais (o limite é 1 MB)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "normal.md") {
		t.Errorf("a 512 KB page was refused:\n%s", errs)
	}
}

// serve sends a Content-Security-Policy that lets the portal run its wasm
// and nothing from elsewhere, forbids framing, and answers only requests
// whose Host names this server (a DNS-rebinding page cannot read it); the
// generated _headers carries the same policy for static hosts.
func TestServeSecurityHeaders(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- Main(ctx, env, []string{"serve", "--port", "0"}) }()
	re := regexp.MustCompile(`em http://(127\.0\.0\.1:(\d+))/`)
	var addr, port string
	for deadline := time.Now().Add(60 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			addr, port = m[1], m[2]
		}
	}
	if addr == "" {
		t.Fatalf("server did not start: %s %s", out.String(), errb.String())
	}
	get := func(path, host string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		req.Host = host
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, host := range []string{addr, "localhost:" + port, "127.0.0.1", "[::1]:" + port, "app.localhost:" + port} {
		resp, body := get("/", host)
		if resp.StatusCode != 200 {
			t.Errorf("Host %s: %d", host, resp.StatusCode)
			continue
		}
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("Host %s: CSP %q lacks %q", host, csp, want)
			}
		}
		if resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("Host %s: X-Frame-Options %q", host, resp.Header.Get("X-Frame-Options"))
		}
		if !strings.Contains(body, `<meta http-equiv="Content-Security-Policy"`) {
			t.Errorf("Host %s: the page has no CSP <meta>", host)
		}
	}
	for _, host := range []string{"atacante.example:" + port, "atacante.example", "127.0.0.1.nip.io:" + port} {
		resp, body := get("/", host)
		if resp.StatusCode != http.StatusMisdirectedRequest || strings.Contains(body, "<html") {
			t.Errorf("Host %q: %d; want 421 and no page", host, resp.StatusCode)
		}
		if resp, _ := get("/_seiportal/estado", host); resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("Host %q: live-reload state answered %d", host, resp.StatusCode)
		}
	}
	if _, body := get("/_headers", addr); !strings.Contains(body, "Content-Security-Policy: "+generator.ContentSecurityPolicy+"\n") || !strings.Contains(body, "X-Frame-Options: DENY") {
		t.Errorf("_headers lacks the policy:\n%s", body)
	}
	cancel()
	<-done
}

// File system errors reach the user in Portuguese: a destination through a
// symbolic link that points to itself, a name longer than the system takes.
func TestBuildFileSystemErrorsInPortuguese(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{"content/_index.md": "---\ntitle: Início\n---\nTexto.\n"})
	if err := os.Symlink("laco", filepath.Join(dir, "laco")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dest, want string }{
		{"laco/public", "links simbólicos demais no caminho"},
		{strings.Repeat("n", 300) + "/public", "nome de arquivo longo demais"},
	} {
		code, out, errs := runBounded(t, dir, "build", "-d", c.dest)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("build -d %.20s…: exit %d, %q; want %q", c.dest, code, out+errs, c.want)
		}
		for _, en := range []string{"too many levels", "file name too long", "no such file"} {
			if strings.Contains(errs, en) {
				t.Errorf("build -d %.20s…: English %q reaches the user: %s", c.dest, en, errs)
			}
		}
	}
}

// An output folder inside content/ or templates/ is refused: every build
// would publish the previous one inside itself.
func TestBuildRefusesOutputInsideSource(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{"content/_index.md": "---\ntitle: Início\n---\nTexto.\n", "templates/site.yaml": "title: X\n"})
	for _, dest := range []string{"content/public", "content", "./content/../content/x", "templates/static/saida"} {
		code, _, errs := run(t, dir, "build", "-d", dest)
		if code != 2 || !strings.Contains(errs, "cada geração publicaria a anterior dentro de si") {
			t.Errorf("build -d %s: exit %d, %s", dest, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "public")); err == nil {
		t.Error("a build was written inside content/")
	}
}

// A form or checklist definition saved as Latin-1 is refused with where
// its first non-UTF-8 byte is, instead of losing its accents.
func TestDefinitionsMustBeUTF8(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"content/_index.md":             "---\ntitle: Início\n---\nTexto.\n",
		"content/checklists/x.yaml":     "id: x\ntitle: Administra\xe7\xe3o\n",
		"content/formularios/f.yaml":    "id: f\ntitle: Designa\xe7\xe3o\n",
		"content/glossario/termos.yaml": "- term: A\n",
	})
	code, _, errs := runBounded(t, dir, "check")
	if code != 1 {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
	for _, want := range []string{
		"content/checklists/x.yaml: não foi possível ler o arquivo: o arquivo não está em UTF-8 (byte 0xE7 aqui; foi salvo como Latin-1/Windows-1252?): salve-o como UTF-8 (linha 2, coluna 18)",
		"content/formularios/f.yaml: não foi possível ler: o arquivo não está em UTF-8 (byte 0xE7 aqui; foi salvo como Latin-1/Windows-1252?): salve-o como UTF-8 (linha 2, coluna 15)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}
