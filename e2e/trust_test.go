package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// TestDraftSurvivesImmediateReload types into the form and reloads within
// a few milliseconds of the last key, several times: every character typed
// is there after each reload.
func TestDraftSurvivesImmediateReload(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	want := map[string]string{}
	fields := []string{"orgao.nome", "orgao.municipio", "titular.nome", "pontos_focais.0.cargo", "local"}
	for round, name := range fields {
		text := "Texto " + strings.Repeat("ç", round+1) + " nº " + name
		p.do(t, chromedp.Focus(chromedp.CSS(`#app-form [name="`+name+`"]`)), key(text))
		want[name] = text
		// No wait at all between the last key and the reload.
		p.do(t, chromedp.Reload())
		p.waitApp(t)
		got := values(t, p)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("round %d: after an immediate reload %s = %q; want %q", round, k, got[k], v)
			}
		}
	}
	// Leaving the page (pagehide) keeps the last keys too, also when the
	// tab goes to another page at once.
	p.do(t, chromedp.Focus(chromedp.CSS(`#app-form [name="orgao.sigla"]`)), key("SEMAD"))
	p.do(t, chromedp.Navigate(srv.URL+"/conferir/"))
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	if got := values(t, p)["orgao.sigla"]; got != "SEMAD" {
		t.Errorf("after leaving the page at once, orgao.sigla = %q", got)
	}
}

// TestDraftSelectorOpensChosenDraft keeps two drafts and a corrupted copy:
// choosing each in the "Rascunho" selector opens that one.
func TestDraftSelectorOpensChosenDraft(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	eval[bool](t, p, `localStorage.setItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 2", JSON.stringify({schema: 1, savedAt: "2026-01-01T00:00:00Z", data: {orgao: {nome: "Órgão do segundo"}}})); localStorage.setItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 3", "{quebrado"); true`)
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	fill(t, p, [][2]string{{"orgao.nome", "Órgão do primeiro"}})
	choose := func(name string) {
		t.Helper()
		p.do(t, chromedp.Focus(chromedp.ID("app-rascunho")))
		eval[bool](t, p, `(() => { const s = document.getElementById("app-rascunho"); s.value = `+jsonString(name)+`; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		if got := eval[string](t, p, `document.getElementById("app-rascunho").value`); got != name {
			t.Fatalf("selector shows %q after choosing %q", got, name)
		}
	}
	choose("Rascunho 2")
	if got := values(t, p)["orgao.nome"]; got != "Órgão do segundo" {
		t.Errorf("choosing Rascunho 2 shows orgao.nome = %q", got)
	}
	choose("Rascunho 1")
	if got := values(t, p)["orgao.nome"]; got != "Órgão do primeiro" {
		t.Errorf("choosing Rascunho 1 shows orgao.nome = %q", got)
	}
	// The corrupted draft: opening it moves it to a copy, reachable too.
	choose("Rascunho 3")
	if aviso := eval[string](t, p, `document.getElementById("app-aviso").textContent`); !strings.Contains(aviso, "Rascunho 3 (corrompido)") {
		t.Errorf("notice for the corrupted draft = %q", aviso)
	}
	choose("Rascunho 3 (corrompido)")
	if aviso := eval[string](t, p, `document.getElementById("app-aviso").textContent`); !strings.Contains(aviso, "Exportar o conteúdo salvo") {
		t.Errorf("opening the corrupted copy: notice = %q; want it offered for export", aviso)
	}
	if got := eval[string](t, p, `JSON.parse(localStorage.getItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 3 (corrompido)")).corrupted`); got != "{quebrado" {
		t.Errorf("corrupted content = %q", got)
	}
}

// TestCorruptedDraftKeptWhenStorageFull fills the storage, leaving less room
// than the copy of a corrupted draft needs: the draft stays where it was,
// untouched, and the notice does not claim a copy was made.
func TestCorruptedDraftKeptWhenStorageFull(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	const bad = `{"schema":1,"data":{"orgao":{"nome":"Secretaria de Obras"`
	eval[bool](t, p, `(() => {
		localStorage.clear();
		localStorage.setItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1", `+jsonString(bad)+`);
		localStorage.setItem("pad-small", "x".repeat(40));
		let i = 0;
		for (let n = 1 << 20; n >= 1; n = n >> 1) {
			const s = "y".repeat(n);
			for (;;) { try { localStorage.setItem("pad-" + i, s); i++; } catch (e) { break; } }
		}
		localStorage.removeItem("pad-small");
		return true; })()`)
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	if got := eval[string](t, p, `localStorage.getItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1") || "(apagado)"`); got != bad {
		t.Errorf("with the storage full the corrupted draft became %q; want it untouched", got)
	}
	aviso := eval[string](t, p, `document.getElementById("app-aviso").textContent`)
	if !strings.Contains(aviso, "corrompido") || strings.Contains(aviso, "preservado em") {
		t.Errorf("notice = %q; want it reported as kept under its own name, not copied", aviso)
	}
	// Typing does not overwrite it.
	p.do(t, chromedp.Focus(chromedp.ID("f-orgao-nome")), key("X"))
	if got := eval[string](t, p, `localStorage.getItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1") || "(apagado)"`); got != bad {
		t.Errorf("after typing, the corrupted draft became %q", got)
	}
	eval[bool](t, p, `localStorage.clear(); true`)
}

// TestChecklistReflectsEveryChange: a refused tick's reason goes away once
// the dependency is done, without a reload.
func TestChecklistReflectsEveryChange(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	p.do(t, chromedp.Click(chromedp.ID("feito-liberacao-usuario-externo")))
	p.do(t, chromedp.WaitVisible(chromedp.ID("motivo-liberacao-usuario-externo")))
	p.do(t, chromedp.SendKeys(chromedp.ID("ev-cadastro-usuario-externo-email"), "prefeito@exemplo.gov.br"), key("\t"))
	p.do(t, chromedp.Click(chromedp.ID("feito-cadastro-usuario-externo")))
	p.poll(t, `document.getElementById("feito-cadastro-usuario-externo").checked`)
	// What is left is only its own evidence.
	if got := eval[string](t, p, `(m => m.hidden ? "" : m.textContent)(document.getElementById("motivo-liberacao-usuario-externo"))`); strings.Contains(got, "Conclua antes") {
		t.Errorf("after its dependency was done, the item still says %q", got)
	}
	if got := eval[string](t, p, `document.getElementById("estado-liberacao-usuario-externo").textContent`); strings.HasPrefix(got, "Bloqueado") {
		t.Errorf("state after the dependency was done = %q", got)
	}
	setDate(t, p, "ev-liberacao-usuario-externo-data-liberacao", "2025-03-12")
	if got := eval[string](t, p, `(m => m.hidden ? "" : m.textContent)(document.getElementById("motivo-liberacao-usuario-externo"))`); got != "" {
		t.Errorf("with its evidence given, the item still says %q", got)
	}
	p.do(t, chromedp.Click(chromedp.ID("feito-liberacao-usuario-externo")))
	p.poll(t, `document.getElementById("feito-liberacao-usuario-externo").checked`)
}

// setDate sets a date input's value as the browser would after typing and
// fires change.
func setDate(t testing.TB, p *page, id, v string) {
	t.Helper()
	eval[bool](t, p, `(() => { const c = document.getElementById(`+jsonString(id)+`); c.value = `+jsonString(v)+`; c.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
}

// TestChecklistStartDateRefusesBadYear types a five-digit year: refused at
// the field in Portuguese, never stored; the checklist keeps working.
// A bad value already in storage is set aside with every valid item kept,
// and is not called "corrompido".
func TestChecklistStartDateRefusesBadYear(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	// Chromium's date input takes a five-digit year typed in the year part.
	setDate(t, p, "app-inicio", "20266-11-16")
	p.do(t, chromedp.WaitVisible(chromedp.ID("app-inicio-msg")))
	msg := eval[string](t, p, `document.getElementById("app-inicio-msg").textContent`)
	if !strings.Contains(msg, "quatro dígitos") {
		t.Errorf("message = %q", msg)
	}
	if got := eval[string](t, p, `localStorage.getItem("seiportal:checklist:adesao") || ""`); strings.Contains(got, "20266") {
		t.Errorf("the bad date reached storage: %s", got)
	}
	if aviso := eval[string](t, p, `document.getElementById("app-aviso").hidden ? "" : document.getElementById("app-aviso").textContent`); aviso != "" {
		t.Errorf("notice after a bad date = %q", aviso)
	}
	setDate(t, p, "app-inicio", "2026-11-16")
	p.do(t, chromedp.WaitNotVisible(chromedp.ID("app-inicio-msg")))
	if got := eval[string](t, p, `JSON.parse(localStorage.getItem("seiportal:checklist:adesao")).data.start`); got != "2026-11-16" {
		t.Errorf("stored start = %q", got)
	}
	// Steps can be marked.
	p.do(t, chromedp.SendKeys(chromedp.ID("ev-cadastro-usuario-externo-email"), "prefeito@exemplo.gov.br"), key("\t"))
	p.do(t, chromedp.Click(chromedp.ID("feito-cadastro-usuario-externo")))
	p.poll(t, `document.getElementById("feito-cadastro-usuario-externo").checked`)

	// Storage written by an older page with the bad year, one bad done_on
	// and two valid items.
	eval[bool](t, p, `localStorage.setItem("seiportal:checklist:adesao", JSON.stringify({schema: "1.0", data: {start: "20266-11-16", items: {
		"cadastro-usuario-externo": {done: true, done_on: "2026-11-17", evidence: {email: "prefeito@exemplo.gov.br"}},
		"liberacao-usuario-externo": {done: true, done_on: "20266-11-18"},
		"termo-adesao": {done: true, done_on: "2026-11-19"}}}})); true`)
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	aviso := eval[string](t, p, `document.getElementById("app-aviso").textContent`)
	if strings.Contains(aviso, "corrompido") || !strings.Contains(aviso, "data de início") {
		t.Errorf("notice = %q; want the bad parts named, without calling the storage corrupted", aviso)
	}
	for _, id := range []string{"cadastro-usuario-externo", "liberacao-usuario-externo", "termo-adesao"} {
		if !eval[bool](t, p, `document.getElementById("feito-`+id+`").checked`) {
			t.Errorf("valid item %s lost in the recovery", id)
		}
	}
	if got := eval[string](t, p, `localStorage.getItem("seiportal:checklist:adesao")`); strings.Contains(got, "20266") {
		t.Errorf("bad values still stored: %s", got)
	}
}

// TestServiceWorkerNoUncaughtErrors reads the service worker's console
// while app pages open online and offline: no uncaught error.
func TestServiceWorkerNoUncaughtErrors(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(t)
	p.poll(t, `navigator.serviceWorker.controller !== null`)
	var id target.ID
	for deadline := time.Now().Add(20 * time.Second); id == ""; time.Sleep(100 * time.Millisecond) {
		ts, err := chromedp.Targets(p.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.Type == "service_worker" {
				id = x.TargetID
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no service worker target")
		}
	}
	var mu sync.Mutex
	var errs []string
	swctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(id), chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			s := d.Text
			if d.Exception != nil {
				s += " " + d.Exception.Description
			}
			errs = append(errs, s)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				errs = append(errs, "console.error")
			}
		}
	}))
	defer cancel()
	if _, err := chromedp.Run(swctx, chromedp.Evaluate[bool]("true")); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/checklist/", "/conferir/", formURL} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.waitApp(t)
	}
	srv.stop()
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/checklist/", "/conferir/", formURL, "/nao-existe/", "/app/nao-existe.js"} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		if !strings.Contains(u, "nao-existe") {
			p.waitApp(t)
		}
	}
	eval[bool](t, p, `fetch("/app/nao-existe.json").then(() => true, () => true)`)
	time.Sleep(time.Second)
	mu.Lock()
	defer mu.Unlock()
	if len(errs) > 0 {
		t.Errorf("service worker errors: %q", errs)
	}
}

// TestAddButtonNames: the add buttons' accessible names are the words, not
// the "+" glyph.
func TestAddButtonNames(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	for _, u := range []string{formURL} {
		p.do(t, chromedp.Navigate(srv.URL+u))
		p.waitApp(t)
		tree, err := chromedp.Call(p.ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, node := range tree.Nodes {
			if node.Role == nil || node.Name == nil || !strings.Contains(string(node.Role.Value), "button") {
				continue
			}
			name := strings.Trim(string(node.Name.Value), `"`)
			if strings.Contains(name, "Adicionar") {
				n++
				if !strings.HasPrefix(name, "Adicionar ") {
					t.Errorf("%s: add button named %q", u, name)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no add button found in the accessibility tree", u)
		}
	}
}

// TestChecklistEvidenceSurvivesImmediateReload: evidence typed into the
// checklist is there after a reload issued right after the last key.
func TestChecklistEvidenceSurvivesImmediateReload(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	p.do(t, chromedp.Navigate(srv.URL+"/checklist/"))
	p.waitApp(t)
	p.do(t, chromedp.Focus(chromedp.ID("ev-cadastro-usuario-externo-email")), key("prefeito@exemplo.gov.br"))
	p.do(t, chromedp.Reload())
	p.waitApp(t)
	if got := eval[string](t, p, `document.getElementById("ev-cadastro-usuario-externo-email").value`); got != "prefeito@exemplo.gov.br" {
		t.Errorf("evidence after an immediate reload = %q", got)
	}
}
