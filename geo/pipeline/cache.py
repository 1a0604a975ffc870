"""The incremental build cache: one SQLite file holding what each article contributes.

Per article it keeps the sha256 of what extraction sees (text and publication date), its
incidents (compact JSON rows, evidence included) and its place mentions *counted* per
place, spelling and article (the character spans of every mention are not needed by any
output, and were most of the memory and disk of a large build). Rows are valid only for
the code version, gazetteer version and extraction options that made them: a changed
extraction module, a new gazetteer file or ``--online`` re-reads every article.

It also keeps the build's *joined state*: the joined incidents of each
``(event_type, place_id)`` group and each place's feature, as the exact GeoJSON lines
the outputs are made of. Adding, changing or removing an article marks only the groups
and places it touches as dirty; the next build re-joins those from their rows and
re-uses every other line, so the outputs are byte-identical to a build from scratch at
a cost that grows with the change, not with the corpus (see :meth:`BuildCache.refresh`).

The file is ours only if it is SQLite with our ``application_id`` and ``user_version``
and the expected tables. A cache of the previous layout (schema 1, whole extractions as
JSON) is converted in place once. Anything else (another program's database, a
truncated file, garbage) is moved aside as ``<name>.bad`` with a warning and a fresh
cache is built: a cache is never trusted, only reused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path

from geo.pipeline.cache_schema import TABLES, connect_checked, create_tables
from geo.pipeline.fingerprint import stage_fingerprint
from geo.version import __version__
from geo.errors import CacheError
from geo.outputs.geojson import incident_feature, place_feature, summarise_place
from geo.model import Article, ArticleExtraction, Incident, Source

logger = logging.getLogger(__name__)

#: File name of the cache inside the output folder.
CACHE_NAME = ".geo-cache.sqlite"

#: Extractions are committed at least this often (seconds): a killed build keeps what it
#: extracted until then, without paying one disk sync per article.
COMMIT_SECONDS = 1.0

#: The cache's own code shapes the joined state it keeps (see :func:`joined_state_version`).
OUTPUT_DEPENDS_ON = (__name__,)



@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version plus the fingerprint of what reading and extraction depend on.

    The stages declare it (``geo.read`` and ``geo.extract``'s ``OUTPUT_DEPENDS_ON``): their
    modules, everything of this project those import (the gazetteer included) and the data
    files such modules declare. Editing the writers, CLI, map or exports changes nothing here.
    """
    return f"{__version__}+{stage_fingerprint('geo.read', 'geo.extract')[:16]}"


@lru_cache(maxsize=1)
def joined_state_version() -> str:
    """A fingerprint of the code that makes the joined state: the join, GeoJSON features, this cache."""
    return stage_fingerprint("geo.join", "geo.outputs", __name__)[:16]


def content_sha256(article: Article) -> str:
    """sha256 of what extraction sees: the text and the publication date.

    The date counts because a ``dates.csv`` fix changes every relative date of an
    article without touching its file.
    """
    published = article.published.isoformat() if article.published else ""
    if article.streamed is not None:
        # A huge file's text is not held (geo.read.stream): its hash, taken as it was read, stands for it.
        return hashlib.sha256(f"{published}\0streamed\0{article.streamed.sha256}".encode()).hexdigest()
    return hashlib.sha256(f"{published}\0{article.text}".encode("utf-8", "surrogatepass")).hexdigest()


# --- compact rows --------------------------------------------------------------------------

def incident_row(incident: Incident) -> str:
    """One incident as the model serialises it (:meth:`~geo.model.Incident.to_record`), as compact JSON."""
    return json.dumps(incident.to_record(), ensure_ascii=False, separators=(",", ":"))


def incident_from_row(row: str) -> Incident:
    """Inverse of :func:`incident_row`."""
    return Incident.from_record(json.loads(row))


def _mention_counts(extraction: ArticleExtraction) -> list[tuple]:
    """``(place_id, name, article, mentions, metonyms)`` per place, spelling and article."""
    counts: Counter = Counter()
    metonyms: Counter = Counter()
    for mention in extraction.mentions:
        key = (mention.place_id, mention.name, mention.article)
        counts[key] += 1
        metonyms[key] += bool(mention.metonym)
    return [(*key, n, metonyms[key]) for key, n in sorted(counts.items())]


def _unresolved_counts(extraction: ArticleExtraction) -> list[tuple]:
    """``(name, reason, mentions, first sentence)`` per name the article left without a place."""
    rows: dict[str, list] = {}
    for u in extraction.unresolved:
        row = rows.setdefault(u.name, [u.name, u.reason, 0, u.sentence])
        row[2] += 1
    return [tuple(row) for _, row in sorted(rows.items())]


# Rows whose values a build could not use: wrong types, or text that is not the JSON the
# cache wrote (each query gives the article the row belongs to).
_DAMAGED_ARTICLE_QUERIES = (
    "SELECT name FROM articles WHERE typeof(name) != 'text' OR typeof(content_sha256) != 'text' "
    "OR typeof(warnings) != 'text' OR NOT json_valid(warnings) OR json_type(warnings) != 'array'",
    "SELECT article FROM incidents WHERE typeof(article) != 'text' OR typeof(event_type) != 'text' "
    "OR typeof(place_id) != 'text' OR typeof(data) != 'text' OR NOT json_valid(data) OR json_type(data) != 'array'",
    "SELECT article FROM mentions WHERE typeof(article) != 'text' OR typeof(place_id) != 'text' "
    "OR typeof(name) != 'text' OR typeof(mention_article) != 'text' OR typeof(mentions) != 'integer' "
    "OR typeof(metonyms) != 'integer'",
    "SELECT article FROM unresolved WHERE typeof(article) != 'text' OR typeof(name) != 'text' "
    "OR typeof(reason) != 'text' OR typeof(mentions) != 'integer' OR typeof(sentence) != 'text'",
)
_FEATURE_DAMAGED = (
    "typeof({0}) != 'text' OR NOT json_valid({0}) OR json_extract({0}, '$.type') IS NOT 'Feature' "
    "OR json_type({0}, '$.properties') IS NOT 'object' OR json_extract({0}, '$.geometry.type') IS NOT 'Point' "
    "OR json_type({0}, '$.geometry.coordinates[0]') NOT IN ('real', 'integer') "
    "OR json_type({0}, '$.geometry.coordinates[1]') NOT IN ('real', 'integer')"
)
_DAMAGED_JOINED_QUERIES = (
    "SELECT 1 FROM joined WHERE typeof(event_type) != 'text' OR typeof(place_id) != 'text' "
    "OR typeof(seq) != 'integer' OR typeof(day) != 'text' OR typeof(day_end) != 'text' "
    "OR typeof(incident_id) != 'text' OR typeof(rank) != 'text' OR NOT json_valid(rank) "
    "OR typeof(lat) NOT IN ('real', 'integer') OR typeof(lon) NOT IN ('real', 'integer') OR "
    + _FEATURE_DAMAGED.format("feature") + " LIMIT 1",
    "SELECT 1 FROM places WHERE typeof(place_id) != 'text' OR typeof(fold) != 'text' OR typeof(name) != 'text' "
    "OR (feature IS NOT NULL AND (" + _FEATURE_DAMAGED.format("feature") + ")) LIMIT 1",
)
_DAMAGED_FILES_QUERY = (
    "SELECT rowid FROM files WHERE typeof(name) != 'text' OR typeof(size) != 'integer' "
    "OR typeof(mtime_ns) != 'integer' OR typeof(inode) != 'integer' OR typeof(ctime_ns) != 'integer' "
    "OR typeof(seen_ns) != 'integer' OR typeof(read_on) != 'text' OR typeof(published) != 'text' "
    "OR typeof(content_sha256) != 'text' OR typeof(duplicate_sha256) != 'text'"
)


def cache_failure(path: Path, err: Exception) -> str:
    """One line saying what is wrong with the cache at ``path`` and what to do, for ``err``.

    Examples
    --------
    >>> cache_failure(Path("out/.geo-cache.sqlite"), sqlite3.OperationalError("database is locked"))  # doctest: +SKIP
    'the build cache out/.geo-cache.sqlite is in use by another build (geo watch?): wait for it, or build into another --out'
    """
    path = Path(path)
    folder = path.parent
    text = str(err)
    if path.is_dir():
        return f"the build cache {path} is a folder, not a file: remove or rename it (it is only a cache)"
    if "locked" in text or "busy" in text:
        return f"the build cache {path} is in use by another build (geo watch?): wait for it, or build into another --out"
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return f"the output folder {folder} is read-only: make it writable, or build into another --out"
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return f"the build cache {path} is read-only: make it writable, or delete it (it is only a cache)"
    if "readonly" in text or "read-only" in text:
        return f"the build cache {path} cannot be written ({text}): make {folder} writable, or build into another --out"
    if "full" in text or "disk I/O" in text or isinstance(err, OSError):
        return f"the build cache {path} failed ({text}): check the disk holding {folder} (full? failing?)"
    return f"the build cache {path} failed ({text}): delete it (it is only a cache) and build again"


@dataclass(frozen=True)
class JoinedOutputs:
    """What the joined state holds: incidents per type, places (located), places without coordinates.

    The features themselves are read with :meth:`BuildCache.incident_lines` and
    :meth:`BuildCache.place_lines`.
    """

    incidents_by_type: Counter
    places: int
    unlocated: list[str]
    #: Articles whose stored rows could not be read: forgotten, to be extracted again.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileRecord:
    """An article file as it was when read: its ``os.stat`` identity and what reading it gave.

    A file whose size, mtime, inode and ctime are unchanged is not read again (see
    :func:`geo.pipeline.run.run_build` for when this shortcut applies).
    """

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int
    #: When the file was listed (ns since the epoch): a file modified in the same instant
    #: may keep its mtime, so a record is trusted only for files older than that.
    seen_ns: int
    #: The day it was read: reading judges dates against today.
    read_on: str
    published: str
    content_sha256: str
    duplicate_sha256: str


class BuildCache:
    """Per-article extraction results and the joined state, for one code, gazetteer and options version.

    Parameters
    ----------
    path : Path
        The SQLite file (usually ``output/.geo-cache.sqlite``); created if missing.
    code_version, gazetteer_version : str
        Rows made under other versions are deleted on open (counted in ``invalidated``).
    options : str
        Extraction options that change results (e.g. ``"online=1"``).

    Attributes
    ----------
    invalidated : int
        Rows deleted on open because a version or the options changed.
    warnings : list of str
        What was wrong with the file found at ``path``, if anything.

    Examples
    --------
    >>> with BuildCache(out / CACHE_NAME, code_version=v, gazetteer_version=g) as cache:  # doctest: +SKIP
    ...     if cache.hashes().get(article.name) != content_sha256(article):
    ...         cache.put(article.name, content_sha256(article), extract_article(article, gaz))
    ...     outputs = cache.refresh(join_incidents, lookup=gaz.get)
    """

    def __init__(self, path: Path, *, code_version: str, gazetteer_version: str, options: str = "") -> None:
        self.path = Path(path)
        self.code_version = code_version
        self.gazetteer_version = gazetteer_version
        self.options = options
        self.invalidated = 0
        self.warnings: list[str] = []
        self._last_commit = time.monotonic()
        self._unreadable: set[str] = set()
        self._db = self._open()
        # A cache that can be read but not written would fail only after the extraction.
        self._begin()
        self._set_state("opened", __version__)
        self.flush()
        self._drop_other_versions()
        self._drop_damaged_rows()

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return connect_checked(self.path, upgrade_schema_1=self._upgrade_from_schema_1)
        except CacheError as err:
            message = f"cache {self.path} not used ({err}); moved aside and rebuilt"
            logger.warning(message)
            self.warnings.append(message)
            self._move_aside()
            return connect_checked(self.path, upgrade_schema_1=self._upgrade_from_schema_1)

    def _upgrade_from_schema_1(self, db: sqlite3.Connection) -> None:
        """Convert a cache of the previous layout (whole extractions as JSON) in place, once."""
        logger.info("cache: converting %s to the compact layout (once)", self.path)
        db.execute("BEGIN IMMEDIATE")
        db.execute("ALTER TABLE articles RENAME TO articles_schema_1")
        create_tables(db)
        rows = db.execute("SELECT name, content_sha256, code_version, gazetteer_version, options, extraction "
                          "FROM articles_schema_1")
        for name, sha, code, gazetteer, options, payload in rows.fetchall():
            try:
                extraction = ArticleExtraction.from_dict(json.loads(payload))
            except (ValueError, KeyError, TypeError):
                continue  # unreadable: that article is simply extracted again
            self._insert(db, name, sha, extraction, versions=(code, gazetteer, options))
        db.execute("DROP TABLE articles_schema_1")
        db.execute("COMMIT")
        db.execute("VACUUM")

    def _move_aside(self) -> None:
        bad = self.path.with_name(self.path.name + ".bad")
        os.replace(self.path, bad)
        for suffix in ("-journal", "-wal", "-shm"):
            sidecar = self.path.with_name(self.path.name + suffix)
            if sidecar.exists():
                sidecar.unlink()

    def _drop_other_versions(self) -> None:
        versions = (self.code_version, self.gazetteer_version, self.options)
        where = "code_version != ? OR gazetteer_version != ? OR options != ?"
        self._begin()
        stale = [r[0] for r in self._db.execute(f"SELECT name FROM articles WHERE {where}", versions)]
        total = self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
        if stale and len(stale) == total:
            # Usually everything (new code or gazetteer): start afresh in a few statements.
            for table in ("articles", "incidents", "mentions", "unresolved", "joined", "places", "dirty", "sources"):
                self._db.execute(f"DELETE FROM {table}")
            self._db.execute("DELETE FROM state WHERE key = 'joined'")
        else:
            self._delete_articles(stale)
        self._db.execute("COMMIT")
        self.invalidated = len(stale)
        if self.invalidated:
            logger.info("cache: %d article(s) made by another code/gazetteer version, re-reading", self.invalidated)

    def _drop_damaged_rows(self) -> None:
        """Check every row's types and JSON (SQLite's own checks cannot see a damaged value).

        An article with a bad row is forgotten, so the build reads it again; a bad joined
        or place row drops the whole joined state, so it is joined again from the articles'
        rows (which are checked here too). Nothing damaged reaches an output.
        """
        damaged = sorted({r[0] for query in _DAMAGED_ARTICLE_QUERIES for r in self._db.execute(query)}, key=str)
        joined_damaged = any(self._db.execute(query).fetchone() for query in _DAMAGED_JOINED_QUERIES)
        files_damaged = self._db.execute(_DAMAGED_FILES_QUERY).fetchall()
        if not (damaged or joined_damaged or files_damaged):
            return
        self._begin()
        if damaged:
            self._delete_articles(damaged)
            # A name that is not text cannot be an article's: its rows go whatever they hold.
            for table, column in (("articles", "name"), ("incidents", "article"), ("mentions", "article"),
                                  ("unresolved", "article")):
                self._db.execute(f"DELETE FROM {table} WHERE typeof({column}) != 'text'")
            names = ", ".join(str(n) for n in damaged[:10]) + (f" and {len(damaged) - 10} more" if len(damaged) > 10 else "")
            self._warn(f"cache {self.path}: damaged rows of {names} dropped; read again")
        if joined_damaged:
            self._db.execute("DELETE FROM state WHERE key = 'joined'")
            self._warn(f"cache {self.path}: damaged joined rows dropped; joined again from the articles")
        if files_damaged:
            self._db.executemany("DELETE FROM files WHERE rowid = ?", files_damaged)
        self.flush()

    def _warn(self, message: str) -> None:
        logger.warning(message)
        self.warnings.append(message)

    # -- transactions --------------------------------------------------------------------

    def _begin(self) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")

    def flush(self) -> None:
        """Commit what was stored so far."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._last_commit = time.monotonic()

    # -- articles ------------------------------------------------------------------------

    def names(self) -> set[str]:
        """Names of the articles held."""
        return {r[0] for r in self._db.execute("SELECT name FROM articles")}

    def hashes(self) -> dict[str, str]:
        """``name -> content sha256`` of every article held, in one query."""
        return dict(self._db.execute("SELECT name, content_sha256 FROM articles"))

    def put(self, name: str, sha256: str, extraction: ArticleExtraction, *, reusable: bool = True,
            source: Source | None = None) -> None:
        """Store (or replace) what article ``name`` contributes to the outputs.

        ``source`` (title, outlet, address of the article) goes into each of its incidents'
        ``sources``; ``sha256`` must change when it does (see ``geo.pipeline.run``).

        Stored rows are committed within :data:`COMMIT_SECONDS`, so a killed build keeps
        what it already extracted. With ``reusable=False`` the rows take part in this
        build's outputs but the next build extracts the article again (e.g. after failed
        online lookups, which may succeed later).
        """
        self._begin()
        self._delete_articles([name])
        self._insert(self._db, name, sha256 if reusable else "", extraction,
                     versions=(self.code_version, self.gazetteer_version, self.options))
        if source is not None:
            self._db.execute("INSERT INTO sources VALUES (?, ?)",
                             (name, json.dumps(source.to_dict(), ensure_ascii=False, sort_keys=True)))
        if time.monotonic() - self._last_commit >= COMMIT_SECONDS:
            self.flush()

    def remove(self, names: Iterable[str]) -> None:
        """Forget the given articles (removed from the articles folder)."""
        self._begin()
        self._delete_articles(list(names))
        self.flush()

    def append(self, name: str, extraction: ArticleExtraction) -> None:
        """Add the rows of one more part of article ``name``, stored first with :meth:`put`
        (``reusable=False``) and made reusable with :meth:`set_reusable` once whole: a huge
        article's extraction is never held whole in memory (:mod:`geo.pipeline.parts`)."""
        self._begin()
        self._insert_rows(self._db, name, extraction)
        if time.monotonic() - self._last_commit >= COMMIT_SECONDS:
            self.flush()

    def set_reusable(self, name: str, sha256: str) -> None:
        """Record the content hash under which article ``name``'s rows are reused by later builds."""
        self._begin()
        self._db.execute("UPDATE articles SET content_sha256 = ? WHERE name = ?", (sha256, name))

    def _insert(self, db, name, sha256, extraction, *, versions) -> None:
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                   (name, sha256, *versions, json.dumps(list(extraction.warnings), ensure_ascii=False)))
        self._insert_rows(db, name, extraction)

    def _insert_rows(self, db, name, extraction) -> None:
        db.executemany("INSERT INTO incidents VALUES (?, ?, ?, ?)",
                       [(name, i.event_type, i.place_id, incident_row(i)) for i in extraction.incidents])
        counts = _mention_counts(extraction)
        db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?)", [(name, *row) for row in counts])
        db.executemany("INSERT INTO unresolved VALUES (?, ?, ?, ?, ?)", [(name, *row) for row in _unresolved_counts(extraction)])
        self._mark_dirty(db, {(i.event_type, i.place_id) for i in extraction.incidents},
                         {row[0] for row in counts})

    def _delete_articles(self, names: list[str]) -> None:
        db = self._db
        for name in names:
            groups = set(db.execute("SELECT event_type, place_id FROM incidents WHERE article = ?", (name,)))
            places = {r[0] for r in db.execute("SELECT place_id FROM mentions WHERE article = ?", (name,))}
            self._mark_dirty(db, groups, places)
            db.execute("DELETE FROM incidents WHERE article = ?", (name,))
            db.execute("DELETE FROM mentions WHERE article = ?", (name,))
            db.execute("DELETE FROM unresolved WHERE article = ?", (name,))
            db.execute("DELETE FROM sources WHERE article = ?", (name,))
            db.execute("DELETE FROM articles WHERE name = ?", (name,))

    @staticmethod
    def _mark_dirty(db, groups: set[tuple[str, str]], places: set[str]) -> None:
        # A place's feature takes its coordinates from its incidents when the gazetteer
        # lacks it, so a changed incident group dirties its place too.
        places = places | {place_id for _, place_id in groups}
        db.executemany("INSERT OR IGNORE INTO dirty VALUES ('group', ?, ?)", sorted(groups))
        db.executemany("INSERT OR IGNORE INTO dirty VALUES ('place', '', ?)", [(p,) for p in sorted(places)])

    # -- file index ----------------------------------------------------------------------

    def file_index(self) -> dict[str, FileRecord]:
        """What was recorded of each article file when it was last read, by name.

        Only valid for this code version (reading code may have changed): empty otherwise.
        """
        if self._state("files") != self.code_version:
            return {}
        return {row[0]: FileRecord(*row[1:]) for row in self._db.execute("SELECT * FROM files")}

    def update_file_index(self, records: dict[str, FileRecord], *, keep: Iterable[str]) -> None:
        """Store ``records`` and forget every file neither in them nor in ``keep``."""
        self._begin()
        if self._state("files") != self.code_version:
            self._db.execute("DELETE FROM files")
            self._set_state("files", self.code_version)
        wanted = set(records) | set(keep)
        gone = [(name,) for (name,) in self._db.execute("SELECT name FROM files") if name not in wanted]
        self._db.executemany("DELETE FROM files WHERE name = ?", gone)
        self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [(name, *astuple(record)) for name, record in sorted(records.items())])
        self.flush()

    # -- joined state --------------------------------------------------------------------

    def _state(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_state(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    def note(self, key: str) -> str | None:
        """A value the build recorded with :meth:`set_note` (e.g. the user places it was made with)."""
        return self._state(f"note:{key}")

    def set_note(self, key: str, value: str) -> None:
        """Record ``value`` under ``key`` until the next :meth:`set_note` of that key."""
        self._begin()
        self._set_state(f"note:{key}", value)
        self.flush()

    def map_state(self) -> str | None:
        """What :meth:`set_map_state` recorded after the last map was written."""
        return self._state("map")

    def set_map_state(self, value: str) -> None:
        """Record what the map written last was made from (see :func:`geo.pipeline.run.run_build`)."""
        self._begin()
        self._set_state("map", value)
        self.flush()

    def refresh(
        self,
        joiner: Callable[[Iterable[Incident]], list[Incident]],
        *,
        lookup: Callable[[str], object | None],
        joiner_id: str,
        by_group: bool,
        radius_km: Callable[[object], float] | None = None,
    ) -> JoinedOutputs:
        """Bring the joined state up to date with the articles held; return the outputs' content.

        Parameters
        ----------
        joiner : callable
            ``joiner(incidents) -> list[Incident]``, usually :func:`geo.join.join_incidents`.
        lookup : callable
            ``lookup(place_id) -> Place | None`` (``Gazetteer.get``).
        joiner_id : str
            Names the joiner; state made by another joiner or another version of the
            joining code is recomputed whole.
        by_group : bool
            The joiner joins each ``(event_type, place_id)`` group on its own (true of
            :func:`geo.join.join_incidents`, see :func:`geo.join.join_group`): only dirty
            groups are re-joined. Otherwise every incident is joined again, in one call.
        radius_km : callable, optional
            ``radius_km(place) -> km`` (``Gazetteer.radius_km``): the incidents'
            ``place_radius_km`` (see :func:`geo.outputs.geojson.incident_feature`).

        Returns
        -------
        JoinedOutputs
            Identical to what joining every article's incidents from scratch gives.
        """
        state = f"{joiner_id}|{joined_state_version()}|{int(by_group)}|{int(radius_km is not None)}"
        self._begin()
        whole = not by_group or self._state("joined") != state
        if whole:
            self._db.execute("DELETE FROM joined")
            self._db.execute("DELETE FROM places")
            self._rejoin_all(joiner, by_group=by_group, radius_km=radius_km)
            places = [r[0] for r in self._db.execute("SELECT DISTINCT place_id FROM mentions")]
        else:
            groups = list(self._db.execute("SELECT event_type, place_id FROM dirty WHERE kind = 'group'"))
            for group in groups:
                self._db.execute("DELETE FROM joined WHERE event_type = ? AND place_id = ?", group)
                rows = self._db.execute(
                    "SELECT article, data FROM incidents WHERE event_type = ? AND place_id = ?", group)
                incidents = [i for i in (self._decode(*row) for row in rows) if i is not None]
                if incidents:
                    self._store_joined(joiner(incidents), ranked=True, radius_km=radius_km)
            places = [r[0] for r in self._db.execute("SELECT place_id FROM dirty WHERE kind = 'place'")]
            # Places the gazetteer lacks take coordinates from incidents: cheap to redo, always.
            places += [r[0] for r in self._db.execute("SELECT place_id FROM places")
                       if lookup(r[0]) is None]
        for place_id in sorted(set(places)):
            self._refresh_place(place_id, lookup)
        self._db.execute("DELETE FROM dirty")
        unreadable = tuple(sorted(self._unreadable))
        if unreadable:
            # Forgetting them dirties their groups again: the caller extracts them anew
            # and refreshes once more, which re-joins those groups with every row.
            logger.warning("cache: unreadable rows of %s; extracting again", ", ".join(unreadable))
            self._delete_articles(list(unreadable))
            self._unreadable.clear()
        self._set_state("joined", state)
        self.flush()
        outputs = self._outputs()
        return JoinedOutputs(**{**outputs.__dict__, "unreadable": unreadable})

    def _decode(self, article: str, data: str) -> Incident | None:
        try:
            return incident_from_row(data)
        except Exception as err:  # any row this code cannot read back, whatever it holds
            # A row this version cannot read is a miss, not a failure: re-extract.
            logger.debug("cache: unreadable incident row of %s: %s", article, err)
            self._unreadable.add(article)
            return None

    def _rejoin_all(self, joiner, *, by_group: bool, radius_km) -> None:
        rows = self._db.execute(
            "SELECT event_type, place_id, article, data FROM incidents ORDER BY event_type, place_id, rowid").fetchall() \
            if not by_group else self._db.execute(
                "SELECT event_type, place_id, article, data FROM incidents ORDER BY event_type, place_id, rowid")
        if not by_group:
            incidents = [self._decode(article, data) for _, _, article, data in rows]
            self._store_joined(joiner([i for i in incidents if i is not None]), ranked=False, radius_km=radius_km)
            return
        # One group in memory at a time, however large the corpus.
        group, key = [], None
        for event_type, place_id, article, data in rows:
            if (event_type, place_id) != key and group:
                self._store_joined(joiner(group), ranked=True, radius_km=radius_km)
                group = []
            key = (event_type, place_id)
            incident = self._decode(article, data)
            if incident is not None:
                group.append(incident)
        if group:
            self._store_joined(joiner(group), ranked=True, radius_km=radius_km)

    def _sources_of(self, incidents: list[Incident]) -> dict[str, Source]:
        names = sorted({a for i in incidents for a in i.articles})
        found = {}
        for start in range(0, len(names), 500):
            chunk = names[start:start + 500]
            for article, text in self._db.execute(
                    f"SELECT article, source FROM sources WHERE article IN ({', '.join('?' * len(chunk))})", chunk):
                found[article] = Source.from_dict(json.loads(text))
        return found

    def _store_joined(self, incidents: list[Incident], *, ranked: bool, radius_km=None) -> None:
        """Insert joined incidents; ``rank`` orders them as the joiner's whole output would."""
        rows = []
        sources = self._sources_of(incidents)
        for seq, i in enumerate(incidents):
            # join_incidents orders its output by (undated, date, type, place, id); a
            # joiner run once over everything orders by its output position.
            rank = [i.date is None, i.date.isoformat() if i.date else "", i.event_type, i.place.name, i.id, seq] \
                if ranked else [seq]
            feature = json.dumps(incident_feature(i, sources=sources, radius_km=radius_km), ensure_ascii=False,
                                 allow_nan=False)
            rows.append((i.event_type, i.place_id, seq, i.date is None, i.date.isoformat() if i.date else "",
                         i.date_end.isoformat() if i.date_end else "", i.id, json.dumps(rank), i.place.lat, i.place.lon,
                         feature))
        self._db.executemany(f"INSERT INTO joined VALUES ({', '.join('?' * len(TABLES['joined']))})", rows)

    def _refresh_place(self, place_id: str, lookup) -> None:
        self._db.execute("DELETE FROM places WHERE place_id = ?", (place_id,))
        rows = list(self._db.execute(
            "SELECT name, mention_article, mentions, metonyms FROM mentions WHERE place_id = ?", (place_id,)))
        if not rows:
            return
        names: Counter = Counter()
        for name, _, n, _ in rows:
            names[name] += n
        known = {}
        if lookup(place_id) is None:
            located = [(json.loads(rank), (lat, lon)) for rank, lat, lon in self._db.execute(
                "SELECT rank, lat, lon FROM joined WHERE place_id = ?", (place_id,))]
            if located:
                known[place_id] = max(located)[1]  # the last in the joiner's order, as a dict keeps it
        summary = summarise_place(
            place_id, names=names, mentions=sum(r[2] for r in rows), metonym_mentions=sum(r[3] for r in rows),
            articles={r[1] for r in rows}, lookup=lookup, known_coordinates=known)
        if summary is None:
            self._db.execute("INSERT INTO places VALUES (?, '', '', NULL)", (place_id,))
            return
        feature = json.dumps(place_feature(summary), ensure_ascii=False, allow_nan=False)
        self._db.execute("INSERT INTO places VALUES (?, ?, ?, ?)",
                         (place_id, summary.name.casefold(), summary.name, feature))

    def _outputs(self) -> JoinedOutputs:
        by_type = Counter(dict(self._db.execute("SELECT event_type, count(*) FROM joined GROUP BY event_type")))
        places = self._db.execute("SELECT count(*) FROM places WHERE feature IS NOT NULL").fetchone()[0]
        unlocated = [r[0] for r in self._db.execute("SELECT place_id FROM places WHERE feature IS NULL ORDER BY place_id")]
        return JoinedOutputs(incidents_by_type=by_type, places=places, unlocated=unlocated)

    # SQLite's default (BINARY) collation compares UTF-8 bytes, which orders text by code
    # point exactly as Python compares str: these orders are geojson's sort keys.

    def incident_lines(self) -> Iterator[str]:
        """The joined incidents' GeoJSON features, one JSON text each, in output order.

        The order of :func:`geo.outputs.geojson.incidents_collection`: undated last, then date,
        end date, event type, place id, id.
        """
        for (feature,) in self._db.execute(
                "SELECT feature FROM joined ORDER BY undated, day, day_end, event_type, place_id, incident_id, seq"):
            yield feature

    def unresolved_rows(self) -> Iterator[tuple[str, str, int, str, str]]:
        """``(name, article, mentions, reason, sentence)`` of every name left without a place,
        by name (case-folded) and article."""
        rows = self._db.execute("SELECT name, article, mentions, reason, sentence FROM unresolved")
        yield from sorted(rows, key=lambda r: (r[0].casefold(), r[0], r[1]))

    def place_lines(self) -> Iterator[str]:
        """The places' GeoJSON features in output order (name case-folded, name, id); located ones only."""
        for (feature,) in self._db.execute(
                "SELECT feature FROM places WHERE feature IS NOT NULL ORDER BY fold, name, place_id"):
            yield feature

    # -- closing -------------------------------------------------------------------------

    def close(self) -> None:
        """Commit and close the database."""
        try:
            self.flush()
        finally:
            self._db.close()

    def __enter__(self) -> "BuildCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
