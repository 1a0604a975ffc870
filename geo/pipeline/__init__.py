"""Build: orchestrates read -> extract -> join -> outputs/map, with a cache.

In: a folder of articles and :class:`BuildOptions`. Out: the files in the output folder
(incidents and places GeoJSON, map.html, unresolved names) and a :class:`BuildSummary`.
``pipeline`` runs one build, ``cache`` keeps extractions and the joined state between builds,
``parallel`` spreads extraction over processes or a Dask cluster, ``watch`` rebuilds on change.
"""
