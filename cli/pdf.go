package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/form"
	"github.com/seiportal/seiportal/generator/slug"
)

const pdfUsage = "pdf [-s DIR] FORMULÁRIO dados.json -o saida.pdf | pdf FORMULÁRIO --lote dados.csv -d PASTA | pdf FORMULÁRIO --branco -o saida.pdf"

func runPDF(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "pdf", pdfUsage)
	src := fl.String("s", "", "pasta do site (com content/)")
	out := fl.String("o", "", "arquivo PDF de saída (- para a saída padrão)")
	batch := fl.String("lote", "", "CSV com uma linha por documento; o cabeçalho traz os caminhos dos campos (orgao.nome, pontos_focais.0.cpf…)")
	dir := fl.String("d", "", "pasta onde gravar os PDFs do lote")
	blank := fl.Bool("branco", false, "gera o formulário em branco, para preencher à mão")
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
	opts := document.Options{}
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
	data, err := readInput(env, rest[1])
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
	return writeOutput(env, *out, pdf)
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
	data, err := readInput(env, csvName)
	if err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = csvDelimiter(data)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: não foi possível ler o cabeçalho: %v\n", csvName, csvError(err))
		return errReported
	}
	failed := false
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if _, ok := def.Lookup(header[i]); !ok {
			fmt.Fprintf(env.Stderr, "%s:1: coluna %q não é um campo do formulário %s\n", csvName, header[i], def.ID)
			failed = true
		}
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
		name := batchFileName(def, vals, row)
		if err := os.WriteFile(filepath.Join(env.abs(dir), name), pdf, 0o644); err != nil {
			return fmt.Errorf("não foi possível gravar %s: %v", name, unwrapPathError(err))
		}
		written++
	}
	fmt.Fprintf(env.Stdout, "%d PDF(s) gerado(s) em %s\n", written, dir)
	if failed {
		return errReported
	}
	return nil
}

// csvDelimiter picks ';' (what spreadsheets in pt-BR export) when the
// header has semicolons and no commas.
func csvDelimiter(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Contains(first, []byte(";")) && !bytes.Contains(first, []byte(",")) {
		return ';'
	}
	return ','
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
	return err.Error()
}

// batchFileName is "003-semad.pdf": the row number and the first sigla
// (or, failing that, the first CPF) of the form, for people to find a
// document among many.
func batchFileName(def *form.Definition, vals *form.Values, row int) string {
	id := ""
	var walk func(fields []form.Field, prefix string)
	walk = func(fields []form.Field, prefix string) {
		for _, f := range fields {
			if id != "" {
				return
			}
			p := prefix + f.Name
			switch {
			case f.Type == form.TypeGroup && f.Repeat == nil:
				walk(f.Fields, p+".")
			case f.Name == "sigla":
				id = slug.Make(vals.Get(p))
			}
		}
	}
	walk(def.Fields, "")
	if id == "" {
		id = def.ID
	}
	return fmt.Sprintf("%03d-%s.pdf", row, id)
}
