#!/bin/sh
# Rebuilds the Cloudflare Worker that seiportal embeds: compiles wasm/worker
# (GOOS=js GOARCH=wasm, reproducible) into wasm/worker/bundle/worker.wasm.br
# and copies this toolchain's wasm_exec.js next to it. go test
# ./wasm/worker/bundle checks that the committed files are current.
set -eu
cd "$(dirname "$0")/../.."
go test -count=1 -run TestPackedWorkerIsCurrent ./wasm/worker/bundle -update -v | grep -E 'rewritten|FAIL|ok' || true
go test -count=1 ./wasm/worker/bundle
