package markup

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"
)

// LineIndex converts byte offsets of a source into lines and columns in
// time independent of how many are asked (LineCol scans from the start of
// the file each time: a page with 100,000 links took minutes).
type LineIndex struct {
	src    []byte
	starts []int // byte offset where each line starts
	// Every runeStep bytes (moved back to the start of a character), the
	// number of characters before that point: a column is counted from the
	// nearest checkpoint, never from the start of a long line.
	cpOff, cpRunes []int
}

const runeStep = 4096

// NewLineIndex indexes src.
func NewLineIndex(src []byte) *LineIndex {
	x := &LineIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			x.starts = append(x.starts, i+1)
		}
	}
	runes := 0
	prev := 0
	for off := 0; off < len(src); off += runeStep {
		o := off
		for o > prev && !utf8.RuneStart(src[o]) {
			o--
		}
		runes += utf8.RuneCount(src[prev:o])
		x.cpOff = append(x.cpOff, o)
		x.cpRunes = append(x.cpRunes, runes)
		prev = o
	}
	return x
}

// runesBefore counts the characters of src before off.
func (x *LineIndex) runesBefore(off int) int {
	k := sort.SearchInts(x.cpOff, off+1) - 1
	if k < 0 {
		return utf8.RuneCount(x.src[:off])
	}
	return x.cpRunes[k] + utf8.RuneCount(x.src[x.cpOff[k]:off])
}

// LineCol returns the 1-based line and column (in characters) of the byte
// offset off, as LineCol does; 0, 0 for a negative offset.
func (x *LineIndex) LineCol(off int) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	off = min(off, len(x.src))
	i := sort.SearchInts(x.starts, off+1) - 1
	return i + 1, x.runesBefore(off) - x.runesBefore(x.starts[i]) + 1
}

// Markdown shapes that cost the parser (goldmark) time growing with the
// square of their size, bounded before parsing.
const (
	// MaxNesting bounds the block quotes and lists opened on one line
	// ("> > > …", "- - - …"): 160,000 took minutes.
	MaxNesting = 32
	// MaxIndent bounds the indentation (in columns) before a quote or
	// list marker, which bounds lists nested line after line.
	MaxIndent = 128
	// maxLinkWork bounds, over the file, each line's link openings "]("
	// times its length: every unclosed one is read to the end of the line
	// ("[a](" 80,000 times on a line took a minute).
	maxLinkWork = 64 << 20
	// MaxLines and MaxMarkers bound the blocks of a page (each costs the
	// parser about a kilobyte): a million list items took 800 MB.
	MaxLines   = 100_000
	MaxMarkers = 100_000
	// MaxRefDefs bounds the link reference definitions ("[x]: /url") of
	// one paragraph: the parser copies the rest of the paragraph after
	// each.
	MaxRefDefs = 200
)

// Problem is a part of a source the portal refuses to parse.
type Problem struct {
	Offset int
	Msg    string
}

// CheckShape looks for the shapes the parser handles in quadratic time and
// returns the first one found (nil if none). It runs in linear time.
func CheckShape(src []byte) *Problem {
	linkWork, lines, markers, refDefs := 0, 0, 0, 0
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		if lines++; lines > MaxLines {
			return &Problem{start, fmt.Sprintf("linhas demais num só arquivo (mais de %d): divida a página", MaxLines)}
		}
		n, p := checkPrefix(line)
		if p != nil {
			p.Offset += start
			return p
		}
		if markers += n; markers > MaxMarkers {
			return &Problem{start, fmt.Sprintf("itens de lista e citações demais num só arquivo (mais de %d): divida a página", MaxMarkers)}
		}
		switch t := bytes.TrimLeft(line, " \t"); {
		case len(t) == 0:
			refDefs = 0
		case t[0] == '[' && bytes.Contains(t, []byte("]:")):
			if refDefs++; refDefs > MaxRefDefs {
				return &Problem{start, fmt.Sprintf("definições de link ([x]: endereço) demais em sequência (mais de %d): separe-as com linhas em branco", MaxRefDefs)}
			}
		}
		if n := bytes.Count(line, []byte("](")); n > 0 {
			linkWork += n * len(line)
			if linkWork > maxLinkWork {
				return &Problem{start, fmt.Sprintf("linhas longas com links demais (%d links numa linha de %d caracteres): quebre o texto em parágrafos", n, utf8.RuneCount(line))}
			}
		}
		start = end + 1
	}
	return nil
}

// checkPrefix counts the quote and list markers that open a line and
// checks the indentation before each.
func checkPrefix(line []byte) (int, *Problem) {
	depth, col := 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			col++
			i++
			continue
		case c == '\t':
			col += 4 - col%4
			i++
			continue
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				i = j + 1
				break
			}
			return depth, nil
		default:
			return depth, nil
		}
		// A marker.
		if col > MaxIndent {
			return depth, &Problem{i - 1, fmt.Sprintf("indentação grande demais antes de uma citação ou lista (mais de %d colunas)", MaxIndent)}
		}
		if depth++; depth > MaxNesting {
			return depth, &Problem{i - 1, fmt.Sprintf("citações ou listas aninhadas demais numa linha (mais de %d níveis)", MaxNesting)}
		}
		col++
	}
	return depth, nil
}
