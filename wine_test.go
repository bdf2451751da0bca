package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/seiportal/seiportal/cli"
)

// wine runs Windows programs for the tests with Debian's Wine (package
// wine64, which scripts/test installs).
type wine struct {
	bin, server string
	env         []string
}

// newWine makes a fresh Wine prefix for the test, removed at its end.
//
// Go programs since Go 1.24 load bcryptprimitives.dll (ProcessPrng) at
// start, which Wine 8 (Debian 12) does not have: the prefix gets a
// bcryptprimitives.dll of one forwarded export, ProcessPrng →
// advapi32.SystemFunction036 (RtlGenRandom, which Wine has), written by
// forwarderDLL.
func newWine(t *testing.T) *wine {
	t.Helper()
	w := &wine{}
	for _, c := range []string{"wine64", "wine", "/usr/lib/wine/wine64"} {
		if p, err := exec.LookPath(c); err == nil {
			w.bin = p
			break
		}
	}
	if w.bin == "" {
		t.Fatal("Wine is needed to run the Windows binary: apt-get install wine64 (scripts/test installs it)")
	}
	w.server = "/usr/lib/wine/wineserver64"
	if p, err := exec.LookPath("wineserver"); err == nil {
		w.server = p
	}
	prefix := filepath.Join(t.TempDir(), "wine")
	w.env = append(os.Environ(), "WINEPREFIX="+prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=bcryptprimitives=n;mscoree,mshtml=", "WINEARCH=win64")
	boot := exec.Command(w.bin, "wineboot", "--init")
	boot.Env = w.env
	if out, err := boot.CombinedOutput(); err != nil {
		t.Fatalf("wineboot: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		k := exec.Command(w.server, "-k")
		k.Env = w.env
		k.Run()
	})
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	if err := os.WriteFile(filepath.Join(sys32, "bcryptprimitives.dll"), forwarderDLL("bcryptprimitives.dll", "ProcessPrng", "advapi32.SystemFunction036"), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

// command returns exe run under Wine in dir.
func (w *wine) command(ctx context.Context, dir, exe string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.bin, append([]string{exe}, args...)...)
	cmd.Env = w.env
	cmd.Dir = dir
	return cmd
}

// winPath is a Linux path as Windows programs under Wine see it: drive Z:
// is the root, with backslashes.
func winPath(p string) string {
	return `Z:` + strings.ReplaceAll(p, "/", `\`)
}

// forwarderDLL returns a 64-bit PE DLL with no code whose only export,
// name, forwards to target ("dll.Function").
func forwarderDLL(dll, name, target string) []byte {
	le := binary.LittleEndian
	f := make([]byte, 0x400)
	copy(f, "MZ")
	le.PutUint32(f[0x3c:], 0x40)
	copy(f[0x40:], "PE\x00\x00")
	coff := f[0x44:]
	le.PutUint16(coff[0:], 0x8664) // AMD64
	le.PutUint16(coff[2:], 1)      // one section
	le.PutUint16(coff[16:], 240)   // size of the optional header
	le.PutUint16(coff[18:], 0x2022)
	opt := f[0x58:]
	le.PutUint16(opt[0:], 0x20b) // PE32+
	le.PutUint32(opt[8:], 0x200)
	le.PutUint32(opt[20:], 0x1000)
	le.PutUint64(opt[24:], 0x7ff7a0000000) // image base
	le.PutUint32(opt[32:], 0x1000)         // section alignment
	le.PutUint32(opt[36:], 0x200)          // file alignment
	le.PutUint16(opt[40:], 6)              // OS version
	le.PutUint16(opt[48:], 6)              // subsystem version
	le.PutUint32(opt[56:], 0x2000)         // size of image
	le.PutUint32(opt[60:], 0x200)          // size of headers
	le.PutUint16(opt[68:], 3)              // console
	le.PutUint16(opt[70:], 0x100)          // NX compatible
	le.PutUint64(opt[72:], 0x100000)
	le.PutUint64(opt[80:], 0x1000)
	le.PutUint64(opt[88:], 0x100000)
	le.PutUint64(opt[96:], 0x1000)
	le.PutUint32(opt[108:], 16) // data directories
	const rva = 0x1000
	exp := f[0x200:]
	const eat, ent, eot, strs = 40, 44, 48, 52
	nameOff := strs
	fnOff := nameOff + len(dll) + 1
	fwdOff := fnOff + len(name) + 1
	end := fwdOff + len(target) + 1
	le.PutUint32(exp[12:], rva+uint32(nameOff))
	le.PutUint32(exp[16:], 1) // ordinal base
	le.PutUint32(exp[20:], 1) // functions
	le.PutUint32(exp[24:], 1) // names
	le.PutUint32(exp[28:], rva+eat)
	le.PutUint32(exp[32:], rva+ent)
	le.PutUint32(exp[36:], rva+eot)
	le.PutUint32(exp[eat:], rva+uint32(fwdOff)) // inside the export directory: a forwarder
	le.PutUint32(exp[ent:], rva+uint32(fnOff))
	copy(exp[nameOff:], dll)
	copy(exp[fnOff:], name)
	copy(exp[fwdOff:], target)
	le.PutUint32(opt[112:], rva) // export directory
	le.PutUint32(opt[116:], uint32(end))
	sec := f[0x58+240:]
	copy(sec, ".edata")
	le.PutUint32(sec[8:], uint32(end))
	le.PutUint32(sec[12:], rva)
	le.PutUint32(sec[16:], 0x200)
	le.PutUint32(sec[20:], 0x200)
	le.PutUint32(sec[36:], 0x40000040) // initialized data, readable
	return f
}

// buildWindows cross-compiles seiportal.exe as scripts/release.sh does.
func buildWindows(t *testing.T, dir string) string {
	t.Helper()
	exe := filepath.Join(dir, "seiportal.exe")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid= -X main.version=v0.0.0-wine", "-o", exe, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64", "GOAMD64=v1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build for windows: %v\n%s", err, out)
	}
	return exe
}

// toCRLF rewrites the text files under dir with CRLF line endings, as a
// Windows checkout (git's core.autocrlf) or a Windows editor leaves them.
func toCRLF(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".md", ".yaml", ".yml", ".toml", ".json", ".csv":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWindowsUnderWine runs the Windows binary the way a municipal IT team
// would: Windows paths (drive letter, backslashes, a trailing backslash,
// relative paths), files with CRLF line endings. Every command works, and
// the site it builds is byte for byte the one the Linux build makes of the
// same folder (a backslash that leaked into a URL would differ).
func TestWindowsUnderWine(t *testing.T) {
	w := newWine(t)
	tmp := t.TempDir()
	exe := buildWindows(t, tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run := func(want int, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		cmd := w.command(ctx, tmp, exe, args...)
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("seiportal.exe %s: %v", strings.Join(args, " "), err)
		}
		if code != want {
			t.Fatalf("seiportal.exe %s: exit %d; want %d\n%s", strings.Join(args, " "), code, want, out.String())
		}
		return out.String()
	}

	if out := run(0, "version"); !strings.HasPrefix(out, "seiportal v0.0.0-wine (commit desconhecido)") {
		t.Errorf("version: %q", out)
	}

	// The path unit tests of package cli, compiled for Windows: drive
	// letters, backslashes, UNC shares, rooted paths.
	cliTest := filepath.Join(tmp, "cli.test.exe")
	cc := exec.Command("go", "test", "-c", "-o", cliTest, "./cli")
	cc.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
	if out, err := cc.CombinedOutput(); err != nil {
		t.Fatalf("go test -c ./cli for windows: %v\n%s", err, out)
	}
	// (Only tests without temporary folders: Wine 8 cannot delete them
	// the way Go's os.RemoveAll does on Windows, "Invalid function".)
	if out, err := w.command(ctx, "cli", cliTest, "-test.run", "^TestPaths", "-test.v").CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS: TestPathsAbs") {
		t.Errorf("cli path tests on Windows: %v\n%s", err, out)
	}
	// init with a trailing backslash; the next steps drop it.
	out := run(0, "init", "--municipio", "São João del-Rei", "--uf", "MG", `portal\`)
	if !strings.Contains(out, "cd portal\n") {
		t.Errorf("init's next steps: %q", out)
	}
	portal := filepath.Join(tmp, "portal")
	toCRLF(t, portal)

	// A drive-letter path to the site, a relative one to the output.
	out = run(0, "build", "-s", winPath(portal), "-d", `saida\site`)
	if !strings.Contains(out, `em saida\site a partir de `+winPath(portal)) {
		t.Errorf("build summary: %q", out)
	}
	run(0, "check", "-s", `.\portal\`)

	// The same folder built on Linux, in-process.
	var lout, lerr bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &lout, Stderr: &lerr, Dir: tmp, Default: os.DirFS("."), Getenv: func(string) string { return "" }}
	if code := cli.Main(ctx, env, []string{"build", "-s", "portal", "-d", "linux"}); code != 0 {
		t.Fatalf("linux build: %d %s", code, lerr.String())
	}
	compareTrees(t, filepath.Join(tmp, "saida", "site"), filepath.Join(tmp, "linux"))
	home, _ := os.ReadFile(filepath.Join(tmp, "linux", "index.html"))
	if !strings.Contains(string(home), "São João del-Rei/MG") {
		t.Error("the identity init wrote is not on the home page")
	}

	// validate and pdf with CRLF data files.
	data, err := os.ReadFile(filepath.Join("engine", "form", "testdata", "designacao-ponto-focal.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(tmp, "dados"), 0o755)
	crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	os.WriteFile(filepath.Join(tmp, "dados", "ok.json"), crlf, 0o644)
	if out := run(0, "validate", "-s", "portal", "designacao-ponto-focal", `dados\ok.json`); !strings.Contains(out, "dados válidos") {
		t.Errorf("validate: %q", out)
	}
	run(0, "pdf", "-s", "portal", "designacao-ponto-focal", winPath(filepath.Join(tmp, "dados", "ok.json")), "-o", `dados\ofício.pdf`)
	if pdf, err := os.ReadFile(filepath.Join(tmp, "dados", "ofício.pdf")); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("pdf -o: %v", err)
	}
	header := "orgao.nome;orgao.sigla;orgao.municipio;orgao.uf;titular.nome;titular.cargo;" +
		"pontos_focais.0.nome;pontos_focais.0.cpf;pontos_focais.0.matricula;pontos_focais.0.cargo;pontos_focais.0.lotacao;pontos_focais.0.email;pontos_focais.0.telefone;" +
		"pontos_focais.1.nome;pontos_focais.1.cpf;pontos_focais.1.matricula;pontos_focais.1.cargo;pontos_focais.1.lotacao;pontos_focais.1.email;pontos_focais.1.telefone;local;data"
	rowOf := func(sigla string) string {
		return "Secretaria de " + sigla + ";" + sigla + ";São João del-Rei;MG;Ana Conceição;Secretária;" +
			"João Ávila;111.444.777-35;1;Analista;\"Protocolo\r\nGeral\";joao@sjdr.mg.gov.br;(32) 3371-1234;" +
			"Márcia Sá;123.456.789-09;2;Técnica;TI;marcia@sjdr.mg.gov.br;(32) 3371-1235;São João del-Rei;05/03/2025"
	}
	csv := "\ufeff" + header + "\r\n" + rowOf("SEDUC") + "\r\n" + rowOf("SESAU") + "\r\n"
	os.WriteFile(filepath.Join(tmp, "dados", "lote.csv"), []byte(csv), 0o644)
	out = run(0, "pdf", "-s", "portal", "designacao-ponto-focal", "--lote", winPath(filepath.Join(tmp, "dados", "lote.csv")), "-d", `dados\pdfs\`)
	if !strings.Contains(out, "2 PDF(s) gerado(s)") {
		t.Errorf("pdf --lote: %q", out)
	}
	for _, f := range []string{"designacao-ponto-focal-SEDUC-2025-03-05-001.pdf", "designacao-ponto-focal-SESAU-2025-03-05-002.pdf"} {
		if pdf, err := os.ReadFile(filepath.Join(tmp, "dados", "pdfs", f)); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("pdf --lote: %s: %v", f, err)
		}
	}

	// serve answers with the site built from a Windows path.
	cmd := w.command(ctx, tmp, exe, "serve", "-s", winPath(portal), "--port", "0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`http://[0-9.:]+/`)
		for sc.Scan() {
			if m := re.FindString(sc.Text()); m != "" {
				addr <- m
			}
		}
		close(addr)
	}()
	select {
	case u, ok := <-addr:
		if !ok {
			t.Fatal("serve ended without an address")
		}
		for _, p := range []string{"", "formularios/designacao-ponto-focal/", "esquemas/formulario.json"} {
			resp, err := http.Get(u + p)
			if err != nil {
				t.Fatalf("GET %s: %v", u+p, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			want, _ := os.ReadFile(filepath.Join(tmp, "linux", filepath.FromSlash(p), map[bool]string{true: "index.html", false: ""}[p == "" || strings.HasSuffix(p, "/")]))
			if resp.StatusCode != 200 || len(body) == 0 {
				t.Errorf("GET %s: %d", u+p, resp.StatusCode)
			} else if strings.HasSuffix(p, ".json") && !bytes.Equal(body, want) {
				t.Errorf("GET %s differs from the built file", u+p)
			}
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start")
	}
}

// compareTrees fails for each file that differs between two folders.
func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	files := map[string]bool{}
	for _, root := range []string{a, b} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				files[rel] = true
			}
			return nil
		})
	}
	if len(files) < 10 {
		t.Fatalf("only %d files built", len(files))
	}
	for rel := range files {
		x, errX := os.ReadFile(filepath.Join(a, rel))
		y, errY := os.ReadFile(filepath.Join(b, rel))
		if errX != nil || errY != nil {
			t.Errorf("%s: only in one build (%v, %v)", rel, errX, errY)
			continue
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s", rel, a, b)
		}
	}
}

// TestCRLFContentBuildsTheSameSite: content, definitions and site.yaml
// saved with CRLF line endings (a Windows editor, git's core.autocrlf)
// build exactly the site their LF versions build.
func TestCRLFContentBuildsTheSameSite(t *testing.T) {
	tmp := t.TempDir()
	build := func(args ...string) {
		t.Helper()
		var out, errs bytes.Buffer
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Dir: tmp, Default: os.DirFS("."), Getenv: func(string) string { return "" }}
		if code := cli.Main(t.Context(), env, args); code != 0 {
			t.Fatalf("seiportal %s: exit %d: %s", strings.Join(args, " "), code, errs.String())
		}
	}
	build("init", "lf")
	build("init", "crlf")
	toCRLF(t, filepath.Join(tmp, "crlf", "content"))
	toCRLF(t, filepath.Join(tmp, "crlf", "templates", "site.yaml"))
	if src, _ := os.ReadFile(filepath.Join(tmp, "crlf", "content", "normas", "in-15-2024.md")); !bytes.Contains(src, []byte("\r\n")) {
		t.Fatal("the copy is not CRLF")
	}
	build("build", "-s", "lf", "-d", "lf-site")
	build("build", "-s", "crlf", "-d", "crlf-site")
	compareTrees(t, filepath.Join(tmp, "lf-site"), filepath.Join(tmp, "crlf-site"))
}
