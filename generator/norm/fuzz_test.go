package norm

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/errors/*.txt")
	seeds = append(seeds, "testdata/sintetica.txt", "../../content/normas/in-15-2024.md", "../../content/normas/portaria-41-2022.md")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Art. 1º-Z x\n§ 1o-A y\nI-A – z\na) w\n1) v\nParágrafo único x"))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, errs := Parse("f.md", 3, body)
		if d == nil {
			t.Fatal("nil Doc")
		}
		for _, e := range errs {
			if e.Line < 3 || e.Col < 1 {
				t.Fatalf("bad position %d:%d in %v", e.Line, e.Col, e)
			}
		}
		m := Meta{Short: "IN", Number: "1", Year: 2024}
		for _, p := range d.Provisions() {
			if q, ok := d.Lookup(p.ID); ok && q.ID != p.ID {
				t.Fatalf("Lookup(%q) returned %q", p.ID, q.ID)
			}
			_ = p.Citation(m)
			_ = p.CheckCitation(p.Revoked, m)
			if p.Revoked && p.CheckCitation(false, m) == nil {
				t.Fatalf("%s is revoked but citable", p.ID)
			}
			_ = p.FullText()
			if p.Kind == KindArticle {
				_, _ = d.Definitions(p.ID)
			}
		}
		_ = View(d, m, "/n/", []Note{{Provision: "art1", Text: "<b>"}})
	})
}

func BenchmarkParse(b *testing.B) {
	s := readNorm(b, "../../content/normas/in-15-2024.md")
	b.SetBytes(int64(len(s.body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := Parse(s.file, s.firstLine, s.body); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
