package app

import (
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

// TestTrainingPDF: a PDF of the training mode prints no código de
// conferência, is named as training, and open() reports it as a training
// document, with an error (never as data that checks), whatever code is
// typed, with or without the data embedded.
func TestTrainingPDF(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	real := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts()})
	if real.Error != "" || real.Training {
		t.Fatalf("PDF: %+v", real)
	}
	if o := Open(real.PDF, ""); o.Error != "" || o.Training {
		t.Fatalf("Open(real) = %+v", o)
	}
	for _, noData := range []bool{false, true} {
		r := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts(), Training: true, NoData: noData})
		if r.Error != "" || r.PDF == nil {
			t.Fatalf("PDF: %+v", r)
		}
		if r.Code != document.TrainingCode || !r.Training {
			t.Errorf("code %q, training %v; want %q, true", r.Code, r.Training, document.TrainingCode)
		}
		if strings.Contains(string(r.PDF), real.Code) {
			t.Errorf("the training PDF carries the real code %s", real.Code)
		}
		if !strings.Contains(r.Filename, "-treino") {
			t.Errorf("file name %q", r.Filename)
		}
		for _, typed := range []string{"", real.Code, "TREINO"} {
			o := Open(r.PDF, typed)
			if !o.Training || o.Error == "" || o.Matches != nil || o.Code != "" || o.Data != "" || o.Form != "designacao-ponto-focal" {
				t.Fatalf("Open(training, %q) = %+v", typed, o)
			}
			if !strings.HasPrefix(o.Error, "Documento de treinamento — sem valor") {
				t.Errorf("message %q", o.Error)
			}
		}
	}
}
