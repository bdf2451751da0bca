// Package cite owns the syntax of the portal's citations, the one place
// where "norma:<key>#<provision>" and "fonte:<key>#<part>" are parsed and
// checked:
//
//   - norma: a provision of a norm published in content/normas/ (Base
//     normativa). Provision ids follow LexML's style (see ValidProvision).
//   - fonte: a part of a bibliographic source of the adhesion program kept
//     as data in content/fontes.yaml (Orientação do programa): a guide, a
//     deck, a web page. Part ids are names such as "modulo-1" or "p3".
//
// cite checks the syntax only; whether the norm, the provision, the source
// or the part exists is the generator's business. Its errors are in
// Portuguese, for authors.
package cite

import (
	"fmt"
	"strings"
)

// Kind is what a citation rests on.
type Kind string

const (
	// Norma cites a provision of a norm ("Base normativa").
	Norma Kind = "norma"
	// Fonte cites a part of a source of the program ("Orientação do programa").
	Fonte Kind = "fonte"
)

// Citation is a parsed citation.
type Citation struct {
	Kind Kind
	// Key names the norm ("in-15-2024") or the source ("guia-ponto-focal").
	Key string
	// Anchor is the provision id ("art29_cpt_inc2") or the part id
	// ("modulo-1"); empty when the whole norm or source is cited.
	Anchor string
	// AboutRevocation is set when a norm citation ends with RevokedMarker:
	// the sentence is about the provision's revocation, so citing a revoked
	// provision is intended.
	AboutRevocation bool
}

// RevokedMarker ends the provision id of a citation whose sentence is about
// that provision's revocation: "norma:lei-1-2024#art2_par2?revogado".
const RevokedMarker = "?revogado"

// String returns the citation as written: "norma:in-15-2024#art29".
func (c Citation) String() string {
	s := string(c.Kind) + ":" + c.Key
	if c.Anchor != "" {
		s += "#" + c.Anchor
	}
	if c.AboutRevocation {
		s += RevokedMarker
	}
	return s
}

// Is reports whether s is written as a citation (it starts with "norma:"
// or "fonte:"), well formed or not.
func Is(s string) bool {
	return strings.HasPrefix(s, string(Norma)+":") || strings.HasPrefix(s, string(Fonte)+":")
}

// Parse parses a citation of either kind.
func Parse(s string) (Citation, error) {
	scheme, rest, ok := strings.Cut(s, ":")
	kind := Kind(scheme)
	if !ok || (kind != Norma && kind != Fonte) {
		return Citation{}, fmt.Errorf("citação %q deve começar com \"norma:\" ou \"fonte:\" (ex.: norma:in-15-2024#art29, fonte:guia-ponto-focal#modulo-1)", s)
	}
	key, anchor, hasAnchor := strings.Cut(rest, "#")
	var about bool
	if kind == Norma && hasAnchor {
		anchor, about = strings.CutSuffix(anchor, RevokedMarker)
	}
	if !ValidKey(key) {
		what, ex := "norma", "in-15-2024"
		if kind == Fonte {
			what, ex = "fonte", "guia-ponto-focal"
		}
		return Citation{}, fmt.Errorf("citação %q: chave de %s inválida %q (use letras minúsculas, algarismos e hífens, ex.: %s)", s, what, key, ex)
	}
	switch {
	case !hasAnchor:
	case kind == Norma && !ValidProvision(anchor):
		return Citation{}, fmt.Errorf("citação %q: identificador de dispositivo inválido %q (ex.: art29, art29_par1, art10_par1u, art29_cpt_inc2, art29_cpt_inc2_ali1)", s, anchor)
	case kind == Fonte && !ValidKey(anchor):
		return Citation{}, fmt.Errorf("citação %q: parte da fonte inválida %q (use letras minúsculas, algarismos e hífens, ex.: modulo-1, p3)", s, anchor)
	}
	return Citation{Kind: kind, Key: key, Anchor: anchor, AboutRevocation: about}, nil
}

// ParseNorma parses a citation that must be of a norm.
func ParseNorma(s string) (key, provision string, err error) {
	if !strings.HasPrefix(s, string(Norma)+":") {
		return "", "", fmt.Errorf("citação %q deve começar com \"norma:\" (ex.: norma:in-15-2024#art29)", s)
	}
	c, err := Parse(s)
	if err != nil {
		return "", "", err
	}
	if c.AboutRevocation {
		return "", "", fmt.Errorf("citação %q: %s só vale no texto das páginas, numa frase sobre a revogação", s, RevokedMarker)
	}
	return c.Key, c.Anchor, nil
}

// ValidKey reports whether s is a key: lower-case ASCII letters and digits
// in runs joined by single hyphens ("in-15-2024", "guia-ponto-focal").
func ValidKey(s string) bool {
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

// ValidProvision reports whether s is a LexML-style provision id:
//
//	art29              article (art1-1 for art. 1º-A)
//	art29_cpt          caput
//	art29_par1         § 1º (art10_par1u: parágrafo único)
//	art7_cpt_inc2      inciso II of the caput (art8_par1_inc2: of § 1º)
//	art29_cpt_inc2_ali1       alínea a
//	art11_cpt_inc1_ali1_ite1  item
//	cap1, cap1_sec2, cap1_sec2_sub1   chapter, section, subsection
func ValidProvision(s string) bool {
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

// part consumes prefix followed by a number without leading zeros.
func (p *provisionParser) part(prefix string) bool {
	rest, ok := strings.CutPrefix(p.s, prefix)
	if !ok || rest == "" || rest[0] < '1' || rest[0] > '9' {
		return false
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		if i >= 7 {
			return false
		}
		i++
	}
	p.s = rest[i:]
	return true
}

func (p *provisionParser) article() bool {
	if !p.part("art") {
		return false
	}
	if strings.HasPrefix(p.s, "-") && !p.part("-") { // art. 1º-A → art1-1
		return false
	}
	switch {
	case p.s == "":
		return true
	case strings.HasPrefix(p.s, "_cpt"):
		p.s = p.s[len("_cpt"):]
	case strings.HasPrefix(p.s, "_par"):
		// Only § 1 can be the parágrafo único: "_par1u", never "_par12u".
		one := strings.HasPrefix(p.s, "_par1") && (len(p.s) == 5 || p.s[5] < '0' || p.s[5] > '9')
		if !p.part("_par") {
			return false
		}
		if strings.HasPrefix(p.s, "u") {
			if !one {
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
		if !p.part(level) {
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
		if !p.part(level) {
			return false
		}
	}
	return true
}
