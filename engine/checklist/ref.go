package checklist

import (
	"github.com/seiportal/seiportal/engine/cite"
)

// RefScheme prefixes every citation of a norm.
const RefScheme = string(cite.Norma) + ":"

// ParseRef splits a citation of a norm, "norma:<key>#<provision>", into the
// norm key ("in-15-2024") and the provision id ("art29_cpt_inc2", empty when
// the whole norm is cited). The syntax is package cite's; whether the
// provision exists is the generator's business. Its errors are in
// Portuguese.
func ParseRef(s string) (norm, provision string, err error) {
	return cite.ParseNorma(s)
}

// ParseBasis parses an entry of an item's basis: a provision of a norm
// ("norma:in-15-2024#art29", Base normativa) or a part of a source of the
// adhesion program ("fonte:sei-cidades#adesao", Orientação do programa).
func ParseBasis(s string) (cite.Citation, error) {
	c, err := cite.Parse(s)
	if err == nil && c.AboutRevocation {
		_, _, err = cite.ParseNorma(s) // explains that the marker is for pages only
		return cite.Citation{}, err
	}
	return c, err
}

// Kind returns what r rests on (cite.Norma or cite.Fonte), or "" when r is
// malformed.
func (r Ref) Kind() cite.Kind {
	c, err := cite.Parse(r.Target)
	if err != nil {
		return ""
	}
	return c.Kind
}

// Norm returns the norm key of r, or "" when r is malformed or is not a
// citation of a norm.
func (r Ref) Norm() string {
	n, _, err := ParseRef(r.Target)
	if err != nil {
		return ""
	}
	return n
}

// Provision returns the provision id of r ("" for a whole norm, a source or
// a malformed citation).
func (r Ref) Provision() string {
	_, p, err := ParseRef(r.Target)
	if err != nil {
		return ""
	}
	return p
}

// ValidID reports whether s can be the id of a checklist, a stage, an item,
// a role or an evidence: lower-case letters, digits and single hyphens.
func ValidID(s string) bool { return cite.ValidKey(s) }
