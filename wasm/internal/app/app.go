// Package app is the browser app's core, free of syscall/js so that it is
// tested natively: each operation takes the JSON the page holds (a form or
// checklist definition published by the generator, the data typed so far)
// and returns a plain result the wasm main package hands to JavaScript as a
// JSON object. Nothing here panics on bad input: every failure is a
// Portuguese message in the result.
package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/engine/checklist"
	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/form"
)

// App holds what is costly to build once per page: the validator and the
// definitions already decoded (keyed by their JSON text).
type App struct {
	validator *form.Validator
	forms     map[string]*form.Definition
	lists     map[string]*checklist.Definition
	portal    string
}

// New returns an App. now gives "today" for date checks (nil: time.Now);
// portal names the portal in PDF footers ("" for the default).
func New(now func() time.Time, portal string) (*App, error) {
	v, err := form.NewValidator(now)
	if err != nil {
		return nil, err
	}
	return &App{validator: v, forms: map[string]*form.Definition{}, lists: map[string]*checklist.Definition{}, portal: portal}, nil
}

// Message is a problem with a field, as the page shows it.
type Message = form.Message

// Result is what every form operation returns: Error is set when the
// operation could not run at all (bad definition, malformed JSON).
type Result struct {
	Error     string    `json:"error,omitempty"`
	Messages  []Message `json:"messages"`
	Canonical string    `json:"canonical,omitempty"`
	Code      string    `json:"code,omitempty"`
	Form      string    `json:"form,omitempty"`
	Version   int       `json:"version,omitempty"`
	Filename  string    `json:"filename,omitempty"`
	// Training is set on a PDF of the training mode.
	Training bool `json:"training,omitempty"`
	// Notice says what the PDF left out of the portal's configuration
	// (a brasão that could not be used); the PDF itself is complete.
	Notice string `json:"notice,omitempty"`
	PDF    []byte `json:"-"`
}

func (a *App) form(defJSON string) (*form.Definition, error) {
	if d, ok := a.forms[defJSON]; ok {
		return d, nil
	}
	var d form.Definition
	dec := json.NewDecoder(strings.NewReader(defJSON))
	if err := dec.Decode(&d); err != nil || d.ID == "" || len(d.Fields) == 0 {
		return nil, errors.New("a definição do formulário não pôde ser lida; recarregue a página")
	}
	if len(a.forms) > 16 { // a page uses one or two definitions
		clear(a.forms)
	}
	a.forms[defJSON] = &d
	return &d, nil
}

// decode reads data against def; decoding problems (unknown keys, wrong
// types) come back as messages, malformed JSON as an error.
func decode(def *form.Definition, data string) (*form.Values, []Message, error) {
	if strings.TrimSpace(data) == "" {
		data = "{}"
	}
	vals, msgs := form.Decode(def, []byte(data))
	if vals == nil {
		text := "dados ilegíveis"
		if len(msgs) > 0 {
			text = msgs[0].Text
		}
		return nil, nil, errors.New("Os dados do formulário não puderam ser lidos: " + text + ".")
	}
	return vals, msgs, nil
}

// Validate checks data against the form: decoding problems first, then the
// validation messages, in the order of the form. Canonical and Code are set
// when there is no problem.
func (a *App) Validate(defJSON, data string) Result {
	def, err := a.form(defJSON)
	if err != nil {
		return Result{Error: err.Error(), Messages: []Message{}}
	}
	vals, msgs, err := decode(def, data)
	if err != nil {
		return Result{Error: err.Error(), Messages: []Message{}}
	}
	msgs = append(msgs, a.validator.Validate(def, vals)...)
	r := Result{Messages: msgs, Form: def.ID, Version: def.Version}
	if r.Messages == nil {
		r.Messages = []Message{}
	}
	if len(msgs) == 0 {
		c := form.Canonical(def, vals)
		r.Canonical = string(c)
		r.Code = form.ConferenceCode(c)
	}
	return r
}

// PDFOptions tune PDF.
type PDFOptions struct {
	// NoData renders the version to upload to SEI: the same pages, without
	// the embedded data (which conferir and re-import need).
	NoData bool
	// Training renders a document of the training mode: watermarked
	// "EXEMPLO — SEM VALOR" on every page, no código de conferência (Code
	// is document.TrainingCode), flagged in the embedded data.
	Training bool
	// Letterhead is the portal's identity (the município's name and
	// brasão, from /app/identidade.json) for the top of the first page.
	Letterhead document.Letterhead
	// Fonts are the document fonts (document.Options.Fonts): the browser
	// fetches them from the portal, the Worker embeds them.
	Fonts fonts.Set
}

// MaxEmblemBytes is the largest brasão the app reads (a larger one is
// refused by the renderer's check).
const MaxEmblemBytes = document.MaxEmblemBytes

// PDF validates data and, when valid, renders the document. A PDF is never
// produced from invalid data. Code is the code the document prints (of the
// data its pages show).
func (a *App) PDF(defJSON, data string, opts PDFOptions) Result {
	r := a.Validate(defJSON, data)
	if r.Error != "" || len(r.Messages) > 0 {
		return r
	}
	def, _ := a.form(defJSON)
	vals, _, _ := decode(def, r.Canonical)
	dopts := document.Options{Fonts: opts.Fonts, Portal: a.portal, NoData: opts.NoData, Training: opts.Training, Letterhead: opts.Letterhead}
	if err := dopts.Letterhead.Check(); err != nil {
		// The identity is the portal's configuration, not the person's
		// data: a brasão that cannot be used is left out, and the result
		// says so, rather than refusing the document.
		r.Notice = "O brasão configurado no portal não pôde ser usado (" + strings.TrimPrefix(err.Error(), "timbre: ") + "); o PDF foi gerado sem ele."
		dopts.Letterhead.Emblem = nil
		if dopts.Letterhead.Check() != nil {
			dopts.Letterhead = document.Letterhead{}
			r.Notice = "A identidade configurada no portal não pôde ser usada (" + strings.TrimPrefix(err.Error(), "timbre: ") + "); o PDF foi gerado com o cabeçalho simples."
		}
	}
	pdf, err := document.Render(def, vals, dopts)
	if err != nil {
		r.Error = "Não foi possível gerar o PDF: " + err.Error()
		return r
	}
	r.PDF = pdf
	r.Code = document.Code(def, vals)
	if opts.Training {
		r.Code = document.TrainingCode
		r.Training = true
	}
	r.Filename = document.FileName(def, vals, dopts, 0)
	return r
}

// Opened is a PDF generated by the portal, read back.
type Opened struct {
	Error   string `json:"error,omitempty"`
	Form    string `json:"form,omitempty"`
	Version int    `json:"version,omitempty"`
	// Data is the canonical data embedded in the PDF.
	Data string `json:"data,omitempty"`
	// Code is the código de conferência recomputed from Data.
	Code string `json:"code,omitempty"`
	// Typed is the code the person typed from the footer, normalised, and
	// Matches whether it equals Code (only when a code was typed).
	Typed   string `json:"typed,omitempty"`
	Matches *bool  `json:"matches,omitempty"`
	// TypedInvalid is set when what was typed cannot be a code.
	TypedInvalid bool `json:"typed_invalid,omitempty"`
	// NoData is set (with Error) for the version generated without data;
	// its Printed code cannot be checked.
	NoData bool `json:"no_data,omitempty"`
	// Printed lists the codes the PDF prints in its footers, read from its
	// pages (empty when they could not be read), and PrintedMatches
	// whether they all equal Code (nil when none was read).
	Printed        []string `json:"printed"`
	PrintedMatches *bool    `json:"printed_matches,omitempty"`
	// Training is set (with Error, which starts "Documento de treinamento
	// — sem valor") for a PDF of the training mode: fictitious data, no
	// code, never a checked document.
	Training bool `json:"training,omitempty"`
}

// Open reads the data inside a PDF generated by the portal and recomputes
// its code; typed, when not blank, is compared with it.
func Open(pdf []byte, typed string) Opened {
	if len(pdf) == 0 {
		return Opened{Error: "O arquivo está vazio."}
	}
	if !bytes.HasPrefix(bytes.TrimLeft(pdf[:min(len(pdf), 1024)], "\x00\t\r\n "), []byte("%PDF-")) {
		return Opened{Error: "O arquivo não é um PDF."}
	}
	id, ver, data, code, err := document.Open(pdf)
	var nd *document.NoDataError
	var te *document.TrainingError
	if errors.As(err, &te) {
		return Opened{Error: capitalize(err.Error()) + ".", Training: true, Form: te.Form, Version: te.Version}
	}
	if errors.As(err, &nd) {
		return Opened{Error: capitalize(err.Error()) + ".", NoData: true, Form: nd.Form, Version: nd.Version, Printed: []string{nd.Code}}
	}
	if err != nil {
		msg := err.Error()
		return Opened{Error: capitalize(msg) + "."}
	}
	o := Opened{Form: id, Version: ver, Data: string(data), Code: code, Printed: PrintedCodes(pdf)}
	if len(o.Printed) > 0 {
		m := len(o.Printed) == 1 && o.Printed[0] == code
		o.PrintedMatches = &m
	}
	if o.Printed == nil {
		o.Printed = []string{}
	}
	if strings.TrimSpace(typed) != "" {
		n := form.NormalizeCode(typed)
		if n == "" {
			o.TypedInvalid = true
		} else {
			m := n == code
			o.Typed, o.Matches = n, &m
		}
	}
	return o
}

// Migrated is a saved draft read against the current definition.
type Migrated struct {
	Error string `json:"error,omitempty"`
	// Data is what fits the current definition, as canonical JSON (blank
	// fields included), ready to fill the page's inputs.
	Data string `json:"data,omitempty"`
	// Dropped lists what no longer fits: unknown keys, values of the wrong
	// type. The page keeps the original draft and offers it for export.
	Dropped []Message `json:"dropped"`
	// Outdated is set when the draft was saved under another version of the
	// definition.
	Outdated bool `json:"outdated,omitempty"`
	Version  int  `json:"version"`
}

// Migrate reads a draft saved under schema version saved against the
// current definition.
func (a *App) Migrate(defJSON, data string, saved int) Migrated {
	def, err := a.form(defJSON)
	if err != nil {
		return Migrated{Error: err.Error(), Dropped: []Message{}}
	}
	vals, msgs, err := decode(def, data)
	if err != nil {
		return Migrated{Error: err.Error(), Dropped: []Message{}, Version: def.Version}
	}
	if msgs == nil {
		msgs = []Message{}
	}
	return Migrated{Data: string(form.Canonical(def, vals)), Dropped: msgs, Outdated: saved != def.Version, Version: def.Version}
}

func (a *App) list(defJSON string) (*checklist.Definition, error) {
	if d, ok := a.lists[defJSON]; ok {
		return d, nil
	}
	var d checklist.Definition
	if err := json.Unmarshal([]byte(defJSON), &d); err != nil || d.ID == "" {
		return nil, errors.New("a definição do checklist não pôde ser lida; recarregue a página")
	}
	if len(a.lists) > 4 {
		clear(a.lists)
	}
	a.lists[defJSON] = &d
	return &d, nil
}

// Item is an item's evaluation with what the page prints.
type Item struct {
	checklist.ItemReport
	Label    string                 `json:"label"`    // "Bloqueado", "Vence em 3 dias úteis"…
	Detail   string                 `json:"detail"`   // "por: Assinar o Termo de Adesão"
	DueBR    string                 `json:"due_br"`   // "16/02/2026"
	CanDo    bool                   `json:"can_do"`   // CanComplete
	Reason   string                 `json:"reason"`   // why it cannot be done
	Evidence []checklist.FieldError `json:"evidence"` // evidence problems
}

// Checklist is the evaluation the checklist page shows.
type Checklist struct {
	Error   string                    `json:"error,omitempty"`
	Today   string                    `json:"today"`
	Items   []Item                    `json:"items"`
	Stages  []checklist.StageProgress `json:"stages"`
	Overall checklist.Progress        `json:"overall"`
	// Dropped lists item ids of the saved state the definition no longer has.
	Dropped []string `json:"dropped"`
}

// Evaluate evaluates the saved state on today ("aaaa-mm-dd").
func (a *App) Evaluate(defJSON, stateJSON, today string) Checklist {
	out := Checklist{Items: []Item{}, Stages: []checklist.StageProgress{}, Dropped: []string{}}
	def, err := a.list(defJSON)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	st, err := parseState(stateJSON)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	day, err := calendar.Parse(today)
	if err != nil {
		out.Error = "Data de hoje inválida: " + err.Error()
		return out
	}
	cal, err := def.Calendar()
	if err != nil {
		out.Error = "Calendário do checklist inválido: " + err.Error()
		return out
	}
	for id := range st.Items {
		if _, _, ok := def.Item(id); !ok {
			out.Dropped = append(out.Dropped, id)
		}
	}
	slices.Sort(out.Dropped)
	rep := checklist.Evaluate(def, st, day, cal)
	out.Today, out.Stages, out.Overall = rep.Today.String(), rep.Stages, rep.Overall
	for _, ir := range rep.Items {
		it := Item{ItemReport: ir, Label: ir.Status.Label(), Evidence: []checklist.FieldError{}}
		if !ir.Due.IsZero() {
			it.DueBR = ir.Due.BR()
		}
		switch ir.Status {
		case checklist.Blocked:
			titles := make([]string, 0, len(ir.BlockedBy))
			for _, b := range ir.BlockedBy {
				if d, _, ok := def.Item(b); ok {
					titles = append(titles, d.Title)
				} else {
					titles = append(titles, b)
				}
			}
			it.Label = "Bloqueado"
			it.Detail = "por: " + strings.Join(titles, "; ")
		case checklist.Pending:
			if !ir.Due.IsZero() {
				it.Label = "Vence em " + plural(ir.DaysLeft, ir.Unit)
				it.Detail = "até " + it.DueBR
			}
		case checklist.DueToday:
			it.Detail = "prazo: " + it.DueBR
		case checklist.Overdue:
			it.Detail = "venceu em " + it.DueBR + " (" + plural(-ir.DaysLeft, ir.Unit) + " de atraso)"
		case checklist.Done:
			if d := st.Items[ir.ID].DoneOn; !d.IsZero() {
				it.Detail = "em " + d.BR()
			}
			if ir.Late {
				it.Detail += " (depois do prazo, " + it.DueBR + ")"
			}
		}
		it.CanDo, it.Reason = checklist.CanComplete(def, st, ir.ID)
		if d, _, ok := def.Item(ir.ID); ok {
			if errs := checklist.CheckEvidence(*d, st.Items[ir.ID].Evidence); errs != nil {
				it.Evidence = errs
			}
		}
		out.Items = append(out.Items, it)
	}
	return out
}

// Completion is the answer to "can this item be marked done?".
type Completion struct {
	OK       bool                   `json:"ok"`
	Reason   string                 `json:"reason"`
	Evidence []checklist.FieldError `json:"evidence"`
}

// CanComplete reports whether item can be marked done in the state.
func (a *App) CanComplete(defJSON, stateJSON, item string) Completion {
	def, err := a.list(defJSON)
	if err != nil {
		return Completion{Reason: err.Error(), Evidence: []checklist.FieldError{}}
	}
	st, err := parseState(stateJSON)
	if err != nil {
		return Completion{Reason: err.Error(), Evidence: []checklist.FieldError{}}
	}
	ok, reason := checklist.CanComplete(def, st, item)
	c := Completion{OK: ok, Reason: reason, Evidence: []checklist.FieldError{}}
	if d, _, found := def.Item(item); found {
		if errs := checklist.CheckEvidence(*d, st.Items[item].Evidence); errs != nil {
			c.Evidence = errs
		}
	}
	return c
}

func parseState(s string) (checklist.State, error) {
	var st checklist.State
	if strings.TrimSpace(s) == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return st, errors.New("O andamento salvo está corrompido: " + err.Error())
	}
	return st, nil
}

func plural(n int, u checklist.Unit) string {
	unit := "dia"
	if n != 1 {
		unit = "dias"
	}
	switch u {
	case checklist.BusinessDays:
		if n == 1 {
			unit += " útil"
		} else {
			unit += " úteis"
		}
	case checklist.CalendarDays:
		if n == 1 {
			unit += " corrido"
		} else {
			unit += " corridos"
		}
	}
	return strconv.Itoa(n) + " " + unit
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
