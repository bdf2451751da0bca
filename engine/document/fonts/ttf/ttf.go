// Package ttf embeds the TrueType files of the document fonts (Carlito
// Regular and Bold, unmodified; licence in OFL.txt, provenance in package
// fonts) for the programs that carry them: the command line, the
// generator, the Worker and the tests. The browser app does not import
// it: it fetches the same files from the portal when it makes a PDF.
package ttf

import (
	_ "embed"

	"github.com/seiportal/seiportal/engine/document/fonts"
)

// The embedded files, read only through Fonts.
var (
	//go:embed Carlito-Regular.ttf
	regular []byte
	//go:embed Carlito-Bold.ttf
	bold []byte
)

// Files names the font files as the portal publishes them (under
// app/fontes/), regular first.
func Files() [2]string { return [2]string{"Carlito-Regular.ttf", "Carlito-Bold.ttf"} }

// Fonts returns the document fonts. The bytes are shared: do not modify
// them.
func Fonts() fonts.Set { return fonts.Set{Regular: regular, Bold: bold} }
