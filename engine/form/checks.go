package form

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/calendar"
)

// cpfProblem returns what is wrong with a CPF, in pt-BR, or "" when it is
// valid. Accepted: eleven digits, or the punctuated form 000.000.000-00.
func cpfProblem(s string) string {
	d, ok := cpfDigits(s)
	if !ok {
		return "use os 11 dígitos do CPF, com ou sem pontuação (000.000.000-00)"
	}
	same := true
	for i := 1; i < 11; i++ {
		if d[i] != d[0] {
			same = false
		}
	}
	if same {
		return "inválido: os 11 dígitos são iguais"
	}
	if !cpfCheck(d) {
		return "dígitos verificadores não conferem"
	}
	return ""
}

// cpfDigits returns the 11 digits of "00000000000" or "000.000.000-00".
func cpfDigits(s string) ([11]byte, bool) {
	var d [11]byte
	switch len(s) {
	case 11:
		for i := 0; i < 11; i++ {
			if s[i] < '0' || s[i] > '9' {
				return d, false
			}
			d[i] = s[i] - '0'
		}
		return d, true
	case 14:
		if s[3] != '.' || s[7] != '.' || s[11] != '-' {
			return d, false
		}
		n := 0
		for i := 0; i < 14; i++ {
			if i == 3 || i == 7 || i == 11 {
				continue
			}
			if s[i] < '0' || s[i] > '9' {
				return d, false
			}
			d[n] = s[i] - '0'
			n++
		}
		return d, true
	}
	return d, false
}

func cpfCheck(d [11]byte) bool {
	for k := 9; k <= 10; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += int(d[i]) * (k + 1 - i)
		}
		r := sum * 10 % 11
		if r == 10 {
			r = 0
		}
		if int(d[k]) != r {
			return false
		}
	}
	return true
}

// formatCPF returns a valid-looking CPF as 000.000.000-00, anything else
// unchanged.
func formatCPF(s string) string {
	d, ok := cpfDigits(s)
	if !ok {
		return s
	}
	b := make([]byte, 0, 14)
	for i, x := range d {
		switch i {
		case 3, 6:
			b = append(b, '.')
		case 9:
			b = append(b, '-')
		}
		b = append(b, '0'+x)
	}
	return string(b)
}

// siglaProblem checks a sigla: upper-case letters, digits, '-' and '/', at
// most 20 characters.
func siglaProblem(s string) string {
	if utf8.RuneCountInString(s) > 20 {
		return "a sigla deve ter no máximo 20 caracteres"
	}
	for _, r := range s {
		if !(unicode.IsUpper(r) || r >= '0' && r <= '9' || r == '-' || r == '/') {
			return "use só letras maiúsculas, algarismos, “-” e “/” na sigla"
		}
	}
	return ""
}

// phoneProblem checks a Brazilian phone number: DDD and number, 10 or 11
// digits, with or without +55 and punctuation.
func phoneProblem(s string) string {
	var digits []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' || (c == '+' && i == 0):
		default:
			return "telefone com caracteres inválidos; use DDD e número, como (21) 3377-1234"
		}
	}
	if s != "" && s[0] == '+' {
		if len(digits) < 2 || digits[0] != '5' || digits[1] != '5' {
			return "informe um telefone do Brasil (+55)"
		}
		digits = digits[2:]
	}
	if len(digits) != 10 && len(digits) != 11 {
		return "informe DDD e número, com 10 ou 11 dígitos"
	}
	if digits[0] == '0' {
		return "DDD inválido"
	}
	return ""
}

// ParseDate reads aaaa-mm-dd (a real calendar day, year 1900 to 2999).
func ParseDate(s string) (time.Time, bool) {
	if len(s) != 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil || t.Year() < 1900 || t.Year() > 2999 {
		return time.Time{}, false
	}
	return t, true
}

// LongDate writes aaaa-mm-dd as "5 de março de 2025" ("1º de …" on the
// first day), as calendar.Date.Long does; other text is returned as is.
func LongDate(s string) string {
	t, ok := ParseDate(s)
	if !ok {
		return s
	}
	return calendar.FromTime(t).Long()
}

// shortDate writes aaaa-mm-dd as dd/mm/aaaa; other text is returned as is.
func shortDate(s string) string {
	if _, ok := ParseDate(s); !ok {
		return s
	}
	return s[8:10] + "/" + s[5:7] + "/" + s[0:4]
}

// Display formats a value of field f for a document: CPF punctuated,
// dates dd/mm/aaaa, the label of a select option, "Sim"/"Não".
func Display(f *Field, s string) string {
	switch f.Type {
	case TypeCPF:
		return formatCPF(s)
	case TypeDate:
		return shortDate(s)
	case TypeSelect:
		return f.optionLabel(s)
	case TypeCheckbox:
		if s != "" {
			return "Sim"
		}
		return "Não"
	}
	return s
}

// tagKind says whether a validation tag is one the definitions may use
// (validator/v10 built-ins and the custom ones registered by NewValidator)
// and whether it takes a parameter: 0 none, 1 an integer, 2 any text.
func tagKind(name string) (int, bool) {
	switch name {
	case "required", "omitempty", "email", "url", "numeric", "number", "alpha", "alphanum",
		"alphaunicode", "alphanumunicode", "lowercase", "uppercase", "printascii",
		"cpf", "sigla", "phone", "realdate", "notfuture":
		return 0, true
	case "min", "max", "len":
		return 1, true
	case "oneof", "contains", "excludes", "startswith", "endswith", "eq", "ne":
		return 2, true
	}
	return 0, false
}

// CheckTags reports the first problem of a validation tag list
// ("required,max=120"), in pt-BR, or "".
func CheckTags(tags string) string {
	for _, t := range splitTags(tags) {
		name, param, hasParam := strings.Cut(t, "=")
		kind, ok := tagKind(name)
		switch {
		case !ok:
			return "etiqueta de validação desconhecida “" + name + "”"
		case kind == 0 && hasParam:
			return "a etiqueta “" + name + "” não aceita parâmetro"
		case kind > 0 && (!hasParam || param == ""):
			return "a etiqueta “" + name + "” precisa de parâmetro (" + name + "=…)"
		case kind == 1:
			if n, err := strconv.Atoi(param); err != nil || n < 0 {
				return "a etiqueta “" + name + "” precisa de um número inteiro, não “" + param + "”"
			}
		}
	}
	return ""
}

func splitTags(tags string) []string {
	var out []string
	for _, t := range strings.Split(tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// impliedTag is the tag a field type brings by itself.
func impliedTag(typ string) string {
	switch typ {
	case TypeCPF:
		return "cpf"
	case TypeEmail:
		return "email"
	case TypePhone:
		return "phone"
	case TypeDate:
		return "realdate"
	}
	return ""
}

// fieldTags composes the tags validated for f: "required" or "omitempty"
// first, then the type's tag, then the definition's own.
func fieldTags(f *Field) string {
	var b strings.Builder
	own := splitTags(f.Validate)
	req := false
	for _, t := range own {
		if t == "required" {
			req = true
		}
	}
	if req {
		b.WriteString("required")
	} else {
		b.WriteString("omitempty")
	}
	if t := impliedTag(f.Type); t != "" {
		b.WriteString("," + t)
	}
	for _, t := range own {
		if t == "required" || t == "omitempty" || t == impliedTag(f.Type) {
			continue
		}
		b.WriteString("," + t)
	}
	return b.String()
}
