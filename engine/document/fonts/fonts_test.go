package fonts

import "testing"

func TestCoverage(t *testing.T) {
	c, err := NewCoverage()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Conceição", "João Ávila Müller", "Ñandú Øystein Łukasz Śląsk", "Œuvre – “aspas” … º ª §"} {
		if r, bad := c.Missing(s); bad {
			t.Errorf("%q: %q missing", s, r)
		}
	}
	for _, c2 := range []struct {
		s    string
		want rune
	}{
		{"Nguyễn", 'ễ'},
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
