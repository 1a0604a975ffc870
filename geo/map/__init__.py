"""Map: incidents -> one self-contained offline HTML map.

In: incident and place GeoJSON collections. Out: a folium ``Map`` (``render``) whose page
carries Leaflet, the basemap (``data/``, built by ``basemap_build``) and the interactive
code (``static/``). Specified in docs/map.md.
"""

#: Modules whose code makes this stage's output; ``geo.pipeline.fingerprint`` follows their imports
#: and declared data files to decide when cached results of this stage are stale.
OUTPUT_DEPENDS_ON = ("geo.map.render",)
