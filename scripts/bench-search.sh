#!/bin/sh
# bench-search.sh [SITE] — bytes a first search transfers: seiportal vs Pagefind.
#
# SITE is a built portal (a directory of HTML pages). Without it, the script
# builds the default portal with "go run . build -d TMP"; if that command
# fails, it renders content/*.md into plain HTML pages instead (and says so).
# It installs Pagefind from npm into .cache/npm when missing, indexes a copy
# of the same pages with it (only <main>, as seiportal indexes), then
# e2e/cmd/bench-search (in the e2e module, with chromedp) loads a search page for each query in headless
# Chromium, for seiportal (busca.js) and for Pagefind (its JS API loading
# as many results as busca.js shows, and its default UI), and prints the
# bytes transferred (gzip, as served) and the ratio, then the size of each
# whole index as served. It fails when seiportal's first search or its
# whole index is not the smaller one.
#
# Environment: PAGEFIND_VERSION (default 1.4.0), CHROMIUM (default
# /usr/bin/chromium), QUERIES (comma-separated), SEIPORTAL_NPM (the npm
# prefix holding pagefind, as for the tests; default .cache/npm).
set -eu
cd "$(dirname "$0")/.."

PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.4.0}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
QUERIES=${QUERIES:-unidade,órgão,ponto focal,desativação}

for tool in go npm "$CHROMIUM"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench-search: $tool not found (install it: npm comes with node; chromium is the Debian package)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The measuring program lives in the e2e module (its own go.mod, with
# chromedp); it is built once and run from here, so relative paths hold.
(cd e2e && go build -o "$tmp/bench-search" ./cmd/bench-search)

site=${1:-}
if [ -z "$site" ]; then
	site=$tmp/site
	if ! go run . build -d "$site" >"$tmp/build.log" 2>&1; then
		echo "bench-search: 'go run . build' failed (see below); measuring pages rendered from content/ instead" >&2
		sed 's/^/  /' "$tmp/build.log" | head -20 >&2
		rm -rf "$site"
		"$tmp/bench-search" -pages "$site" content
	fi
fi

npmdir=${SEIPORTAL_NPM:-.cache/npm}
pagefind=$npmdir/node_modules/.bin/pagefind
if [ ! -x "$pagefind" ] || ! "$pagefind" --version 2>/dev/null | grep -q "$PAGEFIND_VERSION"; then
	npm install --no-save --prefix "$npmdir" "pagefind@$PAGEFIND_VERSION" >&2
fi

"$tmp/bench-search" -site "$site" -pagefind "$pagefind" \
	-busca templates/static/js/busca.js -chromium "$CHROMIUM" -q "$QUERIES" -work "$tmp/work"
