package pdfpatch

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fuzzSeeds are the hand-written files, their golden outputs, a gopdf
// document, a signed-like update and a few damaged variants.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	doc := gopdfDocument(f, 1)
	seeds = append(seeds, doc)
	if out, err := Update(doc, portalFields[:1], []Attachment{dados}); err == nil {
		seeds = append(seeds, out, out[:len(out)/2], out[:len(out)-20])
	}
	seeds = append(seeds, nil, []byte("%PDF-1.7\n"), []byte("%PDF-1.7\nstartxref\n0\n%%EOF"))
	return seeds
}

func FuzzAttachment(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, "dados.json")
	}
	f.Add([]byte("%PDF-1.7\n1 0 obj<</Type/Catalog/Names<</EmbeddedFiles<</Names[(a)<</EF<</F 2 0 R>>>>]>>>>>>endobj 2 0 obj<</Length 3 0 R/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 2>>>>stream\nxx\nendstream endobj\ntrailer<</Root 1 0 R>>"), "a")
	f.Fuzz(func(t *testing.T, pdf []byte, name string) {
		data, err := ReadAttachment(pdf, name)
		if err != nil && data != nil {
			t.Fatalf("data and error together: %v", err)
		}
		Fields(pdf)
	})
}

func FuzzUpdate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	fields := []SigField{{Name: "assinatura_titular", Page: 1, Rect: [4]float64{72, 90, 185.4, 175}}}
	f.Fuzz(func(t *testing.T, pdf []byte) {
		out, err := Update(pdf, fields, []Attachment{dados})
		if err != nil {
			if out != nil {
				t.Fatal("output and error together")
			}
			return
		}
		// Whatever Update accepts, it must be able to read back.
		if !bytes.HasPrefix(out, pdf) {
			t.Fatal("the input is not a prefix of the output")
		}
		checkXrefExact(t, out)
		data, err := ReadAttachment(out, "dados.json")
		if err != nil || !bytes.Equal(data, dados.Data) {
			t.Fatalf("ReadAttachment after Update = %q, %v", data, err)
		}
		names, err := Fields(out)
		if err != nil || !slices.Contains(names, "assinatura_titular") {
			t.Fatalf("Fields after Update = %q, %v", names, err)
		}
	})
}

func BenchmarkUpdate(b *testing.B) {
	doc := gopdfDocument(b, 2)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Update(doc, portalFields[:1], []Attachment{dados}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadAttachment(b *testing.B) {
	doc, err := Update(gopdfDocument(b, 2), portalFields[:1], []Attachment{dados})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadAttachment(doc, "dados.json"); err != nil {
			b.Fatal(err)
		}
	}
}
