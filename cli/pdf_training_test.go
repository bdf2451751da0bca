package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/engine/checklist"
	checklistload "github.com/seiportal/seiportal/engine/checklist/load"
	"github.com/seiportal/seiportal/engine/document"
)

// examplesDir holds the fictitious case (Município Exemplo) the portal
// publishes under /exemplos/ and the app loads as "dados de exemplo".
const examplesDir = "../templates/static/exemplos"

// fictitiousCPF is the shape of every CPF in the examples: test numbers
// made for the purpose, 000.000.0NN with the check digits computed, so
// that nobody takes them for a person's.
var fictitiousCPF = regexp.MustCompile(`^000\.000\.0\d\d-\d\d$`)

// TestExamplesValid: each form has its example, valid for the engine as the
// command line checks it (validate exits 0), with only fictitious CPFs.
func TestExamplesValid(t *testing.T) {
	forms, _ := filepath.Glob("../content/formularios/*.yaml")
	if len(forms) == 0 {
		t.Fatal("no forms")
	}
	for _, f := range forms {
		id := strings.TrimSuffix(filepath.Base(f), ".yaml")
		p, err := filepath.Abs(filepath.Join(examplesDir, id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("form %s has no example: %v", id, err)
			continue
		}
		if code, out, errOut := runForm(t, "", "validate", "-s", formSite(), id, p); code != 0 {
			t.Errorf("validate %s: exit %d\n%s%s", id, code, out, errOut)
		}
		checkCPFs(t, p, string(b))
	}
	b, err := os.ReadFile(filepath.Join(examplesDir, "designacao-ponto-focal-lote.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkCPFs(t, "lote.csv", string(b))
}

func checkCPFs(t *testing.T, name, text string) {
	t.Helper()
	cpfs := regexp.MustCompile(`\d{3}\.?\d{3}\.?\d{3}-?\d{2}`).FindAllString(text, -1)
	if len(cpfs) == 0 {
		t.Errorf("%s: no CPF found", name)
	}
	for _, c := range cpfs {
		if !fictitiousCPF.MatchString(c) {
			t.Errorf("%s: CPF %s is not one of the obviously fictitious test numbers (000.000.0NN-DD)", name, c)
		}
	}
}

// TestChecklistExample: the checklist example belongs to the default
// checklist, every item it marks done could be marked done, and its
// evidence passes the checks (the class record included).
func TestChecklistExample(t *testing.T) {
	defs, errs := checklistload.Dir(os.DirFS(".."), "content/checklists")
	if len(errs) > 0 || len(defs) == 0 {
		t.Fatalf("checklists: %v", errs)
	}
	def := defs[0]
	b, err := os.ReadFile(filepath.Join(examplesDir, "checklist-"+def.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Checklist string          `json:"checklist"`
		Data      checklist.State `json:"data"`
	}
	if err := jsonStrict(b, &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Checklist != def.ID || len(ex.Data.Items) == 0 {
		t.Fatalf("example of %q with %d items", ex.Checklist, len(ex.Data.Items))
	}
	done := 0
	for id, st := range ex.Data.Items {
		d, _, ok := def.Item(id)
		if !ok {
			t.Errorf("item %q is not in the checklist", id)
			continue
		}
		if errs := checklist.CheckEvidence(*d, st.Evidence); len(errs) > 0 && st.Done {
			t.Errorf("item %s: evidence %v", id, errs)
		}
		for name, v := range st.Evidence {
			found := false
			for _, e := range d.Evidence {
				if e.Name == name {
					found = true
					if err := e.Check(v); err != nil {
						t.Errorf("item %s, %s = %q: %v", id, name, v, err)
					}
				}
			}
			if !found {
				t.Errorf("item %s has no evidence %q", id, name)
			}
		}
		if st.Done {
			done++
			// done in the example's order: what it depends on is done too
			for _, dep := range d.DependsOn {
				if !ex.Data.Items[dep].Done {
					t.Errorf("item %s is done before %s", id, dep)
				}
			}
		}
	}
	if done == 0 {
		t.Error("the example marks no item done")
	}
	if ev := ex.Data.Items["capacitar-multiplicadores"].Evidence; ev["participantes"] == "" || ev["secretarias"] == "" {
		t.Error("the example does not show the class record (participantes, secretarias)")
	}
}

// TestPDFTraining: --treinamento marks every page, prints no code and the
// footer says so, with -o and with --lote on the example CSV; the portal
// refuses to check such a PDF.
func TestPDFTraining(t *testing.T) {
	ex, err := filepath.Abs(filepath.Join(examplesDir, "designacao-ponto-focal.json"))
	if err != nil {
		t.Fatal(err)
	}
	csv, err := filepath.Abs(filepath.Join(examplesDir, "designacao-ponto-focal-lote.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "treino.pdf")
	if code, _, errOut := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", ex, "--treinamento", "-o", out); code != 0 {
		t.Fatalf("pdf --treinamento: exit %d: %s", code, errOut)
	}
	lote := filepath.Join(dir, "lote")
	code, stdout, errOut := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--treinamento", "--lote", csv, "-d", lote)
	if code != 0 || !strings.Contains(stdout, "3 PDF(s)") {
		t.Fatalf("pdf --treinamento --lote: exit %d: %s%s", code, stdout, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(lote, "*.pdf"))
	if len(files) != 3 {
		t.Fatalf("lote wrote %v", files)
	}
	code, _, errOut = runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--lote", csv, "-d", filepath.Join(dir, "real"))
	if code != 0 {
		t.Fatalf("pdf --lote: exit %d: %s", code, errOut)
	}
	for _, p := range append(files, out) {
		if !strings.Contains(filepath.Base(p), "treino") {
			t.Errorf("%s: the name does not say treino", p)
		}
		tool(t, "qpdf", "--check", p)
		text := pdftotext(t, p)
		pages := strings.Count(text, "\f")
		for i := 1; i <= pages; i++ {
			n := strconv.Itoa(i)
			raw := strings.Join(strings.Fields(tool(t, "pdftotext", "-raw", "-f", n, "-l", n, p, "-")), "")
			if !strings.Contains(raw, "EXEMPLO—SEMVALOR") {
				t.Errorf("%s page %d: no watermark", filepath.Base(p), i)
			}
		}
		if m := regexp.MustCompile(`SP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(text); m != "" {
			t.Errorf("%s prints the code %s", filepath.Base(p), m)
		}
		if !strings.Contains(text, "Documento de treinamento") {
			t.Errorf("%s: the footer does not say it is a training document", filepath.Base(p))
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, _, _, _, err = document.Open(b)
		var te *document.TrainingError
		if !errors.As(err, &te) {
			t.Errorf("%s: Open = %v; want a training document", filepath.Base(p), err)
		}
	}
	real, _ := filepath.Glob(filepath.Join(dir, "real", "*.pdf"))
	if len(real) != 3 {
		t.Fatalf("real lote wrote %v", real)
	}
	for _, p := range real {
		if text := pdftotext(t, p); strings.Contains(text, "SEM VALOR") || !regexp.MustCompile(`SP-[0-9A-Z]{4}-`).MatchString(text) {
			t.Errorf("%s: a PDF made without --treinamento reads as a training one", p)
		}
	}
	if code, _, errOut := runForm(t, "", "pdf", "-s", formSite(), "designacao-ponto-focal", "--treinamento", "--branco", "-o", filepath.Join(dir, "b.pdf")); code != 2 || !strings.Contains(errOut, "--treinamento não vale com --branco") {
		t.Errorf("--treinamento --branco: exit %d: %s", code, errOut)
	}
}

// jsonStrict decodes b into v, refusing keys v does not have.
func jsonStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
