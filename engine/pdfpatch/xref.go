package pdfpatch

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"sort"
)

// xrefEntry locates an object: typ 'n' at byte offset off, typ 'c' as
// entry idx of object stream stm, typ 'f' free.
type xrefEntry struct {
	typ byte
	off int64
	gen int
	stm int
	idx int
}

// document is a read view of a PDF: its cross-reference data and trailer.
type document struct {
	b          []byte
	xref       map[int]xrefEntry
	trailer    *dict
	startxref  int64 // offset of the newest xref section
	xrefStream bool  // the newest xref section is a stream
	busy       map[int]bool
	objStms    map[int]*objStm
}

type objStm struct {
	data  []byte
	first int
	nums  []int
	offs  []int
}

// maxDecoded bounds the size of any decoded stream (zip bombs).
const maxDecoded = 64 << 20

// maxSections bounds the number of xref sections followed through /Prev.
const maxSections = 4096

func newDocument(b []byte) *document {
	return &document{b: b, xref: map[int]xrefEntry{}, busy: map[int]bool{}, objStms: map[int]*objStm{}}
}

// open reads the cross-reference sections of b, newest first, through the
// /Prev chain. It is strict: Update relies on the offsets being right.
func open(b []byte) (*document, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-")) && !bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-")) {
		return nil, errors.New("o arquivo não é um PDF (falta o cabeçalho %PDF-)")
	}
	d := newDocument(b)
	start, err := findStartxref(b)
	if err != nil {
		return nil, err
	}
	d.startxref = start
	seen := map[int64]bool{}
	off := start
	for n := 0; ; n++ {
		if seen[off] || n >= maxSections {
			return nil, errors.New("ciclo nas seções de referência cruzada (/Prev)")
		}
		seen[off] = true
		trailer, isStream, err := d.readSection(off)
		if err != nil {
			return nil, fmt.Errorf("tabela de referência cruzada em %d: %w", off, err)
		}
		if n == 0 {
			d.trailer = trailer
			d.xrefStream = isStream
		}
		if xs, ok := trailer.get("XRefStm").(int64); ok && !isStream && !seen[xs] {
			// Hybrid file: the stream completes the table of this section.
			seen[xs] = true
			if _, _, err := d.readSection(xs); err != nil {
				return nil, fmt.Errorf("/XRefStm em %d: %w", xs, err)
			}
		}
		prev, ok := trailer.get("Prev").(int64)
		if !ok {
			break
		}
		off = prev
	}
	if _, ok := d.trailer.get("Root").(ref); !ok {
		return nil, errors.New("o trailer não tem /Root")
	}
	return d, nil
}

func findStartxref(b []byte) (int64, error) {
	tail := b[max(0, len(b)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return 0, errors.New("o PDF não tem \"startxref\" (arquivo truncado?)")
	}
	p := &parser{b: tail, pos: i + len("startxref")}
	n, ok := p.uint()
	if !ok || n >= int64(len(b)) {
		return 0, errors.New("valor de \"startxref\" inválido")
	}
	// Objects after the last startxref belong to an update whose xref is
	// missing (truncated file): the xref does not describe the document.
	if bytes.Contains(tail[p.pos:], []byte("obj")) {
		return 0, errors.New("há objetos depois do último \"startxref\" (atualização sem tabela xref)")
	}
	return n, nil
}

// readSection reads one xref table (with its trailer) or xref stream at off
// and records the entries not yet known (newer sections are read first).
func (d *document) readSection(off int64) (*dict, bool, error) {
	if off < 0 || off >= int64(len(d.b)) {
		return nil, false, errors.New("posição fora do arquivo")
	}
	p := &parser{b: d.b, pos: int(off)}
	if p.keyword("xref") {
		t, err := d.readTable(p)
		return t, false, err
	}
	p.pos = int(off)
	_, _, v, err := d.readIndirect(p)
	if err != nil {
		return nil, false, err
	}
	s, ok := v.(*stream)
	if !ok || s.dict.get("Type") != name("XRef") {
		return nil, false, errors.New("nem \"xref\" nem fluxo /XRef")
	}
	return s.dict, true, d.readXrefStream(s)
}

func (d *document) readTable(p *parser) (*dict, error) {
	for {
		if p.keyword("trailer") {
			v, err := p.value(0)
			if err != nil {
				return nil, err
			}
			t, ok := v.(*dict)
			if !ok {
				return nil, p.errorf("trailer não é um dicionário")
			}
			return t, nil
		}
		first, ok1 := p.uint()
		count, ok2 := p.uint()
		if !ok1 || !ok2 {
			return nil, p.errorf("subseção da tabela xref inválida")
		}
		if count > int64(len(p.b)-p.pos)/4 || first+count > 1<<31 {
			return nil, p.errorf("subseção da tabela xref grande demais")
		}
		for i := int64(0); i < count; i++ {
			off, ok1 := p.uint()
			gen, ok2 := p.uint()
			w := p.word()
			if !ok1 || !ok2 || len(w) != 1 || (w[0] != 'n' && w[0] != 'f') {
				return nil, p.errorf("entrada da tabela xref inválida")
			}
			p.pos++
			num := int(first + i)
			if _, known := d.xref[num]; known {
				continue
			}
			if w[0] == 'f' {
				d.xref[num] = xrefEntry{typ: 'f', gen: int(gen)}
			} else {
				d.xref[num] = xrefEntry{typ: 'n', off: off, gen: int(gen)}
			}
		}
	}
}

func (d *document) readXrefStream(s *stream) error {
	data, err := d.decode(s)
	if err != nil {
		return err
	}
	warr, _ := s.dict.get("W").([]any)
	if len(warr) != 3 {
		return errors.New("/W do fluxo xref inválido")
	}
	var w [3]int
	for i, x := range warr {
		n, ok := x.(int64)
		if !ok || n < 0 || n > 8 {
			return errors.New("/W do fluxo xref inválido")
		}
		w[i] = int(n)
	}
	size, _ := s.dict.get("Size").(int64)
	index := []any{int64(0), size}
	if ix, ok := s.dict.get("Index").([]any); ok {
		index = ix
	}
	rowLen := w[0] + w[1] + w[2]
	if rowLen == 0 {
		return errors.New("/W do fluxo xref inválido")
	}
	pos := 0
	field := func(n, def int) int64 {
		if n == 0 {
			return int64(def)
		}
		var v int64
		for k := 0; k < n; k++ {
			v = v<<8 | int64(data[pos])
			pos++
		}
		return v
	}
	for i := 0; i+1 < len(index); i += 2 {
		first, ok1 := index[i].(int64)
		count, ok2 := index[i+1].(int64)
		if !ok1 || !ok2 || first < 0 || count < 0 || first+count > 1<<31 {
			return errors.New("/Index do fluxo xref inválido")
		}
		for k := int64(0); k < count; k++ {
			if pos+rowLen > len(data) {
				return errors.New("fluxo xref mais curto que /Index")
			}
			typ := field(w[0], 1)
			f2 := field(w[1], 0)
			f3 := field(w[2], 0)
			num := int(first + k)
			if _, known := d.xref[num]; known {
				continue
			}
			switch typ {
			case 0:
				d.xref[num] = xrefEntry{typ: 'f'}
			case 1:
				d.xref[num] = xrefEntry{typ: 'n', off: f2, gen: int(f3 & 0xffff)}
			case 2:
				if f2 > 1<<31 || f3 > 1<<31 {
					return errors.New("entrada comprimida inválida no fluxo xref")
				}
				d.xref[num] = xrefEntry{typ: 'c', stm: int(f2), idx: int(f3)}
			}
		}
	}
	return nil
}

// readIndirect reads "num gen obj value [stream…] endobj" at p.
func (d *document) readIndirect(p *parser) (int, int, any, error) {
	num, ok1 := p.uint()
	gen, ok2 := p.uint()
	if !ok1 || !ok2 || !p.keyword("obj") || num > 1<<31 || gen > 1<<31 {
		return 0, 0, nil, p.errorf("objeto indireto esperado")
	}
	v, err := p.value(0)
	if err != nil {
		return 0, 0, nil, err
	}
	sd, isDict := v.(*dict)
	if !isDict || !p.keyword("stream") {
		return int(num), int(gen), v, nil
	}
	// The keyword is followed by CRLF or LF (a lone CR is tolerated).
	if p.pos < len(p.b) && p.b[p.pos] == '\r' {
		p.pos++
	}
	if p.pos < len(p.b) && p.b[p.pos] == '\n' {
		p.pos++
	}
	start := p.pos
	end := -1
	if n, ok := d.lengthOf(sd, int(num)); ok && n <= int64(len(p.b)-start) {
		q := &parser{b: p.b, pos: start + int(n)}
		if q.keyword("endstream") {
			end = start + int(n)
		}
	}
	if end < 0 { // wrong /Length: look for the keyword
		i := bytes.Index(p.b[start:], []byte("endstream"))
		if i < 0 {
			return 0, 0, nil, p.errorf("fluxo sem \"endstream\"")
		}
		end = start + i
		if end > start && p.b[end-1] == '\n' {
			end--
		}
		if end > start && p.b[end-1] == '\r' {
			end--
		}
	}
	return int(num), int(gen), &stream{dict: sd, raw: p.b[start:end:end]}, nil
}

func (d *document) lengthOf(sd *dict, self int) (int64, bool) {
	switch l := sd.get("Length").(type) {
	case int64:
		return l, l >= 0
	case ref:
		if l.num == self {
			return 0, false
		}
		v, err := d.resolve(l)
		n, ok := v.(int64)
		return n, err == nil && ok && n >= 0
	}
	return 0, false
}

// object returns the value of object num (nil when free or missing).
func (d *document) object(num int) (any, error) {
	e, ok := d.xref[num]
	if !ok || e.typ == 'f' {
		return nil, nil
	}
	if d.busy[num] {
		return nil, fmt.Errorf("referência circular ao objeto %d", num)
	}
	d.busy[num] = true
	defer delete(d.busy, num)
	if e.typ == 'c' {
		return d.compressed(num, e)
	}
	if e.off < 0 || e.off >= int64(len(d.b)) {
		return nil, fmt.Errorf("objeto %d: posição %d fora do arquivo", num, e.off)
	}
	p := &parser{b: d.b, pos: int(e.off)}
	n, _, v, err := d.readIndirect(p)
	if err != nil {
		return nil, fmt.Errorf("objeto %d: %w", num, err)
	}
	if n != num {
		return nil, fmt.Errorf("objeto %d: a tabela xref aponta para o objeto %d", num, n)
	}
	return v, nil
}

func (d *document) compressed(num int, e xrefEntry) (any, error) {
	os, err := d.objStm(e.stm)
	if err != nil {
		return nil, fmt.Errorf("objeto %d no fluxo de objetos %d: %w", num, e.stm, err)
	}
	if e.idx < 0 || e.idx >= len(os.nums) || os.nums[e.idx] != num {
		return nil, fmt.Errorf("objeto %d ausente do fluxo de objetos %d", num, e.stm)
	}
	p := &parser{b: os.data, pos: os.first + os.offs[e.idx]}
	if p.pos < 0 || p.pos > len(os.data) {
		return nil, fmt.Errorf("objeto %d: posição inválida no fluxo de objetos", num)
	}
	return p.value(0)
}

func (d *document) objStm(num int) (*objStm, error) {
	if os, ok := d.objStms[num]; ok {
		return os, nil
	}
	if e := d.xref[num]; e.typ != 'n' {
		return nil, errors.New("fluxo de objetos ausente")
	}
	v, err := d.object(num)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*stream)
	if !ok {
		return nil, errors.New("não é um fluxo")
	}
	data, err := d.decode(s)
	if err != nil {
		return nil, err
	}
	n, _ := s.dict.get("N").(int64)
	first, _ := s.dict.get("First").(int64)
	if n < 0 || n > int64(len(data)) || first < 0 || first > int64(len(data)) {
		return nil, errors.New("/N ou /First inválido")
	}
	os := &objStm{data: data, first: int(first)}
	p := &parser{b: data[:first]}
	for i := int64(0); i < n; i++ {
		on, ok1 := p.uint()
		oo, ok2 := p.uint()
		if !ok1 || !ok2 || on > 1<<31 || oo > int64(len(data)) {
			return nil, errors.New("cabeçalho do fluxo de objetos inválido")
		}
		os.nums = append(os.nums, int(on))
		os.offs = append(os.offs, int(oo))
	}
	d.objStms[num] = os
	return os, nil
}

// resolve follows indirect references.
func (d *document) resolve(v any) (any, error) {
	for i := 0; i < 32; i++ {
		r, ok := v.(ref)
		if !ok {
			return v, nil
		}
		var err error
		if v, err = d.object(r.num); err != nil {
			return nil, err
		}
	}
	return nil, errors.New("cadeia de referências longa demais")
}

func (d *document) resolveDict(v any) (*dict, error) {
	v, err := d.resolve(v)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case *dict:
		return v, nil
	case *stream:
		return v.dict, nil
	case nil:
		return nil, nil
	}
	return nil, errors.New("dicionário esperado")
}

func (d *document) resolveArray(v any) ([]any, error) {
	v, err := d.resolve(v)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case []any:
		return v, nil
	case nil:
		return nil, nil
	}
	return nil, errors.New("array esperado")
}

// decode applies the stream's filters (none or FlateDecode, with PNG
// predictors).
func (d *document) decode(s *stream) ([]byte, error) {
	filters := []any{}
	switch f := s.dict.get("Filter").(type) {
	case nil:
	case name:
		filters = append(filters, f)
	case []any:
		filters = f
	default:
		if r, ok := f.(ref); ok {
			v, err := d.resolve(r)
			if err != nil {
				return nil, err
			}
			if n, ok := v.(name); ok {
				filters = append(filters, n)
			} else if a, ok := v.([]any); ok {
				filters = a
			}
		}
	}
	parms := []any{s.dict.get("DecodeParms")}
	if a, ok := parms[0].([]any); ok {
		parms = a
	}
	data := s.raw
	for i, f := range filters {
		switch f {
		case name("FlateDecode"), name("Fl"):
			var err error
			if data, err = inflate(data); err != nil {
				return nil, err
			}
			var p *dict
			if i < len(parms) {
				p, _ = d.resolveDict(parms[i])
			}
			if data, err = unpredict(data, p); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("filtro de fluxo não suportado: %v", f)
		}
	}
	return data, nil
}

func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, errors.New("fluxo Flate inválido: " + zlibText(err))
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if len(out) > maxDecoded {
		return nil, errors.New("fluxo descomprimido grande demais")
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.New("fluxo Flate inválido: " + zlibText(err))
	}
	return out, nil
}

// zlibText says in Portuguese what compress/zlib and compress/flate
// report in English (their messages would reach the person otherwise).
func zlibText(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, zlib.ErrHeader):
		return "cabeçalho zlib inválido"
	case errors.Is(err, zlib.ErrChecksum):
		return "a soma de verificação dos dados comprimidos não confere"
	case errors.Is(err, zlib.ErrDictionary):
		return "dicionário zlib não suportado"
	case errors.As(err, &corrupt):
		return fmt.Sprintf("dados comprimidos corrompidos (byte %d)", int64(corrupt))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "os dados comprimidos terminam antes do fim"
	}
	return "dados comprimidos ilegíveis"
}

// unpredict undoes PNG predictors (/Predictor >= 10), the only ones used by
// xref and object streams in practice.
func unpredict(b []byte, p *dict) ([]byte, error) {
	pred, _ := p.get("Predictor").(int64)
	if pred <= 1 {
		return b, nil
	}
	if pred < 10 {
		return nil, fmt.Errorf("preditor %d não suportado", pred)
	}
	cols, colors, bpc := int64(1), int64(1), int64(8)
	if v, ok := p.get("Columns").(int64); ok {
		cols = v
	}
	if v, ok := p.get("Colors").(int64); ok {
		colors = v
	}
	if v, ok := p.get("BitsPerComponent").(int64); ok {
		bpc = v
	}
	if cols < 1 || cols > 1<<20 || colors < 1 || colors > 32 || bpc < 1 || bpc > 16 {
		return nil, errors.New("parâmetros do preditor inválidos")
	}
	bpp := int(max((colors*bpc+7)/8, 1))
	row := int((cols*colors*bpc + 7) / 8)
	if row > 1<<16 {
		return nil, errors.New("parâmetros do preditor inválidos")
	}
	var out []byte
	prev := make([]byte, row)
	for len(b) > 0 {
		ft := b[0]
		cur := make([]byte, row)
		copy(cur, b[1:min(len(b), row+1)])
		b = b[min(len(b), row+1):]
		for i := 0; i < row; i++ {
			var left, upLeft byte
			if i >= bpp {
				left, upLeft = cur[i-bpp], prev[i-bpp]
			}
			up := prev[i]
			switch ft {
			case 0:
			case 1:
				cur[i] += left
			case 2:
				cur[i] += up
			case 3:
				cur[i] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[i] += paeth(left, up, upLeft)
			default:
				return nil, fmt.Errorf("filtro PNG %d inválido", ft)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// rebuild is the fallback reader for damaged files: it scans the whole file
// for "num gen obj" headers (the last definition wins) and for a trailer.
func rebuild(b []byte) (*document, error) {
	d := newDocument(b)
	for i := 0; i < len(b); {
		j := bytes.Index(b[i:], []byte("obj"))
		if j < 0 {
			break
		}
		k := i + j
		i = k + 3
		if k+3 < len(b) && isRegular(b[k+3]) {
			continue
		}
		num, gen, start, ok := objHeaderBefore(b, k)
		if ok {
			d.xref[num] = xrefEntry{typ: 'n', off: int64(start), gen: gen}
		}
	}
	nums := make([]int, 0, len(d.xref))
	for n := range d.xref {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	// Trailer: the newest "trailer" dictionary with /Root, else an xref
	// stream with /Root, else any catalog.
	for end := len(b); end > 0; {
		i := bytes.LastIndex(b[:end], []byte("trailer"))
		if i < 0 {
			break
		}
		end = i
		p := &parser{b: b, pos: i + len("trailer")}
		if v, err := p.value(0); err == nil {
			if t, ok := v.(*dict); ok {
				if _, ok := t.get("Root").(ref); ok {
					d.trailer = t
					break
				}
			}
		}
	}
	for _, n := range nums {
		v, err := d.object(n)
		if err != nil {
			continue
		}
		s, ok := v.(*stream)
		if !ok {
			if dd, ok := v.(*dict); ok && d.trailer == nil && dd.get("Type") == name("Catalog") {
				d.trailer = newDict(name("Root"), ref{n, d.xref[n].gen})
			}
			continue
		}
		switch s.dict.get("Type") {
		case name("XRef"):
			if _, ok := s.dict.get("Root").(ref); ok && d.trailer == nil {
				d.trailer = s.dict
			}
		case name("ObjStm"):
			os, err := d.objStm(n)
			if err != nil {
				continue
			}
			for idx, on := range os.nums {
				if _, known := d.xref[on]; !known {
					d.xref[on] = xrefEntry{typ: 'c', stm: n, idx: idx}
				}
			}
		}
	}
	if d.trailer == nil {
		// A catalog may sit in an object stream.
		for n, e := range d.xref {
			if e.typ != 'c' {
				continue
			}
			if dd, err := d.resolveDict(ref{n, 0}); err == nil && dd.get("Type") == name("Catalog") {
				if d.trailer == nil || n < d.trailer.get("Root").(ref).num {
					d.trailer = newDict(name("Root"), ref{n, 0})
				}
			}
		}
	}
	if d.trailer == nil {
		return nil, errors.New("nenhum catálogo (/Root) encontrado no PDF")
	}
	return d, nil
}

// objHeaderBefore parses "num gen " backwards from the "obj" keyword at k.
func objHeaderBefore(b []byte, k int) (num, gen, start int, ok bool) {
	i := k
	digits := func() (int, bool) {
		end := i
		for i > 0 && isDigit(b[i-1]) && end-i < 10 {
			i--
		}
		if i == end || (i > 0 && isDigit(b[i-1])) {
			return 0, false
		}
		n := 0
		for _, c := range b[i:end] {
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	white := func() bool {
		end := i
		for i > 0 && isWhite(b[i-1]) {
			i--
		}
		return i < end
	}
	if !white() {
		return
	}
	if gen, ok = digits(); !ok || !white() {
		return 0, 0, 0, false
	}
	if num, ok = digits(); !ok {
		return 0, 0, 0, false
	}
	if i > 0 && isRegular(b[i-1]) {
		return 0, 0, 0, false
	}
	return num, gen, i, true
}
