package generator_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/generator"
	"github.com/seiportal/seiportal/generator/search"
)

// TestSearchIndexOfDefaultPortal checks what the generator puts in the
// search index of the default portal besides the pages' text: each
// glossary entry under its own anchor (a search for "NUP" lands on the
// entry), a norm's short name weighing as its title ("IN 15"), and table
// rows whose cells stay apart in the passages.
func TestSearchIndexOfDefaultPortal(t *testing.T) {
	out := generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(".."), Out: out, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	raw, ok := out.Get(search.EntryPath)
	if !ok {
		t.Fatalf("%s not written", search.EntryPath)
	}
	var e struct {
		V string   `json:"v"`
		K []string `json:"k"`
		D [][]any  `json:"d"`
		T []int    `json:"t"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	passageFile := func(b int) ([]byte, bool) { return out.Get("busca/" + e.V + "/t/" + strconv.Itoa(b) + ".txt") }
	doc := func(url string) int {
		for i, d := range e.D {
			if d[0] == url {
				return i
			}
		}
		t.Fatalf("%s not in the index", url)
		return -1
	}
	// postings returns the postings of a stem: document → fields
	// (weight, passages; a heading's passage written "-N").
	postings := func(stem string) map[int][]string {
		key := ""
		for _, k := range e.K {
			if strings.HasPrefix(stem, k) && len(k) > len(key) {
				key = k
			}
		}
		for i, k := range e.K {
			if k != key {
				continue
			}
			data, _ := out.Get("busca/" + e.V + "/i/" + strconv.Itoa(i) + ".txt")
			for _, line := range strings.Split(string(data), "\n") {
				rest, ok := strings.CutPrefix(line, stem+"\t")
				if !ok {
					continue
				}
				m, d := map[int][]string{}, 0
				for _, p := range strings.Split(rest, ";") {
					f := strings.Split(p, ",")
					n, _ := strconv.ParseInt(f[0], 36, 32)
					d += int(n)
					m[d] = f[1:]
				}
				return m
			}
		}
		t.Fatalf("stem %q not in the index", stem)
		return nil
	}
	// passages returns the passages of document d, in order: passage file
	// b holds consecutive passages from document e.T[b] on, a page's
	// passages possibly spread over several files.
	passages := func(d int) []string {
		var out []string
		for b, first := range e.T {
			if first > d {
				break
			}
			data, _ := passageFile(b)
			if docs := strings.Split(string(data), "\x1d"); d-first < len(docs) {
				out = append(out, strings.Split(docs[d-first], "\x1e")...)
			}
		}
		return out
	}

	// "nup": the glossary's entry, as the heading of its passage.
	g := doc("/glossario/")
	p, ok := postings("nup")[g]
	if !ok {
		t.Fatal("nup: /glossario/ not found")
	}
	found := false
	for _, c := range p[1:] {
		if n, ok := strings.CutPrefix(c, "-"); ok {
			k, _ := strconv.ParseInt(n, 36, 32)
			got := passages(g)[k]
			if strings.HasPrefix(got, "numero-unico-de-protocolo\nNúmero Único de Protocolo (NUP)\n") && strings.Contains(got, "identifica o processo") {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("nup: no passage of /glossario/ under the entry's heading: %q", p)
	}
	// "in": the IN's page, by its short name, with a title's weight.
	w, _ := strconv.ParseInt(postings("in")[doc("/normas/in-15-2024/")][0], 36, 32)
	if w < 64 {
		t.Errorf("in: weight %d in /normas/in-15-2024/; want a title's (≥ 64)", w)
	}
	// A table row: its cells separated.
	if text := strings.Join(passages(doc("/procedimentos/")), "\n"); !strings.Contains(text, "desativar | Chefe da unidade") {
		t.Errorf("/procedimentos/: no table row with its cells apart in %q", text)
	}
}
