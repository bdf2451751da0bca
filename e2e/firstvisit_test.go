package e2e

import (
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// holdWasm pauses every request for the app's WebAssembly until the
// returned release function is called, so a test can act while the engine
// is still "downloading".
func holdWasm(t testing.TB, p *page) (release func()) {
	t.Helper()
	var mu sync.Mutex
	var held []fetch.RequestID
	released := false
	err := chromedp.Listen(p.ctx, func(ev any) {
		e, ok := ev.(*fetch.EventRequestPaused)
		if !ok {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !released {
			held = append(held, e.RequestID)
			return
		}
		go chromedp.Call(p.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID}) //nolint:errcheck // the page reports a failed load
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*.wasm*"}},
	}); err != nil {
		t.Fatal(err)
	}
	return func() {
		mu.Lock()
		defer mu.Unlock()
		released = true
		for _, id := range held {
			// A request of a page since reloaded is gone ("Invalid
			// InterceptionId"); the new page's request is continued.
			_, _ = chromedp.Call(p.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		}
		held = nil
	}
}

// TestTypingBeforeEngine: on a first visit the form can be filled while
// the WebAssembly is still downloading; what is typed is saved as a draft
// (kept across a reload), "Gerar PDF" says it is loading and validation
// waits; when the engine arrives the page says validation and the PDF are
// available and they work.
func TestTypingBeforeEngine(t *testing.T) {
	srv := startServer(t)
	p := newPage(t)
	release := holdWasm(t, p)
	p.do(t, chromedp.Navigate(srv.URL+formURL))
	p.poll(t, `document.querySelector("section.app[data-campos-prontos]") !== null`)
	if eval[bool](t, p, `document.documentElement.hasAttribute("data-app-pronto")`) {
		t.Fatal("the engine is held, yet the page says the app is ready")
	}
	state := eval[map[string]any](t, p, `(() => {
		const b = document.querySelector("button.app-gerar");
		return {disabled: b.disabled, label: b.textContent, note: document.querySelector(".app-carregando").hidden ? "" : document.querySelector(".app-carregando").textContent,
			fieldset: document.querySelector(".app-campos").disabled};
	})()`)
	if state["fieldset"] != false {
		t.Fatal("the fields are disabled while the engine loads")
	}
	if state["disabled"] != true || !strings.Contains(state["label"].(string), "carregando") {
		t.Errorf("Gerar PDF before the engine: %v", state)
	}
	if !strings.Contains(state["note"].(string), "Você já pode preencher") {
		t.Errorf("the page does not say the form can be filled meanwhile: %q", state["note"])
	}
	// Type as a person would (key events), including an invalid CPF, and
	// leave the field: no validation message may appear yet, and nothing
	// may claim it was checked.
	p.do(t,
		chromedp.SendKeys(chromedp.CSS(`#app-form [name="orgao.nome"]`), "Secretaria Municipal de Saúde"),
		chromedp.SendKeys(chromedp.CSS(`#app-form [name="pontos_focais.0.cpf"]`), "11144477700"),
		chromedp.SendKeys(chromedp.CSS(`#app-form [name="orgao.sigla"]`), "sms"),
	)
	p.poll(t, `(localStorage.getItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1") || "").includes("Secretaria Municipal de Saúde")`)
	if n := eval[int](t, p, `[...document.querySelectorAll(".app-msg")].filter(m => !m.hidden).length`); n != 0 {
		t.Errorf("%d validation messages shown before the engine could validate", n)
	}
	// A reload before the engine arrives keeps what was typed.
	p.do(t, chromedp.Reload())
	release()
	p.waitApp(t)
	got := values(t, p)
	if got["orgao.nome"] != "Secretaria Municipal de Saúde" || got["orgao.sigla"] != "SMS" {
		t.Fatalf("after a reload, the draft typed before the engine loaded is not back: %q, %q", got["orgao.nome"], got["orgao.sigla"])
	}
	// Now validation works: the CPF typed with wrong check digits is
	// refused at the field when the person leaves it.
	p.do(t, chromedp.Focus(chromedp.ID("f-pontos_focais-0-cpf")), key("\t"), chromedp.WaitVisible(chromedp.ID("f-pontos_focais-0-cpf-msg")))
	if msg := eval[string](t, p, `document.getElementById("f-pontos_focais-0-cpf-msg").textContent`); !strings.Contains(msg, "Dígitos verificadores") {
		t.Errorf("after the engine loaded, leaving an invalid CPF shows %q", msg)
	}
	if eval[bool](t, p, `document.querySelector("button.app-gerar").disabled`) {
		t.Error("Gerar PDF still disabled after the engine loaded")
	}
}

// BenchmarkFormFirstVisitThrottled measures a cold first visit to a form
// (fresh profile, nothing cached) on an emulated slow link of 1.6 Mbps
// down, 750 kbps up and 150 ms round trip: "ms-typing" is the time from the
// start of navigation until the fields accept input, "ms-ready" until
// validation and the PDF are available (the engine loaded), both as the
// page counts them (performance.now).
func BenchmarkFormFirstVisitThrottled(b *testing.B) {
	srv := startServer(b)
	var typing, ready float64
	n := 0
	for b.Loop() {
		b.StopTimer()
		p := newPage(b)
		if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency:            150,
				DownloadThroughput: 1.6e6 / 8,
				UploadThroughput:   750e3 / 8,
			}},
		}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p.do(b, chromedp.Navigate(srv.URL+formURL))
		p.poll(b, `document.documentElement.hasAttribute("data-app-campos-ms")`)
		typing += eval[float64](b, p, `+document.documentElement.dataset.appCamposMs`)
		p.poll(b, `document.documentElement.hasAttribute("data-app-pronto")`, chromedp.WithPollingTimeout(2*60e9))
		ready += eval[float64](b, p, `+document.documentElement.dataset.appProntoMs`)
		n++
	}
	b.ReportMetric(typing/float64(n), "ms-typing")
	b.ReportMetric(ready/float64(n), "ms-ready")
	b.ReportMetric(0, "ns/op")
}
