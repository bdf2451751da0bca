//go:build !js

package worker

// The state program end to end: the state creates it, a municipality
// publishes its summary, the state sees its stage and what is overdue, the
// municipality withdraws, the state erases the program.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestWorkerdProgramaBrowsers(t *testing.T) {
	dir := project(t)
	s := startWorkerd(t, dir)
	st, mun := newBrowser(t, "Estado"), newBrowser(t, "Município")
	const page = "/checklist/"
	ready := `document.documentElement.hasAttribute("data-app-pronto") && !!document.querySelector(".programa [data-programa]")`

	st.do(t, chromedp.Navigate(s.base+page))
	st.wait(t, ready, 60*time.Second)
	beval[bool](t, st, `document.querySelector(".programa-criar").open = true, document.querySelector("[data-programa=criar]").click(), true`)
	st.wait(t, `!!document.getElementById("programa-link-municipios")`, 20*time.Second)
	link := beval[string](t, st, `document.getElementById("programa-link-municipios").value`)
	stateURL := beval[string](t, st, `location.href`)
	if !strings.Contains(link, "#programa=") || !strings.Contains(stateURL, "#estado=") {
		t.Fatalf("links: %q %q", link, stateURL)
	}
	st.wait(t, `document.querySelector(".programa-tabela caption").textContent.includes("Nenhum município")`, 20*time.Second)

	// The municipality has progress with personal data in its evidence,
	// started long ago: the first items are overdue.
	mun.do(t, chromedp.Navigate(s.base+page))
	mun.wait(t, ready, 60*time.Second)
	items := beval[[]string](t, mun, `[...document.querySelectorAll("li[data-item]")].map(l => l.dataset.item)`)
	first := items[0]
	ev := beval[string](t, mun, `document.querySelector("#item-`+first+` [data-evidencia]").id`)
	beval[bool](t, mun, `(() => { const i = document.getElementById("app-inicio"); i.value = "2026-01-05"; i.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	mun.setEvidence(t, ev, "pessoa.sigilosa@exemplo.gov.br")
	beval[bool](t, mun, `document.getElementById("feito-`+first+`").click(), true`)
	mun.wait(t, `document.getElementById("feito-`+first+`").checked`, 10*time.Second)

	mun.do(t, chromedp.Navigate(link))
	mun.wait(t, ready+` && !!document.querySelector("[data-programa=publicar]")`, 60*time.Second)
	mun.axe(t, "convite do programa")
	beval[bool](t, mun, `document.querySelector("[data-programa=publicar]").click(), true`)
	if got := beval[string](t, mun, `document.getElementById("programa-municipio-msg").textContent`); !strings.Contains(got, "Informe o nome do município") {
		t.Errorf("publishing without a name: %q", got)
	}
	beval[bool](t, mun, `document.getElementById("programa-municipio").value = "Município Cifrado do Norte", document.querySelector("[data-programa=publicar]").click(), true`)
	mun.wait(t, `document.getElementById("programa-status").textContent.includes("Resumo publicado")`, 20*time.Second)

	// The state sees the row.
	row := `(() => { const r = [...document.querySelectorAll(".programa-tabela tbody tr")].find(r => r.textContent.includes("Município Cifrado do Norte")); return r ? [...r.children].map(c => c.textContent) : [] })()`
	beval[bool](t, st, `document.querySelector("[data-programa=atualizar]").click(), true`)
	st.wait(t, row+`.length > 0`, 20*time.Second)
	cells := beval[[]string](t, st, row)
	// Overdue: as many as the municipality's own page counts per stage
	// ("· N atrasados"), each one an item not done there.
	counted := beval[int](t, mun, `[...document.querySelectorAll(".app-etapa-progresso")].reduce((n, e) => n + Number((/(\d+) atrasado/.exec(e.textContent) || [0, 0])[1]), 0)`)
	listed := strings.Split(cells[3], "; ")
	if counted == 0 || len(listed) != counted {
		t.Errorf("the state lists %d overdue (%q); the municipality's page counts %d", len(listed), cells[3], counted)
	}
	for _, o := range listed {
		if !beval[bool](t, mun, fmt.Sprintf(`[...document.querySelectorAll("li[data-item]")].some(l => l.querySelector(".app-item-titulo").textContent === %s && !l.querySelector("input[type=checkbox]").checked)`, quote(o))) {
			t.Errorf("%q is listed as overdue but is not an open item of the municipality", o)
		}
	}
	if cells[1] != "Etapa 1: Adesão" || !strings.HasPrefix(cells[2], "1: 1/") || cells[4] != "05/01/2026" {
		t.Errorf("the state's row: %q (want stage 1, 1 done, start 05/01/2026)", cells)
	}
	if beval[bool](t, st, `!!document.querySelector("#app-form").offsetParent`) {
		t.Error("the state's page still shows the browser's own checklist")
	}
	st.axe(t, "página do estado")
	st.shot(t, "programa-estado", ".programa", 1280)
	st.shot(t, "programa-estado", ".programa", 390)

	// What the server stores has no plaintext: not the name, not an item,
	// not the evidence (which is never even sent).
	needles := []string{"Município Cifrado", "Cifrado do Norte", first, items[1], "pessoa.sigilosa", "2026-01-05"}
	if found, files, _ := storedPlaintext(t, s.storage, needles); files == 0 || len(found) > 0 {
		t.Errorf("plaintext in the stored bytes (%d files): %q", files, found)
	}
	for _, n := range needles {
		if strings.Contains(s.output.String(), n) {
			t.Errorf("workerd's output holds %q", n)
		}
	}

	// An update is republished.
	beval[bool](t, mun, `(() => { const i = document.getElementById("app-inicio"); i.value = "2026-02-02"; i.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		beval[bool](t, st, `document.querySelector("[data-programa=atualizar]").click(), true`)
		time.Sleep(300 * time.Millisecond)
		if c := beval[[]string](t, st, row); len(c) > 4 && c[4] == "02/02/2026" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the update did not reach the state: %q", beval[[]string](t, st, row))
		}
	}

	// The municipality withdraws: its summary is gone.
	beval[bool](t, mun, `document.querySelector("[data-programa=retirar]").click(), true`)
	mun.wait(t, `document.getElementById("programa-status").textContent.includes("deixou de publicar")`, 20*time.Second)
	beval[bool](t, st, `document.querySelector("[data-programa=atualizar]").click(), true`)
	st.wait(t, row+`.length === 0 && document.querySelector(".programa-tabela caption").textContent.includes("Nenhum município")`, 20*time.Second)

	// The state erases the program.
	beval[bool](t, st, `document.querySelector("[data-programa=apagar]").click(), document.querySelector("[data-programa=apagar-sim]").click(), true`)
	st.wait(t, `document.getElementById("programa-status").textContent.includes("Programa apagado") && !!document.querySelector("#app-form").offsetParent`, 20*time.Second)
	id := stateURL[strings.Index(stateURL, "#estado=")+len("#estado=") : strings.Index(stateURL, "#estado=")+len("#estado=")+22]
	if r := s.do(t, "GET", "/api/v1/programa/"+id+"/municipios", nil); r.status != 404 {
		t.Errorf("after erasing the program: %d %s", r.status, r.body)
	}
}
