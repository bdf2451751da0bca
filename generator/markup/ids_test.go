package markup

import (
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// Identical headings get numbered ids, each unique, and explicit ids are
// never reused.
func TestHeadingIDsManyIdentical(t *testing.T) {
	const n = 5000
	var src strings.Builder
	src.WriteString("## Prazo {#prazo-3}\n\n")
	for i := 0; i < n; i++ {
		src.WriteString("## Prazo\n\n")
	}
	doc := New().Parse([]byte(src.String()))
	if len(doc.Headings) != n+1 {
		t.Fatalf("%d headings; want %d", len(doc.Headings), n+1)
	}
	seen := map[string]bool{}
	for _, h := range doc.Headings {
		if seen[h.ID] {
			t.Fatalf("id %q used twice", h.ID)
		}
		seen[h.ID] = true
	}
	want := []string{"prazo-3", "prazo", "prazo-1", "prazo-2", "prazo-4", "prazo-5"}
	for i, w := range want {
		if doc.Headings[i].ID != w {
			t.Errorf("heading %d: id %q; want %q", i, doc.Headings[i].ID, w)
		}
	}
	if last := doc.Headings[n].ID; last != "prazo-"+strconv.Itoa(n) {
		t.Errorf("last id %q; want prazo-%d", last, n)
	}
}

// One more heading after thousands of identical ones costs a few steps, not
// one per earlier heading (40,000 identical headings took 267 s when every
// id tried every suffix from 1).
func TestHeadingIDsLinear(t *testing.T) {
	s := newIDs()
	for i := 0; i < 10000; i++ {
		s.Generate([]byte("Prazo"), ast.KindHeading)
	}
	allocs := testing.AllocsPerRun(100, func() { s.Generate([]byte("Prazo"), ast.KindHeading) })
	if allocs > 20 {
		t.Errorf("%.0f allocations for one more identical heading; want a few (the search for a free suffix restarts from 1)", allocs)
	}
}
