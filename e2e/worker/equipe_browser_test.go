//go:build !js

package worker

// The team checklist end to end: two headless Chromium profiles on the
// same team space, served by workerd with the Durable Objects on disk.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

type browser struct {
	name      string
	ctx       context.Context
	downloads string
}

func newBrowser(t *testing.T, name string) *browser {
	t.Helper()
	chromium := os.Getenv("SEIPORTAL_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("Chromium não encontrado em %s: instale com apt-get install -y chromium (ou defina SEIPORTAL_CHROMIUM)", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "pt-BR"),
		chromedp.Env("LANGUAGE=pt_BR:pt", "LANG=pt_BR.UTF-8", "TZ=America/Sao_Paulo"),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("Chromium não iniciou: %v", err)
	}
	b := &browser{name: name, ctx: ctx, downloads: t.TempDir()}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: b.downloads, EventsEnabled: new(true),
	}); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatalf("%s: %v", b.name, err)
	}
}

func beval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %s: %v", b.name, strings.TrimSpace(js), err)
	}
	return v
}

// wait polls the expression every 10 ms until it is true and returns how
// long that took.
func (b *browser) wait(t *testing.T, js string, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if beval[bool](t, b, js) {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			t.Fatalf("%s: esperando %s por %v; status: %q", b.name, js, timeout, beval[string](t, b, `(document.getElementById("equipe-status")||{}).textContent || ""`))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (b *browser) offline(t *testing.T, off bool) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(off),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatalf("%s: offline %v: %v", b.name, off, err)
	}
}

// setEvidence types an evidence value as a person does: the field changes
// and app.js saves it.
func (b *browser) setEvidence(t *testing.T, id, value string) {
	t.Helper()
	beval[bool](t, b, fmt.Sprintf(`(() => { const c = document.getElementById(%s); c.value = %s; c.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, quote(id), quote(value)))
}

// axe runs axe-core (WCAG 2.1 A/AA and best practices) on the page and
// reports every violation.
func (b *browser) axe(t *testing.T, what string) {
	t.Helper()
	npm := os.Getenv("SEIPORTAL_NPM")
	if npm == "" {
		npm = filepath.Join(repo, ".cache", "npm")
	}
	path := filepath.Join(npm, "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core não encontrado em %s: rode npm install --prefix %s axe-core@4.10.3 (ou defina SEIPORTAL_NPM)", path, npm)
	}
	beval[bool](t, b, string(src)+"\n;true")
	v := beval[[]map[string]any](t, b, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`)
	for _, x := range v {
		t.Errorf("%s: axe %v: %v %v", what, x["id"], x["help"], x["nodes"])
	}
}

// shot saves a screenshot of what selector shows, at width px, into
// $SEIPORTAL_SHOTS when it is set (for looking at the interface).
func (b *browser) shot(t *testing.T, name, selector string, width int64) {
	t.Helper()
	dir := os.Getenv("SEIPORTAL_SHOTS")
	if dir == "" {
		return
	}
	b.do(t, chromedp.EmulateViewport(width, 900))
	beval[bool](t, b, `(() => { const e = document.querySelector(`+quote(selector)+`), st = e.closest(".app-etapa"); if (st) document.querySelector(".app-etapas a[data-etapa='" + st.dataset.etapa + "']").click(); e.scrollIntoView({block: "start"}); return true })()`)
	time.Sleep(200 * time.Millisecond)
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(t, chromedp.EmulateViewport(1280, 900))
}

func valueIs(id, value string) string {
	return fmt.Sprintf(`document.getElementById(%s).value === %s`, quote(id), quote(value))
}

// storedPlaintext returns the needles found in the Durable Objects' files.
func storedPlaintext(t testing.TB, dir string, needles []string) (found []string, files, bytes int) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files++
		bytes += len(b)
		for _, n := range needles {
			if strings.Contains(string(b), n) && !slices.Contains(found, n) {
				found = append(found, n)
			}
		}
		return nil
	})
	return found, files, bytes
}

func TestWorkerdEquipeBrowsers(t *testing.T) {
	dir := project(t)
	s := startWorkerd(t, dir)
	ana, bruno := newBrowser(t, "Ana"), newBrowser(t, "Bruno")
	const page = "/checklist/"
	ready := `document.documentElement.hasAttribute("data-app-pronto") && !!document.querySelector(".equipe [data-equipe]")`

	// Ana creates the space.
	ana.do(t, chromedp.Navigate(s.base+page))
	ana.wait(t, ready, 60*time.Second)
	beval[bool](t, ana, `document.querySelector("[data-equipe=criar]").click(), true`)
	if got := beval[string](t, ana, `document.getElementById("equipe-nome-msg").textContent`); !strings.Contains(got, "Informe seu nome") {
		t.Errorf("creating without a name: %q", got)
	}
	beval[bool](t, ana, `document.getElementById("equipe-nome").value = "Ana Cifrada", document.querySelector("[data-equipe=criar]").click(), true`)
	ana.wait(t, `!!document.getElementById("equipe-link")`, 20*time.Second)
	link := beval[string](t, ana, `document.getElementById("equipe-link").value`)
	frag := link[strings.Index(link, "#"):]
	if !strings.HasPrefix(link, s.base+page+"#equipe=") || len(frag) != len("#equipe=")+22+1+43 {
		t.Fatalf("link = %q", link)
	}
	space := frag[len("#equipe=") : len("#equipe=")+22]
	ana.shot(t, "equipe-painel", ".equipe", 1280)
	ana.shot(t, "equipe-painel", ".equipe", 390)
	key := frag[len("#equipe=")+23:]

	// Evidence fields of four different items.
	fields := beval[[]string](t, ana, `(() => { const seen = new Set(), out = []; for (const c of document.querySelectorAll("[data-evidencia]")) { const it = c.closest("li[data-item]").dataset.item; if ((c.type === "text" || c.tagName === "TEXTAREA") && !seen.has(it)) { seen.add(it); out.push(c.id) } } return out })()`)
	if len(fields) < 6 {
		t.Fatalf("only %d items with a text evidence", len(fields))
	}
	itemOf := func(field string) string {
		return beval[string](t, ana, fmt.Sprintf(`document.getElementById(%s).closest("li[data-item]").dataset.item`, quote(field)))
	}
	x, p, q := fields[0], fields[1], fields[2]
	ana.setEvidence(t, x, "Portaria Cifrada 101")

	// Bruno opens the link and joins: he gets what Ana did.
	bruno.do(t, chromedp.Navigate(link))
	bruno.wait(t, ready+` && !!document.querySelector("[data-equipe=entrar]")`, 60*time.Second)
	bruno.axe(t, "convite")
	beval[bool](t, bruno, `document.getElementById("equipe-nome").value = "Bruno Sigiloso", document.querySelector("[data-equipe=entrar]").click(), true`)
	bruno.wait(t, valueIs(x, "Portaria Cifrada 101"), 20*time.Second)
	if got := beval[string](t, bruno, `document.querySelector("#item-`+itemOf(x)+` .equipe-ultima").textContent`); !strings.Contains(got, "Ana Cifrada") {
		t.Errorf("who changed the item is not shown: %q", got)
	}

	// Sync latency, both ways.
	var lat []time.Duration
	for i := range 6 {
		from, to := ana, bruno
		if i%2 == 1 {
			from, to = bruno, ana
		}
		v := fmt.Sprintf("Ato Secreto %d", i)
		from.setEvidence(t, fields[3+i%3], v)
		lat = append(lat, to.wait(t, valueIs(fields[3+i%3], v), 20*time.Second))
	}
	slices.Sort(lat)
	t.Logf("latência de sincronização entre dois navegadores (loopback, aviso por WebSocket): mín %v, mediana %v, máx %v", lat[0], lat[len(lat)/2], lat[len(lat)-1])

	stored := func() int {
		return strings.Count(string(s.do(t, "GET", "/api/v1/equipe/"+space+"/ops?desde=0", nil).body), `"seq"`)
	}
	// Typing, key by key (app.js saves on every key): one operation for
	// the pause, not one per key.
	n0 := stored()
	beval[bool](t, ana, `document.getElementById(`+quote(x)+`).value = "", true`)
	ana.do(t, chromedp.SendKeys(chromedp.ID(x), "Digitado tecla a tecla"))
	bruno.wait(t, valueIs(x, "Digitado tecla a tecla"), 20*time.Second)
	beval[bool](t, ana, `document.activeElement.blur(), true`) // leaving the field changes nothing more
	time.Sleep(300 * time.Millisecond)
	if got := stored(); got != n0+1 {
		t.Errorf("typing 22 keys stored %d operations; want 1", got-n0)
	}

	// Both offline: different items and the same item.
	before := stored()
	ana.offline(t, true)
	bruno.offline(t, true)
	ana.setEvidence(t, x, "Versao Ana Offline")
	ana.setEvidence(t, p, "Item P da Ana")
	bruno.setEvidence(t, x, "Versao Bruno Offline")
	bruno.setEvidence(t, q, "Item Q do Bruno")
	for _, b := range []*browser{ana, bruno} {
		b.wait(t, `/Sem conexão.*2 alterações aguardando envio/.test(document.getElementById("equipe-status").textContent)`, 20*time.Second)
	}
	if n := stored(); n != before {
		t.Errorf("the server got %d operations while both were offline", n-before)
	}
	ana.offline(t, false)
	bruno.offline(t, false)
	ana.wait(t, valueIs(q, "Item Q do Bruno"), 20*time.Second)
	bruno.wait(t, valueIs(p, "Item P da Ana"), 20*time.Second)
	xi := itemOf(x)
	conflict := `((document.querySelector("#item-` + xi + ` .equipe-conflito-titulo") || {}).textContent || "")`
	for _, b := range []*browser{ana, bruno} {
		b.wait(t, conflict+`.includes("Edições simultâneas de")`, 20*time.Second)
		got := beval[string](t, b, conflict)
		if !strings.Contains(got, "Ana Cifrada") || !strings.Contains(got, "Bruno Sigiloso") {
			t.Errorf("%s: conflict = %q", b.name, got)
		}
		// Both versions are offered; both show the same one meanwhile.
		opts := beval[string](t, b, `document.querySelector("#item-`+xi+` .equipe-conflito").textContent`)
		if !strings.Contains(opts, "Versao Ana Offline") || !strings.Contains(opts, "Versao Bruno Offline") {
			t.Errorf("%s: the conflict does not show both versions: %q", b.name, opts)
		}
	}
	beval[bool](t, bruno, `document.querySelector("#item-`+xi+` .equipe-historico").open = true`)
	bruno.axe(t, "espaço com conflito")
	bruno.shot(t, "equipe-conflito", "#item-"+xi+" .equipe-item", 1280)
	bruno.shot(t, "equipe-conflito", "#item-"+xi+" .equipe-item", 390)
	shown := beval[string](t, ana, `document.getElementById(`+quote(x)+`).value`)
	if other := beval[string](t, bruno, `document.getElementById(`+quote(x)+`).value`); shown != other {
		t.Errorf("the two show different values during the conflict: %q, %q", shown, other)
	}
	// Ana keeps Bruno's version: the conflict is resolved for both.
	beval[bool](t, ana, `[...document.querySelectorAll("#item-`+xi+` [data-equipe=escolher]")].find(b => b.getAttribute("aria-label").includes("Bruno")).click(), true`)
	for _, b := range []*browser{ana, bruno} {
		b.wait(t, `!document.querySelector("#item-`+xi+` .equipe-conflito") && `+valueIs(x, "Versao Bruno Offline"), 20*time.Second)
	}
	hist := beval[string](t, bruno, `document.querySelector("#item-`+xi+` .equipe-historico").textContent`)
	for _, w := range []string{"Ana Cifrada", "Bruno Sigiloso", "Portaria Cifrada 101", "Versao Ana Offline"} {
		if !strings.Contains(hist, w) {
			t.Errorf("the item's history lacks %q: %q", w, hist)
		}
	}

	// An edit over the server's cap (16 KiB) stays in this browser, and the
	// person is told; the rest keeps syncing.
	n := stored()
	ana.setEvidence(t, fields[5], strings.Repeat("Longo ", 4000))
	ana.wait(t, `document.getElementById("equipe-status").textContent.includes("passou do limite de 16 KiB")`, 20*time.Second)
	ana.setEvidence(t, fields[4], "Depois do longo")
	bruno.wait(t, valueIs(fields[4], "Depois do longo"), 20*time.Second)
	if got := stored(); got != n+1 {
		t.Errorf("%d operations stored after the oversized one; want %d", got, n+1)
	}

	// The server holds ciphertext only: no item id, name or evidence in the
	// Durable Objects' files, nor the key, nor in workerd's output.
	needles := []string{"Ana Cifrada", "Bruno Sigiloso", "Portaria Cifrada", "Versao Ana", "Versao Bruno", "Item P da Ana", "Item Q do Bruno", "Ato Secreto", key}
	for _, f := range []string{x, p, q} {
		needles = append(needles, itemOf(f))
	}
	found, files, size := storedPlaintext(t, s.storage, needles)
	t.Logf("Durable Objects em disco: %d arquivos, %d bytes", files, size)
	if files == 0 || size == 0 {
		t.Fatalf("no Durable Object file under %s", s.storage)
	}
	if len(found) > 0 {
		t.Errorf("plaintext in the stored bytes: %q", found)
	}
	for _, n := range needles {
		if strings.Contains(s.output.String(), n) {
			t.Errorf("workerd's output holds %q", n)
		}
	}
	// What the server returns is opaque too, and sizes are rounded.
	var ops equipeOps
	json.Unmarshal(s.do(t, "GET", "/api/v1/equipe/"+space+"/ops?desde=0", nil).body, &ops)
	for _, o := range ops.Ops {
		b, err := base64.StdEncoding.DecodeString(o.Blob)
		if n := len(b); err != nil || (n-12-16)%256 != 0 {
			t.Errorf("op %d: %d bytes, not a multiple of 256 plus IV and tag", o.Seq, n)
		}
	}

	// The notice WebSocket: a POST is announced; DELETE closes it (4404).
	other := createSpace(t, s)
	beval[bool](t, ana, `(window.avisoTeste = new Promise((ok) => { const w = new WebSocket("ws://" + location.host + "/api/v1/equipe/`+other+`/aviso"); const got = []; w.onopen = () => ok(true); w.onmessage = (e) => got.push(e.data); w.onclose = (e) => { window.avisoFim = got.concat("close " + e.code) } }))`)
	s.do(t, "POST", "/api/v1/equipe/"+other+"/ops", opsBody([]byte("x"), []byte("y")))
	s.do(t, "DELETE", "/api/v1/equipe/"+other, nil)
	ana.wait(t, `!!window.avisoFim`, 10*time.Second)
	if got := beval[[]string](t, ana, `window.avisoFim`); !slices.Equal(got, []string{`{"ultimo":2}`, "close 4404"}) {
		t.Errorf("WebSocket notices: %q", got)
	}

	// Bruno exports the team's log; Carla, who never joined and has no
	// connection, imports it: the same merge, without the server.
	beval[bool](t, bruno, `document.querySelector("[data-equipe=exportar]").click(), true`)
	var export string
	for deadline := time.Now().Add(20 * time.Second); export == ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no export downloaded in 20 s")
		}
		ents, _ := os.ReadDir(bruno.downloads)
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(bruno.downloads, e.Name()))
			if err == nil && !strings.HasSuffix(e.Name(), ".crdownload") && json.Valid(b) {
				export = filepath.Join(bruno.downloads, e.Name())
			}
		}
	}
	carla := newBrowser(t, "Carla")
	carla.do(t, chromedp.Navigate(s.base+page))
	carla.wait(t, ready, 60*time.Second)
	carla.offline(t, true)
	carla.do(t, chromedp.SetUploadFiles(chromedp.ID("equipe-arquivo"), []string{export}, chromedp.NodeReady))
	carla.wait(t, valueIs(x, "Versao Bruno Offline")+" && "+valueIs(p, "Item P da Ana")+" && "+valueIs(q, "Item Q do Bruno"), 20*time.Second)
	if got := beval[string](t, carla, `document.getElementById("equipe-status").textContent`); !strings.Contains(got, "Registro importado") {
		t.Errorf("Carla's status after the import: %q", got)
	}
	if got := beval[string](t, carla, `document.querySelector("#item-`+xi+` .equipe-historico").textContent`); !strings.Contains(got, "Versao Ana Offline") {
		t.Errorf("Carla does not see the item's history: %q", got)
	}

	// Ana leaves: the space is erased; Bruno sees it and keeps his copy.
	beval[bool](t, ana, `document.querySelector("[data-equipe=sair]").click(), document.querySelector("[data-equipe=sair-sim]").click(), true`)
	ana.wait(t, `!document.getElementById("equipe-link") && !!document.querySelector("[data-equipe=criar]")`, 20*time.Second)
	if r := s.do(t, "GET", "/api/v1/equipe/"+space+"/ops?desde=0", nil); r.status != 404 {
		t.Errorf("after leaving: GET %d %s", r.status, r.body)
	}
	bruno.wait(t, `document.getElementById("equipe-status").textContent.includes("Espaço apagado")`, 20*time.Second)
	bruno.shot(t, "equipe-apagado", ".equipe", 390)
	if !beval[bool](t, bruno, valueIs(q, "Item Q do Bruno")) || !beval[bool](t, ana, valueIs(q, "Item Q do Bruno")) {
		t.Errorf("the local copies were lost when the space was erased")
	}
	found, _, _ = storedPlaintext(t, s.storage, needles)
	if len(found) > 0 {
		t.Errorf("plaintext in the stored bytes after leaving: %q", found)
	}
}
