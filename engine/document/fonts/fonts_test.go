package fonts_test

import (
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

func TestCoverage(t *testing.T) {
	c := fonts.NewCoverage()
	for _, s := range []string{"Conceição", "João Ávila Müller", "Ñandú Øystein Łukasz Śląsk", "Œuvre – — ‘x’ “aspas” • … º ª § -"} {
		if r, bad := c.Missing(s); bad {
			t.Errorf("%q: %q missing", s, r)
		}
	}
	for _, c2 := range []struct {
		s    string
		want rune
	}{
		{"Ana 😀", '😀'},
		{"李", '李'},
		{"a\uFFFDb", '\uFFFD'},
	} {
		if r, bad := c.Missing(c2.s); !bad || r != c2.want {
			t.Errorf("%q: Missing = %q, %v; want %q", c2.s, r, bad, c2.want)
		}
	}
	if _, bad := c.Missing("a\tb\u00a0c\u200dd\u00ade"); bad {
		t.Error("spaces and invisible characters reported as missing")
	}
}

// TestCoverageFromFonts: Has answers, for every code point, what the
// fonts' own character maps answer (the table cannot say more or less).
func TestCoverageFromFonts(t *testing.T) {
	ranges, err := fonts.Covered(ttf.Fonts())
	if err != nil {
		t.Fatal(err)
	}
	c := fonts.NewCoverage()
	next := rune(0)
	for _, rg := range ranges {
		for r := next; r < rg.Lo; r++ {
			if c.Has(r) {
				t.Fatalf("Has(%U) = true; the fonts lack it", r)
			}
		}
		for r := rg.Lo; r <= rg.Hi; r++ {
			if !c.Has(r) {
				t.Fatalf("Has(%U) = false; the fonts have it", r)
			}
		}
		next = rg.Hi + 1
	}
	if c.Has(next) || c.Has(0x10FFFF) {
		t.Errorf("Has is true past the last range (%U)", next)
	}
}

func TestSetCheck(t *testing.T) {
	if err := ttf.Fonts().Check(); err != nil {
		t.Fatal(err)
	}
	f := ttf.Fonts()
	if err := (fonts.Set{Regular: f.Regular, Bold: f.Regular}).Check(); err == nil {
		t.Error("Check accepted the regular font as the bold one")
	}
	if err := (fonts.Set{}).Check(); err == nil {
		t.Error("Check accepted no fonts")
	}
	if err := (fonts.Set{Regular: f.Regular[:len(f.Regular)-1], Bold: f.Bold}).Check(); err == nil {
		t.Error("Check accepted a truncated font")
	}
}
