"""The build cache's SQLite layout: its tables, how a file is recognised as ours, and migrations.

A file is ours only if it is SQLite with our ``application_id`` and ``user_version`` and the
expected tables. Schemas 2 to 4 gain the file index, the unresolved names and the sources in place; schema 1 (whole extractions as JSON)
is converted by the cache's own callback. Anything else raises :class:`CacheError`, and the
cache moves the file aside.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from geo.errors import CacheError

#: ``PRAGMA application_id``: "GEOc" in ASCII; marks the file as this tool's cache.
APPLICATION_ID = 0x47454F63

#: ``PRAGMA user_version``: bump when the table layout changes.
SCHEMA_VERSION = 5

SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_TIMEOUT_SECONDS = 30.0
SCHEMA_1_COLUMNS = ("name", "content_sha256", "code_version", "gazetteer_version", "options", "extraction")
TABLES = {
    "articles": ("name", "content_sha256", "code_version", "gazetteer_version", "options", "warnings"),
    "incidents": ("article", "event_type", "place_id", "data"),
    "mentions": ("article", "place_id", "name", "mention_article", "mentions", "metonyms"),
    "joined": ("event_type", "place_id", "seq", "undated", "day", "day_end", "incident_id", "rank", "lat",
               "lon", "feature"),
    "places": ("place_id", "fold", "name", "feature"),
    "dirty": ("kind", "event_type", "place_id"),
    "state": ("key", "value"),
    "files": ("name", "size", "mtime_ns", "inode", "ctime_ns", "seen_ns", "read_on", "published",
              "content_sha256", "duplicate_sha256"),
    "unresolved": ("article", "name", "reason", "mentions", "sentence"),
    "sources": ("article", "source"),
}
SCHEMA = """
CREATE TABLE articles (
    name TEXT PRIMARY KEY,
    content_sha256 TEXT NOT NULL,
    code_version TEXT NOT NULL,
    gazetteer_version TEXT NOT NULL,
    options TEXT NOT NULL,
    warnings TEXT NOT NULL
);
CREATE TABLE incidents (article TEXT NOT NULL, event_type TEXT NOT NULL, place_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX incidents_by_article ON incidents (article);
CREATE INDEX incidents_by_group ON incidents (event_type, place_id);
CREATE TABLE mentions (
    article TEXT NOT NULL, place_id TEXT NOT NULL, name TEXT NOT NULL, mention_article TEXT NOT NULL,
    mentions INTEGER NOT NULL, metonyms INTEGER NOT NULL
);
CREATE INDEX mentions_by_article ON mentions (article);
CREATE INDEX mentions_by_place ON mentions (place_id);
CREATE TABLE joined (
    event_type TEXT NOT NULL, place_id TEXT NOT NULL, seq INTEGER NOT NULL, undated INTEGER NOT NULL,
    day TEXT NOT NULL, day_end TEXT NOT NULL, incident_id TEXT NOT NULL, rank TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, feature TEXT NOT NULL
);
CREATE INDEX joined_by_group ON joined (event_type, place_id);
CREATE INDEX joined_by_place ON joined (place_id);
CREATE TABLE places (place_id TEXT PRIMARY KEY, fold TEXT NOT NULL, name TEXT NOT NULL, feature TEXT);
CREATE TABLE dirty (kind TEXT NOT NULL, event_type TEXT NOT NULL, place_id TEXT NOT NULL,
                    PRIMARY KEY (kind, event_type, place_id));
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, seen_ns INTEGER NOT NULL, read_on TEXT NOT NULL, published TEXT NOT NULL,
    content_sha256 TEXT NOT NULL, duplicate_sha256 TEXT NOT NULL
);
CREATE TABLE unresolved (
    article TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL, mentions INTEGER NOT NULL, sentence TEXT NOT NULL
);
CREATE INDEX unresolved_by_article ON unresolved (article);
CREATE TABLE sources (article TEXT PRIMARY KEY, source TEXT NOT NULL);
"""
FILES_TABLE = SCHEMA[SCHEMA.index("CREATE TABLE files"):SCHEMA.index("CREATE TABLE unresolved")]
UNRESOLVED_TABLE = SCHEMA[SCHEMA.index("CREATE TABLE unresolved"):SCHEMA.index("CREATE TABLE sources")]
SOURCES_TABLE = SCHEMA[SCHEMA.index("CREATE TABLE sources"):]


def connect_checked(path: Path, *, upgrade_schema_1: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """Open the cache at ``path``, creating or upgrading its tables; :class:`CacheError` if it is not ours.

    ``upgrade_schema_1`` converts a cache of the first layout in place (it needs the cache's row
    encoding, which this module does not know).
    """
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise CacheError("not an SQLite file")
    db = None
    try:
        # Another build (geo watch and a manual geo build) may hold the lock for a while.
        db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_SECONDS, isolation_level=None)
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if application_id == 0 and not tables:
            create(db)
            return db
        if application_id != APPLICATION_ID:
            raise CacheError(f"foreign SQLite file (application_id {application_id:#x})")
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
        if user_version == 1 and columns(db, "articles") == SCHEMA_1_COLUMNS:
            check_integrity(db)
            upgrade_schema_1(db)
            return db
        if user_version in (2, 3, 4):
            # Schema 3 only adds the file index, schema 4 the unresolved names, schema 5 the
            # sources. Articles held without a source are extracted again (their hash is
            # dropped), and the joined state, which lacks the sources, is made anew.
            db.execute("BEGIN IMMEDIATE")
            if user_version == 2 and not columns(db, "files"):
                db.execute(FILES_TABLE)
            if not columns(db, "unresolved"):
                for statement in UNRESOLVED_TABLE.split(";"):
                    if statement.strip():
                        db.execute(statement)
            if not columns(db, "sources"):
                db.execute(SOURCES_TABLE)
                db.execute("UPDATE articles SET content_sha256 = ''")
                db.execute("DELETE FROM state WHERE key = 'joined'")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
            user_version = SCHEMA_VERSION
        if user_version != SCHEMA_VERSION:
            raise CacheError(f"cache schema {user_version}, expected {SCHEMA_VERSION}")
        for table, expected in TABLES.items():
            if columns(db, table) != expected:
                raise CacheError(f"unexpected layout of table {table}")
        check_integrity(db)
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


def columns(db: sqlite3.Connection, table: str) -> tuple[str, ...]:
    """Column names of ``table`` (empty when it does not exist)."""
    return tuple(r[1] for r in db.execute(f"PRAGMA table_info({table})"))


def check_integrity(db: sqlite3.Connection) -> None:
    """:class:`CacheError` unless SQLite's quick check passes."""
    check = db.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise CacheError(f"integrity check failed: {check}")


def create(db: sqlite3.Connection) -> None:
    """Make a new, empty cache in ``db``."""
    db.execute("BEGIN IMMEDIATE")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    create_tables(db)
    db.execute("COMMIT")


def create_tables(db: sqlite3.Connection) -> None:
    """The tables of the current layout, and its version number (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
