package document

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
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
		{"designacao", "designacao-ponto-focal", false, Options{}},
		{"designacao-em-branco", "designacao-ponto-focal", true, Options{}},
		{"designacao-treinamento", "designacao-ponto-focal", false, Options{Training: true}},
		{"criacao", "criacao-unidade", false, Options{}},
		{"criacao-em-branco", "criacao-unidade", true, Options{}},
		{"criacao-sem-dados", "criacao-unidade", false, Options{NoData: true, Portal: "Portal SEI de Angra dos Reis"}},
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
