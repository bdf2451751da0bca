// Package yamlpos is the one way definition files written in YAML (forms,
// checklists, the glossary, the program's sources, the site's
// configuration, a norm's metadata) become Go values: it parses a document and decodes its
// nodes into a struct strictly, and every problem it finds is a
// diag.Error at the file, line and column of the node the parser gave,
// in Portuguese:
//
//   - an unknown key, at the key, with the keys accepted there;
//   - a repeated key, at its second occurrence;
//   - a value of the wrong kind (a list where a text goes, "sim" for a
//     boolean, a quoted number), at the value;
//   - a missing required key, at the map that lacks it;
//   - anchors, aliases and merge keys (<<), which a definition does not
//     need and which make the positions ambiguous.
//
// Only syntax errors come from the YAML library's own message (it has no
// other form); Parse puts them in Portuguese with their line.
//
// A struct's keys are its fields' yaml tags, or their json tags when a
// field has no yaml tag (the engine's types, which the browser reads as
// JSON, are described once). A tag option "required" makes the key
// required. Fields tagged "-" are not keys; among them, an int field
// named Line or Col and a string field named File receive the position
// of the node the struct was decoded from. A field of type *yaml.Node
// keeps its node for a later decoding. Decoder.Text reads the types
// written as one scalar (a date, a citation). A null value leaves the
// field as it was (zero, or a default set before decoding); an empty list
// leaves a slice nil, as an absent key does.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
)

// Parse reads the YAML document in src and returns its root node: nil,
// with no error, for a file with no document (empty, or only comments).
// A syntax error or a second document is a positioned error.
func Parse(file string, src []byte) (root *yaml.Node, errs diag.List) {
	defer func() {
		// The YAML library is not ours; a panic in it must not stop a build.
		if r := recover(); r != nil {
			root, errs = nil, diag.List{diag.Errorf(file, 0, 0, "YAML ilegível: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, diag.List{SyntaxError(file, src, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, diag.List{diag.Errorf(file, extra.Line, extra.Column, "mais de um documento YAML (--- separa documentos): deixe um só")}
	} else if !errors.Is(err, io.EOF) {
		return nil, diag.List{SyntaxError(file, src, err)}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// SyntaxError turns a syntax error of the YAML parser on src ("yaml: line
// 3: did not find expected key") into a positioned error in Portuguese:
// "YAML inválido: …" at its line.
func SyntaxError(file string, src []byte, err error) *diag.Error {
	line, msg := Syntax(src, err)
	return diag.Errorf(file, line, 0, "YAML inválido: %s", msg)
}

// parserProblems are the syntax errors the YAML library's parser (not its
// scanner) reports, at the line where the structure they concern opens.
var parserProblems = []string{
	"did not find expected ',' or '}'",
	"did not find expected ',' or ']'",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected node content",
	"found undefined tag handle",
}

// Syntax returns the 1-based line (0 when unknown) of a syntax error the
// YAML parser found in src, and its message in Portuguese.
//
// The library gives a line, not a column, counted two ways (0-based for
// its parser's errors, 1-based for its scanner's), at the start of the
// structure being read ("while parsing a flow sequence"), or at the
// problem when that structure starts on the first line or there is none.
// For a list, a map or quotes left open, the line where they open is what
// the message talks about ("aberta aqui"): src is parsed again after an
// empty line, so that no structure starts on the first line. For the
// others (indentation), the line as given is kept.
func Syntax(src []byte, err error) (line int, msg string) {
	line, problem := split(err)
	parser := slices.Contains(parserProblems, problem)
	if parser && line > 0 {
		line++
	}
	opens := problem == "did not find expected ',' or '}'" || problem == "did not find expected ',' or ']'" || problem == "found unexpected end of stream"
	if opens || line == 0 {
		var n yaml.Node
		again := yaml.Unmarshal(append([]byte("\n"), bytes.TrimPrefix(src, []byte("\uFEFF"))...), &n)
		if again != nil {
			if l, p := split(again); p == problem && l > 0 {
				line = l // 0-based in the shifted text: 1-based in src
				if !parser {
					line-- // 1-based in the shifted text
				}
			}
		}
	}
	return line, diag.YAMLMessage(problem)
}

// Message returns the Portuguese of an error of the YAML library (a
// syntax error or a value it could not decode), without its line.
func Message(err error) string {
	_, p := split(err)
	return diag.YAMLMessage(p)
}

// split splits "yaml: line 3: did not find expected key" (or the first of
// a list of decoding errors) into its line as given and its problem.
func split(err error) (int, string) {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(s, "unmarshal errors:\n"); ok {
		s = strings.TrimSpace(strings.SplitN(rest, "\n", 2)[0])
	}
	line := 0
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, s = n, after
			}
		}
	}
	return line, s
}

// Decoder decodes nodes of one file into Go values.
type Decoder struct {
	File string
	// Where names struct types in messages, with their preposition: "no
	// campo", "na etapa". A type without a name is not named.
	Where map[reflect.Type]string
	// Text decodes the types written as one scalar (a date, a citation):
	// its error becomes the message at the scalar. Positions are filled
	// after it (Line, Col, File fields).
	Text map[reflect.Type]func(s string, v reflect.Value) error
	// Trim removes the spaces and line breaks around every text.
	Trim bool

	errs   diag.List
	nodes  map[string]*yaml.Node // value nodes by path ("/stages/0/id")
	failed map[string]bool       // paths with an error
}

// TextFunc adapts a parser of T to Decoder.Text.
func TextFunc[T any](parse func(s string) (T, error)) func(string, reflect.Value) error {
	return func(s string, v reflect.Value) error {
		x, err := parse(s)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(x))
		return nil
	}
}

// Decode fills the value v points to from n (nil decodes nothing) and
// returns the problems found so far (Errors).
func (d *Decoder) Decode(n *yaml.Node, v any) diag.List {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("yamlpos: Decode needs a non-nil pointer")
	}
	if n != nil {
		d.value(n, rv.Elem(), "")
	}
	return d.errs
}

// Errors returns the problems found, the decoder's and Errorf's.
func (d *Decoder) Errors() diag.List { return d.errs }

// Add reports problems found elsewhere (Parse's).
func (d *Decoder) Add(errs ...*diag.Error) { d.errs = append(d.errs, errs...) }

// Errorf reports a problem at n (nil: the file).
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.errs = append(d.errs, diag.Errorf(d.File, line, col, format, args...))
}

// Node returns the node decoded at path ("/stages/0/items/2/deadline/days",
// "" for the root), or nil.
func (d *Decoder) Node(path string) *yaml.Node { return d.nodes[path] }

// Failed reports whether the decoder reported a problem with the value at
// path (its kind, an alias, a merge key in it), so that a later check
// does not report the same value again. Unknown, repeated and missing
// keys do not count: the value is otherwise what it says.
func (d *Decoder) Failed(path string) bool { return d.failed[path] }

// Path joins path steps: Path("/stages", 0, "id") is "/stages/0/id".
func Path(base string, steps ...any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, s := range steps {
		b.WriteByte('/')
		fmt.Fprint(&b, s)
	}
	return b.String()
}

func (d *Decoder) fail(path string, n *yaml.Node, format string, args ...any) {
	if d.failed == nil {
		d.failed = map[string]bool{}
	}
	d.failed[path] = true
	d.Errorf(n, format, args...)
}

var nodeType = reflect.TypeFor[*yaml.Node]()

func (d *Decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if d.nodes == nil {
		d.nodes = map[string]*yaml.Node{}
	}
	d.nodes[path] = n
	if v.Type() == nodeType {
		v.Set(reflect.ValueOf(n))
		return
	}
	if n.Kind == yaml.AliasNode {
		d.fail(path, n, "âncoras e aliases do YAML (*%s) não são aceitos: repita o valor", n.Value)
		return
	}
	null := n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
	if v.Kind() == reflect.Pointer {
		if null {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), path)
		return
	}
	if null {
		return // the value stays as it is: zero, or a default set before
	}
	if text, ok := d.Text[v.Type()]; ok {
		if n.Kind != yaml.ScalarNode {
			d.fail(path, n, "esperava um texto, não %s", kindName(n))
			return
		}
		if err := text(d.str(n), v); err != nil {
			d.fail(path, n, "%v", err)
			return
		}
		d.position(n, v)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structure(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(path, n, "esperava uma lista, não %s", kindName(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero() // [] is nil, as when the key is absent
			return
		}
		list := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, list.Index(i), Path(path, i))
		}
		v.Set(list)
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			panic("yamlpos: map keys must be strings: " + v.Type().String())
		}
		if n.Kind != yaml.MappingNode {
			d.fail(path, n, "esperava um mapa de chaves, não %s", kindName(n))
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		seen := map[string]bool{}
		d.pairs(n, path, "", func(k, val *yaml.Node) {
			if seen[k.Value] {
				d.Errorf(k, "chave %q repetida", k.Value)
				return
			}
			seen[k.Value] = true
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(val, e, Path(path, k.Value))
			v.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
		})
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(path, n, "esperava um texto, não %s", kindName(n))
			return
		}
		v.SetString(d.str(n))
	case reflect.Bool:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
			var b bool
			if err := n.Decode(&b); err == nil {
				v.SetBool(b)
				return
			}
		}
		if quoted(n) {
			d.fail(path, n, "escreva true ou false sem aspas")
			return
		}
		d.fail(path, n, "esperava true ou false, não %s", kindName(n))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
			var i int64
			if err := n.Decode(&i); err == nil {
				if v.CanInt() && !v.OverflowInt(i) {
					v.SetInt(i)
					return
				}
				if v.CanUint() && i >= 0 && !v.OverflowUint(uint64(i)) {
					v.SetUint(uint64(i))
					return
				}
			}
		}
		if _, err := strconv.Atoi(strings.TrimSpace(n.Value)); err == nil && quoted(n) {
			d.fail(path, n, "escreva o número sem aspas")
			return
		}
		d.fail(path, n, "esperava um número inteiro, não %s", kindName(n))
	case reflect.Float32, reflect.Float64:
		if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
			var f float64
			if err := n.Decode(&f); err == nil && !v.OverflowFloat(f) {
				v.SetFloat(f)
				return
			}
		}
		d.fail(path, n, "esperava um número, não %s", kindName(n))
	case reflect.Interface:
		if v.NumMethod() > 0 {
			panic("yamlpos: cannot decode into " + v.Type().String())
		}
		var x any // any value, as the YAML library reads it
		if err := n.Decode(&x); err != nil {
			d.fail(path, n, "valor inválido: %s", Message(err))
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		panic("yamlpos: cannot decode into " + v.Type().String())
	}
}

func (d *Decoder) str(n *yaml.Node) string {
	if d.Trim {
		return strings.TrimSpace(n.Value)
	}
	return n.Value
}

func quoted(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
}

// pairs calls f for each key and value of mapping n, reporting keys that
// are not names and merge keys.
func (d *Decoder) pairs(n *yaml.Node, path, where string, f func(k, v *yaml.Node)) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			d.Errorf(k, "chave inválida%s: esperava um nome", sp(where))
		case k.Value == "<<" && k.ShortTag() == "!!merge":
			// The keys the merge would bring are missing: what lacks
			// them is not reported again.
			d.fail(path, k, "mesclagem de mapas (<<) não é aceita: escreva as chaves")
		default:
			f(k, v)
		}
	}
}

func sp(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// field is one key of a struct type.
type field struct {
	key      string
	index    int
	required bool
}

// fields lists the keys of struct type t, and the indexes of its position
// fields (-1 when absent).
func fields(t reflect.Type) (keys []field, line, col, file int) {
	line, col, file = -1, -1, -1
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, req, ok := TagKey(f)
		if !ok {
			switch {
			case f.Name == "Line" && f.Type.Kind() == reflect.Int:
				line = i
			case f.Name == "Col" && f.Type.Kind() == reflect.Int:
				col = i
			case f.Name == "File" && f.Type.Kind() == reflect.String:
				file = i
			}
			continue
		}
		keys = append(keys, field{name, i, req})
	}
	return keys, line, col, file
}

// TagKey is the key struct field f is written with: its yaml tag's name,
// else its json tag's, else its name in lower case; required when the tag
// has the option "required". ok is false for a field without either tag or
// tagged "-". The decoder reads keys and the JSON Schemas describe them by
// this one rule.
func TagKey(f reflect.StructField) (key string, required, ok bool) {
	tag, ok := f.Tag.Lookup("yaml")
	if !ok {
		tag, ok = f.Tag.Lookup("json")
	}
	name, opts, _ := strings.Cut(tag, ",")
	if !ok || name == "-" {
		return "", false, false
	}
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	for _, o := range strings.Split(opts, ",") {
		required = required || o == "required"
	}
	return name, required, true
}

// Keys lists the keys of struct type t, as the decoder reads them.
func Keys(t reflect.Type) []string {
	fs, _, _, _ := fields(t)
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.key
	}
	return out
}

func (d *Decoder) position(n *yaml.Node, v reflect.Value) {
	if v.Kind() != reflect.Struct {
		return
	}
	_, line, col, file := fields(v.Type())
	if line >= 0 {
		v.Field(line).SetInt(int64(n.Line))
	}
	if col >= 0 {
		v.Field(col).SetInt(int64(n.Column))
	}
	if file >= 0 {
		v.Field(file).SetString(d.File)
	}
}

func (d *Decoder) structure(n *yaml.Node, v reflect.Value, path string) {
	keys, _, _, _ := fields(v.Type())
	where := d.Where[v.Type()]
	if where == "" {
		where = keyOf(path)
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	sort.Strings(names)
	if n.Kind != yaml.MappingNode {
		d.fail(path, n, "esperava um mapa de chaves (%s)%s, não %s", strings.Join(names, ", "), sp(where), kindName(n))
		return
	}
	d.position(n, v)
	seen := map[string]bool{}
	merged := false
	d.pairs(n, path, where, func(k, val *yaml.Node) {
		var f *field
		for i := range keys {
			if keys[i].key == k.Value {
				f = &keys[i]
			}
		}
		switch {
		case f == nil:
			d.Errorf(k, "chave desconhecida %q%s (aceitas: %s)", k.Value, sp(where), strings.Join(names, ", "))
		case seen[k.Value]:
			d.Errorf(k, "chave %q repetida%s", k.Value, sp(where))
		default:
			seen[k.Value] = true
			d.value(val, v.Field(f.index), Path(path, k.Value))
		}
	})
	for i := 0; i+1 < len(n.Content); i += 2 {
		merged = merged || n.Content[i].ShortTag() == "!!merge"
	}
	if merged {
		return
	}
	for _, k := range keys {
		if k.required && !seen[k.key] {
			d.Errorf(n, "falta a chave %s%s", k.key, sp(where))
		}
	}
}

// keyOf names, for a struct type without a name in Where, the key whose
// value it is: "em identidade" for "/identidade", "em parts" for
// "/0/parts/2"; "" for the root.
func keyOf(path string) string {
	steps := strings.Split(path, "/")
	for i := len(steps) - 1; i > 0; i-- {
		if _, err := strconv.Atoi(steps[i]); err != nil {
			return "em " + steps[i]
		}
	}
	return ""
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "um mapa"
	case yaml.SequenceNode:
		return "uma lista"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "isso"
}
