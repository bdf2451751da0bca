package generator_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/internal/txtar"

	"github.com/seiportal/seiportal/generator"
)

var (
	idAttr    = regexp.MustCompile(`\sid="([^"]*)"`)
	localHref = regexp.MustCompile(`\shref="#([^"]*)"`)
	pageHref  = regexp.MustCompile(`\shref="(/[^"#]*)`)
	chapterRe = regexp.MustCompile(`<section class="capitulo" id="([^"]*)"`)
)

// checkHandout checks a handout as a whole: every id once, every
// in-document link to an id that exists, no link to a page it holds, and
// returns its chapters' ids.
func checkHandout(t *testing.T, name string, html []byte) []string {
	t.Helper()
	doc := string(html)
	seen := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(doc, -1) {
		if seen[m[1]] {
			t.Errorf("%s: id %q appears twice", name, m[1])
		}
		seen[m[1]] = true
	}
	for _, m := range localHref.FindAllStringSubmatch(doc, -1) {
		if !seen[m[1]] {
			t.Errorf("%s: link to #%s, which is not in the document", name, m[1])
		}
	}
	var chapters []string
	held := map[string]bool{}
	for _, m := range chapterRe.FindAllStringSubmatch(doc, -1) {
		chapters = append(chapters, m[1])
		held["/"+strings.ReplaceAll(strings.TrimPrefix(m[1], "cap."), ".", "/")+"/"] = true
	}
	article := doc[strings.Index(doc, `<article class="conteudo material-impressao">`):]
	article = article[:strings.Index(article, "</article>")]
	for _, m := range pageHref.FindAllStringSubmatch(article, -1) {
		if held[m[1]] {
			t.Errorf("%s: link to %s, a page the handout holds", name, m[1])
		}
	}
	return chapters
}

// TestHandoutStructure builds the trainer test site and the default portal
// and checks every handout's ids and links, and which pages it holds.
func TestHandoutStructure(t *testing.T) {
	a, err := txtar.ParseFile("testdata/sites/treinamento.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys, _, _, _ := siteFromArchive(t, a)
	out := generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: out}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"guia/imprimir/index.html": "cap.guia cap.guia.a cap.guia.b cap.guia.sub cap.guia.sub.c",
		"imprimir/index.html":      "cap.guia cap.guia.a cap.guia.b cap.guia.sub cap.guia.sub.c cap.duvidas cap.formularios",
	}
	for name, chapters := range want {
		html, ok := out.Get(name)
		if !ok {
			t.Errorf("%s not written", name)
			continue
		}
		if got := strings.Join(checkHandout(t, name, html), " "); got != chapters {
			t.Errorf("%s holds %s; want %s", name, got, chapters)
		}
	}
	for _, name := range []string{"formularios/imprimir/index.html", "normas/imprimir/index.html"} {
		if _, ok := out.Get(name); ok {
			t.Errorf("%s written: the section has no guide page below it", name)
		}
	}
	// A subsection prints within its top-level section's handout.
	if _, ok := out.Get("guia/sub/imprimir/index.html"); ok {
		t.Error("guia/sub/imprimir/index.html written: only top-level sections have a handout")
	}

	// The default portal: every section's handout and the whole guide.
	out = generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(".."), Out: out}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, "imprimir/index.html") {
			continue
		}
		html, _ := out.Get(name)
		chapters := checkHandout(t, name, html)
		if len(chapters) < 2 {
			t.Errorf("%s holds %d pages", name, len(chapters))
		}
		n++
	}
	if n < 4 {
		t.Errorf("%d handouts in the default portal", n)
	}
	whole, _ := out.Get("imprimir/index.html")
	for _, w := range []string{`id="cap.adesao.termo-de-adesao"`, `id="cap.procedimentos.unidades:base-normativa"`, `id="cap.instrutores"`} {
		if !strings.Contains(string(whole), w) {
			t.Errorf("the whole guide's handout lacks %s", w)
		}
	}
	for _, bad := range []string{`id="cap.normas.in-15-2024"`, `id="cap.checklist"`, `id="cap.formularios.designacao-ponto-focal"`, `callout-notas`} {
		if strings.Contains(string(whole), bad) {
			t.Errorf("the whole guide's handout holds %s", bad)
		}
	}
}
