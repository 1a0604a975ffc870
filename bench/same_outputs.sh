#!/usr/bin/env bash
# Build the seeds, ../shared/devcorpus/karabakh and otherwars and a 1,000-article synthetic corpus
# with the checkout in REPO (its own .venv) and print the sha256 of incidents.geojson,
# places.geojson, unresolved.csv and map.html. Run it on two checkouts and diff the output to show a change alters no output:
#   bench/same_outputs.sh /path/to/old /tmp/old > old.sha
#   bench/same_outputs.sh . /tmp/new > new.sha && diff old.sha new.sha
set -euo pipefail
repo=$(cd "$1" && pwd); out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-/tmp/same-outputs-corpus1000}
mkdir -p "$out"
[ -d "$corpus" ] || "$repo/.venv/bin/python" "$here/bench/corpus.py" 1000 "$corpus" >/dev/null
for name in seeds karabakh otherwars c1000; do
  case $name in
    seeds) src=$repo/seeds ;;
    karabakh) src=$here/../shared/devcorpus/karabakh ;;
    otherwars) src=$here/../shared/devcorpus/otherwars ;;
    c1000) src=$corpus ;;
  esac
  [ -d "$src" ] || { echo "skip $name: $src not found" >&2; continue; }
  rm -rf "${out:?}/$name"
  (cd "$repo" && .venv/bin/geo build --articles "$src" --out "$out/$name" --workers 2 >"$out/$name.log" 2>&1) \
    || echo "FAIL $name (see $out/$name.log)" >&2
done
cd "$out" && sha256sum */incidents.geojson */places.geojson */unresolved.csv */map.html | sort -k2
