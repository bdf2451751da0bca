package norm

import (
	"fmt"
	"github.com/seiportal/seiportal/engine/cite"
	"strings"

	"github.com/seiportal/seiportal/diag"
)

// path returns the names of p and its ancestors from the article (or the
// outermost heading) down, the caput left out unless p is the caput.
func (p *Provision) path() []string {
	if p.IsHeading() {
		// "Subseção I da Seção II do Capítulo I": innermost first.
		s := name(p)
		for q := p.Parent; q != nil; q = q.Parent {
			s += " " + agree(q, "do", "da") + " " + name(q)
		}
		return []string{s}
	}
	var parts []string
	for q := p; q != nil; q = q.Parent {
		if q.Kind == KindCaput && q != p {
			continue
		}
		parts = append(parts, name(q))
		if q.Kind == KindArticle {
			break
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// Ref is the citation of p inside its norm, without the norm: "art. 29,
// inciso II, alínea a"; "art. 10, § 2º"; "art. 29, caput"; "art. 10,
// parágrafo único"; "Seção II do Capítulo I".
func (p *Provision) Ref() string {
	return strings.Join(p.path(), ", ")
}

// Citation is the conventional pt-BR citation of p, from the article down
// to p, then the norm: "art. 29 da IN nº 15/2024"; "art. 29, inciso II,
// alínea a, da IN nº 15/2024"; "art. 10, § 2º, da Portaria nº 41/2022";
// "Seção II do Capítulo I da IN nº 15/2024". The norm's gender follows its
// short name ("do Decreto nº 1/2024").
func (p *Provision) Citation(m Meta) string {
	parts := p.path()
	ref := strings.Join(parts, ", ")
	if len(parts) > 1 {
		ref += ","
	}
	return ref + " " + m.of() + " " + m.Label()
}

// Text is p's own text with its label, on one line: "Art. 29. A criação…",
// "II - Solicitação…", "CAPÍTULO I – DA ADMINISTRAÇÃO DO SEI/UFT". A caput
// has no label of its own: its text is the article's.
func (p *Provision) Text() string {
	var b strings.Builder
	own := p
	if p.Kind == KindArticle {
		if c := p.Caput(); c != nil {
			own = c
		}
	}
	b.WriteString(p.Label)
	if p.IsHeading() {
		if p.Title != "" {
			b.WriteString(" – ")
			b.WriteString(p.Title)
		}
		return b.String()
	}
	for _, t := range own.Paragraphs {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// FullText is p's text followed by its children's, one provision a line:
// what a hover preview of a citation shows.
func (p *Provision) FullText() string {
	var b strings.Builder
	p.fullText(&b)
	return b.String()
}

func (p *Provision) fullText(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(p.Text())
	for _, c := range p.Children {
		if c.Kind == KindCaput {
			for _, cc := range c.Children {
				cc.fullText(b)
			}
			continue
		}
		c.fullText(b)
	}
}

// RevokedMarker ends the provision id of a citation whose sentence is about
// the provision's revocation (the syntax is package cite's).
const RevokedMarker = cite.RevokedMarker

// CheckCitation reports whether p may be cited: a revoked provision only
// by a citation about its revocation (about, written with RevokedMarker),
// and such a citation only of a revoked provision. Errors are in
// Portuguese.
func (p *Provision) CheckCitation(about bool, m Meta) error {
	switch {
	case p.Revoked && !about:
		how := ""
		if q, note := p.revocation(); note != "" {
			how = " (" + note + ")"
			if q != p && q != p.Caput() {
				how = ", com o " + q.Ref() + how
			}
		}
		return fmt.Errorf("o dispositivo citado foi revogado: %s%s; cite o dispositivo em vigor ou, se a frase trata da revogação, termine a citação com %s (#%s%s)",
			p.Citation(m), how, RevokedMarker, p.ID, RevokedMarker)
	case about && !p.Revoked:
		return fmt.Errorf("a citação termina com %s, mas o %s não está revogado no texto da norma: tire %s", RevokedMarker, p.Citation(m), RevokedMarker)
	}
	return nil
}

// revocation returns the provision whose note revokes p (p, its caput, or
// an ancestor) and the note, or "" when the text says only "Revogado".
func (p *Provision) revocation() (*Provision, string) {
	for q := p; q != nil && !q.IsHeading(); q = q.Parent {
		for _, r := range []*Provision{q, q.Caput()} {
			if r == nil {
				continue
			}
			for _, a := range r.Amendments {
				if a.Kind == AmendRevocation {
					return q, a.Text
				}
			}
		}
	}
	return nil, ""
}

// Definition is one term defined by a norm: an inciso written
// "Term: text" or "Term – text" in the article that holds the norm's
// definitions.
type Definition struct {
	Term        string
	Text        string // the definition, with its alíneas, if any
	ProvisionID string // "art3_cpt_inc2"
	Line, Col   int    // position of the inciso in the file
}

// maxTermWords bounds the words of a defined term: a longer "term" is a
// sentence, read at the wrong separator.
const maxTermWords = 10

// Definitions returns the terms defined by the incisos of the caput of the
// article articleID, in order. Each inciso reads "termo: definição" or
// "termo – definição" (any dash between spaces: "-", "–", "—"); the term
// may be quoted. When an inciso could be read both ways ("SEI – Sistema
// Eletrônico de Informações: sistema…"), the form of the article's other
// incisos decides. A revoked inciso defines nothing. An inciso that cannot
// be read is an error at its position, never a wrong glossary entry.
func (d *Doc) Definitions(articleID string) ([]Definition, diag.List) {
	a, ok := d.Lookup(articleID)
	if !ok || a.Kind != KindArticle {
		return nil, nil
	}
	c := a.Caput()
	if c == nil {
		return nil, nil
	}
	type reading struct {
		inc             *Provision
		colon, dash     termSplit
		colonOK, dashOK bool
	}
	var rs []reading
	colons, dashes := 0, 0
	for _, inc := range c.Children {
		if inc.Kind != KindInciso || inc.Revoked {
			continue
		}
		r := reading{inc: inc}
		if len(inc.Paragraphs) > 0 {
			first := inc.Paragraphs[0]
			r.colon, r.colonOK = splitTerm(first, colonSep)
			r.dash, r.dashOK = splitTerm(first, dashSep)
		}
		switch {
		case r.colonOK && !r.dashOK:
			colons++
		case r.dashOK && !r.colonOK:
			dashes++
		}
		rs = append(rs, r)
	}
	var out []Definition
	var errs diag.List
	for _, r := range rs {
		inc := r.inc
		var t termSplit
		switch {
		case r.colonOK && (!r.dashOK || colons >= dashes):
			t = r.colon
		case r.dashOK:
			t = r.dash
		default:
			errs = append(errs, diag.Errorf(d.File, inc.Line, inc.Col,
				"%s do %s (definições): não consegui ler o termo definido; escreva \"%s – termo: definição\" ou \"%s – termo – definição\", com o termo em até %d palavras, sem ponto nem ponto e vírgula",
				name(inc), name(a), roman(inc.Num), roman(inc.Num), maxTermWords))
			continue
		}
		text := []string{t.rest}
		text = append(text, inc.Paragraphs[1:]...)
		for _, ch := range inc.Children {
			text = append(text, strings.Split(ch.FullText(), "\n")...)
		}
		def := Definition{Term: t.term, Text: strings.Join(nonEmpty(text), " "), ProvisionID: inc.ID, Line: inc.Line, Col: inc.Col}
		if def.Text == "" {
			errs = append(errs, diag.Errorf(d.File, inc.Line, inc.Col, "%s do %s (definições): o termo %q não tem definição", name(inc), name(a), def.Term))
			continue
		}
		out = append(out, def)
	}
	return out, errs
}

const (
	colonSep = iota
	dashSep
)

type termSplit struct{ term, rest string }

// splitTerm splits "termo: definição" (sep colonSep) or "termo – definição"
// (dashSep) and reports whether what comes before the separator reads as a
// term: at most maxTermWords words, no ".", ";" or ":", balanced
// parentheses.
func splitTerm(s string, sep int) (termSplit, bool) {
	i, n := -1, 0
	switch sep {
	case colonSep:
		i, n = strings.Index(s, ":"), 1
	case dashSep:
		for _, d := range []string{" - ", " – ", " — "} {
			if j := strings.Index(s, d); j >= 0 && (i < 0 || j < i) {
				i, n = j, len(d)
			}
		}
	}
	if i <= 0 {
		return termSplit{}, false
	}
	term := strings.TrimSpace(s[:i])
	term = unquote(term)
	if term == "" || strings.ContainsAny(term, ".;:") || len(strings.Fields(term)) > maxTermWords ||
		strings.Count(term, "(") != strings.Count(term, ")") {
		return termSplit{}, false
	}
	return termSplit{term: term, rest: strings.TrimSpace(s[i+n:])}, true
}

// unquote removes the quotes around a whole term: "“Processo”" → "Processo".
func unquote(s string) string {
	for _, q := range [...][2]string{{"\"", "\""}, {"“", "”"}, {"‘", "’"}, {"'", "'"}} {
		if len(s) > len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			return strings.TrimSpace(s[len(q[0]) : len(s)-len(q[1])])
		}
	}
	return s
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
