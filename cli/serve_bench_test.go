package cli

import (
	"bufio"
	"context"
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
// time from saving a one-page edit to the live-reload event that makes the
// open page reload (debounce, rebuild and notification included).
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
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"_seiportal/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	reloads := make(chan struct{}, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: recarregar" {
				reloads <- struct{}{}
			}
		}
	}()
	page := filepath.Join(site, "content", "perguntas-frequentes.md")
	src, _ := os.ReadFile(page)
	time.Sleep(200 * time.Millisecond)
	for i := 0; b.Loop(); i++ {
		os.WriteFile(page, append(src, []byte("\nEdição "+strconv.Itoa(i)+".\n")...), 0o644)
		select {
		case <-reloads:
		case <-time.After(20 * time.Second):
			b.Fatalf("no reload; %s", errb.String())
		}
	}
}
