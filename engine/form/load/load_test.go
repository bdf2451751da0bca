package load

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/internal/txtar"
)

// minimal is a valid definition the error cases start from.
const minimal = `id: teste
title: Teste
version: 1
fields:
  - name: nome
    type: text
    label: Nome
    validate: required
  - name: pessoas
    type: group
    label: Pessoas
    repeat: {min: 1, max: 3, item_label: "{n}ª pessoa", of: da}
    fields:
      - {name: cpf, type: cpf, label: CPF}
document:
  sections:
    - blocks:
        - text: "Eu, {{nome}}."
`

func TestShippedForms(t *testing.T) {
	defs, errs := Dir(os.DirFS("../../.."), "content/formularios")
	if len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	ids := []string{}
	for _, d := range defs {
		ids = append(ids, d.ID)
		if _, err := json.Marshal(d); err != nil {
			t.Error(err)
		}
	}
	if strings.Join(ids, ",") != "criacao-unidade,designacao-ponto-focal" {
		t.Errorf("forms = %v", ids)
	}
	for _, d := range defs {
		if d.ID != "criacao-unidade" {
			continue
		}
		if len(d.Basis) == 0 || d.Basis[0].Target != "norma:in-15-2024#art29" || d.Basis[0].Line == 0 {
			t.Errorf("basis = %+v", d.Basis)
		}
	}
}

func TestMinimal(t *testing.T) {
	def, errs := File("content/formularios/teste.yaml", []byte(minimal))
	if len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	f, ok := def.Lookup("pessoas.cpf")
	if !ok || f.Line != 14 || f.Col != 9 {
		t.Errorf("pessoas.cpf at %d:%d", f.Line, f.Col)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name, from, to, want string
	}{
		{"unknown type", "type: cpf", "type: rg", "teste.yaml:14:27: tipo de campo desconhecido \"rg\""},
		{"unknown tag", "validate: required", "validate: required,cnpj", "teste.yaml:8:15: etiqueta de validação desconhecida “cnpj”"},
		{"tag without param", "validate: required", "validate: max", "teste.yaml:8:15: a etiqueta “max” precisa de parâmetro"},
		{"tag bad param", "validate: required", "validate: max=dez", "teste.yaml:8:15: a etiqueta “max” precisa de um número inteiro"},
		{"unknown key", "    label: Nome\n", "    label: Nome\n    rotulo: x\n", "teste.yaml:8:5: chave desconhecida \"rotulo\" no campo (aceitas: fields, help, label, name, options, placeholder, repeat, type, validate)"},
		{"duplicate name", "  - name: pessoas", "  - name: nome", "teste.yaml:9:5: campo \"nome\" repetido"},
		{"min > max", "min: 1, max: 3", "min: 4, max: 3", "teste.yaml:12:13: repeat: min (4) maior que max (3)"},
		{"select without options", "type: text", "type: select", "teste.yaml:5:5: campo \"nome\" do tipo select sem options"},
		{"placeholder", "{{nome}}", "{{sobrenome}}", "teste.yaml:18:17: marcador {{sobrenome}}: o campo não existe no formulário"},
		{"unclosed placeholder", "{{nome}}", "{{nome", "teste.yaml:18:17: marcador “{{” sem o “}}” que o fecha"},
		{"rule on missing field", "document:", "rules:\n  - {kind: unique, field: pessoas.rg}\ndocument:", "teste.yaml:16:5: regra unique: o campo \"pessoas.rg\" não existe no formulário"},
		{"unknown rule", "document:", "rules:\n  - {kind: nunca, field: nome}\ndocument:", "teste.yaml:16:12: tipo de regra desconhecido \"nunca\""},
		{"required_if when missing", "document:", "rules:\n  - {kind: required_if, field: nome, when: cargo, equals: x}\ndocument:", "teste.yaml:16:5: regra required_if: o campo \"cargo\" (when) não existe"},
		{"citation", "version: 1", "version: 1\nbasis: [\"in-15-2024#art29\"]", "teste.yaml:4:9: citação inválida \"in-15-2024#art29\""},
		{"citation bad id", "version: 1", "version: 1\nbasis: [\"norma:in-15-2024#\"]", "teste.yaml:4:9: citação inválida"},
		{"signer id", "        - text: \"Eu, {{nome}}.\"\n", "        - text: \"Eu, {{nome}}.\"\n      signers:\n        - {id: Titular, name: \"{{nome}}\"}\n", "teste.yaml:20:11: signatário com id \"Titular\" inválido"},
		{"yaml syntax", "title: Teste", "title: [Teste", "teste.yaml:2: YAML inválido: a lista entre colchetes [ ] aberta aqui não foi fechada"},
		{"version missing", "version: 1\n", "", "teste.yaml:1:1: falta a version do formulário"},
		{"repeat not a list", "    - blocks:", "    - repeat: nome\n      blocks:", "teste.yaml:17: seção: repeat \"nome\" não é um campo de lista"},
		{"pipe in a parameter", "validate: required", "validate: required,contains=a|x", "teste.yaml:8:15: a regra de validação “required,contains=a|x” não funciona num campo do tipo text: “x” não é uma etiqueta de validação (no validator, “|” separa etiquetas alternativas; para o caractere “|” num parâmetro, escreva 0x7C)"},
		{"alternative tags", "validate: required", "validate: email|uppercase", "teste.yaml:8:15: etiqueta de validação desconhecida “email|uppercase”"},
		{"length of a checkbox", "type: text\n    label: Nome\n    validate: required", "type: checkbox\n    label: Nome\n    validate: required,max=3", "teste.yaml:8:15: num campo do tipo checkbox só vale a etiqueta “required” (marcar é obrigatório), não “max=3”"},
		{"contains on a checkbox", "type: text\n    label: Nome\n    validate: required", "type: checkbox\n    label: Nome\n    validate: contains=x", "teste.yaml:8:15: num campo do tipo checkbox só vale a etiqueta “required”"},
		{"pipe in oneof", "validate: required", "validate: oneof=a|b", "teste.yaml:8:15: a regra de validação “oneof=a|b” não funciona num campo do tipo text: “b” não é uma etiqueta de validação"},
		{"tag on a group", "    label: Pessoas\n", "    label: Pessoas\n    validate: required\n", "teste.yaml:12:15: validate não vale para campos do tipo group"},
		{"unprintable text", "\"Eu, {{nome}}.\"", "\"Eu, {{nome}} 😀.\"", "teste.yaml:18:17: text: o caractere “😀” (U+1F600) não pode ser impresso no PDF"},
		{"empty block", "        - text: \"Eu, {{nome}}.\"\n", "        - text: \"Eu, {{nome}}.\"\n        - text: ~\n", "teste.yaml:19:11: cada bloco tem exatamente uma destas chaves: text, heading, lines, fields, table"},
		{"column width", "        - text: \"Eu, {{nome}}.\"\n", "        - text: \"Eu, {{nome}}.\"\n        - table: {source: pessoas, columns: [{field: cpf, width: 120}]}\n", "teste.yaml:19:66: width: esperava um número positivo, até 100"},
		{"version not a number", "version: 1", "version: um", "teste.yaml:3:10: esperava um número inteiro, não \"um\""},
		{"label a list", "    label: Nome\n", "    label: [Nome]\n", "teste.yaml:7:12: esperava um texto, não uma lista"},
		{"table column", "        - text: \"Eu, {{nome}}.\"\n", "        - text: \"Eu, {{nome}}.\"\n        - table: {source: pessoas, columns: [{field: rg}]}\n", "teste.yaml:19: tabela: a coluna \"rg\" não é um campo de \"pessoas\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, c.from, c.to, 1)
			if src == minimal {
				t.Fatalf("case does not change the source")
			}
			_, errs := File("content/formularios/teste.yaml", []byte(src))
			got := errs.Error()
			if !strings.Contains(got, "content/formularios/"+c.want) {
				t.Errorf("errors:\n%s\nwant one containing:\n%s", got, c.want)
			}
		})
	}
}

// Two files with one id: the second is refused. A definition in TOML is
// refused with a message naming the file (TOML is no longer read).
func TestDirDuplicateAndTOML(t *testing.T) {
	toml := `id = "outro"
title = "Teste em TOML"
`
	fsys := fstest.MapFS{
		"content/formularios/a.yaml": {Data: []byte(minimal)},
		"content/formularios/b.yaml": {Data: []byte(minimal)},
		"content/formularios/c.yaml": {Data: []byte(strings.Replace(minimal, "id: teste", "id: outro", 1))},
		"content/formularios/d.toml": {Data: []byte(toml)},
	}
	defs, errs := Dir(fsys, "content/formularios")
	got := errs.Error()
	for _, want := range []string{
		`content/formularios/b.yaml:1: id "teste" repetido: já usado em content/formularios/a.yaml`,
		`content/formularios/d.toml: definições de formulário em TOML não são aceitas: escreva esta em YAML (d.yaml)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors:\n%s\nwant %s", got, want)
		}
	}
	if len(defs) != 2 || defs[1].ID != "outro" {
		t.Errorf("defs = %v", defs)
	}
}

func FuzzFile(f *testing.F) {
	f.Add([]byte(minimal))
	for _, name := range []string{"designacao-ponto-focal.yaml", "criacao-unidade.yaml"} {
		data, err := os.ReadFile("../../../content/formularios/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("fields: [ {name: x, type: group, repeat: 3} ]"))
	// rules the loader must refuse without a panic, reaching TagProblem
	for _, v := range []string{"required,contains=a|x", "oneof=a|b", "email|uppercase", "max=3,len=", "excludes=0x7C,startswith=a"} {
		f.Add([]byte(strings.Replace(minimal, "validate: required", "validate: "+v, 1)))
	}
	f.Add([]byte(strings.Replace(minimal, "type: text\n    label: Nome\n    validate: required", "type: checkbox\n    label: Nome\n    validate: required,max=3", 1)))
	f.Add([]byte(strings.Replace(minimal, `"Eu, {{nome}}."`, `"Eu, {{nome}} \u1ec5 \U0001F600."`, 1)))
	v, err := form.NewValidator(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		def, errs := File("x.yaml", data)
		if def == nil && len(errs) == 0 {
			t.Fatal("no definition and no error")
		}
		for _, e := range errs {
			if e.Msg == "" {
				t.Fatal("empty message")
			}
		}
		if len(errs) > 0 {
			return
		}
		// nothing a definition the loader accepts says may panic later:
		// validating, rendering the blank form and a filled one
		vals := form.NewValues()
		v.Validate(def, vals)
		fillEvery(def, vals, def.Fields, "")
		v.Validate(def, vals)
		if _, err := document.Blank(def, document.Options{Fonts: ttf.Fonts()}); err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
		if _, err := document.Render(def, vals, document.Options{Fonts: ttf.Fonts()}); err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}

var update = flag.Bool("update", false, "rewrite the want sections of testdata/errors/*.txtar")

// TestErrorFiles loads each testdata/errors/*.txtar as a file tree and
// compares the errors of Dir(tree, "content/formularios"), one per line,
// followed by the ids of the definitions it returned, with its "want" file.
func TestErrorFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			want := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					want = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			if want < 0 {
				t.Fatal("no want file")
			}
			defs, errs := Dir(fsys, "content/formularios")
			var b strings.Builder
			for _, e := range errs {
				b.WriteString(e.Error() + "\n")
			}
			for _, d := range defs {
				b.WriteString("# carregado: " + d.ID + "\n")
			}
			got := b.String()
			if *update {
				ar.Files[want].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if w := string(ar.Files[want].Data); got != w {
				t.Errorf("got:\n%s\nwant:\n%s", got, w)
			}
		})
	}
}

// fillEvery sets every field (two items of each list) to a plausible value.
func fillEvery(def *form.Definition, vals *form.Values, fields []form.Field, prefix string) {
	for _, f := range fields {
		p := prefix + f.Name
		switch {
		case f.Type == form.TypeGroup && f.Repeat != nil:
			for i := 0; i < 2; i++ {
				fillEvery(def, vals, f.Fields, p+"."+strconv.Itoa(i)+".")
			}
		case f.Type == form.TypeGroup:
			fillEvery(def, vals, f.Fields, p+".")
		case f.Type == form.TypeCheckbox:
			vals.Set(def, p, "sim")
		case f.Type == form.TypeSelect && len(f.Options) > 0:
			vals.Set(def, p, f.Options[0].Value)
		case f.Type == form.TypeDate:
			vals.Set(def, p, "2025-03-05")
		case f.Type == form.TypeCPF:
			vals.Set(def, p, "111.444.777-35")
		default:
			vals.Set(def, p, "Conceição | 0x7C")
		}
	}
}
