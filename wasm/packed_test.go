//go:build !(js && wasm)

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, ".")
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
