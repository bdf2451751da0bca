package app

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/checklist"
	"github.com/seiportal/seiportal/engine/checklist/load"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	formload "github.com/seiportal/seiportal/engine/form/load"
)

// defJSON returns the published JSON of a form of the default portal, as the
// generator writes it for the browser.
func defJSON(t testing.TB, id string) string {
	t.Helper()
	defs, errs := formload.Dir(os.DirFS("../../.."), "content/formularios")
	if len(errs) > 0 {
		t.Fatalf("form definitions: %v", errs)
	}
	for _, d := range defs {
		if d.ID == id {
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no form %q", id)
	return ""
}

func listJSON(t testing.TB) string {
	t.Helper()
	defs, errs := load.Dir(os.DirFS("../../.."), "content/checklists")
	if len(errs) > 0 || len(defs) == 0 {
		t.Fatalf("checklists: %v", errs)
	}
	b, err := json.Marshal(defs[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../../engine/document/testdata/designacao-ponto-focal.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newApp(t testing.TB) *App {
	t.Helper()
	a, err := New(func() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) }, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestValidateInvalidCPF(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	data := strings.Replace(sample(t), `"11144477735"`, `"111.444.777-00"`, 1)
	r := a.Validate(def, data)
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	if len(r.Messages) != 1 || r.Messages[0].Path != "pontos_focais.0.cpf" {
		t.Fatalf("messages = %+v; want one for pontos_focais.0.cpf", r.Messages)
	}
	if r.Messages[0].Label != "CPF do 1º ponto focal" || !strings.Contains(r.Messages[0].Text, "dígitos verificadores") {
		t.Errorf("message %+v should name the 1º ponto focal and the CPF in Portuguese", r.Messages[0])
	}
	if r.Code != "" || r.Canonical != "" {
		t.Error("invalid data must not get a conference code")
	}
	ok := a.Validate(def, sample(t))
	if len(ok.Messages) != 0 || !strings.HasPrefix(ok.Code, "SP-") {
		t.Fatalf("valid sample: %+v", ok)
	}
}

func TestValidateBadInput(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	for _, tc := range []struct{ def, data, want string }{
		{def, `{"orgao":`, "não puderam ser lidos"},
		{def, `[1,2]`, "objeto JSON"},
		{`{`, `{}`, "definição do formulário"},
		{``, `{}`, "definição do formulário"},
	} {
		r := a.Validate(tc.def, tc.data)
		if !strings.Contains(r.Error, tc.want) {
			t.Errorf("Validate(%.20q, %q).Error = %q; want it to contain %q", tc.def, tc.data, r.Error, tc.want)
		}
		if r.Messages == nil {
			t.Error("Messages must be an empty list, not null, for the page")
		}
	}
	// Empty data is a blank form: required messages, no error.
	r := a.Validate(def, "")
	if r.Error != "" || len(r.Messages) == 0 {
		t.Errorf("blank form: %+v", r)
	}
}

func TestPDFRoundTrip(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	r := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts()})
	if r.Error != "" || len(r.Messages) > 0 {
		t.Fatalf("PDF: %+v", r)
	}
	if !strings.HasPrefix(string(r.PDF), "%PDF-") || !strings.HasSuffix(r.Filename, ".pdf") {
		t.Fatalf("not a PDF: %q, %q", r.PDF[:8], r.Filename)
	}
	o := Open(r.PDF, strings.ToLower(strings.ReplaceAll(r.Code, "-", " ")))
	if o.Error != "" || o.Form != "designacao-ponto-focal" || o.Code != r.Code || o.Data != r.Canonical {
		t.Fatalf("Open = %+v; want the code %s and the canonical data back", o, r.Code)
	}
	if o.Matches == nil || !*o.Matches {
		t.Errorf("typed code %q should match", r.Code)
	}
	wrong := Open(r.PDF, "SP-0000-0000-0000")
	if wrong.Matches == nil || *wrong.Matches {
		t.Errorf("another code must not match: %+v", wrong)
	}
	if bad := Open(r.PDF, "não é código"); !bad.TypedInvalid {
		t.Errorf("garbage code should be reported: %+v", bad)
	}
	// The same data gives the same bytes.
	if again := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts()}); string(again.PDF) != string(r.PDF) {
		t.Error("PDF is not deterministic")
	}
	// Invalid data never renders.
	bad := a.PDF(def, `{}`, PDFOptions{Fonts: ttf.Fonts()})
	if bad.PDF != nil || len(bad.Messages) == 0 {
		t.Error("a PDF was produced from invalid data")
	}
}

func TestOpenRejects(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "vazio"},
		{"GIF89a", "não é um PDF"},
		{"%PDF-1.4\n%%EOF\n", "PDF"},
	} {
		o := Open([]byte(tc.in), "")
		if !strings.Contains(o.Error, tc.want) {
			t.Errorf("Open(%q).Error = %q; want %q", tc.in, o.Error, tc.want)
		}
	}
}

func TestMigrate(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	// A draft of an older version: one field renamed, one with a wrong type.
	old := `{"orgao":{"nome":"SEMAD","fax":"(24) 3333-0000"},"local":["Angra"],"data":"05/03/2025"}`
	m := a.Migrate(def, old, 0)
	if m.Error != "" || !m.Outdated || m.Version != 2 {
		t.Fatalf("Migrate: %+v", m)
	}
	paths := []string{}
	for _, d := range m.Dropped {
		paths = append(paths, d.Path)
	}
	if strings.Join(paths, ",") != "orgao.fax,local" {
		t.Errorf("dropped = %v; want orgao.fax and local reported", paths)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(m.Data), &got); err != nil {
		t.Fatal(err)
	}
	if got["data"] != "2025-03-05" || got["orgao"].(map[string]any)["nome"] != "SEMAD" {
		t.Errorf("what fits must be kept: %s", m.Data)
	}
	if pf, _ := got["pontos_focais"].([]any); pf == nil {
		t.Errorf("canonical data should list pontos_focais (empty): %s", m.Data)
	}
	cur := a.Migrate(def, sample(t), 2)
	if cur.Outdated || len(cur.Dropped) != 0 {
		t.Errorf("current draft: %+v", cur)
	}
	if bad := a.Migrate(def, `{"orgao":`, 1); bad.Error == "" {
		t.Error("corrupt draft must be an error")
	}
}

func TestChecklist(t *testing.T) {
	a, def := newApp(t), listJSON(t)
	r := a.Evaluate(def, `{"start":"2026-02-02","items":{"nao-existe":{"done":true}}}`, "2026-03-02")
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	if len(r.Stages) != 5 {
		t.Errorf("stages = %d; want the five stages", len(r.Stages))
	}
	if strings.Join(r.Dropped, ",") != "nao-existe" {
		t.Errorf("dropped = %v", r.Dropped)
	}
	first, second := r.Items[0], r.Items[1]
	if first.Status != "atrasado" || !strings.Contains(first.Detail, "venceu em") {
		t.Errorf("first item on 2026-03-02 after a 2026-02-02 start: %+v", first)
	}
	if second.Status != "bloqueado" || !strings.HasPrefix(second.Detail, "por: ") || second.CanDo {
		t.Errorf("second item depends on the first: %+v", second)
	}
	c := a.CanComplete(def, `{}`, second.ID)
	if c.OK || !strings.Contains(c.Reason, "Conclua antes") {
		t.Errorf("CanComplete(%s) = %+v", second.ID, c)
	}
	c = a.CanComplete(def, `{}`, first.ID)
	if c.OK || len(c.Evidence) == 0 {
		t.Errorf("first item without its required evidence: %+v", c)
	}
	if bad := a.Evaluate(def, `{"items":`, "2026-03-02"); !strings.Contains(bad.Error, "corrompido") {
		t.Errorf("corrupt state: %+v", bad.Error)
	}
	if bad := a.Evaluate(def, `{}`, "ontem"); bad.Error == "" {
		t.Error("bad today must be an error")
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		u    string
		want string
	}{{1, "uteis", "1 dia útil"}, {3, "uteis", "3 dias úteis"}, {1, "corridos", "1 dia corrido"}, {0, "corridos", "0 dias corridos"}} {
		if got := plural(tc.n, checklistUnit(tc.u)); got != tc.want {
			t.Errorf("plural(%d, %s) = %q; want %q", tc.n, tc.u, got, tc.want)
		}
	}
}

func FuzzOpen(f *testing.F) {
	a := newApp(f)
	def := defJSON(f, "designacao-ponto-focal")
	r := a.PDF(def, sample(f), PDFOptions{Fonts: ttf.Fonts()})
	f.Add(r.PDF, "SP-0000")
	f.Add(r.PDF, r.Code)
	if nd := a.PDF(def, sample(f), PDFOptions{Fonts: ttf.Fonts(), NoData: true}); nd.PDF != nil {
		f.Add(nd.PDF, nd.Code)
	}
	f.Add([]byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"), "")
	f.Add([]byte{}, "x")
	f.Fuzz(func(t *testing.T, pdf []byte, code string) {
		o := Open(pdf, code)
		for _, english := range []string{"zlib:", "flate:", "pdfpatch:", "EOF", "unexpected", "invalid"} {
			if strings.Contains(o.Error, english) {
				t.Fatalf("a library's English reaches the person: %q", o.Error)
			}
		}
	})
}

func FuzzValidate(f *testing.F) {
	a := newApp(f)
	def := defJSON(f, "designacao-ponto-focal")
	f.Add(sample(f))
	f.Add(`{"pontos_focais":[1,{"cpf":2}]}`)
	f.Add(`{"orgao":{"uf":"XX"},"data":"31/02/2025"}`)
	f.Add(hugeDraft(12))
	f.Fuzz(func(t *testing.T, data string) {
		_ = a.Validate(def, data)
		_ = a.Migrate(def, data, 0)
	})
}

func BenchmarkPDFDesignacao(b *testing.B) {
	a, def := newApp(b), defJSON(b, "designacao-ponto-focal")
	data := sample(b)
	for b.Loop() {
		if r := a.PDF(def, data, PDFOptions{Fonts: ttf.Fonts()}); r.PDF == nil {
			b.Fatal(r.Error, r.Messages)
		}
	}
}

func checklistUnit(s string) checklist.Unit { return checklist.Unit(s) }

// TestPDFWithoutData: the version to upload has the same code and a name
// that says what it is; conferir and import on it fail with a message that
// says what could not be checked, never a success.
func TestPDFWithoutData(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	with := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts()})
	r := a.PDF(def, sample(t), PDFOptions{Fonts: ttf.Fonts(), NoData: true})
	if r.Error != "" || r.PDF == nil {
		t.Fatalf("PDF: %+v", r)
	}
	if r.Code != with.Code {
		t.Errorf("code %s; the version with data prints %s", r.Code, with.Code)
	}
	if with.Filename != "designacao-ponto-focal-SEMAD-2025-03-05.pdf" || r.Filename != "designacao-ponto-focal-SEMAD-2025-03-05-sem-dados.pdf" {
		t.Errorf("file names %q, %q", with.Filename, r.Filename)
	}
	if strings.Contains(string(r.PDF), "dados.json") || strings.Contains(string(r.PDF), "111.444.777-35") {
		t.Error("the version without data embeds data")
	}
	o := Open(r.PDF, r.Code)
	if o.Error == "" || !o.NoData || o.Matches != nil || o.Data != "" || len(o.Printed) != 1 || o.Printed[0] != r.Code || o.Form != "designacao-ponto-focal" {
		t.Fatalf("Open(sem dados) = %+v", o)
	}
	for _, want := range []string{"versão sem dados embutidos", "não pode conferir", r.Code, "use a versão com dados"} {
		if !strings.Contains(o.Error, want) {
			t.Errorf("message %q lacks %q", o.Error, want)
		}
	}
}

// TestMigrateOldDraftDropsTitularCPF: a draft of version 1 still holds the
// titular's CPF the form no longer asks; it is dropped and said so.
func TestMigrateOldDraftDropsTitularCPF(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	old := strings.Replace(sample(t), `"cargo": "Secretária Municipal de Administração"}`, `"cargo": "Secretária Municipal de Administração", "cpf": "529.982.247-25"}`, 1)
	if old == sample(t) {
		t.Fatal("sample not changed")
	}
	m := a.Migrate(def, old, 1)
	if !m.Outdated || len(m.Dropped) != 1 || m.Dropped[0].Path != "titular.cpf" || strings.Contains(m.Data, "529.982.247-25") {
		t.Errorf("Migrate = %+v", m)
	}
}

// hugeDraft is a draft with n copies of a ponto focal and n unknown keys.
func hugeDraft(n int) string {
	item := `{"nome":"João","cpf":"111.444.777-35","matricula":"1","cargo":"A","lotacao":"B","email":"a@b.br","telefone":"(24) 3377-1234"}`
	var b strings.Builder
	b.WriteString(`{"pontos_focais":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item)
	}
	b.WriteString(`],"orgao":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"x` + strconv.Itoa(i) + `":1`)
	}
	b.WriteString(`}}`)
	return b.String()
}

// TestMigrateEnforcesLimits: a draft with 5,000 entries in a list the form
// limits to 10 opens with 10, and the page is told what was dropped; 5,000
// unknown keys give a bounded number of messages (the page builds one
// element per item and per message).
func TestMigrateEnforcesLimits(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	m := a.Migrate(def, hugeDraft(5000), 2)
	if m.Error != "" {
		t.Fatal(m.Error)
	}
	var got struct {
		Pontos []map[string]string `json:"pontos_focais"`
	}
	if err := json.Unmarshal([]byte(m.Data), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Pontos) != 10 || got.Pontos[9]["nome"] != "João" {
		t.Errorf("%d items kept; want the first 10", len(got.Pontos))
	}
	if len(m.Dropped) > 30 {
		t.Errorf("%d messages; want a bounded number", len(m.Dropped))
	}
	var list, keys bool
	for _, d := range m.Dropped {
		if d.Path == "pontos_focais" && strings.Contains(d.Text, "a lista tem 5000 itens e o formulário aceita no máximo 10; os 4990 a partir do 11º ponto focal foram descartados") {
			list = true
		}
		if d.Path == "orgao" && strings.Contains(d.Text, "e mais 4980 campos desconhecidos") {
			keys = true
		}
	}
	if !list || !keys {
		t.Errorf("dropped = %v", m.Dropped)
	}
	v := a.Validate(def, hugeDraft(5000))
	if len(v.Messages) > 60 || v.Code != "" {
		t.Errorf("Validate: %d messages, code %q", len(v.Messages), v.Code)
	}
}

func BenchmarkMigrateHuge(b *testing.B) {
	a, def := newApp(b), defJSON(b, "designacao-ponto-focal")
	data := hugeDraft(5000)
	for b.Loop() {
		a.Migrate(def, data, 2)
	}
}

// TestInputsBounded: data and PDFs beyond their limits are refused with a
// message before any work is done on them.
func TestInputsBounded(t *testing.T) {
	a, def := newApp(t), defJSON(t, "designacao-ponto-focal")
	big := `{"local":"` + strings.Repeat("a", 2<<20) + `"}`
	if r := a.Validate(def, big); !strings.Contains(r.Error, "passam de 1 MB") {
		t.Errorf("Validate of 2 MB: %q", r.Error)
	}
	if m := a.Migrate(def, big, 2); !strings.Contains(m.Error, "passam de 1 MB") {
		t.Errorf("Migrate of 2 MB: %q", m.Error)
	}
	pdf := append([]byte("%PDF-1.7\n"), make([]byte, 51<<20)...)
	if o := Open(pdf, ""); !strings.Contains(o.Error, "passa de 50 MB") {
		t.Errorf("Open of 51 MB: %q", o.Error)
	}
}
