package generator

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/checklist"
	checklistload "github.com/seiportal/seiportal/engine/checklist/load"
	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form"
	formload "github.com/seiportal/seiportal/engine/form/load"
	"github.com/seiportal/seiportal/generator/markup"
)

// Where the app's definitions and the blank PDFs are published.
const (
	formsDir      = "content/formularios"
	checklistsDir = "content/checklists"
	// wasmPacked is the browser app as committed (brotli-compressed) under
	// templates/static; the build also publishes it uncompressed and gzip'd.
	wasmPacked = "app/seiportal.wasm.br"
)

// appData holds the form and checklist definitions and the citations they
// make, resolved.
type appData struct {
	forms      []*form.Definition
	formByID   map[string]*form.Definition
	checklists []*checklist.Definition
	cites      map[string]markup.Cite // by target ("norma:in-15-2024#art29")
}

// appView is what an app layout (formulario, checklist, conferir) receives.
type appView struct {
	Form       *form.Definition
	Checklist  *checklist.Definition
	FormJSON   string // URL of the form definition for the wasm app
	ListJSON   string // URL of the checklist definition
	BlankPDF   string // URL of the blank printable PDF
	Cites      map[string]markup.Cite
	Basis      []markup.Cite // the form's base normativa, resolved
	Forms      []*form.Definition
	WasmURL    string
	WasmExecJS string
	FontURLs   string // the document fonts, regular then bold, for the PDF
}

// Cache keeps expensive, content-addressed results between builds of one
// process (seiportal serve): today, the unpacked and gzip'd wasm. A nil
// *Cache caches nothing.
type Cache struct {
	mu     sync.Mutex
	wasm   *unpackedWasm
	blanks map[[32]byte][]byte
	mini   map[[32]byte][]byte // minified static files (minify.go)
	fonts  map[string][]byte   // gzip'd document fonts, by published path
}

// unpackedWasm is the browser app, uncompressed and gzip'd, with the SHA-256
// of each and of the packed input it came from.
type unpackedWasm struct {
	key           [32]byte
	raw, gz       []byte
	rawSum, gzSum fileSum
}

// blankPDF renders the blank printable form, reusing an earlier rendering of
// the same definition.
func (c *Cache) blankPDF(d *form.Definition, portal string, lh document.Letterhead) ([]byte, error) {
	def, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(slices.Concat(def, []byte{0}, []byte(portal), []byte{0}, []byte(lh.Name), []byte{0}, lh.Emblem))
	if c != nil {
		c.mu.Lock()
		pdf, ok := c.blanks[key]
		c.mu.Unlock()
		if ok {
			return pdf, nil
		}
	}
	pdf, err := document.Blank(d, document.Options{Fonts: ttf.Fonts(), Portal: portal, Letterhead: lh})
	if err != nil || c == nil {
		return pdf, err
	}
	c.mu.Lock()
	if c.blanks == nil {
		c.blanks = map[[32]byte][]byte{}
	}
	c.blanks[key] = pdf
	c.mu.Unlock()
	return pdf, nil
}

// gzipFont compresses a font file for the browsers that do not take it
// whole, once per process when c is not nil.
func (c *Cache) gzipFont(name string, data []byte) []byte {
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if z, ok := c.fonts[name]; ok {
			return z
		}
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(data)
	_ = zw.Close()
	if c != nil {
		if c.fonts == nil {
			c.fonts = map[string][]byte{}
		}
		c.fonts[name] = buf.Bytes()
	}
	return buf.Bytes()
}

func (c *Cache) unpackWasm(packed []byte) (*unpackedWasm, error) {
	// The key only matters to a cache kept across builds (serve).
	var key [32]byte
	if c != nil {
		key = sha256.Sum256(packed)
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.wasm != nil && c.wasm.key == key {
			return c.wasm, nil
		}
	}
	raw, err := io.ReadAll(brotli.NewReader(bytes.NewReader(packed)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// Level 4: within 6 % of level 9's size at a seventh of its time; the
	// .br is what browsers get.
	zw, _ := gzip.NewWriterLevel(&buf, 4)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	w := &unpackedWasm{key: key, raw: raw, gz: buf.Bytes(), rawSum: sumOf(raw)}
	w.gzSum = sumOf(w.gz)
	if c != nil {
		c.wasm = w
	}
	return w, nil
}

func dirExists(fsys fs.FS, dir string) bool {
	st, err := fs.Stat(fsys, dir)
	return err == nil && st.IsDir()
}

// loadApps reads content/formularios and content/checklists.
func loadApps(fsys fs.FS) (appData, diag.List) {
	var a appData
	var errs diag.List
	if dirExists(fsys, formsDir) {
		defs, e := formload.Dir(fsys, formsDir)
		errs = append(errs, e...)
		a.forms = defs
	}
	if dirExists(fsys, checklistsDir) {
		defs, e := checklistload.Dir(fsys, checklistsDir)
		errs = append(errs, e...)
		a.checklists = defs
	}
	return a, errs
}

// resolveApps checks that every citation the forms and checklists make
// resolves and every form page names a form.
func (b *resolving) resolveApps() diag.List {
	a := &b.data.apps
	a.formByID = map[string]*form.Definition{}
	a.cites = map[string]markup.Cite{}
	var errs diag.List
	for _, d := range a.forms {
		a.formByID[d.ID] = d
		for _, r := range d.Basis {
			errs = append(errs, b.resolveAppCite(d.File, r.Line, r.Col, r.Target)...)
		}
	}
	for _, d := range a.checklists {
		for _, st := range d.Stages {
			for _, it := range st.Items {
				for _, r := range it.Basis {
					file := r.File
					if file == "" {
						file = d.File
					}
					errs = append(errs, b.resolveAppCite(file, r.Line, r.Col, r.Target)...)
				}
				errs = append(errs, b.checkDeadline(d.File, it.Deadline)...)
			}
		}
	}
	for _, p := range b.site.pages {
		switch p.Layout {
		case "formulario":
			if p.Form == "" {
				errs = append(errs, diag.Errorf(p.File, 1, 1, "página de formulário sem a chave form: (o id do formulário)"))
			} else if a.formByID[p.Form] == nil {
				ids := make([]string, 0, len(a.formByID))
				for id := range a.formByID {
					ids = append(ids, id)
				}
				sort.Strings(ids)
				errs = append(errs, diag.Errorf(p.File, 1, 1, "formulário %q não existe em %s (existem: %s)", p.Form, formsDir, strings.Join(ids, ", ")))
			}
		case "checklist":
			if len(a.checklists) == 0 {
				errs = append(errs, diag.Errorf(p.File, 1, 1, "página de checklist, mas não há checklist em %s", checklistsDir))
			}
		}
	}
	return errs
}

func (b *resolving) resolveAppCite(file string, line, col int, target string) diag.List {
	c, err := b.data.cite(target)
	if err != nil {
		return diag.List{diag.Errorf(file, line, col, "%v", err)}
	}
	b.data.apps.cites[target] = c
	return nil
}

// fontPath is where the portal publishes a document font file.
func fontPath(file string) string { return "app/fontes/" + file }

// fontURLs are the URLs of the document fonts, regular first, separated by
// a space (the app pages' data-fontes).
func fontURLs() string {
	f := ttf.Files()
	return "/" + fontPath(f[0]) + " /" + fontPath(f[1])
}

func formJSONPath(id string) string      { return "app/formularios/" + id + ".json" }
func checklistJSONPath(id string) string { return "app/checklists/" + id + ".json" }
func blankPDFPath(p *Page, id string) string {
	return strings.TrimPrefix(p.URL, "/") + id + "-em-branco.pdf"
}

func (b *rendering) appView(p *Page) *appView {
	a := &b.data.apps
	v := &appView{Cites: a.cites, Forms: a.forms, WasmURL: "/" + strings.TrimSuffix(wasmPacked, ".br"), WasmExecJS: "/app/wasm_exec.js", FontURLs: fontURLs()}
	switch p.Layout {
	case "formulario":
		d := a.formByID[p.Form]
		if d == nil {
			return v
		}
		v.Form = d
		v.FormJSON = "/" + formJSONPath(d.ID)
		v.BlankPDF = "/" + blankPDFPath(p, d.ID)
		for _, r := range d.Basis {
			if c, ok := a.cites[r.Target]; ok {
				v.Basis = append(v.Basis, c)
			}
		}
	case "checklist":
		if len(a.checklists) > 0 {
			v.Checklist = a.checklists[0]
			v.ListJSON = "/" + checklistJSONPath(a.checklists[0].ID)
		}
	case "conferir":
	default:
		return nil
	}
	return v
}

// writeAppFiles publishes the definitions as JSON for the browser app, the
// blank PDF of each form, the citations the app shows, and the wasm.
func (b *rendering) writeAppFiles(write func(string, []byte)) diag.List {
	a := &b.data.apps
	var errs diag.List
	for _, d := range a.forms {
		data, err := json.Marshal(d)
		if err != nil {
			errs = append(errs, diag.Errorf(d.File, 0, 0, "não foi possível gerar o JSON do formulário: %v", err))
			continue
		}
		write(formJSONPath(d.ID), data)
	}
	for _, d := range a.checklists {
		data, err := json.Marshal(d)
		if err != nil {
			errs = append(errs, diag.Errorf(d.File, 0, 0, "não foi possível gerar o JSON do checklist: %v", err))
			continue
		}
		write(checklistJSONPath(d.ID), data)
	}
	if len(a.cites) > 0 {
		data, _ := json.Marshal(a.cites)
		write("app/citacoes.json", data)
	}
	for _, p := range b.site.pages {
		if p.Layout != "formulario" || a.formByID[p.Form] == nil {
			continue
		}
		d := a.formByID[p.Form]
		// The blank model carries the site's identity as its letterhead,
		// as the PDFs the app makes do.
		pdf, err := b.opts.Cache.blankPDF(d, b.cfg.Title, document.Letterhead{Name: b.cfg.Identity.Name, Emblem: b.emblem})
		if err != nil {
			errs = append(errs, diag.Errorf(d.File, 0, 0, "não foi possível gerar o PDF em branco: %v", err))
			continue
		}
		write(blankPDFPath(p, d.ID), pdf)
	}
	// the document fonts, which the app fetches to make a PDF (they are not
	// in the wasm), each also gzip'd
	set := ttf.Fonts()
	for i, data := range [][]byte{set.Regular, set.Bold} {
		name := fontPath(ttf.Files()[i])
		write(name, data)
		write(name+".gz", b.opts.Cache.gzipFont(name, data))
	}
	if b.wasm != nil {
		name := strings.TrimSuffix(wasmPacked, ".br")
		res := <-b.wasm
		w, err := res.w, res.err
		if err != nil {
			errs = append(errs, diag.Errorf("templates/static/"+wasmPacked, 0, 0, "wasm comprimido inválido: %v", err))
		} else {
			b.files <- file{name: name, data: w.raw, sum: &w.rawSum}
			b.files <- file{name: name + ".gz", data: w.gz, sum: &w.gzSum}
		}
	}
	return errs
}

// FieldNode is a form field placed in the page, for the formulario layout:
// the input's name ("pontos_focais.0.cpf") and id ("f-pontos_focais-0-cpf").
type FieldNode struct {
	Field *form.Field
	Name  string
	ID    string
	View  *appView
}

// Node places field f under prefix ("" at the top, "orgao",
// "pontos_focais.0", or "pontos_focais.__i__" in an item's <template>).
func (v *appView) Node(f form.Field, prefix string) FieldNode {
	name := f.Name
	if prefix != "" {
		name = prefix + "." + f.Name
	}
	return FieldNode{Field: &f, Name: name, ID: "f-" + strings.ReplaceAll(name, ".", "-"), View: v}
}

// ItemNode is one item of a repeated group; Index -1 is the <template> of a
// new item (prefix "list.__i__", label with "{n}" left for the script).
type ItemNode struct {
	Field  *form.Field
	Prefix string
	Index  int
	Label  string
	View   *appView
}

// Item places item i of the repeated group f named list.
func (v *appView) Item(f *form.Field, list string, i int) ItemNode {
	n := ItemNode{Field: f, Index: i, View: v, Prefix: list + ".__i__", Label: f.Repeat.ItemLabel}
	if i >= 0 {
		n.Prefix, n.Label = list+"."+strconv.Itoa(i), f.Repeat.Item(i)
	}
	return n
}

// ItemLabel names one item of f without its number ("ponto focal").
func (v *appView) ItemLabel(f *form.Field, _ int) string {
	return strings.TrimSpace(strings.NewReplacer("{n}º", "", "{n}ª", "", "{n}", "").Replace(f.Repeat.ItemLabel))
}

// Autocomplete suggests an autocomplete token for fields about the place
// (the others describe other people, where the browser's own data is wrong).
func (v *appView) Autocomplete(f *form.Field, name string) string {
	switch {
	case f.Name == "uf":
		return "address-level1"
	case f.Name == "municipio" || f.Name == "local":
		return "address-level2"
	case f.Type == form.TypeCPF:
		return "off"
	}
	return ""
}

// Seq returns 0 … n-1, for ranging over the minimum items of a list.
func (v *appView) Seq(n int) []int {
	s := make([]int, max(n, 0))
	for i := range s {
		s[i] = i
	}
	return s
}
