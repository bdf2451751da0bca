package document

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

var update = flag.Bool("update", false, "rewrite the golden PDFs in testdata/golden")

// TestGolden renders the portal's forms (filled, blank, training, without
// data, with a letterhead) and compares the bytes with testdata/golden/*.pdf: a change to the
// renderer that moves one glyph shows up here. After an intended change,
// run go test -run TestGolden -update and look at the pages (pdftoppm).
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name, form string
		blank      bool
		opts       Options
		letterhead bool // a name and a drawn brasão (emblemPNG)
	}{
		{"designacao", "designacao-ponto-focal", false, Options{Fonts: ttf.Fonts()}, false},
		{"designacao-timbre", "designacao-ponto-focal", false, Options{Fonts: ttf.Fonts()}, true},
		{"designacao-em-branco", "designacao-ponto-focal", true, Options{Fonts: ttf.Fonts()}, false},
		{"designacao-treinamento", "designacao-ponto-focal", false, Options{Fonts: ttf.Fonts(), Training: true}, false},
		{"criacao", "criacao-unidade", false, Options{Fonts: ttf.Fonts()}, false},
		{"criacao-em-branco", "criacao-unidade", true, Options{Fonts: ttf.Fonts()}, false},
		{"criacao-sem-dados", "criacao-unidade", false, Options{Fonts: ttf.Fonts(), NoData: true, Portal: "Portal SEI de Angra dos Reis"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			def := loadDef(t, c.form)
			if c.letterhead {
				c.opts.Letterhead = Letterhead{Name: "Prefeitura Municipal de Exemplo", Emblem: emblemPNG(t, 90, 100)}
			}
			var got []byte
			var err error
			if c.blank {
				got, err = Blank(def, c.opts)
			} else {
				got, err = Render(def, loadValues(t, def), c.opts)
			}
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join("testdata", "golden", c.name+".pdf")
			if *update {
				if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the rendering (%d bytes, golden %d): look at both pages, then go test -run TestGolden -update", name, len(got), len(want))
			}
		})
	}
}

// TestFontsRequired: without the document fonts, or with other font data
// than the one the coverage table was made from, nothing is rendered.
func TestFontsRequired(t *testing.T) {
	def := loadDef(t, "criacao-unidade")
	f := ttf.Fonts()
	for _, set := range []fonts.Set{{}, {Regular: f.Bold, Bold: f.Bold}, {Regular: f.Regular, Bold: f.Bold[:1000]}} {
		if _, err := Blank(def, Options{Fonts: set}); err == nil || !strings.Contains(err.Error(), "fontes do documento") {
			t.Errorf("Blank with fonts of %d and %d bytes: err = %v", len(set.Regular), len(set.Bold), err)
		}
	}
}

// TestTokensOnOneLine: e-mail addresses and telephone numbers in a table
// are never broken inside (pdftotext reads each whole on one line), even a
// long address in the narrow e-mail column of the designação; one too long
// to fit even shrunk breaks only before "@" or after ".".
func TestTokensOnOneLine(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := loadValues(t, def)
	long := "marcia.guimaraes@angra.rj.gov.br"
	if err := vals.Set(def, "pontos_focais.1.email", long); err != nil {
		t.Fatal(err)
	}
	pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "tokens.pdf", pdf)
	text := run(t, dir, "pdftotext", "-f", "1", "-l", "1", p, "-")
	lines := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{"joao.conceicao@angra.rj.gov.br", long, "(24) 3377-1234", "+55 24 99876-5432"} {
		if !lines[want] {
			t.Errorf("%q is not whole on one line:\n%s", want, text)
		}
	}

	r, err := newRenderer(def, vals, false, Options{Fonts: ttf.Fonts()}, "")
	if err != nil {
		t.Fatal(err)
	}
	huge := "maria.aparecida.conceicao.guimaraes@secretaria.saude.angra.rj.gov.br"
	c := r.newToken(huge, 70)
	if len(c.lines) < 2 || strings.Join(c.lines, "") != huge || c.size != minTokenSize {
		t.Fatalf("newToken(%q) = %q at %v pt", huge, c.lines, c.size)
	}
	for i, l := range c.lines[:len(c.lines)-1] {
		if !strings.HasSuffix(l, ".") && !strings.HasPrefix(c.lines[i+1], "@") {
			t.Errorf("%q broken inside a part: %q", huge, c.lines)
		}
		if w := r.width(c.face(), l); w > 70-2*cellPad {
			t.Errorf("line %q is %.1f pt wide in a cell of %.1f", l, w, 70-2*cellPad)
		}
	}
}
