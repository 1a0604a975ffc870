"""The event-type lexicon: which words in a clause report which kind of incident.

Types follow ACLED sub-event types (docs/extraction.md#event-lexicon has the table):

=================  ==========================================================================
shelling           Shelling/artillery/missile attack: shelling, artillery, rocket, missile
                   strike, mortar, barrage, Smerch/Grad/Tornado fire, "came under fire",
                   "subjected to fire", bombardment
air_strike         Air/drone strike: air strike, drone strike, UAV strike, warplanes bombed,
                   "bombed from the air", "strike by a ... drone"
armed_clash        Armed clash: fighting, clashes, battle, attack(s) repelled, offensive,
                   counter-offensive, skirmish, "tried to attack", "enemy's positions were destroyed"
territory_change   Non-state actor/government regains or overtakes territory: captured, liberated,
                   took/taken control of, seized, retook, recaptured, handed over, withdrew from
aircraft_downed    shot down / downed / destroyed + aircraft, jet, helicopter, drone, UAV, Su-25
casualty_report    a toll not tied to one attack ("41 soldiers have been killed since Tuesday",
                   "death toll rose to") -- decided in :mod:`geo.extract.article` from numbers + cues
diplomacy          talks, met, meeting, will meet, agreement, ceasefire signed/agreed, visit ... to meet
=================  ==========================================================================

Each pattern is a case-insensitive regular expression matched on word boundaries. A
clause can carry several types ("an air and artillery attack" is an air strike and a
shelling). :func:`find_cues` returns every cue with its span so the extractor can look
for the place next to it; :func:`is_hypothetical` and :func:`is_negated` tell reported
events from threats, fears, calls and denials.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from gazetteer.actors import air_strike_words, demonym_countries
from geo.language.prefilter import Prefilter, gated, word_trie

__all__ = [
    "LEXICON", "REGION_ANAPHORA", "REGION_SPEAKER", "Cue", "find_cues", "classify", "is_hypothetical", "is_negated",
    "is_denied", "is_call_to_stop",
]

#: Words for the conflict zone that can be where something happened ("in the enclave", "along the
#: front line", "across the strip"): they stand for the article's dominant region, whatever the war.
REGION_ANAPHORA = (
    r"\b(?:the|this|that|a)\s+(?:(?:disputed|breakaway|separatist|occupied|contested|mountainous|self-proclaimed|"
    r"besieged|coastal|Palestinian|rebel|conflict|same|whole|entire|war-torn|embattled)\s+){0,3}"
    r"(?:region|enclave|territory|area|republic|zone|strip)\b"
    r"(?!\s+(?:of|in|inside|near|around)\s+(?-i:[A-Z]))|"
    r"\b(?:Line\s+of\s+Contact|line\s+of\s+contact|contact\s+line|front\s*lines?|frontlines?|the\s+front)\b|"
    r"\bthe\s+(?:region|territory|enclave|strip)(?:'s|’s)\b"
)
#: The same zone as a speaker ("the enclave's health ministry", "separatist officials", "the
#: breakaway region's army"): the party of the article's dominant region (see geo.extract.claims).
REGION_SPEAKER = (
    r"separatists?|(?:the\s+)?breakaway\s+(?:region|enclave|republic|territory)|(?:the\s+)?self-proclaimed\s+republic|"
    r"(?:the\s+)?unrecogni[sz]ed\s+(?:republic|region|state)|(?:the\s+)?enclave|(?:the\s+)?territory|(?:the\s+)?strip|"
    r"(?:the\s+)?authority\s+that\s+runs|(?:the\s+)?de\s+facto\s+authorities|(?:the\s+)?region(?='s|’s)"
)

#: Every demonym of the actor tables ("Russian", "Israeli", "Sudanese"): "two Russian helicopters",
#: "Israeli fire on ..." (a trie: the patterns that hold it are compiled case-insensitively).
_DEMONYM = word_trie(demonym_countries())

#: An aircraft word itself ("Su-25 jets", "drones"), without the words that may come before it.
_AIRCRAFT_WORD = (
    r"(?:(?:Su-\d+s?|F-16s?|MiG-\d+s?|Mi-\d+s?)(?:\s+(?:attack\s+|fighter\s+|assault\s+)?(?:aircraft|jets?|fighters?|"
    r"helicopters?|bombers?|planes?))?|aircraft|air\s?planes?|warplanes?|jets?|fighter jets?|helicopters?|drones?|UAVs?|"
    r"aerial\s+vehicles?|"
    r"Bayraktars?|TB2s?|planes?)"
)
_AIRCRAFT = (
    r"\b(?:(?:military|fighter|combat|attack|reconnaissance|unmanned|armed|kamikaze|suicide|enemy|"
    rf"{_DEMONYM}|two|three|four|five|six|seven|eight|nine|ten|one|\d+|its|an?|the)[\s-]+)*" + _AIRCRAFT_WORD
)

#: "bombed"/"bombing" with no aircraft named: shelling unless the clause has an air cue.
_PLAIN_BOMBING = r"\bbomb(?:ed|ing|ings|s)\b(?!\s+shelters?)"
#: An aircraft or air word. Only whether and how often it occurs matters, so the aircraft
#: word is sought without the words that may precede it: the same count, and a
#: pass over a text 20 times cheaper than trying every demonym at every word.
#: The lookahead holds the first letter of every alternative: re then rejects most words at once.
_AIR_CONTEXT = re.compile(
    rf"\b(?=[abdfhjmpstuw])(?:{_AIRCRAFT_WORD}|(?:air|aerial|aviation|air\s+force|airstrikes?|from\s+the\s+air|bombers?)\b)",
    re.I)
#: Rocket and missile systems the press names.
_LAUNCHERS = r"Smerch|Grad|Tornado|Uragan|Iskander|Tochka(?:-U)?|Polonez|LORA|Scud|Elbrus"
#: Words of fire from the ground: with one of them near, a plain "strike" is shelling.
_GROUND_FIRE = gated(re.compile(
    r"\b(?:shell(?:s|ed|ing)?|artillery|rockets?|missiles?|mortars?|barrages?|MLRS|howitzers?|"
    rf"{_LAUNCHERS}|HIMARS|ATACMS)\b", re.I))
#: A strike that says nothing of how it was delivered ("an Israeli strike on Sidon", "struck the
#: port", "the town was hit"): typed by its sentence, else by the article (:func:`strike_mode`).
_PLAIN_STRIKE = re.compile(r"^(?:(?!shell|artiller|rocket|missile|mortar)[\w'’ -])*\b(?:strikes?|struck|hit|target\w*)\b",
                           re.I)

#: The lexicon: event type -> tuple of regular expressions (case-insensitive).
LEXICON: dict[str, tuple[str, ...]] = {
    "aircraft_downed": (
        rf"\bshot\s+down\s+{_AIRCRAFT}",
        rf"\bshoot(?:s|ing)?\s+down\s+{_AIRCRAFT}",
        rf"{_AIRCRAFT}\s+(?:\w+\s+){{0,4}}(?:was|were|had\s+been|has\s+been|have\s+been|being)\s+shot\s+down",
        rf"\b(?:downed|downing\s+of)\s+{_AIRCRAFT}",
        rf"\bshot\s+(?:it|them)\s+down\b",
        rf"\b(?:destroyed|neutrali[sz]ed|intercepted)\s+{_AIRCRAFT}",
        rf"{_AIRCRAFT}\s+(?:were|was|had\s+been|have\s+been)\s+(?:destroyed|downed|intercepted)",
        rf"\bshot\s+down\b",
        rf"\b(?:lost|losing|loss\s+of)\s+(?:any\s+|an?\s+|its\s+|the\s+|one\s+|two\s+|three\s+)?{_AIRCRAFT}",
    ),
    "air_strike": (
        r"\bair[\s-]?strikes?\b",
        r"\bair[\s-]?raids?\b(?!\s+(?:sirens?|alerts?|warnings?|shelters?))",
        r"\b(?:drone|UAV|aerial|missile\s+and\s+drone)\s+(?:strikes?|attacks?|bombardments?)\b",
        r"\bstrikes?\s+(?:carried\s+out\s+)?by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:drones?|UAVs?|aircraft|warplanes?|jets?)\b",
        r"\b(?:warplanes?|aircraft|jets?|drones?|UAVs?|helicopters?|Bayraktars?)\s+(?:\w+\s+){0,2}(?:bombed|struck|hit|attacked|targeted|strafed|destroyed)\b",
        r"\bbomb(?:ed|ing|ings)?\s+(?:\w+\s+){0,4}from\s+the\s+air\b",
        r"\bair\s+attacks?\b",
        # "an air and artillery attack" is both: only "air" is taken here, "artillery" stays shelling.
        r"\bair\b(?=\s+and\s+(?:artillery|missile|rocket)\s+(?:attacks?|strikes?|assaults?))",
        r"\baerial\s+bombardment\b",
        # dropped from helicopters and planes
        r"\bbarrel[\s-]+bombs?\b",
        # Plain "bombing"/"bombed" is an air strike only with an aircraft word in the clause
        # (see _PLAIN_BOMBING): one side's copy may say "the enemy bombed the city" of
        # rocket and artillery fire.
        _PLAIN_BOMBING,
    ),
    "shelling": (
        r"\bshell(?:ing|ings|ed|s)?\b(?!\s+(?:company|companies|casings?))",
        # "lost four tanks and two artillery pieces" counts equipment, not fire.
        r"\bartillery\b(?!\s+(?:pieces?|guns?|systems?|units?|installations?|batter(?:y|ies)|mounts?|depots?))",
        r"\brockets?\b",
        r"\bmissiles?\s+(?:strikes?|attacks?|fire)\b",
        r"\bmissiles?\b",
        r"\bballistic\b",
        r"\bmortars?\b",
        r"\bbarrages?\b",
        rf"\b(?:{_LAUNCHERS})\b",
        r"\bcame\s+under\s+(?:heavy\s+|intense\s+|enemy\s+)?fire\b",
        r"\b(?:come|coming|comes)\s+under\s+(?:heavy\s+|intense\s+|enemy\s+)?fire\b",
        r"\bsubject(?:ed|ing|s)?\s+(?:[\w,'’-]+\s+){0,12}?to\s+(?:intense\s+|heavy\s+|artillery\s+)?(?:fire|shelling)\b",
        # MoD-release word order: "subjected to fire the Goranboy, Tartar and Aghdam regions"
        r"\bsubject(?:ed|ing|s)?\s+to\s+(?:intense\s+|heavy\s+|artillery\s+|mortar\s+)?(?:fire|shelling)\b",
        r"\bunder\s+(?:intense\s+|heavy\s+)?(?:artillery\s+)?fire\b",
        r"\bbombard(?:ed|ing|ment|ments)?\b",
        r"\bcluster\s+(?:munitions?|bombs?|rockets?|shells?)\b",
        # "explosions were heard in Stepanakert", "blasts rocked Ganja"
        r"\b(?:explosions?|blasts?)\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:\w+\s+)?(?:heard|rocked|shook|reported|hit)\b",
        r"\bfired\s+(?:\w+\s+){0,3}(?:at|on|upon|into)\b",
        # the noun: "responding to Russian fire on Kherson", "artillery fire at the village"
        rf"\b(?:artillery|rocket|mortar|enemy|heavy|intense|{_DEMONYM})\s+fire\s+(?:on|at|against|upon)\b",
        r"\bfiring\s+(?:\w+\s+){0,3}(?:at|on|upon|into|across|from)\b",
        # "strike" as a noun ("a missile strike", "the first strike"), not "they strike only ...".
        r"\b(?:a|an|the|one|two|first|second|third|another|latest|new|deadly|fresh|overnight|precision|retaliatory|"
        r"rocket|artillery|missile|these|those|such)\s+(?:\w+\s+)?strikes?\b",
        r"(?<=\w)(?:'s|’s)\s+(?:(?:missile|rocket|artillery|overnight|deadly)\s+)?strikes?\b",  # "Wednesday's strikes"
        r"\bstrikes?\s+(?:on|against|at|in|hit|killed|kills|destroyed|damaged)\b",
        r"\bstruck\b",
        r"\b(?:is|was|were|been|being|are)\s+(?:\w+\s+)?hit\b",
        r"\btargeted\s+by\b",
        r"\b(?:was|were|been)\s+targeted\b",
        # "continued to target civilian settlements of Artsakh", "targeted Martuni"
        r"\btarget(?:s|ed|ing)?\s+(?=(?:the\s+)?(?:(?:civilian|peaceful|residential|populated|border)\s+)?"
        r"(?:settlements?|villages?|towns?|cit(?:y|ies)|areas?|infrastructure|(?-i:[A-Z])))",
    ),
    "territory_change": (
        r"\b(?:captured?|capturing|capture\s+of)\b",
        r"\bliberat(?:ed|es|ing|ion\s+of)\b",
        r"\b(?:took|taken|take|taking|seized|seize|seizing|gained|regained|established|assumed)\s+(?:full\s+|complete\s+)?control\s+(?:of|over)\b",
        r"\bseized?\b",
        r"\b(?:lost|lose|loses|losing|ceded|relinquished)\s+control\s+(?:of|over)\b",
        # "claimed to have taken Gubadli": a place name right after the verb (roles check it)
        r"\b(?:took|taken|take|taking)\s+(?=(?-i:[A-Z])[\w'’-]+\b(?!\s+(?:said|says|side|government|officials|forces)))",
        r"\b(?:took|taken|taking)\s+(?!place\b)(?:over\s+)?(?:\w+\s+){0,3}(?:villages?|towns?|cit(?:y|ies)|settlements?|heights?|"
        r"positions?|districts?|regions?)\b",
        r"\bseizing\b",
        # "troops had "cleansed" the city of X of the RSF", "cleared the town of Y"
        r"\b(?:cleansed|cleared|purged)\W{0,2}\s+(?:the\s+)?(?:town|city|village|area|district|neighbou?rhood|region)s?\s+of\b",
        # "the key city of X ... had been taken by Azeri forces" (not "taken to hospital")
        r"\b(?:been|was|were)\s+taken\s+(?:over\s+)?by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}"
        r"(?:forces|troops|army|soldiers|fighters|rebels|militants|militias?|units|insurgents)\b",
        # "claims to now control at least 74 villages", "controlled 1,000 square kilometres"
        r"\bcontrol(?:s|led|ling)?\s+(?:at\s+least\s+|more\s+than\s+|over\s+|about\s+|some\s+|nearly\s+|almost\s+)?"
        r"[\d,]+\s+(?:villages|settlements|towns|square\s+(?:kilometres|kilometers|km|miles))\b",
        r"\b(?:retook|retaken|retake|recaptured?|recapturing|reclaimed)\b",
        # "Tigrayan forces controlled Korem, south of Mekelle": a side's forces that now hold a named place
        r"\b(?:forces|troops|fighters|rebels|militants|army)\s+(?:now\s+|had\s+|have\s+|fully\s+)?control(?:led)?\s+"
        r"(?=(?-i:[A-Z])[\w'’-]+)",
        r"\bhanded\s+over\b",
        r"\bhand(?:s|ing)?\s+over\b",
        r"\b(?:withdrew|withdrawn|retreated|pulled\s+out)\s+from\b",
        # "announced a temporary troop withdrawal in the city of X", "the withdrawal from X"
        r"\b(?:troop|military|army|forces['’]?)\s+(?:withdrawal|pull-?out|retreat)[”\"’]?\s+(?:from|in)\b",
        r"\b(?:entered|entering)\s+the\s+(?:town|city|village|settlement)\b",
        r"\b(?:troops|forces|army|Army|units|soldiers|servicemen)\s+(?:\w+\s+){0,2}?entered\b",
        # "the army entered the Kupiansk district" (a district handed over or taken)
        r"\b(?:entered|entering)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]+\s+(?:district|region|rayon)\b",
        r"\bfell\s+to\b",
        r"\b(?:had|has|have)\s+fallen\b(?!\s+(?:into|in)\s+(?:disrepair|ruin|decline|disuse)|\s+(?:silent|quiet|victim|ill|asleep|apart))",
        r"\bfall\s+of\b",
        r"\bcontrol\s+over\s+(?:the\s+)?(?:\w+\s+){0,3}(?:was|has\s+been)\s+(?:restored|established)\b",
        r"\braised\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?flag\b",
    ),
    "armed_clash": (
        # not "doctors are fighting to save his life", "fighting for her life", "fighting fires"
        r"\bfighting\b(?!\s+(?:to\s+(?:save|keep|survive|stay|restore|contain|put|stop)|for\s+(?:his|her|their|its)\s+li(?:fe|ves)|"
        r"(?:the\s+)?(?:fires?|blazes?|flames|disease|corruption|poverty|hunger|the\s+virus))\b)",
        r"\bfights?\b",
        r"\bfought\b",
        r"\bclash(?:es|ed)?\b",
        r"\bbattles?\b",
        r"\bbattling\b",
        r"\bcombat\b",
        r"\bhostilities\b",
        r"\bskirmish(?:es)?\b",
        r"\b(?:counter-?)?offensives?\b",
        r"\bcounter-?attacks?\b",
        r"\b(?:attacks?|assaults?|offensives?)\s+(?:\w+\s+){0,6}(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:successfully\s+)?(?:repelled|repulsed|suppressed|thwarted|prevented)\b",
        r"\b(?:repelled|repulsed|thwarted|suppressed)\b",
        r"\b(?:tried|attempted|attempting|trying|sought)\s+to\s+(?:attack|advance|break\s+through|storm|regain|retake)\b",
        r"\battack(?:s|ed|ing)?\b",
        r"\bassault(?:s|ed)?\b",
        r"\bambush(?:ed|es)?\b",
        r"\b(?:military|combat|counter-?offensive|offensive|ground)\s+operations?\b",
        r"\badvanc(?:ed|ing|es)\s+(?:\w+\s+){0,3}?(?:on|toward|towards|into)\b",
        r"\bpush(?:ed|ing|es)\s+(?:\w+\s+){0,4}?(?:toward|towards|into)\b",
        # "have pushed to within five kilometres of Shushi"
        r"\b(?:push(?:ed|ing|es)|advanc(?:ed|ing|es)|mov(?:ed|ing|es))\s+(?:to\s+)?within\b",
        r"\b(?:encircl|surround)(?:ed|ing|ement)\b",
        r"\bpositions?\s+(?:[\w,'’-]+\s+){0,8}?(?:were|was|have\s+been|has\s+been)\s+destroyed\b",
        r"\b(?:exchanges?\s+of\s+fire|firefights?|gunfire|sniper\s+fire|gun\s+battles?)\b",
        r"\b(?:destroyed|lost|losing)\s+(?:\w+\s+){0,3}(?:positions?|tanks?|armou?red\s+vehicles?|(?:units\s+of\s+)?military\s+equipment|artillery\s+pieces)\b",
        r"\b(?:tanks?|armou?red\s+vehicles?)\s+(?:\w+\s+){0,3}(?:were|was|have\s+been)\s+destroyed\b",
        r"\bwar\b(?!\s*(?:crimes?|of\s+words))",
    ),
    "diplomacy": (
        r"\btalks\b",
        r"\bmet\s+(?:with\b)?",
        r"\bmeet(?:s|ing|ings)?\b",
        r"\bsummit\b",
        r"\bnegotiations?\b",
        r"\b(?:agreement|accord|deal|truce|statement)\s+(?:was\s+|were\s+|has\s+been\s+)?(?:signed|reached|agreed|brokered)\b",
        r"\bsigned\s+(?:\w+\s+){0,4}(?:agreement|statement|deal|accord|declaration|ceasefire|cease-fire|truce)\b",
        r"\b(?:agreed|agree)\s+(?:to\s+|on\s+)?(?:a\s+|an\s+)?(?:humanitarian\s+)?(?:ceasefire|cease-fire|truce)\b",
        r"\b(?:ceasefire|cease-fire|truce)\s+(?:\w+\s+){0,3}(?:was|were|has\s+been)\s+(?:agreed|signed|reached|brokered)\b",
        r"\bvisit(?:s|ed|ing)?\b",
        r"\bhosted\b",
        r"\bmediat(?:ed|ion)\b",
        r"\b(?:peace\s+|ceasefire\s+|cease-fire\s+|trilateral\s+)?agreements?\b",
        r"\b(?:peace|ceasefire|cease-fire)\s+deal\b",
        r"\b(?:agreed|signed|brokered|reached|announced)\s+(?=in\s+(?-i:[A-Z]))",
    ),
}

#: Cues that say only that fighting exists; they never outrank a specific type in a clause.
GENERIC_CLASH = re.compile(r"^(?:fighting|fights?|fought|clash\w*|hostilities|combat|battl\w*|war)$", re.I)

_COMPILED = {kind: tuple(re.compile(p, re.IGNORECASE) for p in patterns) for kind, patterns in LEXICON.items()}


#: Every pattern in the order cues are looked for: specific modes first, so that their
#: words win over the generic ones inside them.
_CUE_PATTERNS = tuple((kind, pattern) for kind in (
    "aircraft_downed", "air_strike", "territory_change", "shelling", "armed_clash", "diplomacy")
    for pattern in _COMPILED[kind])
#: Most clauses contain the fixed words of few patterns (or none): run only those.
_CUE_FILTER = Prefilter([pattern for _, pattern in _CUE_PATTERNS])

#: Words that, before a cue in the same clause, turn it into a threat, fear or possibility.
_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|threaten(?:s|ed|ing)?\s+to|threats?\s+(?:to|of)|warn(?:s|ed)?\s+(?:of|that)|"
    r"fears?|feared|concerns?\s+(?:that|about|over)|risk(?:s|ed)?|if|unless|in\s+case|plan(?:s|ned)?\s+to|"
    r"ready\s+to|prepared\s+to|possibility|potential|aims?\s+to|intend(?:s|ed)?\s+to|vow(?:s|ed)?\s+to|"
    r"prevent|avoid|deter|"
    # the future is no report: "will strike", "to pre-empt an offensive on X", "preparing to attack"
    r"will|shall|going\s+to|about\s+to|(?:is|are|was|were)\s+(?:set|expected|poised)\s+to|pre-?empt\w*|forestall\w*|"
    r"prepar(?:e|es|ed|ing)\s+(?:to|for)|in\s+order\s+to|"
    # what an agreement or appeal asks for: "the deal calls for the forces' withdrawal from"
    r"call(?:s|ed|ing)?\s+for|stipulat\w+|provides?\s+for|envisag\w+)\b",
    re.IGNORECASE,
)

_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|without|den(?:y|ies|ied|ying)|reject(?:s|ed)?|dismiss(?:es|ed)?|"
    r"refut(?:es|ed)|ruled\s+out|rules\s+out|no\s+longer|halted|collapsed|stalled|suspended|"
    r"didn't|don't|doesn't|hasn't|haven't|wasn't|weren't|isn't|aren't)\b",
    re.IGNORECASE,
)

#: Calls to end or avoid fighting are not fighting ("called for a halt to fighting").
_CALL_TO_STOP = re.compile(
    r"\b(?:stop|halt|end|ending|cease|ceasing|suspend|de-?escalat\w*|calm|calls?\s+for|called\s+for|"
    r"calling\s+for|urg\w*|appeal\w*|demand\w*|condemn\w*|concern\w*|prevent\w*|avoid\w*|"
    r"resolv\w*|resolution|solution|solve|settle\w*|return\s+to|resum\w*|back\s+to|"
    r"peace\w*|spread|escalat\w*|widen\w*|drag\s+in|draw\w*\s+in|drawn\s+into|"
    r"prompted|reignited|fears?|mercenar\w*|recruit\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    """A lexicon match: the event type, its span in the clause, and the matched words."""

    event_type: str
    start: int
    end: int
    text: str

    @property
    def generic(self) -> bool:
        """True for cues that only say fighting exists ("fighting", "clashes", "war")."""
        return self.event_type == "armed_clash" and bool(GENERIC_CLASH.match(self.text.strip()))


def find_cues(clause: str, context: str | None = None, *, air: bool = False) -> list[Cue]:
    """Every lexicon cue in ``clause`` (see :func:`_find_cues`); a new list each call.

    ``context`` (the clause's sentence) is where an aircraft word can make a plain
    "bombed" an air strike; by default the clause itself. ``air`` says the article's
    attacks come from the air (:func:`strike_mode`): a plain "strike" with no word of
    its own on how it was delivered is then an air strike.
    """
    return list(_find_cues(clause, context, air))


def strike_mode(text: str) -> bool:
    """True when a text speaks of attacks from the air more than of fire from the ground:
    its plain "strikes" are air strikes ("Israeli strikes on southern Lebanon" in a report
    of warplanes), else shelling ("strikes on Stepanakert" in a report of rocket fire).

    Examples
    --------
    >>> strike_mode("Warplanes bombed the town. Another strike hit the port.")
    True
    >>> strike_mode("Rockets and artillery hit the town. Another strike hit the port.")
    False
    """
    if _AIR_PARTY_STRIKES.search(text):
        return True  # "Israeli strikes on ...", "US-British strikes": a party whose strikes come from the air
    air = len(_AIR_CONTEXT.findall(text))
    return air > 0 and air >= len(_GROUND_FIRE.findall(text))


_AIR_PARTY = "|".join(sorted(air_strike_words(), key=len, reverse=True))
#: Plain strikes by a party of gazetteer/data/actors/air_strikes.tsv ("Israeli strikes", "strikes by Israel").
_AIR_PARTY_STRIKES = re.compile(
    rf"(?<![\w-])(?:{_AIR_PARTY})(?:-(?:{_AIR_PARTY}))?(?:-led)?\s+(?:(?:air|military|army|coalition|forces'?|"
    rf"drone|warplane)\s+)?(?:strikes?|raids?)\b|\bstrikes?\s+(?:carried\s+out\s+)?by\s+(?:the\s+)?(?:{_AIR_PARTY})\b")


@functools.lru_cache(maxsize=8192)
def _find_cues(clause: str, context: str | None = None, air: bool = False) -> tuple[Cue, ...]:
    """Every lexicon cue in ``clause``, in text order, without overlaps.

    Longer and more specific cues win over the words inside them: "shot down two
    helicopters" is aircraft_downed, not also a generic "shot"; "air and artillery
    attack" yields both air_strike and shelling because the words differ.

    Examples
    --------
    >>> [c.event_type for c in find_cues("Russian forces were shelling the town of Kupiansk")]
    ['shelling']
    >>> [c.event_type for c in find_cues("its troops shot down two Russian helicopters")]
    ['aircraft_downed']
    """
    found: list[Cue] = []
    for index in _CUE_FILTER.candidates(clause):
        kind, pattern = _CUE_PATTERNS[index]
        for match in pattern.finditer(clause):
            if any(match.start() < c.end and c.start < match.end() for c in found):
                continue
            if pattern.pattern == _PLAIN_BOMBING and not _AIR_CONTEXT.search(context or clause):
                kind_found = "shelling"  # "the enemy bombed Stepanakert": artillery or rockets
            elif kind == "shelling" and _PLAIN_STRIKE.match(match.group(0)) and _air_strike(context or clause, clause, air):
                kind_found = "air_strike"
            else:
                kind_found = kind
            found.append(Cue(kind_found, match.start(), match.end(), match.group(0)))
    return tuple(sorted(found, key=lambda c: c.start))


def _air_strike(sentence: str, clause: str, air: bool) -> bool:
    """A plain strike in ``clause`` is an air strike: an aircraft word in its sentence, or
    no word of ground fire in the clause and an article about attacks from the air."""
    if _AIR_CONTEXT.search(sentence):
        return True
    return air and not _GROUND_FIRE.search(clause)


#: Hot-path patterns of the modality rules, compiled once.
_SUBORDINATE = re.compile(r"\b(?:since|when|after|because|while|where|which|who|that)\b|[;,]")
_CONDITIONAL = re.compile(r"\b(?:if|could|might|may|possibility|ready\s+to|prepared\s+to)\b", re.I)
_MODAL_AFTER = re.compile(r"\s*(?:\w+\s+){0,1}(?:could|would|might|may)\b", re.I)
_OTHER_STATEMENT = re.compile(r"\b(?:said|says|say|saying|adding|insisting|but|while|and\s+that)\b", re.I)
_STATEMENT_AFTER_DENIAL = re.compile(r"\b(?:said|says|say|saying|claimed|added|adding|insisting|reported|but|while)\b",
                                     re.I)


def is_hypothetical(clause: str, cue: Cue) -> bool:
    """True when the cue is a possibility, threat or fear rather than a report.

    Looks at the words before the cue in the same clause ("could spread", "threatened to
    deploy", "fears of a wider war"). Diplomacy tolerates the future ("will meet in
    Moscow") because scheduled meetings are events the map should show.

    Examples
    --------
    >>> c = find_cues("fighting could spread to Lebanon")[0]
    >>> is_hypothetical("fighting could spread to Lebanon", c)
    True
    """
    before = clause[: cue.start]
    window = before[-80:]
    # A modal of another statement does not reach into a subordinate one: "in what would be
    # the biggest gain since fighting erupted", "warned that Russia was shelling".
    window = _SUBORDINATE.split(window)[-1]
    after = clause[cue.end : cue.end + 25]
    if cue.event_type == "diplomacy":
        return bool(_CONDITIONAL.search(window))
    if _HYPOTHETICAL.search(window):
        return True
    # "fighting could spread", "shelling would ...": the modal follows a nominal cue.
    return bool(_MODAL_AFTER.match(after))


def is_negated(clause: str, cue: Cue) -> bool:
    """True when a negation or denial governs the cue ("denied shelling", "no fighting").

    Examples
    --------
    >>> c = find_cues("Baku denied shelling Stepanakert")[0]
    >>> is_negated("Baku denied shelling Stepanakert", c)
    True
    """
    window = clause[max(0, cue.start - 50) : cue.start]
    # Only a negation in the same statement counts ("did not comment but said ... shelled").
    window = _OTHER_STATEMENT.split(window)[-1]
    # ... or inside the cue's own words ("was not hit")
    return bool(_NEGATION.search(window) or _NEGATION.search(cue.text))


def is_call_to_stop(clause: str, cue: Cue) -> bool:
    """True when a generic fighting cue sits in a call to stop it or in talk about it.

    ("urged both sides to stop fighting", "an immediate halt to fighting", "fears that
    the fighting could spread"). Only generic clash cues are tested: an appeal that also
    names a shelling still reports the shelling.
    """
    if not cue.generic:
        return False
    window = clause[max(0, cue.start - 60) : cue.end + 40]
    return bool(_CALL_TO_STOP.search(window) or _FLEEING.search(clause[max(0, cue.start - 40):cue.start]))


#: The fighting people flee is their reason, not a report of it: "families fleeing the fighting".
_FLEEING = re.compile(r"\b(?:fle(?:e|es|eing|d)|escap(?:e|es|ed|ing)|displaced\s+by)\s+(?:from\s+)?(?:the\s+)?"
                      r"(?:[\w-]+\s+){0,2}$", re.I)


_DESTRUCTION = re.compile(r"(?:destroyed|positions?\b)", re.I)
_ATTACK_WORD = re.compile(r"^(?:attack(?:s|ed|ing)?|assaults?|assaulted)$", re.I)


#: An aircraft firing missiles, rockets or bombs: "warplanes fired missiles at", "the air force
#: destroyed the building with five missiles", "missiles fired from a drone".
_FIRED_FROM_THE_AIR = gated(re.compile(
    r"\b(?:warplanes?|jets?|aircraft|helicopters?|drones?|UAVs?|air\s+force|bombers?)\b"
    # the aircraft fires, not reports ("the Air Force reported that Russia launched missiles")
    r"(?:(?!\b(?:said|says|reported|reports|announced|claimed|stated|that)\b)[^.;]){0,80}?"
    r"\b(?:fired|firing|fires|launched|launching|with|using|dropped|dropping)\s+(?:[\w-]+\s+){0,3}?(?:missiles?|rockets?|bombs?)\b"
    r"|\b(?:missiles?|rockets?|bombs?)\s+(?:fired|launched|dropped)\s+(?:by|from)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:warplanes?|jets?|aircraft|helicopters?|drones?|UAVs?|bombers?)\b", re.I))


def classify(clause: str, context: str | None = None, *, air: bool = False) -> list[Cue]:
    """The cues of ``clause`` that report an event, after every filter.

    Drops hypothetical, negated and call-to-stop cues; when the clause names a specific
    mode of attack (shelling, air strike, shoot-down, capture) the generic words around
    it ("fighting", "attack") add nothing and are dropped too.

    Examples
    --------
    >>> [c.event_type for c in classify("Russia launched an air and artillery attack")]
    ['air_strike', 'shelling']
    >>> classify("Israel threatened to deploy heavier weapons and fighting could spread")
    []
    """
    return list(_classify(clause, context, air))


@functools.lru_cache(maxsize=8192)
def _classify(clause: str, context: str | None, air: bool = False) -> tuple[Cue, ...]:
    """:func:`classify`, memoised: a clause is classified when clauses are joined and again
    when its incidents are made."""
    cues = [
        # "War" names the whole conflict ("the war in Gaza", "since the war began"), never one
        # incident; it stays a cue of find_cues so that the places it names are not given to
        # another word of the clause.
        c for c in find_cues(clause, context, air=air)
        if c.text.lower() != "war" and not is_hypothetical(clause, c) and not is_call_to_stop(clause, c)
        and not (is_negated(clause, c) and not is_denied(clause, c))
    ]
    specific = {c.event_type for c in cues if c.event_type in
                ("shelling", "air_strike", "aircraft_downed", "territory_change")}
    if specific:
        cues = [c for c in cues if not (c.event_type == "armed_clash"
                                        and (c.generic or _ATTACK_WORD.match(c.text.strip())))]
    # "Warplanes fired missiles at the town", "the air force destroyed a building with five
    # missiles": what an aircraft fires is an air strike
    launched = _FIRED_FROM_THE_AIR.search(clause)
    if launched:
        cues = [replace(c, event_type="air_strike") if c.event_type == "shelling" and c.start >= launched.start()
                and c.end <= launched.end() else c for c in cues]
    # "A drone strike destroyed a tank column near Jabrayil": the destruction is the strike's
    # result, not a clash of its own.
    fire = [c.end for c in cues if c.event_type in ("shelling", "air_strike")]
    if fire:
        cues = [c for c in cues if not (c.event_type == "armed_clash" and _DESTRUCTION.match(c.text)
                                        and any(end <= c.start for end in fire))]
    return tuple(cues)


#: A report called false in the same sentence ("... is a lie", "does not reflect reality").
LIE = gated(re.compile(
    r"\b(?:is|was|are|were)\s+(?:an?\s+)?(?:absolute\s+|complete\s+|outright\s+|another\s+)?(?:lies?|false|untrue|"
    r"not\s+true|disinformation|fake|groundless|baseless|provocation)\b|"
    r"\bdo(?:es)?\s+not\s+(?:reflect|correspond\s+to)\s+(?:the\s+)?reality\b", re.I))
_DENIED = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:es|ed|ing))\b", re.I)


def is_denied(clause: str, cue: Cue) -> bool:
    """True when a party denies the cue's event ("Baku denied shelling Stepanakert").

    A denied event is still extracted (with ``denied_by``) so that both sides' versions
    stay visible; a plain negation ("there was no fighting") is not an event. A new
    statement after the denial ("rejected that and said its forces fired ...") is not denied.
    """
    if LIE.search(clause[cue.end:]):
        return True  # "The information that a UAV was shot down over Stepanakert is a lie."
    window = clause[max(0, cue.start - 50) : cue.start]
    denial = None
    for denial in _DENIED.finditer(window):
        pass
    if denial is None:
        return False
    return not _STATEMENT_AFTER_DENIAL.search(window[denial.end():])
