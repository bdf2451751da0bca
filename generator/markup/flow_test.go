package markup

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFlowGolden renders each testdata/fluxo/*.md and compares the HTML
// (inline SVG and text description) with its .html golden file.
func TestFlowGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/fluxo/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no flow cases: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, _ := render(t, string(src), nil)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			golden := strings.TrimSuffix(f, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, res.HTML, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.HTML, want) {
				t.Errorf("HTML differs from %s (run with -update after checking the change)", golden)
			}
		})
	}
}

// TestFlowAccessible checks what assistive technology gets from a flow: an
// image named by the figure's title and described by the ordered list of
// steps, with who does each step and where a branch leads.
func TestFlowAccessible(t *testing.T) {
	src, err := os.ReadFile("testdata/fluxo/usuario-externo.md")
	if err != nil {
		t.Fatal(err)
	}
	res, d := render(t, string(src), nil)
	html := string(res.HTML)
	for _, want := range []string{
		`<figcaption id="fluxo-diagrama-1-titulo">Fluxo: Cadastro e liberação do usuário externo</figcaption>`,
		`role="img" focusable="false" aria-labelledby="fluxo-diagrama-1-titulo" aria-describedby="fluxo-diagrama-1-texto"`,
		`<summary>Descrição do fluxo em texto</summary>`,
		"<li><strong>Usuário externo:</strong> Faz o próprio cadastro no SEI</li>",
		"<li><strong>Usuário externo:</strong> Envia os documentos comprobatórios</li>",
		`<li><strong>Administrador local do SEI:</strong> Confere os documentos e libera o acesso <span class="fluxo-segue">→ documentos em ordem: passo 4.</span> <span class="fluxo-segue">→ correção pedida: passo 2.</span></li>`,
		"<li><strong>Usuário do SEI:</strong> Disponibiliza o documento para assinatura</li>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
	// The labels are text in the SVG, not paths.
	if !strings.Contains(html, ">Confere os documentos e libera o acesso</text>") {
		t.Error("step label is not text in the SVG")
	}
	// Nothing the page's CSP would block.
	if strings.Contains(html, "<style") || regexp.MustCompile(`\sstyle=`).MatchString(html) || strings.Contains(html, "data:application/font") {
		t.Error("SVG keeps a <style>, a style attribute or an embedded font")
	}
	if pt := d.PlainText(); !strings.Contains(pt, "Fluxo: Cadastro e liberação do usuário externo\n1. Usuário externo: Faz o próprio cadastro no SEI\n2. ") || !strings.HasSuffix(pt, "Depois do fluxo.") {
		t.Errorf("plain text (search index) lacks the flow's steps: %q", pt)
	}
	if !d.IDs()["fluxo-diagrama-1"] {
		t.Error("the figure's id is not among the page's ids")
	}
}

// TestFlowBranches checks the text of a decision: each way out names the
// step it leads to, and a branch that ends before the last step says so.
func TestFlowBranches(t *testing.T) {
	src, err := os.ReadFile("testdata/fluxo/decisao.md")
	if err != nil {
		t.Fatal(err)
	}
	res, _ := render(t, string(src), nil)
	for _, want := range []string{
		"<li>Documento oficial da modificação</li>",
		`<li>O que mudou? <span class="fluxo-segue">→ só o nome: passo 3.</span> <span class="fluxo-segue">→ a competência: passo 4.</span></li>`,
		`<li>Edita-se o nome e a sigla <span class="fluxo-segue">Fim deste caminho.</span></li>`,
		"<li>Cria-se uma nova unidade</li>",
		`<svg`, `<polygon`, // the diamond
	} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("missing %q", want)
		}
	}
}

// TestFlowDeterministic renders the same flow twice, in two converters.
func TestFlowDeterministic(t *testing.T) {
	src := []byte("a: Pede -> b: Analisa\nb -> c: Decide\n")
	var outs [][]byte
	for range 2 {
		f, err := RenderFlow(src, "s")
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, f.SVG)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("the same source gave two different SVGs")
	}
	g, _ := RenderFlow(src, "outro")
	if bytes.Equal(g.SVG, outs[0]) {
		t.Error("the salt does not change the SVG's ids")
	}
}

// TestFlowErrors checks that errors in a flow point at the page's line and
// column of the problem.
func TestFlowErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"no title", "Texto.\n\n```fluxo\na -> b\n```\n", 3, 1, "precisa de um título"},
		{"missing destination", "Texto.\n\n```fluxo Teste\na -> b\nb -> \n```\n", 5, 1, "a conexão não tem destino"},
		{"unclosed map", "# T\n\n```fluxo Teste\nlado: Lado {\n  a: Á\n```\n", 4, 12, "falta fechar o bloco com }"},
		{"column after accents", "```fluxo Teste\nlâmpada: Lâmpada {\n```\n", 2, 18, "falta fechar o bloco"},
		{"icon", "```fluxo Teste\na -> b\nb.icon: https://exemplo.gov.br/x.svg\n```\n", 3, 1, "não aceita ícones"},
		{"tooltip after accents", "```fluxo Teste\nção: Ação\nção.tooltip: dica\n```\n", 3, 1, "dicas flutuantes"},
		{"in a list", "- item\n\n  ```fluxo Teste\n  a -> \n  ```\n", 4, 3, "a conexão não tem destino"},
		{"too many shapes", "Texto.\n\n```fluxo Teste\n" + strings.Repeat("a -> b\n", 61) + "```\n", 4, 1, "o limite é 40 caixas e 60 setas"},
		{"too big", "```fluxo Teste\n" + strings.Repeat("a -> b\n", 2000) + "```\n", 1, 1, "limite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, _ := render(t, c.src, nil)
			if len(res.Errors) == 0 {
				t.Fatal("no error")
			}
			e := res.Errors[0]
			line, col := LineCol([]byte(c.src), e.Offset)
			if line != c.line || col != c.col || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("got %d:%d: %s; want %d:%d: …%s…", line, col, e.Msg, c.line, c.col, c.msg)
			}
			if strings.Contains(string(res.HTML), "<figure") {
				t.Error("a flow with errors was rendered")
			}
		})
	}
}

// FuzzRenderFlow: no input makes the wrapper panic, and every failure is a
// positioned FlowError.
func FuzzRenderFlow(f *testing.F) {
	for _, s := range []string{"a -> b", "x: {\n y -> z\n}", "a.shape: diamond\na -> b: sim", "a: |md # x|", "...@x", "vars: {d2-config: {layout-engine: elk}}\na->b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 512 {
			return
		}
		_, err := RenderFlow([]byte(s), "f")
		if err != nil {
			var fe *FlowError
			if !errors.As(err, &fe) {
				t.Fatalf("error without position: %v", err)
			}
			if fe.Line < 1 || fe.Col < 1 {
				t.Fatalf("error at %d:%d", fe.Line, fe.Col)
			}
		}
	})
}

// TestFlowConcurrent renders flows from several goroutines, as the build
// renders pages (run with -race): the same source still gives the same SVG.
func TestFlowConcurrent(t *testing.T) {
	src := []byte("l: Lado {\n  a: Pede\n}\nb: Analisa\nl.a -> b\n")
	want, err := RenderFlow(src, "c")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := RenderFlow(src, "c")
			if err == nil && !bytes.Equal(got.SVG, want.SVG) {
				err = fmt.Errorf("concurrent render differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkRenderFlow measures one flow of the size the guides use (four
// steps in three lanes).
func BenchmarkRenderFlow(b *testing.B) {
	src, err := os.ReadFile("testdata/fluxo/usuario-externo.md")
	if err != nil {
		b.Fatal(err)
	}
	start := bytes.Index(src, []byte("direction:"))
	end := bytes.Index(src, []byte("```\n\nDepois"))
	body := src[start:end]
	for b.Loop() {
		if _, err := RenderFlow(body, "b"); err != nil {
			b.Fatal(err)
		}
	}
}
