package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seiportal/seiportal/wasm/worker/bundle"
)

// seiportal worker writes the site, the Worker and wrangler.jsonc; the
// Worker is the embedded bundle, the config names it and binds only the
// assets. (wasm/worker's tests run this project in workerd.)
func TestWorkerProject(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "worker", "-d", "cf", "--nome", "portal-angra")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if !strings.Contains(out, `Worker "portal-angra" em cf`) || !strings.Contains(out, "npx wrangler deploy") {
		t.Errorf("output %q", out)
	}
	cf := filepath.Join(dir, "cf")
	for _, p := range []string{"public/index.html", "public/404.html", "public/_headers", "public/app/seiportal.wasm.br", "public/app/formularios/designacao-ponto-focal.json"} {
		if _, err := os.Stat(filepath.Join(cf, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	wasmExec, err := os.ReadFile("../templates/static/app/wasm_exec.js")
	if err != nil {
		t.Fatal(err)
	}
	mods, err := bundle.Modules(wasmExec)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		if b, err := os.ReadFile(filepath.Join(cf, "worker", m.Name)); err != nil || !bytes.Equal(b, m.Data) {
			t.Errorf("worker/%s is not the embedded module (%v)", m.Name, err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(cf, "wrangler.jsonc"))
	if err != nil {
		t.Fatal(err)
	}
	var conf struct {
		Name          string         `json:"name"`
		Main          string         `json:"main"`
		Observability map[string]any `json:"observability"`
		Assets        map[string]any `json:"assets"`
		KV            any            `json:"kv_namespaces"`
		DO            struct {
			Bindings []struct {
				Name      string `json:"name"`
				ClassName string `json:"class_name"`
			} `json:"bindings"`
		} `json:"durable_objects"`
		Migrations []struct {
			Tag    string   `json:"tag"`
			SQLite []string `json:"new_sqlite_classes"`
		} `json:"migrations"`
	}
	var body []string
	for _, l := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(l, "//") {
			body = append(body, l)
		}
	}
	if err := json.Unmarshal([]byte(strings.Join(body, "\n")), &conf); err != nil {
		t.Fatal(err)
	}
	if conf.Name != "portal-angra" || conf.Main != "worker/worker.mjs" || conf.Observability["enabled"] != false ||
		conf.Assets["directory"] != "public" || conf.Assets["binding"] != "ASSETS" || conf.KV != nil {
		t.Errorf("wrangler.jsonc = %+v", conf)
	}
	// The team spaces and the state programs: SQLite-backed Durable Objects.
	if len(conf.DO.Bindings) != 2 || conf.DO.Bindings[0].Name != "EQUIPE" || conf.DO.Bindings[0].ClassName != "EspacoEquipe" ||
		conf.DO.Bindings[1].Name != "PROGRAMA" || conf.DO.Bindings[1].ClassName != "ProgramaEstado" ||
		len(conf.Migrations) != 1 || strings.Join(conf.Migrations[0].SQLite, ",") != "EspacoEquipe,ProgramaEstado" {
		t.Errorf("wrangler.jsonc durable_objects/migrations = %+v %+v", conf.DO, conf.Migrations)
	}

	// A second run writes the same files; an edited wrangler.jsonc is kept.
	edited := append(bytes.Clone(raw), []byte("// rota própria\n")...)
	os.WriteFile(filepath.Join(cf, "wrangler.jsonc"), edited, 0o644)
	code, out, errs = run(t, dir, "worker", "-d", "cf", "--nome", "portal-angra")
	if code != 0 {
		t.Fatalf("second run: exit %d: %s%s", code, out, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(cf, "wrangler.jsonc")); !bytes.Equal(b, edited) {
		t.Errorf("the edited wrangler.jsonc was overwritten")
	}
	if b, _ := os.ReadFile(filepath.Join(cf, "wrangler.seiportal.jsonc")); !bytes.Equal(b, raw) || !strings.Contains(out, "foi editado e foi mantido") {
		t.Errorf("the current model was not written beside it: %q", out)
	}
}

func TestWorkerRefuses(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "alheia"), 0o755)
	os.WriteFile(filepath.Join(dir, "alheia", "notas.txt"), []byte("meu"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"worker", "-h"}, 0, "Uso: seiportal worker"},
		{[]string{"worker", "--nome", "Portal Angra"}, 2, `nome de Worker inválido "Portal Angra"`},
		{[]string{"worker", "--nome", "-x"}, 2, "nome de Worker inválido"},
		{[]string{"worker", "x"}, 2, "worker não aceita argumentos"},
		{[]string{"worker", "-d", "alheia"}, 1, "não tem um wrangler.jsonc gerado pelo seiportal"},
	} {
		code, out, errs := run(t, dir, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.out) {
			t.Errorf("seiportal %v: exit %d, %q%q; want %d with %q", c.args, code, out, errs, c.code, c.out)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "alheia", "notas.txt")); string(b) != "meu" {
		t.Errorf("a foreign folder was touched")
	}
}
