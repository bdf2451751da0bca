package checklist

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	if err := Validate(testDef()); err == nil || err.Error() != `etapa "s2", item "f": depends_on: item desconhecido "fantasma"` {
		t.Errorf("Validate(testDef) = %v", err)
	}
	def := testDef()
	def.Stages[1].Items[2].DependsOn = nil
	if err := Validate(def); err != nil {
		t.Errorf("Validate = %v", err)
	}
	def.Stages[0].Items[0].DependsOn = []string{"c"} // a → c → a, and a → c → b → a

	def.Stages[1].Items[0].DependsOn = []string{"g"}
	err := Validate(def)
	want := []string{
		`etapa "s1", item "c": ciclo de dependências: a → c → a`,
		`etapa "s1", item "b": ciclo de dependências: a → c → b → a`,
		`etapa "s2", item "g": ciclo de dependências: d → g → d`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("Validate = %v; want\n%s", err, strings.Join(want, "\n"))
	}
	if err := Validate(nil); err == nil || err.Error() != "checklist vazio" {
		t.Errorf("Validate(nil) = %v", err)
	}
}

// A long chain must not exhaust the stack of the cycle search.
func TestValidateLongChain(t *testing.T) {
	const n = 20000
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{ID: "i" + itoa(i), Title: "I", Role: "r"}
		if i > 0 {
			items[i].DependsOn = []string{"i" + itoa(i-1)}
		}
	}
	items[0].DependsOn = []string{"i" + itoa(n-1)}
	def := &Definition{ID: "x", Title: "X", Roles: []Role{{ID: "r", Title: "R"}}, Stages: []Stage{{ID: "s", Title: "S", Items: items}}}
	ps := Problems(def)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Msg, "ciclo de dependências: i0 → i19999 → i19998 → ") || !strings.HasSuffix(ps[0].Msg, " → i2 → i1 → i0") {
		t.Errorf("got %d problems", len(ps))
	}
}
