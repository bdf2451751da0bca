package norm

import (
	"strings"
)

// path returns the names of p and its ancestors from the article (or the
// outermost heading) down, the caput left out unless p is the caput.
func (p *Provision) path() []string {
	if p.IsHeading() {
		// "Subseção I da Seção II do Capítulo I": innermost first.
		s := name(p)
		for q := p.Parent; q != nil; q = q.Parent {
			s += " " + agree(q, "do", "da") + " " + name(q)
		}
		return []string{s}
	}
	var parts []string
	for q := p; q != nil; q = q.Parent {
		if q.Kind == KindCaput && q != p {
			continue
		}
		parts = append(parts, name(q))
		if q.Kind == KindArticle {
			break
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// Ref is the citation of p inside its norm, without the norm: "art. 29,
// inciso II, alínea a"; "art. 10, § 2º"; "art. 29, caput"; "art. 10,
// parágrafo único"; "Seção II do Capítulo I".
func (p *Provision) Ref() string {
	return strings.Join(p.path(), ", ")
}

// Citation is the conventional pt-BR citation of p, from the article down
// to p, then the norm: "art. 29 da IN nº 15/2024"; "art. 29, inciso II,
// alínea a, da IN nº 15/2024"; "art. 10, § 2º, da Portaria nº 41/2022";
// "Seção II do Capítulo I da IN nº 15/2024". The norm's gender follows its
// short name ("do Decreto nº 1/2024").
func (p *Provision) Citation(m Meta) string {
	parts := p.path()
	ref := strings.Join(parts, ", ")
	if len(parts) > 1 {
		ref += ","
	}
	return ref + " " + m.of() + " " + m.Label()
}

// Text is p's own text with its label, on one line: "Art. 29. A criação…",
// "II - Solicitação…", "CAPÍTULO I – DA ADMINISTRAÇÃO DO SEI/UFT". A caput
// has no label of its own: its text is the article's.
func (p *Provision) Text() string {
	var b strings.Builder
	own := p
	if p.Kind == KindArticle {
		if c := p.Caput(); c != nil {
			own = c
		}
	}
	b.WriteString(p.Label)
	if p.IsHeading() {
		if p.Title != "" {
			b.WriteString(" – ")
			b.WriteString(p.Title)
		}
		return b.String()
	}
	for _, t := range own.Paragraphs {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// FullText is p's text followed by its children's, one provision a line:
// what a hover preview of a citation shows.
func (p *Provision) FullText() string {
	var b strings.Builder
	p.fullText(&b)
	return b.String()
}

func (p *Provision) fullText(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(p.Text())
	for _, c := range p.Children {
		if c.Kind == KindCaput {
			for _, cc := range c.Children {
				cc.fullText(b)
			}
			continue
		}
		c.fullText(b)
	}
}

// Definition is one term defined by a norm: an inciso written
// "Term: text" in the article that holds the norm's definitions.
type Definition struct {
	Term        string
	Text        string // the definition, with its alíneas, if any
	ProvisionID string // "art3_cpt_inc2"
}

// Definitions returns the terms defined by the incisos of the caput of the
// article articleID whose text reads "Term: definition", in order.
func (d *Doc) Definitions(articleID string) []Definition {
	a, ok := d.Lookup(articleID)
	if !ok || a.Kind != KindArticle {
		return nil
	}
	c := a.Caput()
	if c == nil {
		return nil
	}
	var out []Definition
	for _, inc := range c.Children {
		if inc.Kind != KindInciso || len(inc.Paragraphs) == 0 {
			continue
		}
		first := inc.Paragraphs[0]
		i := strings.Index(first, ":")
		if i <= 0 || i > 160 {
			continue
		}
		term := strings.TrimSpace(first[:i])
		if term == "" || strings.ContainsAny(term, ".;") {
			continue
		}
		text := []string{strings.TrimSpace(first[i+1:])}
		text = append(text, inc.Paragraphs[1:]...)
		for _, ch := range inc.Children {
			text = append(text, strings.Split(ch.FullText(), "\n")...)
		}
		out = append(out, Definition{Term: term, Text: strings.Join(nonEmpty(text), " "), ProvisionID: inc.ID})
	}
	return out
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
