#!/usr/bin/env bash
# bench-hugo.sh [N] — builds a synthetic tree of N pages (default 10000) with
# "seiportal build" and with Hugo (the layouts in hugo/), and prints the wall
# time, CPU time and peak memory of each and their ratios seiportal/hugo.
#
# Target (issue): at 10,000 pages, seiportal in at most half of Hugo's wall
# time and half of its peak memory, both using every core.
#
# Environment: RUNS (measured runs per tool after one warm-up, default 3;
# the median is reported), KEEP=1 keeps the work directory, SEED (default 1).
# Every run's output stays until the end: about 0.5 GB per round at 10,000
# pages, in $TMPDIR (default /tmp).
set -euo pipefail

N=${1:-10000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
case $N in '' | *[!0-9]*) echo "uso: $0 [N]  (N = número de páginas)" >&2; exit 2 ;; esac
case $RUNS in '' | *[!0-9]* | 0) echo "RUNS deve ser um número positivo" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)

need_apt() { # command package
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "instalando $2 (apt-get)…" >&2
		apt-get install -y "$2" >/dev/null 2>&1 ||
			{ apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; } ||
			{ echo "não foi possível instalar $2 (apt-get install $2)" >&2; exit 1; }
	fi
}
need_apt hugo hugo
[ -x /usr/bin/time ] || need_apt /usr/bin/time time
command -v go >/dev/null || { echo "falta o Go (go não está no PATH)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-hugo.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then
	echo "pasta de trabalho: $work" >&2
else
	trap 'rm -rf "$work"' EXIT
fi

echo "compilando seiportal e o gerador da árvore…" >&2
(cd "$root" && go build -o "$work/seiportal" . && cd e2e && go build -o "$work/gen" ./cmd/bench-hugo)
"$work/gen" -n "$N" -seed "$SEED" -o "$work/site/content"
cp -r "$root/hugo" "$work/hugo-site"
rm -rf "$work/hugo-site/public" "$work/hugo-site/resources" "$work/hugo-site/.hugo_build.lock"
md=$(find "$work/site/content" -name '*.md' | wc -l)

# Each run writes into a folder of its own, and every output is removed only
# at the end: deleting ~20,000 files and folders right before a run makes the
# next ones slow to create for about 30 s on ext4 without a journal
# (recently_deleted() in the inode allocator, seen with perf on this
# machine), whichever tool runs next, which would measure the harness rather
# than the generators.

# measure NAME OUTDIR CMD… — one run under /usr/bin/time -v; prints
# "wall_seconds cpu_seconds max_rss_kb" and fails loudly if CMD fails.
measure() {
	local name=$1 out=$2
	shift 2
	sync # the previous run's writeback must not land on this one
	if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/$name.log" 2>&1; then
		echo "$name falhou:" >&2
		tail -20 "$work/$name.log" >&2
		exit 1
	fi
	[ -f "$out/index.html" ] || { echo "$name não gerou $out/index.html" >&2; exit 1; }
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time \(seconds\)/ { u = $2 }
		/System time \(seconds\)/ { s = $2 }
		/Maximum resident set size/ { m = $2 }
		END { printf "%.2f %.2f %d\n", w, u + s, m }' "$work/time.txt"
}

run_seiportal() { measure seiportal "$1" "$work/seiportal" build -s "$work/site" -d "$1"; }
run_hugo() { measure hugo "$1" hugo -s "$work/hugo-site" --contentDir "$work/site/content" -d "$1"; }

# The two tools take turns (a warm-up each, then RUNS rounds), so that the
# machine's ups and downs fall on both alike; the medians are reported.
echo "aquecimento…" >&2
run_seiportal "$work/out-seiportal-0" >/dev/null
run_hugo "$work/out-hugo-0" >/dev/null
: >"$work/seiportal.runs"
: >"$work/hugo.runs"
for i in $(seq "$RUNS"); do
	echo "rodada $i de $RUNS…" >&2
	run_seiportal "$work/out-seiportal-$i" >>"$work/seiportal.runs"
	run_hugo "$work/out-hugo-$i" >>"$work/hugo.runs"
done
# Rebuilds: each tool builds again into its first output folder, as an
# author does after an edit (Hugo overwrites in place; seiportal builds into
# the previous build it keeps aside and swaps). One warm-up rebuild each,
# then RUNS rounds.
echo "reconstruções: aquecimento…" >&2
run_seiportal "$work/out-seiportal-1" >/dev/null
run_hugo "$work/out-hugo-1" >/dev/null
: >"$work/seiportal.rebuilds"
: >"$work/hugo.rebuilds"
for i in $(seq "$RUNS"); do
	echo "reconstrução $i de $RUNS…" >&2
	run_seiportal "$work/out-seiportal-1" >>"$work/seiportal.rebuilds"
	run_hugo "$work/out-hugo-1" >>"$work/hugo.rebuilds"
done
median() {
	awk '{ w[NR] = $1; c[NR] = $2; m[NR] = $3 }
		function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
		END { printf "%s %s %s\n", med(w, NR), med(c, NR), med(m, NR) }' "$1"
}
read -r sw sc sm < <(median "$work/seiportal.runs")
read -r hw hc hm < <(median "$work/hugo.runs")
read -r rsw rsc rsm < <(median "$work/seiportal.rebuilds")
read -r rhw rhc rhm < <(median "$work/hugo.rebuilds")
for kind in runs rebuilds; do
	[ $kind = runs ] && echo "rodadas em pasta nova (relógio, CPU, memória):" >&2 || echo "reconstruções sobre a saída anterior:" >&2
	paste "$work/seiportal.$kind" "$work/hugo.$kind" | awk '{ printf "  seiportal %ss %ss %d MB   hugo %ss %ss %d MB   razão de tempo %.2f\n", $1, $2, $3 / 1024, $4, $5, $6 / 1024, ($4 > 0 ? $1 / $4 : 0) }' >&2
done
pages() { find "$1" -name index.html | wc -l; }
sp=$(pages "$work/out-seiportal-1")
hp=$(pages "$work/out-hugo-1")
common=$(comm -12 <(cd "$work/out-seiportal-1" && find . -name index.html | sort) <(cd "$work/out-hugo-1" && find . -name index.html | sort) | wc -l)

echo
echo "Árvore sintética: $N páginas + seções = $md arquivos .md; $(nproc) núcleos; $RUNS medições (mediana)"
echo "seiportal: $(cd "$root" && git describe --always --dirty 2>/dev/null || echo '?'); $(hugo version | cut -d' ' -f1-2)"
echo
awk -v sw="$sw" -v sc="$sc" -v sm="$sm" -v sp="$sp" -v hw="$hw" -v hc="$hc" -v hm="$hm" -v hp="$hp" -v common="$common" \
	-v rsw="$rsw" -v rsm="$rsm" -v rhw="$rhw" -v rhm="$rhm" 'BEGIN {
	printf "%-22s %12s %12s %14s\n", "", "seiportal", "hugo", "seiportal/hugo"
	printf "%-22s %12d %12d %14s\n", "páginas (index.html)", sp, hp, sprintf("%d em comum", common)
	printf "%-22s %11.2fs %11.2fs %14.2f\n", "tempo (relógio)", sw, hw, (hw > 0 ? sw / hw : 0)
	printf "%-22s %11.2fs %11.2fs %14.2f\n", "tempo de CPU", sc, hc, (hc > 0 ? sc / hc : 0)
	printf "%-22s %9.0f MB %9.0f MB %14.2f\n", "pico de memória (RSS)", sm / 1024, hm / 1024, (hm > 0 ? sm / hm : 0)
	printf "%-22s %11.2fs %11.2fs %14.2f\n", "reconstrução (relógio)", rsw, rhw, (rhw > 0 ? rsw / rhw : 0)
	printf "%-22s %9.0f MB %9.0f MB %14.2f\n", "reconstrução (memória)", rsm / 1024, rhm / 1024, (rhm > 0 ? rsm / rhm : 0)
	printf "\nmeta (geração em pasta nova): tempo e memória do seiportal ≤ 0,50 do Hugo — tempo %s, memória %s\n", (hw > 0 && sw / hw <= 0.5 ? "atingida" : "não atingida"), (hm > 0 && sm / hm <= 0.5 ? "atingida" : "não atingida")
}'
