package norm

import (
	"bytes"
	"html"
	"strconv"
)

// RenderHTML renders d as an HTML fragment: the preamble, headings (<h2>,
// <h3>, <h4> by depth, with their LexML ids), every provision in an element
// with its LexML id and its kind as class (art, cpt, par, inc, ali, ite), the
// label in <span class="rotulo">, a permalink and a "copiar citação" button
// per article and provision (an article's sit on its caput's first line),
// the amendment notes of the text as published ("(Redação dada pela …)")
// in <small class="alteracao"> after the text they follow, the class
// "revogado" on revoked provisions, the editorial notes at their
// provisions, and the closing. pageURL is the
// norm page's path ("/normas/in-15-2024/"), used in the buttons' data-href.
// Notes whose provision does not exist are left out (Doc.CheckMeta reports
// them).
func RenderHTML(d *Doc, m Meta, pageURL string, notes []Note) []byte {
	r := &renderer{m: m, pageURL: pageURL, notes: map[string][]string{}}
	for _, n := range notes {
		r.notes[n.Provision] = append(r.notes[n.Provision], n.Text)
	}
	b := &r.b
	b.WriteString("<div class=\"norma\">\n")
	if d != nil && len(d.Preamble) > 0 {
		b.WriteString("<div class=\"preambulo\">\n")
		for _, bl := range d.Preamble {
			b.WriteString("<p class=\"" + bl.Kind + "\">" + html.EscapeString(bl.Text) + "</p>\n")
		}
		b.WriteString("</div>\n")
	}
	if d != nil {
		for _, p := range d.Body {
			r.node(p, 2)
		}
	}
	if d != nil && len(d.Closing) > 0 {
		b.WriteString("<div class=\"fecho\">\n")
		for _, bl := range d.Closing {
			b.WriteString("<p class=\"" + bl.Kind + "\">" + html.EscapeString(bl.Text) + "</p>\n")
		}
		b.WriteString("</div>\n")
	}
	b.WriteString("</div>\n")
	return b.Bytes()
}

type renderer struct {
	b       bytes.Buffer
	m       Meta
	pageURL string
	notes   map[string][]string
}

func (r *renderer) node(p *Provision, level int) {
	b := &r.b
	if p.IsHeading() {
		if level > 6 {
			level = 6
		}
		h := "h" + strconv.Itoa(level)
		b.WriteString("<" + h + " class=\"" + string(p.Kind) + "\" id=\"" + html.EscapeString(p.ID) + "\"><span class=\"rotulo\">" + html.EscapeString(p.Label) + "</span>")
		if p.Title != "" {
			b.WriteString("<br><span class=\"titulo\">" + html.EscapeString(p.Title) + "</span>")
		}
		r.amendments(p, 0)
		b.WriteString("</" + h + ">\n")
		r.writeNotes(p.ID)
		for _, c := range p.Children {
			r.node(c, level+1)
		}
		return
	}
	b.WriteString("<div class=\"" + string(p.Kind) + revokedClass(p) + "\" id=\"" + html.EscapeString(p.ID) + "\">")
	if p.Kind == KindArticle {
		b.WriteByte('\n')
		for _, c := range p.Children {
			if c.Kind == KindCaput {
				r.caput(p, c)
				continue
			}
			r.node(c, level)
		}
		b.WriteString("</div>\n")
		return
	}
	r.paragraphs(p, p.Label, p)
	r.writeNotes(p.ID)
	for _, c := range p.Children {
		r.node(c, level)
	}
	b.WriteString("</div>\n")
}

// caput renders the caput of article a, with the article's label and
// controls.
func (r *renderer) caput(a, c *Provision) {
	b := &r.b
	b.WriteString("<div class=\"cpt" + revokedClass(c) + "\" id=\"" + html.EscapeString(c.ID) + "\">")
	r.paragraphs(c, a.Label, a)
	r.writeNotes(a.ID)
	r.writeNotes(c.ID)
	for _, ch := range c.Children {
		r.node(ch, 0)
	}
	b.WriteString("</div>\n")
}

// paragraphs writes the text of p, its label before the first paragraph
// and the controls of target after it.
func (r *renderer) paragraphs(p *Provision, label string, target *Provision) {
	b := &r.b
	paras := p.Paragraphs
	if len(paras) == 0 {
		paras = []string{""}
	}
	for i, t := range paras {
		b.WriteString("<p>")
		if i == 0 && label != "" {
			b.WriteString("<span class=\"rotulo\">" + html.EscapeString(label) + "</span>")
			if t != "" {
				b.WriteByte(' ')
			}
		}
		b.WriteString(html.EscapeString(t))
		r.amendments(p, i)
		if i == 0 {
			r.controls(target)
		}
		b.WriteString("</p>")
		if i == len(paras)-1 {
			b.WriteByte('\n')
		}
	}
}

func (r *renderer) controls(p *Provision) {
	ref := p.Ref()
	of := agree(p.outermost(), "do", "da")
	the := agree(p.outermost(), "o", "a")
	id := html.EscapeString(p.ID)
	b := &r.b
	b.WriteString(" <a class=\"permalink\" href=\"#" + id + "\" aria-label=\"Link para " + html.EscapeString(the+" "+ref) + "\">#</a>")
	b.WriteString("<button type=\"button\" class=\"copiar-citacao\" data-citacao=\"" + html.EscapeString(p.Citation(r.m)) +
		"\" data-href=\"" + html.EscapeString(r.pageURL+"#"+p.ID) +
		"\" aria-label=\"Copiar citação " + html.EscapeString(of+" "+ref) + "\">citar</button>")
}

// outermost is the article of p, or p itself for a heading.
func (p *Provision) outermost() *Provision {
	if a := p.Article(); a != nil {
		return a
	}
	return p
}

func (r *renderer) writeNotes(id string) {
	for _, t := range r.notes[id] {
		r.b.WriteString("<aside class=\"nota-editorial\" role=\"note\"><strong>Nota editorial:</strong> " + html.EscapeString(t) + "</aside>\n")
	}
}

// amendments writes the amendment notes that followed paragraph para of p,
// apart from the provision's text: "<small class="alteracao">(Redação dada
// pela Lei nº 2, de 2025)</small>", with the kind as a data attribute.
func (r *renderer) amendments(p *Provision, para int) {
	for _, a := range p.Amendments {
		if a.Para != para {
			continue
		}
		r.b.WriteString(" <small class=\"alteracao\" data-alteracao=\"" + string(a.Kind) + "\">(" + html.EscapeString(a.Text) + ")</small>")
	}
}

// revokedClass is the extra class of a revoked provision's element.
func revokedClass(p *Provision) string {
	if p.Revoked {
		return " revogado"
	}
	return ""
}
