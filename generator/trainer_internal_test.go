package generator

import (
	"strings"
	"testing"
)

func TestRewriteChapter(t *testing.T) {
	src := `<h1 id="titulo">T</h1>` + "\n" +
		`<h2 id="a">A</h2><p><a href="#a">x</a> <a href="/g/b/#c&amp;d">y</a> <a href="/g/">z</a> <a href="https://e.x/">w</a> <a href="//e.x/">v</a></p>` +
		`<span aria-describedby="cit-1 cit-2"><label for="f">l</label></span>` +
		`<details class="callout callout-notas"><summary>N</summary><details><p>dentro</p></details><p>nota</p></details>` +
		`<!-- raw HTML omitted --><p>a &lt; b</p><h6>seis</h6><br /><section class="base-normativa" aria-labelledby="base-normativa"><h2 id="base-normativa">B</h2></section><img alt='x"y'>` +
		`<svg><marker id="mk-1"></marker><path marker-end="url(#mk-1)" mask="url(#m)"></path></svg>`
	got, links := rewriteChapter(src, "cap.g.a")
	for _, want := range []string{
		`<h2 id="cap.g.a:titulo">T</h2>`,
		`<h3 id="cap.g.a:a">A</h3>`,
		`<a href="#cap.g.a:a">x</a>`,
		`<a href="https://e.x/">w</a>`,
		`<a href="//e.x/">v</a>`,
		`aria-describedby="cap.g.a:cit-1 cap.g.a:cit-2"`,
		`<label for="cap.g.a:f">`,
		`<!-- raw HTML omitted --><p>a &lt; b</p><h6>seis</h6><br />`,
		`<section class="base-normativa"><h3 id="cap.g.a:base-normativa">`,
		`<img alt="x&#34;y">`,
		`<marker id="cap.g.a:mk-1"></marker><path marker-end="url(#cap.g.a:mk-1)" mask="url(#cap.g.a:m)"></path>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q in\n%s", want, got)
		}
	}
	for _, bad := range []string{"nota", "dentro", "callout-notas"} {
		if strings.Contains(got, bad) {
			t.Errorf("speaker notes kept (%q) in\n%s", bad, got)
		}
	}
	if len(links) != 2 {
		t.Fatalf("links = %+v", links)
	}
	if l := links[0]; l.target != "/g/b/" || l.frag != "c&amp;d" || got[l.at:l.at+l.n] != "/g/b/#c&amp;d" {
		t.Errorf("link 0 = %+v", l)
	}
	if l := links[1]; l.target != "/g/" || l.frag != "" || l.raw != "/g/" {
		t.Errorf("link 1 = %+v", l)
	}
}

// FuzzRewriteChapter: any input, however broken, gives no panic, and the
// links it reports are where it says.
func FuzzRewriteChapter(f *testing.F) {
	for _, s := range []string{"<a href=\"/x/#y\">a</a>", "<", "<a", "<a href=", "<a href='", "<!--", "</", "<details class=callout-notas>", "<h1 id=x>", "<a b c=d e='f' g=\"h\">"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, links := rewriteChapter(src, "cap.x")
		for _, l := range links {
			if l.at < 0 || l.at+l.n > len(out) || out[l.at:l.at+l.n] != l.raw {
				t.Fatalf("link %+v not at its place in %q", l, out)
			}
		}
	})
}
