package search

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/seiportal/seiportal/internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestFoldAndWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Órgão", "orgao"},
		{"AÇÕES", "acoes"},
		{"Straße", "strasse"},
		{"1º andar, 2ª via", "1o andar, 2a via"},
		{"naïve Ångström", "naive angstrom"},
		// The degree sign stands for º in pt-BR texts (portaria 41/2022:
		// "Art. 1°"), so "art 1º" finds it; slugs always folded it so.
		{"Art. 1° § 2°", "art. 1o  paragrafo  2o"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	got := strings.Join(Words("Art. 29 — criação de unidade (SEI/UFT); e-mail"), "|")
	if want := "art|29|criacao|de|unidade|sei|uft|e|mail"; got != want {
		t.Errorf("Words = %q; want %q", got, want)
	}
}

func TestStemConflates(t *testing.T) {
	groups := [][]string{
		{"orgao", "órgão", "órgãos", "ORGAOS"},
		{"unidade", "unidades", "Unidade"},
		{"ação", "ações", "acao"},
		{"desativação", "desativar", "desativada", "desativadas", "desativado"},
		{"focal", "focais"},
		{"gestor", "gestores"},
		{"militar", "militares"},
		{"item", "itens"},
		{"papel", "papéis"},
		{"civil", "civis"},
		{"útil", "úteis"},
		{"país", "países"},
		{"mês", "meses"},
		{"análise", "análises"},
		{"usuário", "usuários", "usuária"},
		{"cadastramento", "cadastrar", "cadastro", "cadastros"},
		{"designação", "designações", "designar", "designados"},
		{"atual", "atualmente"},
		{"criação", "criar", "criada", "criados", "cria"},
		{"fazer", "faz"},
	}
	for _, g := range groups {
		want := Terms(g[0])
		if len(want) != 1 {
			t.Fatalf("Terms(%q) = %q; want one term", g[0], want)
		}
		for _, w := range g[1:] {
			if got := Terms(w); len(got) != 1 || got[0] != want[0] {
				t.Errorf("Terms(%q) = %q; want [%q] as for %q", w, got, want[0], g[0])
			}
		}
	}
	distinct := [][2]string{{"pais", "pai"}, {"depois", "depor"}, {"gestão", "gestor"}, {"ato", "ata"}}
	for _, d := range distinct {
		if a, b := Terms(d[0]), Terms(d[1]); strings.Join(a, "") == strings.Join(b, "") {
			t.Errorf("Terms(%q) = Terms(%q) = %q; want different stems", d[0], d[1], a)
		}
	}
}

func TestTermsDropStopWordsAndLoneLetters(t *testing.T) {
	got := strings.Join(Terms("A criação da unidade é feita pelo órgão e o prazo é de 5 dias (art. 12, inciso I)"), " ")
	want := "cri unidad feit orgao praz 5 dia art 12 inc"
	if got != want {
		t.Errorf("Terms = %q; want %q", got, want)
	}
}

func loadDocs(t testing.TB) []Doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	if err := json.Unmarshal(data, &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

type entryFile struct {
	V string   `json:"v"`
	K []string `json:"k"`
	S []string `json:"s"`
	D [][]any  `json:"d"`
	T []int    `json:"t"`
	C []int    `json:"c"`
}

func parseEntry(t *testing.T, files map[string][]byte) entryFile {
	t.Helper()
	var e entryFile
	if err := json.Unmarshal(files[EntryPath], &e); err != nil {
		t.Fatalf("%s: %v", EntryPath, err)
	}
	return e
}

// lookup returns the index line of stem, found as busca.js finds it: in the
// shard with the longest key that is a prefix of the stem.
func lookup(t *testing.T, files map[string][]byte, e entryFile, stem string) string {
	t.Helper()
	best, bestLen := -1, -1
	kp := string(keyPath(stem))
	for i, k := range e.K {
		if len(k) > bestLen && strings.HasPrefix(kp, k) {
			best, bestLen = i, len(k)
		}
	}
	if best < 0 {
		return ""
	}
	name := "busca/" + e.V + "/i/" + strconv.Itoa(best) + ".txt"
	data, ok := files[name]
	if !ok {
		t.Fatalf("shard %s missing", name)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if s, rest, ok := strings.Cut(l, "\t"); ok && s == stem {
			return rest
		}
	}
	return ""
}

func TestBuildIndex(t *testing.T) {
	docs := loadDocs(t)
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	e := parseEntry(t, files)
	if len(e.V) != 10 {
		t.Errorf("version %q; want 10 hex digits", e.V)
	}
	if len(e.D) != len(docs) {
		t.Fatalf("entry has %d documents; want %d", len(e.D), len(docs))
	}
	// Documents are sorted by URL; their section is an index into s.
	var urls []string
	for _, d := range e.D {
		urls = append(urls, d[0].(string))
	}
	if !sort.StringsAreSorted(urls) {
		t.Errorf("documents not sorted by URL: %q", urls)
	}
	docIndex := map[string]int{}
	for i, u := range urls {
		docIndex[u] = i
	}
	unidades := docIndex["/procedimentos/unidades/"]
	if sec := e.S[int(e.D[unidades][2].(float64))]; sec != "Procedimentos" {
		t.Errorf("section of /procedimentos/unidades/ = %q; want Procedimentos", sec)
	}

	// "unidad" is in the title of /procedimentos/unidades/: weight ≥ 64.
	line := lookup(t, files, e, "unidad")
	if line == "" {
		t.Fatal(`stem "unidad" not in the index`)
	}
	postings := decodePostings(t, line)
	p, ok := postings[unidades]
	if !ok || p.weight < titleWeight {
		t.Errorf("unidad in /procedimentos/unidades/: %+v; want a title weight (≥ %d)", p, titleWeight)
	}
	if _, ok := postings[docIndex["/glossario/"]]; ok {
		t.Errorf("unidad found in /glossario/, which does not have it")
	}
	// "desativ" is in the heading "Desativação de unidade": its passage is
	// under that heading.
	line = lookup(t, files, e, "desativ")
	dp := decodePostings(t, line)[unidades]
	if len(dp.chunks) == 0 {
		t.Fatalf("desativ has no passage in /procedimentos/unidades/")
	}
	passage := passageOf(t, files, e, unidades, dp.chunks[0])
	if !strings.HasPrefix(passage, "desativacao-de-unidade\nDesativação de unidade\n") {
		t.Errorf("passage of desativ starts %q; want the heading desativacao-de-unidade", firstLines(passage))
	}
	// That passage is marked as one whose heading has the stem; a passage
	// that has it only in its text is not.
	if !slices.Contains(dp.heads, dp.chunks[0]) {
		t.Errorf("desativ: passage %d of /procedimentos/unidades/ not marked as under a heading with the stem: %+v", dp.chunks[0], dp)
	}
	for _, c := range dp.chunks {
		pc := passageOf(t, files, e, unidades, c)
		head := strings.SplitN(pc, "\n", 3)[1]
		if slices.Contains(dp.heads, c) != strings.Contains(Fold(head), "desativ") {
			t.Errorf("desativ: passage %d under heading %q marked %v", c, head, slices.Contains(dp.heads, c))
		}
	}
	if strings.Contains(passage, "\nUnidades: criação e desativação\n") {
		t.Errorf("the title line is repeated in a passage")
	}
	// Stop words are not indexed.
	for _, s := range []string{"de", "que", "para"} {
		if lookup(t, files, e, s) != "" {
			t.Errorf("stop word %q is in the index", s)
		}
	}
	// Every file but the entry lives under the version directory.
	for name := range files {
		if name != EntryPath && !strings.HasPrefix(name, "busca/"+e.V+"/") {
			t.Errorf("file %s outside busca/%s/", name, e.V)
		}
	}
}

type decoded struct {
	weight int
	chunks []int
	heads  []int // the chunks written "-N": their heading has the stem
}

func decodePostings(t *testing.T, line string) map[int]decoded {
	t.Helper()
	out := map[int]decoded{}
	doc := 0
	for _, p := range strings.Split(line, ";") {
		f := strings.Split(p, ",")
		if len(f) < 2 {
			t.Fatalf("bad posting %q in %q", p, line)
		}
		d := parse36(t, f[0])
		doc += d
		var cs, hs []int
		for _, c := range f[2:] {
			h, isHead := strings.CutPrefix(c, "-")
			cs = append(cs, parse36(t, h))
			if isHead {
				hs = append(hs, parse36(t, h))
			}
		}
		out[doc] = decoded{weight: parse36(t, f[1]), chunks: cs, heads: hs}
	}
	return out
}

func parse36(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*36 + int(r-'0')
		case r >= 'a' && r <= 'z':
			n = n*36 + int(r-'a') + 10
		default:
			t.Fatalf("bad base-36 number %q", s)
		}
	}
	return n
}

func firstLines(s string) string {
	parts := strings.SplitN(s, "\n", 3)
	return strings.Join(parts[:min(2, len(parts))], "\n")
}

func TestBuildDeterministic(t *testing.T) {
	docs := loadDocs(t)
	a, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	rev := append([]Doc(nil), docs...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	for i := 0; i < 3; i++ {
		in := docs
		if i == 1 {
			in = rev
		}
		b, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(archive(a), archive(b)) {
			t.Fatalf("build %d differs from the first", i)
		}
	}
	changed := append([]Doc(nil), docs...)
	changed[0].Text += "\nTexto novo."
	c, err := Build(changed)
	if err != nil {
		t.Fatal(err)
	}
	var ea, ec entryFile
	json.Unmarshal(a[EntryPath], &ea)
	json.Unmarshal(c[EntryPath], &ec)
	if ea.V == ec.V {
		t.Errorf("changing a text kept the version %s", ea.V)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		docs []Doc
		want string
	}{
		{[]Doc{{URL: "/a/", Title: "A"}, {URL: "/a/", Title: "B"}}, `busca: endereço repetido "/a/" (páginas "A" e "B")`},
		{[]Doc{{URL: "a/", Title: "A"}}, `busca: a página "A" tem endereço inválido (deve começar com "/")`},
		{[]Doc{{URL: "", Title: "Sem"}}, `busca: a página "Sem" tem endereço inválido`},
	}
	for _, tt := range tests {
		_, err := Build(tt.docs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Build(%v) error = %v; want %q", tt.docs, err, tt.want)
		}
	}
	// No documents, or empty ones, still make a valid index.
	for _, docs := range [][]Doc{nil, {{URL: "/"}}} {
		files, err := Build(docs)
		if err != nil {
			t.Fatalf("Build(%v): %v", docs, err)
		}
		parseEntry(t, files)
	}
}

// archive lays the files out as a txtar, sorted by name.
func archive(files map[string][]byte) []byte {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var a txtar.Archive
	for _, n := range names {
		data := files[n]
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(append([]byte(nil), data...), '\n')
		}
		a.Files = append(a.Files, txtar.File{Name: n, Data: data})
	}
	return txtar.Format(&a)
}

func TestBuildGolden(t *testing.T) {
	files, err := Build(loadDocs(t))
	if err != nil {
		t.Fatal(err)
	}
	got := archive(files)
	golden := filepath.Join("testdata", "index.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator/search -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("index differs from %s (run go test ./generator/search -update and review the diff):\n%s", golden, got)
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"", "Órgãos e unidades", "ações ÇÃO ß æ œ ø ł đ º ª", "ΣΟΦΟΣ İ ﬁ Ⅻ ½", "a\x00b\xff\xfe", "mente amento sao cao", "ns s es"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range Terms(s) {
			if term == "" {
				t.Fatalf("Terms(%q) has an empty term", s)
			}
			if strings.ContainsAny(term, "\t\n;,") {
				t.Fatalf("Terms(%q) has a term with a separator: %q", s, term)
			}
		}
		files, err := Build([]Doc{{URL: "/x/", Title: s, Text: s, Headings: []Heading{{ID: "h", Text: s}}}})
		if err != nil {
			t.Fatal(err)
		}
		var e entryFile
		if err := json.Unmarshal(files[EntryPath], &e); err != nil {
			t.Fatalf("entry: %v", err)
		}
		if len(e.K) == 0 && len(Terms(s)) > 0 {
			t.Fatalf("no shard for %q", s)
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	docs := loadDocs(b)
	// About the default portal: 30 pages, ~150 KB of text.
	var big []Doc
	for i := 0; i < 5; i++ {
		for _, d := range docs {
			d.URL = d.URL + strconv.Itoa(i) + "/"
			d.Text = strings.Repeat(d.Text+"\n", 8)
			big = append(big, d)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(big); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSplitFindsHeadings(t *testing.T) {
	d := Doc{
		Title: "Guia",
		Text: "Guia\nIntrodução curta.\nCriação\nTexto da criação.\nArt. 34. A desativação de unidade.\n" +
			"Art. 340. Outro artigo.\nSem título\n",
		Headings: []Heading{{"criacao", "Criação"}, {"art34", "Art. 34"}, {"art340", "Art. 340"}, {"nada", "Não existe"}, {"vazio", "—"}},
	}
	chunks, headChunk := newAnalysis().split(d)
	var got []string
	for _, c := range chunks {
		got = append(got, strconv.Itoa(c.heading)+":"+c.text)
	}
	want := []string{
		"-1:Introdução curta.",
		"0:Texto da criação.",
		"1:Art. 34. A desativação de unidade.",
		"2:Art. 340. Outro artigo.\nSem título",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("passages:\n%q\nwant\n%q", got, want)
	}
	if want := []int{1, 2, 3, -1, -1}; !slices.Equal(headChunk, want) {
		t.Errorf("heading passages %v; want %v", headChunk, want)
	}
}

func TestPiecesCutLongParagraphs(t *testing.T) {
	long := strings.Repeat("Uma frase de teste com palavras. ", 60)
	ps := pieces(strings.TrimSpace(long), maxChunk)
	if len(ps) < 3 {
		t.Fatalf("%d pieces; want several", len(ps))
	}
	for _, p := range ps {
		if len(p) > maxChunk {
			t.Errorf("piece of %d bytes > %d", len(p), maxChunk)
		}
		if !strings.HasSuffix(p, ".") {
			t.Errorf("piece %q not cut at a sentence end", p[max(0, len(p)-20):])
		}
	}
	if got := strings.Join(ps, " "); got != strings.TrimSpace(long) {
		t.Errorf("pieces lose text")
	}
	if ps := pieces(strings.Repeat("x", 2*maxChunk), maxChunk); len(ps) != 1 {
		t.Errorf("a word without spaces was cut: %d pieces", len(ps))
	}
}

// passageOf reads passage chunk of document doc from the passage files, as
// busca.js does.
func passageOf(t *testing.T, files map[string][]byte, e entryFile, doc, chunk int) string {
	t.Helper()
	b := 0
	for i, s := range e.T {
		if s < doc || s == doc && e.C[i] <= chunk {
			b = i
		}
	}
	data, ok := files["busca/"+e.V+"/t/"+strconv.Itoa(b)+".txt"]
	if !ok {
		t.Fatalf("passage file %d missing", b)
	}
	docs := strings.Split(string(data), "\x1d")
	k := doc - e.T[b]
	if k >= len(docs) {
		t.Fatalf("document %d not in passage file %d", doc, b)
	}
	first := 0
	if k == 0 {
		first = e.C[b]
	}
	parts := strings.Split(docs[k], "\x1e")
	if chunk-first < 0 || chunk-first >= len(parts) {
		t.Fatalf("passage %d of document %d not in passage file %d", chunk, doc, b)
	}
	return parts[chunk-first]
}

func TestOneLineMatchesFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a b", "a b ", "a  b", "a\tb", "a\u00a0b", "a\u2003b", "órgão público", "x\u0085y", "\xffa b", "a \xff"} {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneLine(%q) = %q; want %q", s, got, want)
		}
	}
}

// TestIndexConcurrentAdd adds the documents from several goroutines, as the
// generator does while it renders pages: the files must be those of Build.
func TestIndexConcurrentAdd(t *testing.T) {
	docs := loadDocs(t)
	want, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 3; round++ {
		x := NewIndex()
		var wg sync.WaitGroup
		next := make(chan Doc)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for d := range next {
					if err := x.Add(d); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		for _, i := range rand.New(rand.NewPCG(uint64(round), 1)).Perm(len(docs)) {
			next <- docs[i]
		}
		close(next)
		wg.Wait()
		got, err := x.Files()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(archive(got), archive(want)) {
			t.Fatalf("round %d: concurrent Add gives other files than Build", round)
		}
	}
}

// TestPassageFilesSplitLongPages checks that a page longer than a passage
// file (a long norm, the glossary) is spread over several files, none much
// larger than bundleMax, and that every passage of every page is found, as
// busca.js finds it, exactly where the postings say.
func TestPassageFilesSplitLongPages(t *testing.T) {
	x := NewIndex()
	for _, d := range longDocs() {
		if err := x.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]string{}
	for _, d := range x.docs {
		want[d.url] = strings.Split(d.text, passageSep)
	}
	files, err := x.Files()
	if err != nil {
		t.Fatal(err)
	}
	e := parseEntry(t, files)
	if len(e.T) < 4 || len(e.C) != len(e.T) {
		t.Fatalf("passage files start at %v, %v; want several, one first passage each", e.T, e.C)
	}
	split := false
	for i := range e.T {
		if e.C[i] > 0 {
			split = true
		}
		data := files["busca/"+e.V+"/t/"+strconv.Itoa(i)+".txt"]
		if len(data) > bundleMax+maxChunk+200 {
			t.Errorf("passage file %d has %d bytes; want about %d at most", i, len(data), bundleMax)
		}
	}
	if !split {
		t.Errorf("no passage file starts inside a page: %v %v", e.T, e.C)
	}
	for di, d := range e.D {
		url := d[0].(string)
		for c, p := range want[url] {
			if got := passageOf(t, files, e, di, c); got != p {
				t.Errorf("%s passage %d: %q; want %q", url, c, firstLines(got), firstLines(p))
			}
		}
	}
	// The postings of a word of the last page's last section point to it.
	line := lookup(t, files, e, "marcador3x38")
	for doc, p := range decodePostings(t, line) {
		for _, c := range p.chunks {
			if got := passageOf(t, files, e, doc, c); !strings.Contains(got, "marcador3x38") {
				t.Errorf("marcador3x38: passage %d of document %d is %q", c, doc, firstLines(got))
			}
		}
	}
}

// longDocs returns four pages, the last ones longer than a passage file:
// page d has sections h0… each with the word "marcadorDxH".
func longDocs() []Doc {
	var docs []Doc
	for d := 0; d < 4; d++ {
		doc := Doc{URL: "/p" + strconv.Itoa(d) + "/", Title: "Página " + strconv.Itoa(d)}
		n := 3 + d*12 // the last pages need several files each
		for h := 0; h < n; h++ {
			id := "h" + strconv.Itoa(h)
			doc.Headings = append(doc.Headings, Heading{ID: id, Text: "Seção " + id})
			doc.Text += "Seção " + id + "\n" + strings.Repeat("Texto marcador"+strconv.Itoa(d)+"x"+strconv.Itoa(h)+" da seção. ", 20) + "\n"
		}
		docs = append(docs, doc)
	}
	return docs
}
