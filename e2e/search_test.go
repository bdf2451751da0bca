package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// slash presses "/" as a keyboard does.
func slash(t *testing.T, p *page) { t.Helper(); press(t, p, "/", "Slash", 191, "/") }

// enter presses Enter as a keyboard does.
func enter(t *testing.T, p *page) { t.Helper(); press(t, p, "Enter", "Enter", 13, "\r") }

// press presses a key as a keyboard does: one keyDown that carries its
// text, so that a handler that cancels the keydown also cancels the typing
// (or a form's implicit submission), which chromedp.KeyEvent's separate
// "char" event would not.
func press(t *testing.T, p *page, key, code string, vk int64, text string) {
	t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		ev := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		if typ == input.DispatchKeyEventTypeKeyDown {
			ev.Text, ev.UnmodifiedText = text, text
		}
		if _, err := chromedp.Call(p.ctx, input.DispatchKeyEvent, ev); err != nil {
			t.Fatal(err)
		}
	}
}

// headerOptions is the JavaScript list of the header's result options:
// their data-href, in order.
const headerOptions = `[...document.querySelectorAll("#busca-topo-lista [role=option]")].map(o => o.getAttribute("data-href"))`

// typeInHeader clears the header's search box, types q and waits until the
// list shows the results of q (the last search run is q's).
func typeInHeader(t *testing.T, p *page, q string) []string {
	t.Helper()
	p.do(t,
		chromedp.Evaluate[chromedp.Void](`(b => { b.value = ""; b.dispatchEvent(new Event("input")); })(document.getElementById("busca"))`),
		chromedp.SendKeys(chromedp.ID("busca"), q),
	)
	p.poll(t, `document.getElementById("busca").getAttribute("aria-expanded") === "true" && document.querySelector(".busca-topo [role=status]").textContent.includes(`+jsonString("“"+q+"”")+`)`)
	return eval[[]string](t, p, headerOptions)
}

// TestHeaderSearchAsYouType drives the header's search box on a guide page:
// "/" and Ctrl+K focus it, results appear as one types (combobox and
// listbox, count announced), arrows and Enter open a result, Esc closes;
// "art. 35" and "artigo 35" find the same provision first, a glossary term
// finds its entry, a typo finds its page; axe finds nothing with the list
// open; and it all works again offline. With -capturas DIR it saves the
// open list at 390 and 1280 px.
func TestHeaderSearchAsYouType(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	p := newPage(t)
	errs := consoleErrors(t, p)
	p.do(t, chromedp.Navigate(srv.URL+"/procedimentos/unidades/"))
	p.poll(t, `document.getElementById("busca").getAttribute("role") === "combobox"`)

	// "/" from the page focuses the box; Ctrl+K too.
	slash(t, p)
	if id := eval[string](t, p, `document.activeElement.id`); id != "busca" {
		t.Fatalf(`after "/", focus on %q; want the header's search box`, id)
	}
	if v := eval[string](t, p, `document.getElementById("busca").value`); v != "" {
		t.Errorf(`"/" was typed into the box: %q`, v)
	}
	p.do(t, chromedp.Blur(chromedp.ID("busca")), chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if id := eval[string](t, p, `document.activeElement.id`); id != "busca" {
		t.Fatalf(`after Ctrl+K, focus on %q; want the header's search box`, id)
	}

	// "art. 35" and "artigo 35": the same results, the IN's art. 35 first.
	art := typeInHeader(t, p, "art. 35")
	artigo := typeInHeader(t, p, "artigo 35")
	if len(art) < 2 || len(artigo) < 2 || strings.Join(art[:len(art)-1], " ") != strings.Join(artigo[:len(artigo)-1], " ") {
		t.Errorf("art. 35: %q; artigo 35: %q; want the same", art, artigo)
	}
	if len(artigo) == 0 || artigo[0] != "/normas/in-15-2024/#art35" {
		t.Errorf("artigo 35: %q; want /normas/in-15-2024/#art35 first", artigo)
	}
	// The listbox pattern: the count announced, options, the last one to
	// all results.
	if live := eval[string](t, p, `document.querySelector(".busca-topo [role=status]").textContent`); !strings.Contains(live, "resultados para “artigo 35”") {
		t.Errorf("announced %q; want the count of results", live)
	}
	if last := artigo[len(artigo)-1]; last != "/busca/?q=artigo+35" {
		t.Errorf("last option %q; want /busca/?q=artigo+35", last)
	}

	// Glossary terms find their entry.
	for q, want := range map[string]string{
		"sobrestamento": "/glossario/#sobrestamento-de-processo",
		"NUP":           "/glossario/#numero-unico-de-protocolo",
		"barramento":    "/glossario/#barramento",
	} {
		if got := typeInHeader(t, p, q); len(got) == 0 || got[0] != want {
			t.Errorf("%s: %q; want %s first", q, got, want)
		}
	}
	// The norms by their names; an FAQ question first for itself.
	for q, want := range map[string]string{
		"IN 15":       "/normas/in-15-2024/",
		"portaria 41": "/normas/portaria-41-2022/",
		"Podemos começar a usar o SEI antes de publicar o ato de regulamentação?": "/perguntas-frequentes/#podemos-comecar-a-usar-o-sei-antes-de-publicar-o-ato-de-regulamentacao",
	} {
		if got := typeInHeader(t, p, q); len(got) == 0 || got[0] != want {
			t.Errorf("%s: %q; want %s first", q, got, want)
		}
	}

	// A typo finds its pages and says what it searched for.
	got := typeInHeader(t, p, "desginacao")
	if len(got) == 0 || !strings.HasPrefix(got[0], "/ponto-focal/designacao/") {
		t.Errorf("desginacao: %q; want /ponto-focal/designacao/ first", got)
	}
	if note := eval[string](t, p, `document.querySelector(".busca-topo-nota").textContent`); note != "Mostrando resultados para “designação”." {
		t.Errorf("desginacao: note %q", note)
	}
	if got := typeInHeader(t, p, "multiplicadro"); len(got) < 2 || !strings.Contains(strings.Join(got, " "), "multiplicador") {
		t.Errorf("multiplicadro: %q; want the pages on multiplicadores", got)
	}

	// Keyboard: arrows move the active option, Esc closes, Enter opens.
	got = typeInHeader(t, p, "desativação")
	p.do(t, chromedp.KeyEvent(kb.ArrowDown))
	if s := eval[string](t, p, `(b => b.getAttribute("aria-activedescendant") + " " + document.getElementById(b.getAttribute("aria-activedescendant")).getAttribute("aria-selected"))(document.getElementById("busca"))`); s != "busca-topo-op-0 true" {
		t.Errorf("after ArrowDown: %q; want the first option active and selected", s)
	}
	p.do(t, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp))
	if s := eval[string](t, p, `document.getElementById("busca").getAttribute("aria-activedescendant")`); s != "busca-topo-op-0" {
		t.Errorf("after ArrowDown, ArrowUp: active %q; want busca-topo-op-0", s)
	}

	// axe on the open list, in the normal theme and in high contrast, and
	// screenshots.
	checkAxe(t, p, axe, "lista de resultados do topo aberta")
	shoot := func(name string) { t.Helper(); p.screenshot(t, name) }
	shoot("busca-topo-1280.png")
	p.do(t, chromedp.KeyEvent(kb.Escape))
	if e := eval[string](t, p, `document.getElementById("busca").getAttribute("aria-expanded") + " " + document.querySelector(".busca-topo-painel").hidden`); e != "false true" {
		t.Errorf("after Esc: expanded, hidden = %s; want false true", e)
	}
	p.do(t, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	enter(t, p)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		at, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname + location.hash : ""`))
		if err == nil && at == got[1] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Enter on the second option: at %q; want %q", at, got[1])
		}
	}

	p.do(t, chromedp.EmulateViewport(390, 844))
	typeInHeader(t, p, "ponto focal")
	if w := eval[float64](t, p, `document.querySelector(".busca-topo-painel").getBoundingClientRect().right`); w > 390 {
		t.Errorf("at 390 px the list ends at %v px", w)
	}
	checkAxe(t, p, axe, "lista de resultados do topo aberta, 390 px")
	shoot("busca-topo-390.png")
	p.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("alto-contraste").click()`))
	typeInHeader(t, p, "unidades")
	checkAxe(t, p, axe, "lista de resultados do topo aberta, alto contraste")
	shoot("busca-topo-390-alto-contraste.png")
	p.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("alto-contraste").click()`), chromedp.EmulateViewport(1280, 900))

	// Offline: once the service worker has stored the index, the header's
	// search works with the server gone.
	cached := `(async () => { for (const k of await caches.keys()) { const c = await caches.open(k); if (await c.match("/busca/indice.json") && await c.match("/procedimentos/unidades/")) return true; } return false; })()`
	for deadline := time.Now().Add(30 * time.Second); !eval[bool](t, p, cached); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("o service worker não guardou o índice da busca em 30 s")
		}
	}
	for _, e := range errs() {
		t.Errorf("console: %s", e)
	}
	// (With the server gone, its live-reload connection breaks: network
	// errors from here on are expected.)
	srv.stop()
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	p.do(t, chromedp.Navigate(srv.URL+"/procedimentos/unidades/"))
	p.poll(t, `document.getElementById("busca").getAttribute("role") === "combobox"`)
	if got := typeInHeader(t, p, "credencial de acesso"); len(got) < 2 || got[0] != "/glossario/#credencial-de-acesso" && got[0] != "/procedimentos/sigilo/" {
		t.Errorf("offline: %q; want results", got)
	}
}

// TestResultsPageOneBox checks that the results page shows one search box,
// its own, that "/" focuses it, and that a typo there says what it
// searched for.
func TestResultsPageOneBox(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	for _, w := range []int64{390, 1280} {
		p.do(t, chromedp.EmulateViewport(w, 800), chromedp.Navigate(srv.URL+"/busca/?q=desginacao"))
		p.poll(t, `document.getElementById("busca-resultados").getAttribute("aria-busy") === "false" && document.getElementById("busca-status").textContent !== ""`)
		boxes := eval[[]string](t, p, `[...document.querySelectorAll("input[type=search]")].filter(e => e.getClientRects().length).map(e => e.id)`)
		if strings.Join(boxes, " ") != "busca-q" {
			t.Errorf("at %d px visible search boxes %q; want only busca-q", w, boxes)
		}
		if s := eval[string](t, p, `document.getElementById("busca-status").textContent`); !strings.HasPrefix(s, "Nenhum resultado para “desginacao”. ") || !strings.HasSuffix(s, " para “designação”.") {
			t.Errorf("status %q; want the typo corrected to designação", s)
		}
		p.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
		slash(t, p)
		if id := eval[string](t, p, `document.activeElement.id`); id != "busca-q" {
			t.Errorf(`at %d px, after "/", focus on %q; want busca-q`, w, id)
		}
		// The accessibility bar's link to the search, and Alt+3, reach it too.
		p.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); document.querySelector('a[href="#busca"]').click()`))
		if id := eval[string](t, p, `document.activeElement.id`); id != "busca-q" {
			t.Errorf(`at %d px, after "Ir para a busca", focus on %q; want busca-q`, w, id)
		}
		p.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("3", chromedp.KeyModifiers(chromedp.ModifierAlt)))
		if id := eval[string](t, p, `document.activeElement.id`); id != "busca-q" {
			t.Errorf(`at %d px, after Alt+3, focus on %q; want busca-q`, w, id)
		}
		p.screenshot(t, "busca-pagina-"+strconv.Itoa(int(w))+".png")
	}
}
