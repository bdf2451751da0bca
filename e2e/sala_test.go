package e2e

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// recordStates keeps, in window.__estados, every state the sala page's
// readiness box goes through ("incompleto|Incompleto: …"), from the first.
const recordStates = `window.__estados = [];
document.addEventListener("DOMContentLoaded", () => {
  const e = document.getElementById("sala-estado");
  if (!e) return;
  const rec = () => { const s = e.dataset.estado + "|" + e.textContent; if (window.__estados[window.__estados.length - 1] !== s) window.__estados.push(s); };
  rec();
  new MutationObserver(rec).observe(e, {childList: true, subtree: true, attributes: true, characterData: true});
});`

// TestSalaReadinessAndQR opens /sala/ on a fresh browser from serve --rede:
// the readiness check says "incompleto" until the service worker has
// stored everything (the app is stored only on request), never "pronto"
// before; "Guardar o que falta" completes it; a file taken out of the cache
// makes it incomplete again, naming the file. The QR code shown is the LAN
// address and decodes to it (zbarimg on a screenshot). axe finds nothing.
func TestSalaReadinessAndQR(t *testing.T) {
	axe := axeSource(t)
	zbar := needTool(t, "zbarimg", "zbar-tools")
	srv := startSiteServer(t, "", t.TempDir(), "--rede")
	p := newPage(t)
	if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: recordStates}); err != nil {
		t.Fatal(err)
	}
	p.do(t, chromedp.Navigate(srv.URL+"/sala/"))
	p.poll(t, `document.getElementById("sala-estado").dataset.estado === "incompleto" && document.getElementById("sala-estado").textContent.includes("aplicativo")`, chromedp.WithPollingTimeout(30*time.Second))
	states := eval[[]string](t, p, `window.__estados`)
	if len(states) < 3 || !strings.HasPrefix(states[0], "verificando|") || !strings.HasPrefix(states[1], "incompleto|Incompleto: a cópia para usar sem internet ainda está sendo guardada.") {
		t.Errorf("states %q; want verificando, then incompleto while the service worker installs", states)
	}
	for _, s := range states {
		if strings.HasPrefix(s, "pronto|") {
			t.Errorf("said pronto before the app was stored: %v", states)
		}
	}
	text := eval[string](t, p, `document.getElementById("sala-estado").textContent`)
	appFiles := eval[int](t, p, `fetch("/sw.js").then(r => r.text()).then(s => JSON.parse(s.match(/const APP = (\[.*?\]);/)[1]).length)`)
	if want := "faltam os " + strconv.Itoa(appFiles) + " arquivos dele"; !strings.Contains(text, want) {
		t.Errorf("readiness = %q; want it to say %q", text, want)
	}
	if !strings.Contains(text, "/app/seiportal.wasm") {
		t.Errorf("the missing files are not listed: %q", text)
	}
	checkAxe(t, p, axe, "/sala/ incompleto")

	p.do(t, chromedp.Click(chromedp.ID("sala-guardar")))
	p.poll(t, `document.getElementById("sala-estado").dataset.estado === "pronto"`, chromedp.WithPollingTimeout(60*time.Second))
	if text := eval[string](t, p, `document.getElementById("sala-estado").textContent`); !strings.HasPrefix(text, "Pronto:") {
		t.Errorf("complete copy: %q", text)
	}
	if eval[bool](t, p, `document.getElementById("sala-guardar").getClientRects().length > 0`) {
		t.Error("“Guardar o que falta” still shows with the copy complete")
	}
	// Every file of the service worker's lists is in the cache: "pronto"
	// is true.
	missing := eval[int](t, p, `(async () => { const s = await (await fetch("/sw.js")).text(); const all = JSON.parse(s.match(/const CORE = (\[.*?\]);/)[1]).concat(JSON.parse(s.match(/const APP = (\[.*?\]);/)[1])); let n = 0; for (const u of all) if (!(await caches.match(u))) n++; return n; })()`)
	if missing != 0 {
		t.Errorf("the page said pronto with %d files missing from the cache", missing)
	}

	eval[bool](t, p, `(async () => { for (const k of await caches.keys()) await (await caches.open(k)).delete("/glossario/"); return true; })()`)
	p.do(t, chromedp.Click(chromedp.ID("sala-verificar")))
	p.poll(t, `document.getElementById("sala-estado").dataset.estado === "incompleto"`, chromedp.WithPollingTimeout(20*time.Second))
	text = eval[string](t, p, `document.getElementById("sala-estado").textContent`)
	if !strings.Contains(text, "Incompleto: falta 1 arquivo.") || !strings.Contains(text, "/glossario/") {
		t.Errorf("after removing /glossario/ from the cache: %q", text)
	}

	// The QR code: the LAN address, decoded from what the browser shows.
	p.poll(t, `(() => { const i = document.querySelector(".sala-qr img"); return i && i.complete && i.naturalWidth > 0; })()`)
	lan := eval[string](t, p, `fetch("/_seiportal/sala.json").then(r => r.json()).then(s => s.endereco)`)
	if strings.Contains(lan, "127.0.0.1") || !strings.HasPrefix(lan, "http://") {
		t.Fatalf("sala.json address %q; want the LAN one", lan)
	}
	if alt := eval[string](t, p, `document.querySelector(".sala-qr img").alt`); !strings.Contains(alt, lan) {
		t.Errorf("QR alt = %q; want the address %s", alt, lan)
	}
	if big := eval[string](t, p, `document.querySelector(".sala-endereco-grande").textContent`); big != lan {
		t.Errorf("address shown %q; want %q", big, lan)
	}
	p.do(t, chromedp.EmulateViewport(1280, 900))
	eval[bool](t, p, `document.querySelector(".sala-qr img").scrollIntoView({block: "center", behavior: "instant"}); true`)
	box := boxOf(t, p, ".sala-qr img")
	shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	crop := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(int(box.Left)-20, int(box.Top)-20, int(box.Right)+20, int(box.Bottom)+20))
	f := filepath.Join(t.TempDir(), "qr.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, crop); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbar, "--quiet", "--raw", f).Output()
	if err != nil {
		t.Fatalf("zbarimg did not read the QR code on the page: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != lan {
		t.Errorf("the page's QR code reads %q; want %q", got, lan)
	}
	checkAxe(t, p, axe, "/sala/ com código QR")

	// A phone of the room, on the LAN address: plain http is no secure
	// context, and the page says the copy cannot be kept, and why.
	phoneTab := newPage(t)
	phoneTab.do(t, chromedp.Navigate(lan+"sala/"))
	phoneTab.poll(t, `document.getElementById("sala-estado").dataset.estado === "indisponivel"`)
	if got := eval[string](t, phoneTab, `document.getElementById("sala-estado").textContent`); !strings.Contains(got, "é http numa rede local") || !strings.Contains(got, "https") {
		t.Errorf("on the LAN address the page says %q", got)
	}
	if eval[bool](t, phoneTab, `"serviceWorker" in navigator && navigator.serviceWorker.controller !== null`) {
		t.Error("a service worker controls the page on the plain http LAN address")
	}
	for _, r := range phoneTab.requestsSince(0) {
		if strings.Contains(r.URL, "/_seiportal/estado") {
			t.Errorf("the LAN page asked the build state: %s", r.URL)
		}
	}
	if *capturas != "" {
		for _, w := range []int64{390, 1280} {
			p.do(t, phone(w), chromedp.Reload())
			p.poll(t, `(() => { const i = document.querySelector(".sala-qr img"); return i && i.complete && document.getElementById("sala-estado").dataset.estado !== "verificando"; })()`)
			eval[bool](t, p, `scrollTo(0, 0); true`)
			shotViewport(t, p, "sala-"+strconv.Itoa(int(w)))
			eval[bool](t, p, `document.getElementById("sala-endereco").scrollIntoView({behavior: "instant"}); true`)
			shotViewport(t, p, "sala-"+strconv.Itoa(int(w))+"-qr")
		}
	}
}

// TestSalaEraseAll creates a draft, a checklist state and the high-contrast
// preference, then erases them from /sala/: the confirmation says what will
// go, the result what went, no "seiportal:" key is left, and the form and
// the checklist show nothing of before. Served without --rede, the page
// says how to serve the room.
func TestSalaEraseAll(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	fill(t, p, designacao[:4])
	p.poll(t, `Object.keys(localStorage).some(k => k.startsWith("seiportal:rascunho:"))`)
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	first := eval[string](t, p, `document.querySelector("li[data-item]").dataset.item`)
	p.do(t, chromedp.Click(chromedp.ID("feito-"+first)), chromedp.WaitVisible(chromedp.ID("motivo-"+first)))
	ev := eval[string](t, p, `document.querySelector("#item-`+first+` [data-evidencia]").id`)
	p.do(t, chromedp.SendKeys(chromedp.ID(ev), "prefeito@exemplo.gov.br"), key("\t"), chromedp.Click(chromedp.ID("feito-"+first)))
	p.poll(t, `Object.keys(localStorage).some(k => k.startsWith("seiportal:checklist:"))`)
	p.do(t, chromedp.Click(chromedp.ID("alto-contraste")))
	p.poll(t, `localStorage.getItem("seiportal:alto-contraste") === "1"`)
	// The sample case in training mode: a training draft and the mode.
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	p.do(t, chromedp.Click(chromedp.CSS("button.treino-alternar")))
	p.poll(t, `document.querySelector(".treino-faixa") !== null`)
	p.waitApp(t)
	p.do(t, chromedp.Click(chromedp.CSS("button.treino-exemplo")))
	p.poll(t, `document.querySelector(".treino-status") && document.querySelector(".treino-status").textContent.includes("Dados de exemplo carregados")`)
	p.poll(t, `localStorage.getItem("seiportal:modo-treinamento") === "1" && Object.keys(localStorage).some(k => k.startsWith("seiportal:treino:rascunho:"))`)
	localStorage := func() []string {
		return eval[[]string](t, p, `Object.keys(localStorage).filter(k => k.startsWith("seiportal:")).sort()`)
	}
	before := localStorage()

	p.do(t, chromedp.Navigate(srv.URL+"/sala/"))
	p.poll(t, `document.getElementById("sala-rede").textContent !== ""`)
	if got := eval[string](t, p, `document.getElementById("sala-rede").textContent`); !strings.Contains(got, "só para este computador") || !strings.Contains(got, "seiportal serve --rede") {
		t.Errorf("without --rede the page says %q", got)
	}
	// Cancel erases nothing.
	p.do(t, chromedp.Click(chromedp.ID("sala-apagar-inicio")), chromedp.WaitVisible(chromedp.ID("sala-confirmar")))
	if eval[bool](t, p, `document.getElementById("sala-apagar-inicio").getClientRects().length > 0`) {
		t.Error("the erase button still shows while the confirmation is open")
	}
	if id := eval[string](t, p, `document.activeElement.id`); id != "sala-confirmar-titulo" {
		t.Errorf("focus on %q after asking to erase; want the confirmation", id)
	}
	confirm := eval[string](t, p, `document.getElementById("sala-confirmar").textContent`)
	for _, want := range []string{"1 rascunho de formulário", "1 rascunho de treino", "o andamento do checklist", "o modo de treinamento", "a preferência de alto contraste"} {
		if !strings.Contains(confirm, want) {
			t.Errorf("confirmation %q lacks %q", confirm, want)
		}
	}
	checkAxe(t, p, axe, "/sala/ confirmação")
	if *capturas != "" {
		eval[bool](t, p, `document.getElementById("sala-apagar").scrollIntoView({behavior: "instant"}); true`)
		shotViewport(t, p, "sala-apagar-confirmar")
	}
	p.do(t, chromedp.Click(chromedp.ID("sala-apagar-nao")))
	if got := localStorage(); strings.Join(got, ",") != strings.Join(before, ",") {
		t.Errorf("cancel changed the storage: %v; was %v", got, before)
	}
	// Erase, by keyboard: the button has focus again after cancel.
	if id := eval[string](t, p, `document.activeElement.id`); id != "sala-apagar-inicio" {
		t.Errorf("focus on %q after cancel", id)
	}
	p.do(t, key("\r"), chromedp.WaitVisible(chromedp.ID("sala-confirmar")), key("\t"))
	if id := eval[string](t, p, `document.activeElement.id`); id != "sala-apagar-sim" {
		t.Fatalf("tabbing from the confirmation reaches %q; want sala-apagar-sim", id)
	}
	p.do(t, key("\r"))
	p.poll(t, `document.getElementById("sala-apagar-resultado").textContent.startsWith("Apagado")`)
	result := eval[string](t, p, `document.getElementById("sala-apagar-resultado").textContent`)
	if want := "Apagado: 1 rascunho de formulário, 1 rascunho de treino, o andamento do checklist, o modo de treinamento e a preferência de alto contraste."; !strings.HasPrefix(result, want) {
		t.Errorf("result %q; want it to start with %q", result, want)
	}
	// Every key the portal's pages wrote is gone: they all carry the
	// "seiportal:" prefix the page erases, and nothing else is stored in
	// the portal's origin.
	if got := eval[[]string](t, p, `Object.keys(localStorage).concat(Object.keys(sessionStorage))`); len(got) != 0 {
		t.Errorf("keys left after erasing: %v", got)
	}
	if eval[bool](t, p, `document.documentElement.classList.contains("alto-contraste")`) {
		t.Error("high contrast still on after erasing")
	}
	checkAxe(t, p, axe, "/sala/ apagado")
	if *capturas != "" {
		shotViewport(t, p, "sala-apagado")
	}

	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	if got := values(t, p)["orgao.nome"]; got != "" {
		t.Errorf("the form still shows %q after erasing", got)
	}
	if eval[bool](t, p, `document.querySelector(".treino-faixa") !== null`) {
		t.Error("training mode still on after erasing")
	}
	if n := eval[int](t, p, `[...document.querySelectorAll("#app-rascunho option")].filter(o => o.textContent.includes("Rascunho")).length`); n > 1 {
		t.Errorf("%d drafts listed after erasing", n)
	}
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	if eval[bool](t, p, `document.getElementById("feito-`+first+`").checked`) {
		t.Error("the checklist item is still done after erasing")
	}
	// Opening the form again remembered which draft is open (an empty
	// one): that is what is left to erase, and then nothing is.
	p.do(t, chromedp.Navigate(srv.URL+"/sala/"), chromedp.Click(chromedp.ID("sala-apagar-inicio")), chromedp.WaitVisible(chromedp.ID("sala-confirmar")))
	if got := eval[string](t, p, `document.getElementById("sala-confirmar-lista").textContent`); got != "Serão apagados deste navegador: a indicação do último rascunho aberto." {
		t.Errorf("second erase: %q (keys %v)", got, localStorage())
	}
	p.do(t, chromedp.Click(chromedp.ID("sala-apagar-sim")))
	p.poll(t, `document.getElementById("sala-apagar-resultado").textContent.startsWith("Apagado")`)
	p.do(t, chromedp.Click(chromedp.ID("sala-apagar-inicio")))
	p.poll(t, `document.getElementById("sala-apagar-resultado").textContent.startsWith("Nada a apagar")`)
}
