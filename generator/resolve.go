package generator

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/cite"
	"github.com/seiportal/seiportal/generator/markup"
)

// resolver resolves the links of one page against the whole site.
type resolver struct {
	b    *rendering
	page *Page
	text *pageText
	ids  map[string]bool // the page's own anchors
}

// pageBody is a Markdown page's body as resolvePage leaves it, until the
// page is rendered: its HTML, citations and sources (markup.Result), its
// headings and its plain text for the search index.
type pageBody struct {
	markup.Result
	headings []markup.Heading
	plain    string
}

// parsePage parses a Markdown page (phase parse): it refuses the shapes
// that would cost the parser too much, builds the tree, and records the
// page's anchors (its headings', and the glossary's on the glossary page).
func (b *rendering) parsePage(p *Page, t *pageText) (*markup.Doc, map[string]bool, diag.List) {
	if prob := markup.CheckShape(t.body); prob != nil {
		line, col := t.lineCol(t.bodyOff + prob.Offset)
		t.drop()
		return nil, nil, diag.List{diag.Errorf(p.File, line, col, "%s", prob.Msg)}
	}
	doc := b.conv.Parse(t.body)
	ids := doc.IDs()
	for id := range b.ids[p] {
		ids[id] = true // ids resolve added (glossary terms)
	}
	b.anchorsMu.Lock()
	b.pageIDs[p] = ids
	b.anchorsMu.Unlock()
	return doc, ids, nil
}

// resolvePage resolves a parsed page's links and citations and marks the
// first use of each glossary term (phase resolve), which the Markdown
// renderer does as it writes the HTML; the tree and the source are dropped
// afterwards. Links into other pages are checked once every page is parsed
// (checkAnchors).
func (b *rendering) resolvePage(p *Page, t *pageText, doc *markup.Doc, ids map[string]bool) (*pageBody, diag.List) {
	r := &resolver{b: b, page: p, text: t, ids: ids}
	body := &pageBody{Result: b.conv.Render(doc, r, b.data.termsFor(p)), plain: doc.PlainText(), headings: doc.Headings}
	var errs diag.List
	for i, e := range body.Errors {
		if i == maxErrorsPerPage {
			errs = append(errs, diag.Errorf(p.File, 0, 0, "… e mais %d problema(s) neste arquivo", len(body.Errors)-i))
			break
		}
		line, col := t.lineCol(t.bodyOff + e.Offset)
		if e.Offset < 0 {
			line, col = 0, 0
		}
		errs = append(errs, diag.Errorf(p.File, line, col, "%s", e.Msg))
	}
	t.drop()
	return body, errs
}

// maxErrorsPerPage bounds the problems reported for one page: the first
// ones say what to fix, and positioning thousands would cost more than the
// build.
const maxErrorsPerPage = 100

// pendingAnchor is a link into another page, checked once every page's ids
// are known.
type pendingAnchor struct {
	file      string
	line, col int
	target    *Page
	frag      string
}

// checkAnchors checks the links into other pages' anchors (phase resolve),
// once every page is parsed.
func (b *rendering) checkAnchors() diag.List {
	var errs diag.List
	for _, a := range b.anchors {
		ids, ok := b.pageIDs[a.target]
		if !ok {
			ids = b.ids[a.target]
		}
		if !ids[a.frag] {
			errs = append(errs, diag.Errorf(a.file, a.line, a.col, "a âncora #%s não existe em %s", a.frag, a.target.File))
		}
	}
	return errs
}

func splitFragment(dest string) (string, string) {
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		return dest[:i], dest[i+1:]
	}
	return dest, ""
}

func hasScheme(dest string) (string, bool) {
	i := strings.IndexByte(dest, ':')
	if i <= 0 {
		return "", false
	}
	if j := strings.IndexAny(dest, "/?#"); j >= 0 && j < i {
		return "", false
	}
	return strings.ToLower(dest[:i]), true
}

// Link implements markup.Resolver. offset is where the link starts in the
// page's body.
func (r *resolver) Link(dest string, offset int) (string, error) {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return "", fmt.Errorf("link sem destino")
	}
	if scheme, ok := hasScheme(dest); ok {
		switch scheme {
		case "http", "https", "mailto", "tel":
			return dest, nil
		}
		return "", fmt.Errorf("link com esquema desconhecido %q (use http, https, mailto, tel, norma:, fonte: ou um caminho para um .md)", scheme+":")
	}
	p, frag := splitFragment(dest)
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if p == "" {
		if frag != "" && !r.ids[frag] {
			return "", fmt.Errorf("a âncora #%s não existe nesta página", frag)
		}
		return dest, nil
	}
	var target *Page
	if strings.HasPrefix(p, "/") {
		u := p
		if !strings.HasSuffix(u, "/") && path.Ext(u) == "" {
			u += "/"
		}
		if pg, ok := r.b.site.byURL[u]; ok {
			target = pg
		} else if r.b.knownFile(strings.TrimPrefix(p, "/")) {
			return dest, nil
		} else {
			return "", fmt.Errorf("link para endereço inexistente: %s", p)
		}
	} else {
		file := path.Join(path.Dir(r.page.File), p)
		switch {
		case strings.HasSuffix(file, ".md"):
			target = r.b.site.byFile[file]
			if target == nil {
				return "", fmt.Errorf("link para página inexistente: %s (%s não existe)", p, file)
			}
		case r.b.site.byFile[file+"/_index.md"] != nil:
			target = r.b.site.byFile[file+"/_index.md"]
		case r.b.site.static[file]:
			href := "/" + strings.TrimPrefix(file, "content/")
			if frag != "" {
				href += "#" + frag
			}
			return href, nil
		default:
			return "", fmt.Errorf("link para arquivo inexistente: %s", p)
		}
	}
	href := target.URL
	if frag != "" {
		if target == r.page {
			if !r.ids[frag] {
				return "", fmt.Errorf("a âncora #%s não existe nesta página", frag)
			}
		} else {
			// The target may still be rendering: check when every page is done.
			line, col := 0, 0
			if offset >= 0 && r.text.src != nil {
				line, col = r.text.lineCol(r.text.bodyOff + offset)
			}
			r.b.anchorsMu.Lock()
			r.b.anchors = append(r.b.anchors, pendingAnchor{file: r.page.File, line: line, col: col, target: target, frag: frag})
			r.b.anchorsMu.Unlock()
		}
		href += "#" + frag
	}
	return href, nil
}

// Cite implements markup.Resolver. A fonte: citation on a page points to
// the source's entry in the page's "Orientação do programa" list.
func (r *resolver) Cite(target string) (markup.Cite, error) {
	c, err := r.b.data.cite(target)
	if err != nil {
		return c, err
	}
	if c.Kind == string(cite.Fonte) && c.Source != nil {
		c.URL = "#" + markup.SourceAnchor(c.Source.Key)
	}
	return c, nil
}
