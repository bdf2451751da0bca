// Package search builds the portal's client-side search index at generation
// time: a small entry file, an inverted index of folded Portuguese stems
// sharded by prefix, and passage files (each page's text cut at headings into
// passages of about 480 bytes, so results link to the nearest heading; the
// passages of consecutive pages share a file of about 8 KB), so a first
// search fetches only the entry, the shard of each query term and the
// passage files of the results it shows — far less than Pagefind on the same
// pages: scripts/bench-search.sh measures both. Few files keep large sites
// quick to write. templates/static/js/busca.js reads
// it; analyze.go has the text analysis both sides share.
//
// Files (paths relative to public/, V a hash of the content):
//
//	busca/indice.json        {"v":V,"k":[shard keys],"s":[sections],"d":[[url,title,section],…],
//	                         "t":[first document of each passage file]}
//	busca/V/i/N.txt          shard N: one line per stem, "stem\tposting;posting…"
//	busca/V/t/B.txt          passage file B: consecutive documents separated by
//	                         U+001D, each its passages separated by U+001E,
//	                         "heading id\nheading text\ntext"
//
// A stem is in the shard whose key is the longest prefix of the stem's first
// three runes (a–z, 0–9, anything else "_"). A posting is
// "docDelta,weight[,passage…]" in base 36: the document index minus the
// previous posting's, the weight (64 if the stem is in the title, +16 per
// heading up to three, +1 per body occurrence up to 15) and the passages of
// the document where the stem occurs (in the body, or as the first passage
// under a heading that has it). Documents are numbered in URL order.
//
// Passages are cut at headings and at about 480 bytes. A heading is found in
// Doc.Text as a line of its own or as the first words of a line (a norm's
// "Art. 29" starts "Art. 29. A criação…"); a heading not found still counts
// for the weight of its words, but no passage links to it.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Doc is one page to index.
type Doc struct {
	URL      string // "/procedimentos/unidades/"
	Title    string
	Section  string // title of the top-level section ("Procedimentos"), "" for the home
	Text     string // plain text of the page body (no markup), paragraphs separated by "\n"
	Headings []Heading
}

// Heading is a heading of a page, to link a result to the nearest one.
type Heading struct {
	ID   string // fragment id, without "#"
	Text string
}

// EntryPath is the file busca.js fetches first, relative to public/.
const EntryPath = "busca/indice.json"

const (
	maxChunk = 480 // bytes of text per passage, roughly
	// passageSep separates the passages of a document, and docSep the
	// documents of a passage file (ASCII record and group separators, never
	// part of page text).
	passageSep   = "\x1e"
	docSep       = "\x1d"
	bundleMax    = 8 << 10 // bytes of passages per file, roughly
	maxBundles   = 1024    // passage files at most, roughly: larger sites get larger files
	maxShard     = 3000    // bytes of index lines per shard before it is split
	maxKeyLen    = 3       // runes of a shard key
	titleWeight  = 64
	headWeight   = 16
	maxHeadings  = 3
	maxBodyCount = 15
)

type chunk struct {
	heading int // index into Doc.Headings, -1 for none
	text    string
}

// posting is the occurrence of one stem in one document.
// It is kept small: a large site has millions of them.
type posting struct {
	doc    int
	heads  int32
	body   int32
	title  bool
	chunks []int32
}

func (p *posting) addChunk(c int) {
	if c < 0 {
		return
	}
	for _, x := range p.chunks {
		if int(x) == c {
			return
		}
	}
	p.chunks = append(p.chunks, int32(c))
}

func (p *posting) weight() int {
	w := min(int(p.heads), maxHeadings)*headWeight + min(int(p.body), maxBodyCount)
	if p.title {
		w += titleWeight
	}
	return w
}

// Build returns the files of the search index, keyed by path relative to
// public/. The same documents, in any order, give the same bytes.
func Build(docs []Doc) (map[string][]byte, error) {
	docs = append([]Doc(nil), docs...)
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	for i, d := range docs {
		if d.URL == "" || !strings.HasPrefix(d.URL, "/") {
			return nil, fmt.Errorf("busca: a página %q tem endereço inválido (deve começar com \"/\")", d.Title)
		}
		if i > 0 && docs[i-1].URL == d.URL {
			return nil, fmt.Errorf("busca: endereço repetido %q (páginas %q e %q)", d.URL, docs[i-1].Title, d.Title)
		}
	}

	postings := map[string][]*posting{} // stem → postings in document order
	at := func(stem string, doc int) *posting {
		ps := postings[stem]
		if n := len(ps); n > 0 && ps[n-1].doc == doc {
			return ps[n-1]
		}
		p := &posting{doc: doc}
		postings[stem] = append(ps, p)
		return p
	}
	files := map[string][]byte{}
	var passages []struct {
		name string
		data []byte
	}
	// The text analysis of each document is independent: run it on every
	// core, then merge in document order, so the output does not depend on
	// scheduling.
	// Documents go in batches, so that only one batch's terms are in memory.
	docTexts := make([]string, len(docs))
	const batch = 256
	analyses := make([]docAnalysis, batch)
	workers := runtime.GOMAXPROCS(0)
	for lo := 0; lo < len(docs); lo += batch {
		hi := min(lo+batch, len(docs))
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for di := range next {
					analyses[di-lo] = analyze(docs[di])
				}
			}()
		}
		for di := lo; di < hi; di++ {
			next <- di
		}
		close(next)
		wg.Wait()
		for di := lo; di < hi; di++ {
			a := &analyses[di-lo]
			for _, t := range a.title {
				at(t, di).title = true
			}
			for hi, terms := range a.heads {
				for _, t := range terms {
					p := at(t, di)
					p.heads++
					p.addChunk(a.headChunk[hi])
				}
			}
			for ci, terms := range a.chunks {
				for _, t := range terms {
					p := at(t, di)
					p.body++
					p.addChunk(ci)
				}
			}
			docTexts[di] = a.text
			*a = docAnalysis{}
		}
	}
	// Passage files hold consecutive documents, up to about bundleMax bytes
	// (more on sites so large that this would make over maxBundles files)
	// each (one document at least): few files to write on large sites, small
	// files to fetch for each result.
	limit, total := bundleMax, 0
	for _, t := range docTexts {
		total += len(t)
	}
	limit = max(limit, total/maxBundles)
	var bundleStarts []int
	for di := 0; di < len(docTexts); {
		start, size := di, 0
		var texts []string
		for di < len(docTexts) && (di == start || size+len(docTexts[di]) <= limit) {
			size += len(docTexts[di])
			texts = append(texts, docTexts[di])
			di++
		}
		passages = append(passages, struct {
			name string
			data []byte
		}{fmt.Sprintf("t/%d.txt", len(bundleStarts)), []byte(strings.Join(texts, docSep))})
		bundleStarts = append(bundleStarts, start)
	}

	stems := make([]string, 0, len(postings))
	for s := range postings {
		stems = append(stems, s)
	}
	sort.Strings(stems)
	lines := make([]string, len(stems))
	for i, s := range stems {
		lines[i] = indexLine(s, postings[s])
	}
	shards := shard(stems, lines)

	h := sha256.New()
	var shardFiles [][]byte
	for _, sh := range shards {
		data := []byte(strings.Join(sh.lines, ""))
		shardFiles = append(shardFiles, data)
		fmt.Fprintf(h, "i %q %d\n", sh.key, len(data))
		h.Write(data)
	}
	for _, p := range passages {
		fmt.Fprintf(h, "t %s %d\n", p.name, len(p.data))
		h.Write(p.data)
	}
	entry := struct {
		V string   `json:"v"`
		K []string `json:"k"`
		S []string `json:"s"`
		D [][]any  `json:"d"`
		T []int    `json:"t"`
	}{K: []string{}, S: []string{}, D: [][]any{}, T: bundleStarts}
	sections := map[string]int{}
	for _, d := range docs {
		sec, ok := sections[d.Section]
		if !ok {
			sec = len(entry.S)
			sections[d.Section] = sec
			entry.S = append(entry.S, d.Section)
		}
		title := oneLine(d.Title)
		if title == "" {
			title = d.URL
		}
		entry.D = append(entry.D, []any{d.URL, title, sec})
	}
	for _, sh := range shards {
		entry.K = append(entry.K, sh.key)
	}
	data, err := json.Marshal(entry.D)
	if err != nil {
		return nil, fmt.Errorf("busca: %w", err)
	}
	h.Write(data)
	entry.V = hex.EncodeToString(h.Sum(nil))[:10]

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(entry); err != nil {
		return nil, fmt.Errorf("busca: %w", err)
	}
	files[EntryPath] = buf.Bytes()
	dir := "busca/" + entry.V + "/"
	for i, data := range shardFiles {
		files[dir+"i/"+strconv.Itoa(i)+".txt"] = data
	}
	for _, p := range passages {
		files[dir+p.name] = p.data
	}
	return files, nil
}

// docAnalysis is the terms of one document, by where they occur, and the
// text of its passage file entry.
type docAnalysis struct {
	title     []string
	heads     [][]string // terms of each heading
	headChunk []int      // passage under each heading
	chunks    [][]string // terms of each passage
	text      string     // passages, separated by passageSep
}

func analyze(d Doc) docAnalysis {
	var a docAnalysis
	title := d.Title
	if strings.TrimSpace(title) == "" {
		title = d.URL
	}
	a.title = Terms(title)
	chunks, headChunk := split(d)
	a.headChunk = headChunk
	for _, h := range d.Headings {
		a.heads = append(a.heads, Terms(h.Text))
	}
	parts := make([]string, 0, len(chunks))
	for _, c := range chunks {
		a.chunks = append(a.chunks, Terms(c.text))
		var id, htext string
		if c.heading >= 0 {
			id, htext = d.Headings[c.heading].ID, oneLine(d.Headings[c.heading].Text)
		}
		parts = append(parts, strings.ReplaceAll(id+"\n"+htext+"\n"+c.text, passageSep, ""))
	}
	a.text = strings.ReplaceAll(strings.Join(parts, passageSep), docSep, "")
	return a
}

// indexLine is "stem\tdocDelta,weight,chunk…;…\n" in base 36.
func indexLine(stem string, ps []*posting) string {
	var b strings.Builder
	b.WriteString(stem)
	b.WriteByte('\t')
	prev := 0
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.FormatInt(int64(p.doc-prev), 36))
		prev = p.doc
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(int64(p.weight()), 36))
		slices.Sort(p.chunks)
		for _, c := range p.chunks {
			b.WriteByte(',')
			b.WriteString(strconv.FormatInt(int64(c), 36))
		}
	}
	b.WriteByte('\n')
	return b.String()
}

// oneLine collapses the white space of s.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// split cuts the text of d into passages and returns them with, for each
// heading, the passage that starts under it (-1 when the heading is not
// found in the text). Headings are found in order, as whole lines of the
// text or as the first words of a line; a first line equal to the title is
// left out.
func split(d Doc) ([]chunk, []int) {
	var lines []string
	for _, l := range strings.Split(d.Text, "\n") {
		if l = oneLine(l); l != "" {
			lines = append(lines, l)
		}
	}
	// A heading is found as a line of its own, or else as the start of a
	// line ("Art. 29" starts "Art. 29. A criação…"), word by word.
	lineWords := make([][]string, len(lines))
	for j, l := range lines {
		lineWords[j] = Words(l)
	}
	type headLine struct {
		heading int
		own     bool // the line is the heading and nothing else
	}
	headAt := map[int]headLine{}
	next := 0
	for hi, h := range d.Headings {
		hw := Words(h.Text)
		if len(hw) == 0 {
			continue
		}
		found := -1
		for j := next; j < len(lines) && found < 0; j++ {
			if slices.Equal(lineWords[j], hw) {
				found = j
			}
		}
		for j := next; j < len(lines) && found < 0; j++ {
			if len(lineWords[j]) > len(hw) && slices.Equal(lineWords[j][:len(hw)], hw) {
				found = j
			}
		}
		if found >= 0 {
			headAt[found] = headLine{hi, len(lineWords[found]) == len(hw)}
			next = found + 1
		}
	}
	headChunk := make([]int, len(d.Headings))
	for i := range headChunk {
		headChunk[i] = -1
	}
	var chunks []chunk
	cur := -1
	var buf []string
	size := 0
	flush := func() {
		if len(buf) > 0 {
			chunks = append(chunks, chunk{heading: cur, text: strings.Join(buf, "\n")})
		}
		buf, size = nil, 0
	}
	var pending []int // headings waiting for their first passage
	for j, l := range lines {
		if h, ok := headAt[j]; ok {
			flush()
			cur = h.heading
			pending = append(pending, h.heading)
			if h.own {
				continue
			}
		}
		if j == 0 && Fold(l) == Fold(oneLine(d.Title)) {
			continue
		}
		for _, piece := range pieces(l, maxChunk) {
			if size > 0 && size+len(piece) > maxChunk {
				flush()
			}
			if size == 0 {
				for _, hi := range pending {
					headChunk[hi] = len(chunks)
				}
				pending = pending[:0]
			}
			buf = append(buf, piece)
			size += len(piece) + 1
		}
	}
	flush()
	if len(chunks) == 0 {
		chunks = append(chunks, chunk{heading: -1})
	}
	return chunks, headChunk
}

// pieces cuts a long paragraph at sentence ends (or, failing that, at
// spaces) into parts of about max bytes.
func pieces(l string, max int) []string {
	var out []string
	for len(l) > max {
		cut := -1
		for i := max; i > max/3; i-- {
			if l[i] == ' ' && (l[i-1] == '.' || l[i-1] == ';' || l[i-1] == ':') {
				cut = i
				break
			}
		}
		if cut < 0 {
			for i := max; i > 0; i-- {
				if l[i] == ' ' {
					cut = i
					break
				}
			}
		}
		if cut <= 0 {
			break
		}
		out = append(out, l[:cut])
		l = l[cut+1:]
	}
	return append(out, l)
}

type shardOut struct {
	key   string
	lines []string
}

// keyPath maps the runes of a stem to shard key runes: a–z and 0–9 kept,
// anything else "_".
func keyPath(stem string) []rune {
	var out []rune
	for _, r := range stem {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			out = append(out, r)
		} else {
			out = append(out, '_')
		}
		if len(out) == maxKeyLen {
			break
		}
	}
	return out
}

// shard groups the sorted index lines by key prefix: a group larger than
// maxShard is split by the next rune of its stems, up to maxKeyLen runes;
// stems equal to the prefix stay in a shard of their own. A stem belongs to
// the shard with the longest key that is a prefix of its key path.
func shard(stems, lines []string) []shardOut {
	var out []shardOut
	var rec func(key string, idx []int)
	rec = func(key string, idx []int) {
		size := 0
		for _, i := range idx {
			size += len(lines[i])
		}
		klen := len([]rune(key))
		if size <= maxShard || klen >= maxKeyLen {
			sh := shardOut{key: key}
			for _, i := range idx {
				sh.lines = append(sh.lines, lines[i])
			}
			out = append(out, sh)
			return
		}
		var exact []int
		groups := map[rune][]int{}
		var order []rune
		for _, i := range idx {
			p := keyPath(stems[i])
			if len(p) <= klen {
				exact = append(exact, i)
				continue
			}
			r := p[klen]
			if _, ok := groups[r]; !ok {
				order = append(order, r)
			}
			groups[r] = append(groups[r], i)
		}
		if len(exact) > 0 {
			sh := shardOut{key: key}
			for _, i := range exact {
				sh.lines = append(sh.lines, lines[i])
			}
			out = append(out, sh)
		}
		sort.Slice(order, func(a, b int) bool { return order[a] < order[b] })
		for _, r := range order {
			rec(key+string(r), groups[r])
		}
	}
	idx := make([]int, len(stems))
	for i := range idx {
		idx[i] = i
	}
	rec("", idx)
	sort.SliceStable(out, func(a, b int) bool { return out[a].key < out[b].key })
	return out
}
