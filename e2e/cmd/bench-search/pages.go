//go:build !js

package main

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"go.yaml.in/yaml/v3"
)

// writePages renders the Markdown files under src into a plain HTML site in
// dst (a/b.md → a/b/index.html, a/_index.md → a/index.html), for when the
// real generator cannot build the portal. Each page has its text in <main>.
func writePages(src, dst string) error {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()))
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	type page struct {
		rel, title string
		body       []byte
	}
	var pages []page
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		title, body := frontMatter(data)
		rel, _ := filepath.Rel(src, f)
		rel = filepath.ToSlash(strings.TrimSuffix(rel, ".md"))
		if base := filepath.Base(rel); base == "_index" || base == "index" {
			rel = strings.TrimSuffix(strings.TrimSuffix(rel, base), "/")
		}
		if title == "" {
			title = rel
		}
		var out bytes.Buffer
		if err := md.Convert(body, &out); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		pages = append(pages, page{rel, title, out.Bytes()})
	}
	for _, p := range pages {
		var b bytes.Buffer
		fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"pt-BR\">\n<head><meta charset=\"utf-8\"><title>%s</title></head>\n<body>\n<header><a href=\"/\">Portal SEI</a> <form role=\"search\" action=\"/busca/\"><input name=\"q\" type=\"search\"></form></header>\n<main>\n<h1>%s</h1>\n", html.EscapeString(p.title), html.EscapeString(p.title))
		b.Write(p.body)
		b.WriteString("</main>\n<footer>Portal de adesão ao SEI</footer>\n</body>\n</html>\n")
		out := filepath.Join(dst, filepath.FromSlash(p.rel), "index.html")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// frontMatter splits a "---" YAML front matter from the Markdown body and
// returns its title.
func frontMatter(data []byte) (string, []byte) {
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		return "", data
	}
	end := strings.Index(s[4:], "\n---")
	if end < 0 {
		return "", data
	}
	var meta struct {
		Title string `yaml:"title"`
	}
	_ = yaml.Unmarshal([]byte(s[4:4+end]), &meta)
	rest := s[4+end+4:]
	return meta.Title, []byte(rest)
}
