package form

import (
	"strconv"
	"strings"
)

// Shown returns a copy of the definition keeping only the fields its
// document prints (placeholders in the header, the sections and the
// signers, "fields" blocks, table columns) and the lists its sections and
// tables run over. Canonical(def.Shown(), vals) is what a PDF embeds: the
// data the reader already sees on its pages, nothing more (LGPD art. 6,
// III), which is also all a re-import needs to fill the form again.
func (d *Definition) Shown() *Definition {
	used := map[string]bool{}
	mark := func(list, name string) {
		if p, f, ok := d.Scope(list, 0, name); ok && f != nil {
			used[schemaPath(p)] = true
		}
	}
	marks := func(list, s string) {
		names, _ := Placeholders(s)
		for _, n := range names {
			mark(list, n)
		}
	}
	for _, h := range d.Document.Header {
		marks("", h)
	}
	for _, s := range d.Document.Sections {
		list := s.Repeat
		if list != "" {
			used[list] = true
		}
		for _, t := range []string{s.Ref, s.DateLine, s.Title, s.Closing} {
			marks(list, t)
		}
		for _, sg := range s.Signers {
			marks(list, sg.Name)
			marks(list, sg.Role)
		}
		for _, b := range s.Blocks {
			marks(list, b.Text)
			marks(list, b.Heading)
			for _, l := range b.Lines {
				marks(list, l)
			}
			for _, p := range b.Fields {
				mark(list, p)
			}
			if b.Table != nil {
				used[b.Table.Source] = true
				for _, c := range b.Table.Columns {
					used[b.Table.Source+"."+c.Field] = true
				}
			}
		}
	}
	out := *d
	out.Fields = keepFields(d.Fields, "", used)
	return &out
}

// schemaPath drops the list indices of a data path
// ("pontos_focais.0.cpf" → "pontos_focais.cpf").
func schemaPath(p string) string {
	parts := strings.Split(p, ".")
	out := parts[:0]
	for _, s := range parts {
		if _, err := strconv.Atoi(s); err != nil {
			out = append(out, s)
		}
	}
	return strings.Join(out, ".")
}

func keepFields(fields []Field, prefix string, used map[string]bool) []Field {
	var out []Field
	for _, f := range fields {
		p := joinPath(prefix, f.Name)
		if f.Type == TypeGroup {
			sub := keepFields(f.Fields, p, used)
			if len(sub) == 0 && !used[p] {
				continue
			}
			f.Fields = sub
			out = append(out, f)
			continue
		}
		if used[p] {
			out = append(out, f)
		}
	}
	return out
}
