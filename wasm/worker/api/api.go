// Package api is the portal's HTTP API v1, served by the Cloudflare Worker
// (wasm/worker) with the same engine as the command line and the browser
// app (wasm/internal/app). It is free of syscall/js so that it is tested
// natively; the Worker hands it the form definitions the site publishes
// under /app/formularios/<id>.json.
//
//	POST /api/v1/validar/{form}  JSON → 200 valid, 422 messages, 400 malformed, 413 too large
//	POST /api/v1/conferir        PDF  → what the conferência page says (code, data)
//	POST /api/v1/pdf/{form}      JSON → the PDF (paid plan: rendering takes 25–40 ms of CPU),
//	                             with the form's plain header: no letterhead (the
//	                             município's name and brasão are for the app and the CLI)
//	GET  /api/v1/openapi.json    this API, described as OpenAPI 3.1
//
// Privacy: a request body is read, used for the answer and dropped. Nothing
// here logs, stores or caches it; every answer carries Cache-Control:
// no-store. The package imports no logger (TestNoLogging checks).
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/wasm/internal/app"
)

// Body caps: a form's JSON is a few kilobytes; a PDF the portal generates
// is tens of kilobytes, a signed one with attachments a few megabytes.
const (
	MaxJSON = 64 << 10
	MaxPDF  = 8 << 20
)

// ErrUnknownForm is what a FormSource returns for a form the site does not
// publish.
var ErrUnknownForm = errors.New("formulário desconhecido")

// FormSource returns the definition JSON the site publishes for a form id
// (/app/formularios/<id>.json), or ErrUnknownForm.
type FormSource func(ctx context.Context, id string) ([]byte, error)

//go:embed openapi.json
var openAPI []byte

// formID is what a form id may be: what the generator publishes (a slug).
var formID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Handler serves the API. It keeps one engine (validator, decoded
// definitions) for its lifetime: in the Worker, one per isolate.
type Handler struct {
	mux   *http.ServeMux
	forms FormSource

	mu   sync.Mutex // guards app and defs
	app  *app.App
	defs map[string]string
}

// New returns the API handler. now gives "today" for date checks (nil:
// time.Now).
func New(forms FormSource, now func() time.Time) (*Handler, error) {
	a, err := app.New(now, "")
	if err != nil {
		return nil, err
	}
	h := &Handler{mux: http.NewServeMux(), forms: forms, app: a, defs: map[string]string{}}
	h.mux.HandleFunc("POST /api/v1/validar/{form}", h.validate)
	h.mux.HandleFunc("POST /api/v1/pdf/{form}", h.pdf)
	h.mux.HandleFunc("POST /api/v1/conferir", h.conferir)
	h.mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Write(openAPI)
	})
	return h, nil
}

// ServeHTTP answers one request. A panic becomes a 500 answer: in the
// Worker it would otherwise end the Go program of the isolate.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if recover() != nil {
			fail(w, http.StatusInternalServerError, "Erro interno. Tente de novo.")
		}
	}()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	h.mux.ServeHTTP(&muxErrors{ResponseWriter: w, r: r}, r)
}

// muxErrors rewrites the mux's own plain-text 404 and 405 into
// Portuguese JSON; answers of the handlers (JSON already) pass through.
type muxErrors struct {
	http.ResponseWriter
	r       *http.Request
	discard bool
}

func (m *muxErrors) WriteHeader(code int) {
	plain := m.Header().Get("Content-Type") == "text/plain; charset=utf-8"
	if !plain || (code != http.StatusNotFound && code != http.StatusMethodNotAllowed) {
		m.ResponseWriter.WriteHeader(code)
		return
	}
	msg := "Endereço desconhecido na API. Veja /api/v1/openapi.json."
	if code == http.StatusMethodNotAllowed {
		msg = "Método " + m.r.Method + " não aceito neste endereço (use " + m.Header().Get("Allow") + ")."
	}
	m.Header().Set("Content-Type", "application/json; charset=utf-8")
	m.ResponseWriter.WriteHeader(code)
	writeJSON(m.ResponseWriter, errorBody{Error: msg})
	m.discard = true
}

func (m *muxErrors) Write(p []byte) (int, error) {
	if m.discard {
		return len(p), nil
	}
	return m.ResponseWriter.Write(p)
}

type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w io.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"resposta ilegível"}`)
	}
	w.Write(append(b, '\n'))
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	writeJSON(w, v)
}

func fail(w http.ResponseWriter, code int, msg string) {
	reply(w, code, errorBody{Error: msg})
}

// readBody reads at most limit bytes; ok is false when it already answered
// (413 or 400).
func readBody(w http.ResponseWriter, r *http.Request, limit int64, what string) ([]byte, bool) {
	if r.ContentLength > limit {
		fail(w, http.StatusRequestEntityTooLarge, tooLarge(what, limit))
		return nil, false
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		fail(w, http.StatusRequestEntityTooLarge, tooLarge(what, limit))
		return nil, false
	case err != nil:
		fail(w, http.StatusBadRequest, "Não foi possível ler o corpo da requisição.")
		return nil, false
	}
	return b, true
}

func tooLarge(what string, limit int64) string {
	return what + " maior que o limite de " + strconv.FormatInt(limit>>10, 10) + " KiB."
}

// definition returns the form's published definition; ok is false when it
// already answered (404 or 502).
func (h *Handler) definition(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("form")
	if !formID.MatchString(id) {
		fail(w, http.StatusNotFound, "Formulário desconhecido: "+strconv.Quote(id)+".")
		return "", false
	}
	h.mu.Lock()
	def, ok := h.defs[id]
	h.mu.Unlock()
	if ok {
		return def, true
	}
	b, err := h.forms(r.Context(), id)
	switch {
	case errors.Is(err, ErrUnknownForm):
		fail(w, http.StatusNotFound, "Formulário desconhecido: "+strconv.Quote(id)+".")
		return "", false
	case err != nil:
		fail(w, http.StatusBadGateway, "A definição do formulário não pôde ser lida. Tente de novo.")
		return "", false
	}
	def = string(b)
	h.mu.Lock()
	if len(h.defs) >= 64 { // the site publishes a handful of forms
		clear(h.defs)
	}
	h.defs[id] = def
	h.mu.Unlock()
	return def, true
}

// validate answers POST /api/v1/validar/{form}.
func (h *Handler) validate(w http.ResponseWriter, r *http.Request) {
	def, ok := h.definition(w, r)
	if !ok {
		return
	}
	body, ok := readBody(w, r, MaxJSON, "Dados")
	if !ok {
		return
	}
	h.mu.Lock()
	res := h.app.Validate(def, string(body))
	h.mu.Unlock()
	answer(w, res)
}

// answer sends a validation result: 400 when the data could not be read,
// 422 with the messages, 200 with the canonical data and its code.
func answer(w http.ResponseWriter, res app.Result) {
	switch {
	case res.Error != "":
		reply(w, http.StatusBadRequest, errorResult{Error: res.Error, Messages: res.Messages})
	case len(res.Messages) > 0:
		reply(w, http.StatusUnprocessableEntity, invalid{Valid: false, Form: res.Form, Version: res.Version, Messages: res.Messages})
	default:
		reply(w, http.StatusOK, valid{Valid: true, Form: res.Form, Version: res.Version, Code: res.Code, Data: json.RawMessage(res.Canonical)})
	}
}

type errorResult struct {
	Error    string        `json:"error"`
	Messages []app.Message `json:"messages"`
}

type invalid struct {
	Valid    bool          `json:"valid"`
	Form     string        `json:"form"`
	Version  int           `json:"version"`
	Messages []app.Message `json:"messages"`
}

type valid struct {
	Valid   bool            `json:"valid"`
	Form    string          `json:"form"`
	Version int             `json:"version"`
	Code    string          `json:"code"`
	Data    json.RawMessage `json:"data"`
}

// pdf answers POST /api/v1/pdf/{form}: the PDF when the data is valid,
// otherwise what validar answers.
func (h *Handler) pdf(w http.ResponseWriter, r *http.Request) {
	def, ok := h.definition(w, r)
	if !ok {
		return
	}
	body, ok := readBody(w, r, MaxJSON, "Dados")
	if !ok {
		return
	}
	h.mu.Lock()
	res := h.app.PDF(def, string(body), app.PDFOptions{NoData: r.URL.Query().Has("sem-dados"), Fonts: ttf.Fonts()})
	h.mu.Unlock()
	if res.PDF == nil {
		if res.Error == "" && len(res.Messages) == 0 { // valid, but rendering failed
			fail(w, http.StatusInternalServerError, "Não foi possível gerar o PDF.")
			return
		}
		answer(w, res)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+res.Filename+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(res.PDF)))
	w.Header().Set("X-Codigo-Conferencia", res.Code)
	w.WriteHeader(http.StatusOK)
	w.Write(res.PDF)
}

// conferred is what POST /api/v1/conferir answers: app.Opened with the
// data as JSON rather than a string.
type conferred struct {
	Form         string          `json:"form"`
	Version      int             `json:"version"`
	Data         json.RawMessage `json:"data"`
	Code         string          `json:"code"`
	Typed        string          `json:"typed,omitempty"`
	Matches      *bool           `json:"matches,omitempty"`
	TypedInvalid bool            `json:"typed_invalid,omitempty"`
}

// conferir answers POST /api/v1/conferir[?codigo=SP-XXXX-XXXX-XXXX]: the
// body is a PDF generated by the portal.
func (h *Handler) conferir(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, MaxPDF, "PDF")
	if !ok {
		return
	}
	o := app.Open(body, r.URL.Query().Get("codigo"))
	if o.Error != "" {
		fail(w, http.StatusUnprocessableEntity, o.Error)
		return
	}
	data := json.RawMessage(o.Data)
	if !json.Valid(data) {
		data = json.RawMessage("null")
	}
	reply(w, http.StatusOK, conferred{Form: o.Form, Version: o.Version, Data: data, Code: o.Code, Typed: o.Typed, Matches: o.Matches, TypedInvalid: o.TypedInvalid})
}
