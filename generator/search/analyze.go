package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/fold"
)

// The text analysis below has a twin in templates/static/js/busca.js (the
// query side). Both must give the same terms for the same text: the test
// TestStemmerParityWithJS runs the JavaScript under node and compares.

// Fold lowers the case of s and removes its diacritics ("Órgão" → "orgao")
// as fold.Lower does, and makes the section sign "§" the word it stands for
// (" paragrafo "), so that "§ 2º" and "parágrafo 2º" are searched alike.
func Fold(s string) string {
	// Text that is already folded (ASCII without capitals) comes back as is.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	// Latin letters fold through a table; any other run of characters is
	// folded as a whole, so combining sequences fold as they would in one
	// piece (and as busca.js folds them).
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < latinFoldSize {
			b.WriteString(latinFold[r])
			i += size
			continue
		}
		j := slowRunEnd(s, i+size)
		b.WriteString(fold.Lower(s[i:j]))
		i = j
	}
	return b.String()
}

// slowRunEnd returns where the run of runes at or above latinFoldSize
// (invalid UTF-8 included) that goes on at s[i:] ends.
func slowRunEnd(s string, i int) int {
	for i < len(s) && s[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < latinFoldSize {
			break
		}
		i += size
	}
	return i
}

// latinFoldSize bounds the runes folded by table: Basic Latin, Latin-1 and
// Latin Extended-A and -B, none of which is a combining mark.
const latinFoldSize = 0x250

// latinFold holds the folded form of each rune below latinFoldSize. It is
// filled once at package initialization and only read afterwards.
var latinFold = func() (t [latinFoldSize]string) {
	for r := rune(0); r < latinFoldSize; r++ {
		t[r] = fold.Lower(string(r))
	}
	t['§'] = " paragrafo "
	return t
}()

// isWordRune reports whether r belongs to a word: letters and numbers
// (JavaScript: /[\p{L}\p{N}]/u).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// asciiWord holds the folded form of each ASCII letter and digit, and 0 for
// the other ASCII characters (which end words).
var asciiWord = func() (t [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		if isWordRune(rune(c)) {
			t[c] = latinFold[c][0]
		}
	}
	return t
}()

// How the folded form of a rune below latinFoldSize splits into words.
const (
	foldMixed = iota // anything else: split rune by rune
	foldWord         // letters and numbers only: goes into the current word
	foldSep          // no letter or number: ends the current word
)

// latinClass holds the foldWord/foldSep/foldMixed class of latinFold[r].
var latinClass = func() (t [latinFoldSize]uint8) {
	for r := range rune(latinFoldSize) {
		word, sep := 0, 0
		for _, f := range latinFold[r] {
			if isWordRune(f) {
				word++
			} else {
				sep++
			}
		}
		switch {
		case word > 0 && sep == 0:
			t[r] = foldWord
		case sep > 0 && word == 0:
			t[r] = foldSep
		}
	}
	return t
}()

// appendWords appends to buf the words of the folded text s, each followed
// by a space, and returns buf and the number of words. It gives the words
// of Fold(s) split as Words splits them, in one pass over s.
func appendWords(buf []byte, s string) ([]byte, int) {
	n, open := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if f := asciiWord[c]; f != 0 {
				buf = append(buf, f)
				open = true
			} else if open {
				buf = append(buf, ' ')
				n++
				open = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= latinFoldSize {
			// Fold the run as Fold does and split it.
			j := slowRunEnd(s, i+size)
			for _, r := range fold.Lower(s[i:j]) {
				buf, open, n = addRune(buf, r, open, n)
			}
			i = j
			continue
		}
		i += size
		switch f := latinFold[r]; latinClass[r] {
		case foldWord:
			buf = append(buf, f...)
			open = true
		case foldSep:
			if open {
				buf = append(buf, ' ')
				n++
				open = false
			}
		default:
			// Split the folded form rune by rune, as strings.FieldsFunc
			// splits the folded text.
			for _, r := range f {
				buf, open, n = addRune(buf, r, open, n)
			}
		}
	}
	if open {
		buf = append(buf, ' ')
		n++
	}
	return buf, n
}

// addRune appends r to the open word if r is a word rune, or else closes
// the open word (a space after it) and counts it.
func addRune(buf []byte, r rune, open bool, n int) ([]byte, bool, int) {
	if isWordRune(r) {
		return utf8.AppendRune(buf, r), true, n
	}
	if open {
		return append(buf, ' '), false, n + 1
	}
	return buf, false, n
}

// wordEnd returns where the word at buf[i:] (followed by a space, as
// appendWords leaves it) ends. Words are short: a loop beats IndexByte.
func wordEnd(buf []byte, i int) int {
	for buf[i] != ' ' {
		i++
	}
	return i
}

// splitWords appends to dst the words of s, each followed by a space.
func splitWords(dst []string, s string) []string {
	for len(s) > 0 {
		k := 0
		for s[k] != ' ' {
			k++
		}
		dst = append(dst, s[:k])
		s = s[k+1:]
	}
	return dst
}

// Words splits the folded text into words: maximal runs of letters and
// numbers.
func Words(s string) []string {
	buf, n := appendWords(make([]byte, 0, len(s)+1), s)
	return splitWords(make([]string, 0, n), string(buf))
}

// stopWords are folded Portuguese function words left out of the index and
// of queries. Words that carry meaning in this domain ("não", "são", "sem")
// stay searchable.
var stopWords = map[string]bool{
	"a": true, "o": true, "e": true, "as": true, "os": true, "ao": true, "aos": true,
	"de": true, "da": true, "do": true, "das": true, "dos": true,
	"em": true, "na": true, "no": true, "nas": true, "nos": true, "num": true, "numa": true,
	"um": true, "uma": true, "uns": true, "umas": true,
	"para": true, "pra": true, "por": true, "pelo": true, "pela": true, "pelos": true, "pelas": true,
	"com": true, "que": true, "se": true, "ou": true, "mas": true, "como": true,
	"seu": true, "sua": true, "seus": true, "suas": true, "lhe": true, "lhes": true,
	"este": true, "esta": true, "estes": true, "estas": true, "isto": true,
	"esse": true, "essa": true, "esses": true, "essas": true, "isso": true,
	"aquele": true, "aquela": true, "aqueles": true, "aquelas": true, "aquilo": true,
	"ele": true, "ela": true, "eles": true, "elas": true, "qual": true, "quais": true,
}

// IsStop reports whether the folded word w is a stop word.
func IsStop(w string) bool { return stopWords[w] }

// isStop is IsStop for a word in a string or a byte slice, faster: words of
// up to seven bytes are looked up packed in a uint64 in stopKeys.
func isStop[T string | []byte](w T) bool {
	if len(w) > maxStopLen {
		return false
	}
	if len(w) == 0 || len(w) > 7 {
		return stopWords[string(w)]
	}
	return slices.Contains(stopKeys[len(w)], packWord(w))
}

// packWord packs a word of up to seven bytes in a uint64.
func packWord[T string | []byte](w T) uint64 {
	var k uint64
	for i := 0; i < len(w); i++ {
		k = k<<8 | uint64(w[i])
	}
	return k
}

// maxStopLen is the length of the longest stop word.
var maxStopLen = func() (n int) {
	for w := range stopWords {
		n = max(n, len(w))
	}
	return n
}()

// stopKeys holds the stop words of one to seven bytes packed by packWord,
// by length.
var stopKeys = func() (t [8][]uint64) {
	for w := range stopWords {
		if l := len(w); l > 0 && l <= 7 {
			t[l] = append(t[l], packWord(w))
		}
	}
	return t
}()

// stemExceptions are folded words whose ending looks like a plural or a
// suffix but is not one, with the stem they keep.
var stemExceptions = map[string]string{
	"pais": "pais", "paises": "pais", "cais": "cais", "jamais": "jamais", "demais": "demais",
	"anais": "anais", "mais": "mais", "depois": "depois", "dois": "dois", "pois": "pois",
	"seis": "seis", "tres": "tres", "apos": "apos", "lapis": "lapis", "tenis": "tenis",
	"uteis": "util", "util": "util", "faceis": "facil", "facil": "facil",
	"dificeis": "dificil", "dificil": "dificil", "simples": "simples",
	"onibus": "onibus", "virus": "virus", "bonus": "bonus", "atraves": "atraves",
}

// stemSynonyms maps the stems of the long forms of the abbreviations used
// to cite norms to the stem of the abbreviation, so that "artigo 35",
// "artigos 35" and "arts. 35" are all "art. 35", and "inciso" is "inc.".
// A synonym is never longer than the stem it replaces (stems are
// rewritten in place).
var stemSynonyms = map[string]string{
	"artig": "art",
	"incis": "inc",
}

// exceptionEnd tells the last letters of the words in stemExceptions.
var exceptionEnd = func() (t [256]bool) {
	for w := range stemExceptions {
		t[w[len(w)-1]] = true
	}
	return t
}()

// Stem reduces a folded word to its stem with a light, RSLP-inspired
// Portuguese stemmer: plural to singular ("unidades" → "unidade",
// "ações" → "ação", "focais" → "focal", "itens" → "item"), adverbs in
// -mente, nouns in -ção/-são/-mento, participles, gerunds and infinitives,
// then a final a/e/o (gender and the vowel before a removed suffix), then
// the synonyms of stemSynonyms ("artig" → "art"). Only words of ASCII
// letters are stemmed; numbers and other scripts are kept.
func Stem(w string) string {
	if len(w) < 3 || !isASCIILetters(w) {
		return w
	}
	if exceptionEnd[w[len(w)-1]] {
		if s, ok := stemExceptions[w]; ok {
			return s
		}
	}
	// Stem a copy (on the stack for most words); the stem is most often a
	// prefix of w, which costs no allocation.
	var a [48]byte
	s := stemRules(append(a[:0], w...))
	if len(s) <= len(w) && string(s) == w[:len(s)] {
		return w[:len(s)]
	}
	return string(s)
}

// stemBytes stems the folded word b in place, as Stem does, and returns the
// stem, which is never longer than b (TestStemNeverLonger checks the tables
// for this).
func stemBytes(b []byte) []byte {
	if len(b) < 3 || !isASCIILetters(b) {
		return b
	}
	if exceptionEnd[b[len(b)-1]] {
		if s, ok := stemExceptions[string(b)]; ok {
			return append(b[:0], s...)
		}
	}
	return stemRules(b)
}

// stemRules applies the rules of Stem to b (folded, ASCII letters, not an
// exception), in place.
func stemRules(b []byte) []byte {
	b = singular(b)
	if hasSuffix(b, "mente") && len(b)-5 >= 4 {
		b = b[:len(b)-5]
	}
	b = suffix(b)
	if n := len(b); n >= 4 && (b[n-1] == 'a' || b[n-1] == 'e' || b[n-1] == 'o') && !hasSuffix(b, "ao") {
		b = b[:n-1]
	}
	if len(b) == 5 {
		if s, ok := stemSynonyms[string(b)]; ok {
			b = append(b[:0], s...)
		}
	}
	return b
}

func hasSuffix(b []byte, s string) bool {
	if len(b) < len(s) {
		return false
	}
	// From the end: most words differ from a suffix in its last letters.
	for i, j := len(b)-1, len(s)-1; j >= 0; i, j = i-1, j-1 {
		if b[i] != s[j] {
			return false
		}
	}
	return true
}

// singular undoes the Portuguese plural of w (folded, ASCII), in place.
func singular(w []byte) []byte {
	n := len(w)
	if n < 4 || w[n-1] != 's' {
		return w
	}
	switch {
	case hasSuffix(w, "ns"):
		return append(w[:n-2], 'm')
	case hasSuffix(w, "oes"), hasSuffix(w, "aes"):
		return append(w[:n-3], 'a', 'o')
	case hasSuffix(w, "ais"):
		return append(w[:n-3], 'a', 'l')
	case hasSuffix(w, "eis"):
		return append(w[:n-3], 'e', 'l')
	case hasSuffix(w, "ois"):
		return append(w[:n-3], 'o', 'l')
	case hasSuffix(w, "vis"):
		return append(w[:n-1], 'l')
	case n >= 5 && (hasSuffix(w, "res") || hasSuffix(w, "zes") || hasSuffix(w, "ses")):
		return w[:n-2]
	}
	return w[:n-1]
}

// suffixes are removed (the first that matches, longest first) when at least
// three letters remain.
var suffixes = []struct{ from, to string }{
	{"amento", ""}, {"imento", ""},
	{"ando", ""}, {"endo", ""}, {"indo", ""},
	{"cao", ""}, {"sao", "s"},
	{"ado", ""}, {"ada", ""}, {"ido", ""}, {"ida", ""},
	{"ar", ""}, {"er", ""}, {"ir", ""},
}

// suffix removes the first of suffixes that w (folded, ASCII) ends with, in
// place.
func suffix(w []byte) []byte {
	if len(w) == 0 || !suffixEnd[w[len(w)-1]] {
		return w
	}
	for _, s := range suffixes {
		if hasSuffix(w, s.from) && len(w)-len(s.from) >= 3 {
			return append(w[:len(w)-len(s.from)], s.to...)
		}
	}
	return w
}

// suffixEnd tells the last letters of the suffixes.
var suffixEnd = func() (t [256]bool) {
	for _, s := range suffixes {
		t[s.from[len(s.from)-1]] = true
	}
	return t
}()

func isASCIILetters[T string | []byte](w T) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// indexable reports whether the folded word w goes into the index: not a
// stop word, and not a lone letter (a single digit is kept: "5 etapas").
func indexable(w string) bool {
	if isStop(w) {
		return false
	}
	r, size := utf8.DecodeRuneInString(w)
	return size == 0 || size < len(w) || !unicode.IsLetter(r)
}

// indexableBytes is indexable for a word in a byte slice.
func indexableBytes(w []byte) bool {
	if isStop(w) {
		return false
	}
	r, size := utf8.DecodeRune(w)
	return size == 0 || size < len(w) || !unicode.IsLetter(r)
}

// Terms returns the index terms of text, in order: folded words, stop words
// and lone letters left out, stemmed.
func Terms(text string) []string {
	return AppendTerms(nil, text)
}

// AppendTerms appends the index terms of text to dst, as Terms gives them,
// and returns the extended slice.
func AppendTerms(dst []string, text string) []string {
	buf, _ := appendWords(make([]byte, 0, len(text)+1), text)
	// Stem the indexable words in place, dropping the others, so that all
	// the terms of text share one string.
	w, n := 0, 0
	for r := 0; r < len(buf); {
		e := wordEnd(buf, r)
		if word := buf[r:e:e]; indexableBytes(word) {
			w += copy(buf[w:], stemBytes(word))
			buf[w] = ' '
			w++
			n++
		}
		r = e + 1
	}
	if n == 0 {
		return dst
	}
	return splitWords(slices.Grow(dst, n), string(buf[:w]))
}

// Stemmer gives the index terms of texts as Terms does, faster when it
// analyses many texts: it reuses its work buffer and remembers the terms of
// the last distinct words it met (at most stemmerCacheSize of them). The
// terms it returns are shared with other texts' terms of the same word (one
// string per distinct word), never with its buffer, which grows to the
// largest text analysed. A Stemmer is not safe for concurrent use: give each
// goroutine its own (for example one per worker that analyses pages). The
// zero value is ready to use. Callers that already hold the words of a text
// (from Words) get their terms one by one with Term.
type Stemmer struct {
	buf   []byte
	terms map[string]string // folded word → its term, "" if not indexable
}

// stemmerCacheSize bounds the words a Stemmer remembers; when it is full it
// forgets them all. The pages of the default portal hold ~2,600 distinct
// words.
const stemmerCacheSize = 1 << 13

// AppendTerms appends the index terms of text to dst, as Terms gives them,
// and returns the extended slice.
func (st *Stemmer) AppendTerms(dst []string, text string) []string {
	st.buf, _ = appendWords(st.buf[:0], text)
	for r := 0; r < len(st.buf); {
		e := wordEnd(st.buf, r)
		t, ok := st.terms[string(st.buf[r:e])]
		if !ok {
			t = st.learn(string(st.buf[r:e]))
		}
		if t != "" {
			dst = append(dst, t)
		}
		r = e + 1
	}
	return dst
}

// Term returns the index term of the folded word w (one of Words), or "" if
// w is not indexed (a stop word or a lone letter): Stem(w) if indexable(w).
func (st *Stemmer) Term(w string) string {
	if t, ok := st.terms[w]; ok {
		return t
	}
	// A copy, so as not to keep the text w may be part of.
	return st.learn(strings.Clone(w))
}

// learn computes the term of w and remembers it.
func (st *Stemmer) learn(w string) string {
	if st.terms == nil {
		st.terms = make(map[string]string)
	} else if len(st.terms) >= stemmerCacheSize {
		clear(st.terms)
	}
	var t string
	if indexable(w) {
		t = Stem(w)
	}
	st.terms[w] = t
	return t
}
