// Package checklist is the adhesion checklist engine: the stages and items a
// municipality goes through to adopt SEI, who is responsible for each item,
// what it depends on, the evidence it asks for, the provisions it rests on
// and its deadline, and the evaluation of a filled-in State: which items are
// done, blocked (and by what), due today or overdue, and the progress of
// each stage.
//
// Definitions are plain data with JSON tags: the generator embeds them in
// the portal and the WebAssembly app reads them back. The YAML source format
// and its positioned errors live in package load. This package uses only
// the standard library and engine/calendar, so it compiles
// for GOOS=js GOARCH=wasm.
package checklist

import (
	"strings"

	"github.com/seiportal/seiportal/engine/calendar"
)

// Start is the reserved item id a Deadline may count from: the start date
// of the adhesion (State.Start).
const Start = "inicio"

// Definition is one checklist.
type Definition struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Version     string `json:"version,omitempty"`
	Description string `json:"description,omitempty"`
	Roles       []Role `json:"roles"`
	// IncludeOptionalHolidays makes pontos facultativos (Carnaval, Corpus
	// Christi) count as days off when counting dias úteis.
	IncludeOptionalHolidays bool `json:"include_optional_holidays,omitempty"`
	// Holidays are the state and municipal holidays of the municipality.
	Holidays []calendar.Holiday `json:"holidays,omitempty"`
	Stages   []Stage            `json:"stages"`
	// File is the source file the definition was read from, if any.
	File string `json:"-"`
}

// Role is someone responsible for items: Gestor SEI, Gestor de TI, Gestor
// do Conhecimento, Gestor Documental, Ponto Focal, Prefeito…
type Role struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Stage is a step of the adhesion (adesão, interlocutores, regulamentação…).
type Stage struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Items       []Item `json:"items"`
}

// Item is one thing to do.
type Item struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Role is the id of the Role responsible.
	Role string `json:"role"`
	// DependsOn lists the ids of the items that must be done first.
	DependsOn []string   `json:"depends_on,omitempty"`
	Evidence  []Evidence `json:"evidence,omitempty"`
	// Basis lists what the item rests on: provisions of norms (norma:) and
	// parts of the program's own material (fonte:).
	Basis    []Ref     `json:"basis,omitempty"`
	Deadline *Deadline `json:"deadline,omitempty"`
}

// EvidenceKind is what kind of value an Evidence holds.
type EvidenceKind string

// Kinds of evidence.
const (
	Process EvidenceKind = "processo" // a process number (NUP)
	Day     EvidenceKind = "data"     // a date, e.g. the publication of an act
	Link    EvidenceKind = "link"     // an http(s) address
	Text    EvidenceKind = "texto"    // free text
)

// Valid reports whether k is a known kind.
func (k EvidenceKind) Valid() bool {
	switch k {
	case Process, Day, Link, Text:
		return true
	}
	return false
}

// Evidence is a value an item asks for when it is marked done.
type Evidence struct {
	// Name is the key of the value in ItemState.Evidence.
	Name     string       `json:"name"`
	Label    string       `json:"label"`
	Kind     EvidenceKind `json:"kind"`
	Required bool         `json:"required,omitempty"`
	Help     string       `json:"help,omitempty"`
}

// Ref is a citation: of a norm, "norma:<key>[#<provision>]", or of a source
// of the adhesion program, "fonte:<key>[#<part>]" (see package cite). File, Line and Col locate it in its source, so that the
// generator can report a citation that does not resolve.
type Ref struct {
	Target string `json:"target"`
	File   string `json:"-"`
	Line   int    `json:"-"`
	Col    int    `json:"-"`
}

// Unit is the unit of a Deadline.
type Unit string

// Units of deadlines.
const (
	BusinessDays Unit = "uteis"    // dias úteis
	CalendarDays Unit = "corridos" // dias corridos
)

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return u == BusinessDays || u == CalendarDays }

// Label returns the unit in Portuguese: "dias úteis" or "dias corridos".
func (u Unit) Label() string {
	switch u {
	case BusinessDays:
		return "dias úteis"
	case CalendarDays:
		return "dias corridos"
	}
	return string(u)
}

// Suggested is the Deadline.Origin of a term no provision sets: the
// portal's planning suggestion, shown as "prazo sugerido".
const Suggested = "sugerido"

// Deadline is a term counted from the start of the adhesion or from the
// day another item was done.
type Deadline struct {
	// After is an item id, or Start ("inicio").
	After string `json:"after"`
	Days  int    `json:"days"`
	Unit  Unit   `json:"unit"`
	// Origin says where the term comes from: either the citation of the
	// provision that sets it ("norma:<key>#<provision>", whose text the
	// generator checks for Days and Unit), or Suggested.
	Origin Ref `json:"origin"`
}

// IsSuggested reports whether the term is a suggestion, not set by a norm.
func (dl Deadline) IsSuggested() bool { return dl.Origin.Target == Suggested }

// Normative reports whether the term cites the provision that sets it.
func (dl Deadline) Normative() bool {
	return strings.HasPrefix(dl.Origin.Target, RefScheme)
}

// MaxDeadlineDays bounds Deadline.Days (ten years of dias corridos).
const MaxDeadlineDays = 3650

// State is what a user has filled in.
type State struct {
	// Start is the day the adhesion started; deadlines "after: inicio"
	// count from it.
	Start calendar.Date        `json:"start,omitzero"`
	Items map[string]ItemState `json:"items,omitempty"`
}

// ItemState is the state of one item.
type ItemState struct {
	Done     bool              `json:"done,omitempty"`
	DoneOn   calendar.Date     `json:"done_on,omitzero"`
	Evidence map[string]string `json:"evidence,omitempty"`
}

// Item returns the item with the given id and the index of its stage.
func (d *Definition) Item(id string) (*Item, int, bool) {
	if d == nil {
		return nil, -1, false
	}
	for si := range d.Stages {
		for ii := range d.Stages[si].Items {
			if d.Stages[si].Items[ii].ID == id {
				return &d.Stages[si].Items[ii], si, true
			}
		}
	}
	return nil, -1, false
}

// Role returns the role with the given id.
func (d *Definition) Role(id string) (Role, bool) {
	if d != nil {
		for _, r := range d.Roles {
			if r.ID == id {
				return r, true
			}
		}
	}
	return Role{}, false
}

// Calendar returns the calendar the definition's deadlines are counted
// with: national holidays, the definition's Holidays, and pontos
// facultativos as days off when IncludeOptionalHolidays is set.
func (d *Definition) Calendar() (*calendar.Calendar, error) {
	return calendar.New(calendar.Config{IncludeOptional: d.IncludeOptionalHolidays, Extra: d.Holidays})
}
