"""Articles about an armed conflict -> dated, sourced incidents -> map and GIS exports."""

__version__ = "0.1.0"
