package load

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/engine/checklist"
	"github.com/seiportal/seiportal/internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/errors/*.txtar")

// TestErrors loads each testdata/errors/*.txtar as a file tree and compares
// the errors of Dir(tree, "content/checklists"), one per line, followed by
// the ids of the definitions it returned, with the archive's "want" file.
func TestErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			want := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					want = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			if want < 0 {
				t.Fatal("no want file")
			}
			defs, errs := Dir(fsys, "content/checklists")
			var b strings.Builder
			for _, e := range errs {
				b.WriteString(e.Error())
				b.WriteByte('\n')
			}
			for _, d := range defs {
				b.WriteString("# carregado: " + d.ID + "\n")
			}
			got := b.String()
			if *update {
				ar.Files[want].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if w := string(ar.Files[want].Data); got != w {
				t.Errorf("got:\n%s\nwant:\n%s", got, w)
			}
		})
	}
}

func loadShipped(t testing.TB) *checklist.Definition {
	t.Helper()
	defs, errs := Dir(os.DirFS("../../.."), "content/checklists")
	if len(errs) > 0 {
		t.Fatalf("content/checklists has errors:\n%v", errs)
	}
	for _, d := range defs {
		if d.ID == "adesao" {
			return d
		}
	}
	t.Fatal("content/checklists has no checklist with id adesao")
	return nil
}

func TestShippedChecklist(t *testing.T) {
	def := loadShipped(t)
	if def.File != "content/checklists/adesao.yaml" {
		t.Errorf("File = %q", def.File)
	}
	var stages []string
	for _, s := range def.Stages {
		stages = append(stages, s.ID)
		if n := len(s.Items); n < 4 || n > 7 {
			t.Errorf("stage %s has %d items; want 4 to 7", s.ID, n)
		}
	}
	if got, want := strings.Join(stages, " "), "adesao interlocutores regulamentacao cadastros-e-configuracoes capacitacao"; got != want {
		t.Errorf("stages = %s; want %s", got, want)
	}
	roles := map[string]bool{}
	for _, r := range def.Roles {
		roles[r.Title] = true
	}
	for _, r := range []string{"Gestor SEI", "Gestor de TI", "Gestor do Conhecimento", "Gestor Documental", "Ponto Focal", "Prefeito"} {
		if !roles[r] {
			t.Errorf("role %q missing", r)
		}
	}
	if err := checklist.Validate(def); err != nil {
		t.Errorf("Validate: %v", err)
	}
	// The provisions the brief names are cited, with their positions.
	cited := map[string]checklist.Ref{}
	for _, s := range def.Stages {
		for _, it := range s.Items {
			for _, r := range it.Basis {
				cited[r.Target] = r
			}
		}
	}
	for _, target := range []string{"norma:in-15-2024#art29", "norma:portaria-41-2022#art12_par1", "norma:portaria-41-2022#art10_par2", "norma:in-15-2024#art19"} {
		r, ok := cited[target]
		if !ok {
			t.Errorf("%s not cited", target)
			continue
		}
		if r.File != def.File || r.Line == 0 || r.Col == 0 {
			t.Errorf("%s has no position: %+v", target, r)
		}
	}
}

// TestRefPosition checks that a citation keeps the line and column of its
// source, for the generator's "does not resolve" errors.
func TestRefPosition(t *testing.T) {
	src := "id: a\ntitle: T\nroles: [{id: r, title: R}]\nstages:\n  - id: e\n    title: E\n    items:\n      - id: x\n        title: X\n        role: r\n        basis:\n          - norma:in-15-2024#art29\n          - \"norma:in-15-2024#art35\"\n"
	def, errs := File("content/checklists/a.yaml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := def.Stages[0].Items[0].Basis
	want := []checklist.Ref{
		{Target: "norma:in-15-2024#art29", File: "content/checklists/a.yaml", Line: 12, Col: 13},
		{Target: "norma:in-15-2024#art35", File: "content/checklists/a.yaml", Line: 13, Col: 13},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Basis = %+v; want %+v", got, want)
	}
}

// TestJSONRoundTrip: what the generator embeds for the app reads back the
// same (positions, which are json:"-", aside).
func TestJSONRoundTrip(t *testing.T) {
	def := loadShipped(t)
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	var back checklist.Definition
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := *def
	want.File = ""
	want.Stages = append([]checklist.Stage(nil), def.Stages...)
	for si := range want.Stages {
		items := append([]checklist.Item(nil), want.Stages[si].Items...)
		for ii := range items {
			basis := append([]checklist.Ref(nil), items[ii].Basis...)
			for bi := range basis {
				basis[bi] = checklist.Ref{Target: basis[bi].Target}
			}
			items[ii].Basis = basis
			if dl := items[ii].Deadline; dl != nil {
				items[ii].Deadline = &checklist.Deadline{After: dl.After, Days: dl.Days, Unit: dl.Unit, Origin: checklist.Ref{Target: dl.Origin.Target}}
			}
		}
		want.Stages[si].Items = items
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("JSON round trip differs:\n%s", b)
	}
	b2, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("JSON of the round-tripped definition differs")
	}
	if !bytes.Contains(b, []byte(`"deadline":{"after":"inicio","days":5,"unit":"uteis","origin":{"target":"sugerido"}}`)) {
		t.Errorf("unexpected deadline JSON in %s", b)
	}
}

func TestDeterministic(t *testing.T) {
	data, err := os.ReadFile("testdata/errors/values.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ar := txtar.Parse(data)
	_, first := File("a.yaml", ar.Files[0].Data)
	for i := 0; i < 20; i++ {
		_, again := File("a.yaml", ar.Files[0].Data)
		if again.Error() != first.Error() {
			t.Fatalf("run %d differs:\n%v\nvs\n%v", i, again, first)
		}
	}
}

func FuzzLoad(f *testing.F) {
	if data, err := os.ReadFile("../../../content/checklists/adesao.yaml"); err == nil {
		f.Add(data)
	} else {
		f.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if af.Name != "want" {
				f.Add(af.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		def, errs := File("f.yaml", data)
		for _, e := range errs {
			if e.File != "f.yaml" || e.Msg == "" {
				t.Errorf("bad error %+v", e)
			}
		}
		if (def == nil) == (len(errs) == 0) {
			t.Fatalf("def %v with %d errors", def != nil, len(errs))
		}
		if def == nil {
			return
		}
		if err := checklist.Validate(def); err != nil {
			t.Fatalf("loaded without errors but Validate: %v", err)
		}
		if _, err := json.Marshal(def); err != nil {
			t.Fatalf("json: %v", err)
		}
	})
}

func BenchmarkFile(b *testing.B) {
	data, err := os.ReadFile("../../../content/checklists/adesao.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, errs := File("adesao.yaml", data); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkEvaluateShipped evaluates the shipped checklist half done, the
// work the app does on every change.
func BenchmarkEvaluateShipped(b *testing.B) {
	def := loadShipped(b)
	cal, err := def.Calendar()
	if err != nil {
		b.Fatal(err)
	}
	start := calendar.Of(2026, 2, 2)
	st := checklist.State{Start: start, Items: map[string]checklist.ItemState{}}
	n := 0
	for _, s := range def.Stages {
		for _, it := range s.Items {
			if n%2 == 0 {
				st.Items[it.ID] = checklist.ItemState{Done: true, DoneOn: start.AddDays(n)}
			}
			n++
		}
	}
	today := calendar.Of(2026, 5, 4)
	for b.Loop() {
		checklist.Evaluate(def, st, today, cal)
	}
}
