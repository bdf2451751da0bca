package pdfpatch_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// Adding two empty signature fields to a page and the form data as an
// attachment: the update is appended, so the original bytes stay a prefix
// (a signature made before would still verify), and Fields and
// ReadAttachment read the new version back.
func ExampleUpdate() {
	pdf, err := os.ReadFile("testdata/minimal.pdf")
	if err != nil {
		panic(err)
	}
	out, err := pdfpatch.Update(pdf,
		[]pdfpatch.SigField{
			{Name: "assinatura_titular", Page: 1, Rect: [4]float64{72, 100, 272, 150}},
			{Name: "assinatura_chefia", Page: 1, Rect: [4]float64{320, 100, 520, 150}},
		},
		[]pdfpatch.Attachment{
			{Name: "dados.json", MIME: "application/json", Description: "Dados do formulário", Data: []byte(`{"nome":"Ana"}`)},
		})
	if err != nil {
		panic(err)
	}
	fmt.Println(bytes.HasPrefix(out, pdf))

	names, err := pdfpatch.Fields(out)
	if err != nil {
		panic(err)
	}
	fmt.Println(names)

	data, err := pdfpatch.ReadAttachment(out, "dados.json")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(data))

	// A name with a '.' would make a hierarchical field: refused.
	_, err = pdfpatch.Update(pdf, []pdfpatch.SigField{{Name: "a.b", Page: 1, Rect: [4]float64{0, 0, 10, 10}}}, nil)
	fmt.Println(err)
	// Output:
	// true
	// [assinatura_titular assinatura_chefia]
	// {"nome":"Ana"}
	// pdfpatch: nome de campo "a.b": o ponto ('.') não é permitido
}
