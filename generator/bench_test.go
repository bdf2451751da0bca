package generator_test

import (
	"context"
	"os"
	"testing"

	"github.com/seiportal/seiportal/generator"
)

// BenchmarkBuildDefaultPortal builds the repository's portal into memory,
// as seiportal serve does on every edit.
func BenchmarkBuildDefaultPortal(b *testing.B) {
	src := os.DirFS("..")
	cache := &generator.Cache{}
	// serve keeps one Cache for the whole session: measure its steady state.
	if _, err := generator.Build(context.Background(), generator.Options{Source: src, Out: generator.NewMemOutput(), Dev: true, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := generator.Build(context.Background(), generator.Options{Source: src, Out: generator.NewMemOutput(), Dev: true, Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
}
