package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/calendar"
)

// templates holds one template set per layout: the partials, base.html and
// the layout file.
type templates struct {
	layouts map[string]*template.Template
	assets  map[string]string // static path → content hash (for cache busting)
	static  map[string][]byte // static files to publish, by output path
}

// dateBR formats a date as "21 de novembro de 2026" ("1º de …" on the first
// day): calendar.Date.Long.
func dateBR(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calendar.FromTime(t).Long()
}

func loadTemplates(fsys fs.FS) (*templates, error) {
	t := &templates{layouts: map[string]*template.Template{}, assets: map[string]string{}, static: map[string][]byte{}}
	var refused diag.List
	err := fs.WalkDir(fsys, "templates/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "templates/static" {
			if e := entryProblem(d); e != nil {
				refused = append(refused, diag.Errorf(p, 0, 0, "%s", e))
				return nil
			}
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			refused = append(refused, diag.Errorf(p, 0, 0, "não foi possível ler: %s", readError(err)))
			return nil
		}
		rel := strings.TrimPrefix(p, "templates/static/")
		sum := sha256.Sum256(data)
		t.assets[rel] = hex.EncodeToString(sum[:4])
		t.static[rel] = data
		return nil
	})
	if err != nil {
		return nil, diag.List{diag.Errorf("templates/static", 0, 0, "não foi possível ler os arquivos estáticos: %s", readError(err))}
	}
	if len(refused) > 0 {
		return nil, refused
	}
	funcs := template.FuncMap{
		"asset": func(name string) string {
			if h, ok := t.assets[name]; ok {
				return "/" + name + "?v=" + h
			}
			return "/" + name
		},
		"dateBR":  dateBR,
		"isoDate": func(tm time.Time) string { return tm.Format("2006-01-02") },
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"add": func(a, b int) int { return a + b },
	}
	base := template.New("").Funcs(funcs)
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	sort.Strings(partials)
	for _, name := range append(partials, "templates/layouts/base.html") {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, diag.List{diag.Errorf(name, 0, 0, "não foi possível ler o modelo: %s", readError(err))}
		}
		if _, err := base.New(name).Parse(string(src)); err != nil {
			return nil, templateError(err)
		}
	}
	layouts, _ := fs.Glob(fsys, "templates/layouts/*.html")
	sort.Strings(layouts)
	for _, name := range layouts {
		if path.Base(name) == "base.html" {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, diag.List{diag.Errorf(name, 0, 0, "não foi possível ler o modelo: %s", readError(err))}
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(name).Parse(string(src)); err != nil {
			return nil, templateError(err)
		}
		t.layouts[strings.TrimSuffix(path.Base(name), ".html")] = set
	}
	for _, need := range []string{"home", "section", "page", "404"} {
		if t.layouts[need] == nil {
			return nil, diag.List{diag.Errorf("templates/layouts/"+need+".html", 0, 0, "modelo obrigatório ausente")}
		}
	}
	return t, nil
}

// templateError turns "template: templates/layouts/x.html:4:22: msg" (or
// "…x.html:4: msg") into a positioned error in Portuguese.
func templateError(err error) error {
	file, line, col, msg := splitTemplateError(err.Error())
	if file == "" {
		file = "templates"
	}
	return diag.List{diag.Errorf(file, line, col, "%s", templateMessage(msg))}
}

// splitTemplateError splits a text/template error into its file, line,
// column and message.
func splitTemplateError(s string) (file string, line, col int, msg string) {
	s = strings.TrimPrefix(s, "template: ")
	parts := strings.SplitN(s, ":", 4)
	if len(parts) < 3 {
		return "", 0, 0, s
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return "", 0, 0, s
	}
	if len(parts) == 4 {
		if c, err := strconv.Atoi(parts[2]); err == nil {
			return parts[0], n, c, strings.TrimSpace(parts[3])
		}
	}
	return parts[0], n, 0, strings.TrimSpace(strings.Join(parts[2:], ":"))
}

// templateMessage puts the usual html/template messages in Portuguese;
// others keep the library's text after a Portuguese lead.
func templateMessage(msg string) string {
	for _, t := range []struct{ re, out string }{
		{`executing ".*" at <(.*)>: (.*)`, "ao executar $1: $2"},
		{`function "(.*)" not defined`, `a função "$1" não existe`},
		{`unexpected EOF`, "o modelo terminou antes do esperado (falta um {{end}}?)"},
		{`undefined variable "(.*)"`, `a variável "$1" não foi definida`},
		{`missing value for (\w+)`, "falta o valor de {{$1}}"},
		{`unexpected \{\{end\}\}.*`, "{{end}} sem bloco aberto"},
		{`unexpected \{\{else\}\}.*`, "{{else}} fora de um {{if}} ou {{range}}"},
		{`unexpected (.*) in (.*)`, "$1 inesperado em $2"},
		{`(?:html/template:)?.*no such template "(.*)"`, `o modelo "$1" não existe`},
		{`can't evaluate field (\w+) in type (.*)`, "o campo $1 não existe em $2"},
		{`wrong number of args for (\w+): want (\d+) got (\d+)`, "número errado de argumentos para $1: esperava $2, recebeu $3"},
		{`wrong type for value; expected (.*); got (.*)`, "tipo errado: esperava $1, recebeu $2"},
		{`error calling (\w+): (.*)`, "erro em $1: $2"},
		{`nil pointer evaluating (.*)`, "valor ausente (nil) ao avaliar $1"},
		{`map has no entry for key "(.*)"`, `não há a chave "$1"`},
		{`range can't iterate over (.*)`, "range não percorre $1"},
		{`can't index item of type (.*)`, "não dá para indexar um valor do tipo $1"},
		{`index out of range: (.*)`, "índice fora do intervalo: $1"},
	} {
		re := regexp.MustCompile("^" + t.re + "$")
		if re.MatchString(msg) {
			out := re.ReplaceAllString(msg, t.out)
			if strings.HasPrefix(t.out, "ao executar") {
				i := strings.Index(out, ": ")
				return out[:i+2] + templateMessage(out[i+2:])
			}
			return out
		}
	}
	return "erro no modelo: " + msg
}

// execute renders a layout; content errors chain to template errors as in
// "content/a.md: templates/layouts/page.html:4:22: …".
func (t *templates) execute(layout string, data any, file string) ([]byte, error) {
	set := t.layouts[layout]
	if set == nil {
		return nil, diag.Errorf(file, 1, 1, "layout %q não existe em templates/layouts/", layout)
	}
	var buf bytes.Buffer
	if d, ok := data.(*pageData); ok {
		// The page's own parts and about 8 KB of layout: one allocation
		// instead of a series of doublings.
		n := len(d.Content) + len(d.NavHTML) + 8<<10
		if d.Norm != nil {
			n += 3 * d.Norm.size // the text, its markup and its controls
		}
		buf.Grow(n)
	}
	if err := set.ExecuteTemplate(&buf, "templates/layouts/base.html", data); err != nil {
		tf, line, col, msg := splitTemplateError(err.Error())
		msg = templateMessage(msg)
		if tf != "" {
			pos := fmt.Sprintf("%s:%d", tf, line)
			if col > 0 {
				pos += fmt.Sprintf(":%d", col)
			}
			msg = pos + ": " + msg
		}
		return nil, diag.Errorf(file, 0, 0, "%s", msg)
	}
	return buf.Bytes(), nil
}
