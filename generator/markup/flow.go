package markup

// Flow diagrams: a fenced block ```fluxo Título do fluxo holds a diagram in
// the D2 language (oss.terrastruct.com/d2), laid out and drawn to SVG at
// build time. The SVG is inlined in the page (its text stays text), made
// to obey the page's Content-Security-Policy (no <style>, no style=""), and
// coloured by the portal's stylesheet, so that it follows the dark and the
// high-contrast themes. Next to it, the build writes the steps of the
// diagram as an ordered list, "Descrição do fluxo em texto", derived from
// the same source: what a screen reader reads and what a reader who cannot
// see the drawing follows.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing/fstest"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"oss.terrastruct.com/d2/d2ast"
	"oss.terrastruct.com/d2/d2compiler"
	"oss.terrastruct.com/d2/d2graph"
	"oss.terrastruct.com/d2/d2layouts/d2dagrelayout"
	"oss.terrastruct.com/d2/d2lib"
	"oss.terrastruct.com/d2/d2parser"
	"oss.terrastruct.com/d2/d2renderers/d2svg"
	"oss.terrastruct.com/d2/lib/log"
	"oss.terrastruct.com/d2/lib/textmeasure"
)

// flowLanguage is the info-string word that marks a flow block.
const flowLanguage = "fluxo"

// maxFlowSource bounds the source of one diagram: the layout is superlinear
// in the number of shapes, and a flow that needs more is two flows.
const maxFlowSource = 8 << 10

// maxFlowShapes and maxFlowConnections bound the drawing itself: the
// layout time grows fast with them (97 shapes and 800 connections took
// 33 s), and a flow that needs more is two flows.
const (
	maxFlowShapes      = 40
	maxFlowConnections = 60
)

// flows is the goldmark extension of flow blocks.
type flows struct{}

// Extend registers the flow transformer and renderer.
func (flows) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(flowTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(flowRenderer{}, 100)))
}

var kindFlow = ast.NewNodeKind("Flow")

// flowNode is a rendered flow block, or the errors of one that could not be
// rendered.
type flowNode struct {
	ast.BaseBlock
	id    string
	title string
	svg   []byte
	steps []FlowStep
	errs  []PosError
}

func (n *flowNode) Kind() ast.NodeKind { return kindFlow }

func (n *flowNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// flowErrors returns the errors of the flow blocks of a document.
func flowErrors(root ast.Node) []PosError {
	var errs []PosError
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*flowNode); ok && entering {
			errs = append(errs, f.errs...)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return errs
}

type flowTransformer struct{}

// Transform replaces each ```fluxo block by its rendered flow.
func (flowTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering && string(b.Language(src)) == flowLanguage {
			blocks = append(blocks, b)
		}
		return ast.WalkContinue, nil
	})
	for i, b := range blocks {
		n := &flowNode{id: "fluxo-diagrama-" + strconv.Itoa(i+1)}
		n.SetAttributeString("id", []byte(n.id))
		n.SetBlankPreviousLines(b.HasBlankPreviousLines())
		at := blockStart(b, src)
		var lines []int // offset in src of each line of the diagram source
		var body []byte
		for j := 0; j < b.Lines().Len(); j++ {
			seg := b.Lines().At(j)
			lines = append(lines, seg.Start)
			body = append(body, seg.Value(src)...)
		}
		n.title = flowTitle(b, src)
		if n.title == "" {
			n.errs = append(n.errs, PosError{at, "o bloco fluxo precisa de um título na linha de abertura, que nomeia o diagrama para quem usa leitor de tela: ```fluxo Cadastro do usuário externo"})
		}
		if len(body) > maxFlowSource {
			n.errs = append(n.errs, PosError{at, fmt.Sprintf("o diagrama do fluxo tem %d bytes, mais que o limite de %d: divida-o em fluxos menores", len(body), maxFlowSource)})
		}
		if len(n.errs) == 0 {
			f, err := RenderFlow(body, n.id)
			if err != nil {
				var fe *FlowError
				if errors.As(err, &fe) {
					n.errs = append(n.errs, PosError{flowOffset(fe, body, lines, at), fe.Msg})
				} else {
					n.errs = append(n.errs, PosError{at, err.Error()})
				}
			} else {
				n.svg, n.steps = f.SVG, f.Steps
				// The title and the steps as a text child: what the search
				// index and the page's plain text get of the flow (the
				// renderer writes the node itself, not its children).
				n.AppendChild(n, ast.NewString([]byte(flowPlainText(n.title, f.Steps))))
			}
		}
		b.Parent().ReplaceChild(b.Parent(), b, n)
	}
}

// blockStart is the offset of the opening fence of b (the line of its info
// string), or of its first line when it has none.
func blockStart(b *ast.FencedCodeBlock, src []byte) int {
	if b.Info != nil {
		return bytes.LastIndexByte(src[:b.Info.Segment.Start], '\n') + 1
	}
	if b.Lines().Len() > 0 {
		return b.Lines().At(0).Start
	}
	return -1
}

// flowTitle is the text after the word fluxo in the info string.
func flowTitle(b *ast.FencedCodeBlock, src []byte) string {
	if b.Info == nil {
		return ""
	}
	info := strings.TrimSpace(string(b.Info.Segment.Value(src)))
	return strings.TrimSpace(strings.TrimPrefix(info, flowLanguage))
}

// flowOffset turns the position of a FlowError (line and column in the
// diagram source) into an offset in the page.
func flowOffset(fe *FlowError, body []byte, lines []int, at int) int {
	if fe.Line < 1 || fe.Line > len(lines) {
		return at
	}
	start := lines[fe.Line-1]
	lineStart := 0
	for l := 1; l < fe.Line; l++ {
		lineStart += bytes.IndexByte(body[lineStart:], '\n') + 1
	}
	line := body[lineStart:]
	if k := bytes.IndexByte(line, '\n'); k >= 0 {
		line = line[:k]
	}
	off := 0
	for c := 1; c < fe.Col && off < len(line); c++ {
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return start + off
}

// FlowStep is one step of a flow, for its text description.
type FlowStep struct {
	Lane  string     // who does it: the labels of the containers around it ("" at the top level)
	Label string     // what is done
	Next  []FlowNext // where the flow goes after it, when that is not simply the next step
	End   bool       // the flow ends here, before the last step of the list (a branch's end)
}

// FlowNext is a way out of a step.
type FlowNext struct {
	Label string // the label of the connection ("" for none)
	Step  int    // the 1-based number of the step it leads to
}

// Flow is a rendered diagram.
type Flow struct {
	SVG   []byte
	Steps []FlowStep
}

// FlowError is an error in a diagram's source, at a 1-based line and
// column (in characters) of the source (0 when unknown).
type FlowError struct {
	Line, Col int
	Msg       string
}

func (e *FlowError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// RenderFlow lays out and draws the D2 source src. salt makes the ids
// inside the SVG unique on the page. A failure of the library, panics
// included, is returned as a FlowError.
func RenderFlow(src []byte, salt string) (f Flow, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = Flow{}, &FlowError{Line: 1, Col: 1, Msg: fmt.Sprintf("a biblioteca de diagramas falhou neste fluxo (%v); simplifique o diagrama", r)}
		}
	}()
	ruler, err := textmeasure.NewRuler()
	if err != nil {
		return Flow{}, fmt.Errorf("não foi possível carregar as fontes do diagrama: %w", err)
	}
	pad := int64(8)
	yes := true
	opts := &d2svg.RenderOpts{Pad: &pad, NoXMLTag: &yes, OmitVersion: &yes, Salt: &salt}
	copts := &d2lib.CompileOptions{
		Ruler: ruler,
		// Imports read from this empty file system: a diagram is its block.
		FS: fstest.MapFS{},
		LayoutResolver: func(string) (d2graph.LayoutGraph, error) {
			return d2dagrelayout.DefaultLayout, nil
		},
	}
	// Compiled once without layout, to refuse a diagram too big to lay out
	// before the expensive part.
	g0, _, err := d2compiler.Compile("", bytes.NewReader(src), &d2compiler.CompileOptions{FS: copts.FS})
	if err != nil {
		return Flow{}, d2Error(err, src)
	}
	if len(g0.Objects) > maxFlowShapes || len(g0.Edges) > maxFlowConnections {
		return Flow{}, &FlowError{Line: 1, Col: 1, Msg: fmt.Sprintf("o fluxo tem %d caixas e %d setas; o limite é %d caixas e %d setas: divida-o em fluxos menores", len(g0.Objects), len(g0.Edges), maxFlowShapes, maxFlowConnections)}
	}
	ctx := log.With(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	diagram, g, err := d2lib.Compile(ctx, string(src), copts, opts)
	if err != nil {
		return Flow{}, d2Error(err, src)
	}
	if err := checkFlowFeatures(g, src); err != nil {
		return Flow{}, err
	}
	out, err := d2svg.Render(diagram, opts)
	if err != nil {
		return Flow{}, &FlowError{Line: 1, Col: 1, Msg: "não foi possível desenhar o diagrama: " + err.Error()}
	}
	return Flow{SVG: cspSafeSVG(out), Steps: flowSteps(g)}, nil
}

var d2Prefix = regexp.MustCompile(`^(?:[^\n:]*:)?\d+:\d+: `)

// d2Error turns an error of the library into a FlowError at its first
// position.
func d2Error(err error, src []byte) error {
	var pe *d2parser.ParseError
	var ae d2ast.Error
	switch {
	case errors.As(err, &pe) && len(pe.Errors) > 0:
		ae = pe.Errors[0]
	case errors.As(err, &ae):
	default:
		return &FlowError{Line: 1, Col: 1, Msg: "erro no diagrama (D2): " + d2Message(d2Prefix.ReplaceAllString(err.Error(), ""))}
	}
	line, col := d2Pos(ae.Range.Start, src)
	return &FlowError{Line: line, Col: col, Msg: "erro no diagrama (D2): " + d2Message(d2Prefix.ReplaceAllString(ae.Message, ""))}
}

// d2Pos is the 1-based line and column (in characters) of a position of
// the library: from its byte offset when it has one (its column is not
// counted in characters), else from its line and column.
func d2Pos(p d2ast.Position, src []byte) (line, col int) {
	if p.Byte < 0 || p.Byte > len(src) {
		return p.Line + 1, p.Column + 1
	}
	return LineCol(src, p.Byte)
}

// d2Messages are the library's most common messages, in Portuguese; the
// others are shown as the library writes them.
var d2Messages = map[string]string{
	"connection missing destination":                     "a conexão não tem destino (falta o nome depois da seta)",
	"connection missing source":                          "a conexão não tem origem (falta o nome antes da seta)",
	"maps must be terminated with }":                     "falta fechar o bloco com }",
	"unexpected map termination character } in file map": "há um } sem { correspondente",
	"string must be terminated with \"":                  "falta fechar as aspas",
}

func d2Message(msg string) string {
	if pt, ok := d2Messages[msg]; ok {
		return pt + " — " + msg
	}
	return msg
}

// checkFlowFeatures refuses what a flow of the portal cannot carry: icons
// and links (loaded or followed from elsewhere, and the page works
// offline), tooltips (seen only with a mouse) and Markdown, LaTeX or code
// labels.
func checkFlowFeatures(g *d2graph.Graph, src []byte) error {
	for _, o := range g.Objects {
		var what, attr string
		switch {
		case o.Icon != nil:
			what, attr = "ícones (icon)", "icon"
		case o.Link != nil:
			what, attr = "links (link)", "link"
		case o.Tooltip != nil:
			what, attr = "dicas flutuantes (tooltip): escreva o texto no rótulo", "tooltip"
		case o.Language != "":
			what, attr = "rótulos em Markdown, LaTeX ou código (|md ...|): use texto simples", ""
		default:
			continue
		}
		line, col := featurePos(o, attr, src)
		return &FlowError{Line: line, Col: col, Msg: "o fluxo não aceita " + what}
	}
	return nil
}

// featurePos is where attr of o is set (o.attr: …), or where o is first
// written when that is not found.
func featurePos(o *d2graph.Object, attr string, src []byte) (line, col int) {
	line, col = 1, 1
	for i, r := range o.References {
		if r.Key == nil {
			continue
		}
		if i == 0 {
			line, col = d2Pos(r.Key.Range.Start, src)
		}
		if k := r.MapKey; attr != "" && k != nil && k.Key != nil {
			for _, p := range k.Key.Path {
				if p != nil && p.Unbox() != nil && p.Unbox().ScalarString() == attr {
					return d2Pos(k.Range.Start, src)
				}
			}
		}
	}
	return line, col
}

// flowSteps lists the leaf shapes of the diagram as steps, in the order of
// the flow (a shape comes after those that lead to it; ties in the order
// they are written), with the connections that leave each one.
func flowSteps(g *d2graph.Graph) []FlowStep {
	var leaves []*d2graph.Object
	index := map[*d2graph.Object]int{}
	for _, o := range g.Objects {
		if len(o.ChildrenArray) == 0 {
			index[o] = len(leaves)
			leaves = append(leaves, o)
		}
	}
	in := make([]int, len(leaves))
	out := make([][]*d2graph.Edge, len(leaves))
	for _, e := range g.Edges {
		s, ok1 := index[e.Src]
		d, ok2 := index[e.Dst]
		if !ok1 || !ok2 {
			continue
		}
		out[s] = append(out[s], e)
		if s != d {
			in[d]++
		}
	}
	// Kahn's algorithm, taking the first-written ready shape each time; a
	// cycle's remaining shapes follow in written order.
	done := make([]bool, len(leaves))
	var order []int
	for len(order) < len(leaves) {
		next := -1
		for i := range leaves {
			if !done[i] && in[i] == 0 {
				next = i
				break
			}
		}
		if next < 0 {
			for i := range leaves {
				if !done[i] {
					next = i
					break
				}
			}
		}
		done[next] = true
		order = append(order, next)
		for _, e := range out[next] {
			if d := index[e.Dst]; d != next && in[d] > 0 {
				in[d]--
			}
		}
	}
	number := make([]int, len(leaves))
	for k, i := range order {
		number[i] = k + 1
	}
	steps := make([]FlowStep, len(order))
	for k, i := range order {
		o := leaves[i]
		var lanes []string
		for p := o.Parent; p != nil && p.Parent != nil; p = p.Parent {
			lanes = append([]string{oneLine(p.Label.Value)}, lanes...)
		}
		st := FlowStep{Lane: strings.Join(lanes, " — "), Label: oneLine(o.Label.Value), End: len(out[i]) == 0 && k < len(order)-1}
		simple := len(out[i]) == 1 && out[i][0].Label.Value == "" && number[index[out[i][0].Dst]] == k+2
		if !simple {
			for _, e := range out[i] {
				st.Next = append(st.Next, FlowNext{Label: oneLine(e.Label.Value), Step: number[index[e.Dst]]})
			}
		}
		steps[k] = st
	}
	return steps
}

// flowPlainText is the flow as lines of text: its title, then its steps.
func flowPlainText(title string, steps []FlowStep) string {
	var b strings.Builder
	b.WriteString("Fluxo: " + title)
	for i, s := range steps {
		fmt.Fprintf(&b, "\n%d. ", i+1)
		if s.Lane != "" {
			b.WriteString(s.Lane + ": ")
		}
		b.WriteString(s.Label)
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	styleElement = regexp.MustCompile(`(?s)<style\b[^>]*>.*?</style>`)
	svgTag       = regexp.MustCompile(`<[a-zA-Z][^<>]*>`)
	styleAttr    = regexp.MustCompile(`\sstyle=(?:"([^"]*)"|'([^']*)')`)
	attrName     = regexp.MustCompile(`\s([a-zA-Z:-]+)=`)
)

// presentation lists the CSS properties the library writes in style=""
// that SVG also takes as attributes.
var presentation = map[string]bool{
	"fill": true, "stroke": true, "stroke-width": true, "stroke-dasharray": true,
	"stroke-linecap": true, "stroke-linejoin": true, "opacity": true,
	"fill-opacity": true, "stroke-opacity": true, "font-size": true,
	"font-weight": true, "font-style": true, "font-family": true,
	"text-anchor": true, "text-decoration": true,
}

// cspSafeSVG removes what the page's Content-Security-Policy (style-src
// 'self', font-src 'self') would block: the <style> element (colours and
// embedded fonts: the portal's stylesheet gives them) and style=""
// attributes (turned into presentation attributes, which are not
// styles under CSP).
func cspSafeSVG(svg []byte) []byte {
	svg = styleElement.ReplaceAll(svg, nil)
	return svgTag.ReplaceAllFunc(svg, func(tag []byte) []byte {
		m := styleAttr.FindSubmatchIndex(tag)
		if m == nil {
			return tag
		}
		decl := tag[m[2]:m[3]]
		if m[2] < 0 {
			decl = tag[m[4]:m[5]]
		}
		have := map[string]bool{}
		for _, a := range attrName.FindAllSubmatch(tag, -1) {
			have[string(a[1])] = true
		}
		var add strings.Builder
		for _, d := range strings.Split(string(decl), ";") {
			k, v, ok := strings.Cut(d, ":")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || !presentation[k] || have[k] || v == "" || strings.ContainsAny(v, `"<>&`) {
				continue
			}
			have[k] = true
			fmt.Fprintf(&add, ` %s="%s"`, k, v)
		}
		var b []byte
		b = append(b, tag[:m[0]]...)
		b = append(b, add.String()...)
		b = append(b, tag[m[1]:]...)
		return b
	})
}

type flowRenderer struct{}

func (r flowRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFlow, r.render)
}

var svgOpen = regexp.MustCompile(`^<svg\b([^>]*)>`)
var viewBox = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)

func (r flowRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*flowNode)
	if n.svg == nil {
		return ast.WalkSkipChildren, nil
	}
	title, text := n.id+"-titulo", n.id+"-texto"
	fmt.Fprintf(w, "<figure class=\"fluxo\" id=\"%s\">\n<figcaption id=\"%s\">Fluxo: %s</figcaption>\n", n.id, title, html.EscapeString(n.title))
	fmt.Fprintf(w, "<div class=\"fluxo-rolagem\" tabindex=\"0\" role=\"group\" aria-labelledby=\"%s\">", title)
	svg := n.svg
	if m := svgOpen.FindSubmatchIndex(svg); m != nil {
		attrs := string(svg[m[2]:m[3]])
		size := ""
		if v := viewBox.FindStringSubmatch(attrs); v != nil {
			size = fmt.Sprintf(` width="%s" height="%s"`, v[1], v[2])
		}
		fmt.Fprintf(w, `<svg%s%s class="fluxo-svg" role="img" focusable="false" aria-labelledby="%s" aria-describedby="%s">`, attrs, size, title, text)
		svg = svg[m[1]:]
	}
	_, _ = w.Write(svg)
	fmt.Fprintf(w, "</div>\n<details class=\"fluxo-texto\">\n<summary>Descrição do fluxo em texto</summary>\n<ol id=\"%s\">\n", text)
	for _, s := range n.steps {
		w.WriteString("<li>")
		if s.Lane != "" {
			fmt.Fprintf(w, "<strong>%s:</strong> ", html.EscapeString(s.Lane))
		}
		w.WriteString(html.EscapeString(s.Label))
		for _, nx := range s.Next {
			if nx.Label != "" {
				fmt.Fprintf(w, " <span class=\"fluxo-segue\">→ %s: passo %d.</span>", html.EscapeString(nx.Label), nx.Step)
			} else {
				fmt.Fprintf(w, " <span class=\"fluxo-segue\">→ passo %d.</span>", nx.Step)
			}
		}
		if s.End {
			w.WriteString(" <span class=\"fluxo-segue\">Fim deste caminho.</span>")
		}
		w.WriteString("</li>\n")
	}
	w.WriteString("</ol>\n</details>\n</figure>\n")
	return ast.WalkSkipChildren, nil
}
