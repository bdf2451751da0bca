package cli

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// ufs are the 27 federative units of Brazil: 26 states and the Distrito
// Federal.
func ufs() []string {
	return []string{"AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
		"PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO"}
}

// identity is what "init --municipio --uf" writes into templates/site.yaml.
type identity struct {
	municipio, uf string
}

// checkIdentity validates the options of init: both or neither, a name
// that fits on a line, one of the 27 UFs (any case).
func checkIdentity(municipio, uf string, given map[string]bool) (*identity, error) {
	if !given["municipio"] && !given["uf"] {
		return nil, nil
	}
	if !given["municipio"] || !given["uf"] {
		return nil, &UsageError{Msg: "informe --municipio e --uf juntos, como em: seiportal init --municipio \"Nome\" --uf SP DIR"}
	}
	municipio = strings.Join(strings.Fields(municipio), " ")
	if municipio == "" {
		return nil, &UsageError{Msg: "--municipio está vazio: informe o nome do município"}
	}
	if len([]rune(municipio)) > 100 {
		return nil, &UsageError{Msg: "--municipio tem mais de 100 caracteres"}
	}
	for _, r := range municipio {
		if unicode.IsControl(r) {
			return nil, &UsageError{Msg: "--municipio tem um caractere de controle"}
		}
	}
	up := strings.ToUpper(strings.TrimSpace(uf))
	for _, u := range ufs() {
		if u == up {
			return &identity{municipio: municipio, uf: up}, nil
		}
	}
	return nil, &UsageError{Msg: fmt.Sprintf("UF inválida %q: use a sigla de uma das 27 unidades da federação (%s)", uf, strings.Join(ufs(), ", "))}
}

// values returns the site.yaml keys the identity sets.
func (id *identity) values() map[string]string {
	org := "Prefeitura Municipal de " + id.municipio
	if id.uf == "DF" {
		org = "Governo do Distrito Federal"
	}
	return map[string]string{
		"title":        "Portal de Adesão ao SEI – " + id.municipio + "/" + id.uf,
		"organization": org,
	}
}

// setKeys rewrites the values of top-level keys of a YAML mapping in
// place, line by line, so that the file's comments and layout stay as
// they were. Each value must be a scalar on its key's line.
func setKeys(src []byte, values map[string]string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("YAML inválido: %v", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("esperava um mapa de chaves")
	}
	lines := strings.SplitAfter(string(src), "\n")
	done := map[string]bool{}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		val, ok := values[k.Value]
		if !ok {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Line != k.Line || v.Line < 1 || v.Line > len(lines) {
			return nil, fmt.Errorf("%s: esperava o valor na mesma linha da chave", k.Value)
		}
		line := lines[v.Line-1]
		eol := ""
		if strings.HasSuffix(line, "\r\n") {
			eol = "\r\n"
		} else if strings.HasSuffix(line, "\n") {
			eol = "\n"
		}
		// Columns count runes; the key ends before the value.
		r := []rune(strings.TrimRight(line, "\r\n"))
		if v.Column-1 > len(r) {
			return nil, fmt.Errorf("%s: posição inesperada", k.Value)
		}
		lines[v.Line-1] = string(r[:v.Column-1]) + quoteYAML(val) + eol
		done[k.Value] = true
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(l)
	}
	for key, val := range values {
		if !done[key] {
			if out.Len() > 0 && !strings.HasSuffix(out.String(), "\n") {
				out.WriteString("\n")
			}
			out.WriteString(key + ": " + quoteYAML(val) + "\n")
		}
	}
	return []byte(out.String()), nil
}

// quoteYAML writes s as a double-quoted YAML scalar.
func quoteYAML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func runInit(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "init", "init [--municipio NOME --uf UF] DIR")
	municipio := fl.String("municipio", "", "nome do município, gravado no título e no órgão de templates/site.yaml")
	uf := fl.String("uf", "", "sigla da unidade da federação (SP, MG, DF…), com --municipio")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { given[f.Name] = true })
	id, err := checkIdentity(*municipio, *uf, given)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return &UsageError{Msg: "init precisa de exatamente uma pasta: seiportal init DIR"}
	}
	if env.Default == nil {
		return &UsageError{Msg: "este binário não tem o portal padrão embutido"}
	}
	dir := env.abs(rest[0])
	for _, sub := range []string{"content", "templates"} {
		if entries, err := os.ReadDir(filepath.Join(dir, sub)); err == nil && len(entries) > 0 {
			return fmt.Errorf("%s já existe e não está vazia; nada foi alterado", filepath.Join(rest[0], sub))
		}
	}
	n := 0
	for _, sub := range []string{"content", "templates"} {
		err := fs.WalkDir(env.Default, sub, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			target := filepath.Join(dir, filepath.FromSlash(p))
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := fs.ReadFile(env.Default, p)
			if err != nil {
				return err
			}
			if p == "templates/site.yaml" && id != nil {
				if data, err = setKeys(data, id.values()); err != nil {
					return fmt.Errorf("templates/site.yaml do portal padrão: %v", err)
				}
			}
			n++
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			return fmt.Errorf("não foi possível copiar %s: %v", sub, unwrapPathError(err))
		}
	}
	fmt.Fprintf(env.Stdout, "seiportal: %d arquivos copiados para %s (content/ e templates/)\n", n, rest[0])
	if id != nil {
		v := id.values()
		fmt.Fprintf(env.Stdout, "Identidade em templates/site.yaml: %s; %s\n", v["title"], v["organization"])
	}
	fmt.Fprintf(env.Stdout, "Próximos passos:\n  cd %s\n  seiportal serve\n", trimSeparator(rest[0]))
	return nil
}

// trimSeparator drops the trailing path separators of a folder as the user
// typed it ("meu-portal/", "C:\portal\") but keeps a root ("/", `C:\`).
func trimSeparator(dir string) string {
	for len(dir) > len(filepath.VolumeName(dir))+1 && os.IsPathSeparator(dir[len(dir)-1]) {
		dir = dir[:len(dir)-1]
	}
	return dir
}
