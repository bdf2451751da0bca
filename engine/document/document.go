// Package document renders a filled-in form as the PDF a person signs: A4,
// laid out after the padrão ofício of the Manual de Redação da Presidência
// da República (margins, header with the body's name, numbered pages, date
// line, signature blocks), with an empty signature field (AcroForm /FT /Sig)
// under each signatory and the form data embedded as dados.json, so the
// portal can re-open the PDF and check its código de conferência.
//
// It uses gopdf with the Go fonts from memory (no filesystem) and builds
// for GOOS=js GOARCH=wasm. The same data always gives the same bytes.
package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// AttachmentName is the embedded file that carries the form data.
const AttachmentName = "dados.json"

// Options tune rendering.
type Options struct {
	// Portal names the portal in the footer notice; "" means
	// "Portal de Adesão ao SEI".
	Portal string
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
	canonical := form.Canonical(def, vals)
	r, err := newRenderer(def, vals, false, opts, form.ConferenceCode(canonical))
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
		Data:        Envelope(def, canonical),
	}
	out, err := pdfpatch.Update(pdf, r.sigs, []pdfpatch.Attachment{att})
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
	return r.render()
}

// envelope is the embedded dados.json: keys in byte order.
type envelope struct {
	Dados      json.RawMessage `json:"dados"`
	Formulario string          `json:"formulario"`
	Versao     int             `json:"versao"`
}

// Envelope returns the content of dados.json: the form id, the schema
// version and the canonical data.
func Envelope(def *form.Definition, canonical []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"dados":`)
	b.Write(canonical)
	id, _ := json.Marshal(def.ID)
	b.WriteString(`,"formulario":`)
	b.Write(id)
	b.WriteString(`,"versao":` + strconv.Itoa(def.Version) + `}`)
	return b.Bytes()
}

// Open reads back the data a PDF produced by Render carries (also after it
// was signed) and recomputes its código de conferência from the data, so
// the portal can compare it with the one printed in the footer.
func Open(pdf []byte) (formID string, version int, data []byte, code string, err error) {
	raw, err := pdfpatch.ReadAttachment(pdf, AttachmentName)
	if err != nil {
		if errors.Is(err, pdfpatch.ErrNotFound) {
			return "", 0, nil, "", errors.New("este PDF não traz os dados de um formulário do portal")
		}
		return "", 0, nil, "", fmt.Errorf("não foi possível ler o PDF: %w", err)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Formulario == "" || len(env.Dados) == 0 {
		return "", 0, nil, "", errors.New("os dados anexados ao PDF estão corrompidos")
	}
	return env.Formulario, env.Versao, []byte(env.Dados), form.ConferenceCode(env.Dados), nil
}
