"""Who says it: the claimant of a report and who denies it.

A claim is the subject of a reporting verb ("the Azeri defense ministry said", "Armenia
accused ...", "according to Nagorno-Karabakh officials", "said the ministry"). The subject
is reduced to a party and, where named, the body speaking for it:
``"Azerbaijan (defence ministry)"``, ``"Armenia (foreign ministry)"``, ``"Russia (Kremlin)"``.
Capitals and leaders stand for their state ("Baku said" -> Azerbaijan, "the Kremlin" ->
Russia, "Ankara" -> Turkey). Anaphoric subjects ("the ministry also said", "he said",
"spokeswoman X wrote") take the last named attribution of the article
(:class:`ClaimTracker`). A denial ("Turkey has denied the claim", "Azerbaijan and Turkey
denied this had happened", "a claim Baku described as nonsense") lists every party in the
subject of the denial verb.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.model import Claimant

__all__ = ["Claimant", "PARTIES", "party_of", "find_attributions", "find_denials", "ClaimTracker"]

#: Party -> words that stand for it in news copy (demonyms, capitals, leaders, institutions).
#: Order matters: Nagorno-Karabakh is tested before Armenia so "Nagorno-Karabakh's ethnic
#: Armenian authorities" is the separatist side, not Armenia.
PARTIES: dict[str, tuple[str, ...]] = {
    "Nagorno-Karabakh": (
        r"Nagorno[-\s]Karabakh", r"Karabakh", r"Karabagh", r"Artsakh", r"Stepanakert", r"Khankendi",
        r"(?:the\s+)?breakaway\s+(?:region|enclave|republic|territory)", r"(?:the\s+)?self-proclaimed\s+republic",
        r"(?:the\s+)?unrecogni[sz]ed\s+(?:republic|region|state)",
        r"separatists?", r"Armenian-backed", r"(?:the\s+)?enclave", r"(?:the\s+)?territory", r"Arayik\s+Harutyunyan",
        r"ethnic\s+Armenian\s+(?:authorities|officials|leaders?|forces|military)",
        r"(?:the\s+)?authority\s+that\s+runs",
    ),
    "Azerbaijan": (r"Azerbaijan(?:i|'s|’s)?", r"Azeri", r"Baku", r"Aliyev", r"Bayramov", r"Hikmat\s+Hajiyev"),
    "Armenia": (r"Armenian?(?:'s|’s)?", r"Yerevan", r"Pashinyan", r"Pashinian", r"Mnatsakanyan", r"Mnatsakanian"),
    "Russia": (r"Russian?", r"Moscow", r"Kremlin", r"Putin", r"Peskov", r"Lavrov", r"Zakharova"),
    "Turkey": (r"Turkey", r"Turkish", r"Türkiye", r"Ankara", r"Erdo[gğ]an", r"[CÇ]avu[sş]o[gğ]lu", r"[CÇ]elik"),
    "France": (r"France", r"French", r"Paris", r"Macron", r"Le\s+Drian", r"Élysée", r"Elysee"),
    "United States": (r"U\.S\.", r"United\s+States", r"Washington", r"State\s+Department", r"Pompeo", r"Trump", r"White\s+House"),
    "Iran": (r"Iran(?:ian)?", r"Tehran"),
    "Georgia": (r"Georgian?", r"Tbilisi"),
    "United Nations": (r"U\.N\.", r"UN", r"United\s+Nations", r"Guterres", r"Security\s+Council"),
    "European Union": (r"European\s+Union", r"EU", r"Borrell", r"European\s+Commission"),
    "OSCE Minsk Group": (r"(?:OSCE\s+)?Minsk\s+Group", r"co-chairs?"),
}

#: Body patterns -> the label shown in parentheses.
BODIES: tuple[tuple[str, str], ...] = (
    (r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|defen[cs]e\s+minister|MoD\b|defen[cs]e\s+department", "defence ministry"),
    (r"foreign\s+ministry|ministry\s+of\s+foreign\s+affairs|foreign\s+minister|foreign-policy\s+chief", "foreign ministry"),
    (r"prosecutor(?:'s|’s)?(?:\s+general(?:'s|’s)?)?(?:\s+office)?", "prosecutor's office"),
    (r"(?:prime\s+minister)", "prime minister"),
    (r"president(?:ial)?(?:'s|’s)?(?:\s+(?:office|administration|aide|adviser))?|Aliyev|Putin|Erdo[gğ]an|Macron|Trump", "president"),
    (r"Kremlin|Peskov", "Kremlin"),
    (r"Pashinyan|Pashinian", "prime minister"),
    (r"Bayramov|Mnatsakanyan|Mnatsakanian|Lavrov|[CÇ]avu[sş]o[gğ]lu|Le\s+Drian|Pompeo|State\s+Department", "foreign ministry"),
    (r"interior\s+ministry|ministry\s+of\s+(?:internal\s+affairs|emergency\s+situations)|emergency\s+services", "interior ministry"),
    (r"(?:human\s+rights\s+)?ombudsman|human\s+rights\s+defender", "ombudsman"),
    (r"parliament", "parliament"),
    (r"military|army|armed\s+forces|troops", "military"),
    (r"authorities|authority|officials|government|administration", "authorities"),
)

_PARTY_RE = [(party, re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.I if party not in ("United Nations", "European Union") else 0))
             for party, words in PARTIES.items()]
_BODY_RE = [(re.compile(r"\b(?:" + pattern + r")", re.I), label) for pattern, label in BODIES]

_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|report|claimed|claims|claim|accused|accuses|accuse|"
    r"stated|states|announced|announces|tweeted|wrote|writes|added|adds|confirmed|confirms|insisted|insists|alleged|alleges|"
    r"blamed|blames|noted|declared|informed|posted|saying|admitted|admits|acknowledged|acknowledges)\b"
)
_ACCORDING = re.compile(
    r"\baccording\s+to\s+|\b(?:information|reports?|claims?|statements?|news|footage|video|images?|photos?)\s+"
    r"(?:\w+\s+){0,2}?(?:spread|disseminated|circulated|published|made|issued|released|provided|distributed)\s+by\s+",
    re.I)
_DENIAL = re.compile(
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
)
_NAMED_BODY = re.compile(
    r"\b(?-i:[A-Z])\w+\s+(?:(?-i:[A-Z])\w+\s+)*(?:Headquarters|Service|Office|Committee|Agency|Cent(?:er|re)|Council|Ombudsman|Defender)\b"
    r"|\bprosecutor",
    re.I)
_PRONOUN = re.compile(r"\b(?:he|she|it|they|him|her|them|spokes\w+)\b", re.I)
_INVERTED_SUBJECT = re.compile(
    r"(?:ministry|office|officials|authorities|spokes\w+|president|minister|government|military|army|service|"
    r"headquarters|" + "|".join(w for words in PARTIES.values() for w in words) + r")$",
    re.I,
)
_ANAPHOR = re.compile(
    r"^(?:the\s+)?(?:ministry|department|office|spokes(?:man|woman|person)|he|she|it|they|officials?|"
    r"authorities|military|army|statement|headquarters|service|committee|agency|cent(?:er|re)|head\s+of\s+state|"
    r"president|minister|ombudsman|defender|prosecutors?)\b", re.I
)


@lru_cache(maxsize=16384)
def party_of(phrase: str) -> Claimant | None:
    """The party (and body) a subject phrase names, or None.

    The last party named in the phrase is taken ("the Defense Ministry in Baku" ->
    Azerbaijan; "Armenian Defense Ministry spokesman" -> Armenia), except that an
    "X of Y" or "X's Y" reads left to right as one name.

    Examples
    --------
    >>> party_of("the Azeri defense ministry").label
    'Azerbaijan (defence ministry)'
    >>> party_of("Baku").label
    'Azerbaijan'
    """
    hits: list[tuple[int, int, str]] = []
    for party, pattern in _PARTY_RE:
        for match in pattern.finditer(phrase):
            if any(match.start() < end and start < match.end() for start, end, _ in hits):
                continue
            hits.append((match.start(), match.end(), party))
    if not hits:
        return None
    hits.sort()
    # "Nagorno-Karabakh's ethnic Armenian authorities": the possessor names the party.
    first = hits[0]
    possessive = re.match(r"(?:'s|’s)\s", phrase[first[1]:first[1] + 4])
    chosen = first if possessive else hits[-1]
    body = None
    for pattern, label in _BODY_RE:
        if pattern.search(phrase):
            body = label
            break
    return Claimant(chosen[2], body)


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
    >>> [(a.label if a else None) for _, a, _ in find_attributions("Armenia's Foreign Ministry accused Turkey")]
    ['Armenia (foreign ministry)']
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
        if re.search(r"\b(?:to|the|a|an|this|that|these|those|its|their|his|her|such|any)\s+$",
                     text[max(0, match.start() - 7):match.start()], re.I):
            continue  # "gone to report on", "denied the claim": an infinitive or a noun, not an attribution
        if re.search(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", text[max(0, match.start() - 16):match.start()], re.I) \
                and not re.match(r"\s+by\b", text[match.end():]):
            continue  # "forces were reported fighting": passive, the subject is what is reported
        inverted = re.search(r"[,—–-]\s*$", text[:match.start()]) and re.match(
            r"\s+((?:the\s+)?(?:[\w'’.-]+\s+){0,4}?[\w'’-]+)\s*(?:[,;:]|\.(?:\s|$)|$)", text[match.end():])
        if inverted and _INVERTED_SUBJECT.search(inverted.group(1)) and party_of(inverted.group(1)):
            # "..., says Baku", "..., said the Azerbaijani ministry": the subject follows.
            phrase = inverted.group(1)
            found.append((match.start(), party_of(phrase), phrase))
            continue
        subject = _subject_window(text, match.start())
        subject = re.split(r"\b(?:who|which|whom)\b", subject)[-1]
        if re.fullmatch(r"\s*(?:but|and|yet)(?:\s+(?:also|still|now))?\s*", subject, re.I):
            # "Azerbaijan has not disclosed its losses, but says 65 civilians ...": the
            # subject of the sentence's first clause
            first = re.split(r"[,;:]", text[:match.start()])[0]
            subject = re.split(r"\b(?:has|have|had|is|are|was|were|did|does|do|will|would|said|says)\b", first)[0]
        attribution = party_of(subject)
        if attribution is None or not subject.strip():
            # "..., said the Armenian Defense Ministry": the subject follows the verb.
            after = re.match(r"\s+((?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:ministry|office|spokes\w+|officials|authorities|military|army|government|president|minister)(?:\s+(?:of|in)\s+[\w-]+(?:\s+[\w-]+)?)?)", text[match.end():], re.I)
            if after:
                attribution = party_of(after.group(1)) or attribution
                subject = subject or after.group(1)
        found.append((match.start(), attribution, subject))
    found.sort(key=lambda f: f[0])
    return tuple(found)


def find_denials(text: str) -> list[Claimant]:
    """Parties that deny something in ``text`` ("Azerbaijan and Turkey denied ...").

    Examples
    --------
    >>> [a.party for a in find_denials("Azerbaijan and Turkey denied this had happened.")]
    ['Azerbaijan', 'Turkey']
    """
    deniers: list[Claimant] = []
    for match in _DENIAL.finditer(text):
        subject = _subject_window(text, match.start())
        # The denial's object ("denied reports that Turkey had sent ...") is not its subject.
        for part in re.split(r"\s+(?:and|&)\s+", subject):
            attribution = party_of(part) if part.strip() else None
            if attribution and all(d.party != attribution.party for d in deniers):
                deniers.append(attribution)
    return deniers


class ClaimTracker:
    """Resolves claims sentence by sentence through an article, remembering the last speaker.

    Examples
    --------
    >>> t = ClaimTracker()
    >>> [a.label for a in t.claims("The Armenian Defense Ministry said the attack failed.")]
    ['Armenia (defence ministry)']
    >>> [a.label for a in t.claims("The ministry also said two drones were shot down.")]
    ['Armenia (defence ministry)']
    """

    def __init__(self, home: str | None = None) -> None:
        #: The party of the article's dateline city ("STEPANAKERT, October 30"), if any: a body
        #: named without its party ("the Information Headquarters") is that side's.
        self.home = home
        self.last: Claimant | None = None
        self.last_by_body: dict[str, Claimant] = {}
        self.history: list[Claimant] = []
        #: (sentence number, attribution) of every named speaker; a sentence is one
        #: ``claims(..., remember=True)`` call.
        self.spoken: list[tuple[int, Claimant]] = []
        self.sentence_no = 0
        self.text = ""  # the sentence (or clause) being read

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
            # "Foreign Minister of Armenia X will meet ..., the Foreign Ministry's spokesperson
            # said": the one party whose body of that kind the sentence names
            named = {found.party for pattern, body in _BODY_RE if body == label
                     for m in pattern.finditer(self.text)
                     if (found := party_of(self.text[max(0, m.start() - 20):m.end() + 20]))}
            if len(named) == 1:
                return Claimant(named.pop(), label)
        if self.home and (not parties or self.home in parties):
            return Claimant(self.home, label or next((a.body for a in reversed(same) if a.party == self.home), None))
        if not parties and recent and label:
            return Claimant(recent[-1].party, label)
        return None

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
            if pattern.search(words) and label not in ("military", "authorities"):
                # "the president tweeted": the last president named, or nobody (not just anyone)
                return self.last_by_body.get(label) or (self.last if "ministry" in label and self.last
                                                        and self.last.body == label else None)
        return self.last

    def claims(self, text: str, *, remember: bool = True) -> list[Claimant]:
        """Claimants of ``text`` (a sentence or clause), anaphors resolved.

        With ``remember`` (default), named attributions become the antecedent of later
        "the ministry said" / "he said".
        """
        out: list[Claimant] = []
        self.text = text
        if remember:
            self.sentence_no += 1
        # A party that denies is a speaker too: "Azerbaijan's Defense Ministry denied the
        # reports. The ministry said ..." is Azerbaijan's ministry.
        denials = [(m.start(), party_of(_subject_window(text, m.start())), None) for m in _DENIAL.finditer(text)]
        found = sorted([*find_attributions(text), *((o, a, None) for o, a, _ in denials if a and a.body)],
                       key=lambda f: f[0])
        for _, attribution, subject in found:
            if subject is None:  # a denier: remembered, not a claimant
                if remember:
                    self._remember(attribution)
                continue
            if attribution is None:
                stripped = subject.strip()
                tail = " ".join(stripped.split()[-4:])
                # A body named without its party ("the Information Headquarters said",
                # "the Prosecutor General's Office reported") speaks for the last party named.
                if stripped and not _ANAPHOR.search(tail) and not re.search(
                    r"\b(?:spokes\w+|ministry|he|she|it|they|him|her|them|officials?|headquarters|service|office|"
                    r"committee|agency|head\s+of\s+state|prosecutors?|ombudsman|defender)\b", stripped, re.I
                ):
                    continue
                attribution = self._resolve_anaphor(subject)
            elif remember:
                self._remember(attribution)
            if attribution and attribution not in out:
                out.append(attribution)
        return out

    def _remember(self, attribution: Claimant) -> None:
        self.last = attribution
        self.history.append(attribution)
        self.spoken.append((self.sentence_no, attribution))
        if attribution.body:
            self.last_by_body[attribution.body] = attribution
