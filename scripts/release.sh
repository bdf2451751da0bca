#!/usr/bin/env bash
# Builds the seiportal binaries a municipality downloads, reproducibly:
#
#   bash scripts/release.sh [VERSÃO]
#
# writes into dist/ (gitignored; SEIPORTAL_DIST changes it):
#   seiportal-windows-amd64.exe  seiportal-linux-amd64  seiportal-linux-arm64
#   seiportal-darwin-arm64       seiportal-darwin-amd64 SHA256SUMS
#
# VERSÃO defaults to `git describe --tags --always` ("v0.2.0" on a tagged
# commit). The version and the commit are stamped with -ldflags -X, so
# `seiportal version` prints them. The same commit and the same Go toolchain
# give byte-identical files: no cgo, -trimpath, no VCS stamp, an empty build
# id, fixed GOAMD64/GOARM64 levels, and every file dated at the commit's time
# (SOURCE_DATE_EPOCH). SEIPORTAL_ALVOS="windows/amd64 linux/amd64" builds
# only those targets.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=${SEIPORTAL_ALVOS:-"windows/amd64 linux/amd64 linux/arm64 darwin/arm64 darwin/amd64"}
dist=${SEIPORTAL_DIST:-dist}

commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "release.sh: aviso: há alterações não registradas (git status); o commit gravado leva \"+alterado\"" >&2
	commit="$commit+alterado"
fi
version=${1:-$(git describe --tags --always)}
case $version in
*[!A-Za-z0-9._+-]*|"") echo "release.sh: versão inválida: $version" >&2; exit 2 ;;
esac
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}

rm -rf "$dist"
mkdir -p "$dist"
for t in $targets; do
	os=${t%/*}
	arch=${t#*/}
	case $t in
	windows/amd64|linux/amd64|linux/arm64|darwin/arm64|darwin/amd64) ;;
	*) echo "release.sh: alvo não suportado: $t" >&2; exit 2 ;;
	esac
	out="$dist/seiportal-$os-$arch"
	if [ "$os" = windows ]; then out="$out.exe"; fi
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch GOAMD64=v1 GOARM64=v8.0 GOFLAGS= \
		go build -trimpath -buildvcs=false \
		-ldflags="-s -w -buildid= -X main.version=$version -X main.commit=$commit" \
		-o "$out" .
	echo "$out"
done
(
	cd "$dist"
	LC_ALL=C sha256sum -- seiportal-* >SHA256SUMS
	touch -d "@$epoch" -- seiportal-* SHA256SUMS
)
echo "seiportal $version (commit $commit), $(go version | cut -d' ' -f3): $dist/SHA256SUMS"
