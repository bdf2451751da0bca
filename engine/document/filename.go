package document

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/seiportal/seiportal/engine/fold"
	"github.com/seiportal/seiportal/engine/form"
)

// FileName names the PDF of vals so that a person finds it among their
// downloads: the form, the sigla of the órgão and the date of the document,
// as in "designacao-ponto-focal-SEMAD-2025-03-05.pdf"; "-sem-dados" marks
// the version without data, "-treino" a training document, and n > 0 (a
// row of a batch) adds "-003". It
// uses only ASCII letters, digits and "-", so the name is safe on Windows,
// macOS and Linux and in a URL. The command line, its batch and the
// browser all name files with it.
func FileName(def *form.Definition, vals *form.Values, opts Options, n int) string {
	parts := []string{safeName(def.ID, 60)}
	if s := safeName(firstNamed(def.Fields, vals, "", "sigla"), 20); s != "" {
		parts = append(parts, s)
	}
	if d := documentDate(def, vals); d != "" {
		parts = append(parts, d)
	}
	if opts.Training {
		parts = append(parts, "treino")
	}
	if opts.NoData {
		parts = append(parts, "sem-dados")
	}
	if n > 0 {
		s := strconv.Itoa(n)
		for len(s) < 3 {
			s = "0" + s
		}
		parts = append(parts, s)
	}
	name := strings.Join(parts, "-")
	if parts[0] == "" {
		name = "formulario" + name
	}
	return name + ".pdf"
}

// firstNamed returns the value of the first field called name outside
// lists, searching groups depth first.
func firstNamed(fields []form.Field, vals *form.Values, prefix, name string) string {
	for _, f := range fields {
		p := prefix + f.Name
		switch {
		case f.Type == form.TypeGroup && f.Repeat == nil:
			if v := firstNamed(f.Fields, vals, p+".", name); v != "" {
				return v
			}
		case f.Type != form.TypeGroup && f.Name == name:
			if v := vals.Get(p); v != "" {
				return v
			}
		}
	}
	return ""
}

// documentDate is the date of the document: the top-level date field
// "data", or else the first top-level date field, as aaaa-mm-dd.
func documentDate(def *form.Definition, vals *form.Values) string {
	var first string
	for _, f := range def.Fields {
		if f.Type != form.TypeDate {
			continue
		}
		v := vals.Get(f.Name)
		if _, ok := form.ParseDate(v); !ok {
			continue
		}
		if f.Name == "data" {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}

// safeName folds accents with the portal's one folding rule (engine/fold:
// "Câmara" → "Camara", "Łódź" → "Lodz", "1º" → "1o") and turns every run of
// other characters into one "-", keeping at most max bytes.
func safeName(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range fold.String(s) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len() >= max {
				return b.String()
			}
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
