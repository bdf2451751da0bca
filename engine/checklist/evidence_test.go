package checklist

import (
	"strings"
	"testing"
)

func TestEvidenceCheck(t *testing.T) {
	req := func(k EvidenceKind) Evidence { return Evidence{Name: "x", Label: "X", Kind: k, Required: true} }
	opt := func(k EvidenceKind) Evidence { return Evidence{Name: "x", Label: "X", Kind: k} }
	tests := []struct {
		ev    Evidence
		value string
		err   string // "" when valid; else a substring of the error
	}{
		// NUPs with their check digits (módulo 11).
		{req(Process), "23101.002712/2024-14", ""}, // the IN nº 15/2024's own process
		{req(Process), "00001.000001/2020-04", ""},
		{req(Process), "12000.000123/2025-96", ""},
		{req(Process), "35300.012345/2023-19", ""},
		{req(Process), "00000.000000/2026-57", ""},
		{req(Process), " 23101002712202414 ", ""},
		{req(Process), "23101.002712/2024-15", "dígitos verificadores que não conferem"},
		{req(Process), "23101.002712/2024-41", "dígitos verificadores que não conferem"},
		{req(Process), "2310.002712/2024-14", "use o formato do NUP, 00000.000000/0000-00"},
		{req(Process), "23101-002712/2024-14", "use o formato do NUP"},
		{req(Process), "SEI-123/2024", "use o formato do NUP"},
		{req(Process), "2310100271220241a", "use o formato do NUP"},
		{req(Process), "", "campo obrigatório"},
		{req(Process), "   ", "campo obrigatório"},
		{opt(Process), "", ""},

		{req(Day), "16/02/2026", ""},
		{req(Day), "2026-02-16", ""},
		{req(Day), "29/02/2024", ""},
		{req(Day), "29/02/2025", "data inexistente: 29/02/2025"},
		{req(Day), "31/04/2026", "data inexistente"},
		{req(Day), "16-02-2026", `data inválida "16-02-2026": use DD/MM/AAAA`},
		{req(Day), "2026-02-30", "data inexistente: 2026-02-30"},
		{req(Day), "ontem", "use DD/MM/AAAA"},
		{req(Day), "16/2/2026", "formato de data inválido"},

		{req(Link), "https://www.imprensaoficial.com.br/DO/BuscaDO2001Documento_11_4.aspx?link=x", ""},
		{req(Link), "http://diario.exemplo.sp.gov.br/2026/02/16", ""},
		{req(Link), "www.exemplo.sp.gov.br", "começando com https://"},
		{req(Link), "ftp://exemplo.gov.br/a", "endereço inválido"},
		{req(Link), "https://", "endereço inválido"},
		{req(Link), "https://exemplo .gov.br", "endereço inválido"},
		{req(Link), "javascript:alert(1)", "endereço inválido"},

		{req(Text), "Maria e João", ""},
		{req(Text), strings.Repeat("ç", MaxTextLen), ""},
		{req(Text), strings.Repeat("ç", MaxTextLen+1), "texto longo demais (2001 caracteres; o máximo é 2000)"},
		{Evidence{Kind: "cpf"}, "1", "tipo de evidência desconhecido"},
	}
	for _, tt := range tests {
		err := tt.ev.Check(tt.value)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s %q: unexpected error %v", tt.ev.Kind, tt.value, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s %q: error %v; want %q", tt.ev.Kind, tt.value, err, tt.err)
		}
	}
}

func TestParseNUPFormats(t *testing.T) {
	got, err := ParseNUP("23101002712202414")
	if err != nil || got != "23101.002712/2024-14" {
		t.Errorf("ParseNUP = %q, %v", got, err)
	}
}

func TestCheckEvidence(t *testing.T) {
	it := Item{Evidence: []Evidence{
		{Name: "processo", Label: "Número do processo", Kind: Process, Required: true},
		{Name: "data", Label: "Data de publicação", Kind: Day, Required: true},
		{Name: "link", Label: "Link", Kind: Link},
	}}
	errs := CheckEvidence(it, map[string]string{"data": "31/02/2026", "link": "diario.gov.br"})
	var got []string
	for _, e := range errs {
		got = append(got, e.Name+": "+e.Error())
	}
	want := []string{
		"processo: Número do processo: campo obrigatório",
		"data: Data de publicação: data inexistente: 31/02/2026",
		`link: Link: endereço inválido "diario.gov.br": informe um endereço completo, começando com https://`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzEvidence(f *testing.F) {
	for _, s := range []string{"23101.002712/2024-14", "23101002712202414", "16/02/2026", "2026-02-16", "https://a.gov.br", "", "ç"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []EvidenceKind{Process, Day, Link, Text} {
			_ = Evidence{Kind: k, Required: true}.Check(s)
		}
		if n, err := ParseNUP(s); err == nil {
			if again, err := ParseNUP(n); err != nil || again != n {
				t.Errorf("ParseNUP(%q) = %q, then %q, %v", s, n, again, err)
			}
		}
	})
}
