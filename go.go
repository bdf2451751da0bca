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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, &cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Default: defaultPortal,
		Getenv:  os.Getenv,
	}, os.Args[1:])
	stop()
	os.Exit(code)
}
