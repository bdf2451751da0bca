// Package pdfpatch makes a PDF ready to sign: it appends one incremental
// update with unsigned signature fields (AcroForm, /FT /Sig) and embedded
// files, and reads those back, also after a signer appended its own update.
//
// It uses only the standard library and a minimal PDF object reader (xref
// tables, xref streams, object streams, FlateDecode), so it builds for
// GOOS=js GOARCH=wasm. Encrypted PDFs are not supported.
package pdfpatch

import (
	"errors"
	"fmt"
)

// SigField is an empty signature field to add to a page.
type SigField struct {
	Name string     // field name /T, e.g. "assinatura_titular": printable ASCII, no '.', unique
	Page int        // 1-based page number
	Rect [4]float64 // x1, y1, x2, y2 in PDF points, origin bottom-left
}

// Image is an opaque RGB picture drawn on pages: one image XObject,
// painted on each page of Pages into Rect before what the page already
// draws (a letterhead's brasão, which gopdf's image code would weigh on the
// browser app to embed).
type Image struct {
	Width, Height int
	RGB           []byte     // Width×Height×3 bytes, rows from the top
	Pages         []int      // 1-based page numbers
	Rect          [4]float64 // x1, y1, x2, y2 in PDF points, origin bottom-left
}

// Attachment is a file embedded in the PDF (catalog /Names /EmbeddedFiles
// and /AF, relationship /Data). ReadAttachment reads it back (the function
// cannot share the type's name in Go).
type Attachment struct {
	Name, MIME, Description string // e.g. "dados.json", "application/json"
	Data                    []byte
}

var (
	// ErrNotFound reports that the PDF has no embedded file of that name.
	ErrNotFound = errors.New("pdfpatch: arquivo anexado não encontrado no PDF")
	// ErrEncrypted reports a PDF protected by a password (/Encrypt).
	ErrEncrypted = errors.New("pdfpatch: PDF criptografado não é suportado")
)

// ReadAttachment finds the embedded file called name and returns its decoded
// bytes. It reads the newest version of the document (following the chain
// of incremental updates) and falls back to scanning the file when the
// cross-reference data is damaged. The error wraps ErrNotFound when the PDF
// is readable but has no such file.
func ReadAttachment(pdf []byte, name string) ([]byte, error) {
	data, err := withDocument(pdf, func(d *document) ([]byte, error) { return d.attachment(name) })
	if err != nil {
		return nil, wrap(err)
	}
	return data, nil
}

// Fields returns the fully qualified names of the signature fields (/FT
// /Sig) of the PDF's AcroForm, signed or not, in form order.
func Fields(pdf []byte) ([]string, error) {
	names, err := withDocument(pdf, func(d *document) ([]string, error) { return d.sigFields() })
	if err != nil {
		return nil, wrap(err)
	}
	return names, nil
}

// withDocument runs read on the document as its xref describes it and,
// when that fails for another reason than a missing attachment, on a
// document rebuilt by scanning the file.
func withDocument[T any](pdf []byte, read func(*document) (T, error)) (T, error) {
	var zero T
	d, err := open(pdf)
	if err == nil {
		var v T
		if v, err = read(d); err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrEncrypted) {
			return v, err
		}
	}
	d2, err2 := rebuild(pdf)
	if err2 != nil {
		return zero, err // the first error explains more
	}
	v, err2 := read(d2)
	if err2 != nil && !errors.Is(err2, ErrNotFound) && !errors.Is(err2, ErrEncrypted) {
		return zero, err
	}
	return v, err2
}

func wrap(err error) error {
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrEncrypted) {
		return err
	}
	return fmt.Errorf("pdfpatch: PDF inválido: %w", err)
}
