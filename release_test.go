package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/pe"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReleaseScript runs scripts/release.sh twice for Windows (and for
// this machine, to run the binary) and checks what a municipality
// downloads: a Windows console program for amd64, byte-identical across
// runs, dated at the commit, listed with its SHA-256 in SHA256SUMS, and
// stamped with the version and commit that "seiportal version" prints.
func TestReleaseScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to run scripts/release.sh")
	}
	host := runtime.GOOS + "/" + runtime.GOARCH
	targets := "windows/amd64"
	if host != "windows/amd64" {
		targets += " " + host
	}
	const version = "v0.0.0-teste"
	release := func(dist string) {
		t.Helper()
		cmd := exec.Command("bash", "scripts/release.sh", version)
		cmd.Env = append(os.Environ(), "SEIPORTAL_ALVOS="+targets, "SEIPORTAL_DIST="+dist)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("scripts/release.sh: %v\n%s", err, out)
		}
	}
	tmp := t.TempDir()
	first, second := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	release(first)
	release(second)

	commit, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	epoch, err := exec.Command("git", "log", "-1", "--format=%ct").Output()
	if err != nil {
		t.Fatal(err)
	}
	secs, _ := strconv.ParseInt(strings.TrimSpace(string(epoch)), 10, 64)

	exe := "seiportal-windows-amd64.exe"
	files := []string{exe}
	if host != "windows/amd64" {
		files = append(files, "seiportal-"+strings.ReplaceAll(host, "/", "-"))
	}
	sort.Strings(files)

	// SHA256SUMS lists every binary, with its sum, in sha256sum's format.
	sums, err := os.ReadFile(filepath.Join(first, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	sc := bufio.NewScanner(bytes.NewReader(sums))
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS: line %q is not \"sum  name\"", sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(first, name))
		if err != nil {
			t.Fatalf("SHA256SUMS lists %s: %v", name, err)
		}
		h := sha256.Sum256(data)
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("SHA256SUMS: %s has sum %x, listed %s", name, h, sum)
		}
		listed = append(listed, name)
	}
	if strings.Join(listed, " ") != strings.Join(files, " ") {
		t.Errorf("SHA256SUMS lists %v; want %v", listed, files)
	}

	// Two runs, the same bytes and dates.
	for _, name := range append(files, "SHA256SUMS") {
		a, errA := os.ReadFile(filepath.Join(first, name))
		b, errB := os.ReadFile(filepath.Join(second, name))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v, %v", name, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs of the script", name)
		}
		fi, err := os.Stat(filepath.Join(first, name))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().Equal(time.Unix(secs, 0)) {
			t.Errorf("%s is dated %v; want the commit's time %v", name, fi.ModTime(), time.Unix(secs, 0))
		}
	}

	// The Windows binary is a 64-bit console program with the version in it.
	f, err := pe.Open(filepath.Join(first, exe))
	if err != nil {
		t.Fatalf("%s is not a PE file: %v", exe, err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("%s: machine %#x; want amd64", exe, f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("%s: not a PE32+ (64-bit) image", exe)
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_CUI {
		t.Errorf("%s: subsystem %d; want a console program (%d)", exe, oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_CUI)
	}
	if f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 || f.Characteristics&pe.IMAGE_FILE_DLL != 0 {
		t.Errorf("%s: characteristics %#x; want an executable, not a DLL", exe, f.Characteristics)
	}
	raw, _ := os.ReadFile(filepath.Join(first, exe))
	if !bytes.Contains(raw, []byte(version)) || !bytes.Contains(raw, bytes.TrimSpace(commit)) {
		t.Errorf("%s does not contain the stamped version %q and commit %s", exe, version, commit)
	}

	// No path of this machine is in the binary (-trimpath): the build does
	// not depend on where the checkout, Go and the module cache are.
	wd, _ := os.Getwd()
	for _, env := range []string{"GOROOT", "GOMODCACHE"} {
		out, err := exec.Command("go", "env", env).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{strings.TrimSpace(string(out)), wd} {
			if p != "" && bytes.Contains(raw, []byte(p)) {
				t.Errorf("%s contains the path %s of this machine", exe, p)
			}
		}
	}

	// The Windows binary starts (under Wine) and prints what was stamped.
	want := "seiportal " + version + " (commit " + strings.TrimSpace(string(commit))
	w := newWine(t)
	if out, err := w.command(t.Context(), first, filepath.Join(first, exe), "version").CombinedOutput(); err != nil || !strings.HasPrefix(string(out), want) {
		t.Errorf("%s version under Wine: %v, %q; want %q…", exe, err, out, want)
	}

	// The binary for this machine prints what was stamped.
	if host != "windows/amd64" {
		bin := filepath.Join(first, "seiportal-"+strings.ReplaceAll(host, "/", "-"))
		out, err := exec.Command(bin, "version").CombinedOutput()
		if err != nil || !strings.HasPrefix(string(out), want) {
			t.Errorf("%s version: %v, %q; want %q…", bin, err, out, want)
		}
	}
}
