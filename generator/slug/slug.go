// Package slug turns pt-BR titles, headings and file names into URL path
// segments and fragment ids: accents folded ("Disposições" → "disposicoes"),
// lower case, runs of anything else collapsed into single hyphens.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/fold"
)

// Fold removes diacritics from s ("órgão" → "orgao") and keeps everything
// else, case included: fold.String, the portal's one folding rule.
func Fold(s string) string { return fold.String(s) }

// Make returns the slug of s: accents folded, lower case, letters and digits
// kept, every other run turned into one hyphen, no leading or trailing hyphen.
// "Perguntas Frequentes" → "perguntas-frequentes".
func Make(s string) string {
	s = Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
			hyphen = false
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			hyphen = false
		case r == '_' && b.Len() > 0:
			b.WriteRune(r)
			hyphen = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(strings.ToLower(string(r)))
			hyphen = false
		default:
			if !hyphen && b.Len() > 0 {
				b.WriteByte('-')
				hyphen = true
			}
		}
	}
	return strings.TrimRight(b.String(), "-")
}
