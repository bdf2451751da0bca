package generator

import (
	"testing"

	"github.com/seiportal/seiportal/generator/schema"
)

// TestSchemaCatalogHasNoStaleKeys: a key removed from a loader's type
// leaves no description behind.
func TestSchemaCatalogHasNoStaleKeys(t *testing.T) {
	cat := schemaCatalog()
	keys, types := map[string]bool{}, map[string]bool{}
	for _, d := range SchemaDocs() {
		ks, ts, err := schema.Keys(cat, d.Root)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range ks {
			keys[k] = true
		}
		for _, ty := range ts {
			types[ty] = true
		}
	}
	for k := range cat.Keys {
		if !keys[k] {
			t.Errorf("schemaCatalog describes %s, which no loader type has", k)
		}
	}
	for ty := range cat.TypeDescs {
		if !types[ty] {
			t.Errorf("schemaCatalog describes type %s, which no schema uses", ty)
		}
	}
}
