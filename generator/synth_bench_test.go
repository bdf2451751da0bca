package generator_test

import (
	"context"
	"os"
	"testing"

	"github.com/seiportal/seiportal/generator"
)

func BenchmarkSynth(b *testing.B) {
	dir := os.Getenv("SYNTH")
	if dir == "" {
		b.Skip("SYNTH not set")
	}
	for b.Loop() {
		if _, err := generator.Build(context.Background(), generator.Options{Source: os.DirFS(dir), Out: generator.NewMemOutput()}); err != nil {
			b.Fatal(err)
		}
	}
}
