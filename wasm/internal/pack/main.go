// Command pack compresses the wasm app for publication: brotli at the
// highest quality with the largest window, deterministic, so that the
// committed templates/static/app/seiportal.wasm.br is reproducible.
//
//	go run ./wasm/internal/pack IN.wasm OUT.wasm.br
package main

import (
	"bytes"
	"os"

	"github.com/andybalholm/brotli"
)

// Pack returns data compressed with brotli quality 11, window 2^24.
func Pack(data []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	_, _ = w.Write(data)
	_ = w.Close()
	return buf.Bytes()
}

func main() {
	if len(os.Args) != 3 {
		os.Stderr.WriteString("uso: pack ENTRADA.wasm SAIDA.wasm.br\n")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		os.Stderr.WriteString("pack: " + err.Error() + "\n")
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], Pack(data), 0o644); err != nil {
		os.Stderr.WriteString("pack: " + err.Error() + "\n")
		os.Exit(1)
	}
}
