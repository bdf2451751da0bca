package checklist

import (
	"fmt"
	"strings"
)

// RefScheme prefixes every citation of a norm.
const RefScheme = "norma:"

// ParseRef splits a citation "norma:<key>#<provision>" into the norm key
// ("in-15-2024") and the provision id ("art29_cpt_inc2", empty when the
// whole norm is cited). Keys are lower-case letters, digits and single
// hyphens. Provision ids follow LexML's style:
//
//	art29              article (art1-1 for art. 1º-A)
//	art29_cpt          caput
//	art29_par1         § 1º (art10_par1u: parágrafo único)
//	art7_cpt_inc2      inciso II of the caput (art8_par1_inc2: of § 1º)
//	art29_cpt_inc2_ali1       alínea a
//	art11_cpt_inc1_ali1_ite1  item
//	cap1, cap1_sec2, cap1_sec2_sub1   chapter, section, subsection
//
// ParseRef checks the syntax only; whether the provision exists is the
// generator's business. Its errors are in Portuguese.
func ParseRef(s string) (norm, provision string, err error) {
	rest, ok := strings.CutPrefix(s, RefScheme)
	if !ok {
		return "", "", fmt.Errorf("citação %q deve começar com %q (ex.: norma:in-15-2024#art29)", s, RefScheme)
	}
	norm, provision, hasID := strings.Cut(rest, "#")
	if !validKey(norm) {
		return "", "", fmt.Errorf("citação %q: chave de norma inválida %q (use letras minúsculas, algarismos e hífens, ex.: in-15-2024)", s, norm)
	}
	if hasID && !validProvision(provision) {
		return "", "", fmt.Errorf("citação %q: identificador de dispositivo inválido %q (ex.: art29, art29_par1, art10_par1u, art29_cpt_inc2, art29_cpt_inc2_ali1)", s, provision)
	}
	return norm, provision, nil
}

// Norm returns the norm key of r, or "" when r is malformed.
func (r Ref) Norm() string {
	n, _, err := ParseRef(r.Target)
	if err != nil {
		return ""
	}
	return n
}

// Provision returns the provision id of r ("" for a whole norm or a
// malformed citation).
func (r Ref) Provision() string {
	_, p, err := ParseRef(r.Target)
	if err != nil {
		return ""
	}
	return p
}

// validKey reports whether s is an id: lower-case ASCII letters and digits
// in runs joined by single hyphens ("in-15-2024", "gestor-sei").
func validKey(s string) bool {
	if s == "" {
		return false
	}
	prev := byte('-')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && prev != '-':
		default:
			return false
		}
		prev = c
	}
	return prev != '-'
}

// ValidID reports whether s can be the id of a checklist, a stage, an item,
// a role or an evidence: lower-case letters, digits and single hyphens.
func ValidID(s string) bool { return validKey(s) }

// validProvision checks a LexML-style provision id (see ParseRef).
func validProvision(s string) bool {
	p := provisionParser{s: s}
	var ok bool
	switch {
	case strings.HasPrefix(s, "art"):
		ok = p.article()
	case strings.HasPrefix(s, "cap"):
		ok = p.chapter()
	}
	return ok && p.s == ""
}

type provisionParser struct{ s string }

// part consumes prefix followed by a number without leading zeros and
// returns the number.
func (p *provisionParser) part(prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(p.s, prefix)
	if !ok || rest == "" || rest[0] < '1' || rest[0] > '9' {
		return 0, false
	}
	n, i := 0, 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		if n > 1e6 {
			return 0, false
		}
		n = n*10 + int(rest[i]-'0')
		i++
	}
	p.s = rest[i:]
	return n, true
}

func (p *provisionParser) article() bool {
	if _, ok := p.part("art"); !ok {
		return false
	}
	if strings.HasPrefix(p.s, "-") { // art. 1º-A → art1-1
		if _, ok := p.part("-"); !ok {
			return false
		}
	}
	switch {
	case p.s == "":
		return true
	case strings.HasPrefix(p.s, "_cpt"):
		p.s = p.s[len("_cpt"):]
	case strings.HasPrefix(p.s, "_par"):
		n, ok := p.part("_par")
		if !ok {
			return false
		}
		if strings.HasPrefix(p.s, "u") {
			if n != 1 {
				return false
			}
			p.s = p.s[1:]
		}
	default:
		return false
	}
	for _, level := range [...]string{"_inc", "_ali", "_ite"} {
		if p.s == "" {
			return true
		}
		if _, ok := p.part(level); !ok {
			return false
		}
	}
	return true
}

func (p *provisionParser) chapter() bool {
	for i, level := range [...]string{"cap", "_sec", "_sub"} {
		if i > 0 && p.s == "" {
			return true
		}
		if _, ok := p.part(level); !ok {
			return false
		}
	}
	return true
}
