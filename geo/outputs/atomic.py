"""Atomic file outputs: a reader sees the previous file or the new one, never half of either.

Every output is written to a temporary file in the same directory (so the final rename
never crosses a file system), flushed and fsynced, then ``os.replace``-d into place and
the directory fsynced. A build killed at any moment leaves each previous output whole;
the only debris is a hidden temporary file, which :func:`remove_stale_temporaries`
clears on the next run.

Temporary names carry the writer's process id (``.incidents.geojson.4242.k3j9.geo-tmp``)
so that a later run removes only files whose writer is gone, never those of a build
running at the same time.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

_SUFFIX = ".geo-tmp"
_TEMP_RE = re.compile(r"^\..+\.(?P<pid>\d+)\.[0-9a-f]{8}" + re.escape(_SUFFIX) + r"(\.\w+)?$")


def temporary_path(path: Path) -> Path:
    """A fresh hidden temporary name beside ``path``, tagged with this process id."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{_SUFFIX}")


def _fsync_directory(directory: Path) -> None:
    # The rename itself lives in the directory entry: without this a power cut could
    # bring back the old name after os.replace returned.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse directory fsync
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    Parameters
    ----------
    path : Path
        The final file; its directory is created if missing.
    data : bytes
        The whole content.

    Examples
    --------
    >>> atomic_write_bytes(Path("output/incidents.geojson"), b"{}\\n")  # doctest: +SKIP
    """
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically; see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def atomic_path(path: Path, *, keep_suffix: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` atomically.

    For writers that want a file name rather than bytes (GDAL, pyarrow). On an exception
    the temporary file is removed and ``path`` is left untouched.

    Parameters
    ----------
    path : Path
        The final file.
    keep_suffix : bool
        End the temporary name with ``path``'s extension (GDAL chooses its driver, and
        SQLite-based GeoPackage its journal names, from it).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    if keep_suffix:
        tmp = tmp.with_name(tmp.name + path.suffix)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    _fsync_directory(path.parent)
    logger.debug("wrote %s", path)


class StagedOutputs:
    """Outputs staged as fsynced temporaries, then renamed into place together.

    Writing every file first and renaming them all at the end shrinks the window in which
    a killed build leaves a mix of old and new outputs to a few ``rename`` calls; each
    file is whole at every moment.

    Examples
    --------
    >>> with StagedOutputs() as staged:                    # doctest: +SKIP
    ...     staged.write_text(out / "incidents.geojson", text)
    ...     staged.write_text(out / "places.geojson", other)
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Stage ``data`` for ``path`` (written and fsynced now, renamed on commit)."""
        self.write_chunks(path, (data,))

    def write_chunks(self, path: Path, chunks: Iterable[bytes]) -> Path:
        """Stage the concatenation of ``chunks`` for ``path``, written as they come.

        A large output need not be held whole in memory. Returns the staged temporary
        file, which may be read back until :meth:`commit`.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_path(path)
        try:
            with open(tmp, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            _unlink_quietly(tmp)
            raise
        self._staged.append((tmp, path))
        return tmp

    def write_text(self, path: Path, text: str) -> None:
        """Stage ``text`` (UTF-8) for ``path``."""
        self.write_bytes(path, text.encode("utf-8"))

    @property
    def paths(self) -> list[Path]:
        """Final paths of the files staged so far, in staging order."""
        return [path for _, path in self._staged]

    def commit(self) -> list[Path]:
        """Rename every staged file into place; return the final paths in staging order."""
        done = []
        for tmp, path in self._staged:
            os.replace(tmp, path)
            done.append(path)
        for directory in sorted({p.parent for p in done}):
            _fsync_directory(directory)
        self._staged = []
        return done

    def discard(self) -> None:
        """Remove every staged temporary; the previous outputs stay as they were."""
        for tmp, _ in self._staged:
            _unlink_quietly(tmp)
        self._staged = []

    def __enter__(self) -> "StagedOutputs":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temporaries(
    directory: Path, *, alive: Callable[[int], bool] = _process_alive
) -> list[Path]:
    """Delete temporaries left in ``directory`` by writers that no longer run.

    Parameters
    ----------
    directory : Path
        An output folder.
    alive : callable
        ``alive(pid) -> bool``; the default asks the operating system.

    Returns
    -------
    list[Path]
        The files removed, sorted.
    """
    removed = []
    if not Path(directory).is_dir():
        return removed
    for entry in sorted(Path(directory).iterdir()):
        match = _TEMP_RE.match(entry.name)
        if match and entry.is_file() and not alive(int(match["pid"])):
            _unlink_quietly(entry)
            removed.append(entry)
            logger.info("removed %s, left by an interrupted build", entry.name)
    return removed
