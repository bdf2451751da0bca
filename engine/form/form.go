// Package form is the forms engine shared by the command line, the tests and
// the browser (compiled to WebAssembly): form definitions, strict decoding of
// the JSON a focal point fills in, validation with pt-BR messages, the
// canonical form of the data and its código de conferência.
//
// Definitions are plain data (JSON tags) prepared at build time by package
// form/load, which reads the YAML files under content/formularios/.
// This package imports neither YAML nor Markdown so that it stays small in
// the browser.
package form

import (
	"strconv"
	"strings"

	"github.com/seiportal/seiportal/engine/cite"
)

// Field types.
const (
	TypeText     = "text"
	TypeTextarea = "textarea"
	TypeCPF      = "cpf"
	TypeEmail    = "email"
	TypePhone    = "phone"
	TypeDate     = "date"
	TypeSelect   = "select"
	TypeCheckbox = "checkbox"
	TypeGroup    = "group"
)

// Types lists the field types a definition may use, in documentation order.
func Types() []string {
	return []string{TypeText, TypeTextarea, TypeCPF, TypeEmail, TypePhone, TypeDate, TypeSelect, TypeCheckbox, TypeGroup}
}

// KnownType reports whether t is a field type.
func KnownType(t string) bool {
	for _, k := range Types() {
		if k == t {
			return true
		}
	}
	return false
}

// Definition is one form: its identity, the norms it rests on, its fields,
// cross-field rules and the layout of the document it produces.
type Definition struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Version     int      `json:"version"`
	Source      string   `json:"source,omitempty"` // the guide the form comes from, in prose
	Basis       []Ref    `json:"basis,omitempty"`
	Fields      []Field  `json:"fields"`
	Rules       []Rule   `json:"rules,omitempty"`
	Document    Document `json:"document"`
	File        string   `json:"-"` // source file, for diagnostics
}

// Ref is a citation of a norm: "norma:in-15-2024#art29". Line and Col are
// where it was written, so the generator can report a dangling citation.
type Ref struct {
	Target string `json:"target"`
	Line   int    `json:"-"`
	Col    int    `json:"-"`
}

// ParseCitation splits "norma:<key>[#<id>]" (syntax of package cite).
func ParseCitation(s string) (key, id string, ok bool) {
	key, id, err := cite.ParseNorma(s)
	return key, id, err == nil
}

// Field is one input, or a group of inputs (Type "group"), possibly repeated
// (Repeat set: a list of items, each with Fields).
type Field struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Label       string   `json:"label"`
	Help        string   `json:"help,omitempty"`
	Placeholder string   `json:"placeholder,omitempty"`
	Validate    string   `json:"validate,omitempty"` // validator/v10 tags, e.g. "required,max=120"
	Options     []Option `json:"options,omitempty"`
	Fields      []Field  `json:"fields,omitempty"`
	Repeat      *Repeat  `json:"repeat,omitempty"`
	Line        int      `json:"-"`
	Col         int      `json:"-"`
}

// Option is one choice of a select field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Repeat makes a group a list of items. ItemLabel names one item, with {n}
// for its 1-based number ("{n}º ponto focal"); Of joins a field label to it
// ("CPF" + " do " + "2º ponto focal"), "do" by default.
type Repeat struct {
	Min       int    `json:"min"`
	Max       int    `json:"max,omitempty"` // 0: no limit
	ItemLabel string `json:"item_label"`
	Of        string `json:"of,omitempty"`
}

// Item returns the label of the item at 0-based index i.
func (r *Repeat) Item(i int) string {
	l := r.ItemLabel
	if l == "" {
		l = "{n}º item"
	}
	return strings.ReplaceAll(l, "{n}", strconv.Itoa(i+1))
}

func (r *Repeat) of() string {
	if r.Of == "" {
		return "do"
	}
	return r.Of
}

// Required reports whether the field's tags include "required".
func (f *Field) Required() bool {
	for _, t := range splitTags(f.Validate) {
		if t == "required" {
			return true
		}
	}
	return false
}

// optionLabel returns the label of the option with value v, or v.
func (f *Field) optionLabel(v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// Rule kinds.
const (
	RuleRequiredIf  = "required_if"  // Field is required when When equals Equals
	RuleEmptyUnless = "empty_unless" // Field must be empty unless When equals Equals
	RuleUnique      = "unique"       // Field ("list.sub") has no repeated value across items
	RuleNotAfter    = "not_after"    // date Field is not after date Than
)

// RuleKinds lists the rule kinds.
func RuleKinds() []string {
	return []string{RuleRequiredIf, RuleEmptyUnless, RuleUnique, RuleNotAfter}
}

// Rule is a cross-field rule. Paths are dotted field names without list
// indices ("unidade.unidade_superior", "pontos_focais.cpf").
type Rule struct {
	Kind    string `json:"kind"`
	Field   string `json:"field"`
	When    string `json:"when,omitempty"`
	Equals  string `json:"equals,omitempty"`
	Than    string `json:"than,omitempty"`
	Message string `json:"message,omitempty"` // pt-BR text replacing the default
	Line    int    `json:"-"`
	Col     int    `json:"-"`
}

// Document is the layout of the PDF: header lines on every page and
// sections, each optionally repeated per item of a list field.
// Texts hold {{path}} placeholders resolved against the data (inside a
// repeated section, first against the item, then against the whole form;
// {{n}} is the item number).
type Document struct {
	Header   []string  `json:"header,omitempty"`
	Sections []Section `json:"sections"`
}

// Section is a part of the document that starts on a new page when NewPage
// is set (or when it repeats).
type Section struct {
	Repeat   string   `json:"repeat,omitempty"`
	NewPage  bool     `json:"new_page,omitempty"`
	Ref      string   `json:"ref,omitempty"` // identification line, left ("Ofício nº ___/2025")
	DateLine string   `json:"date_line,omitempty"`
	Title    string   `json:"title,omitempty"`
	Blocks   []Block  `json:"blocks"`
	Closing  string   `json:"closing,omitempty"` // "Atenciosamente,"
	Signers  []Signer `json:"signers,omitempty"`
	Line     int      `json:"-"`
}

// Block is one of: a paragraph (Text), a heading, a list of "label: value"
// lines (Fields), a table of a list field (Table), or left-aligned lines
// (Lines, e.g. the addressee).
type Block struct {
	Text    string   `json:"text,omitempty"`
	Heading string   `json:"heading,omitempty"`
	Lines   []string `json:"lines,omitempty"`
	Fields  []string `json:"fields,omitempty"`
	Table   *Table   `json:"table,omitempty"`
	Line    int      `json:"-"`
}

// Table renders one row per item of the list field Source.
type Table struct {
	Source  string   `json:"source"`
	Columns []Column `json:"columns"`
}

// Column is a table column: a field of the list's items, its header, and
// its share of the width (weights; 0 means 1).
type Column struct {
	Field string  `json:"field"`
	Label string  `json:"label,omitempty"` // default: the field's label
	Width float64 `json:"width,omitempty"`
}

// Signer is who signs a section: ID names the PDF signature field
// ("assinatura_" + ID, plus "_" + item number in a repeated section); Name
// and Role are templates ("{{titular.nome}}").
type Signer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// Lookup returns the field at the dotted path (list indices are skipped:
// "pontos_focais.cpf" and "pontos_focais.0.cpf" both find the item field).
func (d *Definition) Lookup(path string) (*Field, bool) {
	return lookup(d.Fields, path)
}

func lookup(fields []Field, path string) (*Field, bool) {
	name, rest, more := strings.Cut(path, ".")
	for i := range fields {
		f := &fields[i]
		if f.Name != name {
			continue
		}
		if !more {
			return f, true
		}
		if f.Repeat != nil {
			if _, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil {
				_, after, ok := strings.Cut(rest, ".")
				if !ok {
					return f, true
				}
				rest = after
			}
		}
		if f.Type != TypeGroup {
			return nil, false
		}
		return lookup(f.Fields, rest)
	}
	return nil, false
}

// Message is one problem with the data: Path is the JSON path
// ("pontos_focais.1.cpf", 0-based), Label the field as the form names it
// ("CPF do 2º ponto focal"), Text what is wrong, in pt-BR.
type Message struct {
	Path  string `json:"path"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

func (m Message) String() string {
	if m.Label == "" {
		return m.Text
	}
	return m.Label + ": " + m.Text
}
