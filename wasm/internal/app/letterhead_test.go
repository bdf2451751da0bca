package app

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

// TestPDFLetterhead: the identity reaches the PDF; a brasão that cannot be
// used leaves the PDF without it (the name stays) and the result says so,
// and the PDF is still made: the identity is configuration, not the
// person's data.
func TestPDFLetterhead(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 36))); err != nil {
		t.Fatal(err)
	}
	plain := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts()})
	good := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts(), Letterhead: document.Letterhead{Name: "Prefeitura Municipal de Exemplo", Emblem: b.Bytes()}})
	if good.Error != "" || good.Notice != "" || good.PDF == nil {
		t.Fatalf("PDF with a letterhead: %+v", good)
	}
	if !bytes.Contains(good.PDF, []byte("/Subtype /Image")) || bytes.Contains(plain.PDF, []byte("/Subtype /Image")) {
		t.Error("the brasão is not drawn (or drawn without a letterhead)")
	}
	if good.Code != plain.Code {
		t.Errorf("the letterhead changed the código de conferência: %s, %s", good.Code, plain.Code)
	}
	bad := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts(), Letterhead: document.Letterhead{Name: "Prefeitura Municipal de Exemplo", Emblem: []byte("lixo")}})
	if bad.Error != "" || bad.PDF == nil || !strings.Contains(bad.Notice, "o PDF foi gerado sem ele") || !strings.Contains(bad.Notice, "PNG ou JPEG") {
		t.Fatalf("garbage brasão: %+v", bad)
	}
	if bytes.Contains(bad.PDF, []byte("/Subtype /Image")) {
		t.Error("a garbage brasão was drawn")
	}
	if len(bad.PDF) >= len(good.PDF) || len(bad.PDF) <= len(plain.PDF) {
		t.Errorf("sizes plain %d, name only %d, with brasão %d: the name should stay", len(plain.PDF), len(bad.PDF), len(good.PDF))
	}
}
