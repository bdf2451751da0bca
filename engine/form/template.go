package form

import (
	"errors"
	"strconv"
	"strings"
)

// Placeholders returns the names inside {{…}} in s, in order
// ("{{orgao.nome}}" → "orgao.nome"), or an error for an unclosed or empty
// placeholder.
func Placeholders(s string) ([]string, error) {
	var names []string
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return names, nil
		}
		s = s[i+2:]
		j := strings.Index(s, "}}")
		if j < 0 {
			return names, errors.New("marcador “{{” sem o “}}” que o fecha")
		}
		name := strings.TrimSpace(s[:j])
		if name == "" {
			return names, errors.New("marcador vazio “{{}}”")
		}
		names = append(names, name)
		s = s[j+2:]
	}
}

// Expand replaces each {{name}} in s with value(name). An unclosed
// placeholder is left as written.
func Expand(s string, value func(name string) string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(value(strings.TrimSpace(s[i+2 : i+2+j])))
		s = s[i+2+j+2:]
	}
}

// Scope resolves a placeholder name against the definition: inside a
// section repeated over list (list != ""), an item field first, then a
// form field; "n" is the item number. It returns the full data path with
// the item index (or "" for "n") and the field.
func (d *Definition) Scope(list string, index int, name string) (path string, f *Field, ok bool) {
	if list != "" {
		if name == "n" {
			return "", nil, true
		}
		p := list + "." + strconv.Itoa(index) + "." + name
		if f, ok := d.Lookup(p); ok && f.Type != TypeGroup {
			return p, f, true
		}
	}
	if f, ok := d.Lookup(name); ok && f.Type != TypeGroup && !d.inList(name) {
		return name, f, true
	}
	return "", nil, false
}

// inList reports whether the dotted path crosses a repeated group.
func (d *Definition) inList(path string) bool {
	fields := d.Fields
	for _, part := range strings.Split(path, ".") {
		f := findField(fields, part)
		if f == nil {
			return false
		}
		if f.Repeat != nil {
			return true
		}
		fields = f.Fields
	}
	return false
}
