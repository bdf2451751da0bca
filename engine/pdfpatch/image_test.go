package pdfpatch

import (
	"strings"
	"testing"
)

// TestUpdateImage: an image drawn on two of three pages is one image
// XObject that poppler finds on those pages only, painted where Rect says
// (the pixels pdftoppm renders there are the image's colour), alongside
// signature fields on the same page, and qpdf finds the file sound.
func TestUpdateImage(t *testing.T) {
	const w, h = 4, 2
	rgb := make([]byte, 0, w*h*3)
	for range w * h {
		rgb = append(rgb, 200, 20, 20)
	}
	img := Image{Width: w, Height: h, RGB: rgb, Pages: []int{1, 3}, Rect: [4]float64{100, 600, 300, 700}}
	out, err := Update(gopdfDocument(t, 3), []SigField{{Name: "assinatura", Page: 1, Rect: [4]float64{50, 50, 250, 100}}}, nil, img)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "imagem.pdf", out)
	run(t, dir, "qpdf", "--check", p)
	list := run(t, dir, "pdfimages", "-list", p)
	var pages []string
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[2] == "image" {
			pages = append(pages, f[0])
			if f[3] != "4" || f[4] != "2" {
				t.Errorf("image size %s × %s; want 4 × 2", f[3], f[4])
			}
		}
	}
	if strings.Join(pages, ",") != "1,3" {
		t.Errorf("the image is on pages %v; want 1 and 3:\n%s", pages, list)
	}
	if !strings.Contains(run(t, dir, "qpdf", "--show-npages", p), "3") {
		t.Error("the pages changed")
	}
	if fields, err := Fields(out); err != nil || len(fields) != 1 {
		t.Errorf("Fields = %v, %v; want the signature field", fields, err)
	}
	// the middle of the rectangle (x 200, y 650 from the bottom) is red at
	// 72 dpi: pdftoppm's PPM, 3 bytes a pixel after the header
	ppm := run(t, dir, "pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-x", "200", "-y", "191", "-W", "1", "-H", "1", p)
	if px := ppm[len(ppm)-3:]; px[0] < 150 || px[1] > 80 || px[2] > 80 {
		t.Errorf("the pixel at the image's centre is %v; want red", []byte(px))
	}
	if _, err := Update(gopdfDocument(t, 1), nil, nil, Image{Width: 2, Height: 2, RGB: rgb[:3]}); err == nil {
		t.Error("an image with too few bytes was accepted")
	}
	if _, err := Update(gopdfDocument(t, 1), nil, nil, Image{Width: 1, Height: 1, RGB: rgb[:3], Pages: []int{2}}); err == nil {
		t.Error("an image on a page the PDF does not have was accepted")
	}
}
