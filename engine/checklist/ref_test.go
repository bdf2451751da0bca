package checklist

import (
	"strings"
	"testing"
)

func TestParseRef(t *testing.T) {
	good := []struct{ in, norm, prov string }{
		{"norma:in-15-2024", "in-15-2024", ""},
		{"norma:in-15-2024#art29", "in-15-2024", "art29"},
		{"norma:in-15-2024#art29_cpt", "in-15-2024", "art29_cpt"},
		{"norma:in-15-2024#art29_cpt_inc2", "in-15-2024", "art29_cpt_inc2"},
		{"norma:in-15-2024#art29_cpt_inc2_ali1", "in-15-2024", "art29_cpt_inc2_ali1"},
		{"norma:in-15-2024#art11_cpt_inc1_ali1_ite1", "in-15-2024", "art11_cpt_inc1_ali1_ite1"},
		{"norma:portaria-41-2022#art10_par2", "portaria-41-2022", "art10_par2"},
		{"norma:portaria-41-2022#art10_par1u", "portaria-41-2022", "art10_par1u"},
		{"norma:portaria-41-2022#art8_par1_inc2", "portaria-41-2022", "art8_par1_inc2"},
		{"norma:x#art1-1", "x", "art1-1"},
		{"norma:x#cap1", "x", "cap1"},
		{"norma:x#cap1_sec2_sub1", "x", "cap1_sec2_sub1"},
	}
	for _, tt := range good {
		n, p, err := ParseRef(tt.in)
		if err != nil || n != tt.norm || p != tt.prov {
			t.Errorf("ParseRef(%q) = %q, %q, %v; want %q, %q", tt.in, n, p, err, tt.norm, tt.prov)
		}
		r := Ref{Target: tt.in}
		if r.Norm() != tt.norm || r.Provision() != tt.prov {
			t.Errorf("Ref(%q) = %q, %q", tt.in, r.Norm(), r.Provision())
		}
	}
	bad := []struct{ in, err string }{
		{"in-15-2024#art29", `deve começar com "norma:"`},
		{"fonte:guia-ponto-focal#modulo-1", `deve começar com "norma:"`},
		{"https://exemplo.gov.br", `deve começar com "norma:"`},
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
		{"norma:x#art29_cpt_cpt", "identificador de dispositivo inválido"},
		{"norma:x#art29#art30", "identificador de dispositivo inválido"},
		{"norma:x#Art29", "identificador de dispositivo inválido"},
		{"norma:x#sec1", "identificador de dispositivo inválido"},
		{"norma:x#art99999999999", "identificador de dispositivo inválido"},
	}
	for _, tt := range bad {
		_, _, err := ParseRef(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseRef(%q) error = %v; want %q", tt.in, err, tt.err)
		}
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"norma:in-15-2024#art29_cpt_inc2_ali1", "norma:x#cap1_sec2", "norma:x#art10_par1u", "norma:", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, p, err := ParseRef(s)
		if err != nil {
			return
		}
		want := RefScheme + n
		if p != "" || strings.HasSuffix(s, "#") {
			want += "#" + p
		}
		if want != s {
			t.Errorf("ParseRef(%q) = %q, %q: does not rebuild the input", s, n, p)
		}
	})
}

func TestParseBasis(t *testing.T) {
	for _, s := range []string{"norma:in-15-2024#art29", "fonte:guia-ponto-focal#modulo-1", "fonte:sei-cidades"} {
		if _, err := ParseBasis(s); err != nil {
			t.Errorf("ParseBasis(%q): %v", s, err)
		}
	}
	if r := (Ref{Target: "fonte:sei-cidades#adesao"}); r.Kind() != "fonte" || r.Norm() != "" || r.Provision() != "" {
		t.Errorf("Ref %q: kind %q norm %q provision %q", r.Target, r.Kind(), r.Norm(), r.Provision())
	}
	for _, s := range []string{"fonte:Guia", "fonte:guia#", "https://x", "norma:x#art0"} {
		if _, err := ParseBasis(s); err == nil {
			t.Errorf("ParseBasis(%q) accepted", s)
		}
	}
}
