package generator_test

import (
	"context"
	"os"
	"testing"

	"github.com/seiportal/seiportal/generator"
)

// BenchmarkSynth builds the tree in $SYNTH (see scripts/bench-hugo.sh and
// e2e/cmd/bench-hugo) without writing it, to profile large sites:
// SYNTH=/tmp/syn go test ./generator -run X -bench Synth -memprofile m.out
func BenchmarkSynth(b *testing.B) {
	dir := os.Getenv("SYNTH")
	if dir == "" {
		b.Skip("SYNTH not set: a folder with content/ and templates/")
	}
	for b.Loop() {
		if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(dir)}); err != nil {
			b.Fatal(err)
		}
	}
}
