package markup

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLineIndexMatchesLineCol(t *testing.T) {
	src := []byte(strings.Repeat("Disposições ção\n\nlinha com ñ e 😀 "+strings.Repeat("á", 3000)+"\n", 7))
	x := NewLineIndex(src)
	for off := -1; off <= len(src)+2; off++ {
		l1, c1 := LineCol(src, off)
		l2, c2 := x.LineCol(off)
		if l1 != l2 || c1 != c2 {
			t.Fatalf("offset %d: index says %d:%d, LineCol %d:%d", off, l2, c2, l1, c1)
		}
	}
}

func TestCheckShape(t *testing.T) {
	lines := func(n int, s string) string { return strings.Repeat(s, n) }
	for _, c := range []struct {
		name, src, want string // want "" = accepted
	}{
		{"32 quotes", lines(32, ">") + " x\n", ""},
		{"33 quotes", lines(33, ">") + " x\n", "citações ou listas aninhadas demais"},
		{"33 lists", "texto\n" + lines(33, "- ") + "x\n", "citações ou listas aninhadas demais"},
		{"mixed", lines(20, "> 1. ") + "x\n", "citações ou listas aninhadas demais"},
		{"deep indent", lines(130, " ") + "- a\n", "indentação grande demais"},
		{"deep code", lines(200, " ") + "código\n", ""},
		{"unclosed links", lines(20000, "[a](") + "\n", "links demais"},
		{"closed links", lines(2000, "[a](b) ") + "\n", ""},
		{"lines", lines(MaxLines+1, "x\n"), "linhas demais"},
		{"items", lines(MaxMarkers/4+1, "- - - - x\n"), "itens de lista e citações demais"},
		{"ref defs", lines(MaxRefDefs+1, "[a]: /x\n"), "definições de link"},
		{"ref defs apart", lines(MaxRefDefs+1, "[a]: /x\n\n"), ""},
		{"numbers", "2024. Ano\n1) um\n", ""},
	} {
		p := CheckShape([]byte(c.src))
		switch {
		case c.want == "" && p != nil:
			t.Errorf("%s: refused: %s", c.name, p.Msg)
		case c.want != "" && p == nil:
			t.Errorf("%s: accepted; want %q", c.name, c.want)
		case c.want != "" && !strings.Contains(p.Msg, c.want):
			t.Errorf("%s: %q; want %q", c.name, p.Msg, c.want)
		}
	}
	// The portal's own pages are far from every limit.
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if prob := CheckShape(src); prob != nil {
			t.Errorf("%s refused: %s", p, prob.Msg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
