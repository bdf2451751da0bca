package generator_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/generator/markup"
)

// TestTrainerExerciseDeadlines recomputes with engine/calendar the answers
// of the deadline exercises of content/instrutores/exercicios.md: the
// answer key and the rule the portal applies cannot diverge. Each answer
// is the same whether pontos facultativos count as days off or not (the
// question does not say), and the question names the start date.
func TestTrainerExerciseDeadlines(t *testing.T) {
	src, err := os.ReadFile("../content/instrutores/exercicios.md")
	if err != nil {
		t.Fatal(err)
	}
	d := markup.New().Parse(src)
	byID := map[string]markup.Exercise{}
	for _, ex := range d.Exercises {
		byID[ex.ID] = ex
	}
	for _, c := range []struct {
		id    string
		start calendar.Date
		days  int
	}{
		{"prazo-desativacao", calendar.Of(2026, time.August, 3), 45},             // art. 35 da IN nº 15/2024
		{"conferencia-usuario-externo", calendar.Of(2026, time.November, 19), 2}, // art. 11, I, da Portaria nº 41/2022
	} {
		ex, ok := byID[c.id]
		if !ok {
			t.Errorf("exercise %q not found in exercicios.md", c.id)
			continue
		}
		if ex.Type != markup.ExerciseDate || len(ex.Answer) != 1 {
			t.Errorf("%s: type %s, answer %v; want one date", c.id, ex.Type, ex.Answer)
			continue
		}
		if !strings.Contains(ex.Question, c.start.Long()) {
			t.Errorf("%s: the question does not name the start date %q: %s", c.id, c.start.Long(), ex.Question)
		}
		if n := strings.Fields(strings.ReplaceAll(ex.Question, "dois", "2")); !strings.Contains(strings.Join(n, " "), " "+strconv.Itoa(c.days)+" dias úteis") {
			t.Errorf("%s: the question does not say %d dias úteis: %s", c.id, c.days, ex.Question)
		}
		for _, optional := range []bool{false, true} {
			cal, err := calendar.New(calendar.Config{IncludeOptional: optional})
			if err != nil {
				t.Fatal(err)
			}
			want := cal.AddBusinessDays(c.start, c.days)
			if ex.Answer[0] != want.String() {
				t.Errorf("%s: answer %s; engine/calendar counts %d dias úteis from %s to %s (pontos facultativos as days off: %v)", c.id, ex.Answer[0], c.days, c.start, want, optional)
			}
			// The exercise is about a holiday: without it the answer
			// would differ.
			var holidays int
			for day := c.start.AddDays(1); !day.After(want); day = day.AddDays(1) {
				if len(cal.HolidaysOn(day)) > 0 && day.Weekday() != time.Saturday && day.Weekday() != time.Sunday {
					holidays++
				}
			}
			if holidays == 0 {
				t.Errorf("%s: no holiday on a weekday between %s and %s: the exercise teaches nothing about holidays", c.id, c.start, want)
			}
		}
	}
}
