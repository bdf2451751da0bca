package generator_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seiportal/seiportal/internal/txtar"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/generator"
	"github.com/seiportal/seiportal/generator/norm"
)

var assetHash = regexp.MustCompile(`\?v=[0-9a-f]{8}`)

var update = flag.Bool("update", false, "rewrite golden files")

// repoTemplates returns the repository's templates/ as map entries, so that
// whole-site tests render with the real layouts.
func repoTemplates(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(".."), "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".wasm.br") {
			return nil // the app is not what these tests look at
		}
		data, err := fs.ReadFile(os.DirFS(".."), p)
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// siteFromArchive returns the input files of a txtar site and its
// expectations: files under want/ (lines the output file must contain, or
// must not when they start with "!"), and "errors" (the exact error lines).
func siteFromArchive(t testing.TB, a *txtar.Archive) (fstest.MapFS, map[string]string, string, bool) {
	fsys := repoTemplates(t)
	want := map[string]string{}
	var errs string
	hasErrs := false
	for _, f := range a.Files {
		switch {
		case strings.HasPrefix(f.Name, "want/"):
			want[strings.TrimPrefix(f.Name, "want/")] = string(f.Data)
		case f.Name == "errors":
			errs, hasErrs = string(f.Data), true
		default:
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys, want, errs, hasErrs
}

func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test sites")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys, want, wantErrs, expectErr := siteFromArchive(t, a)
			out := generator.NewMemOutput()
			_, err = generator.Build(context.Background(), generator.Options{Source: fsys, Out: out})
			// Whatever the content says, nothing is written outside the
			// output folder.
			for _, name := range out.Names() {
				if !fs.ValidPath(name) || strings.Contains(name, "\\") {
					t.Errorf("wrote %q, outside the output folder", name)
				}
			}
			if expectErr {
				if err == nil {
					t.Fatalf("build succeeded; want errors:\n%s", wantErrs)
				}
				got := diag.Flatten(err).Error() + "\n"
				if got != wantErrs {
					t.Fatalf("errors:\n%s\nwant:\n%s", got, wantErrs)
				}
				return
			}
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			names := make([]string, 0, len(want))
			for n := range want {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, name := range names {
				data, ok := out.Get(name)
				if !ok {
					t.Errorf("%s not written; files: %v", name, out.Names())
					continue
				}
				for _, line := range strings.Split(want[name], "\n") {
					line = strings.TrimSpace(line)
					if line == "" || strings.HasPrefix(line, "#") {
						continue
					}
					if neg, ok := strings.CutPrefix(line, "!"); ok {
						if bytes.Contains(data, []byte(neg)) {
							t.Errorf("%s contains %q", name, neg)
						}
					} else if !bytes.Contains(data, []byte(line)) {
						t.Errorf("%s lacks %q", name, line)
					}
				}
			}
		})
	}
}

// TestGolden renders a small site and compares its pages with golden files.
func TestGolden(t *testing.T) {
	a, err := txtar.ParseFile("testdata/golden/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys, _, _, _ := siteFromArchive(t, a)
	out := generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: out}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "guia/index.html", "guia/passo-a-passo/index.html", "normas/lei-1-2024/index.html", "sitemap.xml"} {
		got, ok := out.Get(name)
		if !ok {
			t.Fatalf("%s not written", name)
		}
		// Asset fingerprints change with every stylesheet edit; the golden
		// files are about the pages' markup.
		got = assetHash.ReplaceAll(got, []byte("?v=HASH"))
		golden := filepath.Join("testdata/golden/site", strings.ReplaceAll(name, "/", "_"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator -run TestGolden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update if the change is intended)\n%s", name, golden, firstDiff(string(want), string(got)))
		}
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

// TestDefaultPortalDeterministic builds the repository's portal twice and
// wants byte-identical output.
func TestDefaultPortalDeterministic(t *testing.T) {
	build := func() *generator.MemOutput {
		out := generator.NewMemOutput()
		if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(".."), Out: out, Workers: 2}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := build(), build()
	na, nb := a.Names(), b.Names()
	if strings.Join(na, "\n") != strings.Join(nb, "\n") {
		t.Fatalf("file lists differ: %d vs %d files", len(na), len(nb))
	}
	for _, n := range na {
		x, _ := a.Get(n)
		y, _ := b.Get(n)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", n)
		}
	}
	if len(na) < 30 {
		t.Errorf("only %d files built", len(na))
	}
}

// TestDefaultPortal checks what every page of the default portal must have.
func TestDefaultPortal(t *testing.T) {
	out := generator.NewMemOutput()
	res, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(".."), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, n := range out.Names() {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		data, _ := out.Get(n)
		if bytes.Contains(data, []byte("http-equiv=\"refresh\"")) {
			continue // alias redirect
		}
		pages++
		for _, want := range []string{`<html lang="pt-BR"`, `href="#conteudo" accesskey="1"`, `accesskey="2"`, `accesskey="3"`, `accesskey="4"`,
			`<main id="conteudo"`, `role="banner"`, `role="contentinfo"`, `<nav id="menu"`, `Alto contraste`} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s lacks %s", n, want)
			}
		}
		// Nothing is loaded from another site.
		for _, bad := range []string{`src="http`, `href="http://fonts`, `src="//`, `@import url(http`} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s loads from outside the site: %s", n, bad)
			}
		}
		if strings.HasPrefix(n, "app/") {
			continue
		}
		if !strings.HasPrefix(n, "formularios/") && !strings.HasPrefix(n, "checklist/") && !strings.HasPrefix(n, "conferir/") {
			if bytes.Contains(data, []byte(".wasm")) || bytes.Contains(data, []byte("wasm_exec")) {
				t.Errorf("guide page %s references the wasm app", n)
			}
		}
	}
	if pages < res.Pages {
		t.Errorf("%d HTML pages for %d content pages", pages, res.Pages)
	}
	for _, f := range []string{"sitemap.xml", "404.html", "manifest.webmanifest", "sw.js", "busca/index.html", "busca/indice.json"} {
		if _, ok := out.Get(f); !ok {
			t.Errorf("%s not written", f)
		}
	}
	sw, _ := out.Get("sw.js")
	for _, want := range []string{`"/"`, `"/adesao/"`, `"/normas/in-15-2024/"`, `"/css/portal.css"`} {
		if !bytes.Contains(sw, []byte(want)) {
			t.Errorf("sw.js does not precache %s", want)
		}
	}
	if bytes.Contains(sw, []byte("__CORE__")) {
		t.Error("sw.js placeholders not filled")
	}
	// The document fonts are published for the app (which does not carry
	// them), gzip'd too, kept by the service worker with the app, and named
	// by the form pages.
	set := ttf.Fonts()
	for i, data := range [][]byte{set.Regular, set.Bold} {
		name := "app/fontes/" + ttf.Files()[i]
		if got, ok := out.Get(name); !ok || !bytes.Equal(got, data) {
			t.Errorf("%s not published as the document font", name)
		}
		if z, ok := out.Get(name + ".gz"); !ok || len(z) >= len(data) {
			t.Errorf("%s.gz not published", name)
		}
		if !bytes.Contains(sw, []byte(`"/`+name+`"`)) {
			t.Errorf("sw.js does not keep %s with the app", name)
		}
		page, _ := out.Get("formularios/designacao-ponto-focal/index.html")
		if !bytes.Contains(page, []byte("/"+name)) {
			t.Errorf("the form page does not name %s in data-fontes", name)
		}
	}
}

// TestEveryProvisionHasAnchor checks that the built norm pages carry an
// anchor for every provision id the norm defines, and the text of sample
// provisions word for word.
func TestNormPages(t *testing.T) {
	out := generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(".."), Out: out}); err != nil {
		t.Fatal(err)
	}
	in, _ := out.Get("normas/in-15-2024/index.html")
	port, _ := out.Get("normas/portaria-41-2022/index.html")
	for _, c := range []struct {
		page []byte
		ids  []string
		text string
	}{
		{in, []string{"art1", "art3", "art5_cpt_inc1_ali1", "art29_cpt_inc2_ali5", "art29_par2", "art35", "art35_par1u", "art42"}, "45 (quarenta e cinco) dias úteis"},
		{port, []string{"art3_cpt_inc27", "art10_par2", "art12_par4_inc2", "art29"}, "Cada usuário poderá ter no máximo cinco perfis de acesso"},
	} {
		for _, id := range c.ids {
			if !bytes.Contains(c.page, []byte(`id="`+id+`"`)) {
				t.Errorf("norm page lacks anchor %s", id)
			}
		}
		if !bytes.Contains(c.page, []byte(c.text)) {
			t.Errorf("norm page lacks %q", c.text)
		}
	}
	// A guide that cites art. 35 links to it and shows it in Base normativa.
	unid, _ := out.Get("procedimentos/unidades/index.html")
	for _, want := range []string{`href="/normas/in-15-2024/#art35"`, `<h2 id="base-normativa">Base normativa</h2>`, `role="tooltip"`} {
		if !bytes.Contains(unid, []byte(want)) {
			t.Errorf("unidades page lacks %s", want)
		}
	}
	// Every provision of the shipped norms has its anchor.
	for _, n := range []struct{ file, page string }{
		{"../content/normas/in-15-2024.md", "normas/in-15-2024/index.html"},
		{"../content/normas/portaria-41-2022.md", "normas/portaria-41-2022/index.html"},
	} {
		src, err := os.ReadFile(n.file)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(src), "\n---\n", 2)
		if len(parts) != 2 {
			t.Fatalf("%s: no front matter", n.file)
		}
		firstLine := strings.Count(parts[0], "\n") + 3
		doc, errs := norm.Parse(n.file, firstLine, []byte(parts[1]))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		html, _ := out.Get(n.page)
		count := 0
		for _, p := range doc.Provisions() {
			count++
			if !bytes.Contains(html, []byte(`id="`+p.ID+`"`)) {
				t.Errorf("%s lacks the anchor of %s", n.page, p.ID)
			}
		}
		if count < 150 {
			t.Errorf("%s: only %d provisions", n.file, count)
		}
	}
}

func FuzzBuildPage(f *testing.F) {
	tpl := repoTemplates(f)
	for _, s := range []string{
		"---\ntitle: A\nweight: 2\n---\n## Título {#x}\n\n[a](b.md) [c](#x) [d](norma:x#y)\n",
		"+++\ntitle = \"B\"\naliases = [\"/velho/\"]\n+++\n> [!NOTA]\n> texto\n",
		"---\ntitle: [\n---\n",
		"---\ntitle: C\ndate: 2024-13-45\n---\n| a |\n|---|\n| b |\n",
		"sem front matter",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		fsys := fstest.MapFS{}
		for k, v := range tpl {
			fsys[k] = v
		}
		fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Início\n---\nOlá.\n")}
		fsys["content/sec/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Seção\n---\n")}
		fsys["content/sec/p.md"] = &fstest.MapFile{Data: []byte(page)}
		_, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: generator.NewMemOutput(), Workers: 1})
		if err != nil {
			for _, e := range diag.Flatten(err) {
				if e.File == "" && e.Msg == "" {
					t.Fatalf("empty error: %v", err)
				}
			}
		}
	})
}
