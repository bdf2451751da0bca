package generator

import "github.com/seiportal/seiportal/diag"

// normPage is a parsed normative text.
type normPage struct {
	key         string
	page        *Page
	label       string // "IN nº 15/2024"
	title       string
	html        []byte
	provision   func(id string) (label, preview string, ok bool)
	definitions []normDef
	meta        any
}

type normDef struct{ term, text, label, id string }

func (b *builder) parseNorm(p *Page) diag.List {
	p.doc = b.conv.Parse(p.body)
	p.ids = p.doc.IDs()
	return nil
}
