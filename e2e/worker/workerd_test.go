//go:build !js

// Package worker tests the Worker project that `seiportal worker` writes
// (wasm/worker) in workerd, Cloudflare's own runtime (npm package workerd,
// pinned in scripts/test): the static assets with the headers of
// public/_headers, the precompressed app, and the API v1 against the
// command line; team spaces and state programs, with Chromium. workerd is
// required: without it the tests fail and say how to install it. It lives
// in the e2e module, which keeps chromedp out of the main go.mod.
package worker

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/seiportal/seiportal/cli"
	"github.com/seiportal/seiportal/wasm/worker/bundle"
)

const repo = "../.."

// workerdBinary finds workerd under $SEIPORTAL_NPM (default: .cache/npm of
// the repository, where scripts/test installs it).
func workerdBinary(t testing.TB) string {
	t.Helper()
	npm := os.Getenv("SEIPORTAL_NPM")
	if npm == "" {
		npm = filepath.Join(repo, ".cache", "npm")
	}
	for _, p := range []string{
		"node_modules/@cloudflare/workerd-linux-64/bin/workerd",
		"node_modules/@cloudflare/workerd-linux-arm64/bin/workerd",
		"node_modules/@cloudflare/workerd-darwin-64/bin/workerd",
		"node_modules/@cloudflare/workerd-darwin-arm64/bin/workerd",
	} {
		if abs, err := filepath.Abs(filepath.Join(npm, p)); err == nil {
			if _, err := os.Stat(abs); err == nil {
				return abs
			}
		}
	}
	t.Fatalf("workerd não encontrado em %s: rode bash scripts/test, que o instala, ou npm install --prefix %s workerd@1.20261117.1", npm, npm)
	return ""
}

// seiportal runs the command line with the repository as the default
// portal.
func seiportal(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Main(context.Background(), &cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Default: os.DirFS(repo), Getenv: func(string) string { return "" },
	}, args)
	return out.String(), errb.String(), code
}

// project writes the Worker project of the default portal.
func project(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cloudflare")
	if out, errs, code := seiportal(t, "worker", "-d", dir); code != 0 {
		t.Fatalf("seiportal worker: exit %d\n%s%s", code, out, errs)
	}
	return dir
}

// wranglerJSON reads the project's wrangler.jsonc (full-line comments).
func wranglerJSON(t testing.TB, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "wrangler.jsonc"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "//") {
			lines = append(lines, l)
		}
	}
	var conf map[string]any
	if err := json.Unmarshal([]byte(strings.Join(lines, "\n")), &conf); err != nil {
		t.Fatalf("wrangler.jsonc: %v", err)
	}
	return conf
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// capnpConfig translates wrangler.jsonc into workerd's configuration, as
// wrangler does on deploy: the assets with their options and the text of
// _headers, the user Worker's modules, its ASSETS binding and its Durable
// Object namespaces (SQLite, stored on disk in storage).
func capnpConfig(t testing.TB, dir string, port int, storage string) string {
	t.Helper()
	conf := wranglerJSON(t, dir)
	assets, _ := conf["assets"].(map[string]any)
	if assets["binding"] != "ASSETS" || assets["directory"] != "public" {
		t.Fatalf("wrangler.jsonc assets = %v", assets)
	}
	headers, err := os.ReadFile(filepath.Join(dir, "public", "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	ac := map[string]any{"headers": string(headers)}
	for _, k := range []string{"html_handling", "not_found_handling", "run_worker_first"} {
		ac[k] = assets[k]
	}
	acJSON, _ := json.Marshal(ac)
	var mods []string
	for _, m := range []string{bundle.MainModule, bundle.ExecModule} {
		mods = append(mods, fmt.Sprintf("(name = %s, esModule = embed %s)", quote(m), quote("worker/"+m)))
	}
	mods = append(mods, fmt.Sprintf("(name = %s, wasm = embed %s)", quote(bundle.WasmModule), quote("worker/"+bundle.WasmModule)))
	if conf["main"] != "worker/"+bundle.MainModule {
		t.Fatalf("wrangler.jsonc main = %v", conf["main"])
	}
	sqlite := map[string]bool{}
	migs, _ := conf["migrations"].([]any)
	for _, m := range migs {
		m, _ := m.(map[string]any)
		for _, c := range m["new_sqlite_classes"].([]any) {
			sqlite[c.(string)] = true
		}
	}
	var namespaces, doBindings []string
	dobj, _ := conf["durable_objects"].(map[string]any)
	dbs, _ := dobj["bindings"].([]any)
	for _, b := range dbs {
		b, _ := b.(map[string]any)
		class, _ := b["class_name"].(string)
		if !sqlite[class] {
			t.Fatalf("wrangler.jsonc: the Durable Object class %q has no new_sqlite_classes migration", class)
		}
		namespaces = append(namespaces, fmt.Sprintf("(className = %s, uniqueKey = %s, enableSql = true)", quote(class), quote(class)))
		doBindings = append(doBindings, fmt.Sprintf(", (name = %s, durableObjectNamespace = %s)", quote(b["name"].(string)), quote(class)))
	}
	return fmt.Sprintf(`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "assets", assets = (path = %s, config = %s, userWorker = "main")),
    (name = "do-storage", disk = (path = %s, writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:%d", http = (), service = "assets")],
);
const worker :Workerd.Worker = (
  modules = [%s],
  compatibilityDate = %s,
  durableObjectNamespaces = [%s],
  durableObjectStorage = (localDisk = "do-storage"),
  bindings = [(name = "ASSETS", service = (name = "assets", entrypoint = "AssetWorker"))%s],
);
`, quote(filepath.Join(dir, "public")), quote(string(acJSON)), quote(storage), port, strings.Join(mods, ", "),
		quote(conf["compatibility_date"].(string)), strings.Join(namespaces, ", "), strings.Join(doBindings, ""))
}

// lockedBuffer collects workerd's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// server is a running workerd.
type server struct {
	base    string
	storage string // the Durable Objects' files
	cmd     *exec.Cmd
	output  *lockedBuffer
	client  *http.Client
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startWorkerd serves the project dir on a free loopback port until the
// test ends.
func startWorkerd(t testing.TB, dir string) *server {
	t.Helper()
	bin := workerdBinary(t)
	port := freePort(t)
	// capnp embeds paths relative to the config file: it goes in the
	// project, beside wrangler.jsonc.
	cfg := filepath.Join(dir, "workerd.capnp")
	storage := filepath.Join(t.TempDir(), "do")
	if err := os.MkdirAll(storage, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(capnpConfig(t, dir, port, storage)), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &server{base: "http://127.0.0.1:" + strconv.Itoa(port), storage: storage, output: &lockedBuffer{},
		client: &http.Client{Transport: &http.Transport{DisableCompression: true, DisableKeepAlives: true, ExpectContinueTimeout: 5 * time.Second}, Timeout: 60 * time.Second}}
	s.cmd = exec.Command(bin, "serve", "--experimental", "--verbose", cfg)
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("workerd: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("workerd saiu: %v\n%s", err, s.output)
		default:
		}
		if res, err := http.Get(s.base + "/"); err == nil {
			res.Body.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("workerd não respondeu em 60 s\n%s", s.output)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (s *server) do(t testing.TB, method, path string, body []byte, header ...string) response {
	t.Helper()
	r, err := s.try(method, path, body, header...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (s *server) try(method, path string, body []byte, header ...string) (response, error) {
	req, err := http.NewRequest(method, s.base+path, bytes.NewReader(body))
	if err != nil {
		return response{}, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if len(body) > 64<<10 {
		// A body over a cap is answered (413) before it is read; without
		// waiting for "100 Continue" the client may still be writing when
		// workerd closes the connection, and the write fails (broken pipe)
		// instead of the 413 being read.
		req.Header.Set("Expect", "100-continue")
	}
	res, err := s.client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, b}, err
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// privacyMark is put in request bodies; it must never reach workerd's
// output (run with --verbose, which prints what a Worker logs).
const privacyMark = "Marca Privada Zyxwv"

func sampleData(t testing.TB) []byte {
	t.Helper()
	b := readFile(t, filepath.Join(repo, "engine/document/testdata/designacao-ponto-focal.json"))
	return bytes.Replace(b, []byte("Secretaria Municipal de Administração"), []byte(privacyMark), 1)
}

const form = "designacao-ponto-focal"

func TestWorkerd(t *testing.T) {
	dir := project(t)
	s := startWorkerd(t, dir)
	public := filepath.Join(dir, "public")
	page404 := readFile(t, filepath.Join(public, "404.html"))

	// The first API request of the isolate starts Go.
	start := time.Now()
	first := s.do(t, "POST", "/api/v1/validar/"+form, sampleData(t))
	firstDur := time.Since(start)
	start = time.Now()
	s.do(t, "POST", "/api/v1/validar/"+form, sampleData(t))
	t.Logf("primeira requisição à API: %v (a seguinte: %v)", firstDur, time.Since(start))
	if first.status != 200 {
		t.Fatalf("first validation: %d %s\n%s", first.status, first.body, s.output)
	}

	t.Run("assets", func(t *testing.T) {
		raw := readFile(t, filepath.Join(public, "app", "seiportal.wasm"))
		for _, c := range []struct{ accept, encoding string }{
			{"br, gzip", "br"}, {"gzip, deflate", "gzip"}, {"br;q=0, gzip", "gzip"}, {"", ""}, {"identity", ""},
		} {
			r := s.do(t, "GET", "/app/seiportal.wasm", nil, "Accept-Encoding", c.accept)
			if r.status != 200 || r.header.Get("Content-Type") != "application/wasm" || r.header.Get("Content-Encoding") != c.encoding {
				t.Errorf("Accept-Encoding %q: %d, Content-Type %q, Content-Encoding %q; want 200, application/wasm, %q",
					c.accept, r.status, r.header.Get("Content-Type"), r.header.Get("Content-Encoding"), c.encoding)
				continue
			}
			if !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Accept-Encoding %q: Vary = %q", c.accept, r.header.Get("Vary"))
			}
			body := r.body
			var err error
			switch c.encoding {
			case "br":
				body, err = io.ReadAll(brotli.NewReader(bytes.NewReader(r.body)))
			case "gzip":
				var zr *gzip.Reader
				if zr, err = gzip.NewReader(bytes.NewReader(r.body)); err == nil {
					body, err = io.ReadAll(zr)
				}
			}
			if err != nil || !bytes.Equal(body, raw) {
				t.Errorf("Accept-Encoding %q: the decoded body is not public/app/seiportal.wasm (%v)", c.accept, err)
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("Accept-Encoding %q: the /* rules of _headers are missing: %v", c.accept, r.header)
			}
		}
		// A revalidation of the compressed copy answers 304.
		br := s.do(t, "GET", "/app/seiportal.wasm", nil, "Accept-Encoding", "br")
		if etag := br.header.Get("ETag"); etag == "" {
			t.Errorf("no ETag on the compressed wasm")
		} else if r := s.do(t, "GET", "/app/seiportal.wasm", nil, "Accept-Encoding", "br", "If-None-Match", etag); r.status != 304 || len(r.body) != 0 {
			t.Errorf("If-None-Match: %d, %d bytes; want 304", r.status, len(r.body))
		}
		for _, c := range []struct {
			path, header, value string
			status              int
		}{
			{"/", "Content-Type", "text/html; charset=utf-8", 200},
			{"/", "X-Content-Type-Options", "nosniff", 200},
			{"/sw.js", "Cache-Control", "no-cache", 200},
			{"/manifest.webmanifest", "Content-Type", "application/manifest+json", 200},
			{"/app/formularios/" + form + ".json", "Content-Type", "application/json", 200},
		} {
			r := s.do(t, "GET", c.path, nil)
			if r.status != c.status || !strings.HasPrefix(r.header.Get(c.header), c.value) {
				t.Errorf("GET %s: %d, %s: %q; want %d, %q", c.path, r.status, c.header, r.header.Get(c.header), c.status, c.value)
			}
		}
		// Not served: the precompressed copies, the config files, what
		// does not exist — all answer the portal's 404 page.
		for _, p := range []string{"/app/seiportal.wasm.br", "/app/seiportal.wasm.gz", "/_headers", "/nao-existe/", "/app/nada.wasm"} {
			r := s.do(t, "GET", p, nil, "Accept-Encoding", "br, gzip")
			if r.status != 404 || !bytes.Equal(r.body, page404) {
				t.Errorf("GET %s: %d (%d bytes); want 404 with 404.html", p, r.status, len(r.body))
			}
		}
	})

	t.Run("api", func(t *testing.T) {
		type msg struct{ Path, Label, Text string }
		var body struct {
			Valid    bool
			Code     string
			Error    string
			Messages []msg
		}
		jsonOf := func(r response) {
			t.Helper()
			body.Valid, body.Code, body.Error, body.Messages = false, "", "", nil
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q; want no-store", cc)
			}
			if err := json.Unmarshal(r.body, &body); err != nil {
				t.Fatalf("%s: %v", r.body, err)
			}
		}
		// valid: the CLI agrees and computes the same code
		dataFile := filepath.Join(t.TempDir(), "dados.json")
		os.WriteFile(dataFile, sampleData(t), 0o644)
		r := s.do(t, "POST", "/api/v1/validar/"+form, sampleData(t))
		jsonOf(r)
		if r.status != 200 || !body.Valid || !strings.HasPrefix(body.Code, "SP-") {
			t.Errorf("valid: %d %s", r.status, r.body)
		}
		if _, errs, code := seiportal(t, "validate", form, dataFile); code != 0 {
			t.Errorf("the CLI disagrees: %d %s", code, errs)
		}
		// invalid: 422 with the CLI's messages
		bad := bytes.Replace(sampleData(t), []byte(`"11144477735"`), []byte(`"111.444.777-00"`), 1)
		bad = bytes.Replace(bad, []byte(`"SEMAD"`), []byte(`""`), 1)
		badFile := filepath.Join(t.TempDir(), "ruim.json")
		os.WriteFile(badFile, bad, 0o644)
		r = s.do(t, "POST", "/api/v1/validar/"+form, bad)
		jsonOf(r)
		_, cliErr, code := seiportal(t, "validate", form, badFile)
		var got []string
		for _, m := range body.Messages {
			if m.Label == "" {
				got = append(got, m.Text)
			} else {
				got = append(got, m.Label+": "+m.Text)
			}
		}
		want := strings.Split(strings.TrimSpace(cliErr), "\n")
		if r.status != 422 || body.Valid || code != 1 || !slices.Equal(got, want) || len(got) != 2 {
			t.Errorf("invalid: %d %q; the CLI (exit %d) says %q", r.status, got, code, want)
		}
		// the same PDF, byte for byte, as seiportal pdf
		pdfFile := filepath.Join(t.TempDir(), "cli.pdf")
		if _, errs, code := seiportal(t, "pdf", form, dataFile, "-o", pdfFile); code != 0 {
			t.Fatalf("seiportal pdf: %s", errs)
		}
		r = s.do(t, "POST", "/api/v1/pdf/"+form, sampleData(t))
		if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !bytes.Equal(r.body, readFile(t, pdfFile)) {
			t.Errorf("pdf: %d %q, %d bytes; want the CLI's %d bytes", r.status, r.header.Get("Content-Type"), len(r.body), len(readFile(t, pdfFile)))
		}
		code_ := r.header.Get("X-Codigo-Conferencia")
		// conferir reads it back
		c := s.do(t, "POST", "/api/v1/conferir?codigo="+code_, r.body, "Content-Type", "application/pdf")
		var conf struct {
			Code    string
			Matches *bool
		}
		json.Unmarshal(c.body, &conf)
		if c.status != 200 || conf.Code != code_ || conf.Matches == nil || !*conf.Matches {
			t.Errorf("conferir: %d %s; want code %s matching", c.status, c.body, code_)
		}
		for _, e := range []struct {
			method, path string
			body         []byte
			status       int
			text         string
		}{
			{"POST", "/api/v1/validar/" + form, []byte(`{"orgao": {"nome": "` + privacyMark), 400, "não puderam ser lidos"},
			{"POST", "/api/v1/validar/" + form, bytes.Repeat([]byte(" "), 100<<10), 413, "limite de 64 KiB"},
			{"POST", "/api/v1/pdf/" + form, bytes.Repeat([]byte(" "), 100<<10), 413, "limite de 64 KiB"},
			{"POST", "/api/v1/validar/nao-existe", []byte(`{}`), 404, "Formulário desconhecido"},
			{"POST", "/api/v1/pdf/nao-existe", []byte(`{}`), 404, "Formulário desconhecido"},
			{"GET", "/api/v1/validar/" + form, nil, 405, "Método GET não aceito"},
			{"POST", "/api/v1/conferir", []byte(privacyMark), 422, "não é um PDF"},
			{"POST", "/api/v9", nil, 404, "Endereço desconhecido"},
		} {
			r := s.do(t, e.method, e.path, e.body)
			jsonOf(r)
			if r.status != e.status || !strings.Contains(body.Error, e.text) {
				t.Errorf("%s %s: %d %q; want %d with %q", e.method, e.path, r.status, body.Error, e.status, e.text)
			}
		}
		r = s.do(t, "GET", "/api/v1/openapi.json", nil)
		var doc struct{ Paths map[string]any }
		if err := json.Unmarshal(r.body, &doc); r.status != 200 || err != nil || doc.Paths["/api/v1/validar/{form}"] == nil || doc.Paths["/api/v1/equipe/{id}/ops"] == nil {
			t.Errorf("openapi.json: %d %v (%d paths; want the API's and the team endpoints)", r.status, err, len(doc.Paths))
		}
	})

	t.Run("load", func(t *testing.T) {
		st := load(s, 200, 20, sampleData(t))
		t.Logf("200 validações, 20 simultâneas: p50 %v, p99 %v, %d erros", st.p50, st.p99, st.errors)
		if st.errors != 0 {
			t.Errorf("%d of 200 validations failed: %v", st.errors, st.firstErr)
		}
	})

	// Privacy: nothing of a request body reached workerd's output.
	if strings.Contains(s.output.String(), privacyMark) {
		t.Errorf("workerd's output holds a request body:\n%s", s.output)
	}
}

type loadStats struct {
	p50, p99 time.Duration
	errors   int
	firstErr error
}

// load sends n validations, conc at a time, and returns the latencies'
// p50 and p99 and how many failed (anything but 200).
func load(s *server, n, conc int, data []byte) loadStats {
	var (
		mu    sync.Mutex
		lat   []time.Duration
		st    loadStats
		wg    sync.WaitGroup
		queue = make(chan struct{}, n)
	)
	for range n {
		queue <- struct{}{}
	}
	close(queue)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range queue {
				t0 := time.Now()
				r, err := s.try("POST", "/api/v1/validar/"+form, data)
				d := time.Since(t0)
				if err == nil && r.status != 200 {
					err = errors.New("status " + strconv.Itoa(r.status) + ": " + string(r.body))
				}
				mu.Lock()
				lat = append(lat, d)
				if err != nil {
					st.errors++
					if st.firstErr == nil {
						st.firstErr = err
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	if len(lat) > 0 {
		st.p50 = lat[len(lat)*50/100]
		st.p99 = lat[min(len(lat)-1, len(lat)*99/100)]
	}
	return st
}
