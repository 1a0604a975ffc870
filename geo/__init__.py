"""Articles about an armed conflict -> dated, sourced incidents -> map and GIS exports."""

from geo.version import __version__
