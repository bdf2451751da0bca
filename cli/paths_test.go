package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// pathCase is a path as typed and what it must become; windows marks the
// cases that only hold with Windows path rules (TestWindowsUnderWine runs
// this test compiled for Windows).
type pathCase struct {
	windows  bool
	in, want string
}

func pathCases(t *testing.T, cases []pathCase, f func(string) string) {
	t.Helper()
	for _, c := range cases {
		if c.windows != (runtime.GOOS == "windows") {
			continue
		}
		if got := f(c.in); got != c.want {
			t.Errorf("%q → %q; want %q", c.in, got, c.want)
		}
	}
}

func TestPathsTrimSeparator(t *testing.T) {
	pathCases(t, []pathCase{
		{false, "portal/", "portal"},
		{false, "portal//", "portal"},
		{false, "/", "/"},
		{false, "/srv/portal/", "/srv/portal"},
		{true, `portal\`, "portal"},
		{true, `portal\\`, "portal"},
		{true, `portal/`, "portal"},
		{true, `C:\`, `C:\`},
		{true, `C:\portal\`, `C:\portal`},
		{true, `\\servidor\compartilhado\portal\`, `\\servidor\compartilhado\portal`},
	}, trimSeparator)
}

func TestPathsAbs(t *testing.T) {
	if runtime.GOOS == "windows" {
		env := &Env{Dir: `D:\trabalho`}
		pathCases(t, []pathCase{
			{true, `portal`, `D:\trabalho\portal`},
			{true, `portal\content`, `D:\trabalho\portal\content`},
			{true, `..\portal`, `D:\portal`},
			{true, `C:\portal`, `C:\portal`},
			{true, `c:/portal/saida`, `c:/portal/saida`},
			{true, `\portal`, `D:\portal`},
			{true, `\\servidor\compartilhado\portal`, `\\servidor\compartilhado\portal`},
			{true, `C:portal`, `C:portal`},
		}, env.abs)
		return
	}
	env := &Env{Dir: "/trabalho"}
	pathCases(t, []pathCase{
		{false, "portal", "/trabalho/portal"},
		{false, "../portal", "/portal"},
		{false, "/srv/portal", "/srv/portal"},
	}, env.abs)
}

func TestPathsHiddenBeside(t *testing.T) {
	pathCases(t, []pathCase{
		{false, "public", ".public" + spareSuffix},
		{false, "/srv/site/public/", "/srv/site/.public" + spareSuffix},
		{true, `C:\site\public`, `C:\site\.public` + spareSuffix},
		{true, `C:\site\public\`, `C:\site\.public` + spareSuffix},
		{true, `saida\site`, `saida\.site` + spareSuffix},
	}, func(p string) string { return hiddenBeside(p, spareSuffix) })
}

// TestBuildIntoFolderWithTrailingSeparator: "-d saida/" (or `saida\` on
// Windows) is the folder saida, built twice in a row.
func TestBuildIntoFolderWithTrailingSeparator(t *testing.T) {
	dir := t.TempDir()
	dest := "saida" + string(filepath.Separator)
	for i := 0; i < 2; i++ {
		if code, _, errs := run(t, dir, "build", "-d", dest); code != 0 {
			t.Fatalf("build %d -d %s: exit %d: %s", i+1, dest, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "saida", "index.html")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".saida"+spareSuffix)); err != nil {
		t.Errorf("the previous build is not kept beside saida: %v", err)
	}
}

// TestGitLastModAccentedNames: git quotes non-ASCII file names unless told
// not to; "ação.md" must keep its date.
func TestGitLastModAccentedNames(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "ação.md"), []byte("---\ntitle: Ação\n---\n"), 0o644)
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	m := gitLastMod(t.Context(), dir)
	if _, ok := m["content/ação.md"]; !ok {
		t.Errorf("no date for content/ação.md: %v", m)
	}
}

// TestGitLastModDates: each file gets the date of the last commit that
// changed it, from a site in a subfolder of its repository too; a file
// changed since (or never committed) gets none, rather than an older date.
func TestGitLastModDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed")
	}
	repo := t.TempDir()
	dir := filepath.Join(repo, "site")
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, "content", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(date string, args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.email=a@b", "-c", "user.name=a"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+date, "GIT_AUTHOR_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("", "init", "-q")
	write("a.md", "---\ntitle: A\n---\n")
	write("b.md", "---\ntitle: B\n---\n")
	git("2026-03-01T10:00:00-03:00", "add", ".")
	git("2026-03-01T10:00:00-03:00", "commit", "-qm", "one")
	write("b.md", "---\ntitle: B2\n---\n")
	git("2026-05-20T22:30:00-03:00", "commit", "-qam", "two")
	write("a.md", "---\ntitle: A changed, not committed\n---\n")
	write("c.md", "---\ntitle: C, never committed\n---\n")

	m := gitLastMod(t.Context(), dir)
	if got := m["content/b.md"]; got.Format(time.RFC3339) != "2026-05-20T22:30:00-03:00" {
		t.Errorf("content/b.md: %v; want the second commit's date", got)
	}
	for _, f := range []string{"content/a.md", "content/c.md"} {
		if got, ok := m[f]; ok {
			t.Errorf("%s: %v; want no date (changed since its last commit)", f, got)
		}
	}
}
