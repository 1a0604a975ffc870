"""Denials: which reported incidents a sentence's denial applies to, and who denies them.

In: a sentence, the incidents extracted so far and which sentences produced them. Out: those
incidents with ``denied_by`` filled in (and a denial's date taken from the claim it answers).
Rules, in docs/extraction.md "Claims and denials": a denial without a date of its own is about
the strike just reported; "a claim denied by X" denies what the sentence reported; "X denied
the claim" or a denial naming an event type points back a few sentences.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.extract.claims import NON_PARTIES, find_denials, party_of, resolve_region
from geo.extract.lexicon import find_cues, is_denied
from geo.language.sentences import Span
from geo.model import Article, Claimant, Incident
from geo.language.prefilter import gated

__all__ = ["apply_denials"]

#: A denial of attacks in general ("the army does not target civilians"): it answers only the
#: attacks blamed on the denier.
_GENERAL_DENIAL = re.compile(
    r"\b(?:does|do|did)\s+not\s+(?:target|attack|shell|strike|fire\s+(?:at|on))\b|\bnever\s+(?:targets?|targeted|attacks?|attacked)\b",
    re.I)
#: A denial that names the attack ("denied targeting the cathedral") or denies attacks in general.
_DENIED_ATTACK = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed)?)\s+(?:\w+\s+)?(?:targeting|attacking|striking|hitting|firing|bombing)\b|"
    + _GENERAL_DENIAL.pattern, re.I)
_PASSIVE_DENIAL = gated(re.compile(
    r"\b(?:claims?|reports?|accounts?|statements?)\s+(?:that\s+(?:was|were)\s+)?(?:denied|rejected|dismissed|refuted)"
    r"\s+by\s+((?:the\s+)?(?:[\w'’-]+\s+){0,5}[\w'’-]+)"
    # "a claim Moscow rejected as fake", "a claim Kyiv described as absolute nonsense"
    r"|\b(?:a|the)\s+(?:claim|report|accusation|allegation)s?\s+(?:that\s+)?((?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+"
    r"(?:has\s+|had\s+)?(?:denied|rejected|dismissed|refuted|described\s+as|called)\b", re.I))
#: A denial that points back at a claim already reported ("Iran has denied the claim",
#: "denied this had happened"); a denial with its own content ("denied reports that
#: Iran had sent arms") is about that content, not about the last incident.
_ANAPHORIC_DENIAL = gated(re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed)?|dismiss(?:es|ed)?|refut(?:es|ed))\s+(?:that\s+)?"
    r"(?:this|it|these|that(?!\s+\w+\s+(?:had|has|have|was|were))|such|the\s+(?:claims?|reports?|accusations?|allegations?|"
    r"statement|information|incident))\b"
    # "called the reports fake", "said the claim was untrue": the report just given is denied
    r"|\b(?:called|branded|labell?ed|described)\s+(?:it|this|that|them|these|the\s+(?:\w+\s+)?(?:claims?|reports?|"
    r"allegations?|accusations?|information|statements?|footage|video))\b"
    r"|\b(?:said|says|stated|insisted)\s+(?:that\s+)?(?:the|these|such)\s+(?:\w+\s+)?(?:claims?|reports?|allegations?|"
    r"accusations?|information|statements?)\s+(?:was|were|is|are)\s+(?:an?\s+)?(?:absolute\s+|complete\s+)?"
    r"(?:lies?|false|fake|untrue|not\s+true|groundless|baseless|disinformation|nonsense|provocation)\b",
    re.I,
))


def apply_denials(sentence: Span, index: int, incidents: list[Incident], produced: list[int],
                  recent: list[tuple[int, list[int]]], article: Article, *, region: str | None = None) -> None:
    """Mark the incidents a denial in ``sentence`` (sentence number ``index``) applies to.

    ``produced`` are the indices (into ``incidents``, changed in place) of what this sentence
    reported; ``recent`` the (sentence index, incident indices) of the sentences before it;
    ``region`` the party that "the enclave", "separatists" speak for.
    """
    for i in produced:
        # "Russia denied firing at Kharkiv" after "a missile strike on Kharkiv killed nine on
        # Sunday": a denial without a date of its own is about the reported strike, so it
        # takes that strike's date and joins it.
        denial = incidents[i]
        if denial.denied_by and denial.date_precision == "range" and denial.date == article.published:
            earlier = [incidents[j] for sentence_index, indices in recent if index - sentence_index <= 6
                       for j in indices if (incidents[j].event_type, incidents[j].place_id)
                       == (denial.event_type, denial.place_id)]
            if earlier:
                incidents[i] = replace(denial, date=earlier[-1].date, date_end=earlier[-1].date_end,
                                       date_precision=earlier[-1].date_precision,
                                       geo_precision=earlier[-1].geo_precision)
    deniers = find_denials(sentence.text, region=region)
    anaphoric = _ANAPHORIC_DENIAL.search(sentence.text)
    # "Russia's military denied losing any aircraft": a denial whose content names
    # an event type denies the last incident of that type. (Only read with a denier: without
    # one, nothing below asks for it.)
    denied_types = ({c.event_type for c in find_cues(sentence.text) if is_denied(sentence.text, c)}
                    if deniers else set())
    if deniers and not denied_types and _DENIED_ATTACK.search(sentence.text):
        denied_types = {"shelling", "air_strike"}  # "denied targeting the cathedral": mode unstated
    passive_denial = _PASSIVE_DENIAL.search(sentence.text)
    if passive_denial and produced:
        # "announced the capture of the town, a claim denied by the separatist authorities"
        denier = resolve_region(party_of(passive_denial.group(1) or passive_denial.group(2)), region)
        for i in produced:
            if denier and denier.party not in NON_PARTIES and denier.party not in {c.party for c in incidents[i].claimed_by}:
                incidents[i] = replace(incidents[i], denied_by=tuple(sorted(
                    set(incidents[i].denied_by) | {Claimant(denier.party)})))
    elif deniers and (anaphoric or (denied_types and not produced)):
        targets = []
        # "Turkey has denied the claim": the claim is in one of the last sentences.
        # A denial naming the kind of event may look further back than "denied the claim".
        reach = 3 if anaphoric else 6
        labels = tuple(sorted({d.party for d in deniers}))
        # "The army does not target civilians": a general denial answers only the attacks the
        # article blames on the denier (their ``actor``), not every attack before it.
        general = not anaphoric and bool(_GENERAL_DENIAL.search(sentence.text))
        for sentence_index, indices in reversed(recent):
            if index - sentence_index <= reach and indices:
                targets = [i for i in indices if (anaphoric or incidents[i].event_type in denied_types)
                           and (not general or incidents[i].actor in labels)]
                if targets:
                    break
        for i in targets:
            incident = incidents[i]
            claimants = {c.party for c in incident.claimed_by}
            denied = tuple(sorted(set(incident.denied_by) | {Claimant(p) for p in labels if p not in claimants}))
            incidents[i] = replace(incident, denied_by=denied)
