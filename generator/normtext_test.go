package generator

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/generator/norm"
)

// normText renders a norm's text with the repository's norma-texto
// partial, as the norm layout does.
func normText(t testing.TB, tpl *templates, d *norm.Doc, m norm.Meta, pageURL string, notes []norm.Note) string {
	t.Helper()
	var buf bytes.Buffer
	if err := tpl.layouts["norma"].ExecuteTemplate(&buf, "norma-texto", norm.View(d, m, pageURL, notes)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func repoTemplateSet(t testing.TB) *templates {
	t.Helper()
	tpl, err := loadTemplates(os.DirFS(".."))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestNormTextGolden renders the synthetic norm of generator/norm's tests,
// which has every construct, and compares it with the HTML the norm's text
// had when Go wrote it (testdata/norma-sintetica.html.golden).
func TestNormTextGolden(t *testing.T) {
	src, err := os.ReadFile("norm/testdata/sintetica.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, errs := norm.Parse("norm/testdata/sintetica.txt", 1, src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := norm.Meta{Type: "Decreto", Short: "Decreto", Number: "1.234", Year: 2025, Date: "2025-01-02",
		URN: norm.URNParts{Locality: []string{"Tocantins", "Exemplo"}, Authority: []string{"Municipal"}}}
	notes := []norm.Note{{Provision: "art1-1", Text: "Artigo acrescentado para o teste."}, {Provision: "cap2_sec1_sub1", Text: "Nota num título."}, {Provision: "art99", Text: "Nota sem dispositivo: não aparece."}}
	tpl := repoTemplateSet(t)
	got := normText(t, tpl, d, m, "/normas/decreto-1234-2025/", notes)
	want, err := os.ReadFile("testdata/norma-sintetica.html.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines; want %d", len(gl), len(wl))
	}
	checkNormHTML(t, got, len(d.Provisions()))
	if strings.Contains(got, "não aparece") {
		t.Errorf("a note on a missing provision was rendered")
	}
}

// TestNormTextShipped renders the IN nº 15/2024 as the build does.
func TestNormTextShipped(t *testing.T) {
	s, errs := loadContent(os.DirFS(".."), nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	p := s.byFile["content/normas/in-15-2024.md"]
	n, errs := parseNorm(p, s.texts[p])
	if len(errs) > 0 || n == nil {
		t.Fatal(errs)
	}
	out := normText(t, repoTemplateSet(t), n.doc, n.meta, p.URL, n.meta.Notes)
	for _, want := range []string{
		`<div class="inc" id="art29_cpt_inc2"><p><span class="rotulo">II -</span> Solicitação na qual conste todas as informações concernentes à unidade, tais como: <a class="permalink" href="#art29_cpt_inc2" aria-label="Link para o art. 29, inciso II">#</a>` +
			`<button type="button" class="copiar-citacao" data-citacao="art. 29, inciso II, da IN nº 15/2024" data-href="/normas/in-15-2024/#art29_cpt_inc2" aria-label="Copiar citação do art. 29, inciso II">citar</button></p>`,
		`<h2 class="cap" id="cap3"><span class="rotulo">CAPÍTULO III</span><br><span class="titulo">DAS UNIDADES NO SEI/UFT</span></h2>`,
		`<h3 class="sec" id="cap3_sec1"><span class="rotulo">Seção I</span><br><span class="titulo">Da criação de unidades</span></h3>`,
		`<aside class="nota-editorial" role="note"><strong>Nota editorial:</strong> Na versão publicada, o número deste artigo não aparece (“Art. As atividades…”).`,
		`<p class="data">Palmas, 14 de outubro de 2024.</p>`,
		`<p class="ementa">Regulamenta os dispositivos`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if n := strings.Count(out, `class="nota-editorial"`); n != 3 {
		t.Errorf("%d editorial notes; want 3", n)
	}
	// The note of art. 3 sits inside art. 3, before art. 4.
	i3, iNote, i4 := strings.Index(out, `id="art3"`), strings.Index(out, "(“Art. As atividades…”)"), strings.Index(out, `id="art4"`)
	if !(i3 < iNote && iNote < i4) {
		t.Errorf("note of art. 3 at %d, outside art. 3 (%d…%d)", iNote, i3, i4)
	}
	checkNormHTML(t, out, len(n.doc.Provisions()))
}

var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// checkNormHTML asserts balanced tags and one id per provision.
func checkNormHTML(t *testing.T, out string, provisions int) {
	t.Helper()
	for _, tag := range []string{"div", "p", "h2", "h3", "h4", "aside", "button", "a", "span"} {
		open := len(regexp.MustCompile(`<`+tag+`[\s>]`).FindAllString(out, -1))
		closeN := strings.Count(out, "</"+tag+">")
		if open != closeN {
			t.Errorf("<%s>: %d opened, %d closed", tag, open, closeN)
		}
	}
	seen := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(out, -1) {
		if seen[m[1]] {
			t.Errorf("id %q twice in the HTML", m[1])
		}
		seen[m[1]] = true
	}
	if len(seen) != provisions {
		t.Errorf("%d ids in the HTML; want %d (one per provision)", len(seen), provisions)
	}
	if strings.Contains(out, "<módulos>") {
		t.Errorf("text not escaped")
	}
}

// BenchmarkNormText renders the IN nº 15/2024's text through the template
// (it was BenchmarkRenderHTML in generator/norm, when Go wrote the HTML).
func BenchmarkNormText(b *testing.B) {
	s, _ := loadContent(os.DirFS(".."), nil)
	p := s.byFile["content/normas/in-15-2024.md"]
	n, errs := parseNorm(p, s.texts[p])
	if n == nil {
		b.Fatal(errs)
	}
	tpl := repoTemplateSet(b)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := tpl.layouts["norma"].ExecuteTemplate(&buf, "norma-texto", norm.View(n.doc, n.meta, p.URL, n.meta.Notes)); err != nil {
			b.Fatal(err)
		}
	}
}
