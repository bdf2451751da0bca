package generator

// Pages for trainers. Slides are made in the browser from a page's own HTML
// (templates/static/js/slides.js): the build adds nothing per page for them.
// Handouts are built here: one extra page per section that has guide pages
// below it (/secao/imprimir/) and one for the whole guide (/imprimir/), each
// holding every guide page of the section in reading order, with ids
// prefixed per page so that they stay unique, links between the pages it
// holds turned into in-document links, and each page's Base normativa and
// Orientação do programa kept. Speaker notes ([!NOTAS]) are left out.

import (
	"context"
	"html"
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/seiportal/seiportal/diag"
)

// handoutLayout is the layout of handouts; a site without it gets none.
const handoutLayout = "impressao-secao"

// handoutSlug is the last segment of a handout's address.
const handoutSlug = "imprimir"

// handouts holds what the build keeps for the handouts: the plan (which
// pages and sections take part), computed once from the content tree, and
// each guide page's chapter, kept as the page renders.
type handouts struct {
	once     sync.Once
	eligible map[*Page]bool   // guide pages that become chapters
	sections map[*Page]string // section → its handout's URL

	mu       sync.Mutex
	chapters map[*Page]*chapter
	views    map[*Page]*handoutView // handout pages being rendered
}

// chapter is one page as it appears in a handout: its HTML, and where in
// it links point to other pages of the site, which become in-document links
// when the handout holds them.
type chapter struct {
	id    string // "cap.adesao.termo-de-adesao"
	html  string
	links []chapterLink // in order
}

// chapterLink is the value of an href that points to a page of the site:
// html[at:at+len(raw)] is the href as rendered; target is the page's URL
// and frag its fragment (escaped).
type chapterLink struct {
	at, n        int
	raw          string // html[at:at+n]
	target, frag string
}

// guidePage reports whether p is a guide page: Markdown of its own, the
// default layout, not a norm. It reads only what the load phase set.
func guidePage(p *Page) bool {
	if p.Kind != KindPage && p.Kind != KindSection {
		return false
	}
	return p.Layout == "" && p.fm != nil && p.fm.Title != "" && p.fm.NormNode == nil && p.fm.NormTOML == nil
}

// handoutPlan decides once which pages become chapters and which sections
// get a handout: the home (the whole guide) and each top-level section with
// a guide page below it, unless it holds more than maxHandoutPages. Deeper
// sections print within their top-level section's handout: a handout per
// subsection would repeat the same text again, and on large sites that
// copy costs build time and memory (at 10,000 pages, a handout for every
// section made the output 30 % larger).
func (b *rendering) handoutPlan() *handouts {
	h := &b.handouts
	h.once.Do(func() {
		h.eligible = map[*Page]bool{}
		h.sections = map[*Page]string{}
		h.chapters = map[*Page]*chapter{}
		if b.tpl.layouts[handoutLayout] == nil {
			return
		}
		count := map[*Page]int{}
		for _, p := range b.site.pages {
			if !guidePage(p) {
				continue
			}
			h.eligible[p] = true
			for a := p; a != nil; a = a.Parent {
				count[a]++
			}
		}
		for _, p := range b.site.pages {
			top := p == b.site.home || (p.Parent != nil && p.Parent == b.site.home)
			if top && p.IsSection() && count[p] > count0(p, h) && count[p] <= maxHandoutPages {
				h.sections[p] = p.URL + handoutSlug + "/"
			}
		}
	})
	return h
}

// maxHandoutPages is the most pages a handout holds: a section with more
// (a large site's whole guide) gets none.
// Each handout repeats its pages' text; past a few hundred printed pages
// nobody prints it, and the build would pay for it in time and memory.
const maxHandoutPages = 200

// count0 is 1 when the section itself is a guide page: a section needs a
// guide page below it to have a handout.
func count0(p *Page, h *handouts) int {
	if h.eligible[p] {
		return 1
	}
	return 0
}

// inHandout reports whether p is a chapter of some handout.
func (h *handouts) inHandout(p *Page) bool {
	if !h.eligible[p] {
		return false
	}
	for a := p; a != nil; a = a.Parent {
		if _, ok := h.sections[a]; ok {
			return true
		}
	}
	return false
}

// Presentable reports whether the page can be shown as slides.
func (d *pageData) Presentable() bool {
	return d.b != nil && d.Page != nil && d.b.handoutPlan().eligible[d.Page]
}

// HandoutURL is the address of the handout of the page's own section (for a
// section or the home), or "".
func (d *pageData) HandoutURL() string {
	if d.b == nil || d.Page == nil {
		return ""
	}
	return d.b.handoutPlan().sections[d.Page]
}

// chapterID is the id of a page's chapter: "cap." and its URL's segments
// joined by dots. Slugs have no dots, so two pages never share an id, and
// the ids inside a chapter ("cap.x:id") never equal another chapter's.
func chapterID(p *Page) string {
	return "cap." + strings.ReplaceAll(strings.Trim(p.URL, "/"), "/", ".")
}

// keepChapter renders p's chapter for the handouts, while its HTML is still
// in memory.
func (b *rendering) keepChapter(p *Page, body *pageBody) diag.List {
	h := b.handoutPlan()
	if body == nil || !h.inHandout(p) {
		return nil
	}
	set := b.tpl.layouts[handoutLayout]
	d := &pageData{Site: b.cfg, Page: p, Home: b.site.home, b: b, Content: template.HTML(body.HTML),
		Cites: body.Cites, Sources: body.Sources, Updated: p.Lastmod, Lang: "pt-BR"}
	var buf strings.Builder
	buf.Grow(len(body.HTML) + 4<<10)
	if err := set.ExecuteTemplate(&buf, "capitulo", d); err != nil {
		return diag.List{diag.Errorf(p.File, 0, 0, "%s", strings.TrimPrefix(err.Error(), "template: "))}
	}
	c := &chapter{id: chapterID(p)}
	c.html, c.links = rewriteChapter(buf.String(), c.id)
	h.mu.Lock()
	h.chapters[p] = c
	h.mu.Unlock()
	return nil
}

// handoutView is what the handout layout receives besides the page data.
type handoutView struct {
	Section     *Page
	Title       string
	Description string
	Whole       bool // the whole guide
	TOC         []handoutEntry
	Body        template.HTML // also the page data's Content
}

type handoutEntry struct {
	ID, Title string
	Depth     int // 1 for the handout's own section and its pages
}

// Handout is the handout a handout page shows (nil on other pages).
func (d *pageData) Handout() *handoutView {
	if d.b == nil {
		return nil
	}
	h := &d.b.handouts
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.views[d.Page]
}

// writeHandouts writes every handout.
func (b *rendering) writeHandouts(ctx context.Context) diag.List {
	h := b.handoutPlan()
	if len(h.sections) == 0 {
		return nil
	}
	// Each handout's chapters, in reading order.
	members := map[*Page][]*Page{}
	for _, p := range b.site.pages {
		if h.chapters[p] == nil {
			continue
		}
		for a := p; a != nil; a = a.Parent {
			if _, ok := h.sections[a]; ok {
				members[a] = append(members[a], p)
			}
		}
	}
	var secs []*Page
	var errs diag.List
	for _, s := range b.site.pages {
		u, ok := h.sections[s]
		if !ok || len(members[s]) == 0 {
			continue
		}
		if other := b.site.byURL[u]; other != nil {
			errs = append(errs, diag.Errorf(other.File, 1, 1, "o endereço %s é o do material para impressão de %s: mude o nome do arquivo ou o slug", u, s.File))
			continue
		}
		secs = append(secs, s)
	}
	if len(errs) > 0 {
		return errs
	}
	var mu sync.Mutex
	forEach(ioWorkers, len(secs), func(i int) {
		if ctx.Err() != nil {
			return
		}
		if e := b.writeHandout(secs[i], h.sections[secs[i]], members[secs[i]]); len(e) > 0 {
			mu.Lock()
			errs = append(errs, e...)
			mu.Unlock()
		}
	})
	return errs
}

func (b *rendering) writeHandout(s *Page, url string, pages []*Page) diag.List {
	h := &b.handouts
	in := make(map[string]string, len(pages)) // page URL → chapter id
	for _, p := range pages {
		in[p.URL] = h.chapters[p].id
	}
	v := &handoutView{Section: s, Title: s.Title, Description: s.Description, Whole: s.Kind == KindHome}
	if v.Whole {
		v.Title, v.Description = b.cfg.Title, b.cfg.Description
	}
	var body strings.Builder
	var updated time.Time
	size := 0
	for _, p := range pages {
		size += len(h.chapters[p].html) + 128
	}
	body.Grow(size)
	for _, p := range pages {
		// The section and its own pages at 1, a subsection's pages deeper.
		depth := 1
		if p != s {
			for a := p.Parent; a != nil && a != s; a = a.Parent {
				depth++
			}
		}
		if p.Lastmod.After(updated) {
			updated = p.Lastmod
		}
		c := h.chapters[p]
		v.TOC = append(v.TOC, handoutEntry{ID: c.id, Title: p.Title, Depth: depth})
		body.WriteString(`<section class="capitulo" id="` + c.id + `" aria-labelledby="` + c.id + `:titulo">` + "\n")
		last := 0
		for _, l := range c.links {
			body.WriteString(c.html[last:l.at])
			last = l.at + len(l.raw)
			id, ok := in[l.target]
			switch {
			case !ok:
				body.WriteString(l.raw)
			case l.frag == "":
				body.WriteString("#" + id)
			default:
				body.WriteString("#" + id + ":" + l.frag)
			}
		}
		body.WriteString(c.html[last:])
		body.WriteString("</section>\n")
	}
	v.Body = template.HTML(body.String())
	body.Reset()

	title := v.Title + " — material para impressão"
	p := &Page{Kind: KindPage, File: "templates/layouts/" + handoutLayout + ".html", URL: url, Title: title,
		Description: "Todas as páginas de " + s.Title + " num só documento, para imprimir.", Parent: s, Lastmod: updated, Params: map[string]any{}}
	if v.Whole {
		p.Description = "Todas as páginas do guia num só documento, para imprimir."
	}
	d := b.pageData(p, nil)
	// The body goes in as the page's content (execute sizes its buffer by
	// it); the rest of the view through Handout.
	d.Content = v.Body
	h.mu.Lock()
	if h.views == nil {
		h.views = map[*Page]*handoutView{}
	}
	h.views[p] = v
	h.mu.Unlock()
	out, err := b.tpl.execute(handoutLayout, d, p.File)
	h.mu.Lock()
	delete(h.views, p)
	h.mu.Unlock()
	if err != nil {
		return diag.Flatten(err)
	}
	b.emit(outPath(url), out)
	return nil
}

// idAttrs are the attributes that hold ids or lists of ids.
var idAttrs = map[string]bool{"id": true, "for": true, "aria-describedby": true, "aria-labelledby": true, "aria-controls": true, "headers": true}

// rewriteChapter prepares a chapter's HTML (the portal's own rendering:
// quoted attributes, escaped text) for a handout: every id gets the
// chapter's prefix ("cap.x:"), headings go one level down (the chapter's
// h1 becomes an h2), local links follow their ids, links to pages of the
// site are cut out for the handout to resolve, and speaker notes
// (details.callout-notas) are dropped.
func rewriteChapter(src, prefix string) (string, []chapterLink) {
	var links []chapterLink
	var text strings.Builder
	text.Grow(len(src) + len(src)/8)
	skip := 0 // depth inside a dropped <details>
	for len(src) > 0 {
		lt := strings.IndexByte(src, '<')
		if lt < 0 {
			if skip == 0 {
				text.WriteString(src)
			}
			break
		}
		if skip == 0 {
			text.WriteString(src[:lt])
		}
		src = src[lt:]
		if strings.HasPrefix(src, "<!--") {
			end := strings.Index(src, "-->")
			if end < 0 {
				end = len(src) - 3
			}
			if skip == 0 {
				text.WriteString(src[:end+3])
			}
			src = src[end+3:]
			continue
		}
		t, n := parseTag(src)
		if n == 0 {
			// A lone "<" (never produced escaped text; keep it as text).
			if skip == 0 {
				text.WriteString("&lt;")
			}
			src = src[1:]
			continue
		}
		src = src[n:]
		if t.name == "details" {
			switch {
			case skip > 0 && t.closing:
				skip--
				continue
			case skip > 0:
				skip++
				continue
			case !t.closing && strings.Contains(" "+t.attr("class")+" ", " callout-notas "):
				skip = 1
				continue
			}
		}
		if skip > 0 {
			continue
		}
		name := t.name
		if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '5' {
			name = "h" + string(name[1]+1)
		}
		if t.closing {
			text.WriteString("</" + name + ">")
			continue
		}
		text.WriteString("<" + name)
		for _, a := range t.attrs {
			if name == "section" && a.name == "aria-labelledby" {
				// Every chapter has its "Base normativa": named, these
				// sections would be landmarks of the same name. The
				// chapter itself is the named landmark.
				continue
			}
			text.WriteString(" " + a.name)
			if !a.hasValue {
				continue
			}
			val := a.value
			switch {
			case idAttrs[a.name]:
				f := strings.Fields(val)
				for i := range f {
					f[i] = prefix + ":" + f[i]
				}
				val = strings.Join(f, " ")
			case a.name == "href" && strings.HasPrefix(val, "#"):
				val = "#" + prefix + ":" + val[1:]
			case strings.Contains(val, "url(#"):
				// SVG references (a flow's marker-end, mask) follow their
				// ids like the links do.
				val = strings.ReplaceAll(val, "url(#", "url(#"+prefix+":")
			case a.name == "href" && strings.HasPrefix(val, "/") && !strings.HasPrefix(val, "//"):
				target, frag, _ := strings.Cut(val, "#")
				text.WriteString(`="`)
				// Clones: a substring would keep the whole source alive.
				links = append(links, chapterLink{at: text.Len(), n: len(val), target: strings.Clone(html.UnescapeString(target)), frag: strings.Clone(frag)})
				text.WriteString(val + `"`)
				continue
			}
			text.WriteString(`="` + val + `"`)
		}
		if t.selfClosing {
			text.WriteString(" />")
		} else {
			text.WriteString(">")
		}
	}
	out := text.String()
	for i := range links {
		links[i].raw = out[links[i].at : links[i].at+links[i].n]
	}
	return out, links
}

type tagAttr struct {
	name, value string // value escaped, as in a double-quoted attribute
	hasValue    bool
}

type tag struct {
	name                 string
	closing, selfClosing bool
	attrs                []tagAttr
}

func (t *tag) attr(name string) string {
	for _, a := range t.attrs {
		if a.name == name {
			return html.UnescapeString(a.value)
		}
	}
	return ""
}

// parseTag reads the tag at the start of s and returns it and its length,
// or a length of 0 when s does not start with a tag.
func parseTag(s string) (tag, int) {
	var t tag
	i := 1
	if i < len(s) && s[i] == '/' {
		t.closing = true
		i++
	}
	start := i
	for i < len(s) && (isAlnum(s[i]) || s[i] == '-') {
		i++
	}
	if i == start || !isAlpha(s[start]) {
		return tag{}, 0
	}
	t.name = strings.ToLower(s[start:i])
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return tag{}, 0
		}
		switch {
		case s[i] == '>':
			return t, i + 1
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '>':
			t.selfClosing = true
			return t, i + 2
		case s[i] == '/':
			i++
			continue
		}
		ns := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		a := tagAttr{name: strings.ToLower(s[ns:i])}
		if a.name == "" {
			return tag{}, 0
		}
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i >= len(s) {
				return tag{}, 0
			}
			a.hasValue = true
			if q := s[i]; q == '"' || q == '\'' {
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return tag{}, 0
				}
				a.value = s[i+1 : i+1+end]
				if q == '\'' {
					a.value = html.EscapeString(html.UnescapeString(a.value))
				}
				i += end + 2
			} else {
				vs := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				a.value = html.EscapeString(html.UnescapeString(s[vs:i]))
			}
		}
		t.attrs = append(t.attrs, a)
	}
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
