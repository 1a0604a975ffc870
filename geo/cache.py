"""The incremental build cache: one SQLite file remembering each article's extraction.

A row per article holds its name, the sha256 of what extraction sees (text and
publication date), and the :class:`~geo.model.ArticleExtraction` as JSON. Rows are valid
only for the code version, gazetteer version and extraction options that made them: a
changed extraction module, a new gazetteer file or ``--online`` re-reads every article.

The file is ours only if it is SQLite with our ``application_id`` and ``user_version``
and the expected table. Anything else (another program's database, a truncated file,
garbage) is moved aside as ``<name>.bad`` with a warning and a fresh cache is built:
a cache is never trusted, only reused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geo
from geo.errors import CacheError
from geo.model import Article, ArticleExtraction

logger = logging.getLogger(__name__)

#: File name of the cache inside the output folder.
CACHE_NAME = ".geo-cache.sqlite"

#: ``PRAGMA application_id``: "GEOc" in ASCII; marks the file as this tool's cache.
APPLICATION_ID = 0x47454F63

#: ``PRAGMA user_version``: bump when the table layout changes.
SCHEMA_VERSION = 1

_SQLITE_MAGIC = b"SQLite format 3\x00"
_LOCK_TIMEOUT_SECONDS = 30.0
_COLUMNS = ("name", "content_sha256", "code_version", "gazetteer_version", "options", "extraction")
_SCHEMA = """
CREATE TABLE articles (
    name TEXT PRIMARY KEY,
    content_sha256 TEXT NOT NULL,
    code_version TEXT NOT NULL,
    gazetteer_version TEXT NOT NULL,
    options TEXT NOT NULL,
    extraction TEXT NOT NULL
)
"""

# Modules whose code cannot change what extraction returns for an article: editing them
# must not throw away the cache. Everything else in geo/ and gazetteer/ counts.
_OUTPUT_SIDE_MODULES = frozenset(
    {
        "geo/__main__.py",
        "geo/atomic.py",
        "geo/cache.py",
        "geo/cli.py",
        "geo/export.py",
        "geo/geojson.py",
        "geo/join.py",
        "geo/pipeline.py",
        "geo/render.py",
        "geo/watch.py",
        # tools run by developers, not by a build
        "geo/evaluate.py",
        "geo/basemap_build.py",
        "gazetteer/build.py",
        # spreads extraction over processes; results are the same by design
        "geo/parallel.py",
    }
)


def source_fingerprint(files: Iterable[Path], *, root: Path) -> str:
    """sha256 over the relative names and bytes of ``files`` (order-independent).

    Parameters
    ----------
    files : iterable of Path
        Source files.
    root : Path
        Names are taken relative to it, so the fingerprint does not depend on where the
        project is installed.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(f) for f in files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """``geo.__version__`` plus a hash of every source file that shapes extraction.

    Editing the extraction, date, article-reading or gazetteer code (or the gazetteer's
    data files) changes this and so invalidates the cache; editing the writers, CLI, map
    or exports does not. Computed once per process.
    """
    root = Path(geo.__file__).resolve().parent.parent
    files = [
        path
        for package in ("geo", "gazetteer")
        for path in (root / package).rglob("*.py")
        if path.relative_to(root).as_posix() not in _OUTPUT_SIDE_MODULES
    ]
    # The gazetteer's data (stop lists beside the place file) shapes what is a place.
    files += [path for path in (root / "gazetteer" / "data").glob("*") if path.is_file()]
    return f"{geo.__version__}+{source_fingerprint(files, root=root)[:16]}"


def content_sha256(article: Article) -> str:
    """sha256 of what extraction sees: the text and the publication date.

    The date counts because a ``dates.csv`` fix changes every relative date of an
    article without touching its file.
    """
    published = article.published.isoformat() if article.published else ""
    return hashlib.sha256(f"{published}\0{article.text}".encode("utf-8", "surrogatepass")).hexdigest()


class BuildCache:
    """Per-article extraction results, valid for one code, gazetteer and options version.

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
    ...     hit = cache.get(article.name, content_sha256(article))
    """

    def __init__(self, path: Path, *, code_version: str, gazetteer_version: str, options: str = "") -> None:
        self.path = Path(path)
        self.code_version = code_version
        self.gazetteer_version = gazetteer_version
        self.options = options
        self.invalidated = 0
        self.warnings: list[str] = []
        self._db = self._open()
        self._drop_other_versions()

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect_checked()
        except CacheError as err:
            message = f"cache {self.path} not used ({err}); moved aside and rebuilt"
            logger.warning(message)
            self.warnings.append(message)
            self._move_aside()
            return self._connect_checked()

    def _connect_checked(self) -> sqlite3.Connection:
        if self.path.exists() and self.path.stat().st_size > 0:
            with open(self.path, "rb") as handle:
                if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                    raise CacheError("not an SQLite file")
        db = None
        try:
            # Another build (geo watch and a manual geo build) may hold the lock for a while.
            db = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT_SECONDS)
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            if application_id == 0 and not tables:
                with db:
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    db.execute(_SCHEMA)
                return db
            if application_id != APPLICATION_ID:
                raise CacheError(f"foreign SQLite file (application_id {application_id:#x})")
            user_version = db.execute("PRAGMA user_version").fetchone()[0]
            if user_version != SCHEMA_VERSION:
                raise CacheError(f"cache schema {user_version}, expected {SCHEMA_VERSION}")
            columns = tuple(r[1] for r in db.execute("PRAGMA table_info(articles)"))
            if columns != _COLUMNS:
                raise CacheError("unexpected table layout")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise CacheError(f"integrity check failed: {check}")
            return db
        except sqlite3.DatabaseError as err:
            if db is not None:
                db.close()
            if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
                raise  # busy, not broken: never move a cache in use aside
            raise CacheError(f"unreadable database: {err}") from err
        except CacheError:
            db.close()
            raise

    def _move_aside(self) -> None:
        bad = self.path.with_name(self.path.name + ".bad")
        os.replace(self.path, bad)
        for suffix in ("-journal", "-wal", "-shm"):
            sidecar = self.path.with_name(self.path.name + suffix)
            if sidecar.exists():
                sidecar.unlink()

    def _drop_other_versions(self) -> None:
        with self._db:
            cursor = self._db.execute(
                "DELETE FROM articles WHERE code_version != ? OR gazetteer_version != ? OR options != ?",
                (self.code_version, self.gazetteer_version, self.options),
            )
        self.invalidated = cursor.rowcount
        if self.invalidated:
            logger.info("cache: %d article(s) made by another code/gazetteer version, re-reading", self.invalidated)

    # -- use -----------------------------------------------------------------------------

    def names(self) -> set[str]:
        """Names of the articles held."""
        return {r[0] for r in self._db.execute("SELECT name FROM articles")}

    def get(self, name: str, sha256: str) -> ArticleExtraction | None:
        """The cached extraction of article ``name`` if its content hash is ``sha256``."""
        row = self._db.execute(
            "SELECT extraction FROM articles WHERE name = ? AND content_sha256 = ?", (name, sha256)
        ).fetchone()
        if row is None:
            return None
        try:
            return ArticleExtraction.from_dict(json.loads(row[0]))
        except (ValueError, KeyError, TypeError) as err:
            # A row this version cannot read is a miss, not a failure: re-extract.
            logger.warning("cache: unreadable entry for %s (%s); re-reading", name, err)
            return None

    def put(self, name: str, sha256: str, extraction: ArticleExtraction) -> None:
        """Store (or replace) the extraction of article ``name``; committed at once.

        Committing per article lets a killed build keep what it already extracted.
        """
        payload = json.dumps(extraction.to_dict(), ensure_ascii=False, sort_keys=True)
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                (name, sha256, self.code_version, self.gazetteer_version, self.options, payload),
            )

    def remove(self, names: Iterable[str]) -> None:
        """Forget the given articles (removed from the articles folder)."""
        with self._db:
            self._db.executemany("DELETE FROM articles WHERE name = ?", [(n,) for n in names])

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> "BuildCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
