package slug

import "testing"

func TestMake(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Disposições finais", "disposicoes-finais"},
		{"Perguntas Frequentes", "perguntas-frequentes"},
		{"  Órgão / Entidade -- SEI!  ", "orgao-entidade-sei"},
		{"Art. 1º-A", "art-1o-a"},
		{"CAPÍTULO III", "capitulo-iii"},
		{"in_15_2024", "in_15_2024"},
		{"", ""},
		{"ÇÃÕÉÊÍÓÚÀ", "caoeeiroua"[:0] + "caoeeioua"},
	} {
		if got := Make(c.in); got != c.want {
			t.Errorf("Make(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Órgão da União"); got != "Orgao da Uniao" {
		t.Errorf("Fold = %q", got)
	}
}
