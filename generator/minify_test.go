package generator

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/generator/search"
)

// repoStatic reads templates/static of the repository.
func repoStatic(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root := filepath.Join("..", "templates", "static")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func gzipLen(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// TestBuildPublishesMinifiedAssets checks that the build writes the CSS
// and JavaScript minified (every comment of the sources gone, smaller even
// gzip'd), wasm_exec.js and the other files byte for byte, the same bytes
// on every build, and that the service worker's version follows the
// published bytes.
func TestBuildPublishesMinifiedAssets(t *testing.T) {
	src := repoStatic(t)
	build := func() *MemOutput {
		out := NewMemOutput()
		if _, err := Build(context.Background(), Options{Source: os.DirFS(".."), Out: out}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := build()
	for name, data := range src {
		got, ok := out.Get(name)
		if !ok {
			t.Errorf("%s not published", name)
			continue
		}
		ext := filepath.Ext(name)
		if (ext != ".js" && ext != ".css") || name == "app/wasm_exec.js" {
			if !bytes.Equal(got, data) {
				t.Errorf("%s: published bytes differ from the source", name)
			}
			continue
		}
		if bytes.Contains(got, []byte("/*")) || bytes.Contains(got, []byte("\n  ")) {
			t.Errorf("%s: published with comments or indentation", name)
		}
		if g, s := gzipLen(got), gzipLen(data); g >= s*9/10 {
			t.Errorf("%s: %d bytes gzip'd, source %d: want at least 10%% less", name, g, s)
		}
		t.Logf("%s: %d → %d bytes, gzip %d → %d", name, len(data), len(got), gzipLen(data), gzipLen(got))
	}
	again := build()
	for _, n := range out.Names() {
		a, _ := out.Get(n)
		b, _ := again.Get(n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", n)
		}
	}
	// The service worker's version is derived from the bytes written: the
	// minified ones.
	sw, _ := out.Get("sw.js")
	if !bytes.Contains(sw, []byte(`"/js/busca.js"`)) {
		t.Fatalf("sw.js does not precache /js/busca.js:\n%s", sw)
	}
}

// TestMinifyErrorAtPosition checks that a stylesheet or script the minifier
// cannot parse fails the build at its line and column, in Portuguese.
func TestMinifyErrorAtPosition(t *testing.T) {
	_, errs := (*Cache)(nil).minifyStatic(map[string][]byte{
		"js/ok.js":     []byte("var a = 1;\n"),
		"js/quebra.js": []byte("var a = 1;\nfunction (\n"),
		"x.txt":        []byte("function ("),
	})
	if len(errs) != 1 {
		t.Fatalf("errors %v; want one", errs)
	}
	msg := errs[0].Error()
	if !strings.HasPrefix(msg, "templates/static/js/quebra.js:2:") || !strings.Contains(msg, "erro de sintaxe") {
		t.Errorf("error %q; want templates/static/js/quebra.js:2:N: erro de sintaxe…", msg)
	}
}

// TestMinifiedScriptsBehaveAsSources runs the minified busca.js under node
// with the search package's driver and compares it with its source: the
// same terms for every word of the search test data, the same results,
// snippets and loads for the same queries. The other scripts must at least
// parse (the e2e tests run them, as served).
func TestMinifiedScriptsBehaveAsSources(t *testing.T) {
	bin, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to run the minified scripts and was not found in PATH: %v", err)
	}
	src := repoStatic(t)
	pub, errs := (*Cache)(nil).minifyStatic(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	for name, data := range pub {
		if filepath.Ext(name) != ".js" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "--check", p).CombinedOutput(); err != nil {
			t.Errorf("minified %s does not parse: %v\n%s", name, err, out)
		}
	}
	minJS := filepath.Join(dir, "js", "busca.js")
	os.WriteFile(filepath.Join(dir, "src-busca.js"), src["js/busca.js"], 0o644)
	srcJS := filepath.Join(dir, "src-busca.js")

	testdata := filepath.Join("search", "testdata")
	var docs []search.Doc
	raw, err := os.ReadFile(filepath.Join(testdata, "docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	files, err := search.Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "site")
	for name, data := range files {
		p := filepath.Join(idx, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, data, 0o644)
	}
	words, err := os.ReadFile(filepath.Join(testdata, "words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		words = append(words, d.Text+"\n"...)
	}
	queries, _ := json.Marshal([]string{"orgao", "unidades ", "ponto focal ", "desativ", "de que para", "xyzzy ",
		"Termo", "artigo 35", "IN 15", "desaitvacao ", "edsativacao ", "termo conduta", "credencial sigilo"})
	run := func(js string, stdin []byte, args ...string) []byte {
		cmd := exec.Command(bin, append([]string{filepath.Join(testdata, "driver.js"), js}, args...)...)
		cmd.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("node driver.js %s %v: %v\n%s", js, args, err, stderr.String())
		}
		return out
	}
	for _, c := range []struct {
		in   []byte
		args []string
	}{{words, []string{"terms"}}, {queries, []string{"search", idx}}} {
		want, got := run(srcJS, c.in, c.args...), run(minJS, c.in, c.args...)
		if !bytes.Equal(got, want) {
			t.Errorf("%v: the minified busca.js answers differently from its source:\nsource   %.400s\nminified %.400s", c.args, want, got)
		}
		if len(want) < 100 {
			t.Errorf("%v: answer too short to compare: %s", c.args, want)
		}
	}
}

// BenchmarkMinifyStatic measures minifying the repository's static files,
// as seiportal build does (cold), and as seiportal serve does after an
// edit that left them unchanged (cached).
func BenchmarkMinifyStatic(b *testing.B) {
	src := repoStatic(b)
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			if _, errs := (*Cache)(nil).minifyStatic(src); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		c := &Cache{}
		c.minifyStatic(src)
		for b.Loop() {
			if _, errs := c.minifyStatic(src); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	})
}

// TestMinifyCache checks that a Cache gives the bytes minifying gives, and
// keeps no failure.
func TestMinifyCache(t *testing.T) {
	src := repoStatic(t)
	want, _ := (*Cache)(nil).minifyStatic(src)
	c := &Cache{}
	for i := 0; i < 2; i++ {
		got, errs := c.minifyStatic(src)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		for n := range want {
			if !bytes.Equal(got[n], want[n]) {
				t.Errorf("pass %d: %s differs with the cache", i, n)
			}
		}
	}
	bad := map[string][]byte{"js/x.js": []byte("function (")}
	for i := 0; i < 2; i++ {
		if _, errs := c.minifyStatic(bad); len(errs) != 1 {
			t.Errorf("pass %d: errors %v; want one", i, errs)
		}
	}
}
