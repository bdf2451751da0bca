// Package cli is the seiportal command line: one small function per
// subcommand, standard flag parsing, errors returned (never only logged).
//
// Exit codes: 0 success, 1 the work failed (invalid content, invalid data),
// 2 bad usage.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"strings"
)

// Env is what a command may touch: its streams, its working directory and
// the default portal embedded in the binary (a tree with content/ and
// templates/ at its root).
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Dir     string // working directory; "" means the process's
	Default fs.FS
	Getenv  func(string) string
	// Version and Commit are stamped into release binaries by
	// scripts/release.sh (-ldflags -X main.version=… -X main.commit=…);
	// both are empty in a binary built from a checkout.
	Version string
	Commit  string
}

// UsageError is bad usage: exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ErrReported means the command already printed what went wrong: exit 1.
var errReported = errors.New("falhou")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	cmds := []command{
		{"build", "gera o portal em public/", runBuild},
		{"serve", "gera, serve e recarrega o portal ao editar", runServe},
		{"check", "confere o conteúdo sem gerar nada", runCheck},
		{"init", "copia o conteúdo e os modelos padrão para uma pasta", runInit},
		{"validate", "valida os dados de um formulário (JSON)", runValidate},
		{"pdf", "gera o PDF de um formulário", runPDF},
		{"worker", "gera o portal e o Worker para publicar no Cloudflare", runWorker},
		{"version", "mostra a versão", runVersion},
	}
	return cmds
}

// Main runs the command line args (without the program name) and returns the
// process exit status.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		return exitCode(env, err)
	}
	fmt.Fprintf(env.Stderr, "seiportal: comando desconhecido %q\n", args[0])
	printUsage(env.Stderr)
	return 2
}

func exitCode(env *Env, err error) int {
	var ue *UsageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "seiportal: %s\n", ue.Msg)
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(env.Stderr, "%s\n", err)
		return 1
	}
}

func printUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("seiportal: portal de adesão ao SEI\n\nUso:\n  seiportal <comando> [opções]\n\nComandos:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString("\nUse \"seiportal <comando> -h\" para as opções de cada comando.\n")
	io.WriteString(w, b.String())
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its help on env.Stdout.
func newFlagSet(env *Env, name, usage string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	// The flag package's own messages are in English: parseFlags reports
	// errors, and help lists the options, in Portuguese.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.help = func() {
		fmt.Fprintf(env.Stdout, "Uso: seiportal %s\n\nOpções:\n", usage)
		printDefaults(env.Stdout, fs.FlagSet)
	}
	return fs
}

// flagSet is a subcommand's options and its help text.
type flagSet struct {
	*flag.FlagSet
	help func()
}

// argNames are the Portuguese names of the flag package's value types.
var argNames = map[string]string{"string": "texto", "int": "número", "uint": "número", "float": "número", "duration": "duração", "value": "valor"}

// printDefaults lists the options of fs as flag.PrintDefaults does, in
// Portuguese.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		fmt.Fprintln(w, "  (nenhuma)")
	}
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  %s", flagName(f.Name))
		if n, ok := argNames[arg]; ok {
			arg = n
		}
		if arg != "" {
			fmt.Fprintf(w, " %s", arg)
		}
		fmt.Fprintf(w, "\n    \t%s", usage)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(w, " (padrão: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// flagName spells an option the one way the usage texts, the README and
// the errors use: "-s" for a one-letter name, "--lote" for a longer one.
// (The flag package accepts either number of dashes.)
func flagName(name string) string {
	name = strings.TrimLeft(name, "-")
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagError turns the flag package's error messages into Portuguese, with
// options spelled by flagName.
func flagError(err error) string {
	msg := err.Error()
	// The flag package names an option "-name", or "--name" in "bad flag
	// syntax" and in an unknown option written with two dashes.
	respell := func(s string) string {
		if strings.HasPrefix(s, "-") && !strings.ContainsAny(s, " =") {
			return flagName(s)
		}
		return s
	}
	if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "opção desconhecida: " + respell(rest)
	}
	if rest, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "a opção " + respell(rest) + " precisa de um valor"
	}
	if rest, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return "opção malformada: " + rest
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "abc" for flag -port: parse error
		if i := strings.Index(rest, " for flag "); i >= 0 {
			name := rest[i+len(" for flag "):]
			if j := strings.Index(name, ":"); j >= 0 {
				name = name[:j]
			}
			return "valor inválido " + rest[:i] + " para a opção " + respell(name)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if i := strings.Index(rest, " for "); i >= 0 {
			return "valor inválido " + rest[:i] + " para a opção " + respell(strings.TrimSuffix(strings.SplitN(rest[i+len(" for "):], ":", 2)[0], " "))
		}
	}
	return msg
}

// parseFlags parses args, turning flag errors into usage errors (exit 2) and
// -h into flag.ErrHelp (exit 0). Flags may follow positional arguments.
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.help()
				return nil, err
			}
			return nil, &UsageError{Msg: flagError(err) + " (veja seiportal " + fs.Name() + " -h)"}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "version", "version")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &UsageError{Msg: "version não aceita argumentos"}
	}
	fmt.Fprintln(env.Stdout, versionLine(env.Version, env.Commit, buildRevision()))
	return nil
}

// versionLine is what "seiportal version" prints: the stamped version and
// commit of a release binary, or, for a binary built from a checkout, that it
// is a development build (with the commit Go recorded, when it did).
func versionLine(version, commit, revision string) string {
	if version == "" {
		line := "seiportal desenvolvimento (compilado de um clone, sem versão gravada"
		if revision != "" {
			line += "; commit " + revision
		}
		return line + ")"
	}
	if commit == "" {
		commit = "desconhecido"
	}
	return "seiportal " + version + " (commit " + commit + ")"
}

// buildRevision is the VCS revision Go recorded in the binary, if any
// ("go build" in a git checkout without -buildvcs=false).
func buildRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" && dirty {
		rev += ", com alterações locais"
	}
	return rev
}
