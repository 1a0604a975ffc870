"""Outputs: incidents and places -> files GIS tools read.

In: :class:`geo.model.Incident` records and place summaries. Out: the one GeoJSON feature
writer and reader (``geojson``), GeoPackage / CSV / GeoParquet exports (``export``), and
all-or-nothing file writes (``atomic``).
"""

#: Modules whose code makes this stage's output; ``geo.pipeline.fingerprint`` follows their imports
#: and declared data files to decide when cached results of this stage are stale.
OUTPUT_DEPENDS_ON = ("geo.outputs.geojson",)
