//go:build js && wasm

// Command worker is the portal's Cloudflare Worker: the API v1 of package
// api (the form engine of the command line and the browser app) on
// github.com/syumai/workers. The JavaScript glue (bundle/worker.mjs) starts
// one Go program per isolate, on its first API request, and hands it every
// later request: main serves without blocking, signals ready and then
// waits forever. Go cannot start at module scope (no random numbers, no
// clock there), hence the glue.
//
// The form definitions come from the site's own static assets
// (/app/formularios/<id>.json) through the ASSETS binding, so one Worker
// binary serves any portal the generator builds.
package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/fetch"

	"github.com/seiportal/seiportal/wasm/worker/api"
)

func main() {
	var h http.Handler
	a, err := api.New(assetForms, nil)
	if err != nil {
		h = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error":"A API não pôde iniciar."}` + "\n"))
		})
	} else {
		h = a
	}
	workers.ServeNonBlock(h)
	workers.Ready()
	select {}
}

// assetForms reads a form definition from the static assets.
func assetForms(ctx context.Context, id string) ([]byte, error) {
	c := fetch.NewClient(fetch.WithBinding(cloudflare.GetBinding("ASSETS")))
	req, err := fetch.NewRequest(ctx, http.MethodGet, "https://assets.invalid/app/formularios/"+id+".json", nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req, nil)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, api.ErrUnknownForm
	default:
		return nil, errors.New("assets: status " + strconv.Itoa(res.StatusCode))
	}
	return io.ReadAll(io.LimitReader(res.Body, 4<<20))
}
