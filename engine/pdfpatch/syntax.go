package pdfpatch

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// PDF object model. A parsed value is one of:
//
//	nil (null), bool, int64, float64, name, text (string object),
//	[]any (array), *dict, ref, *stream.
type (
	name string
	text []byte
	ref  struct{ num, gen int }
)

// dict keeps its entries in file order so that a rewritten object is
// serialised deterministically and close to the original.
type dict struct{ entries []entry }

type entry struct {
	key name
	val any
}

type stream struct {
	dict *dict
	raw  []byte // encoded bytes as stored in the file
}

func (d *dict) get(k name) any {
	if d == nil {
		return nil
	}
	for _, e := range d.entries {
		if e.key == k {
			return e.val
		}
	}
	return nil
}

func (d *dict) set(k name, v any) {
	for i, e := range d.entries {
		if e.key == k {
			d.entries[i].val = v
			return
		}
	}
	d.entries = append(d.entries, entry{k, v})
}

// clone returns a shallow copy whose entry list can be changed freely.
func (d *dict) clone() *dict {
	if d == nil {
		return &dict{}
	}
	return &dict{entries: append([]entry(nil), d.entries...)}
}

func newDict(kv ...any) *dict {
	d := &dict{}
	for i := 0; i+1 < len(kv); i += 2 {
		d.set(kv[i].(name), kv[i+1])
	}
	return d
}

// maxDepth bounds the nesting of arrays and dictionaries, and every other
// recursion over untrusted structure (page trees, name trees, field trees).
const maxDepth = 64

func isWhite(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isWhite(c) && !isDelim(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parser reads PDF syntax from b starting at pos. It never panics: every
// index is checked and errors carry the byte offset.
type parser struct {
	b   []byte
	pos int
}

func (p *parser) errorf(format string, a ...any) error {
	return fmt.Errorf("byte %d: %s", p.pos, fmt.Sprintf(format, a...))
}

// skip moves past white space and comments.
func (p *parser) skip() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		switch {
		case isWhite(c):
			p.pos++
		case c == '%':
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
		default:
			return
		}
	}
}

// word returns the run of regular characters at the current position
// (after white space) without consuming it.
func (p *parser) word() []byte {
	p.skip()
	i := p.pos
	for i < len(p.b) && isRegular(p.b[i]) {
		i++
	}
	return p.b[p.pos:i]
}

// keyword consumes kw if it is the next token.
func (p *parser) keyword(kw string) bool {
	if string(p.word()) == kw {
		p.pos += len(kw)
		return true
	}
	return false
}

// uint reads a non-negative decimal integer token.
func (p *parser) uint() (int64, bool) {
	w := p.word()
	if len(w) == 0 || len(w) > 12 {
		return 0, false
	}
	var n int64
	for _, c := range w {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	p.pos += len(w)
	return n, true
}

func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("estrutura aninhada demais")
	}
	p.skip()
	if p.pos >= len(p.b) {
		return nil, p.errorf("fim inesperado do arquivo")
	}
	c := p.b[p.pos]
	switch {
	case c == '/':
		return p.name(), nil
	case c == '(':
		return p.literal()
	case c == '<':
		if p.pos+1 < len(p.b) && p.b[p.pos+1] == '<' {
			return p.dict(depth)
		}
		return p.hex()
	case c == '[':
		p.pos++
		arr := []any{}
		for {
			p.skip()
			if p.pos >= len(p.b) {
				return nil, p.errorf("array sem ']'")
			}
			if p.b[p.pos] == ']' {
				p.pos++
				return arr, nil
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
	case c == '+' || c == '-' || c == '.' || isDigit(c):
		return p.numberOrRef()
	}
	switch w := p.word(); string(w) {
	case "true":
		p.pos += 4
		return true, nil
	case "false":
		p.pos += 5
		return false, nil
	case "null":
		p.pos += 4
		return nil, nil
	default:
		if len(w) > 20 {
			w = w[:20]
		}
		return nil, p.errorf("símbolo inesperado %q", w)
	}
}

func (p *parser) dict(depth int) (*dict, error) {
	p.pos += 2 // "<<"
	d := &dict{}
	for {
		p.skip()
		if p.pos >= len(p.b) {
			return nil, p.errorf("dicionário sem '>>'")
		}
		if p.b[p.pos] == '>' {
			if p.pos+1 < len(p.b) && p.b[p.pos+1] == '>' {
				p.pos += 2
				return d, nil
			}
			return nil, p.errorf("'>' isolado em dicionário")
		}
		if p.b[p.pos] != '/' {
			return nil, p.errorf("chave de dicionário não é um nome")
		}
		k := p.name()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d.entries = append(d.entries, entry{k, v})
	}
}

func (p *parser) name() name {
	p.pos++ // '/'
	var out []byte
	for p.pos < len(p.b) && isRegular(p.b[p.pos]) {
		c := p.b[p.pos]
		if c == '#' && p.pos+2 < len(p.b) {
			if h, ok := unhex2(p.b[p.pos+1], p.b[p.pos+2]); ok {
				out = append(out, h)
				p.pos += 3
				continue
			}
		}
		out = append(out, c)
		p.pos++
	}
	return name(out)
}

func unhexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func unhex2(a, b byte) (byte, bool) {
	x, ok1 := unhexDigit(a)
	y, ok2 := unhexDigit(b)
	return x<<4 | y, ok1 && ok2
}

func (p *parser) literal() (text, error) {
	p.pos++ // '('
	out := []byte{}
	level := 1
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '(':
			level++
		case ')':
			level--
			if level == 0 {
				return out, nil
			}
		case '\r': // an end of line inside a string is read as LF
			if p.pos < len(p.b) && p.b[p.pos] == '\n' {
				p.pos++
			}
			c = '\n'
		case '\\':
			if p.pos >= len(p.b) {
				return nil, p.errorf("string sem ')'")
			}
			e := p.b[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if p.pos < len(p.b) && p.b[p.pos] == '\n' {
					p.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; i++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, p.errorf("string sem ')'")
}

func (p *parser) hex() (text, error) {
	p.pos++ // '<'
	out := []byte{}
	var hi byte
	half := false
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		}
		if isWhite(c) {
			continue
		}
		v, ok := unhexDigit(c)
		if !ok {
			return nil, p.errorf("caractere inválido em string hexadecimal")
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return nil, p.errorf("string hexadecimal sem '>'")
}

func (p *parser) numberOrRef() (any, error) {
	start := p.pos
	i := p.pos
	if p.b[i] == '+' || p.b[i] == '-' {
		i++
	}
	digits, dot := 0, false
	for i < len(p.b) {
		c := p.b[i]
		if isDigit(c) {
			digits++
		} else if c == '.' && !dot {
			dot = true
		} else {
			break
		}
		i++
	}
	if digits == 0 {
		return nil, p.errorf("número inválido")
	}
	tok := string(p.b[start:i])
	p.pos = i
	if !dot {
		n, err := strconv.ParseInt(tok, 10, 64)
		if err == nil {
			if n >= 0 && tok[0] != '+' {
				// "num gen R"?
				save := p.pos
				if gen, ok := p.uint(); ok && p.keyword("R") && n <= math.MaxInt32 && gen <= math.MaxInt32 {
					return ref{int(n), int(gen)}, nil
				}
				p.pos = save
			}
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil && !dot {
		return nil, p.errorf("número inválido %q", tok)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, p.errorf("número inválido %q", tok)
	}
	return f, nil
}

// Serialisation.

func writeValue(buf *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(v))
	case int64:
		buf.WriteString(strconv.FormatInt(v, 10))
	case int:
		buf.WriteString(strconv.Itoa(v))
	case float64:
		buf.WriteString(formatReal(v))
	case name:
		writeName(buf, v)
	case text:
		writeLiteral(buf, v)
	case ref:
		fmt.Fprintf(buf, "%d %d R", v.num, v.gen)
	case []any:
		buf.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				buf.WriteByte(' ')
			}
			writeValue(buf, x)
		}
		buf.WriteByte(']')
	case *dict:
		buf.WriteString("<<")
		for _, e := range v.entries {
			writeName(buf, e.key)
			buf.WriteByte(' ')
			writeValue(buf, e.val)
		}
		buf.WriteString(">>")
	case *stream:
		d := v.dict.clone()
		d.set("Length", int64(len(v.raw)))
		writeValue(buf, d)
		buf.WriteString("\nstream\n")
		buf.Write(v.raw)
		buf.WriteString("\nendstream")
	default:
		// Unreachable for values built by this package.
		buf.WriteString("null")
	}
}

// formatReal writes a number with at most 4 decimals and no exponent.
func formatReal(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	s := strconv.FormatFloat(math.Round(f*1e4)/1e4, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

func writeName(buf *bytes.Buffer, n name) {
	buf.WriteByte('/')
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < 0x21 || c > 0x7e || c == '#' || isDelim(c) {
			fmt.Fprintf(buf, "#%02X", c)
			continue
		}
		buf.WriteByte(c)
	}
}

// writeLiteral writes a string object: literal when mostly printable,
// hexadecimal otherwise (binary IDs, checksums, UTF-16 text).
func writeLiteral(buf *bytes.Buffer, s []byte) {
	binary := 0
	for _, c := range s {
		if c < 0x20 || c > 0x7e {
			binary++
		}
	}
	if binary*4 > len(s) {
		fmt.Fprintf(buf, "<%X>", s)
		return
	}
	buf.WriteByte('(')
	for _, c := range s {
		switch {
		case c == '(' || c == ')' || c == '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(buf, "\\%03o", c)
		default:
			buf.WriteByte(c)
		}
	}
	buf.WriteByte(')')
}

// encodeText makes a PDF text string: ASCII stays as is, anything else
// becomes UTF-16BE with a byte order mark.
func encodeText(s string) text {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return text(s)
	}
	out := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}

// pdfDocHigh maps PDFDocEncoding bytes 0x80–0x9f to runes; the other bytes
// coincide with Latin-1 for the purpose of comparing names.
var pdfDocHigh = [32]rune{
	'•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘',
	'’', '‚', '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\ufffd',
}

// decodeText turns a PDF text string into UTF-8.
func decodeText(t []byte) string {
	switch {
	case len(t) >= 2 && t[0] == 0xfe && t[1] == 0xff, len(t) >= 2 && t[0] == 0xff && t[1] == 0xfe:
		be := t[0] == 0xfe
		u := make([]uint16, 0, len(t)/2)
		for i := 2; i+1 < len(t); i += 2 {
			if be {
				u = append(u, uint16(t[i])<<8|uint16(t[i+1]))
			} else {
				u = append(u, uint16(t[i+1])<<8|uint16(t[i]))
			}
		}
		return string(utf16.Decode(u))
	case len(t) >= 3 && t[0] == 0xef && t[1] == 0xbb && t[2] == 0xbf && utf8.Valid(t[3:]):
		return string(t[3:])
	}
	var sb []rune
	for _, c := range t {
		if c >= 0x80 && c < 0xa0 {
			sb = append(sb, pdfDocHigh[c-0x80])
		} else {
			sb = append(sb, rune(c))
		}
	}
	return string(sb)
}
