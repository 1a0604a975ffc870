#!/usr/bin/env bash
# Print `geo evaluate --show-errors` on every gold set (seeds, dev, blind, otherwars) with the
# checkout in REPO (its own .venv). Run it on two checkouts and diff the output to show a change
# alters no evaluation figure and no listed error:
#   bench/same_scores.sh /path/to/old > old.txt
#   bench/same_scores.sh . > new.txt && diff old.txt new.txt
set -euo pipefail
repo=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
gold=$here/tests/gold
for name in seeds dev blind otherwars; do
  case $name in
    seeds) g=$gold/seeds; a=$repo/seeds ;;
    otherwars) g=$gold/otherwars; a=$here/../shared/devcorpus/otherwars ;;
    *) g=$gold/$name/gold; a=$gold/$name/articles ;;
  esac
  [ -d "$a" ] || { echo "skip $name: $a not found" >&2; continue; }
  echo "== $name"
  (cd "$repo" && .venv/bin/geo evaluate --gold "$g" --articles "$a" --show-errors 2>&1)
done
