package checklist

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/calendar"
)

// MaxTextLen bounds a free-text evidence, in characters.
const MaxTextLen = 2000

// Check validates value as this evidence and returns a message in
// Portuguese, or nil. An empty value is fine unless the evidence is
// required.
//
//   - processo: a NUP (Número Único de Protocolo), "00000.000000/0000-00"
//     or its 17 digits, whose two check digits must agree (módulo 11, as
//     the Portaria Interministerial nº 11/2019 sets them).
//   - data: a date that exists, "16/02/2026" or "2026-02-16".
//   - link: an absolute http or https address.
//   - texto: at most MaxTextLen characters.
func (e Evidence) Check(value string) error {
	value = strings.TrimSpace(value)
	if value == "" {
		if e.Required {
			return errors.New("campo obrigatório")
		}
		return nil
	}
	switch e.Kind {
	case Process:
		_, err := ParseNUP(value)
		return err
	case Day:
		_, err := ParseDate(value)
		return err
	case Link:
		return checkLink(value)
	case Text:
		if n := utf8.RuneCountInString(value); n > MaxTextLen {
			return fmt.Errorf("texto longo demais (%d caracteres; o máximo é %d)", n, MaxTextLen)
		}
		return nil
	}
	return fmt.Errorf("tipo de evidência desconhecido %q", e.Kind)
}

// ParseDate reads a date typed by a user, "16/02/2026" or "2026-02-16".
func ParseDate(s string) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		return calendar.ParseBR(s)
	}
	d, err := calendar.Parse(s)
	if err == nil {
		return d, nil
	}
	if strings.HasPrefix(err.Error(), "data inexistente") {
		return calendar.Date{}, err
	}
	return calendar.Date{}, fmt.Errorf("data inválida %q: use DD/MM/AAAA", s)
}

// ParseNUP validates a process number in the NUP format and returns it
// formatted as "00000.000000/0000-00".
func ParseNUP(s string) (string, error) {
	s = strings.TrimSpace(s)
	const format = "use o formato do NUP, 00000.000000/0000-00"
	var digits []byte
	switch len(s) {
	case 20:
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case i == 5:
				if c != '.' {
					return "", fmt.Errorf("número de processo inválido %q: %s", s, format)
				}
			case i == 12:
				if c != '/' {
					return "", fmt.Errorf("número de processo inválido %q: %s", s, format)
				}
			case i == 17:
				if c != '-' {
					return "", fmt.Errorf("número de processo inválido %q: %s", s, format)
				}
			case c >= '0' && c <= '9':
				digits = append(digits, c)
			default:
				return "", fmt.Errorf("número de processo inválido %q: %s", s, format)
			}
		}
	case 17:
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return "", fmt.Errorf("número de processo inválido %q: %s", s, format)
			}
		}
		digits = []byte(s)
	default:
		return "", fmt.Errorf("número de processo inválido %q: %s", s, format)
	}
	dv1 := nupDigit(digits[:15])
	dv2 := nupDigit(append(digits[:15:15], dv1))
	if digits[15] != dv1 || digits[16] != dv2 {
		return "", fmt.Errorf("número de processo %q com dígitos verificadores que não conferem: confira o número", s)
	}
	d := string(digits)
	return d[:5] + "." + d[5:11] + "/" + d[11:15] + "-" + d[15:], nil
}

// nupDigit computes a NUP check digit: weights 2, 3, 4… from the rightmost
// digit, r = sum mod 11, digit = 11 - r, where 10 becomes 0 and 11 becomes 1.
func nupDigit(ds []byte) byte {
	sum := 0
	for i := range ds {
		weight := len(ds) - i + 1
		sum += int(ds[i]-'0') * weight
	}
	dv := 11 - sum%11
	if dv >= 10 {
		dv -= 10
	}
	return byte('0' + dv)
}

func checkLink(s string) error {
	const want = "informe um endereço completo, começando com https://"
	if strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("endereço inválido %q: %s", s, want)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("endereço inválido %q: %s", s, want)
	}
	return nil
}

// FieldError is a problem with one evidence value.
type FieldError struct {
	Name  string // Evidence.Name
	Label string // Evidence.Label
	Msg   string // in Portuguese
}

func (e FieldError) Error() string { return e.Label + ": " + e.Msg }

// CheckEvidence validates the values of every evidence of it, in the
// item's order.
func CheckEvidence(it Item, values map[string]string) []FieldError {
	var out []FieldError
	for _, e := range it.Evidence {
		if err := e.Check(values[e.Name]); err != nil {
			out = append(out, FieldError{Name: e.Name, Label: e.Label, Msg: err.Error()})
		}
	}
	return out
}
