package pdfpatch

import (
	"bytes"
	"compress/zlib"
	"errors"
	"strings"
	"testing"
)

// TestParseValue parses one object and writes it back: the output shows
// what was understood (escapes decoded, references recognised).
func TestParseValue(t *testing.T) {
	cases := []struct{ in, want string }{
		{"null", "null"},
		{"true false", "true"},
		{"  % comment\n 42", "42"},
		{"-17", "-17"},
		{"+5", "5"},
		{"3.25", "3.25"},
		{"-.5", "-0.5"},
		{"595.00", "595"},
		{"12 0 R", "12 0 R"},
		{"12 0 obj", "12"},
		{"12 -1 R", "12"},
		{"/Name", "/Name"},
		{"/A#20B#2fC", "/A#20B#2FC"},
		{"/application#2Fjson", "/application#2Fjson"},
		{"(a\\(b\\)c)", "(a\\(b\\)c)"},
		{"(nested (parens) ok)", "(nested \\(parens\\) ok)"},
		{"(\\101\\102\\60x)", "(AB0x)"},
		{"(line\\\ncontinued)", "(linecontinued)"},
		{"(cr\r\nlf)", "(cr\\012lf)"},
		{"<48 65 6C6C 6F>", "(Hello)"},
		{"<414>", "(A@)"},
		{"<FEFF00E7>", "<FEFF00E7>"},
		{"[1 2 0 R /N (s) [true] <<>>]", "[1 2 0 R /N (s) [true] <<>>]"},
		{"<< /Type /Annot /Rect [0 0 10.5 20] /P 3 0 R /Sub << /X null >> >>", "<</Type /Annot/Rect [0 0 10.5 20]/P 3 0 R/Sub <</X null>>>>"},
	}
	for _, c := range cases {
		p := &parser{b: []byte(c.in)}
		v, err := p.value(0)
		if err != nil {
			t.Errorf("parse %q: %v", c.in, err)
			continue
		}
		var buf bytes.Buffer
		writeValue(&buf, v)
		if buf.String() != c.want {
			t.Errorf("parse %q = %s; want %s", c.in, buf.String(), c.want)
		}
	}
}

func TestParseValueErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "fim inesperado"},
		{"<< /A 1", "sem '>>'"},
		{"<< /A 1 > >>", "'>' isolado"},
		{"<< 1 2 >>", "não é um nome"},
		{"[1 2", "sem ']'"},
		{"(abc", "sem ')'"},
		{"(abc\\", "sem ')'"},
		{"<4G>", "hexadecimal"},
		{"<414", "sem '>'"},
		{"-", "número inválido"},
		{"+.", "número inválido"},
		{"endobj", "símbolo inesperado"},
		{"1e400", "símbolo inesperado"}, // "1" then "e400": the number is 1
		{strings.Repeat("[", 200) + strings.Repeat("]", 200), "aninhada demais"},
		{strings.Repeat("<</A ", 100), "aninhada demais"},
	}
	for _, c := range cases {
		p := &parser{b: []byte(c.in)}
		v, err := p.value(0)
		if c.in == "1e400" { // a valid number followed by junk: value reads the number
			if v != int64(1) || err != nil {
				t.Errorf("parse %q = %v, %v", c.in, v, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parse %q: err = %v; want %q", c.in, err, c.want)
		}
	}
}

func TestTextStrings(t *testing.T) {
	for _, s := range []string{"dados.json", "ação.txt", "Ofício — órgão", ""} {
		if got := decodeText(encodeText(s)); got != s {
			t.Errorf("decodeText(encodeText(%q)) = %q", s, got)
		}
	}
	if got := decodeText([]byte("Of\xedcio \x84 x")); got != "Ofício — x" {
		t.Errorf("PDFDocEncoding: %q", got)
	}
	if got := decodeText([]byte("\xef\xbb\xbfação")); got != "ação" {
		t.Errorf("UTF-8 text string: %q", got)
	}
	if got := decodeText([]byte{0xff, 0xfe, 'a', 0}); got != "a" {
		t.Errorf("UTF-16LE text string: %q", got)
	}
}

// TestUnpredict checks the PNG predictors of xref streams (Up, Sub,
// Average, Paeth) against rows computed by hand.
func TestUnpredict(t *testing.T) {
	p := newDict(name("Predictor"), int64(12), name("Columns"), int64(3))
	in := []byte{
		2, 1, 2, 3, // Up over a zero row
		2, 1, 1, 1, // Up: 2 3 4
		1, 5, 1, 1, // Sub: 5 6 7
		3, 2, 2, 2, // Average with bpp 1: 2+(0+5)/2=4, 2+(4+6)/2=7, 2+(7+7)/2=9
		4, 1, 1, 1, // Paeth: 1+paeth(0,2,0)=3? see below
	}
	got, err := unpredict(in, p)
	if err != nil {
		t.Fatal(err)
	}
	// Paeth row over [4 7 9]: a=0,b=4,c=0 → b=4 → 5; a=5,b=7,c=4 → p=8, pa=3 pb=1 pc=4 → b=7 → 8; a=8,b=9,c=7 → p=10, pa=2 pb=1 pc=3 → 9 → 10.
	want := []byte{1, 2, 3, 2, 3, 4, 5, 6, 7, 4, 7, 9, 5, 8, 10}
	if !bytes.Equal(got, want) {
		t.Errorf("unpredict = %v; want %v", got, want)
	}
	if _, err := unpredict([]byte{9, 0, 0, 0}, p); err == nil {
		t.Error("bad PNG filter type accepted")
	}
	if _, err := unpredict(nil, newDict(name("Predictor"), int64(2))); err == nil {
		t.Error("TIFF predictor accepted")
	}
}

// TestMalformed: broken files give errors (never panics) from the three
// entry points.
func TestMalformed(t *testing.T) {
	pdf := func(body, trailer string) string {
		// A one-object file whose xref is correct for object 1 at byte 9.
		s := "%PDF-1.7\n" + body
		trailer = strings.ReplaceAll(trailer, "XREF", itoa(len(s)))
		return s + "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n" + trailer +
			"\nstartxref\n" + itoa(len(s)) + "\n%%EOF\n"
	}
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", "não é um PDF"},
		{"text", "hello world", "não é um PDF"},
		{"no startxref", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "startxref"},
		{"startxref past end", "%PDF-1.7\nstartxref\n99999\n%%EOF", "startxref"},
		{"startxref at garbage", "%PDF-1.7\ngarbage\nstartxref\n9\n%%EOF", "objeto indireto esperado"},
		{"bad entry", "%PDF-1.7\nxref\n0 1\n0000000000 65535 x \ntrailer <<>>\nstartxref\n9\n%%EOF", "entrada da tabela xref"},
		{"huge subsection", "%PDF-1.7\nxref\n0 999999999\ntrailer <<>>\nstartxref\n9\n%%EOF", "grande demais"},
		{"prev loop", pdf("1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n", "<< /Size 2 /Root 1 0 R /Prev XREF >>"), "ciclo"},
		{"no root", pdf("1 0 obj\n<< >>\nendobj\n", "<< /Size 2 >>"), "/Root"},
		{"catalog not dict", pdf("1 0 obj\n[1 2]\nendobj\n", "<< /Size 2 /Root 1 0 R >>"), "catálogo"},
		{"page tree cycle", pdf("1 0 obj\n<< /Type /Catalog /Pages 1 0 R /Kids [1 0 R] >>\nendobj\n", "<< /Size 2 /Root 1 0 R >>"), "ciclo na árvore de páginas"},
		{"self length", pdf("1 0 obj\n<< /Length 1 0 R >>\nstream\nabc\nendstream\nendobj\n", "<< /Size 2 /Root 1 0 R >>"), "catálogo"},
		{"wrong object", pdf("2 0 obj\n<< /Type /Catalog >>\nendobj\n", "<< /Size 2 /Root 1 0 R >>"), "aponta para o objeto 2"},
		{"encrypted", pdf("1 0 obj\n<< /Type /Catalog >>\nendobj\n", "<< /Size 2 /Root 1 0 R /Encrypt << >> >>"), "criptografado"},
	}
	field := []SigField{{Name: "a", Page: 1, Rect: [4]float64{0, 0, 10, 10}}}
	att := []Attachment{{Name: "dados.json", Data: []byte("{}")}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Update([]byte(c.in), field, att); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Update: err = %v; want %q", err, c.want)
			}
			if _, err := ReadAttachment([]byte(c.in), "dados.json"); err == nil {
				t.Error("ReadAttachment: no error")
			}
			// Fields falls back to scanning the file, which repairs some of
			// these (a /Prev loop, a wrong xref offset): it must not panic.
			Fields([]byte(c.in))
		})
	}
	enc := pdf("1 0 obj\n<< /Type /Catalog >>\nendobj\n", "<< /Size 2 /Root 1 0 R /Encrypt << >> >>")
	if _, err := ReadAttachment([]byte(enc), "x"); !errors.Is(err, ErrEncrypted) {
		t.Errorf("ReadAttachment on encrypted file: %v; want ErrEncrypted", err)
	}
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

// TestInflateErrorsInPortuguese: what compress/zlib says in English does
// not reach the person.
func TestInflateErrorsInPortuguese(t *testing.T) {
	var good bytes.Buffer
	zw := zlib.NewWriter(&good)
	zw.Write([]byte("dados do formulário"))
	zw.Close()
	bad := append([]byte(nil), good.Bytes()...)
	bad[len(bad)-1] ^= 0xff // checksum
	corrupt := append([]byte(nil), good.Bytes()[:2]...)
	corrupt = append(corrupt, 0xff, 0xff, 0xff, 0xff)
	for _, c := range []struct {
		in   []byte
		want string
	}{
		{[]byte("não é zlib"), "cabeçalho zlib inválido"},
		{bad, "a soma de verificação dos dados comprimidos não confere"},
		{corrupt, "dados comprimidos corrompidos"},
	} {
		_, err := inflate(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "zlib:") || strings.Contains(err.Error(), "flate:") {
			t.Errorf("inflate(%q) = %v; want %q", c.in, err, c.want)
		}
	}
}
