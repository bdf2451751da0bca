//go:build js && wasm

// Command wasm is the portal's offline app: the form and checklist engine
// compiled to WebAssembly. It registers globalThis.seiportal, whose
// functions take and return plain values (strings, Uint8Array, objects
// parsed from JSON) and never throw: a failure is an object with "error".
//
//	seiportal.validate(formJSON, dataJSON)          → {messages, canonical, code, error}
//	seiportal.pdf(formJSON, dataJSON, {semDados, treinamento, timbre: {nome, brasao: Uint8Array}, fontes: {regular, negrito}})
//	                                                → {pdf: Uint8Array, filename, code, training, notice, messages, error}
//	seiportal.open(Uint8Array, typedCode)           → {form, version, data, code, typed, matches, no_data, printed, training, error}
//	seiportal.migrate(formJSON, dataJSON, version)  → {data, dropped, outdated, version, error}
//	seiportal.checklist(listJSON, stateJSON, today) → {today, items, stages, overall, dropped, error}
//	seiportal.canComplete(listJSON, stateJSON, id)  → {ok, reason, evidence}
//
// The PDF's fonts are not in the wasm: the page fetches the files the
// portal publishes (app/fontes/) and passes them, as Uint8Array, in
// fontes; they are read only there.
//
// It then resolves the promise window.seiportalReady was waiting on by
// calling globalThis.seiportalOnReady, if the loader set one.
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/seiportal/seiportal/wasm/internal/app"
)

func main() {
	a, err := app.New(nil, "")
	api := js.Global().Get("Object").New()
	if err != nil {
		api.Set("error", "O aplicativo não pôde iniciar: "+err.Error())
	} else {
		register(api, a)
	}
	js.Global().Set("seiportal", api)
	if ready := js.Global().Get("seiportalOnReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

// toJS turns a result into a JavaScript object through JSON.
func toJS(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return errorValue("resultado ilegível")
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}

func errorValue(msg string) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("error", msg)
	o.Set("messages", js.Global().Get("Array").New())
	return o
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// str reads a string argument; anything else is "".
func str(args []js.Value, i int) string {
	if v := arg(args, i); v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

// all is the limit of bytesArg that lets every byte through.
const all = int(^uint(0) >> 1)

// bytesArg copies at most limit bytes of a Uint8Array or ArrayBuffer (a
// longer one is cut at limit, which the renderer's size check refuses; all
// for no limit); anything else is nil.
func bytesArg(v js.Value, limit int) []byte {
	if v.Type() != js.TypeObject || v.Get("byteLength").Type() != js.TypeNumber {
		return nil
	}
	u := js.Global().Get("Uint8Array").New(v)
	b := make([]byte, min(u.Get("byteLength").Int(), limit))
	js.CopyBytesToGo(b, u)
	return b
}

// fn wraps f so that a panic becomes an error object, never a crash of the
// Go program (which would leave the page without its app).
func fn(f func(args []js.Value) js.Value) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = errorValue("Erro interno do aplicativo. Exporte o rascunho e recarregue a página.")
			}
		}()
		return f(args)
	})
}

func register(api js.Value, a *app.App) {
	api.Set("validate", fn(func(args []js.Value) js.Value {
		return toJS(a.Validate(str(args, 0), str(args, 1)))
	}))
	api.Set("pdf", fn(func(args []js.Value) js.Value {
		var opts app.PDFOptions
		if o := arg(args, 2); o.Type() == js.TypeObject {
			opts.NoData = o.Get("semDados").Truthy()
			opts.Training = o.Get("treinamento").Truthy()
			if t := o.Get("timbre"); t.Type() == js.TypeObject {
				if n := t.Get("nome"); n.Type() == js.TypeString {
					opts.Letterhead.Name = n.String()
				}
				opts.Letterhead.Emblem = bytesArg(t.Get("brasao"), app.MaxEmblemBytes+1)
			}
			if f := o.Get("fontes"); f.Type() == js.TypeObject {
				opts.Fonts.Regular = bytesArg(f.Get("regular"), all)
				opts.Fonts.Bold = bytesArg(f.Get("negrito"), all)
			}
		}
		r := a.PDF(str(args, 0), str(args, 1), opts)
		o := toJS(r)
		if r.PDF != nil {
			u := js.Global().Get("Uint8Array").New(len(r.PDF))
			js.CopyBytesToJS(u, r.PDF)
			o.Set("pdf", u)
		}
		return o
	}))
	api.Set("open", fn(func(args []js.Value) js.Value {
		b := bytesArg(arg(args, 0), all)
		if b == nil {
			return errorValue("Nenhum arquivo foi lido.")
		}
		return toJS(app.Open(b, str(args, 1)))
	}))
	api.Set("migrate", fn(func(args []js.Value) js.Value {
		ver := 0
		if v := arg(args, 2); v.Type() == js.TypeNumber {
			ver = v.Int()
		}
		return toJS(a.Migrate(str(args, 0), str(args, 1), ver))
	}))
	api.Set("checklist", fn(func(args []js.Value) js.Value {
		return toJS(a.Evaluate(str(args, 0), str(args, 1), str(args, 2)))
	}))
	api.Set("canComplete", fn(func(args []js.Value) js.Value {
		return toJS(a.CanComplete(str(args, 0), str(args, 1), str(args, 2)))
	}))
}
