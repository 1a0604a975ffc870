"""How the map tests and bench/bench_map.py start Debian's chromium (never ``playwright install``)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: URL prefixes a map page may load; anything else is blocked and recorded.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def launch(playwright):
    """Launch chromium with the flags above from a ``sync_playwright()`` instance."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
