package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/pdfpatch"
	"golang.org/x/text/encoding/charmap"
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
	header := "orgao.nome;orgao.sigla;orgao.municipio;orgao.uf;titular.nome;titular.cargo;" +
		"pontos_focais.0.nome;pontos_focais.0.cpf;pontos_focais.0.matricula;pontos_focais.0.cargo;pontos_focais.0.lotacao;pontos_focais.0.email;pontos_focais.0.telefone;" +
		"pontos_focais.1.nome;pontos_focais.1.cpf;pontos_focais.1.matricula;pontos_focais.1.cargo;pontos_focais.1.lotacao;pontos_focais.1.email;pontos_focais.1.telefone;local;data"
	row := func(sigla, cpf2 string) string {
		return "Secretaria de " + sigla + ";" + sigla + ";Angra dos Reis;RJ;Ana Conceição;Secretária;" +
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
	if strings.Join(names, ",") != "designacao-ponto-focal-SEDUC-2025-03-05-001.pdf,designacao-ponto-focal-SEOB-2025-03-05-003.pdf" {
		t.Errorf("files = %v", names)
	}

	// an unknown column is reported on line 1
	bad := writeFile(t, dir, "ruim.csv", "orgao.nome,orgao.cor\nX,azul\n")
	code, _, stderr = runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--lote", bad, "-d", outDir)
	if code != 1 || !strings.Contains(stderr, bad+`:1: coluna "orgao.cor" não é um campo do formulário designacao-ponto-focal`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// batchCSV is a header and a row of the designation form, with accents in
// names, separated by sep.
func batchCSV(sep string) string {
	h := []string{"orgao.nome", "orgao.sigla", "orgao.municipio", "orgao.uf", "titular.nome", "titular.cargo",
		"pontos_focais.0.nome", "pontos_focais.0.cpf", "pontos_focais.0.matricula", "pontos_focais.0.cargo", "pontos_focais.0.lotacao", "pontos_focais.0.email", "pontos_focais.0.telefone",
		"pontos_focais.1.nome", "pontos_focais.1.cpf", "pontos_focais.1.matricula", "pontos_focais.1.cargo", "pontos_focais.1.lotacao", "pontos_focais.1.email", "pontos_focais.1.telefone", "local", "data"}
	r := []string{"Secretaria de Administração", "SEMAD", "Angra dos Reis", "RJ", "Conceição Araújo", "Secretária",
		"João Ávila", "111.444.777-35", "1", "Analista", "Protocolo", "joao@angra.rj.gov.br", "(24) 3377-1234",
		"Márcia Sá Pêgo", "123.456.789-09", "2", "Técnica", "Informática", "marcia@angra.rj.gov.br", "(24) 3377-1235", "Angra dos Reis", "05/03/2025"}
	return strings.Join(h, sep) + "\r\n" + strings.Join(r, sep) + "\r\n"
}

// TestPDFBatchEncodings: what spreadsheets save (Windows-1252 with ";" and
// CRLF, UTF-8 with a BOM) keeps every accent in the PDF; UTF-16 and bytes
// that are text in no encoding are refused; an empty file is explained.
func TestPDFBatchEncodings(t *testing.T) {
	dir := t.TempDir()
	latin1, err := charmap.Windows1252.NewEncoder().String(batchCSV(";"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, data string
		note       string
	}{
		{"windows-1252", latin1, "lido como Windows-1252"},
		{"utf-8 bom comma", "\ufeff" + batchCSV(","), ""},
		{"utf-8 tab", batchCSV("\t"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := writeFile(t, dir, c.name+".csv", c.data)
			out := filepath.Join(dir, c.name)
			code, stdout, stderr := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "-lote", in, "-d", out)
			if code != 0 || !strings.Contains(stdout, "1 PDF(s) gerado(s)") || !strings.Contains(stderr, c.note) {
				t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
			}
			p := filepath.Join(out, "designacao-ponto-focal-SEMAD-2025-03-05-001.pdf")
			text := strings.Join(strings.Fields(pdftotext(t, p)), " ")
			for _, w := range []string{"Secretaria de Administração", "Conceição Araújo", "João Ávila", "Márcia Sá Pêgo", "Informática"} {
				if !strings.Contains(text, w) {
					t.Errorf("%q missing from the PDF:\n%s", w, text)
				}
			}
		})
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"empty", "", "o arquivo está vazio; a primeira linha deve trazer os caminhos dos campos"},
		{"utf-16", "\xff\xfeo\x00r\x00", "o arquivo está em UTF-16"},
		{"header only", "orgao.nome;orgao.sigla\r\n", "o arquivo só tem o cabeçalho; nenhuma linha de dados"},
		{"not text", "orgao.nome\r\nSecretaria \x81\x8d\r\n", "linha 2: o arquivo não está em UTF-8 e tem bytes que também não são texto em Windows-1252"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := writeFile(t, dir, c.name+".csv", c.data)
			code, _, stderr := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "-lote", in, "-d", filepath.Join(dir, c.name))
			if code != 1 || !strings.Contains(stderr, in+": "+c.want) || strings.Contains(stderr, "EOF") {
				t.Errorf("exit %d, stderr %q; want %q", code, stderr, c.want)
			}
		})
	}
}

// TestPDFBatchNoOverwrite: a file or a symbolic link already in the
// folder is never written through nor replaced.
func TestPDFBatchNoOverwrite(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "lote.csv", batchCSV(";"))
	out := filepath.Join(dir, "pdfs")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	target := writeFile(t, dir, "alvo.txt", "não mexa")
	if err := os.Symlink(target, filepath.Join(out, "designacao-ponto-focal-SEMAD-2025-03-05-001.pdf")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "-lote", in, "-d", out)
	if code != 1 || !strings.Contains(stderr, "lote.csv:2: não foi possível gravar") || !strings.Contains(stderr, "já existe um arquivo (ou atalho) com esse nome") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(target); string(b) != "não mexa" {
		t.Errorf("written through the link: %q", b)
	}
}

// TestInputBounded: validate and pdf stop reading at a limit (a device
// that never ends, a wrong file) with a message.
func TestInputBounded(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "-s", formSite(), "designacao-ponto-focal", "/dev/zero"},
		{"pdf", "-s", formSite(), "designacao-ponto-focal", "/dev/zero", "-o", "x.pdf"},
		{"pdf", "-s", formSite(), "designacao-ponto-focal", "-lote", "/dev/zero", "-d", "x"},
	} {
		done := make(chan struct{})
		var code int
		var stderr string
		go func() {
			code, _, stderr = runForm(t, "", args...)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("%v: still reading after 60 s", args)
		}
		if code == 0 || !strings.Contains(stderr, "/dev/zero passa de") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// TestPDFWithoutData: -sem-dados writes the same pages without the data
// (qpdf lists no dados.json; pdftotext reads the same text); -o PASTA names
// the file for people.
func TestPDFWithoutData(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "bom.json", sampleData(t, "designacao-ponto-focal"))
	code, stdout, stderr := runForm(t, "", "pdf", "-s", formSite(), "-sem-dados", "designacao-ponto-focal", in, "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p := filepath.Join(dir, "designacao-ponto-focal-SEMAD-2025-03-05-sem-dados.pdf")
	if strings.TrimSpace(stdout) != p {
		t.Errorf("stdout %q; want the file name %s", stdout, p)
	}
	with := filepath.Join(dir, "com.pdf")
	if code, _, stderr := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", in, "-o", with); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	list := tool(t, "qpdf", "--list-attachments", p)
	if strings.Contains(list, "dados.json") || !strings.Contains(list, "conferencia.json") {
		t.Errorf("attachments of -sem-dados:\n%s", list)
	}
	if !strings.Contains(tool(t, "qpdf", "--list-attachments", with), "dados.json") {
		t.Error("the version with data lacks dados.json")
	}
	if a, b := pdftotext(t, p), pdftotext(t, with); a != b {
		t.Error("the two versions do not read the same")
	}
	b, _ := os.ReadFile(p)
	if _, _, _, _, err := document.Open(b); err == nil || !strings.Contains(err.Error(), "não pode conferir") {
		t.Errorf("Open(-sem-dados) = %v", err)
	}
	if code, _, _ := runForm(t, "", "pdf", "-s", formSite(), "-sem-dados", "designacao-ponto-focal", "-branco", "-o", p+"x"); code != 2 {
		t.Errorf("-sem-dados -branco: exit %d; want 2", code)
	}
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func pdftotext(t *testing.T, p string) string {
	t.Helper()
	return tool(t, "pdftotext", p, "-")
}
