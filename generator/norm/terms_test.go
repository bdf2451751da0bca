package norm

import (
	"reflect"
	"testing"
)

func TestCardinal(t *testing.T) {
	tests := []struct {
		in   string
		want int // 0: not a numeral
	}{
		{"um", 1}, {"uma", 1}, {"dois", 2}, {"duas", 2}, {"três", 3}, {"cinco", 5}, {"nove", 9},
		{"dez", 10}, {"onze", 11}, {"quatorze", 14}, {"catorze", 14}, {"dezesseis", 16}, {"dezenove", 19},
		{"vinte", 20}, {"vinte e um", 21}, {"trinta", 30}, {"quarenta e cinco", 45}, {"Quarenta E Cinco", 45},
		{"cinquenta", 50}, {"sessenta", 60}, {"noventa e nove", 99},
		{"cem", 100}, {"cento e um", 101}, {"cento e dez", 110}, {"cento e vinte", 120}, {"cento e oitenta", 180},
		{"duzentos", 200}, {"duzentas e cinquenta", 250}, {"trezentos e sessenta e cinco", 365},
		{"trezentos e sessenta e seis", 366}, {"novecentos e noventa e nove", 999},
		{"mil", 1000}, {"mil e quinhentos", 1500}, {"dois mil", 2000}, {"três mil seiscentos e cinquenta", 3650},
		{"cem mil", 100000},
		// Not numerals.
		{"", 0}, {"e", 0}, {"e cinco", 0}, {"cinco e", 0}, {"vinte cinco", 0}, {"cinco vinte", 0},
		{"cinco e vinte", 0}, {"dez e um", 0}, {"cento", 0}, {"cem e um", 0}, {"vinte e e um", 0},
		{"mil mil", 0}, {"dias", 0}, {"trinta dias", 0}, {"duzentos trezentos", 0}, {"quinze e três", 0},
	}
	for _, tt := range tests {
		got, ok := Cardinal(tt.in)
		if tt.want == 0 {
			if ok {
				t.Errorf("Cardinal(%q) = %d, want not a numeral", tt.in, got)
			}
			continue
		}
		if !ok || got != tt.want {
			t.Errorf("Cardinal(%q) = %d, %v; want %d", tt.in, got, ok, tt.want)
		}
	}
	// Every number from 1 to 999 written by spell reads back.
	for n := 1; n < 1000; n++ {
		if got, ok := Cardinal(spell(n)); !ok || got != n {
			t.Errorf("Cardinal(%q) = %d, %v; want %d", spell(n), got, ok, n)
		}
	}
}

// spell writes n (1…999) in words, independently of Cardinal's tables.
func spell(n int) string {
	units := []string{"", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove",
		"dez", "onze", "doze", "treze", "quatorze", "quinze", "dezesseis", "dezessete", "dezoito", "dezenove"}
	tens := []string{"", "", "vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"}
	hundreds := []string{"", "cento", "duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos", "setecentos", "oitocentos", "novecentos"}
	if n == 100 {
		return "cem"
	}
	var parts []string
	if h := n / 100; h > 0 {
		parts = append(parts, hundreds[h])
	}
	r := n % 100
	switch {
	case r == 0:
	case r < 20:
		parts = append(parts, units[r])
	default:
		parts = append(parts, tens[r/10])
		if r%10 > 0 {
			parts = append(parts, units[r%10])
		}
	}
	s := parts[0]
	for _, p := range parts[1:] {
		s += " e " + p
	}
	return s
}

func TestTerms(t *testing.T) {
	tests := []struct {
		text string
		want []Term
	}{
		{"este terá 45 (quarenta e cinco) dias úteis, podendo ser renovado", []Term{{45, TermBusinessDays}}},
		{"no prazo de até dois dias úteis contados do recebimento", []Term{{2, TermBusinessDays}}},
		{"no prazo máximo de até 30 dias.", []Term{{30, ""}}},
		{"em 5 (cinco) dias corridos", []Term{{5, TermCalendarDays}}},
		{"cinco dias", []Term{{5, ""}}},
		{"1 (um) dia útil", []Term{{1, TermBusinessDays}}},
		{"trezentos e sessenta e cinco dias consecutivos", []Term{{365, TermCalendarDays}}},
		{"prazo de 10 dias úteis, prorrogável por mais quinze dias", []Term{{10, TermBusinessDays}, {15, ""}}},
		// Digits and words that disagree: ambiguous, left out.
		{"45 (quarenta) dias úteis", nil},
		{"os dias úteis da semana", nil},
		{"Art. 5º dias", nil},
		{"(quinze) dias", []Term{{15, ""}}},
	}
	for _, tt := range tests {
		if got := Terms(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
