"""Where a place stands in a clause: located mentions, metonyms, and event roles.

The gazetteer finds names (:meth:`Gazetteer.find_mentions`) and picks a place for each
(:meth:`Gazetteer.disambiguate`); this module says what each mention *does* in its clause,
following the place-role rules of docs/extraction.md#where-place-roles:

- a metonym stands for an actor ("Baku said", "Baku's forces", "backed by Yerevan");
- after "from" a place is the origin of fire; after near/outside/outskirts of/direction of
  it is a target at geo_precision 2; after in/at/on/into/hit/shelled/captured/"the town of",
  or before a passive event verb ("Tartar was shelled"), a target;
- lists share the role of their head; a coarser place that only locates a finer one is
  dropped (:func:`drop_containers`); each place goes to its nearest event word
  (:func:`assign_to_cues`).

Everything here is pure: no disk, no network.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gazetteer.actors import actors, demonym_countries
from gazetteer.normalize import fold
from gazetteer.geometry import distance_km
from gazetteer.match import UnresolvedName
from geo.extract.lexicon import Cue
from geo.model import Article
from geo.language.sentences import Span
from geo.language.prefilter import gated

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = [
    "PRECISION_BY_KIND", "Located", "Mentions", "Target", "locate_mentions", "is_metonym", "place_roles",
    "drop_containers", "assign_to_cues", "dominant_region", "country_named", "contains",
]

log = logging.getLogger(__name__)

#: geo_precision of a place by its kind (before "near X" lowers a town to 2).
PRECISION_BY_KIND = {"country": 4, "region": 3, "district": 3, "city": 1, "town": 1, "village": 1}

#: State names of the actor tables: "Russia and Belarus denied ..." makes both metonyms.
_STATES = "|".join(re.escape(a.party) for a in actors().parties if a.kind == "state")
_VERB_AFTER = re.compile(
    r"^(?:(?:'s|’s)\s+)?\s+(?:\w+ly\s+|also\s+|has\s+also\s+|have\s+also\s+|on\s+\w+\s+|has\s+|have\s+|had\s+|"
    r"did\s+not\s+|does\s+not\s+|would\s+|will\s+|could\s+)*"
    r"(?:said|says|say|accused|accuses|claimed|claims|denied|denies|reported|reports|described|describes|backs|backed|"
    r"supports|supported|launched|called|calls|urged|urges|rejected|rejects|announced|warned|insisted|demanded|sent|"
    r"began|confirmed|condemned|responded|threatened|blamed|blames|wants|hopes|believes|declared|recognized|"
    r"recognised|agreed|refused|stated|considers|told|tweeted|wrote|sides|sided|provided|asked|added|"
    r"has\s+(?:a|an|the|no|been\s+(?:forced|accused))|have\s+(?:a|an|the)|is\s+(?:disturbed|ready|prepared|using|backing|supporting)|"
    r"lost|fought|deployed|mobilised|mobilized|responds|insists|demands|continues|continued|"
    rf"and\s+(?:{_STATES})\s+(?:denied|accused|declared|said|have|fought|reported))\b",
    re.I,
)
_POSSESSIVE_ACTOR = re.compile(
    r"^(?:'s|’s)\s+(?:\w+\s+){0,2}?(?:forces|army|troops|military|soldiers|government|ministry|defen[cs]e|foreign|"
    r"president|prime|leadership|officials|authorities|allies|ally|support|position|response|solidarity|"
    r"withdrawal|envoy|ambassador|representative|parliament|prosecutor|side|occupation|aggression|"
    # the possessor of an attack is the attacker: "Russia's shelling has killed ..."
    r"shelling|attacks?|fire|strikes?|missiles?|rockets?|drones?|losses|offensive|"
    r"(?:(?-i:[A-Z])\w+\s+)?(?:Ministry|Office|Service|Army|Forces|President|Minister|Government|Council|Committee))\b",
    re.I,
)
_ACTOR_NOUN_AFTER = re.compile(r"^[\s-]+(?:government|authorities|leadership|officials|administration|side|backed)\b", re.I)
_ACTOR_BEFORE = gated(re.compile(
    r"(?:backed\s+by|ties\s+(?:to|with)|alliance\s+with|support\s+for|sides?\s+with|side\s+by\s+side\s+with|accused|"
    r"accusing|urged|called\s+on|on\s+behalf\s+of|pact\s+with|treaty\s+with|relations\s+with|allies?\s+of|lies\s+against|"
    r"solidarity\s+with|forces\s+of|between|against|persuade|pressure\s+on|condemned|criticized|criticised|"
    r"both|by)\s+(?:the\s+)?$",
    re.I,
))

_SPEAKER_IN = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person)|ministry|representatives?|sources?|commanders?|authorities|"
    r"correspondents?|reporters?|analysts?|diplomats?)\s+(?:based\s+)?(?:in|from)\s+(?:the\s+)?$", re.I)
_SAID_AFTER = re.compile(r"^\s*,?\s+(?:also\s+)?(?:said|says|say|told|tells|reported|reports|claimed|claims|stated|added)\b", re.I)
_ROUTE_BETWEEN = re.compile(
    r"\b(?:road|highway|motorway|route|corridor|border|area|line|villages?|towns?|section|stretch|bridge|front)\s+"
    r"(?:\w+\s+)?(?:between|linking|connecting)\s+(?:the\s+)?$", re.I)

LIST_GAP = re.compile(
    r"^\s*[-–]\s*$|^\s*(?:,|and|,\s*and|,?\s*as\s+well\s+as|or|&)\s+(?:the\s+)?(?:(?:\w+\s+)?(?:towns?|cit(?:y|ies)|villages?|settlements?|"
    r"regions?|districts?|areas?)\s+of\s+)?$|^\s*,\s*$",
    re.I,
)
_PLACE_NOUN = r"(?:(?:\w+\s+){0,2}?(?:towns?|cit(?:y|ies)|villages?|settlements?|regions?|districts?|capital|areas?|territory|territories|outskirts|province|municipality)\s+of\s+)?"
#: "the road between Kramatorsk and Sloviansk": near each town (a road to a region or country
#: -- "the only road connecting the enclave to Egypt" -- says nothing of where).
_ROUTE = r"(?:road|highway|motorway|route|corridor|section|stretch|bridge)\s+(?:\w+\s+)?(?:between|linking|connecting|to)"
_ROUTE_BEFORE = re.compile(rf"\b{_ROUTE}\s+(?:the\s+)?$", re.I)
_NEAR_BEFORE = gated(re.compile(
    rf"\b(?:near|nearby|outside|around|outskirts\s+of|vicinity\s+of|close\s+to|approaches\s+to|environs\s+of|"
    rf"direction\s+of|area\s+of|surroundings\s+of|"
    rf"within\s+(?:\w+\s+){{0,3}}?(?:kilometers?|kilometres?|km|miles?)\s+of|"
    rf"{_ROUTE}|"
    # a part of a town: "a residential district of Ganja", "neighbourhoods of Stepanakert"
    rf"(?:neighbou?rhoods?|suburbs?|quarters?|(?<!\bthe\s)districts?)\s+of)\s+(?:the\s+)?{_PLACE_NOUN}(?:the\s+)?$",
    re.I,
))
_ORIGIN_BEFORE = re.compile(
    rf"\b(?:from\s+(?:the\s+)?(?:(?:direction|territory|side|area|positions?|soil)\s+of\s+)?(?:the\s+)?{_PLACE_NOUN}|"
    rf"(?:took|taken|take|taking)\s+off\s+(?:in|from)\s+(?:the\s+)?|launched\s+from\s+(?:the\s+)?)$",
    re.I,
)
TARGET_BEFORE = re.compile(
    rf"\b(?:in|at|on|inside|into|within|over|across|toward|towards|upon|against|throughout|"
    rf"hit|hits|hitting|target|targeted|targeting|targets|shell|shells|shelled|shelling|bomb|bombs|bombed|bombing|"
    rf"pound|pounds|pounded|pounding|rocked|rocking|shook|shaking|struck|strike|strikes|striking|attack|attacks|attacked|"
    rf"attacking|captured|capture|capturing|liberated|liberating|liberation\s+of|seized|seizing|retook|recaptured|"
    rf"entered|reached|including|took|taken|taking|raided|stormed|controlled|subject(?:ed|ing|s)?|subject(?:ed|ing|s)?\s+to\s+(?:\w+\s+)?(?:fire|shelling)|fire\s+at|fired\s+at|fire\s+on|fired\s+on|"
    rf"(?:shelling|bombing|bombardment|capture|recapture|liberation|control|occupation|fall|defen[cs]e|battle|siege|"
    rf"towns?|cit(?:y|ies)|villages?|settlements?|regions?|districts?|capital|outskirts|line|"
    rf"cent(?:re|er)|heart|middle|streets?|part|neighbou?rhoods?|quarters?)\s+(?:of|for)|capital,?|"
    rf"(?:shelling|bombing|bombardment|capture|liberation|fall|siege|seizure|recapture)\s+(?:\w+\s+){{1,3}}of|"
    # "the liberated villages are A, B and C"
    rf"(?:villages|settlements|towns|cities|localities)\s+(?:are|were|include|included))"
    # "attacks at densely populated Kharkiv districts"
    rf"\s+(?:the\s+)?(?:(?:densely\s+|heavily\s+)?(?:populated|residential|civilian|peaceful)\s+)?"
    rf"(?:self-proclaimed\s+|breakaway\s+|disputed\s+)?{_PLACE_NOUN}(?:the\s+)?(?:self-proclaimed\s+)?(?:its\s+capital,?\s+)?$",
    re.I,
)
_PASSIVE_AFTER = re.compile(
    # "Stepanakert's maternity hospital was hit": the possessor is where it happened
    r"^(?:'s|’s)?(?:\s*,)?\s+(?:\w+\s+){0,2}?(?:was|were|has\s+been|have\s+been|had\s+been|came|come|is|are|being)\s+"
    r"(?!not\b|never\b)(?:\w+\s+)?"
    r"(?:shelled|hit|struck|bombed|attacked|targeted|captured|liberated|taken|seized|retaken|recaptured|"
    r"under\s+(?:\w+\s+)?(?:fire|shelling|attack|bombardment)|subjected|fired\s+(?:up)?on|destroyed|damaged)\b",
    re.I,
)
_NEGATED_PASSIVE_AFTER = re.compile(
    r"^(?:\s*,)?\s+(?:[\w-]+\s+){0,2}?(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:not|never)\s+"
    r"(?:\w+\s+)?(?:shelled|hit|struck|bombed|attacked|targeted|captured|taken|seized|damaged|destroyed)\b", re.I)
#: Headlines drop the auxiliary: "Ganja shelled as fighting enters second week",
#: "Stepanakert under fire" (not "Russia shelled Kharkiv", where a place follows).
_HEADLINE_PASSIVE_AFTER = re.compile(
    r"^\s+(?:(?:shelled|hit|struck|bombed|attacked|targeted|captured|liberated|retaken|recaptured)"
    r"(?!\s+(?:(?:the|a|an|its|their|his|her)\b|(?-i:[A-Z])|\d))|under\s+(?:\w+\s+)?(?:fire|shelling|attack))\b",
    re.I,
)
_AFTER_DISTRICT = re.compile(
    r"^(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?-i:[A-Z])[\w'’-]+)*(?:\s+(?:regions?|districts?|rayons?|provinces?)\b"
    # an apposition: "Fuzuli and Jabrayil, districts in the south", "Tartar, a district of"
    r"|\s*,\s+(?:(?:two|both|the)\s+)?(?:regions|districts|rayons)\b|\s*,\s+an?\s+(?:region|district|rayon)\b)", re.I)
_BEFORE_DISTRICT = re.compile(
    r"\b(?:districts?|regions?|rayons?|provinces?)\s+of\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'’-]+(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+))*$", re.I)

#: "Ukraine's Kharkiv", "Ukraine's second largest city Kharkiv": the town takes the role of
#: its possessor (which then only says where the town is).
_POSSESSIVE_APPOSITION = re.compile(
    r"(?:'s|’s)\s+(?:(?:[\w-]+\s+){0,3}?(?:city|town|capital|village|settlement|port)\s*,?\s+(?:of\s+)?|"
    # "Ukraine's southern Odesa region", "Syria's northwestern Idlib province"
    r"(?:(?:(?:north|south)(?:ern|-?(?:east|west)(?:ern)?)?|east(?:ern)?|west(?:ern)?|central|far|occupied|"
    r"front-?line|border|embattled|besieged|restive)\s+){1,2})?", re.I)

_HYPOTHETICAL_PLACE = re.compile(
    r"\b(?:enough\s+to|capable\s+of|able\s+to|could|would|might|threaten\w*\s+to|range\s+of|spread\s+to)\b", re.I)
_DIRECTION_AFTER = re.compile(r"^(?:-[\w'’]+)?(?:\s*(?:,|and)\s*[\w'’-]+)*\s+directions?\b", re.I)

@dataclass(frozen=True)
class Located:
    """A gazetteer mention resolved to a place, with its role in the article."""

    start: int
    end: int
    surface: str
    place: Any
    metonym: bool
    #: the text calls it a region/district that the gazetteer has only as a town
    #: ("the Askeran region"): the incident is located to the area, geo_precision 3
    area_word: bool = False
    #: an aside naming the area of the list members before it ("A, B, C (in Fuzuli)"): it
    #: places them, and is no place of an event itself
    aside: bool = False


#: A name joined by a hyphen to a participle or to another name modifies a noun: "Iran-backed
#: rebels", "Israel-linked ships", "US-British strikes", "the Russia-Ukraine war".
_MODIFIER_AFTER = re.compile(
    r"^[-\u2010\u2011](?:backed|linked|based|led|allied|aligned|affiliated|sponsored|funded|supported|made|built|"
    r"brokered|mediated|owned|flagged|bound|born|trained|armed|run|controlled|held|occupied|friendly|"
    r"(?-i:[A-Z])[\w'’]+)\b", re.I)
#: A country's name before a noun of its people or its means ("a US ship", "UK troops", "Russia
#: gas"): whose, not where.
_COUNTRY_NOUN_AFTER = re.compile(
    r"^\s+(?:(?:-?flagged|owned|operated|made|navy|naval|military|army|air\s+force)\s+)?"
    r"(?:ships?|vessels?|warships?|destroyers?|tankers?|carriers?|frigates?|troops|forces|soldiers|servicemen|"
    r"military|army|navy|officials?|embassy|envoy|nationals|citizens|contractors|personnel|jets?|aircraft|"
    r"drones?|bases?|weapons|arms|gas|oil|ally|allies)\b")
_MODIFIER_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’]+[-\u2010\u2011]$")


#: Hot-path patterns of the role rules, compiled once.
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|near|on|into|inside|from|of)\s+(?:the\s+)?$", re.I)
_SAID_RIGHT_AFTER = re.compile(r"^\s+(?:said|says|say|reported|reports|claimed)\b")
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])(?-i:[A-Z])[\w'’-]+")
_LIST_JOINERS = re.compile(r"[\s,]*(?:(?:and|or|&)[\s,]*)?")
_PARENTHESIS = re.compile(r"[()]")
_POSSESSIVE_S = re.compile(r"(?:'s|’s)\s+")
_COMMA_THE = re.compile(r"\s*,\s*(?:the\s+)?")
_LEADING_ASIDE = re.compile(r"^\s*\([^)]*\)")


def is_metonym(text: str, start: int, end: int, place: Any) -> bool:
    after = text[end:end + 80]
    before = text[max(0, start - 40):start]
    if place.kind == "country" and (_MODIFIER_AFTER.match(after) or _MODIFIER_BEFORE.search(before)
                                    or _COUNTRY_NOUN_AFTER.match(after)):
        return True
    if _VERB_AFTER.match(after) or _POSSESSIVE_ACTOR.match(after) or _ACTOR_NOUN_AFTER.match(after):
        # "in Stepanakert, the capital, ..." is a location even before a verb further on;
        # only a bare subject position counts.
        if not _PREPOSITION_BEFORE.search(before) or _SAID_RIGHT_AFTER.match(after):
            return True
    if _SPEAKER_IN.search(before) and _SAID_AFTER.match(after):
        return True  # "a Defense Ministry official in Yerevan, said ...": where the speaker sits
    if _ROUTE_BETWEEN.search(before):
        return False  # "the road between Goris and Stepanakert" is a location, "talks between Baku and ..." not
    return bool(_ACTOR_BEFORE.search(before)) and place.kind in ("country", "city")


def locate_mentions(article: Article, gazetteer: "Gazetteer", *, unresolved: list | None = None) -> list[Located]:
    """The article's place names with the place chosen for each, in text order.

    With a list as ``unresolved``, the names that stand where a place would but got none are
    appended to it (:class:`gazetteer.match.UnresolvedName`).
    """
    text = article.text
    matches = gazetteer.find_mentions(text) if unresolved is None else gazetteer.find_mentions(text, unresolved=unresolved)
    chosen = gazetteer.disambiguate(matches, text) if matches else []
    located: list[Located] = []
    for match, candidate in zip(matches, chosen):
        if candidate is None or _adjective(text, match) or _water(text, match, candidate.place) \
                or _part_of_a_longer_name(text, match, candidate.place, {m.start for m in matches}):
            continue
        place = candidate.place
        if place.kind not in ("district", "region") and (
            _AFTER_DISTRICT.match(text[match.end:match.end + 120])
            or _BEFORE_DISTRICT.search(text[max(0, match.start - 120):match.start])
        ):
            # "the Dashkesan region", "the Tartar and Aghdam districts": the district of that name.
            district = next((p for p in match.candidates if p.kind in ("district", "region")
                             and (p.country == place.country or place.country is None)), None)
            place = district or place
        area_word = place.kind not in ("district", "region") and "region_word" in candidate.reasons
        located.append(Located(match.start, match.end, match.surface, place,
                                is_metonym(text, match.start, match.end, place), area_word))
    located, outside = _areas_in_asides(located, matches, text)
    located, framed_out = _villages_in_a_framing_area(located, matches, text)
    outside += framed_out
    strays = outside + _far_from_their_list(located, text)
    if unresolved is not None:
        unresolved.extend(UnresolvedName(loc.start, loc.end, loc.surface, "outside_area") for loc in strays)
    return _one_sense([loc for loc in located if loc not in strays], text)


#: "... Yukhari Aybasanli (in ": the aside opening after a name; group 1 is the opening itself.
_ASIDE_OPEN_AFTER_NAME = re.compile(r"[\w'’.-](\s*\(\s*(?:in\s+(?:the\s+)?)?)$", re.I)


#: List members the gazetteer lacks right before a name: "Alpha, Beta Kend (in Fuzuli), ".
_UNKNOWN_MEMBERS_BEFORE = re.compile(
    r"(?:(?-i:[A-Z])[\w'’-]+(?:[\s-]+(?-i:[A-Z])[\w'’-]+){0,2}\s*(?:\((?:in\s+)?[\w'’\s-]+\))?"
    # "..., Jabrayil district: A, B": a sub-heading inside the list
    r"(?:\s+(?:district|region|province|rayon))?\s*(?:,|,?\s+and|:)\s+){2,}$"
    # one member before "and": "directed at Shatvan and Mets Masrik"
    r"|(?-i:[A-Z])[\w'’-]+(?:[\s-]+(?-i:[A-Z])[\w'’-]+){0,2}\s+and\s+$")


_CALENDAR = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                       r"May|June|July|August|September|October|November|December|Meanwhile|However|Also|Earlier|"
                       r"Later|Separately|Elsewhere|Overnight|Today|Yesterday)\b")


def _list_gap(gap: str) -> bool:
    """Whether ``gap`` only joins list members, names the gazetteer lacks included."""
    gap = _CAPITALISED_WORD.sub(" ", gap)
    return bool(_LIST_JOINERS.fullmatch(gap))


_ASIDE_CLOSE = re.compile(r"^(?:\s+(?:district|region|rayon|province))?\s*\)", re.I)


_VILLAGE_OF = re.compile(r"\b(?:village|town|settlement|hamlet)s?\s+of\s+(?:the\s+)?$", re.I)


def _villages_in_a_framing_area(located: list[Located], matches: list, text: str) -> tuple[list[Located], list[Located]]:
    """"In the Belgorod region, shelling of the village of X was reported": a village the
    sentence names inside the area that opens it is in that area; a namesake the gazetteer
    puts more than 60 km outside it gives way to one inside, or to none."""
    by_start = {m.start: m for m in matches}
    out, outside = list(located), []
    for index, frame in enumerate(located):
        if frame.place.kind not in ("region", "district") or not _FRONTED_AREA.search(
                text[max(0, frame.start - 40):frame.start]) or not _AREA_THEN_COMMA.match(text[frame.end:frame.end + 40]):
            continue
        end = text.find(".", frame.end)
        end = len(text) if end == -1 else end
        for j in range(index + 1, len(located)):
            member = out[j]
            if member.start > end:
                break
            if _VILLAGE_OF.search(text[max(0, member.start - 30):member.start]):
                out[j], lost = _inside_area(member, frame.place, by_start)
                outside += lost
    return out, outside


def _areas_in_asides(located: list[Located], matches: list, text: str) -> tuple[list[Located], list[Located]]:
    """"The liberated villages are A, B, C (in Fuzuli), D, E (in Jabrayil)": the name in the
    aside is the area (its district when it has one) of the list members since the last aside,
    and no place of an event; a member the gazetteer puts outside that area takes its namesake
    inside it, or none. Returns the mentions, and the members left without a place."""
    by_start = {m.start: m for m in matches}
    out, outside = list(located), []
    segment_start = 0
    for index, loc in enumerate(located):
        if index and _VILLAGE_THEN_AREA.fullmatch(text[located[index - 1].end:loc.start]) \
                and (_AREA_WORD_AFTER.match(text[loc.end:loc.end + 30]) or _AREA_WORD_IN.search(loc.surface)) \
                and loc.place.kind in ("district", "region"):
            # "a school in Alpha village, Fuzuli district": the district places the village before it
            out[index - 1], lost = _inside_area(out[index - 1], loc.place, by_start)
            outside += lost
            continue
        if not (index and _ASIDE_OPEN_AFTER_NAME.search(text[max(0, loc.start - 40):loc.start])
                and _ASIDE_CLOSE.match(text[loc.end:loc.end + 20])):
            continue
        match = by_start.get(loc.start)
        area = next((p for p in (match.candidates if match else ()) if p.kind in ("district", "region")
                     and p.country == loc.place.country), loc.place)
        out[index] = Located(loc.start, loc.end, loc.surface, area, False, False, aside=True)
        members = []
        for j in range(index - 1, segment_start - 1, -1):
            if not _list_gap(text[located[j].end:located[j + 1].start if j + 1 < index else
                                  loc.start - len(_ASIDE_OPEN_AFTER_NAME.search(text[max(0, loc.start - 40):loc.start]).group(1))]):
                break
            members.append(j)
        for j in members:
            if not out[j].aside:
                out[j], lost = _inside_area(out[j], area, by_start)
                outside += lost
        segment_start = index + 1
    return out, outside


_AREA_WORD_IN = re.compile(r"\b(?:district|region|rayon|province|governorate|oblast)\b", re.I)
#: Between a village and the district after it: "Alpha village, Fuzuli district".
_VILLAGE_THEN_AREA = re.compile(r"\s+(?:village|settlement|town)\s*,\s*(?:the\s+)?|\s*,\s*(?:the\s+)?", re.I)


def _inside_area(member: Located, area: Any, by_start: dict) -> tuple[Located, list[Located]]:
    """``member`` placed inside ``area``: itself when it is there (or within 60 km), else its
    namesake inside the area, else nothing (returned in the list of those left unresolved)."""
    if contains(area, member.place) or _km(area, member.place) <= CONTAINS_KM:
        return member, []
    candidates = by_start[member.start].candidates if member.start in by_start else ()
    inside = next((p for p in candidates if p.kind in ("village", "town", "city") and contains(area, p)), None)
    if inside is None:
        return member, [member]
    return Located(member.start, member.end, member.surface, inside, member.metonym, member.area_word), []


#: What joins the members of a list of places: "A, B and C".
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|&)\s*", re.I)
#: A list member this far from every other member, while they lie together, is a namesake.
STRAY_KM = 300.0
_TOGETHER_KM = 100.0


def _far_from_their_list(located: list[Located], text: str) -> list[Located]:
    """Members of a list of places ("the villages of A, B, C, D and Sur") that lie far from
    all the others while those lie together: a namesake far away ("Sur" is Tyre, in another
    country) of a village the gazetteer lacks. They are left unresolved."""
    runs: list[list[Located]] = []
    for loc in located:
        if runs and _LIST_JOIN.fullmatch(text[runs[-1][-1].end:loc.start]):
            runs[-1].append(loc)
        else:
            runs.append([loc])
    strays = []
    for run in runs:
        if len(run) < 4:
            continue
        for loc in run:
            others = [o for o in run if o is not loc]
            near = [o for o in others if _km(o.place, loc.place) <= STRAY_KM]
            together = sum(1 for a in others for b in others if a is not b and _km(a.place, b.place) <= _TOGETHER_KM)
            if not near and together >= 2 * (len(others) - 1):
                strays.append(loc)
    return strays


def _km(a: Any, b: Any) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


_AREA_NEAR = re.compile(r"\b(?:regions?|districts?|rayons?|provinces?|governorates?|oblasts?|states?|county|counties|"
                        r"territory|prefecture|wilaya)\b", re.I)


def _one_sense(located: list[Located], text: str) -> list[Located]:
    """One name, one place in an article: where the text writes a name as a town somewhere and
    the town's area of the same name elsewhere with no area word beside it ("the southern city
    of Khan Younis" and "a neighbourhood of Khan Younis"), the bare mention is the town too."""
    towns: dict[str, Any] = {}
    for loc in located:
        if loc.place.kind in ("city", "town", "village") and not loc.metonym:
            towns.setdefault(fold(loc.surface), loc.place)
    out = []
    for loc in located:
        town = towns.get(fold(loc.surface))
        if town is not None and not loc.aside and loc.place.kind in ("district", "region") and not _AREA_NEAR.search(
                text[max(0, loc.start - 25):loc.end + 25]) and contains(loc.place, town):
            loc = Located(loc.start, loc.end, loc.surface, town, loc.metonym, loc.area_word, loc.aside)
        out.append(loc)
    return out


#: A demonym of the actor tables written as a place name ("Somali", also a region of Ethiopia)
#: is the adjective unless an area word follows it ("the Somali region").
_DEMONYM_WORDS = frozenset(demonym_countries())
_AREA_WORD_AFTER = re.compile(r"^\s+(?:region|state|province|regional\s+state|zone|district|governorate)\b", re.I)


def _adjective(text: str, match: Any) -> bool:
    """Whether a name is a demonym used as one: "Somali soldiers", "the Somali government"."""
    return (match.surface in _DEMONYM_WORDS and not any(p.kind == "country" for p in match.candidates)
            and not _AREA_WORD_AFTER.match(text[match.end:match.end + 30]))


#: Capitalised words that continue a place's name without making it another name ("Mingachevir
#: Reservoir", "Zamzam Camp", "Aleppo International Airport").
_NAME_CONTINUES = re.compile(
    r"^\s+(?:River|Valley|Region|Province|District|Governorate|Oblast|State|County|Municipality|City|Town|"
    r"Village|Camp|Airport|International|Base|Port|Bay|Lake|Mountains?|Hills?|Heights|Corridor|Highway|Road|"
    r"Street|Square|Bridge|Dam|Reservoir|Plant|Hospital|Gate|Crossing|Checkpoint|Strip|Island|Islands)\b")
#: An institution named after its place ("Artsakh Defense Army", "Kharkiv Regional Military
#: Administration"): the place's name, not part of another one.
_INSTITUTION_AFTER = re.compile(
    r"^\s+(?:Defen[cs]e|Ministry|Army|Armed|State|Human|Foreign|Health|Government|President|Presidential|"
    r"Emergency|National|Republic|Forces|Military|Police|Regional|Oblast|City|Security|Interior|Border|"
    r"Prosecutor|General|Council|Parliament|Administration|Authorities|Office|Command|Governor|Mayor)\b")
_NEXT_CAPITALISED = re.compile(r"^(?:\s+|[-\u2010\u2011])(?-i:[A-Z])[\w'’]*")
_PREVIOUS_HYPHENATED = re.compile(r"(?-i:[A-Z])[\w'’]*[-\u2010\u2011]$")


def _part_of_a_longer_name(text: str, match: Any, place: Any, starts: set[int]) -> bool:
    """Whether a name is only the first word of a longer name the gazetteer lacks: a surname
    ("Amiri-Rad" is not the village Ameri) or a spelling it does not know ("Minga Civir" is
    Mingachevir, not Munich by its Bavarian name). A country's name joined to another is a
    modifier, kept for :func:`is_metonym`; a place written as its own display name is kept
    ("Tartar Rayon" aside, the words of :data:`_NAME_CONTINUES` continue a name)."""
    if place.kind == "country":
        return False
    after = text[match.end:match.end + 40]
    following = _NEXT_CAPITALISED.match(after)
    previous = _PREVIOUS_HYPHENATED.search(text[max(0, match.start - 30):match.start])
    if previous is not None:
        return max(0, match.start - 30) + previous.start() not in starts
    if following is None or _NAME_CONTINUES.match(after) or _INSTITUTION_AFTER.match(after) \
            or match.end + following.start() + 1 in starts:
        return False  # "Yerevan-Baku", "Fuzuli-Jabrayil": two places; "Artsakh Defense Army"
    if after[:1] in "-\u2010\u2011":
        return True  # "Amiri-Rad"
    return fold(match.surface) != fold(place.name)  # "Minga Civir": another language's name of a far city


_WATER_NAME = re.compile(r"\b(?:Sea|Ocean|Gulf|Bay|Strait|Straits|Lake)\b")


def _water(text: str, match: Any, place: Any) -> bool:
    """Whether an area named after a sea is meant as the sea: "ships in the Red Sea" is the
    sea, "Sudan's Red Sea state" the state."""
    return (place.kind in ("region", "district") and bool(_WATER_NAME.search(match.surface))
            and not _AREA_WORD_AFTER.match(text[match.end:match.end + 30]))


class Mentions(list):
    """The article's located mentions in text order, with fast slicing by offsets (long
    articles have tens of thousands of mentions; every clause asks for its own)."""

    def __init__(self, located) -> None:
        super().__init__(sorted(located, key=lambda loc: (loc.start, loc.end)))
        self.starts = [loc.start for loc in self]

    def within(self, start: int, end: int) -> list[Located]:
        """Mentions that lie inside ``[start, end)``."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [loc for loc in self[lo:hi] if loc.end <= end]


def dominant_region(located: list[Located]) -> Any | None:
    counts: dict[str, int] = {}
    places: dict[str, Any] = {}
    for loc in located:
        if loc.place.kind == "region":
            counts[loc.place.id] = counts.get(loc.place.id, 0) + 1
            places[loc.place.id] = loc.place
    if not counts:
        return None
    best = max(sorted(counts), key=lambda pid: counts[pid])
    return places[best] if counts[best] >= 2 else None


def country_named(gazetteer: "Gazetteer", name: str) -> Any | None:
    try:
        places = gazetteer.lookup(name)
    except Exception:  # a gazetteer without lookup support: no country fallback
        log.debug("gazetteer.lookup failed for %r", name, exc_info=True)
        return None
    countries = [p for p in places if p.kind == "country"]
    regions = [p for p in places if p.kind == "region"]
    return (countries or regions or [None])[0]


@dataclass(frozen=True)
class Target:
    """A place in an event role within a clause; ``group`` numbers the list it belongs to."""

    place: Any
    role: str  # "target" | "origin" | "near"
    start: int
    surface: str
    group: int
    passive: bool = False
    area_word: bool = False

    @property
    def precision(self) -> int | None:
        """geo_precision this role sets, or None for the place kind's own."""
        if self.area_word:
            return 3
        if self.role == "near" and self.place.kind in ("city", "town", "village"):
            return 2
        return None


#: A name's aside: "(known as X in Y", "also called X in Y".
_NAMING_ASIDE = re.compile(r"\b(?:known|called|spelt|spelled|referred\s+to)\s+(?:as\s+)?(?:[\w'’-]+\s+){1,3}in\s+(?:the\s+)?$", re.I)


def place_roles(clause: Span, mentions: list[Located], text: str, event_types: set[str]) -> list[Target]:
    """Roles of the non-metonym mentions of a clause (rules 2-3 of the module docstring).

    Consecutive mentions joined by "and", commas or "the towns of" form one list; the
    list takes the role of its head's context, or of a passive verb after its last member
    ("Tartar, Ganja and Barda were shelled").
    """
    groups: list[list[Located]] = []
    inherit: set[int] = set()  # groups that take the role of the group before ("Ukraine's Kharkiv")
    last_end: int | None = None
    for loc in mentions:
        if loc.aside:
            close = _ASIDE_CLOSE.match(text[loc.end:loc.end + 20])
            last_end = loc.end + close.end() if close and last_end is not None else last_end
            continue  # "A, B (in Fuzuli), C": the list goes on past it
        if loc.metonym:
            last_end = None
            groups.append([])
            continue
        gap = _PARENTHESIS.sub(" ", text[last_end:loc.start]) if last_end is not None else ""
        if not _POSSESSIVE_S.fullmatch(gap):
            # Names the gazetteer lacks stay list members: "Gorazilli, Ashaghi Abdulrahmanli and Juvarli".
            gap = _CAPITALISED_WORD.sub(" ", gap)
        previous = groups[-1][-1] if groups and groups[-1] else None
        if previous is not None and not gap.strip() and previous.place.id == loc.place.id:
            last_end = loc.end  # "Stepanakert (Khankendi)": the same place twice
            continue
        if previous is not None and _POSSESSIVE_APPOSITION.fullmatch(gap):
            groups.append([loc])
            inherit.add(len(groups) - 1)
        elif previous is not None and LIST_GAP.match(gap) and not (
            # "Kharkiv, Ukraine's second city": an apposition naming the container, not a list
            _COMMA_THE.fullmatch(gap)
            and PRECISION_BY_KIND.get(loc.place.kind, 1) > PRECISION_BY_KIND.get(previous.place.kind, 1)
            and contains(loc.place, previous.place)
        ):
            groups[-1].append(loc)
        else:
            groups.append([loc])
        last_end = loc.end
    # "a border post in Russia's Kursk province was not hit": not where anything happened
    # (nor is the possessor the town or province inherits its role from).
    negated = {n for n, g in enumerate(groups) if g and _NEGATED_PASSIVE_AFTER.match(
        _LEADING_ASIDE.sub("", text[g[-1].end:clause.end]))}
    negated |= {n - 1 for n in negated if n in inherit}
    out: list[Target] = []
    role: str | None = None
    for number, group in enumerate(groups):
        if not group:
            role = None
            continue
        head, tail = group[0], group[-1]
        before = text[max(clause.start, head.start - 70):head.start]
        unknown = _UNKNOWN_MEMBERS_BEFORE.search(text[max(clause.start, head.start - 400):head.start])
        if unknown and not _CALENDAR.search(unknown.group(0)) \
                and not any(p.search(before) for p in (_NEAR_BEFORE, _ORIGIN_BEFORE, TARGET_BEFORE)):
            # "The liberated villages are A, B, C (in Fuzuli), D": A to C the gazetteer lacks; the
            # list's head is before them
            start = head.start - len(unknown.group(0))
            before = text[max(clause.start, start - 70):start]
        passive = False
        if number in inherit and role is not None:
            pass
        elif _NEAR_BEFORE.search(before):
            role = "origin" if re.search(r"\bfrom\s+(?:the\s+)?direction\s+of", before, re.I) else "near"
        elif _ORIGIN_BEFORE.search(before):
            role = "origin" if event_types & {"shelling", "air_strike", "aircraft_downed"} else "target"
        elif TARGET_BEFORE.search(before):
            role = "target"
        elif _PASSIVE_AFTER.match(_LEADING_ASIDE.sub("", text[tail.end:clause.end])) or \
                _HEADLINE_PASSIVE_AFTER.match(text[tail.end:clause.end]):
            role, passive = "target", True
        else:
            role = None
        if role == "target" and _DIRECTION_AFTER.match(text[tail.end:clause.end]):
            role = "near"  # "in the Fuzuli-Jabrayil direction": towards the town, not in it
        if role is None:
            continue
        if number in negated or _NAMING_ASIDE.search(before):
            continue  # "(known as Kyiv in Ukraine)": where a name is used, not where it happened
        route = bool(_ROUTE_BEFORE.search(before))
        for loc in group:
            if _HYPOTHETICAL_PLACE.search(text[max(clause.start, loc.start - 45):loc.start]):
                continue
            if route and loc.place.kind not in ("city", "town", "village"):
                continue
            out.append(Target(loc.place, role, loc.start, loc.surface, number, passive, loc.area_word))
    return out


def contains(area: Any, point: Any) -> bool:
    """Whether a coarser place contains a finer one: same country for a country; the
    administrative parent's name, or a short distance, for a district or region."""
    if area.kind == "country":
        return point.country is None or area.country is None or area.country == point.country
    parents = {fold(n) for n in (getattr(point, "admin1", None), getattr(point, "admin2", None)) if n}
    names = {fold(n) for n in (area.name, *getattr(area, "names", ()))}
    if parents & names:
        return True
    reach = CONTAINS_KM if area.kind == "region" else DISTRICT_KM
    return distance_km(area.lat, area.lon, point.lat, point.lon) <= reach


#: A region (district) this close to a town named with it is taken to contain it.
CONTAINS_KM = 60.0
DISTRICT_KM = 15.0


#: An area that opens its sentence as the frame of what follows: "In the X region, ...".
_FRONTED_AREA = re.compile(r"(?:^|[.!?:\n]\s*|\b(?:Meanwhile|Also|And),?\s+)In\s+(?:the\s+)?(?:[\w'’-]+\s+)?$")
_AREA_THEN_COMMA = re.compile(r"^(?:(?:'s|’s)?\s+(?:region|oblast|province|district|governorate|state|area|direction))?\s*,")


def drop_containers(targets: list[Target], text: str) -> list[Target]:
    """Rule 5: drop a coarser target that only says where a finer one is.

    A country goes whenever a place inside it is a target. A region or district goes when
    it is attached to the finer place ("Kupiansk inside Ukraine", "Donetsk, the
    self-proclaimed Donetsk People's Republic", "the region's capital"), not when it is
    a target of its own ("the city of Kupiansk and villages in the Kupiansk district").
    """
    def level(t: Target) -> int:
        return PRECISION_BY_KIND.get(t.place.kind, 1)

    def attached(coarse: Target, fine: Target) -> bool:
        if coarse.place.kind == "country" or coarse.group < 0:
            return True
        left, right = sorted((coarse, fine), key=lambda t: t.start)
        gap = text[left.start + len(left.surface):right.start]
        if left is coarse and _FRONTED_AREA.search(text[max(0, coarse.start - 40):coarse.start]) \
                and _AREA_THEN_COMMA.match(text[coarse.start + len(coarse.surface):coarse.start + len(coarse.surface) + 40]) \
                and ";" not in gap:
            return True  # "In the Zaporizhzhia region, invaders fired on buildings in Orikhovo"
        return len(gap) <= 45 and not re.search(r"\band\b|\bas\s+well\s+as\b|;", gap)

    def locates(coarse: Target, group: list[Target]) -> bool:
        # A list locates as one: "Horovlu, Mahmudlu and Jojug Marjanli in the Jabrayil district".
        finer = [o for o in group if level(o) < level(coarse)]
        nearest = min(finer, key=lambda o: abs(o.start - coarse.start), default=None)
        return nearest is not None and attached(coarse, nearest) and any(
            contains(coarse.place, o.place) for o in finer)

    groups: dict[int, list[Target]] = {}
    for t in targets:
        groups.setdefault(t.group if t.group >= 0 else -1 - t.start, []).append(t)
    return [t for t in targets if not any(
        locates(t, members) for key, members in groups.items() if t not in members)]


def assign_to_cues(cues: list[Cue], targets: list[Target], clause: Span) -> dict[int, list[Target]]:
    """Give each target list to the event word it belongs to: the nearest cue before it
    (after it for "X was shelled"), shared with cues conjoined to that one ("air and
    artillery attack on X")."""
    by_cue: dict[int, list[Target]] = {i: [] for i in range(len(cues))}
    if not cues:
        return by_cue
    for target in targets:
        offset = target.start - clause.start
        before = [i for i, c in enumerate(cues) if c.end <= offset]
        after = [i for i, c in enumerate(cues) if c.start >= offset]
        inside = [i for i, c in enumerate(cues) if c.start < offset < c.end]
        if inside:  # "subjected the villages of X and Y to fire"
            chosen = inside[0]
        elif target.passive and after:
            chosen = after[0]
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        else:
            chosen = 0
        members = {chosen}
        for i in (chosen - 1, chosen + 1):
            if 0 <= i < len(cues):
                left, right = sorted((cues[i], cues[chosen]), key=lambda c: c.start)
                if re.fullmatch(r"\s*(?:and|or|,|/|&)\s*(?:\w+\s+)?", clause.text[left.end:right.start]):
                    members.add(i)
        for i in members:
            by_cue[i].append(target)
    return by_cue
