package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
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

// sourceEntry is one source as content/fontes.yaml writes it (and as its
// JSON Schema, fontes.json, describes it).
type sourceEntry struct {
	ID        string      `yaml:"id,required"`
	Title     string      `yaml:"title,required"`
	Publisher string      `yaml:"publisher,required"`
	Date      string      `yaml:"date"` // required, with the accepted forms in the message
	URL       string      `yaml:"url"`
	Parts     []partEntry `yaml:"parts"`
}

// partEntry is one part of a source in content/fontes.yaml.
type partEntry struct {
	ID    string `yaml:"id,required"`
	Label string `yaml:"label,required"`
	Quote string `yaml:"quote"`
}

// parseSources reads the list of sources: every key known, every error
// with its position.
func parseSources(file string, src []byte) (map[string]*source, diag.List) {
	out := map[string]*source{}
	root, errs := yamlpos.Parse(file, src)
	if len(errs) > 0 || root == nil {
		return out, errs
	}
	d := &yamlpos.Decoder{File: file, Where: map[reflect.Type]string{
		reflect.TypeFor[sourceEntry](): "na fonte",
		reflect.TypeFor[partEntry]():   "na parte",
	}}
	var list []sourceEntry
	d.Decode(root, &list)
	text := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for i, e := range list {
		p := yamlpos.Path("", i)
		item := d.Node(p)
		if d.Failed(p) {
			continue
		}
		s := &source{parts: map[string]sourcePart{}}
		s.ref.Key = text(e.ID)
		if n := d.Node(p + "/id"); n != nil && !cite.ValidKey(s.ref.Key) {
			d.Errorf(n, "id de fonte inválido %q (use letras minúsculas, algarismos e hífens, ex.: guia-ponto-focal)", s.ref.Key)
			s.ref.Key = ""
		}
		s.ref.Title, s.ref.Publisher = text(e.Title), text(e.Publisher)
		if (d.Node(p+"/title") != nil && s.ref.Title == "") || (d.Node(p+"/publisher") != nil && s.ref.Publisher == "") {
			d.Errorf(item, "a fonte %q precisa de title e publisher", s.ref.Key)
		}
		if n := d.Node(p + "/date"); n == nil {
			d.Errorf(item, "a fonte %q precisa de date (AAAA, AAAA-MM, AAAA-MM-DD ou s.d.)", s.ref.Key)
		} else if date, ok := showDate(text(e.Date)); ok {
			s.ref.Date = date
		} else if !d.Failed(p + "/date") {
			d.Errorf(n, "data inválida %q (use AAAA, AAAA-MM, AAAA-MM-DD ou s.d. para sem data)", e.Date)
		}
		if n := d.Node(p + "/url"); n != nil {
			s.ref.URL = text(e.URL)
			if !strings.HasPrefix(s.ref.URL, "https://") && !strings.HasPrefix(s.ref.URL, "http://") {
				d.Errorf(n, "url deve começar com https:// ou http://")
				s.ref.URL = ""
			}
		}
		for j, pe := range e.Parts {
			pp := yamlpos.Path(p, "parts", j)
			id := text(pe.ID)
			switch {
			case d.Failed(pp) || d.Node(pp+"/id") == nil:
			case !cite.ValidKey(id):
				d.Errorf(d.Node(pp+"/id"), "id de parte inválido %q (use letras minúsculas, algarismos e hífens, ex.: modulo-1, p3)", id)
			case s.parts[id] != (sourcePart{}):
				d.Errorf(d.Node(pp), "a parte %q aparece duas vezes", id)
			case text(pe.Label) == "":
				d.Errorf(d.Node(pp), "a parte %q precisa de label", id)
			default:
				s.parts[id] = sourcePart{label: text(pe.Label), quote: text(pe.Quote)}
				s.ids = append(s.ids, id)
			}
		}
		if s.ref.Key == "" {
			continue
		}
		if _, dup := out[s.ref.Key]; dup {
			d.Errorf(item, "a fonte %q aparece duas vezes", s.ref.Key)
			continue
		}
		out[s.ref.Key] = s
	}
	errs = d.Errors()
	errs.Sort()
	return out, errs
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
