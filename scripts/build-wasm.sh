#!/bin/sh
# Builds the browser app (wasm/) and writes what the portal publishes:
#   templates/static/app/seiportal.wasm.br  (brotli, quality 11: the generator
#                                            serves it and derives .wasm and .gz)
#   templates/static/app/wasm_exec.js       (Go's loader, from this toolchain)
# The build is reproducible (-trimpath, no VCS stamp), so the committed .br
# can be checked against the sources: go test ./wasm/ does. The go build flags
# live in wasm/build.flags (one per line), shared with that test and
# scripts/wasm-size.sh. validator_novalidatefn keeps validator/v10 from calling
# reflect.MethodByName, which made the linker keep every exported method.
# -gcflags=github.com/go-playground/validator/v10=-l builds validator/v10
# without inlining: its table of ~150 baked-in rules had the bodies of small
# helpers copied into each one (1,809,214 -> 1,778,968 bytes brotli, measured
# side by side); validation runs once per change of a field, where a call
# more per rule does not show.
set -eu
cd "$(dirname "$0")/.."
out=templates/static/app
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
set --
while IFS= read -r flag; do [ -n "$flag" ] && set -- "$@" "$flag"; done <wasm/build.flags
GOOS=js GOARCH=wasm go build "$@" -o "$tmp/seiportal.wasm" ./wasm
go run ./wasm/internal/pack "$tmp/seiportal.wasm" "$tmp/seiportal.wasm.br"
cp "$tmp/seiportal.wasm.br" "$out/seiportal.wasm.br"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
raw=$(wc -c <"$tmp/seiportal.wasm")
br=$(wc -c <"$out/seiportal.wasm.br")
echo "seiportal.wasm: $raw bytes; brotli: $br bytes -> $out/seiportal.wasm.br"
