package cli

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// singleDashLong finds an option of two or more letters written with one
// dash ("-lote"), at the start of a word.
var singleDashLong = regexp.MustCompile(`(^|[\s\[(|"'` + "`" + `])-([a-zA-Z][a-zA-Z0-9]+)\b`)

// TestOptionsSpelledOneWay checks that options are written as flagName
// spells them (-s, --lote) in every help text, in the errors of the cli
// package and in the README's command lines.
func TestOptionsSpelledOneWay(t *testing.T) {
	check := func(where, text string) {
		t.Helper()
		for _, m := range singleDashLong.FindAllStringSubmatch(text, -1) {
			t.Errorf("%s: option written %q; write %q", where, "-"+m[2], flagName(m[2]))
		}
	}
	dir := t.TempDir()
	for _, c := range commands() {
		_, out, errs := run(t, dir, c.name, "-h")
		check("seiportal "+c.name+" -h", out+errs)
		if !strings.Contains(out, "Uso: seiportal "+c.name) {
			t.Errorf("seiportal %s -h: no usage line: %q", c.name, out)
		}
		// Every option the help lists is spelled by flagName.
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "  -") {
				name := strings.Fields(line)[0]
				if name != flagName(name) {
					t.Errorf("seiportal %s -h lists %q", c.name, name)
				}
			}
		}
	}
	_, out, errs := run(t, dir)
	check("seiportal", out+errs)
	for _, args := range [][]string{{"build", "--nao"}, {"build", "-nao"}, {"serve", "-port", "x"}, {"build", "-tempos=x"}, {"pdf", "-lote"}, {"pdf", "f", "-d", "x", "-o", "y", "z"}} {
		_, out, errs := run(t, dir, args...)
		check("seiportal "+strings.Join(args, " "), out+errs)
	}

	// Every string literal of the package's commands (usage texts and
	// error messages).
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		var s scanner.Scanner
		s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			v, err := strconv.Unquote(lit)
			if err != nil {
				continue
			}
			// Format strings name an option through flagName or %s.
			check(fset.Position(pos).String(), v)
		}
	}

	// The README: every line that shows a seiportal command.
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(readme), "\n") {
		if strings.Contains(line, "seiportal ") {
			check("README.md:"+strconv.Itoa(i+1), line)
		}
	}
}

func TestVersionLine(t *testing.T) {
	for _, c := range []struct{ version, commit, rev, want string }{
		{"v1.2.0", "0123abc", "", "seiportal v1.2.0 (commit 0123abc)"},
		{"v1.2.0", "", "", "seiportal v1.2.0 (commit desconhecido)"},
		{"", "", "", "seiportal desenvolvimento (compilado de um clone, sem versão gravada)"},
		{"", "", "fff", "seiportal desenvolvimento (compilado de um clone, sem versão gravada; commit fff)"},
	} {
		if got := versionLine(c.version, c.commit, c.rev); got != c.want {
			t.Errorf("versionLine(%q, %q, %q) = %q; want %q", c.version, c.commit, c.rev, got, c.want)
		}
	}
	var out syncBuffer
	env := &Env{Stdout: &out, Stderr: &out, Version: "v9.9.9", Commit: "deadbeef"}
	if code := Main(t.Context(), env, []string{"version"}); code != 0 || out.String() != "seiportal v9.9.9 (commit deadbeef)\n" {
		t.Errorf("seiportal version: exit %d, %q", code, out.String())
	}
}
