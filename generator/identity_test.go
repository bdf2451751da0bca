package generator_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator"
)

// emblemImage is a made-up 40×48 picture (not any real emblem).
func emblemImage() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 40; x++ {
			img.Set(x, y, color.NRGBA{0x1d, 0x4e, uint8(x * 6), 0xff})
		}
	}
	return img
}

func pngBytes(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, emblemImage()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, emblemImage(), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const identitySiteYAML = "title: Portal\nidentidade:\n  nome: \"Prefeitura Municipal de Exemplo\"\n  brasao: \"identidade/%s\"\n"

func identitySite(t *testing.T, file string, data []byte) fstest.MapFS {
	fsys := repoTemplates(t)
	fsys["templates/site.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(identitySiteYAML, "%s", file, 1))}
	fsys["templates/static/identidade/"+file] = &fstest.MapFile{Data: data}
	fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Início\n---\nTexto.\n")}
	return fsys
}

// TestIdentityEmblem: a PNG or JPEG brasão is shown in the header of every
// page with the organization's name as its alt text, published in
// app/identidade.json (the same bytes each build) and returned by
// LoadIdentity for the command line's PDFs.
func TestIdentityEmblem(t *testing.T) {
	for _, c := range []struct {
		file string
		data []byte
	}{{"brasao.png", pngBytes(t)}, {"brasao.jpg", jpegBytes(t)}} {
		fsys := identitySite(t, c.file, c.data)
		var first []byte
		for i := 0; i < 2; i++ {
			out := generator.NewMemOutput()
			if _, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: out}); err != nil {
				t.Fatalf("%s: %v", c.file, err)
			}
			home, _ := out.Get("index.html")
			want := `<img class="marca-brasao" src="/identidade/` + c.file + `?v=`
			if !bytes.Contains(home, []byte(want)) || !bytes.Contains(home, []byte(`alt="Prefeitura Municipal de Exemplo" width="40" height="48">`)) {
				t.Errorf("%s: the header lacks the brasão:\n%s", c.file, home)
			}
			js, _ := out.Get("app/identidade.json")
			if got, want := string(js), `{"nome":"Prefeitura Municipal de Exemplo","brasao":"/identidade/`+c.file+`"}`+"\n"; got != want {
				t.Errorf("app/identidade.json = %q; want %q", got, want)
			}
			if img, _ := out.Get("identidade/" + c.file); !bytes.Equal(img, c.data) {
				t.Errorf("%s is not published as it is", c.file)
			}
			if i == 0 {
				first = js
			} else if !bytes.Equal(first, js) {
				t.Errorf("app/identidade.json differs between two builds")
			}
		}
		name, emblem, err := generator.LoadIdentity(fsys)
		if err != nil || name != "Prefeitura Municipal de Exemplo" || !bytes.Equal(emblem, c.data) {
			t.Errorf("LoadIdentity: %q, %d bytes, %v", name, len(emblem), err)
		}
	}

	// Without identidade: no emblem, an empty name, and the JSON says so.
	fsys := repoTemplates(t)
	fsys["templates/site.yaml"] = &fstest.MapFile{Data: []byte("title: Portal\n")}
	fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Início\n---\nTexto.\n")}
	name, emblem, err := generator.LoadIdentity(fsys)
	if err != nil || name != "" || emblem != nil {
		t.Errorf("LoadIdentity without identidade: %q, %v, %v", name, emblem, err)
	}
	out := generator.NewMemOutput()
	if _, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: out}); err != nil {
		t.Fatal(err)
	}
	if js, _ := out.Get("app/identidade.json"); string(js) != `{"nome":"","brasao":""}`+"\n" {
		t.Errorf("app/identidade.json without identidade: %q", js)
	}
}

// TestIdentityEmblemErrors: a brasão that is not a PNG or JPEG, is named
// for another format, is too large or is a symbolic link is refused at its
// key in site.yaml, by the build and by LoadIdentity alike.
func TestIdentityEmblemErrors(t *testing.T) {
	big := append(pngBytes(t), make([]byte, 600<<10)...)
	for _, c := range []struct {
		file string
		data []byte
		want string
	}{
		{"brasao.png", []byte("não sou uma imagem"), "templates/site.yaml:4:11: o brasão templates/static/identidade/brasao.png não é uma imagem PNG nem JPEG válida"},
		{"brasao.png", jpegBytes(t), "templates/site.yaml:4:11: o brasão templates/static/identidade/brasao.png é JPEG, mas o nome termina em .png: renomeie o arquivo"},
		{"brasao.png", big, "templates/site.yaml:4:11: o brasão templates/static/identidade/brasao.png é grande demais (601 KB; o limite é 512 KB): reduza a imagem"},
		{"brasao.gif", []byte("GIF89a"), "templates/site.yaml:4:11: o brasão deve ser uma imagem PNG ou JPEG (.png, .jpg): identidade/brasao.gif"},
	} {
		fsys := identitySite(t, c.file, c.data)
		_, err := generator.Build(context.Background(), generator.Options{Source: fsys})
		if err == nil || diag.Flatten(err).Error() != c.want {
			t.Errorf("build with %s: %v\nwant %s", c.file, err, c.want)
		}
		if _, _, err := generator.LoadIdentity(fsys); err == nil || diag.Flatten(err).Error() != c.want {
			t.Errorf("LoadIdentity with %s: %v\nwant %s", c.file, err, c.want)
		}
	}

	// A symbolic link is not followed, wherever it points.
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "templates", "static", "identidade"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "site.yaml"), []byte(strings.Replace(identitySiteYAML, "%s", "brasao.png", 1)), 0o644)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "templates", "static", "identidade", "brasao.png")); err != nil {
		t.Fatal(err)
	}
	_, _, err := generator.LoadIdentity(os.DirFS(dir))
	if want := "templates/site.yaml:4:11: não foi possível ler o brasão templates/static/identidade/brasao.png: é um link simbólico"; err == nil || !strings.HasPrefix(diag.Flatten(err).Error(), want) {
		t.Errorf("LoadIdentity with a symbolic link: %v\nwant %s…", err, want)
	}
}

// TestIdentityBlankPDFLetterhead: the blank model the site publishes for a
// form carries the site's identity as its letterhead (the name in the text,
// the brasão as an image), as the PDFs the app makes do; without
// identidade it has the plain header.
func TestIdentityBlankPDFLetterhead(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils) is needed: %v", err)
	}
	pdfimages, err := exec.LookPath("pdfimages")
	if err != nil {
		t.Fatalf("pdfimages (poppler-utils) is needed: %v", err)
	}
	def, err := os.ReadFile(filepath.Join("..", "content", "formularios", "criacao-unidade.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	norms, err := filepath.Glob(filepath.Join("..", "content", "normas", "*.md"))
	if err != nil || len(norms) == 0 {
		t.Fatalf("the norms the form cites: %v", err)
	}
	blank := func(fsys fstest.MapFS) (text, images string) {
		t.Helper()
		for _, n := range norms {
			src, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			fsys["content/normas/"+filepath.Base(n)] = &fstest.MapFile{Data: src}
		}
		fsys["content/formularios/criacao-unidade.yaml"] = &fstest.MapFile{Data: def}
		fsys["content/formularios/criacao-unidade.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Criação de unidade\nlayout: formulario\nform: criacao-unidade\n---\nTexto.\n")}
		out := generator.NewMemOutput()
		if _, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: out}); err != nil {
			t.Fatal(err)
		}
		pdf, ok := out.Get("formularios/criacao-unidade/criacao-unidade-em-branco.pdf")
		if !ok {
			t.Fatal("the blank PDF was not published")
		}
		file := filepath.Join(t.TempDir(), "branco.pdf")
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		txt, err := exec.Command(pdftotext, "-layout", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		list, err := exec.Command(pdfimages, "-list", file).Output()
		if err != nil {
			t.Fatalf("pdfimages: %v", err)
		}
		return string(txt), string(list)
	}
	text, images := blank(identitySite(t, "brasao.png", pngBytes(t)))
	if !strings.Contains(text, "Prefeitura Municipal de Exemplo") {
		t.Errorf("the blank PDF lacks the letterhead's name:\n%s", text)
	}
	if n := strings.Count(images, "\n") - 2; n < 1 { // two header lines
		t.Errorf("the blank PDF has no brasão:\n%s", images)
	}
	plain := repoTemplates(t)
	plain["templates/site.yaml"] = &fstest.MapFile{Data: []byte("title: Portal\n")}
	plain["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Início\n---\nTexto.\n")}
	text, images = blank(plain)
	if strings.Contains(text, "Prefeitura Municipal de Exemplo") || strings.Count(images, "\n")-2 != 0 {
		t.Errorf("without identidade the blank PDF has a letterhead:\n%s\n%s", text, images)
	}
}
