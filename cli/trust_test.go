package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
