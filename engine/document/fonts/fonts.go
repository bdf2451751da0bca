// Package fonts says which characters the document fonts can draw, from a
// table generated from the fonts themselves, and names the fonts' data.
//
// The fonts are Carlito 1.103, Regular and Bold, by tyPoland Łukasz
// Dziedzic: a sans serif metric-compatible with Calibri, the typeface the
// Manual de Redação da Presidência da República (3rd edition, 2018) names
// with Carlito for documents of the padrão ofício. Licence: SIL Open Font
// License 1.1 (ttf/OFL.txt), which allows embedding them in documents and
// redistributing them with software; "Carlito" is a Reserved Font Name, so
// the files are kept unmodified (a subset would be a Modified Version and
// would have to be renamed). Source: Debian's fonts-crosextra-carlito
// 20220224-1 (bookworm), upstream https://github.com/googlefonts/carlito;
// package ttf embeds the two files.
//
// The renderer (package document) draws with the bytes of a Set and the
// validator (package form) refuses, next to the field, a character the
// fonts cannot draw (Coverage): one rule, from the same font data, so
// that a name validation accepted is never changed in the PDF. The table
// is what go generate writes (coverage_table.go) from ttf/*.ttf with
// Covered, the PDF library's own character-to-glyph lookup; the renderer
// refuses font data other than those files (Set.Check), so the table and
// the fonts cannot drift apart. The browser app carries only the table
// and fetches the fonts when it makes a PDF.
package fonts

//go:generate go run ./internal/gencoverage

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"
)

// Set is the TrueType data of the document fonts.
type Set struct {
	Regular, Bold []byte
}

// Check reports whether s holds the fonts the coverage table was made
// from (compared by SHA-256).
func (s Set) Check() error {
	if len(s.Regular) == 0 || len(s.Bold) == 0 {
		return errors.New("as fontes do documento não foram carregadas (verifique a conexão com a internet e tente de novo)")
	}
	if r, b := sha256.Sum256(s.Regular), sha256.Sum256(s.Bold); string(r[:]) != regularSHA256 || string(b[:]) != boldSHA256 {
		return errors.New("as fontes do documento não são as esperadas (arquivo incompleto ou de outra versão); recarregue a página")
	}
	return nil
}

// Range is a run of code points, Lo to Hi inclusive.
type Range struct{ Lo, Hi rune }

// Covered returns, in order, the runs of code points every font of s has a
// glyph for, asking each font as gopdf does when it draws
// (GoPdf.IsCurrFontContainGlyph: glyph 0 is "no glyph").
func Covered(s Set) ([]Range, error) {
	var subs []*gopdf.SubsetFontObj
	for _, data := range [][]byte{s.Regular, s.Bold} {
		f := &gopdf.SubsetFontObj{}
		if err := f.SetTTFData(data); err != nil {
			return nil, fmt.Errorf("fonte do documento ilegível: %w", err)
		}
		subs = append(subs, f)
	}
	var out []Range
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are not characters
		}
		has := true
		for _, f := range subs {
			if i, err := f.CharCodeToGlyphIndex(r); err != nil || i == 0 {
				has = false
				break
			}
		}
		if !has {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Hi == r-1 {
			out[n-1].Hi = r
		} else {
			out = append(out, Range{r, r})
		}
	}
	return out, nil
}

// Coverage says which characters every document font can draw. Its zero
// value is ready to use and safe for concurrent use.
type Coverage struct{}

// NewCoverage returns the coverage of the document fonts.
func NewCoverage() *Coverage { return &Coverage{} }

// Has reports whether every document font has a glyph for r.
func (*Coverage) Has(r rune) bool {
	n := len(covered) / 6
	i := sort.Search(n, func(i int) bool { return at(6*i+3) >= r })
	return i < n && at(6*i) <= r
}

// at reads the code point at offset i of covered: three bytes, big-endian.
func at(i int) rune {
	return rune(covered[i])<<16 | rune(covered[i+1])<<8 | rune(covered[i+2])
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
