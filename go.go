// Command seiportal turns the guides, normative texts, forms and checklists
// under content/ into the static SEI adhesion portal in public/.
//
// The default portal (content/ and templates/) is embedded, so the binary
// builds it from anywhere: "seiportal build" outside a site, or
// "seiportal init DIR" to start a portal of one's own.
package main

import (
	"context"
	"embed"
	"os"
	"os/signal"

	"github.com/seiportal/seiportal/cli"
)

//go:embed all:content all:templates
var defaultPortal embed.FS

// version and commit are stamped by scripts/release.sh with
// -ldflags "-X main.version=… -X main.commit=…" and never written at run
// time; a binary built from a checkout leaves them empty.
var version, commit string

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, &cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Default: defaultPortal,
		Getenv:  os.Getenv,
		Version: version,
		Commit:  commit,
	}, os.Args[1:])
	stop()
	os.Exit(code)
}
