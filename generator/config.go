package generator

import (
	"errors"
	"io"
	"io/fs"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/seiportal/seiportal/diag"
)

// config is templates/site.yaml: the site-wide settings an organization
// adapts (its name, address, footer).
type config struct {
	Title        string `yaml:"title"`
	ShortTitle   string `yaml:"short_title"`
	Description  string `yaml:"description"`
	BaseURL      string `yaml:"base_url"`
	Organization string `yaml:"organization"`
	Footer       string `yaml:"footer"`
	ThemeColor   string `yaml:"theme_color"`

	// identity.go: who publishes, where the sources are, how to reach
	// the team.
	Identity   identity   `yaml:"identidade"`
	Repository repository `yaml:"repositorio"`
	EditURL    string     `yaml:"edicao"`
	Contact    contact    `yaml:"contato"`
}

const configFile = "templates/site.yaml"

func loadConfig(fsys fs.FS) (*config, diag.List) {
	c := &config{Title: "Portal SEI", ShortTitle: "SEI", BaseURL: "/", ThemeColor: "#0b4f8a"}
	src, err := fs.ReadFile(fsys, configFile)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, diag.List{diag.Errorf(configFile, 0, 0, "não foi possível ler: %s", readError(err))}
	}
	if e := checkUTF8(configFile, src); e != nil {
		return nil, diag.List{e}
	}
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) { // an empty file keeps the defaults
		line, msg := diag.YAMLError(err)
		if strings.HasPrefix(msg, "chave desconhecida") {
			msg += " (aceitas: title, short_title, description, base_url, organization, footer, theme_color, identidade, repositorio, edicao, contato)"
		}
		return nil, diag.List{diag.Errorf(configFile, line, 0, "configuração inválida: %s", msg)}
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	return c, nil
}
