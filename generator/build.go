// Package generator builds the portal: content/ (Markdown pages, norms,
// form and checklist definitions, glossary) and templates/ (html/template
// layouts and static files) into a static site.
//
// The build runs as five phases, each a function from its input to its
// output (see Build):
//
//	load(Options) → *sources             settings, templates, content tree, output names
//	parse(*sources) → *parsed            norms, program sources, forms and checklists
//	resolve(*parsed) → *resolved         norms by key, the glossary, every citation
//	render(*resolved) → files            every page through its layout, handouts, assets
//	write(files) → *countingOutput       the files, then the service worker listing them
//
// Markdown pages stream through the last phases: render runs each one's
// parsePage → resolvePage → renderPage in turn on one worker, and write
// writes the page while other pages render, so that only a handful of
// Markdown trees and HTML pages are in memory at once. Every problem is
// wrapped with the phase that found it (PhaseError), in one place
// (run.report), and authors get every problem at once as
// "file:line:col: message".
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
	"strings"
	"sync"
	"time"

	"github.com/seiportal/seiportal/diag"
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

// PhaseTime is the duration of one phase of a build. Render and write
// overlap: write's is the time it took after render had finished.
type PhaseTime struct {
	Name string
	Dur  time.Duration
}

// PhaseError is a problem found by one phase of the build: "parse:
// content/a.md:3:1: …". Unwrap gives the positioned error alone, as
// authors read it.
type PhaseError struct {
	Phase string // "load", "parse", "resolve", "render" or "write"
	Err   *diag.Error
}

func (e *PhaseError) Error() string { return e.Phase + ": " + e.Err.Error() }

// Unwrap returns the positioned error.
func (e *PhaseError) Unwrap() error { return e.Err }

// Problems is every problem a build found, sorted by file, position and
// message, one per line. diag.Flatten returns them without their phases.
type Problems []*PhaseError

func (l Problems) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns each problem.
func (l Problems) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Build builds the site: load → parse → resolve → render → write. Every
// phase runs even when an earlier one found problems, so that authors get
// every problem at once; only a tree or template set that cannot be read
// stops the build after load, and when there are problems render checks
// every page's links and citations but writes nothing. A content error
// returns Problems.
func Build(ctx context.Context, opts Options) (*Result, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	// Every reader of the site (pages, norms, definitions, templates)
	// reads through the same guard: regular files only, bounded in size.
	opts.Source = newSourceFS(opts.Source)
	r := &run{last: time.Now()}

	src := phase(ctx, r, "load", load, opts)
	if src == nil {
		return nil, r.err(ctx)
	}
	p := phase(ctx, r, "parse", parse, src)
	s := phase(ctx, r, "resolve", resolve, p)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Render sends each file to write as soon as it is made.
	files := make(chan file, 4*ioWorkers)
	in := &toRender{site: s, files: files, run: r, checkOnly: r.failed()}
	go func() {
		defer close(files)
		phase(ctx, r, "render", render, in)
	}()
	w := phase(ctx, r, "write", write, toWrite{files: files, out: opts.Out, workers: ioWorkers})
	if err := r.err(ctx); err != nil {
		return nil, err
	}
	return &Result{Pages: len(s.site.pages), Files: w.files(), Bytes: w.bytes(), Phases: r.times}, nil
}

// phase runs one phase of the build, reports its problems with its name,
// and records how long it took.
func phase[In, Out any](ctx context.Context, r *run, name string, f func(context.Context, In) (Out, diag.List), in In) Out {
	out, errs := f(ctx, in)
	r.report(name, errs)
	r.mark(name)
	return out
}

// run is one build's bookkeeping: the problems found so far, each with its
// phase, and how long each phase took. Safe for concurrent use (render and
// write run at once).
type run struct {
	mu       sync.Mutex
	problems Problems
	times    []PhaseTime
	last     time.Time
}

// report records problems found by a phase: the one place where a problem
// gets its phase.
func (r *run) report(phase string, errs diag.List) {
	if len(errs) == 0 {
		return
	}
	r.mu.Lock()
	for _, e := range errs {
		r.problems = append(r.problems, &PhaseError{Phase: phase, Err: e})
	}
	r.mu.Unlock()
}

func (r *run) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.problems) > 0
}

func (r *run) mark(name string) {
	r.mu.Lock()
	now := time.Now()
	r.times = append(r.times, PhaseTime{name, now.Sub(r.last)})
	r.last = now
	r.mu.Unlock()
}

// err returns the context's error, the problems sorted, or nil.
func (r *run) err(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.problems) == 0 {
		return nil
	}
	l := r.problems
	sort.SliceStable(l, func(i, j int) bool { return diag.Less(l[i].Err, l[j].Err) })
	return l
}

// sources is what the load phase reads: the settings, the templates, the
// content tree and each page's text.
type sources struct {
	opts   Options
	cfg    *config
	tpl    *templates
	site   *site
	emblem []byte // the brasão of site.yaml's identidade, checked; nil for none
}

// load reads templates/site.yaml, templates/ (layouts and static files) and
// content/ (each page's front matter, the section tree, the addresses, the
// files published as they are), and claims every output name. It returns
// nil when nothing more can be looked at: settings that cannot be read,
// content/ with files that must not be read (links, pipes, devices), no
// page, or templates that do not parse.
func load(ctx context.Context, opts Options) (*sources, diag.List) {
	cfg, errs := loadConfig(opts.Source)
	if errs != nil {
		return nil, errs
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}
	// Every phase runs even when an earlier one found problems, so authors
	// get every problem at once; only a missing tree or template set stops.
	emblem, errs := checkSite(opts.Source, cfg) // identity.go
	s, e := loadContent(opts.Source, opts.LastMod)
	errs = append(errs, e...)
	if s == nil || s.home == nil || s.refused {
		return nil, errs
	}
	errs = append(errs, checkContactPages(s, cfg)...) // identity.go
	if err := ctx.Err(); err != nil {
		return nil, errs
	}
	tpl, err := loadTemplates(opts.Source)
	if err != nil {
		return nil, append(errs, diag.Flatten(err)...)
	}
	src := &sources{opts: opts, cfg: cfg, tpl: tpl, site: s, emblem: emblem}
	return src, append(errs, checkOutputs(src)...)
}

// parsed is what the parse phase adds: the norms, the program's sources
// and the app definitions, parsed.
type parsed struct {
	*sources
	norms          map[*Page]*normPage
	programSources map[string]*source // content/fontes.yaml, by id
	apps           appData            // forms and checklists, their citations not yet resolved
}

// parse parses the norm pages, in parallel (their metadata and their text
// as published), content/fontes.yaml, and the form and checklist
// definitions. Markdown pages are parsed page by page during render
// (parsePage); the glossary's terms (termos.yaml) in resolve, whose
// reader resolves their citations as it reads them.
func parse(ctx context.Context, src *sources) (*parsed, diag.List) {
	var norms []*Page
	for _, p := range src.site.pages {
		if p.fm.NormNode != nil || p.fm.NormTOML != nil {
			if src.site.texts[p] != nil {
				norms = append(norms, p)
			}
		}
	}
	parsedNorms := make([]*normPage, len(norms))
	errs := parallel(ctx, src.opts.Workers, len(norms), func(i int) diag.List {
		n, errs := parseNorm(norms[i], src.site.texts[norms[i]])
		parsedNorms[i] = n
		return errs
	})
	out := &parsed{sources: src, norms: map[*Page]*normPage{}}
	for i, n := range parsedNorms {
		if n != nil {
			out.norms[norms[i]] = n
		}
	}
	var e diag.List
	out.programSources, e = loadSources(src.opts.Source)
	errs = append(errs, e...)
	out.apps, e = loadApps(src.opts.Source)
	return out, append(errs, e...)
}

// resolved is the site as resolve leaves it, ready to render.
type resolved struct {
	*parsed
	data *siteData
	// ids are the anchors each norm page and the glossary have before
	// render: provisions and terms (Markdown pages add their headings).
	ids map[*Page]map[string]bool
}

// resolve registers the norms by key, reads the program's sources, the
// glossary and the app definitions and resolves their citations.
func resolve(ctx context.Context, p *parsed) (*resolved, diag.List) {
	b := &resolving{parsed: p, ids: map[*Page]map[string]bool{}}
	errs := b.loadData(ctx)
	return &resolved{parsed: p, data: b.data, ids: b.ids}, errs
}

// resolving is the resolve phase's work in progress.
type resolving struct {
	*parsed
	data *siteData
	ids  map[*Page]map[string]bool
}

// ioWorkers is the number of goroutines for phases that mostly wait on the
// disk (reading sources, writing pages).
const ioWorkers = 8

// parallel runs f(0) … f(n-1) from the given number of goroutines and
// collects the errors.
func parallel(ctx context.Context, workers, n int, f func(i int) diag.List) diag.List {
	var (
		mu   sync.Mutex
		errs diag.List
	)
	forEach(workers, n, func(i int) {
		if ctx.Err() != nil {
			return
		}
		if e := f(i); len(e) > 0 {
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

// file is one file of the built site, as render hands it to write.
type file struct {
	name string
	data []byte
	sum  *fileSum // when render knows it already (the wasm)
	// lists marks the service worker's template: write fills in the list
	// of every other file, once they are written.
	lists bool
}

// toWrite is the write phase's input.
type toWrite struct {
	files   <-chan file
	out     Output
	workers int
}

// write writes the files render sends, several at once (it mostly waits on
// the disk), and last the service worker, whose precache list and version
// come from every other file written. It reads files until render closes
// them, even after a failure, so that render never waits on it.
func write(ctx context.Context, in toWrite) (*countingOutput, diag.List) {
	out := &countingOutput{out: in.out}
	var (
		mu   sync.Mutex
		errs diag.List
		sw   []byte
		wg   sync.WaitGroup
	)
	for range in.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range in.files {
				if ctx.Err() != nil {
					continue
				}
				if f.lists {
					mu.Lock()
					sw = f.data
					mu.Unlock()
					continue
				}
				var err error
				if f.sum != nil {
					err = out.writeSummed(f.name, f.data, *f.sum)
				} else {
					err = out.WriteFile(f.name, f.data)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, diag.Flatten(err)...)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if sw != nil && len(errs) == 0 && ctx.Err() == nil {
		if err := out.WriteFile("sw.js", serviceWorker(sw, out.list())); err != nil {
			errs = append(errs, diag.Flatten(err)...)
		}
	}
	return out, errs
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
