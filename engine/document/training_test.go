package document

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

// codeRE matches a real código de conferência as pdftotext prints it.
var codeRE = regexp.MustCompile(`SP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// TestTraining: every page of a training PDF (with and without data) reads
// "EXEMPLO — SEM VALOR" in pdftotext, no page prints a real code nor the
// code the same data gives outside training, the footer says it is a
// training document, the file passes qpdf --check, and Open refuses it as
// a *TrainingError carrying the data.
func TestTraining(t *testing.T) {
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		def := loadDef(t, id)
		vals := loadValues(t, def)
		real := Code(def, vals)
		for _, noData := range []bool{false, true} {
			opts := Options{Fonts: ttf.Fonts(), Training: true, NoData: noData}
			pdf, err := Render(def, vals, opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			name := FileName(def, vals, opts, 0)
			if !strings.Contains(name, "-treino") {
				t.Errorf("FileName = %q; want it to say treino", name)
			}
			p := writeTemp(t, dir, name, pdf)
			qpdfCheck(t, p)
			all := run(t, dir, "pdftotext", p, "-")
			pages := strings.Count(all, "\f")
			if pages < 1 {
				t.Fatalf("%s: no pages", name)
			}
			for i := 1; i <= pages; i++ {
				text := run(t, dir, "pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), p, "-")
				flat := strings.Join(strings.Fields(text), " ")
				// the diagonal text comes out one letter a line; in
				// content order (-raw), with the spaces taken out, it
				// must read whole
				raw := run(t, dir, "pdftotext", "-raw", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), p, "-")
				if want := strings.ReplaceAll(Watermark, " ", ""); !strings.Contains(strings.Join(strings.Fields(raw), ""), want) {
					t.Errorf("%s page %d/%d lacks the watermark %q:\n%s", name, i, pages, Watermark, raw)
				}
				if !strings.Contains(flat, "Documento de treinamento") || !strings.Contains(flat, TrainingCode) {
					t.Errorf("%s page %d: the footer does not say it is a training document:\n%s", name, i, flat)
				}
			}
			if m := codeRE.FindString(all); m != "" {
				t.Errorf("%s prints a código de conferência %s", name, m)
			}
			if strings.Contains(all, real) {
				t.Errorf("%s prints the real code %s", name, real)
			}
			_, _, _, _, err = Open(pdf)
			var te *TrainingError
			if !errors.As(err, &te) || te.Form != id || te.Version != def.Version {
				t.Fatalf("%s: Open = %v; want a *TrainingError", name, err)
			}
			if noData != (te.Data == nil) {
				t.Errorf("%s: TrainingError.Data = %q", name, te.Data)
			}
			if !strings.HasPrefix(err.Error(), "documento de treinamento — sem valor") {
				t.Errorf("Open error = %q", err)
			}
			if *keep != "" {
				writeTemp(t, *keep, name, pdf)
			}
		}
		// outside training: no watermark
		pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		text := run(t, dir, "pdftotext", writeTemp(t, dir, "real.pdf", pdf), "-")
		if strings.Contains(text, "SEM VALOR") || strings.Contains(text, "treinamento") || !strings.Contains(text, real) {
			t.Errorf("%s: the real document reads like a training one", id)
		}
	}
}

// TestPageDiagonal checks the constants the watermark uses in place of
// math.Hypot and math.Atan2 (kept out of the browser app for its size).
func TestPageDiagonal(t *testing.T) {
	if d := math.Hypot(pageW, pageH); math.Abs(d-pageDiag) > 1e-9 {
		t.Errorf("pageDiag = %v; want %v", pageDiag, d)
	}
	if a := math.Atan2(pageH, pageW) * 180 / math.Pi; math.Abs(a-pageDiagAngle) > 1e-9 {
		t.Errorf("pageDiagAngle = %v; want %v", pageDiagAngle, a)
	}
}
