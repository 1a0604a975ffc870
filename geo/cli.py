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


# --- evaluate (owner: evaluation) -----------------------------------------------------


@main.command("evaluate")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False), default="tests/gold/seeds",
              show_default=True, help="Folder of gold annotation files (*.json, see tests/gold/GUIDELINES.md).")
@click.option("--articles", "articles_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of the annotated articles; default: the 'articles' folder beside the gold "
                   "folder if there is one, else seeds.")
@click.option("--output", "output_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Score the incidents.geojson/places.geojson of a build folder instead of extracting.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="Also list missed and spurious incidents and places.")
def evaluate_command(gold_dir, articles_dir, output_dir, as_json, show_errors) -> None:
    """Measure extraction quality against hand-written gold annotations.

    Runs the extractor on the annotated articles and prints place and incident
    recall/precision and date, casualty and claimant accuracy per article and overall.

    \b
    Example:
        geo evaluate                                   # seeds against tests/gold/seeds
        geo evaluate --gold tests/gold/dev/gold --show-errors
        geo evaluate --output output --json            # score a finished build
    """
    import json
    from pathlib import Path as _Path

    from geo.evaluate import GoldError, extract_folder, load_gold, score

    try:
        gold = load_gold(gold_dir)
    except GoldError as err:
        raise click.ClickException(str(err)) from err
    if output_dir is not None:
        predicted, gazetteer = _Path(output_dir), None
    else:
        if articles_dir is None:
            beside = _Path(gold_dir).resolve().parent / "articles"
            articles_dir = beside if beside.is_dir() else _Path("seeds")
        try:
            predicted, gazetteer, problems = extract_folder(articles_dir, only=gold)
        except ImportError as err:
            raise click.ClickException(f"the extractor is not available: {err}") from err
        for problem in problems:
            click.echo(f"unreadable: {problem.name}: {problem.reason}", err=True)
        missing = sorted(set(gold) - {e.article for e in predicted})
        if missing:
            click.echo(f"annotated but not found in {articles_dir}: {', '.join(missing)}", err=True)
    scores = score(predicted, gold, gazetteer=gazetteer)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
    else:
        click.echo(scores.format_table())
    if show_errors:
        click.echo("")
        click.echo(scores.format_errors())
