package document

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/form"
)

// The blank model is filled by hand, so it is also the trainers' handout
// of a form: each field is a labelled line with room to write (a row of
// blankRowH points, about 1 cm), the name and the e-mail across the whole
// width, short values (CPF, telephone, date, a matrícula) two to a row,
// choices as boxes to tick; a list (the pontos focais) is one framed block
// per entry instead of a table whose narrow cells nobody can write in.
const (
	blankRowH    = 28.35 // 1 cm: at least 8 mm to write in
	blankLabel   = 9.0   // label font size
	blankPad     = 6.0   // inside a block's frame
	blankTitleH  = 18.0
	blankGap     = 10.0 // between two half-width fields
	blankBox     = 8.5  // side of a box to tick
	blankShortMx = 40   // a text of at most this many characters takes half a row
)

// blankModel is how the blank model draws lists and groups of fields.
// Only Blank makes one, so a program that never calls Blank (the browser
// app) does not link the drawing code below.
type blankModel struct {
	count   func(r *renderer, list string) int
	fields  func(r *renderer, paths []string, list string, index int)
	entries func(r *renderer, t *form.Table)
}

func newBlankModel() *blankModel {
	return &blankModel{count: (*renderer).blankCount, fields: (*renderer).blankFields, entries: (*renderer).blankEntries}
}

// blankCount is how many entries the blank model prints for a list: its
// minimum, and at least two (a second block shows how entries repeat),
// within its maximum.
func (r *renderer) blankCount(list string) int {
	f, ok := r.def.Lookup(list)
	if !ok || f.Repeat == nil {
		return 1
	}
	n := max(f.Repeat.Min, 2)
	if f.Repeat.Max > 0 {
		n = min(n, f.Repeat.Max)
	}
	return n
}

// blankItem is one field of the blank model.
type blankItem struct {
	label string
	f     *form.Field
}

// half says whether the field takes half a row.
func (it blankItem) half() bool {
	switch it.f.Type {
	case form.TypeCPF, form.TypePhone, form.TypeDate, form.TypeCheckbox:
		return true
	case form.TypeSelect:
		return len(it.f.Options) > 4 // a long list: the answer is written
	case form.TypeText:
		n, ok := maxLength(it.f.Validate)
		return ok && n <= blankShortMx
	}
	return false
}

// maxLength reads "max=N" from a field's validation tags.
func maxLength(tags string) (int, bool) {
	for _, t := range strings.Split(tags, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(t), "max="); ok {
			n, err := strconv.Atoi(v)
			return n, err == nil
		}
	}
	return 0, false
}

// blankRows groups items into rows: a full-width item alone, two
// consecutive half-width items side by side.
func blankRows(items []blankItem) [][]blankItem {
	var rows [][]blankItem
	for i := 0; i < len(items); i++ {
		if items[i].half() && i+1 < len(items) && items[i+1].half() {
			rows = append(rows, items[i:i+2])
			i++
			continue
		}
		rows = append(rows, items[i:i+1])
	}
	return rows
}

// rowHeight is the height of a row: a text area has three lines to write
// on, choices that do not fit on one line take more.
func (r *renderer) blankRowHeight(row []blankItem, w float64) float64 {
	h := blankRowH
	for _, it := range row {
		switch {
		case it.f.Type == form.TypeTextarea:
			h = max(h, 3*blankRowH)
		case it.f.Type == form.TypeSelect && !it.half():
			h = max(h, float64(len(r.choiceLines(it, w)))*blankRowH)
		}
	}
	return h
}

// blankFields draws a group's fields (a fields block of the blank model) as
// labelled lines.
func (r *renderer) blankFields(paths []string, list string, index int) {
	var items []blankItem
	for _, p := range paths {
		if _, f, ok := r.def.Scope(list, index, p); ok && f != nil {
			items = append(items, blankItem{label: f.Label, f: f})
		}
	}
	for _, row := range blankRows(items) {
		h := r.blankRowHeight(row, textW)
		r.need(h)
		r.blankRow(row, marginL, textW, h)
		r.y += h
	}
	r.y += paraGap + 4
}

// blankEntries draws the entries of a list in the blank model: a framed
// block per entry, titled with its item label, kept on one page, and a
// note on how to add more.
func (r *renderer) blankEntries(t *form.Table) {
	lf, ok := r.def.Lookup(t.Source)
	if !ok || lf.Repeat == nil {
		return
	}
	var items []blankItem
	for _, c := range t.Columns {
		for j := range lf.Fields {
			if lf.Fields[j].Name == c.Field {
				items = append(items, blankItem{label: lf.Fields[j].Label, f: &lf.Fields[j]})
			}
		}
	}
	inner := textW - 2*blankPad
	rows := blankRows(items)
	h := blankTitleH + 2*blankPad
	for _, row := range rows {
		h += r.blankRowHeight(row, inner)
	}
	n := r.blankCount(t.Source)
	// a block taller than a page (a list of many fields) is not framed:
	// its rows break across pages like the fields of a group
	framed := h+6 <= contentEnd-r.top
	for i := range n {
		need := h + 6
		if !framed {
			need = blankTitleH + blankRowH
		}
		r.need(need)
		top := r.y
		if framed {
			r.gp.SetLineWidth(0.5)
			r.gp.SetStrokeColor(120, 120, 120)
			r.gp.RectFromUpperLeftWithStyle(marginL, top, textW, h, "D")
			r.gp.SetStrokeColor(0, 0, 0)
		}
		r.text(face{fontBold, 11}, marginL+blankPad, top+blankPad, r.clean(lf.Repeat.Item(i)))
		r.y = top + blankPad + blankTitleH
		for _, row := range rows {
			rh := r.blankRowHeight(row, inner)
			if !framed {
				r.need(rh)
			}
			r.blankRow(row, marginL+blankPad, inner, rh)
			r.y += rh
		}
		r.y += blankPad + 6
	}
	note := "Para mais de " + strconv.Itoa(n) + " " + lowerFirst(lf.Label) + ", acrescente uma folha com um quadro igual a estes para cada um"
	if lf.Repeat.Max > n {
		note += " (no máximo " + strconv.Itoa(lf.Repeat.Max) + ")"
	}
	if lf.Repeat.Max != n {
		r.paragraph(blankFace(), note+".", 0, false)
	}
	r.y += 4
}

// blankFace is the face of the blank model's labels.
func blankFace() face { return face{fontRegular, blankLabel} }

// blankRow draws one row of labelled lines in [x, x+w], h high: each label
// on the row's bottom line, the line to write on after it.
func (r *renderer) blankRow(row []blankItem, x, w, h float64) {
	cw := w
	if len(row) == 2 {
		cw = (w - blankGap) / 2
	}
	for _, it := range row {
		r.blankItem(it, x, cw, h)
		x += cw + blankGap
	}
}

func (r *renderer) blankItem(it blankItem, x, w, h float64) {
	f := blankFace()
	label := r.clean(it.label)
	base := r.y + h - 4 - blankLabel // the label's top, on the row's last line
	if it.f.Type == form.TypeSelect && !it.half() {
		// the label, then a box per option, on as many lines as needed
		r.text(f, x, r.y+blankRowH-4-blankLabel, label+":")
		for i, line := range r.choiceLines(it, w) {
			y := r.y + float64(i)*blankRowH + blankRowH - 4 - blankLabel
			for _, c := range line {
				r.gp.SetLineWidth(0.7)
				r.gp.RectFromUpperLeftWithStyle(x+c.x, y, blankBox, blankBox, "D")
				r.text(f, x+c.x+blankBox+3, y, c.label)
			}
		}
		return
	}
	if it.f.Type == form.TypeCheckbox {
		r.gp.SetLineWidth(0.7)
		r.gp.RectFromUpperLeftWithStyle(x, base, blankBox, blankBox, "D")
		r.text(f, x+blankBox+3, base, label)
		return
	}
	if it.f.Type == form.TypeTextarea {
		// the label on the first line, two more lines under it
		base = r.y + blankRowH - 4 - blankLabel
		for i := 1; i < 3; i++ {
			ly := r.y + float64(i+1)*blankRowH - 3
			r.gp.SetLineWidth(0.4)
			r.gp.Line(x, ly, x+w, ly)
		}
	}
	r.text(f, x, base, label)
	lx := x + r.width(f, label) + 4
	ly := base + blankLabel + 1
	if it.f.Type == form.TypeTextarea {
		ly = r.y + blankRowH - 3
	}
	r.gp.SetLineWidth(0.4)
	r.gp.Line(lx, ly, x+w, ly)
	if it.f.Type == form.TypeDate {
		// dd / mm / aaaa marks on the line
		span := x + w - lx
		for _, m := range []float64{0.3, 0.6} {
			r.text(f, lx+span*m, base, "/")
		}
	}
}

// choice is an option of a select, placed on a line (x from the item's
// left edge).
type choice struct {
	x     float64
	label string
}

// choiceLines places a select's options (a box and its label each) after
// its label, wrapping to further lines within w.
func (r *renderer) choiceLines(it blankItem, w float64) [][]choice {
	f := blankFace()
	start := r.width(f, r.clean(it.label)+":") + 10
	x := start
	var lines [][]choice
	var cur []choice
	for _, o := range it.f.Options {
		label := r.clean(o.Label)
		cw := blankBox + 3 + r.width(f, label)
		if len(cur) > 0 && x+cw > w {
			lines = append(lines, cur)
			cur, x = nil, start
		}
		cur = append(cur, choice{x: x, label: label})
		x += cw + 14
	}
	return append(lines, cur)
}

// lowerFirst lowercases the first letter of a label ("Pontos focais" →
// "pontos focais"), not an acronym ("SEI").
func lowerFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if n == 0 || len(s) > n && unicode.IsUpper(rune(s[n])) {
		return s
	}
	return string(unicode.ToLower(c)) + s[n:]
}
