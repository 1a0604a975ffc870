"""Write docs/cli.md, the command-line reference, from the click help of ``geo.cli:main``.

The reference is generated, never edited by hand, so it cannot drift from the commands:
``tests/test_docs.py`` fails when ``docs/cli.md`` differs from what this module makes.

Usage::

    python -m geo.cli_reference            # rewrite docs/cli.md
    python -m geo.cli_reference --check    # exit 1 if docs/cli.md is out of date
    python -m geo.cli_reference --stdout   # print the reference

The help is rendered at a fixed width (:data:`WIDTH`), so the file does not depend on the
terminal it was made in.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from geo.cli import main as cli_main

#: Columns of the rendered help (click wraps option help to fit).
WIDTH = 88
#: The file this module writes (in a source checkout).
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
#: How to regenerate, as written in the file and in the test's failure message.
REGENERATE = "python -m geo.cli_reference"


def _context(command: click.Command, name: str, parent: click.Context | None = None) -> click.Context:
    """A context like the one click makes to run ``command`` (its context_settings), at WIDTH."""
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return click.Context(command, info_name=name, parent=parent, **settings)


def _commands(command: click.Command, ctx: click.Context):
    """Yield ``(context, command)`` for the command and all its subcommands, depth first."""
    yield ctx, command
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            sub_ctx = _context(sub, name, parent=ctx)
            yield from _commands(sub, sub_ctx)


def render(command: click.Command = cli_main, prog: str = "geo") -> str:
    """The Markdown reference of ``command`` and every subcommand."""
    root = _context(command, prog)
    entries = list(_commands(command, root))
    lines = [
        "# Command-line reference",
        "",
        f"<!-- Generated from the click help of geo.cli:main by `{REGENERATE}`. Do not edit. -->",
        "",
        f"Generated from `geo --help` and the help of every command; regenerate with "
        f"`{REGENERATE}` after changing a command (a test fails while this file is out of date).",
        "",
    ]
    for ctx, _ in entries:
        path = ctx.command_path
        lines.append(f"- [`{path}`](#{path.replace(' ', '-')})")
    lines.append("")
    for ctx, cmd in entries:
        path = ctx.command_path
        lines += [f'<a id="{path.replace(" ", "-")}"></a>', "", f"## `{path}`", "", "```text"]
        lines += [line.rstrip() for line in cmd.get_help(ctx).splitlines()]
        lines += ["```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    text = render()
    if "--stdout" in args:
        sys.stdout.write(text)
        return 0
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_PATH
    if "--check" in args:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            print(f"{path} is out of date: run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
