package generator

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

// Every file the build writes has a name derived from the site: page URLs
// (file and folder names, slugs), aliases, content files published as they
// are, templates/static. A name must stay inside the output folder, and no
// two things may claim the same name, or a file the name of a folder
// another one needs: one of them would silently replace the other. The
// names are checked before anything is written (checkOutputs), with the
// position that asked for them, and once more as each file is written
// (countingOutput), which refuses anything unsafe whatever asked for it.

// maxNameBytes is the longest file or folder name most file systems accept.
const maxNameBytes = 255

// outNameProblem says, in Portuguese, why name cannot be an output file
// name, or returns "".
func outNameProblem(name string) string {
	if name == "" {
		return "caminho vazio"
	}
	for _, r := range name {
		if r == '\\' {
			return "barra invertida (\\) não é permitida: separe as pastas com /"
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("caractere de controle U+%04X não é permitido", r)
		}
	}
	if strings.HasPrefix(name, "/") {
		return "caminho absoluto"
	}
	for _, seg := range strings.Split(name, "/") {
		switch {
		case seg == "":
			return "segmento vazio (//)"
		case seg == "." || seg == "..":
			return fmt.Sprintf("segmento %q (todo caminho fica dentro da pasta de saída)", seg)
		case len(seg) > maxNameBytes:
			return fmt.Sprintf("nome com %d bytes (o limite é %d)", len(seg), maxNameBytes)
		}
	}
	if !fs.ValidPath(name) {
		return "caminho inválido"
	}
	return ""
}

// aliasOut returns the file an alias is written to: "antigo/" and "antigo"
// → "antigo/index.html", "antigo.html" → "antigo.html". It returns a
// problem in Portuguese for an alias that is not a plain path inside the
// site.
func aliasOut(a string) (string, string) {
	if strings.ContainsAny(a, "?#") {
		return "", "deve ser só um caminho, sem ? nem #"
	}
	if strings.Contains(a, "://") {
		return "", "deve ser um caminho dentro do site, não um endereço completo"
	}
	p := strings.TrimPrefix(a, "/")
	if !strings.HasSuffix(p, ".html") {
		p = strings.TrimSuffix(p, "/")
		if p == "" {
			p = "index.html"
		} else {
			p += "/index.html"
		}
	}
	if problem := outNameProblem(p); problem != "" {
		return "", problem
	}
	return p, ""
}

// checkPageURL refuses a page whose address has an empty segment: a file or
// folder name, or a slug, made only of symbols.
func checkPageURL(p *Page) *diag.Error {
	name := outPath(p.URL)
	problem := outNameProblem(name)
	if problem == "" {
		return nil
	}
	line, col := 1, 1
	if p.fm != nil && p.fm.Slug != "" && p.fm.SlugPos.Line > 0 {
		line, col = p.fm.SlugPos.Line, p.fm.SlugPos.Col
	}
	if strings.Contains(name, "//") || strings.HasPrefix(name, "/") {
		problem = "um nome de pasta, de arquivo ou o slug só tem símbolos"
	}
	return diag.Errorf(p.File, line, col, "a página não tem um endereço válido (%s): use letras ou números", problem)
}

// outClaim is what asks for an output name.
type outClaim struct {
	file      string
	line, col int
	by        string // "pela página", "pelo alias \"x\"": who claims it
}

func (c outClaim) String() string {
	if c.file == "" {
		return c.by
	}
	if c.line > 0 {
		return fmt.Sprintf("%s (%s:%d:%d)", c.by, c.file, c.line, c.col)
	}
	return fmt.Sprintf("%s (%s)", c.by, c.file)
}

// outPlan holds the output names claimed so far and the folders they need.
type outPlan struct {
	files map[string]outClaim
	dirs  map[string]outClaim // folder → the first claim inside it
}

func newOutPlan() *outPlan {
	return &outPlan{files: map[string]outClaim{}, dirs: map[string]outClaim{}}
}

// claim records name for c, or says in Portuguese why it cannot have it.
func (o *outPlan) claim(name string, c outClaim) string {
	if problem := outNameProblem(name); problem != "" {
		return problem
	}
	if other, ok := o.files[name]; ok {
		return fmt.Sprintf("%s já está ocupado %s", name, other)
	}
	if other, ok := o.dirs[name]; ok {
		return fmt.Sprintf("%s precisa ser uma pasta, para o que está ocupado %s", name, other)
	}
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if other, ok := o.files[dir]; ok {
			return fmt.Sprintf("%s precisa ser uma pasta, mas é um arquivo ocupado %s", dir, other)
		}
	}
	o.files[name] = c
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if _, ok := o.dirs[dir]; ok {
			break
		}
		o.dirs[dir] = c
	}
	return ""
}

// generatedFiles are the files every build makes besides pages and static
// files; reservedDirs are folders the build fills itself (the search index).
var (
	generatedFiles = []string{"404.html", "busca/index.html", "mapa-do-site/index.html", "_headers", "sitemap.xml", "manifest.webmanifest", "sw.js", identityJSONPath}
	reservedDirs   = []string{"busca/"}
)

// checkOutputs claims every output name the content asks for, before
// anything is written: the generated files and templates/static first, then
// the files of content/ published as they are, every page and its aliases.
func checkOutputs(b *sources) diag.List {
	var errs diag.List
	o := newOutPlan()
	gen := outClaim{by: "pela própria geração"}
	for _, n := range generatedFiles {
		o.claim(n, gen)
	}
	for _, n := range sortedKeys(b.tpl.static) {
		o.claim(n, outClaim{file: "templates/static/" + n, by: "pelo arquivo estático"})
	}
	for _, f := range ttf.Files() {
		o.claim(fontPath(f), gen)
		o.claim(fontPath(f)+".gz", gen)
	}
	if _, ok := b.tpl.static[wasmPacked]; ok {
		o.claim(strings.TrimSuffix(wasmPacked, ".br"), gen)
		o.claim(strings.TrimSuffix(wasmPacked, ".br")+".gz", gen)
	}
	reserved := func(name string) string {
		for _, d := range reservedDirs {
			if strings.HasPrefix(name, d) {
				return fmt.Sprintf("a pasta %s é reservada para a geração", d)
			}
		}
		return ""
	}
	for _, f := range sortedKeys(b.site.static) {
		name := strings.TrimPrefix(f, "content/")
		problem := reserved(name)
		if problem == "" {
			problem = o.claim(name, outClaim{file: f, by: "pelo arquivo"})
		}
		if problem != "" {
			errs = append(errs, diag.Errorf(f, 0, 0, "o arquivo não pode ser publicado em %s: %s", name, problem))
		}
	}
	for _, p := range b.site.pages {
		name := outPath(p.URL)
		if outNameProblem(name) != "" {
			continue // reported by checkPageURL
		}
		problem := reserved(name)
		if problem == "" {
			problem = o.claim(name, outClaim{file: p.File, line: 1, col: 1, by: "pela página"})
		}
		if problem != "" {
			errs = append(errs, diag.Errorf(p.File, 1, 1, "a página não pode ser gravada em %s: %s", name, problem))
		}
	}
	for _, p := range b.site.pages {
		for i, a := range p.Aliases {
			var pos Pos
			if i < len(p.fm.AliasPos) {
				pos = p.fm.AliasPos[i]
			}
			name, problem := aliasOut(a)
			if problem == "" {
				problem = reserved(name)
			}
			if problem == "" {
				problem = o.claim(name, outClaim{file: p.File, line: pos.Line, col: pos.Col, by: fmt.Sprintf("pelo alias %q", a)})
			}
			if problem != "" {
				errs = append(errs, diag.Errorf(p.File, pos.Line, pos.Col, "alias %q inválido: %s", a, problem))
			}
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
