//go:build !js

package main

import (
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/seiportal/seiportal/generator/search"
)

var (
	reMain     = regexp.MustCompile(`(?is)<main\b[^>]*>(.*)</main>`)
	reBody     = regexp.MustCompile(`(?is)<body\b[^>]*>(.*)</body>`)
	reDrop     = regexp.MustCompile(`(?is)<(script|style|nav|template)\b.*?</(script|style|nav|template)>`)
	reH1       = regexp.MustCompile(`(?is)<h1\b[^>]*>(.*?)</h1>`)
	reTitle    = regexp.MustCompile(`(?is)<title>(.*?)</title>`)
	reHeading  = regexp.MustCompile(`(?is)<h([2-4])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h[2-4]>`)
	reBlockEnd = regexp.MustCompile(`(?i)</(p|li|h[1-6]|tr|div|section|blockquote|pre|dt|dd|table|ul|ol)>|<br\s*/?>|<(p|li|h[1-6]|tr|div|section|blockquote|pre|dt|dd|table|ul|ol)\b[^>]*>`)
	reCell     = regexp.MustCompile(`(?i)</t[dh]>`)
	reTag      = regexp.MustCompile(`(?s)<[^>]*>`)
)

// textOf turns an HTML fragment into plain text, one paragraph a line.
func textOf(frag string) string {
	frag = reBlockEnd.ReplaceAllString(frag, "\n")
	frag = reCell.ReplaceAllString(frag, " ")
	frag = reTag.ReplaceAllString(frag, "")
	frag = html.UnescapeString(frag)
	var lines []string
	for _, l := range strings.Split(frag, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// extractDocs reads the HTML pages of a built site as search documents: the
// text of <main> (or <body>), the <h1> as title, h2–h4 with an id as
// headings, and the title of the first path segment's page as section.
// It stands in for the generator when a site has no search index yet.
func extractDocs(site string) ([]search.Doc, error) {
	var docs []search.Doc
	titles := map[string]string{}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "busca" || d.Name() == "pagefind" || strings.HasPrefix(d.Name(), "__")) && p != site {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() != "index.html" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, filepath.Dir(p))
		url := "/"
		if rel != "." {
			url = "/" + filepath.ToSlash(rel) + "/"
		}
		s := string(data)
		frag := s
		if m := reMain.FindStringSubmatch(s); m != nil {
			frag = m[1]
		} else if m := reBody.FindStringSubmatch(s); m != nil {
			frag = m[1]
		}
		frag = reDrop.ReplaceAllString(frag, "")
		title := ""
		if m := reH1.FindStringSubmatch(frag); m != nil {
			title = textOf(m[1])
		} else if m := reTitle.FindStringSubmatch(s); m != nil {
			title = textOf(m[1])
		}
		doc := search.Doc{URL: url, Title: title, Text: textOf(frag)}
		for _, m := range reHeading.FindAllStringSubmatch(frag, -1) {
			doc.Headings = append(doc.Headings, search.Heading{ID: html.UnescapeString(m[2]), Text: textOf(m[3])})
		}
		titles[url] = title
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	for i := range docs {
		seg := strings.SplitN(strings.Trim(docs[i].URL, "/"), "/", 2)[0]
		if seg != "" {
			docs[i].Section = titles["/"+seg+"/"]
		}
	}
	return docs, nil
}
