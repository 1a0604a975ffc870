"""Read: files on disk -> :class:`geo.model.Article`.

In: a folder or file of articles (.txt, .md, .html; any common encoding; an optional
``dates.csv``). Out: ``Article`` records with their text decoded and cleaned of page markup and
a publication date found in the page, the front matter or the file name. The only stage of the
pipeline (with ``geo.pipeline``) that touches the disk.
"""

#: Modules whose code makes this stage's output; ``geo.pipeline.fingerprint`` follows their imports
#: and declared data files to decide when cached results of this stage are stale.
OUTPUT_DEPENDS_ON = ("geo.read.articles",)
