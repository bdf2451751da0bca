package diag

import (
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/BurntSushi/toml"
	yaml "go.yaml.in/yaml/v3"
)

// The parsers' usual messages come out in Portuguese, with their line.
func TestSyntaxMessagesInPortuguese(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"a: [x\n", "a lista entre colchetes"},
		{"a: {x\n", "o mapa entre chaves"},
		{"a: 1\n\tb: 2\n", "tabulação na indentação"},
		{"a: \"x\n", "o texto terminou antes do esperado"},
		{"a: b: c\n", "':' fora de lugar"},
		{"a: *x\n", "a âncora *x não foi definida"},
		{"a: 1\na: 2\n", `a chave "a" aparece duas vezes`},
		{"- a\nb: 1\n", "esperava um item de lista '-'"},
	} {
		var v map[string]any
		err := yaml.Unmarshal([]byte(c.src), &v)
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		msg := err.Error()
		if _, after, ok := strings.Cut(msg, "line "); ok {
			_, msg, _ = strings.Cut(after, ": ")
		}
		msg = YAMLMessage(strings.TrimPrefix(msg, "yaml: "))
		if !strings.Contains(msg, c.want) {
			t.Errorf("%q: %q (from %q); want %q", c.src, msg, err, c.want)
		}
	}
	for _, c := range []struct{ src, want string }{
		{"a \"x\"\n", "esperava '=' depois da chave"},
		{"a = [1\n", "a lista [ ] não foi fechada"},
		{"a = 1\na = 2\n", "a chave 'a' aparece duas vezes"},
		{"a = x\n", "esperava um valor"},
		{"a = 1 2\n", "esperava o fim da linha"},
	} {
		var v map[string]any
		_, err := toml.Decode(c.src, &v)
		pe, ok := err.(toml.ParseError)
		if !ok {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		if msg := TOMLMessage(pe.Message); !strings.Contains(msg, c.want) || strings.Contains(msg, "expected") {
			t.Errorf("%q: %q (from %q); want %q", c.src, msg, pe.Message, c.want)
		}
	}
}

func TestOSReason(t *testing.T) {
	for errno, want := range map[syscall.Errno]string{
		syscall.ELOOP:        "links simbólicos demais",
		syscall.ENAMETOOLONG: "nome de arquivo longo demais",
		syscall.ENOSPC:       "sem espaço no disco",
		syscall.ENOENT:       "não encontrado",
	} {
		err := fmt.Errorf("x: %w", &fs.PathError{Op: "open", Path: "/a", Err: errno})
		if got := OSReason(err); got != want && !strings.Contains(got, want) {
			t.Errorf("%v: %q; want %q", errno, got, want)
		}
	}
}
