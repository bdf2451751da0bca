package generator

import (
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/search"
)

// indexPage adds a rendered page to the search index and drops its plain
// text, which nothing else needs.
func (b *builder) indexPage(p *Page) diag.List {
	d := search.Doc{URL: p.URL, Title: p.Title}
	if anc := p.Ancestors(); len(anc) > 1 {
		d.Section = anc[1].Title
	} else if p.Kind != KindHome && p.IsSection() {
		d.Section = p.Title
	}
	switch {
	case p.norm != nil:
		var text strings.Builder
		for _, a := range p.norm.doc.Articles() {
			d.Headings = append(d.Headings, search.Heading{ID: a.ID, Text: strings.TrimSpace(a.Label)})
			text.WriteString(a.FullText())
			text.WriteByte('\n')
		}
		d.Text = text.String()
	case p.markdown:
		d.Text = p.plain
		for _, h := range p.headings {
			d.Headings = append(d.Headings, search.Heading{ID: h.ID, Text: h.Text})
		}
	}
	if p.Description != "" {
		d.Text = p.Description + "\n" + d.Text
	}
	p.plain = ""
	if err := b.index.Add(d); err != nil {
		return diag.List{diag.Errorf(p.File, 0, 0, "não foi possível indexar a página para a busca: %v", err)}
	}
	return nil
}

// searchFiles returns the files of the client-side search index, once every
// page is in it.
func (b *builder) searchFiles() (map[string][]byte, diag.List) {
	files, err := b.index.Files()
	if err != nil {
		return nil, diag.List{diag.Errorf("busca", 0, 0, "não foi possível gerar o índice de busca: %v", err)}
	}
	return files, nil
}
