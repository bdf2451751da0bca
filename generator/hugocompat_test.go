package generator_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/generator"
	"github.com/seiportal/seiportal/generator/slug"
)

// TestHugoCompat builds the repository's content/ with Hugo and the layouts
// in ../hugo, and checks that Hugo publishes every page at seiportal's
// URL, resolves relative .md links and norma: citations to real URLs and
// anchors, and renders the same navigation (menu, breadcrumbs, prev/next)
// as seiportal's own build of the same tree.
func TestHugoCompat(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Fatal("hugo is not installed: this test builds content/ with Hugo (Debian: apt-get install hugo; 0.111 or later)")
	}
	// Read the Hugo site here so that "go test" caching notices layout
	// changes (Hugo reads them in another process).
	if err := filepath.WalkDir("../hugo", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, err = os.ReadFile(name)
		return err
	}); err != nil {
		t.Fatalf("cannot read the Hugo site ../hugo: %v", err)
	}
	out := t.TempDir()
	cmd := exec.Command(hugo, "-s", "../hugo", "-d", out, "--noBuildLock", "--cacheDir", filepath.Join(t.TempDir(), "cache"))
	log, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hugo -s ../hugo failed: %v\n%s", err, log)
	}
	for _, line := range strings.Split(string(log), "\n") {
		if strings.Contains(line, "ERROR") || strings.Contains(line, "inexistente") {
			t.Errorf("hugo reported: %s", line)
		}
	}

	pages := hugoContentPages(t, "../content")
	if len(pages) == 0 {
		t.Fatal("no .md files under content/")
	}
	urls := map[string]string{} // content file → URL
	for _, p := range pages {
		urls[p.file] = p.url
	}
	read := func(url string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(url, "/")), "index.html"))
		if err != nil {
			t.Errorf("Hugo did not publish %s: %v", url, err)
			return ""
		}
		return string(data)
	}

	// Known pages, and every .md under content/ at the URL seiportal gives it.
	for _, url := range []string{"/", "/adesao/", "/normas/in-15-2024/", "/normas/portaria-41-2022/"} {
		read(url)
	}
	htmlOf := map[string]string{}
	for _, p := range pages {
		if p.draft {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p.url), "index.html")); err == nil {
				t.Errorf("%s is a draft but Hugo published %s", p.file, p.url)
			}
			continue
		}
		htmlOf[p.file] = read(p.url)
	}

	// Links: every relative .md link and norma: citation of the source is an
	// href to the target's URL in Hugo's page, and the anchor exists there.
	resolvedMD, resolvedNorm, resolvedFonte := 0, 0, 0
	for _, p := range pages {
		page, ok := htmlOf[p.file]
		if !ok || page == "" {
			continue
		}
		if m := regexp.MustCompile(`href="([^"]*(?:\.md(?:#[^"]*)?|norma:[^"]*|fonte:[^"]*))"`).FindStringSubmatch(page); m != nil {
			t.Errorf("%s: Hugo left the link %q unresolved", p.url, m[1])
		}
		for _, dest := range markdownLinks(p.body) {
			var want string
			switch {
			case strings.HasPrefix(dest, "fonte:"):
				// A source citation points to the source's entry in the
				// page's own "Orientação do programa" list.
				key, _, _ := strings.Cut(strings.TrimPrefix(dest, "fonte:"), "#")
				if !strings.Contains(page, `href="#fonte-`+key+`"`) || !strings.Contains(page, `id="fonte-`+key+`"`) {
					t.Errorf("%s: citation %s should be href=\"#fonte-%s\" to an id=\"fonte-%s\" in Hugo's page", p.url, dest, key, key)
				}
				resolvedFonte++
				continue
			case strings.HasPrefix(dest, "norma:"):
				key, frag, _ := strings.Cut(strings.TrimPrefix(dest, "norma:"), "#")
				want = "/normas/" + key + "/"
				if frag != "" {
					want += "#" + frag
				}
				resolvedNorm++
			case strings.Contains(dest, ".md") && !strings.Contains(dest, "://"):
				file, frag, _ := strings.Cut(dest, "#")
				target := path.Join(path.Dir(p.file), file)
				u, ok := urls[target]
				if !ok {
					t.Errorf("%s links to %s, which is not a page", p.file, dest)
					continue
				}
				want = u
				if frag != "" {
					want += "#" + frag
				}
				resolvedMD++
			default:
				continue
			}
			if !strings.Contains(page, `href="`+want+`"`) {
				t.Errorf("%s: link %s should be href=%q in Hugo's page", p.url, dest, want)
				continue
			}
			if u, frag, ok := strings.Cut(want, "#"); ok {
				if target := read(u); target != "" && !strings.Contains(target, `id="`+frag+`"`) {
					t.Errorf("%s: link %s: Hugo's %s has no id=%q", p.url, dest, u, frag)
				}
			}
		}
	}
	if resolvedMD == 0 || resolvedNorm == 0 {
		t.Errorf("checked %d relative .md links and %d norma: citations; content/ should have both", resolvedMD, resolvedNorm)
	}

	// Navigation: the same as seiportal's build of the same content.
	mem := generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(".."), Out: mem}); err != nil {
		t.Fatalf("seiportal cannot build content/ (fix that first): %v", err)
	}
	compared := 0
	for _, p := range pages {
		hugoPage := htmlOf[p.file]
		if p.draft || hugoPage == "" {
			continue
		}
		ours, ok := mem.Get(strings.TrimPrefix(p.url, "/") + "index.html")
		if !ok {
			t.Errorf("seiportal did not build %s", p.url)
			continue
		}
		for _, part := range []struct{ name, start string }{
			{"menu", `<nav id="menu"`},
			{"breadcrumbs", `<nav class="trilha"`},
			{"prev/next", `aria-label="Páginas anterior e seguinte"`},
		} {
			got, want := navLinks(hugoPage, part.start), navLinks(string(ours), part.start)
			if got != want {
				t.Errorf("%s: %s differs\nHugo:      %s\nseiportal: %s", p.url, part.name, got, want)
			}
		}
		compared++
		// The glossary: the same terms (termos.yaml and the norms' definitions).
		if p.file == "content/glossario/_index.md" {
			got, want := glossaryTerms(hugoPage), glossaryTerms(string(ours))
			if len(want) == 0 || strings.Join(sortedKeys(got), " ") != strings.Join(sortedKeys(want), " ") {
				t.Errorf("%s: glossary terms differ\nHugo:      %v\nseiportal: %v", p.url, sortedKeys(got), sortedKeys(want))
			}
		}
		// Norm pages: every provision anchor seiportal gives, Hugo gives too.
		if strings.HasPrefix(p.file, "content/normas/") && !strings.HasSuffix(p.file, "/_index.md") {
			got, want := provisionIDs(hugoPage), provisionIDs(string(ours))
			if len(want) == 0 {
				t.Errorf("%s: seiportal's page has no provision ids", p.url)
			}
			for id := range want {
				if !got[id] {
					t.Errorf("%s: Hugo's page lacks the provision anchor id=%q", p.url, id)
				}
			}
		}
	}
	t.Logf("%d pages; %d .md links, %d norma: and %d fonte: citations resolved; navigation compared on %d pages", len(pages), resolvedMD, resolvedNorm, resolvedFonte, compared)
}

// hugoPage is a content file and the URL seiportal publishes it at.
type hugoPage struct {
	file  string // "content/adesao/capacitacao.md"
	url   string // "/adesao/capacitacao/"
	body  string
	draft bool
}

// hugoContentPages reads every .md under dir (which is "../content") with
// its front matter's slug and draft.
func hugoContentPages(t *testing.T, dir string) []hugoPage {
	t.Helper()
	var pages []hugoPage
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".md") {
			return err
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(filepath.Dir(dir), name)
		if err != nil {
			return err
		}
		file := filepath.ToSlash(rel)
		var fm struct {
			Slug  string `yaml:"slug" toml:"slug"`
			Draft bool   `yaml:"draft" toml:"draft"`
		}
		body := string(data)
		for _, delim := range []string{"---", "+++"} {
			rest, ok := strings.CutPrefix(body, delim+"\n")
			if !ok {
				continue
			}
			head, after, ok := strings.Cut(rest, "\n"+delim+"\n")
			if !ok {
				t.Fatalf("%s: unterminated front matter", file)
			}
			if delim == "---" {
				err = yaml.Unmarshal([]byte(head), &fm)
			} else {
				_, err = toml.Decode(head, &fm)
			}
			if err != nil {
				t.Fatalf("%s: front matter: %v", file, err)
			}
			body = after
			break
		}
		pages = append(pages, hugoPage{file: file, url: seiportalURL(file, fm.Slug), body: body, draft: fm.Draft})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// seiportalURL is the documented URL rule: folders and file name
// slugified, _index.md is its folder, a slug replaces the last segment.
func seiportalURL(file, slugParam string) string {
	dir, base := path.Split(strings.TrimPrefix(file, "content/"))
	var segs []string
	for _, d := range strings.Split(strings.Trim(dir, "/"), "/") {
		if d != "" {
			segs = append(segs, slug.Make(d))
		}
	}
	if base == "_index.md" {
		if slugParam != "" && len(segs) > 0 {
			segs[len(segs)-1] = slug.Make(slugParam)
		}
	} else {
		name := strings.TrimSuffix(base, ".md")
		if slugParam != "" {
			name = slugParam
		}
		segs = append(segs, slug.Make(name))
	}
	if len(segs) == 0 {
		return "/"
	}
	return "/" + strings.Join(segs, "/") + "/"
}

// markdownLinks returns the destinations of the inline links of a Markdown
// body, outside code spans and fences.
func markdownLinks(body string) []string {
	var dests []string
	fenced := false
	for _, line := range strings.Split(body, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		line = regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "")
		for _, m := range regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`).FindAllStringSubmatch(line, -1) {
			dests = append(dests, m[1])
		}
	}
	return dests
}

// navLinks returns the links of the navigation block that starts at the
// first occurrence of start (up to its </nav>), one "href[*]" per link in
// order, * marking aria-current="page"; "" when the page has no such block.
func navLinks(page, start string) string {
	i := strings.Index(page, start)
	if i < 0 {
		return ""
	}
	// The block may open before start (an attribute of the <nav> tag).
	if j := strings.LastIndex(page[:i], "<nav"); j >= 0 && !strings.HasPrefix(start, "<nav") {
		i = j
	}
	block := page[i:]
	if j := strings.Index(block, "</nav>"); j >= 0 {
		block = block[:j]
	}
	var b bytes.Buffer
	for _, m := range regexp.MustCompile(`<a\s[^>]*>`).FindAllString(block, -1) {
		href := regexp.MustCompile(`href="([^"]*)"`).FindStringSubmatch(m)
		if href == nil {
			continue
		}
		b.WriteString(href[1])
		if strings.Contains(m, `aria-current="page"`) {
			b.WriteString("*")
		}
		b.WriteString(" ")
	}
	if strings.Contains(block, `<li aria-current="page">`) {
		b.WriteString("(current)")
	}
	return strings.TrimSpace(b.String())
}

// provisionIDs returns the LexML ids (art…, cap…) of a norm page.
func provisionIDs(page string) map[string]bool {
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`\sid="((?:art|cap)\d[^"]*)"`).FindAllStringSubmatch(page, -1) {
		ids[m[1]] = true
	}
	return ids
}

// glossaryTerms returns the ids of the <dt> entries of a glossary page.
func glossaryTerms(page string) map[string]bool {
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`<dt id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		ids[m[1]] = true
	}
	return ids
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
