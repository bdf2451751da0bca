// Package schema writes JSON Schemas (draft-07, the version editors such as
// VS Code's YAML extension read best) from Go types, by reflection over
// their yaml or json struct tags, so that the types the loaders fill remain
// the one description of a definition file. What Go types do not say (the
// Portuguese descriptions, which keys are required, patterns, enumerations,
// types written differently in YAML) comes from a Catalog.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/seiportal/seiportal/diag/yamlpos"
)

// Key is what a Catalog says about one key of a struct.
type Key struct {
	Desc     string         // description, in Portuguese
	Required bool           // the loader reports the key's absence (or the field's tag says "required")
	Extra    map[string]any // more keywords: "pattern", "enum", "minimum"…
	// As describes the key with this type instead of the field's (a
	// *yaml.Node decoded later into a struct, for example).
	As reflect.Type
}

// Catalog completes the Go types.
type Catalog struct {
	// Keys by "pkg.Type.key": "form.Field.validate".
	Keys map[string]Key
	// Types are fixed schemas for named types, by "pkg.Type", used
	// instead of reflecting on them: a citation written as a string, a
	// date, an enumerated string type.
	Types map[string]map[string]any
	// TypeDescs describe struct types (objects), by "pkg.Type".
	TypeDescs map[string]string
	// Open lists the struct types, by "pkg.Type", whose objects accept
	// keys other than their fields.
	Open map[string]bool
	// TypeExtra adds keywords to the objects of struct types, by
	// "pkg.Type": {"maxProperties": 1}.
	TypeExtra map[string]map[string]any
}

// Name is how the catalog names a type: "form.Field", "generator.config".
func Name(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		pkg = pkg[i+1:]
	}
	if pkg == "" {
		return t.Name()
	}
	return pkg + "." + t.Name()
}

// Field is one key of a struct as the schema sees it.
type Field struct {
	Key  string // the YAML key
	Type reflect.Type
	Go   string // the Go field name
	// Required: the tag has the option "required", which the loaders'
	// decoder (diag/yamlpos) enforces.
	Required bool
}

// Fields lists the keys of struct type t: the yaml tag's name, else the
// json tag's; fields tagged "-" are left out. An exported field without a
// tag is an error: every field must say how it is written.
func Fields(t reflect.Type) ([]Field, error) {
	var out []Field
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		_, hasYAML := f.Tag.Lookup("yaml")
		_, hasJSON := f.Tag.Lookup("json")
		if !hasYAML && !hasJSON {
			if f.IsExported() {
				return nil, fmt.Errorf("%s.%s: campo sem etiqueta yaml ou json", Name(t), f.Name)
			}
			continue
		}
		name, req, ok := yamlpos.TagKey(f) // the decoder's own rule
		if !ok {
			continue
		}
		out = append(out, Field{Key: name, Type: f.Type, Go: f.Name, Required: req})
	}
	return out, nil
}

// Generate returns the schema of root, indented, with a final newline.
// Struct types become definitions ("#/definitions/pkg.Type"), except the
// root, which is written in place with title and description.
func Generate(cat *Catalog, title, desc string, root reflect.Type) ([]byte, error) {
	g := &gen{cat: cat, defs: map[string]any{}}
	top, err := g.typ(root, true)
	if err != nil {
		return nil, err
	}
	doc := map[string]any{"$schema": "http://json-schema.org/draft-07/schema#", "title": title, "description": desc}
	for k, v := range top {
		if k == "description" {
			continue // the document's description says more
		}
		doc[k] = v
	}
	if len(g.defs) > 0 {
		doc["definitions"] = g.defs
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type gen struct {
	cat  *Catalog
	defs map[string]any
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (g *gen) typ(t reflect.Type, inline bool) (map[string]any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if fixed, ok := g.cat.Types[Name(t)]; ok && t.Name() != "" {
		return clone(fixed), nil
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case reflect.Slice, reflect.Array:
		items, err := g.typ(t.Elem(), false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("%s: mapa com chave que não é texto", Name(t))
		}
		vals, err := g.typ(t.Elem(), false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": vals}, nil
	case reflect.Struct:
		name := Name(t)
		if !inline {
			if _, done := g.defs[name]; !done {
				g.defs[name] = nil // a recursive type refers to itself
				obj, err := g.object(t)
				if err != nil {
					return nil, err
				}
				g.defs[name] = obj
			}
			return map[string]any{"$ref": "#/definitions/" + name}, nil
		}
		return g.object(t)
	}
	return nil, fmt.Errorf("%s: tipo %s sem esquema", Name(t), t.Kind())
}

func (g *gen) object(t reflect.Type) (map[string]any, error) {
	name := Name(t)
	fields, err := Fields(t)
	if err != nil {
		return nil, err
	}
	props := map[string]any{}
	var required []string
	for _, f := range fields {
		k := g.cat.Keys[name+"."+f.Key]
		ft := f.Type
		if k.As != nil {
			ft = k.As
		}
		s, err := g.typ(ft, false)
		if err != nil {
			return nil, err
		}
		if _, isRef := s["$ref"]; isRef && (k.Desc != "" || len(k.Extra) > 0) {
			// draft-07 ignores keywords beside $ref: wrap it.
			s = map[string]any{"allOf": []any{s}}
		}
		if k.Desc != "" {
			s["description"] = k.Desc
		}
		for kw, v := range k.Extra {
			s[kw] = v
		}
		props[f.Key] = s
		if k.Required || f.Required {
			required = append(required, f.Key)
		}
	}
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": g.cat.Open[name]}
	if d := g.cat.TypeDescs[name]; d != "" {
		obj["description"] = d
	}
	if len(required) > 0 {
		sort.Strings(required)
		obj["required"] = required
	}
	for kw, v := range g.cat.TypeExtra[name] {
		obj[kw] = v
	}
	return obj, nil
}

// Keys lists every "pkg.Type.key" reachable from root, for a test that
// each is described and each catalog entry is used.
func Keys(cat *Catalog, root reflect.Type) ([]string, []string, error) {
	seen := map[reflect.Type]bool{}
	var keys, types []string
	var walk func(t reflect.Type) error
	walk = func(t reflect.Type) error {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return nil
		}
		if _, fixed := cat.Types[Name(t)]; fixed {
			return nil
		}
		seen[t] = true
		types = append(types, Name(t))
		fields, err := Fields(t)
		if err != nil {
			return err
		}
		for _, f := range fields {
			keys = append(keys, Name(t)+"."+f.Key)
			ft := f.Type
			if k := cat.Keys[Name(t)+"."+f.Key]; k.As != nil {
				ft = k.As
			}
			if err := walk(ft); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(root)
	return keys, types, err
}
