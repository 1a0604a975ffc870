"""Articles about an armed conflict -> dated, sourced incidents -> map and GIS exports.

The public API. Names are loaded on first use, so ``import geo`` stays cheap for the CLI
and for worker processes.

Examples
--------
>>> import geo                                                          # doctest: +SKIP
>>> summary = geo.run_build(geo.BuildOptions(articles=Path("seeds"), out=Path("output")))
>>> article = geo.read_article(Path("seeds/some-article.txt"))
>>> extraction = geo.extract_article(article, geo.Gazetteer.default())
"""

from importlib import import_module

from geo.version import __version__

_EXPORTS = {
    "run_build": ("geo.pipeline.run", "run_build"),
    "BuildOptions": ("geo.pipeline.run", "BuildOptions"),
    "BuildSummary": ("geo.pipeline.run", "BuildSummary"),
    "read_article": ("geo.read.articles", "read_article"),
    "read_folder": ("geo.read.articles", "read_folder"),
    "extract_article": ("geo.extract.article", "extract_article"),
    "join_incidents": ("geo.join", "join_incidents"),
    "render_map": ("geo.map.render", "render_map"),
    "map_html": ("geo.map.render", "map_html"),
    "export": ("geo.outputs.export", "export"),
    "read_collection": ("geo.outputs.geojson", "read_collection"),
    "Article": ("geo.model", "Article"),
    "ArticleExtraction": ("geo.model", "ArticleExtraction"),
    "Casualties": ("geo.model", "Casualties"),
    "Claimant": ("geo.model", "Claimant"),
    "Evidence": ("geo.model", "Evidence"),
    "Incident": ("geo.model", "Incident"),
    "Place": ("gazetteer.place", "Place"),
    "Gazetteer": ("gazetteer.gazetteer", "Gazetteer"),
    "Lookup": ("gazetteer.lookup", "Lookup"),
    "GeoError": ("geo.errors", "GeoError"),
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'geo' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
