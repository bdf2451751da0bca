package norm

// Text is a norm's text as the norm layout shows it
// (templates/partials/norma-texto.html renders it): the preamble, the
// headings and provisions in order, and the closing.
type Text struct {
	Preamble []Block
	Body     []*ProvisionView
	Closing  []Block
}

// ProvisionView is one provision as shown. A heading (chapter, section,
// subsection) has its Level (2 to 6, by depth), Label, Title and
// Amendments; an article holds its caput, which shows the article's label
// and controls, and its other provisions; any other provision has its
// Paragraphs. Notes are the editorial notes shown after its text.
type ProvisionView struct {
	Kind       Kind
	Class      string // the kind, and " revogado" on a revoked provision
	ID         string
	Revoked    bool
	Heading    bool
	Article    bool
	Level      int
	Label      string
	Title      string
	Amendments []Amendment // a heading's
	Paragraphs []ParagraphView
	Notes      []string
	Children   []*ProvisionView
}

// ParagraphView is one paragraph of a provision's text: the label before
// the first, the amendment notes that followed it in the text as published
// ("(Redação dada pela …)"), and on the first the controls of the
// provision it belongs to (for a caput, its article).
type ParagraphView struct {
	Label      string
	Text       string
	Amendments []Amendment
	Controls   *Controls
}

// Controls are a provision's permalink and "copiar citação" button.
type Controls struct {
	ID       string // the anchor: "art29_cpt_inc2"
	Link     string // the permalink's label: "Link para o art. 29, inciso II"
	Copy     string // the button's label: "Copiar citação do art. 29, inciso II"
	Citation string // what the button copies: "art. 29, inciso II, da IN nº 15/2024"
	Href     string // the provision's address: "/normas/in-15-2024/#art29_cpt_inc2"
}

// View returns d as shown on its page: pageURL is the norm page's path
// ("/normas/in-15-2024/"), for the controls' addresses; notes are the
// editorial notes, shown at their provisions. Notes whose provision does
// not exist are left out (Doc.CheckMeta reports them).
func View(d *Doc, m Meta, pageURL string, notes []Note) *Text {
	v := &viewer{m: m, pageURL: pageURL, notes: map[string][]string{}}
	for _, n := range notes {
		v.notes[n.Provision] = append(v.notes[n.Provision], n.Text)
	}
	t := &Text{}
	if d == nil {
		return t
	}
	t.Preamble, t.Closing = d.Preamble, d.Closing
	for _, p := range d.Body {
		t.Body = append(t.Body, v.node(p, 2))
	}
	return t
}

type viewer struct {
	m       Meta
	pageURL string
	notes   map[string][]string
}

func (v *viewer) node(p *Provision, level int) *ProvisionView {
	pv := newProvisionView(p, p.Kind)
	if p.IsHeading() {
		pv.Heading, pv.Level = true, min(max(level, 2), 6)
		pv.Label, pv.Title = p.Label, p.Title
		pv.Amendments = amendmentsOf(p, 0)
		pv.Notes = v.notes[p.ID]
		for _, c := range p.Children {
			pv.Children = append(pv.Children, v.node(c, level+1))
		}
		return pv
	}
	if p.Kind == KindArticle {
		pv.Article = true
		for _, c := range p.Children {
			if c.Kind == KindCaput {
				pv.Children = append(pv.Children, v.caput(p, c))
				continue
			}
			pv.Children = append(pv.Children, v.node(c, level))
		}
		return pv
	}
	pv.Paragraphs = v.paragraphs(p, p.Label, p)
	pv.Notes = v.notes[p.ID]
	for _, c := range p.Children {
		pv.Children = append(pv.Children, v.node(c, level))
	}
	return pv
}

// caput is the caput c of article a, with the article's label, controls
// and notes.
func (v *viewer) caput(a, c *Provision) *ProvisionView {
	pv := newProvisionView(c, KindCaput)
	pv.Paragraphs = v.paragraphs(c, a.Label, a)
	pv.Notes = append(append([]string(nil), v.notes[a.ID]...), v.notes[c.ID]...)
	for _, ch := range c.Children {
		pv.Children = append(pv.Children, v.node(ch, 0))
	}
	return pv
}

// paragraphs is the text of p, label before the first paragraph and the
// controls of target on it.
func (v *viewer) paragraphs(p *Provision, label string, target *Provision) []ParagraphView {
	paras := p.Paragraphs
	if len(paras) == 0 {
		paras = []string{""}
	}
	out := make([]ParagraphView, len(paras))
	for i, t := range paras {
		out[i] = ParagraphView{Text: t, Amendments: amendmentsOf(p, i)}
		if i == 0 {
			out[i].Label = label
			out[i].Controls = v.controls(target)
		}
	}
	return out
}

func newProvisionView(p *Provision, kind Kind) *ProvisionView {
	pv := &ProvisionView{Kind: kind, Class: string(kind), ID: p.ID, Revoked: p.Revoked}
	if p.Revoked {
		pv.Class += " revogado"
	}
	return pv
}

func (v *viewer) controls(p *Provision) *Controls {
	ref := p.Ref()
	return &Controls{
		ID:       p.ID,
		Link:     "Link para " + agree(p.outermost(), "o", "a") + " " + ref,
		Copy:     "Copiar citação " + agree(p.outermost(), "do", "da") + " " + ref,
		Citation: p.Citation(v.m),
		Href:     v.pageURL + "#" + p.ID,
	}
}

// outermost is the article of p, or p itself for a heading.
func (p *Provision) outermost() *Provision {
	if a := p.Article(); a != nil {
		return a
	}
	return p
}

// amendmentsOf returns the amendment notes that followed paragraph para of
// p.
func amendmentsOf(p *Provision, para int) []Amendment {
	var out []Amendment
	for _, a := range p.Amendments {
		if a.Para == para {
			out = append(out, a)
		}
	}
	return out
}
