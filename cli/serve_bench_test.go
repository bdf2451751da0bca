package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkServeEditReload measures, on a copy of the default portal, the
// time from saving a one-page edit to the new version the open page's
// live-reload script sees (debounce, rebuild and notification included).
func BenchmarkServeEditReload(b *testing.B) {
	dir := b.TempDir()
	var out, errb syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Default: os.DirFS(".."), Getenv: func(string) string { return "" }}
	if code := Main(context.Background(), env, []string{"init", "p"}); code != 0 {
		b.Fatal(errb.String())
	}
	site := filepath.Join(dir, "p")
	env.Dir = site
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Main(ctx, env, []string{"serve", "--port", "0"})
	re := regexp.MustCompile(`em (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		b.Fatal("server did not start")
	}
	version := func() int {
		resp, err := http.Get(base + "_seiportal/estado")
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		var st devState
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
			b.Fatal(err)
		}
		return st.Version
	}
	page := filepath.Join(site, "content", "perguntas-frequentes.md")
	src, _ := os.ReadFile(page)
	time.Sleep(200 * time.Millisecond)
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		os.WriteFile(page, append(src, []byte("\nEdição "+strconv.Itoa(i)+".\n")...), 0o644)
		for v := version(); version() == v; time.Sleep(5 * time.Millisecond) {
			if time.Since(start) > 20*time.Second {
				b.Fatalf("no reload; %s", errb.String())
			}
		}
	}
}
