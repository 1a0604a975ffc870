"""The build: articles folder -> incidents.geojson, places.geojson, map.html.

:func:`run_build` reads the folder (only the files that changed), extracts only new or
changed articles (the rest come from :mod:`geo.pipeline.cache`), joins incidents across articles
and aggregates place mentions (again only where something changed: the cache keeps the
joined state) and writes every output atomically (:mod:`geo.outputs.atomic`). No article can stop the build: an
unreadable file or an extraction that raises is skipped and named with its reason in
the :class:`BuildSummary`, whose counts always add up::

    found = processed (read + reused) + skipped (unreadable, not an article, failed)

The reading, extraction, joining and gazetteer steps are passed in or imported lazily,
so the orchestration here is independent of how each one works.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from geo.outputs.atomic import StagedOutputs, remove_stale_temporaries
from geo.outputs.cells import neutralise_formula
from geo.pipeline.cache import CACHE_NAME, BuildCache, FileRecord, cache_failure, code_version, content_sha256
from geo.pipeline.fingerprint import stage_fingerprint
from geo.pipeline.parts import iter_parts, merge_extractions, stream_parts
from geo.errors import ArticleError, BuildError, InvalidOutputError
from geo.outputs.geojson import collection_chunks, collection_from_lines
from geo.outputs.validate import checked_features
from geo.model import EVENT_TYPES, Article, ArticleExtraction
from geo.read.articles import PLACES_FILE

logger = logging.getLogger(__name__)

#: File names of the outputs inside the output folder.
INCIDENTS_NAME = "incidents.geojson"
PLACES_NAME = "places.geojson"
MAP_NAME = "map.html"
#: Names the offline gazetteer lacks that an ``--online`` build asked the service about.
ONLINE_NAME = "online.csv"
#: Names that stand where a place would but got none: what the analyst may add to places.csv.
UNRESOLVED_NAME = "unresolved.csv"
#: This many unresolved names (the most mentioned) are named in the summary.
_UNRESOLVED_SHOWN = 10
#: The user's own places, at the top of the articles folder (:mod:`gazetteer.user_places`).

#: Exit statuses of ``geo build`` (docs/building.md#exit-status).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_STRICT = 3

#: Up to this many rows of places.csv are each described in the summary.
_PLACES_SHOWN = 20

Extractor = Callable[..., ArticleExtraction]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What ``geo build`` was asked to do.

    Parameters
    ----------
    articles : Path
        Folder of articles (read recursively).
    out : Path
        Output folder; created if missing.
    online : bool
        Let extraction ask the online geocoder for names the gazetteer lacks.
    strict : bool
        Exit non-zero when any file was skipped or failed.
    write_map : bool
        Write ``map.html`` (``--no-map`` turns it off).
    cdn : bool
        Map loads Leaflet from a CDN instead of embedding it.
    rebuild : bool
        Ignore cached extractions and re-read every article (the cache is refreshed).
    workers : int
        Extract in this many local processes (0: one per usable CPU, the CLI's default) via
        :mod:`geo.pipeline.parallel`; outputs are identical whatever the number. Online builds
        extract in one process.
    dask : str, optional
        Extract on a Dask cluster instead: ``"local"`` (a LocalCluster of ``workers``
        processes, at least 2) or a scheduler address such as ``"tcp://10.0.0.5:8786"``.
    dask_timeout : float
        Seconds to wait for the Dask scheduler and its first worker.
    title : str, optional
        Map title.
    follow_links : bool
        Read the files of links that leave the articles folder, and of links to folders
        (``--follow-links``); otherwise each such link is named in the summary, not read.
    """

    articles: Path = Path("seeds")
    out: Path = Path("output")
    online: bool = False
    strict: bool = False
    write_map: bool = True
    cdn: bool = False
    rebuild: bool = False
    workers: int = 1
    dask: str | None = None
    dask_timeout: float = 10.0
    title: str | None = None
    follow_links: bool = False


@dataclass(frozen=True)
class Skipped:
    """A file the build could not use, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for the user and for tests.

    ``found == len(read) + len(reused) + len(skipped) + len(failed)`` always holds.
    """

    found: int
    read: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    failed: tuple[Skipped, ...] = ()
    dropped: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, ...], ...] = ()
    invalidated: int = 0
    places: int = 0
    incidents_by_type: dict[str, int] = field(default_factory=dict)
    outputs: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    #: map.html was left as it was: made from the same incidents, places and map code.
    map_unchanged: bool = False
    #: What each row of places.csv did (replaced a gazetteer place, or added one).
    user_places: tuple[str, ...] = ()
    #: Names asked online (``--online``): ``(name, article, answer, lat, lon, source)``.
    online_lookups: tuple[tuple, ...] = ()
    #: Names left without a place, ``(name, mentions over all articles)``, most mentioned first.
    unresolved: tuple[tuple[str, int], ...] = ()

    @property
    def processed(self) -> int:
        """Articles whose extraction is in the outputs (freshly read or reused)."""
        return len(self.read) + len(self.reused)

    @property
    def incidents(self) -> int:
        """Incidents written (after joining)."""
        return sum(self.incidents_by_type.values())

    def exit_code(self, *, strict: bool = False) -> int:
        """0 ok (warnings allowed); 1 nothing could be read or an output failed; 3 strict and a file skipped."""
        if self.errors or self.processed == 0:
            return EXIT_FAILED
        if strict and (self.skipped or self.failed):
            return EXIT_STRICT
        return EXIT_OK

    def lines(self) -> list[str]:
        """The summary as the CLI prints it, one fact per line."""
        out = [
            f"articles: {self.found} found, {self.processed} processed "
            f"({len(self.read)} read, {len(self.reused)} reused from cache), "
            f"{len(self.skipped) + len(self.failed)} skipped, {len(self.dropped)} dropped"
        ]
        out += [f"  skipped {s.name}: {s.reason}" for s in self.skipped]
        out += [f"  failed {s.name}: {s.reason}" for s in self.failed]
        if self.undated:
            # one line per reason: "a.txt, b.txt (no date in the page ...)"
            reasons: dict[str, list[str]] = {}
            for label in self.undated:
                name, _, reason = label.partition(" (")
                reasons.setdefault(reason, []).append(name)
            out.append("  undated (incidents kept with date null):")
            out += [f"    {', '.join(names)}" + (f" ({reason}" if reason else "") for reason, names in reasons.items()]
        out += [f"  duplicates (same text, both kept): {' = '.join(group)}" for group in self.duplicates]
        if self.dropped:
            out.append(f"  dropped (removed from the folder): {', '.join(self.dropped)}")
        if self.invalidated:
            out.append(f"  cache: {self.invalidated} entries from another code/gazetteer version re-read")
        if self.user_places:
            out.append(f"{PLACES_FILE}: {len(self.user_places)} place(s) of your own")
            # Replacements change what the gazetteer said: always shown; additions while few.
            shown = [line for line in self.user_places if len(self.user_places) <= _PLACES_SHOWN
                     or " replaces " in line or " no longer answer " in line]
            out += [f"  {line}" for line in shown]
            if len(shown) < len(self.user_places):
                out.append(f"  ... and {len(self.user_places) - len(shown)} more added (geo -v build lists them)")
        if self.online_lookups:
            answers = {}
            for name, _, answer, *_ in self.online_lookups:
                answers.setdefault(name, answer)
            out.append(f"online: {len(answers)} name(s) the offline gazetteer lacks, asked online "
                       f"(per article in {ONLINE_NAME}): {_online_counts(answers.values())}")
            out += [f"  {name} -> {answer}" for name, answer in sorted(answers.items())]
        if self.unresolved:
            shown = ", ".join(f"{name} ({n})" for name, n in self.unresolved[:_UNRESOLVED_SHOWN])
            more = len(self.unresolved) - _UNRESOLVED_SHOWN
            out.append(f"unresolved: {len(self.unresolved)} name(s) stand where a place would but got none "
                       f"(see {UNRESOLVED_NAME}; add them to {PLACES_FILE}): {shown}"
                       + (f" and {more} more" if more > 0 else ""))
        by_type = ", ".join(f"{t} {n}" for t, n in self.incidents_by_type.items() if n)
        out.append(f"places: {self.places}; incidents: {self.incidents}" + (f" ({by_type})" if by_type else ""))
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"error: {e}" for e in self.errors]
        written = [p for p in self.outputs if not (self.map_unchanged and p.name == MAP_NAME)]
        if written:
            out.append("wrote " + ", ".join(str(p) for p in written))
        if self.map_unchanged:
            out.append("map.html unchanged (same incidents, places and map code as when it was written)")
        return out


def _online_counts(answers) -> str:
    """``3 answered, 1 not found, 2 failed (HTTP 429, rate limited: 2)`` of the answers to names asked online."""
    answers = list(answers)
    causes = Counter(a[len("failed ("):a.index(")", len("failed ("))] if ")" in a else a
                     for a in answers if a.startswith("failed ("))
    not_found = sum(a == "not found" for a in answers)
    failed = sum(causes.values())
    text = f"{len(answers) - not_found - failed} answered, {not_found} not found, {failed} failed"
    if causes:
        text += " (" + "; ".join(f"{cause}: {n}" for cause, n in sorted(causes.items())) + ")"
    return text


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _listing(articles: Path, out: Path, *, follow_links: bool = False):
    """Every entry a user put in the articles folder (:func:`geo.read.listing.list_folder`),
    leaving out the output folder when it lies inside the articles folder."""
    from geo.read.listing import list_folder

    try:
        return list_folder(articles, follow_links=follow_links, exclude=out if _inside(out, articles) else None)
    except OSError as err:
        raise BuildError(f"cannot read the articles folder {articles}: {err.strerror or err}") from err


def _extractor_id(extractor: Extractor) -> str:
    return f"{getattr(extractor, '__module__', '?')}.{getattr(extractor, '__qualname__', type(extractor).__name__)}"


def _duplicate_sha256(article: Article) -> str:
    if article.streamed is not None:
        return article.streamed.stripped_sha256  # the same digest, taken as the file was read
    return hashlib.sha256(article.text.strip().encode("utf-8", "surrogatepass")).hexdigest()


def _duplicates(articles: list[Article], known: dict[str, FileRecord]) -> tuple[tuple[str, ...], ...]:
    groups: dict[str, list[str]] = {}
    for article in articles:
        digest = known[article.name].duplicate_sha256 if article.name in known else _duplicate_sha256(article)
        groups.setdefault(digest, []).append(article.name)
    return tuple(sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1))


@dataclass
class _Extracted:
    read: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    not_cached: list[str] = field(default_factory=list)


def _extraction_sha(article: Article, user) -> str:
    """What a cached extraction is valid for: the article's content, its source (title, outlet,
    address, stored with it) and, when the user's own places can change it, the rows whose
    names the text holds (nothing else re-extracts)."""
    sha = content_sha256(article)
    found = (user.fingerprint(_overlapping(article.streamed) if article.streamed is not None else article.text)
             if user is not None else "")
    source = article.source.to_dict()
    if any(v is not None for k, v in source.items() if k != "article"):
        found += "\0" + json.dumps(source, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{sha}\0{found}".encode()).hexdigest() if found else sha


def _overlapping(streamed, size: int = 1_000_000, overlap: int = 1_000):
    """The text of a huge file in windows of about ``size`` characters, each beginning with
    the last ``overlap`` of the one before, so a name across a border is in one of them."""
    tail = ""
    for _, window in stream_parts(streamed.chunks(), size):
        yield tail + window
        tail = window[-overlap:]


def _extract_all(articles, cache, extractor, gazetteer, online, options, progress, known=None,
                 user=None) -> _Extracted:
    """Take each article from the cache or extract it; an article that raises is recorded, not fatal.

    Each extraction goes to the cache as soon as it arrives and is not kept: memory does
    not grow with the corpus. Names are reported in article order whatever the engine.
    """
    run = _Extracted()
    total = len(articles)
    held = {} if options.rebuild else cache.hashes()
    misses = []
    for article in articles:
        # Files known unchanged are not read: their hash is the recorded one.
        sha = known[article.name].content_sha256 if known and article.name in known else _extraction_sha(article, user)
        if held.get(article.name) == sha:
            run.reused.append(article.name)
        else:
            misses.append((article, sha))
    done = total - len(misses)
    if progress is not None and done:
        progress(done, total, run.reused[-1])

    # A huge article is extracted in parts (geo.pipeline.parts), which the engines run like
    # articles; each part's rows go to the cache in the part's order as soon as they can, so
    # memory holds a few parts' results, not the article's. The parts of an article read
    # streaming are read from its file as the engine takes them, never all at once.
    units: dict[int, tuple[int, int, int]] = {}  # unit -> (index in misses, part number, offset)
    parts_of: dict[int, int] = {}  # index -> number of parts, once its last part is out
    streaming = any(article.streamed is not None for article, _ in misses)
    huge: dict[int, _HugeArticle] = {}
    read: list[tuple[int, str]] = []
    failed: list[tuple[int, Skipped]] = []
    unread: dict[int, Exception] = {}  # a file that could not be read again for its parts
    parts = _units(misses, units, parts_of, unread)
    engine_input = parts if streaming else [(part, None) for part in parts]
    for unit, outcome, retry in _extractions(engine_input, extractor, gazetteer, online, options,
                                             many=streaming or len(misses) > 1):
        index, number, offset = units.pop(unit)
        article, sha = misses[index]
        if index not in parts_of or parts_of[index] > 1:
            state = huge.setdefault(index, _HugeArticle())
            state.arrive(number, offset, outcome, retry, article, cache)
            if index not in parts_of or state.stored < parts_of[index]:
                if progress is not None:
                    progress(done, total, _part_label(article, state.arrived, parts_of.get(index), offset))
                continue
            del huge[index]
            outcome, retry = state.problem or None, state.retry
            if state.problem is not None:
                cache.remove([article.name])
        done += 1
        if progress is not None:
            progress(done, total, article.name)
        if isinstance(outcome, Exception):
            logger.warning("extraction failed for %s: %s: %s", article.name, type(outcome).__name__, outcome)
            logger.debug("traceback of the failed extraction of %s", article.name, exc_info=outcome)
            failed.append((index, Skipped(article.name, f"extraction failed: {type(outcome).__name__}: {outcome}")))
            continue
        read.append((index, article.name))
        # A name the service failed to answer may resolve next time: do not freeze the miss.
        if parts_of[index] == 1:
            cache.put(article.name, sha, outcome, reusable=not retry, source=article.source)
        elif not retry:
            cache.set_reusable(article.name, sha)
        if retry:
            run.not_cached.append(article.name)
    for index, err in unread.items():  # its file could not be read again: its parts never make it whole
        article = misses[index][0]
        cache.remove([article.name])
        failed.append((index, Skipped(article.name, f"extraction failed: {type(err).__name__}: {err}")))
    cache.flush()
    run.read = [name for _, name in sorted(read)]
    run.failed = [skip for _, skip in sorted(failed, key=lambda item: item[0])]
    run.not_cached.sort()
    return run


def _units(misses, units: dict, parts_of: dict, unread: dict):
    """The parts to extract, one at a time, noting in ``units`` whose part each is and in
    ``parts_of`` how many parts an article has once its last is out; an article whose file
    cannot be read again for its parts ends there, its error in ``unread``."""
    unit = 0
    for index, (article, _) in enumerate(misses):
        parts = iter_parts(article)
        number = 0
        try:
            following = next(parts)
            while following is not None:
                offset, part = following
                following = next(parts, None)
                if following is None:
                    parts_of[index] = number + 1
                units[unit] = (index, number, offset)
                yield part
                unit += 1
                number += 1
        except (ArticleError, OSError, UnicodeError) as err:
            # The file changed or went since it was read: the article fails (one part more
            # than came out, so the parts that did never make it whole).
            unread[index] = err
            parts_of[index] = number + 1


def _part_label(article: Article, arrived: int, parts: int | None, offset: int) -> str:
    """What the progress says of a huge article while its parts arrive."""
    if parts is not None:
        return f"{article.name} (part {arrived} of {parts})"
    length = article.streamed.length if article.streamed is not None else len(article.text)
    return f"{article.name} (part {arrived}, {offset * 100 // max(1, length)}% of its text)"


@dataclass
class _HugeArticle:
    """The parts of a huge article as they arrive, stored in their order (see :func:`_extract_all`)."""

    arrived: int = 0
    stored: int = 0
    retry: bool = False
    problem: Exception | None = None
    waiting: dict = field(default_factory=dict)

    def arrive(self, number, offset, outcome, retry, article, cache) -> None:
        name = article.name
        self.arrived += 1
        self.retry = self.retry or retry
        self.waiting[number] = (offset, outcome)
        while self.stored in self.waiting:
            offset, outcome = self.waiting.pop(self.stored)
            if isinstance(outcome, Exception):
                self.problem = self.problem or outcome
            elif self.problem is None:
                rows = merge_extractions(name, [(offset, outcome)])
                if self.stored == 0:
                    cache.put(name, "", rows, reusable=False, source=article.source)  # made reusable once whole
                else:
                    cache.append(name, rows)
            self.stored += 1


def _extractions(misses, extractor, gazetteer, online, options, *, many: bool | None = None):
    """``(index in misses, extraction or exception, retry)`` as each extraction finishes.

    ``misses`` is a list of ``(article, _)``, or an iterator of articles taken as they come
    (the parts of a huge article read streaming); ``many``: whether there is more than one.
    """
    lazy = isinstance(misses, Iterator)
    if many is None:
        many = len(misses) > 1
    if (options.workers != 1 or options.dask) and online is None and many:
        from geo.pipeline.parallel import iter_extractions

        for index, outcome in iter_extractions(
            misses if lazy else [article for article, _ in misses],
            gazetteer=gazetteer,
            workers=options.workers,
            dask_address=options.dask,
            timeout=options.dask_timeout,
            extractor=extractor,
            return_exceptions=True,
        ):
            yield index, outcome, False
        return
    for index, article in enumerate(misses if lazy else (article for article, _ in misses)):
        online_failures = online.stats["failures"] if online is not None else 0
        if isinstance(online, _OnlineLog):
            online.article = article.name
        try:
            outcome = extractor(article, gazetteer, online=online)
        except Exception as err:  # one bad article must not stop the build
            outcome = err
        yield index, outcome, online is not None and online.stats["failures"] > online_failures


#: A file modified less than this long before it was listed may keep the mtime it had
#: when listed (coarse file-system clocks): its record is not trusted.
_RACY_NS = 2_000_000_000

#: How reading dated an article whose date depends on the other articles of the folder.
_CORPUS_DATED = "dateline+corpus-year"


def _read_changed(articles_dir: Path, listing: dict[str, os.stat_result], cache: BuildCache, *,
                  follow_links: bool = False):
    """Read only the files that changed since the last build; ``(articles, problems, known)``.

    A file is taken as unchanged, and not read, when its size, mtime, inode and ctime are
    those recorded when it was last read, it was read today (reading judges dates against
    today) and the cache holds its extraction under the recorded content hash. Such a file
    appears as an :class:`Article` without text, its hashes in ``known``. Everything else
    is read and hashed, so an edit that keeps the stat the same is the only thing missed,
    as with ``make`` or ``git``; ``--rebuild`` reads every file.

    Exactly what :func:`geo.read.articles.read_folder` gives, which is called instead when an
    undated article is met (its year may come from the other articles' dates).
    """
    from geo.read.articles import ArticleProblem, read_article, read_folder

    today = date.today().isoformat()
    held = cache.hashes()
    known = {}
    for name, record in cache.file_index().items():
        stat = listing.get(name)
        if (
            stat is not None
            and (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
            == (record.size, record.mtime_ns, record.inode, record.ctime_ns)
            and max(record.mtime_ns, record.ctime_ns) < record.seen_ns - _RACY_NS
            and record.read_on == today
            and held.get(name) == record.content_sha256
        ):
            known[name] = record
    if not known:
        return *read_folder(articles_dir, follow_links=follow_links, stream=True), {}
    articles, problems = [], []
    for name in listing:
        if name in known:
            continue
        try:
            article = read_article(articles_dir / name, root=articles_dir, stream=True)
        except ArticleError as err:
            logger.warning("skipped %s: %s", name, err)
            problems.append(ArticleProblem(name, str(err)))
            continue
        if article.published is None:
            return *read_folder(articles_dir, follow_links=follow_links, stream=True), {}
        articles.append(article)
    logger.info("%d articles unchanged since the last build (not read), %d read", len(known), len(articles))
    articles += [Article(name=name, text="", published=date.fromisoformat(record.published))
                 for name, record in known.items()]
    return articles, problems, known


def _file_records(articles, known, listing, listed_ns: int, user=None) -> dict[str, FileRecord]:
    """Records of the articles read this time whose reading depends on their file alone."""
    today = date.today().isoformat()
    records = {}
    for article in articles:
        stat = listing.get(article.name)
        if article.name in known or stat is None or article.published is None or article.date_source == _CORPUS_DATED:
            continue
        records[article.name] = FileRecord(
            size=stat.st_size, mtime_ns=stat.st_mtime_ns, inode=stat.st_ino, ctime_ns=stat.st_ctime_ns,
            seen_ns=listed_ns, read_on=today, published=article.published.isoformat(),
            content_sha256=_extraction_sha(article, user), duplicate_sha256=_duplicate_sha256(article))
    return records


def _undated_label(article) -> str:
    """The article's name and why it stays undated, with how to fix it."""
    hint = article.date_hint
    if article.date_source == "dates.csv":
        return f"{article.name} (left undated in dates.csv)"
    if hint and re.fullmatch(r"\d{4}-\d{2}", hint):
        return f"{article.name} (only the month {hint} is given: add the day to dates.csv)"
    if hint:
        return f"{article.name} (dateline '{hint}' without a year: add the date to dates.csv)"
    return f"{article.name} (no date in the page, a dateline or byline, or the file name: add it to dates.csv)"


def run_build(
    options: BuildOptions,
    *,
    reader: Callable | None = None,
    extractor: Extractor | None = None,
    joiner: Callable | None = None,
    gazetteer=None,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build the outputs of ``options.articles`` into ``options.out``.

    Parameters
    ----------
    options : BuildOptions
        Folders and switches.
    extractor : callable, optional
        ``extractor(article, gazetteer, *, online=None) -> ArticleExtraction``;
        default :func:`geo.extract.article.extract_article`.
    joiner : callable, optional
        ``joiner(incidents) -> list[Incident]``; default :func:`geo.join.join_incidents`.
    gazetteer : optional
        Anything with ``version`` and ``get(place_id)``; default ``Gazetteer.default()``.
    reader : callable, optional
        ``reader(folder) -> (articles, problems)``; default :func:`geo.read.articles.read_folder`.
    progress : callable, optional
        ``progress(done, total, name)`` after each article.

    Returns
    -------
    BuildSummary
        Counts, names and reasons; ``exit_code()`` gives the CLI status.

    Raises
    ------
    BuildError
        The articles folder does not exist or is not a folder, or its ``places.csv`` (the
        user's own places, :mod:`gazetteer.user_places`) has errors: all are listed, with
        their lines, and nothing is written.

    Examples
    --------
    >>> summary = run_build(BuildOptions(articles=Path("seeds"), out=Path("output")))  # doctest: +SKIP
    >>> print("\\n".join(summary.lines()))                                           # doctest: +SKIP
    """
    if extractor is None:
        from geo.extract.article import extract_article as extractor
    if joiner is None:
        from geo.join import join_incidents as joiner
    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.default()

    articles_dir, out = Path(options.articles), Path(options.out)
    if not articles_dir.is_dir():
        raise BuildError(f"articles folder {articles_dir} does not exist or is not a folder")
    # The cache keys extractions by the shipped gazetteer; the user's places count per article.
    # A places.csv with errors stops the build before anything is written.
    gazetteer_version = str(getattr(gazetteer, "base_version", gazetteer.version))
    user = _user_places(articles_dir, gazetteer)
    if user is not None:
        gazetteer = user.gazetteer
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(f"cannot create the output folder {out}: {err}") from err
    remove_stale_temporaries(out)

    online = None
    warnings: list[str] = []
    if user is not None:
        warnings += [f"{PLACES_FILE} {w}" for w in user.warnings]
    if options.online:
        from gazetteer.online import OnlineGeocoder

        online = _OnlineLog(OnlineGeocoder.from_env())
        if options.workers > 1 or options.dask:
            # A public service's rate limit and its lookup cache are per client, not per worker
            # (0, every CPU, is the CLI's default: not worth a warning).
            engine = "--dask" if options.dask else "--workers"
            warnings.append(f"--online extracts in one process (the service's rate limit is per client): "
                            f"{engine} ignored")
            logger.warning(warnings[-1])
    try:
        cache = BuildCache(
            out / CACHE_NAME,
            code_version=f"{code_version()}:{_extractor_id(extractor)}",
            gazetteer_version=gazetteer_version,
            options=f"online={online.domain}" if online is not None else "online=0",
        )
    except (OSError, sqlite3.Error) as err:
        raise BuildError(cache_failure(out / CACHE_NAME, err)) from err
    try:
        with cache:
            return _build_with_cache(cache, options, articles_dir, out, reader, extractor, joiner, gazetteer,
                                     online, user, warnings, progress)
    except sqlite3.Error as err:
        raise BuildError(cache_failure(out / CACHE_NAME, err)) from err


def _build_with_cache(cache, options, articles_dir, out, reader, extractor, joiner, gazetteer, online, user,
                      warnings, progress) -> BuildSummary:
    """The build proper, once the cache is open: read, extract, join, write."""
    warnings += cache.warnings
    listed_ns = time.time_ns()
    folder = _listing(articles_dir, out, follow_links=options.follow_links)
    listing, dates_csv = folder.files, folder.dates_csv
    # Files are recorded, and unchanged ones not read, only with the default reader
    # and when each article's date is its file's alone (no dates.csv); and not read only
    # when places.csv is as it was (a new name may occur in any of them).
    recorded = reader is None and not dates_csv
    places_state = user.digest if user is not None else ""
    indexed = recorded and (cache.note("user_places") or "") == places_state
    if indexed and not options.rebuild:
        articles, problems, known = _read_changed(articles_dir, listing, cache,
                                                    follow_links=options.follow_links)
    else:
        if reader is None:
            from geo.read.articles import read_folder

            articles, problems = read_folder(articles_dir, follow_links=options.follow_links, stream=True)
        else:
            articles, problems = reader(articles_dir)
        known = {}
    # Our own outputs are not articles, should the output folder lie inside the articles folder.
    if _inside(out, articles_dir):
        articles = [a for a in articles if not _inside(articles_dir / a.name, out)]
        problems = [p for p in problems if not _inside(articles_dir / p.name, out)]
    articles = sorted(articles, key=lambda a: a.name)
    found = list(listing) + [u.name for u in folder.unread]
    accounted = {a.name for a in articles} | {p.name for p in problems}
    # Entries not read at all (unreadable folders, broken or outside links): named too.
    skipped = [Skipped(p.name, p.reason) for p in problems]
    skipped += [Skipped(u.name, u.reason) for u in folder.unread if u.name not in accounted]
    accounted |= {u.name for u in folder.unread}
    skipped += [
        Skipped(name, "not an article file")
        for name in found
        if name not in accounted
    ]
    skipped.sort(key=lambda s: s.name)
    for s in skipped:  # the reader has warned already; the summary names them again
        logger.debug("skipped %s: %s", s.name, s.reason)

    run = _extract_all(articles, cache, extractor, gazetteer, online, options, progress, known, user)
    records = _file_records(articles, known, listing, listed_ns, user) if recorded else {}
    cache.set_note("user_places", places_state)
    cache.update_file_index(records, keep=known)
    processed = set(run.read) | set(run.reused)
    stale = cache.names() - processed
    cache.remove(stale)
    invalidated = cache.invalidated
    read, reused, failed = run.read, run.reused, run.failed
    if run.not_cached:
        warnings.append(
            f"online lookups failed for {', '.join(run.not_cached)}; not cached, read again next build"
        )
    dropped = sorted(stale - set(found) - accounted)

    summary = dict(
        found=len(set(found) | accounted),
        read=tuple(read),
        reused=tuple(reused),
        skipped=tuple(skipped),
        failed=tuple(failed),
        dropped=tuple(dropped),
        undated=tuple(_undated_label(a) for a in articles if a.published is None and a.name in processed),
        duplicates=_duplicates([a for a in articles if a.name in processed], known),
        invalidated=invalidated,
        user_places=tuple(e.describe() for e in user.effects) if user is not None else (),
        online_lookups=_online_lookups(cache, online, run),
    )
    if not processed:
        warnings.append(f"nothing could be read from {articles_dir}; previous outputs left as they were")
        return BuildSummary(**summary, warnings=tuple(warnings))
    # The texts are no longer needed (a large corpus holds hundreds of MB of them): the
    # join and the map get the memory.
    articles = [replace(a, text="") for a in articles if a.name in processed]
    return _write_outputs(cache, articles, extractor, joiner, gazetteer, online, options, summary, warnings,
                          user)


#: The user places of the last build, by file, content and gazetteer (see :func:`_user_places`).
_LAST_USER_PLACES: dict[tuple, object] = {}


def _user_places(articles_dir: Path, gazetteer):
    """The user's own places of ``articles_dir/places.csv`` applied to the gazetteer, or None.

    A file with any problem stops the build (:class:`BuildError` listing every problem with
    its line): no row is silently left out.
    """
    path = articles_dir / PLACES_FILE
    if not path.is_file():
        return None
    from gazetteer.user_places import PlacesFileError, load_places

    if not hasattr(gazetteer, "with_places"):
        raise BuildError(f"{path}: this gazetteer cannot take places of your own")
    try:
        content = path.read_bytes()
    except OSError as err:
        raise BuildError(f"cannot read {path}: {err}") from err
    # geo watch builds again and again: the same file on the same gazetteer gives the same
    # places, and keeping them keeps the gazetteer's name matcher (built in about a second).
    key = (str(path.resolve()), hashlib.sha256(content).hexdigest(), id(gazetteer), str(gazetteer.version))
    user = _LAST_USER_PLACES.get(key)
    if user is None:
        try:
            user = load_places(path, gazetteer, content=content)
        except PlacesFileError as err:
            raise BuildError(f"{err}\nnothing was built: fix {PLACES_FILE} and build again") from err
        _LAST_USER_PLACES.clear()
        _LAST_USER_PLACES[key] = user
    logger.info("%s: %d place(s) of your own", path, len(user.effects))
    for effect in user.effects:
        logger.info("%s %s", PLACES_FILE, effect.describe())
    return user


class _OnlineLog:
    """The online geocoder, recording every name asked, its answer and the article asking.

    Everything else (``stats``, ``domain``...) is the geocoder's own.
    """

    def __init__(self, service) -> None:
        self._service = service
        self.article = ""
        self.asked: dict[str, list[list]] = {}

    def __getattr__(self, name: str):
        return getattr(self._service, name)

    def resolve(self, name: str, *, context: str | None = None, limit: int = 10):
        source = str(getattr(self._service, "domain", "online"))
        stats = getattr(self._service, "stats", {})
        hits = stats.get("cache_hits", 0)
        try:
            found = self._service.resolve(name, context=context, limit=limit)
        except Exception as err:
            cause = getattr(err, "cause", None) or f"{type(err).__name__}: {err}"
            self.asked.setdefault(self.article, []).append(
                [name, f"failed ({cause}); asked again next build", None, None, source])
            raise
        if stats.get("cache_hits", 0) > hits:
            source += " (answer kept from an earlier run)"
        if found:
            place = found[0].place
            answer = f"{place.name} ({place.id}, {place.kind}{', ' + place.country if place.country else ''})"
            self.asked.setdefault(self.article, []).append([name, answer, place.lat, place.lon, source])
        else:
            self.asked.setdefault(self.article, []).append([name, "not found", None, None, source])
        return found


def _online_lookups(cache, online, run: _Extracted) -> tuple[tuple, ...]:
    """Every name the articles in the outputs asked online, ``(name, article, answer, lat, lon, source)``.

    Kept in the cache per article, so a reused article still lists the names it asked.
    """
    if not isinstance(online, _OnlineLog):
        return ()
    kept = json.loads(cache.note("online") or "{}")
    reused = set(run.reused)
    log = {article: rows for article, rows in kept.items() if article in reused}
    log.update({article: online.asked[article] for article in run.read if online.asked.get(article)})
    log = dict(sorted(log.items()))
    cache.set_note("online", json.dumps(log, ensure_ascii=False))
    return tuple(sorted((row[0], article, *row[1:]) for article, rows in log.items() for row in rows))


def _csv_text(header: list[str], rows) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([neutralise_formula(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def _online_csv(lookups) -> str:
    """``online.csv``: one line per name and article asked online."""
    return _csv_text(["name", "article", "answer", "lat", "lon", "source"],
                     ([name, article, answer, "" if lat is None else f"{lat:.6f}", "" if lon is None else f"{lon:.6f}",
                       source] for name, article, answer, lat, lon, source in lookups))


def _write_outputs(cache, articles, extractor, joiner, gazetteer, online, options, summary: dict,
                   warnings: list[str], user=None) -> BuildSummary:
    """Join what the cache holds (only what changed is joined again) and write every output."""
    from geo.join import join_incidents

    out = Path(options.out)
    joined = cache.refresh(joiner, lookup=gazetteer.get, radius_km=gazetteer.radius_km,
                           joiner_id=_extractor_id(joiner), by_group=joiner is join_incidents)
    if joined.unreadable:
        warnings.append(f"cache rows of {', '.join(joined.unreadable)} were unreadable; extracted again")
        from geo.read.articles import read_article

        # Their texts were let go (or never read, for unchanged files): read them again.
        fresh = {a.name: read_article(Path(options.articles) / a.name, root=Path(options.articles), stream=True)
                 for a in articles if a.name in set(joined.unreadable)}
        again = _extract_all([replace(a, text=fresh[a.name].text, streamed=fresh[a.name].streamed)
                              for a in articles if a.name in fresh],
                             cache, extractor, gazetteer, online, options, None, user=user)
        summary["reused"] = tuple(n for n in summary["reused"] if n not in set(again.read) | {s.name for s in again.failed})
        summary["read"] = tuple(sorted({*summary["read"], *again.read}))
        summary["failed"] = tuple(sorted({*summary["failed"], *again.failed}, key=lambda s: s.name))
        joined = cache.refresh(joiner, lookup=gazetteer.get, radius_km=gazetteer.radius_km,
                               joiner_id=_extractor_id(joiner), by_group=joiner is join_incidents)
    if joined.unlocated:
        warnings.append(f"{len(joined.unlocated)} place(s) without coordinates left out of places.geojson: "
                        f"{', '.join(joined.unlocated)}")
    by_type = joined.incidents_by_type
    incidents_by_type = {t: by_type[t] for t in EVENT_TYPES if by_type[t]}
    incidents_by_type.update({t: n for t, n in sorted(by_type.items()) if t not in EVENT_TYPES})

    errors: list[str] = []
    map_unchanged = map_written = False
    map_path = out / MAP_NAME
    # The map's inputs: both collections (hashed as they are written), its options and code.
    map_inputs = hashlib.sha256(f"{json.dumps([options.cdn, options.title])}\0{_map_code_version()}\0".encode())
    try:
        with StagedOutputs() as staged:
            # Streamed from the cache to disk: the collections are never whole in memory here.
            # Each feature is checked on its way: an invalid one stops the write, never lands.
            staged.write_chunks(out / INCIDENTS_NAME, _hashed(collection_chunks(
                checked_features(cache.incident_lines(), output=str(out / INCIDENTS_NAME))), map_inputs))
            staged.write_chunks(out / PLACES_NAME, _hashed(collection_chunks(
                checked_features(cache.place_lines(), output=str(out / PLACES_NAME))), map_inputs))
            if online is not None:
                staged.write_text(out / ONLINE_NAME, _online_csv(summary["online_lookups"]))
            unresolved = list(cache.unresolved_rows())
            staged.write_text(out / UNRESOLVED_NAME, _csv_text(["name", "article", "count", "reason", "sentence"],
                                                               unresolved))
            if options.write_map:
                # Rendering is most of a small rebuild: skip it when the map on disk was made
                # from these very inputs by this very map code (and nobody touched the file).
                map_unchanged = cache.map_state() == _map_state(map_inputs.hexdigest(), map_path)
                if map_unchanged:
                    logger.info("map.html unchanged: same incidents, places and map code as when it was written")
                else:
                    # From the cache's feature texts, the very ones just written: no file read back.
                    map_text, problem = _render_map(collection_from_lines(cache.incident_lines()),
                                                    collection_from_lines(cache.place_lines()), options)
                    if problem:
                        errors.append(problem)
                    if map_text is not None:
                        staged.write_text(map_path, map_text)
                        map_written = True
                    del map_text
            outputs = staged.paths
    except OSError as err:
        raise BuildError(f"cannot write the outputs to {out} (previous outputs left whole): {err}") from err
    except InvalidOutputError as err:
        raise BuildError(f"{err}: nothing written (previous outputs left whole); build again with "
                         f"--rebuild") from err
    if map_written:
        cache.set_map_state(_map_state(map_inputs.hexdigest(), map_path))
    if online is None and (out / ONLINE_NAME).exists():
        # Names of an earlier --online build: no place of these outputs came from the service.
        (out / ONLINE_NAME).unlink()
    if map_unchanged:
        outputs.append(map_path)

    totals: Counter = Counter()
    for name, _, count, *_ in unresolved:
        totals[name] += count
    return BuildSummary(
        **summary,
        unresolved=tuple(sorted(totals.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))),
        places=joined.places,
        incidents_by_type=incidents_by_type,
        outputs=tuple(outputs),
        warnings=tuple(warnings),
        errors=tuple(errors),
        map_unchanged=map_unchanged,
    )


def _hashed(chunks, digest) -> Iterator[bytes]:
    """``chunks`` encoded as UTF-8, each also fed to ``digest``."""
    for chunk in chunks:
        data = chunk.encode("utf-8", "surrogatepass")
        digest.update(data)
        yield data


@lru_cache(maxsize=1)
def _map_code_version() -> str:
    """What shapes map.html besides its data: the map stage's declared code and data, and its libraries."""
    from importlib import metadata

    versions = []
    for distribution in ("folium", "branca", "jinja2", "XStatic-Leaflet"):
        try:
            versions.append(f"{distribution}={metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{distribution}=none")
    return stage_fingerprint("geo.map") + ";".join(versions)


def _map_state(inputs: str, path: Path) -> str:
    """The map's inputs and the identity of the file written from them (size, mtime, inode)."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{inputs}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"


def _render_map(incidents_fc: dict, places_fc: dict, options: BuildOptions) -> tuple[str | None, str | None]:
    """``(html, None)``, or ``(None, reason)`` when the map cannot be made (the GeoJSON is still written)."""
    try:
        from geo.map.render import map_html, render_map
    except ImportError as err:
        logger.error("map.html not written: geo.map.render is not available (%s)", err)
        return None, f"map.html not written: geo.map.render is not available ({err})"
    try:
        return map_html(render_map(incidents_fc, places_fc, cdn=options.cdn, title=options.title)), None
    except Exception as err:  # the GeoJSON outputs are still worth writing
        logger.error("map.html not written", exc_info=True)
        return None, f"map.html not updated: {type(err).__name__}: {err}"
