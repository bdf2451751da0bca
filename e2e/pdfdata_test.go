package e2e

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPDFPersonalData: next to the button the page says what the PDF
// carries; the result offers the version to upload to SEI without the
// embedded data (qpdf finds no dados.json in it, pdftotext reads the same
// pages), both named for people; conferir and import on that version say
// what could not be checked instead of showing a success.
func TestPDFPersonalData(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)

	aviso := eval[string](t, p, `(() => { const b = document.querySelector("button.app-gerar"); const id = b.getAttribute("aria-describedby"); const e = id && document.getElementById(id); return e ? e.textContent : ""; })()`)
	for _, want := range []string{"cópia dos dados que aparecem nas páginas", "para enviar ao SEI", "não leva dado nenhum além do que está impresso"} {
		if !strings.Contains(aviso, want) {
			t.Errorf("text next to Gerar PDF (its aria-describedby) = %q; want %q", aviso, want)
		}
	}

	fill(t, p, designacao)
	before := p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
	withData := p.waitDownload(t, "pdf", before)
	code := eval[string](t, p, `document.querySelector("#app-resultado .app-codigo").textContent`)
	names := eval[[]string](t, p, `[document.querySelector("#app-resultado a.app-baixar").getAttribute("download"), (document.querySelector("#app-resultado a.app-baixar-sem-dados")||{getAttribute: () => ""}).getAttribute("download")]`)
	if names[0] != "designacao-ponto-focal-SEMAD-2025-03-05.pdf" || names[1] != "designacao-ponto-focal-SEMAD-2025-03-05-sem-dados.pdf" {
		t.Fatalf("file names %q", names)
	}
	leva := eval[string](t, p, `document.querySelector("#app-resultado .app-pdf-leva").textContent + " " + document.querySelector("#app-resultado .app-pdf-sem-dados").textContent`)
	for _, want := range []string{"cópia dos dados que aparecem nelas", "Para enviar ao SEI", "não pode ser conferida nem reaberta"} {
		if !strings.Contains(leva, want) {
			t.Errorf("result text %q lacks %q", leva, want)
		}
	}

	before = p.downloaded()
	p.do(t, chromedp.Click(chromedp.CSS("#app-resultado a.app-baixar-sem-dados")))
	noData := p.waitDownload(t, "pdf", before)
	qpdf := needTool(t, "qpdf", "qpdf")
	list := func(path string) string {
		out, err := exec.Command(qpdf, "--list-attachments", path).CombinedOutput()
		if err != nil {
			t.Fatalf("qpdf --list-attachments %s: %v\n%s", path, err, out)
		}
		return string(out)
	}
	if l := list(noData); strings.Contains(l, "dados.json") {
		t.Errorf("the version to upload embeds the data:\n%s", l)
	}
	if l := list(withData); !strings.Contains(l, "dados.json") {
		t.Errorf("the version with data lacks dados.json:\n%s", l)
	}
	if a, b := pdftotext(t, noData), pdftotext(t, withData); a != b || !strings.Contains(a, "Código de conferência: "+code) {
		t.Error("the two versions do not read the same, or lack the code")
	}

	// Importing the version without data says why it cannot be done.
	p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-arquivo"), []string{noData}, chromedp.NodeReady))
	p.poll(t, `!document.getElementById("app-aviso").hidden && document.getElementById("app-aviso").textContent.includes("versão sem dados embutidos")`, chromedp.WithPollingTimeout(10*time.Second))

	// Conferir: never a success on the version without data.
	p.do(t, chromedp.Navigate(srv.URL+"/conferir/"))
	p.waitApp(t)
	p.do(t, chromedp.SetValue(chromedp.ID("app-codigo"), code))
	p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-pdf"), []string{noData}), chromedp.Click(chromedp.CSS(`#app-form button[type="submit"]`)))
	p.poll(t, `(document.querySelector("#app-resultado h3")||{}).textContent !== undefined && !document.getElementById("app-resultado").hidden`, chromedp.WithPollingTimeout(10*time.Second))
	title := eval[string](t, p, `document.querySelector("#app-resultado h3").textContent`)
	body := eval[string](t, p, `document.getElementById("app-resultado").textContent`)
	if title == "O código confere" || strings.Contains(body, "O código confere") {
		t.Errorf("conferir shows a success for the version without data: %q", body)
	}
	for _, want := range []string{"versão sem dados embutidos", "não pode conferir", code} {
		if !strings.Contains(body, want) {
			t.Errorf("conferir result %q lacks %q", body, want)
		}
	}
	// and the version with data still checks
	p.do(t, chromedp.SetUploadFiles(chromedp.ID("app-pdf"), []string{withData}), chromedp.Click(chromedp.CSS(`#app-form button[type="submit"]`)))
	p.poll(t, `(document.querySelector("#app-resultado h3")||{}).textContent === "O código confere"`, chromedp.WithPollingTimeout(10*time.Second))

	assertLocal(t, srv.URL, p.requestsSince(0), secrets...)
}

// TestPDFNamesAsTyped: a name pasted with decomposed accents comes out
// whole in the PDF, and a letter the PDF fonts lack is refused next to its
// field, in Portuguese, naming it (never printed as "?").
func TestPDFNamesAsTyped(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	vals := append([][2]string(nil), designacao...)
	for i := range vals {
		if vals[i][0] == "titular.nome" {
			vals[i][1] = "Conceic\u0327a\u0303o Arau\u0301jo Guimara\u0303es"
		}
		if vals[i][0] == "pontos_focais.1.nome" {
			vals[i][1] = "ნინო Beridze"
		}
	}
	fill(t, p, vals)
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")))
	p.do(t, chromedp.WaitVisible(chromedp.ID("f-pontos_focais-1-nome-msg")))
	msg := eval[string](t, p, `document.getElementById("f-pontos_focais-1-nome-msg").textContent`)
	if !strings.Contains(msg, "caractere “ნ” (U+10DC) não pode ser impresso no PDF") {
		t.Errorf("message by the field = %q", msg)
	}
	if eval[bool](t, p, `!document.getElementById("app-resultado").hidden`) {
		t.Error("a PDF was offered with a name it cannot print")
	}
	before := p.downloaded()
	fill(t, p, [][2]string{{"pontos_focais.1.nome", "Nino Beridze"}})
	p.do(t, chromedp.Click(chromedp.CSS("button.app-gerar")), chromedp.WaitVisible(chromedp.ID("app-resultado")))
	text := pdftotext(t, p.waitDownload(t, "pdf", before))
	if !strings.Contains(text, "Conceição Araújo Guimarães") || strings.Contains(text, "Conceicao") || strings.Contains(text, "?") {
		t.Errorf("the name pasted decomposed is not printed whole:\n%s", text)
	}
}
