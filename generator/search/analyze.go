package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The text analysis below has a twin in templates/static/js/busca.js (the
// query side). Both must give the same terms for the same text: the test
// TestStemmerParityWithJS runs the JavaScript under node and compares.

// Fold lowers the case of s and removes its diacritics ("Órgão" → "orgao"):
// NFD, drop nonspacing marks, lower case, then a few letters without a
// decomposition (ß, æ, œ, ø, ł, đ, º, ª).
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	// Latin letters fold through a table; any other run of characters goes
	// through NFD as a whole, so combining sequences fold as they would in
	// one piece (and as busca.js folds them).
	start := -1
	for i, r := range s {
		if r < latinFoldSize {
			if start >= 0 {
				foldSlow(&b, s[start:i])
				start = -1
			}
			b.WriteString(latinFold[r])
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		foldSlow(&b, s[start:])
	}
	return b.String()
}

// latinFoldSize bounds the runes folded by table: Basic Latin, Latin-1 and
// Latin Extended-A and -B, none of which is a combining mark.
const latinFoldSize = 0x250

// latinFold holds the folded form of each rune below latinFoldSize. It is
// filled once at package initialization and only read afterwards.
var latinFold = func() (t [latinFoldSize]string) {
	for r := rune(0); r < latinFoldSize; r++ {
		var b strings.Builder
		foldSlow(&b, string(r))
		t[r] = b.String()
	}
	return t
}()

// foldSlow folds s by decomposing it (NFD), dropping combining marks and
// lowering case.
func foldSlow(b *strings.Builder, s string) {
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch r {
		case 'ß':
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ø':
			b.WriteByte('o')
		case 'ł':
			b.WriteByte('l')
		case 'đ':
			b.WriteByte('d')
		case 'º':
			b.WriteByte('o')
		case 'ª':
			b.WriteByte('a')
		default:
			b.WriteRune(r)
		}
	}
}

// isWordRune reports whether r belongs to a word: letters and numbers
// (JavaScript: /[\p{L}\p{N}]/u).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Words splits the folded text into words: maximal runs of letters and
// numbers.
func Words(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool { return !isWordRune(r) })
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

// Stem reduces a folded word to its stem with a light, RSLP-inspired
// Portuguese stemmer: plural to singular ("unidades" → "unidade",
// "ações" → "ação", "focais" → "focal", "itens" → "item"), adverbs in
// -mente, nouns in -ção/-são/-mento, participles, gerunds and infinitives,
// then a final a/e/o (gender and the vowel before a removed suffix). Only
// words of ASCII letters are stemmed; numbers and other scripts are kept.
func Stem(w string) string {
	if len(w) < 3 || !isASCIILetters(w) {
		return w
	}
	if s, ok := stemExceptions[w]; ok {
		return s
	}
	w = singular(w)
	if strings.HasSuffix(w, "mente") && len(w)-5 >= 4 {
		w = w[:len(w)-5]
	}
	w = suffix(w)
	if n := len(w); n >= 4 && (w[n-1] == 'a' || w[n-1] == 'e' || w[n-1] == 'o') && !strings.HasSuffix(w, "ao") {
		w = w[:n-1]
	}
	return w
}

// singular undoes the Portuguese plural of w (folded, ASCII).
func singular(w string) string {
	n := len(w)
	if n < 4 || w[n-1] != 's' {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ns"):
		return w[:n-2] + "m"
	case strings.HasSuffix(w, "oes"), strings.HasSuffix(w, "aes"):
		return w[:n-3] + "ao"
	case strings.HasSuffix(w, "ais"):
		return w[:n-3] + "al"
	case strings.HasSuffix(w, "eis"):
		return w[:n-3] + "el"
	case strings.HasSuffix(w, "ois"):
		return w[:n-3] + "ol"
	case strings.HasSuffix(w, "vis"):
		return w[:n-1] + "l"
	case n >= 5 && (strings.HasSuffix(w, "res") || strings.HasSuffix(w, "zes") || strings.HasSuffix(w, "ses")):
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

func suffix(w string) string {
	for _, s := range suffixes {
		if strings.HasSuffix(w, s.from) && len(w)-len(s.from) >= 3 {
			return w[:len(w)-len(s.from)] + s.to
		}
	}
	return w
}

func isASCIILetters(w string) bool {
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
	if stopWords[w] {
		return false
	}
	if r := []rune(w); len(r) == 1 && unicode.IsLetter(r[0]) {
		return false
	}
	return true
}

// Terms returns the index terms of text, in order: folded words, stop words
// and lone letters left out, stemmed.
func Terms(text string) []string {
	var out []string
	for _, w := range Words(text) {
		if indexable(w) {
			out = append(out, Stem(w))
		}
	}
	return out
}
