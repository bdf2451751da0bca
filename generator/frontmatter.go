package generator

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
)

// frontMatter holds Hugo's keys and the portal's own. Unknown keys are kept in
// Params (Hugo accepts them too).
type frontMatter struct {
	Title       string         `yaml:"title"`
	Description string         `yaml:"description"`
	Weight      int            `yaml:"weight"`
	Draft       bool           `yaml:"draft"`
	Slug        string         `yaml:"slug"`
	Aliases     []string       `yaml:"aliases"`
	AliasPos    []Pos          `yaml:"-"` // where each alias is written
	SlugPos     Pos            `yaml:"-"`
	ContactPos  Pos            `yaml:"-"` // where "contato" (kept in Params) is written
	Date        time.Time      `yaml:"date"`
	Lastmod     time.Time      `yaml:"lastmod"`
	Layout      string         `yaml:"layout"`
	Form        string         `yaml:"form"` // layout formulario: the form id
	Params      map[string]any `yaml:"-"`
	NormNode    *yaml.Node     `yaml:"norm"` // the "norm:" map, decoded by the norm package's Meta
	NormTOML    map[string]any `yaml:"-"`
}

// splitFrontMatter separates the front matter from the body. It returns the
// front matter text, its format ("yaml", "toml" or ""), the body and the
// 1-based line where the body starts.
func splitFrontMatter(src []byte) (fm []byte, format string, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	var delim string
	switch {
	case bytes.HasPrefix(src, []byte("---\n")) || bytes.HasPrefix(src, []byte("---\r\n")):
		delim, format = "---", "yaml"
	case bytes.HasPrefix(src, []byte("+++\n")) || bytes.HasPrefix(src, []byte("+++\r\n")):
		delim, format = "+++", "toml"
	default:
		return nil, "", src, 1, nil
	}
	first := bytes.IndexByte(src, '\n') + 1
	rest := src[first:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var ln []byte
		if end < 0 {
			ln = rest[off:]
		} else {
			ln = rest[off : off+end]
		}
		if strings.TrimRight(string(ln), "\r \t") == delim {
			fm = rest[:off]
			if end < 0 {
				return fm, format, nil, line + 1, nil
			}
			return fm, format, rest[off+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, format, nil, 0, fmt.Errorf("front matter sem o delimitador de fechamento %q", delim)
}

// parseFrontMatter decodes fm (which starts at line 2 of file).
func parseFrontMatter(file string, fm []byte, format string) (*frontMatter, diag.List) {
	out := &frontMatter{Params: map[string]any{}}
	switch format {
	case "":
		return out, nil
	case "toml":
		var m map[string]any
		md, err := toml.Decode(string(fm), &m)
		if err != nil {
			line, col, msg := 0, 0, diag.TOMLMessage(firstLine(err.Error()))
			if pe, ok := err.(toml.ParseError); ok {
				line, col, msg = pe.Position.Line+1, pe.Position.Col, diag.TOMLMessage(pe.Message)
			}
			return nil, diag.List{diag.Errorf(file, line, col, "front matter TOML inválido: %s", msg)}
		}
		_ = md
		return out, out.fromMap(file, m, func(key string, _ int) Pos { return tomlKeyPos(fm, key) })
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		line, msg := yamlpos.Syntax(fm, err)
		if line > 0 {
			line++ // the front matter starts at line 2
		}
		return nil, diag.List{diag.Errorf(file, line, 0, "front matter YAML inválido: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return out, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, diag.List{diag.Errorf(file, root.Line+1, root.Column, "o front matter deve ser um mapa de chaves e valores")}
	}
	var errs diag.List
	m := map[string]any{}
	pos := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if _, dup := pos[k.Value]; dup || k.Value == "norm" && out.NormNode != nil {
			errs = append(errs, diag.Errorf(file, k.Line+1, k.Column, "a chave %q aparece duas vezes", k.Value))
			continue
		}
		if k.Value == "norm" {
			out.NormNode = v
			continue
		}
		var val any
		if err := v.Decode(&val); err != nil {
			msg := yamlpos.Message(err)
			errs = append(errs, diag.Errorf(file, v.Line+1, v.Column, "valor inválido para %q: %s", k.Value, msg))
			continue
		}
		m[k.Value] = val
		pos[k.Value] = v
	}
	errs = append(errs, out.fromMap(file, m, func(key string, i int) Pos {
		n, ok := pos[key]
		if !ok {
			return Pos{}
		}
		if i >= 0 && n.Kind == yaml.SequenceNode && i < len(n.Content) {
			n = n.Content[i]
		}
		return Pos{n.Line + 1, n.Column}
	})...)
	return out, errs
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Pos is a line and column of a file (1-based; 0 when unknown).
type Pos struct{ Line, Col int }

// fromMap fills f from the decoded front matter; at gives the position of a
// key's value (of its i-th item when i >= 0).
func (f *frontMatter) fromMap(file string, m map[string]any, at func(key string, i int) Pos) diag.List {
	var errs diag.List
	bad := func(key, want string) {
		p := at(key, -1)
		errs = append(errs, diag.Errorf(file, p.Line, p.Col, "%q deve ser %s", key, want))
	}
	for k, v := range m {
		switch strings.ToLower(k) {
		case "title":
			s, ok := v.(string)
			if !ok {
				bad(k, "um texto")
			}
			f.Title = s
		case "description":
			s, ok := v.(string)
			if !ok {
				bad(k, "um texto")
			}
			f.Description = s
		case "weight":
			switch n := v.(type) {
			case int:
				f.Weight = n
			case int64:
				f.Weight = int(n)
			default:
				bad(k, "um número inteiro")
			}
		case "draft":
			b, ok := v.(bool)
			if !ok {
				bad(k, "true ou false")
			}
			f.Draft = b
		case "slug":
			s, ok := v.(string)
			if !ok {
				bad(k, "um texto")
			}
			f.Slug = s
			f.SlugPos = at(k, -1)
		case "layout":
			s, ok := v.(string)
			if !ok {
				bad(k, "um texto")
			}
			f.Layout = s
		case "form":
			s, ok := v.(string)
			if !ok {
				bad(k, "um texto")
			}
			f.Form = s
		case "aliases":
			list, ok := v.([]any)
			if !ok {
				bad(k, "uma lista de caminhos")
				continue
			}
			if len(list) > maxAliases {
				p := at(k, maxAliases)
				errs = append(errs, diag.Errorf(file, p.Line, p.Col, "aliases demais: no máximo %d por página", maxAliases))
				continue
			}
			for i, a := range list {
				s, ok := a.(string)
				if !ok || s == "" {
					bad(k, "uma lista de caminhos")
					break
				}
				f.Aliases = append(f.Aliases, s)
				f.AliasPos = append(f.AliasPos, at(k, i))
			}
		case "date", "lastmod":
			t, ok := toTime(v)
			if !ok {
				bad(k, "uma data (AAAA-MM-DD)")
			}
			if strings.ToLower(k) == "date" {
				f.Date = t
			} else {
				f.Lastmod = t
			}
		case "norm":
			if mm, ok := v.(map[string]any); ok {
				f.NormTOML = mm
			}
		default:
			f.Params[k] = v
			if k == "contato" {
				f.ContactPos = at(k, -1)
			}
		}
	}
	return errs
}

func toTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case string:
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
			if tt, err := time.Parse(layout, t); err == nil {
				return tt, true
			}
		}
	}
	return time.Time{}, false
}

// maxAliases bounds the alias pages one page may ask for.
const maxAliases = 100

// tomlKeyPos finds where a top-level key of TOML front matter (which starts
// at line 2 of its file) is written: its line and the column of its value.
// The TOML decoder reports no positions for keys.
func tomlKeyPos(fm []byte, key string) Pos {
	for i, line := range strings.Split(string(fm), "\n") {
		t := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(t, "[") {
			break // a table: no longer top level
		}
		rest, ok := strings.CutPrefix(t, key)
		if !ok {
			if rest, ok = strings.CutPrefix(t, `"`+key+`"`); !ok {
				continue
			}
		}
		r := strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(r, "=") {
			continue
		}
		v := strings.TrimLeft(r[1:], " \t")
		return Pos{i + 2, len(line) - len(v) + 1}
	}
	return Pos{}
}
