package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

type node struct {
	Name     string  `yaml:"name"`
	Children []node  `json:"children,omitempty"`
	Ref      cite    `json:"ref"`
	Weight   float64 `json:"weight"`
	Line     int     `json:"-"`
	hidden   string
}

type cite struct{ Target string }

type untagged struct {
	Name string
}

func TestGenerate(t *testing.T) {
	_ = node{}.hidden
	cat := &Catalog{
		Keys: map[string]Key{
			"schema.node.name":     {Desc: "Nome.", Required: true, Extra: map[string]any{"pattern": "^[a-z]+$"}},
			"schema.node.children": {Desc: "Filhos."},
		},
		Types:     map[string]map[string]any{"schema.cite": {"type": "string"}},
		TypeDescs: map[string]string{"schema.node": "Um nó."},
		TypeExtra: map[string]map[string]any{"schema.node": {"maxProperties": 3}},
	}
	data, err := Generate(cat, "Título", "Descrição.", reflect.TypeFor[node]())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	props := doc["properties"].(map[string]any)
	if len(props) != 4 || props["line"] != nil || props["hidden"] != nil {
		t.Errorf("properties: %v", props)
	}
	if doc["description"] != "Descrição." || doc["title"] != "Título" || doc["additionalProperties"] != false || doc["maxProperties"] != 3.0 {
		t.Errorf("root: %s", data)
	}
	// The recursive type refers to its definition; a description beside a
	// $ref is wrapped in allOf (draft-07 ignores keywords beside $ref).
	children := props["children"].(map[string]any)
	if children["description"] != "Filhos." || !strings.Contains(string(data), `"$ref": "#/definitions/schema.node"`) {
		t.Errorf("children: %v", children)
	}
	if props["ref"].(map[string]any)["type"] != "string" || props["weight"].(map[string]any)["type"] != "number" {
		t.Errorf("fixed and float types: %v %v", props["ref"], props["weight"])
	}
	if r, _ := doc["required"].([]any); len(r) != 1 || r[0] != "name" {
		t.Errorf("required: %v", doc["required"])
	}
	// Deterministic.
	again, _ := Generate(cat, "Título", "Descrição.", reflect.TypeFor[node]())
	if string(again) != string(data) {
		t.Error("two generations differ")
	}
	keys, types, err := Keys(cat, reflect.TypeFor[node]())
	if err != nil || strings.Join(keys, " ") != "schema.node.name schema.node.children schema.node.ref schema.node.weight" || strings.Join(types, " ") != "schema.node" {
		t.Errorf("Keys: %v %v %v", keys, types, err)
	}
}

func TestUntaggedFieldIsAnError(t *testing.T) {
	_, err := Generate(&Catalog{}, "t", "d", reflect.TypeFor[untagged]())
	if err == nil || !strings.Contains(err.Error(), "schema.untagged.Name: campo sem etiqueta yaml ou json") {
		t.Errorf("err = %v", err)
	}
}
