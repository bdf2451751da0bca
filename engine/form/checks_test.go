package form

import (
	"strings"
	"testing"
)

func TestCPF(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"529.982.247-25", ""},
		{"52998224725", ""},
		{"111.444.777-35", ""},
		{"123.456.789-09", ""},
		{"529.982.247-26", "dígitos verificadores não conferem"},
		{"52998224735", "dígitos verificadores não conferem"},
		{"111.111.111-11", "inválido: os 11 dígitos são iguais"},
		{"00000000000", "inválido: os 11 dígitos são iguais"},
		{"529.982.24725", "use os 11 dígitos"},
		{"529 982 247 25", "use os 11 dígitos"},
		{"5299822472", "use os 11 dígitos"},
		{"529982247250", "use os 11 dígitos"},
		{"abc.def.ghi-jk", "use os 11 dígitos"},
		{"", "use os 11 dígitos"},
	} {
		got := cpfProblem(c.in)
		if (c.want == "") != (got == "") || !strings.HasPrefix(got, c.want) {
			t.Errorf("cpfProblem(%q) = %q; want %q", c.in, got, c.want)
		}
	}
	if got := formatCPF("52998224725"); got != "529.982.247-25" {
		t.Errorf("formatCPF = %q", got)
	}
}

func TestSigla(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"SEMAD", true}, {"SEAGRI/CGDI", true}, {"PROTIC-UFT", true}, {"SEI2", true}, {"SEÇÃO", true},
		{"semad", false}, {"SEM AD", false}, {"SEM_AD", false}, {"SEMAD.", false},
		{"ABCDEFGHIJKLMNOPQRST", true}, {"ABCDEFGHIJKLMNOPQRSTU", false},
	} {
		if got := siglaProblem(c.in) == ""; got != c.ok {
			t.Errorf("siglaProblem(%q) ok = %v; want %v (%s)", c.in, got, c.ok, siglaProblem(c.in))
		}
	}
}
