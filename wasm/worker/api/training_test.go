package api

import (
	"bytes"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form"
)

// TestConferirTraining: the API never checks a training PDF (made with
// document.Options.Training): 422 with the training message, whatever code
// is typed.
func TestConferirTraining(t *testing.T) {
	h, defs := newHandler(t)
	def := defs["designacao-ponto-focal"]
	vals, _ := form.Decode(def, sample(t))
	pdf, err := document.Render(def, vals, document.Options{Fonts: ttf.Fonts(), Training: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"", document.Code(def, vals), "TREINO"} {
		r := do(h, "POST", "/api/v1/conferir?codigo="+typed, bytes.NewReader(pdf))
		if r.Code != 422 || !strings.Contains(r.Body.String(), "Documento de treinamento — sem valor") {
			t.Errorf("conferir(training, %q): %d %s", typed, r.Code, r.Body)
		}
	}
}
