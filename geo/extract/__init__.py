"""Extract: one :class:`geo.model.Article` -> its incidents.

In: an article and a gazetteer. Out: an :class:`geo.model.ArticleExtraction` (place mentions and
incidents with evidence). ``lexicon`` holds the incident cues, ``roles`` decides what a place
is in a clause (target, origin, metonym), ``claims`` who claims or denies a report, and
``article`` runs the clause loop. Pure: no disk, no network. The rules are specified in
docs/extraction.md.
"""

#: Modules whose code makes this stage's output; ``geo.pipeline.fingerprint`` follows their imports
#: and declared data files to decide when cached results of this stage are stale.
OUTPUT_DEPENDS_ON = ("geo.extract.article",)
