package e2e

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// identityScript answers the app's requests for the portal's identity
// (/app/identidade.json and the brasão it names) from the page itself, as
// the build's files would, whatever this build of the site publishes.
func identityScript(name string, emblem []byte) string {
	return `(() => {
  const orig = window.fetch.bind(window);
  const png = Uint8Array.from(atob("` + base64.StdEncoding.EncodeToString(emblem) + `"), (c) => c.charCodeAt(0));
  window.fetch = (input, init) => {
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    if (url.pathname === "/app/identidade.json") {
      return Promise.resolve(new Response(JSON.stringify({ nome: ` + jsonString(name) + `, brasao: "/identidade/brasao.png" }), { headers: { "Content-Type": "application/json" } }));
    }
    if (url.pathname === "/identidade/brasao.png") {
      return Promise.resolve(new Response(png, { headers: { "Content-Type": "image/png" } }));
    }
    return orig(input, init);
  };
})();`
}

// TestPDFLetterhead: with the portal's identity, the PDF made in the
// browser carries the município's name and brasão at the top of each
// document (pdftotext, pdfimages); without it (this build publishes no
// identidade.json) the PDF has the plain header and the person sees no
// error about it.
func TestPDFLetterhead(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 48, 56))
	for y := range 56 {
		for x := range 48 {
			img.SetNRGBA(x, y, color.NRGBA{20, 60, 140, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	const name = "Prefeitura Municipal de Exemplo"
	srv := startServer(t)
	pdfimages := needTool(t, "pdfimages", "poppler-utils")
	for _, withIdentity := range []bool{true, false} {
		p := newPage(t)
		if withIdentity {
			if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: identityScript(name, b.Bytes())}); err != nil {
				t.Fatal(err)
			}
		}
		p.do(t, chromedp.Navigate(srv.URL+formURL))
		p.waitApp(t)
		fill(t, p, designacao)
		before := p.downloaded()
		p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
		pdf := p.waitDownload(t, "pdf", before)
		text := strings.TrimSpace(pdftotext(t, pdf))
		out, err := exec.Command(pdfimages, "-list", pdf).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfimages -list: %v\n%s", err, out)
		}
		images := len(regexp.MustCompile(`(?m)^\s*\d+\s+\d+\s+image\s`).FindAllString(string(out), -1))
		result := eval[string](t, p, `document.getElementById("app-resultado").textContent`)
		if strings.Contains(result, "brasão") || strings.Contains(result, "identidade") || strings.Contains(result, "Não foi possível") {
			t.Errorf("identity %v: the result mentions a problem: %q", withIdentity, result)
		}
		if withIdentity {
			if !strings.HasPrefix(text, name+"\n") {
				t.Errorf("the PDF does not start with the letterhead:\n%.200s", text)
			}
			// the ofício and the two termos open with the brasão
			if images != 3 {
				t.Errorf("pdfimages -list: %d uses of the brasão; want 3:\n%s", images, out)
			}
			continue
		}
		if strings.Contains(text, name) || images != 0 || !strings.HasPrefix(text, "Secretaria Municipal de Administração") {
			t.Errorf("without an identity the PDF should have the plain header (images %d):\n%.200s", images, text)
		}
	}
}
