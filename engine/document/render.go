package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/document/fonts"
	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/engine/pdfpatch"
	"github.com/signintech/gopdf"
)

// Page geometry in points (A4; margins of the padrão ofício: left 3 cm,
// right 1.5 cm, top and bottom 2 cm).
const (
	pageW       = 595.28
	pageH       = 841.89
	marginL     = 85.04
	marginR     = 42.52
	marginT     = 56.69
	marginB     = 56.69
	textW       = pageW - marginL - marginR
	bodySize    = 12.0
	lineH       = 14.5
	paraGap     = 6.0
	indent      = 70.87 // 2.5 cm first-line indent
	footerTop   = pageH - marginB + 8
	contentEnd  = pageH - marginB - 4
	stampW      = 170.0 // signature stamp area: 6 cm × 3.2 cm (at least 4 cm × 3 cm)
	stampH      = 90.7
	blankFill   = "________________________"
	fontRegular = "regular"
	fontBold    = "bold"
	// the page's diagonal, √(pageW²+pageH²), and its angle in degrees,
	// atan(pageH/pageW) (computed here: the math package's functions weigh
	// on the browser app; TestPageDiagonal checks the numbers)
	pageDiag      = 1031.0853749811408
	pageDiagAngle = 54.7367957823154
)

type renderer struct {
	gp    *gopdf.GoPdf
	def   *form.Definition
	vals  *form.Values
	blank bool
	opts  Options
	code  string

	page    int
	y       float64
	top     float64 // where content starts on the current page
	sigs    []pdfpatch.SigField
	font    string
	size    float64
	fonts   *fonts.Coverage             // what the fonts can draw
	missing rune                        // first character no font could draw, or 0
	header  [][]string                  // lines of each header entry, wrapped on the first page
	advance map[string]map[rune]float64 // per font: advance width at size 1
	lh      *letterhead                 // nil: the plain header (letterhead.go)
	opening bool                        // the page being added opens a document
}

func newRenderer(def *form.Definition, vals *form.Values, blank bool, opts Options, code string) (*renderer, error) {
	lh, err := prepareLetterhead(opts.Letterhead)
	if err != nil {
		return nil, err
	}
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	gp.SetNoCompression()
	cov, err := fonts.NewCoverage()
	if err != nil {
		return nil, fmt.Errorf("documento: %w", err)
	}
	if err := gp.AddTTFFontData(fontRegular, fonts.Regular()); err != nil {
		return nil, fmt.Errorf("documento: fonte: %w", err)
	}
	if err := gp.AddTTFFontData(fontBold, fonts.Bold()); err != nil {
		return nil, fmt.Errorf("documento: fonte: %w", err)
	}
	info := gopdf.PdfInfo{Title: def.Title, Subject: def.Description, Creator: "seiportal", Producer: "seiportal"}
	if !blank {
		if t, ok := form.ParseDate(vals.Get("data")); ok {
			info.CreationDate = t.Add(12 * time.Hour)
		}
	}
	gp.SetInfo(info)
	return &renderer{gp: gp, def: def, vals: vals, blank: blank, opts: opts, code: code,
		fonts: cov, advance: map[string]map[rune]float64{}, lh: lh}, nil
}

func (r *renderer) render() ([]byte, error) {
	if err := r.newPage(); err != nil {
		return nil, err
	}
	for si := range r.def.Document.Sections {
		s := &r.def.Document.Sections[si]
		if s.Repeat == "" {
			if err := r.section(si, s, "", 0); err != nil {
				return nil, err
			}
			continue
		}
		n := r.vals.Len(s.Repeat)
		if r.blank {
			n = r.blankCount(s.Repeat) // blank.go
		}
		for i := 0; i < n; i++ {
			if err := r.section(si, s, s.Repeat, i); err != nil {
				return nil, err
			}
		}
	}
	if r.missing != 0 {
		return nil, fmt.Errorf("documento: %s", form.UnprintableText(r.missing))
	}
	total := strconv.Itoa(r.page)
	if err := r.gp.FillInPlaceHoldText("total", total, gopdf.Left); err != nil {
		return nil, fmt.Errorf("documento: numeração das páginas: %w", err)
	}
	b, err := r.gp.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("documento: não foi possível gerar o PDF: %w", err)
	}
	return b, nil
}

// --- text primitives ---

func (r *renderer) setFont(name string, size float64) error {
	if err := r.gp.SetFont(name, "", size); err != nil {
		return fmt.Errorf("documento: fonte: %w", err)
	}
	r.font, r.size = name, size
	return nil
}

// clean turns tabs and line breaks into spaces and leaves out other control
// and invisible characters. A character the fonts cannot draw is never
// replaced ("?" would change a name): the first one is remembered and the
// document is refused (validation refuses such data at the field first).
func (r *renderer) clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == '\t' || c == '\n' || c == '\r' || unicode.Is(unicode.Zs, c):
			b.WriteByte(' ')
		case !fonts.Drawn(c):
		case r.fonts.Has(c):
			b.WriteRune(c)
		default:
			if r.missing == 0 {
				r.missing = c
			}
		}
	}
	return b.String()
}

// width measures s in the current font and size as the sum of its runes'
// advances (gopdf applies no kerning by default), each measured once.
func (r *renderer) width(s string) float64 {
	m := r.advance[r.font]
	if m == nil {
		m = map[rune]float64{}
		r.advance[r.font] = m
	}
	total := 0.0
	for _, c := range s {
		w, ok := m[c]
		if !ok {
			mw, err := r.gp.MeasureTextWidth(string(c))
			if err != nil {
				mw = r.size
			}
			w = mw / r.size
			m[c] = w
		}
		total += w
	}
	return total * r.size
}

func (r *renderer) runeWidth(c rune) float64 {
	var buf [utf8.UTFMax]byte
	return r.width(string(buf[:utf8.EncodeRune(buf[:], c)]))
}

func (r *renderer) text(x, y float64, s string) error {
	if s == "" {
		return nil
	}
	r.gp.SetXY(x, y)
	if err := r.gp.Cell(nil, s); err != nil {
		return fmt.Errorf("documento: texto: %w", err)
	}
	return nil
}

// wrap breaks cleaned text into lines no wider than w (the first line
// first-indent narrower), at spaces; a word wider than a line is broken
// where it must be.
func (r *renderer) wrap(s string, w, first float64) [][]string {
	words := strings.Fields(s)
	var lines [][]string
	var cur []string
	curW := 0.0
	space := r.width(" ")
	limit := w - first
	for _, word := range words {
		ww := r.width(word)
		for ww > limit {
			if len(cur) > 0 {
				lines = append(lines, cur)
				cur, curW, limit = nil, 0, w
				continue
			}
			head, tail, hw := r.cut(word, limit)
			lines = append(lines, []string{head})
			limit = w
			word = tail
			ww -= hw // not measured again: a long word stays linear
		}
		add := ww
		if len(cur) > 0 {
			add += space
		}
		if curW+add > limit && len(cur) > 0 {
			lines = append(lines, cur)
			cur, curW, limit = nil, 0, w
			add = ww
		}
		cur = append(cur, word)
		curW += add
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// cut splits word so that its head fits in w (at least one rune); hw is
// the width of the head.
func (r *renderer) cut(word string, w float64) (head, tail string, hw float64) {
	total := 0.0
	for i, c := range word {
		cw := r.runeWidth(c)
		if total+cw > w && i > 0 {
			return word[:i], word[i:], total
		}
		total += cw
	}
	return word, "", total
}

// paragraph writes justified text with a first-line indent, breaking
// pages between lines.
func (r *renderer) paragraph(s string, first float64, justify bool) error {
	s = r.clean(s)
	lines := r.wrap(s, textW, first)
	for i, words := range lines {
		if err := r.need(lineH); err != nil {
			return err
		}
		x := marginL
		if i == 0 {
			x += first
		}
		avail := marginL + textW - x
		last := i == len(lines)-1
		if !justify || last || len(words) == 1 {
			if err := r.text(x, r.y, strings.Join(words, " ")); err != nil {
				return err
			}
		} else {
			// one text object; gopdf widens the word gaps with TJ offsets
			r.gp.SetXY(x, r.y)
			line := strings.Join(words, " ")
			opt := gopdf.CellOption{Align: gopdf.Justify | gopdf.Top}
			if err := r.gp.CellWithOption(&gopdf.Rect{W: avail, H: lineH}, line, opt); err != nil {
				return fmt.Errorf("documento: texto: %w", err)
			}
		}
		r.y += lineH
	}
	r.y += paraGap
	return nil
}

// need starts a new page when h points do not fit on this one.
func (r *renderer) need(h float64) error {
	if r.y+h <= contentEnd {
		return nil
	}
	return r.newPage()
}

func (r *renderer) newPage() error {
	r.gp.AddPage()
	r.page++
	font, size := r.font, r.size
	if r.opts.Training {
		if err := r.watermark(); err != nil {
			return err
		}
	}
	if err := r.drawHeader(); err != nil {
		return err
	}
	if err := r.footer(); err != nil {
		return err
	}
	if font != "" {
		return r.setFont(font, size)
	}
	return r.setFont(fontRegular, bodySize)
}

// watermark writes Watermark diagonally across the page, from the lower
// left to the upper right, in light grey under everything else drawn on it
// (it is drawn first), so the page stays readable and no part of it can be
// cut out without the mark.
func (r *renderer) watermark() error {
	// measured whole at a large size: the per-rune cache rounds at small ones
	if err := r.setFont(fontBold, 100); err != nil {
		return err
	}
	w100, err := r.gp.MeasureTextWidth(Watermark)
	if err != nil {
		return fmt.Errorf("documento: marca d'água: %w", err)
	}
	size := min(72, 100*0.7*pageDiag/w100)
	if err := r.setFont(fontBold, size); err != nil {
		return err
	}
	w := w100 * size / 100
	cx, cy := pageW/2, pageH/2
	angle := pageDiagAngle
	r.gp.SetTextColor(190, 190, 190)
	r.gp.Rotate(angle, cx, cy)
	err = r.text(cx-w/2, cy-size/2, Watermark)
	r.gp.RotateReset()
	r.gp.SetTextColor(0, 0, 0)
	return err
}

func (r *renderer) drawHeader() error {
	y, lettered, err := r.letterheadTop()
	if err != nil {
		return err
	}
	first := r.header == nil
	for i, h := range r.def.Document.Header {
		font, size := fontRegular, 10.0
		if i == 0 {
			font, size = fontBold, 11.0
		}
		if err := r.setFont(font, size); err != nil {
			return err
		}
		if first { // the same on every page: wrapped once
			s := r.clean(r.expand(h, "", 0, false))
			r.header = append(r.header, r.atMost(r.wrap(s, textW-r.width("…"), 0), 2))
		}
		if lettered && r.repeatsName(r.header[i]) {
			continue
		}
		for _, line := range r.header[i] {
			if err := r.text(marginL+(textW-r.width(line))/2, y, line); err != nil {
				return err
			}
			y += 13
		}
	}
	r.gp.SetLineWidth(0.5)
	r.gp.Line(marginL, y+3, pageW-marginR, y+3)
	r.y = y + 18
	r.top = r.y
	return nil
}

func (r *renderer) footer() error {
	r.gp.SetLineWidth(0.5)
	r.gp.Line(marginL, footerTop-4, pageW-marginR, footerTop-4)
	if err := r.setFont(fontRegular, 8); err != nil {
		return err
	}
	left := "Código de conferência: " + r.code
	notice := "O código de conferência é do " + r.opts.portal() + ": não é o código verificador nem o CRC do SEI, que o documento só recebe dentro do SEI."
	if r.opts.Training && !r.blank {
		left = "Documento de treinamento — sem código de conferência: " + TrainingCode
		notice = "Documento de treinamento do " + r.opts.portal() + ", com dados fictícios: não tem valor nenhum e não deve ser assinado nem incluído no SEI."
	}
	if r.blank {
		left = "Modelo em branco para preenchimento à mão"
		notice = "Preencha com letra legível. O documento recebe o código verificador e o CRC do SEI só quando incluído no SEI."
	}
	// the code, the page label and the total placeholder share a baseline
	base := footerTop + 7
	label := "Página " + strconv.Itoa(r.page) + " de "
	x := pageW - marginR - r.width(label) - r.width("000")
	for _, t := range []struct {
		x float64
		s string
	}{{marginL, r.clean(left)}, {x, label}} {
		r.gp.SetXY(t.x, base)
		if err := r.gp.Text(t.s); err != nil {
			return fmt.Errorf("documento: rodapé: %w", err)
		}
	}
	r.gp.SetXY(x+r.width(label), base)
	if err := r.gp.PlaceHolderText("total", r.width("000")); err != nil {
		return fmt.Errorf("documento: numeração das páginas: %w", err)
	}
	if err := r.setFont(fontRegular, 6.5); err != nil {
		return err
	}
	notice = r.clean(notice)
	for r.width(notice) > textW && r.size > 4 {
		if err := r.setFont(fontRegular, r.size-0.25); err != nil {
			return err
		}
	}
	return r.text(marginL, footerTop+11, notice)
}

// --- values ---

// expand resolves placeholders: in text (long=true) dates read "5 de março
// de 2025"; blank forms get lines to fill.
func (r *renderer) expand(s, list string, index int, long bool) string {
	return form.Expand(s, func(name string) string {
		path, f, ok := r.def.Scope(list, index, name)
		if !ok {
			return "{{" + name + "}}"
		}
		if f == nil { // {{n}}
			return strconv.Itoa(index + 1)
		}
		if r.blank {
			if f.Type == form.TypeDate {
				if long {
					return "____ de ______________ de ______"
				}
				return "____/____/______"
			}
			return blankFill
		}
		v := r.vals.Get(path)
		if v == "" {
			return blankFill
		}
		if f.Type == form.TypeDate && long {
			return form.LongDate(v)
		}
		return form.Display(f, v)
	})
}

func (r *renderer) fieldValue(path string, f *form.Field) string {
	return form.Display(f, r.vals.Get(path))
}

// --- sections and blocks ---

func (r *renderer) section(si int, s *form.Section, list string, index int) error {
	if (s.NewPage || list != "") && !r.pageEmpty() {
		r.opening = true // a new document: the letterhead goes on its first page
		err := r.newPage()
		r.opening = false
		if err != nil {
			return err
		}
	}
	if err := r.setFont(fontRegular, bodySize); err != nil {
		return err
	}
	dateOnTop := s.Ref != "" && s.DateLine != ""
	if s.Ref != "" {
		if err := r.setFont(fontBold, bodySize); err != nil {
			return err
		}
		if err := r.paragraph(r.expand(s.Ref, list, index, true), 0, false); err != nil {
			return err
		}
	}
	if dateOnTop {
		if err := r.dateLine(s, list, index); err != nil {
			return err
		}
		r.y += lineH
	}
	if s.Title != "" {
		if err := r.setFont(fontBold, 13); err != nil {
			return err
		}
		title := r.clean(strings.ToUpper(r.expand(s.Title, list, index, true)))
		r.y += 4
		for _, line := range r.atMost(r.wrap(title, textW-r.width("…"), 0), 4) {
			if err := r.need(lineH + 4); err != nil {
				return err
			}
			if err := r.text(marginL+(textW-r.width(line))/2, r.y, line); err != nil {
				return err
			}
			r.y += lineH + 2
		}
		r.y += lineH
	}
	for bi := range s.Blocks {
		if err := r.block(&s.Blocks[bi], list, index); err != nil {
			return err
		}
	}
	// The closing, the date line and the first signature stay together on
	// one page, as in a printed ofício: a signature alone on a page signs
	// nothing the reader can see.
	if err := r.setFont(fontRegular, bodySize); err != nil {
		return err
	}
	if err := r.need(r.endingHeight(s, list, index, dateOnTop)); err != nil {
		return err
	}
	if s.Closing != "" {
		if err := r.setFont(fontRegular, bodySize); err != nil {
			return err
		}
		if err := r.paragraph(r.expand(s.Closing, list, index, true), indent, false); err != nil {
			return err
		}
	}
	if s.DateLine != "" && !dateOnTop {
		r.y += paraGap
		if err := r.dateLine(s, list, index); err != nil {
			return err
		}
	}
	for _, sg := range s.Signers {
		if err := r.signer(sg, list, index); err != nil {
			return err
		}
	}
	return nil
}

// endingHeight is the height of a section's closing paragraph, date line and
// first signature block, or 0 when they could not fit on any page.
func (r *renderer) endingHeight(s *form.Section, list string, index int, dateOnTop bool) float64 {
	h := 0.0
	if s.Closing != "" {
		h += float64(len(r.wrap(r.clean(r.expand(s.Closing, list, index, true)), textW, indent)))*lineH + paraGap
	}
	if s.DateLine != "" && !dateOnTop {
		h += paraGap + lineH + paraGap
	}
	if len(s.Signers) > 0 {
		h += r.signerHeight(s.Signers[0], list, index)
	}
	if h > contentEnd-r.top {
		return 0
	}
	return h
}

// signerHeight is the height of a signature block: space to sign, the name
// and role, and the stamp area.
func (r *renderer) signerHeight(sg form.Signer, list string, index int) float64 {
	name := r.clean(r.expand(sg.Name, list, index, true))
	role := r.clean(r.expand(sg.Role, list, index, true))
	nameLines := r.cellLinesFont(fontBold, name, textW, 3)
	roleLines := r.cellLinesFont(fontRegular, role, textW, 3)
	return 30 + float64(len(nameLines)+len(roleLines))*lineH + 6 + stampH + 14
}

func (r *renderer) pageEmpty() bool {
	return r.y <= r.top+0.5
}

func (r *renderer) dateLine(s *form.Section, list string, index int) error {
	if err := r.setFont(fontRegular, bodySize); err != nil {
		return err
	}
	line := r.clean(r.expand(s.DateLine, list, index, true))
	if err := r.need(lineH); err != nil {
		return err
	}
	if r.width(line) > textW {
		return r.paragraph(line, 0, false)
	}
	if err := r.text(pageW-marginR-r.width(line), r.y, line); err != nil {
		return err
	}
	r.y += lineH + paraGap
	return nil
}

func (r *renderer) block(b *form.Block, list string, index int) error {
	switch {
	case b.Heading != "":
		if err := r.setFont(fontBold, bodySize); err != nil {
			return err
		}
		if err := r.need(3 * lineH); err != nil { // keep a heading with what follows
			return err
		}
		r.y += 4
		return r.paragraph(r.expand(b.Heading, list, index, true), 0, false)
	case b.Text != "":
		if err := r.setFont(fontRegular, bodySize); err != nil {
			return err
		}
		return r.paragraph(r.expand(b.Text, list, index, true), indent, true)
	case len(b.Lines) > 0:
		if err := r.setFont(fontRegular, bodySize); err != nil {
			return err
		}
		for _, l := range b.Lines {
			if strings.TrimSpace(l) == "" {
				r.y += lineH
				continue
			}
			if err := r.paragraph(r.expand(l, list, index, true), 0, false); err != nil {
				return err
			}
			r.y -= paraGap
		}
		r.y += paraGap
		return nil
	case len(b.Fields) > 0:
		return r.fieldsTable(b.Fields, list, index)
	case b.Table != nil && r.blank:
		return r.blankEntries(b.Table) // blank.go: a block per entry
	case b.Table != nil:
		return r.listTable(b.Table)
	}
	return nil
}

// cell is one table cell: its wrapped lines and font.
type cell struct {
	lines []string
	bold  bool
}

func (r *renderer) cellLines(s string, w float64) []string {
	var out []string
	for _, words := range r.wrap(r.clean(s), w, 0) {
		out = append(out, strings.Join(words, " "))
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

const (
	cellPad  = 3.0
	cellLine = 10.0
	cellSize = 8.0
)

// row draws a row of cells with borders; header rows are shaded.
func rowHeight(cells []cell, minH float64) float64 {
	h := minH
	for _, c := range cells {
		if ch := float64(len(c.lines))*cellLine + 2*cellPad; ch > h {
			h = ch
		}
	}
	return h
}

func (r *renderer) row(xs, ws []float64, cells []cell, minH float64, shade bool) error {
	first := true
	for {
		rest := 0
		for _, c := range cells {
			if len(c.lines) > rest {
				rest = len(c.lines)
			}
		}
		if rest == 0 && !first {
			return nil
		}
		if contentEnd-r.y < cellLine+2*cellPad+1 {
			if err := r.newPage(); err != nil {
				return err
			}
		}
		avail := contentEnd - r.y
		maxLines := int((avail - 2*cellPad) / cellLine)
		if maxLines < 1 {
			maxLines = 1
		}
		take := min(rest, maxLines)
		sliceH := float64(take)*cellLine + 2*cellPad
		if first && sliceH < minH && minH <= avail {
			sliceH = minH
		}
		first = false
		if shade {
			r.gp.SetFillColor(230, 230, 230)
			r.gp.RectFromUpperLeftWithStyle(xs[0], r.y, sumOf(ws), sliceH, "F")
			r.gp.SetFillColor(0, 0, 0)
		}
		r.gp.SetLineWidth(0.5)
		for i := range cells {
			r.gp.RectFromUpperLeftWithStyle(xs[i], r.y, ws[i], sliceH, "D")
			font := fontRegular
			if cells[i].bold {
				font = fontBold
			}
			if err := r.setFont(font, cellSize); err != nil {
				return err
			}
			n := min(take, len(cells[i].lines))
			for j := 0; j < n; j++ {
				if err := r.text(xs[i]+cellPad, r.y+cellPad+float64(j)*cellLine, cells[i].lines[j]); err != nil {
					return err
				}
			}
			cells[i].lines = cells[i].lines[n:]
		}
		r.y += sliceH
		if take == rest {
			return nil
		}
	}
}

func sumOf(ws []float64) float64 {
	s := 0.0
	for _, w := range ws {
		s += w
	}
	return s
}

func (r *renderer) fieldsTable(paths []string, list string, index int) error {
	if r.blank {
		return r.blankFields(paths, list, index) // blank.go: labelled lines
	}
	ws := []float64{textW * 0.36, textW * 0.64}
	xs := []float64{marginL, marginL + ws[0]}
	for _, p := range paths {
		full, f, ok := r.def.Scope(list, index, p)
		if !ok || f == nil {
			continue
		}
		if err := r.setFont(fontBold, cellSize); err != nil {
			return err
		}
		label := cell{lines: r.cellLines(f.Label, ws[0]-2*cellPad), bold: true}
		if err := r.setFont(fontRegular, cellSize); err != nil {
			return err
		}
		value := cell{lines: r.cellLines(r.fieldValue(full, f), ws[1]-2*cellPad)}
		if err := r.row(xs, ws, []cell{label, value}, 0, false); err != nil {
			return err
		}
	}
	r.y += paraGap + 4
	return nil
}

func (r *renderer) listTable(t *form.Table) error {
	lf, ok := r.def.Lookup(t.Source)
	if !ok || lf.Repeat == nil {
		return nil
	}
	cols := make([]*form.Field, len(t.Columns))
	total := 0.0
	for i, c := range t.Columns {
		for j := range lf.Fields {
			if lf.Fields[j].Name == c.Field {
				cols[i] = &lf.Fields[j]
			}
		}
		w := c.Width
		if w <= 0 {
			w = 1
		}
		total += w
	}
	ws := make([]float64, len(cols))
	xs := make([]float64, len(cols))
	x := marginL
	for i, c := range t.Columns {
		w := c.Width
		if w <= 0 {
			w = 1
		}
		ws[i] = textW * w / total
		xs[i] = x
		x += ws[i]
	}
	header := func() error {
		if err := r.setFont(fontBold, cellSize); err != nil {
			return err
		}
		cells := make([]cell, len(cols))
		for i, c := range t.Columns {
			label := c.Label
			if label == "" && cols[i] != nil {
				label = cols[i].Label
			}
			cells[i] = cell{lines: r.cellLines(label, ws[i]-2*cellPad), bold: true}
		}
		return r.row(xs, ws, cells, 0, true)
	}
	if err := r.need(3 * (cellLine + 2*cellPad)); err != nil {
		return err
	}
	if err := header(); err != nil {
		return err
	}
	n := r.vals.Len(t.Source)
	minH := 0.0
	for i := 0; i < n; i++ {
		if err := r.setFont(fontRegular, cellSize); err != nil {
			return err
		}
		cells := make([]cell, len(cols))
		for j, c := range cols {
			v := ""
			if c != nil {
				v = r.fieldValue(t.Source+"."+strconv.Itoa(i)+"."+c.Name, c)
			}
			cells[j] = cell{lines: r.cellLines(v, ws[j]-2*cellPad)}
		}
		if h := rowHeight(cells, minH); r.y+h > contentEnd && h < contentEnd-r.top {
			// the row starts a new page: repeat the header there
			if err := r.newPage(); err != nil {
				return err
			}
			if err := header(); err != nil {
				return err
			}
			if err := r.setFont(fontRegular, cellSize); err != nil {
				return err
			}
		}
		if err := r.row(xs, ws, cells, minH, false); err != nil {
			return err
		}
	}
	r.y += paraGap + 4
	return nil
}

// signer draws the signature block: line, name, role, and under it the
// empty area for the electronic signature stamp, where the signature
// field goes.
func (r *renderer) signer(sg form.Signer, list string, index int) error {
	if err := r.setFont(fontRegular, bodySize); err != nil {
		return err
	}
	name := r.clean(r.expand(sg.Name, list, index, true))
	role := r.clean(r.expand(sg.Role, list, index, true))
	nameLines := r.cellLinesFont(fontBold, name, textW, 3)
	roleLines := r.cellLinesFont(fontRegular, role, textW, 3)
	if err := r.need(r.signerHeight(sg, list, index)); err != nil {
		return err
	}
	r.y += 30
	cx := marginL + textW/2
	r.gp.SetLineWidth(0.5)
	r.gp.Line(cx-120, r.y, cx+120, r.y)
	r.y += 3
	for _, l := range nameLines {
		if err := r.setFont(fontBold, bodySize); err != nil {
			return err
		}
		if err := r.text(cx-r.width(l)/2, r.y, l); err != nil {
			return err
		}
		r.y += lineH
	}
	for _, l := range roleLines {
		if err := r.setFont(fontRegular, bodySize); err != nil {
			return err
		}
		if err := r.text(cx-r.width(l)/2, r.y, l); err != nil {
			return err
		}
		r.y += lineH
	}
	r.y += 6
	x1, y1 := cx-stampW/2, r.y
	r.gp.SetStrokeColor(160, 160, 160)
	r.gp.SetLineType("dashed")
	r.gp.RectFromUpperLeftWithStyle(x1, y1, stampW, stampH, "D")
	r.gp.SetLineType("")
	r.gp.SetStrokeColor(0, 0, 0)
	if err := r.setFont(fontRegular, 7); err != nil {
		return err
	}
	caption := "Espaço reservado à assinatura eletrônica"
	r.gp.SetTextColor(120, 120, 120)
	if err := r.text(cx-r.width(caption)/2, y1+stampH-10, caption); err != nil {
		return err
	}
	r.gp.SetTextColor(0, 0, 0)
	if !r.blank {
		id := "assinatura_" + sg.ID
		if list != "" {
			id += "_" + strconv.Itoa(index+1)
		}
		r.sigs = append(r.sigs, pdfpatch.SigField{
			Name: id,
			Page: r.page,
			Rect: [4]float64{x1, pageH - (y1 + stampH), x1 + stampW, pageH - y1},
		})
	}
	r.y += stampH + 14
	return r.setFont(fontRegular, bodySize)
}

func (r *renderer) cellLinesFont(font, s string, w float64, max int) []string {
	if err := r.setFont(font, bodySize); err != nil {
		return []string{s}
	}
	return r.atMost(r.wrap(s, w-r.width("…"), 0), max)
}

// atMost joins wrapped lines, keeping at most max of them; the last kept
// line ends with "…" when some were dropped (headers and signature blocks
// must fit on a page whatever the data).
func (r *renderer) atMost(lines [][]string, max int) []string {
	var out []string
	for i, words := range lines {
		if i == max {
			out[max-1] += "…"
			break
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}
