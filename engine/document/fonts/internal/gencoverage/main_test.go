package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/seiportal/seiportal/engine/document/fonts/ttf"
)

// TestTableCurrent: the committed coverage table is what the font files
// say (run go generate ./engine/document/fonts after changing them).
func TestTableCurrent(t *testing.T) {
	want, err := Generate(ttf.Fonts())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../coverage_table.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("engine/document/fonts/coverage_table.go is not what the fonts in ttf/ give: run go generate ./engine/document/fonts")
	}
}
