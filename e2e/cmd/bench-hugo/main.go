// Command gen writes a synthetic content tree of N pages that both seiportal
// and Hugo (with the layouts in hugo/) can build, for scripts/bench-hugo.sh.
//
// The tree is deterministic for a given -n and -seed: areas (top-level
// sections) hold topics (sections of 50–100 pages), some topics hold a
// nested subtopic. Every page has YAML front matter (a title with accents,
// weight, description), a few headings, a GFM table, paragraphs, a list and
// relative links to pages of its own and of a sibling section, with
// anchors that exist.
//
// Usage:
//
//	go run ./scripts/bench-hugo/gen -n 10000 -o /tmp/site/content
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

func main() {
	n := flag.Int("n", 10000, "número de páginas (sem contar as páginas de seção)")
	out := flag.String("o", "", "pasta de conteúdo a criar (não pode existir)")
	seed := flag.Uint64("seed", 1, "semente do gerador pseudoaleatório")
	flag.Parse()
	if err := run(*n, *out, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

// headings are the section headings of every page, in order; their anchors
// (accents folded) are what links point at.
var headings = [...]struct{ text, anchor string }{
	{"Disposições gerais", "disposicoes-gerais"},
	{"Procedimento de criação", "procedimento-de-criacao"},
	{"Prazos e condições", "prazos-e-condicoes"},
	{"Documentos necessários", "documentos-necessarios"},
	{"Responsabilidades do órgão", "responsabilidades-do-orgao"},
}

var words = strings.Fields(`adesão órgão unidade usuário processo documento assinatura
eletrônica município secretaria gestão ponto focal capacitação regulamentação cadastro
configuração perfil acesso sigilo prazo dias úteis ofício termo acordo cooperação técnica
solicitação criação alteração desativação hierarquia vinculada informação responsável
multiplicador treinamento sistema público servidor comissão autorização publicação ato
normativo instrução portaria decreto arquivo protocolo tramitação despacho ciência
conferência código número série tipo nível administração interlocutor conhecimento`)

var titleWords = strings.Fields(`Adesão Órgãos Unidades Usuários Processos Documentos
Assinaturas Capacitação Regulamentação Cadastros Configurações Sigilo Prazos Ofícios
Termos Acordos Solicitações Desativação Hierarquia Informações Multiplicadores Publicação
Protocolo Tramitação Despachos Conferência Interlocutores Gestão Permissões Arquivamento`)

type section struct {
	dir   string // relative to the content root, slash-separated
	pages int
}

// plan splits n pages into sections of 50–100 pages: areas of 4–6 topics,
// every third topic with a nested subtopic.
func plan(n int, r *rand.Rand) []section {
	var secs []section
	left := n
	for area := 1; left > 0; area++ {
		topics := 4 + r.IntN(3)
		for t := 1; t <= topics && left > 0; t++ {
			dir := fmt.Sprintf("area-%02d/tema-%02d", area, t)
			take := min(50+r.IntN(51), left)
			secs = append(secs, section{dir, take})
			left -= take
			if t%3 == 0 && left > 0 {
				take := min(50+r.IntN(51), left)
				secs = append(secs, section{dir + "/detalhes", take})
				left -= take
			}
		}
	}
	return secs
}

func run(n int, out string, seed uint64) error {
	if out == "" {
		return errors.New("falta -o PASTA")
	}
	if n < 1 {
		return fmt.Errorf("-n deve ser positivo, não %d", n)
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s já existe", out)
	}
	r := rand.New(rand.NewPCG(seed, 0x5e1))
	secs := plan(n, r)
	w := &writer{root: out}
	w.file("_index.md", frontMatter("Portal sintético de adesão ao SEI", "Árvore gerada para comparar o seiportal com o Hugo.", 0)+
		"Este portal tem páginas geradas automaticamente para medir o tempo de geração.\n")
	made := map[string]bool{}
	for i, s := range secs {
		// _index.md for every folder on the way (area, topic, subtopic).
		parts := strings.Split(s.dir, "/")
		for j := range parts {
			d := strings.Join(parts[:j+1], "/")
			if made[d] {
				continue
			}
			made[d] = true
			title := sentenceTitle(r, 2) + " " + strings.ReplaceAll(parts[j], "-", " ")
			w.file(d+"/_index.md", frontMatter(title, sentence(r, 12), 10*(i+1)+j)+para(r, 40))
		}
		sibling := secs[(i+1)%len(secs)]
		for p := 1; p <= s.pages; p++ {
			w.file(fmt.Sprintf("%s/pagina-%03d.md", s.dir, p), page(r, s, sibling, p))
		}
	}
	return w.err
}

func frontMatter(title, desc string, weight int) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\n", title)
	fmt.Fprintf(&b, "description: %q\n", desc)
	if weight > 0 {
		fmt.Fprintf(&b, "weight: %d\n", weight)
	}
	b.WriteString("---\n")
	return b.String()
}

// page is the Markdown of page number p of section s; sib is another
// section its links may point into.
func page(r *rand.Rand, s, sib section, p int) string {
	var b strings.Builder
	b.WriteString(frontMatter(fmt.Sprintf("%s %d", sentenceTitle(r, 3), p), sentence(r, 14), p))
	b.WriteString(para(r, 60))
	rel, err := filepath.Rel(filepath.FromSlash(s.dir), filepath.FromSlash(sib.dir))
	if err != nil { // cannot happen: both are relative to the same root
		rel = strings.Repeat("../", strings.Count(s.dir, "/")+1) + sib.dir
	}
	rel = filepath.ToSlash(rel)
	for h, hd := range headings[:3+r.IntN(3)] {
		fmt.Fprintf(&b, "\n## %s\n\n", hd.text)
		b.WriteString(para(r, 50))
		switch h {
		case 0:
			// A sibling page of the same section and one of another section.
			other := 1 + (p+r.IntN(s.pages))%s.pages
			a := headings[r.IntN(3)].anchor
			fmt.Fprintf(&b, "\nVeja também [a página %d](pagina-%03d.md#%s) e [%s](%s/pagina-%03d.md).\n",
				other, other, a, sentence(r, 3), rel, 1+r.IntN(sib.pages))
		case 1:
			b.WriteString("\n| Etapa | Responsável | Prazo |\n|---|---|---|\n")
			for row := 1; row <= 4; row++ {
				fmt.Fprintf(&b, "| %d. %s | %s | %d dias úteis |\n", row, sentenceTitle(r, 2), sentenceTitle(r, 2), 1+r.IntN(45))
			}
		case 2:
			b.WriteString("\n")
			for item := 0; item < 4; item++ {
				fmt.Fprintf(&b, "- %s;\n", sentence(r, 8))
			}
			fmt.Fprintf(&b, "\nVolte às [disposições gerais](#%s).\n", headings[0].anchor)
		default:
			b.WriteString("\n" + para(r, 30))
		}
	}
	return b.String()
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	_, size := utf8.DecodeRuneInString(s) // "órgão" starts with two bytes
	return strings.ToUpper(s[:size]) + s[size:]
}

func sentenceTitle(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = titleWords[r.IntN(len(titleWords))]
	}
	return strings.Join(ws, " ")
}

func para(r *rand.Rand, n int) string {
	var b strings.Builder
	for n > 0 {
		k := min(n, 8+r.IntN(10))
		b.WriteString(sentence(r, k))
		b.WriteString(". ")
		n -= k
	}
	return strings.TrimSpace(b.String()) + "\n"
}

// writer creates files under root, remembering the first error.
type writer struct {
	root string
	err  error
}

func (w *writer) file(rel, text string) {
	if w.err != nil {
		return
	}
	name := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		w.err = err
		return
	}
	f, err := os.Create(name)
	if err != nil {
		w.err = err
		return
	}
	bw := bufio.NewWriter(f)
	bw.WriteString(text)
	if err := bw.Flush(); err != nil {
		f.Close()
		w.err = err
		return
	}
	w.err = f.Close()
}
