//go:build unix

package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Only regular files inside the site are read: symbolic links (to a secret
// outside, to /dev/zero, to a folder, inside the tree, in a loop), named
// pipes and files over the size limit are refused with their names, by
// build and by check, and nothing of them is published.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	writeSite(t, dir, map[string]string{
		"segredo.txt":            "SEGREDO-DE-CI\n",
		"pasta-de-fora/x.md":     "---\ntitle: X\n---\nSEGREDO-DE-CI\n",
		"site/content/_index.md": "---\ntitle: Início\n---\nTexto.\n",
		"site/content/p.md":      "---\ntitle: P\n---\nTexto.\n",
	})
	// A user site with its own templates: copy the repository's.
	if err := os.CopyFS(filepath.Join(site, "templates"), os.DirFS("../templates")); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"content/segredo.md":          filepath.Join(dir, "segredo.txt"),
		"content/passwd.txt":          "/etc/passwd",
		"content/zero.bin":            "/dev/zero",
		"content/environ.txt":         "/proc/self/environ",
		"content/fora":                filepath.Join(dir, "pasta-de-fora"),
		"content/copia.md":            "p.md",
		"content/laco.md":             "laco.md",
		"templates/static/segredo.js": filepath.Join(dir, "segredo.txt"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(site, "content", "fila.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{
		{"build", "-s", "site", "-d", "site/public"},
		{"check", "-s", "site"},
	} {
		code, out, errs := runBounded(t, dir, cmd...)
		if code != 1 {
			t.Errorf("%v: exit %d; want 1\n%s%s", cmd, code, out, errs)
		}
		for _, want := range []string{
			"content/segredo.md: é um link simbólico",
			"content/passwd.txt: é um link simbólico",
			"content/zero.bin: é um link simbólico",
			"content/environ.txt: é um link simbólico",
			"content/fora: é um link simbólico",
			"content/copia.md: é um link simbólico",
			"content/laco.md: é um link simbólico",
			"content/fila.md: não é um arquivo comum (dispositivo, pipe ou socket)",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", cmd, want, errs)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a refused build published a site")
	}

	// Once content/ is clean, templates/ is held to the same rules.
	for _, name := range []string{"segredo.md", "passwd.txt", "zero.bin", "environ.txt", "fora", "copia.md", "laco.md", "fila.md"} {
		os.Remove(filepath.Join(site, "content", name))
	}
	code, _, errs := runBounded(t, dir, "check", "-s", "site")
	if code != 1 || !strings.Contains(errs, "templates/static/segredo.js: é um link simbólico") {
		t.Errorf("check with a link in templates/static: exit %d\n%s", code, errs)
	}
	os.Remove(filepath.Join(site, "templates", "static", "segredo.js"))
	os.Remove(filepath.Join(site, "templates", "site.yaml"))
	os.Symlink("/dev/zero", filepath.Join(site, "templates", "site.yaml"))
	code, _, errs = runBounded(t, dir, "check", "-s", "site")
	if code != 1 || !strings.Contains(errs, "templates/site.yaml: não foi possível ler: é um link simbólico") {
		t.Errorf("check with templates/site.yaml → /dev/zero: exit %d\n%s", code, errs)
	}
	os.Remove(filepath.Join(site, "templates", "site.yaml"))
	code, out, errs := runBounded(t, dir, "build", "-s", "site", "-d", "site/public")
	if code != 0 {
		t.Fatalf("clean site: exit %d\n%s%s", code, out, errs)
	}
	filepath.WalkDir(filepath.Join(site, "public"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("SEGREDO-DE-CI")) {
				t.Errorf("%s carries the secret", p)
			}
		}
		return nil
	})
}

// validate and pdf read a site's form definitions with the build's rules: a
// definition that is a symbolic link (here to a secret outside the site) or
// a named pipe is refused by name, never read.
func TestFormCommandsReadOnlyRegularDefinitions(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if code, _, errs := run(t, dir, "init", "site"); code != 0 {
		t.Fatal(errs)
	}
	writeSite(t, dir, map[string]string{
		"segredo.yaml": "id: segredo\ntitle: SEGREDO-DE-CI\n",
		"dados.json":   "{}",
	})
	forms := filepath.Join(site, "content", "formularios")
	if err := os.Symlink(filepath.Join(dir, "segredo.yaml"), filepath.Join(forms, "segredo.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(forms, "fila.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{
		{"validate", "-s", "site", "designacao-ponto-focal", "dados.json"},
		{"pdf", "-s", "site", "designacao-ponto-focal", "dados.json", "-o", "saida.pdf"},
	} {
		code, out, errs := runBounded(t, dir, cmd...)
		if code == 0 {
			t.Errorf("%v: exit 0 with a linked definition", cmd)
		}
		all := out + errs
		for _, want := range []string{"segredo.yaml: não foi possível ler: é um link simbólico", "fila.yaml: não foi possível ler: não é um arquivo comum"} {
			if !strings.Contains(all, want) {
				t.Errorf("%v: output lacks %q:\n%s", cmd, want, all)
			}
		}
		if strings.Contains(all, "SEGREDO-DE-CI") {
			t.Errorf("%v: the linked file was read:\n%s", cmd, all)
		}
	}
}
