// Package txtar reads and writes the txtar archives the golden tests keep
// under testdata/: comment lines, then files, each introduced by a line
// "-- name --" and running to the next such line. It is the format of
// golang.org/x/tools/txtar, kept here so that the main module does not
// require x/tools for its tests.
package txtar

import (
	"bytes"
	"os"
	"strings"
)

// Archive is a comment and a list of files.
type Archive struct {
	Comment []byte
	Files   []File
}

// File is one file of an archive.
type File struct {
	Name string
	Data []byte
}

// ParseFile reads and parses the archive in file.
func ParseFile(file string) (*Archive, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(data), nil
}

// Parse parses an archive; every input is one (there are no syntax
// errors). A last line without its newline gets one.
func Parse(data []byte) *Archive {
	a := &Archive{}
	cur := &a.Comment
	for len(data) > 0 {
		line := data
		rest := []byte(nil)
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, rest = data[:i+1], data[i+1:]
		}
		if name, ok := marker(line); ok {
			a.Files = append(a.Files, File{Name: name})
			cur = &a.Files[len(a.Files)-1].Data
		} else {
			*cur = append(*cur, line...)
		}
		data = rest
	}
	a.Comment = withNL(a.Comment)
	for i := range a.Files {
		a.Files[i].Data = withNL(a.Files[i].Data)
	}
	return a
}

// marker reports whether line is "-- name --" and returns the name.
func marker(line []byte) (string, bool) {
	s := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
	if !strings.HasPrefix(s, "-- ") || !strings.HasSuffix(s, " --") || len(s) < 6 {
		return "", false
	}
	name := strings.TrimSpace(s[3 : len(s)-3])
	return name, name != ""
}

// Format writes an archive.
func Format(a *Archive) []byte {
	var b bytes.Buffer
	b.Write(withNL(a.Comment))
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(withNL(f.Data))
	}
	return b.Bytes()
}

func withNL(data []byte) []byte {
	if len(data) == 0 || data[len(data)-1] == '\n' {
		return data
	}
	return append(data[:len(data):len(data)], '\n')
}
