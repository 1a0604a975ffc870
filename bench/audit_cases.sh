#!/usr/bin/env bash
# The audited failure cases of issue 14, one line each: exit status, whether a traceback was
# printed, and the last line of output. Run it on two checkouts to compare before and after:
#   bench/audit_cases.sh /path/to/checkout [WORKDIR]
# Cases about permissions run without the capabilities that let root ignore them.
set -uo pipefail
repo=$(cd "$1" && pwd); work=${2:-$(mktemp -d)}
py=$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python
geo() { PYTHONPATH="$repo" "$py" -m geo "$@"; }
as_user() { setpriv --bounding-set=-all -- env PYTHONPATH="$repo" "$py" -m geo "$@"; }
rm -rf "$work"; mkdir -p "$work"; chmod 777 "$work"; cd "$work" || exit 1
articles() {  # a small folder of two articles
  mkdir -p "$1"
  printf ' date 2020-10-04 Armenian forces shelled Tartar on Sunday, the defence ministry said.\n' >"$1/a.txt"
  printf ' date 2020-10-05 Stepanakert was shelled overnight, officials said.\n' >"$1/b.txt"
}
report() {  # name, pattern of the line to show (last line if none matches), command...
  local name=$1 pattern=$2; shift 2
  "$@" >out.log 2>&1; local rc=$?
  local tb=no; grep -q Traceback out.log && tb=yes
  local line; line=$(grep -a -E -- "$pattern" out.log | tail -1)
  [ -n "$line" ] || line=$(grep -a -v '^\s*$' out.log | tail -1)
  printf '%-34s exit %-3s traceback %-3s | %s\n' "$name" "$rc" "$tb" "$(printf '%s' "$line" | cut -c1-160)"
}

articles base; geo build --articles base --out built >/dev/null 2>&1
report "export over places.geojson" 'Error|wrote' geo export --format csv --from built --out built/places.geojson

articles links; ln -s /etc/passwd links/passwd.txt; ln -s /nonexistent links/gone.txt
report "link to /etc/passwd (--strict)" 'passwd|articles:' geo build --articles links --out links-out --no-map --strict
report "broken link (--strict)" 'gone|articles:' geo build --articles links --out links-out --no-map --strict

if [ "$(id -u)" = 0 ]; then
  articles locked; mkdir locked/sub; cp locked/a.txt locked/sub/c.txt; chmod 000 locked/sub
  report "unreadable sub-folder (--strict)" 'sub' as_user build --articles locked --out locked-out --no-map --strict
  articles ddir; printf 'file,date\n' >ddir/dates.csv; chmod 000 ddir/dates.csv
  report "dates.csv unreadable" 'dates.csv' as_user build --articles ddir --out ddir-out --no-map
  articles rocache; geo build --articles rocache --out rocache-out --no-map >/dev/null 2>&1
  chmod 444 rocache-out/.geo-cache.sqlite
  printf ' date 2020-10-06 Fizuli was shelled.\n' >rocache/c.txt
  report "read-only cache" 'Error' as_user build --articles rocache --out rocache-out --no-map
  articles roout; geo build --articles roout --out roout-out --no-map >/dev/null 2>&1; chmod 555 roout-out
  printf ' date 2020-10-06 Fizuli was shelled.\n' >roout/c.txt
  report "read-only output folder" 'Error' as_user build --articles roout --out roout-out --no-map
fi

articles dcsvdir; mkdir dcsvdir/dates.csv
report "dates.csv is a folder" 'dates.csv' geo build --articles dcsvdir --out dcsvdir-out --no-map
articles dbig; { printf 'file,date\n"'; head -c 200000 /dev/zero | tr '\0' x; printf '",2020-10-04\n'; } >dbig/dates.csv
report "dates.csv field > 128 KB" 'dates.csv' geo build --articles dbig --out dbig-out --no-map
articles dfut; printf 'file,date\na.txt,2099-01-01\n' >dfut/dates.csv
report "dates.csv date in 2099" '2099' geo build --articles dfut --out dfut-out --no-map

articles dmg; geo build --articles dmg --out dmg-out >/dev/null 2>&1
"$py" -c "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute('UPDATE joined SET feature = substr(feature, 1, 40)'); db.commit()" dmg-out/.geo-cache.sqlite
report "damaged cache row, map on" 'damaged|Error' geo build --articles dmg --out dmg-out
articles dmg2; geo build --articles dmg2 --out dmg2-out --no-map >/dev/null 2>&1
"$py" -c "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute('UPDATE joined SET feature = substr(feature, 1, 40)'); db.commit()" dmg2-out/.geo-cache.sqlite
report "damaged cache row, --no-map" 'damaged|Error' geo build --articles dmg2 --out dmg2-out --no-map
report "  ...its incidents.geojson" 'valid|Error' "$py" -c "import json,sys; json.load(open(sys.argv[1])); print('valid JSON')" dmg2-out/incidents.geojson

articles cdir; mkdir -p cdir-out/.geo-cache.sqlite
report "cache that is a folder" 'Error' geo build --articles cdir --out cdir-out --no-map

articles formula; cp formula/a.txt 'formula/=HYPERLINK("evil.invalid","y").txt'
geo build --articles formula --out formula-out --no-map >/dev/null 2>&1
geo export --format csv --from formula-out --out formula.csv >/dev/null 2>&1
report "formula in CSV export" 'HYPERLINK' grep -o -m1 '[^,]*HYPERLINK[^,]*' formula.csv

articles names; cp names/a.txt "names/new"$'\n'"line.txt"; cp names/a.txt "names/"$'\u202e'"txt.exe.txt"; : >"names/"$'\u202e'"empty.txt"
report "control/bidi chars in names" 'skipped' bash -c "PYTHONPATH='$repo' '$py' -m geo build --articles names --out names-out --no-map 2>&1 | grep -a 'skipped.*empty' | '$py' -c 'import sys; print(ascii(sys.stdin.read()))'"
