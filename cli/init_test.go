package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitBuilds: init asks nothing, and the folder it writes builds as is.
func TestInitBuilds(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "init", "portal/")
	if code != 0 {
		t.Fatalf("init: exit %d %q %q", code, out, errs)
	}
	if !strings.Contains(out, "cd portal\n") {
		t.Errorf("next steps: %q", out)
	}
	site := filepath.Join(dir, "portal")
	if code, out, errs := run(t, site, "build"); code != 0 {
		t.Fatalf("build of the copied portal: exit %d %q %q", code, out, errs)
	}
	for _, f := range []string{"index.html", "formularios/designacao-ponto-focal/index.html", "esquemas/formulario.json", "esquemas/checklist.json"} {
		if _, err := os.Stat(filepath.Join(site, "public", filepath.FromSlash(f))); err != nil {
			t.Errorf("built portal lacks %s: %v", f, err)
		}
	}
	// The schemas are published, not precached for offline readers.
	sw, err := os.ReadFile(filepath.Join(site, "public", "sw.js"))
	if err != nil || strings.Contains(string(sw), "esquemas/") || !strings.Contains(string(sw), "/formularios/") {
		t.Errorf("sw.js (%v) precaches the schemas, or is not the precache list", err)
	}
}

func TestInitIdentity(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "init", "--municipio", "  São José  dos Campos ", "--uf", "sp", "p")
	if code != 0 {
		t.Fatalf("init: exit %d %q %q", code, out, errs)
	}
	site := filepath.Join(dir, "p")
	got, err := os.ReadFile(filepath.Join(site, "templates", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile("../templates/site.yaml")
	for _, want := range []string{
		`title: "Portal de Adesão ao SEI – São José dos Campos/SP"`,
		`organization: "Prefeitura Municipal de São José dos Campos"`,
	} {
		if !strings.Contains(string(got), want+"\n") {
			t.Errorf("site.yaml lacks %s:\n%s", want, got)
		}
	}
	// Everything else, comments included, is as it was.
	if a, b := strings.Count(string(got), "\n"), strings.Count(string(orig), "\n"); a != b {
		t.Errorf("site.yaml has %d lines; the default has %d", a, b)
	}
	for _, line := range strings.Split(string(orig), "\n") {
		if !strings.HasPrefix(line, "title:") && !strings.HasPrefix(line, "organization:") && !strings.Contains(string(got), line) {
			t.Errorf("line %q of the default site.yaml is gone", line)
		}
	}
	if code, out, errs := run(t, site, "build"); code != 0 {
		t.Fatalf("build: exit %d %q %q", code, out, errs)
	}
	home, _ := os.ReadFile(filepath.Join(site, "public", "index.html"))
	if !strings.Contains(string(home), "São José dos Campos/SP") {
		t.Error("the built home page does not show the municipality")
	}
}

func TestInitIdentityErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"init", "--municipio", "Nome", "--uf", "XX", "p"}, `UF inválida "XX": use a sigla de uma das 27 unidades da federação (AC, AL,`},
		{[]string{"init", "--municipio", "Nome", "--uf", "", "p"}, `UF inválida ""`},
		{[]string{"init", "--municipio", "Nome", "p"}, "informe --municipio e --uf juntos"},
		{[]string{"init", "--uf", "SP", "p"}, "informe --municipio e --uf juntos"},
		{[]string{"init", "--municipio", " ", "--uf", "SP", "p"}, "--municipio está vazio"},
		{[]string{"init", "--municipio", "A\x07B", "--uf", "SP", "p"}, "caractere de controle"},
	} {
		code, out, errs := run(t, dir, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("seiportal %q: exit %d, %q%q; want exit 2 with %q", c.args, code, out, errs, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "p")); err == nil {
		t.Error("a refused init wrote the folder")
	}
	// All 27 are accepted, in any case.
	if len(ufs()) != 27 {
		t.Fatalf("%d UFs", len(ufs()))
	}
	for _, uf := range ufs() {
		if _, err := checkIdentity("X", strings.ToLower(uf), map[string]bool{"municipio": true, "uf": true}); err != nil {
			t.Errorf("UF %s refused: %v", uf, err)
		}
	}
}

func TestSetKeysKeepsLayout(t *testing.T) {
	src := "# comentário\r\ntitle: \"Antigo\" # fica\r\norganization: Velho\r\nfooter: x\r\n"
	got, err := setKeys([]byte(src), map[string]string{"title": `Novo "T"`, "organization": `C:\Prefeitura`})
	if err != nil {
		t.Fatal(err)
	}
	want := "# comentário\r\ntitle: \"Novo \\\"T\\\"\"\r\norganization: \"C:\\\\Prefeitura\"\r\nfooter: x\r\n"
	if string(got) != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
