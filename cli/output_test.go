package cli

import (
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRebuildReusesAndPrunes builds a site, changes it and builds again:
// the output is exactly the new build (removed pages gone, files that stood
// where folders go replaced), the previous build is kept hidden for the next
// one, and a failed build leaves the published site as it was.
func TestRebuildReusesAndPrunes(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "init", "site"); code != 0 {
		t.Fatalf("init: exit %d %s", code, errs)
	}
	site := filepath.Join(dir, "site")
	public := filepath.Join(site, "public")
	spare := filepath.Join(site, ".public"+spareSuffix)
	build := func() (int, string) {
		t.Helper()
		code, _, errs := run(t, site, "build")
		return code, errs
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	temp := filepath.Join(site, "content", "temporaria.md")
	if err := os.WriteFile(temp, []byte("---\ntitle: Temporária\n---\nSai na terceira geração.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, errs := build(); code != 0 {
		t.Fatalf("first build: exit %d %s", code, errs)
	}
	if exists(spare) {
		t.Errorf("first build into a new folder left %s", spare)
	}
	faq := filepath.Join(public, "temporaria", "index.html")
	if !exists(faq) {
		t.Fatalf("missing %s", faq)
	}
	// Second build: the first is kept as the spare.
	if code, errs := build(); code != 0 {
		t.Fatalf("second build: exit %d %s", code, errs)
	}
	if !exists(filepath.Join(spare, "index.html")) || !exists(filepath.Join(spare, buildMarker)) {
		t.Fatalf("the previous build was not kept in %s", spare)
	}
	// Things in the spare that this build must clear away: a stale page, a
	// file where a folder goes, a folder where a file goes.
	os.MkdirAll(filepath.Join(spare, "antiga", "pagina"), 0o755)
	os.WriteFile(filepath.Join(spare, "antiga", "pagina", "index.html"), []byte("velha"), 0o644)
	os.RemoveAll(filepath.Join(spare, "normas"))
	os.WriteFile(filepath.Join(spare, "normas"), []byte("arquivo no lugar de pasta"), 0o644)
	// A file longer than its new content, and one as long but different.
	os.WriteFile(filepath.Join(spare, "index.html"), []byte(strings.Repeat("x", 200_000)), 0o644)
	if fi, err := os.Stat(filepath.Join(spare, "404.html")); err == nil {
		os.WriteFile(filepath.Join(spare, "404.html"), []byte(strings.Repeat("y", int(fi.Size()))), 0o644)
	}
	os.Remove(filepath.Join(spare, "sitemap.xml"))
	os.MkdirAll(filepath.Join(spare, "sitemap.xml", "dentro"), 0o755)
	// And a page removed from the content.
	if err := os.Remove(temp); err != nil {
		t.Fatal(err)
	}
	if code, errs := build(); code != 0 {
		t.Fatalf("third build: exit %d %s", code, errs)
	}
	for _, gone := range []string{faq, filepath.Join(public, "antiga")} {
		if exists(gone) {
			t.Errorf("%s is still in the output", gone)
		}
	}
	if !exists(filepath.Join(public, "normas", "in-15-2024", "index.html")) {
		t.Error("normas/ was not rebuilt over the stray file")
	}
	if st, err := os.Stat(filepath.Join(public, "sitemap.xml")); err != nil || st.IsDir() {
		t.Errorf("sitemap.xml is not a file: %v", err)
	}
	// The output equals a build into a fresh folder.
	if code, _, errs := run(t, site, "build", "-d", filepath.Join(dir, "fresca")); code != 0 {
		t.Fatalf("fresh build: exit %d %s", code, errs)
	}
	if a, b := listTree(t, public), listTree(t, filepath.Join(dir, "fresca")); a != b {
		t.Errorf("rebuilt output differs from a fresh build:\n%s\n---\n%s", a, b)
	}
	// A broken build changes nothing in public/.
	before := listTree(t, public)
	os.WriteFile(filepath.Join(site, "content", "quebrada.md"), []byte("---\ntitle: Quebrada\n---\n[x](nao-existe.md)\n"), 0o644)
	if code, _ := build(); code != 1 {
		t.Fatalf("broken build: exit %d", code)
	}
	if after := listTree(t, public); after != before {
		t.Error("a failed build changed public/")
	}
	for _, left := range []string{public + ".seiportal-novo", filepath.Join(site, ".public"+swapSuffix)} {
		if exists(left) {
			t.Errorf("%s left behind", left)
		}
	}
}

// listTree lists the folders and files under dir, the files with their
// length and SHA-256, one per line, sorted.
func listTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			b.WriteString(rel + "/\n")
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %x\n", rel, len(data), sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRebuildKeepsUnchangedFiles: a file whose bytes do not change is not
// rewritten, so it keeps its modification time (rsync-style deploys skip it).
func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		if code, _, errs := run(t, dir, "build", "-d", "site"); code != 0 {
			t.Fatalf("build %d: exit %d %s", i, code, errs)
		}
		if i == 0 {
			// The third build writes into the first one's folder.
			old := time.Now().Add(-time.Hour)
			if err := os.Chtimes(filepath.Join(dir, "site", "index.html"), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, err := os.Stat(filepath.Join(dir, "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(st.ModTime()) < 30*time.Minute {
		t.Errorf("index.html was rewritten with the same bytes (modified %v)", st.ModTime())
	}
}

// TestFailedFirstBuildThenFixed: a build that fails before any succeeded
// leaves nothing published, and the next build, once the content is fixed,
// works.
func TestFailedFirstBuildThenFixed(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "_index.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("---\ntitle: Início\n---\n[x](nao-existe.md)\n"), 0o644)
	if code, _, _ := run(t, dir, "build"); code != 1 {
		t.Fatalf("broken build: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a failed first build published public/")
	}
	os.WriteFile(page, []byte("---\ntitle: Início\n---\nTudo certo.\n"), 0o644)
	if code, _, errs := run(t, dir, "build"); code != 0 {
		t.Fatalf("fixed build: exit %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestBuildIntoImpossibleFolder: a destination under a file fails with a
// Portuguese message, not the system's English one.
func TestBuildIntoImpossibleFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "arquivo"), []byte("x"), 0o644)
	code, _, errs := run(t, dir, "build", "-d", filepath.Join("arquivo", "public"))
	if code != 1 || !strings.Contains(errs, "não foi possível usar a pasta de destino") || !strings.Contains(errs, "há um arquivo onde devia haver uma pasta") {
		t.Errorf("exit %d, %q", code, errs)
	}
	if strings.Contains(errs, "not a directory") {
		t.Errorf("English system message: %q", errs)
	}
}

// TestServePortInUse: a busy port gets a Portuguese message with the way
// out.
func TestServePortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	code, _, errs := run(t, t.TempDir(), "serve", "--port", port)
	if code != 1 || !strings.Contains(errs, "a porta já está em uso; escolha outra com --port") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

// A file someone put in public/ is not silently dropped: the next build
// names it in a warning (and says where it went and when it goes).
func TestStrayFilesInOutputAreReported(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"content/_index.md": "---\ntitle: Início\n---\nTexto.\n",
	})
	if code, _, errs := run(t, dir, "build"); code != 0 {
		t.Fatalf("first build: exit %d %s", code, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", "relatorio.pdf"), []byte("%PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, dir, "build")
	if code != 0 {
		t.Fatalf("second build: exit %d %s", code, errs)
	}
	for _, want := range []string{
		"seiportal: aviso: 1 arquivo(s) em public não vieram da geração",
		filepath.Join("public", "relatorio.pdf"),
		"Eles ficaram em .public.seiportal-anterior e serão apagados na próxima geração",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".public"+spareSuffix, "relatorio.pdf")); err != nil {
		t.Errorf("the stray file is not where the warning says: %v", err)
	}
	if code, _, errs := run(t, dir, "build"); code != 0 || strings.Contains(errs, "aviso") {
		t.Errorf("third build: exit %d, %s", code, errs)
	}
}

// Swapping a new build in never leaves a moment without the output folder
// (a web server serving it would answer 404): on Linux the two folders are
// exchanged in one step.
func TestSwapLeavesNoGap(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	spare := hiddenBeside(dest, spareSuffix)
	for _, d := range []string{dest, spare} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := writeMarker(d); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "index.html"), []byte(d), 0o644)
	}
	stop := make(chan struct{})
	missing := make(chan int, 1)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				missing <- n
				return
			default:
			}
			if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
				n++
			}
		}
	}()
	for i := 0; i < 3000; i++ {
		if err := commitDest(spare, dest); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if n := <-missing; n > 0 {
		t.Errorf("public/index.html was missing %d times during 3000 swaps", n)
	}
	a, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	b, _ := os.ReadFile(filepath.Join(spare, "index.html"))
	if string(a) == string(b) {
		t.Error("the folders were not swapped")
	}
}
