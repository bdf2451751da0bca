package document

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

// emblemImage draws a small shield-like brasão: a blue field with a gold
// band and a transparent outside, w × h pixels.
func emblemImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			// a shield: straight sides, a rounded lower half
			dx, dy := float64(x-w/2)/float64(w/2), float64(y-h/2)/float64(h/2)
			if dy > 0 && dx*dx+dy*dy > 1 {
				continue // transparent
			}
			c := color.NRGBA{20, 60, 140, 255}
			if y > h/3 && y < h/2 {
				c = color.NRGBA{230, 180, 30, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func emblemPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, emblemImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func emblemJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, emblemImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imageRows returns the rows of pdfimages -list: one per use of an image
// on a page, as its columns (page num type width height color comp bpc
// enc interp object ID x-ppi y-ppi size ratio).
func imageRows(list string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line)
		if len(f) >= 12 && f[0] != "page" && !strings.HasPrefix(f[0], "-") {
			rows = append(rows, f)
		}
	}
	return rows
}

func TestLetterhead(t *testing.T) {
	const name = "Prefeitura Municipal de Angra dos Reis"
	for _, c := range []struct {
		kind   string
		emblem []byte
	}{
		{"png", emblemPNG(t, 180, 210)},
		{"jpeg", emblemJPEG(t, 180, 210)},
		{"large", emblemPNG(t, 1800, 2100)},
	} {
		t.Run(c.kind, func(t *testing.T) {
			def := loadDef(t, "designacao-ponto-focal")
			vals := loadValues(t, def)
			opts := Options{Fonts: ttf.Fonts(), Letterhead: Letterhead{Name: name, Emblem: c.emblem}}
			pdf, err := Render(def, vals, opts)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Render(def, vals, opts)
			if err != nil || !bytes.Equal(pdf, again) {
				t.Fatalf("two renders with the same letterhead differ (err %v)", err)
			}
			dir := t.TempDir()
			p := writeTemp(t, dir, "timbre-"+c.kind+".pdf", pdf)
			qpdfCheck(t, p)
			// the name heads the first page of each document, above the
			// secretaria: the ofício and each termo, not the pages that
			// continue a document
			pages := strings.Split(run(t, dir, "pdftotext", p, "-"), "\f")
			opening := 0
			for i, pg := range pages {
				pg = strings.Join(strings.Fields(pg), " ")
				if pg == "" {
					continue
				}
				opens := i == 0 || strings.Contains(pg, "TERMO DE CONDUTA")
				headed := strings.HasPrefix(pg, name+" Secretaria Municipal de Administração")
				if opens != headed {
					t.Errorf("page %d: opens a document %v, has the letterhead %v: %.120s", i+1, opens, headed, pg)
				}
				if headed {
					opening++
				}
			}
			if opening != 3 {
				t.Errorf("%d pages with the letterhead; want 3 (the ofício, two termos)", opening)
			}
			// one image object (no soft mask: transparency is flattened on
			// white), drawn once on each of the three pages
			list := run(t, dir, "pdfimages", "-list", p)
			rows := imageRows(list)
			objs := map[string]bool{}
			for _, r := range rows {
				if r[2] != "image" {
					t.Errorf("unexpected %s in pdfimages -list:\n%s", r[2], list)
				}
				objs[r[10]] = true
				if w, _ := strconv.Atoi(r[3]); w > emblemPx {
					t.Errorf("image kept at %s px wide; want at most %d", r[3], emblemPx)
				}
			}
			if len(rows) != 3 || len(objs) != 1 {
				t.Errorf("pdfimages -list: %d uses of %d objects; want 3 uses of 1 image:\n%s", len(rows), len(objs), list)
			}
			if _, _, _, _, err := Open(pdf); err != nil {
				t.Errorf("Open: %v", err)
			}
		})
	}
}

// TestLetterheadNameOnly prints the name without a brasão, and a header
// entry that only repeats the name is printed once.
func TestLetterheadNameOnly(t *testing.T) {
	def := loadDef(t, "criacao-unidade")
	vals := loadValues(t, def)
	header := strings.Join(strings.Fields(vals.Get("orgao.nome")+" – "+vals.Get("orgao.sigla")), " ")
	pdf, err := Render(def, vals, Options{Fonts: ttf.Fonts(), Letterhead: Letterhead{Name: strings.ToUpper(header)}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "timbre-nome.pdf", pdf)
	text := strings.Join(strings.Fields(run(t, dir, "pdftotext", "-f", "1", "-l", "1", p, "-")), " ")
	if n := strings.Count(strings.ToUpper(text), strings.ToUpper(header)); n != 1 {
		t.Errorf("the name is printed %d times on page 1; want 1:\n%s", n, text)
	}
	if list := run(t, dir, "pdfimages", "-list", p); len(imageRows(list)) != 0 {
		t.Errorf("an image without a brasão:\n%s", list)
	}
}

// TestLetterheadBlank: the blank model carries the letterhead too.
func TestLetterheadBlank(t *testing.T) {
	def := loadDef(t, "criacao-unidade")
	pdf, err := Blank(def, Options{Fonts: ttf.Fonts(), Letterhead: Letterhead{Name: "Prefeitura Municipal de Exemplo", Emblem: emblemPNG(t, 90, 100)}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "timbre-branco.pdf", pdf)
	qpdfCheck(t, p)
	if text := run(t, dir, "pdftotext", p, "-"); !strings.HasPrefix(strings.TrimSpace(text), "Prefeitura Municipal de Exemplo") {
		t.Errorf("blank model without the letterhead:\n%.300s", text)
	}
}

// ihdr returns a PNG whose header claims w × h pixels (with a valid CRC),
// followed by the data of a 1 × 1 image.
func ihdr(t testing.TB, w, h uint32) []byte {
	b := emblemPNG(t, 1, 1)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func TestLetterheadGarbage(t *testing.T) {
	good := emblemPNG(t, 40, 50)
	var gifData bytes.Buffer
	if err := gif.Encode(&gifData, emblemImage(10, 10), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		l      Letterhead
		substr string
	}{
		{"text", Letterhead{Emblem: []byte("isto não é uma imagem")}, "deve ser uma imagem PNG ou JPEG"},
		{"gif", Letterhead{Emblem: gifData.Bytes()}, "deve ser uma imagem PNG ou JPEG"},
		{"truncated png", Letterhead{Emblem: good[:len(good)/2]}, "danificada ou não é um PNG válido"},
		{"png header only", Letterhead{Emblem: good[:8]}, "danificada ou não é um PNG válido"},
		{"jpeg header only", Letterhead{Emblem: []byte("\xff\xd8\xff\xe0lixo")}, "danificada ou não é um JPEG válido"},
		{"huge", Letterhead{Emblem: ihdr(t, 100000, 100000)}, "100000 × 100000 pixels; o limite é 2500 × 2500"},
		{"zero", Letterhead{Emblem: ihdr(t, 0, 10)}, "danificada"},
		{"too big a file", Letterhead{Emblem: append(append([]byte{}, good...), make([]byte, MaxEmblemBytes)...)}, "passa de 2 MB, o limite"},
		{"long name", Letterhead{Name: strings.Repeat("Prefeitura ", 30)}, "o limite é 200"},
	} {
		err := c.l.Check()
		if err == nil || !strings.HasPrefix(err.Error(), "timbre: ") || !strings.Contains(err.Error(), c.substr) {
			t.Errorf("%s: Check() = %v; want an error with %q", c.name, err, c.substr)
		}
		def := loadDef(t, "criacao-unidade")
		if _, err2 := Render(def, loadValues(t, def), Options{Fonts: ttf.Fonts(), Letterhead: c.l}); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("%s: Render error = %v; want %v", c.name, err2, err)
		}
		if _, err2 := Blank(def, Options{Fonts: ttf.Fonts(), Letterhead: c.l}); err2 == nil {
			t.Errorf("%s: Blank accepted a bad letterhead", c.name)
		}
	}
	if err := (Letterhead{}).Check(); err != nil {
		t.Errorf("zero Letterhead: %v", err)
	}
}

// FuzzLetterhead: any bytes as the brasão give an error or a PDF, never a
// panic; what Check accepts renders.
func FuzzLetterhead(f *testing.F) {
	f.Add(emblemPNG(f, 12, 14))
	f.Add(emblemJPEG(f, 12, 14))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\xff\xd8\xff"))
	def := loadDef(f, "criacao-unidade")
	vals := loadValues(f, def)
	f.Fuzz(func(t *testing.T, data []byte) {
		l := Letterhead{Name: "Prefeitura", Emblem: data}
		if err := l.Check(); err != nil {
			if !strings.HasPrefix(err.Error(), "timbre: ") {
				t.Fatalf("error without its prefix: %v", err)
			}
			return
		}
		if _, err := Render(def, vals, Options{Fonts: ttf.Fonts(), Letterhead: l}); err != nil {
			t.Fatalf("Check accepted a brasão that Render refuses: %v", err)
		}
	})
}
