// Package bundle holds the Cloudflare Worker that `seiportal worker`
// writes next to the built site: the JavaScript glue (worker.mjs) and the
// Go program of wasm/worker, compiled ahead and
// committed brotli-packed (worker.wasm.br) so that the seiportal binary
// needs no Go toolchain to write it. TestPackedWorkerIsCurrent checks that
// the committed files are what the sources build; `go test
// ./wasm/worker/bundle -update` (or wasm/worker/build.sh) rewrites them.
package bundle

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
)

var (
	//go:embed worker.mjs
	glue []byte
	//go:embed worker.wasm.br
	packed []byte
)

// Module names, as worker.mjs imports them.
const (
	MainModule = "worker.mjs"
	ExecModule = "wasm_exec.js"
	WasmModule = "seiportal-worker.wasm"
)

// Module is one file of the Worker.
type Module struct {
	Name string
	Data []byte
}

// Modules returns the Worker's modules, the main one first. wasmExec is Go's
// loader (wasm_exec.js): the portal's app ships the same file
// (templates/static/app/wasm_exec.js, checked against the toolchain that
// builds both), so the Worker takes it from there instead of a second copy.
func Modules(wasmExec []byte) ([]Module, error) {
	w, err := io.ReadAll(brotli.NewReader(bytes.NewReader(packed)))
	if err != nil {
		return nil, fmt.Errorf("o Worker embutido está corrompido: %v", err)
	}
	return []Module{
		{MainModule, bytes.Clone(glue)},
		{ExecModule, bytes.Clone(wasmExec)},
		{WasmModule, w},
	}, nil
}

// PackedSize is the size of the embedded worker.wasm.br.
func PackedSize() int { return len(packed) }
