// Package document renders a filled-in form as the PDF a person signs: A4,
// laid out after the padrão ofício of the Manual de Redação da Presidência
// da República (margins, header with the body's name, numbered pages, date
// line, signature blocks), with an empty signature field (AcroForm /FT /Sig)
// under each signatory and the form data embedded as dados.json, so the
// portal can re-open the PDF and check its código de conferência.
//
// It uses gopdf with the fonts of package fonts, whose bytes the caller
// passes in Options.Fonts (package fonts/ttf embeds them for native
// programs; the browser app fetches them), and builds for GOOS=js
// GOARCH=wasm. The same data always gives the same bytes.
package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// AttachmentName is the embedded file that carries the form data.
const AttachmentName = "dados.json"

// MarkerName is the embedded file of a PDF rendered without its data: the
// form, its version and the printed code, no personal data, so that the
// portal recognises the file and says what it cannot check.
const MarkerName = "conferencia.json"

// Options tune rendering.
type Options struct {
	// Fonts are the document fonts (required): ttf.Fonts() natively, the
	// files the portal publishes under app/fontes/ in the browser. Data
	// other than those files is refused (fonts.Set.Check).
	Fonts fonts.Set
	// Portal names the portal in the footer notice; "" means
	// "Portal de Adesão ao SEI".
	Portal string
	// NoData leaves the data out of the PDF (the version to upload to SEI,
	// where others may see the document): the pages are the same, but the
	// portal can neither re-open the file nor check its code.
	NoData bool
	// Letterhead is the issuing body's identity (name and brasão) printed
	// at the top of the first page of each document; the zero value
	// prints the plain header (letterhead.go).
	Letterhead Letterhead
	// Training marks a document of the portal's training mode, made with
	// fictitious data to practise: every page carries the diagonal
	// watermark "EXEMPLO — SEM VALOR", the footer prints TrainingCode
	// instead of a código de conferência and says it is a training
	// document, and the embedded data carries "treinamento": true, so that
	// Open refuses it as a *TrainingError (never as a checked document).
	Training bool
}

// TrainingCode is what the footer of a training document prints where a
// real one prints its código de conferência: it cannot be mistaken for a
// code (no "SP-" prefix, not in the code's format).
const TrainingCode = "TREINO"

// Watermark is the text written across every page of a training document.
const Watermark = "EXEMPLO — SEM VALOR"

// Code returns the código de conferência a document of vals prints: the
// code of the data the document shows (Canonical of def.Shown()).
func Code(def *form.Definition, vals *form.Values) string {
	return form.ConferenceCode(form.Canonical(def.Shown(), vals))
}

func (o Options) portal() string {
	if o.Portal == "" {
		return "Portal de Adesão ao SEI"
	}
	return o.Portal
}

// Render returns the PDF of a filled-in form, ready to sign. It does not
// validate: callers validate first and render only valid data.
func Render(def *form.Definition, vals *form.Values, opts Options) ([]byte, error) {
	if def == nil {
		return nil, errors.New("documento: definição de formulário ausente")
	}
	if vals == nil {
		vals = form.NewValues()
	}
	// only what the pages show goes into the file (and into the code)
	canonical := form.Canonical(def.Shown(), vals)
	code := form.ConferenceCode(canonical)
	if opts.Training {
		code = TrainingCode
	}
	r, err := newRenderer(def, vals, false, opts, code)
	if err != nil {
		return nil, err
	}
	pdf, err := r.render()
	if err != nil {
		return nil, err
	}
	att := pdfpatch.Attachment{
		Name:        AttachmentName,
		MIME:        "application/json",
		Description: "Dados do formulário " + def.ID + " (versão " + strconv.Itoa(def.Version) + ")",
		Data:        envelopeOf(def, canonical, opts.Training),
	}
	if opts.Training {
		att.Description = "Dados fictícios do formulário " + def.ID + " (versão " + strconv.Itoa(def.Version) + "), documento de treinamento sem valor"
	}
	if opts.NoData {
		att = pdfpatch.Attachment{
			Name:        MarkerName,
			MIME:        "application/json",
			Description: "Formulário " + def.ID + " (versão " + strconv.Itoa(def.Version) + "), gerado sem os dados",
			Data:        marker(def, code, opts.Training),
		}
	}
	out, err := pdfpatch.Update(pdf, r.sigs, []pdfpatch.Attachment{att}, r.lh.image()...)
	if err != nil {
		return nil, fmt.Errorf("documento: não foi possível incluir os campos de assinatura: %w", err)
	}
	return out, nil
}

// Blank returns the form's blank version: every value a line to fill by
// hand, lists with empty rows, no data and no signature fields.
func Blank(def *form.Definition, opts Options) ([]byte, error) {
	if def == nil {
		return nil, errors.New("documento: definição de formulário ausente")
	}
	r, err := newRenderer(def, form.NewValues(), true, opts, "")
	if err != nil {
		return nil, err
	}
	r.bm = newBlankModel()
	pdf, err := r.render()
	if err != nil || r.lh.image() == nil {
		return pdf, err
	}
	out, err := pdfpatch.Update(pdf, nil, nil, r.lh.image()...)
	if err != nil {
		return nil, fmt.Errorf("documento: brasão: %w", err)
	}
	return out, nil
}

// envelope is the embedded dados.json: keys in byte order.
type envelope struct {
	Dados       json.RawMessage `json:"dados"`
	Formulario  string          `json:"formulario"`
	Treinamento bool            `json:"treinamento,omitempty"`
	Versao      int             `json:"versao"`
}

// Envelope returns the content of dados.json: the form id, the schema
// version and the canonical data.
func Envelope(def *form.Definition, canonical []byte) []byte {
	return envelopeOf(def, canonical, false)
}

// envelopeOf is Envelope with the training flag ("treinamento": true,
// between "formulario" and "versao" to keep the keys in byte order).
func envelopeOf(def *form.Definition, canonical []byte, training bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"dados":`)
	b.Write(canonical)
	id, _ := json.Marshal(def.ID)
	b.WriteString(`,"formulario":`)
	b.Write(id)
	if training {
		b.WriteString(`,"treinamento":true`)
	}
	b.WriteString(`,"versao":` + strconv.Itoa(def.Version) + `}`)
	return b.Bytes()
}

// MaxPDFBytes bounds the PDFs Open reads (a portal PDF has tens of KB).
const MaxPDFBytes = 50 << 20

// markerFile is the content of conferencia.json.
type markerFile struct {
	Codigo      string `json:"codigo"`
	Formulario  string `json:"formulario"`
	Treinamento bool   `json:"treinamento,omitempty"`
	Versao      int    `json:"versao"`
}

func marker(def *form.Definition, code string, training bool) []byte {
	b, _ := json.Marshal(markerFile{Codigo: code, Formulario: def.ID, Treinamento: training, Versao: def.Version}) // cannot fail
	return b
}

// TrainingError is returned by Open for a PDF rendered with
// Options.Training: a document made with fictitious data to practise,
// which has no value and no código de conferência to check. Data is the
// embedded data (nil for the version without data).
type TrainingError struct {
	Form    string // form id
	Version int
	Data    []byte
}

func (e *TrainingError) Error() string {
	return "documento de treinamento — sem valor: este PDF foi gerado no modo de treinamento do portal, com dados fictícios, para praticar; ele não tem código de conferência e não vale como documento"
}

// NoDataError is returned by Open for a PDF rendered with Options.NoData:
// the portal made it, but it carries no data to check the code against.
type NoDataError struct {
	Form    string // form id
	Version int
	Code    string // the code printed in the footer
}

func (e *NoDataError) Error() string {
	return "este PDF é a versão sem dados embutidos (para enviar ao SEI): ele não traz os dados de que o código de conferência " + e.Code +
		" foi calculado, então o portal não pode conferir se o texto das páginas corresponde a esse código nem reabrir o preenchimento; para conferir, use a versão com dados, guardada por quem preencheu o formulário"
}

// Open reads back the data a PDF produced by Render carries (also after it
// was signed) and recomputes its código de conferência from the data, so
// the portal can compare it with the one printed in the footer. A PDF
// rendered without data gives a *NoDataError, a training document (with or
// without data) a *TrainingError: neither is ever a checked document.
func Open(pdf []byte) (formID string, version int, data []byte, code string, err error) {
	if len(pdf) > MaxPDFBytes {
		return "", 0, nil, "", fmt.Errorf("o arquivo passa de %d MB; um PDF gerado pelo portal, mesmo assinado, tem bem menos", MaxPDFBytes>>20)
	}
	raw, err := pdfpatch.ReadAttachment(pdf, AttachmentName)
	if err != nil {
		if errors.Is(err, pdfpatch.ErrNotFound) {
			if m, merr := pdfpatch.ReadAttachment(pdf, MarkerName); merr == nil {
				var mf markerFile
				if json.Unmarshal(m, &mf) == nil && mf.Formulario != "" {
					if mf.Treinamento {
						return "", 0, nil, "", &TrainingError{Form: mf.Formulario, Version: mf.Versao}
					}
					return "", 0, nil, "", &NoDataError{Form: mf.Formulario, Version: mf.Versao, Code: form.NormalizeCode(mf.Codigo)}
				}
			}
			return "", 0, nil, "", errors.New("este PDF não traz os dados de um formulário do portal")
		}
		// the reader's own prefix names a package, not something a person knows
		detail := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "pdfpatch: "), "PDF inválido: ")
		return "", 0, nil, "", errors.New("não foi possível ler o PDF (ele pode estar danificado): " + detail)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Formulario == "" || len(env.Dados) == 0 {
		return "", 0, nil, "", errors.New("os dados anexados ao PDF estão corrompidos")
	}
	if env.Treinamento {
		return "", 0, nil, "", &TrainingError{Form: env.Formulario, Version: env.Versao, Data: []byte(env.Dados)}
	}
	return env.Formulario, env.Versao, []byte(env.Dados), form.ConferenceCode(env.Dados), nil
}
