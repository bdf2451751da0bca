package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/engine/form/load"
	"github.com/seiportal/seiportal/engine/pdfpatch"
)

var keep = flag.String("keep", "", "write the rendered PDFs into this directory (to look at them)")

func loadDef(t testing.TB, id string) *form.Definition {
	t.Helper()
	name := "../../content/formularios/" + id + ".yaml"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	def, errs := load.File(name, data)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", name, errs)
	}
	return def
}

func loadValues(t testing.TB, def *form.Definition) *form.Values {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", def.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	vals, msgs := form.Decode(def, data)
	if len(msgs) > 0 {
		t.Fatalf("decode: %v", msgs)
	}
	v, err := form.NewValidator(func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	if msgs := v.Validate(def, vals); len(msgs) > 0 {
		t.Fatalf("validate: %v", msgs)
	}
	return vals
}

// needTool fails (does not skip) when an external tool is missing: the
// project's test script installs qpdf, poppler-utils, libnss3-tools, openssl.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("ferramenta externa %q ausente (instale qpdf, poppler-utils, libnss3-tools e openssl): %v", name, err)
	}
	return p
}

func run(t testing.TB, dir, tool string, args ...string) string {
	t.Helper()
	out, err := runErr(t, dir, tool, args...)
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return out
}

func runErr(t testing.TB, dir, tool string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(needTool(t, tool), args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func writeTemp(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		os.MkdirAll(*keep, 0o755)
		os.WriteFile(filepath.Join(*keep, name), b, 0o644)
	}
	return p
}

// qpdfCheck runs qpdf --check, which exits 0 (or 3 for warnings, which we
// refuse too).
func qpdfCheck(t testing.TB, path string) {
	t.Helper()
	out, err := runErr(t, filepath.Dir(path), "qpdf", "--check", path)
	if err != nil || !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Fatalf("qpdf --check %s: %v\n%s", path, err, out)
	}
}

func TestRenderDesignacao(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := loadValues(t, def)
	pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "designacao.pdf", pdf)
	qpdfCheck(t, p)

	text := strings.Join(strings.Fields(run(t, dir, "pdftotext", p, "-")), " ")
	for _, want := range []string{
		"Secretaria Municipal de Administração",
		"Ofício nº ______/SEMAD",
		"Angra dos Reis, 5 de março de 2025.",
		"João Estêvão da Conceição", "Márcia Helena Sá Pêgo",
		"111.444.777-35", "123.456.789-09",
		"TERMO DE CONDUTA E CONFIDENCIALIDADE",
		"não gera remuneração adicional",
		"Conceição Araújo Guimarães", "Secretária Municipal de Administração",
		"Código de conferência: " + form.ConferenceCode(form.Canonical(def, vals)),
		"não é o código verificador nem o CRC do SEI",
		"Página 1 de 3", "Página 3 de 3",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}

	// the typeface is Carlito, embedded
	for _, l := range strings.Split(run(t, dir, "pdffonts", p), "\n")[2:] {
		if f := strings.Fields(l); len(f) > 0 && (f[0] != "Carlito" && f[0] != "Carlito-Bold" || !strings.Contains(l, " yes ")) {
			t.Errorf("pdffonts: %s", l)
		}
	}

	fields, err := pdfpatch.Fields(pdf)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"assinatura_titular", "assinatura_ponto_focal_1", "assinatura_ponto_focal_2"}
	if strings.Join(fields, ",") != strings.Join(want, ",") {
		t.Errorf("signature fields = %v; want %v", fields, want)
	}
}

func TestSignatureFieldGeometry(t *testing.T) {
	def := loadDef(t, "criacao-unidade")
	vals := loadValues(t, def)
	r, err := newRenderer(def, vals, false, Options{Fonts: ttf.Fonts()}, "SP-TEST-TEST-TEST")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.render(); err != nil {
		t.Fatal(err)
	}
	if len(r.sigs) != 1 || r.sigs[0].Name != "assinatura_solicitante" {
		t.Fatalf("sigs = %+v", r.sigs)
	}
	for _, s := range r.sigs {
		w, h := s.Rect[2]-s.Rect[0], s.Rect[3]-s.Rect[1]
		if w < 113.4 || h < 85 {
			t.Errorf("%s: stamp area %.1f × %.1f pt; want at least 113.4 × 85 (4 cm × 3 cm)", s.Name, w, h)
		}
		if s.Rect[1] < marginB-1 || s.Rect[3] > pageH-marginT {
			t.Errorf("%s: rect %v outside the page body", s.Name, s.Rect)
		}
	}
}

func TestOpenRoundTrip(t *testing.T) {
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		def := loadDef(t, id)
		vals := loadValues(t, def)
		pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		gotID, version, data, code, err := Open(pdf)
		if err != nil {
			t.Fatal(err)
		}
		canonical := form.Canonical(def, vals)
		if gotID != id || version != def.Version || !bytes.Equal(data, canonical) {
			t.Errorf("%s: Open = %q %d %s", id, gotID, version, data)
		}
		if code != form.ConferenceCode(canonical) {
			t.Errorf("%s: code %s; want %s", id, code, form.ConferenceCode(canonical))
		}
		again, msgs := form.Decode(def, data)
		if len(msgs) > 0 || !bytes.Equal(form.Canonical(def, again), canonical) {
			t.Errorf("%s: data read back does not decode to the same canonical data: %v", id, msgs)
		}
	}
	if _, _, _, _, err := Open([]byte("%PDF-1.4 lixo")); err == nil {
		t.Error("Open(garbage) = nil error")
	}
	def := loadDef(t, "criacao-unidade")
	blank, err := Blank(def, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, _, err := Open(blank); err == nil || !strings.Contains(err.Error(), "não traz os dados") {
		t.Errorf("Open(blank) error = %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := loadValues(t, def)
	a, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same data differ")
	}
	c, _ := Blank(def, Options{Fonts: ttf.Fonts()})
	d, _ := Blank(def, Options{Fonts: ttf.Fonts()})
	if !bytes.Equal(c, d) {
		t.Error("two blank renders differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate(D:20250305120000")) {
		t.Error("creation date is not taken from the data")
	}
}

func TestBlank(t *testing.T) {
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		def := loadDef(t, id)
		pdf, err := Blank(def, Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		p := writeTemp(t, dir, id+"-em-branco.pdf", pdf)
		qpdfCheck(t, p)
		text := run(t, dir, "pdftotext", p, "-")
		if !strings.Contains(text, "________") || !strings.Contains(text, "Modelo em branco") {
			t.Errorf("%s: blank form lacks lines to fill:\n%s", id, text)
		}
		if strings.Contains(text, "{{") {
			t.Errorf("%s: unexpanded placeholder in blank form", id)
		}
	}
}

// TestBlankBlocks: the blank model has one block per entry of a list (two
// pontos focais, each with its labelled lines), not a table, and as many
// termos as pontos focais; choices are boxes to tick, not "( )".
func TestBlankBlocks(t *testing.T) {
	for _, c := range []struct {
		id    string
		want  []string
		count map[string]int
	}{
		{"designacao-ponto-focal",
			[]string{"1º ponto focal", "2º ponto focal", "Para mais de 2 pontos focais, acrescente uma folha", "(no máximo 10)"},
			map[string]int{"Nome completo": 2, "E-mail institucional": 2, "Matrícula": 2, "TERMO DE CONDUTA": 2}},
		{"criacao-unidade",
			[]string{"1º usuário", "2º usuário", "Tipo de unidade:", "Orgânica", "Não orgânica", "Data do ato"},
			map[string]int{"Perfil:": 2, "Colaborador": 2}},
	} {
		def := loadDef(t, c.id)
		pdf, err := Blank(def, Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		p := writeTemp(t, dir, c.id+"-blocos.pdf", pdf)
		text := strings.Join(strings.Fields(run(t, dir, "pdftotext", p, "-")), " ")
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: blank model lacks %q", c.id, w)
			}
		}
		for w, n := range c.count {
			if got := strings.Count(text, w); got != n {
				t.Errorf("%s: %q %d times; want %d", c.id, w, got, n)
			}
		}
		if strings.Contains(text, "( )") || strings.Contains(text, "(   )") {
			t.Errorf("%s: choices printed as parentheses, not boxes", c.id)
		}
		if t.Failed() {
			t.Logf("%s", text)
		}
	}
}

// TestBlankWritingSpace: every labelled line of the blank model has at
// least 8 mm above it to write in, and the name and the e-mail of a ponto
// focal take the whole width of the block.
func TestBlankWritingSpace(t *testing.T) {
	if blankRowH < 8*72/25.4 {
		t.Errorf("rows are %.1f pt high; want at least 8 mm (%.1f pt)", blankRowH, 8*72/25.4)
	}
	def := loadDef(t, "designacao-ponto-focal")
	pf, _ := def.Lookup("pontos_focais")
	full := map[string]bool{}
	for _, row := range blankRows(func() []blankItem {
		var items []blankItem
		for i := range pf.Fields {
			items = append(items, blankItem{label: pf.Fields[i].Label, f: &pf.Fields[i]})
		}
		return items
	}()) {
		if len(row) == 1 {
			full[row[0].f.Name] = true
		}
	}
	for _, name := range []string{"nome", "email", "cargo", "lotacao"} {
		if !full[name] {
			t.Errorf("%s does not take a whole row", name)
		}
	}
	if full["cpf"] || full["matricula"] {
		t.Errorf("cpf and matrícula should share a row: %v", full)
	}
}

// TestSignRoundTrip signs the generated PDF into its empty field with
// poppler's pdfsig and a throwaway certificate, then checks the signature,
// the file structure and that the data can still be read back.
func TestSignRoundTrip(t *testing.T) {
	t.Run("plain", func(t *testing.T) { signRoundTrip(t, Options{}) })
	t.Run("letterhead", func(t *testing.T) {
		signRoundTrip(t, Options{Letterhead: Letterhead{Name: "Prefeitura Municipal de Exemplo", Emblem: emblemPNG(t, 90, 100)}})
	})
}

func signRoundTrip(t *testing.T, opts Options) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := loadValues(t, def)
	opts.Fonts = ttf.Fonts()
	pdf, err := Render(def, vals, opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "nss")
	run(t, dir, "mkdir", db)
	run(t, dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
		"-keyout", "key.pem", "-out", "cert.pem", "-days", "30",
		"-subj", "/CN=Titular de Teste/O=seiportal/C=BR")
	run(t, dir, "openssl", "pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem",
		"-name", "titular", "-out", "cert.p12", "-passout", "pass:segredo")
	run(t, dir, "certutil", "-N", "-d", "sql:"+db, "--empty-password")
	run(t, dir, "pk12util", "-i", "cert.p12", "-d", "sql:"+db, "-W", "segredo")

	in := writeTemp(t, dir, "para-assinar.pdf", pdf)
	qpdfCheck(t, in)
	out := filepath.Join(dir, "assinado.pdf")
	run(t, dir, "pdfsig", "-sign", "assinatura_titular", "-nssdir", "sql:"+db, "-nick", "titular",
		"-reason", "Indicação de pontos focais", in, out)
	report, _ := runErr(t, dir, "pdfsig", out)
	if !strings.Contains(report, "Signature is Valid") {
		t.Fatalf("pdfsig does not report a valid signature:\n%s", report)
	}
	qpdfCheck(t, out)
	signed, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		os.WriteFile(filepath.Join(*keep, "assinado.pdf"), signed, 0o644)
	}
	id, _, data, code, err := Open(signed)
	if err != nil {
		t.Fatal(err)
	}
	if id != def.ID || !bytes.Equal(data, form.Canonical(def, vals)) || code != form.ConferenceCode(data) {
		t.Errorf("after signing, Open = %q, %s, %s", id, data, code)
	}
}

// renderSeeds are the names FuzzRender starts from; TestRenderSeeds runs
// the external checks (qpdf) on them, which the fuzz loop leaves out to
// stay fast.
var renderSeeds = [][3]string{
	{"Conceição Araújo", "Secretaria 🏛️ de Administração", "e\u0301\u0301\u0301"},
	{"Ñandú Øystein Łukasz", "Câmara – “Municipal” … º ª", "Coordenação de Tecnologia da Informação e Comunicação"},
	{"مريم العربية", "שלום עולם", "漢字かな交じり文"},
	{strings.Repeat("A", 4000), strings.Repeat("palavra ", 800), "\x00\x01\t\r\n\u200f\u202e"},
	{strings.Repeat("Maria ", 40), strings.Repeat("Secretaria-Adjunta-de-Planejamento ", 30), strings.Repeat("cargo ", 60)},
	{"", "", "\xff\xfe"},
}

// fuzzValues fills the designation form around three strings.
func fuzzValues(t testing.TB, def *form.Definition, base *form.Values, nome, orgao, cargo string) *form.Values {
	vals := form.NewValues()
	for _, p := range []string{"orgao.sigla", "orgao.municipio", "orgao.uf", "local", "data"} {
		if err := vals.Set(def, p, base.Get(p)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range [][2]string{
		{"orgao.nome", orgao}, {"titular.nome", nome}, {"titular.cargo", cargo},
		{"pontos_focais.0.nome", nome}, {"pontos_focais.0.lotacao", orgao}, {"pontos_focais.0.cargo", cargo},
		{"pontos_focais.1.nome", cargo + nome},
	} {
		if err := vals.Set(def, c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	return vals
}

// FuzzRender renders the designation form with arbitrary Unicode in its
// text fields (emoji, combining marks, right-to-left scripts, very long
// words): it must never panic, a character the fonts lack must be an
// error (never a "?"), and what it renders must read back (the embedded
// data, the signature fields). It runs no external tool: TestRenderSeeds
// checks the seeds with qpdf.
func FuzzRender(f *testing.F) {
	for _, s := range renderSeeds {
		f.Add(s[0], s[1], s[2])
	}
	def := loadDef(f, "designacao-ponto-focal")
	base := loadValues(f, def)
	f.Fuzz(func(t *testing.T, nome, orgao, cargo string) {
		vals := fuzzValues(t, def, base, nome, orgao, cargo)
		pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		id, _, data, code, err := Open(pdf)
		if err != nil || id != def.ID || code != Code(def, vals) {
			t.Fatalf("Open after Render = %q, %q, %v", id, code, err)
		}
		if again, msgs := form.Decode(def, data); len(msgs) > 0 || again.Get("titular.nome") != vals.Get("titular.nome") {
			t.Fatalf("embedded data does not decode to what was rendered: %v", msgs)
		}
		if names, err := pdfpatch.Fields(pdf); err != nil || len(names) != 3 {
			t.Fatalf("signature fields = %v, %v", names, err)
		}
	})
}

// TestRenderSeeds runs qpdf --check on what FuzzRender's seeds render.
func TestRenderSeeds(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	base := loadValues(t, def)
	dir := t.TempDir()
	rendered := 0
	for i, s := range renderSeeds {
		pdf, err := Render(def, fuzzValues(t, def, base, s[0], s[1], s[2]), Options{Fonts: ttf.Fonts()})
		if err != nil {
			if !strings.Contains(err.Error(), "não pode ser impresso") {
				t.Errorf("seed %d: %v", i, err)
			}
			continue
		}
		rendered++
		qpdfCheck(t, writeTemp(t, dir, "seed"+strconv.Itoa(i)+".pdf", pdf))
	}
	if rendered < 3 {
		t.Errorf("only %d seeds render", rendered)
	}
}

func BenchmarkRender(b *testing.B) {
	def := loadDef(b, "designacao-ponto-focal")
	vals := loadValues(b, def)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(def, vals, Options{Fonts: ttf.Fonts()}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlank(b *testing.B) {
	def := loadDef(b, "criacao-unidade")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Blank(def, Options{Fonts: ttf.Fonts()}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignatureStaysWithDate checks that no signature block is left on a
// page of its own: the page with a signature area also has the date line.
func TestSignatureStaysWithDate(t *testing.T) {
	for _, c := range []struct{ form, date, closing string }{
		{"designacao-ponto-focal", "5 de março de 2025", "Atenciosamente"},
		{"criacao-unidade", "10 de julho de 2022", "Declaro que as informações"},
	} {
		def := loadDef(t, c.form)
		pdf, err := Render(def, loadValues(t, def), Options{Fonts: ttf.Fonts()})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		p := writeTemp(t, dir, c.form+".pdf", pdf)
		pages := strings.Count(run(t, dir, "pdftotext", p, "-"), "\f")
		firstSigned := false
		for i := 1; i <= pages; i++ {
			text := run(t, dir, "pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), p, "-")
			if strings.Contains(text, "Espaço reservado") && !strings.Contains(text, c.date) {
				t.Errorf("%s: page %d has a signature area without the date line", c.form, i)
			}
			if strings.Contains(text, "Espaço reservado") && !firstSigned {
				firstSigned = true
				if !strings.Contains(text, c.closing) {
					t.Errorf("%s: page %d has the first signature without the closing %q", c.form, i, c.closing)
				}
			}
		}
	}
}

// TestNamesKept: a name typed with decomposed accents (NFD, as pasted from
// a Mac or a PDF) is printed as typed, and a character the fonts lack is
// refused by validation with a message naming it, and by Render, never
// printed as "?".
func TestNamesKept(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	base := loadValues(t, def)
	v, err := form.NewValidator(func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	nfd := "Conceic\u0327a\u0303o Arau\u0301jo"
	data := form.Canonical(def, base)
	vals, msgs := form.Decode(def, bytes.Replace(data, []byte("Conceição Araújo"), []byte(nfd), 1))
	if len(msgs) > 0 {
		t.Fatal(msgs)
	}
	if got := vals.Get("titular.nome"); !strings.HasPrefix(got, "Conceição Araújo") {
		t.Fatalf("titular.nome = %q, want it composed (NFC)", got)
	}
	if msgs := v.Validate(def, vals); len(msgs) > 0 {
		t.Fatal(msgs)
	}
	pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "nfd.pdf", pdf)
	text := run(t, dir, "pdftotext", p, "-")
	if !strings.Contains(text, "Conceição Araújo Guimarães") {
		t.Errorf("the NFD name is not printed whole:\n%s", text)
	}
	if strings.Contains(text, "Conceicao") || strings.Contains(text, "?") {
		t.Errorf("accents lost or replaced:\n%s", text)
	}

	if err := vals.Set(def, "pontos_focais.0.nome", "ნინო Beridze"); err != nil {
		t.Fatal(err)
	}
	msgs = v.Validate(def, vals)
	if len(msgs) != 1 || msgs[0].Path != "pontos_focais.0.nome" || !strings.Contains(msgs[0].Text, "o caractere “ნ” (U+10DC) não pode ser impresso no PDF") {
		t.Errorf("messages = %v", msgs)
	}
	if _, err := Render(def, vals, Options{Fonts: ttf.Fonts()}); err == nil || !strings.Contains(err.Error(), "“ნ”") {
		t.Errorf("Render of an unprintable name: err = %v", err)
	}
}

// TestEmbedsOnlyShown: the embedded dados.json holds the fields the
// document prints and nothing else; a field the pages never show (here one
// added to a test definition) stays out of the file and out of the code.
func TestEmbedsOnlyShown(t *testing.T) {
	name := "../../content/formularios/designacao-ponto-focal.yaml"
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	extra := strings.Replace(string(src), "\n  - name: pontos_focais",
		"\n      - {name: rg, type: text, label: RG do titular}\n  - name: pontos_focais", 1)
	if extra == string(src) {
		t.Fatal("test definition not changed")
	}
	def, errs := load.File(name, []byte(extra))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	vals := loadValues(t, loadDef(t, "designacao-ponto-focal"))
	if err := vals.Set(def, "titular.rg", "RG-SEGREDO-123"); err != nil {
		t.Fatal(err)
	}
	pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, data, code, err := Open(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("SEGREDO")) || bytes.Contains(data, []byte(`"rg"`)) {
		t.Errorf("a field the document does not print was embedded:\n%s", data)
	}
	if code != Code(def, vals) {
		t.Errorf("code of the embedded data %s, printed %s", code, Code(def, vals))
	}
	// every embedded value is printed on the pages
	dir := t.TempDir()
	p := writeTemp(t, dir, "minimo.pdf", pdf)
	// -raw keeps the content stream order (a table cell's lines together);
	// cells wrap inside words, so spaces are left out of the comparison
	text := strings.Join(strings.Fields(run(t, dir, "pdftotext", "-raw", p, "-")), "")
	var embedded struct {
		Pontos []map[string]string `json:"pontos_focais"`
	}
	if err := json.Unmarshal(data, &embedded); err != nil {
		t.Fatal(err)
	}
	for _, item := range embedded.Pontos {
		for k, v := range item {
			if !strings.Contains(text, strings.Join(strings.Fields(v), "")) {
				t.Errorf("embedded %s %q is not printed", k, v)
			}
		}
	}
	// the shipped forms ask only for what their documents print
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		d := loadDef(t, id)
		if a, b := form.Canonical(d, form.NewValues()), form.Canonical(d.Shown(), form.NewValues()); !bytes.Equal(a, b) {
			t.Errorf("%s asks for data its document does not print:\n%s\n%s", id, a, b)
		}
	}
}

// TestNoData: the version to upload carries no personal data (qpdf, with
// every stream decompressed, finds none of the typed CPFs, e-mails or
// phones), reads the same in pdftotext, and Open says what it cannot check.
func TestNoData(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := loadValues(t, def)
	with, err := Render(def, vals, Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	without, err := Render(def, vals, Options{Fonts: ttf.Fonts(), NoData: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pw := writeTemp(t, dir, "com-dados.pdf", with)
	po := writeTemp(t, dir, "sem-dados.pdf", without)
	qpdfCheck(t, po)
	if a, b := run(t, dir, "pdftotext", pw, "-"), run(t, dir, "pdftotext", po, "-"); a != b {
		t.Error("the two versions do not read the same")
	}
	secrets := []string{"111.444.777-35", "11144477735", "joao.conceicao@angra.rj.gov.br", "3377-1234", "Conceição"}
	qdf := func(p string) string {
		return run(t, dir, "qpdf", "--qdf", "--object-streams=disable", "--decode-level=all", p, "-")
	}
	plain := qdf(pw)
	if !strings.Contains(plain, "111.444.777-35") {
		t.Fatal("qpdf does not show the data of the version with data: the check below would prove nothing")
	}
	plain = qdf(po)
	for _, s := range secrets {
		if strings.Contains(plain, s) {
			t.Errorf("the version without data carries %q", s)
		}
	}
	if list := run(t, dir, "qpdf", "--list-attachments", po); !strings.Contains(list, MarkerName) || strings.Contains(list, AttachmentName) {
		t.Errorf("attachments of the version without data:\n%s", list)
	}
	_, _, _, _, err = Open(without)
	var nd *NoDataError
	if !errors.As(err, &nd) || nd.Form != def.ID || nd.Code != Code(def, vals) || !strings.Contains(err.Error(), "não pode conferir") {
		t.Errorf("Open(sem dados) = %v", err)
	}
}

func TestFileName(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := loadValues(t, def)
	for _, c := range []struct {
		sigla string
		opts  Options
		n     int
		want  string
	}{
		{"SEMAD", Options{Fonts: ttf.Fonts()}, 0, "designacao-ponto-focal-SEMAD-2025-03-05.pdf"},
		{"SEMAD", Options{Fonts: ttf.Fonts(), NoData: true}, 0, "designacao-ponto-focal-SEMAD-2025-03-05-sem-dados.pdf"},
		{"SEMAD/CGD", Options{Fonts: ttf.Fonts()}, 7, "designacao-ponto-focal-SEMAD-CGD-2025-03-05-007.pdf"},
		{"CÂMARA", Options{Fonts: ttf.Fonts()}, 0, "designacao-ponto-focal-CAMARA-2025-03-05.pdf"},
		{"ŁÓDŹ 1º", Options{Fonts: ttf.Fonts()}, 0, "designacao-ponto-focal-LODZ-1o-2025-03-05.pdf"},
		{"", Options{Fonts: ttf.Fonts()}, 0, "designacao-ponto-focal-2025-03-05.pdf"},
		{"../CON:AUX*?<>|\"\\", Options{Fonts: ttf.Fonts()}, 0, "designacao-ponto-focal-CON-AUX-2025-03-05.pdf"},
		{strings.Repeat("ABCDEFGH", 10), Options{Fonts: ttf.Fonts()}, 0, "designacao-ponto-focal-ABCDEFGHABCDEFGHABCD-2025-03-05.pdf"},
	} {
		if err := vals.Set(def, "orgao.sigla", c.sigla); err != nil {
			t.Fatal(err)
		}
		got := FileName(def, vals, c.opts, c.n)
		if got != c.want {
			t.Errorf("sigla %q: FileName = %q; want %q", c.sigla, got, c.want)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
				t.Errorf("%q: unsafe character %q", got, r)
			}
		}
	}
}
