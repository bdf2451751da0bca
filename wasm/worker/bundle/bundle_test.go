//go:build !js

package bundle

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
)

var update = flag.Bool("update", false, "rebuild worker.wasm.br")

// buildWorker compiles wasm/worker as the committed file was: reproducible
// (-trimpath, no VCS stamp).
func buildWorker(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "worker.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func toolchainWasmExec(t *testing.T) []byte {
	t.Helper()
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(string(bytes.TrimSpace(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pack is wasm/internal/pack's compression (quality 11, window 2^24).
func pack(data []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// TestPackedWorkerIsCurrent: the committed worker.wasm.br holds exactly
// what the current sources of wasm/worker build.
func TestPackedWorkerIsCurrent(t *testing.T) {
	built := buildWorker(t)
	if *update {
		if err := os.WriteFile("worker.wasm.br", pack(built), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("worker.wasm.br rewritten: %d bytes, %d packed", len(built), len(pack(built)))
		return
	}
	f, err := os.ReadFile("worker.wasm.br")
	if err != nil {
		t.Fatal(err)
	}
	committed, err := io.ReadAll(brotli.NewReader(bytes.NewReader(f)))
	if err != nil {
		t.Fatalf("worker.wasm.br ilegível: rode wasm/worker/build.sh (%v)", err)
	}
	if !bytes.Equal(committed, built) {
		t.Errorf("wasm/worker/bundle/worker.wasm.br (%d bytes descomprimido) não é o que as fontes atuais geram (%d bytes): rode wasm/worker/build.sh", len(committed), len(built))
	}
}

func TestModules(t *testing.T) {
	mods, err := Modules(toolchainWasmExec(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) != 3 || mods[0].Name != MainModule {
		t.Fatalf("modules %v", mods)
	}
	if !bytes.HasPrefix(mods[2].Data, []byte("\x00asm")) {
		t.Errorf("%s is not WebAssembly", mods[2].Name)
	}
	// Cloudflare's limit: 64 MiB for the uncompressed Worker.
	total := 0
	for _, m := range mods {
		total += len(m.Data)
	}
	if total > 64<<20 {
		t.Errorf("the Worker has %d bytes, more than Cloudflare's 64 MiB", total)
	}
	// The glue imports the modules by these names.
	for _, m := range mods[1:] {
		if !bytes.Contains(mods[0].Data, []byte(`"./`+m.Name+`"`)) {
			t.Errorf("worker.mjs does not import ./%s", m.Name)
		}
	}
	// Privacy: the glue never logs.
	if bytes.Contains(mods[0].Data, []byte("console.")) {
		t.Errorf("worker.mjs writes to the console")
	}
}
