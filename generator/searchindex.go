package generator

import (
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/search"
)

// indexPage adds a rendered page to the search index and drops its plain
// text, which nothing else needs.
func (b *rendering) indexPage(p *Page, body *pageBody) diag.List {
	d := search.Doc{URL: p.URL, Title: p.Title}
	if anc := p.Ancestors(); len(anc) > 1 {
		d.Section = anc[1].Title
	} else if p.Kind != KindHome && p.IsSection() {
		d.Section = p.Title
	}
	switch n := b.norms[p]; {
	case n != nil:
		d.Keywords = n.label
		var text strings.Builder
		for _, a := range n.doc.Articles() {
			d.Headings = append(d.Headings, search.Heading{ID: a.ID, Text: strings.TrimSpace(a.Label)})
			text.WriteString(a.FullText())
			text.WriteByte('\n')
		}
		d.Text = text.String()
	case body != nil:
		d.Text = body.plain
		for _, h := range body.headings {
			d.Headings = append(d.Headings, search.Heading{ID: h.ID, Text: h.Text})
		}
	}
	if p == b.data.glossary {
		var heads []search.Heading
		d.Text, heads = glossaryText(d.Text, b.data.terms)
		d.Headings = append(d.Headings, heads...)
	}
	if p.Description != "" {
		d.Text = p.Description + "\n" + d.Text
	}
	if body != nil {
		body.plain = ""
	}
	if err := b.index.Add(d); err != nil {
		return diag.List{diag.Errorf(p.File, 0, 0, "não foi possível indexar a página para a busca: %v", err)}
	}
	return nil
}

// glossaryText adds the entries of the glossary to the text and headings of
// its page: each entry is a heading (the term and its abbreviation, linked
// to the entry's anchor) followed by its other forms, its definition and
// its source, so that a search for a term or its abbreviation finds its
// definition.
func glossaryText(text string, terms []glossEntry) (string, []search.Heading) {
	var b strings.Builder
	b.WriteString(text)
	var heads []search.Heading
	for _, t := range terms {
		h := t.Term
		if t.Abbr != "" {
			h += " (" + t.Abbr + ")"
		}
		heads = append(heads, search.Heading{ID: t.ID, Text: h})
		b.WriteString("\n" + h + "\n")
		if len(t.Aliases) > 0 {
			b.WriteString("Também: " + strings.Join(t.Aliases, ", ") + ".\n")
		}
		b.WriteString(t.Definition + "\n")
		if t.Source != "" {
			b.WriteString("Fonte: " + t.Source + "\n")
		}
	}
	return b.String(), heads
}

// searchFiles returns the files of the client-side search index, once every
// page is in it.
func (b *rendering) searchFiles() (map[string][]byte, diag.List) {
	files, err := b.index.Files()
	if err != nil {
		return nil, diag.List{diag.Errorf("busca", 0, 0, "não foi possível gerar o índice de busca: %v", err)}
	}
	return files, nil
}
