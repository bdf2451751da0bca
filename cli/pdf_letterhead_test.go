package cli

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDFLetterhead: --timbre-nome and --timbre-brasao put the body's name
// and brasão at the top of the document (and of the blank model); a file
// that is not an image is refused with a message naming it, and no PDF is
// written.
func TestPDFLetterhead(t *testing.T) {
	dir := t.TempDir()
	img := image.NewNRGBA(image.Rect(0, 0, 60, 70))
	for y := range 70 {
		for x := range 60 {
			img.SetNRGBA(x, y, color.NRGBA{20, 60, 140, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	brasao := filepath.Join(dir, "brasao.png")
	lixo := filepath.Join(dir, "lixo.png")
	if err := os.WriteFile(brasao, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lixo, []byte("não é imagem"), 0o644); err != nil {
		t.Fatal(err)
	}
	ex, err := filepath.Abs(filepath.Join(examplesDir, "designacao-ponto-focal.json"))
	if err != nil {
		t.Fatal(err)
	}
	const name = "Prefeitura Municipal de Exemplo"
	for _, c := range []struct {
		file string
		args []string
	}{
		{"timbre.pdf", []string{ex}},
		{"timbre-branco.pdf", []string{"--branco"}},
	} {
		out := filepath.Join(dir, c.file)
		args := append([]string{"pdf", "-s", formSite(), "designacao-ponto-focal", "--timbre-nome", name, "--timbre-brasao", brasao}, c.args...)
		if code, _, errOut := runForm(t, "", append(args, "-o", out)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		tool(t, "qpdf", "--check", out)
		if text := pdftotext(t, out); !strings.HasPrefix(strings.TrimSpace(text), name) {
			t.Errorf("%s does not start with the letterhead:\n%.200s", c.file, text)
		}
		if list := tool(t, "pdfimages", "-list", out); !strings.Contains(list, "image      60    70") {
			t.Errorf("%s: the brasão is not in pdfimages -list:\n%s", c.file, list)
		}
	}
	out := filepath.Join(dir, "nao.pdf")
	code, _, errOut := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", ex, "--timbre-brasao", lixo, "-o", out)
	if code == 0 || !strings.Contains(errOut, lixo+": timbre: o brasão deve ser uma imagem PNG ou JPEG") {
		t.Errorf("garbage brasão: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a PDF was written with a garbage brasão")
	}
}
