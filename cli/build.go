package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/generator"
)

// siteRoot is the site a command works on.
type siteRoot struct {
	fsys     fs.FS
	dir      string // "" for the embedded default portal
	embedded bool
}

func (s siteRoot) String() string {
	if s.embedded {
		return "portal padrão embutido"
	}
	return s.dir
}

func (env *Env) abs(p string) string {
	switch {
	case filepath.IsAbs(p) || env.Dir == "" || filepath.VolumeName(p) != "":
		// "C:portal", relative to drive C's own folder, is left to Windows.
		return p
	case p != "" && os.IsPathSeparator(p[0]):
		// `\portal` on Windows: the root of the working folder's drive.
		return filepath.Join(filepath.VolumeName(env.Dir), p)
	}
	return filepath.Join(env.Dir, p)
}

// resolveSite picks -s DIR, else the working directory when it has
// content/, else the embedded default portal.
func resolveSite(env *Env, flagDir string) (siteRoot, error) {
	if flagDir != "" {
		dir := env.abs(flagDir)
		st, err := os.Stat(filepath.Join(dir, "content"))
		if err != nil || !st.IsDir() {
			return siteRoot{}, &UsageError{Msg: fmt.Sprintf("%s não tem a pasta content/", flagDir)}
		}
		return siteRoot{fsys: overlayFS{dir: dir, fallback: env.Default}, dir: dir}, nil
	}
	cwd := env.Dir
	if cwd == "" {
		cwd, _ = os.Getwd()
	}
	if st, err := os.Stat(filepath.Join(cwd, "content")); err == nil && st.IsDir() {
		return siteRoot{fsys: overlayFS{dir: cwd, fallback: env.Default}, dir: cwd}, nil
	}
	if env.Default == nil {
		return siteRoot{}, &UsageError{Msg: "nenhum site: use -s DIR"}
	}
	return siteRoot{fsys: env.Default, embedded: true}, nil
}

// overlayFS reads a site directory; templates/ falls back to the embedded
// default when the site has none, so a content-only site still builds.
type overlayFS struct {
	dir      string
	fallback fs.FS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := os.DirFS(o.dir).Open(name)
	if err == nil || !o.fallsBack(name) {
		return f, err
	}
	return o.fallback.Open(name)
}

// fallsBack reports whether name is read from the embedded default: a
// templates/ path of a site without templates/.
func (o overlayFS) fallsBack(name string) bool {
	if o.fallback == nil || !(name == "templates" || strings.HasPrefix(name, "templates/")) {
		return false
	}
	_, err := os.Lstat(filepath.Join(o.dir, "templates"))
	return err != nil
}

// Lstat lets the generator see symbolic links (which it refuses) instead of
// following them (fs.ReadLinkFS).
func (o overlayFS) Lstat(name string) (fs.FileInfo, error) {
	if o.fallsBack(name) {
		return fs.Stat(o.fallback, name)
	}
	return os.DirFS(o.dir).(fs.ReadLinkFS).Lstat(name)
}

// ReadLink implements fs.ReadLinkFS.
func (o overlayFS) ReadLink(name string) (string, error) {
	if o.fallsBack(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return os.DirFS(o.dir).(fs.ReadLinkFS).ReadLink(name)
}

// destOutsideSource refuses an output folder inside content/ or templates/:
// every build would publish the previous one inside itself, and the site
// would grow without end.
func destOutsideSource(site siteRoot, dest string) error {
	if site.dir == "" {
		return nil
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return filepath.Clean(p)
		}
		if r, err := filepath.EvalSymlinks(a); err == nil {
			return r
		}
		// dest may not exist yet: resolve its parent.
		if r, err := filepath.EvalSymlinks(filepath.Dir(a)); err == nil {
			return filepath.Join(r, filepath.Base(a))
		}
		return a
	}
	d := abs(dest)
	for _, tree := range []string{"content", "templates"} {
		t := abs(filepath.Join(site.dir, tree))
		if rel, err := filepath.Rel(t, d); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return &UsageError{Msg: fmt.Sprintf("a pasta de saída %s fica dentro de %s/ do site: cada geração publicaria a anterior dentro de si; escolha outra com -d", dest, tree)}
		}
	}
	return nil
}

// gitLastMod returns the last commit time of each file under content/,
// read from git history in one pass.
func gitLastMod(ctx context.Context, dir string) map[string]time.Time {
	if dir == "" {
		return nil
	}
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "log", "--format=@%cI", "--name-only", "--relative", "--", "content")
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	m := map[string]time.Time{}
	var cur time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if t, ok := strings.CutPrefix(line, "@"); ok {
			cur, _ = time.Parse(time.RFC3339, t)
			continue
		}
		if line == "" || cur.IsZero() {
			continue
		}
		if _, seen := m[line]; !seen {
			m[filepath.ToSlash(line)] = cur
		}
	}
	// A file changed since its last commit has no known date: its last
	// commit is older than what it says now.
	st := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "status", "--porcelain", "-z", "--untracked-files=no", "--", "content")
	dirty, err := st.Output()
	if err != nil {
		return nil
	}
	prefix := gitPrefix(ctx, dir)
	for _, entry := range bytes.Split(dirty, []byte{0}) {
		if len(entry) > 3 && entry[2] == ' ' {
			// Porcelain paths are relative to the repository's root.
			name, ok := strings.CutPrefix(string(entry[3:]), prefix)
			if ok {
				delete(m, name)
			}
		}
	}
	return m
}

// gitPrefix is dir's path inside its git work tree ("" at the root,
// "site/" in a subfolder).
func gitPrefix(ctx context.Context, dir string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-prefix").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func runBuild(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "build", "build [-s DIR] [-d DIR] [--baseURL URL] [--tempos]")
	src := fl.String("s", "", "pasta do site (com content/); padrão: a pasta atual se tiver content/, senão o portal embutido")
	dest := fl.String("d", "public", "pasta de saída")
	base := fl.String("baseURL", "", "endereço público do portal (substitui base_url de templates/site.yaml)")
	phases := fl.Bool("tempos", false, "mostra quanto tempo levou cada fase da geração")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &UsageError{Msg: "build não aceita argumentos: " + strings.Join(rest, " ")}
	}
	site, err := resolveSite(env, *src)
	if err != nil {
		return err
	}
	out := env.abs(*dest)
	if err := destOutsideSource(site, out); err != nil {
		return err
	}
	if err := checkDest(out); err != nil {
		return err
	}
	start := time.Now()
	stage, fresh, err := stageDest(out)
	if err != nil {
		return fmt.Errorf("não foi possível preparar a pasta de geração ao lado de %s: %v", *dest, diag.OSReason(err))
	}
	w := newDirOutput(stage, fresh)
	res, err := generator.Build(ctx, generator.Options{
		Source:  site.fsys,
		Out:     w,
		BaseURL: *base,
		LastMod: gitLastMod(ctx, site.dir),
	})
	if err != nil {
		// The destination is untouched; the staging folder keeps what it
		// had (a previous build, partly overwritten) for the next build.
		return reportContentErrors(env, err)
	}
	commitStart := time.Now()
	if err := w.prune(); err != nil {
		return fmt.Errorf("não foi possível remover arquivos antigos de %s: %v", stage, diag.OSReason(err))
	}
	if err := w.writeManifest(); err != nil {
		return fmt.Errorf("não foi possível gravar a lista de arquivos em %s: %v", stage, diag.OSReason(err))
	}
	stray, _ := strayFiles(out)
	if err := commitDest(stage, out); err != nil {
		return fmt.Errorf("não foi possível trocar %s pela nova geração: %v", *dest, diag.OSReason(err))
	}
	if *phases {
		for _, ph := range res.Phases {
			fmt.Fprintf(env.Stdout, "  %-10s %6d ms\n", ph.Name, ph.Dur.Milliseconds())
		}
		fmt.Fprintf(env.Stdout, "  %-10s %6d ms\n", "commit", time.Since(commitStart).Milliseconds())
	}
	fmt.Fprintf(env.Stdout, "seiportal: %d páginas, %d arquivos (%s) em %s a partir de %s, em %d ms\n",
		res.Pages, res.Files, humanBytes(res.Bytes), *dest, site, time.Since(start).Milliseconds())
	warnStray(env, *dest, stray)
	return nil
}

// warnStray tells about files someone put in the output folder: the new
// build does not carry them, and the folder they were left in (kept for the
// next build) loses them at the next one.
func warnStray(env *Env, dest string, stray []string) {
	if len(stray) == 0 {
		return
	}
	const show = 10
	fmt.Fprintf(env.Stderr, "seiportal: aviso: %d arquivo(s) em %s não vieram da geração (foram postos à mão?) e não estão na nova versão:\n", len(stray), dest)
	for i, n := range stray {
		if i == show {
			fmt.Fprintf(env.Stderr, "  … e mais %d\n", len(stray)-show)
			break
		}
		fmt.Fprintf(env.Stderr, "  %s\n", filepath.Join(dest, filepath.FromSlash(n)))
	}
	fmt.Fprintf(env.Stderr, "Eles ficaram em %s e serão apagados na próxima geração. Para publicá-los, ponha-os em content/ (ou em templates/static/).\n", hiddenBeside(dest, spareSuffix))
}

func runCheck(ctx context.Context, env *Env, args []string) error {
	fl := newFlagSet(env, "check", "check [-s DIR]")
	src := fl.String("s", "", "pasta do site (com content/)")
	rest, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &UsageError{Msg: "check não aceita argumentos: " + strings.Join(rest, " ")}
	}
	site, err := resolveSite(env, *src)
	if err != nil {
		return err
	}
	res, err := generator.Build(ctx, generator.Options{Source: site.fsys})
	if err != nil {
		return reportContentErrors(env, err)
	}
	fmt.Fprintf(env.Stdout, "seiportal: %d páginas conferidas, nenhum problema\n", res.Pages)
	return nil
}

// reportContentErrors prints positioned errors one per line and returns
// errReported (exit 1).
func reportContentErrors(env *Env, err error) error {
	var ue *UsageError
	if errors.As(err, &ue) || errors.Is(err, context.Canceled) {
		return err
	}
	list := diag.Flatten(err)
	list.Sort()
	for _, e := range list {
		fmt.Fprintln(env.Stderr, e.Error())
	}
	fmt.Fprintf(env.Stderr, "seiportal: %d problema(s) encontrado(s)\n", len(list))
	return errReported
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
