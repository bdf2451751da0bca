// Package fonts holds the fonts documents are drawn with (the Go fonts,
// from memory) and answers, from the same font data and with the PDF
// library's own character-to-glyph lookup, which characters they can draw.
// The renderer (package document) draws with these bytes and the validator
// (package form) refuses, next to the field, a character they cannot draw:
// one rule, in one place, so that a name validation accepted is never
// changed in the PDF.
package fonts

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Regular and Bold return the TrueType data of the document fonts.
func Regular() []byte { return goregular.TTF }
func Bold() []byte    { return gobold.TTF }

// latin is how many code points (Basic Latin to Latin Extended-B) Coverage
// answers from a table built once; the rest are looked up each time.
const latin = 0x250

// Coverage says which characters every document font can draw. It is safe
// for concurrent use once built.
type Coverage struct {
	fonts []*gopdf.SubsetFontObj // parsed as the renderer's gopdf parses them
	table [latin]bool
}

// NewCoverage parses the document fonts.
func NewCoverage() (*Coverage, error) {
	c := &Coverage{}
	for _, data := range [][]byte{Regular(), Bold()} {
		f := &gopdf.SubsetFontObj{}
		if err := f.SetTTFData(data); err != nil {
			return nil, fmt.Errorf("fonte do documento ilegível: %w", err)
		}
		c.fonts = append(c.fonts, f)
	}
	for r := rune(0); r < latin; r++ {
		c.table[r] = c.lookup(r)
	}
	return c, nil
}

// lookup asks each font for a glyph as gopdf does when it draws
// (GoPdf.IsCurrFontContainGlyph): glyph 0 is "no glyph".
func (c *Coverage) lookup(r rune) bool {
	for _, f := range c.fonts {
		if i, err := f.CharCodeToGlyphIndex(r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// Has reports whether every document font has a glyph for r.
func (c *Coverage) Has(r rune) bool {
	if r >= 0 && r < latin {
		return c.table[r]
	}
	return r != utf8.RuneError && r <= unicode.MaxRune && c.lookup(r)
}

// Drawn reports whether the renderer draws r (true), or turns it into a
// space or leaves it out as invisible (false): control characters, spaces
// of every width, format characters (zero-width joiners, the soft hyphen).
func Drawn(r rune) bool {
	return !(unicode.IsControl(r) || unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Cf, r))
}

// Missing returns the first character of s that the renderer would have
// to draw and no document font has; ok is false when there is none.
func (c *Coverage) Missing(s string) (r rune, ok bool) {
	for _, r := range s {
		if r == utf8.RuneError || Drawn(r) && !c.Has(r) {
			return r, true
		}
	}
	return 0, false
}
