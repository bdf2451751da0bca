// Package generator builds the portal: content/ (Markdown pages, norms,
// form and checklist definitions, glossary) and templates/ (html/template
// layouts and static files) into a static site.
//
// The build runs as named phases, each error wrapped with its phase:
// load (read and assemble the content tree) → parse (Markdown, norms, data)
// → resolve (links, anchors, citations, terms) → render (templates) → write.
// Authors get every problem at once as "file:line:col: message".
package generator

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/markup"
	"github.com/seiportal/seiportal/generator/search"
)

// Output receives the files of the built site. Implementations must be safe
// for concurrent use.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Options configure a build.
type Options struct {
	// Source is the site root: it has content/ and templates/.
	Source fs.FS
	// Out receives the files; nil checks without writing (seiportal check).
	Out Output
	// BaseURL overrides templates/site.yaml's base_url (for sitemap.xml).
	BaseURL string
	// Dev adds the live-reload script (seiportal serve).
	Dev bool
	// LastMod gives each content file's last change (from git history) when
	// its front matter has no lastmod.
	LastMod map[string]time.Time
	// Workers is the number of parallel workers; 0 means GOMAXPROCS.
	Workers int
	// Cache, when set, is reused across builds (seiportal serve).
	Cache *Cache
}

// Result summarizes a build.
type Result struct {
	Pages  int
	Files  int
	Bytes  int64
	Phases []PhaseTime // how long each phase took, in order
}

// PhaseTime is the duration of one phase of a build.
type PhaseTime struct {
	Name string
	Dur  time.Duration
}

// Build builds the site. A content error returns a diag.List of every
// problem found, sorted by file and position.
func Build(ctx context.Context, opts Options) (*Result, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	// Every reader of the site (pages, norms, definitions, templates)
	// reads through the same guard: regular files only, bounded in size.
	opts.Source = newSourceFS(opts.Source)
	b := &builder{opts: opts, conv: markup.New(), out: &countingOutput{out: opts.Out}, index: search.NewIndex()}

	var times []PhaseTime
	last := time.Now()
	mark := func(name string) {
		now := time.Now()
		times = append(times, PhaseTime{name, now.Sub(last)})
		last = now
	}

	cfg, errs := loadConfig(opts.Source)
	if errs != nil {
		return nil, errs
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}
	b.cfg = cfg

	// Every phase runs even when an earlier one found problems, so authors
	// get every problem at once; only a missing tree or template set stops.
	var all diag.List
	_, idErrs := checkSite(opts.Source, cfg) // identity.go
	all = append(all, idErrs...)
	s, errs := loadContent(opts.Source, opts.LastMod)
	all = append(all, errs...)
	if s == nil || s.home == nil || s.refused {
		// Files that must not be read (links, pipes, devices): nothing
		// else is looked at until they are gone.
		all.Sort()
		return nil, all
	}
	b.site = s
	all = append(all, checkContactPages(s, cfg)...) // identity.go
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	mark("load")

	tpl, err := loadTemplates(opts.Source)
	if err != nil {
		return nil, append(all, diag.Flatten(err)...)
	}
	b.tpl = tpl
	all = append(all, b.checkOutputs()...)
	if len(all) == 0 {
		b.unpackWasmConcurrent()
	}
	mark("templates")

	phases := []struct {
		name string
		run  func(context.Context) diag.List
	}{
		{"norms", b.parseNorms},
		{"data", b.loadData},
		{"pages", b.pages},
		{"anchors", b.checkAnchors},
		{"handouts", b.writeHandouts}, // trainer.go
		{"special", b.renderSpecial},
		{"assets", b.writeAssets},
	}
	for _, ph := range phases {
		if ph.name == "pages" && len(all) > 0 {
			// Content or data problems: keep checking every page's links and
			// citations, but render and write nothing.
			b.checkOnly = true
		}
		if ph.name == "special" {
			if len(all) > 0 {
				break
			}
			// The search index and the app's wasm need nothing the last
			// phases make: prepare them alongside.
			b.searchFilesConcurrent()
		}
		all = append(all, ph.run(ctx)...)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mark(ph.name)
	}
	if len(all) > 0 {
		all.Sort()
		return nil, all
	}
	return &Result{Pages: len(s.pages), Files: b.out.files(), Bytes: b.out.bytes(), Phases: times}, nil
}

type builder struct {
	opts Options
	cfg  *config
	conv *markup.Converter
	site *site
	tpl  *templates
	out  *countingOutput
	data *siteData

	navMu    sync.Mutex
	navCache map[*Page]*sharedNav // rendered menu by open section

	checkOnly bool // set before the pages phase when problems were found

	handouts handouts // trainer.go: the chapters of the printable handouts

	anchorsMu sync.Mutex
	anchors   []pendingAnchor

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

// searchFilesConcurrent starts building the search index's files.
func (b *builder) searchFilesConcurrent() {
	b.search = make(chan searchResult, 1)
	go func() {
		files, errs := b.searchFiles()
		b.search <- searchResult{files, errs}
	}()
}

// unpackWasmConcurrent starts unpacking the app's wasm, which needs only the
// templates: it overlaps the whole build.
func (b *builder) unpackWasmConcurrent() {
	if packed, ok := b.tpl.static[wasmPacked]; ok {
		b.wasm = make(chan wasmResult, 1)
		go func() {
			w, err := b.opts.Cache.unpackWasm(packed)
			b.wasm <- wasmResult{w, err}
		}()
	}
}

// parallel runs f on every page with the configured number of workers and
// collects the errors.
// ioWorkers is the number of goroutines for phases that mostly wait on the
// disk (reading sources, writing pages).
const ioWorkers = 8

func (b *builder) parallel(ctx context.Context, pages []*Page, f func(p *Page) diag.List) diag.List {
	return b.parallelN(ctx, b.opts.Workers, pages, f)
}

func (b *builder) parallelN(ctx context.Context, workers int, pages []*Page, f func(p *Page) diag.List) diag.List {
	var (
		mu   sync.Mutex
		errs diag.List
	)
	forEach(workers, len(pages), func(i int) {
		if ctx.Err() != nil {
			return
		}
		if e := f(pages[i]); len(e) > 0 {
			mu.Lock()
			errs = append(errs, e...)
			mu.Unlock()
		}
	})
	return errs
}

// forEach calls f(0) … f(n-1) from the given number of goroutines and
// returns when every call has.
func forEach(workers, n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// parseNorms parses the norm pages, which every citation needs.
func (b *builder) parseNorms(ctx context.Context) diag.List {
	var norms []*Page
	for _, p := range b.site.pages {
		if p.src != nil && (p.fm.NormNode != nil || p.fm.NormTOML != nil) {
			norms = append(norms, p)
		}
	}
	return b.parallel(ctx, norms, b.parseNorm)
}

// pages parses, resolves and renders every page and writes it, one page at a
// time per worker, so that only a handful of Markdown trees and HTML pages
// are in memory at once. Anchors into other pages are checked afterwards
// (checkAnchors), when every page's ids are known. Callers write into a
// place they discard when the build fails (a temporary folder, memory).
func (b *builder) pages(ctx context.Context) diag.List {
	// Rendering ends in a file write: use more goroutines than cores.
	return b.parallelN(ctx, max(b.opts.Workers, ioWorkers), b.site.pages, func(p *Page) diag.List {
		var errs diag.List
		if p.src != nil && p.norm == nil {
			errs = b.renderMarkdown(p)
		}
		if len(errs) > 0 || b.checkOnly {
			return errs
		}
		html, err := b.tpl.execute(p.layoutName(), b.pageData(p), p.File)
		if err != nil {
			return diag.Flatten(err)
		}
		if errs := b.keepChapter(p); errs != nil {
			return errs
		}
		p.rendered.HTML = nil
		if err := b.out.WriteFile(outPath(p.URL), html); err != nil {
			return diag.Flatten(err)
		}
		if errs := b.indexPage(p); errs != nil {
			return errs
		}
		for _, a := range p.Aliases {
			name, problem := aliasOut(a)
			if problem != "" {
				return diag.List{diag.Errorf(p.File, 0, 0, "alias %q inválido: %s", a, problem)}
			}
			if err := b.out.WriteFile(name, aliasPage(p.URL)); err != nil {
				return diag.Flatten(err)
			}
		}
		return nil
	})
}

// renderMarkdown parses a page's Markdown, resolves its links and citations
// and renders it; the tree and the source are dropped afterwards.
func (b *builder) renderMarkdown(p *Page) diag.List {
	if prob := markup.CheckShape(p.body); prob != nil {
		line, col := p.lineCol(p.bodyOff + prob.Offset)
		p.src, p.body, p.lines = nil, nil, nil
		return diag.List{diag.Errorf(p.File, line, col, "%s", prob.Msg)}
	}
	doc := b.conv.Parse(p.body)
	ids := doc.IDs()
	p.idsMu.Lock()
	for id := range p.ids {
		ids[id] = true // ids the data phase added (glossary terms)
	}
	p.ids = ids
	p.idsMu.Unlock()
	r := &resolver{b: b, page: p}
	p.rendered = b.conv.Render(doc, r, b.data.termsFor(p))
	p.plain = doc.PlainText()
	p.headings = doc.Headings
	p.markdown = true
	var errs diag.List
	for i, e := range p.rendered.Errors {
		if i == maxErrorsPerPage {
			errs = append(errs, diag.Errorf(p.File, 0, 0, "… e mais %d problema(s) neste arquivo", len(p.rendered.Errors)-i))
			break
		}
		line, col := p.lineCol(p.bodyOff + e.Offset)
		if e.Offset < 0 {
			line, col = 0, 0
		}
		errs = append(errs, diag.Errorf(p.File, line, col, "%s", e.Msg))
	}
	p.src, p.body, p.lines = nil, nil, nil
	return errs
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

func (b *builder) checkAnchors(ctx context.Context) diag.List {
	var errs diag.List
	for _, a := range b.anchors {
		if !a.target.ids[a.frag] {
			errs = append(errs, diag.Errorf(a.file, a.line, a.col, "a âncora #%s não existe em %s", a.frag, a.target.File))
		}
	}
	return errs
}

// countingOutput counts what is written, and drops it when out is nil.
type countingOutput struct {
	out  Output
	mu   sync.Mutex
	n    int
	sz   int64
	sums map[string]fileSum
	dirs map[string]bool // folders the files written so far need
}

// fileSum identifies a file's content for the service worker's version:
// two CRC-32s (IEEE and Castagnoli), which the CPU computes with its own
// instructions, many times faster than SHA-256 over the hundreds of MB of a
// large site. A change that leaves both unchanged (a chance of 1 in 2^64)
// would only delay an offline copy's update until the next change.
type fileSum [8]byte

func sumOf(data []byte) (s fileSum) {
	binary.LittleEndian.PutUint32(s[:4], crc32.ChecksumIEEE(data))
	binary.LittleEndian.PutUint32(s[4:], crc32.Checksum(data, castagnoli))
	return s
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli) // read-only after init

type writtenFile struct {
	name string
	sum  fileSum
}

func (c *countingOutput) WriteFile(name string, data []byte) error {
	return c.writeSummed(name, data, sumOf(data))
}

// writeSummed writes a file whose sum the caller already knows.
// Whatever asked for it, a name that leaves the output folder, or that
// would replace a file already written (or stand where one of its folders
// goes), is refused: checkOutputs reports such names with their position
// before anything is written; this is the last line of defence.
func (c *countingOutput) writeSummed(name string, data []byte, sum fileSum) error {
	if problem := outNameProblem(name); problem != "" {
		return fmt.Errorf("gravação recusada de %q: %s", name, problem)
	}
	c.mu.Lock()
	if c.sums == nil {
		c.sums = map[string]fileSum{}
		c.dirs = map[string]bool{}
	}
	if err := c.conflict(name); err != nil {
		c.mu.Unlock()
		return err
	}
	c.n++
	c.sz += int64(len(data))
	c.sums[name] = sum
	for dir := path.Dir(name); dir != "." && !c.dirs[dir]; dir = path.Dir(dir) {
		c.dirs[dir] = true
	}
	c.mu.Unlock()
	if c.out == nil {
		return nil
	}
	if err := c.out.WriteFile(name, data); err != nil {
		return fmt.Errorf("não foi possível gravar %s: %w", name, err)
	}
	return nil
}

// conflict reports a name already written, used as a folder, or below a
// name written as a file. c.mu is held.
func (c *countingOutput) conflict(name string) error {
	if _, ok := c.sums[name]; ok {
		return fmt.Errorf("gravação recusada: %s seria gravado duas vezes", name)
	}
	if c.dirs[name] {
		return fmt.Errorf("gravação recusada: %s já é uma pasta da saída", name)
	}
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if _, ok := c.sums[dir]; ok {
			return fmt.Errorf("gravação recusada de %s: %s já é um arquivo da saída", name, dir)
		}
	}
	return nil
}

// list returns the files written so far, sorted by name.
func (c *countingOutput) list() []writtenFile {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]writtenFile, 0, len(c.sums))
	for n, s := range c.sums {
		out = append(out, writtenFile{n, s})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (c *countingOutput) files() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *countingOutput) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sz
}

// MemOutput keeps the built site in memory (seiportal serve, tests).
type MemOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemOutput returns an empty MemOutput.
func NewMemOutput() *MemOutput { return &MemOutput{files: map[string][]byte{}} }

// WriteFile implements Output.
func (m *MemOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// Get returns a file's bytes.
func (m *MemOutput) Get(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[name]
	return b, ok
}

// Names returns the sorted file names.
func (m *MemOutput) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
