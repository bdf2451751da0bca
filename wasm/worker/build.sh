#!/bin/sh
# Rebuilds the Cloudflare Worker that seiportal embeds: compiles wasm/worker
# (GOOS=js GOARCH=wasm, reproducible) into wasm/worker/bundle/worker.wasm.br.
# Go's wasm_exec.js is the app's (templates/static/app/, which
# scripts/build-wasm.sh copies from the toolchain). go test
# ./wasm/worker/bundle checks that the committed file is current.
set -eu
cd "$(dirname "$0")/../.."
go test -count=1 -run TestPackedWorkerIsCurrent ./wasm/worker/bundle -update -v | grep -E 'rewritten|FAIL|ok' || true
go test -count=1 ./wasm/worker/bundle
