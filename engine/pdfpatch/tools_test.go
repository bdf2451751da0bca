package pdfpatch

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
	"github.com/signintech/gopdf"
)

// needTool fails the test (it does not skip) when an external tool is
// missing: scripts/test installs qpdf, poppler-utils, libnss3-tools, openssl.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("ferramenta externa %q ausente (instale qpdf, poppler-utils, libnss3-tools e openssl): %v", name, err)
	}
	return p
}

// run executes an external tool and returns its standard output; it fails
// the test with the tool's output when the tool exits with an error.
func run(t testing.TB, dir, tool string, args ...string) string {
	t.Helper()
	cmd := exec.Command(needTool(t, tool), args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\nstdout:\n%s\nstderr:\n%s", tool, args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// writeTemp writes b into dir/name and returns the path.
func writeTemp(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// gopdfDocument renders a document of n pages with gopdf, the way the
// portal's renderer does (TTF font from memory, pt-BR text).
func gopdfDocument(t testing.TB, n int) []byte {
	t.Helper()
	var pdf gopdf.GoPdf
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := pdf.AddTTFFontData("go", ttf.Fonts().Regular); err != nil {
		t.Fatal(err)
	}
	if err := pdf.SetFont("go", "", 12); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		pdf.AddPage()
		pdf.SetXY(72, 72)
		if err := pdf.Cell(nil, "Ofício — ação, órgão, conteúdo"); err != nil {
			t.Fatal(err)
		}
		pdf.SetXY(72, 100)
		if err := pdf.Cell(nil, "Página "+string(rune('0'+i))); err != nil {
			t.Fatal(err)
		}
	}
	b, err := pdf.GetBytesPdfReturnErr()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkXrefExact reads every object listed by the newest cross-reference
// section of pdf (the one Update wrote): each offset must point at
// "num gen obj" of the right object.
func checkXrefExact(t testing.TB, pdf []byte) {
	t.Helper()
	start, err := findStartxref(pdf)
	if err != nil {
		t.Fatal(err)
	}
	d := newDocument(pdf)
	if _, _, err := d.readSection(start); err != nil {
		t.Fatalf("newest xref section: %v", err)
	}
	if len(d.xref) == 0 {
		t.Fatal("newest xref section is empty")
	}
	for num, e := range d.xref {
		if e.typ != 'n' {
			t.Fatalf("object %d: entry type %c in the update's xref", num, e.typ)
		}
		if _, err := d.object(num); err != nil {
			t.Fatalf("object %d: %v", num, err)
		}
	}
}
