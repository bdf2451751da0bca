package norm

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
	"github.com/seiportal/seiportal/generator/slug"
)

// Meta is a norm's metadata: the front matter key "norm:" of a file under
// content/normas/ (YAML keys in English, values in pt-BR).
type Meta struct {
	Type         string   `yaml:"type"`         // "Instrução Normativa"
	Short        string   `yaml:"short"`        // "IN": citations say "da IN nº 15/2024"
	Number       string   `yaml:"number"`       // "15"
	Year         int      `yaml:"year"`         // 2024
	Date         string   `yaml:"date"`         // date of signature, "2024-10-14"
	Issuer       string   `yaml:"issuer"`       // "Pró-Reitoria de … (PROTIC/UFT)"
	Jurisdiction string   `yaml:"jurisdiction"` // "Federal (Universidade Federal do Tocantins)"
	URN          URNParts `yaml:"urn"`
	Ementa       string   `yaml:"ementa"`
	Source       string   `yaml:"source"` // where and when it was published
	SourceURL    string   `yaml:"source_url"`
	Status       string   `yaml:"status"`      // "vigente" | "revogada"
	Definitions  string   `yaml:"definitions"` // id of the article whose incisos define terms ("art3")
	Notes        []Note   `yaml:"notes"`       // editorial notes
}

// URNParts are the pieces of the LexML URN that the other metadata do not
// give. Names may be written as in the act ("Distrito Federal", "Pró-Reitoria
// de Tecnologia da Informação e Comunicação") or already normalized
// ("distrito.federal"): URNString normalizes them.
type URNParts struct {
	// Locality below "br": empty for a federal body; [estado] for a state
	// or the Distrito Federal; [estado, município] for a municipality.
	Locality []string `yaml:"locality"`
	// Authority is the issuing body, outermost first:
	// [Universidade Federal do Tocantins, Pró-Reitoria de …].
	Authority []string `yaml:"authority"`
	// DocType overrides the document type taken from Meta.Type.
	DocType string `yaml:"doc_type"`
}

// Note is an editorial note shown at a provision.
type Note struct {
	Provision string `yaml:"provision"` // LexML id: "art3"
	Text      string `yaml:"text"`
}

// Label is the short name used in citations: "IN nº 15/2024".
func (m Meta) Label() string {
	short := strings.TrimSpace(m.Short)
	if short == "" {
		short = strings.TrimSpace(m.Type)
	}
	return fmt.Sprintf("%s nº %s/%d", short, strings.TrimSpace(m.Number), m.Year)
}

// of is the contraction before the norm's label: "da" (IN, Portaria, Lei,
// Resolução…) or "do" (Decreto, Ato…).
func (m Meta) of() string {
	short := strings.TrimSpace(m.Short)
	if short == "" {
		short = m.Type
	}
	first, _, _ := strings.Cut(strings.ToLower(slug.Fold(strings.TrimSpace(short))), " ")
	switch first {
	case "decreto", "ato", "provimento", "regimento", "regulamento", "estatuto", "codigo", "edital", "despacho", "aviso", "comunicado":
		return "do"
	}
	return "da"
}

// Check lists missing or invalid metadata, in pt-BR.
func (m Meta) Check() []string {
	var out []string
	req := func(v, key, what string) {
		if strings.TrimSpace(v) == "" {
			out = append(out, fmt.Sprintf("norm.%s: falta %s", key, what))
		}
	}
	req(m.Type, "type", "o tipo do ato (ex.: \"Instrução Normativa\")")
	req(m.Short, "short", "o nome curto usado nas citações (ex.: \"IN\")")
	req(m.Number, "number", "o número do ato")
	req(m.Issuer, "issuer", "o órgão que editou o ato")
	req(m.Jurisdiction, "jurisdiction", "a esfera (ex.: \"Federal\", \"Distrital\")")
	req(m.Ementa, "ementa", "a ementa")
	req(m.Source, "source", "onde e quando o ato foi publicado")
	if m.Year < 1800 || m.Year > 2200 {
		out = append(out, fmt.Sprintf("norm.year: ano inválido %d", m.Year))
	}
	if strings.TrimSpace(m.Date) == "" {
		out = append(out, "norm.date: falta a data do ato (AAAA-MM-DD)")
	} else if t, err := time.Parse("2006-01-02", m.Date); err != nil {
		out = append(out, fmt.Sprintf("norm.date: data inválida %q (use AAAA-MM-DD)", m.Date))
	} else if m.Year != 0 && t.Year() != m.Year {
		out = append(out, fmt.Sprintf("norm.date: a data %s não é do ano %d", m.Date, m.Year))
	}
	switch m.Status {
	case "vigente", "revogada":
	case "":
		out = append(out, "norm.status: falta a situação (\"vigente\" ou \"revogada\")")
	default:
		out = append(out, fmt.Sprintf("norm.status: situação inválida %q (use \"vigente\" ou \"revogada\")", m.Status))
	}
	if m.SourceURL != "" && !strings.HasPrefix(m.SourceURL, "https://") && !strings.HasPrefix(m.SourceURL, "http://") {
		out = append(out, fmt.Sprintf("norm.source_url: endereço inválido %q", m.SourceURL))
	}
	if _, err := m.URNString(); err != nil {
		out = append(out, "norm.urn: "+err.Error())
	}
	for i, n := range m.Notes {
		if strings.TrimSpace(n.Provision) == "" {
			out = append(out, fmt.Sprintf("norm.notes[%d]: falta o dispositivo (provision)", i))
		}
		if strings.TrimSpace(n.Text) == "" {
			out = append(out, fmt.Sprintf("norm.notes[%d]: falta o texto da nota", i))
		}
	}
	return out
}

// CheckMeta lists the references of m that d does not have: the
// definitions article and the provisions of the editorial notes.
func (d *Doc) CheckMeta(m Meta) []string {
	var out []string
	if m.Definitions != "" {
		if p, ok := d.Lookup(m.Definitions); !ok || p.Kind != KindArticle {
			out = append(out, fmt.Sprintf("norm.definitions: o artigo %q não existe no texto", m.Definitions))
		} else if defs, errs := d.Definitions(m.Definitions); len(defs) == 0 && len(errs) == 0 {
			out = append(out, fmt.Sprintf("norm.definitions: o %s não tem incisos no formato \"termo: definição\" ou \"termo – definição\"", name(p)))
		}
	}
	for i, n := range m.Notes {
		if _, ok := d.Lookup(n.Provision); !ok && n.Provision != "" {
			out = append(out, fmt.Sprintf("norm.notes[%d]: o dispositivo %q não existe no texto", i, n.Provision))
		}
	}
	return out
}

// DecodeMeta decodes the "norm:" node of a front matter through
// diag/yamlpos (unknown keys, values of the wrong kind at their positions)
// and reports Check's findings at their keys in file.
func DecodeMeta(file string, node *yaml.Node) (Meta, diag.List) {
	var m Meta
	if node == nil {
		return m, diag.List{diag.Errorf(file, 0, 0, "falta a chave \"norm:\" no front matter")}
	}
	d := &yamlpos.Decoder{File: file, Where: map[reflect.Type]string{
		reflect.TypeFor[Meta]():     "em norm",
		reflect.TypeFor[URNParts](): "em norm.urn",
		reflect.TypeFor[Note]():     "numa nota de norm.notes",
	}}
	errs := d.Decode(node, &m)
	if d.Failed("") {
		return m, errs
	}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		keys[node.Content[i].Value] = node.Content[i]
	}
	for _, msg := range m.Check() {
		line, col := node.Line, node.Column
		key, _, _ := strings.Cut(strings.TrimPrefix(msg, "norm."), ":")
		key, _, _ = strings.Cut(key, "[")
		if k, ok := keys[key]; ok {
			line, col = k.Line, k.Column
		}
		errs = append(errs, diag.Errorf(file, line, col, "%s", msg))
	}
	return m, errs
}

// isStopWord reports the words left out of URN names (LexML: articles,
// prepositions and conjunctions).
func isStopWord(w string) bool {
	switch w {
	case "a", "o", "as", "os", "à", "às", "ao", "aos", "de", "da", "do", "das", "dos", "e", "em", "na", "no", "nas", "nos", "para", "por", "pela", "pelo", "pelas", "pelos", "com", "um", "uma":
		return true
	}
	return false
}

// urnName normalizes one name for a URN: "Pró-Reitoria de Tecnologia da
// Informação e Comunicação" → "pro.reitoria.tecnologia.informacao.comunicacao".
func urnName(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var keep []string
	for _, w := range words {
		if !isStopWord(w) {
			keep = append(keep, slug.Fold(w))
		}
	}
	return strings.Join(keep, ".")
}

// URNString returns the norm's LexML URN:
// urn:lex:br;distrito.federal:secretaria.estado.agricultura.abastecimento.desenvolvimento.rural:portaria:2022-06-30;41.
func (m Meta) URNString() (string, error) {
	local := []string{"br"}
	for _, l := range m.URN.Locality {
		n := urnName(l)
		if n == "" {
			return "", fmt.Errorf("localidade vazia em %q", l)
		}
		local = append(local, n)
	}
	if len(local) > 3 {
		return "", fmt.Errorf("localidade com partes demais (%d): use [estado] ou [estado, município]", len(local)-1)
	}
	var auth []string
	for _, a := range m.URN.Authority {
		n := urnName(a)
		if n == "" {
			return "", fmt.Errorf("autoridade vazia em %q", a)
		}
		auth = append(auth, n)
	}
	if len(auth) == 0 {
		return "", errors.New("falta a autoridade (urn.authority: o órgão que editou o ato)")
	}
	docType := m.URN.DocType
	if docType == "" {
		docType = m.Type
	}
	docType = urnName(docType)
	if docType == "" {
		return "", errors.New("falta o tipo do ato (type ou urn.doc_type)")
	}
	if _, err := time.Parse("2006-01-02", m.Date); err != nil {
		return "", fmt.Errorf("data inválida %q (use AAAA-MM-DD)", m.Date)
	}
	num := strings.TrimSpace(m.Number)
	num = strings.ReplaceAll(num, ".", "")
	if num == "" {
		return "", errors.New("falta o número do ato")
	}
	for _, r := range num {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return "", fmt.Errorf("número %q com caractere inválido %q", m.Number, r)
		}
	}
	if _, err := strconv.Atoi(num); err != nil {
		num = strings.ToLower(num)
	}
	return "urn:lex:" + strings.Join(local, ";") + ":" + strings.Join(auth, ";") + ":" + docType + ":" + m.Date + ";" + num, nil
}
