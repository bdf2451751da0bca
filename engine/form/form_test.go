package form_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/engine/form/load"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func today() time.Time { return time.Date(2025, 6, 1, 15, 0, 0, 0, time.UTC) }

func loadDef(t testing.TB, id string) *form.Definition {
	t.Helper()
	name := "../../content/formularios/" + id + ".yaml"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	def, errs := load.File(name, data)
	if len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	return def
}

func newValidator(t testing.TB) *form.Validator {
	t.Helper()
	v, err := form.NewValidator(today)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDates(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"2024-02-29", true}, {"2023-02-29", false}, {"2025-04-31", false}, {"2025-13-01", false},
		{"2025-1-01", false}, {"05/03/2025", false}, {"1899-12-31", false}, {"2025-03-05", true},
	} {
		if _, got := form.ParseDate(c.in); got != c.ok {
			t.Errorf("ParseDate(%q) = %v; want %v", c.in, got, c.ok)
		}
	}
	if got := form.LongDate("2025-03-01"); got != "1º de março de 2025" {
		t.Errorf("LongDate = %q", got)
	}
	if got := form.LongDate("2025-12-25"); got != "25 de dezembro de 2025" {
		t.Errorf("LongDate = %q", got)
	}
	// dd/mm/aaaa is accepted on input and stored as aaaa-mm-dd
	def := loadDef(t, "criacao-unidade")
	vals, msgs := form.Decode(def, []byte(`{"data": "10/07/2022", "ato": {"data": "31/06/2022"}}`))
	if len(msgs) > 0 || vals.Get("data") != "2022-07-10" {
		t.Fatalf("Decode date: %q %v", vals.Get("data"), msgs)
	}
	got := messagesFor(newValidator(t).Validate(def, vals), "ato.data")
	if got != "Data do ato: data inválida; use dd/mm/aaaa com um dia que exista" {
		t.Errorf("31/06: %q", got)
	}
	// not in the future, relative to the validator's today
	vals, _ = form.Decode(def, []byte(`{"ato": {"data": "2025-06-02"}, "data": "2025-06-03"}`))
	if got := messagesFor(newValidator(t).Validate(def, vals), "ato.data"); got != "Data do ato: a data não pode estar no futuro" {
		t.Errorf("future: %q", got)
	}
	vals, _ = form.Decode(def, []byte(`{"ato": {"data": "2025-06-01"}, "data": "2025-06-01"}`))
	if got := messagesFor(newValidator(t).Validate(def, vals), "ato.data"); got != "" {
		t.Errorf("today is not the future: %q", got)
	}
}

func messagesFor(msgs []form.Message, path string) string {
	var out []string
	for _, m := range msgs {
		if m.Path == path {
			out = append(out, m.String())
		}
	}
	return strings.Join(out, "\n")
}

func TestValidSamples(t *testing.T) {
	for _, id := range []string{"designacao-ponto-focal", "criacao-unidade"} {
		def := loadDef(t, id)
		data, err := os.ReadFile(filepath.Join("testdata", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		vals, msgs := form.Decode(def, data)
		if len(msgs) > 0 {
			t.Fatalf("%s: decode: %v", id, msgs)
		}
		if msgs := newValidator(t).Validate(def, vals); len(msgs) > 0 {
			t.Errorf("%s: %v", id, msgs)
		}
	}
}

// TestMessagesGolden decodes and validates each testdata/messages/*.json
// against its form (by file name prefix) and compares the messages, one
// per line as "path | label: text", with the .golden file.
func TestMessagesGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/messages/*.json")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	defs := map[string]*form.Definition{
		"designacao": loadDef(t, "designacao-ponto-focal"),
		"criacao":    loadDef(t, "criacao-unidade"),
	}
	v := newValidator(t)
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".json")
		prefix, _, _ := strings.Cut(base, "-")
		def := defs[prefix]
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		vals, msgs := form.Decode(def, data)
		if vals != nil {
			msgs = append(msgs, v.Validate(def, vals)...)
		}
		var b bytes.Buffer
		for _, m := range msgs {
			b.WriteString(m.Path + " | " + m.String() + "\n")
		}
		golden := strings.TrimSuffix(file, ".json") + ".golden"
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./engine/form -update)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s: messages differ\n--- got\n%s--- want\n%s", file, b.String(), want)
		}
	}
}

func TestCanonical(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	a, _ := form.Decode(def, []byte(`{"local": " Angra ", "titular": {"nome": "Ana <&>"}, "pontos_focais": [{"cpf": "52998224725"}], "data": "05/03/2025"}`))
	b, _ := form.Decode(def, []byte(`{"data": "2025-03-05", "pontos_focais": [{"cpf": "529.982.247-25"}], "titular": {"nome": "An\u0061 <&>"}, "local": "Angra"}`))
	ca, cb := form.Canonical(def, a), form.Canonical(def, b)
	if !bytes.Equal(ca, cb) {
		t.Fatalf("canonical differs:\n%s\n%s", ca, cb)
	}
	want := `{"data":"2025-03-05","local":"Angra","orgao":{"municipio":"","nome":"","sigla":"","uf":""},"pontos_focais":[{"cargo":"","cpf":"529.982.247-25","email":"","lotacao":"","matricula":"","nome":"","telefone":""}],"titular":{"cargo":"","nome":"Ana <&>"}}`
	if string(ca) != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", ca, want)
	}
	// canonical data decodes to itself
	again, msgs := form.Decode(def, ca)
	if len(msgs) > 0 || !bytes.Equal(form.Canonical(def, again), ca) {
		t.Errorf("round trip: %v", msgs)
	}
}

func TestConferenceCode(t *testing.T) {
	code := form.ConferenceCode([]byte(`{"a":"b"}`))
	if len(code) != len("SP-XXXX-XXXX-XXXX") || !strings.HasPrefix(code, "SP-") {
		t.Fatalf("code = %q", code)
	}
	for _, c := range code[3:] {
		if c != '-' && !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c) {
			t.Errorf("code %q has %q, outside Crockford base 32", code, c)
		}
	}
	if code == form.ConferenceCode([]byte(`{"a":"c"}`)) {
		t.Error("different data, same code")
	}
	if code != form.ConferenceCode([]byte(`{"a":"b"}`)) {
		t.Error("same data, different code")
	}
	typed := strings.ToLower(strings.ReplaceAll(code[3:], "-", " "))
	if got := form.NormalizeCode(typed); got != code {
		t.Errorf("NormalizeCode(%q) = %q; want %q", typed, got, code)
	}
	if form.NormalizeCode("SP-1234") != "" {
		t.Error("short code accepted")
	}
}

func TestSetAndLabels(t *testing.T) {
	def := loadDef(t, "designacao-ponto-focal")
	vals := form.NewValues()
	for _, c := range [][2]string{
		{"pontos_focais.1.cpf", "529.982.247-26"},
		{"pontos_focais.0.cpf", "52998224725"},
		{"data", "05/03/2025"},
	} {
		if err := vals.Set(def, c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := vals.Set(def, "pontos_focais.0.apelido", "x"); err == nil {
		t.Error("Set accepted an unknown field")
	}
	if vals.Len("pontos_focais") != 2 || vals.Get("data") != "2025-03-05" {
		t.Errorf("Set: len %d, data %q", vals.Len("pontos_focais"), vals.Get("data"))
	}
	got := messagesFor(newValidator(t).Validate(def, vals), "pontos_focais.1.cpf")
	if got != "CPF do 2º ponto focal: dígitos verificadores não conferem" {
		t.Errorf("got %q", got)
	}
}

func TestPlaceholders(t *testing.T) {
	names, err := form.Placeholders("Eu, {{nome}}, do {{ orgao.nome }}.")
	if err != nil || strings.Join(names, ",") != "nome,orgao.nome" {
		t.Errorf("Placeholders = %v, %v", names, err)
	}
	if _, err := form.Placeholders("{{nome"); err == nil {
		t.Error("unclosed placeholder accepted")
	}
	got := form.Expand("A {{x}} b {{y}} c {{z", func(n string) string { return strings.ToUpper(n) })
	if got != "A X b Y c {{z" {
		t.Errorf("Expand = %q", got)
	}
}

func FuzzDecodeValidate(f *testing.F) {
	files, _ := filepath.Glob("testdata/messages/*.json")
	for _, file := range append(files, "testdata/designacao-ponto-focal.json", "testdata/criacao-unidade.json") {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"pontos_focais": [null, 1, "x", {"cpf": 1e400}]}`))
	f.Add([]byte("\xff\xfe"))
	// a list over its max, decomposed accents, a character the PDF lacks
	f.Add([]byte(`{"pontos_focais":[` + strings.TrimSuffix(strings.Repeat(`{"nome":"Ana","cpf":"111.444.777-35"},`, 12), ",") + `]}`))
	f.Add([]byte(`{"titular":{"nome":"Conceic\u0327a\u0303o"},"orgao":{"nome":"Nguy\u1ec5n \ud83d\ude00"}}`))
	defs := []*form.Definition{loadDef(f, "designacao-ponto-focal"), loadDef(f, "criacao-unidade")}
	v := newValidator(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, def := range defs {
			vals, msgs := form.Decode(def, data)
			for _, m := range msgs {
				if m.Text == "" {
					t.Fatalf("empty message text: %+v", m)
				}
			}
			if vals == nil {
				continue
			}
			v.Validate(def, vals)
			c := form.Canonical(def, vals)
			again, msgs := form.Decode(def, c)
			if len(msgs) > 0 {
				t.Fatalf("canonical data does not decode: %v\n%s", msgs, c)
			}
			if !bytes.Equal(form.Canonical(def, again), c) {
				t.Fatalf("canonical is not stable:\n%s", c)
			}
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	def := loadDef(b, "designacao-ponto-focal")
	data, err := os.ReadFile("testdata/designacao-ponto-focal.json")
	if err != nil {
		b.Fatal(err)
	}
	v := newValidator(b)
	b.ReportAllocs()
	for b.Loop() {
		vals, msgs := form.Decode(def, data)
		if len(msgs) > 0 {
			b.Fatal(msgs)
		}
		if msgs := v.Validate(def, vals); len(msgs) > 0 {
			b.Fatal(msgs)
		}
	}
}

// TestTagProblem: every tag list a loaded definition keeps runs without a
// panic; the ones validator/v10 would panic on are reported at load, and a
// definition that skipped the loader gets a message, not a panic.
func TestTagProblem(t *testing.T) {
	v := newValidator(t)
	for _, c := range []struct {
		typ, tags, want string
	}{
		{form.TypeText, "required,max=120", ""},
		{form.TypeText, "contains=0x7C", ""},
		{form.TypeText, "oneof=a b c", ""},
		{form.TypeCPF, "required", ""},
		{form.TypeCheckbox, "required", ""},
		{form.TypeText, "required,contains=a|x", "“x” não é uma etiqueta de validação"},
		{form.TypeText, "startswith=a|b|c", "“b” não é uma etiqueta de validação"},
		{form.TypeEmail, "excludes=|", "não funciona num campo do tipo email"},
		{form.TypeCheckbox, "len=1", "só vale a etiqueta “required”"},
		{form.TypeText, "cnpj", "etiqueta de validação desconhecida “cnpj”"},
	} {
		f := &form.Field{Name: "x", Type: c.typ, Label: "X", Validate: c.tags}
		got := v.TagProblem(f)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s %q: got %q, want %q", c.typ, c.tags, got, c.want)
		}
		if c.typ == form.TypeCheckbox {
			continue
		}
		def := &form.Definition{ID: "t", Version: 1, Fields: []form.Field{*f}}
		vals := form.NewValues()
		if err := vals.Set(def, "x", "abc"); err != nil {
			t.Fatal(err)
		}
		msgs := v.Validate(def, vals) // must not panic
		if c.want != "" && len(msgs) == 0 {
			t.Errorf("%q: no message from a tag list that cannot run", c.tags)
		}
	}
}
