//go:build !(js && wasm)

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestPackedWasmIsCurrent builds the app as scripts/build-wasm.sh does and
// checks that the committed templates/static/app/seiportal.wasm.br holds
// exactly those bytes (Go builds are reproducible with -trimpath), and that
// wasm_exec.js is this toolchain's.
func TestPackedWasmIsCurrent(t *testing.T) {
	packed, err := os.ReadFile("../templates/static/app/seiportal.wasm.br")
	if err != nil {
		t.Fatalf("wasm empacotado ausente: rode scripts/build-wasm.sh (%v)", err)
	}
	committed, err := io.ReadAll(brotli.NewReader(bytes.NewReader(packed)))
	if err != nil {
		t.Fatalf("seiportal.wasm.br ilegível: rode scripts/build-wasm.sh (%v)", err)
	}
	out := filepath.Join(t.TempDir(), "seiportal.wasm")
	args := append(append([]string{"build"}, buildFlags(t)...), "-o", out, ".")
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	built, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(built, committed) {
		t.Errorf("templates/static/app/seiportal.wasm.br (%d bytes descomprimido) não é o que as fontes atuais geram (%d bytes): rode scripts/build-wasm.sh", len(committed), len(built))
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(string(bytes.TrimSpace(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../templates/static/app/wasm_exec.js")
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("templates/static/app/wasm_exec.js difere do da toolchain: rode scripts/build-wasm.sh")
	}
}

// budgetBrotli is the most the published app may weigh, compressed as served
// (brotli): the 1.8 MB. The app was 1,904,290 bytes with the Go
// fonts inside; without the fonts (the page fetches them from app/fontes/
// to make a PDF) it was 1,814,833, and without validator's pt_BR
// translations of ~150 tags a definition cannot use (engine/form words the
// allowed ones itself) 1,798,383. scripts/wasm-size.sh shows where the
// rest goes.
const budgetBrotli = 1_800_000

// TestPackedWasmBudget fails when the committed app grows past its budget.
func TestPackedWasmBudget(t *testing.T) {
	fi, err := os.Stat("../templates/static/app/seiportal.wasm.br")
	if err != nil {
		t.Fatalf("wasm empacotado ausente: rode scripts/build-wasm.sh (%v)", err)
	}
	if fi.Size() > budgetBrotli {
		t.Errorf("seiportal.wasm.br tem %d bytes; o limite é %d (veja scripts/wasm-size.sh)", fi.Size(), budgetBrotli)
	}
}

// TestAppFetchesFonts: the browser app does not embed the document fonts
// (package ttf): it fetches them from the portal when it makes a PDF.
func TestAppFetchesFonts(t *testing.T) {
	cmd := exec.Command("go", append(append([]string{"list", "-deps"}, buildFlags(t)...), ".")...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "github.com/seiportal/seiportal/engine/document/fonts/ttf" {
			t.Error("the browser app imports engine/document/fonts/ttf (the font files): it must fetch them instead")
		}
	}
}

// buildFlags reads wasm/build.flags, the go build flags every wasm build of
// the app uses (one per line).
func buildFlags(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("build.flags")
	if err != nil {
		t.Fatal(err)
	}
	var flags []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			flags = append(flags, line)
		}
	}
	return flags
}
