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
	pageW      = 595.28
	pageH      = 841.89
	marginL    = 85.04
	marginR    = 42.52
	marginT    = 56.69
	marginB    = 56.69
	textW      = pageW - marginL - marginR
	bodySize   = 12.0
	lineH      = 14.5
	paraGap    = 6.0
	indent     = 70.87 // 2.5 cm first-line indent
	footerTop  = pageH - marginB + 8
	contentEnd = pageH - marginB - 4
	blankFill  = "________________________"
	// the page's diagonal, √(pageW²+pageH²), and its angle in degrees,
	// atan(pageH/pageW) (computed here: the math package's functions weigh
	// on the browser app; TestPageDiagonal checks the numbers)
	pageDiag      = 1031.0853749811408
	pageDiagAngle = 54.7367957823154
)

// The names the two document fonts are registered under in gopdf, which
// the PDF gives as their names (pdffonts lists them).
const (
	fontRegular = "Carlito"
	fontBold    = "Carlito-Bold"
)

// face is a font at a size: every measure and every piece of text names
// the face it is in, so that no call depends on a font set by another.
type face struct {
	font string
	size float64
}

// cellSize is the font size of table cells.
const cellSize = 8.0

// body and bodyBold are the faces of the body text.
func body() face     { return face{fontRegular, bodySize} }
func bodyBold() face { return face{fontBold, bodySize} }

// renderer draws one document. Drawing calls do not return errors: the
// first one is kept in err (as bufio.Writer keeps its own), later calls
// carry on harmlessly, and render returns it.
type renderer struct {
	gp    *gopdf.GoPdf
	def   *form.Definition
	vals  *form.Values
	blank bool
	opts  Options
	code  string

	err     error // first error of a drawing call
	page    int
	y       float64
	top     float64 // where content starts on the current page
	sigs    []pdfpatch.SigField
	cur     face                        // the font gopdf draws in now
	fonts   *fonts.Coverage             // what the fonts can draw
	missing rune                        // first character no font could draw, or 0
	header  [][]string                  // lines of each header entry, wrapped on the first page
	advance map[string]map[rune]float64 // per font: advance width at size 1
	bm      *blankModel                 // the blank model's drawing (blank.go), when blank
	lh      *letterhead                 // nil: the plain header (letterhead.go)
	opening bool                        // the page being added opens a document
}

func newRenderer(def *form.Definition, vals *form.Values, blank bool, opts Options, code string) (*renderer, error) {
	if err := opts.Fonts.Check(); err != nil {
		return nil, fmt.Errorf("documento: %w", err)
	}
	lh, err := prepareLetterhead(opts.Letterhead)
	if err != nil {
		return nil, err
	}
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	gp.SetNoCompression()
	if err := gp.AddTTFFontData(fontRegular, opts.Fonts.Regular); err != nil {
		return nil, fmt.Errorf("documento: fonte: %w", err)
	}
	if err := gp.AddTTFFontData(fontBold, opts.Fonts.Bold); err != nil {
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
		fonts: fonts.NewCoverage(), advance: map[string]map[rune]float64{}, lh: lh}, nil
}

// render draws every section and returns the PDF (without signature
// fields and attachments, which Render adds).
func (r *renderer) render() ([]byte, error) {
	r.newPage()
	for si := range r.def.Document.Sections {
		s := &r.def.Document.Sections[si]
		if s.Repeat == "" {
			r.section(s, "", 0)
			continue
		}
		n := r.vals.Len(s.Repeat)
		if r.blank {
			n = r.bm.count(r, s.Repeat)
		}
		for i := 0; i < n; i++ {
			r.section(s, s.Repeat, i)
		}
	}
	if r.err != nil {
		return nil, r.err
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

// fail keeps err, labelled with what was being drawn, if it is the first.
func (r *renderer) fail(what string, err error) {
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("documento: %s: %w", what, err)
	}
}

// use makes f the font gopdf draws and measures in.
func (r *renderer) use(f face) {
	if f == r.cur {
		return
	}
	r.fail("fonte", r.gp.SetFont(f.font, "", f.size))
	r.cur = f
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

// width measures s in f as the sum of its runes' advances (gopdf applies
// no kerning by default), each measured once per font. It leaves the
// current font as it found it.
func (r *renderer) width(f face, s string) float64 {
	m := r.advance[f.font]
	if m == nil {
		m = map[rune]float64{}
		r.advance[f.font] = m
	}
	prev := r.cur
	total := 0.0
	for _, c := range s {
		w, ok := m[c]
		if !ok {
			// gopdf measures in its current font (and adds the glyph to
			// that font's subset, as drawing would)
			r.use(f)
			mw, err := r.gp.MeasureTextWidth(string(c))
			if err != nil {
				mw = f.size
			}
			w = mw / f.size
			m[c] = w
		}
		total += w
	}
	if prev.font != "" {
		r.use(prev)
	}
	return total * f.size
}

func (r *renderer) runeWidth(f face, c rune) float64 {
	var buf [utf8.UTFMax]byte
	return r.width(f, string(buf[:utf8.EncodeRune(buf[:], c)]))
}

// text writes s in f with its top left corner at x, y.
func (r *renderer) text(f face, x, y float64, s string) {
	if s == "" {
		return
	}
	r.use(f)
	r.gp.SetXY(x, y)
	r.fail("texto", r.gp.Cell(nil, s))
}

// wrap breaks cleaned text into lines no wider than w (the first line
// first-indent narrower), at spaces; a word wider than a line is broken
// where it must be.
func (r *renderer) wrap(f face, s string, w, first float64) [][]string {
	words := strings.Fields(s)
	var lines [][]string
	var cur []string
	curW := 0.0
	space := r.width(f, " ")
	limit := w - first
	for _, word := range words {
		ww := r.width(f, word)
		for ww > limit {
			if len(cur) > 0 {
				lines = append(lines, cur)
				cur, curW, limit = nil, 0, w
				continue
			}
			head, tail, hw := r.cut(f, word, limit)
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
func (r *renderer) cut(f face, word string, w float64) (head, tail string, hw float64) {
	total := 0.0
	for i, c := range word {
		cw := r.runeWidth(f, c)
		if total+cw > w && i > 0 {
			return word[:i], word[i:], total
		}
		total += cw
	}
	return word, "", total
}

// paragraph writes s in f across the text width, with a first-line
// indent, justified or not, breaking pages between lines.
func (r *renderer) paragraph(f face, s string, first float64, justify bool) {
	s = r.clean(s)
	lines := r.wrap(f, s, textW, first)
	for i, words := range lines {
		r.need(lineH)
		x := marginL
		if i == 0 {
			x += first
		}
		avail := marginL + textW - x
		last := i == len(lines)-1
		if !justify || last || len(words) == 1 {
			r.text(f, x, r.y, strings.Join(words, " "))
		} else {
			// one text object; gopdf widens the word gaps with TJ offsets
			r.use(f)
			r.gp.SetXY(x, r.y)
			line := strings.Join(words, " ")
			opt := gopdf.CellOption{Align: gopdf.Justify | gopdf.Top}
			r.fail("texto", r.gp.CellWithOption(&gopdf.Rect{W: avail, H: lineH}, line, opt))
		}
		r.y += lineH
	}
	r.y += paraGap
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

// wrapAtMost wraps s in f to at most max lines of width w, leaving room
// for the "…" that marks dropped text.
func (r *renderer) wrapAtMost(f face, s string, w float64, max int) []string {
	return r.atMost(r.wrap(f, s, w-r.width(f, "…"), 0), max)
}

// --- pages ---

// need starts a new page when h points do not fit on this one.
func (r *renderer) need(h float64) {
	if r.y+h > contentEnd {
		r.newPage()
	}
}

// newPage adds a page with its watermark (training), header and footer,
// and puts the cursor where content starts.
func (r *renderer) newPage() {
	r.gp.AddPage()
	r.page++
	if r.opts.Training {
		r.watermark()
	}
	r.drawHeader()
	r.footer()
}

// pageEmpty reports whether nothing was drawn yet below the header.
func (r *renderer) pageEmpty() bool {
	return r.y <= r.top+0.5
}

// watermark writes Watermark diagonally across the page, from the lower
// left to the upper right, in light grey under everything else drawn on it
// (it is drawn first), so the page stays readable and no part of it can be
// cut out without the mark.
func (r *renderer) watermark() {
	// measured whole at a large size: the per-rune cache rounds at small ones
	r.use(face{fontBold, 100})
	w100, err := r.gp.MeasureTextWidth(Watermark)
	r.fail("marca d'água", err)
	size := min(72, 100*0.7*pageDiag/w100)
	w := w100 * size / 100
	cx, cy := pageW/2, pageH/2
	r.gp.SetTextColor(190, 190, 190)
	r.gp.Rotate(pageDiagAngle, cx, cy)
	r.text(face{fontBold, size}, cx-w/2, cy-size/2, Watermark)
	r.gp.RotateReset()
	r.gp.SetTextColor(0, 0, 0)
}

// drawHeader writes the letterhead on a page that opens a document
// (letterhead.go), then the form's header lines centred at the top of the
// page (the first in bold), each at most two lines, and a rule under them.
func (r *renderer) drawHeader() {
	y, lettered := r.letterheadTop()
	first := r.header == nil
	for i, h := range r.def.Document.Header {
		f := face{fontRegular, 10}
		if i == 0 {
			f = face{fontBold, 11}
		}
		if first { // the same on every page: wrapped once
			s := r.clean(r.expand(h, "", 0, false))
			r.header = append(r.header, r.wrapAtMost(f, s, textW, 2))
		}
		if lettered && r.repeatsName(r.header[i]) {
			continue
		}
		for _, line := range r.header[i] {
			r.text(f, marginL+(textW-r.width(f, line))/2, y, line)
			y += 13
		}
	}
	r.gp.SetLineWidth(0.5)
	r.gp.Line(marginL, y+3, pageW-marginR, y+3)
	r.y = y + 18
	r.top = r.y
}

// footer writes, under a rule, the código de conferência (or what stands
// for it), "Página N de " and the placeholder of the page total, and under
// them a notice shrunk to one line.
func (r *renderer) footer() {
	r.gp.SetLineWidth(0.5)
	r.gp.Line(marginL, footerTop-4, pageW-marginR, footerTop-4)
	f := face{fontRegular, 8}
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
	x := pageW - marginR - r.width(f, label) - r.width(f, "000")
	r.use(f)
	for _, t := range []struct {
		x float64
		s string
	}{{marginL, r.clean(left)}, {x, label}} {
		r.gp.SetXY(t.x, base)
		r.fail("rodapé", r.gp.Text(t.s))
	}
	r.gp.SetXY(x+r.width(f, label), base)
	r.fail("numeração das páginas", r.gp.PlaceHolderText("total", r.width(f, "000")))
	small := face{fontRegular, 6.5}
	notice = r.clean(notice)
	for r.width(small, notice) > textW && small.size > 4 {
		small.size -= 0.25
	}
	r.text(small, marginL, footerTop+11, notice)
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

// section draws one section of the document (one item of a list when list
// is set): reference and date, title, blocks, and the closing, date line
// and signatures, which start on a new page with the first signature when
// they do not fit under the blocks.
func (r *renderer) section(s *form.Section, list string, index int) {
	if (s.NewPage || list != "") && !r.pageEmpty() {
		r.opening = true // a new document: the letterhead goes on its first page
		r.newPage()
		r.opening = false
	}
	dateOnTop := s.Ref != "" && s.DateLine != ""
	if s.Ref != "" {
		r.paragraph(bodyBold(), r.expand(s.Ref, list, index, true), 0, false)
	}
	if dateOnTop {
		r.dateLine(s, list, index)
		r.y += lineH
	}
	if s.Title != "" {
		f := face{fontBold, 13}
		title := r.clean(strings.ToUpper(r.expand(s.Title, list, index, true)))
		r.y += 4
		for _, line := range r.wrapAtMost(f, title, textW, 4) {
			r.need(lineH + 4)
			r.text(f, marginL+(textW-r.width(f, line))/2, r.y, line)
			r.y += lineH + 2
		}
		r.y += lineH
	}
	for bi := range s.Blocks {
		r.block(&s.Blocks[bi], list, index)
	}
	// The closing, the date line and the first signature stay together on
	// one page, as in a printed ofício: a signature alone on a page signs
	// nothing the reader can see.
	r.need(r.endingHeight(s, list, index, dateOnTop))
	if s.Closing != "" {
		r.paragraph(body(), r.expand(s.Closing, list, index, true), indent, false)
	}
	if s.DateLine != "" && !dateOnTop {
		r.y += paraGap
		r.dateLine(s, list, index)
	}
	for _, sg := range s.Signers {
		r.signer(sg, list, index)
	}
}

// endingHeight is the height of a section's closing paragraph, date line and
// first signature block, or 0 when they could not fit on any page.
func (r *renderer) endingHeight(s *form.Section, list string, index int, dateOnTop bool) float64 {
	h := 0.0
	if s.Closing != "" {
		h += float64(len(r.wrap(body(), r.clean(r.expand(s.Closing, list, index, true)), textW, indent)))*lineH + paraGap
	}
	if s.DateLine != "" && !dateOnTop {
		h += paraGap + lineH + paraGap
	}
	if len(s.Signers) > 0 {
		h += r.signatureBlock(s.Signers[0], list, index).height()
	}
	if h > contentEnd-r.top {
		return 0
	}
	return h
}

// dateLine writes the section's date line flush right ("Angra dos Reis,
// 5 de março de 2025."), as a paragraph when it is wider than the text.
func (r *renderer) dateLine(s *form.Section, list string, index int) {
	f := body()
	line := r.clean(r.expand(s.DateLine, list, index, true))
	r.need(lineH)
	if r.width(f, line) > textW {
		r.paragraph(f, line, 0, false)
		return
	}
	r.text(f, pageW-marginR-r.width(f, line), r.y, line)
	r.y += lineH + paraGap
}

// block draws one block of a section: a heading, a justified paragraph,
// lines, a table of fields or a table of a list.
func (r *renderer) block(b *form.Block, list string, index int) {
	switch {
	case b.Heading != "":
		r.need(3 * lineH) // keep a heading with what follows
		r.y += 4
		r.paragraph(bodyBold(), r.expand(b.Heading, list, index, true), 0, false)
	case b.Text != "":
		r.paragraph(body(), r.expand(b.Text, list, index, true), indent, true)
	case len(b.Lines) > 0:
		for _, l := range b.Lines {
			if strings.TrimSpace(l) == "" {
				r.y += lineH
				continue
			}
			r.paragraph(body(), r.expand(l, list, index, true), 0, false)
			r.y -= paraGap
		}
		r.y += paraGap
	case len(b.Fields) > 0:
		r.fieldsTable(b.Fields, list, index)
	case b.Table != nil && r.blank:
		r.bm.entries(r, b.Table)
	case b.Table != nil:
		r.listTable(b.Table)
	}
}

// --- tables ---

// Table cells: padding, line height.
const (
	cellPad  = 3.0
	cellLine = 10.0
)

// cell is one table cell: its wrapped lines and font.
type cell struct {
	lines []string
	bold  bool
	size  float64 // cellSize, or less for a token shrunk to fit (newToken)
}

func (c cell) face() face {
	if c.bold {
		return face{fontBold, c.size}
	}
	return face{fontRegular, c.size}
}

// newCell wraps s into a cell of width w (padding included).
func (r *renderer) newCell(s string, w float64, bold bool) cell {
	c := cell{bold: bold, size: cellSize}
	for _, words := range r.wrap(c.face(), r.clean(s), w-2*cellPad, 0) {
		c.lines = append(c.lines, strings.Join(words, " "))
	}
	if len(c.lines) == 0 {
		c.lines = []string{""}
	}
	return c
}

// Smallest size a token is shrunk to in a table cell (newToken).
const minTokenSize = 5.5

// newToken is newCell for a value read as one token, an e-mail address or
// a telephone number, which a break would make hard to copy or dial: it
// stays on one line, in a smaller size when it must (not below
// minTokenSize); a token too long even so is broken where a reader still
// sees its parts, before "@" and after ".", " " (a word wider than the
// whole cell is cut as a last resort).
func (r *renderer) newToken(s string, w float64) cell {
	c := cell{size: cellSize}
	s = strings.Join(strings.Fields(r.clean(s)), " ")
	avail := w - 2*cellPad
	if ww := r.width(c.face(), s); ww > avail {
		// quarter points, rounded down, so the text fits
		c.size = max(minTokenSize, float64(int(cellSize*avail/ww*4))/4)
	}
	f := c.face()
	if r.width(f, s) <= avail {
		c.lines = []string{s}
		return c
	}
	line := ""
	flush := func() {
		for _, words := range r.wrap(f, line, avail, 0) {
			c.lines = append(c.lines, strings.Join(words, " "))
		}
		line = ""
	}
	for _, part := range tokenParts(s) {
		if line != "" && r.width(f, line+part) > avail {
			flush()
		}
		line += part
	}
	flush()
	return c
}

// tokenParts splits an e-mail address or telephone number where a line
// may end: before "@" and after ".", " ".
func tokenParts(s string) []string {
	var parts []string
	start := 0
	for i, c := range s {
		switch {
		case c == '@' && i > start:
			parts = append(parts, s[start:i])
			start = i
		case c == '.' || c == ' ':
			parts = append(parts, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

// valueCell is the cell of field f's value: one token for e-mail
// addresses and telephone numbers.
func (r *renderer) valueCell(f *form.Field, v string, w float64) cell {
	if f != nil && (f.Type == form.TypeEmail || f.Type == form.TypePhone) && v != "" {
		return r.newToken(v, w)
	}
	return r.newCell(v, w, false)
}

// rowHeight is the height of a row of cells, at least minH.
func rowHeight(cells []cell, minH float64) float64 {
	h := minH
	for _, c := range cells {
		if ch := float64(len(c.lines))*cellLine + 2*cellPad; ch > h {
			h = ch
		}
	}
	return h
}

// row draws a row of cells with borders (header rows shaded), at least
// minH high; a row taller than what is left of the page goes on over the
// next ones, line by line.
func (r *renderer) row(xs, ws []float64, cells []cell, minH float64, shade bool) {
	first := true
	for {
		rest := 0
		for _, c := range cells {
			if len(c.lines) > rest {
				rest = len(c.lines)
			}
		}
		if rest == 0 && !first {
			return
		}
		if contentEnd-r.y < cellLine+2*cellPad+1 {
			r.newPage()
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
			n := min(take, len(cells[i].lines))
			for j := 0; j < n; j++ {
				r.text(cells[i].face(), xs[i]+cellPad, r.y+cellPad+float64(j)*cellLine, cells[i].lines[j])
			}
			cells[i].lines = cells[i].lines[n:]
		}
		r.y += sliceH
		if take == rest {
			return
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

// fieldsTable draws a two-column table: each field's label and value (in
// the blank model, labelled lines to write on: blank.go).
func (r *renderer) fieldsTable(paths []string, list string, index int) {
	if r.blank {
		r.bm.fields(r, paths, list, index)
		return
	}
	ws := []float64{textW * 0.36, textW * 0.64}
	xs := []float64{marginL, marginL + ws[0]}
	for _, p := range paths {
		full, f, ok := r.def.Scope(list, index, p)
		if !ok || f == nil {
			continue
		}
		label := r.newCell(f.Label, ws[0], true)
		value := r.valueCell(f, r.fieldValue(full, f), ws[1])
		r.row(xs, ws, []cell{label, value}, 0, false)
	}
	r.y += paraGap + 4
}

// listTable draws a list as a table, one row per item, its header
// repeated on every page the table reaches.
func (r *renderer) listTable(t *form.Table) {
	lf, ok := r.def.Lookup(t.Source)
	if !ok || lf.Repeat == nil {
		return
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
	header := func() {
		cells := make([]cell, len(cols))
		for i, c := range t.Columns {
			label := c.Label
			if label == "" && cols[i] != nil {
				label = cols[i].Label
			}
			cells[i] = r.newCell(label, ws[i], true)
		}
		r.row(xs, ws, cells, 0, true)
	}
	r.need(3 * (cellLine + 2*cellPad))
	header()
	n := r.vals.Len(t.Source)
	minH := 0.0
	for i := 0; i < n; i++ {
		cells := make([]cell, len(cols))
		for j, c := range cols {
			v := ""
			if c != nil {
				v = r.fieldValue(t.Source+"."+strconv.Itoa(i)+"."+c.Name, c)
			}
			cells[j] = r.valueCell(c, v, ws[j])
		}
		if h := rowHeight(cells, minH); r.y+h > contentEnd && h < contentEnd-r.top {
			// the row starts a new page: repeat the header there
			r.newPage()
			header()
		}
		r.row(xs, ws, cells, minH, false)
	}
	r.y += paraGap + 4
}

// --- signatures ---

// The signature block, top to bottom: space to sign, a line, the name in
// bold and the role under it (each centred, at most sigMaxLines lines),
// and the dashed stamp area of the electronic signature with its caption,
// where the signature field goes. Both measuring (height) and drawing
// (signer) use these numbers.
const (
	sigSpace     = 30.0  // space to sign, above the line
	sigLineHalf  = 120.0 // half the length of the line
	sigUnderLine = 3.0   // from the line to the name
	sigStampGap  = 6.0   // from the role to the stamp area
	stampW       = 170.0 // stamp area: 6 cm × 3.2 cm (at least 4 cm × 3 cm)
	stampH       = 90.7
	sigAfter     = 14.0 // after the stamp area
	sigMaxLines  = 3
	captionSize  = 7.0
	captionUp    = 10.0 // from the caption's top to the stamp area's bottom
	stampCaption = "Espaço reservado à assinatura eletrônica"
)

// sigBlock is a signature block laid out: the lines of the name and of
// the role.
type sigBlock struct {
	name, role []string
}

func (r *renderer) signatureBlock(sg form.Signer, list string, index int) sigBlock {
	name := r.clean(r.expand(sg.Name, list, index, true))
	role := r.clean(r.expand(sg.Role, list, index, true))
	return sigBlock{
		name: r.wrapAtMost(bodyBold(), name, textW, sigMaxLines),
		role: r.wrapAtMost(body(), role, textW, sigMaxLines),
	}
}

// height is the height the block takes on the page.
func (b sigBlock) height() float64 {
	return sigSpace + sigUnderLine + float64(len(b.name)+len(b.role))*lineH + sigStampGap + stampH + sigAfter
}

// signer draws a signature block and records its signature field (none
// on a blank form).
func (r *renderer) signer(sg form.Signer, list string, index int) {
	b := r.signatureBlock(sg, list, index)
	r.need(b.height())
	r.y += sigSpace
	cx := marginL + textW/2
	r.gp.SetLineWidth(0.5)
	r.gp.Line(cx-sigLineHalf, r.y, cx+sigLineHalf, r.y)
	r.y += sigUnderLine
	for _, l := range b.name {
		r.text(bodyBold(), cx-r.width(bodyBold(), l)/2, r.y, l)
		r.y += lineH
	}
	for _, l := range b.role {
		r.text(body(), cx-r.width(body(), l)/2, r.y, l)
		r.y += lineH
	}
	r.y += sigStampGap
	x1, y1 := cx-stampW/2, r.y
	r.gp.SetStrokeColor(160, 160, 160)
	r.gp.SetLineType("dashed")
	r.gp.RectFromUpperLeftWithStyle(x1, y1, stampW, stampH, "D")
	r.gp.SetLineType("")
	r.gp.SetStrokeColor(0, 0, 0)
	caption := face{fontRegular, captionSize}
	r.gp.SetTextColor(120, 120, 120)
	r.text(caption, cx-r.width(caption, stampCaption)/2, y1+stampH-captionUp, stampCaption)
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
	r.y += stampH + sigAfter
}
