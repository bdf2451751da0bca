package app

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// alterData appends an incremental update that replaces the embedded
// dados.json of pdf with edit(data), as someone editing the file would:
// the pages (and the code they print) stay as they were.
func alterData(t testing.TB, pdf []byte, edit func(string) string) []byte {
	t.Helper()
	data, err := pdfpatch.ReadAttachment(pdf, "dados.json")
	if err != nil {
		t.Fatal(err)
	}
	obj := regexp.MustCompile(`(\d+) 0 obj\s*<</Type /EmbeddedFile`).FindSubmatch(pdf)
	trailer := regexp.MustCompile(`(?s)trailer\s*<<.*?/Size (\d+).*?/Root (\d+ \d+ R)`).FindAllSubmatch(pdf, -1)
	sx := regexp.MustCompile(`startxref\s+(\d+)`).FindAllSubmatch(pdf, -1)
	if obj == nil || trailer == nil || sx == nil {
		t.Fatal("not a PDF of the portal")
	}
	last := trailer[len(trailer)-1]
	body := []byte(edit(string(data)))
	var b bytes.Buffer
	b.Write(pdf)
	b.WriteString("\n")
	off := b.Len()
	fmt.Fprintf(&b, "%s 0 obj\n<</Type /EmbeddedFile/Subtype /application#2Fjson/Length %d>>\nstream\n", obj[1], len(body))
	b.Write(body)
	b.WriteString("\nendstream\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 1\n0000000000 65535 f \n%s 1\n%010d 00000 n \ntrailer\n<</Size %s/Root %s/Prev %s>>\nstartxref\n%d\n%%%%EOF\n",
		obj[1], off, last[1], last[2], sx[len(sx)-1][1], xref)
	return b.Bytes()
}

func TestPrintedCodes(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	r := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts()})
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	if got := PrintedCodes(r.PDF); len(got) != 1 || got[0] != r.Code {
		t.Fatalf("PrintedCodes = %v; want [%s]", got, r.Code)
	}
	o := Open(r.PDF, "")
	if o.PrintedMatches == nil || !*o.PrintedMatches {
		t.Errorf("genuine PDF: printed %v, matches %v; want a match with %s", o.Printed, o.PrintedMatches, o.Code)
	}
	altered := alterData(t, r.PDF, func(s string) string { return strings.Replace(s, "Márcia", "Marcos", 1) })
	o = Open(altered, "")
	if o.Error != "" || !strings.Contains(o.Data, "Marcos") {
		t.Fatalf("altered PDF: %+v", o)
	}
	if o.PrintedMatches == nil || *o.PrintedMatches || o.Code == r.Code || len(o.Printed) != 1 || o.Printed[0] != r.Code {
		t.Errorf("altered PDF: code %s, printed %v, matches %v; want the printed %s reported as different", o.Code, o.Printed, o.PrintedMatches, r.Code)
	}
	// Typing the printed code of an altered PDF does not make it fine.
	if o2 := Open(altered, r.Code); o2.Matches == nil || *o2.Matches {
		t.Errorf("typed printed code on an altered PDF matched: %+v", o2)
	}
	// Nothing readable: no codes, no verdict.
	if got := PrintedCodes([]byte("%PDF-1.7\nbegincmap beginbfrange <0000> <FFFF> <0041> endbfrange endcmap [<00410042>] TJ")); len(got) != 0 {
		t.Errorf("PrintedCodes of a PDF without footer = %v", got)
	}
}

func FuzzPrintedCodes(f *testing.F) {
	f.Add([]byte("begincmap beginbfrange <0000> <0010> [<0041> <0042>] endbfrange beginbfchar <0001> <00D3> endbfchar endcmap <0001> Tj"))
	f.Fuzz(func(t *testing.T, pdf []byte) { _ = PrintedCodes(pdf) })
}
