package generator

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/markup"
	"github.com/seiportal/seiportal/generator/slug"
)

// Page kinds.
const (
	KindHome    = "home"
	KindSection = "section"
	KindPage    = "page"
)

// Page is one Markdown file of content/ and the page it becomes: what the
// layouts see (as .Page, and through Parent, Children, Prev and Next). It
// does not change after load; what later phases learn about a page is in
// their own values (pageText, normPage, pageBody).
type Page struct {
	Kind        string
	File        string // path inside the site: "content/adesao/_index.md"
	URL         string // "/adesao/"
	Title       string
	Description string
	Weight      int
	Layout      string
	Form        string
	Aliases     []string
	Date        time.Time
	Lastmod     time.Time
	Params      map[string]any

	Parent   *Page   // the section it belongs to; nil for the home
	Children []*Page // sections: their pages and subsections, in order
	Prev     *Page
	Next     *Page

	fm *frontMatter // as read by load
}

// pageText is a page's file as load read it, until the page is parsed.
// Only the goroutine parsing the page uses it.
type pageText struct {
	src      []byte // the whole file
	body     []byte
	bodyOff  int               // byte offset of body in src
	bodyLine int               // line of the file where body starts
	lines    *markup.LineIndex // positions in src, made when first needed
}

// lineCol returns the line and column of a byte offset of the page's file
// (while its source is in memory).
func (t *pageText) lineCol(off int) (int, int) {
	if t.src == nil {
		return 0, 0
	}
	if t.lines == nil {
		t.lines = markup.NewLineIndex(t.src)
	}
	return t.lines.LineCol(off)
}

// drop releases the page's source once it is parsed.
func (t *pageText) drop() { t.src, t.body, t.lines = nil, nil, nil }

// IsSection reports whether p lists other pages.
func (p *Page) IsSection() bool { return p.Kind == KindSection || p.Kind == KindHome }

// Ancestors returns the sections above p, from the home down.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for a := p.Parent; a != nil; a = a.Parent {
		out = append([]*Page{a}, out...)
	}
	return out
}

// site is the assembled content tree.
type site struct {
	fsys   fs.FS
	home   *Page
	pages  []*Page          // every page, in navigation order (home first)
	byFile map[string]*Page // "content/x.md" → page
	byURL  map[string]*Page
	static map[string]bool     // non-Markdown files of content/ that are published (images, PDFs)
	data   map[string]bool     // data files of content/ handled elsewhere (forms, checklists, glossary)
	texts  map[*Page]*pageText // each Markdown file's text (not the sections load adds)

	refused bool // content/ has entries that are not regular files or folders
}

// loadContent reads every Markdown file under content/ and assembles the tree.
func loadContent(fsys fs.FS, lastmod map[string]time.Time) (*site, diag.List) {
	s := &site{fsys: fsys, byFile: map[string]*Page{}, byURL: map[string]*Page{}, static: map[string]bool{}, data: map[string]bool{}, texts: map[*Page]*pageText{}}
	var errs diag.List
	var files []string
	entries := 0
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, diag.Errorf(p, 0, 0, "não foi possível ler: %s", readError(err)))
			return nil
		}
		if entries++; entries > maxEntries {
			errs = append(errs, diag.Errorf("content", 0, 0, "arquivos e pastas demais em content/ (o limite é %d)", maxEntries))
			s.refused = true
			return fs.SkipAll
		}
		if p != "content" {
			if e := entryProblem(d); e != nil {
				errs = append(errs, diag.Errorf(p, 0, 0, "%s", e))
				s.refused = true
				return nil
			}
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != "content" {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case strings.HasSuffix(name, ".md"):
			files = append(files, p)
		case strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".toml") || strings.HasSuffix(name, ".json"):
			s.data[p] = true
		default:
			s.static[p] = true
		}
		return nil
	})
	if err != nil {
		return nil, diag.List{diag.Errorf("content", 0, 0, "não foi possível ler o conteúdo: %s", readError(err))}
	}
	if s.refused {
		return s, errs
	}
	if len(files) == 0 {
		return nil, diag.List{diag.Errorf("content", 0, 0, "nenhuma página Markdown em content/")}
	}
	sort.Strings(files)

	pages := make([]*Page, 0, len(files))
	// Reading is I/O: more readers than cores keep the disk busy.
	// Front matter is parsed by the same workers, as each file arrives.
	parsed := make([]*Page, len(files))
	texts := make([]*pageText, len(files))
	parseErrs := make([]diag.List, len(files))
	forEach(ioWorkers, len(files), func(i int) {
		src, err := fs.ReadFile(fsys, files[i])
		if err != nil {
			parseErrs[i] = diag.List{diag.Errorf(files[i], 0, 0, "não foi possível ler: %s", readError(err))}
			return
		}
		parsed[i], texts[i], parseErrs[i] = newPage(files[i], src)
	})
	for i, f := range files {
		p := parsed[i]
		errs = append(errs, parseErrs[i]...)
		if p == nil || p.fm.Draft {
			continue
		}
		// "Atualizado em": front matter lastmod, else the file's last
		// commit, else nothing (date is when the page was first written,
		// not when it last changed).
		if t, ok := lastmod[f]; ok && p.Lastmod.IsZero() {
			p.Lastmod = t
		}
		pages = append(pages, p)
		s.texts[p] = texts[i]
	}
	errs = append(errs, s.assemble(pages)...)
	return s, errs
}

func newPage(file string, src []byte) (*Page, *pageText, diag.List) {
	if e := checkUTF8(file, src); e != nil {
		return nil, nil, diag.List{e}
	}
	// CRLF (a Windows editor, git's core.autocrlf) builds the page its LF
	// version builds: goldmark keeps the \r inside code blocks. Lines and
	// columns of every position stay the same.
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	fmText, format, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		return nil, nil, diag.List{diag.Errorf(file, 1, 1, "%v", err)}
	}
	fm, errs := parseFrontMatter(file, fmText, format)
	if fm == nil {
		// Keep the page, so that links to it do not add false problems.
		fm = &frontMatter{Params: map[string]any{}}
		fm.Title = strings.TrimSuffix(path.Base(file), ".md")
	}
	p := &Page{
		File:        file,
		Title:       fm.Title,
		Description: fm.Description,
		Weight:      fm.Weight,
		Layout:      fm.Layout,
		Form:        fm.Form,
		Aliases:     fm.Aliases,
		Date:        fm.Date,
		Lastmod:     fm.Lastmod,
		Params:      fm.Params,
		fm:          fm,
	}
	t := &pageText{src: src, body: body, bodyOff: len(src) - len(body), bodyLine: bodyLine}
	base := path.Base(file)
	switch {
	case file == "content/_index.md":
		p.Kind = KindHome
	case base == "_index.md" || base == "index.md" && false:
		p.Kind = KindSection
	default:
		p.Kind = KindPage
	}
	if p.Title == "" {
		errs = append(errs, diag.Errorf(file, 1, 1, "falta o título (title) no front matter"))
		p.Title = strings.TrimSuffix(base, ".md")
	}
	return p, t, errs
}

// assemble builds the section tree, URLs, order and prev/next.
func (s *site) assemble(pages []*Page) diag.List {
	var errs diag.List
	sections := map[string]*Page{} // dir → section page
	for _, p := range pages {
		s.byFile[p.File] = p
		switch p.Kind {
		case KindHome:
			s.home = p
			sections["content"] = p
		case KindSection:
			sections[path.Dir(p.File)] = p
		}
	}
	if s.home == nil {
		home := &Page{Kind: KindHome, File: "content/_index.md", Title: "Início", Params: map[string]any{}, fm: &frontMatter{}}
		s.home = home
		sections["content"] = home
		s.byFile[home.File] = home
		pages = append([]*Page{home}, pages...)
	}
	// Top-level folders without _index.md are sections too, as in Hugo.
	for _, p := range pages {
		if p.Kind != KindPage {
			continue
		}
		parts := strings.Split(p.File, "/")
		if len(parts) >= 3 {
			top := parts[0] + "/" + parts[1]
			if _, ok := sections[top]; !ok {
				sec := &Page{Kind: KindSection, File: top + "/_index.md", Title: titleFromName(parts[1]), Params: map[string]any{}, fm: &frontMatter{}}
				sections[top] = sec
				s.byFile[sec.File] = sec
				pages = append(pages, sec)
			}
		}
	}
	// Parents and URLs.
	for _, p := range pages {
		if p.Kind == KindHome {
			p.URL = "/"
			continue
		}
		dir := path.Dir(p.File)
		if p.Kind == KindSection {
			dir = path.Dir(dir)
		}
		for {
			if sec, ok := sections[dir]; ok {
				p.Parent = sec
				break
			}
			dir = path.Dir(dir)
		}
		p.URL = pageURL(p)
		if e := checkPageURL(p); e != nil {
			errs = append(errs, e)
		}
	}
	for _, p := range pages {
		if other, ok := s.byURL[p.URL]; ok {
			errs = append(errs, diag.Errorf(p.File, 1, 1, "a página tem o mesmo endereço %s que %s", p.URL, other.File))
			continue
		}
		s.byURL[p.URL] = p
		if p.Parent != nil {
			p.Parent.Children = append(p.Parent.Children, p)
		}
	}
	for _, p := range pages {
		sortPages(p.Children)
	}
	// Navigation order: depth first from the home.
	var walk func(p *Page)
	walk = func(p *Page) {
		s.pages = append(s.pages, p)
		for _, c := range p.Children {
			walk(c)
		}
	}
	walk(s.home)
	for i := 1; i < len(s.pages); i++ {
		if i > 1 {
			s.pages[i].Prev = s.pages[i-1]
		}
		if i+1 < len(s.pages) {
			s.pages[i].Next = s.pages[i+1]
		}
	}
	return errs
}

func pageURL(p *Page) string {
	rel := strings.TrimPrefix(p.File, "content/")
	dir, base := path.Split(rel)
	var segs []string
	for _, d := range strings.Split(strings.Trim(dir, "/"), "/") {
		if d != "" {
			segs = append(segs, slug.Make(d))
		}
	}
	if p.Kind == KindSection {
		if p.fm != nil && p.fm.Slug != "" && len(segs) > 0 {
			segs[len(segs)-1] = slug.Make(p.fm.Slug)
		}
	} else {
		name := strings.TrimSuffix(base, ".md")
		if p.fm != nil && p.fm.Slug != "" {
			name = p.fm.Slug
		}
		segs = append(segs, slug.Make(name))
	}
	if len(segs) == 0 {
		return "/"
	}
	return "/" + strings.Join(segs, "/") + "/"
}

func titleFromName(name string) string {
	name = strings.ReplaceAll(name, "-", " ")
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// sortPages orders by weight (pages without weight last), then title, then
// file, as Hugo does.
func sortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		wa, wb := a.Weight, b.Weight
		if (wa == 0) != (wb == 0) {
			return wb == 0
		}
		if wa != wb {
			return wa < wb
		}
		ta, tb := strings.ToLower(slug.Fold(a.Title)), strings.ToLower(slug.Fold(b.Title))
		if ta != tb {
			return ta < tb
		}
		return a.File < b.File
	})
}

// outPath is the file a page URL is written to.
func outPath(url string) string {
	return strings.TrimPrefix(url, "/") + "index.html"
}
