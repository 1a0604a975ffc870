"""Language: pure text rules that know no conflict.

In: plain text (a clause, a sentence, an article). Out: sentence spans (``sentences``), dates and
date windows (``dates``), counts of people (``numbers``), and the literal pre-filter that lets
the regex families skip text they cannot match (``prefilter``). No disk, no network.
"""
