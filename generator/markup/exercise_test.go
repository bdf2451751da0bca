package markup

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// exerciseResolver knows one norm provision and one source part besides
// fakeResolver's links.
type exerciseResolver struct{ fakeResolver }

func (exerciseResolver) Cite(target string) (Cite, error) {
	if target == "fonte:reuniao#o-que-nao-fazer" {
		s := &Source{Key: "reuniao", Title: "Reunião dos Multiplicadores"}
		return Cite{Kind: "fonte", Target: target, URL: "#fonte-reuniao", Label: s.Title, Preview: "O SEI! não substitui o e-mail.", Part: "O que não fazer", Source: s}, nil
	}
	return fakeResolver{}.Cite(target)
}

// TestExerciseGolden renders each testdata/exercicios/*.md and compares the
// HTML, the page's problems (line:col: message) and the exercises' answer
// keys with the .golden file beside it.
func TestExerciseGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/exercicios/*.md")
	if len(files) < 5 {
		t.Fatalf("%d cases", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := New()
			d := c.Parse(src)
			res := c.Render(d, exerciseResolver{}, nil)
			var b strings.Builder
			b.WriteString("-- html --\n")
			b.Write(res.HTML)
			b.WriteString("-- errors --\n")
			for _, e := range res.Errors {
				line, col := LineCol(src, e.Offset)
				fmt.Fprintf(&b, "%d:%d: %s\n", line, col, e.Msg)
			}
			b.WriteString("-- exercises --\n")
			for _, ex := range d.Exercises {
				fmt.Fprintf(&b, "%s %s %q %q %v %q\n", ex.ID, ex.Type, ex.Question, ex.Choices, ex.Answer, ex.Unit)
			}
			b.WriteString("-- cites --\n")
			for _, ct := range res.Cites {
				fmt.Fprintf(&b, "%s\n", ct.Target)
			}
			for _, s := range res.Sources {
				fmt.Fprintf(&b, "%s %d\n", s.Source.Key, len(s.Parts))
			}
			b.WriteString("-- text --\n" + d.PlainText() + "\n")
			golden := strings.TrimSuffix(file, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s missing (run go test ./generator/markup -run TestExerciseGolden -update)", golden)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("%s differs from %s (run with -update if intended):\n%s", file, golden, lineDiff(string(want), got))
			}
		})
	}
}

func lineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}

// FuzzExercise feeds arbitrary bodies to an ```exercicio block: nothing
// panics, every problem is at a place of the page (or -1), and a body with
// no problem renders one form with its answer key.
func FuzzExercise(f *testing.F) {
	for _, name := range []string{"escolha", "multipla", "numero", "data", "erros", "yaml"} {
		src, err := os.ReadFile("testdata/exercicios/" + name + ".md")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Add("type: escolha\nquestion: \"a\\u00e9 [x](norma:in-15-2024#art35)\"\nchoices: ['a: b', \"c\"]\nanswer: b)\nexplanation: >\n  dobra\n  [y](norma:in-15-2024#art35)\n")
	f.Fuzz(func(t *testing.T, body string) {
		src := []byte("Antes.\n\n```exercicio\n" + body + "\n```\n")
		if strings.Contains(body, "```") {
			src = []byte(body)
		}
		c := New()
		d := c.Parse(src)
		res := c.Render(d, exerciseResolver{}, nil)
		for _, e := range res.Errors {
			if e.Offset < -1 || e.Offset > len(src) {
				t.Fatalf("problem %q at offset %d of a %d-byte page", e.Msg, e.Offset, len(src))
			}
		}
		forms := strings.Count(string(res.HTML), `<form class="exercicio"`)
		if forms != len(d.Exercises) {
			t.Fatalf("%d forms for %d exercises", forms, len(d.Exercises))
		}
		for _, ex := range d.Exercises {
			if len(ex.Answer) == 0 || ex.Question == "" {
				t.Fatalf("exercise without answer or question rendered: %+v", ex)
			}
		}
	})
}

// BenchmarkExercisePage parses and renders the portal's exercise page (ten
// exercises, each with Markdown parts of its own).
func BenchmarkExercisePage(b *testing.B) {
	src, err := os.ReadFile("../../content/instrutores/exercicios.md")
	if err != nil {
		b.Fatal(err)
	}
	c := New()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		d := c.Parse(src)
		if res := c.Render(d, exerciseResolver{}, nil); len(d.Exercises) != 10 || len(res.HTML) == 0 {
			b.Fatalf("%d exercises", len(d.Exercises))
		}
	}
}
