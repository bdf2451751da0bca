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
// data) and compares the bytes with testdata/golden/*.pdf: a change to the
// renderer that moves one glyph shows up here. After an intended change,
// run go test -run TestGolden -update and look at the pages (pdftoppm).
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name, form string
		blank      bool
		opts       Options
	}{
		{"designacao", "designacao-ponto-focal", false, Options{Fonts: ttf.Fonts()}},
		{"designacao-em-branco", "designacao-ponto-focal", true, Options{Fonts: ttf.Fonts()}},
		{"designacao-treinamento", "designacao-ponto-focal", false, Options{Fonts: ttf.Fonts(), Training: true}},
		{"criacao", "criacao-unidade", false, Options{Fonts: ttf.Fonts()}},
		{"criacao-em-branco", "criacao-unidade", true, Options{Fonts: ttf.Fonts()}},
		{"criacao-sem-dados", "criacao-unidade", false, Options{Fonts: ttf.Fonts(), NoData: true, Portal: "Portal SEI de Angra dos Reis"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			def := loadDef(t, c.form)
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
