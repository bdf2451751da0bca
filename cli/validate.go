package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/seiportal/seiportal/engine/form"
	formload "github.com/seiportal/seiportal/engine/form/load"
	"github.com/seiportal/seiportal/generator"
)

const formsDir = "content/formularios"

func runValidate(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "validate", "validate [-s DIR] FORMULÁRIO dados.json")
	src := fl.String("s", "", "pasta do site (com content/)")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return &UsageError{Msg: "uso: seiportal validate [-s DIR] FORMULÁRIO dados.json"}
	}
	def, err := findForm(env, *src, rest[0])
	if err != nil {
		return err
	}
	data, err := readInput(env, rest[1], maxDataBytes)
	if err != nil {
		return err
	}
	if _, msgs, err := checkData(def, data); err != nil {
		return err
	} else if len(msgs) > 0 {
		return reportMessages(env, "", msgs)
	}
	fmt.Fprintf(env.Stdout, "%s: dados válidos para o formulário %s\n", rest[1], def.ID)
	return nil
}

// findForm loads the site's forms and returns the one called id. Broken
// definitions are reported like seiportal check does; an unknown id is bad
// usage.
func findForm(env *Env, siteDir, id string) (*form.Definition, error) {
	site, err := resolveSite(env, siteDir)
	if err != nil {
		return nil, err
	}
	defs, errs := formload.Dir(generator.SourceFS(site.fsys), formsDir)
	if len(errs) > 0 {
		return nil, reportContentErrors(env, errs)
	}
	var ids []string
	for _, d := range defs {
		if d.ID == id {
			return d, nil
		}
		ids = append(ids, d.ID)
	}
	if len(ids) == 0 {
		return nil, &UsageError{Msg: fmt.Sprintf("formulário desconhecido %q: %s não tem formulários em %s", id, site, formsDir)}
	}
	return nil, &UsageError{Msg: fmt.Sprintf("formulário desconhecido %q (disponíveis: %s)", id, strings.Join(ids, ", "))}
}

// Input limits: a form's data is a few kilobytes (the largest list allows
// 50 items); a batch CSV has one such form per line.
const (
	maxDataBytes  = form.MaxDataBytes
	maxBatchBytes = 32 << 20 // 32 MiB
)

// readInput reads a file argument, "-" meaning standard input, refusing
// more than limit bytes (a device like /dev/zero, a wrong file) with a
// message instead of reading without end.
func readInput(env *Env, name string, limit int64) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if env.Stdin == nil {
			return nil, &UsageError{Msg: "sem entrada padrão para ler"}
		}
		r = env.Stdin
	} else {
		f, err := os.Open(env.abs(name))
		if err != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("não foi possível ler %s: %v", name, unwrapPathError(err))}
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, &UsageError{Msg: fmt.Sprintf("não foi possível ler %s: é uma pasta, não um arquivo", name)}
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("não foi possível ler %s: %v", name, unwrapPathError(err))}
	}
	if int64(len(data)) > limit {
		what := name
		if name == "-" {
			what = "a entrada padrão"
		}
		return nil, &UsageError{Msg: fmt.Sprintf("%s passa de %s, o limite para estes dados: confira se é o arquivo certo", what, sizeText(limit))}
	}
	return data, nil
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// unwrapPathError says what went wrong with a file in pt-BR.
func unwrapPathError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("arquivo ou pasta não encontrado")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("sem permissão")
	case errors.Is(err, syscall.ENOSPC):
		return errors.New("sem espaço no disco")
	case errors.Is(err, syscall.EROFS):
		return errors.New("o disco só permite leitura")
	case errors.Is(err, syscall.ENOTDIR):
		return errors.New("há um arquivo onde devia haver uma pasta")
	case errors.Is(err, syscall.EISDIR):
		return errors.New("há uma pasta onde devia haver um arquivo")
	}
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// checkData decodes and validates data; msgs are the problems found: those
// of decoding first, then those of validation about other fields.
func checkData(def *form.Definition, data []byte) (*form.Values, []form.Message, error) {
	vals, msgs := form.Decode(def, data)
	if vals == nil {
		return nil, msgs, nil
	}
	v, err := form.NewValidator(time.Now)
	if err != nil {
		return nil, nil, err
	}
	decoded := msgs
	for _, m := range v.Validate(def, vals) {
		if !coveredBy(decoded, m.Path) {
			msgs = append(msgs, m)
		}
	}
	return vals, msgs, nil
}

// coveredBy reports whether a decoding message already speaks of path or
// of a group that holds it.
func coveredBy(msgs []form.Message, path string) bool {
	for _, m := range msgs {
		if m.Path == path || strings.HasPrefix(path, m.Path+".") {
			return true
		}
	}
	return false
}

// reportMessages prints one message per line (prefixed, e.g. with
// "dados.csv:3: ") and returns errReported.
func reportMessages(env *Env, prefix string, msgs []form.Message) error {
	for _, m := range msgs {
		fmt.Fprintln(env.Stderr, prefix+m.String())
	}
	return errReported
}
