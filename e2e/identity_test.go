package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// testEmblem is a made-up shield for the tests (not any real emblem): a
// blue shield with a yellow band on a transparent background.
func testEmblem(t testing.TB) []byte {
	t.Helper()
	const w, h = 96, 112
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	blue, yellow := color.NRGBA{0x1d, 0x4e, 0x89, 0xff}, color.NRGBA{0xf2, 0xc1, 0x2e, 0xff}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// Straight sides down to 60 %, then a point.
			half := float64(w) / 2
			limit := half
			if fy := float64(y); fy > 0.6*h {
				limit = half * (1 - (fy-0.6*h)/(0.4*h))
			}
			if d := float64(x) + 0.5 - half; d*d > limit*limit {
				continue
			}
			c := blue
			if y > 40 && y < 56 {
				c = yellow
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testOrgName = "Prefeitura Municipal de Exemplo"

// identitySite makes, with seiportal init, a portal whose site.yaml names
// an organization with a (made-up) brasão, a repository and a contact, and
// that has a page with a footnote and a link to another page; it returns
// the folder it is in.
func identitySite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command(binary, "init", filepath.Join(dir, "site")).CombinedOutput(); err != nil {
		t.Fatalf("seiportal init: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	write := func(name string, data []byte) {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("templates/static/identidade/brasao.png", testEmblem(t))
	write("templates/site.yaml", []byte(`title: "Portal de Adesão ao SEI"
short_title: "Adesão SEI"
base_url: "https://sei.exemplo.gov.br/"
organization: "Comitê Gestor do SEI"
identidade:
  nome: "`+testOrgName+`"
  brasao: "identidade/brasao.png"
repositorio:
  url: "https://github.com/prefeitura-exemplo/portal-sei"
  ramo: "principal"
contato:
  email: "sei@exemplo.gov.br"
  telefone: "(12) 3456-7890"
  horario: "de segunda a sexta, das 8h às 17h"
`))
	write("content/procedimentos/nota-de-rodape.md", []byte(`---
title: "Página com nota"
---

Um texto com uma nota[^1] e um link para os [formulários](/formularios/).

[^1]: A nota de rodapé.
`))
	return dir
}

// TestIdentityHeaderFooter: with identidade, repositorio and contato in
// site.yaml, every page shows the brasão (its alt text the organization's
// name) and the name in the header, the contact (mailto:, tel:) in the
// footer and "Editar esta página" pointing at the page's file; the bar
// links to the Acessibilidade page, which ends with "Fale com a equipe".
// axe finds nothing at 390 and 1280 px in the three themes.
func TestIdentityHeaderFooter(t *testing.T) {
	axe := axeSource(t)
	srv := startSiteServer(t, "site", identitySite(t))
	for _, mode := range []string{"normal", "escuro", "alto-contraste"} {
		p := newPage(t)
		scheme := "light"
		if mode == "escuro" {
			scheme = "dark"
		}
		p.do(t, theme(scheme))
		for _, w := range []int64{1280, 390} {
			p.do(t, phone(w), chromedp.Navigate(srv.URL+guideURL))
			p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
			if on := eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste")`); on != (mode == "alto-contraste") {
				p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
			}
			what := fmt.Sprintf("%d px %s", w, mode)
			img := eval[map[string]any](t, p, `(() => { const i = document.querySelector(".topo .marca img.marca-brasao"); if (!i) return {}; const r = i.getBoundingClientRect();
				return {alt: i.alt, loaded: i.complete && i.naturalWidth > 0, h: r.height, w: r.width, name: document.querySelector(".topo .marca").innerText.trim()}; })()`)
			if img["alt"] != testOrgName || img["loaded"] != true {
				t.Fatalf("%s: header brasão %v; want alt %q, loaded", what, img, testOrgName)
			}
			if h := img["h"].(float64); h < 30 || h > 48 {
				t.Errorf("%s: brasão %v px high", what, h)
			}
			name := img["name"].(string)
			if w == 1280 && !strings.Contains(name, testOrgName) {
				t.Errorf("%s: header shows %q; want the organization's name", what, name)
			}
			footer := eval[map[string]string](t, p, `(() => { const f = document.querySelector("footer.rodape");
				return {mail: (f.querySelector("a[href^='mailto:']") || {}).href || "", tel: (f.querySelector("a[href^='tel:']") || {}).href || "", text: f.innerText}; })()`)
			if footer["mail"] != "mailto:sei@exemplo.gov.br" || footer["tel"] != "tel:1234567890" || !strings.Contains(footer["text"], "de segunda a sexta, das 8h às 17h") {
				t.Errorf("%s: footer contact %v", what, footer)
			}
			edit := eval[string](t, p, `(document.querySelector(".cabecalho-pagina a.editar-pagina") || {}).href || ""`)
			if want := "https://github.com/prefeitura-exemplo/portal-sei/edit/principal/content/procedimentos/unidades.md"; edit != want {
				t.Errorf("%s: edit link %q; want %q", what, edit, want)
			}
			checkAxe(t, p, axe, guideURL+" "+what)
			if w == 1280 && mode == "normal" {
				shotViewport2(t, p, "identidade-guia-1280-"+mode)
			}
			if w == 390 {
				shotViewport2(t, p, "identidade-guia-390-"+mode)
			}
			if *capturas != "" {
				eval[bool](t, p, `window.scrollTo(0, document.body.scrollHeight); true`)
				shotViewport(t, p, "identidade-rodape-"+strconv.Itoa(int(w))+"-"+mode)
			}

			// The bar's Acessibilidade link, and the page's contact block.
			p.do(t, chromedp.Click(chromedp.CSS(`.barra-acessibilidade a[href="/acessibilidade/"]`)))
			p.poll(t, `location.pathname === "/acessibilidade/" && document.readyState === "complete" && document.documentElement.classList.contains("js")`)
			block := eval[string](t, p, `(document.querySelector("main .fale-com-a-equipe") || {}).innerText || ""`)
			for _, want := range []string{"Fale com a equipe", "sei@exemplo.gov.br", "(12) 3456-7890", "ou ligue"} {
				if !strings.Contains(block, want) {
					t.Errorf("%s: /acessibilidade/'s contact block %q lacks %q", what, block, want)
				}
			}
			checkAxe(t, p, axe, "/acessibilidade/ "+what)
			if *capturas != "" {
				shotViewport(t, p, "acessibilidade-"+strconv.Itoa(int(w))+"-"+mode)
				eval[bool](t, p, `document.querySelector("main .fale-com-a-equipe").scrollIntoView(); true`)
				shotViewport(t, p, "acessibilidade-contato-"+strconv.Itoa(int(w))+"-"+mode)
			}
		}
	}
}

// shotViewport2 saves a screenshot of the viewport when -capturas is set.
func shotViewport2(t testing.TB, p *page, name string) {
	t.Helper()
	if *capturas != "" {
		shotViewport(t, p, name)
	}
}

// printPDF prints the tab's page as Chromium does for "Salvar como PDF",
// with the page's own @page size, and returns the file's path.
func printPDF(t testing.TB, p *page, name string) string {
	t.Helper()
	res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *capturas != "" {
		dir = *capturas
	}
	pdf := filepath.Join(dir, name)
	if err := os.WriteFile(pdf, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	return pdf
}

var pdfPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)

// pdfInfo returns a PDF's page count and the first page's size line.
func pdfInfo(t testing.TB, pdf string) (int, string) {
	t.Helper()
	info, err := exec.Command(needTool(t, "pdfinfo", "poppler-utils"), pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := pdfPages.FindStringSubmatch(string(info))
	if m == nil {
		t.Fatalf("pdfinfo %s:\n%s", pdf, info)
	}
	n, _ := strconv.Atoi(m[1])
	size := regexp.MustCompile(`(?m)^Page size:.*$`).FindString(string(info))
	return n, size
}

// TestPrint prints, as Chromium's "Salvar como PDF" does: the checklist
// fits in a few A4 pages (a size budget), and a guide page has no chrome,
// no footnote back-arrow, and prints the target of its links (internal ones
// as the portal's public address).
func TestPrint(t *testing.T) {
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	srv := startSiteServer(t, "site", identitySite(t))
	p := newPage(t)

	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	pdf := printPDF(t, p, "checklist-impresso.pdf")
	n, size := pdfInfo(t, pdf)
	if n > 5 {
		t.Errorf("the checklist prints on %d pages; want at most 5", n)
	}
	if !strings.Contains(size, "(A4)") {
		t.Errorf("the checklist prints on %q; want A4", size)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Designar", "Responsável"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the printed checklist lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Exportar andamento", "Abrir menu", "Buscar no portal", "Voltar ao topo"} {
		if bytes.Contains(text, []byte(unwanted)) {
			t.Errorf("the printed checklist shows %q", unwanted)
		}
	}

	for _, u := range []string{"/procedimentos/nota-de-rodape/", guideURL, normURL, glossaryURL} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.poll(t, `document.documentElement.classList.contains("js") && document.readyState === "complete"`)
		pdf := printPDF(t, p, "impresso"+strings.ReplaceAll(strings.TrimSuffix(u, "/"), "/", "-")+".pdf")
		text, err := exec.Command(pdftotext, pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		s := string(text)
		for _, unwanted := range []string{"↩", "Abrir menu", "Buscar no portal", "Voltar ao topo", "Alto contraste", "Editar esta página", "Compartilhar", "Nesta página"} {
			if strings.Contains(s, unwanted) {
				t.Errorf("%s printed shows %q", u, unwanted)
			}
		}
		if u == guideURL {
			// A citation in the text needs no address; the one in Base
			// normativa and the external link get theirs.
			for _, want := range []string{"https://sei.exemplo.gov.br/normas/in-15-2024/#art38", "https://angra.rj.gov.br/sei"} {
				if !strings.Contains(strings.Join(strings.Fields(s), ""), want) {
					t.Errorf("%s printed lacks the address %s", u, want)
				}
			}
		} else if u == "/procedimentos/nota-de-rodape/" && !strings.Contains(strings.Join(strings.Fields(s), ""), "formulários(https://sei.exemplo.gov.br/formularios/)") {
			t.Errorf("%s printed: the internal link does not print its address:\n%s", u, s)
		}
	}
}
