"""The ``geo`` command line: one click group, thin commands over the library.

Every command's help ends with an example. Library code logs through module loggers;
``-v``/``-q`` set the level here. Errors from the packages are turned into
``click.ClickException`` so the user sees one clear line and a non-zero exit.
"""

from __future__ import annotations

import logging

import click

from geo.terminal import PrintableFormatter, printable
from geo.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geo")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def main(verbose: int, quiet: bool) -> None:
    """Map what news articles about an armed conflict report, where and when.

    \b
    Example:
        geo build --articles seeds --out output   # then open output/map.html
        geo resolve Jebrail
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    # File names reach the log too: control and bidi characters are shown escaped.
    handler = logging.StreamHandler()
    handler.setFormatter(PrintableFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])


class _UsageProblem(click.ClickException):
    """Wrong usage found after parsing (exit 2, like click's own usage errors), in one line."""

    exit_code = 2


# --- resolve ---

from pathlib import Path  # noqa: E402

@main.command()
@click.argument("name")
@click.option("--context", metavar="TEXT", help="Text around the name (sentence or article) to rank namesakes.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="At most this many candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of candidates instead of a table.")
@click.option("--online", is_flag=True, help="Ask Nominatim when the offline gazetteer has no such name.")
@click.option("--online-domain", envvar="GEO_ONLINE_DOMAIN", metavar="HOST",
              help="Nominatim host (env GEO_ONLINE_DOMAIN; default nominatim.openstreetmap.org).")
@click.option("--online-scheme", envvar="GEO_ONLINE_SCHEME", type=click.Choice(["https", "http"]),
              help="Scheme of the Nominatim host (env GEO_ONLINE_SCHEME; default https).")
@click.option("--user-agent", envvar="GEO_USER_AGENT", metavar="TEXT",
              help="User agent sent to Nominatim (env GEO_USER_AGENT); add a contact for heavy use.")
@click.option("--places", "places_csv", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              metavar="FILE", help="Your own places (a places.csv, as geo build reads beside the articles) too.")
def resolve(name, context, limit, as_json, online, online_domain, online_scheme, user_agent, places_csv) -> None:
    """Show the places NAME may stand for, best first.

    Spellings are matched after normalisation (case, diacritics, Azerbaijani letters,
    transliterations), so Jebrail, Jabrayil, Cəbrayıl and Dzhebrail are one name.
    Exits 1 when nothing matches.

    \b
    Example:
        geo resolve Jebrail
        geo resolve Martuni --context "shelling hit Stepanakert and Martakert" --json
        geo resolve "Hadrut village" --online --user-agent "my-newsroom (me@example.org)"
        geo resolve "Staromaiorske Checkpoint" --places articles/places.csv
    """
    import json

    from gazetteer import Gazetteer
    from gazetteer.errors import GazetteerError, OnlineLookupError

    try:
        gazetteer = Gazetteer.default()
        if places_csv is not None:
            from gazetteer.user_places import load_places

            user = load_places(places_csv, gazetteer)
            for warning in user.warnings:
                click.echo(printable(f"warning: {places_csv} {warning}"), err=True)
            gazetteer = user.gazetteer
        candidates = gazetteer.resolve(name, context=context, limit=limit)
    except GazetteerError as err:
        raise click.ClickException(printable(str(err), keep_newlines=True)) from err
    origin = "offline"
    if not candidates and online:
        from gazetteer.online import OnlineGeocoder

        settings = {k: v for k, v in (("domain", online_domain), ("scheme", online_scheme),
                                      ("user_agent", user_agent)) if v}
        try:
            candidates = OnlineGeocoder.from_env(**settings).resolve(name, context=context, limit=limit)
        except ValueError as err:
            raise click.UsageError(str(err)) from err
        except OnlineLookupError as err:
            click.echo(printable(f"warning: online lookup failed: {err}"), err=True)
            raise click.ClickException(f"{name!r} is unresolved (the online service failed; try again later)")
        origin = "online"
    if not candidates:
        hint = "" if online else " (try --online)"
        raise click.ClickException(f"no place matches {name!r}{hint}")
    if as_json:
        rows = [_candidate_json(c, origin) for c in candidates]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for rank, c in enumerate(candidates, 1):
        p = c.place
        where = ", ".join(x for x in (p.admin1, p.country) if x)
        click.echo(f"{rank:>2}. {p.name} ({p.kind}, {where or 'no country'})  {p.lat:.5f}, {p.lon:.5f}  "
                   f"{p.id}  score {c.score:.2f}  [{'+'.join(c.reasons)}]")


def _candidate_json(candidate, origin: str) -> dict:
    p = candidate.place
    return {
        "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country, "kind": p.kind, "id": p.id,
        "score": candidate.score, "population": p.population, "admin1": p.admin1, "admin2": p.admin2,
        "source": p.source, "origin": origin, "reasons": list(candidate.reasons),
    }


# --- build / watch ---


# Below this many articles a progress bar only flickers.
_PROGRESS_MIN_ARTICLES = 5
# Without a terminal, a progress line at most this often (seconds).
_PROGRESS_LOG_SECONDS = 5.0


def _build_options(f):
    """Options shared by ``build`` and ``watch``."""
    for decorator in reversed(
        (
            click.option("--articles", type=click.Path(file_okay=False, path_type=Path), default="seeds",
                         show_default=True, help="Folder of articles (.txt .md .html), read recursively."),
            click.option("--out", type=click.Path(file_okay=False, path_type=Path), default="output",
                         show_default=True, help="Output folder (incidents/places GeoJSON, map.html, cache)."),
            click.option("--online", is_flag=True,
                         help="Ask Nominatim for names the offline gazetteer (and places.csv) lacks; the "
                              "summary and OUT/online.csv list each name asked and the answer."),
            click.option("--no-map", is_flag=True, help="Write the GeoJSON only, not map.html."),
            click.option("--cdn", is_flag=True, help="map.html loads Leaflet from a CDN instead of embedding it."),
            click.option("--rebuild", is_flag=True, help="Ignore the cache and re-read every article."),
            click.option("--follow-links", is_flag=True,
                         help="Read links that leave the articles folder, and links to folders (otherwise each "
                              "is named in the summary, not read)."),
            click.option("--workers", type=click.IntRange(min=0), default=0,
                         help="Extract new articles in N local processes [default: 0, one per usable CPU]; "
                              "--workers 1 extracts in this process. The outputs are the same."),
            click.option("--dask", "dask_address", metavar="ADDRESS",
                         help="Extract new articles on a Dask cluster: 'local' starts one here (--workers "
                              "processes, at least 2), else a scheduler address such as tcp://10.0.0.5:8786. "
                              "Needs pip install 'conflict-geo[dask]'; same outputs."),
            click.option("--dask-timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
                         show_default=True, metavar="SECONDS",
                         help="How long to wait for the Dask scheduler and its first worker."),
        )
    ):
        f = decorator(f)
    return f


class _Progress:
    """Progress of a build on stderr: a bar on a terminal, a line every few seconds otherwise."""

    def __init__(self) -> None:
        import sys

        self._tty = sys.stderr.isatty()
        self._bar = None
        self._last = 0.0
        self._done = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        import time

        if done == self._done and " (part " in name:
            # A long single file, extracted in parts: say where it is, whatever the count.
            if time.monotonic() - self._last >= _PROGRESS_LOG_SECONDS:
                self._last = time.monotonic()
                click.echo(printable(f"articles: {done}/{total} ({name})"), err=True)
            return
        step, self._done = done - self._done, done
        if total < _PROGRESS_MIN_ARTICLES:
            return
        if self._tty:
            if self._bar is None:
                self._bar = click.progressbar(length=total, label="articles", file=click.get_text_stream("stderr"))
                self._bar.__enter__()
            self._bar.update(step)
            if done == total:
                self.close()
        elif time.monotonic() - self._last >= _PROGRESS_LOG_SECONDS or done == total:
            self._last = time.monotonic()
            click.echo(printable(f"articles: {done}/{total} ({name})"), err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@main.command()
@_build_options
@click.option("--strict", is_flag=True, help="Exit 3 when any file was skipped or failed (an unreadable folder, "
                                              "a broken link or a link not followed included).")
def build(articles, out, online, no_map, cdn, rebuild, follow_links, workers, strict, dask_address,
          dask_timeout) -> None:
    """Read the articles and write incidents.geojson, places.geojson and map.html.

    Only new or changed articles are read again (the cache is OUT/.geo-cache.sqlite).
    Unreadable files are skipped and named with their reason in the summary.

    A places.csv at the top of the articles folder adds your own places to the gazetteer
    or corrects its coordinates, for this folder (columns name,lat,lon,country,kind and,
    optionally, aliases separated by '|' or ';', admin1, admin2, id; kind is region,
    district, city, town, village, site, base or checkpoint). Any error in it stops the
    build (exit 1) naming the line and the fix; a change re-reads only the articles that
    name a changed place. A dates.csv (columns file,date) sets publication dates, a
    sources.csv (file,url,title,outlet,date) the articles' sources. None is read as an
    article.

    \b
    Exit status:
        0  outputs written (there may be warnings and skipped files)
        1  nothing could be read (outputs left as they were), an output failed,
           or places.csv has errors (nothing written)
        2  wrong usage
        3  --strict and some file was skipped or failed (outputs are still written)

    \b
    Examples:
        geo build --articles seeds --out output
        geo build --online                         # unknown names asked online, listed in output/online.csv
        geo build --workers 1                      # extract in this one process
        geo build --dask tcp://10.0.0.5:8786       # extract on a Dask cluster
    """
    from geo.errors import GeoError
    from geo.pipeline.run import BuildOptions, run_build

    options = BuildOptions(
        articles=articles, out=out, online=online, strict=strict, write_map=not no_map, cdn=cdn, rebuild=rebuild,
        workers=workers, dask=dask_address, dask_timeout=dask_timeout, follow_links=follow_links,
    )
    progress = _Progress()
    try:
        summary = run_build(options, progress=progress)
    except GeoError as err:
        raise click.ClickException(printable(str(err), keep_newlines=True)) from err
    finally:
        progress.close()
    for line in summary.lines():
        click.echo(printable(line))
    raise SystemExit(summary.exit_code(strict=strict))


@main.command()
@_build_options
@click.option("--debounce-ms", type=click.IntRange(min=0), default=500, show_default=True,
              help="Changes within this many milliseconds make one rebuild.")
@click.option("--serve", is_flag=True,
              help="Serve the output folder over HTTP; open maps reload after each rebuild, keeping their view.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="Port for --serve (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address for --serve. Only this machine can connect to 127.0.0.1; 0.0.0.0 serves "
                   "the outputs to the whole network (with a warning).")
def watch(articles, out, online, no_map, cdn, rebuild, follow_links, workers, dask_address, dask_timeout,
          debounce_ms, serve, port, host) -> None:
    """Build, then rebuild whenever an article is added, changed or removed (Ctrl-C stops).

    Each rebuild reads only what changed. Files in the output folder, hidden files and
    editor temporaries are ignored. With --serve the output folder is served at
    http://127.0.0.1:8000/map.html and open maps reload when a rebuild finishes, on the same
    view, dates, layers and filters.

    \b
    Examples:
        geo watch --articles seeds --out output
        geo watch --workers 2                      # new articles extracted in 2 processes
        geo watch --serve --port 8001              # open http://127.0.0.1:8001/map.html
    """
    from geo.pipeline.run import BuildOptions
    from geo.pipeline.watch import watch as watch_folder

    if not articles.is_dir():
        raise click.ClickException(f"articles folder {articles} does not exist or is not a folder")
    options = BuildOptions(
        articles=articles, out=out, online=online, write_map=not no_map, cdn=cdn, rebuild=rebuild, workers=workers,
        dask=dask_address, dask_timeout=dask_timeout, follow_links=follow_links,
    )

    server = None
    if serve:
        from geo.pipeline.serve import OutputServer

        try:  # a host other than 127.0.0.1 is logged as a warning by the server
            server = OutputServer(out, host=host, port=port)
        except OSError as err:
            raise click.ClickException(f"cannot serve on {host}:{port}: {err.strerror or err}") from err

    def report(summary) -> None:
        for line in summary.lines():
            click.echo(printable(line))
        if server is not None:
            server.rebuilt()
            click.echo(printable(f"serving {server.url}"), err=True)
        click.echo(printable(f"watching {articles} (Ctrl-C stops)"), err=True)

    try:
        watch_folder(
            options,
            debounce_ms=debounce_ms,
            on_build=report,
            on_error=lambda err: click.echo(printable(f"Error: {err}", keep_newlines=True), err=True),
        )
    finally:
        if server is not None:
            server.close()


# --- export ---


@main.command()
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv", "parquet"]), required=True,
              help="geojson (RFC 7946), gpkg (incidents + places layers), csv (lat/lon columns), parquet (GeoParquet).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write [default: FROM/export.<ext>, FROM/export-places.<ext> for --layer places].")
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path),
              default="output", show_default=True, help="Build folder holding incidents.geojson and places.geojson.")
@click.option("--layer", type=click.Choice(["incidents", "places"]), default="incidents", show_default=True,
              help="Layer for single-layer formats (gpkg always holds both).")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Keep only this event type (repeatable, or comma-separated).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Keep incidents on or after this day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Keep incidents on or before this day (YYYY-MM-DD).")
def export(fmt, out, source, layer, types, since, until) -> None:
    """Export a build's incidents (and places) for QGIS, geopandas or a spreadsheet.

    --type, --since and --until filter incidents; an incident is kept when its date
    window overlaps [since, until]. With --since or --until, undated incidents are left
    out. Places are exported whole.

    \b
    Example:
        geo export --format gpkg --out karabakh.gpkg
        geo export --format csv --type shelling --type air_strike --since 2020-10-01
    """
    from geo.errors import ExportError, OutputClashError
    from geo.outputs.export import IncidentFilter, export as export_build, parse_types
    from geo.model import EVENT_TYPES

    try:
        incident_filter = IncidentFilter(
            types=parse_types(types, EVENT_TYPES),
            since=since.date() if since else None,
            until=until.date() if until else None,
        )
        result = export_build(source, fmt, out, layer=layer, incident_filter=incident_filter)
    except OutputClashError as err:
        raise _UsageProblem(printable(str(err), keep_newlines=True)) from err
    except ExportError as err:
        raise click.ClickException(printable(str(err), keep_newlines=True)) from err
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    click.echo(printable(f"wrote {result.path} ({counts})"))


# --- evaluate ---


@main.command("evaluate")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False), default="tests/gold/seeds",
              show_default=True, help="Folder of gold annotation files (*.json, see tests/gold/GUIDELINES.md).")
@click.option("--articles", "articles_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of the annotated articles; default: the 'articles' folder beside the gold "
                   "folder if there is one, else seeds.")
@click.option("--output", "output_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Score the incidents.geojson/places.geojson of a build folder instead of extracting.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="Also list missed and spurious incidents and places.")
def evaluate_command(gold_dir, articles_dir, output_dir, as_json, show_errors) -> None:
    """Measure extraction quality against hand-written gold annotations.

    Runs the extractor on the annotated articles and prints place and incident
    recall/precision and date, casualty and claimant accuracy per article and overall.

    \b
    Example:
        geo evaluate                                   # seeds against tests/gold/seeds
        geo evaluate --gold tests/gold/dev/gold --show-errors
        geo evaluate --output output --json            # score a finished build
    """
    import json
    from pathlib import Path as _Path

    from geo.evaluate.score import PredictionError, extract_folder, score
    from geo.evaluate.gold import GoldError, load_gold

    try:
        gold = load_gold(gold_dir)
    except GoldError as err:
        raise click.ClickException(printable(str(err), keep_newlines=True)) from err
    if output_dir is not None:
        predicted, gazetteer = _Path(output_dir), None
    else:
        if articles_dir is None:
            beside = _Path(gold_dir).resolve().parent / "articles"
            articles_dir = beside if beside.is_dir() else _Path("seeds")
        try:
            predicted, gazetteer, problems = extract_folder(articles_dir, only=gold)
        except ImportError as err:
            raise click.ClickException(f"the extractor is not available: {err}") from err
        for problem in problems:
            click.echo(printable(f"unreadable: {problem.name}: {problem.reason}"), err=True)
        missing = sorted(set(gold) - {e.article for e in predicted})
        if missing:
            click.echo(printable(f"annotated but not found in {articles_dir}: {', '.join(missing)}"), err=True)
    try:
        scores = score(predicted, gold, gazetteer=gazetteer)
    except PredictionError as err:
        raise click.ClickException(f"{err} (run geo build first, or leave out --output)") from err
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
    else:
        click.echo(scores.format_table())
    if show_errors:
        click.echo("")
        click.echo(scores.format_types())
        click.echo("")
        click.echo(scores.format_errors())
