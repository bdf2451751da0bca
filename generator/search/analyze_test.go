package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/seiportal/seiportal/engine/fold"
)

// The reference implementations below are the text analysis as it was
// before the single-pass tokenizer, kept verbatim (renamed ref…) so that the
// tests and the fuzz target can check that the fast code gives exactly the
// same results. They share the data tables (stop words, exceptions,
// suffixes) with analyze.go.

// refFold lowers the case of s and removes its diacritics ("Órgão" → "orgao"):
// fold.Lower, with "§" as a word.
func refFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	// Latin letters fold through a table; any other run of characters goes
	// through NFD as a whole, so combining sequences fold as they would in
	// one piece (and as busca.js folds them).
	start := -1
	for i, r := range s {
		if r < refLatinFoldSize {
			if start >= 0 {
				refFoldSlow(&b, s[start:i])
				start = -1
			}
			b.WriteString(refLatinFold[r])
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		refFoldSlow(&b, s[start:])
	}
	return b.String()
}

// refLatinFoldSize bounds the runes folded by table: Basic Latin, Latin-1 and
// Latin Extended-A and -B, none of which is a combining mark.
const refLatinFoldSize = 0x250

// refLatinFold holds the folded form of each rune below refLatinFoldSize. It is
// filled once at package initialization and only read afterwards.
var refLatinFold = func() (t [refLatinFoldSize]string) {
	for r := rune(0); r < refLatinFoldSize; r++ {
		var b strings.Builder
		refFoldSlow(&b, string(r))
		t[r] = b.String()
	}
	return t
}()

// refFoldSlow folds s as engine/fold does (the one folding rule), with "§"
// as the word it stands for.
func refFoldSlow(b *strings.Builder, s string) {
	b.WriteString(strings.ReplaceAll(fold.Lower(s), "§", " paragrafo "))
}

// refIsWordRune reports whether r belongs to a word: letters and numbers
// (JavaScript: /[\p{L}\p{N}]/u).
func refIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// refWords splits the folded text into words: maximal runs of letters and
// numbers.
func refWords(s string) []string {
	return strings.FieldsFunc(refFold(s), func(r rune) bool { return !refIsWordRune(r) })
}

// refStem reduces a folded word to its stem with a light, RSLP-inspired
// Portuguese stemmer: plural to refSingular ("unidades" → "unidade",
// "ações" → "ação", "focais" → "focal", "itens" → "item"), adverbs in
// -mente, nouns in -ção/-são/-mento, participles, gerunds and infinitives,
// then a final a/e/o (gender and the vowel before a removed refSuffix). Only
// words of ASCII letters are stemmed; numbers and other scripts are kept.
func refStem(w string) string {
	if len(w) < 3 || !refIsASCIILetters(w) {
		return w
	}
	if s, ok := stemExceptions[w]; ok {
		return s
	}
	w = refSingular(w)
	if strings.HasSuffix(w, "mente") && len(w)-5 >= 4 {
		w = w[:len(w)-5]
	}
	w = refSuffix(w)
	if n := len(w); n >= 4 && (w[n-1] == 'a' || w[n-1] == 'e' || w[n-1] == 'o') && !strings.HasSuffix(w, "ao") {
		w = w[:n-1]
	}
	switch w {
	case "artig":
		w = "art"
	case "incis":
		w = "inc"
	}
	return w
}

// refSingular undoes the Portuguese plural of w (folded, ASCII).
func refSingular(w string) string {
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

func refSuffix(w string) string {
	for _, s := range suffixes {
		if strings.HasSuffix(w, s.from) && len(w)-len(s.from) >= 3 {
			return w[:len(w)-len(s.from)] + s.to
		}
	}
	return w
}

func refIsASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// refIndexable reports whether the folded word w goes into the index: not a
// stop word, and not a lone letter (a single digit is kept: "5 etapas").
func refIndexable(w string) bool {
	if stopWords[w] {
		return false
	}
	if r := []rune(w); len(r) == 1 && unicode.IsLetter(r[0]) {
		return false
	}
	return true
}

// refTerms returns the index terms of text, in order: folded words, stop words
// and lone letters left out, stemmed.
func refTerms(text string) []string {
	var out []string
	for _, w := range refWords(text) {
		if refIndexable(w) {
			out = append(out, refStem(w))
		}
	}
	return out
}

// analyzeSeeds are texts that exercise every path of the analysis: ASCII,
// Latin-1 and Latin Extended letters, letters without a decomposition,
// combining marks (also after ASCII and at the start), other scripts,
// numbers that are not digits, emoji, right-to-left text, punctuation and
// invalid UTF-8.
var analyzeSeeds = []string{
	"",
	" ",
	"Órgãos e unidades",
	"AÇÃO ações Ações ÇÃO",
	"ß æ œ ø ł đ º ª Straße ÆSIR Œuvre Øre Łódź Đạo 1º 2ª",
	"e\u0301 E\u0301 a\u0303o \u0301inicio fim\u0301 x\u0300\u0301\u0302y",
	"ΣΟΦΟΣ σοφός İstanbul ﬁm Ⅻ ½ x² ³ ١٢٣ ५",
	"Привет, МИР! ёлка Ёж",
	"日本語のテキスト 中文 한국어 ㄱ",
	"emoji 👍🏽 ok👨‍👩‍👧 ❤️ fim",
	"שלום, עולם! مرحبا بالعالم \u200f\u200e",
	"Art. 29 — criação de unidade (SEI/UFT); e-mail: sei@uft.edu.br 3.141,59 R$ 10,00",
	"a\x00b\xff\xfe c\xc3 d\xe2\x82 \xed\xa0\x80 é\xff",
	"mente amento sao cao ns s es",
	"rapidamente cadastramento revisão moveis civis gestores processos itens focais países úteis",
	"ǅ ǈ ǋ Ǳ ǲ ȹ ɏ ɐ ʼn ŉ Ǆ",
	"\t\n\r\v\f;,.!?-_/\\|\"'`~@#$%^&*()[]{}<>=+",
	"ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñÝýÿ",
	"\u00a0nbsp\u2009thin\u3000ideo\ufeffbom",
	"\u0345 \u0344 \u0958 \u1e9e \u2126 \u212a \u212b",
	"a o e as aos aquelas aqueles aquele\x00 \x00 \x00\x00 pelo pelos peloss",
}

func TestAnalyzeMatchesReference(t *testing.T) {
	texts := slices.Clone(analyzeSeeds)
	for _, name := range []string{"analyze_bench.txt", "words.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	var st Stemmer
	for _, s := range texts {
		checkMatchesReference(t, &st, s)
	}
}

// checkMatchesReference checks that Fold, Words, Terms, AppendTerms,
// Stemmer.AppendTerms and Stem give for s exactly what the reference
// implementations give.
func checkMatchesReference(t *testing.T, st *Stemmer, s string) {
	t.Helper()
	if got, want := Fold(s), refFold(s); got != want {
		t.Fatalf("Fold(%q) = %q; want %q", s, got, want)
	}
	words, wantWords := Words(s), refWords(s)
	if !slices.Equal(words, wantWords) || (words == nil) != (wantWords == nil) {
		t.Fatalf("Words(%q) = %#v; want %#v", s, words, wantWords)
	}
	want := refTerms(s)
	if got := Terms(s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
		t.Fatalf("Terms(%q) = %#v; want %#v", s, got, want)
	}
	prefix := []string{"x"}
	if got := AppendTerms(prefix, s); !slices.Equal(got, append(prefix, want...)) {
		t.Fatalf("AppendTerms(%q, %q) = %#v; want %#v", prefix, s, got, append(prefix, want...))
	}
	for range 2 { // the second time from the Stemmer's memory
		if got := st.AppendTerms(nil, s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("Stemmer.AppendTerms(nil, %q) = %#v; want %#v", s, got, want)
		}
	}
	for _, w := range append(wantWords, s, refFold(s)) {
		if got, want := Stem(w), refStem(w); got != want {
			t.Fatalf("Stem(%q) = %q; want %q", w, got, want)
		}
		if got, want := indexable(w), refIndexable(w); got != want {
			t.Fatalf("indexable(%q) = %v; want %v", w, got, want)
		}
		wantTerm := ""
		if refIndexable(w) {
			wantTerm = refStem(w)
		}
		if got := st.Term(w); got != wantTerm {
			t.Fatalf("Stemmer.Term(%q) = %q; want %q", w, got, wantTerm)
		}
		if got, want := isStop(w), IsStop(w); got != want {
			t.Fatalf("isStop(%q) = %v; want %v", w, got, want)
		}
		if got, want := isStop([]byte(w)), IsStop(w); got != want {
			t.Fatalf("isStop([]byte(%q)) = %v; want %v", w, got, want)
		}
	}
}

func FuzzTermsMatchReference(f *testing.F) {
	for _, s := range analyzeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var st Stemmer
		checkMatchesReference(t, &st, s)
	})
}

func TestFoldTable(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"já minúsculo", "ja minusculo"},
		{"AÇÃO Órgão", "acao orgao"},
		{"Straße ÆSIR Œuvre Øre Łódź Đạo 1º 2ª", "strasse aesir oeuvre ore lodz dao 1o 2a"},
		{"e\u0301 A\u0303O", "e ao"},
		{"ΣΟΦΟΣ Ёж", "σοφοσ еж"},
		{"ﬁm ½ 日本", "ﬁm ½ 日本"},
	} {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestWordsTable(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{" -- ", []string{}},
		{"Art. 29 — criação (SEI/UFT); e-mail", []string{"art", "29", "criacao", "sei", "uft", "e", "mail"}},
		{"café½ x² ³", []string{"cafe½", "x²", "³"}},
		{"👍ok👍 fim❤️", []string{"ok", "fim"}},
		{"日本語テキスト 中文", []string{"日本語テキスト", "中文"}},
		{"שלום, עולם", []string{"שלום", "עולם"}},
		{"Ação\u0301Final Straße", []string{"acaofinal", "strasse"}},
		{"a\xffb", []string{"a", "b"}},
	} {
		got := Words(tt.in)
		if !slices.Equal(got, tt.want) || got == nil {
			t.Errorf("Words(%q) = %#v; want %#v", tt.in, got, tt.want)
		}
	}
}

func TestStemTable(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"unidades", "unidad"},
		{"acoes", "acao"},
		{"focais", "focal"},
		{"itens", "item"},
		{"moveis", "movel"},
		{"civis", "civil"},
		{"gestores", "gestor"},
		{"processos", "process"},
		{"rapidamente", "rap"},
		{"criacao", "cri"},
		{"cadastramento", "cadastr"},
		{"revisao", "revis"},
		{"paises", "pais"},
		{"uteis", "util"},
		{"dificeis", "dificil"},
		{"2024", "2024"},
		{"ab", "ab"},
		{"orgao", "orgao"},
		{"órgãos", "órgãos"}, // not folded: kept
		{"artigo", "art"},    // citation abbreviations: "artigo 35" is "art. 35"
		{"artigos", "art"},
		{"arts", "art"},
		{"art", "art"},
		{"inciso", "inc"},
		{"incisos", "inc"},
		{"inc", "inc"},
		{strings.Repeat("ab", 30) + "oes", strings.Repeat("ab", 30) + "ao"},
	} {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestStemNeverLonger checks what lets the stemmer work in place: no rule
// makes a word longer.
func TestStemNeverLonger(t *testing.T) {
	for w, s := range stemExceptions {
		if len(s) > len(w) {
			t.Errorf("stemExceptions[%q] = %q is longer than the word", w, s)
		}
	}
	for from, to := range stemSynonyms {
		if len(to) > len(from) {
			t.Errorf("stemSynonyms[%q] = %q is longer than the stem", from, to)
		}
	}
	for _, s := range suffixes {
		if len(s.to) > len(s.from) {
			t.Errorf("suffix %q → %q makes words longer", s.from, s.to)
		}
	}
}

// TestStemmerForgets feeds a Stemmer more distinct words than it remembers
// and checks that its terms stay those of Terms.
func TestStemmerForgets(t *testing.T) {
	var st Stemmer
	var b strings.Builder
	for i := range stemmerCacheSize + 500 {
		b.Reset()
		for n := i; ; n /= 26 {
			b.WriteByte(byte('a' + n%26))
			if n < 26 {
				break
			}
		}
		b.WriteString("ações ")
		text := b.String()
		if got, want := st.AppendTerms(nil, text), refTerms(text); !slices.Equal(got, want) {
			t.Fatalf("Stemmer.AppendTerms(nil, %q) = %q; want %q", text, got, want)
		}
		if len(st.terms) > stemmerCacheSize {
			t.Fatalf("the Stemmer remembers %d words; want at most %d", len(st.terms), stemmerCacheSize)
		}
	}
}

// TestStemmerReusesMemory checks that a Stemmer that has seen a text's
// words gives its terms again without allocating.
func TestStemmerReusesMemory(t *testing.T) {
	text := benchText(t)
	var st Stemmer
	dst := st.AppendTerms(nil, text)
	if allocs := testing.AllocsPerRun(10, func() { dst = st.AppendTerms(dst[:0], text) }); allocs != 0 {
		t.Errorf("Stemmer.AppendTerms allocates %v times per text; want 0", allocs)
	}
}

func benchText(tb testing.TB) string {
	b, err := os.ReadFile(filepath.Join("testdata", "analyze_bench.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// BenchmarkTerms compares the analysis of ~12 KB of a portal page (Portuguese
// prose with Markdown) with the reference implementation.
func BenchmarkTerms(b *testing.B) {
	text := benchText(b)
	run := func(name string, terms func(string) []string) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				terms(text)
			}
		})
	}
	run("new", Terms)
	run("ref", refTerms)
	var st Stemmer
	var dst []string
	run("stemmer", func(s string) []string { dst = st.AppendTerms(dst[:0], s); return dst })
	run("words+term", func(s string) []string { // as search.go splits passages
		dst = dst[:0]
		for _, w := range Words(s) {
			if t := st.Term(w); t != "" {
				dst = append(dst, t)
			}
		}
		return dst
	})
	run("words+stem", func(s string) []string {
		dst = dst[:0]
		for _, w := range Words(s) {
			if indexable(w) {
				dst = append(dst, Stem(w))
			}
		}
		return dst
	})
}

func BenchmarkWords(b *testing.B) {
	text := benchText(b)
	for _, bb := range []struct {
		name  string
		words func(string) []string
	}{{"new", Words}, {"ref", refWords}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				bb.words(text)
			}
		})
	}
}

func BenchmarkFold(b *testing.B) {
	text := benchText(b)
	for _, bb := range []struct {
		name string
		fold func(string) string
	}{{"new", Fold}, {"ref", refFold}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				bb.fold(text)
			}
		})
	}
}

func BenchmarkStem(b *testing.B) {
	words := refWords(benchText(b))
	for _, bb := range []struct {
		name string
		stem func(string) string
	}{{"new", Stem}, {"ref", refStem}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, w := range words {
					bb.stem(w)
				}
			}
		})
	}
}
