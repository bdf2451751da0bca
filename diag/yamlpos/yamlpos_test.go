package yamlpos

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

type ref struct {
	Target string `json:"target"`
	File   string `json:"-"`
	Line   int    `json:"-"`
	Col    int    `json:"-"`
}

type item struct {
	ID    string   `yaml:"id,required"`
	Days  int      `yaml:"days"`
	Done  bool     `yaml:"done"`
	Tags  []string `yaml:"tags"`
	Basis []ref    `yaml:"basis"`
	Width float64  `yaml:"width"`
	Line  int      `yaml:"-"`
	Col   int      `yaml:"-"`
}

type doc struct {
	Title string            `json:"title"`
	Items []item            `json:"items"`
	Extra map[string]string `json:"extra"`
	Raw   *yaml.Node        `json:"raw"`
	Opt   *item             `json:"opt"`
	Any   any               `json:"any"`
	Small uint8             `json:"small"`
	F32   float32           `json:"f32"`
}

func decode(t *testing.T, src string) (*doc, *Decoder, string) {
	t.Helper()
	root, errs := Parse("a.yaml", []byte(src))
	if len(errs) > 0 {
		return nil, nil, errs.Error()
	}
	d := &Decoder{File: "a.yaml", Where: map[reflect.Type]string{reflect.TypeFor[item](): "no item"},
		Text: map[reflect.Type]func(string, reflect.Value) error{
			reflect.TypeFor[ref](): func(s string, v reflect.Value) error {
				if !strings.HasPrefix(s, "norma:") {
					return fmt.Errorf("citação inválida %q", s)
				}
				v.FieldByName("Target").SetString(s)
				return nil
			},
		}}
	var out doc
	errs = d.Decode(root, &out)
	errs.Sort()
	return &out, d, errs.Error()
}

func TestDecode(t *testing.T) {
	out, d, errs := decode(t, `title: T
items:
  - id: a
    days: 3
    done: true
    tags: [x, y]
    basis: [norma:a#b]
    width: 2.5
extra: {k: v}
raw: [1, 2]
opt: ~
any: {a: [1, x]}
small: 200
f32: 1.5
`)
	if errs != "" {
		t.Fatal(errs)
	}
	it := out.Items[0]
	if out.Title != "T" || it.ID != "a" || it.Days != 3 || !it.Done || len(it.Tags) != 2 || it.Width != 2.5 || out.Extra["k"] != "v" || out.Opt != nil {
		t.Errorf("%+v", out)
	}
	if it.Line != 3 || it.Col != 5 {
		t.Errorf("item at %d:%d; want 3:5", it.Line, it.Col)
	}
	if b := it.Basis[0]; b.Target != "norma:a#b" || b.File != "a.yaml" || b.Line != 7 || b.Col != 13 {
		t.Errorf("basis %+v", b)
	}
	if m, ok := out.Any.(map[string]any); !ok || len(m["a"].([]any)) != 2 || out.Small != 200 || out.F32 != 1.5 {
		t.Errorf("any %v, small %d, f32 %v", out.Any, out.Small, out.F32)
	}
	if out.Raw == nil || out.Raw.Kind != yaml.SequenceNode {
		t.Errorf("raw %v", out.Raw)
	}
	if n := d.Node("/items/0/days"); n == nil || n.Line != 4 {
		t.Errorf("node of /items/0/days: %v", n)
	}
}

// Each problem is reported once, in Portuguese, where it is.
func TestErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"title: T\nitems:\n  - id: a\n    dias: 3\n", `a.yaml:4:5: chave desconhecida "dias" no item (aceitas: basis, days, done, id, tags, width)`},
		{"items:\n  - id: a\n    id: b\n", `a.yaml:3:5: chave "id" repetida no item`},
		{"items:\n  - days: 1\n", "a.yaml:2:5: falta a chave id no item"},
		{"title: [a]\n", "a.yaml:1:8: esperava um texto, não uma lista"},
		{"items: {id: a}\n", "a.yaml:1:8: esperava uma lista, não um mapa"},
		{"items: [x]\n", `a.yaml:1:9: esperava um mapa de chaves (basis, days, done, id, tags, width) no item, não "x"`},
		{"items: [{id: a, days: dez}]\n", `a.yaml:1:23: esperava um número inteiro, não "dez"`},
		{"items: [{id: a, days: \"3\"}]\n", "a.yaml:1:23: escreva o número sem aspas"},
		{"items: [{id: a, done: sim}]\n", `a.yaml:1:23: esperava true ou false, não "sim"`},
		{"items: [{id: a, done: \"true\"}]\n", "a.yaml:1:23: escreva true ou false sem aspas"},
		{"items: [{id: a, width: x}]\n", `a.yaml:1:24: esperava um número, não "x"`},
		{"items: [{id: a, basis: [in-15]}]\n", `a.yaml:1:25: citação inválida "in-15"`},
		{"title: &t T\nextra: {k: *t}\n", "a.yaml:2:12: âncoras e aliases do YAML (*t) não são aceitos: repita o valor"},
		{"items:\n  - &i {id: a}\n  - <<: *i\n    days: 2\n", "a.yaml:3:5: mesclagem de mapas (<<) não é aceita: escreva as chaves"},
		{"opt: {id: a, x: 1}\n", `a.yaml:1:14: chave desconhecida "x" no item (aceitas: basis, days, done, id, tags, width)`},
		{"small: 300\n", `a.yaml:1:8: esperava um número inteiro, não "300"`},
		{"small: -1\n", `a.yaml:1:8: esperava um número inteiro, não "-1"`},
		{"{[a]: 1}\n", "a.yaml:1:2: chave inválida: esperava um nome"},
		{"- a\n", "a.yaml:1:1: esperava um mapa de chaves (any, extra, f32, items, opt, raw, small, title), não uma lista"},
		{"title: T\n---\ntitle: U\n", "a.yaml:2:1: mais de um documento YAML (--- separa"},
		{"title: T\nitems: [T\n", "a.yaml:2: YAML inválido: a lista entre colchetes [ ] aberta aqui não foi fechada"},
		{"a: 1\n\tb: 2\n", "a.yaml:2: YAML inválido: tabulação na indentação"},
		{"id: e\nstages:\n  - id: x\n - id: y\n", "a.yaml:4: YAML inválido: esperava uma chave"},
		{"title: [T\n", "a.yaml:1: YAML inválido: a lista entre colchetes [ ] aberta aqui não foi fechada"},
		{"title: \"sem fim\n", "a.yaml:1: YAML inválido: o texto terminou antes do esperado"},
		{"a: 1\nb: \"sem fim\n", "a.yaml:2: YAML inválido: o texto terminou antes do esperado"},
		{"a: 1\nb: {x: 1\n", "a.yaml:2: YAML inválido: o mapa entre chaves"},
		{"a: b: c\n", "a.yaml:1: YAML inválido: ':' fora de lugar"},
		{"a: 1\nb: *\n", "a.yaml:2: YAML inválido: depois de & ou * deve vir o nome"},
	} {
		_, _, got := decode(t, c.src)
		if !strings.Contains(got, c.want) {
			t.Errorf("%q:\n%s\nwant %s", c.src, got, c.want)
		}
		if strings.Count(got, "\n") > 0 && !strings.Contains(c.src, "<<") {
			t.Errorf("%q: more than one error:\n%s", c.src, got)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, src := range []string{"", "# só comentário\n"} {
		root, errs := Parse("a.yaml", []byte(src))
		if root != nil || errs != nil {
			t.Errorf("%q: %v %v", src, root, errs)
		}
	}
}

// Any input decodes without a panic, and every problem has a message.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("title: T\nitems:\n  - {id: a, days: 3, done: true, tags: [x], basis: [norma:a], width: 1.5}\nextra: {k: v}\nraw: [1]\nopt: {id: b}\n"))
	f.Add([]byte("items: [{id: a, days: 99999999999999999999}]\n"))
	f.Add([]byte("items: [{id: !!binary aGVsbG8=, days: !!float 3}]\n"))
	f.Add([]byte("title: &t T\nextra: {<<: {k: v}, k2: *t}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		root, errs := Parse("a.yaml", src)
		if len(errs) == 0 {
			d := &Decoder{File: "a.yaml", Trim: true}
			var out doc
			errs = d.Decode(root, &out)
		}
		for _, e := range errs {
			if e.Msg == "" || e.File != "a.yaml" {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}

// A struct type without a name in Where is named by its key.
func TestWhereFromKey(t *testing.T) {
	type contact struct {
		Email string `yaml:"email"`
	}
	type config struct {
		Title   string    `yaml:"title"`
		Contato contact   `yaml:"contato"`
		Lista   []contact `yaml:"lista"`
	}
	root, _ := Parse("s.yaml", []byte("contato: {mail: x}\nlista: [{mail: y}]\n"))
	d := &Decoder{File: "s.yaml"}
	var c config
	got := d.Decode(root, &c).Error()
	for _, want := range []string{`s.yaml:1:11: chave desconhecida "mail" em contato (aceitas: email)`, `s.yaml:2:10: chave desconhecida "mail" em lista (aceitas: email)`} {
		if !strings.Contains(got, want) {
			t.Errorf("%s\nwant %s", got, want)
		}
	}
}
