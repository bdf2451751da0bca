package fold

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated fold code in busca.js and app.js")

// buscaJS holds the generated JavaScript copy of this package that the
// parity test runs; generatedJS lists every file that holds it (app.js
// folds draft file names with it).
var (
	buscaJS     = filepath.Join("..", "..", "templates", "static", "js", "busca.js")
	generatedJS = []string{buscaJS, filepath.Join("..", "..", "templates", "static", "js", "app.js")}
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, keep, lower string }{
		{"", "", ""},
		{"ascii only", "ascii only", "ascii only"},
		{"ASCII", "ASCII", "ascii"},
		{"Órgão Disposições", "Orgao Disposicoes", "orgao disposicoes"},
		{"AÇÃO ação", "ACAO acao", "acao acao"},
		{"Straße ẞ", "Strasse SS", "strasse ss"},
		{"Æsir Œuvre Øre", "AEsir OEuvre Ore", "aesir oeuvre ore"},
		{"Łódź Đakovo", "Lodz Dakovo", "lodz dakovo"},
		{"1º 2ª 3°", "1o 2a 3o", "1o 2a 3o"},
		{"e\u0301 İ", "e I", "e i"},                         // combining marks go
		{"ÞÐ ı ĸ ŉ ſ", "THD i q n s", "thd i q n s"},        // table letters
		{"§ 2º", "§ 2o", "§ 2o"},                            // § is search's business
		{"Ελλάδα Россия", "Ελλαδα Россия", "ελλαδα россия"}, // other scripts: marks only
		{"한국", "한국", "한국"},                                  // NFD then NFC: syllables kept
		{"\xff", "\ufffd", "\ufffd"},
	} {
		if got := String(c.in); got != c.keep {
			t.Errorf("String(%q) = %q; want %q", c.in, got, c.keep)
		}
		if got := Lower(c.in); got != c.lower {
			t.Errorf("Lower(%q) = %q; want %q", c.in, got, c.lower)
		}
	}
}

// TestLettersFoldToASCII checks that every letter of Latin-1 and Latin
// Extended-A folds to ASCII letters: what NFD does not cover, the table does.
func TestLettersFoldToASCII(t *testing.T) {
	for r := rune(0xC0); r <= 0x17F; r++ {
		if r == '×' || r == '÷' {
			continue
		}
		for _, f := range []string{String(string(r)), Lower(string(r))} {
			for _, c := range []byte(f) {
				if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
					t.Errorf("%q (U+%04X) folds to %q", r, r, f)
					break
				}
			}
		}
	}
}

// TestGeneratedJS checks that busca.js and app.js hold the JavaScript
// generated from this package (byte for byte, so the parity test of
// busca.js's copy holds for both); with -update (go generate) it rewrites
// them.
func TestGeneratedJS(t *testing.T) {
	for _, file := range generatedJS {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := replaceJS(string(src))
		if !ok {
			t.Errorf("%s: the markers %q and %q are missing", file, strings.TrimSpace(jsBegin), strings.TrimSpace(jsEnd))
			continue
		}
		if got == string(src) {
			continue
		}
		if !*update {
			t.Errorf("%s: the generated fold code is stale; run go generate ./engine/fold", file)
			continue
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParityWithJS runs busca.js's foldText under node on every rune of
// Latin-1, Latin Extended-A and -B and the combining marks, on mixed-script
// text and on the words of the search's test corpus, and compares it with
// String and Lower. node must be installed: the test fails, never skips.
func TestParityWithJS(t *testing.T) {
	bin, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to test busca.js and was not found in PATH: %v", err)
	}
	var lines []string
	for r := rune(0xA0); r < 0x370; r++ {
		lines = append(lines, string(r), "x"+string(r)+"Y")
	}
	lines = append(lines,
		"ẞ", "İstanbul", "ΣΊΣΥΦΟΣ", "Ǆemal ǅ ǆ", "ﬁm", "Ω K Å", "한국어", "क़",
		"Tiếng Việt", "e\u0301\u0327", "Art. 1° § 2º", "COORDENAÇÃO-GERAL",
	)
	words, err := os.ReadFile(filepath.Join("..", "..", "generator", "search", "testdata", "words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, strings.Split(strings.TrimSuffix(string(words), "\n"), "\n")...)
	in, err := json.Marshal(lines)
	if err != nil {
		t.Fatal(err)
	}
	script := `const core = require(require("path").resolve(process.argv[1]));
const lines = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(lines.map((l) => [core.foldText(l, false), core.foldText(l, true)])));`
	cmd := exec.Command(bin, "-e", script, buscaJS)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var js [][2]string
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != len(lines) {
		t.Fatalf("node folded %d lines; want %d", len(js), len(lines))
	}
	diffs := 0
	for i, l := range lines {
		if g := [2]string{String(l), Lower(l)}; g != js[i] {
			diffs++
			if diffs <= 20 {
				t.Errorf("%q: Go %q, busca.js %q", l, g, js[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d lines differ", diffs, len(lines))
	}
}
