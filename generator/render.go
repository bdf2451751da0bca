package generator

import (
	"context"
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/markup"
	"github.com/seiportal/seiportal/generator/norm"
	"github.com/seiportal/seiportal/generator/search"
)

// toRender is the render phase's input: the resolved site, where to send
// the files, where to report what each page's own parse and resolve find,
// and whether earlier phases found problems (then render only checks).
type toRender struct {
	site      *resolved
	files     chan<- file
	run       *run
	checkOnly bool
}

// rendering is the render phase's work in progress: what the pages share
// while they render.
type rendering struct {
	*resolved
	conv      *markup.Converter
	files     chan<- file
	run       *run
	checkOnly bool

	navMu    sync.Mutex
	navCache map[*Page]*sharedNav // rendered menu by open section

	handouts handouts // trainer.go: the chapters of the printable handouts

	anchorsMu sync.Mutex
	anchors   []pendingAnchor           // links into other pages, checked last
	pageIDs   map[*Page]map[string]bool // each Markdown page's anchors, once parsed

	index  *search.Index     // the search index, filled as pages render
	search chan searchResult // the search index's files
	wasm   chan wasmResult   // the app's wasm, unpacked during render
}

type searchResult struct {
	files map[string][]byte
	errs  diag.List
}

type wasmResult struct {
	w   *unpackedWasm
	err error
}

// render renders every page through its layout, one page at a time per
// worker (renderEach), then the handouts, the special pages (404, search,
// site map), and the assets: static files, content files published as they
// are, the search index, the app's files, sitemap.xml, the manifest and
// the service worker's template. Each file goes to write as soon as it is
// made. When earlier phases found problems, it only parses and resolves
// each Markdown page, to report every broken link and citation.
func render(ctx context.Context, in *toRender) (struct{}, diag.List) {
	b := &rendering{resolved: in.site, conv: markup.New(), files: in.files, run: in.run, checkOnly: in.checkOnly,
		index: search.NewIndex(), pageIDs: map[*Page]map[string]bool{}}
	if !b.checkOnly {
		b.unpackWasmConcurrent()
	}
	errs := b.renderEach(ctx)
	// Anchors into other pages are known once every page is parsed.
	b.run.report("resolve", b.checkAnchors())
	if b.checkOnly || ctx.Err() != nil {
		return struct{}{}, errs
	}
	errs = append(errs, b.writeHandouts(ctx)...)
	if len(errs) > 0 || b.run.failed() || ctx.Err() != nil {
		return struct{}{}, errs
	}
	// The search index needs nothing the last steps make: prepare it
	// alongside.
	b.searchFilesConcurrent()
	errs = append(errs, b.renderSpecial(ctx)...)
	errs = append(errs, b.writeAssets(ctx)...)
	return struct{}{}, errs
}

// emit hands a file to the write phase.
func (b *rendering) emit(name string, data []byte) {
	b.files <- file{name: name, data: data}
}

// searchFilesConcurrent starts building the search index's files.
func (b *rendering) searchFilesConcurrent() {
	b.search = make(chan searchResult, 1)
	go func() {
		files, errs := b.searchFiles()
		b.search <- searchResult{files, errs}
	}()
}

// unpackWasmConcurrent starts unpacking the app's wasm, which needs only the
// templates: it overlaps the whole render.
func (b *rendering) unpackWasmConcurrent() {
	if packed, ok := b.tpl.static[wasmPacked]; ok {
		b.wasm = make(chan wasmResult, 1)
		go func() {
			w, err := b.opts.Cache.unpackWasm(packed)
			b.wasm <- wasmResult{w, err}
		}()
	}
}

// renderEach takes every page through its phases, in parallel: a Markdown
// page through parsePage (phase parse) and resolvePage (phase resolve),
// every page through renderPage. One worker does all of a page's steps, so
// that only a handful of Markdown trees and HTML pages are in memory at
// once. It returns render's own problems; the others are reported with
// their phase.
func (b *rendering) renderEach(ctx context.Context) diag.List {
	pages := b.site.pages
	return parallel(ctx, b.opts.Workers, len(pages), func(i int) diag.List {
		p := pages[i]
		var body *pageBody
		if t := b.site.texts[p]; t != nil && b.norms[p] == nil {
			doc, ids, errs := b.parsePage(p, t)
			b.run.report("parse", errs)
			if doc == nil {
				return nil
			}
			body, errs = b.resolvePage(p, t, doc, ids)
			b.run.report("resolve", errs)
			if len(errs) > 0 {
				return nil
			}
		}
		if b.checkOnly {
			return nil
		}
		return b.renderPage(p, body)
	})
}

// renderPage executes p's layout and hands the page, its aliases and its
// chapter of the handouts on; it adds the page to the search index.
func (b *rendering) renderPage(p *Page, body *pageBody) diag.List {
	html, err := b.tpl.execute(b.layoutName(p), b.pageData(p, body), p.File)
	if err != nil {
		return diag.Flatten(err)
	}
	if errs := b.keepChapter(p, body); errs != nil {
		return errs
	}
	if body != nil {
		body.HTML = nil
	}
	b.emit(outPath(p.URL), html)
	if errs := b.indexPage(p, body); errs != nil {
		return errs
	}
	for _, a := range p.Aliases {
		name, problem := aliasOut(a)
		if problem != "" {
			return diag.List{diag.Errorf(p.File, 0, 0, "alias %q inválido: %s", a, problem)}
		}
		b.emit(name, aliasPage(p.URL))
	}
	return nil
}

// navNode is an entry of the sidebar navigation.
type navNode struct {
	Page     *Page
	Current  bool
	Open     bool // on the path to the current page
	Children []*navNode
}

// pageData is what a layout receives.
type pageData struct {
	Site        *config
	Page        *Page
	Home        *Page
	Content     template.HTML
	NavHTML     template.HTML // the rendered menu, when it could be shared
	Breadcrumbs []*Page
	TOC         []markup.Heading
	Cites       []markup.Cite      // Base normativa
	Sources     []markup.SourceUse // Orientação do programa
	Updated     time.Time
	Dev         bool
	Stages      []*Page // the adhesion stages, for the home's stepper
	Norm        *normView
	Glossary    []glossEntry
	App         *appView
	Lang        string

	// The sidebar tree is built only when a template asks for it (.Nav):
	// most pages use the shared NavHTML.
	b               *rendering
	navOpen, navCur *Page
}

// CSP is the Content-Security-Policy of the page's <meta>.
func (d *pageData) CSP() string { return MetaContentSecurityPolicy }

// Nav is the sidebar tree: the branches to the page open, the page marked.
func (d *pageData) Nav() []*navNode { return d.b.nav(d.navOpen, d.navCur) }

// normView is what the norm layout shows besides the text.
type normView struct {
	Label string
	URN   string
	Meta  norm.Meta
	Text  *norm.Text    // rendered by templates/partials/norma-texto.html
	size  int           // the text's length in the source, to size the page's buffer
	TOC   []normHeading // chapters, sections and subsections, in order
	Arts  int           // how many articles the norm has
}

// normHeading is an entry of a norm page's table of contents.
type normHeading struct {
	ID, Label, Title string
	Level            int    // 2 chapter, 3 section, 4 subsection
	Arts             string // the articles under it: "arts. 1º a 5º", "art. 6º"
}

// normTOC lists d's headings with the articles each one holds, and counts
// the articles.
func normTOC(d *norm.Doc) ([]normHeading, int) {
	if d == nil {
		return nil, 0
	}
	var out []normHeading
	count := 0
	var walk func(ps []*norm.Provision, level int) (first, last *norm.Provision)
	walk = func(ps []*norm.Provision, level int) (first, last *norm.Provision) {
		for _, p := range ps {
			if p.Kind == norm.KindArticle {
				count++
				if first == nil {
					first = p
				}
				last = p
				continue
			}
			if !p.IsHeading() {
				continue
			}
			i := len(out)
			out = append(out, normHeading{ID: p.ID, Label: p.Label, Title: p.Title, Level: level})
			f, l := walk(p.Children, level+1)
			switch {
			case f == nil:
			case f == l:
				out[i].Arts = f.Ref()
			default:
				out[i].Arts = "arts. " + strings.TrimPrefix(f.Ref(), "art. ") + " a " + strings.TrimPrefix(l.Ref(), "art. ")
			}
			if f != nil && first == nil {
				first = f
			}
			if l != nil {
				last = l
			}
		}
		return first, last
	}
	walk(d.Body, 2)
	return out, count
}

// nav builds the sidebar tree with the branches to open expanded and cur
// marked (cur may be nil).
func (b *rendering) nav(open, cur *Page) []*navNode {
	onPath := map[*Page]bool{}
	for a := open; a != nil; a = a.Parent {
		onPath[a] = true
	}
	var build func(p *Page) []*navNode
	build = func(p *Page) []*navNode {
		var out []*navNode
		for _, c := range p.Children {
			n := &navNode{Page: c, Current: c == cur, Open: onPath[c]}
			if c.IsSection() && onPath[c] {
				n.Children = build(c)
			}
			out = append(out, n)
		}
		return out
	}
	return build(b.site.home)
}

// navHTML renders the "menu" partial for p. Pages of one section share the
// same open branches, so the menu is rendered once per section and only the
// current page's link is marked; a template whose links do not have the
// expected shape is rendered page by page instead.
func (b *rendering) navHTML(p *Page) template.HTML {
	open := p
	if !p.IsSection() && p.Parent != nil {
		open = p.Parent
	}
	b.navMu.Lock()
	cached, ok := b.navCache[open]
	b.navMu.Unlock()
	if !ok {
		var buf strings.Builder
		set := b.tpl.layouts["page"]
		data := &pageData{Site: b.cfg, Page: &Page{Kind: KindPage}, Home: b.site.home, b: b, navOpen: open}
		if err := set.ExecuteTemplate(&buf, "menu", data); err != nil {
			return ""
		}
		cached = newSharedNav(buf.String())
		b.navMu.Lock()
		if b.navCache == nil {
			b.navCache = map[*Page]*sharedNav{}
		}
		b.navCache[open] = cached
		b.navMu.Unlock()
	}
	href := template.HTMLEscapeString(p.URL)
	at, ok := cached.links[href]
	if !ok || at < 0 {
		return ""
	}
	link := `<a href="` + href + `">`
	var out strings.Builder
	out.Grow(len(cached.html) + 32)
	out.WriteString(cached.html[:at])
	out.WriteString(`<a href="` + href + `" aria-current="page">`)
	out.WriteString(cached.html[at+len(link):])
	return template.HTML(out.String())
}

// sharedNav is a menu rendered once for the pages of a section, with where
// each link `<a href="URL">` starts (-1 for a URL linked more than once).
type sharedNav struct {
	html  string
	links map[string]int
}

func newSharedNav(html string) *sharedNav {
	n := &sharedNav{html: html, links: map[string]int{}}
	const open = `<a href="`
	for i := 0; ; {
		j := strings.Index(html[i:], open)
		if j < 0 {
			break
		}
		at := i + j
		rest := html[at+len(open):]
		end := strings.IndexByte(rest, '"')
		i = at + len(open)
		if end < 0 || !strings.HasPrefix(rest[end:], `">`) {
			continue
		}
		href := rest[:end]
		if _, seen := n.links[href]; seen {
			n.links[href] = -1
		} else {
			n.links[href] = at
		}
	}
	return n
}

func (b *rendering) stages() []*Page {
	for _, c := range b.site.home.Children {
		if strings.HasSuffix(c.File, "/adesao/_index.md") {
			var out []*Page
			for _, p := range c.Children {
				if !p.IsSection() {
					out = append(out, p)
				}
			}
			return out
		}
	}
	return nil
}

// pageData is what p's layout receives; body is its Markdown, resolved
// (nil for a page without).
func (b *rendering) pageData(p *Page, body *pageBody) *pageData {
	d := &pageData{
		Site:    b.cfg,
		Page:    p,
		Home:    b.site.home,
		b:       b,
		navOpen: p,
		navCur:  p,
		Updated: p.Lastmod,
		Dev:     b.opts.Dev,
		Lang:    "pt-BR",
	}
	if p.Kind != KindHome {
		d.Breadcrumbs = p.Ancestors()
	} else {
		d.Stages = b.stages()
	}
	if body != nil {
		d.Content = template.HTML(body.HTML)
		for _, h := range body.headings {
			if h.Level == 2 || h.Level == 3 {
				d.TOC = append(d.TOC, h)
			}
		}
		d.Cites = body.Cites
		d.Sources = body.Sources
	}
	if n := b.norms[p]; n != nil {
		d.Norm = &normView{Label: n.label, URN: n.urn, Meta: n.meta, Text: norm.View(n.doc, n.meta, p.URL, n.meta.Notes), size: n.size}
		d.Norm.TOC, d.Norm.Arts = normTOC(n.doc)
	}
	if p == b.data.glossary {
		d.Glossary = b.data.terms
	}
	d.App = b.appView(p)
	d.NavHTML = b.navHTML(p)
	return d
}

func (b *rendering) layoutName(p *Page) string {
	if p.Layout != "" {
		return p.Layout
	}
	if p.Kind == KindPage && b.norms[p] != nil {
		return "norma"
	}
	return p.Kind
}

// renderSpecial writes the pages that have no Markdown of their own: 404,
// search and site map.
func (b *rendering) renderSpecial(ctx context.Context) diag.List {
	for _, special := range []struct{ layout, url, out, title string }{
		{"404", "/404.html", "404.html", "Página não encontrada"},
		{"busca", "/busca/", "busca/index.html", "Busca"},
		{"mapa", "/mapa-do-site/", "mapa-do-site/index.html", "Mapa do site"},
	} {
		if b.tpl.layouts[special.layout] == nil {
			continue
		}
		p := &Page{Kind: KindPage, File: "templates/layouts/" + special.layout + ".html", URL: special.url, Title: special.title, Parent: b.site.home, Params: map[string]any{}}
		d := b.pageData(p, nil)
		d.Breadcrumbs = []*Page{b.site.home}
		html, err := b.tpl.execute(special.layout, d, p.File)
		if err != nil {
			return diag.Flatten(err)
		}
		b.emit(special.out, html)
	}
	return nil
}

func aliasPage(target string) []byte {
	t := template.HTMLEscapeString(target)
	return []byte(`<!DOCTYPE html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Endereço alterado</title>
<link rel="canonical" href="` + t + `"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=` + t + `"></head>
<body><p>Esta página mudou de endereço: <a href="` + t + `">` + t + `</a>.</p></body></html>
`)
}
