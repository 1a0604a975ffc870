"""Fingerprints of what a cached result depends on, as each stage declares it.

A stage package declares ``OUTPUT_DEPENDS_ON``: the modules whose code makes its output.
The fingerprint of a stage covers those modules, every module of this project that they
import (directly or not, read from the source so that imports inside functions count),
and the data files that any of those modules lists in a module-level ``FINGERPRINT_DATA``
tuple of paths relative to the module's folder (files or folders). Nothing here keeps a list of file paths: moving or
renaming a module is followed through the imports, and a module that no longer exists
fails loudly instead of silently keeping or dropping a cache.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: Top-level packages of this project; imports of anything else (the standard library,
#: third-party packages) are not followed.
PROJECT_PACKAGES = ("geo", "gazetteer")


def _is_ours(name: str) -> bool:
    return name.split(".", 1)[0] in PROJECT_PACKAGES


def _source_path(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # ``a.module.Name``: a name imported from a module
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _imported_names(module: str, path: Path) -> set[str]:
    """Names of this project's modules that ``module``'s source imports anywhere."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            # ``from geo.extract import lexicon`` imports a module, not a name
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return {name for name in names if _is_ours(name)}


def _with_parents(name: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``: importing a module runs its packages' ``__init__``."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def module_closure(modules: Iterable[str]) -> dict[str, Path]:
    """Every module of this project that ``modules`` need, with its source file.

    Raises
    ------
    ModuleNotFoundError
        When a declared module does not exist (a rename that a declaration missed).
    """
    found: dict[str, Path] = {}
    pending = [parent for name in modules for parent in _with_parents(name)]
    for name in modules:
        if _source_path(name) is None:
            raise ModuleNotFoundError(f"declared dependency {name!r} is not a module of this project")
    while pending:
        name = pending.pop()
        if name in found:
            continue
        path = _source_path(name) if _is_ours(name) else None
        if path is None:  # a name imported from a module, not a module itself
            continue
        found[name] = path
        for imported in _imported_names(name, path):
            pending.extend(parent for parent in _with_parents(imported) if parent not in found)
    return found


def declared_data(path: Path) -> tuple[str, ...]:
    """The ``FINGERPRINT_DATA`` literal of a module's source: paths relative to its folder.

    Read from the source, not by importing the module, so that fingerprinting the map stage
    does not load folium and the rest into a build that writes no map.
    """
    for node in ast.parse(path.read_bytes(), filename=str(path)).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "FINGERPRINT_DATA" for t in targets):
            value = ast.literal_eval(node.value)
            if not (isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
                raise TypeError(f"{path}: FINGERPRINT_DATA must be a tuple of relative path strings")
            return value
    return ()


def _data_files(closure: dict[str, Path]) -> list[Path]:
    files: list[Path] = []
    for path in closure.values():
        for entry in declared_data(path):
            entry = path.parent / entry
            files += sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry]
    return files


def _digest(items: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for label, content in sorted(items):
        digest.update(label.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=None)
def fingerprint(modules: tuple[str, ...]) -> str:
    """sha256 over the code of ``modules`` and all they import, and the data they declare.

    Labels are module names and data paths relative to their package, so the fingerprint
    does not depend on where the project is installed. Computed once per process.

    Examples
    --------
    >>> fingerprint(("geo.join",)) == fingerprint(("geo.join",))
    True
    """
    closure = module_closure(modules)
    items = [(f"module:{name}", path.read_bytes()) for name, path in closure.items()]
    roots = {Path(importlib.import_module(top).__file__).resolve().parent.parent for top in PROJECT_PACKAGES}
    for path in _data_files(closure):
        resolved = path.resolve()
        root = next((r for r in roots if resolved.is_relative_to(r)), resolved.parent)
        items.append((f"data:{resolved.relative_to(root).as_posix()}", resolved.read_bytes()))
    return _digest(items)


def stage_fingerprint(*stages: str) -> str:
    """The combined fingerprint of stage packages, each read from its ``OUTPUT_DEPENDS_ON``."""
    modules = tuple(sorted({name for stage in stages
                            for name in importlib.import_module(stage).OUTPUT_DEPENDS_ON}))
    return fingerprint(modules)
