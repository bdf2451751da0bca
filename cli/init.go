package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func runInit(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "init", "init DIR")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return &UsageError{Msg: "init precisa de exatamente uma pasta: seiportal init DIR"}
	}
	if env.Default == nil {
		return &UsageError{Msg: "este binário não tem o portal padrão embutido"}
	}
	dir := env.abs(rest[0])
	for _, sub := range []string{"content", "templates"} {
		if entries, err := os.ReadDir(filepath.Join(dir, sub)); err == nil && len(entries) > 0 {
			return fmt.Errorf("%s já existe e não está vazia; nada foi alterado", filepath.Join(rest[0], sub))
		}
	}
	n := 0
	for _, sub := range []string{"content", "templates"} {
		err := fs.WalkDir(env.Default, sub, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			target := filepath.Join(dir, filepath.FromSlash(p))
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := fs.ReadFile(env.Default, p)
			if err != nil {
				return err
			}
			n++
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			return fmt.Errorf("não foi possível copiar %s: %v", sub, unwrapPathError(err))
		}
	}
	fmt.Fprintf(env.Stdout, "seiportal: %d arquivos copiados para %s (content/ e templates/)\n", n, rest[0])
	fmt.Fprintf(env.Stdout, "Próximos passos:\n  cd %s\n  seiportal serve\n", strings.TrimSuffix(rest[0], "/"))
	return nil
}
