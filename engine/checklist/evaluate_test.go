package checklist

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/calendar"
)

func day(s string) calendar.Date {
	d, err := calendar.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// testDef is a two-stage checklist:
//
//	s1: a (5 dias úteis from the start), b (after a, 10 dias corridos from a), c (after a and b)
//	s2: d (45 dias úteis from the start), e (after d), f (after an unknown item), g (after d, 3 dias úteis from the start)
func testDef() *Definition {
	return &Definition{
		ID: "t", Title: "Teste",
		Roles: []Role{{ID: "prefeito", Title: "Prefeito"}},
		Stages: []Stage{
			{ID: "s1", Title: "Adesão", Items: []Item{
				{ID: "a", Title: "Assinar o Termo de Adesão", Role: "prefeito",
					Evidence: []Evidence{{Name: "processo", Label: "Número do processo", Kind: Process, Required: true}},
					Deadline: &Deadline{After: Start, Days: 5, Unit: BusinessDays, Origin: Ref{Target: Suggested}}},
				{ID: "b", Title: "Assinar o ACT", Role: "prefeito", DependsOn: []string{"a"},
					Deadline: &Deadline{After: "a", Days: 10, Unit: CalendarDays, Origin: Ref{Target: Suggested}}},
				{ID: "c", Title: "Publicar o extrato", Role: "prefeito", DependsOn: []string{"a", "b"}},
			}},
			{ID: "s2", Title: "Cadastros", Items: []Item{
				{ID: "d", Title: "D", Role: "prefeito", Deadline: &Deadline{After: Start, Days: 45, Unit: BusinessDays, Origin: Ref{Target: "norma:in-15-2024#art35"}}},
				{ID: "e", Title: "E", Role: "prefeito", DependsOn: []string{"d"}},
				{ID: "f", Title: "F", Role: "prefeito", DependsOn: []string{"fantasma"}},
				{ID: "g", Title: "G", Role: "prefeito", DependsOn: []string{"d"},
					Deadline: &Deadline{After: Start, Days: 3, Unit: BusinessDays, Origin: Ref{Target: Suggested}}},
			}},
		},
	}
}

func done(on string) ItemState { return ItemState{Done: true, DoneOn: day(on)} }

func TestEvaluate(t *testing.T) {
	cal, err := calendar.New(calendar.Config{IncludeOptional: true})
	if err != nil {
		t.Fatal(err)
	}
	start := day("2026-02-02") // Monday; Carnaval is 16–17 February 2026
	tests := []struct {
		name    string
		state   State
		today   string
		items   []string // "id status due daysLeft [late] [blockedBy…]"
		stages  []string // "id done/total percent% overdue"
		overall string
	}{
		{
			name:  "nothing done",
			state: State{Start: start},
			today: "2026-02-05",
			items: []string{
				"a pendente 2026-02-09 2",
				"b bloqueado - 0 [a]",
				"c bloqueado - 0 [a b]",
				"d pendente 2026-04-09 42",
				"e bloqueado - 0 [d]",
				"f bloqueado - 0 [fantasma]",
				"g bloqueado 2026-02-05 0 [d]",
			},
			stages:  []string{"s1 0/3 0% 0", "s2 0/4 0% 0"},
			overall: "0/7 0% 0",
		},
		{
			name:  "due today",
			state: State{Start: start},
			today: "2026-02-09",
			items: []string{
				"a vence_hoje 2026-02-09 0",
				"b bloqueado - 0 [a]",
				"c bloqueado - 0 [a b]",
				"d pendente 2026-04-09 40",
				"e bloqueado - 0 [d]",
				"f bloqueado - 0 [fantasma]",
				"g bloqueado 2026-02-05 -2 late [d]",
			},
			stages:  []string{"s1 0/3 0% 0", "s2 0/4 0% 1"},
			overall: "0/7 0% 1",
		},
		{
			name:  "overdue",
			state: State{Start: start},
			today: "2026-02-10",
			items: []string{
				"a atrasado 2026-02-09 -1 late",
				"b bloqueado - 0 [a]",
				"c bloqueado - 0 [a b]",
				"d pendente 2026-04-09 39",
				"e bloqueado - 0 [d]",
				"f bloqueado - 0 [fantasma]",
				"g bloqueado 2026-02-05 -3 late [d]",
			},
			stages:  []string{"s1 0/3 0% 1", "s2 0/4 0% 1"},
			overall: "0/7 0% 2",
		},
		{
			// b is due 10 dias corridos after a (6 Feb) = 16 Feb, Carnaval
			// Monday, a ponto facultativo here, so it moves to 18 Feb.
			name:  "deadline counted from a dependency, across Carnaval",
			state: State{Start: start, Items: map[string]ItemState{"a": done("2026-02-06")}},
			today: "2026-02-20",
			items: []string{
				"a feito 2026-02-09 0",
				"b atrasado 2026-02-18 -2 late",
				"c bloqueado - 0 [b]",
				"d pendente 2026-04-09 33",
				"e bloqueado - 0 [d]",
				"f bloqueado - 0 [fantasma]",
				"g bloqueado 2026-02-05 -9 late [d]",
			},
			stages:  []string{"s1 1/3 33% 1", "s2 0/4 0% 1"},
			overall: "1/7 14% 2",
		},
		{
			name: "stage complete, one item done late",
			state: State{Start: start, Items: map[string]ItemState{
				"a": done("2026-02-12"), "b": done("2026-02-13"), "c": done("2026-02-13"), "d": done("2026-03-02"),
			}},
			today: "2026-03-02",
			items: []string{
				"a feito 2026-02-09 0 late",
				"b feito 2026-02-23 0",
				"c feito - 0",
				"d feito 2026-04-09 0",
				"e pendente - 0",
				"f bloqueado - 0 [fantasma]",
				"g atrasado 2026-02-05 -15 late",
			},
			stages:  []string{"s1 3/3 100% 0", "s2 1/4 25% 1"},
			overall: "4/7 57% 1",
		},
		{
			name:  "no start date: no deadlines yet",
			state: State{},
			today: "2026-02-10",
			items: []string{
				"a pendente - 0",
				"b bloqueado - 0 [a]",
				"c bloqueado - 0 [a b]",
				"d pendente - 0",
				"e bloqueado - 0 [d]",
				"f bloqueado - 0 [fantasma]",
				"g bloqueado - 0 [d]",
			},
			stages:  []string{"s1 0/3 0% 0", "s2 0/4 0% 0"},
			overall: "0/7 0% 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Evaluate(testDef(), tt.state, day(tt.today), cal)
			var items []string
			for _, ir := range rep.Items {
				due := ir.Due.String()
				if due == "" {
					due = "-"
				}
				s := ir.ID + " " + string(ir.Status) + " " + due + " " + itoa(ir.DaysLeft)
				if ir.Late {
					s += " late"
				}
				if len(ir.BlockedBy) > 0 {
					s += " [" + strings.Join(ir.BlockedBy, " ") + "]"
				}
				items = append(items, s)
			}
			if got, want := strings.Join(items, "\n"), strings.Join(tt.items, "\n"); got != want {
				t.Errorf("items:\n%s\nwant:\n%s", got, want)
			}
			var stages []string
			for _, sp := range rep.Stages {
				stages = append(stages, sp.ID+" "+progress(sp.Progress))
			}
			if got, want := strings.Join(stages, "\n"), strings.Join(tt.stages, "\n"); got != want {
				t.Errorf("stages:\n%s\nwant:\n%s", got, want)
			}
			if got := progress(rep.Overall); got != tt.overall {
				t.Errorf("overall = %s; want %s", got, tt.overall)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func progress(p Progress) string {
	return itoa(p.Done) + "/" + itoa(p.Total) + " " + itoa(p.Percent) + "% " + itoa(p.Overdue)
}

func TestEvaluateBusinessDaysWithoutPontosFacultativos(t *testing.T) {
	cal, _ := calendar.New(calendar.Config{})
	rep := Evaluate(testDef(), State{Start: day("2026-02-02")}, day("2026-02-05"), cal)
	if ir, _ := rep.Item("d"); ir.Due != day("2026-04-07") {
		t.Errorf("d due %v; want 2026-04-07 (Carnaval counted as dias úteis)", ir.Due)
	}
	// A nil calendar means national holidays only.
	rep = Evaluate(testDef(), State{Start: day("2026-02-02")}, day("2026-02-05"), nil)
	if ir, _ := rep.Item("d"); ir.Due != day("2026-04-07") {
		t.Errorf("nil calendar: d due %v; want 2026-04-07", ir.Due)
	}
}

func TestEvaluateDeterministicJSON(t *testing.T) {
	st := State{Start: day("2026-02-02"), Items: map[string]ItemState{
		"a": done("2026-02-06"), "d": done("2026-02-10"), "b": {Evidence: map[string]string{"x": "1", "a": "2"}},
	}}
	first := jsonString(Evaluate(testDef(), st, day("2026-02-20"), nil))
	for i := 0; i < 20; i++ {
		if got := jsonString(Evaluate(testDef(), st, day("2026-02-20"), nil)); got != first {
			t.Fatalf("run %d differs:\n%s\n%s", i, got, first)
		}
	}
	if !strings.Contains(first, `{"id":"b","stage":"s1","status":"atrasado","due":"2026-02-16","days_left":-4,"unit":"corridos","suggested_deadline":true,"late":true}`) {
		t.Errorf("unexpected JSON: %s", first)
	}
}

func TestStateJSON(t *testing.T) {
	in := State{Start: day("2026-02-02"), Items: map[string]ItemState{
		"a": {Done: true, DoneOn: day("2026-02-06"), Evidence: map[string]string{"processo": "23101.002712/2024-14"}},
		"b": {},
	}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"start":"2026-02-02","items":{"a":{"done":true,"done_on":"2026-02-06","evidence":{"processo":"23101.002712/2024-14"}},"b":{}}}`
	if string(b) != want {
		t.Errorf("Marshal = %s; want %s", b, want)
	}
	var out State
	if err := json.Unmarshal(b, &out); err != nil || !reflect.DeepEqual(out, in) {
		t.Errorf("round trip = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"start":"2026-02-30"}`), &out); err == nil {
		t.Error("accepted a start date that does not exist")
	}
}

func TestCanComplete(t *testing.T) {
	def := testDef()
	withEvidence := func(v string) State {
		return State{Items: map[string]ItemState{"a": {Evidence: map[string]string{"processo": v}}}}
	}
	tests := []struct {
		name   string
		state  State
		item   string
		ok     bool
		reason string
	}{
		{"missing dependency", State{}, "b", false, "Conclua antes: Assinar o Termo de Adesão."},
		{"two missing dependencies, in order", State{}, "c", false, "Conclua antes: Assinar o Termo de Adesão; Assinar o ACT."},
		{"one of two done", State{Items: map[string]ItemState{"a": done("2026-02-06")}}, "c", false, "Conclua antes: Assinar o ACT."},
		{"unknown dependency named by id", State{}, "f", false, "Conclua antes: fantasma."},
		{"required evidence missing", State{}, "a", false, "Corrija as evidências: Número do processo: campo obrigatório."},
		{"bad process number", withEvidence("23101.002712/2024-15"), "a", false,
			`Corrija as evidências: Número do processo: número de processo "23101.002712/2024-15" com dígitos verificadores que não conferem: confira o número.`},
		{"valid", withEvidence("23101.002712/2024-14"), "a", true, ""},
		{"no dependencies, no evidence", State{}, "d", true, ""},
		{"unknown item", State{}, "zzz", false, `Item desconhecido: "zzz".`},
	}
	for _, tt := range tests {
		ok, reason := CanComplete(def, tt.state, tt.item)
		if ok != tt.ok || reason != tt.reason {
			t.Errorf("%s: CanComplete(%s) = %v, %q; want %v, %q", tt.name, tt.item, ok, reason, tt.ok, tt.reason)
		}
	}
	if ok, reason := CanComplete(nil, State{}, "a"); ok || reason == "" {
		t.Errorf("nil definition: %v, %q", ok, reason)
	}
}

func TestEvaluateInvalidDefinitionTerminates(t *testing.T) {
	def := testDef()
	def.Stages[0].Items[0].DependsOn = []string{"c"} // a → c → a
	def.Stages[0].Items[1].Deadline = &Deadline{After: "b", Days: -4, Unit: "semanas"}
	rep := Evaluate(def, State{Start: day("2026-02-02")}, day("2026-02-05"), nil)
	if ir, _ := rep.Item("a"); ir.Status != Blocked || !reflect.DeepEqual(ir.BlockedBy, []string{"c"}) {
		t.Errorf("a = %+v", ir)
	}
	if Evaluate(nil, State{}, day("2026-02-05"), nil).Overall.Total != 0 {
		t.Error("nil definition has items")
	}
}

func BenchmarkEvaluate(b *testing.B) {
	def := testDef()
	cal, _ := calendar.New(calendar.Config{IncludeOptional: true})
	st := State{Start: day("2026-02-02"), Items: map[string]ItemState{"a": done("2026-02-06")}}
	today := day("2026-03-20")
	for b.Loop() {
		Evaluate(def, st, today, cal)
	}
}

// TestEvaluateSuggestedDeadline checks that the report says which deadlines
// are suggestions (shown as "prazo sugerido") and which a norm sets, in the
// JSON the app reads.
func TestEvaluateSuggestedDeadline(t *testing.T) {
	rep := Evaluate(testDef(), State{Start: day("2026-02-02")}, day("2026-02-05"), nil)
	want := map[string]bool{"a": true, "b": true, "c": false, "d": false, "g": true}
	for id, suggested := range want {
		ir, ok := rep.Item(id)
		if !ok {
			t.Fatalf("no item %q", id)
		}
		if ir.SuggestedDeadline != suggested {
			t.Errorf("item %q: SuggestedDeadline = %v, want %v", id, ir.SuggestedDeadline, suggested)
		}
		data, err := json.Marshal(ir)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(data), `"suggested_deadline":true`); got != suggested {
			t.Errorf("item %q: JSON %s", id, data)
		}
	}
}
