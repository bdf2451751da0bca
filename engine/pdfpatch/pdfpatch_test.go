package pdfpatch

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// dados is the attachment the portal embeds: the form data.
var dados = Attachment{
	Name:        "dados.json",
	MIME:        "application/json",
	Description: "Dados do formulário de adesão",
	Data:        []byte(`{"formulario":"oficio-adesao","versao":1,"orgao":"Ministério da Ação, Órgão e Conteúdo"}` + "\n"),
}

var portalFields = []SigField{
	{Name: "assinatura_titular", Page: 1, Rect: [4]float64{72, 90, 185.4, 175}},
	{Name: "assinatura_ponto_focal_1", Page: 3, Rect: [4]float64{300.5, 90, 413.9, 175}},
}

// TestUpdateGopdf runs Update on a document rendered by gopdf, as the
// portal's renderer does, and checks the result with qpdf and poppler.
func TestUpdateGopdf(t *testing.T) {
	dir := t.TempDir()
	in := gopdfDocument(t, 3)
	run(t, dir, "qpdf", "--check", writeTemp(t, dir, "in.pdf", in))

	out, err := Update(in, portalFields, []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, in) {
		t.Fatal("the original bytes are not a prefix of the output")
	}
	checkXrefExact(t, out)
	outPath := writeTemp(t, dir, "out.pdf", out)
	run(t, dir, "qpdf", "--check", outPath)
	checkQpdfFields(t, dir, outPath, portalFields)

	// pdfdetach lists and extracts the exact bytes.
	if got := run(t, dir, "pdfdetach", "-list", outPath); !strings.Contains(got, "1 embedded files") || !strings.Contains(got, "1: dados.json") {
		t.Errorf("pdfdetach -list:\n%s", got)
	}
	run(t, dir, "pdfdetach", "-save", "1", "-o", filepath.Join(dir, "saved.json"), outPath)
	if got := readFile(t, filepath.Join(dir, "saved.json")); !bytes.Equal(got, dados.Data) {
		t.Errorf("pdfdetach -save 1 = %q; want %q", got, dados.Data)
	}
	// The text is still there.
	if txt := run(t, dir, "pdftotext", "-enc", "UTF-8", outPath, "-"); !strings.Contains(txt, "Ofício — ação, órgão, conteúdo") {
		t.Errorf("pdftotext lost the text:\n%s", txt)
	}
	// poppler sees the two unsigned signature fields.
	sig := run(t, dir, "pdfsig", "-nocert", outPath)
	for _, f := range portalFields {
		if !strings.Contains(sig, "Signature Field Name: "+f.Name) {
			t.Errorf("pdfsig does not list field %s:\n%s", f.Name, sig)
		}
	}
	if n := strings.Count(sig, "The signature form field is not signed."); n != 2 {
		t.Errorf("pdfsig: %d unsigned fields; want 2:\n%s", n, sig)
	}

	// Our own reader agrees.
	names, err := Fields(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"assinatura_titular", "assinatura_ponto_focal_1"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Fields = %q; want %q", names, want)
	}
	data, err := ReadAttachment(out, "dados.json")
	if err != nil || !bytes.Equal(data, dados.Data) {
		t.Errorf("ReadAttachment = %q, %v; want %q", data, err, dados.Data)
	}
}

// checkQpdfFields asserts, from qpdf's JSON, that each field is a /Sig
// field on the right page with the right /T and /Rect.
func checkQpdfFields(t *testing.T, dir, path string, want []SigField) {
	t.Helper()
	var form struct {
		AcroForm struct {
			Fields []struct {
				FullName  string `json:"fullname"`
				FieldType string `json:"fieldtype"`
				Page      int    `json:"pageposfrom1"`
				Object    string `json:"object"`
			} `json:"fields"`
		} `json:"acroform"`
	}
	if err := json.Unmarshal([]byte(run(t, dir, "qpdf", "--json", "--json-key=acroform", path)), &form); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		found := false
		for _, f := range form.AcroForm.Fields {
			if f.FullName != w.Name {
				continue
			}
			found = true
			if f.FieldType != "/Sig" || f.Page != w.Page {
				t.Errorf("qpdf: field %s has type %s on page %d; want /Sig on page %d", w.Name, f.FieldType, f.Page, w.Page)
			}
			num := strings.Fields(f.Object)[0]
			var obj struct {
				Qpdf []json.RawMessage `json:"qpdf"`
			}
			if err := json.Unmarshal([]byte(run(t, dir, "qpdf", "--json", "--json-key=qpdf", "--json-object="+num, path)), &obj); err != nil {
				t.Fatal(err)
			}
			var objs map[string]struct {
				Value map[string]any `json:"value"`
			}
			if len(obj.Qpdf) != 2 || json.Unmarshal(obj.Qpdf[1], &objs) != nil {
				t.Fatalf("qpdf --json-object=%s: unexpected shape", num)
			}
			v := objs["obj:"+f.Object].Value
			rect, _ := v["/Rect"].([]any)
			if len(rect) != 4 {
				t.Fatalf("field %s: /Rect = %v", w.Name, v["/Rect"])
			}
			for i := range rect {
				if got, _ := rect[i].(float64); got != w.Rect[i] {
					t.Errorf("field %s: /Rect = %v; want %v", w.Name, rect, w.Rect)
					break
				}
			}
			if v["/T"] != "u:"+w.Name || v["/FT"] != "/Sig" || v["/Subtype"] != "/Widget" || v["/F"] != 4.0 {
				t.Errorf("field %s: %v", w.Name, v)
			}
		}
		if !found {
			t.Errorf("qpdf does not list field %s", w.Name)
		}
	}
}

// TestSignRoundTrip signs the prepared fields with pdfsig (NSS, throwaway
// certificate), one after the other, and reads the data back each time.
func TestSignRoundTrip(t *testing.T) {
	signer := newTestSigner(t)
	prepared, err := Update(gopdfDocument(t, 3), portalFields, []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	signed := signer.sign(t, prepared, "assinatura_titular")
	signed2 := signer.sign(t, signed, "assinatura_ponto_focal_1")
	for i, doc := range [][]byte{signed, signed2} {
		dir := t.TempDir()
		p := writeTemp(t, dir, "signed.pdf", doc)
		run(t, dir, "qpdf", "--check", p)
		report := run(t, dir, "pdfsig", "-nocert", p)
		if n := strings.Count(report, "Signature Validation: Signature is Valid."); n != i+1 {
			t.Errorf("after %d signatures pdfsig reports %d valid ones:\n%s", i+1, n, report)
		}
		data, err := ReadAttachment(doc, "dados.json")
		if err != nil || !bytes.Equal(data, dados.Data) {
			t.Errorf("signed %d time(s): ReadAttachment = %q, %v", i+1, data, err)
		}
		names, err := Fields(doc)
		if err != nil || len(names) != 2 {
			t.Errorf("signed %d time(s): Fields = %q, %v", i+1, names, err)
		}
	}
	// pdfsig appends an xref stream after a file whose newest section is
	// one: sign the xref-stream golden file and read it back.
	xs := signer.sign(t, readFile(t, filepath.Join("testdata", "xrefstream.golden.pdf")), "assinatura_titular")
	if !bytes.Contains(xs[len(xs)-300:], []byte("/Type /XRef")) {
		t.Error("pdfsig did not end the xref-stream file with an xref stream (test premise changed)")
	}
	if data, err := ReadAttachment(xs, "dados.json"); err != nil || !bytes.Equal(data, dados.Data) {
		t.Errorf("xref-stream file signed: ReadAttachment = %q, %v", data, err)
	}
	if names, err := Fields(xs); err != nil || len(names) != 4 {
		t.Errorf("xref-stream file signed: Fields = %q, %v", names, err)
	}
	{
		dir := t.TempDir()
		p := writeTemp(t, dir, "xs.pdf", xs)
		run(t, dir, "qpdf", "--check", p)
		if r := run(t, dir, "pdfsig", "-nocert", p); !strings.Contains(r, "Signature is Valid.") {
			t.Errorf("xref-stream file signed:\n%s", r)
		}
	}

	// The untrusted issuer is expected; the signature itself must be valid.
	dir := t.TempDir()
	report := run(t, dir, "pdfsig", writeTemp(t, dir, "s.pdf", signed))
	if !strings.Contains(report, "Signature is Valid.") {
		t.Errorf("pdfsig with certificate validation:\n%s", report)
	}
}

// TestGolden runs Update on hand-written PDFs (classic xref, nested page
// tree, existing AcroForm / name tree / annotations / incremental update,
// and versions made by qpdf: linearized, and with xref and object streams)
// and compares
// the bytes with testdata/*.golden.pdf (go test -update rewrites them).
func TestGolden(t *testing.T) {
	outro := Attachment{Name: "ação.txt", MIME: "text/plain", Data: []byte("conteúdo novo\n")}
	three := []SigField{
		{Name: "assinatura_titular", Page: 1, Rect: [4]float64{72, 90, 185.4, 175}},
		{Name: "assinatura_ponto_focal_1", Page: 2, Rect: [4]float64{72, 90, 185.4, 175}},
		{Name: "assinatura_ponto_focal_2", Page: 3, Rect: [4]float64{300, 90, 413.4, 175}},
	}
	cases := []struct {
		file       string
		fields     []SigField
		atts       []Attachment
		wantFields []string
		wantAtts   map[string]string
		wantList   int // pdfdetach -list count
	}{
		{"minimal", portalFields[:1], []Attachment{dados},
			[]string{"assinatura_titular"}, map[string]string{"dados.json": string(dados.Data)}, 1},
		{"nested", three, []Attachment{dados, outro},
			[]string{"nome", "grupo.antiga", "assinatura_titular", "assinatura_ponto_focal_1", "assinatura_ponto_focal_2"}[1:],
			map[string]string{"dados.json": string(dados.Data), "antigo.txt": "conteudo antigo\n", "ação.txt": "conteúdo novo\n"}, 3},
		{"linearized", three[:1], []Attachment{dados},
			[]string{"grupo.antiga", "assinatura_titular"},
			map[string]string{"dados.json": string(dados.Data), "antigo.txt": "conteudo antigo\n"}, 2},
		{"xrefstream", three, []Attachment{dados, outro},
			[]string{"grupo.antiga", "assinatura_titular", "assinatura_ponto_focal_1", "assinatura_ponto_focal_2"},
			map[string]string{"dados.json": string(dados.Data), "antigo.txt": "conteudo antigo\n", "ação.txt": "conteúdo novo\n"}, 3},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			in := readFile(t, filepath.Join("testdata", c.file+".pdf"))
			out, err := Update(in, c.fields, c.atts)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", c.file+".golden.pdf")
			if *updateGolden {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readFile(t, golden)
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", golden, diffTail(out, want))
			}
			if !bytes.HasPrefix(out, in) {
				t.Error("the original bytes are not a prefix of the output")
			}
			checkXrefExact(t, out)
			dir := t.TempDir()
			p := writeTemp(t, dir, "out.pdf", out)
			run(t, dir, "qpdf", "--check", p)
			checkQpdfFields(t, dir, p, c.fields)
			if got := run(t, dir, "pdfdetach", "-list", p); !strings.HasPrefix(got, strconv.Itoa(c.wantList)+" embedded files") {
				t.Errorf("pdfdetach -list:\n%s", got)
			}
			names, err := Fields(out)
			if err != nil || !reflect.DeepEqual(names, c.wantFields) {
				t.Errorf("Fields = %q, %v; want %q", names, err, c.wantFields)
			}
			for n, w := range c.wantAtts {
				got, err := ReadAttachment(out, n)
				if err != nil || string(got) != w {
					t.Errorf("ReadAttachment(%q) = %q, %v; want %q", n, got, err, w)
				}
			}
		})
	}
}

// diffTail shows where two outputs start to differ.
func diffTail(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	g, w := got[i:], want[i:]
	return "at byte " + strconv.Itoa(i) + "\n got: " + quoteCut(g) + "\nwant: " + quoteCut(w)
}

func quoteCut(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return strings.ReplaceAll(string(b), "\n", "⏎")
}

func TestDeterministic(t *testing.T) {
	in := gopdfDocument(t, 3)
	a, err := Update(in, portalFields, []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Update(append([]byte(nil), in...), append([]SigField(nil), portalFields...), []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("Update is not deterministic")
	}
}

// TestUpdateAgain updates an updated file: the attachment is replaced (the
// old one is no longer listed), new fields are appended, a repeated field
// name is refused.
func TestUpdateAgain(t *testing.T) {
	in := gopdfDocument(t, 3)
	once, err := Update(in, portalFields[:1], []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	v2 := dados
	v2.Data = []byte(`{"versao":2}`)
	twice, err := Update(once, portalFields[1:], []Attachment{v2})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "twice.pdf", twice)
	run(t, dir, "qpdf", "--check", p)
	if got := run(t, dir, "pdfdetach", "-list", p); !strings.HasPrefix(got, "1 embedded files") {
		t.Errorf("pdfdetach -list:\n%s", got)
	}
	if got, err := ReadAttachment(twice, "dados.json"); err != nil || string(got) != `{"versao":2}` {
		t.Errorf("ReadAttachment = %q, %v", got, err)
	}
	if names, _ := Fields(twice); !reflect.DeepEqual(names, []string{"assinatura_titular", "assinatura_ponto_focal_1"}) {
		t.Errorf("Fields = %q", names)
	}
	if _, err := Update(twice, portalFields[:1], nil); err == nil || !strings.Contains(err.Error(), `já tem um campo chamado "assinatura_titular"`) {
		t.Errorf("repeated field: err = %v", err)
	}
	// Nothing to add: the bytes come back unchanged.
	same, err := Update(twice, nil, nil)
	if err != nil || !bytes.Equal(same, twice) {
		t.Errorf("Update(nil, nil) changed the file or failed: %v", err)
	}
}

func TestReadAttachmentNotFound(t *testing.T) {
	in := gopdfDocument(t, 1)
	if _, err := ReadAttachment(in, "dados.json"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v; want ErrNotFound", err)
	}
	out, err := Update(in, nil, []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAttachment(out, "outro.json"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v; want ErrNotFound", err)
	}
	if names, err := Fields(in); err != nil || len(names) != 0 {
		t.Errorf("Fields = %q, %v; want none", names, err)
	}
}

// TestReadDamaged: the reader falls back to scanning when the xref offsets
// are wrong (bytes inserted before the objects) or the xref is cut off.
func TestReadDamaged(t *testing.T) {
	out, err := Update(gopdfDocument(t, 2), portalFields[:1], []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(out, []byte("\n1 0 obj"))
	shifted := append(append(append([]byte(nil), out[:i]...), "\n% junk inserted by a careless tool\n"...), out[i:]...)
	cut := out[:bytes.LastIndex(out, []byte("xref"))]
	for name, doc := range map[string][]byte{"shifted": shifted, "cut": cut} {
		got, err := ReadAttachment(doc, "dados.json")
		if err != nil || !bytes.Equal(got, dados.Data) {
			t.Errorf("%s: ReadAttachment = %q, %v", name, got, err)
		}
		if names, err := Fields(doc); err != nil || len(names) != 1 {
			t.Errorf("%s: Fields = %q, %v", name, names, err)
		}
		// Update needs exact offsets and refuses.
		if _, err := Update(doc, portalFields[1:], nil); err == nil && name == "cut" {
			t.Errorf("%s: Update succeeded on a file without xref", name)
		}
	}
}

func TestValidation(t *testing.T) {
	in := readFile(t, filepath.Join("testdata", "nested.pdf"))
	r := [4]float64{0, 0, 100, 50}
	cases := []struct {
		fields []SigField
		atts   []Attachment
		want   string
	}{
		{[]SigField{{Name: "", Page: 1, Rect: r}}, nil, "não tem nome"},
		{[]SigField{{Name: "a.b", Page: 1, Rect: r}}, nil, "ponto"},
		{[]SigField{{Name: "assinatura_órgão", Page: 1, Rect: r}}, nil, "ASCII imprimível"},
		{[]SigField{{Name: "x", Page: 1, Rect: r}, {Name: "x", Page: 2, Rect: r}}, nil, `"x" repetido`},
		{[]SigField{{Name: "x", Page: 0, Rect: r}}, nil, "página 0 inválida"},
		{[]SigField{{Name: "x", Page: 4, Rect: r}}, nil, "página 4 não existe (o PDF tem 3)"},
		{[]SigField{{Name: "x", Page: 1, Rect: [4]float64{0, 0, 1e300, 1}}}, nil, "retângulo"},
		{[]SigField{{Name: "nome", Page: 1, Rect: r}}, nil, `já tem um campo chamado "nome"`},
		{nil, []Attachment{{Name: ""}}, "não tem nome"},
		{nil, []Attachment{{Name: "a"}, {Name: "a"}}, `"a" repetido`},
		{nil, []Attachment{{Name: "a", MIME: "json"}}, "MIME"},
		{nil, []Attachment{{Name: "a", MIME: "application/ json"}}, "MIME"},
		{nil, []Attachment{{Name: "a\xff"}}, "UTF-8"},
	}
	for _, c := range cases {
		_, err := Update(in, c.fields, c.atts)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "pdfpatch: ") {
			t.Errorf("Update(%v, %v): err = %v; want it to contain %q", c.fields, c.atts, err, c.want)
		}
	}
}

// TestUpdateAfterSignature adds a field to a signed document: the first
// signature stays valid (it covers its byte range, now "not total") and
// the new field can be signed in turn.
func TestUpdateAfterSignature(t *testing.T) {
	signer := newTestSigner(t)
	out, err := Update(gopdfDocument(t, 2), portalFields[:1], []Attachment{dados})
	if err != nil {
		t.Fatal(err)
	}
	signed := signer.sign(t, out, "assinatura_titular")
	extra := SigField{Name: "assinatura_extra", Page: 2, Rect: [4]float64{72, 72, 200, 150}}
	more, err := Update(signed, []SigField{extra}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(more, signed) {
		t.Fatal("the signed bytes are not a prefix of the output")
	}
	both := signer.sign(t, more, "assinatura_extra")
	dir := t.TempDir()
	p := writeTemp(t, dir, "both.pdf", both)
	run(t, dir, "qpdf", "--check", p)
	report := run(t, dir, "pdfsig", "-nocert", p)
	if n := strings.Count(report, "Signature Validation: Signature is Valid."); n != 2 {
		t.Errorf("pdfsig reports %d valid signatures; want 2:\n%s", n, report)
	}
	if !strings.Contains(report, "Not total document signed") {
		t.Errorf("the first signature should no longer cover the whole file:\n%s", report)
	}
	if data, err := ReadAttachment(both, "dados.json"); err != nil || !bytes.Equal(data, dados.Data) {
		t.Errorf("ReadAttachment = %q, %v", data, err)
	}
}
