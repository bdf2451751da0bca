package norm

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// shipped is a norm read from content/normas/.
type shipped struct {
	file      string
	meta      Meta
	firstLine int
	body      []byte
}

// readNorm splits a content file into its "norm:" metadata and its body,
// the way the generator does: YAML front matter between "---" lines.
func readNorm(t testing.TB, path string) shipped {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read %s: %v", path, err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		t.Fatalf("%s: no front matter", path)
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		t.Fatalf("%s: front matter not closed", path)
	}
	var fm struct {
		Title       string    `yaml:"title"`
		Description string    `yaml:"description"`
		Norm        yaml.Node `yaml:"norm"`
	}
	if err := yaml.Unmarshal([]byte(strings.Join(lines[1:end], "")), &fm); err != nil {
		t.Fatalf("%s: front matter: %v", path, err)
	}
	if fm.Title == "" || fm.Description == "" {
		t.Errorf("%s: title and description are required", path)
	}
	m, errs := DecodeMeta(path, &fm.Norm)
	if len(errs) > 0 {
		t.Errorf("%s: metadata:\n%v", path, errs)
	}
	return shipped{file: path, meta: m, firstLine: end + 2, body: []byte(strings.Join(lines[end+1:], ""))}
}

func parseShipped(t testing.TB, name string) (shipped, *Doc) {
	t.Helper()
	s := readNorm(t, filepath.Join("..", "..", "content", "normas", name))
	d, errs := Parse(s.file, s.firstLine, s.body)
	if len(errs) > 0 {
		t.Fatalf("%s: parse errors:\n%v", name, errs)
	}
	if msgs := d.CheckMeta(s.meta); len(msgs) > 0 {
		t.Errorf("%s: metadata does not match the text: %v", name, msgs)
	}
	return s, d
}

func countKinds(d *Doc) map[Kind]int {
	n := map[Kind]int{}
	for _, p := range d.Provisions() {
		n[p.Kind]++
	}
	return n
}

func TestShippedNorms(t *testing.T) {
	// Counted by hand from /work/shared/seeds/002… and 003….
	tests := []struct {
		file                                string
		articles, paragraphs, unique        int
		incisos, alineas, items             int
		chapters, sections                  int
		firstClosing, lastClosing, epigrafe string
	}{
		{"in-15-2024.md", 42, 20, 7, 70, 28, 0, 4, 12,
			"Palmas, 14 de outubro de 2024.", "Pró-Reitor de Tecnologia da Informação e Comunicação - Substituto",
			"INSTRUÇÃO NORMATIVA Nº 15/2024 - PROTIC/UFT"},
		{"portaria-41-2022.md", 29, 39, 4, 59, 2, 0, 5, 6,
			"CANDIDO TELES DE ARAÚJO", "CANDIDO TELES DE ARAÚJO",
			"PORTARIA Nº 41, DE 30 DE JUNHO DE 2022"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, d := parseShipped(t, tt.file)
			n := countKinds(d)
			unique := 0
			for _, p := range d.Provisions() {
				if p.Unique {
					unique++
				}
			}
			got := []int{len(d.Articles()), n[KindArticle], n[KindCaput], n[KindParagraph], unique, n[KindInciso], n[KindAlinea], n[KindItem], n[KindChapter], n[KindSection]}
			want := []int{tt.articles, tt.articles, tt.articles, tt.paragraphs, tt.unique, tt.incisos, tt.alineas, tt.items, tt.chapters, tt.sections}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("counts [articles art cpt par único inc ali ite cap sec] = %v; want %v", got, want)
			}
			for i, a := range d.Articles() {
				if a.Num != i+1 || a.ID != fmt.Sprintf("art%d", i+1) {
					t.Errorf("article %d: num %d id %q", i+1, a.Num, a.ID)
				}
			}
			seen := map[string]bool{}
			for _, p := range d.Provisions() {
				if p.ID == "" || seen[p.ID] {
					t.Errorf("id %q empty or repeated", p.ID)
				}
				seen[p.ID] = true
				if q, ok := d.Lookup(p.ID); !ok || q != p {
					t.Errorf("Lookup(%q) does not return the provision", p.ID)
				}
			}
			if len(d.Closing) == 0 || d.Closing[0].Text != tt.firstClosing || d.Closing[len(d.Closing)-1].Text != tt.lastClosing {
				t.Errorf("closing = %+v", d.Closing)
			}
			var epi string
			for _, b := range d.Preamble {
				if b.Kind == "epigrafe" {
					epi = b.Text
				}
			}
			if epi != tt.epigrafe {
				t.Errorf("epígrafe = %q; want %q", epi, tt.epigrafe)
			}
		})
	}
}

func TestShippedText(t *testing.T) {
	_, in := parseShipped(t, "in-15-2024.md")
	_, port := parseShipped(t, "portaria-41-2022.md")
	tests := []struct {
		doc  *Doc
		id   string
		want string
		full bool
	}{
		{in, "art35", "45 (quarenta e cinco) dias úteis", false},
		{in, "art35", "Parágrafo Único. A solicitação deverá ser encaminhada conforme estabelecido no art. 19.", true},
		{port, "art10_par2", "§ 2º Cada usuário poderá ter no máximo cinco perfis de acesso, exceto se esse limite for excedido em razão das unidades não-orgânicas com designação publicada.", false},
		{in, "art3", "Art. 3º As atividades de gestão do sistema", false},
		{in, "art12_par4", "", false},
		{in, "cap1", "CAPÍTULO I – DA ADMINISTRAÇÃO DO SEI/UFT", false},
		{port, "cap3_sec1", "SEÇÃO I – DOS USUÁRIOS E DOS PERFIS DE ACESSO NO SEI-GDF", false},
		{port, "art12_par4_inc2", "II- Memorando solicitando", false},
		{in, "art29_cpt_inc2_ali5", "e) Usuários internos que terão acesso à caixa de entrada da unidade.", false},
		{in, "art37_cpt_inc4", "IV - Observância aos processos restritos e sigilosos, devendo realizar a gestão destes.", false},
	}
	for _, tt := range tests {
		p, ok := tt.doc.Lookup(tt.id)
		if tt.want == "" {
			if ok {
				t.Errorf("Lookup(%q) found %q; want nothing", tt.id, p.Text())
			}
			continue
		}
		if !ok {
			t.Errorf("Lookup(%q) found nothing", tt.id)
			continue
		}
		got := p.Text()
		if tt.full {
			got = p.FullText()
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s text = %q; want it to contain %q", tt.id, got, tt.want)
		}
	}
	// Art. 29 of the IN with its children, one provision a line.
	a29, _ := in.Lookup("art29")
	if n := strings.Count(a29.FullText(), "\n") + 1; n != 10 {
		t.Errorf("art29 FullText has %d lines; want 10 (caput, 2 incisos, 5 alíneas, 2 §§):\n%s", n, a29.FullText())
	}
}

func TestCitation(t *testing.T) {
	in, inDoc := parseShipped(t, "in-15-2024.md")
	port, portDoc := parseShipped(t, "portaria-41-2022.md")
	tests := []struct {
		doc  *Doc
		m    Meta
		id   string
		want string
	}{
		{inDoc, in.meta, "art29", "art. 29 da IN nº 15/2024"},
		{inDoc, in.meta, "art29_cpt", "art. 29, caput, da IN nº 15/2024"},
		{inDoc, in.meta, "art29_cpt_inc2", "art. 29, inciso II, da IN nº 15/2024"},
		{inDoc, in.meta, "art29_cpt_inc2_ali1", "art. 29, inciso II, alínea a, da IN nº 15/2024"},
		{inDoc, in.meta, "art8_par1_ali5", "art. 8º, § 1º, alínea e, da IN nº 15/2024"},
		{inDoc, in.meta, "art15_par2_inc1", "art. 15, § 2º, inciso I, da IN nº 15/2024"},
		{inDoc, in.meta, "art35_par1u", "art. 35, parágrafo único, da IN nº 15/2024"},
		{inDoc, in.meta, "art5", "art. 5º da IN nº 15/2024"},
		{inDoc, in.meta, "cap1_sec2", "Seção II do Capítulo I da IN nº 15/2024"},
		{portDoc, port.meta, "art10_par2", "art. 10, § 2º, da Portaria nº 41/2022"},
		{portDoc, port.meta, "art3_cpt_inc27", "art. 3º, inciso XXVII, da Portaria nº 41/2022"},
		{portDoc, port.meta, "art3_cpt_inc2_ali2", "art. 3º, inciso II, alínea b, da Portaria nº 41/2022"},
		{portDoc, port.meta, "cap2", "Capítulo II da Portaria nº 41/2022"},
	}
	for _, tt := range tests {
		p, ok := tt.doc.Lookup(tt.id)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", tt.id)
			continue
		}
		if got := p.Citation(tt.m); got != tt.want {
			t.Errorf("Citation(%s) = %q; want %q", tt.id, got, tt.want)
		}
	}
	// A masculine act: "do Decreto".
	d, errs := Parse("x.md", 1, []byte("Art. 1º-A Texto.\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	p, _ := d.Lookup("art1-1")
	if got := p.Citation(Meta{Short: "Decreto", Number: "1.234", Year: 2025}); got != "art. 1º-A do Decreto nº 1.234/2025" {
		t.Errorf("Citation(art1-1) = %q", got)
	}
}

func TestURN(t *testing.T) {
	in := readNorm(t, "../../content/normas/in-15-2024.md")
	port := readNorm(t, "../../content/normas/portaria-41-2022.md")
	tests := []struct {
		m    Meta
		want string
	}{
		{in.meta, "urn:lex:br:universidade.federal.tocantins;pro.reitoria.tecnologia.informacao.comunicacao:instrucao.normativa:2024-10-14;15"},
		{port.meta, "urn:lex:br;distrito.federal:secretaria.estado.agricultura.abastecimento.desenvolvimento.rural:portaria:2022-06-30;41"},
		// The examples of LexML's documentation.
		{Meta{Type: "Lei", Number: "11.705", Date: "2008-06-19", URN: URNParts{Authority: []string{"Federal"}}}, "urn:lex:br:federal:lei:2008-06-19;11705"},
		{Meta{Type: "Resolução", Number: "866", Date: "2011-12-14", URN: URNParts{Locality: []string{"São Paulo", "Campinas"}, Authority: []string{"Câmara Municipal"}}}, "urn:lex:br;sao.paulo;campinas:camara.municipal:resolucao:2011-12-14;866"},
		{Meta{Type: "Lei", Number: "3152", Date: "2003-05-06", URN: URNParts{Locality: []string{"distrito.federal"}, Authority: []string{"distrital"}}}, "urn:lex:br;distrito.federal:distrital:lei:2003-05-06;3152"},
	}
	for _, tt := range tests {
		got, err := tt.m.URNString()
		if err != nil || got != tt.want {
			t.Errorf("URNString() = %q, %v; want %q", got, err, tt.want)
		}
	}
	bad := []Meta{
		{Type: "Lei", Number: "1", Date: "2008-06-19"},                                                                              // no authority
		{Type: "Lei", Number: "1", Date: "19/06/2008", URN: URNParts{Authority: []string{"Federal"}}},                               // date format
		{Type: "Lei", Number: "1/2008", Date: "2008-06-19", URN: URNParts{Authority: []string{"Federal"}}},                          // number
		{Type: "Lei", Number: "", Date: "2008-06-19", URN: URNParts{Authority: []string{"Federal"}}},                                // no number
		{Number: "1", Date: "2008-06-19", URN: URNParts{Authority: []string{"Federal"}}},                                            // no type
		{Type: "Lei", Number: "1", Date: "2008-06-19", URN: URNParts{Locality: []string{"a1", "b", "c"}, Authority: []string{"x"}}}, // too deep
	}
	for i, m := range bad {
		if got, err := m.URNString(); err == nil {
			t.Errorf("bad[%d].URNString() = %q; want an error", i, got)
		}
	}
	if got := in.meta.Label(); got != "IN nº 15/2024" {
		t.Errorf("Label() = %q", got)
	}
	if got := port.meta.Label(); got != "Portaria nº 41/2022" {
		t.Errorf("Label() = %q", got)
	}
}

func TestMetaCheck(t *testing.T) {
	if msgs := (Meta{}).Check(); len(msgs) < 8 {
		t.Errorf("Check() on empty Meta = %v; want every missing field", msgs)
	}
	in := readNorm(t, "../../content/normas/in-15-2024.md")
	m := in.meta
	m.Status, m.Date = "em vigor", "2023-01-01"
	msgs := strings.Join(m.Check(), "\n")
	for _, want := range []string{"norm.status: situação inválida \"em vigor\"", "norm.date: a data 2023-01-01 não é do ano 2024"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("Check() = %q; want %q", msgs, want)
		}
	}
	var node yaml.Node
	src := "norm:\n  type: Portaria\n  numbr: \"1\"\n  year: dois mil\n"
	if err := yaml.Unmarshal([]byte(src), &node); err != nil {
		t.Fatal(err)
	}
	_, errs := DecodeMeta("a.md", node.Content[0].Content[1])
	got := errs.Error()
	for _, want := range []string{`a.md:3:3: chave desconhecida "numbr" em norm (aceitas: date, definitions, ementa, issuer, jurisdiction, notes, number, short, source, source_url, status, type, urn, year)`, `a.md:4:9: esperava um número inteiro, não "dois mil"`, "norm.number: falta o número do ato"} {
		if !strings.Contains(got, want) {
			t.Errorf("DecodeMeta errors:\n%s\nwant %q", got, want)
		}
	}
	d, _ := Parse("x.md", 1, []byte("Art. 1º Texto.\n"))
	msgs2 := d.CheckMeta(Meta{Definitions: "art2", Notes: []Note{{Provision: "art9", Text: "x"}}})
	if len(msgs2) != 2 {
		t.Errorf("CheckMeta = %v; want 2 problems", msgs2)
	}
}

func TestDefinitions(t *testing.T) {
	port, d := parseShipped(t, "portaria-41-2022.md")
	defs, errs := d.Definitions(port.meta.Definitions)
	if len(errs) > 0 {
		t.Fatalf("Definitions(art3): %v", errs)
	}
	if len(defs) != 27 {
		t.Fatalf("Definitions(art3) = %d terms; want 27", len(defs))
	}
	check := []struct {
		i          int
		term, text string
		id         string
	}{
		{0, "Anexação de processos", "juntada, em caráter definitivo, de um processo a outro, desde que trate do mesmo assunto e interessado.", "art3_cpt_inc1"},
		{1, "Assinatura eletrônica", "registro realizado eletronicamente por usuário identificado de modo inequívoco, com vistas a firmar documentos por meio de: a) certificado digital: forma de identificação do usuário emitido por autoridade certificadora credenciada na Infraestrutura de Chaves Públicas Brasileiras (ICP-Brasil); b) usuário e senha: forma de identificação do usuário, mediante prévio cadastramento.", "art3_cpt_inc2"},
		{9, "Perfil de ‘Acervo de Sigilosos na Unidade’", "perfil de concessão de credencial de acesso a todos os processos sigilosos que tramitaram na unidade, concedido exclusivamente ao responsável pelo setor.", "art3_cpt_inc10"},
		{26, "Usuário externo", "", "art3_cpt_inc27"},
	}
	for _, c := range check {
		got := defs[c.i]
		if got.Term != c.term || got.ProvisionID != c.id || c.text != "" && got.Text != c.text {
			t.Errorf("Definitions[%d] = %+v; want term %q id %q text %q", c.i, got, c.term, c.id, c.text)
		}
	}
	if defs, errs := d.Definitions("art4"); len(defs) != 0 || len(errs) == 0 {
		t.Errorf("Definitions(art4) = %d terms, %v; want 0 and errors (its incisos are not \"termo: definição\")", len(defs), errs)
	}
	if defs, _ := d.Definitions("art99"); defs != nil {
		t.Errorf("Definitions(art99) = %v; want nil", defs)
	}
}

// dump writes the tree for the golden files: one line per node.
func dump(d *Doc) string {
	var b bytes.Buffer
	for _, bl := range d.Preamble {
		fmt.Fprintf(&b, "preambulo %s %d | %s\n", bl.Kind, bl.Line, bl.Text)
	}
	var walk func(p *Provision, depth int)
	walk = func(p *Provision, depth int) {
		fmt.Fprintf(&b, "%s%s %s %d:%d label=%q", strings.Repeat("  ", depth), p.ID, p.Kind, p.Line, p.Col, p.Label)
		if p.Title != "" {
			fmt.Fprintf(&b, " title=%q", p.Title)
		}
		if p.Revoked {
			b.WriteString(" revogado")
		}
		for _, t := range p.Paragraphs {
			fmt.Fprintf(&b, "\n%s  | %s", strings.Repeat("  ", depth), t)
		}
		for _, a := range p.Amendments {
			fmt.Fprintf(&b, "\n%s  ~ %s (parágrafo %d) %s", strings.Repeat("  ", depth), a.Kind, a.Para, a.Text)
		}
		b.WriteByte('\n')
		for _, c := range p.Children {
			walk(c, depth+1)
		}
	}
	for _, p := range d.Body {
		walk(p, 0)
	}
	for _, bl := range d.Closing {
		fmt.Fprintf(&b, "fecho %s %d | %s\n", bl.Kind, bl.Line, bl.Text)
	}
	return b.String()
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read %s (run go test ./generator/norm -update): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is intended):\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, a, b)
		}
	}
	return ""
}

func syntheticMeta() Meta {
	return Meta{Type: "Decreto", Short: "Decreto", Number: "1.234", Year: 2025, Date: "2025-01-02",
		URN: URNParts{Locality: []string{"Tocantins", "Exemplo"}, Authority: []string{"Municipal"}}}
}

func TestGoldenSynthetic(t *testing.T) {
	src, err := os.ReadFile("testdata/sintetica.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, errs := Parse("testdata/sintetica.txt", 1, src)
	if len(errs) > 0 {
		t.Fatalf("parse errors:\n%v", errs)
	}
	golden(t, "testdata/sintetica.tree.golden", []byte(dump(d)))
	m := syntheticMeta()
	notes := []Note{{Provision: "art1-1", Text: "Artigo acrescentado para o teste."}, {Provision: "cap2_sec1_sub1", Text: "Nota num título."}, {Provision: "art99", Text: "Nota sem dispositivo: não aparece."}}
	// The HTML: generator/normtext_test.go (through templates/).
	var walk func(ps []*ProvisionView)
	walk = func(ps []*ProvisionView) {
		for _, p := range ps {
			if strings.Contains(strings.Join(p.Notes, " "), "não aparece") {
				t.Errorf("a note on a missing provision is in the view, at %s", p.ID)
			}
			walk(p.Children)
		}
	}
	walk(View(d, m, "/normas/decreto-1234-2025/", notes).Body)
	// Every construct is there.
	for id, kind := range map[string]Kind{
		"cap1": KindChapter, "cap2_sec1": KindSection, "cap2_sec1_sub1": KindSubsection, "cap2_sec1_sub2": KindSubsection,
		"cap2_sec2": KindSection, "art1-1": KindArticle, "art2_cpt_inc2_ali2_ite2": KindItem, "art2_par1u": KindParagraph,
		"art3_par1_inc2": KindInciso, "art10": KindArticle,
	} {
		if p, ok := d.Lookup(id); !ok || p.Kind != kind {
			t.Errorf("Lookup(%q) = %v, %v; want kind %s", id, p, ok, kind)
		}
	}
	if u, _ := m.URNString(); u != "urn:lex:br;tocantins;exemplo:municipal:decreto:2025-01-02;1234" {
		t.Errorf("URN = %q", u)
	}
}

func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.txt")
	if len(files) == 0 {
		t.Fatal("no testdata/errors/*.txt")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, header, body := splitCase(t, string(src))
			// "-- norma.md definitions=art1 --" also reads the terms the
			// article defines.
			name, opts, _ := strings.Cut(header, " ")
			d, errs := Parse(name, 1, []byte(body))
			if art, ok := strings.CutPrefix(opts, "definitions="); ok {
				_, derrs := d.Definitions(art)
				errs = append(errs, derrs...)
			}
			if len(errs) == 0 {
				t.Fatalf("no errors; want:\n%s", want)
			}
			got := errs.Error() + "\n"
			if *update {
				if err := os.WriteFile(f, []byte(got+"-- "+header+" --\n"+body), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// splitCase reads an error case: the expected errors, one a line, then
// "-- name --" and the body of the norm.
func splitCase(t *testing.T, s string) (want, name, body string) {
	t.Helper()
	i := strings.Index(s, "-- ")
	if i < 0 {
		t.Fatal("no \"-- file --\" line")
	}
	want = s[:i]
	rest := s[i+3:]
	j := strings.Index(rest, " --\n")
	if j < 0 {
		t.Fatal("bad \"-- file --\" line")
	}
	return want, rest[:j], rest[j+4:]
}

func TestParseNoPanicOnOddInput(t *testing.T) {
	inputs := []string{
		"", "\n", "\ufeffArt. 1º X\r\nI - y\r\n", "Art. 99999 x", "Art. 0 x", "§", "Art.", "CAPÍTULO", "CAPÍTULO MMMM",
		"Art. 1º\n\nParágrafo único.\n\na)\n\n1.", "Art. 1º x\n\xff\xfe\n", "Seção I\nSubseção I\nArt. 1º",
	}
	for _, in := range inputs {
		d, _ := Parse("x.md", 1, []byte(in))
		for _, p := range d.Provisions() {
			_ = p.Citation(Meta{})
			_ = p.FullText()
		}
		_ = View(d, Meta{}, "", nil)
	}
}

// TestDefinitionForms reads the usual forms of a definitions article: the
// term before a colon or before a dash between spaces, quoted or not; when
// an inciso reads both ways, the article's other incisos decide.
func TestDefinitionForms(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // "term = text"
	}{
		{"dois pontos", "Art. 1º Considera-se:\nI – Unidade: divisão da estrutura;\nII - “Processo”: conjunto de documentos.\n",
			[]string{"Unidade = divisão da estrutura;", "Processo = conjunto de documentos."}},
		{"travessão", "Art. 1º Considera-se:\nI - Unidade - divisão da estrutura;\nII – Usuário – pessoa com acesso: interno ou externo;\nIII — SEI — sistema.\n",
			[]string{"Unidade = divisão da estrutura;", "Usuário = pessoa com acesso: interno ou externo;", "SEI = sistema."}},
		{"ambíguo, decide o artigo (dois pontos)", "Art. 1º Considera-se:\nI - SEI – Sistema Eletrônico de Informações: sistema oficial;\nII - Unidade: divisão.\n",
			[]string{"SEI – Sistema Eletrônico de Informações = sistema oficial;", "Unidade = divisão."}},
		{"ambíguo, decide o artigo (travessão)", "Art. 1º Considera-se:\nI - SEI – sistema com: processos e documentos;\nII - Unidade – divisão.\nIII - Usuário – pessoa.\n",
			[]string{"SEI = sistema com: processos e documentos;", "Unidade = divisão.", "Usuário = pessoa."}},
		{"inciso revogado", "Art. 1º Considera-se:\nI - Unidade: divisão.\nII - (Revogado pela Lei nº 2, de 2025)\nIII - Usuário: pessoa. (Redação dada pela Lei nº 2, de 2025)\n",
			[]string{"Unidade = divisão.", "Usuário = pessoa."}},
	}
	for _, tt := range tests {
		d, errs := Parse("d.md", 1, []byte(tt.body))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tt.name, errs)
		}
		defs, derrs := d.Definitions("art1")
		if len(derrs) > 0 {
			t.Errorf("%s: %v", tt.name, derrs)
		}
		var got []string
		for _, df := range defs {
			got = append(got, df.Term+" = "+df.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestAmendments checks that the notes of a text as published are data of
// the provision, out of its text and of the citation preview.
func TestAmendments(t *testing.T) {
	src, err := os.ReadFile("testdata/sintetica.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Parse("testdata/sintetica.txt", 1, src)
	a, ok := d.Lookup("art10")
	if !ok {
		t.Fatal("no art10")
	}
	full := a.FullText()
	for _, note := range []string{"Redação dada", "Incluído", "Vide", "Revogado pelo"} {
		if strings.Contains(full, note) {
			t.Errorf("FullText (the citation preview) contains the note %q:\n%s", note, full)
		}
	}
	want := []Amendment{{Kind: AmendWording, Text: "Redação dada pelo Decreto nº 1.300, de 3 de março de 2025"}}
	if got := a.Caput().Amendments; !reflect.DeepEqual(got, want) {
		t.Errorf("art10 caput Amendments = %+v, want %+v", got, want)
	}
	revoked := map[string]bool{"art10": false, "art10_par1": false, "art10_par2": true, "art10_par3": true, "art10_par4": true,
		"art10-1": true, "art10-1_cpt": true, "art10-1_cpt_inc1": true, "art11": false}
	for id, want := range revoked {
		p, ok := d.Lookup(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		if p.Revoked != want {
			t.Errorf("%s: Revoked = %v, want %v", id, p.Revoked, want)
		}
		err := p.CheckCitation(false, Meta{Short: "Decreto", Number: "1.234", Year: 2025})
		if (err != nil) != want {
			t.Errorf("%s: CheckCitation(false) = %v", id, err)
		}
		err = p.CheckCitation(true, Meta{Short: "Decreto", Number: "1.234", Year: 2025})
		if (err != nil) == want {
			t.Errorf("%s: CheckCitation(true) = %v", id, err)
		}
	}
	p, _ := d.Lookup("art10_par4")
	if err := p.CheckCitation(false, Meta{Short: "Decreto", Number: "1.234", Year: 2025}); err == nil ||
		!strings.Contains(err.Error(), "(Revogado pelo Decreto nº 1.302, de 2025)") || !strings.Contains(err.Error(), "#art10_par4?revogado") {
		t.Errorf("CheckCitation = %v; want the revocation note and the marker", err)
	}
}

func TestEnactingClause(t *testing.T) {
	for s, want := range map[string]bool{
		"O PREFEITO MUNICIPAL, no uso de suas atribuições, DECRETA:": true,
		"RESOLVE:": true,
		"O Reitor, no uso de suas atribuições, resolve:":                true,
		"O Conselho Universitário RESOLVEM:":                            true,
		"O DIRETOR DETERMINA:":                                          true,
		"faço saber que a Câmara aprovou e eu sanciono a seguinte Lei:": true,
		"CONSIDERANDO o que a Lei determina:":                           false,
		"CONSIDERANDO as seguintes razões:":                             false,
		"Dispõe sobre o que a comissão decide.":                         false,
		"IRRESOLVE:": false,
	} {
		if got := reEnacting.MatchString(s); got != want {
			t.Errorf("reEnacting(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCutNotes(t *testing.T) {
	tests := []struct {
		in, text string
		notes    []string
	}{
		{"texto; (Redação dada pela Lei nº 13.964, de 2019) (Vigência)", "texto;", []string{"Redação dada pela Lei nº 13.964, de 2019", "Vigência"}},
		{"(Revogado).", "", []string{"Revogado"}},
		{"(REVOGADO)", "", []string{"REVOGADO"}},
		{"(VETADO).", "", []string{"VETADO"}},
		{"texto. (Incluída pela Medida Provisória nº 2.200-2, de 2001)", "texto.", []string{"Incluída pela Medida Provisória nº 2.200-2, de 2001"}},
		{"texto (Revogado pelo Decreto nº 2, de 2025) (Vide Decreto nº 3)", "texto", []string{"Revogado pelo Decreto nº 2, de 2025", "Vide Decreto nº 3"}},
		// Parentheses of the text itself stay.
		{"pagar o tributo (incluída a taxa)", "pagar o tributo (incluída a taxa)", nil},
		{"aprovar o Regimento (Regulamento Interno)", "aprovar o Regimento (Regulamento Interno)", nil},
		{"o prazo (vigência do contrato)", "o prazo (vigência do contrato)", nil},
		{"(Redação dada pela Lei) no meio do texto", "(Redação dada pela Lei) no meio do texto", nil},
	}
	for _, tt := range tests {
		text, notes := cutNotes(tt.in)
		if text != tt.text || !reflect.DeepEqual(notes, tt.notes) {
			t.Errorf("cutNotes(%q) = %q, %q; want %q, %q", tt.in, text, notes, tt.text, tt.notes)
		}
	}
}
