package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/seiportal/seiportal/wasm/worker/bundle"
)

// Cloudflare's limits that a deploy would hit (2026-11): 25 MiB per static
// asset, 20,000 assets on the Free plan, 64 MiB for the uncompressed
// Worker.
const (
	cfMaxAsset  = 25 << 20
	cfMaxAssets = 20000
	cfMaxWorker = 64 << 20
)

// workerCompatDate is the Worker's compatibility_date: fixed, so that the
// same input writes the same project.
const workerCompatDate = "2026-11-01"

// wranglerHeader opens every wrangler.jsonc seiportal writes; a file
// without it is someone else's and is never overwritten.
const wranglerHeader = "// Gerado por seiportal worker."

var workerName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// runWorker builds the site into DIR/public and writes beside it what
// `wrangler deploy` needs: wrangler.jsonc and the Worker (worker/).
func runWorker(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "worker", "worker [-s DIR] [-d DIR] [--nome NOME] [--baseURL URL]")
	src := fl.String("s", "", "pasta do site (com content/); padrão: a pasta atual se tiver content/, senão o portal embutido")
	dest := fl.String("d", "cloudflare", "pasta do projeto do Worker (recebe public/, worker/ e wrangler.jsonc)")
	name := fl.String("nome", "seiportal", "nome do Worker na conta Cloudflare (letras minúsculas, algarismos e hífen)")
	base := fl.String("baseURL", "", "endereço público do portal (substitui base_url de templates/site.yaml)")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &UsageError{Msg: "worker não aceita argumentos: " + strings.Join(rest, " ")}
	}
	if !workerName.MatchString(*name) {
		return &UsageError{Msg: fmt.Sprintf("nome de Worker inválido %q: use de 1 a 63 letras minúsculas, algarismos e hífens, sem hífen no começo ou no fim", *name)}
	}
	dir := env.abs(*dest)
	wranglerPath := filepath.Join(dir, "wrangler.jsonc")
	if err := checkWorkerDest(dir, wranglerPath); err != nil {
		return err
	}
	// Go's loader is the one the app ships (the same toolchain builds both).
	wasmExec, err := fs.ReadFile(env.Default, "templates/static/app/wasm_exec.js")
	if err != nil {
		return fmt.Errorf("o binário não traz o wasm_exec.js do aplicativo: %v", err)
	}
	mods, err := bundle.Modules(wasmExec)
	if err != nil {
		return err
	}
	buildArgs := []string{"-d", filepath.Join(dir, "public")}
	if *src != "" {
		buildArgs = append(buildArgs, "-s", *src)
	}
	if *base != "" {
		buildArgs = append(buildArgs, "--baseURL", *base)
	}
	if err := runBuild(ctx, env, buildArgs); err != nil {
		return err
	}
	if err := checkAssets(filepath.Join(dir, "public"), *dest); err != nil {
		return err
	}
	total := 0
	if err := os.MkdirAll(filepath.Join(dir, "worker"), 0o755); err != nil {
		return fmt.Errorf("não foi possível criar %s: %v", filepath.Join(*dest, "worker"), unwrapPathError(err))
	}
	for _, m := range mods {
		total += len(m.Data)
		if err := writeIfDifferent(filepath.Join(dir, "worker", m.Name), m.Data); err != nil {
			return fmt.Errorf("não foi possível gravar %s: %v", filepath.Join(*dest, "worker", m.Name), unwrapPathError(err))
		}
	}
	if total > cfMaxWorker {
		return fmt.Errorf("o Worker tem %s, mais que o limite de 64 MiB do Cloudflare", humanBytes(int64(total)))
	}
	conf := wranglerConfig(*name)
	old, err := os.ReadFile(wranglerPath)
	switch {
	case err == nil && !bytes.Equal(old, conf):
		fmt.Fprintf(env.Stdout, "seiportal: %s foi editado e foi mantido; compare com o modelo atual em %s\n",
			filepath.Join(*dest, "wrangler.jsonc"), filepath.Join(*dest, "wrangler.seiportal.jsonc"))
		if err := writeIfDifferent(filepath.Join(dir, "wrangler.seiportal.jsonc"), conf); err != nil {
			return fmt.Errorf("não foi possível gravar %s: %v", filepath.Join(*dest, "wrangler.seiportal.jsonc"), unwrapPathError(err))
		}
	case err != nil || !bytes.Equal(old, conf):
		if err := writeIfDifferent(wranglerPath, conf); err != nil {
			return fmt.Errorf("não foi possível gravar %s: %v", filepath.Join(*dest, "wrangler.jsonc"), unwrapPathError(err))
		}
	}
	fmt.Fprintf(env.Stdout, "seiportal: Worker %q em %s (%s); publique com: cd %s && npx wrangler deploy\n",
		*name, *dest, humanBytes(int64(total)), *dest)
	return nil
}

// checkWorkerDest refuses a folder that has files and no wrangler.jsonc
// written by seiportal worker.
func checkWorkerDest(dir, wranglerPath string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return fmt.Errorf("não foi possível usar a pasta %s: %v", dir, unwrapPathError(err))
	}
	b, err := os.ReadFile(wranglerPath)
	if err != nil || !bytes.HasPrefix(b, []byte(wranglerHeader)) {
		return fmt.Errorf("a pasta %s não está vazia e não tem um wrangler.jsonc gerado pelo seiportal; escolha outra com -d", dir)
	}
	return nil
}

// checkAssets refuses a site Cloudflare would not take.
func checkAssets(public, dest string) error {
	n := 0
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > cfMaxAsset {
			rel, _ := filepath.Rel(public, p)
			return fmt.Errorf("%s tem %s, mais que os 25 MiB que o Cloudflare aceita por arquivo", filepath.Join(dest, "public", rel), humanBytes(info.Size()))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > cfMaxAssets {
		return fmt.Errorf("o site tem %d arquivos, mais que os %d que o plano gratuito do Cloudflare aceita", n, cfMaxAssets)
	}
	return nil
}

func writeIfDifferent(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// wranglerConfig is the project's wrangler.jsonc. Static files are served
// by Cloudflare without running the Worker, with public/_headers applied;
// the Worker runs first only for the API, the app's .wasm (served from
// its precompressed copy) and the copies themselves (not served raw).
// Besides the assets, two bindings: EQUIPE and PROGRAMA, the Durable
// Objects (SQLite) that keep the team spaces' ciphertext and the state
// programs' encrypted summaries; the Worker stores nothing else, and its
// logs are off.
func wranglerConfig(name string) []byte {
	conf := map[string]any{
		"name":               name,
		"main":               "worker/" + bundle.MainModule,
		"compatibility_date": workerCompatDate,
		"assets": map[string]any{
			"directory":          "public",
			"binding":            "ASSETS",
			"html_handling":      "auto-trailing-slash",
			"not_found_handling": "404-page",
			"run_worker_first":   []string{"/api/*", "/*.wasm", "/*.br", "/*.gz"},
		},
		"durable_objects": map[string]any{
			"bindings": []map[string]any{
				{"name": "EQUIPE", "class_name": "EspacoEquipe"},
				{"name": "PROGRAMA", "class_name": "ProgramaEstado"},
			},
		},
		"migrations":    []map[string]any{{"tag": "v1", "new_sqlite_classes": []string{"EspacoEquipe", "ProgramaEstado"}}},
		"rules":         []map[string]any{{"type": "CompiledWasm", "globs": []string{"**/*.wasm"}, "fallthrough": false}},
		"observability": map[string]any{"enabled": false},
		"logpush":       false,
		"workers_dev":   true,
	}
	b, err := json.MarshalIndent(conf, "", "  ")
	if err != nil {
		panic(err) // a literal map of strings always marshals
	}
	head := wranglerHeader + " Publique com: npx wrangler deploy\n" +
		"// O Worker só guarda o que os espaços de equipe e os municípios de um programa enviam, já cifrado no\n" +
		"// navegador (Durable Objects EQUIPE e PROGRAMA);\n" +
		"// nenhum KV, D1 ou R2; os registros (logs) ficam desligados.\n"
	return append(append([]byte(head), b...), '\n')
}
