// Package yamlcheck validates a YAML document against a JSON Schema the
// way an editor does (the YAML extension of VS Code reads YAML 1.2: an
// unquoted date is a string), and reports each problem in Portuguese at
// the line and column of the YAML, with the description the schema gives
// of the key. The tests use it to check that the default definition files
// and the authoring reference's examples agree with the published schemas.
package yamlcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/seiportal/seiportal/diag"
)

// Schema is a compiled JSON Schema and its document (for descriptions).
type Schema struct {
	sch *jsonschema.Schema
	doc any
}

// Compile compiles a JSON Schema document.
func Compile(schemaJSON []byte) (*Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("esquema ilegível: %w", err)
	}
	c := jsonschema.NewCompiler()
	const loc = "mem:///esquema.json"
	if err := c.AddResource(loc, doc); err != nil {
		return nil, err
	}
	sch, err := c.Compile(loc)
	if err != nil {
		return nil, err
	}
	return &Schema{sch: sch, doc: doc}, nil
}

// Check validates the YAML src of file and returns its problems sorted by
// position, each "file:line:col: message".
func (s *Schema) Check(file string, src []byte) diag.List {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return diag.List{diag.Errorf(file, 0, 0, "YAML inválido: %v", err)}
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	return s.CheckNode(file, root)
}

// CheckNode validates a decoded YAML node (a front matter's, for example).
func (s *Schema) CheckNode(file string, root *yaml.Node) diag.List {
	nodes := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	var inst any
	if root != nil {
		var err error
		if inst, err = toJSON(root, "", nodes, keys); err != nil {
			return diag.List{diag.Errorf(file, root.Line, root.Column, "%v", err)}
		}
	}
	err := s.sch.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return diag.List{diag.Errorf(file, 0, 0, "%v", err)}
	}
	var out diag.List
	for _, leaf := range leaves(ve) {
		ptr := pointer(leaf.InstanceLocation)
		at := nodes[ptr]
		msg := s.message(leaf, ptr, keys, &at)
		line, col := 0, 0
		if at != nil {
			line, col = at.Line, at.Column
		}
		out = append(out, diag.Errorf(file, line, col, "%s", msg))
	}
	out.Sort()
	return dedupe(out)
}

func dedupe(l diag.List) diag.List {
	var out diag.List
	seen := map[string]bool{}
	for _, e := range l {
		if s := e.Error(); !seen[s] {
			seen[s] = true
			out = append(out, e)
		}
	}
	return out
}

func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func pointer(loc []string) string {
	var b strings.Builder
	for _, p := range loc {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// toJSON turns a YAML node into the values encoding/json would give
// (json.Number for numbers), remembering each value's node and each key's.
func toJSON(n *yaml.Node, ptr string, nodes, keys map[string]*yaml.Node) (any, error) {
	nodes[ptr] = n
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return toJSON(n.Content[0], ptr, nodes, keys)
	case yaml.AliasNode:
		return toJSON(n.Alias, ptr, nodes, keys)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(k.Value, "~", "~0"), "/", "~1")
			keys[p] = k
			val, err := toJSON(v, p, nodes, keys)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			val, err := toJSON(c, ptr+"/"+strconv.Itoa(i), nodes, keys)
			if err != nil {
				return nil, err
			}
			list = append(list, val)
		}
		return list, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, err
		}
		return b, nil
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, err
		}
		if n.ShortTag() == "!!int" {
			var i int64
			if err := n.Decode(&i); err == nil {
				return json.Number(strconv.FormatInt(i, 10)), nil
			}
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return n.Value, nil // strings, and timestamps as YAML 1.2 reads them
}

// sub returns the subschema at a schema location's fragment.
func (s *Schema) sub(loc string) map[string]any {
	_, frag, _ := strings.Cut(loc, "#")
	cur := s.doc
	for _, p := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if p == "" {
			continue
		}
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		p = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

func desc(m map[string]any) string {
	if m == nil {
		return ""
	}
	d, _ := m["description"].(string)
	return d
}

func props(m map[string]any) map[string]any {
	p, _ := m["properties"].(map[string]any)
	return p
}

var typeNames = map[string]string{
	"string": "um texto", "integer": "um número inteiro", "number": "um número", "boolean": "true ou false",
	"object": "um mapa de chaves", "array": "uma lista", "null": "nada",
}

func typeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return t
}

func rat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (s *Schema) message(e *jsonschema.ValidationError, ptr string, keys map[string]*yaml.Node, at **yaml.Node) string {
	here := s.sub(e.SchemaURL)
	about := desc(here)
	var msg string
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var parts []string
		for _, m := range k.Missing {
			p := "falta a chave " + m
			if d := desc(asMap(props(here)[m])); d != "" {
				p += " (" + d + ")"
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, "; ")
	case *kind.AdditionalProperties:
		accepted := make([]string, 0, len(props(here)))
		for p := range props(here) {
			accepted = append(accepted, p)
		}
		sort.Strings(accepted)
		var parts []string
		for _, p := range k.Properties {
			if kn := keys[ptr+"/"+p]; kn != nil {
				*at = kn
			}
			parts = append(parts, fmt.Sprintf("chave desconhecida %q", p))
		}
		msg = strings.Join(parts, "; ") + " (aceitas: " + strings.Join(accepted, ", ") + ")"
		if about != "" {
			msg += ". " + about
		}
		return msg
	case *kind.Type:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = typeName(w)
		}
		msg = "esperava " + strings.Join(want, " ou ") + ", não " + typeName(k.Got)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		msg = fmt.Sprintf("valor %v não aceito (aceitos: %s)", quote(k.Got), strings.Join(want, ", "))
	case *kind.Pattern:
		msg = fmt.Sprintf("valor %q fora do formato (%s)", k.Got, k.Want)
	case *kind.Minimum:
		msg = fmt.Sprintf("%s é menor que o mínimo, %s", rat(k.Got), rat(k.Want))
	case *kind.Maximum:
		msg = fmt.Sprintf("%s é maior que o máximo, %s", rat(k.Got), rat(k.Want))
	case *kind.ExclusiveMinimum:
		msg = fmt.Sprintf("%s deve ser maior que %s", rat(k.Got), rat(k.Want))
	case *kind.MinProperties:
		msg = fmt.Sprintf("mapa com %d chave(s); o mínimo é %d", k.Got, k.Want)
	case *kind.MaxProperties:
		msg = fmt.Sprintf("mapa com %d chaves; o máximo é %d", k.Got, k.Want)
	case *kind.MinItems:
		msg = fmt.Sprintf("lista com %d item(ns); o mínimo é %d", k.Got, k.Want)
	case *kind.Not:
		msg = "valor não permitido"
	default:
		msg = e.ErrorKind.LocalizedString(message.NewPrinter(language.English))
	}
	if about == "" {
		// The keyword's schema may be an allOf wrapper: its description
		// is on the property.
		about = desc(s.sub(parentLoc(e.SchemaURL)))
	}
	if about != "" {
		msg += ". " + about
	}
	return msg
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func quote(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// parentLoc drops the last two steps of a location ("…/allOf/0").
func parentLoc(loc string) string {
	for i := 0; i < 2; i++ {
		if j := strings.LastIndexByte(loc, '/'); j > strings.IndexByte(loc, '#') {
			loc = loc[:j]
		}
	}
	return loc
}
