// Package load reads checklist definitions from YAML files
// (content/checklists/*.yaml) and reports every problem as a positioned
// diag.Error, "content/checklists/adesao.yaml:12:20: message", in
// Portuguese: syntax errors, unknown keys, values of the wrong type, and
// everything checklist.Problems finds (unknown items in depends_on or
// deadline.after, dependency cycles, duplicate ids, unknown roles or
// evidence kinds, malformed citations…).
//
// The format, keys in English and values in Portuguese:
//
//	id: adesao
//	title: Checklist de adesão ao SEI
//	version: "1.0"
//	include_optional_holidays: true     # Carnaval and Corpus Christi are days off
//	holidays:                           # state and municipal holidays
//	  - {date: "01-20", name: Dia de São Sebastião, kind: municipal}   # every year
//	  - {date: 2026-03-10, name: Aniversário da cidade, kind: municipal}
//	roles:
//	  - {id: gestor-sei, title: Gestor SEI}
//	stages:
//	  - id: adesao
//	    title: Adesão
//	    items:
//	      - id: termo-adesao
//	        title: Assinar o Termo de Adesão
//	        role: prefeito
//	        depends_on: [designar-ponto-focal]
//	        evidence:
//	          - {name: processo, label: Número do processo, kind: processo, required: true}
//	        basis: ["norma:in-15-2024#art29"]
//	        deadline: {after: inicio, days: 30, unit: uteis, origin: sugerido}
//	      - id: conferencia
//	        …
//	        deadline: {after: cadastro, days: 2, unit: uteis, origin: "norma:portaria-41-2022#art11_cpt_inc1"}
//
// Every deadline says where it comes from (origin): the citation of the
// provision that sets it, whose text the generator checks for the same
// number of days and kind (úteis or corridos), or "sugerido" for a
// planning suggestion, shown as "prazo sugerido".
//
// Columns count characters, as go.yaml.in/yaml/v3 reports them. This
// package is native only (it is not part of the WebAssembly app).
package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/engine/checklist"

	"go.yaml.in/yaml/v3"
)

// Dir reads every *.yaml and *.yml file directly inside dir of fsys, in
// name order. It returns the definitions of the files that have no errors,
// and all the errors (a checklist id used by two files is one). File names
// in errors are paths inside fsys.
func Dir(fsys fs.FS, dir string) ([]*checklist.Definition, diag.List) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, diag.List{{File: dir, Msg: fmt.Sprintf("não foi possível ler a pasta de checklists: %v", err)}}
	}
	var (
		defs []*checklist.Definition
		errs diag.List
	)
	type first struct {
		file      string
		line, col int
	}
	ids := map[string]first{}
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, &diag.Error{File: name, Msg: fmt.Sprintf("não foi possível ler o arquivo: %v", err)})
			continue
		}
		d := newDecoder(name)
		def := d.decode(data)
		if def == nil || len(d.errs) > 0 {
			errs = append(errs, d.errs...)
			continue
		}
		if f, dup := ids[def.ID]; dup {
			errs = append(errs, diag.Errorf(name, d.idLine, d.idCol, "checklist %q já definido em %s:%d:%d", def.ID, f.file, f.line, f.col))
			continue
		}
		ids[def.ID] = first{name, d.idLine, d.idCol}
		defs = append(defs, def)
	}
	errs.Sort()
	return defs, errs
}

// File reads one definition from data; name is used in errors and kept in
// Definition.File and in each Ref. The definition is nil when there are
// errors.
func File(name string, data []byte) (*checklist.Definition, diag.List) {
	d := newDecoder(name)
	def := d.decode(data)
	if len(d.errs) > 0 {
		d.errs.Sort()
		return nil, d.errs
	}
	return def, nil
}

type decoder struct {
	file     string
	errs     diag.List
	pos      map[checklist.Loc]*yaml.Node
	reported map[checklist.Loc]bool
	idLine   int
	idCol    int
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, pos: map[checklist.Loc]*yaml.Node{}, reported: map[checklist.Loc]bool{}}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	e := &diag.Error{File: d.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// errorAt reports at n and remembers that loc is already reported, so that
// checklist.Problems does not report the same field again.
func (d *decoder) errorAt(loc checklist.Loc, n *yaml.Node, format string, args ...any) {
	d.reported[loc] = true
	d.errorf(n, format, args...)
}

func (d *decoder) parse(data []byte) (root *yaml.Node) {
	defer func() {
		// The YAML library is not ours; a panic in it must not crash a
		// build.
		if r := recover(); r != nil {
			d.errorf(nil, "YAML ilegível: %v", r)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errorf(nil, "arquivo vazio: esperava um checklist (id, title, roles, stages)")
			return nil
		}
		line, msg := splitYAMLError(err)
		d.errs = append(d.errs, &diag.Error{File: d.file, Line: line, Msg: msg})
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errorf(&extra, "mais de um documento YAML no arquivo: um checklist por arquivo")
	} else if !errors.Is(err, io.EOF) {
		line, msg := splitYAMLError(err)
		d.errs = append(d.errs, &diag.Error{File: d.file, Line: line, Msg: msg})
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.errorf(&doc, "arquivo vazio: esperava um checklist (id, title, roles, stages)")
		return nil
	}
	return doc.Content[0]
}

// splitYAMLError splits "yaml: line 3: did not find expected key" into
// a 1-based line and a message in Portuguese. go.yaml.in/yaml/v3 reports
// scanner errors with 1-based lines but parser errors ("did not find
// expected …") with the 0-based line where the unclosed structure starts.
func splitYAMLError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, after
			}
		}
	}
	if strings.HasPrefix(msg, "did not find expected") && line > 0 {
		line++
	}
	return line, "YAML inválido: " + translateYAML(msg)
}

// translateYAML puts the YAML library's usual messages in Portuguese.
func translateYAML(msg string) string {
	switch msg {
	case "did not find expected ',' or '}'":
		return "o mapa entre chaves { } aberto aqui não foi fechado (falta ',' ou '}')"
	case "did not find expected ',' or ']'":
		return "a lista entre colchetes [ ] aberta aqui não foi fechada (falta ',' ou ']')"
	case "did not find expected key":
		return "esperava uma chave: confira a indentação"
	case "did not find expected '-' indicator":
		return "esperava um item de lista '-': confira a indentação"
	case "did not find expected node content":
		return "esperava um valor"
	case "mapping values are not allowed in this context":
		return "':' fora de lugar: confira a indentação ou ponha o valor entre aspas"
	case "found character that cannot start any token":
		return "caractere inesperado (tabulação na indentação? use espaços)"
	case "found unexpected end of stream":
		return "o arquivo terminou antes do esperado (aspas não fechadas?)"
	}
	return msg
}

func top(field string, index int, sub string) checklist.Loc {
	return checklist.Loc{Stage: -1, Item: -1, Field: field, Index: index, Sub: sub}
}

func (d *decoder) decode(data []byte) *checklist.Definition {
	root := d.parse(data)
	if root == nil {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "esperava um checklist (um mapa com id, title, roles e stages)")
		return nil
	}
	def := &checklist.Definition{File: d.file}
	d.pos[top("", -1, "")] = root
	f := d.fields(root, "no checklist", "id", "title", "version", "description", "roles", "include_optional_holidays", "holidays", "stages")
	for k, n := range f {
		d.pos[top(k, -1, "")] = n
	}
	def.ID = d.str(top("id", -1, ""), f["id"])
	if n := f["id"]; n != nil {
		d.idLine, d.idCol = n.Line, n.Column
	} else {
		d.idLine, d.idCol = root.Line, root.Column
	}
	def.Title = d.str(top("title", -1, ""), f["title"])
	def.Version = d.str(top("version", -1, ""), f["version"])
	def.Description = d.str(top("description", -1, ""), f["description"])
	def.IncludeOptionalHolidays = d.boolean(top("include_optional_holidays", -1, ""), f["include_optional_holidays"])

	for i, n := range d.list(top("roles", -1, ""), f["roles"]) {
		loc := top("roles", i, "")
		rf := d.element(loc, n, "no papel", "id", "title", "description")
		for k, v := range rf {
			d.pos[top("roles", i, k)] = v
		}
		def.Roles = append(def.Roles, checklist.Role{
			ID:          d.str(top("roles", i, "id"), rf["id"]),
			Title:       d.str(top("roles", i, "title"), rf["title"]),
			Description: d.str(top("roles", i, "description"), rf["description"]),
		})
	}

	for i, n := range d.list(top("holidays", -1, ""), f["holidays"]) {
		hf := d.element(top("holidays", i, ""), n, "no feriado", "date", "name", "kind")
		for k, v := range hf {
			d.pos[top("holidays", i, k)] = v
		}
		h := calendar.Holiday{
			Name: d.str(top("holidays", i, "name"), hf["name"]),
			Kind: calendar.Kind(d.str(top("holidays", i, "kind"), hf["kind"])),
		}
		if dn := hf["date"]; dn != nil {
			loc := top("holidays", i, "date")
			s := d.str(loc, dn)
			var err error
			if len(s) == 5 {
				h.Date, err = calendar.ParseYearly(s)
			} else {
				h.Date, err = calendar.Parse(s)
			}
			if err != nil && !d.reported[loc] {
				if strings.HasPrefix(err.Error(), "data inexistente") {
					d.errorAt(loc, dn, "%v", err)
				} else {
					d.errorAt(loc, dn, "formato de data inválido %q: use AAAA-MM-DD para uma data ou MM-DD para todo ano", s)
				}
			}
		}
		def.Holidays = append(def.Holidays, h)
	}

	for si, n := range d.list(top("stages", -1, ""), f["stages"]) {
		def.Stages = append(def.Stages, d.stage(si, n))
	}

	for _, p := range checklist.Problems(def) {
		if d.covered(p.Loc) {
			continue
		}
		d.errorf(d.node(p.Loc), "%s", p.Msg)
	}
	return def
}

func (d *decoder) stage(si int, n *yaml.Node) checklist.Stage {
	loc := checklist.Loc{Stage: si, Item: -1, Index: -1}
	f := d.element(loc, n, "na etapa", "id", "title", "description", "items")
	at := func(field string) checklist.Loc { l := loc; l.Field = field; return l }
	for k, v := range f {
		d.pos[at(k)] = v
	}
	st := checklist.Stage{
		ID:          d.str(at("id"), f["id"]),
		Title:       d.str(at("title"), f["title"]),
		Description: d.str(at("description"), f["description"]),
	}
	for ii, in := range d.list(at("items"), f["items"]) {
		st.Items = append(st.Items, d.item(si, ii, in))
	}
	return st
}

func (d *decoder) item(si, ii int, n *yaml.Node) checklist.Item {
	loc := checklist.Loc{Stage: si, Item: ii, Index: -1}
	f := d.element(loc, n, "no item", "id", "title", "description", "role", "depends_on", "evidence", "basis", "deadline")
	at := func(field string, index int, sub string) checklist.Loc {
		l := loc
		l.Field, l.Index, l.Sub = field, index, sub
		return l
	}
	for k, v := range f {
		d.pos[at(k, -1, "")] = v
	}
	it := checklist.Item{
		ID:          d.str(at("id", -1, ""), f["id"]),
		Title:       d.str(at("title", -1, ""), f["title"]),
		Description: d.str(at("description", -1, ""), f["description"]),
		Role:        d.str(at("role", -1, ""), f["role"]),
	}
	for i, dn := range d.list(at("depends_on", -1, ""), f["depends_on"]) {
		l := at("depends_on", i, "")
		d.pos[l] = dn
		it.DependsOn = append(it.DependsOn, d.str(l, dn))
	}
	for i, en := range d.list(at("evidence", -1, ""), f["evidence"]) {
		ef := d.element(at("evidence", i, ""), en, "na evidência", "name", "label", "kind", "required", "help")
		for k, v := range ef {
			d.pos[at("evidence", i, k)] = v
		}
		it.Evidence = append(it.Evidence, checklist.Evidence{
			Name:     d.str(at("evidence", i, "name"), ef["name"]),
			Label:    d.str(at("evidence", i, "label"), ef["label"]),
			Kind:     checklist.EvidenceKind(d.str(at("evidence", i, "kind"), ef["kind"])),
			Required: d.boolean(at("evidence", i, "required"), ef["required"]),
			Help:     d.str(at("evidence", i, "help"), ef["help"]),
		})
	}
	for i, bn := range d.list(at("basis", -1, ""), f["basis"]) {
		l := at("basis", i, "")
		d.pos[l] = bn
		it.Basis = append(it.Basis, checklist.Ref{Target: d.str(l, bn), File: d.file, Line: bn.Line, Col: bn.Column})
	}
	if dn := f["deadline"]; dn != nil && !isNull(dn) {
		df := d.element(at("deadline", -1, ""), dn, "no prazo", "after", "days", "unit", "origin")
		for k, v := range df {
			d.pos[at("deadline", -1, k)] = v
		}
		it.Deadline = &checklist.Deadline{
			After: d.str(at("deadline", -1, "after"), df["after"]),
			Days:  d.integer(at("deadline", -1, "days"), df["days"]),
			Unit:  checklist.Unit(d.str(at("deadline", -1, "unit"), df["unit"])),
		}
		if on := df["origin"]; on != nil {
			it.Deadline.Origin = checklist.Ref{Target: d.str(at("deadline", -1, "origin"), on), File: d.file, Line: on.Line, Col: on.Column}
		}
	}
	return it
}

// node returns the closest registered node for loc.
func (d *decoder) node(loc checklist.Loc) *yaml.Node {
	for {
		if n, ok := d.pos[loc]; ok {
			return n
		}
		var more bool
		if loc, more = parent(loc); !more {
			return nil
		}
	}
}

// covered reports whether loc or a place that contains it was already
// reported by the decoder.
func (d *decoder) covered(loc checklist.Loc) bool {
	for {
		if d.reported[loc] {
			return true
		}
		var more bool
		if loc, more = parent(loc); !more {
			return false
		}
	}
}

// parent returns the place that contains loc.
func parent(loc checklist.Loc) (checklist.Loc, bool) {
	switch {
	case loc.Sub != "":
		loc.Sub = ""
	case loc.Index >= 0:
		loc.Index = -1
	case loc.Field != "":
		loc.Field = ""
	case loc.Item >= 0:
		loc.Item = -1
	case loc.Stage >= 0:
		loc.Stage = -1
	default:
		return loc, false
	}
	return loc, true
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func (d *decoder) alias(loc checklist.Loc, n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		d.errorAt(loc, n, "âncoras e aliases do YAML (*%s) não são aceitos: repita o valor", n.Value)
		return true
	}
	return false
}

// element decodes a list element (or the deadline) that must be a mapping
// and registers its node at loc.
func (d *decoder) element(loc checklist.Loc, n *yaml.Node, where string, known ...string) map[string]*yaml.Node {
	d.pos[loc] = n
	if d.alias(loc, n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorAt(loc, n, "esperava um mapa de chaves (%s) %s", strings.Join(known, ", "), where)
		return nil
	}
	f, merged := d.mapping(n, where, known...)
	if merged {
		// The keys the merge would have brought are missing: do not
		// report them one by one.
		d.reported[loc] = true
	}
	return f
}

// fields returns the values of a mapping's keys, reporting unknown and
// repeated keys.
func (d *decoder) fields(n *yaml.Node, where string, known ...string) map[string]*yaml.Node {
	f, _ := d.mapping(n, where, known...)
	return f
}

// mapping is fields that also tells whether the mapping used a merge key.
func (d *decoder) mapping(n *yaml.Node, where string, known ...string) (out map[string]*yaml.Node, merged bool) {
	out = map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "chave inválida %s: esperava um nome", where)
			continue
		}
		if !contains(known, k.Value) {
			if k.Value == "<<" {
				d.errorf(k, "mesclagem de mapas (<<) não é aceita: escreva as chaves")
				merged = true
				continue
			}
			d.errorf(k, "chave desconhecida %q %s (chaves válidas: %s)", k.Value, where, strings.Join(sorted(known), ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.errorf(k, "chave %q repetida %s", k.Value, where)
			continue
		}
		out[k.Value] = v
	}
	return out, merged
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

// str returns a scalar's text ("" for a missing or null value).
func (d *decoder) str(loc checklist.Loc, n *yaml.Node) string {
	if n == nil || isNull(n) {
		return ""
	}
	if d.alias(loc, n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorAt(loc, n, "esperava um texto, não %s", kindName(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (d *decoder) boolean(loc checklist.Loc, n *yaml.Node) bool {
	if n == nil || isNull(n) {
		return false
	}
	if d.alias(loc, n) {
		return false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch n.Value {
		case "true", "True", "TRUE":
			return true
		case "false", "False", "FALSE":
			return false
		}
	}
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		d.errorAt(loc, n, "escreva true ou false sem aspas")
		return false
	}
	d.errorAt(loc, n, "esperava true ou false, não %q", n.Value)
	return false
}

func (d *decoder) integer(loc checklist.Loc, n *yaml.Node) int {
	if n == nil || isNull(n) {
		return 0
	}
	if d.alias(loc, n) {
		return 0
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v
		}
	}
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		if _, err := strconv.Atoi(n.Value); err == nil {
			d.errorAt(loc, n, "escreva o número de dias sem aspas")
			return 0
		}
	}
	d.errorAt(loc, n, "esperava um número inteiro de dias, não %q", n.Value)
	return 0
}

// list returns a sequence's elements (none for a missing or null value).
func (d *decoder) list(loc checklist.Loc, n *yaml.Node) []*yaml.Node {
	if n == nil || isNull(n) {
		return nil
	}
	if d.alias(loc, n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorAt(loc, n, "esperava uma lista, não %s", kindName(n))
		return nil
	}
	return n.Content
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "um mapa"
	case yaml.SequenceNode:
		return "uma lista"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "isso"
}
