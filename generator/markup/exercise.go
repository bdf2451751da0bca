package markup

// Exercises: a fenced block ```exercicio (or ~~~exercicio) whose body is a
// small YAML map becomes a question with its answer key, rendered as an
// accessible form. The question, the choices and the explanation are
// Markdown of the page's own dialect: their links and citations are
// resolved and listed like the rest of the page's. The answer is checked in
// the browser (templates/static/js/exercicios.js); without JavaScript the
// question reads as text and the answer is in a <details>.
//
//	```exercicio
//	id: prazo-desativacao
//	type: data            # escolha | multipla | numero | data
//	question: Em que dia termina o prazo?
//	answer: 2026-10-06
//	explanation: |
//	  São 45 dias úteis ([art. 35 da IN nº 15/2024](norma:in-15-2024#art35)).
//	```

import (
	"bytes"
	"fmt"
	"html"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag/yamlpos"
	"github.com/seiportal/seiportal/engine/calendar"
	"github.com/seiportal/seiportal/engine/cite"
)

// ExerciseFence is the info string of a fenced block that holds an exercise.
const ExerciseFence = "exercicio"

// Exercise types (the values of the "type" key).
const (
	ExerciseChoice   = "escolha"  // one of the choices
	ExerciseMultiple = "multipla" // every right choice, and no other
	ExerciseNumber   = "numero"   // a number
	ExerciseDate     = "data"     // a date, AAAA-MM-DD
)

// maxChoices bounds the choices of an exercise: letters a to z.
const maxChoices = 26

// Exercise is an exercise of a page as its author wrote it, for tests and
// tools that check the answer key against the rules it teaches.
type Exercise struct {
	ID       string   // "prazo-desativacao", or "exercicio-2" when none is given
	Type     string   // ExerciseChoice, ExerciseMultiple, ExerciseNumber or ExerciseDate
	Question string   // the question's plain text
	Choices  []string // the choices' plain text, in order (a, b, c…)
	Answer   []string // letters for choices, else the number or the date as written
	Unit     string   // for a number: "dias úteis"
}

var kindExercise = ast.NewNodeKind("Exercise")

// exerciseNode is a parsed exercise. Its Markdown parts are documents of
// their own, rendered before the page (Render) into the html fields.
type exerciseNode struct {
	ast.BaseBlock
	ex          Exercise
	number      int // its place among the page's exercises, from 1
	offset      int // where its fence starts in the page's source
	question    *Doc
	choices     []*Doc
	explanation *Doc

	questionHTML    []byte
	choicesHTML     [][]byte
	explanationHTML []byte
}

func (n *exerciseNode) Kind() ast.NodeKind { return kindExercise }

func (n *exerciseNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// elementID is the id of the exercise's form.
func (n *exerciseNode) elementID() string {
	return "exercicio-" + strings.TrimPrefix(n.ex.ID, "exercicio-")
}

// transformExercises replaces each ```exercicio block of root with an
// exercise, and records its problems (at offsets of src) in d.
func (c *Converter) transformExercises(d *Doc) {
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && string(f.Language(d.src)) == ExerciseFence {
			blocks = append(blocks, f)
		}
		return ast.WalkContinue, nil
	})
	ids := map[string]bool{}
	for i, f := range blocks {
		if inRecommendation(f) {
			d.errs = append(d.errs, PosError{fenceOffset(f, d.src), "exercício dentro de uma Recomendação do portal ([!RECOMENDACAO]): a explicação do exercício cita a sua fonte; ponha o exercício fora do quadro"})
			continue
		}
		b := newFenceBody(f, d.src)
		ex := c.parseExercise(d, b, i+1, fenceOffset(f, d.src))
		if ex == nil {
			// Unusable: leave the block as code, its problems reported.
			continue
		}
		if ids[ex.ex.ID] {
			d.errs = append(d.errs, PosError{fenceOffset(f, d.src), fmt.Sprintf("dois exercícios com o id %q na mesma página", ex.ex.ID)})
			continue
		}
		ids[ex.ex.ID] = true
		ex.number = len(d.exercises) + 1
		ex.offset = fenceOffset(f, d.src)
		ex.SetAttributeString("id", []byte(ex.elementID()))
		f.Parent().ReplaceChild(f.Parent(), f, ex)
		d.Exercises = append(d.Exercises, ex.ex)
		d.exercises = append(d.exercises, ex)
	}
}

// inRecommendation reports whether n is inside a "Recomendação do portal"
// callout, where nothing may cite (citeCheck).
func inRecommendation(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if c, ok := p.(*callout); ok && c.kind == "recomendacao" {
			return true
		}
	}
	return false
}

// finishExercises runs once the page's headings and links are known: an
// exercise's id may not repeat a heading's, and the links of the
// exercises take their place among the page's, in the order of the source
// (the Base normativa lists citations in order of first appearance).
func (d *Doc) finishExercises() {
	if len(d.exercises) == 0 {
		return
	}
	headings := map[string]bool{}
	for _, h := range d.Headings {
		headings[h.ID] = true
	}
	for _, ex := range d.exercises {
		if headings[ex.elementID()] {
			d.errs = append(d.errs, PosError{ex.offset, fmt.Sprintf("o id %q do exercício repete o de um título da página: mude o id do exercício", ex.elementID())})
		}
	}
	sort.SliceStable(d.Links, func(i, j int) bool { return d.Links[i].Offset < d.Links[j].Offset })
}

// fenceOffset is where the fence's info string starts (the best position
// for a problem of the whole block).
func fenceOffset(f *ast.FencedCodeBlock, src []byte) int {
	if f.Info != nil {
		return f.Info.Segment.Start
	}
	if f.Lines().Len() > 0 {
		return f.Lines().At(0).Start
	}
	return -1
}

// fenceBody is the text of a fenced block and where each of its lines is in
// the page's source.
type fenceBody struct {
	text   []byte
	starts []int // offset of each line in the page's source
	begins []int // offset of each line in text
}

func newFenceBody(f *ast.FencedCodeBlock, src []byte) *fenceBody {
	b := &fenceBody{}
	for i := 0; i < f.Lines().Len(); i++ {
		seg := f.Lines().At(i)
		b.begins = append(b.begins, len(b.text))
		b.starts = append(b.starts, seg.Start)
		b.text = append(b.text, seg.Value(src)...)
	}
	return b
}

// offset converts a 1-based YAML line and column (in characters) into an
// offset of the page's source.
func (b *fenceBody) offset(line, col int) int {
	if line < 1 || line > len(b.starts) {
		if len(b.starts) > 0 {
			return b.starts[0]
		}
		return -1
	}
	lineText := b.text[b.begins[line-1]:]
	if i := bytes.IndexByte(lineText, '\n'); i >= 0 {
		lineText = lineText[:i]
	}
	n := 0
	for r := 1; r < col && n < len(lineText); r++ {
		_, size := utf8.DecodeRune(lineText[n:])
		n += size
	}
	return b.starts[line-1] + n
}

// at is the offset of a YAML node.
func (b *fenceBody) at(n *yaml.Node) int { return b.offset(n.Line, n.Column) }

// textOffset maps an offset inside the decoded text of the scalar n (a
// Markdown part) to the page's source: the text's characters are looked for
// in order from the node on, skipping what YAML adds around them
// (indentation, quotes, block indicators). Where a character cannot be
// found (an escape sequence), the node's own position is the answer.
func (b *fenceBody) textOffset(n *yaml.Node, value string, k int) int {
	if len(b.begins) == 0 {
		return -1
	}
	start := b.begins[0]
	if n.Line >= 1 && n.Line <= len(b.begins) {
		start = b.begins[n.Line-1]
	}
	// Characters up to k, matched in order.
	j := start
	for i := 0; i < k && i < len(value); {
		r, size := utf8.DecodeRuneInString(value[i:])
		found := -1
		for x := j; x < len(b.text); {
			s, ssize := utf8.DecodeRune(b.text[x:])
			if s == r || (r == '\n' || r == ' ') && (s == '\n' || s == ' ') {
				found = x + ssize
				break
			}
			x += ssize
		}
		if found < 0 {
			return b.at(n)
		}
		j = found
		i += size
	}
	// j is just past the k-th character: skip the whitespace YAML adds
	// before the next one.
	for j < len(b.text) && (b.text[j] == ' ' || b.text[j] == '\n') && k < len(value) && value[k] != ' ' && value[k] != '\n' {
		j++
	}
	return b.sourceOffset(j)
}

// sourceOffset converts an offset of text into one of the page's source.
func (b *fenceBody) sourceOffset(j int) int {
	line := 0
	for line+1 < len(b.begins) && b.begins[line+1] <= j {
		line++
	}
	if len(b.starts) == 0 {
		return -1
	}
	return b.starts[line] + j - b.begins[line]
}

// exerciseYAML is the block of an exercise as its author writes it,
// decoded by diag/yamlpos (unknown and repeated keys, values of the wrong
// kind). The Markdown parts are kept as written: their links are placed
// in the page's source from their nodes (Decoder.Node).
type exerciseYAML struct {
	ID          string     `yaml:"id"`
	Type        string     `yaml:"type"`
	Question    string     `yaml:"question"`
	Choices     []string   `yaml:"choices"`
	Answer      *yaml.Node `yaml:"answer"` // a letter, letters, a number or a date, as type says: checkAnswer reads it
	Unit        string     `yaml:"unit"`
	Explanation string     `yaml:"explanation"`
}

// parseExercise reads the YAML of the n-th exercise of the page; nil when it
// cannot be used (its problems are then in d.errs, at their places in the
// page: the decoder's positions are in the fence's body, b maps them).
func (c *Converter) parseExercise(d *Doc, b *fenceBody, n int, fence int) *exerciseNode {
	dec := &yamlpos.Decoder{Where: map[reflect.Type]string{reflect.TypeFor[exerciseYAML](): "no exercício"}}
	defer func() {
		for _, e := range dec.Errors() {
			off := fence
			if e.Line > 0 {
				off = b.offset(e.Line, e.Col)
			}
			d.errs = append(d.errs, PosError{off, e.Msg})
		}
	}()
	fail := dec.Errorf // nil node: the fence
	root, errs := yamlpos.Parse("", b.text)
	for _, e := range errs {
		e.Msg = "exercício: " + e.Msg
	}
	dec.Add(errs...)
	if len(errs) > 0 {
		return nil
	}
	if root == nil {
		fail(nil, "exercício vazio: escreva as chaves %s", strings.Join(yamlpos.Keys(reflect.TypeFor[exerciseYAML]()), ", "))
		return nil
	}
	var y exerciseYAML
	dec.Decode(root, &y)
	if root.Kind != yaml.MappingNode {
		return nil // reported by the decoder
	}
	// The value at key, when it is there and the decoder did not refuse it.
	node := func(key string) *yaml.Node {
		if dec.Failed("/" + key) {
			return nil
		}
		return dec.Node("/" + key)
	}
	ex := &exerciseNode{ex: Exercise{ID: "exercicio-" + strconv.Itoa(n)}}
	if v := node("id"); v != nil {
		if !cite.ValidKey(y.ID) {
			fail(v, "exercício: id inválido %q (use letras minúsculas, algarismos e hífens, ex.: prazo-desativacao)", y.ID)
		} else {
			ex.ex.ID = y.ID
		}
	}
	typ := y.Type
	switch v := node("type"); {
	case dec.Failed("/type"):
		typ = ""
	case typ == "":
		fail(nil, "exercício sem type: use %s, %s, %s ou %s", ExerciseChoice, ExerciseMultiple, ExerciseNumber, ExerciseDate)
	case typ != ExerciseChoice && typ != ExerciseMultiple && typ != ExerciseNumber && typ != ExerciseDate:
		fail(v, "exercício: type desconhecido %q (use %s, %s, %s ou %s)", typ, ExerciseChoice, ExerciseMultiple, ExerciseNumber, ExerciseDate)
		typ = ""
	}
	ex.ex.Type = typ

	markdown := func(key, s, what string) *Doc {
		if dec.Failed("/" + key) {
			return nil
		}
		if strings.TrimSpace(s) == "" {
			fail(nil, "exercício sem %s (%s)", key, what)
			return nil
		}
		return c.subDoc(d, b, node(key), s)
	}
	ex.question = markdown("question", y.Question, "a pergunta")
	if ex.question != nil {
		ex.ex.Question = ex.question.PlainText()
	}
	ex.explanation = markdown("explanation", y.Explanation, "a explicação da resposta, com a citação de onde ela vem")
	if ex.explanation != nil && !hasCitation(ex.explanation) {
		fail(node("explanation"), "exercício: a explicação não cita de onde vem a resposta: inclua uma citação norma: ou fonte:")
	}
	if v := node("unit"); v != nil {
		if typ != ExerciseNumber && typ != "" {
			fail(v, "exercício: unit só vale para type: %s", ExerciseNumber)
		}
		ex.ex.Unit = strings.TrimSpace(y.Unit)
	}

	choices := node("choices")
	switch {
	case dec.Failed("/choices"):
	case typ == ExerciseChoice || typ == ExerciseMultiple:
		if choices == nil {
			fail(nil, "exercício de type: %s sem choices (as alternativas)", typ)
			break
		}
		if len(y.Choices) < 2 {
			fail(choices, "exercício: choices deve ser uma lista de pelo menos 2 alternativas (- texto)")
			break
		}
		if len(y.Choices) > maxChoices {
			fail(dec.Node(yamlpos.Path("/choices", maxChoices)), "exercício: alternativas demais (o limite é %d, de a a z)", maxChoices)
			break
		}
		for i, s := range y.Choices {
			path := yamlpos.Path("/choices", i)
			if dec.Failed(path) {
				continue
			}
			item := dec.Node(path)
			if strings.TrimSpace(s) == "" {
				fail(item, "exercício: cada alternativa deve ser um texto (ponha entre aspas um texto que tenha \": \")")
				continue
			}
			cd := c.subDoc(d, b, item, s)
			if _, para := cd.root.FirstChild().(*ast.Paragraph); !para || cd.root.ChildCount() != 1 {
				fail(item, "exercício: cada alternativa deve ser um só parágrafo (sem listas, citações em bloco ou linhas em branco)")
				continue
			}
			ex.choices = append(ex.choices, cd)
			ex.ex.Choices = append(ex.ex.Choices, cd.PlainText())
		}
	case choices != nil && typ != "":
		fail(choices, "exercício: choices só vale para type: %s ou %s", ExerciseChoice, ExerciseMultiple)
	}

	if y.Answer == nil {
		fail(nil, "exercício sem answer (a resposta certa)")
		return nil
	}
	if typ == "" || (typ == ExerciseChoice || typ == ExerciseMultiple) && len(ex.choices) < 2 {
		return nil
	}
	if ans, good := checkAnswer(y.Answer, typ, len(ex.choices), fail); good {
		ex.ex.Answer = ans
	}
	if len(dec.Errors()) > 0 {
		return nil
	}
	return ex
}

// checkAnswer reads the answer of an exercise of type typ with nChoices
// choices; fail reports a problem at a node.
func checkAnswer(v *yaml.Node, typ string, nChoices int, fail func(*yaml.Node, string, ...any)) ([]string, bool) {
	letters := "a"
	if nChoices > 1 {
		letters = "de a a " + string(rune('a'+nChoices-1))
	}
	letter := func(n *yaml.Node) (string, bool) {
		s := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n.Value), ")")))
		if n.Kind != yaml.ScalarNode || len(s) != 1 || s[0] < 'a' || s[0] > 'z' {
			fail(n, "exercício: a resposta deve ser a letra de uma alternativa (%s), não %q", letters, n.Value)
			return "", false
		}
		if int(s[0]-'a') >= nChoices {
			fail(n, "exercício: a resposta %q não está entre as alternativas (%s)", s, letters)
			return "", false
		}
		return s, true
	}
	switch typ {
	case ExerciseChoice:
		if v.Kind != yaml.ScalarNode {
			fail(v, "exercício de type: %s: a resposta é uma só letra (para várias, use type: %s)", ExerciseChoice, ExerciseMultiple)
			return nil, false
		}
		l, ok := letter(v)
		return []string{l}, ok
	case ExerciseMultiple:
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		if len(items) == 0 {
			fail(v, "exercício: answer vazia: liste as letras das alternativas certas ([a, c])")
			return nil, false
		}
		var out []string
		seen := map[string]bool{}
		ok := true
		for _, it := range items {
			l, good := letter(it)
			if !good {
				ok = false
				continue
			}
			if seen[l] {
				fail(it, "exercício: a letra %q aparece duas vezes na resposta", l)
				ok = false
				continue
			}
			seen[l] = true
			out = append(out, l)
		}
		// In alphabetical order: the browser compares the sets as text.
		sortStrings(out)
		return out, ok
	case ExerciseNumber:
		s := strings.TrimSpace(v.Value)
		if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") {
			fail(v, "exercício de type: %s: a resposta deve ser um número (45, 2.5), não %q", ExerciseNumber, s)
			return nil, false
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil {
			fail(v, "exercício de type: %s: a resposta deve ser um número (45, 2.5), não %q", ExerciseNumber, s)
			return nil, false
		}
		return []string{strconv.FormatFloat(f, 'f', -1, 64)}, true
	case ExerciseDate:
		s := strings.TrimSpace(v.Value)
		if _, err := calendar.Parse(s); v.Kind != yaml.ScalarNode || err != nil {
			msg := "use AAAA-MM-DD"
			if err != nil {
				msg = err.Error()
			}
			fail(v, "exercício de type: %s: a resposta deve ser uma data (%s)", ExerciseDate, msg)
			return nil, false
		}
		return []string{s}, true
	}
	return nil, false
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// subDoc parses a Markdown part of an exercise. Its links join the page's,
// at their places in the page's source.
func (c *Converter) subDoc(d *Doc, b *fenceBody, n *yaml.Node, value string) *Doc {
	src := []byte(value)
	root := c.md.Parser().Parse(text.NewReader(src))
	sub := &Doc{src: src, root: root}
	transformCallouts(root, src)
	_ = ast.Walk(root, func(x ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := x.(type) {
		case *ast.Link:
			off := b.textOffset(n, value, offsetOf(x))
			d.Links = append(d.Links, Link{Dest: string(x.Destination), Offset: off, node: x})
			sub.Links = append(sub.Links, Link{Dest: string(x.Destination), Offset: off, node: x})
		case *ast.Image:
			d.Links = append(d.Links, Link{Dest: string(x.Destination), Offset: b.textOffset(n, value, offsetOf(x))})
		}
		return ast.WalkContinue, nil
	})
	return sub
}

// hasCitation reports whether a part of an exercise cites a norm or a source.
func hasCitation(d *Doc) bool {
	for _, l := range d.Links {
		if cite.Is(l.Dest) {
			return true
		}
	}
	return false
}

// renderExercises renders the Markdown parts of the page's exercises, once
// their links are resolved.
func (c *Converter) renderExercises(d *Doc, res *Result) {
	r := c.md.Renderer()
	part := func(sub *Doc) []byte {
		var buf bytes.Buffer
		if err := r.Render(&buf, sub.src, sub.root); err != nil {
			res.Errors = append(res.Errors, PosError{-1, "não foi possível gerar o HTML de um exercício: " + err.Error()})
		}
		return buf.Bytes()
	}
	for _, ex := range d.exercises {
		ex.questionHTML = part(ex.question)
		ex.choicesHTML = ex.choicesHTML[:0]
		for _, ch := range ex.choices {
			ex.choicesHTML = append(ex.choicesHTML, inline(part(ch)))
		}
		ex.explanationHTML = part(ex.explanation)
	}
}

// inline drops the paragraph around a part that is a single paragraph.
func inline(h []byte) []byte {
	t := bytes.TrimSpace(h)
	if bytes.HasPrefix(t, []byte("<p>")) && bytes.HasSuffix(t, []byte("</p>")) && bytes.Count(t, []byte("<p>")) == 1 {
		return t[3 : len(t)-4]
	}
	return t
}

// splitLead separates the first paragraph of a question (the fieldset's
// legend) from what follows it (a quoted ofício, a list).
func splitLead(h []byte) (lead, rest []byte) {
	t := bytes.TrimSpace(h)
	if !bytes.HasPrefix(t, []byte("<p>")) {
		return nil, t
	}
	end := bytes.Index(t, []byte("</p>"))
	if end < 0 {
		return nil, t
	}
	return t[3:end], bytes.TrimSpace(t[end+4:])
}

// renderExercise writes an exercise as a form: a fieldset whose legend is
// the question, the choices as radio buttons or checkboxes (each inside its
// label) or a field, a live region for the verdict, and the answer key in
// a <details>. The verification button stays hidden until the script is
// there to answer it.
func (r *nodeRenderer) renderExercise(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	ex := n.(*exerciseNode)
	id := ex.elementID()
	esc := html.EscapeString
	answer := strings.Join(ex.ex.Answer, " ")
	w.WriteString(`<form class="exercicio" id="` + esc(id) + `" data-exercicio="` + esc(ex.ex.ID) + `" data-tipo="` + ex.ex.Type + `" data-resposta="` + esc(answer) + `" action="#` + esc(id) + `">` + "\n")
	w.WriteString(`<fieldset>` + "\n")
	lead, rest := splitLead(ex.questionHTML)
	w.WriteString(`<legend><span class="exercicio-rotulo">Exercício ` + strconv.Itoa(ex.number) + `<span class="visualmente-oculto">:</span></span> `)
	w.Write(lead)
	w.WriteString("</legend>\n")
	if len(rest) > 0 {
		w.WriteString(`<div class="exercicio-enunciado">` + "\n")
		w.Write(rest)
		w.WriteString("\n</div>\n")
	}
	switch ex.ex.Type {
	case ExerciseChoice, ExerciseMultiple:
		input := "radio"
		if ex.ex.Type == ExerciseMultiple {
			input = "checkbox"
			w.WriteString(`<p class="exercicio-instrucao">Marque todas as alternativas certas.</p>` + "\n")
		}
		w.WriteString(`<ul class="exercicio-alternativas">` + "\n")
		for i, ch := range ex.choicesHTML {
			l := string(rune('a' + i))
			w.WriteString(`<li><label><input type="` + input + `" name="` + esc(id) + `" value="` + l + `" /> <span class="exercicio-letra">` + l + `)</span> <span class="exercicio-texto">`)
			w.Write(ch)
			w.WriteString("</span></label></li>\n")
		}
		w.WriteString("</ul>\n")
	case ExerciseNumber, ExerciseDate:
		// The field sits inside its label: a copy of the exercise without
		// ids (in the slides) keeps its name.
		label, input := "Sua resposta", `type="text" inputmode="decimal" autocomplete="off"`
		if ex.ex.Type == ExerciseDate {
			label, input = "Sua resposta (data)", `type="date"`
		}
		w.WriteString(`<p class="exercicio-campo"><label><span class="exercicio-campo-rotulo">` + label + `</span> <input ` + input + ` name="` + esc(id) + `"`)
		if ex.ex.Unit != "" {
			w.WriteString(` aria-describedby="` + esc(id) + `-unidade" /></label> <span class="exercicio-unidade" id="` + esc(id) + `-unidade">` + esc(ex.ex.Unit) + `</span>`)
		} else {
			w.WriteString(` /></label>`)
		}
		w.WriteString("</p>\n")
	}
	w.WriteString(`<p class="exercicio-acoes" hidden><button type="submit">Verificar resposta</button></p>` + "\n")
	w.WriteString(`<p class="exercicio-retorno" role="status" aria-live="polite"></p>` + "\n")
	w.WriteString("</fieldset>\n")
	w.WriteString(`<details class="exercicio-gabarito">` + "\n" + `<summary>Resposta e explicação</summary>` + "\n")
	w.WriteString(`<p class="exercicio-resposta"><strong>Resposta:</strong> `)
	w.WriteString(answerText(ex))
	w.WriteString("</p>\n")
	w.Write(ex.explanationHTML)
	w.WriteString("</details>\n</form>\n")
	return ast.WalkSkipChildren, nil
}

// answerText is the answer as the key shows it: the right choices with
// their letters, the number with its unit, the date written out.
func answerText(ex *exerciseNode) string {
	switch ex.ex.Type {
	case ExerciseChoice, ExerciseMultiple:
		var parts []string
		for _, l := range ex.ex.Answer {
			i := int(l[0] - 'a')
			parts = append(parts, l+") "+string(ex.choicesHTML[i]))
		}
		return strings.Join(parts, "<br />")
	case ExerciseNumber:
		s := strings.Replace(ex.ex.Answer[0], ".", ",", 1)
		if ex.ex.Unit != "" {
			s += " " + html.EscapeString(ex.ex.Unit)
		}
		return s
	case ExerciseDate:
		d, _ := calendar.Parse(ex.ex.Answer[0])
		return `<time datetime="` + d.String() + `">` + html.EscapeString(d.BR()) + " (" + html.EscapeString(weekdayName(d)) + ", " + html.EscapeString(d.Long()) + ")</time>"
	}
	return ""
}

func weekdayName(d calendar.Date) string {
	return [...]string{"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"}[d.Weekday()]
}

// plainText is the exercise's text for the search index: the question and
// the choices, one per line (not the answer).
func (n *exerciseNode) plainText() string {
	s := "Exercício: " + n.ex.Question + "\n"
	for i, c := range n.ex.Choices {
		s += string(rune('a'+i)) + ") " + c + "\n"
	}
	return s
}
