package generator

import (
	"reflect"
	"testing"

	"github.com/seiportal/seiportal/generator/norm"
)

// TestNormTOC checks the norm page's table of contents: every chapter,
// section and subsection in order, with the articles it holds, and the
// article count for "ir para o art.".
func TestNormTOC(t *testing.T) {
	src := `LEI Nº 1, DE 2 DE JANEIRO DE 2024

Art. 1º Esta lei vale.

CAPÍTULO I
DAS UNIDADES

Seção I
Da criação

Art. 2º Cria-se.

Art. 3º Cria-se também.

Seção II
Da extinção

Subseção I
Do prazo

Art. 4º Extingue-se.

CAPÍTULO II
DISPOSIÇÕES FINAIS

Art. 5º Esta lei entra em vigor na data de sua publicação.
`
	doc, errs := norm.Parse("lei.md", 1, []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	toc, arts := normTOC(doc)
	want := []normHeading{
		{ID: "cap1", Label: "CAPÍTULO I", Title: "DAS UNIDADES", Level: 2, Arts: "arts. 2º a 4º"},
		{ID: "cap1_sec1", Label: "Seção I", Title: "Da criação", Level: 3, Arts: "arts. 2º a 3º"},
		{ID: "cap1_sec2", Label: "Seção II", Title: "Da extinção", Level: 3, Arts: "art. 4º"},
		{ID: "cap1_sec2_sub1", Label: "Subseção I", Title: "Do prazo", Level: 4, Arts: "art. 4º"},
		{ID: "cap2", Label: "CAPÍTULO II", Title: "DISPOSIÇÕES FINAIS", Level: 2, Arts: "art. 5º"},
	}
	if !reflect.DeepEqual(toc, want) {
		t.Errorf("toc:\n got %+v\nwant %+v", toc, want)
	}
	if arts != 5 {
		t.Errorf("arts = %d, want 5", arts)
	}
	if toc, arts := normTOC(nil); toc != nil || arts != 0 {
		t.Errorf("nil doc: %v %d", toc, arts)
	}
}
