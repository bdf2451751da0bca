package form

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"strconv"
	"strings"
)

// Canonical returns the data as canonical JSON: every field of the
// definition present (blank ones as "" or false, lists as []), object keys
// in byte order, no spaces, CPFs punctuated, dates aaaa-mm-dd. The same
// data always gives the same bytes, whatever the order or punctuation it
// was typed in; Decode reads it back.
func Canonical(def *Definition, vals *Values) []byte {
	if vals == nil {
		vals = NewValues()
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	writeGroup(&b, enc, def.Fields, vals.root)
	return b.Bytes()
}

func writeGroup(b *bytes.Buffer, enc *json.Encoder, fields []Field, obj map[string]any) {
	order := make([]int, len(fields))
	for i := range order {
		order[i] = i
	}
	for i := 1; i < len(order); i++ { // few fields: insertion sort by name
		for j := i; j > 0 && fields[order[j]].Name < fields[order[j-1]].Name; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	b.WriteByte('{')
	for n, i := range order {
		f := &fields[i]
		if n > 0 {
			b.WriteByte(',')
		}
		writeString(b, enc, f.Name)
		b.WriteByte(':')
		raw := obj[f.Name]
		switch {
		case f.Type == TypeCheckbox:
			v, _ := raw.(bool)
			b.WriteString(strconv.FormatBool(v))
		case f.Type == TypeGroup && f.Repeat != nil:
			list, _ := raw.([]map[string]any)
			b.WriteByte('[')
			for j, item := range list {
				if j > 0 {
					b.WriteByte(',')
				}
				writeGroup(b, enc, f.Fields, item)
			}
			b.WriteByte(']')
		case f.Type == TypeGroup:
			sub, _ := raw.(map[string]any)
			writeGroup(b, enc, f.Fields, sub)
		default:
			s, _ := raw.(string)
			s = strings.TrimSpace(s)
			if f.Type == TypeCPF {
				s = formatCPF(s)
			}
			writeString(b, enc, s)
		}
	}
	b.WriteByte('}')
}

func writeString(b *bytes.Buffer, enc *json.Encoder, s string) {
	enc.Encode(s) // cannot fail for a string
	b.Truncate(b.Len() - 1)
}

// crockford is Douglas Crockford's base 32 alphabet (no I, L, O, U).
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ConferenceCode derives the código de conferência printed in a document's
// footer from the canonical data: "SP-" and 12 base-32 (Crockford)
// characters of its SHA-256, in three groups ("SP-7K3M-Q9ZD-W2XA"). It is
// the portal's own check, deliberately unlike SEI's código verificador and
// CRC, which a document only gets inside SEI.
func ConferenceCode(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	var v uint64
	for i := 0; i < 8; i++ {
		v = v<<8 | uint64(sum[i])
	}
	var out [12]byte
	for i := 0; i < 12; i++ {
		out[i] = crockford[v>>(64-5*(i+1))&31]
	}
	return "SP-" + string(out[0:4]) + "-" + string(out[4:8]) + "-" + string(out[8:12])
}

// NormalizeCode reads a código de conferência as typed by a person
// (lower case, spaces, O for 0, I or L for 1) into the printed form, or
// returns "" when it cannot be one.
func NormalizeCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "SP")
	var out []byte
	for _, r := range s {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || strings.IndexByte(crockford, byte(r)) < 0 {
			return ""
		}
		out = append(out, byte(r))
	}
	if len(out) != 12 {
		return ""
	}
	return "SP-" + string(out[0:4]) + "-" + string(out[4:8]) + "-" + string(out[8:12])
}
