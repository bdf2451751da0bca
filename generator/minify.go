package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"path"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	cssparse "github.com/tdewolff/parse/v2"

	"github.com/seiportal/seiportal/diag"
)

// Static CSS and JavaScript are published minified (github.com/tdewolff/minify):
// whitespace and comments go, local names get shorter. Every page loads
// portal.css, portal.js and busca.js, so this is most of what a first visit
// and a first search transfer. The sources under templates/static stay as
// they are, readable; the minifier is deterministic, so the same sources
// give the same bytes, and the service worker's version, computed from the
// bytes written, follows them.
//
// app/wasm_exec.js (Go's own glue for the wasm, with its licence notice) is
// published as it is: it is loaded only by the app pages, next to a wasm of
// about 2 MB.

// keepAsIs lists the static files published byte for byte.
var keepAsIs = map[string]bool{"app/wasm_exec.js": true}

// minifyStatic returns the static files as published: .css and .js
// minified, the others unchanged. A file the minifier cannot parse is an
// error at its line and column. The minified bytes of each source are kept
// in c, so that seiportal serve minifies only what changed.
func (c *Cache) minifyStatic(files map[string][]byte) (map[string][]byte, diag.List) {
	var m *minify.M
	out := make(map[string][]byte, len(files))
	var errs diag.List
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data := files[n]
		mime := ""
		switch path.Ext(n) {
		case ".css":
			mime = "text/css"
		case ".js":
			mime = "text/javascript"
		}
		if mime == "" || keepAsIs[n] {
			out[n] = data
			continue
		}
		key := sha256.Sum256(append([]byte(mime+"\x00"), data...))
		if c != nil {
			c.mu.Lock()
			min, ok := c.mini[key]
			c.mu.Unlock()
			if ok {
				out[n] = min
				continue
			}
		}
		if m == nil {
			m = minify.New()
			m.Add("text/css", &css.Minifier{})
			m.Add("text/javascript", &js.Minifier{})
		}
		var buf bytes.Buffer
		buf.Grow(len(data))
		if err := m.Minify(mime, &buf, bytes.NewReader(data)); err != nil {
			errs = append(errs, minifyError("templates/static/"+n, err))
			out[n] = data
			continue
		}
		out[n] = buf.Bytes()
		if c != nil {
			c.mu.Lock()
			if c.mini == nil || len(c.mini) >= 64 { // edits of a long session
				c.mini = map[[32]byte][]byte{}
			}
			c.mini[key] = out[n]
			c.mu.Unlock()
		}
	}
	return out, errs
}

// minifyError positions a minifier's error in its file.
func minifyError(file string, err error) *diag.Error {
	var pe *cssparse.Error
	if errors.As(err, &pe) {
		return diag.Errorf(file, pe.Line, pe.Column, "erro de sintaxe; o arquivo não pôde ser minificado (%s)", strings.TrimSpace(pe.Message))
	}
	return diag.Errorf(file, 0, 0, "o arquivo não pôde ser minificado: %v", err)
}
