package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/seiportal/seiportal/engine/form"
	"golang.org/x/text/encoding/charmap"
)

const pdfUsage = "pdf [-s DIR] [--sem-dados] [--treinamento] [--timbre-nome NOME] [--timbre-brasao IMAGEM] FORMULÁRIO dados.json -o saida.pdf|PASTA | pdf FORMULÁRIO [--treinamento] --lote dados.csv -d PASTA | pdf FORMULÁRIO --branco -o saida.pdf"

func runPDF(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "pdf", pdfUsage)
	src := fl.String("s", "", "pasta do site (com content/)")
	out := fl.String("o", "", "arquivo PDF de saída (- para a saída padrão; uma pasta existente recebe o PDF com nome de formulário, sigla e data)")
	batch := fl.String("lote", "", "CSV com uma linha por documento (UTF-8 ou Windows-1252, separado por “,” ou “;”); o cabeçalho traz os caminhos dos campos (orgao.nome, pontos_focais.0.cpf…)")
	dir := fl.String("d", "", "pasta onde gravar os PDFs do lote")
	blank := fl.Bool("branco", false, "gera o formulário em branco, para preencher à mão")
	noData := fl.Bool("sem-dados", false, "gera o PDF sem os dados embutidos (a versão para enviar ao SEI; não pode ser conferida nem reaberta no portal)")
	training := fl.Bool("treinamento", false, "gera o documento de treinamento: “EXEMPLO — SEM VALOR” em cada página, sem código de conferência, para praticar com dados fictícios")
	lhName := fl.String("timbre-nome", "", "nome do órgão no alto da primeira página de cada documento, como no cabeçalho do padrão ofício (ex.: “Prefeitura Municipal de Exemplo”)")
	lhEmblem := fl.String("timbre-brasao", "", "imagem PNG ou JPEG do brasão, centralizada acima do nome (até 2 MB e 2500 × 2500 pixels)")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		return &UsageError{Msg: "uso: seiportal " + pdfUsage}
	case *batch != "":
		if len(rest) != 1 || *out != "" || *blank {
			return &UsageError{Msg: "com --lote, informe só o FORMULÁRIO e a pasta -d (sem dados.json nem -o)"}
		}
		if *dir == "" {
			return &UsageError{Msg: "com --lote, informe a pasta de saída: -d PASTA"}
		}
	case *blank:
		if len(rest) != 1 || *out == "" {
			return &UsageError{Msg: "uso: seiportal pdf FORMULÁRIO --branco -o saida.pdf"}
		}
	default:
		if len(rest) != 2 {
			return &UsageError{Msg: "uso: seiportal " + pdfUsage}
		}
		if *out == "" {
			return &UsageError{Msg: "informe o arquivo de saída: -o saida.pdf (ou -o - para a saída padrão)"}
		}
		if *dir != "" {
			return &UsageError{Msg: "-d só vale com --lote"}
		}
	}
	def, err := findForm(env, *src, rest[0])
	if err != nil {
		return err
	}
	opts := document.Options{Fonts: ttf.Fonts(), NoData: *noData, Training: *training}
	if opts.Letterhead, err = readLetterhead(env, *lhName, *lhEmblem); err != nil {
		return err
	}
	if *noData && *blank {
		return &UsageError{Msg: "--sem-dados não vale com --branco (o modelo em branco não traz dados)"}
	}
	if *training && *blank {
		return &UsageError{Msg: "--treinamento não vale com --branco (o modelo em branco não traz dados nem código)"}
	}
	switch {
	case *batch != "":
		return pdfBatch(ctx, env, def, opts, *batch, *dir)
	case *blank:
		pdf, err := document.Blank(def, opts)
		if err != nil {
			return err
		}
		return writeOutput(env, *out, pdf)
	}
	data, err := readInput(env, rest[1], maxDataBytes)
	if err != nil {
		return err
	}
	vals, msgs, err := checkData(def, data)
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		return reportMessages(env, "", msgs)
	}
	pdf, err := document.Render(def, vals, opts)
	if err != nil {
		return err
	}
	if st, err := os.Stat(env.abs(*out)); *out != "-" && err == nil && st.IsDir() {
		// -o PASTA: the file is named for people to find it
		name := filepath.Join(*out, document.FileName(def, vals, opts, 0))
		if err := createExclusive(env.abs(name), pdf); err != nil {
			return fmt.Errorf("não foi possível gravar %s: %v", name, err)
		}
		fmt.Fprintln(env.Stdout, name)
		return nil
	}
	return writeOutput(env, *out, pdf)
}

// readLetterhead reads --timbre-nome and --timbre-brasao and checks the
// image, so that a bad one is reported once, naming the file, before any
// PDF is made.
func readLetterhead(env *Env, name, emblem string) (document.Letterhead, error) {
	l := document.Letterhead{Name: name}
	if emblem != "" {
		b, err := readInput(env, emblem, document.MaxEmblemBytes)
		if err != nil {
			return l, err
		}
		l.Emblem = b
	}
	if err := l.Check(); err != nil {
		if emblem != "" {
			return l, fmt.Errorf("%s: %v", emblem, err)
		}
		return l, err
	}
	return l, nil
}

// createExclusive writes a new file: it never replaces a file already
// there, nor writes through a symbolic link someone left in the folder.
func createExclusive(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return errors.New("já existe um arquivo (ou atalho) com esse nome; ele não foi substituído: apague-o ou use outra pasta")
		}
		return unwrapPathError(err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return unwrapPathError(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return unwrapPathError(err)
	}
	return nil
}

func writeOutput(env *Env, name string, data []byte) error {
	if name == "-" {
		_, err := env.Stdout.Write(data)
		return err
	}
	if err := os.WriteFile(env.abs(name), data, 0o644); err != nil {
		return fmt.Errorf("não foi possível gravar %s: %v", name, unwrapPathError(err))
	}
	return nil
}

// pdfBatch renders one PDF per CSV row. A bad row is reported as
// "dados.csv:LINE: message"; the good rows are still written, and the
// command fails (exit 1) when any row failed.
func pdfBatch(ctx context.Context, env *Env, def *form.Definition, opts document.Options, csvName, dir string) error {
	raw, err := readInput(env, csvName, maxBatchBytes)
	if err != nil {
		return err
	}
	data, note, problem := csvText(raw)
	if problem != "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", csvName, problem)
		return errReported
	}
	if note != "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", csvName, note)
	}
	r := csv.NewReader(strings.NewReader(data))
	r.Comma = csvDelimiter(data)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		fmt.Fprintf(env.Stderr, "%s: o arquivo está vazio; a primeira linha deve trazer os caminhos dos campos (orgao.nome, pontos_focais.0.cpf…)\n", csvName)
		return errReported
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: não foi possível ler o cabeçalho: %v\n", csvName, csvError(err))
		return errReported
	}
	failed := false
	seen := map[string]bool{}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if _, ok := def.Lookup(header[i]); !ok {
			fmt.Fprintf(env.Stderr, "%s:1: coluna %q não é um campo do formulário %s\n", csvName, header[i], def.ID)
			failed = true
		}
		if seen[header[i]] {
			fmt.Fprintf(env.Stderr, "%s:1: coluna %q repetida\n", csvName, header[i])
			failed = true
		}
		seen[header[i]] = true
	}
	if failed {
		return errReported
	}
	if err := os.MkdirAll(env.abs(dir), 0o755); err != nil {
		return fmt.Errorf("não foi possível criar a pasta %s: %v", dir, unwrapPathError(err))
	}
	v, err := form.NewValidator(nil)
	if err != nil {
		return err
	}
	written, row := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		row++
		line, _ := r.FieldPos(0)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s:%d: linha ilegível: %v\n", csvName, line, csvError(err))
			failed = true
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line, as spreadsheets leave at the end
		}
		if len(rec) != len(header) {
			fmt.Fprintf(env.Stderr, "%s:%d: a linha tem %d colunas, o cabeçalho tem %d\n", csvName, line, len(rec), len(header))
			failed = true
			continue
		}
		vals := form.NewValues()
		bad := false
		for i, cell := range rec {
			if strings.TrimSpace(cell) == "" {
				continue
			}
			if err := vals.Set(def, header[i], cell); err != nil {
				fmt.Fprintf(env.Stderr, "%s:%d: %v\n", csvName, line, err)
				bad = true
			}
		}
		if !bad {
			if msgs := v.Validate(def, vals); len(msgs) > 0 {
				reportMessages(env, fmt.Sprintf("%s:%d: ", csvName, line), msgs)
				bad = true
			}
		}
		if bad {
			failed = true
			continue
		}
		pdf, err := document.Render(def, vals, opts)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s:%d: %v\n", csvName, line, err)
			failed = true
			continue
		}
		name := document.FileName(def, vals, opts, row)
		if err := createExclusive(filepath.Join(env.abs(dir), name), pdf); err != nil {
			fmt.Fprintf(env.Stderr, "%s:%d: não foi possível gravar %s: %v\n", csvName, line, filepath.Join(dir, name), err)
			failed = true
			continue
		}
		written++
	}
	if row == 0 {
		fmt.Fprintf(env.Stderr, "%s: o arquivo só tem o cabeçalho; nenhuma linha de dados, nenhum PDF gerado\n", csvName)
		return errReported
	}
	fmt.Fprintf(env.Stdout, "%d PDF(s) gerado(s) em %s\n", written, dir)
	if failed {
		return errReported
	}
	return nil
}

// csvText decodes a CSV file: UTF-8 (with or without the byte order mark)
// as it is; otherwise Windows-1252, what Excel in Portuguese saves as
// "CSV", which note then says. UTF-16 and files that are neither are
// refused (problem): a name is never silently changed.
func csvText(b []byte) (text, note, problem string) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
		if !utf8.Valid(b) {
			return "", "", "o arquivo começa como UTF-8 mas tem bytes inválidos nessa codificação; salve-o de novo como “CSV UTF-8”"
		}
		return string(b), "", ""
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return "", "", "o arquivo está em UTF-16 (“Texto Unicode”); salve-o como “CSV UTF-8 (delimitado por vírgulas)” ou “CSV (separado por vírgulas)”"
	case utf8.Valid(b):
		return string(b), "", ""
	}
	s, err := charmap.Windows1252.NewDecoder().String(string(b))
	if err != nil {
		return "", "", "a codificação do arquivo não foi reconhecida; salve-o como “CSV UTF-8”"
	}
	for i, r := range s {
		if r == utf8.RuneError || r >= 0x80 && r < 0xa0 || r == 0 {
			line := 1 + strings.Count(s[:i], "\n")
			return "", "", fmt.Sprintf("linha %d: o arquivo não está em UTF-8 e tem bytes que também não são texto em Windows-1252 (Latin-1); salve-o como “CSV UTF-8”", line)
		}
	}
	return s, "lido como Windows-1252 (Latin-1), a codificação do “CSV” do Excel; para evitar dúvidas, salve como “CSV UTF-8”", ""
}

// csvDelimiter picks, among ',', ';' and tab, the one the header line uses
// most (field paths hold none of them); spreadsheets in pt-BR export ';'.
func csvDelimiter(data string) rune {
	first, _, _ := strings.Cut(data, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, c := range []rune{';', '\t'} {
		if k := strings.Count(first, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

func csvError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch pe.Err {
		case csv.ErrQuote, csv.ErrBareQuote:
			return "aspas fora do lugar"
		case csv.ErrFieldCount:
			return "número de colunas diferente do cabeçalho"
		}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "o arquivo termina no meio de uma linha"
	}
	return err.Error()
}
