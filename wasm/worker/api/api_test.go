package api

import (
	"bytes"
	"context"
	"encoding/json"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form"
	formload "github.com/seiportal/seiportal/engine/form/load"
)

const repo = "../../.."

// siteForms serves the default portal's form definitions as the generator
// publishes them (json.Marshal of each loaded definition).
func siteForms(t testing.TB) (FormSource, map[string]*form.Definition) {
	t.Helper()
	defs, errs := formload.Dir(os.DirFS(repo), "content/formularios")
	if len(errs) > 0 {
		t.Fatalf("form definitions: %v", errs)
	}
	byID := map[string]*form.Definition{}
	pub := map[string][]byte{}
	for _, d := range defs {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		byID[d.ID], pub[d.ID] = d, b
	}
	return func(_ context.Context, id string) ([]byte, error) {
		if b, ok := pub[id]; ok {
			return b, nil
		}
		return nil, ErrUnknownForm
	}, byID
}

func today() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) }

func newHandler(t testing.TB) (*Handler, map[string]*form.Definition) {
	t.Helper()
	src, defs := siteForms(t)
	h, err := New(src, today)
	if err != nil {
		t.Fatal(err)
	}
	return h, defs
}

func sample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "engine/document/testdata/designacao-ponto-focal.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func do(h http.Handler, method, target string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decodeJSON(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q; want JSON", ct)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
}

func TestValidate(t *testing.T) {
	h, defs := newHandler(t)
	rec := do(h, "POST", "/api/v1/validar/designacao-ponto-focal", bytes.NewReader(sample(t)))
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q; want no-store", cc)
	}
	var v valid
	decodeJSON(t, rec, &v)
	vals, msgs := form.Decode(defs["designacao-ponto-focal"], sample(t))
	if len(msgs) > 0 {
		t.Fatal(msgs)
	}
	want := form.ConferenceCode(form.Canonical(defs["designacao-ponto-focal"], vals))
	if !v.Valid || v.Code != want || v.Form != "designacao-ponto-focal" || !json.Valid(v.Data) {
		t.Errorf("got %+v; want valid with code %s", v, want)
	}
}

func TestValidateInvalid(t *testing.T) {
	h, _ := newHandler(t)
	data := strings.Replace(string(sample(t)), `"11144477735"`, `"111.444.777-00"`, 1)
	rec := do(h, "POST", "/api/v1/validar/designacao-ponto-focal", strings.NewReader(data))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var v invalid
	decodeJSON(t, rec, &v)
	if v.Valid || len(v.Messages) != 1 || v.Messages[0].Path != "pontos_focais.0.cpf" || !strings.Contains(v.Messages[0].Text, "dígitos verificadores") {
		t.Errorf("got %+v; want one message about the CPF's dígitos verificadores", v)
	}
}

func TestValidateErrors(t *testing.T) {
	h, _ := newHandler(t)
	big := `{"orgao": {"nome": "` + strings.Repeat("a", MaxJSON) + `"}}`
	for _, c := range []struct {
		name, method, target, body string
		status                     int
		text                       string
	}{
		{"malformed", "POST", "/api/v1/validar/designacao-ponto-focal", `{"orgao": `, 400, "não puderam ser lidos"},
		{"not an object", "POST", "/api/v1/validar/designacao-ponto-focal", `[1]`, 400, "não puderam ser lidos"},
		{"oversized", "POST", "/api/v1/validar/designacao-ponto-focal", big, 413, "maior que o limite de 64 KiB"},
		{"oversized pdf", "POST", "/api/v1/pdf/designacao-ponto-focal", big, 413, "maior que o limite"},
		{"unknown form", "POST", "/api/v1/validar/nao-existe", `{}`, 404, `Formulário desconhecido: "nao-existe"`},
		{"bad form id", "POST", "/api/v1/validar/..%2Fsegredo", `{}`, 404, "Formulário desconhecido"},
		{"wrong method", "GET", "/api/v1/validar/designacao-ponto-focal", ``, 405, "Método GET não aceito"},
		{"unknown path", "POST", "/api/v2/validar/x", `{}`, 404, "Endereço desconhecido"},
		{"not a pdf", "POST", "/api/v1/conferir", `{"a":1}`, 422, "não é um PDF"},
		{"empty pdf", "POST", "/api/v1/conferir", ``, 422, "vazio"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := do(h, c.method, c.target, strings.NewReader(c.body))
			if rec.Code != c.status {
				t.Fatalf("status %d; want %d (%s)", rec.Code, c.status, rec.Body)
			}
			var e errorBody
			decodeJSON(t, rec, &e)
			if !strings.Contains(e.Error, c.text) {
				t.Errorf("error %q; want it to say %q", e.Error, c.text)
			}
		})
	}
}

// A body of unknown length (chunked) over the cap is cut at the cap.
func TestOversizedStream(t *testing.T) {
	h, _ := newHandler(t)
	req := httptest.NewRequest("POST", "/api/v1/validar/designacao-ponto-focal", io.MultiReader(strings.NewReader(`{"x":"`), strings.NewReader(strings.Repeat("a", 2*MaxJSON))))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Fatalf("status %d; want 413", rec.Code)
	}
}

// The API's PDF is the command line's, byte for byte, and conferir reads it
// back with the same code.
func TestPDFAndConferir(t *testing.T) {
	h, defs := newHandler(t)
	rec := do(h, "POST", "/api/v1/pdf/designacao-ponto-focal", bytes.NewReader(sample(t)))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("status %d %q: %.200s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	def := defs["designacao-ponto-focal"]
	vals, _ := form.Decode(def, sample(t))
	want, err := document.Render(def, vals, document.Options{Fonts: ttf.Fonts()})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec.Body.Bytes(), want) {
		t.Fatalf("API PDF (%d bytes) differs from document.Render's (%d bytes)", rec.Body.Len(), len(want))
	}
	code := rec.Header().Get("X-Codigo-Conferencia")
	if !strings.Contains(rec.Header().Get("Content-Disposition"), "designacao-ponto-focal-") || code == "" {
		t.Errorf("headers %v", rec.Header())
	}
	for _, c := range []struct {
		typed   string
		matches string
	}{{"", "<nil>"}, {code, "true"}, {"SP-AAAA-AAAA-AAAA", "false"}} {
		r := do(h, "POST", "/api/v1/conferir?codigo="+c.typed, bytes.NewReader(want))
		if r.Code != 200 {
			t.Fatalf("conferir: %d %s", r.Code, r.Body)
		}
		var o conferred
		decodeJSON(t, r, &o)
		got := "<nil>"
		if o.Matches != nil {
			got = strconv.FormatBool(*o.Matches)
		}
		if o.Code != code || o.Form != def.ID || got != c.matches || !bytes.Contains(o.Data, []byte("SEMAD")) {
			t.Errorf("conferir(%q) = %+v matches %s; want code %s, matches %s", c.typed, o, got, code, c.matches)
		}
	}
	// Invalid data never becomes a PDF.
	bad := strings.Replace(string(sample(t)), `"11144477735"`, `"111.444.777-00"`, 1)
	if r := do(h, "POST", "/api/v1/pdf/designacao-ponto-focal", strings.NewReader(bad)); r.Code != 422 {
		t.Errorf("pdf of invalid data: status %d; want 422", r.Code)
	}
}

func TestPanicIs500(t *testing.T) {
	h, err := New(func(context.Context, string) ([]byte, error) { panic("boom") }, today)
	if err != nil {
		t.Fatal(err)
	}
	rec := do(h, "POST", "/api/v1/validar/designacao-ponto-focal", strings.NewReader(`{}`))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Erro interno") {
		t.Errorf("status %d %s; want 500", rec.Code, rec.Body)
	}
}

// The OpenAPI description is JSON and lists what the handler serves.
func TestOpenAPI(t *testing.T) {
	h, _ := newHandler(t)
	rec := do(h, "GET", "/api/v1/openapi.json", nil)
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"/api/v1/validar/{form}": "post", "/api/v1/pdf/{form}": "post", "/api/v1/conferir": "post", "/api/v1/openapi.json": "get"}
	// The team spaces and state programs are answered by the JavaScript glue
	// (worker.mjs, tested in workerd); every other path is this handler's.
	for p := range doc.Paths {
		_, ours := want[p]
		glue := p == "/api/v1/equipe" || strings.HasPrefix(p, "/api/v1/equipe/") || p == "/api/v1/programa" || strings.HasPrefix(p, "/api/v1/programa/")
		if !ours && !glue {
			t.Errorf("OpenAPI lists %s, which nothing serves", p)
		}
	}
	for p, m := range want {
		if _, ok := doc.Paths[p][m]; !ok {
			t.Errorf("openapi.json lacks %s %s", m, p)
		}
	}
}

// TestNoLogging enforces the privacy rule in the code: neither the API nor
// the Worker's main imports a logger or writes to the console, so no
// request body can reach Cloudflare's logs.
func TestNoLogging(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("../*.go")
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "log" || p == "log/slog" || p == "os" {
				t.Errorf("%s imports %s: the Worker must not log (privacy)", f, p)
			}
		}
		for _, s := range []string{"fmt.Print", "println(", "console"} {
			if bytes.Contains(src, []byte(s)) {
				t.Errorf("%s uses %s: the Worker must not log (privacy)", f, s)
			}
		}
	}
	if len(more) == 0 {
		t.Fatal("no ../*.go: the Worker's main was not checked")
	}
}
