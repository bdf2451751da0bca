package checklist

import (
	"errors"
	"fmt"
	"strings"

	"github.com/seiportal/seiportal/engine/calendar"
)

// Loc names the place in a Definition a Problem was found at, so that a
// loader can map it back to a position in its source.
type Loc struct {
	Stage int    // index in Stages; -1 outside any stage
	Item  int    // index in the stage's Items; -1 for the stage itself
	Field string // "id", "title", "role", "depends_on", "evidence", "basis", "deadline", "roles", "holidays", "stages", "items"; "" for the whole node
	Index int    // element of a list field; -1 otherwise
	Sub   string // key inside that element or inside deadline: "id", "name", "kind", "after", "days", "unit", "origin", "date"…
}

// Problem is something wrong in a Definition, with a message in
// Portuguese.
type Problem struct {
	Loc Loc
	Msg string
}

// Problems checks def and returns what is wrong with it, in definition
// order: missing or malformed ids and titles, duplicate ids, unknown roles,
// unknown items in depends_on or deadline.after, dependency cycles (named
// "a → b → a"), unknown evidence kinds or deadline units, malformed
// citations, deadlines without an origin, bad holidays.
func Problems(def *Definition) []Problem {
	v := validator{def: def}
	v.check()
	return v.out
}

// Validate returns nil when def has no problems, else an error listing
// them, each prefixed with where it is ("etapa adesao, item termo: …").
func Validate(def *Definition) error {
	ps := Problems(def)
	if len(ps) == 0 {
		return nil
	}
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = errors.New(p.String(def))
	}
	return errors.Join(errs...)
}

// String formats p with its place in def spelled out.
func (p Problem) String(def *Definition) string {
	var where []string
	if p.Loc.Stage >= 0 && def != nil && p.Loc.Stage < len(def.Stages) {
		st := def.Stages[p.Loc.Stage]
		where = append(where, fmt.Sprintf("etapa %q", st.ID))
		if p.Loc.Item >= 0 && p.Loc.Item < len(st.Items) {
			where = append(where, fmt.Sprintf("item %q", st.Items[p.Loc.Item].ID))
		}
	}
	if len(where) == 0 {
		return p.Msg
	}
	return strings.Join(where, ", ") + ": " + p.Msg
}

type validator struct {
	def *Definition
	out []Problem
}

func (v *validator) add(loc Loc, format string, args ...any) {
	v.out = append(v.out, Problem{Loc: loc, Msg: fmt.Sprintf(format, args...)})
}

func top(field string, index int, sub string) Loc {
	return Loc{Stage: -1, Item: -1, Field: field, Index: index, Sub: sub}
}

func (v *validator) checkID(loc Loc, id, what string) {
	switch {
	case id == "":
		v.add(loc, "%s sem id", what)
	case !ValidID(id):
		v.add(loc, "id inválido %q: use letras minúsculas sem acento, algarismos e hífens", id)
	}
}

func (v *validator) check() {
	def := v.def
	if def == nil {
		v.add(top("", -1, ""), "checklist vazio")
		return
	}
	v.checkID(top("id", -1, ""), def.ID, "checklist")
	if strings.TrimSpace(def.Title) == "" {
		v.add(top("title", -1, ""), "checklist sem título (title)")
	}

	roles := map[string]bool{}
	if len(def.Roles) == 0 {
		v.add(top("roles", -1, ""), "nenhum papel definido (roles)")
	}
	for i, r := range def.Roles {
		v.checkID(top("roles", i, "id"), r.ID, "papel")
		if roles[r.ID] && r.ID != "" {
			v.add(top("roles", i, "id"), "papel duplicado %q", r.ID)
		}
		roles[r.ID] = true
		if strings.TrimSpace(r.Title) == "" {
			v.add(top("roles", i, "title"), "papel %q sem título", r.ID)
		}
	}

	for i, h := range def.Holidays {
		if err := calendar.CheckHoliday(h); err != nil {
			sub := "date"
			switch {
			case strings.TrimSpace(h.Name) == "":
				sub = "name"
			case !h.Kind.Valid():
				sub = "kind"
			}
			v.add(top("holidays", i, sub), "%v", err)
		}
	}

	// Ids of stages and items share one namespace with "inicio".
	items := map[string]bool{}
	stages := map[string]bool{}
	if len(def.Stages) == 0 {
		v.add(top("stages", -1, ""), "nenhuma etapa definida (stages)")
	}
	for si, st := range def.Stages {
		sloc := Loc{Stage: si, Item: -1, Index: -1}
		v.checkID(with(sloc, "id"), st.ID, "etapa")
		if st.ID != "" && stages[st.ID] {
			v.add(with(sloc, "id"), "etapa duplicada %q", st.ID)
		}
		stages[st.ID] = true
		if strings.TrimSpace(st.Title) == "" {
			v.add(with(sloc, "title"), "etapa %q sem título", st.ID)
		}
		if len(st.Items) == 0 {
			v.add(with(sloc, "items"), "etapa %q sem itens", st.ID)
		}
		for ii, it := range st.Items {
			iloc := Loc{Stage: si, Item: ii, Index: -1}
			v.checkID(with(iloc, "id"), it.ID, "item")
			switch {
			case it.ID == Start:
				v.add(with(iloc, "id"), "o id %q é reservado (prazos contados do início da adesão)", Start)
			case it.ID != "" && items[it.ID]:
				v.add(with(iloc, "id"), "item duplicado %q", it.ID)
			}
			items[it.ID] = true
		}
	}

	for si, st := range def.Stages {
		for ii, it := range st.Items {
			v.checkItem(Loc{Stage: si, Item: ii, Index: -1}, it, roles, items)
		}
	}
	v.checkCycles()
}

func with(l Loc, field string) Loc {
	l.Field = field
	return l
}

func at(l Loc, field string, index int, sub string) Loc {
	l.Field, l.Index, l.Sub = field, index, sub
	return l
}

func (v *validator) checkItem(loc Loc, it Item, roles, items map[string]bool) {
	if strings.TrimSpace(it.Title) == "" {
		v.add(with(loc, "title"), "item %q sem título", it.ID)
	}
	switch {
	case it.Role == "":
		v.add(with(loc, "role"), "item %q sem papel responsável (role)", it.ID)
	case !roles[it.Role] && len(v.def.Roles) > 0:
		v.add(with(loc, "role"), "papel desconhecido %q (papéis definidos: %s)", it.Role, v.roleList())
	}

	seen := map[string]bool{}
	for i, dep := range it.DependsOn {
		l := at(loc, "depends_on", i, "")
		switch {
		case dep == it.ID:
			v.add(l, "o item %q não pode depender de si mesmo", it.ID)
		case seen[dep]:
			v.add(l, "dependência repetida %q", dep)
		case !items[dep]:
			v.add(l, "depends_on: item desconhecido %q", dep)
		}
		seen[dep] = true
	}

	names := map[string]bool{}
	for i, e := range it.Evidence {
		switch {
		case e.Name == "":
			v.add(at(loc, "evidence", i, "name"), "evidência sem nome (name)")
		case !ValidID(e.Name):
			v.add(at(loc, "evidence", i, "name"), "nome de evidência inválido %q: use letras minúsculas sem acento, algarismos e hífens", e.Name)
		case names[e.Name]:
			v.add(at(loc, "evidence", i, "name"), "evidência duplicada %q", e.Name)
		}
		names[e.Name] = true
		if strings.TrimSpace(e.Label) == "" {
			v.add(at(loc, "evidence", i, "label"), "evidência %q sem rótulo (label)", e.Name)
		}
		if !e.Kind.Valid() {
			v.add(at(loc, "evidence", i, "kind"), "tipo de evidência desconhecido %q (use processo, data, link ou texto)", e.Kind)
		}
	}

	for i, r := range it.Basis {
		if _, err := ParseBasis(r.Target); err != nil {
			v.add(at(loc, "basis", i, ""), "%v", err)
		}
	}

	if dl := it.Deadline; dl != nil {
		switch {
		case dl.After == "":
			v.add(at(loc, "deadline", -1, "after"), "prazo sem referência (after): use %q ou o id de um item", Start)
		case dl.After == it.ID:
			v.add(at(loc, "deadline", -1, "after"), "o prazo do item %q não pode contar da conclusão dele mesmo", it.ID)
		case dl.After != Start && !items[dl.After]:
			v.add(at(loc, "deadline", -1, "after"), "deadline.after: item desconhecido %q", dl.After)
		}
		if dl.Days < 1 || dl.Days > MaxDeadlineDays {
			v.add(at(loc, "deadline", -1, "days"), "prazo de %d dias fora do intervalo de 1 a %d", dl.Days, MaxDeadlineDays)
		}
		if !dl.Unit.Valid() {
			v.add(at(loc, "deadline", -1, "unit"), "unidade de prazo desconhecida %q (use uteis ou corridos)", dl.Unit)
		}
		v.checkOrigin(at(loc, "deadline", -1, "origin"), dl.Origin.Target)
	}
}

// checkOrigin checks the syntax of a deadline's origin; whether the cited
// provision sets the term is checked by the generator, which knows the
// norms' texts.
func (v *validator) checkOrigin(loc Loc, origin string) {
	switch {
	case origin == "":
		v.add(loc, "prazo sem origem (origin): cite o dispositivo que fixa o prazo (ex.: origin: norma:in-15-2024#art35) ou, se nenhuma norma o fixa, escreva origin: %s", Suggested)
	case origin == Suggested:
	case !strings.HasPrefix(origin, RefScheme):
		v.add(loc, "origem do prazo desconhecida %q: use a citação do dispositivo que fixa o prazo (norma:<norma>#<dispositivo>) ou %q", origin, Suggested)
	default:
		if _, prov, err := ParseRef(origin); err != nil {
			v.add(loc, "%v", err)
		} else if prov == "" {
			v.add(loc, "origem do prazo %q cita a norma inteira: cite o dispositivo que fixa o prazo (ex.: %s#art35)", origin, origin)
		}
	}
}

func (v *validator) roleList() string {
	ids := make([]string, 0, len(v.def.Roles))
	for _, r := range v.def.Roles {
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return "nenhum"
	}
	return strings.Join(ids, ", ")
}

// checkCycles reports every dependency cycle once, at the depends_on entry
// that closes it, naming it "a → b → c → a" from its first item in
// definition order.
func (v *validator) checkCycles() {
	type node struct {
		loc  Loc
		deps []string
	}
	index := map[string]int{}
	var nodes []node
	var ids []string
	for si, st := range v.def.Stages {
		for ii, it := range st.Items {
			if _, dup := index[it.ID]; dup {
				continue
			}
			index[it.ID] = len(nodes)
			nodes = append(nodes, node{loc: Loc{Stage: si, Item: ii, Index: -1}, deps: it.DependsOn})
			ids = append(ids, it.ID)
		}
	}
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(nodes))
	seen := map[string]bool{}
	var stack []int
	// Iterative DFS, so that a long chain cannot exhaust the stack.
	type frame struct{ n, next int }
	for root := range nodes {
		if color[root] != white {
			continue
		}
		frames := []frame{{n: root}}
		color[root] = grey
		stack = append(stack[:0], root)
		for len(frames) > 0 {
			f := &frames[len(frames)-1]
			if f.next == len(nodes[f.n].deps) {
				color[f.n] = black
				frames = frames[:len(frames)-1]
				stack = stack[:len(stack)-1]
				continue
			}
			depIdx := f.next
			f.next++
			m, ok := index[nodes[f.n].deps[depIdx]]
			if !ok || m == f.n {
				continue // unknown or self: reported elsewhere
			}
			switch color[m] {
			case white:
				color[m] = grey
				stack = append(stack, m)
				frames = append(frames, frame{n: m})
			case grey:
				start := 0
				for stack[start] != m {
					start++
				}
				cycle := append([]int(nil), stack[start:]...)
				// Rotate so that the cycle starts at its first item in
				// definition order.
				low := 0
				for i := range cycle {
					if cycle[i] < cycle[low] {
						low = i
					}
				}
				cycle = append(cycle[low:], cycle[:low]...)
				names := make([]string, 0, len(cycle)+1)
				for _, c := range cycle {
					names = append(names, ids[c])
				}
				names = append(names, ids[cycle[0]])
				key := strings.Join(names, " → ")
				if !seen[key] {
					seen[key] = true
					v.add(at(nodes[f.n].loc, "depends_on", depIdx, ""), "ciclo de dependências: %s", key)
				}
			}
		}
	}
}
