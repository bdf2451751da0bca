package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
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
	Term       string   `yaml:"term,required"`
	Abbr       string   `yaml:"abbr"`
	Aliases    []string `yaml:"aliases"`
	Definition string   `yaml:"definition,required"`
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
	root, errs := yamlpos.Parse(file, src)
	if len(errs) > 0 || root == nil {
		return nil, errs
	}
	if root.Kind == yaml.SequenceNode && len(root.Content) > maxGlossaryTerms {
		n := root.Content[maxGlossaryTerms]
		return nil, diag.List{diag.Errorf(file, n.Line, n.Column, "termos demais no glossário (o limite é %d)", maxGlossaryTerms)}
	}
	d := &yamlpos.Decoder{File: file, Where: map[reflect.Type]string{reflect.TypeFor[glossEntry](): "no termo"}}
	var list []glossEntry
	d.Decode(root, &list)
	var out []glossEntry
	for i, e := range list {
		at := func(key string) *yaml.Node { return d.Node(yamlpos.Path("", i, key)) }
		e.Definition = strings.TrimSpace(e.Definition)
		e.Source = strings.TrimSpace(e.Source)
		if n := at("source"); n != nil && cite.Is(e.Source) {
			c, err := b.data.cite(e.Source)
			if err != nil {
				d.Errorf(n, "%v", err)
			} else {
				e.Source, e.SourceURL = c.Label, c.URL
			}
		}
		if n := at("aliases"); n != nil && len(e.Aliases) > maxTermAliases {
			d.Errorf(n, "formas demais para um termo (o limite é %d)", maxTermAliases)
			e.Aliases = nil
		}
		if d.Failed(yamlpos.Path("", i)) || e.Term == "" || e.Definition == "" {
			if at("term") != nil && at("definition") != nil && !d.Failed(yamlpos.Path("", i)) {
				d.Errorf(d.Node(yamlpos.Path("", i)), "termo sem term ou sem definition")
			}
			continue
		}
		out = append(out, e)
	}
	return out, d.Errors()
}
