package load

import (
	"os"
	"testing"
)

func TestShippedChecklist(t *testing.T) {
	root := os.DirFS("../../..")
	defs, errs := Dir(root, "content/checklists")
	if len(errs) > 0 {
		t.Fatalf("content/checklists has errors:\n%v", errs)
	}
	if len(defs) == 0 {
		t.Fatal("no checklist in content/checklists")
	}
}
