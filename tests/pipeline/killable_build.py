"""A build in its own process for the kill test: ``killable_build.py ARTICLES OUT [PAUSE MARKER]``.

With PAUSE ``fsync`` it stops after the first output's temporary file is written and
fsynced, before any rename; with ``between-renames`` after the first rename. It then
touches MARKER and sleeps, so the test can SIGKILL it at exactly that point.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import geo.outputs.atomic  # noqa: E402
from pipeline_fakes import FAKES  # noqa: E402
from geo.pipeline.run import BuildOptions, run_build  # noqa: E402


def pause(marker: str) -> None:
    Path(marker).touch()
    time.sleep(600)


def main(articles: str, out: str, pause_at: str | None = None, marker: str | None = None) -> None:
    if pause_at == "fsync":
        real_fsync = os.fsync

        def fsync_then_pause(fd):
            real_fsync(fd)
            pause(marker)

        geo.outputs.atomic.os.fsync = fsync_then_pause
    elif pause_at == "between-renames":
        real_replace = os.replace
        calls = []

        def replace_then_pause(src, dst):
            real_replace(src, dst)
            calls.append(dst)
            pause(marker)

        geo.outputs.atomic.os.replace = replace_then_pause
    run_build(BuildOptions(articles=Path(articles), out=Path(out), write_map=False), **FAKES)


if __name__ == "__main__":
    main(*sys.argv[1:])
