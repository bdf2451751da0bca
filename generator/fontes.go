package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/engine/cite"
	"github.com/seiportal/seiportal/generator/markup"
)

// sourcesFile is the list of the program's sources that fonte: citations
// name.
const sourcesFile = "content/fontes.yaml"

// source is a bibliographic source of the adhesion program: a guide, a
// deck, a web page. Its parts are what a fonte: citation may point to.
type source struct {
	ref   markup.Source
	parts map[string]sourcePart
	ids   []string
}

// sourcePart is a named part of a source: a module, a stage, a page ("p3").
type sourcePart struct {
	label string // "Módulo 1 — Designação do Ponto Focal"
	quote string // a passage of the part, quoted as written, for the tooltip
}

// sourceDate accepts "2024", "2024-02", "2024-02-23" or "s.d." (sem data).
var sourceDate = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)

// showDate turns a source date into how it is shown; ok is false when the
// date is not one of the accepted forms.
func showDate(s string) (string, bool) {
	if s == "s.d." {
		return "sem data", true
	}
	m := sourceDate.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	if m[2] == "" {
		return m[1], true
	}
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 {
		return "", false
	}
	if m[3] == "" {
		return calendar.MonthName(time.Month(mo)) + " de " + m[1], true
	}
	d, err := calendar.Parse(s)
	if err != nil {
		return "", false
	}
	return d.Long(), true
}

// loadSources reads content/fontes.yaml, when there is one.
func loadSources(fsys fs.FS) (map[string]*source, diag.List) {
	src, err := fs.ReadFile(fsys, sourcesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, diag.List{diag.Errorf(sourcesFile, 0, 0, "não foi possível ler: %v", err)}
	}
	return parseSources(sourcesFile, src)
}

// parseSources reads the list of sources: every key known, every error
// with its position.
func parseSources(file string, src []byte) (map[string]*source, diag.List) {
	out := map[string]*source{}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return out, diag.List{diag.Errorf(file, 0, 0, "YAML inválido: %v", err)}
	}
	if len(doc.Content) == 0 {
		return out, nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return out, diag.List{diag.Errorf(file, list.Line, list.Column, "fontes.yaml deve ser uma lista de fontes (- id: …)")}
	}
	var errs diag.List
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, diag.Errorf(file, n.Line, n.Column, format, args...))
	}
	text := func(v *yaml.Node, key string) string {
		if v.Kind != yaml.ScalarNode {
			bad(v, "%s deve ser um texto", key)
			return ""
		}
		return strings.Join(strings.Fields(v.Value), " ")
	}
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			bad(item, "cada fonte deve ser um mapa com id, title, publisher e date")
			continue
		}
		s := &source{parts: map[string]sourcePart{}}
		var date *yaml.Node
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "id":
				s.ref.Key = text(v, "id")
				if s.ref.Key != "" && !cite.ValidKey(s.ref.Key) {
					bad(v, "id de fonte inválido %q (use letras minúsculas, algarismos e hífens, ex.: guia-ponto-focal)", s.ref.Key)
					s.ref.Key = ""
				}
			case "title":
				s.ref.Title = text(v, "title")
			case "publisher":
				s.ref.Publisher = text(v, "publisher")
			case "date":
				date = v
				if d, ok := showDate(text(v, "date")); ok {
					s.ref.Date = d
				} else {
					bad(v, "data inválida %q (use AAAA, AAAA-MM, AAAA-MM-DD ou s.d. para sem data)", v.Value)
				}
			case "url":
				s.ref.URL = text(v, "url")
				if !strings.HasPrefix(s.ref.URL, "https://") && !strings.HasPrefix(s.ref.URL, "http://") {
					bad(v, "url deve começar com https:// ou http://")
					s.ref.URL = ""
				}
			case "parts":
				parseParts(s, v, bad, text)
			default:
				bad(k, "chave desconhecida %q (use id, title, publisher, date, url, parts)", k.Value)
			}
		}
		switch {
		case s.ref.Key == "":
			bad(item, "fonte sem id")
			continue
		case s.ref.Title == "" || s.ref.Publisher == "":
			bad(item, "a fonte %q precisa de title e publisher", s.ref.Key)
		case date == nil:
			bad(item, "a fonte %q precisa de date (AAAA, AAAA-MM, AAAA-MM-DD ou s.d.)", s.ref.Key)
		}
		if _, dup := out[s.ref.Key]; dup {
			bad(item, "a fonte %q aparece duas vezes", s.ref.Key)
			continue
		}
		out[s.ref.Key] = s
	}
	return out, errs
}

func parseParts(s *source, v *yaml.Node, bad func(*yaml.Node, string, ...any), text func(*yaml.Node, string) string) {
	if v.Kind != yaml.SequenceNode {
		bad(v, "parts deve ser uma lista de partes (- id: …, label: …)")
		return
	}
	for _, pn := range v.Content {
		if pn.Kind != yaml.MappingNode {
			bad(pn, "cada parte deve ser um mapa com id e label")
			continue
		}
		var id string
		idBad := false
		var part sourcePart
		for i := 0; i+1 < len(pn.Content); i += 2 {
			k, pv := pn.Content[i], pn.Content[i+1]
			switch k.Value {
			case "id":
				id = text(pv, "id")
				if !cite.ValidKey(id) {
					bad(pv, "id de parte inválido %q (use letras minúsculas, algarismos e hífens, ex.: modulo-1, p3)", id)
					id, idBad = "", true
				}
			case "label":
				part.label = text(pv, "label")
			case "quote":
				part.quote = text(pv, "quote")
			default:
				bad(k, "chave desconhecida %q numa parte (use id, label, quote)", k.Value)
			}
		}
		switch {
		case idBad:
		case id == "":
			bad(pn, "parte sem id")
		case part.label == "":
			bad(pn, "a parte %q precisa de label", id)
		case s.parts[id] != (sourcePart{}):
			bad(pn, "a parte %q aparece duas vezes", id)
		default:
			s.parts[id] = part
			s.ids = append(s.ids, id)
		}
	}
}

// citeSource resolves a fonte: citation against content/fontes.yaml. The
// URL is the source's own address ("" when it has none).
func (d *siteData) citeSource(c cite.Citation, target string) (markup.Cite, error) {
	s, ok := d.sources[c.Key]
	if !ok {
		if len(d.sources) == 0 {
			return markup.Cite{}, fmt.Errorf("citação de fonte inexistente %q (não há fontes em %s)", c.Key, sourcesFile)
		}
		keys := make([]string, 0, len(d.sources))
		for k := range d.sources {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return markup.Cite{}, fmt.Errorf("citação de fonte inexistente %q (fontes em %s: %s)", c.Key, sourcesFile, strings.Join(keys, ", "))
	}
	out := markup.Cite{Kind: string(cite.Fonte), Target: target, URL: s.ref.URL, Label: s.ref.Title, Source: &s.ref}
	if c.Anchor == "" {
		return out, nil
	}
	p, ok := s.parts[c.Anchor]
	if !ok {
		if len(s.ids) == 0 {
			return markup.Cite{}, fmt.Errorf("citação de parte inexistente: a fonte %q não declara partes (parts) em %s", c.Key, sourcesFile)
		}
		return markup.Cite{}, fmt.Errorf("citação de parte inexistente: a fonte %q não tem a parte %q (partes: %s)", c.Key, c.Anchor, strings.Join(s.ids, ", "))
	}
	out.Label = s.ref.Title + ", " + p.label
	out.Part = p.label
	out.Preview = p.quote
	return out, nil
}
