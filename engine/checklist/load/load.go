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
// The file is decoded by diag/yamlpos, strictly (unknown keys, values of
// the wrong kind, anchors and merge keys are errors). Columns count
// characters, as go.yaml.in/yaml/v3 reports them. This
// package is native only (it is not part of the WebAssembly app).
package load

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
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
		if errs1 := d.Errors(); def == nil || len(errs1) > 0 {
			errs = append(errs, errs1...)
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
	if errs := d.Errors(); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return def, nil
}

type decoder struct {
	*yamlpos.Decoder
	idLine int
	idCol  int
}

func newDecoder(file string) *decoder {
	return &decoder{Decoder: &yamlpos.Decoder{
		File: file,
		Trim: true,
		Where: map[reflect.Type]string{
			reflect.TypeFor[checklist.Definition](): "no checklist",
			reflect.TypeFor[checklist.Role]():       "no papel",
			reflect.TypeFor[checklist.Stage]():      "na etapa",
			reflect.TypeFor[checklist.Item]():       "no item",
			reflect.TypeFor[checklist.Evidence]():   "na evidência",
			reflect.TypeFor[checklist.Deadline]():   "no prazo",
			reflect.TypeFor[calendar.Holiday]():     "no feriado",
		},
		Text: map[reflect.Type]func(string, reflect.Value) error{
			reflect.TypeFor[checklist.Ref](): yamlpos.TextFunc(func(s string) (checklist.Ref, error) {
				return checklist.Ref{Target: s}, nil
			}),
			reflect.TypeFor[calendar.Date](): yamlpos.TextFunc(holidayDate),
		},
	}}
}

// holidayDate reads a holiday's date: MM-DD for every year, or AAAA-MM-DD.
func holidayDate(s string) (calendar.Date, error) {
	var (
		d   calendar.Date
		err error
	)
	if len(s) == 5 {
		d, err = calendar.ParseYearly(s)
	} else {
		d, err = calendar.Parse(s)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "data inexistente") {
		err = fmt.Errorf("formato de data inválido %q: use AAAA-MM-DD para uma data ou MM-DD para todo ano", s)
	}
	return d, err
}

func (d *decoder) decode(data []byte) *checklist.Definition {
	root, errs := yamlpos.Parse(d.File, data)
	if len(errs) > 0 {
		d.Add(errs...)
		return nil
	}
	if root == nil {
		d.Errorf(nil, "arquivo vazio: esperava um checklist (id, title, roles, stages)")
		return nil
	}
	def := &checklist.Definition{}
	d.Decode(root, def)
	def.File = d.File
	if n := d.Node("/id"); n != nil {
		d.idLine, d.idCol = n.Line, n.Column
	} else {
		d.idLine, d.idCol = root.Line, root.Column
	}
	if d.Failed("") {
		return def
	}
	for _, p := range checklist.Problems(def) {
		if d.covered(p.Loc) {
			continue
		}
		d.Errorf(d.node(p.Loc), "%s", p.Msg)
	}
	return def
}

// locPath is where loc is in the file, as yamlpos names it.
func locPath(loc checklist.Loc) string {
	p := ""
	if loc.Stage >= 0 {
		p = yamlpos.Path("/stages", loc.Stage)
		if loc.Item >= 0 {
			p = yamlpos.Path(p, "items", loc.Item)
		}
	}
	if loc.Field != "" {
		p = yamlpos.Path(p, loc.Field)
		if loc.Index >= 0 {
			p = yamlpos.Path(p, loc.Index)
		}
		if loc.Sub != "" {
			p = yamlpos.Path(p, loc.Sub)
		}
	}
	return p
}

// node returns the node of loc, or of the closest place that contains it.
func (d *decoder) node(loc checklist.Loc) *yaml.Node {
	for {
		if n := d.Node(locPath(loc)); n != nil {
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
		if d.Failed(locPath(loc)) {
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
