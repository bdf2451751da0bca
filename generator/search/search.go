// Package search builds the portal's client-side search index at generation
// time: a small entry file, an inverted index of folded Portuguese stems
// sharded by prefix, and passage files (each page's text cut at headings into
// passages of about 480 bytes, so results link to the nearest heading;
// consecutive passages, of one page or of consecutive pages, share a file of
// about 4 KB), so a first search fetches only the entry, the shard of each
// query term and the passage files of the results it shows — far less than
// Pagefind on the same pages: scripts/bench-search.sh measures both. Few files keep large sites
// quick to write. templates/static/js/busca.js reads
// it; analyze.go has the text analysis both sides share.
//
// Files (paths relative to public/, V a hash of the content):
//
//	busca/indice.json        {"v":V,"k":[shard keys],"s":[sections],"d":[[url,title,section],…],
//	                         "t":[first document of each passage file],
//	                         "c":[its first passage in that document]}
//	busca/V/i/N.txt          shard N: one line per stem, "stem\tposting;posting…"
//	busca/V/t/B.txt          passage file B: consecutive passages, from passage
//	                         c[B] of document t[B] on, each "heading id\nheading
//	                         text\ntext"; U+001D before the first passage of the
//	                         next document, U+001E between passages of one
//
// A stem is in the shard whose key is the longest prefix of the stem's first
// three runes (a–z, 0–9, anything else "_"). A posting is
// "docDelta,weight[,passage…]" in base 36: the document index minus the
// previous posting's, the weight (64 if the stem is in the title or the
// keywords, +16 per heading up to three, +1 per body occurrence up to 15)
// and the passages of the document where the stem occurs (in the body, or
// as the first passage under a heading that has it; the latter are written
// with a "-" before them, so that busca.js knows a passage whose heading
// has every word of a query). Documents are numbered in URL order.
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
	"unicode"
	"unicode/utf8"
)

// Doc is one page to index.
type Doc struct {
	URL      string // "/procedimentos/unidades/"
	Title    string
	Section  string // title of the top-level section ("Procedimentos"), "" for the home
	Text     string // plain text of the page body (no markup), paragraphs separated by "\n"
	Headings []Heading
	// Keywords are other names of the page ("IN nº 15/2024" for the norm
	// whose title is "Instrução Normativa nº 15/2024"): their words weigh
	// as if they were in the title, and are shown nowhere.
	Keywords string
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
	bundleMax    = 4 << 10 // bytes of passages per file, roughly
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
	terms   []string // index terms of text
}

// posting is the occurrence of one stem in one document.
// It is kept small: a large site has millions of them.
type posting struct {
	heads      int32
	body       int32
	title      bool
	chunks     []int32
	headChunks []int32 // the chunks among chunks whose heading has the stem
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
	x := NewIndex()
	for _, d := range docs {
		if err := x.Add(d); err != nil {
			return nil, err
		}
	}
	return x.Files()
}

// Index gathers documents one at a time, so that a generator can index each
// page as it renders it, on every core, and drop its text. Add is safe for
// concurrent use; the files do not depend on the order of the calls.
type Index struct {
	scratch sync.Pool // *analysis, one per concurrent Add

	mu    sync.Mutex
	docs  []indexedDoc
	stems map[string]*stemPostings
}

// indexedDoc is what the entry file and the passage files need of a
// document.
type indexedDoc struct {
	url, title, section string
	text                string // passages, separated by passageSep
}

// stemPostings holds the postings of one stem compactly (a large site has
// millions): the document of each (its number in Add order) and the rest of
// each posting as text, ",weight[,passage…]" in base 36.
type stemPostings struct {
	docs []int32
	ends []int32 // end of each posting's text in tail
	tail []byte
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{stems: map[string]*stemPostings{}} }

// Add analyses a document and adds it to the index.
func (x *Index) Add(d Doc) error {
	if d.URL == "" || !strings.HasPrefix(d.URL, "/") {
		return fmt.Errorf("busca: a página %q tem endereço inválido (deve começar com \"/\")", d.Title)
	}
	a, _ := x.scratch.Get().(*analysis)
	if a == nil {
		a = newAnalysis()
	}
	defer x.scratch.Put(a)
	text := a.analyze(d)
	title := oneLine(d.Title)
	if title == "" {
		title = d.URL
	}
	// Each stem's posting text, ready to merge: the work stays outside the
	// lock.
	tails := a.tails[:0]
	ends := a.ends[:0]
	for i := range a.postings {
		p := &a.postings[i]
		tails = append(tails, ',')
		tails = strconv.AppendInt(tails, int64(p.weight()), 36)
		slices.Sort(p.chunks)
		for _, c := range p.chunks {
			tails = append(tails, ',')
			if slices.Contains(p.headChunks, c) {
				tails = append(tails, '-')
			}
			tails = strconv.AppendInt(tails, int64(c), 36)
		}
		ends = append(ends, len(tails))
	}
	a.tails, a.ends = tails, ends
	stems := a.stems

	x.mu.Lock()
	defer x.mu.Unlock()
	doc := int32(len(x.docs))
	x.docs = append(x.docs, indexedDoc{url: d.URL, title: title, section: d.Section, text: text})
	start := 0
	for i, s := range stems {
		sp := x.stems[s]
		if sp == nil {
			sp = &stemPostings{}
			x.stems[s] = sp
		}
		sp.docs = append(sp.docs, doc)
		sp.tail = append(sp.tail, tails[start:ends[i]]...)
		sp.ends = append(sp.ends, int32(len(sp.tail)))
		start = ends[i]
	}
	return nil
}

// Files returns the files of the search index, keyed by path relative to
// public/. Documents are numbered in URL order.
func (x *Index) Files() (map[string][]byte, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	docs := x.docs
	order := make([]int, len(docs)) // position in URL order → Add number
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return docs[order[i]].url < docs[order[j]].url })
	rank := make([]int, len(docs)) // Add number → position in URL order
	for i, di := range order {
		rank[di] = i
		if i > 0 && docs[order[i-1]].url == docs[di].url {
			return nil, fmt.Errorf("busca: endereço repetido %q (páginas %q e %q)", docs[di].url, docs[order[i-1]].title, docs[di].title)
		}
	}

	files := map[string][]byte{}
	// Passage files hold consecutive passages, in URL order of their
	// documents, up to about bundleMax bytes (more on sites so large that
	// this would make over maxBundles files) each (one passage at least): a
	// result fetches a small file, even in a long norm or the glossary, and
	// large sites write few files. A file starts at passage c[b] of document
	// t[b] and goes on into the next documents.
	limit, total := bundleMax, 0
	for _, d := range docs {
		total += len(d.text)
	}
	limit = max(limit, total/maxBundles)
	var passages []struct {
		name string
		data []byte
	}
	var bundleStarts, bundleChunks []int
	var data []byte
	size := 0
	emit := func() {
		passages = append(passages, struct {
			name string
			data []byte
		}{fmt.Sprintf("t/%d.txt", len(passages)), data})
		data, size = nil, 0
	}
	for i, di := range order {
		text := docs[di].text
		for c := 0; ; c++ {
			p, rest, more := strings.Cut(text, passageSep)
			if len(bundleStarts) > 0 && size > 0 && size+len(p) > limit {
				emit()
			}
			switch {
			case size == 0 && len(passages) == len(bundleStarts):
				bundleStarts = append(bundleStarts, i)
				bundleChunks = append(bundleChunks, c)
			case c == 0:
				data = append(data, docSep...)
			default:
				data = append(data, passageSep...)
			}
			data = append(data, p...)
			size += len(p) + 1
			if !more {
				break
			}
			text = rest
		}
	}
	if len(bundleStarts) > len(passages) {
		emit()
	}

	stems := make([]string, 0, len(x.stems))
	for s := range x.stems {
		stems = append(stems, s)
	}
	sort.Strings(stems)
	lines := make([]string, len(stems))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(stems); i += workers {
				lines[i] = indexLine(stems[i], x.stems[stems[i]], rank)
			}
		}()
	}
	wg.Wait()
	shards := shard(stems, lines)

	h := sha256.New()
	var shardFiles [][]byte
	for _, sh := range shards {
		data := []byte(strings.Join(sh.lines, ""))
		shardFiles = append(shardFiles, data)
		fmt.Fprintf(h, "i %q %d\n", sh.key, len(data))
		h.Write(data)
	}
	for i, p := range passages {
		fmt.Fprintf(h, "t %s %d %d %d\n", p.name, bundleStarts[i], bundleChunks[i], len(p.data))
		h.Write(p.data)
	}
	entry := struct {
		V string   `json:"v"`
		K []string `json:"k"`
		S []string `json:"s"`
		D [][]any  `json:"d"`
		T []int    `json:"t"`
		C []int    `json:"c"`
	}{K: []string{}, S: []string{}, D: [][]any{}, T: bundleStarts, C: bundleChunks}
	sections := map[string]int{}
	for _, di := range order {
		d := &docs[di]
		sec, ok := sections[d.section]
		if !ok {
			sec = len(entry.S)
			sections[d.section] = sec
			entry.S = append(entry.S, d.section)
		}
		entry.D = append(entry.D, []any{d.url, d.title, sec})
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

// analysis is the work space of one Add, kept for the next: the postings of
// the document by stem, in order of first occurrence.
type analysis struct {
	st       Stemmer
	index    map[string]int // stem → position in stems and postings
	stems    []string
	postings []posting
	terms    []string
	tails    []byte
	ends     []int

	// split's buffers
	buf        []byte
	words      []string
	chunkTerms []string
	lines      []struct {
		text   string
		p0, p1 int
	}
	pieces []struct {
		text   string
		w0, w1 int
	}
}

// newAnalysis returns an empty work space.
func newAnalysis() *analysis { return &analysis{index: map[string]int{}} }

// at returns the posting of stem, adding it if new.
func (a *analysis) at(stem string) *posting {
	if i, ok := a.index[stem]; ok {
		return &a.postings[i]
	}
	i := len(a.postings)
	a.index[stem] = i
	a.stems = append(a.stems, stem)
	if i < cap(a.postings) {
		a.postings = a.postings[:i+1]
		a.postings[i] = posting{chunks: a.postings[i].chunks[:0], headChunks: a.postings[i].headChunks[:0]}
	} else {
		a.postings = append(a.postings, posting{})
	}
	return &a.postings[i]
}

// analyze fills a with the postings of d and returns the text of its
// passage file entry (passages separated by passageSep).
func (a *analysis) analyze(d Doc) string {
	clear(a.index)
	a.stems, a.postings = a.stems[:0], a.postings[:0]
	title := d.Title
	if strings.TrimSpace(title) == "" {
		title = d.URL
	}
	a.terms = a.st.AppendTerms(a.terms[:0], title)
	a.terms = a.st.AppendTerms(a.terms, d.Keywords)
	for _, t := range a.terms {
		a.at(t).title = true
	}
	chunks, headChunk := a.split(d)
	for hi, h := range d.Headings {
		a.terms = a.st.AppendTerms(a.terms[:0], h.Text)
		for _, t := range a.terms {
			p := a.at(t)
			p.heads++
			p.addChunk(headChunk[hi])
			if c := headChunk[hi]; c >= 0 && !slices.Contains(p.headChunks, int32(c)) {
				p.headChunks = append(p.headChunks, int32(c))
			}
		}
	}
	var text strings.Builder
	text.Grow(len(d.Text) + len(chunks)*32)
	for ci, c := range chunks {
		for _, t := range c.terms {
			p := a.at(t)
			p.body++
			p.addChunk(ci)
		}
		var id, htext string
		if c.heading >= 0 {
			id, htext = d.Headings[c.heading].ID, oneLine(d.Headings[c.heading].Text)
		}
		if ci > 0 {
			text.WriteString(passageSep)
		}
		for i, part := range [...]string{id, htext, c.text} {
			if i > 0 {
				text.WriteByte('\n')
			}
			text.WriteString(clean(part))
		}
	}
	return text.String()
}

// clean removes the separators of the passage files from a passage.
func clean(s string) string {
	if strings.ContainsAny(s, passageSep+docSep) {
		s = strings.NewReplacer(passageSep, "", docSep, "").Replace(s)
	}
	return s
}

// indexLine is "stem\tdocDelta,weight,chunk…;…\n" in base 36, the postings
// in URL order of their documents.
func indexLine(stem string, sp *stemPostings, rank []int) string {
	// Postings arrive nearly in URL order (pages are indexed in site order
	// by a few workers): sort keys "rank<<32 | posting" as plain integers.
	keys := make([]uint64, len(sp.docs))
	sorted := true
	for i, d := range sp.docs {
		keys[i] = uint64(rank[d])<<32 | uint64(i)
		if i > 0 && keys[i] < keys[i-1] {
			sorted = false
		}
	}
	if !sorted {
		slices.Sort(keys)
	}
	b := make([]byte, 0, len(stem)+1+len(sp.tail)+4*len(keys))
	b = append(b, stem...)
	b = append(b, '\t')
	prev := 0
	for n, k := range keys {
		i := int(uint32(k))
		if n > 0 {
			b = append(b, ';')
		}
		doc := rank[sp.docs[i]]
		b = strconv.AppendInt(b, int64(doc-prev), 36)
		prev = doc
		start := int32(0)
		if i > 0 {
			start = sp.ends[i-1]
		}
		b = append(b, sp.tail[start:sp.ends[i]]...)
	}
	b = append(b, '\n')
	return string(b)
}

// oneLine collapses the white space of s.
func oneLine(s string) string {
	// Most lines have nothing to collapse: single ASCII spaces between
	// words. Return those as they are.
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return strings.Join(strings.Fields(s), " ")
			}
			i += n - 1
			prevSpace = false
			continue
		}
		switch c {
		case ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
		case '\t', '\n', '\v', '\f', '\r':
			return strings.Join(strings.Fields(s), " ")
		default:
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// split cuts the text of d into passages and returns them with, for each
// heading, the passage that starts under it (-1 when the heading is not
// found in the text). Headings are found in order, as whole lines of the
// text or as the first words of a line; a first line equal to the title is
// left out.
func (a *analysis) split(d Doc) ([]chunk, []int) {
	// Each line is cut into pieces of about maxChunk bytes (at spaces, so
	// the words of a line are the words of its pieces, in order). The words
	// of every piece are folded into one buffer, in one pass per piece.
	type piece struct {
		text   string
		w0, w1 int // its words: words[w0:w1]
	}
	type line struct {
		text   string
		p0, p1 int // its pieces: pieces[p0:p1]
	}
	lines, ps := a.lines[:0], a.pieces[:0]
	buf := a.buf[:0]
	nw := 0
	for l := range strings.SplitSeq(d.Text, "\n") {
		if l = oneLine(l); l == "" {
			continue
		}
		ln := line{text: l, p0: len(ps)}
		for _, p := range pieces(l, maxChunk) {
			var n int
			buf, n = appendWords(buf, p)
			ps = append(ps, piece{p, nw, nw + n})
			nw += n
		}
		ln.p1 = len(ps)
		lines = append(lines, ln)
	}
	words := splitWords(a.words[:0], string(buf))
	a.lines, a.pieces, a.buf, a.words = lines, ps, buf, words
	lineWords := func(j int) []string {
		return words[ps[lines[j].p0].w0:ps[lines[j].p1-1].w1]
	}
	// A heading is found as a line of its own, or else as the start of a
	// line ("Art. 29" starts "Art. 29. A criação…"), word by word.
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
			if slices.Equal(lineWords(j), hw) {
				found = j
			}
		}
		for j := next; j < len(lines) && found < 0; j++ {
			if lw := lineWords(j); len(lw) > len(hw) && slices.Equal(lw[:len(hw)], hw) {
				found = j
			}
		}
		if found >= 0 {
			headAt[found] = headLine{hi, len(lineWords(found)) == len(hw)}
			next = found + 1
		}
	}
	headChunk := make([]int, len(d.Headings))
	for i := range headChunk {
		headChunk[i] = -1
	}
	var chunks []chunk
	cur := -1
	var texts []string
	terms := a.chunkTerms[:0]
	t0, size := 0, 0
	flush := func() {
		if len(texts) > 0 {
			chunks = append(chunks, chunk{heading: cur, text: strings.Join(texts, "\n"), terms: terms[t0:len(terms):len(terms)]})
		}
		texts, t0, size = texts[:0], len(terms), 0
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
		if j == 0 && Fold(l.text) == Fold(oneLine(d.Title)) {
			continue
		}
		for _, p := range ps[l.p0:l.p1] {
			if size > 0 && size+len(p.text) > maxChunk {
				flush()
			}
			if size == 0 {
				for _, hi := range pending {
					headChunk[hi] = len(chunks)
				}
				pending = pending[:0]
			}
			texts = append(texts, p.text)
			for _, w := range words[p.w0:p.w1] {
				if t := a.st.Term(w); t != "" {
					terms = append(terms, t)
				}
			}
			size += len(p.text) + 1
		}
	}
	flush()
	a.chunkTerms = terms
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
