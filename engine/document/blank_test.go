package document

import (
	"regexp"
	"strings"
	"testing"
)

// parenGender matches the "(a)" forms ("indicado(a)", "do(a)", "o(a)").
var parenGender = regexp.MustCompile(`(?i)\p{L}\((a|o|as|os)\)`)

// TestNeutralWording: the forms' own texts do not print "(a)" forms, in the
// filled document nor in the blank model: the data does not say who each
// person is, and the wording needs none.
func TestNeutralWording(t *testing.T) {
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		def := loadDef(t, id)
		filled, err := Render(def, loadValues(t, def), Options{})
		if err != nil {
			t.Fatal(err)
		}
		blank, err := Blank(def, Options{})
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
	pdf, err := Render(def, loadValues(t, def), Options{})
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
