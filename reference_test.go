package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/cli"
	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/generator"
	"github.com/seiportal/seiportal/generator/schema/yamlcheck"
)

// example is a fenced block of REFERENCIA.md with a path after its
// language: ```yaml content/formularios/x.yaml
type example struct {
	path string
	line int
	text string
}

func referenceExamples(t *testing.T) (string, []example) {
	t.Helper()
	src, err := os.ReadFile("REFERENCIA.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	lines := strings.Split(string(src), "\n")
	for i := 0; i < len(lines); i++ {
		info, ok := strings.CutPrefix(lines[i], "```")
		if !ok || info == "" {
			continue
		}
		f := strings.Fields(info)
		start := i
		var body []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			body = append(body, lines[i])
		}
		if len(f) == 2 {
			out = append(out, example{path: f[1], line: start + 1, text: strings.Join(body, "\n") + "\n"})
		}
	}
	return string(src), out
}

// TestReferenceExamplesBuild writes every example of REFERENCIA.md into a
// portal made by seiportal init, validates each against its schema, and
// builds the portal with them through the real loaders; the example data
// validates and makes a PDF. Together the examples use every key of every
// schema (the norm page's Hugo keys aside), and each table of keys lists
// exactly the schema's keys.
func TestReferenceExamplesBuild(t *testing.T) {
	doc, examples := referenceExamples(t)
	if len(examples) < 6 {
		t.Fatalf("only %d examples with a path in REFERENCIA.md", len(examples))
	}
	tmp := t.TempDir()
	seiportal := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Dir: tmp, Default: os.DirFS("."), Getenv: func(string) string { return "" }}
		if code := cli.Main(t.Context(), env, args); code != 0 {
			t.Fatalf("seiportal %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errs.String())
		}
		return out.String()
	}
	seiportal("init", "site")

	docs := generator.SchemaDocs()
	schemas := map[string]*yamlcheck.Schema{}
	used := map[string]map[string]bool{} // schema file → "definition.key"
	for _, d := range docs {
		data, err := os.ReadFile(filepath.Join(filepath.FromSlash(generator.SchemaDir), d.File))
		if err != nil {
			t.Fatal(err)
		}
		if schemas[d.File], err = yamlcheck.Compile(data); err != nil {
			t.Fatal(err)
		}
		used[d.File] = map[string]bool{}
	}
	for _, ex := range examples {
		target := filepath.Join(tmp, "site", filepath.FromSlash(ex.path))
		os.MkdirAll(filepath.Dir(target), 0o755)
		data := []byte(ex.text)
		if ex.path == "content/fontes.yaml" {
			// The portal's pages cite its own sources: the example's are
			// added to the list, not put in its place.
			if own, err := os.ReadFile(target); err == nil {
				data = append(own, data...)
			}
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if ok, _ := path.Match(d.For, ex.path); !ok {
				continue
			}
			where := "REFERENCIA.md:" + strconv.Itoa(ex.line) + " (" + ex.path + ")"
			var root *yaml.Node
			if strings.HasSuffix(ex.path, ".md") {
				fm, _, _ := strings.Cut(strings.TrimPrefix(ex.text, "---\n"), "\n---\n")
				root = yamlRoot(t, fm)
			} else {
				root = yamlRoot(t, ex.text)
			}
			for _, e := range schemas[d.File].CheckNode(where, root) {
				t.Errorf("%v", e)
			}
			markUsed(t, schemaDoc(t, d.File), root, used[d.File])
		}
	}
	// The site.yaml example names a brasão: a made-up image stands in
	// for the municipality's.
	emblem := image.NewNRGBA(image.Rect(0, 0, 8, 10))
	var emblemPNG bytes.Buffer
	if err := png.Encode(&emblemPNG, emblem); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(tmp, "site", "templates", "static", "identidade"), 0o755)
	if err := os.WriteFile(filepath.Join(tmp, "site", "templates", "static", "identidade", "brasao.png"), emblemPNG.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := seiportal("check", "-s", "site")
	if !strings.Contains(out, "nenhum problema") {
		t.Errorf("check: %q", out)
	}
	seiportal("build", "-s", "site", "-d", "publico")
	for f, want := range map[string]string{
		"formularios/solicitacao-acesso/index.html": "Solicitação de acesso ao SEI",
		"normas/decreto-exemplo-2026/index.html":    "Fica instituído o Sistema Eletrônico de Informações",
		"glossario/index.html":                      "Número Único de Protocolo",
		"index.html":                                "São José dos Campos",
		"app/checklists/exemplo.json":               "designar-pontos-focais",
		"instrutores/exemplo-exercicios/index.html": `data-exercicio="quem-assina-o-oficio" data-tipo="escolha" data-resposta="a"`,
		"procedimentos/exemplo-fluxo/index.html":    `<li><strong>Nível primário de suporte (N1):</strong> Cria a unidade no SEI</li>`,
	} {
		got, err := os.ReadFile(filepath.Join(tmp, "publico", filepath.FromSlash(f)))
		if err != nil || !strings.Contains(string(got), want) {
			t.Errorf("publico/%s lacks %q (%v)", f, want, err)
		}
	}
	seiportal("validate", "-s", "site", "solicitacao-acesso", filepath.Join("site", "dados", "solicitacao-acesso.json"))
	seiportal("pdf", "-s", "site", "solicitacao-acesso", filepath.Join("site", "dados", "solicitacao-acesso.json"), "-o", "acesso.pdf")
	if pdf, err := os.ReadFile(filepath.Join(tmp, "acesso.pdf")); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("pdf of the example: %v", err)
	}

	// The holidays the reference says seiportal knows are the calendar's.
	cal, err := calendar.New(calendar.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range cal.Holidays(2026) {
		name := h.Name
		if before, _, ok := strings.Cut(name, " ("); ok {
			name = before // "Carnaval (segunda-feira)"
		}
		if !strings.Contains(doc, name) {
			t.Errorf("REFERENCIA.md does not name the holiday %q (%s)", h.Name, h.Kind)
		}
	}

	// Every key of every schema appears in some example.
	for _, d := range docs {
		for _, key := range schemaKeys(t, schemaDoc(t, d.File)) {
			if d.File == "norma.json" && strings.HasPrefix(key, "#.") && key != "#.norm" && key != "#.title" {
				continue // the page keys every page has (README, "Escrevendo conteúdo")
			}
			if !used[d.File][key] {
				t.Errorf("%s: no example in REFERENCIA.md uses %s", d.File, key)
			}
		}
	}

	// Each table of keys lists the schema's keys.
	marker := regexp.MustCompile(`<!-- esquema: ([a-z]+\.json)#([A-Za-z.]*) -->\n((?:\|.*\n)+)`)
	tables := marker.FindAllStringSubmatch(doc, -1)
	if len(tables) < 15 {
		t.Fatalf("only %d tables of keys", len(tables))
	}
	firstCol := regexp.MustCompile("(?m)^\\| `([a-z_]+)`")
	for _, m := range tables {
		def := m[2]
		var want []string
		for _, key := range schemaKeys(t, schemaDoc(t, m[1])) {
			if strings.HasPrefix(key, orRoot(def)+".") && !strings.Contains(strings.TrimPrefix(key, orRoot(def)+"."), ".") {
				want = append(want, strings.TrimPrefix(key, orRoot(def)+"."))
			}
		}
		var got []string
		for _, k := range firstCol.FindAllStringSubmatch(m[3], -1) {
			got = append(got, k[1])
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("REFERENCIA.md, table of %s#%s: keys %v; the schema has %v", m[1], def, got, want)
		}
	}
}

func orRoot(def string) string {
	if def == "" {
		return "#"
	}
	return def
}

func yamlRoot(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func schemaDoc(t *testing.T, file string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(filepath.FromSlash(generator.SchemaDir), file))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// resolve follows $ref and one-element allOf; name is the definition's
// name ("#" for the root).
func resolve(root, s map[string]any, name string) (map[string]any, string) {
	for {
		if all, ok := s["allOf"].([]any); ok && len(all) == 1 {
			s, _ = all[0].(map[string]any)
			continue
		}
		if ref, ok := s["$ref"].(string); ok {
			name = strings.TrimPrefix(ref, "#/definitions/")
			s, _ = root["definitions"].(map[string]any)[name].(map[string]any)
			continue
		}
		return s, name
	}
}

// schemaKeys lists "definition.key" for every object of the schema.
func schemaKeys(t *testing.T, root map[string]any) []string {
	var out []string
	add := func(name string, s map[string]any) {
		props, _ := s["properties"].(map[string]any)
		for k := range props {
			out = append(out, name+"."+k)
		}
	}
	add("#", root) // a list (the glossary) has no keys of its own

	defs, _ := root["definitions"].(map[string]any)
	for name, d := range defs {
		add(name, d.(map[string]any))
	}
	sort.Strings(out)
	return out
}

// markUsed records the schema keys an instance uses, walking both.
func markUsed(t *testing.T, root map[string]any, n *yaml.Node, used map[string]bool) {
	var walk func(s map[string]any, name string, n *yaml.Node)
	walk = func(s map[string]any, name string, n *yaml.Node) {
		s, name = resolve(root, s, name)
		switch n.Kind {
		case yaml.MappingNode:
			props, _ := s["properties"].(map[string]any)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				used[name+"."+k] = true
				if p, ok := props[k].(map[string]any); ok {
					walk(p, name, n.Content[i+1])
				}
			}
		case yaml.SequenceNode:
			if items, ok := s["items"].(map[string]any); ok {
				for _, c := range n.Content {
					walk(items, name, c)
				}
			}
		}
	}
	walk(root, "#", n)
}
