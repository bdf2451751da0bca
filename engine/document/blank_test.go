package document

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form/load"
)

// parenGender matches the "(a)" forms ("indicado(a)", "do(a)", "o(a)").
var parenGender = regexp.MustCompile(`(?i)\p{L}\((a|o|as|os)\)`)

// TestNeutralWording: the forms' own texts do not print "(a)" forms, in the
// filled document nor in the blank model: the data does not say who each
// person is, and the wording needs none.
func TestNeutralWording(t *testing.T) {
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		def := loadDef(t, id)
		filled, err := Render(def, loadValues(t, def), Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		blank, err := Blank(def, Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for name, pdf := range map[string][]byte{"preenchido": filled, "branco": blank} {
			p := writeTemp(t, dir, id+"-"+name+".pdf", pdf)
			text := strings.Join(strings.Fields(run(t, dir, "pdftotext", p, "-")), " ")
			if m := parenGender.FindAllString(text, -1); len(m) > 0 {
				t.Errorf("%s (%s): gendered parentheses %q", id, name, m)
			}
		}
	}
	def := loadDef(t, "designacao-ponto-focal")
	pdf, err := Render(def, loadValues(t, def), Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text := strings.Join(strings.Fields(run(t, dir, "pdftotext", writeTemp(t, dir, "d.pdf", pdf), "-")), " ")
	for _, want := range []string{"pessoa indicada para exercer a função de Ponto Focal", "com lotação em Coordenação de Protocolo", "Senhoras e Senhores membros do Comitê Gestor"} {
		if !strings.Contains(text, want) {
			t.Errorf("designação lacks %q", want)
		}
	}
}

// TestBlankTallEntry: an entry with more fields than a page holds is not
// framed: its rows break across pages, every field printed once per entry.
func TestBlankTallEntry(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: longo\ntitle: Longo\nversion: 1\nfields:\n  - name: itens\n    type: group\n    label: Itens\n    repeat: {min: 1, max: 3, item_label: \"{n}º item\"}\n    fields:\n")
	var cols strings.Builder
	for i := range 30 {
		n := "campo" + strconv.Itoa(i)
		b.WriteString("      - {name: " + n + ", type: text, label: Campo número " + strconv.Itoa(i) + "}\n")
		cols.WriteString("              - {field: " + n + "}\n")
	}
	b.WriteString("document:\n  sections:\n    - blocks:\n        - table:\n            source: itens\n            columns:\n" + cols.String())
	def, errs := load.File("longo.yaml", []byte(b.String()))
	if len(errs) > 0 {
		t.Fatalf("%v\n%s", errs, b.String())
	}
	pdf, err := Blank(def, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "longo.pdf", pdf)
	qpdfCheck(t, p)
	text := run(t, dir, "pdftotext", p, "-")
	if got := strings.Count(text, "Campo número 29"); got != 2 {
		t.Errorf("the last field is printed %d times; want 2 (two entries)", got)
	}
	if pages := strings.Count(text, "\f"); pages < 3 {
		t.Errorf("%d pages; want the entries to break across pages", pages)
	}
}
