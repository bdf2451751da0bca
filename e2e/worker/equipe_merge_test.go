//go:build !js

package worker

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEquipeMerge runs the team checklist's merge (templates/static/js/
// equipe.js) under node: testdata/equipe_mescla.test.js.
func TestEquipeMerge(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node não encontrado: instale o Node.js (bash scripts/test o instala): %v", err)
	}
	js, err := filepath.Abs(filepath.Join(repo, "templates", "static", "js", "equipe.js"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join("testdata", "equipe_mescla.test.js"), js).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("node: %v\n%s", err, out)
	}
}
