package generator

import (
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/checklist"
	"github.com/seiportal/seiportal/generator/norm"
)

// normPage is a parsed normative text.
type normPage struct {
	key         string
	page        *Page
	label       string // "IN nº 15/2024"
	title       string
	size        int // of the text in the source
	doc         *norm.Doc
	meta        norm.Meta
	urn         string
	definitions []normDef
	ids         map[string]bool // every provision's id
}

type normDef struct {
	term, text, label, id string
	line, col             int // of the inciso that defines the term
}

// citable checks a citation of provision id against the provision
// (norm.Provision.CheckCitation): a revoked provision is cited only about its
// revocation (cite.RevokedMarker), and the marker only on a revoked
// provision. An unknown id passes, for the caller to report.
func (n *normPage) citable(id string, about bool) error {
	p, ok := n.doc.Lookup(id)
	if !ok {
		return nil
	}
	return p.CheckCitation(about, n.meta)
}

// provision returns the citation label and the text preview of a provision.
func (n *normPage) provision(id string) (string, string, bool) {
	p, ok := n.doc.Lookup(id)
	if !ok {
		return "", "", false
	}
	return p.Citation(n.meta), truncate(p.FullText(), 600), true
}

func truncate(s string, max int) string {
	if len([]rune(s)) <= max {
		return s
	}
	r := []rune(s)[:max]
	if i := strings.LastIndexByte(string(r), ' '); i > max/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

// shiftLines moves yaml positions from front-matter lines to file lines.
func shiftLines(n *yaml.Node, by int) {
	if n == nil {
		return
	}
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// parseNorm parses a norm page: its metadata and its text as published.
// A norm with problems in either is left unparsed (nil).
func parseNorm(p *Page, t *pageText) (*normPage, diag.List) {
	if p.fm.NormNode == nil {
		return nil, diag.List{diag.Errorf(p.File, 1, 1, "normas devem usar front matter YAML (---) com a chave norm:")}
	}
	node := p.fm.NormNode
	shiftLines(node, 1)
	meta, errs := norm.DecodeMeta(p.File, node)
	doc, perrs := norm.Parse(p.File, t.bodyLine, t.body)
	errs = append(errs, perrs...)
	if doc == nil || len(errs) > 0 {
		return nil, errs
	}
	for _, m := range doc.CheckMeta(meta) {
		errs = append(errs, diag.Errorf(p.File, node.Line, node.Column, "%s", m))
	}
	urn, err := meta.URNString()
	if err != nil {
		errs = append(errs, diag.Errorf(p.File, node.Line, node.Column, "URN: %v", err))
	}
	n := &normPage{page: p, label: meta.Label(), title: p.Title, doc: doc, meta: meta, urn: urn}
	n.size = len(t.body)
	n.ids = map[string]bool{}
	for _, pr := range doc.Provisions() {
		n.ids[pr.ID] = true
	}
	if meta.Definitions != "" {
		defs, derrs := doc.Definitions(meta.Definitions)
		errs = append(errs, derrs...)
		for _, d := range defs {
			label := meta.Label()
			if pr, ok := doc.Lookup(d.ProvisionID); ok {
				label = pr.Citation(meta)
			}
			n.definitions = append(n.definitions, normDef{term: d.Term, text: d.Text, label: label, id: d.ProvisionID, line: d.Line, col: d.Col})
		}
	}
	return n, errs
}

// checkDeadline checks the origin of a checklist deadline: a suggestion
// needs nothing; a citation must resolve (it is then listed with the app's
// citations) and the cited provision's text must set the same term, the
// same number of days (in digits or in words) and the same kind. A text
// that says only "dias" sets dias corridos (Lei nº 9.784/1999, art. 66,
// § 2º: "Os prazos expressos em dias contam-se de modo contínuo"). Errors
// are at the origin's position; the syntax of the origin is checked by the
// checklist loader.
func (b *resolving) checkDeadline(file string, dl *checklist.Deadline) diag.List {
	if dl == nil || !dl.Normative() {
		return nil
	}
	o := dl.Origin
	if o.File != "" {
		file = o.File
	}
	if errs := b.resolveAppCite(file, o.Line, o.Col, o.Target); len(errs) > 0 {
		return errs
	}
	key, id, err := checklist.ParseRef(o.Target)
	if err != nil {
		return diag.List{diag.Errorf(file, o.Line, o.Col, "%v", err)}
	}
	n := b.data.norms[key]
	var p *norm.Provision
	if n != nil {
		p, _ = n.doc.Lookup(id)
	}
	if p == nil {
		return diag.List{diag.Errorf(file, o.Line, o.Col, "citação de dispositivo inexistente: %q", o.Target)}
	}
	want := norm.Term{Days: dl.Days, Unit: string(dl.Unit)}
	terms := norm.Terms(p.FullText())
	var sameDays []string
	for _, t := range terms {
		if t.Days != dl.Days {
			continue
		}
		if t.Unit == want.Unit || (t.Unit == "" && dl.Unit == checklist.CalendarDays) {
			return nil
		}
		sameDays = append(sameDays, t.String())
	}
	cite := p.Citation(n.meta)
	days := strconv.Itoa(dl.Days) + " " + dl.Unit.Label()
	switch {
	case len(sameDays) > 0:
		hint := ""
		if dl.Unit == checklist.BusinessDays {
			hint = " (prazo em dias que não diz “úteis” conta em dias corridos)"
		}
		return diag.List{diag.Errorf(file, o.Line, o.Col, "o prazo é de %s, mas o %s fala em %s%s: corrija a unidade (unit) do prazo", days, cite, strings.Join(sameDays, ", "), hint)}
	case len(terms) > 0:
		found := make([]string, len(terms))
		for i, t := range terms {
			found[i] = t.String()
		}
		return diag.List{diag.Errorf(file, o.Line, o.Col, "o prazo é de %s, mas o %s fala em %s: corrija o prazo, cite o dispositivo que o fixa ou, se nenhum o fixa, use origin: %s", days, cite, strings.Join(found, ", "), checklist.Suggested)}
	}
	return diag.List{diag.Errorf(file, o.Line, o.Col, "o prazo é de %s, mas o %s não fixa prazo em dias: cite o dispositivo que o fixa ou, se nenhum o fixa, use origin: %s", days, cite, checklist.Suggested)}
}

// glossaryCollision reports a term that two sources define (the same
// anchor on the glossary page): at the later definition, naming the
// earlier one, and saying whether their texts differ.
func glossaryCollision(first, again *glossEntry) *diag.Error {
	a, b := first, again
	if b.File < a.File || b.File == a.File && b.Line < a.Line {
		a, b = b, a
	}
	what := "com outra definição"
	if strings.TrimSpace(a.Definition) == strings.TrimSpace(b.Definition) {
		what = "com a mesma definição"
	}
	src := ""
	if a.Source != "" {
		src = " (" + a.Source + ")"
	}
	return diag.Errorf(b.File, b.Line, b.Col, "o termo %q já está definido no glossário em %s:%d:%d%s, %s: cada termo tem uma só definição; remova uma ou dê nomes distintos", b.Term, a.File, a.Line, a.Col, src, what)
}
