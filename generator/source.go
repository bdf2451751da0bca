package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator/markup"
)

// The build reads only regular files inside the site's trees. A symbolic
// link is refused, wherever it points: one to /etc/passwd or
// /proc/self/environ would publish it, one to /dev/zero would never end,
// one inside the tree would publish the same file twice. Devices, named
// pipes and sockets are refused too (reading a pipe blocks forever). Only
// the trees themselves (content/, templates/) may be links, since the site
// chooses where they are. Every file is bounded in size, and the content
// tree in number of entries.

const (
	// maxTextBytes bounds a file the build parses: Markdown, definitions,
	// templates. The longest norm of the portal is 25 KB, a long decree
	// about 100 KB. The worst Markdown of this size (a million "[") costs
	// the parser about 450 MB and a second.
	maxTextBytes = 1 << 20
	// maxFileBytes bounds a file published as it is (images, PDFs, the
	// app).
	maxFileBytes = 64 << 20
	// maxEntries bounds the files and folders of content/.
	maxEntries = 200_000
)

var (
	errSymlink = errors.New("é um link simbólico; o seiportal só lê arquivos comuns dentro do site (copie o arquivo para cá)")
	errSpecial = errors.New("não é um arquivo comum (dispositivo, pipe ou socket); o seiportal só lê arquivos comuns")
)

// tooLargeError is a file over its size limit.
type tooLargeError struct{ limit int64 }

func (e tooLargeError) Error() string {
	return fmt.Sprintf("arquivo grande demais (o limite é %s)", sizeBR(e.limit))
}

func sizeBR(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitFor is the size limit of a source file.
func limitFor(name string) int64 {
	switch path.Ext(name) {
	case ".md", ".yaml", ".yml", ".toml", ".json", ".html", ".js", ".css", ".txt", ".svg", ".xml":
		if !strings.HasPrefix(name, "templates/static/") {
			return maxTextBytes
		}
	}
	return maxFileBytes
}

// entryProblem is why a directory entry met while walking a tree is not
// read, or nil.
func entryProblem(d fs.DirEntry) error {
	switch t := d.Type(); {
	case t.IsDir() || t.IsRegular():
		return nil
	case t&fs.ModeSymlink != 0:
		return errSymlink
	default:
		return errSpecial
	}
}

// sourceFS guards every read of the site: only regular files, no symbolic
// link below the trees, each file within its size limit. It wraps
// Options.Source for the whole build, so that every reader (pages, norms,
// definitions, templates) gets the same rules.
type sourceFS struct {
	fsys fs.FS
	dirs sync.Map // folders already checked: path → struct{}
}

// SourceFS wraps a site's files with the rules every build reader follows
// (no symbolic links below content/ and templates/, regular files only,
// bounded sizes, UTF-8 text), for the commands that read definitions outside
// a build (validate, pdf).
func SourceFS(fsys fs.FS) fs.FS { return newSourceFS(fsys) }

func newSourceFS(fsys fs.FS) *sourceFS {
	if s, ok := fsys.(*sourceFS); ok {
		return s
	}
	return &sourceFS{fsys: fsys}
}

// check refuses name when it, or a folder on its way below the top-level
// tree, is a symbolic link or not a regular file or folder.
func (s *sourceFS) check(name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	rl, ok := s.fsys.(fs.ReadLinkFS)
	if !ok {
		// No links to see (embed.FS): refuse at least what is not a
		// regular file before opening it (a pipe would block).
		st, err := fs.Stat(s.fsys, name)
		if err != nil {
			return err
		}
		if !st.IsDir() && !st.Mode().IsRegular() {
			return errSpecial
		}
		return nil
	}
	parts := strings.Split(name, "/")
	for i := 1; i < len(parts); i++ { // parts[0], the tree itself, may be a link
		p := strings.Join(parts[:i+1], "/")
		last := i == len(parts)-1
		if !last {
			if _, ok := s.dirs.Load(p); ok {
				continue
			}
		}
		st, err := rl.Lstat(p)
		if err != nil {
			return err
		}
		switch m := st.Mode(); {
		case m&fs.ModeSymlink != 0:
			return errSymlink
		case m.IsDir():
			s.dirs.Store(p, struct{}{})
		case !m.IsRegular():
			return errSpecial
		}
	}
	if len(parts) == 1 {
		st, err := fs.Stat(s.fsys, name)
		if err != nil {
			return err
		}
		if !st.IsDir() && !st.Mode().IsRegular() {
			return errSpecial
		}
	}
	return nil
}

func (s *sourceFS) Open(name string) (fs.File, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	f, err := s.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		return f, nil
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, errSpecial
	}
	limit := limitFor(name)
	if st.Size() > limit {
		f.Close()
		return nil, tooLargeError{limit}
	}
	return &limitedFile{File: f, left: limit, limit: limit}, nil
}

// ReadFile reads a whole file within its limit.
func (s *sourceFS) ReadFile(name string) ([]byte, error) {
	f, err := s.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	buf := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			switch path.Ext(name) {
			case ".yaml", ".yml", ".toml", ".json":
				// Definitions read by other packages (forms, checklists):
				// refused here when they are not UTF-8. Pages are checked
				// where they are parsed (checkUTF8), with their position.
				if e := checkUTF8(name, buf); e != nil {
					return nil, notUTF8Error{e}
				}
			}
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

var errIsDir = errors.New("é uma pasta")

// notUTF8Error is a definition file that is not UTF-8; its message says
// where.
type notUTF8Error struct{ e *diag.Error }

func (n notUTF8Error) Error() string {
	return fmt.Sprintf("%s (linha %d, coluna %d)", n.e.Msg, n.e.Line, n.e.Col)
}

func (s *sourceFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return fs.ReadDir(s.fsys, name)
}

func (s *sourceFS) Stat(name string) (fs.FileInfo, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return fs.Stat(s.fsys, name)
}

// limitedFile fails a read past its limit: a file that grows while it is
// read is not read without end.
type limitedFile struct {
	fs.File
	left, limit int64
}

func (f *limitedFile) Read(p []byte) (int, error) {
	if f.left <= 0 {
		// One byte more than allowed tells a file at the limit from one
		// over it.
		var one [1]byte
		if n, _ := f.File.Read(one[:]); n > 0 {
			return 0, tooLargeError{f.limit}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.File.Read(p)
	f.left -= int64(n)
	return n, err
}

// checkUTF8 refuses a text file that is not UTF-8: one saved as Latin-1 or
// Windows-1252 (what many Brazilian editors and spreadsheets write) would
// otherwise lose every accented letter without a word.
func checkUTF8(file string, src []byte) *diag.Error {
	if utf8.Valid(src) {
		return nil
	}
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		return diag.Errorf(file, 1, 1, "o arquivo está em UTF-16: salve-o como UTF-8")
	}
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	line, col := markup.LineCol(src, off)
	return diag.Errorf(file, line, col, "o arquivo não está em UTF-8 (byte 0x%02X aqui; foi salvo como Latin-1/Windows-1252?): salve-o como UTF-8", src[off])
}

// readError says why a source file could not be read, in Portuguese.
func readError(err error) string {
	var tl tooLargeError
	var nu notUTF8Error
	switch {
	case errors.As(err, &tl), errors.As(err, &nu), errors.Is(err, errSymlink), errors.Is(err, errSpecial), errors.Is(err, errIsDir):
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err.Error()
		}
		return err.Error()
	}
	return diag.OSReason(err)
}
