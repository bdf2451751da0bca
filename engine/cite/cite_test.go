package cite

import (
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	good := []struct {
		in   string
		want Citation
	}{
		{"norma:in-15-2024", Citation{Kind: Norma, Key: "in-15-2024", Anchor: ""}},
		{"norma:in-15-2024#art29", Citation{Kind: Norma, Key: "in-15-2024", Anchor: "art29"}},
		{"norma:in-15-2024#art29_cpt_inc2_ali1", Citation{Kind: Norma, Key: "in-15-2024", Anchor: "art29_cpt_inc2_ali1"}},
		{"norma:in-15-2024#art11_cpt_inc1_ali1_ite1", Citation{Kind: Norma, Key: "in-15-2024", Anchor: "art11_cpt_inc1_ali1_ite1"}},
		{"norma:portaria-41-2022#art10_par1u", Citation{Kind: Norma, Key: "portaria-41-2022", Anchor: "art10_par1u"}},
		{"norma:portaria-41-2022#art8_par1_inc2", Citation{Kind: Norma, Key: "portaria-41-2022", Anchor: "art8_par1_inc2"}},
		{"norma:x#art1-1", Citation{Kind: Norma, Key: "x", Anchor: "art1-1"}},
		{"norma:x#cap1_sec2_sub1", Citation{Kind: Norma, Key: "x", Anchor: "cap1_sec2_sub1"}},
		{"fonte:guia-ponto-focal", Citation{Kind: Fonte, Key: "guia-ponto-focal", Anchor: ""}},
		{"fonte:guia-ponto-focal#modulo-1", Citation{Kind: Fonte, Key: "guia-ponto-focal", Anchor: "modulo-1"}},
		{"fonte:sei-cidades#p3", Citation{Kind: Fonte, Key: "sei-cidades", Anchor: "p3"}},
		{"norma:lei-1-2024#art2_par2?revogado", Citation{Kind: Norma, Key: "lei-1-2024", Anchor: "art2_par2", AboutRevocation: true}},
	}
	for _, tt := range good {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		if got.String() != tt.in {
			t.Errorf("Parse(%q).String() = %q", tt.in, got.String())
		}
		if !Is(tt.in) {
			t.Errorf("Is(%q) = false", tt.in)
		}
	}
	bad := []struct{ in, err string }{
		{"in-15-2024#art29", `deve começar com "norma:" ou "fonte:"`},
		{"https://exemplo.gov.br", `deve começar com "norma:" ou "fonte:"`},
		{"Norma:x", `deve começar com "norma:" ou "fonte:"`},
		{"norma:", "chave de norma inválida"},
		{"norma:IN-15", "chave de norma inválida"},
		{"norma:in--15", "chave de norma inválida"},
		{"norma:in-15-", "chave de norma inválida"},
		{"norma:in 15#art1", "chave de norma inválida"},
		{"norma:x#", "identificador de dispositivo inválido"},
		{"norma:x#art", "identificador de dispositivo inválido"},
		{"norma:x#art0", "identificador de dispositivo inválido"},
		{"norma:x#art01", "identificador de dispositivo inválido"},
		{"norma:x#art29_inc2", "identificador de dispositivo inválido"},
		{"norma:x#art29_cpt_ali1", "identificador de dispositivo inválido"},
		{"norma:x#art29_par2u", "identificador de dispositivo inválido"},
		{"norma:x#art29_par12u", "identificador de dispositivo inválido"},
		{"norma:x#art29_cpt_cpt", "identificador de dispositivo inválido"},
		{"norma:x#art29#art30", "identificador de dispositivo inválido"},
		{"norma:x#Art29", "identificador de dispositivo inválido"},
		{"norma:x#sec1", "identificador de dispositivo inválido"},
		{"norma:x#modulo-1", "identificador de dispositivo inválido"},
		{"norma:x#art99999999999", "identificador de dispositivo inválido"},
		{"fonte:", "chave de fonte inválida"},
		{"fonte:Guia", "chave de fonte inválida"},
		{"fonte:guia#", "parte da fonte inválida"},
		{"fonte:guia#Modulo 1", "parte da fonte inválida"},
		{"fonte:guia#a#b", "parte da fonte inválida"},
	}
	for _, tt := range bad {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("Parse(%q) error = %v; want %q", tt.in, err, tt.err)
		}
	}
	if Is("http://x") || Is("normas/x.md") {
		t.Error("Is accepts a link that is not a citation")
	}
}

func TestParseNorma(t *testing.T) {
	if k, p, err := ParseNorma("norma:in-15-2024#art35"); err != nil || k != "in-15-2024" || p != "art35" {
		t.Errorf("ParseNorma = %q, %q, %v", k, p, err)
	}
	if _, _, err := ParseNorma("fonte:guia-ponto-focal#modulo-1"); err == nil || !strings.Contains(err.Error(), `deve começar com "norma:"`) {
		t.Errorf("ParseNorma accepted a fonte: citation (err %v)", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"norma:in-15-2024#art29_cpt_inc2", "fonte:guia#modulo-1", "norma:x#art1_par1u", "fonte:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, c.String())
		}
		again, err := Parse(c.String())
		if err != nil || again != c {
			t.Fatalf("round trip of %q: %+v, %v", s, again, err)
		}
	})
}

func ExampleParse() {
	for _, s := range []string{"norma:in-15-2024#art35", "fonte:guia-ponto-focal#modulo-1"} {
		c, err := Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(c.Kind, c.Key, c.Anchor)
	}
	_, err := Parse("norma:in-15-2024#artigo35")
	fmt.Println(err)
	// Output:
	// norma in-15-2024 art35
	// fonte guia-ponto-focal modulo-1
	// citação "norma:in-15-2024#artigo35": identificador de dispositivo inválido "artigo35" (ex.: art29, art29_par1, art10_par1u, art29_cpt_inc2, art29_cpt_inc2_ali1)
}
