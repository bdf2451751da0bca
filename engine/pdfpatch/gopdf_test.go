package pdfpatch

import (
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/signintech/gopdf"
)

// TestUpdateKeepsInfoAndLinks: gopdf writes /Info as a direct dictionary in
// the trailer and links as page /Annots; both survive the update.
func TestUpdateKeepsInfoAndLinks(t *testing.T) {
	var pdf gopdf.GoPdf
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := pdf.AddTTFFontData("go", ttf.Fonts().Regular); err != nil {
		t.Fatal(err)
	}
	if err := pdf.SetFont("go", "", 12); err != nil {
		t.Fatal(err)
	}
	pdf.SetInfo(gopdf.PdfInfo{Title: "Ofício nº 1", Author: "Órgão", CreationDate: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	pdf.AddPage()
	pdf.AddExternalLink("https://www.gov.br/", 72, 72, 100, 20)
	if err := pdf.Cell(nil, "Ofício"); err != nil {
		t.Fatal(err)
	}
	in, err := pdf.GetBytesPdfReturnErr()
	if err != nil {
		t.Fatal(err)
	}
	out, err := Update(in, portalFields[:1], []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "out.pdf", out)
	run(t, dir, "qpdf", "--check", p)
	info := run(t, dir, "pdfinfo", p)
	for _, want := range []string{"Title:           Ofício nº 1", "Author:          Órgão"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lost %q:\n%s", want, info)
		}
	}
	d, err := open(out)
	if err != nil {
		t.Fatal(err)
	}
	_, cat, err := d.catalog()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := d.pages(cat)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := d.resolveDict(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	annots, err := d.resolveArray(pg.get("Annots"))
	if err != nil || len(annots) != 2 {
		t.Fatalf("page /Annots = %v, %v; want the link and the widget", annots, err)
	}
	link, err := d.resolveDict(annots[0])
	if err != nil || link.get("Subtype") != name("Link") {
		t.Errorf("first annotation is not the link: %v", err)
	}
}
