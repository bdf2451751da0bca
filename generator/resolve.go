package generator

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/seiportal/seiportal/engine/cite"
	"github.com/seiportal/seiportal/generator/markup"
)

// resolver resolves the links of one page against the whole site.
type resolver struct {
	b    *builder
	page *Page
}

func splitFragment(dest string) (string, string) {
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		return dest[:i], dest[i+1:]
	}
	return dest, ""
}

func hasScheme(dest string) (string, bool) {
	i := strings.IndexByte(dest, ':')
	if i <= 0 {
		return "", false
	}
	if j := strings.IndexAny(dest, "/?#"); j >= 0 && j < i {
		return "", false
	}
	return strings.ToLower(dest[:i]), true
}

// Link implements markup.Resolver. offset is where the link starts in the
// page's body.
func (r *resolver) Link(dest string, offset int) (string, error) {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return "", fmt.Errorf("link sem destino")
	}
	if scheme, ok := hasScheme(dest); ok {
		switch scheme {
		case "http", "https", "mailto", "tel":
			return dest, nil
		}
		return "", fmt.Errorf("link com esquema desconhecido %q (use http, https, mailto, tel, norma:, fonte: ou um caminho para um .md)", scheme+":")
	}
	p, frag := splitFragment(dest)
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if p == "" {
		if frag != "" && !r.page.ids[frag] {
			return "", fmt.Errorf("a âncora #%s não existe nesta página", frag)
		}
		return dest, nil
	}
	var target *Page
	if strings.HasPrefix(p, "/") {
		u := p
		if !strings.HasSuffix(u, "/") && path.Ext(u) == "" {
			u += "/"
		}
		if pg, ok := r.b.site.byURL[u]; ok {
			target = pg
		} else if r.b.knownFile(strings.TrimPrefix(p, "/")) {
			return dest, nil
		} else {
			return "", fmt.Errorf("link para endereço inexistente: %s", p)
		}
	} else {
		file := path.Join(path.Dir(r.page.File), p)
		switch {
		case strings.HasSuffix(file, ".md"):
			target = r.b.site.byFile[file]
			if target == nil {
				return "", fmt.Errorf("link para página inexistente: %s (%s não existe)", p, file)
			}
		case r.b.site.byFile[file+"/_index.md"] != nil:
			target = r.b.site.byFile[file+"/_index.md"]
		case r.b.site.static[file]:
			href := "/" + strings.TrimPrefix(file, "content/")
			if frag != "" {
				href += "#" + frag
			}
			return href, nil
		default:
			return "", fmt.Errorf("link para arquivo inexistente: %s", p)
		}
	}
	href := target.URL
	if frag != "" {
		if target == r.page {
			if !r.page.ids[frag] {
				return "", fmt.Errorf("a âncora #%s não existe nesta página", frag)
			}
		} else {
			// The target may still be rendering: check when every page is done.
			line, col := 0, 0
			if offset >= 0 && r.page.src != nil {
				line, col = r.page.lineCol(r.page.bodyOff + offset)
			}
			r.b.anchorsMu.Lock()
			r.b.anchors = append(r.b.anchors, pendingAnchor{file: r.page.File, line: line, col: col, target: target, frag: frag})
			r.b.anchorsMu.Unlock()
		}
		href += "#" + frag
	}
	return href, nil
}

// Cite implements markup.Resolver. A fonte: citation on a page points to
// the source's entry in the page's "Orientação do programa" list.
func (r *resolver) Cite(target string) (markup.Cite, error) {
	c, err := r.b.data.cite(target)
	if err != nil {
		return c, err
	}
	if c.Kind == string(cite.Fonte) && c.Source != nil {
		c.URL = "#" + markup.SourceAnchor(c.Source.Key)
	}
	return c, nil
}
