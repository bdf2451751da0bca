// Package load reads form definitions from content/formularios/ (YAML)
// into form.Definition values and checks them, reporting every problem as
// "file:line:col: message" for the author. The YAML is decoded by
// diag/yamlpos, strictly, into the form package's own types; the checks
// here are the form's rules (names, types, validation tags, placeholders,
// texts the PDF fonts can print). It runs natively only (build time,
// seiportal check); the browser gets the definitions as JSON.
package load

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/form"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Dir reads every *.yaml and *.yml directly under dir in fsys, in name
// order. File names in errors are paths inside fsys. Two forms with the
// same id are an error, and so is a *.toml file (definitions in TOML are no
// longer read: their errors could not be placed).
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

// File reads one definition from the YAML in data; name is used in errors.
// The definition is nil when the file cannot be read as one at all.
func File(name string, data []byte) (*form.Definition, diag.List) {
	if strings.HasSuffix(name, ".toml") {
		return nil, diag.List{{File: name, Msg: fmt.Sprintf("definições de formulário em TOML não são aceitas: escreva esta em YAML (%s.yaml), como as de content/formularios/", strings.TrimSuffix(path.Base(name), ".toml"))}}
	}
	root, errs := yamlpos.Parse(name, data)
	if len(errs) > 0 {
		return nil, errs
	}
	if root == nil {
		return nil, diag.List{{File: name, Msg: "arquivo vazio: esperava um formulário (id, title, version, fields, document)"}}
	}
	d := newDecoder(name)
	def := &form.Definition{}
	d.Decode(root, def)
	if d.Failed("") {
		return nil, d.Errors()
	}
	def.File = name
	d.definition(def)
	d.check(def)
	errs = d.Errors()
	errs.Sort()
	return def, errs
}

type decoder struct {
	*yamlpos.Decoder
	fv    *form.Validator // built on first use, to compile validate tags
	fonts fonts.Coverage  // to check printed texts
	tmpls []tmpl          // strings with placeholders, checked once the fields are known
	paths []tmpl          // field paths of "fields" blocks
}

func newDecoder(file string) *decoder {
	return &decoder{Decoder: &yamlpos.Decoder{
		File: file,
		Where: map[reflect.Type]string{
			reflect.TypeFor[form.Definition](): "no formulário",
			reflect.TypeFor[form.Field]():      "no campo",
			reflect.TypeFor[form.Option]():     "na opção",
			reflect.TypeFor[form.Repeat]():     "no repeat",
			reflect.TypeFor[form.Rule]():       "na regra",
			reflect.TypeFor[form.Document]():   "no document",
			reflect.TypeFor[form.Section]():    "na seção",
			reflect.TypeFor[form.Block]():      "no bloco",
			reflect.TypeFor[form.Table]():      "na tabela",
			reflect.TypeFor[form.Column]():     "na coluna",
			reflect.TypeFor[form.Signer]():     "no signatário",
		},
		Text: map[reflect.Type]func(string, reflect.Value) error{
			reflect.TypeFor[form.Ref](): yamlpos.TextFunc(func(s string) (form.Ref, error) {
				if _, _, ok := form.ParseCitation(s); !ok {
					return form.Ref{}, fmt.Errorf("citação inválida %q: use norma:<chave>#<dispositivo>, como norma:in-15-2024#art29", s)
				}
				return form.Ref{Target: s}, nil
			}),
		},
	}}
}

// at returns the node decoded at path, or a node at the file's start.
func (d *decoder) at(path string) *yaml.Node {
	if n := d.Node(path); n != nil {
		return n
	}
	return &yaml.Node{}
}

// printable normalizes a text the PDF prints (NFC) and refuses a character
// the document fonts cannot draw (the same check validation makes on data).
func (d *decoder) printable(s *string, path, what string) {
	*s = norm.NFC.String(*s)
	if d.Node(path) == nil {
		return
	}
	if c, bad := d.fonts.Missing(*s); bad {
		d.Errorf(d.at(path), "%s: %s", what, form.UnprintableText(c))
	}
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

func (d *decoder) errf(n *yaml.Node, format string, args ...any) { d.Errorf(n, format, args...) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tmpl is a string of the document layout and where it was written;
// section is the index of its section, or -1 for the page header.
type tmpl struct {
	text    string
	node    *yaml.Node
	section int
}

// tmpl checks a text of the document with placeholders, to check them
// once the fields are known.
func (d *decoder) tmpl(s *string, path, what string, section int) {
	if d.Node(path) == nil {
		return
	}
	d.printable(s, path, what)
	d.tmpls = append(d.tmpls, tmpl{*s, d.at(path), section})
}

// definition checks what the YAML's shape does not say.
func (d *decoder) definition(def *form.Definition) {
	root := d.at("")
	if n := d.Node("/id"); n != nil && !validID(def.ID) {
		d.errf(n, "id %q inválido: use letras minúsculas sem acento, algarismos e “-”", def.ID)
	}
	if n := d.Node("/version"); n != nil && def.Version < 1 && !d.Failed("/version") {
		d.errf(n, "version deve ser 1 ou mais")
	}
	def.Fields = d.fields(def.Fields, "/fields")
	for i, r := range def.Rules {
		if n := d.Node(yamlpos.Path("/rules", i, "kind")); n != nil && !contains(form.RuleKinds(), r.Kind) {
			d.errf(n, "tipo de regra desconhecido %q (aceitos: %s)", r.Kind, strings.Join(form.RuleKinds(), ", "))
		}
	}
	d.document(&def.Document)
	if def.ID == "" {
		d.errf(root, "falta o id do formulário")
	}
	if def.Title == "" {
		d.errf(root, "falta o title do formulário")
	}
	if def.Version == 0 {
		d.errf(root, "falta a version do formulário (versão do esquema dos dados, 1 ou mais)")
	}
	if len(def.Fields) == 0 {
		d.errf(root, "o formulário não tem campos (fields)")
	}
	if len(def.Document.Sections) == 0 {
		d.errf(root, "falta o document, com ao menos uma seção")
	}
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

func (d *decoder) fields(list []form.Field, path string) []form.Field {
	seen := map[string]bool{}
	for i := range list {
		p := yamlpos.Path(path, i)
		f := &list[i]
		d.field(f, p)
		if f.Name != "" {
			if seen[f.Name] {
				d.errf(d.at(p), "campo %q repetido", f.Name)
			}
			seen[f.Name] = true
		}
	}
	return list
}

func (d *decoder) field(f *form.Field, p string) {
	n := d.at(p)
	if v := d.Node(p + "/name"); v != nil && !validName(f.Name) {
		d.errf(v, "nome de campo %q inválido: use letras minúsculas sem acento, algarismos e “_”", f.Name)
	}
	d.printable(&f.Label, p+"/label", "label")
	optNode, fieldsNode, repeatNode, validateNode := d.Node(p+"/options"), d.Node(p+"/fields"), d.Node(p+"/repeat"), d.Node(p+"/validate")
	seen := map[string]bool{}
	for j := range f.Options {
		o := &f.Options[j]
		op := yamlpos.Path(p, "options", j)
		d.printable(&o.Label, op+"/label", "label")
		if o.Value == "" || o.Label == "" {
			d.errf(d.at(op), "opção sem value ou label")
		}
		if seen[o.Value] {
			d.errf(d.at(op), "opção %q repetida", o.Value)
		}
		seen[o.Value] = true
	}
	f.Fields = d.fields(f.Fields, p+"/fields")
	if r := f.Repeat; r != nil {
		if r.Min < 0 || r.Max < 0 {
			d.errf(repeatNode, "repeat: min e max não podem ser negativos")
		}
		if r.Max > 0 && r.Min > r.Max {
			d.errf(repeatNode, "repeat: min (%d) maior que max (%d)", r.Min, r.Max)
		}
	}
	switch {
	case f.Name == "":
		d.errf(n, "campo sem name")
	case f.Type == "":
		d.errf(n, "campo %q sem type", f.Name)
	case !form.KnownType(f.Type):
		d.errf(d.at(p+"/type"), "tipo de campo desconhecido %q (aceitos: %s)", f.Type, strings.Join(form.Types(), ", "))
	}
	if validateNode != nil {
		if !form.KnownType(f.Type) {
			if pr := form.CheckTags(f.Validate); pr != "" {
				d.errf(validateNode, "%s", pr)
			}
		} else if fv, err := d.validator(); err != nil {
			d.errf(validateNode, "não foi possível verificar as regras de validação: %v", err)
		} else if pr := fv.TagProblem(f); pr != "" {
			d.errf(validateNode, "%s", pr)
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
}

func (d *decoder) document(doc *form.Document) {
	for i := range doc.Header {
		d.tmpl(&doc.Header[i], yamlpos.Path("/document/header", i), "header", -1)
	}
	for idx := range doc.Sections {
		s := &doc.Sections[idx]
		p := yamlpos.Path("/document/sections", idx)
		d.tmpl(&s.Ref, p+"/ref", "ref", idx)
		d.tmpl(&s.DateLine, p+"/date_line", "date_line", idx)
		d.tmpl(&s.Title, p+"/title", "title", idx)
		d.tmpl(&s.Closing, p+"/closing", "closing", idx)
		for bi := range s.Blocks {
			d.block(&s.Blocks[bi], yamlpos.Path(p, "blocks", bi), idx)
		}
		for si := range s.Signers {
			sg := &s.Signers[si]
			sp := yamlpos.Path(p, "signers", si)
			d.tmpl(&sg.Name, sp+"/name", "name", idx)
			d.tmpl(&sg.Role, sp+"/role", "role", idx)
			if !validName(sg.ID) {
				d.errf(d.at(sp), "signatário com id %q inválido: use letras minúsculas sem acento e “_” (vira o nome do campo de assinatura)", sg.ID)
			}
			if sg.Name == "" {
				d.errf(d.at(sp), "signatário sem name")
			}
		}
	}
}

// blockKeys are the keys of a block, of which it has exactly one.
var blockKeys = yamlpos.Keys(reflect.TypeFor[form.Block]())

func (d *decoder) block(b *form.Block, p string, idx int) {
	n := d.at(p)
	count := 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; contains(blockKeys, k.Value) && v.ShortTag() != "!!null" {
			count++
		}
	}
	if count != 1 && !d.Failed(p) {
		d.errf(n, "cada bloco tem exatamente uma destas chaves: %s", strings.Join(blockKeys, ", "))
	}
	d.tmpl(&b.Text, p+"/text", "text", idx)
	d.tmpl(&b.Heading, p+"/heading", "heading", idx)
	for i := range b.Lines {
		d.tmpl(&b.Lines[i], yamlpos.Path(p, "lines", i), "lines", idx)
	}
	for i, f := range b.Fields {
		d.paths = append(d.paths, tmpl{f, d.at(yamlpos.Path(p, "fields", i)), idx})
	}
	if t := b.Table; t != nil {
		for i := range t.Columns {
			cp := yamlpos.Path(p, "table/columns", i)
			d.printable(&t.Columns[i].Label, cp+"/label", "label")
			if w := t.Columns[i].Width; d.Node(cp+"/width") != nil && !d.Failed(cp+"/width") && (w <= 0 || w > 100) {
				d.errf(d.at(cp+"/width"), "width: esperava um número positivo, até 100")
			}
		}
	}
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
