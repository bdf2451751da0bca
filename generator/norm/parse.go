package norm

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/fold"
)

// The line patterns. They are matched against a line with its surrounding
// white space removed. Compiled regexps are safe for concurrent use and
// never change: they are tables, not state.
var (
	reArticle   = regexp.MustCompile(`^(?:Art\.|ART\.|Artigo|ARTIGO)\s*(\d+)(?:\.?([º°o]))?(?:-([A-Z]))?(?:\s*[.:\-–—])?(?:\s+|$)(.*)$`)
	reArtNoNum  = regexp.MustCompile(`^(?:Art\.|ART\.)(?:\s+|$)(\D.*)?$`)
	reParagraph = regexp.MustCompile(`^§\s*(\d+)(?:\.?([º°o]))?(?:-([A-Z]))?(?:\s*[.:\-–—])?(?:\s+|$)(.*)$`)
	reParUnique = regexp.MustCompile(`^(?i:par[áa]grafo\s+[úu]nico)(?:\s*[.:\-–—])?(?:\s+|$)(.*)$`)
	reInciso    = regexp.MustCompile(`^([IVXLCDM]+)(?:-([A-Z]))?\s*[-–—](?:\s+|$)(.*)$`)
	reAlinea    = regexp.MustCompile(`^([a-z])\)(?:\s+|$)(.*)$`)
	reItem      = regexp.MustCompile(`^(\d{1,3})[.)](?:\s+|$)(.*)$`)
	reHeading   = regexp.MustCompile(`^(?i:(cap[íi]tulo|subse[çc][ãa]o|se[çc][ãa]o))\s+([IVXLCDM]+)(?:-([A-Z]))?\b(?:\s*[-–—.:]\s*(.*))?$`)
	rePlaceDate = regexp.MustCompile(`^\p{Lu}[\p{L}' .\-/]*,\s*(?:em\s+)?\d{1,2}[º°o]?\s+de\s+\p{L}+\s+de\s+\d{4}\.?$`)
	// reEnacting is the enacting clause that ends the preamble: "…, DECRETA:",
	// "RESOLVE:", "resolve:", "… sanciono a seguinte Lei:". Verbs that also
	// occur in considerandos ("determina:") count only in capitals.
	reEnacting = regexp.MustCompile(`(?:^|[\s,])(?:(?i:decreta|decretam|resolve|resolvem)|DETERMINA|DETERMINAM|ORDENA|DECIDE|DECIDEM|PROMULGA|BAIXA|EXPEDE|TORNA PÚBLICO|(?i:sanciono a seguinte \p{L}+(?:\s+\p{L}+)*))\s*:$`)
	// reNoteEnd is an amendment note at the end of a text: "(Redação dada
	// pela Lei nº 1, de 2020)", "(Incluído pelo Decreto nº 2)", "(Revogado)".
	reNoteEnd     = regexp.MustCompile(`\s*\(((?i:reda[çc][ãa]o\s+(?:dada|alterada)\s+(?:pel[oa]s?|por)\s[^()]*|(?:inclu[íi]d|acrescid|acrescentad)[oa]s?\s+(?:pel[oa]s?|por)\s[^()]*|revogad[oa]s?(?:\s+(?:pel[oa]s?|por)\s[^()]*)?|renumerad[oa]s?\s[^()]*|vetad[oa]s?|vide\s[^()]*|vig[êe]ncia(?:\s+encerrada)?|regulamento))\)[\s.;,]*$`)
	reRevokedText = regexp.MustCompile(`(?i)^\(?revogad[oa]s?\)?[.;]?$`)
	reEpigrafe    = regexp.MustCompile(`(?i)^(?:instrução normativa|portaria|decreto|lei|resolução|deliberação|ordem de serviço|ato|provimento|instrução)\b.*\bn\.?\s*[º°o]`)
)

type lineKind int

const (
	lnBlank lineKind = iota
	lnText
	lnArticle
	lnArtNoNum
	lnParagraph
	lnParUnique
	lnInciso
	lnAlinea
	lnItem
	lnChapter
	lnSection
	lnSubsection
)

func (k lineKind) structural() bool { return k >= lnArticle }

type line struct {
	kind   lineKind
	no     int    // line number in the original file
	col    int    // column (characters, 1-based) of the first non-space character
	text   string // trimmed line
	label  string // the label as printed
	rest   string // text after the label (heading: its title)
	num    int
	suffix int
}

// classify recognizes what one trimmed line is. A cheap test of the first
// byte picks the patterns worth trying.
func classify(s string) line {
	l := line{text: s}
	if s == "" {
		l.kind = lnBlank
		return l
	}
	l.kind = lnText
	label := func(rest string) string {
		return strings.TrimSpace(s[:len(s)-len(rest)])
	}
	switch c := s[0]; {
	case c == 'A':
		if m := reArticle.FindStringSubmatch(s); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 100000 {
				l.kind, l.num, l.suffix, l.rest = lnArticle, n, letterNum(m[3]), m[4]
				l.label = label(m[4])
				return l
			}
		}
		if m := reArtNoNum.FindStringSubmatch(s); m != nil {
			l.kind, l.rest, l.label = lnArtNoNum, m[1], "Art."
			return l
		}
	case strings.HasPrefix(s, "§"):
		if m := reParagraph.FindStringSubmatch(s); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 100000 {
				l.kind, l.num, l.suffix, l.rest = lnParagraph, n, letterNum(m[3]), m[4]
				l.label = label(m[4])
				return l
			}
		}
	case c == 'P' || c == 'p':
		if m := reParUnique.FindStringSubmatch(s); m != nil {
			l.kind, l.num, l.rest = lnParUnique, 1, m[1]
			l.label = label(m[1])
			return l
		}
	case c >= '0' && c <= '9':
		if m := reItem.FindStringSubmatch(s); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > 0 {
				l.kind, l.num, l.rest = lnItem, n, m[2]
				l.label = label(m[2])
				return l
			}
		}
		return l
	case c >= 'a' && c <= 'z' && len(s) > 1 && s[1] == ')':
		if m := reAlinea.FindStringSubmatch(s); m != nil {
			l.kind, l.num, l.rest = lnAlinea, int(m[1][0]-'a')+1, m[2]
			l.label = label(m[2])
			return l
		}
		return l
	}
	if c := s[0]; c == 'C' || c == 'c' || c == 'S' || c == 's' {
		if m := reHeading.FindStringSubmatch(s); m != nil {
			if n := romanValue(m[2]); n > 0 {
				switch fold.Lower(m[1]) {
				case "capitulo":
					l.kind = lnChapter
				case "secao":
					l.kind = lnSection
				default:
					l.kind = lnSubsection
				}
				l.num, l.suffix, l.rest = n, letterNum(m[3]), strings.TrimSpace(m[4])
				l.label = strings.TrimSpace(m[1] + " " + m[2] + suffixText(m[3]))
				return l
			}
		}
	}
	if romanDigit(s[0]) > 0 {
		if m := reInciso.FindStringSubmatch(s); m != nil {
			if n := romanValue(m[1]); n > 0 {
				l.kind, l.num, l.suffix, l.rest = lnInciso, n, letterNum(m[2]), m[3]
				l.label = label(m[3])
				return l
			}
		}
	}
	return l
}

func suffixText(s string) string {
	if s == "" {
		return ""
	}
	return "-" + s
}

// letterNum maps "A" → 1, "B" → 2; "" → 0.
func letterNum(s string) int {
	if len(s) != 1 || s[0] < 'A' || s[0] > 'Z' {
		return 0
	}
	return int(s[0]-'A') + 1
}

// romanValue returns the value of a canonical roman numeral (I … MMMCMXCIX),
// 0 when s is not one.
func romanValue(s string) int {
	if s == "" || len(s) > 15 {
		return 0
	}
	total := 0
	for i := 0; i < len(s); i++ {
		v := romanDigit(s[i])
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && romanDigit(s[i+1]) > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || roman(total) != s {
		return 0
	}
	return total
}

func romanDigit(c byte) int {
	switch c {
	case 'I':
		return 1
	case 'V':
		return 5
	case 'X':
		return 10
	case 'L':
		return 50
	case 'C':
		return 100
	case 'D':
		return 500
	case 'M':
		return 1000
	}
	return 0
}

// roman formats n (1 … 3999) as a roman numeral.
func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	table := []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}
	var b strings.Builder
	for _, t := range table {
		for n >= t.v {
			b.WriteString(t.s)
			n -= t.v
		}
	}
	return b.String()
}

// splitLines returns the trimmed lines of body with their numbers and
// columns in the original file.
func splitLines(firstLine int, body []byte) []line {
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	raw := strings.Split(string(body), "\n")
	out := make([]line, 0, len(raw))
	for i, r := range raw {
		r = strings.TrimSuffix(r, "\r")
		if !utf8.ValidString(r) {
			r = strings.ToValidUTF8(r, "\uFFFD")
		}
		trimmed := strings.TrimLeftFunc(r, unicode.IsSpace)
		col := utf8.RuneCountInString(r[:len(r)-len(trimmed)]) + 1
		l := classify(squeezeSpace(trimmed))
		l.no, l.col = firstLine+i, col
		out = append(out, l)
	}
	return out
}

// squeezeSpace turns every run of white space (no-break spaces included)
// into one ASCII space and trims the ends.
func squeezeSpace(s string) string {
	clean := true
	prevSpace := true // a leading space is not clean either
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (r != ' ' || prevSpace) {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSignatory reports whether s looks like a name in capitals: letters, no
// lower-case letter, no digit.
func isSignatory(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLower(r), unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 2 && utf8.RuneCountInString(s) <= 120
}

type parser struct {
	file string
	doc  *Doc
	errs diag.List

	chapter, section, subsection *Provision
	pendingTitle                 *Provision // heading whose title is on the next line
	article                      *Provision
	container                    *Provision // caput or paragraph receiving incisos
	inciso, alinea               *Provision
	last                         *Provision // receives continuation lines
	blank                        bool       // a blank line since the last text
	lastArticle                  *Provision
}

func (p *parser) errorf(l line, format string, args ...any) {
	p.errs = append(p.errs, diag.Errorf(p.file, l.no, l.col, format, args...))
}

// Parse parses the body of a norm. firstLine is the line of the file where
// body starts. It returns the document (never nil) and every problem found.
func Parse(file string, firstLine int, body []byte) (*Doc, diag.List) {
	if firstLine < 1 {
		firstLine = 1
	}
	p := &parser{file: file, doc: &Doc{File: file, byID: map[string]*Provision{}}}
	lines := splitLines(firstLine, body)

	start := -1
	lastStruct := -1
	for i, l := range lines {
		switch l.kind {
		case lnArticle, lnArtNoNum, lnChapter, lnSection, lnSubsection:
			if start < 0 {
				start = i
			}
		}
		if l.kind.structural() {
			lastStruct = i
		}
	}
	if start < 0 {
		for _, l := range lines {
			if l.kind != lnBlank {
				p.errorf(l, "nenhum artigo encontrado: o texto articulado começa numa linha como \"Art. 1º\"")
				p.preamble(lines)
				return p.doc, p.errs
			}
		}
		p.errs = append(p.errs, diag.Errorf(file, firstLine, 1, "norma sem texto: o corpo do arquivo está vazio"))
		return p.doc, p.errs
	}
	p.preamble(lines[:start])
	p.afterEnacting(lines[:start])

	end := len(lines)
	for i := lastStruct + 1; i < len(lines); i++ {
		if t := lines[i].text; lines[i].kind == lnText && (rePlaceDate.MatchString(t) || isSignatory(t)) {
			end = i
			break
		}
	}
	for _, l := range lines[start:end] {
		p.line(l)
	}
	if p.pendingTitle != nil {
		p.pendingTitle = nil
	}
	p.closing(lines[end:])
	p.amendments()
	if len(p.doc.Articles()) == 0 {
		p.errorf(lines[start], "nenhum artigo encontrado: o texto articulado começa numa linha como \"Art. 1º\"")
	}
	return p.doc, p.errs
}

func (p *parser) preamble(lines []line) {
	state := "cabecalho"
	hasEpigrafe := false
	for _, l := range lines {
		if l.kind != lnBlank && reEpigrafe.MatchString(l.text) {
			hasEpigrafe = true
			break
		}
	}
	if !hasEpigrafe {
		state = "preambulo"
	}
	enacted := false
	for _, l := range lines {
		if l.kind == lnBlank || enacted && l.kind.structural() {
			continue // a provision after the enacting clause: see afterEnacting
		}
		if l.kind == lnText && reEnacting.MatchString(l.text) {
			enacted = true
		}
		kind := state
		switch state {
		case "cabecalho":
			if reEpigrafe.MatchString(l.text) {
				kind, state = "epigrafe", "ementa"
			}
		case "ementa":
			state = "preambulo"
		}
		p.doc.Preamble = append(p.doc.Preamble, Block{Kind: kind, Text: l.text, Line: l.no})
	}
}

// afterEnacting reports the provisions (incisos, paragraphs, alíneas,
// itens) between the enacting clause ("DECRETA:", "RESOLVE:") and the
// first article or heading, with the messages of a provision outside an
// article: what follows the enacting clause is articulated text, and a
// provision there would otherwise be taken as preamble.
func (p *parser) afterEnacting(lines []line) {
	enacted := false
	for _, l := range lines {
		switch {
		case l.kind == lnText && reEnacting.MatchString(l.text):
			enacted = true
		case enacted && l.kind.structural():
			p.line(l)
		}
	}
}

// amendments takes the amendment notes out of every provision's text into
// its Amendments, marks revoked provisions, and drops the paragraphs that
// held only notes.
func (p *parser) amendments() {
	for _, pr := range p.doc.all {
		if pr.IsHeading() {
			title, notes := cutNotes(pr.Title)
			pr.Title = title
			for _, n := range notes {
				pr.Amendments = append(pr.Amendments, Amendment{Kind: amendmentKind(n), Text: n})
			}
			continue
		}
		var paras []string
		for _, t := range pr.Paragraphs {
			t, notes := cutNotes(t)
			if t != "" {
				paras = append(paras, t)
			}
			at := max(len(paras)-1, 0)
			for _, n := range notes {
				pr.Amendments = append(pr.Amendments, Amendment{Kind: amendmentKind(n), Text: n, Para: at})
			}
		}
		pr.Paragraphs = paras
		for _, a := range pr.Amendments {
			if a.Kind == AmendRevocation {
				pr.Revoked = true
			}
		}
		if len(paras) == 1 && reRevokedText.MatchString(paras[0]) {
			pr.Revoked = true
		}
	}
	// An article is revoked with its caput; what a revoked provision
	// contains is revoked with it. p.doc.all is in document order, parents
	// first.
	for _, pr := range p.doc.all {
		if pr.Kind == KindArticle {
			if c := pr.Caput(); c != nil && c.Revoked {
				pr.Revoked = true
			}
		}
	}
	for _, pr := range p.doc.all {
		if pr.Parent != nil && !pr.Parent.IsHeading() && pr.Parent.Revoked {
			pr.Revoked = true
		}
	}
}

// cutNotes removes the amendment notes at the end of t and returns them in
// order, without their parentheses.
func cutNotes(t string) (string, []string) {
	var notes []string
	for {
		m := reNoteEnd.FindStringSubmatchIndex(t)
		if m == nil {
			return strings.TrimSpace(t), notes
		}
		notes = append([]string{squeezeSpace(t[m[2]:m[3]])}, notes...)
		t = strings.TrimSpace(t[:m[0]])
	}
}

func amendmentKind(note string) AmendmentKind {
	n := strings.ToLower(note)
	switch {
	case strings.HasPrefix(n, "redação"), strings.HasPrefix(n, "redacao"):
		return AmendWording
	case strings.HasPrefix(n, "incluíd"), strings.HasPrefix(n, "incluid"), strings.HasPrefix(n, "acrescid"), strings.HasPrefix(n, "acrescentad"):
		return AmendInsertion
	case strings.HasPrefix(n, "revogad"):
		return AmendRevocation
	case strings.HasPrefix(n, "renumerad"):
		return AmendRenumbering
	case strings.HasPrefix(n, "vetad"):
		return AmendVeto
	}
	return AmendReference
}

func (p *parser) closing(lines []line) {
	for _, l := range lines {
		if l.kind == lnBlank {
			continue
		}
		kind := "cargo"
		switch {
		case rePlaceDate.MatchString(l.text):
			kind = "data"
		case isSignatory(l.text):
			kind = "assinatura"
		}
		p.doc.Closing = append(p.doc.Closing, Block{Kind: kind, Text: l.text, Line: l.no})
	}
}

// register records p's id; it reports a duplicate unless quiet.
func (p *parser) register(l line, pr *Provision, quiet bool) {
	p.doc.all = append(p.doc.all, pr)
	if prev, dup := p.doc.byID[pr.ID]; dup {
		if !quiet {
			p.errorf(l, "%s %s: id %q já usado na linha %d", name(pr), agree(pr, "repetido", "repetida"), pr.ID, prev.Line)
		}
		return
	}
	p.doc.byID[pr.ID] = pr
}

// order checks that cur comes after prev (same kind, same parent) and
// reports "repetido" or "fora de ordem"; it returns true if it reported.
func (p *parser) order(l line, prev, cur *Provision) bool {
	if prev == nil {
		return false
	}
	switch {
	case cur.Num == prev.Num && cur.Suffix == prev.Suffix:
		p.errorf(l, "%s %s: id %q já usado na linha %d", name(cur), agree(cur, "repetido", "repetida"), cur.ID, prev.Line)
		return true
	case cur.Num < prev.Num || cur.Num == prev.Num && cur.Suffix < prev.Suffix:
		p.errorf(l, "%s fora de ordem: vem depois %s %s (linha %d)", name(cur), agree(prev, "do", "da"), name(prev), prev.Line)
		return true
	}
	return false
}

func lastOfKind(ps []*Provision, k Kind) *Provision {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Kind == k {
			return ps[i]
		}
	}
	return nil
}

func numID(k Kind, n, suffix int) string {
	id := string(k) + strconv.Itoa(n)
	if suffix > 0 {
		id += "-" + strconv.Itoa(suffix)
	}
	return id
}

func (p *parser) add(parent *Provision, c *Provision) {
	c.Parent = parent
	if parent == nil {
		p.doc.Body = append(p.doc.Body, c)
		return
	}
	parent.Children = append(parent.Children, c)
}

func (p *parser) line(l line) {
	if l.kind == lnBlank {
		p.blank = true
		return
	}
	if p.pendingTitle != nil {
		h := p.pendingTitle
		p.pendingTitle = nil
		if l.kind == lnText {
			h.Title = l.text
			p.blank = false
			return
		}
	}
	switch l.kind {
	case lnChapter, lnSection, lnSubsection:
		p.heading(l)
	case lnArticle, lnArtNoNum:
		p.articleLine(l)
	case lnParagraph, lnParUnique:
		p.paragraph(l)
	case lnInciso:
		p.incisoLine(l)
	case lnAlinea:
		p.alineaLine(l)
	case lnItem:
		p.itemLine(l)
	default:
		p.text(l)
	}
	p.blank = false
}

func (p *parser) text(l line) {
	t := p.last
	if t == nil {
		return
	}
	if t.IsHeading() {
		t.Title = strings.TrimSpace(t.Title + " " + l.text)
		return
	}
	if len(t.Paragraphs) == 0 || p.blank {
		t.Paragraphs = append(t.Paragraphs, l.text)
		return
	}
	t.Paragraphs[len(t.Paragraphs)-1] += " " + l.text
}

func (p *parser) heading(l line) {
	h := &Provision{Label: l.label, Num: l.num, Suffix: l.suffix, Title: l.rest, Line: l.no, Col: l.col}
	var parent, prev *Provision
	reported := false
	switch l.kind {
	case lnChapter:
		h.Kind = KindChapter
		h.ID = numID(KindChapter, l.num, l.suffix)
		prev = p.chapter
		p.chapter, p.section, p.subsection = h, nil, nil
	case lnSection:
		h.Kind = KindSection
		parent = p.chapter
		prev = p.section
		h.ID = numID(KindSection, l.num, l.suffix)
		if parent != nil {
			h.ID = parent.ID + "_" + h.ID
		}
		p.section, p.subsection = h, nil
	case lnSubsection:
		h.Kind = KindSubsection
		parent = p.section
		prev = p.subsection
		if parent == nil {
			p.errorf(l, "subseção fora de uma seção: falta a linha \"Seção ...\" antes dela")
			reported = true
			parent = p.chapter
		}
		h.ID = numID(KindSubsection, l.num, l.suffix)
		if parent != nil {
			h.ID = parent.ID + "_" + h.ID
		}
		p.subsection = h
	}
	if !reported {
		reported = p.order(l, prev, h)
	}
	p.add(parent, h)
	p.register(l, h, reported)
	if h.Title == "" {
		p.pendingTitle = h
	}
	p.article, p.container, p.inciso, p.alinea = nil, nil, nil, nil
	p.last = h
}

func (p *parser) articleLine(l line) {
	a := &Provision{Kind: KindArticle, Label: l.label, Num: l.num, Suffix: l.suffix, Line: l.no, Col: l.col}
	reported := false
	if l.kind == lnArtNoNum {
		p.errorf(l, "artigo sem número: escreva \"Art.\" seguido do número (ex.: \"Art. 3º\")")
		reported = true
		a.Num = 1
		if p.lastArticle != nil {
			a.Num = p.lastArticle.Num + 1
		}
	}
	a.ID = numID(KindArticle, a.Num, a.Suffix)
	if !reported {
		reported = p.order(l, p.lastArticle, a)
	}
	parent := p.subsection
	if parent == nil {
		parent = p.section
	}
	if parent == nil {
		parent = p.chapter
	}
	p.add(parent, a)
	p.register(l, a, reported)
	c := &Provision{Kind: KindCaput, ID: a.ID + "_cpt", Line: l.no, Col: l.col}
	if t := strings.TrimSpace(l.rest); t != "" {
		c.Paragraphs = []string{t}
	}
	p.add(a, c)
	p.register(l, c, true) // a repeated caput id is the article's, reported above
	p.lastArticle, p.article, p.container, p.inciso, p.alinea, p.last = a, a, c, nil, nil, c
}

func (p *parser) paragraph(l line) {
	what := "§ " + ordinal(l.num)
	if l.kind == lnParUnique {
		what = "parágrafo único"
	}
	if p.article == nil {
		p.errorf(l, "%s fora de um artigo: falta a linha \"Art. ...\" antes dele", what)
		p.last, p.container, p.inciso, p.alinea = nil, nil, nil, nil
		return
	}
	a := p.article
	par := &Provision{Kind: KindParagraph, Label: l.label, Num: l.num, Suffix: l.suffix, Line: l.no, Col: l.col}
	prev := lastOfKind(a.Children, KindParagraph)
	reported := false
	if l.kind == lnParUnique {
		par.Unique = true
		par.ID = a.ID + "_par1u"
		if prev != nil {
			if prev.Unique {
				p.errorf(l, "parágrafo único repetido no %s: id %q já usado na linha %d", name(a), par.ID, prev.Line)
			} else {
				p.errorf(l, "parágrafo único no %s, que já tem parágrafos numerados (linha %d)", name(a), prev.Line)
			}
			reported = true
		}
	} else {
		par.ID = a.ID + "_" + numID(KindParagraph, l.num, l.suffix)
		if prev != nil && prev.Unique {
			p.errorf(l, "%s no %s, que já tem parágrafo único (linha %d)", what, name(a), prev.Line)
			reported = true
		} else {
			reported = p.order(l, prev, par)
		}
	}
	p.add(a, par)
	p.register(l, par, reported)
	if t := strings.TrimSpace(l.rest); t != "" {
		par.Paragraphs = []string{t}
	}
	p.container, p.inciso, p.alinea, p.last = par, nil, nil, par
}

func (p *parser) child(l line, parent *Provision, k Kind) *Provision {
	c := &Provision{Kind: k, Label: l.label, Num: l.num, Suffix: l.suffix, Line: l.no, Col: l.col}
	c.ID = parent.ID + "_" + numID(k, l.num, l.suffix)
	reported := p.order(l, lastOfKind(parent.Children, k), c)
	p.add(parent, c)
	p.register(l, c, reported)
	if t := strings.TrimSpace(l.rest); t != "" {
		c.Paragraphs = []string{t}
	}
	p.last = c
	return c
}

func (p *parser) incisoLine(l line) {
	if p.container == nil {
		p.errorf(l, "inciso %s fora de um artigo: falta a linha \"Art. ...\" antes dele", roman(l.num))
		p.last = nil
		return
	}
	p.inciso = p.child(l, p.container, KindInciso)
	p.alinea = nil
}

func (p *parser) alineaLine(l line) {
	letter := string(rune('a' + l.num - 1))
	parent := p.inciso
	if parent == nil && p.container != nil && p.container.Kind == KindParagraph {
		parent = p.container // alíneas directly under a paragraph (IN 15/2024, art. 8, § 1º)
	}
	switch {
	case p.container == nil:
		p.errorf(l, "alínea %s) fora de um artigo: falta a linha \"Art. ...\" antes dela", letter)
		p.last = nil
		return
	case parent == nil:
		p.errorf(l, "alínea %s) sem inciso: no caput, alíneas vêm depois de um inciso (ex.: \"I - ...\")", letter)
		p.last = nil
		return
	}
	p.alinea = p.child(l, parent, KindAlinea)
}

func (p *parser) itemLine(l line) {
	switch {
	case p.container == nil:
		p.errorf(l, "item %d fora de um artigo: falta a linha \"Art. ...\" antes dele", l.num)
		p.last = nil
		return
	case p.alinea == nil:
		p.errorf(l, "item %d sem alínea: itens vêm depois de uma alínea (ex.: \"a) ...\")", l.num)
		p.last = nil
		return
	}
	p.child(l, p.alinea, KindItem)
}

// agree picks the masculine or feminine form for the kind of p.
func agree(p *Provision, masc, fem string) string {
	switch p.Kind {
	case KindAlinea, KindSection, KindSubsection:
		return fem
	}
	return masc
}

// ordinal writes a number of an article or paragraph: 1º … 9º, then 10, 11…
func ordinal(n int) string {
	if n >= 1 && n <= 9 {
		return strconv.Itoa(n) + "º"
	}
	return strconv.Itoa(n)
}

func letterSuffix(n int) string {
	if n <= 0 || n > 26 {
		if n > 26 {
			return fmt.Sprintf("-%d", n)
		}
		return ""
	}
	return "-" + string(rune('A'+n-1))
}

// name is the short pt-BR name of one provision, without its ancestors:
// "art. 29", "§ 2º", "parágrafo único", "inciso II", "alínea a", "item 1",
// "caput", "Capítulo I".
func name(p *Provision) string {
	switch p.Kind {
	case KindArticle:
		return "art. " + ordinal(p.Num) + letterSuffix(p.Suffix)
	case KindCaput:
		return "caput"
	case KindParagraph:
		if p.Unique {
			return "parágrafo único"
		}
		return "§ " + ordinal(p.Num) + letterSuffix(p.Suffix)
	case KindInciso:
		return "inciso " + roman(p.Num) + letterSuffix(p.Suffix)
	case KindAlinea:
		if p.Num >= 1 && p.Num <= 26 {
			return "alínea " + string(rune('a'+p.Num-1))
		}
		return "alínea " + strconv.Itoa(p.Num)
	case KindItem:
		return "item " + strconv.Itoa(p.Num)
	case KindChapter:
		return "Capítulo " + roman(p.Num) + letterSuffix(p.Suffix)
	case KindSection:
		return "Seção " + roman(p.Num) + letterSuffix(p.Suffix)
	case KindSubsection:
		return "Subseção " + roman(p.Num) + letterSuffix(p.Suffix)
	}
	return p.ID
}
