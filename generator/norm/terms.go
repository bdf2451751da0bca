package norm

import (
	"strconv"
	"strings"
	"unicode"
)

// Units of a Term, spelled like the checklist's deadline units.
const (
	TermBusinessDays = "uteis"    // "dias úteis"
	TermCalendarDays = "corridos" // "dias corridos", "dias consecutivos"
)

// Term is a term in days written in a provision's text: "45 (quarenta e
// cinco) dias úteis", "dois dias úteis", "30 dias".
type Term struct {
	Days int
	// Unit is TermBusinessDays, TermCalendarDays, or "" when the text says
	// only "dias".
	Unit string
}

// String writes the term as the text would: "45 dias úteis", "30 dias".
func (t Term) String() string {
	s := strconv.Itoa(t.Days) + " dia"
	if t.Days != 1 {
		s += "s"
	}
	switch t.Unit {
	case TermBusinessDays:
		if t.Days == 1 {
			return s + " útil"
		}
		return s + " úteis"
	case TermCalendarDays:
		if t.Days == 1 {
			return s + " corrido"
		}
		return s + " corridos"
	}
	return s
}

// Terms returns the terms in days that text sets, in order: a number in
// digits, in words, or both ("45 (quarenta e cinco)"), then "dia" or
// "dias", then optionally "úteis" or "corridos". A number written both ways
// whose digits and words disagree is left out: the text is ambiguous.
func Terms(text string) []Term {
	toks := termTokens(text)
	var out []Term
	for i, t := range toks {
		if t != "dias" && t != "dia" {
			continue
		}
		n, ok := termNumber(toks[:i])
		if !ok || n <= 0 {
			continue
		}
		term := Term{Days: n}
		if i+1 < len(toks) {
			switch toks[i+1] {
			case "úteis", "uteis", "útil", "util":
				term.Unit = TermBusinessDays
			case "corridos", "corrido", "consecutivos", "consecutivo":
				term.Unit = TermCalendarDays
			}
		}
		out = append(out, term)
	}
	return out
}

// termTokens splits text into lower-case words (letters and digits) and
// the parentheses "(" and ")"; everything else separates.
func termTokens(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '(' || r == ')':
			flush()
			out = append(out, string(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// termNumber reads the number that ends toks: digits, digits followed by
// the number in words between parentheses, or words.
func termNumber(toks []string) (int, bool) {
	j := len(toks) - 1
	if j < 0 {
		return 0, false
	}
	words, wordsOK := 0, false
	if toks[j] == ")" {
		k := j - 1
		for k >= 0 && toks[k] != "(" {
			k--
		}
		if k < 0 {
			return 0, false
		}
		words, wordsOK = Cardinal(strings.Join(toks[k+1:j], " "))
		j = k - 1
	}
	if j >= 0 && isDigits(toks[j]) {
		n, err := strconv.Atoi(toks[j])
		if err != nil || (wordsOK && words != n) {
			return 0, false
		}
		return n, true
	}
	if wordsOK {
		return words, true
	}
	if toks[len(toks)-1] == ")" {
		return 0, false
	}
	// Words only: the longest run of numeral words before "dias" that
	// reads as a number.
	start := len(toks)
	for start > 0 && isNumeralWord(toks[start-1]) {
		start--
	}
	for s := start; s < len(toks); s++ {
		if n, ok := Cardinal(strings.Join(toks[s:], " ")); ok {
			return n, true
		}
	}
	return 0, false
}

func isDigits(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isNumeralWord(w string) bool {
	if w == "e" || w == "mil" {
		return true
	}
	_, _, ok := numeral(w)
	return ok
}

// Numeral ranks: a group is written hundreds, then tens (or a number from
// ten to nineteen), then units, joined by "e".
const (
	rankNone = iota
	rankUnit
	rankTen
	rankHundred
)

// numeral returns the value and rank of one numeral word below a thousand.
// Ten to nineteen have rankTen but take the units' place too (teen).
func numeral(w string) (value, rank int, ok bool) {
	switch w {
	case "um", "uma":
		return 1, rankUnit, true
	case "dois", "duas":
		return 2, rankUnit, true
	case "três", "tres":
		return 3, rankUnit, true
	case "quatro":
		return 4, rankUnit, true
	case "cinco":
		return 5, rankUnit, true
	case "seis":
		return 6, rankUnit, true
	case "sete":
		return 7, rankUnit, true
	case "oito":
		return 8, rankUnit, true
	case "nove":
		return 9, rankUnit, true
	case "dez":
		return 10, rankTen, true
	case "onze":
		return 11, rankTen, true
	case "doze":
		return 12, rankTen, true
	case "treze":
		return 13, rankTen, true
	case "quatorze", "catorze":
		return 14, rankTen, true
	case "quinze":
		return 15, rankTen, true
	case "dezesseis", "dezasseis":
		return 16, rankTen, true
	case "dezessete", "dezassete":
		return 17, rankTen, true
	case "dezoito":
		return 18, rankTen, true
	case "dezenove", "dezanove":
		return 19, rankTen, true
	case "vinte":
		return 20, rankTen, true
	case "trinta":
		return 30, rankTen, true
	case "quarenta":
		return 40, rankTen, true
	case "cinquenta", "cinqüenta":
		return 50, rankTen, true
	case "sessenta":
		return 60, rankTen, true
	case "setenta":
		return 70, rankTen, true
	case "oitenta":
		return 80, rankTen, true
	case "noventa":
		return 90, rankTen, true
	case "cem", "cento":
		return 100, rankHundred, true
	case "duzentos", "duzentas":
		return 200, rankHundred, true
	case "trezentos", "trezentas":
		return 300, rankHundred, true
	case "quatrocentos", "quatrocentas":
		return 400, rankHundred, true
	case "quinhentos", "quinhentas":
		return 500, rankHundred, true
	case "seiscentos", "seiscentas":
		return 600, rankHundred, true
	case "setecentos", "setecentas":
		return 700, rankHundred, true
	case "oitocentos", "oitocentas":
		return 800, rankHundred, true
	case "novecentos", "novecentas":
		return 900, rankHundred, true
	}
	return 0, rankNone, false
}

// Cardinal reads a Brazilian Portuguese cardinal numeral written in words,
// from "um" to "novecentos e noventa e nove mil novecentos e noventa e
// nove": "quarenta e cinco" → 45, "trezentos e sessenta e cinco" → 365,
// "cem" → 100, "cento e vinte" → 120, "mil e quinhentos" → 1500. Case is
// ignored. Anything else ("vinte cinco", "cento", "dez e um", "e cinco") is
// not a numeral and gives ok = false.
func Cardinal(s string) (n int, ok bool) {
	words := strings.Fields(strings.ToLower(s))
	if len(words) == 0 {
		return 0, false
	}
	total := 0
	group, last := 0, rankNone // the group being read and its last component's rank
	teen := false              // the last component was ten to nineteen
	open := false              // the last component needs more ("cento")
	closed := false            // the group can take nothing more ("cem")
	and := false               // an "e" was just read
	thousand := false          // "mil" was read
	for i, w := range words {
		switch w {
		case "e":
			// "e" joins two components of a group, or follows "mil".
			if and || (last == rankNone && !(thousand && group == 0 && i > 0 && words[i-1] == "mil")) {
				return 0, false
			}
			and = true
			continue
		case "mil":
			if thousand || and || open {
				return 0, false
			}
			if group == 0 {
				if i > 0 {
					return 0, false
				}
				group = 1 // "mil"
			}
			total, group, last, teen, closed, thousand = group*1000, 0, rankNone, false, false, true
			continue
		}
		v, r, known := numeral(w)
		if !known || closed {
			return 0, false
		}
		if last != rankNone {
			// A later component of the group: smaller rank, after "e";
			// units cannot follow ten to nineteen.
			if !and || r >= last || teen {
				return 0, false
			}
		} else if and && !thousand {
			return 0, false
		}
		teen = r == rankTen && v < 20
		if r == rankTen && v >= 20 {
			teen = false
		}
		open = w == "cento"
		closed = w == "cem"
		group += v
		last = r
		and = false
	}
	if and || open {
		return 0, false
	}
	if thousand && total == 0 {
		return 0, false
	}
	n = total + group
	if n <= 0 {
		return 0, false
	}
	return n, true
}
