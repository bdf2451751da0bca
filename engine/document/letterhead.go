package document

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// Letterhead is the identity of the issuing body printed at the top of a
// document, as the padrão ofício of the Manual de Redação da Presidência
// da República lays out the cabeçalho: the brasão centred at the top, the
// name of the main body under it, then the names of the secondary bodies
// (the form's own header lines, such as the secretaria). The cabeçalho goes
// on the first page of each document only (the ofício, each termo); the
// pages that continue a document keep the form's plain header.
//
// The zero Letterhead prints today's plain header.
type Letterhead struct {
	// Name is the main body, e.g. "Prefeitura Municipal de Exemplo".
	Name string
	// Emblem is the brasão as a PNG or JPEG file; nil for none.
	Emblem []byte
}

// Limits on the brasão: a file bigger than a letterhead needs is refused
// before it is decoded, and so is an image whose size in pixels would make
// decoding it take more memory than a phone should spend on it.
const (
	MaxEmblemBytes  = 2 << 20
	MaxEmblemPixels = 2500 // per side
	maxNameRunes    = 200
)

// emblem geometry: 2 cm high (at most 4 cm wide), 1 cm from the top edge;
// the image is kept at up to emblemPx pixels on its longer side (over
// 500 dpi at that size), so a large file does not weigh on every PDF.
const (
	emblemTop  = 28.35
	emblemH    = 56.69
	emblemMaxW = 113.39
	emblemGap  = 8.0
	emblemPx   = 400
)

// letterhead is a checked Letterhead, its image decoded. The brasão is
// embedded by pdfpatch (Image) after gopdf has drawn the pages, rather than
// by gopdf's image code, which would weigh about 32 KB on the browser app.
type letterhead struct {
	name   string
	rgb    []byte  // the brasão's pixels (pdfpatch.Image.RGB); nil without one
	pw, ph int     // its size in pixels
	w, h   float64 // its drawn size in points
	pages  []int   // the pages it is drawn on
}

// Check says whether l can be printed: an error in Portuguese, for the
// person who configured the portal's identity, when the brasão is not a
// readable PNG or JPEG within the limits or the name is too long. Garbage
// gives an error, never a panic.
func (l Letterhead) Check() error {
	_, err := prepareLetterhead(l)
	return err
}

func (l Letterhead) empty() bool {
	return strings.TrimSpace(l.Name) == "" && len(l.Emblem) == 0
}

// prepareLetterhead checks l and decodes its brasão; nil for the zero
// Letterhead.
func prepareLetterhead(l Letterhead) (*letterhead, error) {
	if l.empty() {
		return nil, nil
	}
	name := strings.Join(strings.Fields(l.Name), " ")
	if !utf8.ValidString(name) {
		return nil, fmt.Errorf("timbre: o nome do órgão não é texto UTF-8 válido")
	}
	if n := utf8.RuneCountInString(name); n > maxNameRunes {
		return nil, fmt.Errorf("timbre: o nome do órgão tem %d caracteres; o limite é %d", n, maxNameRunes)
	}
	lh := &letterhead{name: name}
	if len(l.Emblem) == 0 {
		return lh, nil
	}
	img, err := decodeEmblem(l.Emblem)
	if err != nil {
		return nil, err
	}
	lh.rgb = make([]byte, 0, len(img.Pix)/4*3)
	for i := 0; i < len(img.Pix); i += 4 {
		lh.rgb = append(lh.rgb, img.Pix[i:i+3]...)
	}
	b := img.Bounds()
	lh.pw, lh.ph = b.Dx(), b.Dy()
	lh.h = emblemH
	lh.w = emblemH * float64(b.Dx()) / float64(b.Dy())
	if lh.w > emblemMaxW {
		lh.w, lh.h = emblemMaxW, emblemMaxW*float64(b.Dy())/float64(b.Dx())
	}
	return lh, nil
}

// decodeEmblem reads a PNG or JPEG within the limits and returns it opaque,
// at most emblemPx pixels on its longer side (see flatten).
func decodeEmblem(data []byte) (*image.RGBA, error) {
	if len(data) > MaxEmblemBytes {
		return nil, fmt.Errorf("timbre: a imagem do brasão passa de %d MB, o limite", MaxEmblemBytes>>20)
	}
	var format string
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		format = "png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		format = "jpeg"
	default:
		return nil, fmt.Errorf("timbre: o brasão deve ser uma imagem PNG ou JPEG")
	}
	var cfg image.Config
	var err error
	if format == "png" {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("timbre: a imagem do brasão está danificada ou não é um %s válido", strings.ToUpper(format))
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxEmblemPixels || cfg.Height > MaxEmblemPixels {
		return nil, fmt.Errorf("timbre: a imagem do brasão tem %d × %d pixels; o limite é %d × %d", cfg.Width, cfg.Height, MaxEmblemPixels, MaxEmblemPixels)
	}
	var src image.Image
	if format == "png" {
		src, err = png.Decode(bytes.NewReader(data))
	} else {
		src, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("timbre: a imagem do brasão está danificada ou não é um %s válido", strings.ToUpper(format))
	}
	return flatten(src, emblemPx), nil
}

// flatten returns img opaque, its transparent parts on white (as on
// paper), scaled down by a whole factor k (each pixel the mean of a k×k
// square) until its longer side is at most limit pixels.
func flatten(img image.Image, limit int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	k := max(1, (max(w, h)+limit-1)/limit)
	nw, nh := (w+k-1)/k, (h+k-1)/k
	sum := make([]uint32, 3*nw*nh)
	n := make([]uint32, nw*nh)
	for y := range h {
		for x := range w {
			// premultiplied: over white, a channel is c + (1-α)
			r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			i := (y/k)*nw + x/k
			sum[3*i] += (r + 0xffff - a) >> 8
			sum[3*i+1] += (g + 0xffff - a) >> 8
			sum[3*i+2] += (bl + 0xffff - a) >> 8
			n[i]++
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for i := range n {
		p := out.Pix[4*i : 4*i+4]
		for c := range 3 {
			p[c] = uint8((sum[3*i+c] + n[i]/2) / n[i])
		}
		p[3] = 0xff
	}
	return out
}

// letterheadTop draws the letterhead on a page that opens a document (the
// first page, or one a section starts on) and returns where the form's
// header lines start and whether it drew; on other pages, or without a
// letterhead, it draws nothing.
func (r *renderer) letterheadTop() (y float64, drawn bool) {
	y = marginT - 20
	if r.lh == nil || (r.page != 1 && !r.opening) {
		return y, false
	}
	if r.lh.rgb != nil {
		r.lh.pages = append(r.lh.pages, r.page) // embedded by image()
		y = emblemTop + r.lh.h + emblemGap
	}
	if r.lh.name != "" {
		f := face{fontBold, 12}
		for _, line := range r.wrapAtMost(f, r.clean(r.lh.name), textW, 2) {
			r.text(f, marginL+(textW-r.width(f, line))/2, y, line)
			y += 14
		}
	}
	return y, true
}

// image is the brasão for pdfpatch, centred under the top edge of the
// pages that open a document; nil when none was drawn.
func (lh *letterhead) image() []pdfpatch.Image {
	if lh == nil || len(lh.pages) == 0 {
		return nil
	}
	x := marginL + (textW-lh.w)/2
	return []pdfpatch.Image{{Width: lh.pw, Height: lh.ph, RGB: lh.rgb, Pages: lh.pages,
		Rect: [4]float64{x, pageH - emblemTop - lh.h, x + lh.w, pageH - emblemTop}}}
}

// repeatsName says whether a header entry (its wrapped lines) only repeats
// the letterhead's name, as when the body filling the form is the one the
// portal names: it is then printed once.
func (r *renderer) repeatsName(lines []string) bool {
	return r.lh != nil && strings.EqualFold(strings.Join(lines, " "), r.lh.name)
}
