package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/calendar"
)

// knownFile reports whether name (relative to the output root) is published
// by the build from templates/static or content/.
func (b *rendering) knownFile(name string) bool {
	if _, ok := b.tpl.static[name]; ok {
		return true
	}
	return b.site.static["content/"+name]
}

// writeAssets writes static files, content files that are not pages, the
// search index, sitemap.xml, the web app manifest and the service worker.
func (b *rendering) writeAssets(ctx context.Context) diag.List {
	var errs diag.List
	write := b.emit
	names := make([]string, 0, len(b.tpl.static))
	for n := range b.tpl.static {
		names = append(names, n)
	}
	sort.Strings(names)
	published, merrs := b.opts.Cache.minifyStatic(b.tpl.static) // minify.go
	errs = append(errs, merrs...)
	for _, n := range names {
		write(n, published[n])
	}
	var statics []string
	for f := range b.site.static {
		statics = append(statics, f)
	}
	sort.Strings(statics)
	for _, f := range statics {
		data, err := fs.ReadFile(b.opts.Source, f)
		if err != nil {
			errs = append(errs, diag.Errorf(f, 0, 0, "não foi possível ler: %s", readError(err)))
			continue
		}
		write(strings.TrimPrefix(f, "content/"), data)
	}
	res := <-b.search
	idx, ierrs := res.files, res.errs
	errs = append(errs, ierrs...)
	idxNames := make([]string, 0, len(idx))
	for n := range idx {
		idxNames = append(idxNames, n)
	}
	sort.Strings(idxNames)
	for _, n := range idxNames {
		write(n, idx[n])
	}
	errs = append(errs, b.writeAppFiles(write)...)
	write("_headers", []byte(hostHeaders))
	write("sitemap.xml", b.sitemap())
	write(identityJSONPath, b.cfg.identityJSON())
	write("manifest.webmanifest", b.manifest())
	if len(errs) > 0 {
		return errs
	}
	sw, err := b.serviceWorkerTemplate()
	if err != nil {
		return diag.Flatten(err)
	}
	b.files <- file{name: "sw.js", data: sw, lists: true}
	return errs
}

// The portal loads nothing from elsewhere: its pages, styles, scripts, the
// app's wasm (compiled by the browser: 'wasm-unsafe-eval') and the search
// index all come from the site itself, and no other site may frame it.
const (
	// MetaContentSecurityPolicy is the policy pages carry in a <meta>
	// (where frame-ancestors has no effect and is left out).
	MetaContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
	// ContentSecurityPolicy is the policy servers send as a header:
	// seiportal serve, and hosts that read _headers.
	ContentSecurityPolicy = MetaContentSecurityPolicy + "; frame-ancestors 'none'"
)

// hostHeaders is a _headers file, read by static hosts such as Cloudflare
// (Workers static assets, Pages) and Netlify: the wasm's media type, a service
// worker that is always revalidated, and safe defaults for every file.
const hostHeaders = `# Cabeçalhos para hospedagens estáticas que leem _headers (Cloudflare, Netlify).
/*
  Content-Security-Policy: ` + ContentSecurityPolicy + `
  X-Frame-Options: DENY
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Permissions-Policy: interest-cohort=()
/app/*.wasm
  Content-Type: application/wasm
/sw.js
  Cache-Control: no-cache
/manifest.webmanifest
  Content-Type: application/manifest+json
`

func (b *rendering) sitemap() []byte {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	base := strings.TrimSuffix(b.cfg.BaseURL, "/")
	for _, p := range b.site.pages {
		buf.WriteString("  <url><loc>")
		template.HTMLEscape(&buf, []byte(base+p.URL))
		buf.WriteString("</loc>")
		if !p.Lastmod.IsZero() {
			// The day the page shows ("Atualizado em"), in the time zone
			// the date was given in: converting to UTC could move it.
			buf.WriteString("<lastmod>" + calendar.FromTime(p.Lastmod).String() + "</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func (b *rendering) manifest() []byte {
	m := map[string]any{
		"name":             b.cfg.Title,
		"short_name":       b.cfg.ShortTitle,
		"description":      b.cfg.Description,
		"lang":             "pt-BR",
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"background_color": "#ffffff",
		"theme_color":      b.cfg.ThemeColor,
		"icons": []map[string]string{
			{"src": "/icons/icone.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
		},
	}
	out, _ := json.MarshalIndent(m, "", "  ")
	return append(out, '\n')
}

// serviceWorkerTemplate reads templates/sw.js and checks that it has the
// markers serviceWorker fills in.
func (b *rendering) serviceWorkerTemplate() ([]byte, error) {
	src, err := fs.ReadFile(b.opts.Source, "templates/sw.js")
	if err != nil {
		return nil, diag.Errorf("templates/sw.js", 0, 0, "modelo do service worker ausente: %s", readError(err))
	}
	for _, k := range []string{swVersion, swCore, swApp} {
		if !bytes.Contains(src, []byte(k)) {
			return nil, diag.Errorf("templates/sw.js", 0, 0, "o modelo do service worker não tem o marcador %s", k)
		}
	}
	return src, nil
}

// The places of templates/sw.js that serviceWorker fills.
const (
	swVersion = `"__VERSION__"`
	swCore    = `"__CORE__"`
	swApp     = `"__APP__"`
)

// serviceWorker fills the service worker's template src with the precache
// list and a version derived from the content of every other file written.
func serviceWorker(src []byte, files []writtenFile) []byte {
	var core, app []string
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(f.name))
		h.Write(f.sum[:])
		if strings.HasSuffix(f.name, ".br") || strings.HasSuffix(f.name, ".gz") || strings.HasSuffix(f.name, "sitemap.xml") || f.name == "_headers" {
			continue
		}
		if strings.HasPrefix(f.name, "esquemas/") {
			continue // for the authors' editors, not for offline readers
		}
		url := "/" + strings.TrimSuffix(f.name, "index.html")
		if strings.HasPrefix(f.name, "app/") {
			app = append(app, url)
			continue
		}
		core = append(core, url)
	}
	version := hex.EncodeToString(h.Sum(nil)[:6])
	coreJSON, _ := json.Marshal(core)
	appJSON, _ := json.Marshal(app)
	out := string(src)
	for k, v := range map[string]string{
		swVersion: fmt.Sprintf("%q", version),
		swCore:    string(coreJSON),
		swApp:     string(appJSON),
	} {
		out = strings.Replace(out, k, v, 1)
	}
	return []byte(out)
}
