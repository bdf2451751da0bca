package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/cite"
	"github.com/seiportal/seiportal/generator/markup"
	"github.com/seiportal/seiportal/generator/norm"
	"github.com/seiportal/seiportal/generator/slug"
)

// siteData is what the pages share besides the tree: norms, glossary,
// form and checklist definitions.
type siteData struct {
	norms    map[string]*normPage // by key ("in-15-2024")
	byPage   map[*Page]*normPage  // the same norms, by their page
	normKeys []string
	glossary *Page
	terms    []glossEntry
	apps     appData
	sources  map[string]*source // content/fontes.yaml, by id
}

// glossEntry is one glossary term.
type glossEntry struct {
	Term       string   `yaml:"term"`
	Abbr       string   `yaml:"abbr"`
	Aliases    []string `yaml:"aliases"`
	Definition string   `yaml:"definition"`
	Source     string   `yaml:"source"` // text
	SourceURL  string   `yaml:"-"`      // link to the provision, when the source is a citation
	ID         string   `yaml:"-"`      // anchor on the glossary page
	// Tooltip false keeps a term of termos.yaml out of the pages' tooltips,
	// for words too common to need one (absent: true).
	Tooltip *bool `yaml:"tooltip"`
	// File, Line and Col locate where the term is defined (the norm's
	// inciso or the entry in termos.yaml), for collisions.
	File      string `yaml:"-"`
	Line, Col int    `yaml:"-"`
	// FromNorm marks a term defined by a norm's definitions article: the
	// issuing body's definition, for that act's purposes.
	FromNorm bool `yaml:"-"`
}

// tooltip reports whether the pages annotate t. A norm's definition is
// written "para efeitos desta Portaria" by another government (the Distrito
// Federal's "externa ao Governo do Distrito Federal", SEAGRI's units): shown
// in a tooltip it would read as the portal's own words to a municipal
// reader. Those terms stay on the glossary page, attributed; only the
// portal's own definitions, written for any municipality and sourced, become
// tooltips, unless termos.yaml turns one off.
func (t glossEntry) tooltip() bool { return !t.FromNorm && (t.Tooltip == nil || *t.Tooltip) }

// normDefinitionSource is how a norm's definition is attributed in the
// glossary: the provision, whose definition it is, and for what.
func normDefinitionSource(provision string, m norm.Meta) string {
	who := m.Issuer
	if who == "" {
		who = m.Label()
	}
	return provision + " (definição de quem editou o ato, " + who + ", para os efeitos dele; não é definição do município)"
}

// cite resolves a citation of either kind (syntax: package cite).
func (d *siteData) cite(target string) (markup.Cite, error) {
	c, err := cite.Parse(target)
	if err != nil {
		return markup.Cite{}, err
	}
	if c.Kind == cite.Fonte {
		return d.citeSource(c, target)
	}
	key, id := c.Key, c.Anchor
	n, ok := d.norms[key]
	if !ok {
		if len(d.normKeys) == 0 {
			return markup.Cite{}, fmt.Errorf("citação de norma inexistente %q (não há normas em content/normas/)", key)
		}
		return markup.Cite{}, fmt.Errorf("citação de norma inexistente %q (normas: %s)", key, strings.Join(d.normKeys, ", "))
	}
	if id == "" {
		return markup.Cite{Kind: string(cite.Norma), Target: target, URL: n.page.URL, Label: n.label, Preview: n.title}, nil
	}
	if err := n.citable(id, c.AboutRevocation); err != nil {
		return markup.Cite{}, err
	}
	label, preview, ok := n.provision(id)
	if !ok {
		return markup.Cite{}, fmt.Errorf("citação de dispositivo inexistente: %s não tem %q", n.label, id)
	}
	return markup.Cite{Kind: string(cite.Norma), Target: target, URL: n.page.URL + "#" + id, Label: label, Preview: preview}, nil
}

// termsFor returns the glossary terms to annotate on p.
func (d *siteData) termsFor(p *Page) []markup.Term {
	if p == d.glossary || d.byPage[p] != nil || len(d.terms) == 0 || d.glossary == nil {
		return nil
	}
	out := make([]markup.Term, 0, len(d.terms))
	for _, t := range d.terms {
		if !t.tooltip() {
			continue
		}
		forms := append([]string{t.Term}, t.Aliases...)
		if t.Abbr != "" {
			forms = append(forms, t.Abbr)
		}
		def := t.Definition
		if t.Abbr != "" && !strings.EqualFold(t.Abbr, t.Term) {
			def = t.Term + " (" + t.Abbr + "): " + def
		} else {
			def = t.Term + ": " + def
		}
		out = append(out, markup.Term{Forms: forms, URL: d.glossary.URL + "#" + t.ID, Definition: def})
	}
	return out
}

// loadData registers the norms, reads the glossary, and resolves the
// citations of the glossary and the app definitions.
func (b *resolving) loadData(ctx context.Context) diag.List {
	d := &siteData{norms: map[string]*normPage{}, byPage: b.norms, sources: b.programSources, apps: b.apps}
	b.data = d
	var errs diag.List
	for _, p := range b.site.pages {
		n := b.norms[p]
		if n == nil {
			continue
		}
		b.ids[p] = n.ids
		key := strings.TrimSuffix(path.Base(p.File), ".md")
		if other, ok := d.norms[key]; ok {
			errs = append(errs, diag.Errorf(p.File, 1, 1, "norma com a mesma chave %q que %s", key, other.page.File))
			continue
		}
		n.key = key
		d.norms[key] = n
		d.normKeys = append(d.normKeys, key)
	}
	sort.Strings(d.normKeys)
	for _, p := range b.site.pages {
		if p.Layout == "glossario" {
			if d.glossary != nil {
				errs = append(errs, diag.Errorf(p.File, 1, 1, "há mais de um glossário (o outro é %s)", d.glossary.File))
				continue
			}
			d.glossary = p
		}
	}
	if d.glossary != nil {
		errs = append(errs, b.loadGlossary()...)
	}
	errs = append(errs, b.resolveApps()...)
	return errs
}

func (b *resolving) loadGlossary() diag.List {
	d := b.data
	var errs diag.List
	// Terms defined by norms (their definitions article).
	for _, key := range d.normKeys {
		n := d.norms[key]
		for _, def := range n.definitions {
			d.terms = append(d.terms, glossEntry{
				Term:       def.term,
				Definition: "“" + def.text + "”",
				Source:     normDefinitionSource(def.label, n.meta),
				SourceURL:  n.page.URL + "#" + def.id,
				File:       n.page.File, Line: def.line, Col: def.col,
				FromNorm: true,
			})
		}
	}
	// The portal's own terms.
	file := path.Join(path.Dir(d.glossary.File), "termos.yaml")
	src, err := fs.ReadFile(b.opts.Source, file)
	switch {
	case err == nil:
		own, e := b.parseTerms(file, src)
		errs = append(errs, e...)
		d.terms = append(d.terms, own...)
	case !errors.Is(err, fs.ErrNotExist):
		errs = append(errs, diag.Errorf(file, 0, 0, "não foi possível ler: %s", readError(err)))
	}
	sort.SliceStable(d.terms, func(i, j int) bool {
		return strings.ToLower(slug.Fold(d.terms[i].Term)) < strings.ToLower(slug.Fold(d.terms[j].Term))
	})
	seen := map[string]*glossEntry{}
	for i := range d.terms {
		t := &d.terms[i]
		id := slug.Make(t.Term)
		if prev, ok := seen[id]; ok {
			errs = append(errs, glossaryCollision(prev, t))
			continue
		}
		seen[id] = t
		t.ID = id
		b.ids[d.glossary] = addID(b.ids[d.glossary], id)
	}
	return errs
}

func addID(m map[string]bool, id string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[id] = true
	return m
}

// A glossary of a few dozen terms is usual; these bound the work of marking
// their first use on every page.
const (
	maxGlossaryTerms = 2000
	maxTermAliases   = 20
)

func (b *resolving) parseTerms(file string, src []byte) ([]glossEntry, diag.List) {
	if e := checkUTF8(file, src); e != nil {
		return nil, diag.List{e}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := diag.YAMLError(err)
		return nil, diag.List{diag.Errorf(file, line, 0, "YAML inválido: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, diag.List{diag.Errorf(file, list.Line, list.Column, "o glossário deve ser uma lista de termos (- term: …)")}
	}
	if len(list.Content) > maxGlossaryTerms {
		n := list.Content[maxGlossaryTerms]
		return nil, diag.List{diag.Errorf(file, n.Line, n.Column, "termos demais no glossário (o limite é %d)", maxGlossaryTerms)}
	}
	var out []glossEntry
	var errs diag.List
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			errs = append(errs, diag.Errorf(file, item.Line, item.Column, "cada termo deve ser um mapa com term, definition e source"))
			continue
		}
		e := glossEntry{File: file, Line: item.Line, Col: item.Column}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "term":
				e.Term = v.Value
			case "abbr":
				e.Abbr = v.Value
			case "definition":
				e.Definition = strings.TrimSpace(v.Value)
			case "source":
				e.Source = strings.TrimSpace(v.Value)
				if cite.Is(e.Source) {
					c, err := b.data.cite(e.Source)
					if err != nil {
						errs = append(errs, diag.Errorf(file, v.Line, v.Column, "%v", err))
						continue
					}
					e.Source, e.SourceURL = c.Label, c.URL
				}
			case "aliases":
				if err := v.Decode(&e.Aliases); err != nil {
					errs = append(errs, diag.Errorf(file, v.Line, v.Column, "aliases deve ser uma lista de textos"))
				} else if len(e.Aliases) > maxTermAliases {
					errs = append(errs, diag.Errorf(file, v.Line, v.Column, "formas demais para um termo (o limite é %d)", maxTermAliases))
					e.Aliases = nil
				}
			case "tooltip":
				var on bool
				if err := v.Decode(&on); err != nil {
					errs = append(errs, diag.Errorf(file, v.Line, v.Column, "tooltip deve ser true ou false"))
				}
				e.Tooltip = &on
			default:
				errs = append(errs, diag.Errorf(file, k.Line, k.Column, "chave desconhecida %q (use term, abbr, aliases, definition, source, tooltip)", k.Value))
			}
		}
		if e.Term == "" || e.Definition == "" {
			errs = append(errs, diag.Errorf(file, item.Line, item.Column, "termo sem term ou sem definition"))
			continue
		}
		out = append(out, e)
	}
	return out, errs
}
