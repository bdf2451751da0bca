// Package diag carries positioned diagnostics: the "file:line:col: message"
// errors that authors of content, norms, forms and checklists get from
// seiportal check and seiportal build.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem at one place in one source file. Line and Col are
// 1-based; Col 0 means the column is unknown and is left out when printed.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, "%d:", e.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errorf returns a positioned error.
func Errorf(file string, line, col int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// List is a set of positioned errors, printed one per line, sorted by file,
// line and column.
type List []*Error

func (l List) Error() string {
	l.Sort()
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the list by file, line, column and message (Less).
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return Less(l[i], l[j]) })
}

// Less is the order authors read problems in: by file, line, column and
// message.
func Less(a, b *Error) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return a.Msg < b.Msg
}

// Err returns nil for an empty list, the list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// InFile sets File on every error of l that has none.
func (l List) InFile(file string) List {
	for _, e := range l {
		if e.File == "" {
			e.File = file
		}
	}
	return l
}

// Flatten collects the positioned errors inside err (an *Error, a List, or
// errors joined with errors.Join). Any other error is returned as a single
// unpositioned Error.
func Flatten(err error) List {
	if err == nil {
		return nil
	}
	var out List
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *Error:
			out = append(out, e)
			return
		case List:
			out = append(out, e...)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *Error
		if errors.As(err, &pe) {
			out = append(out, &Error{File: pe.File, Line: pe.Line, Col: pe.Col, Msg: pe.Msg})
			return
		}
		out = append(out, &Error{Msg: err.Error()})
	}
	walk(err)
	return out
}
