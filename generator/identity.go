package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"image"
	_ "image/jpeg" // DecodeConfig recognizes the brasão's format
	_ "image/png"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/engine/document"
)

// identity is templates/site.yaml's identidade: who publishes the portal,
// shown in the header of every page and as the PDFs' letterhead.
type identity struct {
	Name   string `yaml:"nome"`
	Emblem string `yaml:"brasao"` // a PNG or JPEG under templates/static/

	// Filled by checkSite once the image is read.
	emblemW, emblemH int
}

// repository is where the portal's sources are kept: with it, every page
// links to its own file in the repository's editor.
type repository struct {
	URL    string `yaml:"url"`
	Branch string `yaml:"ramo"`
}

// contact is how readers reach the team that keeps the portal.
type contact struct {
	Email   string `yaml:"email"`
	Phone   string `yaml:"telefone"`
	Address string `yaml:"endereco"`
	Hours   string `yaml:"horario"`
}

// IsZero reports whether no way of contact is configured.
func (c contact) IsZero() bool { return c == contact{} }

// PhoneHref is the tel: link of the phone: its digits (and a leading +),
// marked safe for html/template (which lets through only http, https and
// mailto links otherwise).
func (c contact) PhoneHref() template.URL { return template.URL(c.telURL()) }

func (c contact) telURL() string {
	var b strings.Builder
	b.WriteString("tel:")
	for i, r := range strings.TrimSpace(c.Phone) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

const (
	// maxEmblemBytes bounds the brasão: it goes into the header of every
	// page and into every PDF. An official emblem at header size is tens
	// of KB.
	maxEmblemBytes = 512 << 10
	// editPlaceholder is where a page's path goes in edicao.
	editPlaceholder = "{caminho}"
)

// identityJSON is app/identidade.json: the identity for the browser app's
// PDFs.
func (c *config) identityJSON() []byte {
	v := struct {
		Name   string `json:"nome"`
		Emblem string `json:"brasao"`
	}{Name: c.Identity.Name}
	if c.Identity.Emblem != "" {
		v.Emblem = "/" + c.Identity.Emblem
	}
	out, _ := json.Marshal(v)
	return append(out, '\n')
}

// LoadIdentity reads templates/site.yaml's identidade and its brasão (nil
// when there is none), for the commands that make PDFs outside a build.
// Problems are returned as a diag.List, positioned in site.yaml.
func LoadIdentity(fsys fs.FS) (name string, emblem []byte, err error) {
	fsys = newSourceFS(fsys)
	cfg, errs := loadConfig(fsys)
	if errs != nil {
		return "", nil, errs
	}
	emblem, errs = checkSite(fsys, cfg)
	if errs != nil {
		return "", nil, errs
	}
	return cfg.Identity.Name, emblem, nil
}

// checkSite checks the keys of site.yaml that name files or make links
// (identidade, repositorio, edicao, contato) and reads the brasão, which it
// returns. Each problem is positioned at its key in site.yaml.
func checkSite(fsys fs.FS, c *config) ([]byte, diag.List) {
	var errs diag.List
	bad := func(p Pos, format string, args ...any) {
		errs = append(errs, diag.Errorf(configFile, p.Line, p.Col, format, args...))
	}
	id := &c.Identity
	id.Name = strings.TrimSpace(id.Name)
	var emblem []byte
	if id.Emblem != "" {
		emblem = checkEmblem(fsys, id, func(format string, args ...any) { bad(c.valuePos("/identidade/brasao"), format, args...) })
		if emblem != nil {
			// The PDFs' letterhead has its own limits (pixels, a
			// decodable image): the one check of package document.
			if err := (document.Letterhead{Name: id.Name, Emblem: emblem}).Check(); err != nil {
				bad(c.valuePos("/identidade/brasao"), "o brasão %s não pode ir no timbre dos PDFs: %v", id.Emblem, err)
				emblem = nil
			}
		}
		if id.Name == "" {
			bad(c.valuePos("/identidade/brasao"), "identidade com brasao pede também nome (é o texto alternativo da imagem)")
		}
	}
	if r := c.Repository; r != (repository{}) {
		if _, problem := repoEditBase(r); problem != "" {
			bad(c.valuePos("/repositorio/url"), "%s", problem)
		}
		if c.EditURL != "" {
			bad(c.valuePos("/edicao"), "use repositorio ou edicao, não os dois")
		}
	}
	if e := c.EditURL; e != "" {
		if u, err := url.Parse(strings.ReplaceAll(e, editPlaceholder, "x")); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad(c.valuePos("/edicao"), "edicao deve ser um endereço http ou https, como https://git.exemplo.gov.br/portal/edit/main/content/%s", editPlaceholder)
		} else if !strings.Contains(e, editPlaceholder) {
			bad(c.valuePos("/edicao"), "edicao deve ter %s, onde entra o caminho da página dentro de content/", editPlaceholder)
		}
	}
	ct := &c.Contact
	ct.Email, ct.Phone = strings.TrimSpace(ct.Email), strings.TrimSpace(ct.Phone)
	if ct.Email != "" && !emailShape.MatchString(ct.Email) {
		bad(c.valuePos("/contato/email"), "e-mail inválido: %q (esperava algo como equipe@prefeitura.gov.br)", ct.Email)
	}
	if ct.Phone != "" {
		digits := len(strings.TrimLeft(strings.TrimPrefix(ct.telURL(), "tel:"), "+"))
		if !phoneShape.MatchString(ct.Phone) || digits < 8 || digits > 15 {
			bad(c.valuePos("/contato/telefone"), "telefone inválido: %q (esperava algo como (12) 3456-7890 ou +55 12 3456-7890)", ct.Phone)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return emblem, nil
}

// Read-only after init.
var (
	emailShape = regexp.MustCompile(`^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>".]+$`)
	phoneShape = regexp.MustCompile(`^\+?[0-9 ().-]+$`)
)

// checkEmblem reads and checks the brasão; bad reports a problem.
func checkEmblem(fsys fs.FS, id *identity, bad func(format string, args ...any)) []byte {
	name := id.Emblem
	switch ext := strings.ToLower(path.Ext(name)); {
	case !fs.ValidPath(name) || strings.Contains(name, `\`):
		bad("brasao deve ser um caminho dentro de templates/static/, como identidade/brasao.png (sem / no início nem ..)")
		return nil
	case ext != ".png" && ext != ".jpg" && ext != ".jpeg":
		bad("o brasão deve ser uma imagem PNG ou JPEG (.png, .jpg): %s", name)
		return nil
	}
	file := "templates/static/" + name
	data, err := fs.ReadFile(fsys, file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		bad("o brasão %s não existe", file)
		return nil
	case err != nil:
		bad("não foi possível ler o brasão %s: %s", file, readError(err))
		return nil
	case len(data) > maxEmblemBytes:
		bad("o brasão %s é grande demais (%s; o limite é %d KB): reduza a imagem", file, kb(len(data)), maxEmblemBytes>>10)
		return nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || format != "png" && format != "jpeg" {
		bad("o brasão %s não é uma imagem PNG nem JPEG válida", file)
		return nil
	}
	if want := map[string]string{".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}[strings.ToLower(path.Ext(name))]; want != format {
		bad("o brasão %s é %s, mas o nome termina em %s: renomeie o arquivo", file, strings.ToUpper(format), path.Ext(name))
		return nil
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		bad("o brasão %s não tem largura ou altura", file)
		return nil
	}
	id.emblemW, id.emblemH = cfg.Width, cfg.Height
	return data
}

func kb(n int) string { return fmt.Sprintf("%d KB", (n+1023)>>10) }

// repoEditBase is the address a page's path is appended to for editing it
// in the repository's web editor, or why there is none.
func repoEditBase(r repository) (string, string) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return "", fmt.Sprintf("repositorio.url deve ser o endereço do repositório, como https://github.com/prefeitura/portal-sei (recebeu %q)", r.URL)
	}
	branch := r.Branch
	if branch == "" {
		branch = "main"
	}
	base := strings.TrimSuffix(strings.TrimSuffix(r.URL, "/"), ".git")
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "github.com":
		return base + "/edit/" + url.PathEscape(branch) + "/", ""
	case host == "gitlab.com" || strings.HasPrefix(host, "gitlab."):
		return base + "/-/edit/" + url.PathEscape(branch) + "/", ""
	}
	return "", fmt.Sprintf("não sei montar o link de edição para %s (só GitHub e GitLab): use edicao com o endereço do editor e %s", host, editPlaceholder)
}

// editURL is the address where page p's source is edited, or "" (also
// when p has no file of its own: hasFile is false for pages the build makes).
func (c *config) editURL(p *Page, hasFile bool) string {
	if p == nil || !hasFile || !strings.HasPrefix(p.File, "content/") {
		return "" // pages made by the build have no file to edit
	}
	segs := strings.Split(p.File, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	rel := strings.Join(segs, "/")
	if c.EditURL != "" {
		return strings.ReplaceAll(c.EditURL, editPlaceholder, strings.TrimPrefix(rel, "content/"))
	}
	if c.Repository.URL != "" {
		if base, problem := repoEditBase(c.Repository); problem == "" {
			return base + rel
		}
	}
	return ""
}

// EditURL is where the page's source is edited ("Editar esta página"), or
// "" when templates/site.yaml names no repository.
func (d *pageData) EditURL() string {
	return d.Site.editURL(d.Page, d.b != nil && d.b.site.texts[d.Page] != nil)
}

// Identity is the portal's identity with the brasão's address and size.
func (d *pageData) Identity() identityView {
	id := d.Site.Identity
	return identityView{Name: id.Name, Emblem: id.Emblem, Width: id.emblemW, Height: id.emblemH}
}

// identityView is what the header shows.
type identityView struct {
	Name          string
	Emblem        string // path under the site root, without the leading /
	Width, Height int
}

// PageContact is the contact the page shows after its body ("Fale com a
// equipe") when its front matter says contato: true (checkContactPages
// refuses the build when the site has none).
func (d *pageData) PageContact() *contact {
	if on, _ := d.Page.Params["contato"].(bool); on && !d.Site.Contact.IsZero() {
		return &d.Site.Contact
	}
	return nil
}

// checkContactPages refuses a front matter contato that is not true or
// false, and contato: true on a site without contato, at the key.
func checkContactPages(s *site, c *config) diag.List {
	var errs diag.List
	for _, p := range s.pages {
		v, ok := p.Params["contato"]
		if !ok || p.fm == nil {
			continue
		}
		at := p.fm.ContactPos
		on, isBool := v.(bool)
		switch {
		case !isBool:
			errs = append(errs, diag.Errorf(p.File, at.Line, at.Col, `"contato" deve ser true ou false`))
		case on && c.Contact.IsZero():
			errs = append(errs, diag.Errorf(p.File, at.Line, at.Col, "contato: true pede o canal de contato em templates/site.yaml (chave contato), que não existe"))
		}
	}
	return errs
}

// identityJSONPath is where the identity is published for the app.
const identityJSONPath = "app/identidade.json"

// AccessibilityURL is the address of the site's accessibility page
// (content/acessibilidade.md, as eMAG recommends), linked from the
// accessibility bar and the footer, or "" when the site has none.
func (d *pageData) AccessibilityURL() string {
	if d.b == nil || d.b.site == nil {
		return ""
	}
	if p := d.b.site.byFile[accessibilityPage]; p != nil && d.b.site.texts[p] != nil {
		return p.URL
	}
	return ""
}

const accessibilityPage = "content/acessibilidade.md"
