#!/bin/sh
# What each dependency costs in the browser app: builds small wasm programs
# that import one more piece each, and prints raw / gzip -9 / brotli sizes
# (brotli quality 11, as published) and the increment over the previous row.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d ./wasm/.tamanho.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/pack" ./wasm/internal/pack
set --
while IFS= read -r flag; do [ -n "$flag" ] && set -- "$@" "$flag"; done <wasm/build.flags

variant() { # name, imports (one per line), body
	mkdir -p "$tmp/$1"
	printf 'package main\n\nimport (\n%s\n)\n\nfunc main() {\n%s\n}\n' "$2" "$3" >"$tmp/$1/main.go"
}
variant 1-vazio '' ''
variant 2-json '	"encoding/json"' '	_, _ = json.Marshal(1)'
variant 3-form '	"encoding/json"
	"github.com/seiportal/seiportal/engine/form"' '	_, _ = json.Marshal(1)
	v, _ := form.NewValidator(nil)
	_ = v.Validate(&form.Definition{}, form.NewValues())
	_, _ = form.Decode(&form.Definition{}, nil)
	_ = form.ConferenceCode(nil)'
variant 4-document '	"encoding/json"
	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/form"' '	_, _ = json.Marshal(1)
	v, _ := form.NewValidator(nil)
	_ = v.Validate(&form.Definition{}, form.NewValues())
	_, _ = form.Decode(&form.Definition{}, nil)
	_, _ = document.Render(&form.Definition{}, nil, document.Options{})
	_, _, _, _, _ = document.Open(nil)'
variant 5-checklist '	"encoding/json"
	"github.com/seiportal/seiportal/engine/checklist"
	"github.com/seiportal/seiportal/engine/document"
	"github.com/seiportal/seiportal/engine/form"' '	_, _ = json.Marshal(1)
	v, _ := form.NewValidator(nil)
	_ = v.Validate(&form.Definition{}, form.NewValues())
	_, _ = form.Decode(&form.Definition{}, nil)
	_, _ = document.Render(&form.Definition{}, nil, document.Options{})
	_, _, _, _, _ = document.Open(nil)
	d := &checklist.Definition{}
	c, _ := d.Calendar()
	_ = checklist.Evaluate(d, checklist.State{}, d.Stages[0].Items[0].Deadline.From(c, c.NextBusinessDay(checklist.State{}.Start)), c)'
printf '%-14s %12s %12s %12s %10s\n' variante bruto gzip-9 brotli "+brotli"
prev=0
for v in 1-vazio 2-json 3-form 4-document 5-checklist app; do
	src="$tmp/$v"
	[ "$v" = app ] && src=./wasm
	GOOS=js GOARCH=wasm go build "$@" -o "$tmp/$v.wasm" "$src"
	raw=$(wc -c <"$tmp/$v.wasm")
	gz=$(gzip -9 -c "$tmp/$v.wasm" | wc -c)
	"$tmp/pack" "$tmp/$v.wasm" "$tmp/$v.wasm.br"
	br=$(wc -c <"$tmp/$v.wasm.br")
	printf '%-14s %12d %12d %12d %10d\n' "$v" "$raw" "$gz" "$br" $((br - prev))
	prev=$br
done
echo "limite (brotli, como servido): $(sed -n "s/^const budgetBrotli = \([0-9_]*\)/\1/p" wasm/packed_test.go | tr -d _) bytes (wasm/packed_test.go)"
