package generator

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"

	"github.com/seiportal/seiportal/diag"
	"github.com/seiportal/seiportal/diag/yamlpos"
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

	// decoded is the decoding of site.yaml (nil without the file): the
	// checks made after it (identity.go) place their problems at the
	// values' nodes.
	decoded *yamlpos.Decoder
}

// valuePos is the position in site.yaml of the value at path
// ("/contato/email"), or of the nearest enclosing value present; the
// zero Pos when there is none.
func (c *config) valuePos(path string) Pos {
	if c.decoded == nil {
		return Pos{}
	}
	for {
		if n := c.decoded.Node(path); n != nil {
			return Pos{n.Line, n.Column}
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return Pos{}
		}
		path = path[:i]
	}
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
	root, errs := yamlpos.Parse(configFile, src) // an empty file keeps the defaults
	if len(errs) > 0 {
		return nil, errs
	}
	// Any key of config is read the same way: a field added to the struct
	// (with its yaml tag) needs no code here.
	d := &yamlpos.Decoder{File: configFile, Where: map[reflect.Type]string{reflect.TypeFor[config](): "na configuração"}}
	if errs := d.Decode(root, c); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	c.decoded = d
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	return c, nil
}
