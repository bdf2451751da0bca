package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Values is the data of one filled-in form, shaped by its definition:
// strings for inputs, booleans for checkboxes, groups and lists of groups.
// Strings are trimmed; dates written dd/mm/aaaa are stored as aaaa-mm-dd.
type Values struct {
	root map[string]any // string | bool | map[string]any | []map[string]any
}

// NewValues returns empty values (every field blank).
func NewValues() *Values { return &Values{root: map[string]any{}} }

// Get returns the string at the dotted path ("pontos_focais.1.cpf"), or "".
// A checkbox reads "sim" or "".
func (v *Values) Get(path string) string {
	switch x := v.lookup(path).(type) {
	case string:
		return x
	case bool:
		if x {
			return "sim"
		}
	}
	return ""
}

// Len returns the number of items of the list at path.
func (v *Values) Len(path string) int {
	l, _ := v.lookup(path).([]map[string]any)
	return len(l)
}

func (v *Values) lookup(path string) any {
	if v == nil {
		return nil
	}
	var cur any = v.root
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[part]
		case []map[string]any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// Set stores s (or, for a checkbox, s parsed as a boolean) at the dotted
// path, creating groups and list items on the way. It is how the CSV batch
// and the tests build values; it returns an error when path names no field
// of def or a list index is out of order.
func (v *Values) Set(def *Definition, path, s string) error {
	parts := strings.Split(path, ".")
	fields := def.Fields
	cur := v.root
	for i := 0; i < len(parts); i++ {
		f := findField(fields, parts[i])
		if f == nil {
			return fmt.Errorf("campo desconhecido %q", path)
		}
		last := i == len(parts)-1
		switch {
		case f.Type != TypeGroup:
			if !last {
				return fmt.Errorf("campo desconhecido %q", path)
			}
			if f.Type == TypeCheckbox {
				b, ok := parseBool(s)
				if !ok {
					return fmt.Errorf("%s: use sim ou não", path)
				}
				cur[f.Name] = b
				return nil
			}
			cur[f.Name] = normalizeInput(f, s)
			return nil
		case f.Repeat != nil:
			if last || i+2 >= len(parts) {
				return fmt.Errorf("campo incompleto %q", path)
			}
			idx, err := strconv.Atoi(parts[i+1])
			list, _ := cur[f.Name].([]map[string]any)
			if err != nil || idx < 0 || idx >= 1000 {
				return fmt.Errorf("índice inválido em %q", path)
			}
			for len(list) <= idx {
				list = append(list, map[string]any{})
			}
			cur[f.Name] = list
			cur = list[idx]
			i++
			fields = f.Fields
		default:
			if last {
				return fmt.Errorf("campo incompleto %q", path)
			}
			g, _ := cur[f.Name].(map[string]any)
			if g == nil {
				g = map[string]any{}
				cur[f.Name] = g
			}
			cur = g
			fields = f.Fields
		}
	}
	return nil
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "não", "nao", "n", "false", "0":
		return false, true
	case "sim", "s", "true", "1", "x":
		return true, true
	}
	return false, false
}

func findField(fields []Field, name string) *Field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// normalizeInput is the one place where typed text enters Values: it
// composes accents (NFC: an "e" followed by a combining acute, as pasted
// from a Mac or a PDF, becomes "é", which the document fonts can draw and
// comparisons see as equal), trims s and turns a dd/mm/aaaa date into
// aaaa-mm-dd.
func normalizeInput(f *Field, s string) string {
	s = strings.TrimSpace(norm.NFC.String(s))
	if f.Type == TypeDate && len(s) == 10 && s[2] == '/' && s[5] == '/' {
		return s[6:] + "-" + s[3:5] + "-" + s[:2]
	}
	return s
}

// MaxDataBytes bounds the JSON data of one form (the largest list allows
// 50 items of a few hundred bytes): Decode refuses more, and the command
// line stops reading there.
const MaxDataBytes = 1 << 20

// maxUnknownReported is how many unknown keys of one group Decode names;
// the rest are counted in one message.
const maxUnknownReported = 20

// Decode reads the JSON data of a form strictly: unknown keys, values of
// the wrong type and malformed JSON are reported as pt-BR messages with the
// JSON path. Missing keys are blank fields (Validate reports the required
// ones). A list longer than its definition's max keeps its first max items
// and a message says how many were dropped. On malformed JSON the values
// are nil.
func Decode(def *Definition, data []byte) (*Values, []Message) {
	if len(data) > MaxDataBytes {
		return nil, []Message{{Label: "Dados", Text: fmt.Sprintf("os dados passam de %d MB, o limite de um formulário; confira se é o arquivo certo", MaxDataBytes>>20)}}
	}
	if !utf8.Valid(data) {
		return nil, []Message{{Label: "Dados", Text: "o arquivo não está em UTF-8"}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, []Message{syntaxMessage(data, err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		off := int(dec.InputOffset())
		line, col := lineCol(data, off)
		return nil, []Message{{Label: "Dados", Text: fmt.Sprintf("JSON inválido na linha %d, coluna %d: há conteúdo depois do objeto principal", line, col)}}
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, []Message{{Label: "Dados", Text: "os dados devem ser um objeto JSON ({ … })"}}
	}
	var msgs []Message
	root := decodeGroup(def.Fields, obj, "", nil, &msgs)
	return &Values{root: root}, msgs
}

func syntaxMessage(data []byte, err error) Message {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, int(se.Offset))
		return Message{Label: "Dados", Text: fmt.Sprintf("JSON inválido na linha %d, coluna %d", line, col)}
	}
	if errors.Is(err, io.EOF) {
		return Message{Label: "Dados", Text: "o arquivo está vazio"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return Message{Label: "Dados", Text: "JSON incompleto: o arquivo termina antes de fechar chaves, colchetes ou aspas"}
	}
	return Message{Label: "Dados", Text: "JSON inválido"}
}

func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line, col := 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// itemCtx is an enclosing list item, for labels: "do 2º ponto focal".
type itemCtx struct {
	rep   *Repeat
	index int
}

func labelOf(f *Field, ctx []itemCtx) string {
	l := f.Label
	if l == "" {
		l = f.Name
	}
	for i := len(ctx) - 1; i >= 0; i-- {
		l += " " + ctx[i].rep.of() + " " + ctx[i].rep.Item(ctx[i].index)
	}
	return l
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func decodeGroup(fields []Field, obj map[string]any, prefix string, ctx []itemCtx, msgs *[]Message) map[string]any {
	out := map[string]any{}
	unknown := 0
	for _, k := range sortedKeys(obj) {
		if findField(fields, k) == nil {
			unknown++
			if unknown > maxUnknownReported {
				continue
			}
			p := joinPath(prefix, k)
			*msgs = append(*msgs, Message{Path: p, Label: p, Text: "campo desconhecido neste formulário"})
		}
	}
	if n := unknown - maxUnknownReported; n > 0 {
		p := prefix
		label := prefix
		if label == "" {
			label = "Dados"
		}
		*msgs = append(*msgs, Message{Path: p, Label: label, Text: fmt.Sprintf("e mais %d campos desconhecidos neste formulário, descartados", n)})
	}
	for i := range fields {
		f := &fields[i]
		raw, present := obj[f.Name]
		if !present || raw == nil {
			continue
		}
		p := joinPath(prefix, f.Name)
		bad := func(want string) {
			*msgs = append(*msgs, Message{Path: p, Label: labelOf(f, ctx), Text: "tipo errado: esperava " + want + ", veio " + jsonKind(raw)})
		}
		switch {
		case f.Type == TypeCheckbox:
			b, ok := raw.(bool)
			if !ok {
				bad("verdadeiro ou falso (true/false)")
				continue
			}
			out[f.Name] = b
		case f.Type != TypeGroup:
			s, ok := raw.(string)
			if !ok {
				bad("texto entre aspas")
				continue
			}
			out[f.Name] = normalizeInput(f, s)
		case f.Repeat != nil:
			arr, ok := raw.([]any)
			if !ok {
				bad("uma lista [ … ]")
				continue
			}
			if max := f.Repeat.Max; max > 0 && len(arr) > max {
				// the definition's limit holds on import too: what is
				// beyond it is dropped before any work is done on it
				*msgs = append(*msgs, Message{Path: p, Label: labelOf(f, ctx), Text: fmt.Sprintf(
					"a lista tem %d itens e o formulário aceita no máximo %d; os %d a partir do %s foram descartados",
					len(arr), max, len(arr)-max, f.Repeat.Item(max))})
				arr = arr[:max]
			}
			list := make([]map[string]any, 0, len(arr))
			for j, it := range arr {
				ip := p + "." + strconv.Itoa(j)
				ictx := append(ctx[:len(ctx):len(ctx)], itemCtx{f.Repeat, j})
				o, ok := it.(map[string]any)
				if !ok {
					*msgs = append(*msgs, Message{Path: ip, Label: capitalize(f.Repeat.Item(j)), Text: "tipo errado: esperava um objeto { … }, veio " + jsonKind(it)})
					o = map[string]any{}
				}
				list = append(list, decodeGroup(f.Fields, o, ip, ictx, msgs))
			}
			out[f.Name] = list
		default:
			o, ok := raw.(map[string]any)
			if !ok {
				bad("um objeto { … }")
				continue
			}
			out[f.Name] = decodeGroup(f.Fields, o, p, ctx, msgs)
		}
	}
	return out
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "texto"
	case bool:
		return "verdadeiro/falso"
	case json.Number:
		return "número"
	case []any:
		return "lista"
	case map[string]any:
		return "objeto"
	case nil:
		return "null"
	}
	return "outro valor"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
