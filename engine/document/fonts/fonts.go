// Package fonts holds the fonts documents are drawn with (the Go fonts,
// from memory) and answers, from the same font data, which characters they
// can draw. The renderer (package document) draws with these bytes and the
// validator (package form) refuses, next to the field, a character they
// cannot draw: one rule, in one place, so that a name validation accepted
// is never changed in the PDF.
package fonts

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Regular and Bold return the TrueType data of the document fonts.
func Regular() []byte { return goregular.TTF }
func Bold() []byte    { return gobold.TTF }

// latin is how many code points Coverage answers from a table built once.
const latin = 0x3000

// Coverage says which characters every document font can draw. It is safe
// for concurrent use once built.
type Coverage struct {
	fonts []*sfnt.Font
	table [latin]bool
}

// NewCoverage parses the document fonts.
func NewCoverage() (*Coverage, error) {
	c := &Coverage{}
	for _, data := range [][]byte{Regular(), Bold()} {
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("fonte do documento ilegível: %w", err)
		}
		c.fonts = append(c.fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0); r < latin; r++ {
		c.table[r] = c.lookup(&buf, r)
	}
	return c, nil
}

func (c *Coverage) lookup(buf *sfnt.Buffer, r rune) bool {
	for _, f := range c.fonts {
		if i, err := f.GlyphIndex(buf, r); err != nil || i == 0 {
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
	return r != utf8.RuneError && c.lookup(nil, r)
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
