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
	"sort"
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
	err := fs.WalkDir(fsys, "templates/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "templates/static/")
		sum := sha256.Sum256(data)
		t.assets[rel] = hex.EncodeToString(sum[:4])
		t.static[rel] = data
		return nil
	})
	if err != nil {
		return nil, diag.List{diag.Errorf("templates/static", 0, 0, "não foi possível ler os arquivos estáticos: %v", err)}
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
			return nil, diag.List{diag.Errorf(name, 0, 0, "não foi possível ler o modelo: %v", err)}
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
			return nil, err
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

// templateError turns "template: templates/layouts/x.html:4:22: msg" into a
// positioned error.
func templateError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	parts := strings.SplitN(msg, ":", 4)
	if len(parts) == 4 {
		var line, col int
		if _, e := fmt.Sscanf(parts[1], "%d", &line); e == nil {
			if _, e := fmt.Sscanf(parts[2], "%d", &col); e != nil {
				return diag.List{diag.Errorf(parts[0], line, 0, "%s", strings.TrimSpace(parts[2]+":"+parts[3]))}
			}
			return diag.List{diag.Errorf(parts[0], line, col, "%s", strings.TrimSpace(parts[3]))}
		}
	}
	return diag.List{diag.Errorf("templates", 0, 0, "%s", msg)}
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
			n += len(d.Norm.HTML)
		}
		buf.Grow(n)
	}
	if err := set.ExecuteTemplate(&buf, "templates/layouts/base.html", data); err != nil {
		msg := strings.TrimPrefix(err.Error(), "template: ")
		return nil, diag.Errorf(file, 0, 0, "%s", msg)
	}
	return buf.Bytes(), nil
}
