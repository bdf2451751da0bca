// Package markup turns the Markdown of guide pages into HTML with goldmark:
// GFM, footnotes, definition lists, typographer, accent-folded heading ids
// with {#id} overrides, callouts (> [!ATENCAO], > [!NOTA], > [!DICA]), raw HTML
// off. Links are handed to a Resolver (relative .md links, anchors and
// norma: citations), and the first use of a glossary term on a page is
// annotated with an accessible tooltip. A ```exercicio block becomes an
// exercise with its answer key (exercise.go).
//
// markup never imports the site model: whatever it needs to know about other
// pages comes through the Resolver and the Term list.
package markup

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/seiportal/seiportal/engine/cite"
	"github.com/seiportal/seiportal/generator/slug"
)

// Converter parses and renders Markdown. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

// New returns a Converter with the portal's Markdown dialect.
func New() *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			flows{},
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
				extension.LeftDoubleQuote:  "“",
				extension.RightDoubleQuote: "”",
				extension.LeftSingleQuote:  "‘",
				extension.RightSingleQuote: "’",
				extension.EnDash:           "–",
				extension.EmDash:           "—",
				extension.Ellipsis:         "…",
				extension.LeftAngleQuote:   "«",
				extension.RightAngleQuote:  "»",
				extension.Apostrophe:       "’",
			})),
		),
		goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(
			gmhtml.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{}, 100)),
		),
	)
	return &Converter{md: md}
}

// Heading is a heading of a page, for its table of contents and its anchors.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link found in a document, before resolution.
type Link struct {
	Dest   string
	Offset int // byte offset in the source, -1 when unknown
	node   *ast.Link
}

// Doc is a parsed Markdown document.
type Doc struct {
	src      []byte
	root     ast.Node
	Headings []Heading
	Links    []Link
	// Exercises are the page's ```exercicio blocks, in order.
	Exercises []Exercise
	exercises []*exerciseNode
	errs      []PosError // problems found while parsing (exercises)
}

// Parse parses src. Heading ids are generated here, so that every page's
// anchors are known before any link is resolved.
func (c *Converter) Parse(src []byte) *Doc {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	d := &Doc{src: src, root: root}
	transformCallouts(root, src)
	c.transformExercises(d)
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			d.Headings = append(d.Headings, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src)})
		case *ast.Link:
			d.Links = append(d.Links, Link{Dest: string(n.Destination), Offset: offsetOf(n), node: n})
		case *ast.Image:
			// Images are links too: their destination must exist.
			d.Links = append(d.Links, Link{Dest: string(n.Destination), Offset: offsetOf(n)})
		}
		return ast.WalkContinue, nil
	})
	d.finishExercises()
	return d
}

// IDs returns every fragment id a document defines: headings and footnotes.
func (d *Doc) IDs() map[string]bool {
	ids := make(map[string]bool, len(d.Headings))
	for _, h := range d.Headings {
		ids[h.ID] = true
	}
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				ids[string(b)] = true
			}
		}
		return ast.WalkContinue, nil
	})
	return ids
}

// Cite is a resolved citation: of a norm ("norma:", Base normativa) or of a
// part of a source of the adhesion program ("fonte:", Orientação do
// programa).
type Cite struct {
	Kind    string // "norma" or "fonte"
	Target  string // as written: "norma:in-15-2024#art35"
	URL     string // "/normas/in-15-2024/#art35"; for a fonte, where the link goes ("" for none)
	Label   string // "art. 35 da IN nº 15/2024"; "Guia do Ponto Focal — SEI-ANGRA, módulo 1"
	Preview string // the provision's text, or the quoted passage of the source, for the tooltip
	Part    string // fonte: the part cited ("módulo 1 — Designação"), "" for the whole source
	Source  *Source
}

// Source is a bibliographic source of the program (content/fontes.yaml).
type Source struct {
	Key       string // "guia-ponto-focal"
	Title     string
	Publisher string
	Date      string // as shown: "2024", "abril de 2018", "sem data"
	URL       string // "" when the source has no public address
}

// SourceUse is a source cited on a page and the parts of it cited there,
// in order of first citation.
type SourceUse struct {
	Source *Source
	Parts  []Cite
}

// SourceAnchor is the id of the entry of the source key in the page's
// "Orientação do programa" list, where the page's fonte: citations point.
func SourceAnchor(key string) string { return "fonte-" + key }

// Resolver resolves the links of one page.
type Resolver interface {
	// Link returns the href of a relative or absolute link, or an error
	// saying why it points nowhere. offset is the link's byte offset in the
	// source (-1 when unknown).
	Link(dest string, offset int) (string, error)
	// Cite resolves a "norma:" or "fonte:" target.
	Cite(target string) (Cite, error)
}

// Term is a glossary entry to annotate on its first use.
type Term struct {
	Forms      []string // the words that count as a use, in any case and accents
	URL        string   // glossary anchor
	Definition string
}

// PosError is a problem at a byte offset of the source.
type PosError struct {
	Offset int
	Msg    string
}

// Result is a rendered document.
type Result struct {
	HTML    []byte
	Cites   []Cite      // norma: citations, in order of first appearance, without repeats
	Sources []SourceUse // fonte: citations by source, in order of first appearance
	Errors  []PosError
}

// Render resolves the links of d through r, annotates the first use of each
// term and renders HTML. It may be called once per Doc.
func (c *Converter) Render(d *Doc, r Resolver, terms []Term) Result {
	res := Result{Errors: append([]PosError(nil), d.errs...)}
	seen := map[string]bool{}
	tips := 0
	for _, l := range d.Links {
		if l.node == nil {
			if _, err := r.Link(l.Dest, l.Offset); err != nil {
				res.Errors = append(res.Errors, PosError{l.Offset, err.Error()})
			}
			continue
		}
		if cite.Is(l.Dest) {
			if err := citeCheck(l.node); err != nil {
				res.Errors = append(res.Errors, PosError{l.Offset, err.Error()})
				continue
			}
			c, err := r.Cite(l.Dest)
			if err != nil {
				res.Errors = append(res.Errors, PosError{l.Offset, err.Error()})
				continue
			}
			tips++
			replaceWithCitation(l.node, c, fmt.Sprintf("cit-%d", tips))
			res.addCite(c, seen)
			continue
		}
		href, err := r.Link(l.Dest, l.Offset)
		if err != nil {
			res.Errors = append(res.Errors, PosError{l.Offset, err.Error()})
			continue
		}
		l.node.Destination = []byte(href)
		if isExternal(href) {
			l.node.SetAttributeString("rel", []byte("noopener"))
		}
	}
	if len(terms) > 0 {
		annotateTerms(d.root, d.src, terms, &tips)
	}
	c.renderExercises(d, &res)
	res.Errors = append(res.Errors, flowErrors(d.root)...)
	var buf bytes.Buffer
	if err := c.md.Renderer().Render(&buf, d.src, d.root); err != nil {
		res.Errors = append(res.Errors, PosError{-1, "não foi possível gerar o HTML: " + err.Error()})
	}
	res.HTML = buf.Bytes()
	return res
}

// replaceWithCitation puts a citation node, with the link's text (or the
// citation's label when the link has none), in place of the link.
func replaceWithCitation(link *ast.Link, cite Cite, id string) {
	cn := &citation{cite: cite, id: id}
	parent := link.Parent()
	if link.ChildCount() == 0 {
		link.AppendChild(link, ast.NewString([]byte(cite.Label)))
	}
	for ch := link.FirstChild(); ch != nil; {
		next := ch.NextSibling()
		cn.AppendChild(cn, ch)
		ch = next
	}
	parent.ReplaceChild(parent, link, cn)
}

// addCite records a citation for the page's lists: norms in Cites, sources
// in Sources (grouped by source).
func (res *Result) addCite(c Cite, seen map[string]bool) {
	if c.Kind != string(cite.Fonte) || c.Source == nil {
		if !seen[c.URL] {
			seen[c.URL] = true
			res.Cites = append(res.Cites, c)
		}
		return
	}
	if seen[c.Target] {
		return
	}
	seen[c.Target] = true
	for i := range res.Sources {
		if res.Sources[i].Source.Key == c.Source.Key {
			res.Sources[i].Parts = append(res.Sources[i].Parts, c)
			return
		}
	}
	res.Sources = append(res.Sources, SourceUse{Source: c.Source, Parts: []Cite{c}})
}

// PlainText returns the text of the document, one block per line, for the
// search index and descriptions. A table row is one line, its cells
// separated by " | ", so that a search snippet taken from a table still
// shows where each cell ends.
func (d *Doc) PlainText() string {
	var b strings.Builder
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cell, ok := n.(*east.TableCell); ok {
			if !entering {
				if cell.NextSibling() != nil {
					b.WriteString(" | ")
				} else {
					b.WriteByte('\n')
				}
			}
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && !entering && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			b.WriteByte('\n')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(d.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(unescape(n.Value))
		case *ast.CodeSpan:
			b.WriteString(plainText(n, d.src))
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(n.Label(d.src))
		case *exerciseNode:
			b.WriteString(n.plainText())
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// LineCol converts a byte offset of src into a 1-based line and column
// (column counted in characters).
func LineCol(src []byte, off int) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	if off > len(src) {
		off = len(src)
	}
	line = 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, utf8.RuneCount(src[start:off]) + 1
}

func offsetOf(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

func isExternal(href string) bool {
	return strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://")
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(unescape(c.Value))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func unescape(b []byte) string { return html.UnescapeString(string(b)) }

// ids generates accent-folded heading ids, unique within a document: the
// second "Prazo" is "prazo-1", the third "prazo-2". Each base remembers the
// last suffix it tried, so n identical headings cost n steps, not n²/2.
type ids struct {
	used map[string]bool
	next map[string]int // base → the first suffix not yet known to be used
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(html.UnescapeString(string(value)))
	if base == "" {
		base = "secao"
	}
	id := base
	if s.used[id] {
		// Ids are never released: every suffix below next is still used.
		i := max(s.next[base], 1)
		for id = base + "-" + strconv.Itoa(i); s.used[id]; id = base + "-" + strconv.Itoa(i) {
			i++
		}
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// isWordRune reports whether r belongs to a word for term matching.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
