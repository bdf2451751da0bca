package markup

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/seiportal/seiportal/engine/cite"
	"github.com/seiportal/seiportal/generator/slug"
)

// Callout kinds and their visible labels.
var calloutLabels = map[string]string{
	"atencao":    "Atenção",
	"nota":       "Nota",
	"dica":       "Dica",
	"importante": "Importante",
	// Advice of the portal's own, with no source: never a citation inside.
	"recomendacao": "Recomendação do portal",
	// Speaker notes: folded on the page, left out of slides and handouts.
	"notas": "Notas do apresentador",
}

// citeCheck refuses a citation inside a "Recomendação do portal" callout:
// that callout marks advice that rests on no norm and no source, and a
// citation inside it would present the advice as their content.
func citeCheck(n ast.Node) error {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if c, ok := p.(*callout); ok && c.kind == "recomendacao" {
			return fmt.Errorf("citação dentro de uma Recomendação do portal ([!RECOMENDACAO]): a recomendação é conselho do portal, sem fonte; cite fora do quadro ou reescreva o trecho como orientação com a citação")
		}
	}
	return nil
}

var calloutMarker = regexp.MustCompile(`^\s*\[!([A-Za-zÀ-ÿ]+)\]\s*$`)

var kindCallout = ast.NewNodeKind("Callout")

// callout is a blockquote that starts with [!KIND].
type callout struct {
	ast.BaseBlock
	kind string
}

func (n *callout) Kind() ast.NodeKind { return kindCallout }

func (n *callout) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

func transformCallouts(root ast.Node, src []byte) {
	var quotes []*ast.Blockquote
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		m := calloutMarker.FindSubmatch(first.Value(src))
		if m == nil {
			continue
		}
		kind := slug.Make(string(m[1]))
		if _, ok := calloutLabels[kind]; !ok {
			continue
		}
		// Drop the inline nodes of the marker line.
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, isText := c.(*ast.Text)
			if isText && t.Segment.Start >= first.Stop {
				break
			}
			if !isText {
				if c.Pos() >= first.Stop {
					break
				}
			}
			p.RemoveChild(p, c)
			c = next
		}
		if p.ChildCount() == 0 {
			q.RemoveChild(q, p)
		} else {
			lines := text.NewSegments()
			for i := 1; i < p.Lines().Len(); i++ {
				lines.Append(p.Lines().At(i))
			}
			p.SetLines(lines)
		}
		co := &callout{kind: kind}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			co.AppendChild(co, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, co)
	}
}

var kindCitation = ast.NewNodeKind("Citation")

// citation is a resolved norma: link with its preview tooltip.
type citation struct {
	ast.BaseInline
	cite Cite
	id   string
}

func (n *citation) Kind() ast.NodeKind { return kindCitation }

func (n *citation) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var kindTerm = ast.NewNodeKind("Term")

// termUse is the first use of a glossary term on a page.
type termUse struct {
	ast.BaseInline
	term Term
	id   string
}

func (n *termUse) Kind() ast.NodeKind { return kindTerm }

func (n *termUse) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type nodeRenderer struct{}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCallout, r.renderCallout)
	reg.Register(kindCitation, r.renderCitation)
	reg.Register(kindTerm, r.renderTerm)
	reg.Register(east.KindTaskCheckBox, r.renderTaskCheckBox)
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(kindExercise, r.renderExercise)
}

// renderHeading renders a heading as goldmark does, plus a link to itself
// at its end ("#"), which the portal's script turns into "copy link".
func (r *nodeRenderer) renderHeading(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	h := n.(*ast.Heading)
	tag := "h" + itoa(h.Level)
	if entering {
		w.WriteString("<" + tag)
		if h.Attributes() != nil {
			gmhtml.RenderAttributes(w, h, gmhtml.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok && len(b) > 0 {
			w.WriteString(` <a class="ancora" href="#` + html.EscapeString(string(b)) + `" aria-label="Link para esta seção">#</a>`)
		}
	}
	w.WriteString("</" + tag + ">\n")
	return ast.WalkContinue, nil
}

// renderTaskCheckBox renders a GFM task list box with an accessible name, so
// screen readers say whether the item is done.
func (r *nodeRenderer) renderTaskCheckBox(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if n.(*east.TaskCheckBox).IsChecked {
		w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="feito" /> `)
	} else {
		w.WriteString(`<input disabled="" type="checkbox" aria-label="a fazer" /> `)
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderCallout(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	c := n.(*callout)
	if c.kind == "notas" {
		if entering {
			w.WriteString(`<details class="callout callout-notas">` + "\n<summary class=\"callout-titulo\">" + calloutLabels[c.kind] + "</summary>\n")
		} else {
			w.WriteString("</details>\n")
		}
		return ast.WalkContinue, nil
	}
	if entering {
		w.WriteString(`<div class="callout callout-` + c.kind + `" role="note">` + "\n")
		w.WriteString(`<p class="callout-titulo">` + calloutLabels[c.kind] + "</p>\n")
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderCitation(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	c := n.(*citation)
	if c.cite.Kind == string(cite.Fonte) {
		return r.renderSourceCitation(w, c, entering)
	}
	if entering {
		w.WriteString(`<span class="com-dica"><a class="citacao" href="` + html.EscapeString(c.cite.URL) +
			`" aria-describedby="` + c.id + `">`)
	} else {
		w.WriteString(`</a><span class="dica" role="tooltip" id="` + c.id + `"><strong>` +
			html.EscapeString(c.cite.Label) + `</strong> ` + html.EscapeString(c.cite.Preview) + `</span></span>`)
	}
	return ast.WalkContinue, nil
}

// renderSourceCitation renders a fonte: citation: a link to the source's
// entry in the page's "Orientação do programa" list, marked with its kind
// (visible, not by colour alone) and a tooltip with the passage.
func (r *nodeRenderer) renderSourceCitation(w util.BufWriter, c *citation, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<span class="com-dica"><a class="citacao citacao-fonte" href="` + html.EscapeString(c.cite.URL) +
			`" aria-describedby="` + c.id + `">`)
		return ast.WalkContinue, nil
	}
	w.WriteString(` <span class="selo-fonte">programa</span></a><span class="dica" role="tooltip" id="` + c.id + `"><em class="dica-tipo">Orientação do programa</em> <strong>` +
		html.EscapeString(c.cite.Label) + `</strong>`)
	if c.cite.Preview != "" {
		w.WriteString(` “` + html.EscapeString(c.cite.Preview) + `”`)
	}
	w.WriteString(`</span></span>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderTerm(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	t := n.(*termUse)
	if entering {
		w.WriteString(`<span class="com-dica"><a class="termo" href="` + html.EscapeString(t.term.URL) +
			`" aria-describedby="` + t.id + `"><dfn>`)
	} else {
		w.WriteString(`</dfn></a><span class="dica" role="tooltip" id="` + t.id + `">` +
			html.EscapeString(t.term.Definition) + `</span></span>`)
	}
	return ast.WalkContinue, nil
}

// annotateTerms wraps the first use of each term in a termUse node. Text
// inside headings, links, code, citations and existing terms is left alone.
func annotateTerms(root ast.Node, src []byte, terms []Term, tips *int) {
	type form struct {
		folded string
		term   int
	}
	var forms []form
	for i, t := range terms {
		for _, f := range t.Forms {
			if ff := foldLower(f); ff != "" {
				forms = append(forms, form{ff, i})
			}
		}
	}
	// Longest forms first, so "ponto focal setorial" wins over "ponto focal".
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].folded) > len(forms[j].folded) })
	// Forms by their first word: a text is read once, word by word, instead
	// of once per form (a glossary of thousands of terms made every page
	// cost minutes). Forms that do not start with a letter or digit are
	// searched for the old way.
	byFirst := map[string][]int{}
	var odd []int
	for i, f := range forms {
		if w := firstWord(f.folded); w != "" {
			byFirst[w] = append(byFirst[w], i)
		} else {
			odd = append(odd, i)
		}
	}
	used := make([]bool, len(terms))
	var texts []*ast.Text
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock,
			*citation, *termUse, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		cur := t
		seg := cur.Segment
		folded, idx := foldIndex(seg.Value(src))
		from := 0 // where the rest of the text (cur) starts in folded
		for cur != nil {
			best, bestStart, bestEnd := -1, 0, 0
			for _, fi := range odd {
				f := forms[fi]
				if used[f.term] {
					continue
				}
				at := indexWord(folded[from:], f.folded)
				if at >= 0 && (best < 0 || from+at < bestStart) {
					best, bestStart, bestEnd = f.term, from+at, from+at+len(f.folded)
				}
			}
		scan:
			for i := from; i < len(folded) && (best < 0 || i < bestStart); {
				r, size := utf8.DecodeRuneInString(folded[i:])
				if !isWordRune(r) {
					i += size
					continue
				}
				w := firstWord(folded[i:])
				for _, fi := range byFirst[w] {
					f := forms[fi]
					if used[f.term] || !strings.HasPrefix(folded[i:], f.folded) {
						continue
					}
					end := i + len(f.folded)
					if end < len(folded) {
						if r, _ := utf8.DecodeRuneInString(folded[end:]); isWordRune(r) {
							continue
						}
					}
					best, bestStart, bestEnd = f.term, i, end
					break scan
				}
				i += len(w)
			}
			if best < 0 {
				break
			}
			used[best] = true
			*tips++
			from = bestEnd
			s, e := t.Segment.Start+idx[bestStart], t.Segment.Start+idx[bestEnd]
			seg := cur.Segment
			parent := cur.Parent()
			before := ast.NewTextSegment(text.NewSegment(seg.Start, s))
			word := ast.NewTextSegment(text.NewSegment(s, e))
			after := ast.NewTextSegment(text.NewSegment(e, seg.Stop))
			after.SetSoftLineBreak(cur.SoftLineBreak())
			after.SetHardLineBreak(cur.HardLineBreak())
			tu := &termUse{term: terms[best], id: "termo-" + itoa(*tips)}
			tu.AppendChild(tu, word)
			parent.InsertBefore(parent, cur, before)
			parent.InsertBefore(parent, cur, tu)
			parent.ReplaceChild(parent, cur, after)
			cur = after
		}
	}
}

// firstWord returns the run of letters and digits s starts with.
func firstWord(s string) string {
	for i, r := range s {
		if !isWordRune(r) {
			return s[:i]
		}
	}
	return s
}

// foldLower folds accents and case.
func foldLower(s string) string { return strings.ToLower(slug.Fold(s)) }

// foldIndex folds raw rune by rune and returns, for each byte of the folded
// string (and its end), the byte offset in raw it comes from.
func foldIndex(raw []byte) (string, []int) {
	var b strings.Builder
	idx := make([]int, 0, len(raw)+1)
	for i := 0; i < len(raw); {
		if c := raw[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			idx = append(idx, i)
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		f := foldLower(string(r))
		for k := 0; k < len(f); k++ {
			idx = append(idx, i)
		}
		b.WriteString(f)
		i += size
	}
	idx = append(idx, len(raw))
	return b.String(), idx
}

// indexWord finds w in s at word boundaries.
func indexWord(s, w string) int {
	from := 0
	for {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		okBefore := i == 0
		if !okBefore {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			okBefore = !isWordRune(r)
		}
		end := i + len(w)
		okAfter := end == len(s)
		if !okAfter {
			r, _ := utf8.DecodeRuneInString(s[end:])
			okAfter = !isWordRune(r)
		}
		if okBefore && okAfter {
			return i
		}
		from = i + 1
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	return string(b[p:])
}
