// Package load reads form definitions from content/formularios/ (YAML, or
// TOML) into form.Definition values and checks them, reporting every
// problem as "file:line:col: message" for the author. It runs natively only
// (build time, seiportal check); the browser gets the definitions as JSON.
package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/form"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Dir reads every *.yaml, *.yml and *.toml directly under dir in fsys, in
// name order. File names in errors are paths inside fsys. Two forms with
// the same id are an error.
func Dir(fsys fs.FS, dir string) ([]*form.Definition, diag.List) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, diag.List{{File: dir, Msg: fmt.Sprintf("não foi possível ler a pasta de formulários: %v", err)}}
	}
	var defs []*form.Definition
	var errs diag.List
	seen := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".toml")) {
			continue
		}
		file := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, &diag.Error{File: file, Msg: fmt.Sprintf("não foi possível ler: %v", err)})
			continue
		}
		def, l := File(file, data)
		errs = append(errs, l...)
		if def == nil {
			continue
		}
		if other, dup := seen[def.ID]; dup {
			errs = append(errs, &diag.Error{File: file, Line: 1, Msg: fmt.Sprintf("id %q repetido: já usado em %s", def.ID, other)})
			continue
		}
		seen[def.ID] = file
		if len(l) == 0 {
			defs = append(defs, def)
		}
	}
	errs.Sort()
	return defs, errs
}

// File reads one definition. name is used in errors and decides the
// format (".toml" is TOML, anything else YAML). The definition is nil when
// the file cannot be parsed at all.
func File(name string, data []byte) (*form.Definition, diag.List) {
	var root yaml.Node
	if strings.HasSuffix(name, ".toml") {
		var m map[string]any
		if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
			line, col := 0, 0
			if pe, ok := err.(toml.ParseError); ok {
				line, col = pe.Position.Line, pe.Position.Col
			}
			return nil, diag.List{{File: name, Line: line, Col: col, Msg: "TOML inválido: " + err.Error()}}
		}
		if err := root.Encode(m); err != nil {
			return nil, diag.List{{File: name, Msg: "TOML inválido: " + err.Error()}}
		}
	} else {
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, diag.List{yamlError(name, err)}
		}
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = *root.Content[0]
		}
	}
	d := &decoder{file: name}
	def := d.definition(&root)
	if def != nil {
		d.check(def)
	}
	d.errs.Sort()
	return def, d.errs
}

// yamlError turns "yaml: line 7: did not find expected key" into a
// positioned error.
func yamlError(file string, err error) *diag.Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, text, ok := strings.Cut(rest, ": ")
		if line, err := strconv.Atoi(num); ok && err == nil {
			return &diag.Error{File: file, Line: line, Msg: "YAML inválido: " + text}
		}
	}
	return &diag.Error{File: file, Msg: "YAML inválido: " + msg}
}

type decoder struct {
	file  string
	errs  diag.List
	fv    *form.Validator // built on first use, to compile validate tags
	fonts fonts.Coverage  // to check printed texts
	tmpls []tmpl          // strings with placeholders, checked once the fields are known
	paths []tmpl          // field paths of "fields" blocks
}

// printable reads a text the PDF prints, refusing a character the
// document fonts cannot draw (the same check validation makes on data).
func (d *decoder) printable(n *yaml.Node, what string) string {
	s := norm.NFC.String(d.str(n, what))
	if c, bad := d.fonts.Missing(s); bad {
		d.errf(n, "%s: %s", what, form.UnprintableText(c))
	}
	return s
}

// validator returns the validator the tags are compiled with.
func (d *decoder) validator() (*form.Validator, error) {
	if d.fv == nil {
		fv, err := form.NewValidator(nil)
		if err != nil {
			return nil, err
		}
		d.fv = fv
	}
	return d.fv, nil
}

func (d *decoder) errf(n *yaml.Node, format string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.errs = append(d.errs, &diag.Error{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// mapping calls set for each key of n, reporting keys it does not know.
func (d *decoder) mapping(n *yaml.Node, what string, keys []string, set func(key string, k, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		d.errf(n, "%s: esperava um mapa de chaves (chave: valor)", what)
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !contains(keys, k.Value) {
			d.errf(k, "%s: chave desconhecida %q (aceitas: %s)", what, k.Value, strings.Join(keys, ", "))
			continue
		}
		if seen[k.Value] {
			d.errf(k, "%s: chave %q repetida", what, k.Value)
			continue
		}
		seen[k.Value] = true
		set(k.Value, k, v)
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errf(n, "%s: esperava texto", what)
		return ""
	}
	return n.Value
}

func (d *decoder) integer(n *yaml.Node, what string) int {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.errf(n, "%s: esperava um número inteiro", what)
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		d.errf(n, "%s: número inválido %q", what, n.Value)
	}
	return v
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errf(n, "%s: esperava true ou false", what)
		return false
	}
	return n.Value == "true"
}

func (d *decoder) seq(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "%s: esperava uma lista", what)
		return nil
	}
	return n.Content
}

// tmpl is a string of the document layout and where it was written;
// section is the index of its section, or -1 for the page header.
type tmpl struct {
	text    string
	node    *yaml.Node
	section int
}

func (d *decoder) tmpl(v *yaml.Node, what string, section int) string {
	s := d.printable(v, what)
	d.tmpls = append(d.tmpls, tmpl{s, v, section})
	return s
}

func (d *decoder) tmplList(n *yaml.Node, what string, section int) []string {
	var out []string
	for _, x := range d.seq(n, what) {
		out = append(out, d.tmpl(x, what, section))
	}
	return out
}

func (d *decoder) definition(n *yaml.Node) *form.Definition {
	def := &form.Definition{File: d.file}
	ok := d.mapping(n, "formulário", []string{"id", "title", "description", "version", "source", "basis", "fields", "rules", "document"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			def.ID = d.str(v, "id")
			if !validID(def.ID) {
				d.errf(v, "id %q inválido: use letras minúsculas sem acento, algarismos e “-”", def.ID)
			}
		case "title":
			def.Title = d.str(v, "title") // only in the PDF's metadata, which holds any text
		case "description":
			def.Description = d.str(v, "description")
		case "version":
			def.Version = d.integer(v, "version")
			if def.Version < 1 {
				d.errf(v, "version deve ser 1 ou mais")
			}
		case "source":
			def.Source = d.str(v, "source")
		case "basis":
			for _, x := range d.seq(v, "basis") {
				t := d.str(x, "basis")
				if _, _, ok := form.ParseCitation(t); !ok {
					d.errf(x, "citação inválida %q: use norma:<chave>#<dispositivo>, como norma:in-15-2024#art29", t)
				}
				def.Basis = append(def.Basis, form.Ref{Target: t, Line: x.Line, Col: x.Column})
			}
		case "fields":
			def.Fields = d.fields(v, "fields")
		case "rules":
			for _, x := range d.seq(v, "rules") {
				def.Rules = append(def.Rules, d.rule(x))
			}
		case "document":
			def.Document = d.document(v)
		}
	})
	if !ok {
		return nil
	}
	if def.ID == "" {
		d.errf(n, "falta o id do formulário")
	}
	if def.Title == "" {
		d.errf(n, "falta o title do formulário")
	}
	if def.Version == 0 {
		d.errf(n, "falta a version do formulário (versão do esquema dos dados, 1 ou mais)")
	}
	if len(def.Fields) == 0 {
		d.errf(n, "o formulário não tem campos (fields)")
	}
	if len(def.Document.Sections) == 0 {
		d.errf(n, "falta o document, com ao menos uma seção")
	}
	return def
}

func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func validName(s string) bool {
	if s == "" || s == "n" {
		return false
	}
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func (d *decoder) fields(n *yaml.Node, what string) []form.Field {
	var out []form.Field
	seen := map[string]bool{}
	for _, x := range d.seq(n, what) {
		f := d.field(x)
		if f.Name != "" {
			if seen[f.Name] {
				d.errf(x, "campo %q repetido", f.Name)
			}
			seen[f.Name] = true
		}
		out = append(out, f)
	}
	return out
}

func (d *decoder) field(n *yaml.Node) form.Field {
	f := form.Field{Line: n.Line, Col: n.Column}
	var typeNode, optNode, fieldsNode, repeatNode, validateNode *yaml.Node
	d.mapping(n, "campo", []string{"name", "type", "label", "help", "placeholder", "validate", "options", "fields", "repeat"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			f.Name = d.str(v, "name")
			if !validName(f.Name) {
				d.errf(v, "nome de campo %q inválido: use letras minúsculas sem acento, algarismos e “_”", f.Name)
			}
		case "type":
			typeNode = v
			f.Type = d.str(v, "type")
		case "label":
			f.Label = d.printable(v, "label")
		case "help":
			f.Help = d.str(v, "help")
		case "placeholder":
			f.Placeholder = d.str(v, "placeholder")
		case "validate":
			validateNode = v
			f.Validate = d.str(v, "validate")
		case "options":
			optNode = v
			seen := map[string]bool{}
			for _, o := range d.seq(v, "options") {
				var opt form.Option
				d.mapping(o, "opção", []string{"value", "label"}, func(key string, k, v *yaml.Node) {
					if key == "value" {
						opt.Value = d.str(v, "value")
					} else {
						opt.Label = d.printable(v, "label")
					}
				})
				if opt.Value == "" || opt.Label == "" {
					d.errf(o, "opção sem value ou label")
				}
				if seen[opt.Value] {
					d.errf(o, "opção %q repetida", opt.Value)
				}
				seen[opt.Value] = true
				f.Options = append(f.Options, opt)
			}
		case "fields":
			fieldsNode = v
			f.Fields = d.fields(v, "fields")
		case "repeat":
			repeatNode = v
			r := &form.Repeat{}
			d.mapping(v, "repeat", []string{"min", "max", "item_label", "of"}, func(key string, k, v *yaml.Node) {
				switch key {
				case "min":
					r.Min = d.integer(v, "min")
				case "max":
					r.Max = d.integer(v, "max")
				case "item_label":
					r.ItemLabel = d.str(v, "item_label")
				case "of":
					r.Of = d.str(v, "of")
				}
			})
			if r.Min < 0 || r.Max < 0 {
				d.errf(v, "repeat: min e max não podem ser negativos")
			}
			if r.Max > 0 && r.Min > r.Max {
				d.errf(v, "repeat: min (%d) maior que max (%d)", r.Min, r.Max)
			}
			f.Repeat = r
		}
	})
	switch {
	case f.Name == "":
		d.errf(n, "campo sem name")
	case f.Type == "":
		d.errf(n, "campo %q sem type", f.Name)
	case !form.KnownType(f.Type):
		d.errf(typeNode, "tipo de campo desconhecido %q (aceitos: %s)", f.Type, strings.Join(form.Types(), ", "))
	}
	if validateNode != nil {
		if !form.KnownType(f.Type) {
			if p := form.CheckTags(f.Validate); p != "" {
				d.errf(validateNode, "%s", p)
			}
		} else if fv, err := d.validator(); err != nil {
			d.errf(validateNode, "não foi possível verificar as regras de validação: %v", err)
		} else if p := fv.TagProblem(&f); p != "" {
			d.errf(validateNode, "%s", p)
		}
	}
	if f.Label == "" && f.Name != "" {
		d.errf(n, "campo %q sem label", f.Name)
	}
	if f.Type == form.TypeSelect && len(f.Options) == 0 {
		d.errf(n, "campo %q do tipo select sem options", f.Name)
	}
	if f.Type != form.TypeSelect && optNode != nil {
		d.errf(optNode, "options só valem para campos do tipo select")
	}
	if f.Type == form.TypeGroup && len(f.Fields) == 0 {
		d.errf(n, "grupo %q sem fields", f.Name)
	}
	if f.Type != form.TypeGroup && fieldsNode != nil {
		d.errf(fieldsNode, "fields só valem para campos do tipo group")
	}
	if f.Type != form.TypeGroup && repeatNode != nil {
		d.errf(repeatNode, "repeat só vale para campos do tipo group")
	}
	return f
}

func (d *decoder) rule(n *yaml.Node) form.Rule {
	r := form.Rule{Line: n.Line, Col: n.Column}
	d.mapping(n, "regra", []string{"kind", "field", "when", "equals", "than", "message"}, func(key string, k, v *yaml.Node) {
		s := d.str(v, key)
		switch key {
		case "kind":
			r.Kind = s
			if !contains(form.RuleKinds(), s) {
				d.errf(v, "tipo de regra desconhecido %q (aceitos: %s)", s, strings.Join(form.RuleKinds(), ", "))
			}
		case "field":
			r.Field = s
		case "when":
			r.When = s
		case "equals":
			r.Equals = s
		case "than":
			r.Than = s
		case "message":
			r.Message = s
		}
	})
	return r
}

func (d *decoder) document(n *yaml.Node) form.Document {
	var doc form.Document
	d.mapping(n, "document", []string{"header", "sections"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "header":
			doc.Header = d.tmplList(v, "header", -1)
		case "sections":
			for i, x := range d.seq(v, "sections") {
				doc.Sections = append(doc.Sections, d.section(x, i))
			}
		}
	})
	return doc
}

func (d *decoder) section(n *yaml.Node, idx int) form.Section {
	s := form.Section{Line: n.Line}
	d.mapping(n, "seção", []string{"repeat", "new_page", "ref", "date_line", "title", "blocks", "closing", "signers"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "repeat":
			s.Repeat = d.str(v, "repeat")
		case "new_page":
			s.NewPage = d.boolean(v, "new_page")
		case "ref":
			s.Ref = d.tmpl(v, "ref", idx)
		case "date_line":
			s.DateLine = d.tmpl(v, "date_line", idx)
		case "title":
			s.Title = d.tmpl(v, "title", idx)
		case "closing":
			s.Closing = d.tmpl(v, "closing", idx)
		case "blocks":
			for _, x := range d.seq(v, "blocks") {
				s.Blocks = append(s.Blocks, d.block(x, idx))
			}
		case "signers":
			for _, x := range d.seq(v, "signers") {
				var sg form.Signer
				d.mapping(x, "signatário", []string{"id", "name", "role"}, func(key string, k, v *yaml.Node) {
					switch key {
					case "id":
						sg.ID = d.str(v, "id")
					case "name":
						sg.Name = d.tmpl(v, "name", idx)
					case "role":
						sg.Role = d.tmpl(v, "role", idx)
					}
				})
				if !validName(sg.ID) {
					d.errf(x, "signatário com id %q inválido: use letras minúsculas sem acento e “_” (vira o nome do campo de assinatura)", sg.ID)
				}
				if sg.Name == "" {
					d.errf(x, "signatário sem name")
				}
				s.Signers = append(s.Signers, sg)
			}
		}
	})
	return s
}

func (d *decoder) block(n *yaml.Node, idx int) form.Block {
	b := form.Block{Line: n.Line}
	count := 0
	d.mapping(n, "bloco", []string{"text", "heading", "lines", "fields", "table"}, func(key string, k, v *yaml.Node) {
		count++
		switch key {
		case "text":
			b.Text = d.tmpl(v, "text", idx)
		case "heading":
			b.Heading = d.tmpl(v, "heading", idx)
		case "lines":
			b.Lines = d.tmplList(v, "lines", idx)
		case "fields":
			for _, x := range d.seq(v, "fields") {
				p := d.str(x, "fields")
				d.paths = append(d.paths, tmpl{p, x, idx})
				b.Fields = append(b.Fields, p)
			}
		case "table":
			t := &form.Table{}
			d.mapping(v, "table", []string{"source", "columns"}, func(key string, k, v *yaml.Node) {
				switch key {
				case "source":
					t.Source = d.str(v, "source")
				case "columns":
					for _, c := range d.seq(v, "columns") {
						var col form.Column
						d.mapping(c, "coluna", []string{"field", "label", "width"}, func(key string, k, v *yaml.Node) {
							switch key {
							case "field":
								col.Field = d.str(v, "field")
							case "label":
								col.Label = d.printable(v, "label")
							case "width":
								w, err := strconv.ParseFloat(v.Value, 64)
								if v.Kind != yaml.ScalarNode || err != nil || w <= 0 || w > 100 {
									d.errf(v, "width: esperava um número positivo")
								}
								col.Width = w
							}
						})
						t.Columns = append(t.Columns, col)
					}
				}
			})
			b.Table = t
		}
	})
	if count != 1 {
		d.errf(n, "cada bloco tem exatamente uma destas chaves: text, heading, lines, fields, table")
	}
	return b
}

// check verifies references between parts of a decoded definition: rule
// fields, placeholders, tables, signers. Positions come from the YAML
// nodes, so it walks the node tree again through the definition's own
// recorded lines.
func (d *decoder) check(def *form.Definition) {
	for _, r := range def.Rules {
		at := &yaml.Node{Line: r.Line, Column: r.Col}
		f, ok := def.Lookup(r.Field)
		if r.Field == "" || !ok || f.Type == form.TypeGroup {
			d.errf(at, "regra %s: o campo %q não existe no formulário", r.Kind, r.Field)
			continue
		}
		switch r.Kind {
		case form.RuleRequiredIf, form.RuleEmptyUnless:
			w, ok := def.Lookup(r.When)
			if r.When == "" || !ok || w.Type == form.TypeGroup {
				d.errf(at, "regra %s: o campo %q (when) não existe no formulário", r.Kind, r.When)
				continue
			}
			if inList(def, r.Field) || inList(def, r.When) {
				d.errf(at, "regra %s: não vale para campos dentro de listas", r.Kind)
			}
			if w.Type == form.TypeSelect && !hasOption(w, r.Equals) {
				d.errf(at, "regra %s: %q não é uma opção de %q", r.Kind, r.Equals, r.When)
			}
		case form.RuleNotAfter:
			t, ok := def.Lookup(r.Than)
			if r.Than == "" || !ok {
				d.errf(at, "regra not_after: o campo %q (than) não existe no formulário", r.Than)
				continue
			}
			if f.Type != form.TypeDate || t.Type != form.TypeDate {
				d.errf(at, "regra not_after: compara dois campos do tipo date")
			}
		case form.RuleUnique:
			list, _, _ := strings.Cut(r.Field, ".")
			lf, _ := def.Lookup(list)
			if lf == nil || lf.Repeat == nil || strings.Count(r.Field, ".") != 1 {
				d.errf(at, "regra unique: use lista.campo, como pontos_focais.cpf")
			}
		}
	}
	lists := make([]string, len(def.Document.Sections)) // valid repeat list per section
	signerIDs := map[string]bool{}
	for i, s := range def.Document.Sections {
		at := &yaml.Node{Line: s.Line}
		if s.Repeat != "" {
			lf, ok := def.Lookup(s.Repeat)
			if !ok || lf.Repeat == nil || strings.Contains(s.Repeat, ".") {
				d.errf(at, "seção: repeat %q não é um campo de lista (group com repeat) do formulário", s.Repeat)
			} else {
				lists[i] = s.Repeat
			}
		}
		if len(s.Blocks) == 0 {
			d.errf(at, "seção sem blocks")
		}
		for _, b := range s.Blocks {
			t := b.Table
			if t == nil {
				continue
			}
			bat := &yaml.Node{Line: b.Line}
			lf, ok := def.Lookup(t.Source)
			if !ok || lf.Repeat == nil || inList(def, parentOf(t.Source)) {
				d.errf(bat, "tabela: source %q não é um campo de lista do formulário", t.Source)
				continue
			}
			if len(t.Columns) == 0 {
				d.errf(bat, "tabela sem columns")
			}
			for _, c := range t.Columns {
				if cf := findSub(lf, c.Field); cf == nil {
					d.errf(bat, "tabela: a coluna %q não é um campo de %q", c.Field, t.Source)
				}
			}
		}
		for _, sg := range s.Signers {
			if signerIDs[sg.ID] {
				d.errf(at, "signatário %q repetido", sg.ID)
			}
			signerIDs[sg.ID] = true
		}
	}
	listOf := func(section int) string {
		if section < 0 || section >= len(lists) {
			return ""
		}
		return lists[section]
	}
	for _, t := range d.tmpls {
		d.placeholders(def, t.text, listOf(t.section), t.node)
	}
	for _, p := range d.paths {
		if _, _, ok := def.Scope(listOf(p.section), 0, p.text); !ok || p.text == "n" {
			d.errf(p.node, "bloco fields: o campo %q não existe no formulário", p.text)
		}
	}
}

func parentOf(p string) string {
	i := strings.LastIndexByte(p, '.')
	if i < 0 {
		return ""
	}
	return p[:i]
}

func findSub(list *form.Field, name string) *form.Field {
	for i := range list.Fields {
		if list.Fields[i].Name == name && list.Fields[i].Type != form.TypeGroup {
			return &list.Fields[i]
		}
	}
	return nil
}

func (d *decoder) placeholders(def *form.Definition, s, list string, at *yaml.Node) {
	names, err := form.Placeholders(s)
	if err != nil {
		d.errf(at, "%v em %q", err, short(s))
	}
	for _, name := range names {
		if _, _, ok := def.Scope(list, 0, name); !ok {
			if list != "" {
				d.errf(at, "marcador {{%s}}: não é campo de %q nem do formulário", name, list)
			} else {
				d.errf(at, "marcador {{%s}}: o campo não existe no formulário", name)
			}
		}
	}
}

func short(s string) string {
	if len([]rune(s)) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

func inList(def *form.Definition, p string) bool {
	if p == "" {
		return false
	}
	fields := def.Fields
	for _, part := range strings.Split(p, ".") {
		var f *form.Field
		for i := range fields {
			if fields[i].Name == part {
				f = &fields[i]
			}
		}
		if f == nil {
			return false
		}
		if f.Repeat != nil {
			return true
		}
		fields = f.Fields
	}
	return false
}

func hasOption(f *form.Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}
