// Package norm parses the normative texts shipped in content/normas/ (an act
// transcribed as published, with no markup) into a tree of provisions with
// LexML ids, and renders that tree as an accessible HTML fragment whose ids
// are the portal's citation targets ("norma:in-15-2024#art29_cpt_inc2").
//
// # What the parser recognizes
//
// Everything before the first "Art. 1º" line is the preamble (letterhead,
// epígrafe, ementa, preâmbulo). Then: "CAPÍTULO", "Seção" and "Subseção"
// headings, with their title after a dash on the same line or on the next
// line; articles ("Art. 1º", "Art. 10.", "Art. 1º-A"), whose first text is
// the caput; paragraphs ("§ 1º", "Parágrafo único.", any case); incisos in
// roman numerals followed by "-", "–" or "—"; alíneas ("a)"), under an
// inciso or directly under a paragraph (as in art. 8, § 1º, of IN 15/2024),
// never directly under a caput; itens ("1." or "1)") under an alínea.
// Ordinals may be written "º", "°" or "o". The closing (place and date line,
// signatory, role) starts at the first place-and-date or all-capitals line
// after the last article that no structural line follows. Any other line
// continues the current provision: after a blank line it starts a new
// paragraph of the provision's text, otherwise it continues the last one
// (as in Markdown).
//
// # Ids
//
// Provision ids follow the LexML naming of fragments (LexML Brasil, Parte 3
// "LexML XML Schema" and the fragment labels of the LexML URN formatter,
// github.com/lexml/lexml-urn-formatter, where "art1-2" reads "artigo 1º-B"):
// art29, art29_cpt, art29_cpt_inc2, art29_cpt_inc2_ali1,
// art11_cpt_inc1_ali1_ite1, art29_par1, art10_par1u (parágrafo único),
// art8_par1_inc2, art1-1 (Art. 1º-A); headings cap1, cap1_sec2,
// cap1_sec2_sub1.
//
// # URN
//
// A norm's URN follows LexML Brasil, Parte 2 "LexML URN" (Senado Federal,
// 2008; projeto.lexml.gov.br/documentacao/Parte-2-LexML-URN.pdf), the
// Brazilian profile of the "lex" URN namespace (RFC 9676):
//
//	urn:lex:<local>:<autoridade>:<tipo-documento>:<data>;<número>
//
// <local> is "br" for federal bodies, "br;<estado>" for a state or the
// Distrito Federal and "br;<estado>;<município>" for a municipality;
// <autoridade> names the issuing body, subordinate bodies separated by ";"
// ("ministerio.fazenda;secretaria.receita.federal"); <tipo-documento> is the
// kind of act ("portaria", "instrucao.normativa"); the descriptor is the
// act's date (YYYY-MM-DD) and number without thousands separators
// ("urn:lex:br:federal:lei:2008-06-19;11705"). Every name is written in
// lower case without diacritics, its words joined by "." after dropping
// articles, prepositions and conjunctions ("Advocacia-Geral da União" →
// "advocacia.geral.uniao"), as in the LexML controlled vocabularies
// (Parte 6; github.com/okfn-brasil/lexml-vocabulary).
//
// Errors carry file:line:col positions in the original file (columns count
// characters, not bytes); Parse reports every problem it finds and never
// panics.
package norm

// Kind is the kind of a provision; its value is the LexML id prefix and the
// CSS class used in the HTML.
type Kind string

// The kinds of provisions, headings included.
const (
	KindChapter    Kind = "cap"
	KindSection    Kind = "sec"
	KindSubsection Kind = "sub"
	KindArticle    Kind = "art"
	KindCaput      Kind = "cpt"
	KindParagraph  Kind = "par"
	KindInciso     Kind = "inc"
	KindAlinea     Kind = "ali"
	KindItem       Kind = "ite"
)

// Provision is one node of a norm: a heading (chapter, section, subsection)
// or a dispositivo (article, caput, paragraph, inciso, alínea, item).
type Provision struct {
	ID   string // LexML id: "art29_cpt_inc2"
	Kind Kind
	// Label is the label as printed ("Art. 10.", "§ 1º", "II -", "a)",
	// "Parágrafo único.", "CAPÍTULO I"); empty for a caput.
	Label string
	// Num is the article, paragraph, inciso, alínea (a = 1), item or
	// heading number; 1 for a parágrafo único. Suffix is the letter after
	// a hyphen ("Art. 1º-A": 1), 0 when none.
	Num, Suffix int
	Unique      bool   // parágrafo único
	Title       string // heading title ("DA ADMINISTRAÇÃO DO SEI/UFT")
	// Paragraphs is the provision's own text (label excluded), one entry
	// per paragraph; a caput holds its article's text.
	Paragraphs []string
	Children   []*Provision
	Parent     *Provision
	Line, Col  int // position of the label in the original file
	// Amendments are the notes of the text as published about how the
	// provision came to read as it does ("(Redação dada pela Lei nº …)",
	// "(Incluído pelo Decreto nº …)", "(Revogado pela …)"), in order. They
	// are not part of Paragraphs.
	Amendments []Amendment
	// Revoked is set when the provision's text is only a revocation
	// ("(Revogado)", "Revogado.", "(Revogado pela Lei nº …)"); an article
	// is revoked when its caput is.
	Revoked bool
}

// AmendmentKind is what an Amendment note says happened to a provision.
type AmendmentKind string

// The kinds of amendment notes.
const (
	AmendWording     AmendmentKind = "redacao"     // "Redação dada por …"
	AmendInsertion   AmendmentKind = "inclusao"    // "Incluído por …", "Acrescido por …"
	AmendRevocation  AmendmentKind = "revogacao"   // "Revogado por …", "Revogado"
	AmendRenumbering AmendmentKind = "renumeracao" // "Renumerado por …"
	AmendVeto        AmendmentKind = "veto"        // "VETADO"
	AmendReference   AmendmentKind = "remissao"    // "Vide …", "Vigência", "Regulamento"
)

// Amendment is one note of the text as published, "(Redação dada pelo
// Decreto nº 2, de 2025)": Text is the note without its parentheses, Para
// the index in Paragraphs of the paragraph it followed.
type Amendment struct {
	Kind AmendmentKind
	Text string
	Para int
}

// Block is one line (paragraph) of the preamble or of the closing.
type Block struct {
	// Kind: in the preamble "cabecalho", "epigrafe", "ementa" or
	// "preambulo"; in the closing "data", "assinatura" or "cargo".
	Kind string
	Text string
	Line int
}

// Doc is a parsed norm.
type Doc struct {
	File     string
	Preamble []Block
	Body     []*Provision // top level: headings and articles outside them
	Closing  []Block

	all  []*Provision
	byID map[string]*Provision
}

// Lookup returns the provision or heading with the given LexML id.
func (d *Doc) Lookup(id string) (*Provision, bool) {
	if d == nil {
		return nil, false
	}
	p, ok := d.byID[id]
	return p, ok
}

// Provisions returns every provision, headings included, in document order.
func (d *Doc) Provisions() []*Provision {
	if d == nil {
		return nil
	}
	return append([]*Provision(nil), d.all...)
}

// Articles returns the articles in document order.
func (d *Doc) Articles() []*Provision {
	if d == nil {
		return nil
	}
	var out []*Provision
	for _, p := range d.all {
		if p.Kind == KindArticle {
			out = append(out, p)
		}
	}
	return out
}

// IsHeading reports whether p is a chapter, section or subsection.
func (p *Provision) IsHeading() bool {
	return p.Kind == KindChapter || p.Kind == KindSection || p.Kind == KindSubsection
}

// Caput returns the caput of an article (nil for anything else).
func (p *Provision) Caput() *Provision {
	if p.Kind != KindArticle {
		return nil
	}
	for _, c := range p.Children {
		if c.Kind == KindCaput {
			return c
		}
	}
	return nil
}

// Article returns the article that contains p (p itself for an article),
// nil for a heading.
func (p *Provision) Article() *Provision {
	for q := p; q != nil; q = q.Parent {
		if q.Kind == KindArticle {
			return q
		}
	}
	return nil
}
