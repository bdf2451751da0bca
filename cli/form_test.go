package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/pdfpatch"
)

// formSite() is the repository root (it has content/formularios/), absolute
// because each command runs in its own temporary working directory.
func formSite() string {
	p, err := filepath.Abs("..")
	if err != nil {
		return ".."
	}
	return p
}

func runForm(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
		Dir:    t.TempDir(),
		Getenv: func(string) string { return "" },
	}
	code = Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func sampleData(t *testing.T, id string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "engine", "form", "testdata", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "bom.json", sampleData(t, "designacao-ponto-focal"))
	bad := writeFile(t, dir, "ruim.json", strings.Replace(sampleData(t, "designacao-ponto-focal"), `"123.456.789-09"`, `"123.456.789-08"`, 1))
	unknown := writeFile(t, dir, "chave.json", `{"orgao": {"nome": "X", "cor": "azul"}}`)
	for _, c := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr []string
	}{
		{"valid", []string{"validate", "-s", formSite(), "designacao-ponto-focal", good}, "", 0, "dados válidos", nil},
		{"invalid", []string{"validate", "-s", formSite(), "designacao-ponto-focal", bad}, "", 1, "",
			[]string{"CPF do 2º ponto focal: dígitos verificadores não conferem\n"}},
		{"unknown key", []string{"validate", "-s", formSite(), "designacao-ponto-focal", unknown}, "", 1, "",
			[]string{"orgao.cor: campo desconhecido neste formulário\n", "Sigla do órgão: campo obrigatório\n", "Pontos focais: informe pelo menos 2 (nenhum informado)\n"}},
		{"stdin malformed", []string{"validate", "-s", formSite(), "criacao-unidade", "-"}, `{"orgao": `, 1, "",
			[]string{"Dados: JSON incompleto"}},
		{"unknown form", []string{"validate", "-s", formSite(), "nao-existe", good}, "", 2, "",
			[]string{"formulário desconhecido \"nao-existe\" (disponíveis: criacao-unidade, designacao-ponto-focal)"}},
		{"missing file", []string{"validate", "-s", formSite(), "criacao-unidade", filepath.Join(dir, "nada.json")}, "", 2, "",
			[]string{"arquivo ou pasta não encontrado"}},
		{"no args", []string{"validate"}, "", 2, "", []string{"uso: seiportal validate"}},
		{"bad flag", []string{"validate", "-x"}, "", 2, "", []string{"opção desconhecida: -x"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runForm(t, c.stdin, c.args...)
			if code != c.code {
				t.Errorf("exit %d; want %d\nstdout: %s\nstderr: %s", code, c.code, stdout, stderr)
			}
			if !strings.Contains(stdout, c.stdout) {
				t.Errorf("stdout %q lacks %q", stdout, c.stdout)
			}
			for _, w := range c.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestValidateEmbeddedDefault(t *testing.T) {
	// without -s and outside a site, the forms come from env.Default
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Dir: t.TempDir(), Default: os.DirFS(formSite()), Stdin: strings.NewReader(sampleData(t, "criacao-unidade"))}
	if code := Main(context.Background(), env, []string{"validate", "criacao-unidade", "-"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

func TestPDFCommand(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "bom.json", sampleData(t, "criacao-unidade"))
	out := filepath.Join(dir, "saida.pdf")
	code, _, stderr := runForm(t, "", "pdf", "-s", formSite(), "criacao-unidade", good, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _, _, err := document.Open(pdf)
	if err != nil || id != "criacao-unidade" {
		t.Errorf("Open = %q, %v", id, err)
	}
	fields, _ := pdfpatch.Fields(pdf)
	if strings.Join(fields, ",") != "assinatura_solicitante" {
		t.Errorf("fields = %v", fields)
	}

	// -o - writes the same bytes to stdout
	code, stdout, stderr := runForm(t, "", "pdf", "-s", formSite(), "criacao-unidade", good, "-o", "-")
	if code != 0 || stdout != string(pdf) {
		t.Errorf("-o -: exit %d, %d bytes (want %d): %s", code, len(stdout), len(pdf), stderr)
	}

	// invalid data: exit 1, messages, no file
	bad := writeFile(t, dir, "ruim.json", strings.Replace(sampleData(t, "criacao-unidade"), `"SEAGRI/CGDI"`, `"seagri cgdi"`, 1))
	none := filepath.Join(dir, "nao.pdf")
	code, _, stderr = runForm(t, "", "pdf", "-s", formSite(), "criacao-unidade", bad, "-o", none)
	if code != 1 || !strings.Contains(stderr, "Sigla sugerida: use só letras maiúsculas") {
		t.Errorf("invalid: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("a PDF was written for invalid data")
	}

	// blank form
	blank := filepath.Join(dir, "branco.pdf")
	if code, _, stderr := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--branco", "-o", blank); code != 0 {
		t.Errorf("-branco: exit %d: %s", code, stderr)
	} else if b, _ := os.ReadFile(blank); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("-branco did not write a PDF")
	}

	// usage errors
	for _, args := range [][]string{
		{"pdf"},
		{"pdf", "-s", formSite(), "criacao-unidade", good},
		{"pdf", "-s", formSite(), "criacao-unidade", "--lote", "x.csv"},
		{"pdf", "-s", formSite(), "criacao-unidade", good, "-o", out, "-d", dir},
	} {
		if code, _, stderr := runForm(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d; want 2 (%s)", args, code, stderr)
		}
	}
}

func TestPDFBatch(t *testing.T) {
	dir := t.TempDir()
	header := "orgao.nome;orgao.sigla;orgao.municipio;orgao.uf;titular.nome;titular.cargo;titular.cpf;" +
		"pontos_focais.0.nome;pontos_focais.0.cpf;pontos_focais.0.matricula;pontos_focais.0.cargo;pontos_focais.0.lotacao;pontos_focais.0.email;pontos_focais.0.telefone;" +
		"pontos_focais.1.nome;pontos_focais.1.cpf;pontos_focais.1.matricula;pontos_focais.1.cargo;pontos_focais.1.lotacao;pontos_focais.1.email;pontos_focais.1.telefone;local;data"
	row := func(sigla, cpf2 string) string {
		return "Secretaria de " + sigla + ";" + sigla + ";Angra dos Reis;RJ;Ana Conceição;Secretária;529.982.247-25;" +
			"João Ávila;111.444.777-35;1;Analista;Protocolo;joao@angra.rj.gov.br;(24) 3377-1234;" +
			"Márcia Sá;" + cpf2 + ";2;Técnica;TI;marcia@angra.rj.gov.br;(24) 3377-1235;Angra dos Reis;05/03/2025"
	}
	csvData := "\ufeff" + header + "\n" + row("SEDUC", "123.456.789-09") + "\n" + row("SESAU", "111.444.777-35") + "\n" + row("SEOB", "12345678909") + "\n"
	csvFile := writeFile(t, dir, "dados.csv", csvData)
	outDir := filepath.Join(dir, "pdfs")
	code, stdout, stderr := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--lote", csvFile, "-d", outDir)
	if code != 1 {
		t.Errorf("exit %d; want 1 (one bad row)", code)
	}
	want := csvFile + ":3: CPF do 2º ponto focal: repetido: já informado no 1º ponto focal\n"
	if stderr != want {
		t.Errorf("stderr = %q; want %q", stderr, want)
	}
	if !strings.Contains(stdout, "2 PDF(s) gerado(s)") {
		t.Errorf("stdout = %q", stdout)
	}
	entries, _ := os.ReadDir(outDir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "001-seduc.pdf,003-seob.pdf" {
		t.Errorf("files = %v", names)
	}

	// an unknown column is reported on line 1
	bad := writeFile(t, dir, "ruim.csv", "orgao.nome,orgao.cor\nX,azul\n")
	code, _, stderr = runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--lote", bad, "-d", outDir)
	if code != 1 || !strings.Contains(stderr, bad+`:1: coluna "orgao.cor" não é um campo do formulário designacao-ponto-focal`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
