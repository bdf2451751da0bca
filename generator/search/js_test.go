package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buscaJS is the query side of the search, served as /js/busca.js.
var buscaJS = filepath.Join("..", "..", "templates", "static", "js", "busca.js")

// node runs testdata/driver.js with busca.js; node must be installed (the
// project's test script installs it): the test fails, never skips, without it.
func node(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to test busca.js and was not found in PATH: %v (install Node.js, e.g. apt-get install nodejs)", err)
	}
	cmd := exec.Command(bin, append([]string{filepath.Join("testdata", "driver.js"), buscaJS}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node driver.js %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// TestStemmerParityWithJS checks that busca.js analyses text exactly as
// this package does (fold, words, stop words, stems), on every word of the
// source documents and on tricky cases, one per line, and on whole
// paragraphs.
func TestStemmerParityWithJS(t *testing.T) {
	words, err := os.ReadFile(filepath.Join("testdata", "words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(words), "\n"), "\n")
	for _, d := range loadDocs(t) {
		lines = append(lines, strings.Split(d.Text, "\n")...)
	}
	in := strings.Join(lines, "\n") + "\n"
	var js [][]string
	if err := json.Unmarshal(node(t, []byte(in), "terms"), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != len(lines) {
		t.Fatalf("busca.js analysed %d lines; want %d", len(js), len(lines))
	}
	diffs := 0
	for i, l := range lines {
		got := Terms(l)
		if strings.Join(got, " ") != strings.Join(js[i], " ") {
			diffs++
			if diffs <= 20 {
				t.Errorf("%q: Go %q, busca.js %q", l, got, js[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d lines differ", diffs, len(lines))
	}
}

type jsSearch struct {
	Searches []struct {
		Query   string   `json:"query"`
		Terms   []string `json:"terms"`
		Fuzzy   []string `json:"fuzzy"`
		Results []struct {
			URL     string `json:"url"`
			Title   string `json:"title"`
			Section string `json:"section"`
			All     bool   `json:"all"`
			Heading string `json:"heading"`
			Snippet []struct {
				Text string `json:"text"`
				Mark bool   `json:"mark"`
			} `json:"snippet"`
		} `json:"results"`
	} `json:"searches"`
	Loads []string `json:"loads"`
}

// writeIndex builds the index of docs into a temporary directory.
func writeIndex(t *testing.T, docs []Doc) string {
	t.Helper()
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSearchCoreJSLongPages checks that busca.js finds the passages of pages
// spread over several passage files: each result links to its section and
// marks the word in its snippet.
func TestSearchCoreJSLongPages(t *testing.T) {
	dir := writeIndex(t, longDocs())
	queries := []string{"marcador0x0", "marcador2x5", "marcador3x0", "marcador3x20", "marcador3x38"}
	q, _ := json.Marshal(queries)
	var got jsSearch
	if err := json.Unmarshal(node(t, q, "search", dir), &got); err != nil {
		t.Fatal(err)
	}
	for i, s := range got.Searches {
		var page, sec string
		fmt.Sscanf(strings.TrimPrefix(queries[i], "marcador"), "%1sx%s", &page, &sec)
		if len(s.Results) != 1 || s.Results[0].URL != "/p"+page+"/" || s.Results[0].Heading != "h"+sec {
			t.Errorf("%s: results %+v; want /p%s/#h%s", queries[i], s.Results, page, sec)
			continue
		}
		marked := false
		for _, p := range s.Results[0].Snippet {
			marked = marked || p.Mark && p.Text == queries[i]
		}
		if !marked {
			t.Errorf("%s: snippet %+v does not mark it", queries[i], s.Results[0].Snippet)
		}
	}
	n := 0
	for _, l := range got.Loads {
		if strings.Contains(l, "/t/") {
			n++
		}
	}
	if n < 3 {
		t.Errorf("loads %q: want the passages from three files at least", got.Loads)
	}
}

// TestSearchCoreJS runs busca.js's search core under node against an index
// built from testdata/docs.json.
func TestSearchCoreJS(t *testing.T) {
	dir := writeIndex(t, loadDocs(t))
	queries := []string{
		"orgao",             // 0: accent-free finds "órgão"
		"unidades ",         // 1: plural finds singular
		"acoes",             // 2: "ações" and "ação"
		"ponto focal ",      // 3: AND first
		"desativ",           // 4: prefix of the last word being typed
		"de que para",       // 5: only stop words
		"xyzzy ",            // 6: nothing
		"credencial sigilo", // 7: two docs have both
		"Termo",             // 8: title above body
		"artigo 35",         // 9: "artigo" is "art."
		"art. 35",           // 10
		"IN 15",             // 11: a norm's short name puts it first
		"desaitvacao ",      // 12: a typo
		"termo conduta",     // 13: every word in one heading ranks first
		"edsativacao ",      // 14: a typo in the first letters
		"abcdefgh ",         // 15: nothing near
	}
	q, _ := json.Marshal(queries)
	var got jsSearch
	if err := json.Unmarshal(node(t, q, "search", dir), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Searches) != len(queries) {
		t.Fatalf("%d searches; want %d", len(got.Searches), len(queries))
	}
	urls := func(i int) []string {
		var out []string
		for _, r := range got.Searches[i].Results {
			out = append(out, r.URL)
		}
		return out
	}
	has := func(i int, url string) bool {
		for _, u := range urls(i) {
			if u == url {
				return true
			}
		}
		return false
	}
	marked := func(i int, url string) []string {
		var out []string
		for _, r := range got.Searches[i].Results {
			if r.URL != url {
				continue
			}
			for _, p := range r.Snippet {
				if p.Mark {
					out = append(out, p.Text)
				}
			}
		}
		return out
	}

	// 0: "orgao" finds the pages with "órgão"/"órgãos", marked with accents.
	for _, u := range []string{"/ponto-focal/designacao/", "/", "/procedimentos/unidades/"} {
		if !has(0, u) {
			t.Errorf("orgao: %s missing from %q", u, urls(0))
		}
	}
	if m := marked(0, "/"); len(m) == 0 || m[0] != "órgãos" {
		t.Errorf("orgao: marks in / = %q; want [órgãos]", m)
	}
	// 1: "unidades" finds the page whose text says "unidade"; the page with
	// it in the title comes first.
	if u := urls(1); len(u) == 0 || u[0] != "/procedimentos/unidades/" {
		t.Errorf("unidades: results %q; want /procedimentos/unidades/ first", u)
	}
	if m := marked(1, "/procedimentos/unidades/"); len(m) == 0 || !strings.HasPrefix(strings.ToLower(m[0]), "unidade") {
		t.Errorf("unidades: marks %q", m)
	}
	// 2: "acoes" finds "Ações de capacitação", linked to its heading.
	if !has(2, "/ponto-focal/atribuicoes/") {
		t.Errorf("acoes: results %q; want /ponto-focal/atribuicoes/", urls(2))
	}
	for _, r := range got.Searches[2].Results {
		if r.URL == "/ponto-focal/atribuicoes/" && r.Heading != "acoes-de-capacitacao" {
			t.Errorf("acoes: heading %q; want acoes-de-capacitacao", r.Heading)
		}
	}
	if m := marked(2, "/ponto-focal/atribuicoes/"); len(m) == 0 || m[0] != "ações" {
		t.Errorf("acoes: marks %q; want [ações]", m)
	}
	// 3: pages with both words before pages with one.
	rs := got.Searches[3].Results
	if len(rs) < 2 || !rs[0].All {
		t.Fatalf("ponto focal: %+v", rs)
	}
	seenPartial := false
	for _, r := range rs {
		if !r.All {
			seenPartial = true
		} else if seenPartial {
			t.Errorf("ponto focal: %s has both words but comes after a partial match", r.URL)
		}
	}
	if m := marked(3, rs[0].URL); len(m) < 2 {
		t.Errorf("ponto focal: first result marks %q; want both words", m)
	}
	// 4: typing "desativ" finds "Desativação de unidade", under its heading.
	found := false
	for _, r := range got.Searches[4].Results {
		if r.URL == "/procedimentos/unidades/" {
			found = true
			if r.Heading != "desativacao-de-unidade" {
				t.Errorf("desativ: heading %q; want desativacao-de-unidade", r.Heading)
			}
		}
	}
	if !found {
		t.Errorf("desativ: results %q", urls(4))
	}
	// 5, 6: nothing.
	if len(got.Searches[5].Terms) != 0 || len(got.Searches[5].Results) != 0 {
		t.Errorf("stop words only: %+v", got.Searches[5])
	}
	if len(got.Searches[6].Results) != 0 {
		t.Errorf("xyzzy: %q", urls(6))
	}
	// 7: both words in both pages; the snippet of the glossary marks both.
	if m := marked(7, "/glossario/"); len(m) < 2 {
		t.Errorf("credencial sigilo: glossary marks %q; want both words", m)
	}
	// 8: "Termo" in a title ranks above "Termo" in a heading or body.
	if u := urls(8); len(u) < 2 || u[0] != "/adesao/termo-de-adesao/" {
		t.Errorf("Termo: results %q; want /adesao/termo-de-adesao/ first", u)
	}
	// 4: a norm's article is found as the start of its first line: the
	// result links to it.
	if !has(4, "/normas/in-15-2024/") {
		t.Errorf("desativ: results %q; want /normas/in-15-2024/", urls(4))
	}
	for _, r := range got.Searches[4].Results {
		if r.URL == "/normas/in-15-2024/" && r.Heading != "art34" {
			t.Errorf("desativ: heading in the norm %q; want art34", r.Heading)
		}
	}
	// 9, 10: "artigo 35" and "art. 35" give the same results, the norm's
	// art. 35 first.
	if a, b := urls(9), urls(10); strings.Join(a, " ") != strings.Join(b, " ") || len(a) == 0 {
		t.Errorf("artigo 35: %q; art. 35: %q; want the same, not empty", a, b)
	}
	if rs := got.Searches[9].Results; len(rs) == 0 || rs[0].URL != "/normas/in-15-2024/" || rs[0].Heading != "art35" {
		t.Errorf("artigo 35: first result %+v; want /normas/in-15-2024/#art35", rs)
	}
	// 11: the norm, by its keywords, first, linked to its top.
	if rs := got.Searches[11].Results; len(rs) == 0 || rs[0].URL != "/normas/in-15-2024/" || rs[0].Heading != "" {
		t.Errorf("IN 15: results %+v; want /normas/in-15-2024/ first, no heading", rs)
	}
	// 12, 14: a word with a typo finds the stem one edit away, and its
	// pages; 15: nothing near, no correction.
	for _, i := range []int{12, 14} {
		if f := got.Searches[i].Fuzzy; len(f) != 1 || f[0] != "desativ" {
			t.Errorf("%q: correction %q; want [desativ]", queries[i], f)
		}
		if !has(i, "/procedimentos/unidades/") {
			t.Errorf("%q: results %q; want /procedimentos/unidades/", queries[i], urls(i))
		}
		if m := marked(i, "/procedimentos/unidades/"); len(m) == 0 || !strings.HasPrefix(strings.ToLower(m[0]), "desativ") {
			t.Errorf("%q: marks %q; want the corrected word marked", queries[i], m)
		}
	}
	if f := got.Searches[15].Fuzzy; len(f) != 1 || f[0] != "" || len(got.Searches[15].Results) != 0 {
		t.Errorf("abcdefgh: correction %q, results %q; want none", f, urls(15))
	}
	// 13: the page with "Termo de Conduta" as a heading comes before the
	// page with "Termo" in its title, linked to that heading.
	if rs := got.Searches[13].Results; len(rs) == 0 || rs[0].URL != "/ponto-focal/designacao/" || rs[0].Heading != "termo-de-conduta" {
		t.Errorf("termo conduta: results %+v; want /ponto-focal/designacao/#termo-de-conduta first", rs)
	}
	// Every result shown has a snippet.
	for _, s := range got.Searches {
		for _, r := range s.Results {
			if len(r.Snippet) == 0 {
				t.Errorf("%q: %s has no snippet", s.Query, r.URL)
			}
		}
	}
	// Only the entry, shards and passages of shown results were loaded.
	for _, l := range got.Loads {
		if l != EntryPath && !strings.HasPrefix(l, "busca/") {
			t.Errorf("loaded %s", l)
		}
	}
}
