package pdfpatch

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Update appends one incremental update to pdf (the original bytes stay
// untouched as a prefix) that adds:
//
//   - for each field, a merged field/widget annotation (/Type /Annot
//     /Subtype /Widget /FT /Sig /T /Rect /P /F 4, with an empty appearance)
//     listed in its page's /Annots and in the catalog's /AcroForm /Fields
//     (/SigFlags 1);
//   - for each attachment, an /EmbeddedFile stream (FlateDecode, /Subtype
//     from MIME, /Params /Size /CheckSum) and its /Filespec (/F /UF /Desc
//     /EF /AFRelationship /Data), in the catalog's /Names /EmbeddedFiles
//     tree and /AF array. An existing embedded file of the same name is
//     replaced;
//   - for each image, an /XObject /Image (FlateDecode) named in the
//     resources of each of its pages (a page's /Resources becomes its own
//     copy) and painted by a content stream put first in the page's
//     /Contents.
//
// The new cross-reference section is a table, or a stream when the newest
// section of pdf is one; the trailer carries /Prev, /Root, /Info and /ID
// (an /ID is derived from the original bytes when absent). The output is a
// deterministic function of the input.
func Update(pdf []byte, fields []SigField, atts []Attachment, imgs ...Image) ([]byte, error) {
	if err := validate(fields, atts, imgs); err != nil {
		return nil, fmt.Errorf("pdfpatch: %w", err)
	}
	out, err := update(pdf, fields, atts, imgs)
	if err != nil {
		if errors.Is(err, ErrEncrypted) {
			return nil, err
		}
		return nil, fmt.Errorf("pdfpatch: %w", err)
	}
	return out, nil
}

func validate(fields []SigField, atts []Attachment, imgs []Image) error {
	for i, im := range imgs {
		if im.Width < 1 || im.Height < 1 || im.Width > 1<<14 || im.Height > 1<<14 || len(im.RGB) != im.Width*im.Height*3 {
			return fmt.Errorf("imagem nº %d: %d × %d pixels com %d bytes", i+1, im.Width, im.Height, len(im.RGB))
		}
		for _, v := range im.Rect {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				return fmt.Errorf("imagem nº %d: retângulo %v inválido", i+1, im.Rect)
			}
		}
		for _, pg := range im.Pages {
			if pg < 1 {
				return fmt.Errorf("imagem nº %d: página %d inválida (a primeira é 1)", i+1, pg)
			}
		}
	}
	seen := map[string]bool{}
	for i, f := range fields {
		if f.Name == "" {
			return fmt.Errorf("o campo de assinatura nº %d não tem nome", i+1)
		}
		for j := 0; j < len(f.Name); j++ {
			if c := f.Name[j]; c < 0x20 || c > 0x7e {
				return fmt.Errorf("nome de campo %q: use apenas ASCII imprimível", f.Name)
			}
		}
		if strings.Contains(f.Name, ".") {
			return fmt.Errorf("nome de campo %q: o ponto ('.') não é permitido", f.Name)
		}
		if seen[f.Name] {
			return fmt.Errorf("campo de assinatura %q repetido", f.Name)
		}
		seen[f.Name] = true
		if f.Page < 1 {
			return fmt.Errorf("campo %q: página %d inválida (a primeira é 1)", f.Name, f.Page)
		}
		for _, v := range f.Rect {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				return fmt.Errorf("campo %q: retângulo %v inválido", f.Name, f.Rect)
			}
		}
	}
	seen = map[string]bool{}
	for i, a := range atts {
		if a.Name == "" {
			return fmt.Errorf("o anexo nº %d não tem nome", i+1)
		}
		if !utf8.ValidString(a.Name) || !utf8.ValidString(a.Description) {
			return fmt.Errorf("anexo %q: nome ou descrição não é UTF-8 válido", a.Name)
		}
		if seen[a.Name] {
			return fmt.Errorf("anexo %q repetido", a.Name)
		}
		seen[a.Name] = true
		if a.MIME != "" {
			slash := strings.IndexByte(a.MIME, '/')
			bad := slash <= 0 || slash == len(a.MIME)-1
			for j := 0; j < len(a.MIME); j++ {
				if c := a.MIME[j]; c <= 0x20 || c > 0x7e {
					bad = true
				}
			}
			if bad {
				return fmt.Errorf("anexo %q: tipo MIME %q inválido", a.Name, a.MIME)
			}
		}
	}
	return nil
}

// patch collects the objects of the incremental update.
type patch struct {
	next int
	objs []outObj
}

type outObj struct {
	num, gen int
	val      any
}

func (u *patch) alloc() ref {
	r := ref{u.next, 0}
	u.next++
	return r
}

func (u *patch) put(r ref, v any) error {
	for _, o := range u.objs {
		if o.num == r.num {
			return fmt.Errorf("estrutura inválida: o objeto %d seria reescrito duas vezes", r.num)
		}
	}
	u.objs = append(u.objs, outObj{r.num, r.gen, v})
	return nil
}

// ownDict returns a copy of the dictionary stored as object r, for
// rewriting it under the same number.
func (d *document) ownDict(r ref, what string) (*dict, error) {
	v, err := d.resolve(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	dd, ok := v.(*dict)
	if !ok {
		return nil, fmt.Errorf("%s (objeto %d) não é um dicionário", what, r.num)
	}
	return dd.clone(), nil
}

// own returns the dictionary stored as object r for rewriting it under the
// same number: the copy this update already rewrites, or a new one.
func (u *patch) own(d *document, r ref, what string) (*dict, error) {
	for _, o := range u.objs {
		if o.num == r.num {
			if dd, ok := o.val.(*dict); ok {
				return dd, nil
			}
		}
	}
	dd, err := d.ownDict(r, what)
	if err != nil {
		return nil, err
	}
	return dd, u.put(r, dd)
}

// addImages adds each image once and paints it on its pages.
func addImages(d *document, u *patch, cat *dict, imgs []Image) error {
	pages, err := d.pages(cat)
	if err != nil {
		return err
	}
	for i, im := range imgs {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zw.Write(im.RGB)
		zw.Close()
		xo := u.alloc()
		if err := u.put(xo, &stream{dict: newDict(
			name("Type"), name("XObject"),
			name("Subtype"), name("Image"),
			name("Width"), int64(im.Width),
			name("Height"), int64(im.Height),
			name("ColorSpace"), name("DeviceRGB"),
			name("BitsPerComponent"), int64(8),
			name("Filter"), name("FlateDecode"),
		), raw: z.Bytes()}); err != nil {
			return err
		}
		nm := name("PatchIm" + strconv.Itoa(i+1))
		x1, x2 := min(im.Rect[0], im.Rect[2]), max(im.Rect[0], im.Rect[2])
		y1, y2 := min(im.Rect[1], im.Rect[3]), max(im.Rect[1], im.Rect[3])
		var ops bytes.Buffer
		ops.WriteString("q ")
		for _, v := range []float64{x2 - x1, 0, 0, y2 - y1, x1, y1} {
			ops.WriteString(formatReal(v) + " ")
		}
		ops.WriteString("cm /" + string(nm) + " Do Q\n")
		cs := u.alloc() // the same content stream on every page
		if err := u.put(cs, &stream{dict: &dict{}, raw: ops.Bytes()}); err != nil {
			return err
		}
		for _, p := range im.Pages {
			if p > len(pages) {
				return fmt.Errorf("imagem nº %d: página %d não existe (o PDF tem %d)", i+1, p, len(pages))
			}
			what := fmt.Sprintf("página %d", p)
			pg, err := u.own(d, pages[p-1], what)
			if err != nil {
				return err
			}
			res, err := d.resolveDict(pg.get("Resources"))
			if err != nil {
				return fmt.Errorf("/Resources da %s: %w", what, err)
			}
			res = res.clone()
			xobjs, err := d.resolveDict(res.get("XObject"))
			if err != nil {
				return fmt.Errorf("/XObject da %s: %w", what, err)
			}
			xobjs = xobjs.clone()
			xobjs.set(nm, xo)
			res.set("XObject", xobjs)
			pg.set("Resources", res)
			contents := []any{cs}
			switch c := pg.get("Contents").(type) {
			case nil:
			case []any:
				contents = append(contents, c...)
			default:
				if arr, err := d.resolve(c); err == nil {
					if a, ok := arr.([]any); ok {
						contents = append(contents, a...)
						break
					}
				}
				contents = append(contents, c)
			}
			pg.set("Contents", contents)
		}
	}
	return nil
}

func update(pdf []byte, fields []SigField, atts []Attachment, imgs []Image) ([]byte, error) {
	d, err := open(pdf)
	if err != nil {
		return nil, fmt.Errorf("PDF inválido: %w", err)
	}
	rootRef, cat0, err := d.catalog()
	if err != nil {
		return nil, err
	}
	cat := cat0.clone()
	size, _ := d.trailer.get("Size").(int64)
	u := &patch{next: int(max(size, 1))}
	for n := range d.xref {
		u.next = max(u.next, n+1) // defensive: /Size too small
	}
	if u.next >= 1<<30 {
		return nil, errors.New("/Size grande demais")
	}
	if len(imgs) > 0 {
		if err := addImages(d, u, cat, imgs); err != nil {
			return nil, err
		}
	}
	if len(fields) > 0 {
		if err := addFields(d, u, cat, fields); err != nil {
			return nil, err
		}
	}
	if len(atts) > 0 {
		if err := addAttachments(d, u, cat, atts); err != nil {
			return nil, err
		}
	}
	if len(u.objs) == 0 && len(fields) == 0 && len(atts) == 0 && len(imgs) == 0 {
		return append([]byte(nil), pdf...), nil
	}
	if err := u.put(rootRef, cat); err != nil {
		return nil, err
	}
	return u.write(d, pdf)
}

func addFields(d *document, u *patch, cat *dict, fields []SigField) error {
	pages, err := d.pages(cat)
	if err != nil {
		return err
	}
	existing := map[string]bool{}
	if err := d.walkFields(cat, func(full string, _ any, _ bool) { existing[full] = true }); err != nil {
		return err
	}
	perPage := make([][]any, len(pages))
	var refs []any
	for _, f := range fields {
		if f.Page > len(pages) {
			return fmt.Errorf("campo %q: página %d não existe (o PDF tem %d)", f.Name, f.Page, len(pages))
		}
		if existing[f.Name] {
			return fmt.Errorf("o PDF já tem um campo chamado %q", f.Name)
		}
		x1, x2 := min(f.Rect[0], f.Rect[2]), max(f.Rect[0], f.Rect[2])
		y1, y2 := min(f.Rect[1], f.Rect[3]), max(f.Rect[1], f.Rect[3])
		wr := u.alloc()
		w := newDict(
			name("Type"), name("Annot"),
			name("Subtype"), name("Widget"),
			name("FT"), name("Sig"),
			name("T"), text(f.Name),
			name("Rect"), []any{x1, y1, x2, y2},
			name("P"), pages[f.Page-1],
			name("F"), int64(4),
		)
		if wd, ht := x2-x1, y2-y1; wd > 0 && ht > 0 {
			ap := u.alloc()
			form := &stream{dict: newDict(
				name("Type"), name("XObject"),
				name("Subtype"), name("Form"),
				name("BBox"), []any{0.0, 0.0, wd, ht},
			)}
			if err := u.put(ap, form); err != nil {
				return err
			}
			w.set("AP", newDict(name("N"), ap))
		}
		if err := u.put(wr, w); err != nil {
			return err
		}
		perPage[f.Page-1] = append(perPage[f.Page-1], wr)
		refs = append(refs, wr)
	}
	for i, add := range perPage {
		if len(add) == 0 {
			continue
		}
		pg, err := u.own(d, pages[i], fmt.Sprintf("página %d", i+1))
		if err != nil {
			return err
		}
		annots, err := d.resolveArray(pg.get("Annots"))
		if err != nil {
			return fmt.Errorf("/Annots da página %d: %w", i+1, err)
		}
		pg.set("Annots", append(append([]any{}, annots...), add...))
	}
	var acro *dict
	var acroRef ref
	inline := false
	switch v := cat.get("AcroForm").(type) {
	case ref:
		if obj, err := d.resolve(v); err == nil && obj == nil {
			acroRef, acro = u.alloc(), &dict{}
		} else {
			acroRef = v
			if acro, err = d.ownDict(v, "/AcroForm"); err != nil {
				return err
			}
		}
	case *dict:
		acro, inline = v.clone(), true
	case nil:
		acroRef, acro = u.alloc(), &dict{}
	default:
		return errors.New("/AcroForm do catálogo não é um dicionário")
	}
	old, err := d.resolveArray(acro.get("Fields"))
	if err != nil {
		return fmt.Errorf("/AcroForm /Fields: %w", err)
	}
	acro.set("Fields", append(append([]any{}, old...), refs...))
	flags, _ := acro.get("SigFlags").(int64)
	acro.set("SigFlags", flags|1)
	if inline {
		cat.set("AcroForm", acro)
		return nil
	}
	cat.set("AcroForm", acroRef)
	return u.put(acroRef, acro)
}

func addAttachments(d *document, u *patch, cat *dict, atts []Attachment) error {
	var names *dict
	var namesRef ref
	inline := true
	switch v := cat.get("Names").(type) {
	case ref:
		if obj, err := d.resolve(v); err == nil && obj == nil {
			names = &dict{}
		} else {
			namesRef, inline = v, false
			if names, err = d.ownDict(v, "/Names"); err != nil {
				return err
			}
		}
	case *dict:
		names = v.clone()
	case nil:
		names = &dict{}
	default:
		return errors.New("/Names do catálogo não é um dicionário")
	}
	old, err := d.embeddedFiles(cat)
	if err != nil {
		return err
	}
	replacing := map[string]bool{}
	for _, a := range atts {
		replacing[a.Name] = true
	}
	var entries []entryKV
	dropped := map[ref]bool{}
	for _, e := range old {
		fs, _ := d.resolveDict(e.val)
		if replacing[decodeText(e.key)] || (fs != nil && d.filespecNamedAny(fs, replacing)) {
			if r, ok := e.val.(ref); ok {
				dropped[r] = true
			}
			continue
		}
		entries = append(entries, e)
	}
	var af []any
	if old, err := d.resolveArray(cat.get("AF")); err != nil {
		return fmt.Errorf("/AF do catálogo: %w", err)
	} else {
		for _, v := range old {
			if r, ok := v.(ref); !ok || !dropped[r] {
				af = append(af, v)
			}
		}
	}
	for _, a := range atts {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zw.Write(a.Data)
		zw.Close()
		sum := md5.Sum(a.Data)
		ed := newDict(name("Type"), name("EmbeddedFile"))
		if a.MIME != "" {
			ed.set("Subtype", name(a.MIME))
		}
		ed.set("Params", newDict(name("Size"), int64(len(a.Data)), name("CheckSum"), text(sum[:])))
		ed.set("Filter", name("FlateDecode"))
		er := u.alloc()
		if err := u.put(er, &stream{dict: ed, raw: z.Bytes()}); err != nil {
			return err
		}
		fs := newDict(
			name("Type"), name("Filespec"),
			name("F"), encodeText(a.Name),
			name("UF"), encodeText(a.Name),
		)
		if a.Description != "" {
			fs.set("Desc", encodeText(a.Description))
		}
		fs.set("EF", newDict(name("F"), er, name("UF"), er))
		fs.set("AFRelationship", name("Data"))
		fr := u.alloc()
		if err := u.put(fr, fs); err != nil {
			return err
		}
		entries = append(entries, entryKV{encodeText(a.Name), fr})
		af = append(af, fr)
	}
	sort.SliceStable(entries, func(i, j int) bool { return bytes.Compare(entries[i].key, entries[j].key) < 0 })
	arr := make([]any, 0, 2*len(entries))
	for _, e := range entries {
		arr = append(arr, e.key, e.val)
	}
	tree := u.alloc()
	if err := u.put(tree, newDict(name("Names"), arr)); err != nil {
		return err
	}
	names.set("EmbeddedFiles", tree)
	if inline {
		cat.set("Names", names)
	} else if err := u.put(namesRef, names); err != nil {
		return err
	}
	cat.set("AF", af)
	return nil
}

// write serialises the update after the original bytes.
func (u *patch) write(d *document, pdf []byte) ([]byte, error) {
	trailer := newDict(name("Size"), nil, name("Root"), d.trailer.get("Root"))
	if info := d.trailer.get("Info"); info != nil {
		trailer.set("Info", info)
	}
	if id, ok := d.trailer.get("ID").([]any); ok && len(id) == 2 {
		trailer.set("ID", id)
	} else {
		h := md5.Sum(pdf)
		trailer.set("ID", []any{text(h[:]), text(h[:])})
	}
	trailer.set("Prev", d.startxref)

	var xr ref
	if d.xrefStream {
		xr = u.alloc()
	}
	trailer.set("Size", int64(u.next))
	sort.Slice(u.objs, func(i, j int) bool { return u.objs[i].num < u.objs[j].num })

	var out bytes.Buffer
	out.Grow(len(pdf) + 4096)
	out.Write(pdf)
	if n := len(pdf); n == 0 || (pdf[n-1] != '\n' && pdf[n-1] != '\r') {
		out.WriteByte('\n')
	}
	offs := make([]int, len(u.objs))
	for i, o := range u.objs {
		offs[i] = out.Len()
		out.WriteString(strconv.Itoa(o.num) + " " + strconv.Itoa(o.gen) + " obj\n")
		writeValue(&out, o.val)
		out.WriteString("\nendobj\n")
	}
	xrefOff := out.Len()
	if !d.xrefStream {
		out.WriteString("xref\n")
		for i := 0; i < len(u.objs); {
			j := i
			for j+1 < len(u.objs) && u.objs[j+1].num == u.objs[j].num+1 {
				j++
			}
			fmt.Fprintf(&out, "%d %d\n", u.objs[i].num, j-i+1)
			for k := i; k <= j; k++ {
				fmt.Fprintf(&out, "%010d %05d n \n", offs[k], u.objs[k].gen)
			}
			i = j + 1
		}
		out.WriteString("trailer\n")
		writeValue(&out, trailer)
		out.WriteString("\n")
	} else {
		// Cross-reference stream: W [1 n 2], uncompressed, its own entry last.
		objs := append(u.objs, outObj{num: xr.num})
		offs = append(offs, xrefOff)
		width := 1
		for x := xrefOff; x > 0xff; x >>= 8 {
			width++
		}
		var data []byte
		var index []any
		for i := 0; i < len(objs); {
			j := i
			for j+1 < len(objs) && objs[j+1].num == objs[j].num+1 {
				j++
			}
			index = append(index, int64(objs[i].num), int64(j-i+1))
			for k := i; k <= j; k++ {
				data = append(data, 1)
				for s := width - 1; s >= 0; s-- {
					data = append(data, byte(offs[k]>>(8*s)))
				}
				g := min(objs[k].gen, 0xffff)
				data = append(data, byte(g>>8), byte(g))
			}
			i = j + 1
		}
		sd := newDict(name("Type"), name("XRef"))
		sd.entries = append(sd.entries, trailer.entries...)
		sd.set("Index", index)
		sd.set("W", []any{int64(1), int64(width), int64(2)})
		out.WriteString(strconv.Itoa(xr.num) + " 0 obj\n")
		writeValue(&out, &stream{dict: sd, raw: data})
		out.WriteString("\nendobj\n")
	}
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", xrefOff)
	return out.Bytes(), nil
}
