module github.com/seiportal/seiportal

go 1.26.0

require (
	github.com/BurntSushi/toml v1.5.0
	github.com/andybalholm/brotli v1.2.0
	github.com/fsnotify/fsnotify v1.9.0
	github.com/go-playground/locales v0.14.2
	github.com/go-playground/universal-translator v0.18.2
	github.com/go-playground/validator/v10 v10.30.6
	github.com/piglig/go-qr v1.1.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2
	github.com/signintech/gopdf v0.37.0
	github.com/syumai/workers v0.33.0
	github.com/tdewolff/minify/v2 v2.24.8
	github.com/tdewolff/parse/v2 v2.8.5
	github.com/yuin/goldmark v1.8.7
	go.yaml.in/yaml/v3 v3.0.4
	golang.org/x/sys v0.49.0
	golang.org/x/text v0.43.0
)

require (
	github.com/gabriel-vasile/mimetype v1.4.16 // indirect
	github.com/leodido/go-urn v1.5.0 // indirect
	github.com/phpdave11/gofpdi v1.0.14-0.20211212211723-1f10f9844311 // indirect
	github.com/pkg/errors v0.8.1 // indirect
	golang.org/x/crypto v0.58.0 // indirect
)
