package txtar

import (
	"bytes"
	"testing"
)

func TestParseFormat(t *testing.T) {
	src := []byte("comentário\n-- a.yaml --\nid: a\n-- vazio --\n-- b/c.txt --\n-- não é marcador\nfim")
	a := Parse(src)
	if string(a.Comment) != "comentário\n" || len(a.Files) != 3 {
		t.Fatalf("%q %d files", a.Comment, len(a.Files))
	}
	for i, want := range []File{{"a.yaml", []byte("id: a\n")}, {"vazio", nil}, {"b/c.txt", []byte("-- não é marcador\nfim\n")}} {
		if f := a.Files[i]; f.Name != want.Name || !bytes.Equal(f.Data, want.Data) {
			t.Errorf("file %d: %q %q; want %q %q", i, f.Name, f.Data, want.Name, want.Data)
		}
	}
	if got, want := string(Format(a)), string(src)+"\n"; got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	if a := Parse([]byte("-- x --\r\ny\n")); len(a.Files) != 1 || a.Files[0].Name != "x" {
		t.Errorf("CRLF marker: %+v", a)
	}
}
