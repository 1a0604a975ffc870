"""The ``geo`` command line: one click group, thin commands over the library.

Every command's help ends with an example. Library code logs through module loggers;
``-v``/``-q`` set the level here. Errors from the packages are turned into
``click.ClickException`` so the user sees one clear line and a non-zero exit.
"""

from __future__ import annotations

import logging

import click

from geo import __version__


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
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# --- resolve (owner: gazetteer) -------------------------------------------------------

# --- build / watch (owner: pipeline) --------------------------------------------------

# --- export (owner: export) -----------------------------------------------------------
