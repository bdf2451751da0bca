package generator

import (
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/search"
)

// searchFiles returns the files of the client-side search index.
func (b *builder) searchFiles() (map[string][]byte, diag.List) {
	docs := make([]search.Doc, 0, len(b.site.pages))
	for _, p := range b.site.pages {
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
		docs = append(docs, d)
	}
	files, err := search.Build(docs)
	if err != nil {
		return nil, diag.List{diag.Errorf("busca", 0, 0, "não foi possível gerar o índice de busca: %v", err)}
	}
	return files, nil
}
