package generator_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator"
)

// TestPhaseErrors checks that a problem found by each phase of the build
// comes wrapped with the phase's name ("parse: content/x.md:3:1: …"), and
// that authors still read it without the phase, positioned.
func TestPhaseErrors(t *testing.T) {
	page := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body)}
	}
	cases := []struct {
		phase string
		files fstest.MapFS
		out   generator.Output
		want  string // the problem as authors read it
	}{
		{"load", fstest.MapFS{
			"content/p.md": {Data: []byte("---\ntitle: P\nweight: x\n---\n")},
		}, nil, `content/p.md:3:9: "weight" deve ser um número inteiro`},
		{"parse", fstest.MapFS{
			"content/p.md": page("P", "Normal.\n\n"+strings.Repeat(">", 40)+" texto\n"),
		}, nil, "content/p.md:6:"},
		{"parse", fstest.MapFS{ // a definition file
			"content/fontes.yaml": {Data: []byte("- id: guia\n  title: Guia\n  publisher: Prefeitura\n  date: s.d.\n  url: ftp://x\n")},
		}, nil, "content/fontes.yaml:5:8: url deve começar com https:// ou http://"},
		{"resolve", fstest.MapFS{
			"content/p.md": page("P", "Um [link](nada.md).\n"),
		}, nil, "content/p.md:4:4: link para página inexistente: nada.md (content/nada.md não existe)"},
		{"resolve", fstest.MapFS{ // an anchor of another page: checked once every page is parsed
			"content/p.md": page("P", "## Existe\n"),
			"content/q.md": page("Q", "Ver [p](p.md#sumiu).\n"),
		}, nil, "content/q.md:4:5: a âncora #sumiu não existe em content/p.md"},
		{"render", fstest.MapFS{
			"content/p.md":                page("P", "Texto.\n"),
			"templates/layouts/page.html": {Data: []byte(`{{define "main"}}{{.Page.Nope}}{{end}}`)},
		}, nil, "content/p.md: templates/layouts/page.html:1:"},
		{"write", fstest.MapFS{
			"content/p.md": page("P", "Texto.\n"),
		}, failingOutput{"p/index.html"}, "não foi possível gravar p/index.html: disco cheio"},
	}
	for _, c := range cases {
		t.Run(c.phase, func(t *testing.T) {
			fsys := repoTemplates(t)
			fsys["content/_index.md"] = page("Início", "Início.\n")
			for name, f := range c.files {
				fsys[name] = f
			}
			out := c.out
			if out == nil {
				out = generator.NewMemOutput()
			}
			_, err := generator.Build(context.Background(), generator.Options{Source: fsys, Out: out})
			if err == nil {
				t.Fatal("build succeeded")
			}
			var probs generator.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("error %T is not generator.Problems: %v", err, err)
			}
			var found *generator.PhaseError
			for _, p := range probs {
				if strings.HasPrefix(p.Err.Error(), c.want) {
					found = p
				}
			}
			if found == nil {
				t.Fatalf("no problem starting with %q in:\n%v", c.want, err)
			}
			if found.Phase != c.phase {
				t.Errorf("%q found by phase %q; want %q", found.Err, found.Phase, c.phase)
			}
			if !strings.Contains(err.Error(), c.phase+": "+c.want) {
				t.Errorf("the build's error lacks %q:\n%v", c.phase+": "+c.want, err)
			}
			// Authors read the positioned problem, without the phase.
			var flat []string
			for _, e := range diag.Flatten(err) {
				flat = append(flat, e.Error())
			}
			if !strings.Contains(strings.Join(flat, "\n"), "\n"+c.want) && !strings.HasPrefix(strings.Join(flat, "\n"), c.want) {
				t.Errorf("diag.Flatten lacks %q:\n%s", c.want, strings.Join(flat, "\n"))
			}
		})
	}
}

// failingOutput fails to write one file.
type failingOutput struct{ name string }

func (f failingOutput) WriteFile(name string, data []byte) error {
	if name == f.name {
		return errors.New("disco cheio")
	}
	return nil
}
