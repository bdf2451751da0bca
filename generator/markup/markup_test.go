package markup

import (
	"errors"
	"strings"
	"testing"
)

type fakeResolver struct{}

func (fakeResolver) Link(dest string, offset int) (string, error) {
	switch dest {
	case "outra.md":
		return "/outra/", nil
	case "outra.md#secao":
		return "/outra/#secao", nil
	case "#disposicoes-finais":
		return dest, nil
	case "https://exemplo.gov.br":
		return dest, nil
	}
	return "", errors.New("link para página inexistente: " + dest)
}

func (fakeResolver) Cite(target string) (Cite, error) {
	if target == "norma:in-15-2024#art35" {
		return Cite{Target: target, URL: "/normas/in-15-2024/#art35", Label: "art. 35 da IN nº 15/2024", Preview: "Art. 35. Após formalização <x>"}, nil
	}
	return Cite{}, errors.New("citação de dispositivo inexistente: " + target)
}

func render(t *testing.T, src string, terms []Term) (Result, *Doc) {
	t.Helper()
	c := New()
	d := c.Parse([]byte(src))
	return c.Render(d, fakeResolver{}, terms), d
}

func TestHeadingIDsFoldAccents(t *testing.T) {
	res, d := render(t, "## Disposições finais\n\n## Disposições finais\n\n## Outra {#minha-ancora}\n", nil)
	got := []string{}
	for _, h := range d.Headings {
		got = append(got, h.ID)
	}
	if strings.Join(got, ",") != "disposicoes-finais,disposicoes-finais-1,minha-ancora" {
		t.Fatalf("ids = %v", got)
	}
	if !strings.Contains(string(res.HTML), `<h2 id="disposicoes-finais">Disposições finais <a class="ancora"`) {
		t.Errorf("html = %s", res.HTML)
	}
}

// TestHeadingSelfLink checks that every heading ends with a link to its own
// id (the one an {#id} sets, too), outside the heading's text.
func TestHeadingSelfLink(t *testing.T) {
	res, d := render(t, "## Prazos *curtos*\n\n### Outra {#minha-ancora}\n", nil)
	h := string(res.HTML)
	for _, want := range []string{
		`<h2 id="prazos-curtos">Prazos <em>curtos</em> <a class="ancora" href="#prazos-curtos" aria-label="Link para esta seção">#</a></h2>`,
		`<h3 id="minha-ancora">Outra <a class="ancora" href="#minha-ancora" aria-label="Link para esta seção">#</a></h3>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("want %s in:\n%s", want, h)
		}
	}
	if d.Headings[0].Text != "Prazos curtos" {
		t.Errorf("heading text = %q, the link must stay out of it", d.Headings[0].Text)
	}
}

func TestCallout(t *testing.T) {
	res, _ := render(t, "> [!ATENCAO]\n> A função não gera *remuneração* adicional.\n\n> [!DICA]\n> Dica.\n\n> Citação comum.\n", nil)
	h := string(res.HTML)
	for _, want := range []string{
		`<div class="callout callout-atencao" role="note">`,
		`<p class="callout-titulo">Atenção</p>`,
		`<p>A função não gera <em>remuneração</em> adicional.</p>`,
		`<div class="callout callout-dica" role="note">`,
		"<blockquote>\n<p>Citação comum.</p>",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %q in:\n%s", want, h)
		}
	}
	if strings.Contains(h, "[!") {
		t.Errorf("marker left in output:\n%s", h)
	}
}

func TestLinksAndCitations(t *testing.T) {
	src := "Veja [a outra](outra.md), [seção](outra.md#secao) e o [](norma:in-15-2024#art35).\n\n" +
		"Errado: [x](nada.md) e [y](norma:in-15-2024#art99).\n"
	res, _ := render(t, src, nil)
	h := string(res.HTML)
	for _, want := range []string{
		`<a href="/outra/">a outra</a>`,
		`<a href="/outra/#secao">seção</a>`,
		`<a class="citacao" href="/normas/in-15-2024/#art35" aria-describedby="cit-1">art. 35 da IN nº 15/2024</a>`,
		`role="tooltip" id="cit-1"><strong>art. 35 da IN nº 15/2024</strong> Art. 35. Após formalização &lt;x&gt;</span>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %q in:\n%s", want, h)
		}
	}
	if len(res.Errors) != 2 {
		t.Fatalf("errors = %v", res.Errors)
	}
	line, col := LineCol([]byte(src), res.Errors[0].Offset)
	if line != 3 || col != 9 {
		t.Errorf("first error at %d:%d; want 3:9 (%v)", line, col, res.Errors[0])
	}
	if len(res.Cites) != 1 || res.Cites[0].Label != "art. 35 da IN nº 15/2024" {
		t.Errorf("cites = %v", res.Cites)
	}
}

func TestTermsFirstUseOnly(t *testing.T) {
	terms := []Term{{Forms: []string{"ponto focal", "pontos focais"}, URL: "/glossario/#ponto-focal", Definition: "Servidor designado."}}
	res, _ := render(t, "## Ponto focal\n\nCada órgão indica dois PONTOS FOCAIS. O ponto focal atua.\n", terms)
	h := string(res.HTML)
	if strings.Count(h, `class="termo"`) != 1 {
		t.Fatalf("want one term annotation:\n%s", h)
	}
	if !strings.Contains(h, `<dfn>PONTOS FOCAIS</dfn></a><span class="dica" role="tooltip" id="termo-1">Servidor designado.</span>`) {
		t.Errorf("html:\n%s", h)
	}
	if !strings.Contains(h, "<h2 id=\"ponto-focal\">Ponto focal <a class=\"ancora\"") {
		t.Errorf("heading touched:\n%s", h)
	}
}

func TestRawHTMLOff(t *testing.T) {
	res, _ := render(t, "<script>alert(1)</script>\n\nTexto <b>x</b>.\n", nil)
	if strings.Contains(string(res.HTML), "<script>") || strings.Contains(string(res.HTML), "<b>") {
		t.Errorf("raw HTML passed through: %s", res.HTML)
	}
}

func TestPlainText(t *testing.T) {
	_, d := render(t, "## Título\n\nUm *texto* com `código`.\n\n- item\n", nil)
	if got := d.PlainText(); got != "Título\nUm texto com código.\nitem" {
		t.Errorf("PlainText = %q", got)
	}
	// A table row is one line, its cells separated (an empty cell too).
	_, d = render(t, "| Prazo | Fonte |\n|---|---|\n| 45 dias | art. 35 |\n|  | art. 36 |\n", nil)
	if got := d.PlainText(); got != "Prazo | Fonte\n45 dias | art. 35\n | art. 36" {
		t.Errorf("PlainText of a table = %q", got)
	}
}

func FuzzMarkup(f *testing.F) {
	for _, s := range []string{"> [!NOTA]\n> x", "## a {#b}\n[c](d.md)", "[](norma:x#y)", "| a |\n|---|\n| b |", "x[^1]\n\n[^1]: y", "Termo\n: def"} {
		f.Add(s)
	}
	c := New()
	terms := []Term{{Forms: []string{"ponto focal", "órgão"}, URL: "/g/", Definition: "d"}}
	f.Fuzz(func(t *testing.T, s string) {
		d := c.Parse([]byte(s))
		c.Render(d, fakeResolver{}, terms)
		d.PlainText()
	})
}

// With many terms, each is marked once, at its first use; at one place the
// longest form wins; forms inside other words do not count.
func TestTermsManyTerms(t *testing.T) {
	var terms []Term
	for i := 0; i < 3000; i++ {
		terms = append(terms, Term{Forms: []string{"termo" + itoa(i)}, URL: "/g/#t" + itoa(i), Definition: "d" + itoa(i)})
	}
	terms = append(terms,
		Term{Forms: []string{"ponto focal"}, URL: "/g/#pf", Definition: "curto"},
		Term{Forms: []string{"ponto focal setorial"}, URL: "/g/#pfs", Definition: "longo"},
		Term{Forms: []string{"(SEI)"}, URL: "/g/#sei", Definition: "sigla"},
	)
	src := "O termo7 e o termo7 de novo; subtermo8 não; termo8. O PONTO FOCAL SETORIAL e o ponto focal (SEI).\n\nTermo2999 no fim, termo3000 não existe.\n"
	res, _ := render(t, src, terms)
	h := string(res.HTML)
	for _, want := range []string{
		`<a class="termo" href="/g/#t7"`, `<a class="termo" href="/g/#t8"`, `<a class="termo" href="/g/#t2999"`,
		`<a class="termo" href="/g/#pfs"`, `<a class="termo" href="/g/#pf"`, `<a class="termo" href="/g/#sei"`,
	} {
		if strings.Count(h, want) != 1 {
			t.Errorf("%s marked %d times; want once:\n%s", want, strings.Count(h, want), h)
		}
	}
	if strings.Count(h, `class="termo"`) != 6 {
		t.Errorf("%d terms marked; want 6:\n%s", strings.Count(h, `class="termo"`), h)
	}
	if !strings.Contains(h, "<dfn>PONTO FOCAL SETORIAL</dfn>") || !strings.Contains(h, "<dfn>ponto focal</dfn>") {
		t.Errorf("longest form or case lost:\n%s", h)
	}
}

// BenchmarkTermsLargeGlossary marks a 20,000-word page with 3,000 terms
// (one text read once, not once per term).
func BenchmarkTermsLargeGlossary(b *testing.B) {
	var terms []Term
	for i := 0; i < 3000; i++ {
		terms = append(terms, Term{Forms: []string{"termo" + itoa(i), "forma " + itoa(i)}, URL: "/g/", Definition: "d"})
	}
	src := []byte(strings.Repeat("palavra comum sem termo algum ", 5000) + "termo2999\n")
	c := New()
	for b.Loop() {
		c.Render(c.Parse(src), nil, terms)
	}
}

// TestSpeakerNotes: a [!NOTAS] callout is folded on the page (a details
// element) so that slides and handouts can find and drop it.
func TestSpeakerNotes(t *testing.T) {
	res, _ := render(t, "Texto.\n\n> [!NOTAS]\n> Pergunte à turma quem já usou o SEI.\n", nil)
	h := string(res.HTML)
	for _, want := range []string{
		`<details class="callout callout-notas">`,
		`<summary class="callout-titulo">Notas do apresentador</summary>`,
		`<p>Pergunte à turma quem já usou o SEI.</p>`,
		"</details>",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("missing %q in:\n%s", want, h)
		}
	}
	if strings.Contains(h, "[!") || strings.Contains(h, `role="note"`) {
		t.Errorf("marker or note role left in output:\n%s", h)
	}
}
