"""Test double for a folder the user cannot read (tests run as root, whom file modes do not bind)."""

from __future__ import annotations

import os

from geo.read import listing


def make_unreadable(monkeypatch, folder_name: str) -> None:
    """``os.scandir`` of any folder named ``folder_name`` fails as without permission."""
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(str(path)) == folder_name:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(listing.os, "scandir", scandir)
