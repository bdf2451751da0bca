package pdfpatch

import (
	"os"
	"path/filepath"
	"testing"
)

// This file holds a reusable signing helper: other packages' tests can copy
// it to prove that a PDF is ready to sign with a real PAdES-capable signer
// (poppler's pdfsig backed by an NSS database).

// testSigner is a throwaway self-signed certificate in an NSS database.
type testSigner struct {
	nssDir string // "sql:DIR", as pdfsig -nssdir expects
	nick   string
}

// newTestSigner makes a self-signed certificate with openssl and imports it
// into a fresh NSS database under t.TempDir().
func newTestSigner(t testing.TB) testSigner {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "nss")
	if err := os.Mkdir(db, 0o700); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
		"-keyout", "key.pem", "-out", "cert.pem", "-days", "30",
		"-subj", "/CN=Titular de Teste/O=seiportal/C=BR")
	run(t, dir, "openssl", "pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem",
		"-name", "titular", "-out", "cert.p12", "-passout", "pass:segredo")
	run(t, dir, "certutil", "-N", "-d", "sql:"+db, "--empty-password")
	run(t, dir, "pk12util", "-i", "cert.p12", "-d", "sql:"+db, "-W", "segredo")
	return testSigner{nssDir: "sql:" + db, nick: "titular"}
}

// sign signs the existing empty signature field of pdf with pdfsig and
// returns the signed bytes (an incremental update appended by pdfsig).
func (s testSigner) sign(t testing.TB, pdf []byte, field string) []byte {
	t.Helper()
	dir := t.TempDir()
	in := writeTemp(t, dir, "in.pdf", pdf)
	out := filepath.Join(dir, "out.pdf")
	run(t, dir, "pdfsig", "-sign", field, "-nssdir", s.nssDir, "-nick", s.nick,
		"-reason", "Teste de assinatura", in, out)
	return readFile(t, out)
}
