package pdfpatch

import (
	"errors"
	"fmt"
)

// catalog returns the document catalog and its reference.
func (d *document) catalog() (ref, *dict, error) {
	if d.trailer.get("Encrypt") != nil {
		return ref{}, nil, ErrEncrypted
	}
	r, ok := d.trailer.get("Root").(ref)
	if !ok {
		return ref{}, nil, errors.New("o trailer não tem /Root")
	}
	v, err := d.resolve(r)
	if err != nil {
		return ref{}, nil, fmt.Errorf("catálogo: %w", err)
	}
	cat, ok := v.(*dict)
	if !ok {
		return ref{}, nil, errors.New("o catálogo (/Root) não é um dicionário")
	}
	return r, cat, nil
}

// pages returns the references of the leaf pages, in document order.
func (d *document) pages(cat *dict) ([]ref, error) {
	root, ok := cat.get("Pages").(ref)
	if !ok {
		return nil, errors.New("o catálogo não tem /Pages")
	}
	var out []ref
	seen := map[int]bool{}
	var walk func(r ref, depth int) error
	walk = func(r ref, depth int) error {
		if depth > maxDepth {
			return errors.New("árvore de páginas profunda demais")
		}
		if seen[r.num] {
			return fmt.Errorf("ciclo na árvore de páginas (objeto %d)", r.num)
		}
		seen[r.num] = true
		v, err := d.resolve(r)
		if err != nil {
			return err
		}
		node, ok := v.(*dict)
		if !ok {
			return fmt.Errorf("nó da árvore de páginas %d não é um dicionário", r.num)
		}
		typ := node.get("Type")
		if typ == name("Page") || (typ != name("Pages") && node.get("Kids") == nil) {
			out = append(out, r)
			return nil
		}
		kids, err := d.resolveArray(node.get("Kids"))
		if err != nil {
			return fmt.Errorf("/Kids do nó %d: %w", r.num, err)
		}
		for _, k := range kids {
			kr, ok := k.(ref)
			if !ok {
				return fmt.Errorf("/Kids do nó %d contém um valor que não é referência", r.num)
			}
			if err := walk(kr, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// nameTree calls fn for every (key, value) pair of a name tree, in order.
func (d *document) nameTree(node any, fn func(key text, val any)) error {
	seen := map[int]bool{}
	var walk func(n any, depth int) error
	walk = func(n any, depth int) error {
		if depth > maxDepth {
			return errors.New("árvore de nomes profunda demais")
		}
		if r, ok := n.(ref); ok {
			if seen[r.num] {
				return fmt.Errorf("ciclo na árvore de nomes (objeto %d)", r.num)
			}
			seen[r.num] = true
		}
		nd, err := d.resolveDict(n)
		if err != nil || nd == nil {
			return err
		}
		names, err := d.resolveArray(nd.get("Names"))
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(names); i += 2 {
			k, err := d.resolve(names[i])
			if err != nil {
				return err
			}
			if t, ok := k.(text); ok {
				fn(t, names[i+1])
			}
		}
		kids, err := d.resolveArray(nd.get("Kids"))
		if err != nil {
			return err
		}
		for _, k := range kids {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(node, 0)
}

// embeddedFiles returns the entries of the catalog's /EmbeddedFiles tree.
func (d *document) embeddedFiles(cat *dict) ([]entryKV, error) {
	names, err := d.resolveDict(cat.get("Names"))
	if err != nil {
		return nil, fmt.Errorf("/Names: %w", err)
	}
	var out []entryKV
	if names == nil {
		return out, nil
	}
	err = d.nameTree(names.get("EmbeddedFiles"), func(k text, v any) {
		out = append(out, entryKV{k, v})
	})
	if err != nil {
		return nil, fmt.Errorf("/EmbeddedFiles: %w", err)
	}
	return out, nil
}

type entryKV struct {
	key text
	val any
}

func (d *document) attachment(want string) ([]byte, error) {
	_, cat, err := d.catalog()
	if err != nil {
		return nil, err
	}
	cands, err := d.embeddedFiles(cat)
	if err != nil {
		return nil, err
	}
	if af, err := d.resolveArray(cat.get("AF")); err == nil {
		for _, v := range af {
			cands = append(cands, entryKV{nil, v})
		}
	}
	// An exact name-tree key wins over a file specification's /UF or /F.
	var fs *dict
	for _, c := range cands {
		if c.key != nil && decodeText(c.key) == want {
			if fs, _ = d.resolveDict(c.val); fs != nil {
				break
			}
		}
	}
	for _, c := range cands {
		if fs != nil {
			break
		}
		if f, err := d.resolveDict(c.val); err == nil && f != nil && d.filespecNamed(f, want) {
			fs = f
		}
	}
	if fs != nil {
		ef, err := d.resolveDict(fs.get("EF"))
		if err != nil || ef == nil {
			return nil, fmt.Errorf("anexo %q sem /EF", want)
		}
		sv := ef.get("UF")
		if sv == nil {
			sv = ef.get("F")
		}
		v, err := d.resolve(sv)
		if err != nil {
			return nil, fmt.Errorf("anexo %q: %w", want, err)
		}
		s, ok := v.(*stream)
		if !ok {
			return nil, fmt.Errorf("anexo %q: /EF não aponta para um fluxo", want)
		}
		data, err := d.decode(s)
		if err != nil {
			return nil, fmt.Errorf("anexo %q: %w", want, err)
		}
		return data, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrNotFound, want)
}

func (d *document) filespecNamed(fs *dict, want string) bool {
	return d.filespecNamedAny(fs, map[string]bool{want: true})
}

// filespecNamedAny reports whether the file specification's /UF or /F is
// one of names.
func (d *document) filespecNamedAny(fs *dict, names map[string]bool) bool {
	for _, k := range []name{"UF", "F"} {
		v, err := d.resolve(fs.get(k))
		if t, ok := v.(text); ok && err == nil && names[decodeText(t)] {
			return true
		}
	}
	return false
}

// walkFields calls fn for every field of the AcroForm with its fully
// qualified name, its (inherited) field type and whether it is terminal.
func (d *document) walkFields(cat *dict, fn func(full string, ft any, terminal bool)) error {
	acro, err := d.resolveDict(cat.get("AcroForm"))
	if err != nil {
		return fmt.Errorf("/AcroForm: %w", err)
	}
	if acro == nil {
		return nil
	}
	fields, err := d.resolveArray(acro.get("Fields"))
	if err != nil {
		return fmt.Errorf("/AcroForm /Fields: %w", err)
	}
	seen := map[int]bool{}
	var walk func(list []any, parent string, ft any, depth int) error
	walk = func(list []any, parent string, ft any, depth int) error {
		if depth > maxDepth {
			return errors.New("árvore de campos profunda demais")
		}
		for _, f := range list {
			if r, ok := f.(ref); ok {
				if seen[r.num] {
					continue
				}
				seen[r.num] = true
			}
			fd, err := d.resolveDict(f)
			if err != nil {
				return fmt.Errorf("campo de formulário: %w", err)
			}
			if fd == nil {
				continue
			}
			full := parent
			if tv, _ := d.resolve(fd.get("T")); tv != nil {
				if t, ok := tv.(text); ok {
					if full != "" {
						full += "."
					}
					full += decodeText(t)
				}
			}
			fft := ft
			if v := fd.get("FT"); v != nil {
				fft = v
			}
			kids, err := d.resolveArray(fd.get("Kids"))
			if err != nil {
				return fmt.Errorf("/Kids do campo %q: %w", full, err)
			}
			var sub []any
			for _, k := range kids {
				kd, err := d.resolveDict(k)
				if err == nil && kd != nil && kd.get("T") != nil {
					sub = append(sub, k)
				}
			}
			fn(full, fft, len(sub) == 0)
			if len(sub) > 0 {
				if err := walk(sub, full, fft, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(fields, "", nil, 0)
}

func (d *document) sigFields() ([]string, error) {
	_, cat, err := d.catalog()
	if err != nil {
		return nil, err
	}
	out := []string{}
	err = d.walkFields(cat, func(full string, ft any, terminal bool) {
		if terminal && ft == name("Sig") {
			out = append(out, full)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
