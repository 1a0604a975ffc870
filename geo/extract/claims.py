"""Who says it: the claimant of a report and who denies it (rules: docs/extraction.md#claims).

A claim is the subject of a reporting verb ("Russia's Defence Ministry said", "the RSF claimed",
"according to Ukraine's General Staff", "said the ministry"). The subject is reduced to a party
and, where named, the body speaking for it: ``"Russia (defence ministry)"``, ``"Ukraine (General
Staff)"``, ``"Hamas (health ministry)"``. The parties, the words that stand for them (names,
demonyms, capitals, leaders, institutions) and the bodies come from the tables of
:mod:`gazetteer.actors`, never from this code: a war is known by its data. "The enclave",
"separatists", "the breakaway region" speak for the party of the article's dominant region
(:class:`ClaimTracker` ``region``); "the governor of X region" and "X regional military
administration" for the country of X (``country_of``). Anaphoric subjects ("the ministry also
said", "he said", "spokeswoman X wrote") take the last named attribution of the article. A
denial ("Russia has denied the claim", "Israel and the US denied this had happened", "a claim
Moscow described as nonsense") lists every party in the subject of the denial verb.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from gazetteer.actors import actors, word_pattern
from geo.extract.lexicon import REGION_SPEAKER
from geo.language.prefilter import Prefilter, gated
from geo.model import Claimant

__all__ = ["Claimant", "PARTIES", "REGION_PARTY", "party_of", "party_hits", "find_attributions", "find_denials", "ClaimTracker"]

_ACTORS = actors()

#: Party -> the patterns that stand for it in news copy, in table order (non-state actors first,
#: so "Syrian Observatory" is SOHR and "Sudanese Armed Forces" the SAF, not the state).
PARTIES: dict[str, tuple[str, ...]] = {}
for _actor in _ACTORS.parties:
    PARTIES[_actor.party] = PARTIES.get(_actor.party, ()) + tuple(p for p, _ in _actor.patterns)

#: Party standing for "the enclave", "separatists": resolved to the party of the article's region.
REGION_PARTY = "<region>"
#: Speakers that are no party (medics, residents): remembered as speakers, never claimants.
NON_PARTIES = frozenset(a.party for a in _ACTORS.parties if not a.is_party) - {
    a.party for a in _ACTORS.parties if a.is_party}
_STATE_PARTIES = frozenset(a.party for a in _ACTORS.parties if a.kind == "state")

#: Body patterns -> the label shown in parentheses: specific bodies first, then the bodies that
#: leaders and institutions stand for ("Lavrov" -> foreign ministry), then army/officials.
_STRONG_BODIES = [(re.compile(r"\b(?:" + b.pattern + r")", re.I), b.label) for b in _ACTORS.bodies if b.strong]
_WEAK_BODIES = [(re.compile(r"\b(?:" + b.pattern + r")", re.I), b.label) for b in _ACTORS.bodies if not b.strong]
_STAND_IN_BODIES = [(re.compile(word_pattern([p for a in _ACTORS.parties for p, b in a.patterns if b == body])), body)
                    for body in dict.fromkeys(b for a in _ACTORS.parties for _, b in a.patterns if b)]
_BODY_RE = [*_STRONG_BODIES, *_STAND_IN_BODIES, *_WEAK_BODIES]
_WEAK_LABELS = frozenset(label for _, label in _WEAK_BODIES)
BODIES: tuple[tuple[str, str], ...] = tuple((b.pattern, b.label) for b in _ACTORS.bodies)

#: "HTS-led fighters", "Hamas-run ministry": a non-state party's name before -led/-run is that party.
_LED = r"(?:-(?:led|run|controlled|held|affiliated))?"
_NON_STATE = frozenset(a.party for a in _ACTORS.parties if a.kind != "state") - _STATE_PARTIES
_PARTY_RE = [(party, re.compile(word_pattern(words, _LED if party in _NON_STATE else "")))
             for party, words in PARTIES.items()]
#: Parties that "the group", "the rebels", "the militants" can stand for.
_GROUPS = frozenset(a.party for a in _ACTORS.parties if a.kind in ("armed group", "de facto authority")) - _STATE_PARTIES
_GROUP_ANAPHOR = re.compile(
    r"(?:^(?:(?:and|but|that|while|as)\s+)?|\bthe\s+)(?:[\w-]+\s+){0,3}?"
    r"(?:group|rebels|militants|insurgents|militia|fighters|jihadists|movement)(?:\s+(?:also|still|now|later|had|has|have))*$",
    re.I)
_MONITOR_ANAPHOR = re.compile(
    r"\b(?:(?:a|the)\s+(?:\w+\s+)?monitor(?:ing)?\s+(?:group|organi[sz]ation)|(?:a|the)\s+(?:war|rights|conflict)\s+monitor|"
    r"the\s+monitor)\b", re.I)
_PARTY_RE.append((REGION_PARTY, re.compile(r"(?<![\w-])(?:" + REGION_SPEAKER + r")(?![\w-])", re.I)))

_REPORTING = gated(re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|report|claimed|claims|claim|accused|accuses|accuse|"
    r"stated|states|announced|announces|tweeted|wrote|writes|added|adds|confirmed|confirms|insisted|insists|alleged|alleges|"
    r"blamed|blames|noted|declared|informed|posted|saying|admitted|admits|acknowledged|acknowledges|"
    r"revealed|reveals|documented|documents|reporting|claiming|stressed|stresses|specified|emphasi[sz]ed|explained|"
    r"clarified|pointed\s+out|adding)\b"
    # "X has issued a statement", "X released a list of the dead": X speaks for what they hold;
    # "the statement reads:" quotes it
    r"|\b(?:issued|released|published|circulated|distributed|disseminated|spread)(?=\s+(?:(?:a|an|the|its|another|new|fresh|"
    r"latest|updated|further)\s+){0,2}(?:[\w-]+\s+){0,4}?(?:statements?|lists?|reports?|communiqu\w+|press\s+releases?|"
    r"updates?|information|video|footage|figures|allegations?|claims?)\b)"
    r"|\breads(?=\s*:)"
    # headlines capitalise the verb: "Kyiv Says ...", "Rebels Accuse ..."
    r"|\b(?:Says|Say|Claims|Accuse|Accuses|Reports)\b(?=\s+(?-i:[A-Z]))"
))
_ACCORDING = gated(re.compile(
    # (Not "a handout photo released by": a caption's credit is no claimant of what the text reports.)
    r"\baccording\s+to\s+|\b(?:referring|with\s+reference)\s+to\s+|\b(?:citing|quoting)\s+(?=(?:the\s+)?(?-i:[A-Z]))|"
    r"\b(?:information|reports?|claims?|statements?|news|footage|video)\s+"
    r"(?:\w+\s+){0,2}?(?:spread|disseminated|circulated|published|made|issued|released|provided|distributed)\s+by\s+",
    re.I))
_DENIAL = gated(re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:es|ed|ing)|"
    r"described\s+(?:it\s+|this\s+|the\s+claims?\s+)?as\s+[\"“]?(?:absolute\s+|utter\s+|complete\s+)?(?:nonsense|lies?|false|fake|provocation|disinformation)|"
    r"(?:called|branded|labell?ed)\s+(?:it\s+|this\s+|that\s+|them\s+|these\s+(?:\w+\s+)?|the\s+(?:\w+\s+)?"
    r"(?:claims?|reports?|allegations?|accusations?|information|statements?|footage|video)\s+)?(?:a\s+|an\s+)?"
    r"[\"“]?(?:another\s+|an?\s+)?(?:absolute\s+|utter\s+|complete\s+|outright\s+)?(?:lies?|false|fake|untrue|nonsense|provocation|disinformation|fabricat\w+|groundless|baseless)|"
    # "said the reports were fake", "said the claim was untrue"
    r"(?:said|says|stated|insisted)\s+(?:that\s+)?(?:the\s+|these\s+|such\s+)?(?:\w+\s+)?(?:claims?|reports?|allegations?|"
    r"accusations?|information|statements?)\s+(?:was|were|is|are)\s+(?:an?\s+)?(?:absolute\s+|complete\s+)?"
    r"(?:lies?|false|fake|untrue|not\s+true|groundless|baseless|disinformation|nonsense|provocation)|"
    # "its army does not target civilians": a denial of attacks on them
    r"(?:does|do|did)\s+not\s+(?:target|attack|shell|strike|fire\s+(?:at|on))|never\s+(?:targets?|targeted|attacks?|attacked))\b",
    re.I,
))
_NAMED_BODY = re.compile(
    r"\b(?-i:[A-Z])\w+\s+(?:(?-i:[A-Z])\w+\s+)*(?:Headquarters|Service|Office|Committee|Agency|Cent(?:er|re)|Council|Ombudsman|Defender)\b"
    r"|\bprosecutor",
    re.I)
_GROUP_NOUN_AFTER = re.compile(
    r"\s+(?:(?:\w+\s+)?(?:armed|militant|islamist|rebel|jihadist|resistance)\s+)?(?:group|militia|movement|rebels|militants|"
    r"insurgents|faction|jihadists|guerrillas)\b", re.I)
_PARTICIPLE = re.compile(r"(?:saying|adding|claiming|stating|noting|insisting)\b", re.I)
_PRONOUN = re.compile(r"\b(?:he|she|it|they|him|her|them|spokes\w+)\b", re.I)
#: Capitalised words of a speaker's phrase that can be a person's name.
_PERSON_NAME = re.compile(r"(?<![\w'’-])(?-i:[A-Z])[a-z][\w'’-]{2,}(?![\w-])")
_BODY_WORD = re.compile(r"^(?:The|Governor|Mayor|Regional|Region|Oblast|President|Minister|Ministry|Defen[cs]e|Foreign|"
                        r"General|Staff|Acting|Deputy|Head|Chief|Military|Administration|Spokes\w+|Army|Police|Office|"
                        r"Service|State|Emergency|Health|According|Prime|Secretary|Commander|Colonel|Major|Lieutenant|Captain|"
                        r"Senior|Interior|National|Council|Agency|Committee|Telegram|Facebook|Twitter|Monday|Tuesday|"
                        r"Wednesday|Thursday|Friday|Saturday|Sunday|Officials?|Authorities|Local|Earlier|Later|Also)$")
_INVERTED_SUBJECT = re.compile(
    r"(?:ministry|office|officials|authorities|spokes\w+|president|minister|government|military|army|service|"
    r"headquarters|staff|governor|administration|mayor|police|forces)$",
    re.I,
)


def _inverted_subject(phrase: str) -> bool:
    """Whether ``phrase`` (words after "..., said") ends in a body or a party's name."""
    if _INVERTED_SUBJECT.search(phrase):
        return True
    return any(end == len(phrase) for _, end, _ in party_hits(phrase))


#: Which party patterns can match a text at all (most name words that a phrase lacks).
_PARTY_FILTER = Prefilter([pattern for _, pattern in _PARTY_RE])


@lru_cache(maxsize=16384)
def party_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, party) of every party named in ``text``, left to right, without overlaps;
    where two overlap, the party earlier in the tables wins."""
    return _hits(text, len(_PARTY_RE))


#: The position in _PARTY_RE after the last pattern of an armed group (see :func:`_group_hits`).
_GROUPS_END = 1 + max(index for index, (party, _) in enumerate(_PARTY_RE) if party in _GROUPS)


@lru_cache(maxsize=8192)
def _group_hits(text: str) -> tuple[tuple[int, str], ...]:
    """(start, party) of the armed groups among :func:`party_hits` of ``text``.

    Only the patterns up to the last group's are run (the tables list non-state actors first,
    so that is a tenth of them): hits are taken in table order and a later one never displaces
    an earlier one, so the patterns after the groups' cannot change which group hits stand.
    """
    return tuple((start, party) for start, _, party in _hits(text, _GROUPS_END) if party in _GROUPS)


def _hits(text: str, stop: int) -> list[tuple[int, int, str]]:
    """:func:`party_hits` of the first ``stop`` patterns of _PARTY_RE."""
    hits: list[tuple[int, int, str]] = []
    for index in _PARTY_FILTER.candidates(text):
        if index >= stop:
            break  # the candidates come in table order
        party, pattern = _PARTY_RE[index]
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end, _ in hits):
                continue
            hits.append((match.start(), match.end(), party))
    return sorted(hits)


_ANAPHOR = re.compile(
    r"^(?:the\s+)?(?:ministry|department|office|spokes(?:man|woman|person)|he|she|it|they|officials?|"
    r"authorities|military|army|statement|headquarters|service|committee|agency|cent(?:er|re)|head\s+of\s+state|"
    r"president|minister|ombudsman|defender|prosecutors?|governor|mayor|police|general\s+staff)\b", re.I
)


@lru_cache(maxsize=16384)
def party_of(phrase: str) -> Claimant | None:
    """The party (and body) a subject phrase names, or None.

    The last party named in the phrase is taken ("the Defence Ministry in Moscow" ->
    Russia; "Ukrainian Air Force spokesman" -> Ukraine), except that an "X of Y" or
    "X's Y" reads left to right as one name ("Russia's Defence Ministry"), unless Y is
    a party that is not a state ("Yemen's Houthis", "Sudan's RSF"). Words for the
    conflict zone ("the enclave's health ministry") give :data:`REGION_PARTY`, which
    :class:`ClaimTracker` resolves.

    Examples
    --------
    >>> party_of("Russia's Defence Ministry").label
    'Russia (defence ministry)'
    >>> party_of("Ukraine's General Staff").label
    'Ukraine (General Staff)'
    >>> party_of("the Syrian Observatory for Human Rights").label
    'SOHR'
    >>> party_of("Kyiv").label
    'Ukraine'
    """
    hits = party_hits(phrase)
    if not hits:
        return None
    # "the Lebanese group", "Palestinian militants": a demonym of a non-state group, not the state
    hits = [hit for hit in hits if not (hit[2] in _STATE_PARTIES and _GROUP_NOUN_AFTER.match(phrase, hit[1]))]
    if not hits:
        return None
    parties = [hit for hit in hits if hit[2] not in NON_PARTIES]
    # "Palestinian medics": a source that names its side speaks for that side
    hits = sorted(parties or hits)
    # "Ukraine's General Staff", "the region's defence army": the possessor names the party,
    # unless what it owns is a party of its own ("Yemen's Houthis").
    first = hits[0]
    possessive = re.match(r"(?:'s|’s)\s", phrase[first[1]:first[1] + 4])
    chosen = hits[-1]
    if possessive and not (first[2] in _STATE_PARTIES and chosen[2] not in _STATE_PARTIES
                           and chosen[2] not in NON_PARTIES and chosen[2] != REGION_PARTY):
        chosen = first
    body = None
    for pattern, label in _BODY_RE:
        if pattern.search(phrase):
            body = label
            break
    return Claimant(chosen[2], body)


def resolve_region(claimant: Claimant | None, region: str | None) -> Claimant | None:
    """:data:`REGION_PARTY` -> the party of the article's region (None without one)."""
    if claimant is None or claimant.party != REGION_PARTY:
        return claimant
    return Claimant(region, claimant.body) if region else None


#: A regional official named by the region: "the governor of Belgorod region", "Kharkiv regional
#: military administration", "Odesa's mayor", "the Sumy region's governor".
_NAME = r"(?-i:[A-Z])[\w'’-]+(?:[\s-]+(?-i:[A-Z])[\w'’-]+)?"
_REGIONAL_SPEAKERS = (re.compile(
    rf"\b(?:governor|mayor|head|chief|administration|authorities|officials|police)\s+(?:of|in)\s+(?:the\s+)?(?P<a>{_NAME})",
    re.I), re.compile(
    rf"(?P<b>{_NAME})(?:'s|’s)?\s+(?:(?:region|oblast|province|state|governorate|city|district)(?:'s|’s)?\s+)?"
    rf"(?:regional\s+|oblast\s+|provincial\s+|city\s+|district\s+|municipal\s+)?(?:military\s+|civil(?:ian)?[\s-]+military\s+|state\s+)?"
    rf"(?:governor|administration|mayor|authorities|officials|police|head)\b",
    re.I))
_AREA_SUFFIX = re.compile(
    r"(?:[\s-]+(?:regional|region|oblast|province|provincial|state|governorate|city|district|military|municipal|"
    r"governor|mayor))+$", re.I)
_TITLE_PREFIX = re.compile(r"^(?:(?:acting|deputy|former|interim|then|first|the|a|an|this|that|local|regional|"
                           r"military|state|city|his|her|its|their|russian-installed|kremlin-installed)[\s-]+)+", re.I)


def regional_speaker(phrase: str) -> tuple[str, str | None] | None:
    """(place name, body) of a regional official ("the governor of Belgorod region" ->
    ("Belgorod", "governor")), or None.

    Examples
    --------
    >>> regional_speaker("Kharkiv regional military administration head Ivan Petrenko")
    ('Kharkiv', 'regional administration')
    >>> regional_speaker("Acting Tula Governor Pavel Orlov")
    ('Tula', 'governor')
    """
    for match in (m for pattern in _REGIONAL_SPEAKERS for m in pattern.finditer(phrase)):
        name = _AREA_SUFFIX.sub("", _TITLE_PREFIX.sub("", match.group(1)))
        if name and name[0].isupper() and not re.fullmatch(r"(?i:the|a|an|local|regional|military|state|city)", name):
            break
    else:
        return None
    body = next((label for pattern, label in _STRONG_BODIES if pattern.search(phrase)), None)
    return name, body or "authorities"


_UNNAMED_OFFICIAL = re.compile(r"\b(?:governor|mayor|municipality|(?:regional|oblast)\s+(?:military\s+)?administration)\b",
                               re.I)
_WORD = re.compile(r"\w+")
_AFTER_END = re.compile(r"[.;:]|\b(?:that|on|about)\b")


def _subject_window(text: str, verb_start: int) -> str:
    """The words before a verb that can be its subject (stopping at quotes and clauses)."""
    before = text[:verb_start]
    cut = max(before.rfind(c) for c in ("“", "”", '"', ";", ":"))
    # A comma ends the subject unless it closes an apposition ("Hikmet Hajiyev, aide to X,").
    before = before[cut + 1:]
    parts = before.split(",")
    if len(parts) >= 3 and not parts[-1].strip():
        window = ",".join(parts[-3:])
    else:
        window = parts[-1] if parts[-1].strip() else ",".join(parts[-2:])
    words = window.split()
    return " ".join(words[-12:])


def find_attributions(text: str) -> list[tuple[int, Claimant | None, str]]:
    """Every reporting verb in ``text`` with the party of its subject.

    Returns
    -------
    list[tuple[int, Claimant | None, str]]
        ``(offset of the verb, attribution or None, subject words)``; None when the
        subject names no party (a pronoun, "the ministry"): the caller resolves those.

    Examples
    --------
    >>> [(a.label if a else None) for _, a, _ in find_attributions("Lebanon's Foreign Ministry accused Israel")]
    ['Lebanon (foreign ministry)']
    """
    return list(_attributions(text))


@lru_cache(maxsize=8192)
def _attributions(text: str) -> tuple[tuple[int, Claimant | None, str], ...]:
    """:func:`find_attributions`, memoised: a sentence and its single clause are the same text."""
    found: list[tuple[int, Claimant | None, str]] = []
    for match in _ACCORDING.finditer(text):
        phrase = " ".join(text[match.end():].split()[:6])
        phrase = re.split(r"[,.;:]|\b(?:that|who|which|as|on|in|to)\b", phrase)[0]
        found.append((match.start(), party_of(phrase), phrase))
    for match in _REPORTING.finditer(text):
        if _NOUN_BEFORE.search(text[max(0, match.start() - 7):match.start()]):
            continue  # "gone to report on", "denied the claim": an infinitive or a noun, not an attribution
        if _PASSIVE_BEFORE.search(text[max(0, match.start() - 16):match.start()]) \
                and not _BY_AFTER.match(text[match.end():]):
            continue  # "forces were reported fighting": passive, the subject is what is reported
        if _CLAIM_OR_CONFIRM.match(match.group(0)) and _NOT_BEFORE.search(text[max(0, match.start() - 20):match.start()]):
            continue  # "X has not claimed the raid", "has not confirmed": X claims nothing
        inverted = _DASH_BEFORE.search(text[:match.start()]) and _SUBJECT_AFTER.match(text[match.end():])
        if inverted and _inverted_subject(inverted.group(1)) and (
                party_of(inverted.group(1)) or regional_speaker(inverted.group(1))):
            # "..., says Moscow", "..., said the Russian ministry": the subject follows.
            phrase = inverted.group(1)
            found.append((match.start(), party_of(phrase), phrase))
            continue
        titled = _titled_speaker_after(text, match) if _QUOTE_DASH_BEFORE.search(text[:match.start()]) else None
        if titled is not None:
            # "..., said Gen. X Y, a spokesman for the army, known as the FARDC."
            found.append((match.start(), titled[0], titled[1]))
            continue
        subject = _subject_window(text, match.start())
        apposition = _APPOSITION.match(subject)
        # "The group, which is aligned with X, said": the head before the aside
        subject = apposition.group(1) if apposition else _RELATIVE_PRONOUN.split(subject)[-1]
        if _CONJUNCTION.fullmatch(subject):
            # "Russia has not disclosed its losses, but says 65 civilians ...": the
            # subject of the sentence's first clause
            first = re.split(r"[,;:]", text[:match.start()])[0]
            subject = re.split(r"\b(?:has|have|had|hasn|haven|hadn|is|are|was|were|isn|aren|wasn|weren|did|does|do|didn|doesn|don|will|would|won|said|says)\b", first)[0]
        if _PARTICIPLE.match(text, match.start()) and _COMMA_BEFORE.search(text[:match.start()]):
            # "The army rejected the claim, adding ...": the subject of the verb before the comma
            main = re.split(r"[,;:“”\"]", text[:match.start()].rstrip().rstrip(","))[-1]
            verbs = [m.start() for pattern in (_REPORTING, _DENIAL) for m in pattern.finditer(main)]
            if verbs and main[:min(verbs)].strip():
                subject = main[:min(verbs)]
        attribution = party_of(subject) or _fronted_party(text[:match.start()], subject)
        if attribution is not None and _REPORTER.search(subject) and not any(p.search(subject) for p, _ in _BODY_RE):
            # "a second journalist, from Italy, said", "a French reporter wrote": a witness, no side
            attribution = None
        if attribution is None or not subject.strip():
            # "..., said the Ukrainian Defence Ministry": the subject follows the verb.
            after = _BODY_AFTER.match(text[match.end():])
            if after:
                attribution = party_of(after.group(1)) or attribution
                subject = subject or after.group(1)
        found.append((match.start(), attribution, subject))
    tail = _HEADLINE_SOURCE.search(text)
    if tail and not found and len(text) < 200:
        # a headline's source after a colon or dash: "Drone hits school: mayor", "Market shelled – SANA"
        phrase = tail.group(1)
        named = party_of(phrase)
        whole = named is not None and any(m.start() == 0 and m.end() == len(phrase)
                                          for _, pattern in _PARTY_RE for m in pattern.finditer(phrase))
        if whole or (named is None and _HEADLINE_BODY.fullmatch(phrase)):
            found.append((tail.start(1), named, phrase))
    found.sort(key=lambda f: f[0])
    return tuple(found)


# The tests of _attributions, compiled once (it reads every reporting verb with them).
_NOUN_BEFORE = re.compile(r"\b(?:to|the|a|an|this|that|these|those|its|their|his|her|such|any)\s+$", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", re.I)
_BY_AFTER = re.compile(r"\s+by\b")
_CLAIM_OR_CONFIRM = re.compile(r"claim|confirm", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not|never|yet\s+to|n[o']t)\s+(?:\w+\s+)?$", re.I)
_DASH_BEFORE = re.compile(r"[,—–-]\s*$")
_SUBJECT_AFTER = re.compile(r"\s+((?:the\s+)?(?:[\w'’.-]+\s+){0,4}?[\w'’-]+)\s*(?:[,;:]|\.(?:\s|$)|$)")
_QUOTE_DASH_BEFORE = re.compile(r"[,—–-][”\"’]?\s*$")
# (gated: its lazy groups cost a quadratic try of every subject, and few hold "who" or "which")
_APPOSITION = gated(re.compile(r"(.*?\w.*?),\s*(?:who|which)\b[^,]*,\s*$"))
_RELATIVE_PRONOUN = re.compile(r"\b(?:who|which|whom)\b")
_CONJUNCTION = re.compile(r"\s*(?:but|and|yet)(?:\s+(?:also|still|now))?\s*", re.I)
_COMMA_BEFORE = re.compile(r",\s*$")
_BODY_AFTER = re.compile(
    r"\s+((?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:ministry|office|spokes\w+|officials|authorities|military|army|government|"
    r"president|minister|governor|administration|staff|mayor|police)(?:\s+(?:of|in)\s+[\w-]+(?:\s+[\w-]+)?)?)", re.I)

_TITLED_SPEAKER = re.compile(
    r"\s+((?:(?-i:[A-Z])[\w'’.-]*\s+){0,3}(?-i:[A-Z])[\w'’-]*),\s+((?:[\w'’.,-]+\s+){0,12}?[\w'’.,-]+?)\.?\s*(?:[;\n]|$|\.\s)")


def _titled_speaker_after(text: str, verb: re.Match) -> tuple[Claimant, str] | None:
    """"..., said Gen. Ivan Petrenko, a spokesman for the army, known as the FARDC": a
    named speaker after the verb whose title, in the apposition, names a body and its party."""
    titled = _TITLED_SPEAKER.match(text, verb.end())
    if titled is None:
        return None
    title = re.split(r"\b(?:adding|saying|who|which|that|(?<!known\s)as|after|when|while|on|in)\b", titled.group(2))[0]
    if not any(pattern.search(title) for pattern, _ in _BODY_RE):
        return None
    found = party_of(title)
    return (found, f"{titled.group(1).strip()}, {title.strip()}") if found else None


#: Reporters and visitors: where they come from makes them no party's voice.
_REPORTER = re.compile(r"\b(?:journalists?|reporters?|correspondents?|photographers?|photojournalists?|"
                       r"cameram[ae]n|film-?makers?|bloggers?|tourists?|visitors?)\b", re.I)


#: "In Ukraine, " ending the text before a subject (:func:`_fronted_party`).
_FRONTED_PLACE = re.compile(r"(?:^|[.;:]\s+|\s)(?:In|in)\s+((?-i:[A-Z])[\w'’-]+(?:[\s-](?-i:[A-Z])[\w'’-]+){0,2})\s*,\s*$")


def _fronted_party(before: str, subject: str) -> Claimant | None:
    """"In Ukraine, the prosecutor's office said": the party of a place put before the
    subject, when the subject is a body of no party of its own."""
    named, before = subject.strip(), before.rstrip()
    if not named or not before.endswith(named) or not any(pattern.search(subject) for pattern, _ in _BODY_RE):
        return None
    fronted = _FRONTED_PLACE.search(before, 0, len(before) - len(named))
    if fronted is None:
        return None
    found = party_of(fronted.group(1))
    return Claimant(found.party, party_of(f"{fronted.group(1)} {subject}").body) if found else None


#: A headline's source: the last words after a colon or a spaced dash, the line not ending a sentence.
_HEADLINE_SOURCE = re.compile(r"(?::|\s[–—-])\s+((?:[\w'’.-]+\s+){0,3}[\w'’.-]+)\s*$")
_HEADLINE_BODY = re.compile(
    r"(?:(?:regional|local|military|state)\s+)?(?:governor|mayor|army|military|police|ministry|health\s+ministry|"
    r"defen[cs]e\s+ministry|general\s+staff|officials)", re.I)


def find_denials(text: str, *, region: str | None = None) -> list[Claimant]:
    """Parties that deny something in ``text`` ("Israel and the US denied ..."); ``region`` is
    the party that "the enclave", "separatists" speak for.

    Examples
    --------
    >>> [a.party for a in find_denials("Russia and Belarus denied this had happened.")]
    ['Russia', 'Belarus']
    """
    deniers: list[Claimant] = []
    for match in _DENIAL.finditer(text):
        subject = _subject_window(text, match.start())
        # The denial's object ("denied reports that Iran had sent ...") is not its subject.
        for part in re.split(r"\s+(?:and|&)\s+", subject):
            attribution = resolve_region(party_of(part), region) if part.strip() else None
            if attribution and attribution.party not in NON_PARTIES and all(d.party != attribution.party for d in deniers):
                deniers.append(attribution)
    return deniers


@lru_cache(maxsize=8192)
def _denial_subjects(text: str) -> tuple[tuple[int, Claimant | None], ...]:
    """(offset, party of the subject) of every denial verb in ``text``: :meth:`ClaimTracker.claims`
    reads a clause and its sentence many times, and this part depends on the text alone."""
    return tuple((m.start(), party_of(_subject_window(text, m.start()))) for m in _DENIAL.finditer(text))


def _headline_body(text: str, offset: int, subject: str) -> bool:
    """Whether ``subject`` at ``offset`` is a headline's source given only by its kind
    ("... Killed - Military", "Drone hits school: mayor")."""
    tail = _HEADLINE_SOURCE.search(text)
    return bool(tail and tail.start(1) == offset and _HEADLINE_BODY.fullmatch(subject))


class ClaimTracker:
    """Resolves claims sentence by sentence through an article, remembering the last speaker.

    Examples
    --------
    >>> t = ClaimTracker()
    >>> [a.label for a in t.claims("The Ukrainian Defence Ministry said the attack failed.")]
    ['Ukraine (defence ministry)']
    >>> [a.label for a in t.claims("The ministry also said two drones were shot down.")]
    ['Ukraine (defence ministry)']
    >>> t = ClaimTracker(country_of={"Belgorod": "RU"}.get)
    >>> t.here = "Russia"
    >>> [a.label for a in t.claims("Two people were hurt, the governor of Belgorod region said.")]
    ['Russia (governor)']
    """

    def __init__(self, home: str | None = None, *, region: str | None = None,
                 country_of: Callable[[str], str | None] | None = None) -> None:
        #: The party of the article's dateline city ("KYIV, October 30"), if any: a body
        #: named without its party ("the Information Headquarters") is that side's.
        self.home = home
        #: The party that "the enclave", "separatists", "the breakaway region" speak for.
        self.region = region
        #: Place name -> ISO country code (the gazetteer's), for "the governor of X region".
        self.country_of = country_of
        #: The party whose ground the current sentence is about (set by the caller): "the
        #: regional governor" without a region named is that party's.
        self.here: str | None = None
        #: Surname (or first name) -> the attribution of the speaker first named with it
        #: ("Governor Ivan Petrenko said ... Petrenko said").
        self.names: dict[str, Claimant] = {}
        #: The armed group named last ("the group said", "the rebels claim" stand for it).
        self.last_group: str | None = None
        #: The one monitor the article names (SOHR ...): "a monitoring group said" is it.
        self.monitor: str | None = None
        self.last: Claimant | None = None
        self.last_by_body: dict[str, Claimant] = {}
        self.history: list[Claimant] = []
        #: (sentence number, attribution) of every named speaker; a sentence is one
        #: ``claims(..., remember=True)`` call.
        self.spoken: list[tuple[int, Claimant]] = []
        self.sentence_no = 0
        self.text = ""  # the sentence (or clause) being read
        #: A headline's source named only by its kind ("... Killed - Military"): whose it is, the
        #: lead says; :meth:`claims` leaves it here, with the best guess, for the caller.
        self.headline_body: Claimant | None = None
        self.headline_since: int | None = None  # the caller's sentence index of that headline

    def _ministry(self, words: str) -> Claimant | None:
        """"The Foreign Ministry's spokesperson", "the ministry said": a ministry of one party
        when only one party's ministry has spoken; else the one that spoke in this or the
        previous sentence, else the dateline side's; else nobody (no claimant beats a wrong one)."""
        label = next((label for pattern, label in _BODY_RE if pattern.search(words) and "ministry" in label), None)
        same = [a for a in self.history if a.body and (a.body == label if label else "ministry" in a.body)]
        parties = {a.party for a in same}
        if len(parties) == 1:
            return Claimant(same[-1].party, label or same[-1].body)
        recent = [a for n, a in self.spoken if n >= self.sentence_no - 1]
        recent_same = [a for a in recent if a in same]
        if recent_same:
            return recent_same[-1]
        if label:
            # "Foreign Minister of Ukraine X will meet ..., the Foreign Ministry's spokesperson
            # said": the one party whose body of that kind the sentence names
            named = {found.party for pattern, body in _BODY_RE if body == label
                     for m in pattern.finditer(self.text)
                     if (found := self._party(self.text[max(0, m.start() - 20):m.end() + 20]))}
            if len(named) == 1:
                return Claimant(named.pop(), label)
        if self.home and (not parties or self.home in parties):
            return Claimant(self.home, label or next((a.body for a in reversed(same) if a.party == self.home), None))
        if not parties and recent and label:
            return Claimant(recent[-1].party, label)
        return self._here(words)

    def _resolve_anaphor(self, subject: str) -> Claimant | None:
        words = subject.lower()
        if self.home and _NAMED_BODY.search(subject) and not _PRONOUN.search(subject):
            body = next((label for pattern, label in _BODY_RE if pattern.search(words)), None)
            return Claimant(self.home, body)
        if "ministry" in words:
            return self._ministry(words)
        if _PRONOUN.search(subject):
            return self.last  # "he said", "spokeswoman X wrote": the last speaker
        if re.search(r"\blocal\b", subject, re.I):
            return None  # "local officials": of the place, not of the last speaker's side
        for pattern, label in _BODY_RE:
            if pattern.search(words) and label not in _WEAK_LABELS:
                # "the president tweeted": the last president named, or nobody (not just anyone)
                return self.last_by_body.get(label) or (self.last if "ministry" in label and self.last
                                                        and self.last.body == label else None) or self._here(words)
        return self.last or self._here(words)

    def _here(self, words: str) -> Claimant | None:
        """A body named without its party while no other party has spoken ("the army said",
        "a military source said", "Defence Minister X said" opening a report): the state the
        sentence is about."""
        here = self.here
        if not here or _PRONOUN.search(words) or any(a.party != here for a in self.history):
            return None
        label = next((label for pattern, label in _BODY_RE if pattern.search(words)), None)
        return Claimant(here, label) if label else None

    def claims(self, text: str, *, remember: bool = True) -> list[Claimant]:
        """Claimants of ``text`` (a sentence or clause), anaphors resolved.

        With ``remember`` (default), named attributions become the antecedent of later
        "the ministry said" / "he said".
        """
        out: list[Claimant] = []
        self.text = text
        if remember:
            self.sentence_no += 1
        # A party that denies is a speaker too: "Russia's Defence Ministry denied the
        # reports. The ministry said ..." is Russia's ministry.
        denials = [(offset, resolve_region(party, self.region), None) for offset, party in _denial_subjects(text)]
        found = sorted([*((o, resolve_region(a, self.region) if a else self._regional(text, o, s), s)
                          for o, a, s in find_attributions(text)),
                        *((o, a, None) for o, a, _ in denials if a and a.body)],
                       key=lambda f: f[0])
        speakers = sorted([(o, a) for o, a, _ in denials if a and a.party not in NON_PARTIES and a.party != REGION_PARTY]
                          + [(o, a) for o, a, _ in found if a is not None], key=lambda f: f[0])
        for offset, attribution, subject in found:
            if subject is None:  # a denier: remembered, not a claimant
                if remember:
                    self._remember(attribution)
                continue
            if attribution is None and not (subject or "").strip() and _PARTICIPLE.match(text, offset):
                # "X rejected the claim, adding it had beaten back the assault": X
                attribution = next((a for o, a in reversed(speakers) if o < offset), None)
            if attribution is None:
                attribution = self._named_before(subject) or self._group_or_monitor(text, offset, subject)
                if attribution is not None:
                    if remember:
                        self._remember(attribution)
                    if attribution.party not in NON_PARTIES and attribution not in out:
                        out.append(attribution)
                    continue
                stripped = subject.strip()
                tail = " ".join(stripped.split()[-4:])
                # A body named without its party ("the Information Headquarters said",
                # "the Prosecutor General's Office reported") speaks for the last party named.
                if stripped and not _ANAPHOR.search(tail) and not re.search(
                    r"\b(?:spokes\w+|ministry|minister|he|she|it|they|him|her|them|officials?|headquarters|service|office|"
                    r"committee|agency|head\s+of\s+state|prosecutors?|ombudsman|defender|military\s+sources?|army)\b",
                    stripped, re.I
                ):
                    continue
                attribution = self._resolve_anaphor(subject)
                if attribution is not None and _headline_body(text, offset, subject) and attribution not in self.history:
                    # "... Killed - Military": the lead names which military; until it does, no one
                    if remember:
                        self.headline_body = attribution
                    continue
                if remember and attribution is not None and attribution not in self.history:
                    # a speaker first known here ("Defence Minister X said" -> the sentence's
                    # state): later "he added" and "X said" are the same speaker
                    self._remember(attribution)
                    self._learn_names(subject, attribution)
            elif remember:
                self._remember(attribution)
                self._learn_names(subject, attribution)
            if attribution and attribution.party not in NON_PARTIES and attribution.party != REGION_PARTY \
                    and attribution not in out:
                out.append(attribution)
        if remember:
            groups = self._groups_in(text)
            self.last_group = groups[-1][1] if groups else self.last_group
        return out

    def _groups_in(self, text: str) -> list[tuple[int, str]]:
        return list(_group_hits(text))

    def _group_or_monitor(self, text: str, offset: int, subject: str) -> Claimant | None:
        """"The group said", "the rebels claim": the armed group named last (in this sentence
        before the verb, else before it); "a monitoring group said": the article's monitor."""
        subject = (subject or "").strip()
        if _MONITOR_ANAPHOR.search(subject) and self.monitor:
            return Claimant(self.monitor)
        if _GROUP_ANAPHOR.search(subject):
            before = [party for start, party in self._groups_in(text) if start < offset]
            party = before[-1] if before else self.last_group
            return Claimant(party) if party else None
        return None

    def _learn_names(self, subject: str, attribution: Claimant) -> None:
        """Remember the personal names of a speaker's phrase ("Governor Ivan Petrenko")."""
        for word in _PERSON_NAME.findall(subject or ""):
            if not party_of(word) and not _BODY_WORD.search(word):
                self.names.setdefault(word, attribution)

    def _named_before(self, subject: str) -> Claimant | None:
        """"Petrenko said", "Orlov also said": the speaker first named with that name."""
        words = [w for w in re.findall(r"[\w'’-]+", subject or "") if w.lower() not in ("also", "later", "earlier", "then")]
        if 1 <= len(words) <= 2 and all(w in self.names for w in words):
            return self.names[words[-1]]
        return None

    def _party(self, phrase: str) -> Claimant | None:
        return resolve_region(party_of(phrase), self.region)

    def _regional(self, text: str, offset: int, subject: str) -> Claimant | None:
        """A regional official named by the region ("the governor of Belgorod region said",
        "..., said Kharkiv regional military administration head X"): the party of the
        country the gazetteer puts that region in."""
        here = self.here
        unnamed = _UNNAMED_OFFICIAL.search(subject or "")
        if self.country_of is None:
            return None
        verb_end = _WORD.match(text[offset:])
        after = " ".join(text[offset + (verb_end.end() if verb_end else 0):].split()[:10])
        after = _AFTER_END.split(after)[0]
        inverted = not (subject or "").strip() or _DASH_BEFORE.search(text[:offset])
        for phrase in (subject or "", after if inverted else ""):
            found = regional_speaker(phrase) if phrase else None
            if found:
                party = _ACTORS.party_of_country(self.country_of(found[0]))
                if party:
                    return Claimant(party, found[1])
        if unnamed and here and not _PRONOUN.search(subject or ""):
            # "regional governor Ivan Petrenko said", "the governor said": of the country the
            # sentence is about, unless a governor already spoke
            label = next((label for pattern, label in _STRONG_BODIES if pattern.search(subject)), None)
            return self.last_by_body.get(label or "") or Claimant(here, label)
        return None

    def _remember(self, attribution: Claimant) -> None:
        self.last = attribution
        self.history.append(attribution)
        self.spoken.append((self.sentence_no, attribution))
        if attribution.body:
            self.last_by_body[attribution.body] = attribution
