"""What an articles folder holds: every entry, read or not, each unread one with its reason.

:func:`list_folder` walks the folder once. Regular files (and links to files inside the
folder) are listed with their ``os.stat``; every other entry a user put there is named
in :attr:`FolderListing.unread` with the reason it is not read, so nothing is left out
without a word:

* a folder that cannot be read (its files cannot even be counted);
* a link whose target does not exist;
* a link that leaves the articles folder (``/etc/passwd``, another project): not
  followed unless ``follow_links`` is given;
* a link to a folder (followed only with ``follow_links``, never twice into one folder);
* something that is not a file (a named pipe, a socket, a device): reading it could hang.

Hidden entries (``.x``, ``~x``), ``dates.csv``, the top ``places.csv`` and anything under
``exclude`` (the output folder, when it lies inside) are not the user's articles and are
not listed at all.
"""

from __future__ import annotations

import os
import stat as stat_kind
from dataclasses import dataclass, field
from pathlib import Path

from geo.read.sources import SOURCES_FILE

#: The per-folder file of date overrides, and the user's places at the top of the folder (the
#: per-folder sources.csv is :data:`geo.read.sources.SOURCES_FILE`): settings, not articles.
DATES_FILE = "dates.csv"
PLACES_FILE = "places.csv"


@dataclass(frozen=True)
class ArticleProblem:
    """An entry of the articles folder that could not be read as an article, and why (shown in
    the build summary); ``name`` ends in ``/`` for a folder."""

    name: str
    reason: str


@dataclass(frozen=True)
class FolderListing:
    """Every entry of an articles folder: the files to read and the entries not read."""

    #: posix name relative to the folder -> ``os.stat`` (of the target, for a link), by name.
    files: dict[str, os.stat_result] = field(default_factory=dict)
    #: Entries not read, with the reason, by name.
    unread: tuple[ArticleProblem, ...] = ()
    #: Whether a ``dates.csv`` lies anywhere in the folder.
    dates_csv: bool = False


def _kind(mode: int) -> str:
    for test, word in ((stat_kind.S_ISFIFO, "a named pipe"), (stat_kind.S_ISSOCK, "a socket"),
                       (stat_kind.S_ISCHR, "a character device"), (stat_kind.S_ISBLK, "a block device")):
        if test(mode):
            return word
    return "not a regular file"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def list_folder(root: Path, *, follow_links: bool = False, exclude: Path | None = None) -> FolderListing:
    """List the articles folder ``root`` recursively (see the module docstring).

    Parameters
    ----------
    root : Path
        The articles folder.
    follow_links : bool
        Follow links that leave the folder, and links to folders.
    exclude : Path, optional
        A folder inside ``root`` whose entries are not listed (the build's output folder).

    Returns
    -------
    FolderListing

    Raises
    ------
    OSError
        ``root`` itself cannot be read.

    Examples
    --------
    >>> listing = list_folder(Path("seeds"))            # doctest: +SKIP
    >>> [(u.name, u.reason) for u in listing.unread]    # doctest: +SKIP
    [('old/', 'folder cannot be read (Permission denied): fix its permissions')]
    """
    root = Path(root)
    real_root = os.path.realpath(root)
    real_exclude = os.path.realpath(exclude) if exclude is not None else None
    files: dict[str, os.stat_result] = {}
    unread: list[ArticleProblem] = []
    dates_csv = False
    entered = {real_root}
    # Folders to walk: (path on disk, posix prefix of their entries' names).
    pending = [(str(root), "")]
    first = True
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as err:
            if first:
                raise
            unread.append(ArticleProblem(prefix, f"folder cannot be read ({err.strerror or err}); its files are "
                                         f"not counted: fix its permissions"))
            continue
        first = False
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~")):
                continue
            relative = prefix + name
            try:
                is_link = entry.is_symlink()
                info = os.stat(entry.path) if is_link else entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                if entry.is_symlink():
                    target = os.readlink(entry.path)
                    unread.append(ArticleProblem(relative, f"broken link (to {target}, which does not exist)"))
                continue  # vanished since the folder was read
            except OSError as err:
                unread.append(ArticleProblem(relative, f"cannot be read ({err.strerror or err})"))
                continue
            target = os.path.realpath(entry.path) if is_link else None
            if real_exclude is not None and _inside(target or os.path.realpath(entry.path), real_exclude):
                continue
            if stat_kind.S_ISDIR(info.st_mode):
                dates_csv = dates_csv or name == DATES_FILE  # a folder so named: reading dates says so
                if is_link:
                    if not follow_links:
                        where = "inside" if _inside(target, real_root) else "outside"
                        unread.append(ArticleProblem(relative + "/", f"link to the folder {target} ({where} the "
                                                             f"articles folder): not followed (--follow-links "
                                                             f"follows it)"))
                        continue
                if follow_links:
                    # Through a link a folder may come round again (a loop, or a second way in).
                    real = target or os.path.realpath(entry.path)
                    if real in entered:
                        unread.append(ArticleProblem(relative + "/", f"the folder {real} again (through a link): "
                                                             f"read once only"))
                        continue
                    entered.add(real)
                pending.append((entry.path, relative + "/"))
                continue
            if name in (DATES_FILE, SOURCES_FILE) or (name == PLACES_FILE and not prefix):
                dates_csv = dates_csv or name == DATES_FILE
                continue
            if is_link and not follow_links and not _inside(target, real_root):
                unread.append(ArticleProblem(relative, f"link to {target}, outside the articles folder: not followed "
                                               f"(--follow-links follows it)"))
                continue
            if not stat_kind.S_ISREG(info.st_mode):
                unread.append(ArticleProblem(relative, f"{_kind(info.st_mode)}, not an article file"))
                continue
            files[relative] = info
    return FolderListing(files=dict(sorted(files.items())), unread=tuple(sorted(unread, key=lambda u: u.name)),
                         dates_csv=dates_csv)
