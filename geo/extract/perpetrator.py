"""Who carried out an attack, according to the text: an incident's ``actor``.

``claimed_by`` says who reports an incident; ``actor`` says whom the report blames. "Ukraine's
air force said Russian drones hit Odesa" is claimed by Ukraine and carried out by Russia. The
actor is a party of the actor tables (``gazetteer/data/actors``), found in the clause of the
event word, nearest first:

1. after the event word, "by X" ("were shelled by Russian forces", "an attack by the RSF");
2. before it, the party a speaker accuses of it ("accused Russia of targeting Kharkiv",
   "blamed Russia for the strike");
3. before it, a party word that makes the subject or the attacker's adjective ("Russia's armed
   forces launched"): a demonym or a
   party's name followed by a word of armed force or by the event word itself ("Israeli
   strikes", "Russian forces shelled", "RSF drones struck"), or a party's name acting as the
   subject of the event verb ("Hamas fired rockets", "the Houthis attacked a ship").

An attack one side denies is that side's when the text names no other (``extract.article``); a
withdrawal or a loss of ground has no actor here (its subject is who lost it). A party word that is where something happened ("Ukraine's Kharkiv"), whom it was done to ("strikes
on Iran-backed rebels") or who says it ("Ukraine said") is not the actor. Tolls, talks and
shoot-downs of the reporting side's drones keep the actor the text gives, or none.
"""

from __future__ import annotations

import re

from geo.extract.claims import NON_PARTIES, REGION_PARTY, party_hits

__all__ = ["actor_of"]

#: Words of armed force that follow the attacker's name or demonym.
_FORCE = (r"(?:armed\s+forces|forces|troops|army|military|soldiers|servicemen|units|fighters|militants|rebels|"
          r"militia|gunmen|jihadists|insurgents|paramilitar\w*|jets?|warplanes?|aircraft|air\s+force|aviation|"
          r"helicopters?|drones?|UAVs?|missiles?|rockets?|artillery|shells?|shelling|strikes?|air\s?strikes?|"
          r"fire|attacks?|navy|warships?|tanks?|snipers?|occupiers|invaders)")
_FORCE_AFTER = re.compile(rf"^[\s-]*(?:\w+\s+){{0,2}}?{_FORCE}\b", re.I)
#: A party's name as the subject of an attack verb.
_ATTACK_VERB_AFTER = re.compile(
    r"^\s+(?:(?:has|have|had|also|reportedly|again|now|then|allegedly)\s+){0,2}(?:fired|launched|attacked|shelled|struck|hit|bombed|targeted|stormed|seized|captured|"
    r"took|shot|downed|ambushed|raided|killed|advanced|pushed|retook|recaptured|liberated|regained|entered|"
    r"destroyed|repelled|overran|besieged|encircled|bombarded)\b", re.I)
_BY_AFTER = re.compile(r"^[^.;]{0,60}?\bby\s+(?:the\s+)?", re.I)
#: Where, to whom or who says: "Ukraine's Kharkiv", "on Iran-backed rebels", "Ukraine said".
_NOT_ACTOR_BEFORE = re.compile(r"\b(?:on|at|against|in|into|inside|of|from|to|over|toward|towards)\s+(?:the\s+)?$", re.I)
_FORCE_OF_BEFORE = re.compile(rf"\b{_FORCE}\s+of\s+(?:the\s+)?$", re.I)
_POSSESSIVE = re.compile(r"^(?:'s|’s)\s", re.I)
#: Words of losing ground: their subject is not the side that took it.
_LOSS = re.compile(r"withdr|retreat|pull|lost|lose|ceded|relinquish|handed|hand\s", re.I)
_POSSESSIVE_FORCE = re.compile(rf"^(?:'s|’s)\s+(?:\w+\s+)?(?:armed\s+forces|forces|troops|army|military|air\s+force|"
                               rf"navy|militia|fighters|drones?|artillery|missiles?|rockets?|warplanes?|jets?)\b", re.I)
_PARTY_KINDS_EXCLUDED = frozenset(NON_PARTIES) | {REGION_PARTY}


def _usable(hit: tuple[int, int, str]) -> bool:
    return hit[2] not in _PARTY_KINDS_EXCLUDED


#: Whom a speaker accuses of the event word that follows: "accused X of (also) targeting", "blamed X for".
_ACCUSED = re.compile(r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\s+(?P<who>[^,.;]{1,50}?)\s+(?:of|for)\s+"
                      r"(?:(?:also|again|deliberately|intentionally|the|an?|its|their)\s+)*(?:\w+\s+)?$", re.I)
#: The speaker as the attacker: "it had captured", "its forces shelled", "our troops liberated".
_OWN_SUBJECT = re.compile(
    rf"\b(?:it|we|its\s+(?:\w+\s+)?{_FORCE}|our\s+(?:\w+\s+)?{_FORCE})\s+(?:\w+\s+){{0,3}}$", re.I)
#: Words of a gain that only the side that made it announces: "the liberated villages".
_GAIN = re.compile(r"liberat|retook|retaken|recaptur|regain", re.I)


def actor_of(clause: str, cue_start: int, cue_end: int, speaker: str | None = None) -> str | None:
    """The party the clause blames for the event word at ``cue_start:cue_end``, or None.

    Examples
    --------
    >>> text = "Ukraine's air force said Russian drones hit a school in Odesa"
    >>> actor_of(text, text.index("hit"), text.index("hit") + 3)
    'Russia'
    >>> text = "Kherson was shelled by Russian forces"
    >>> actor_of(text, text.index("shelled"), text.index("shelled") + 7)
    'Russia'
    >>> text = "The ministry said its forces had captured the village"
    >>> actor_of(text, text.index("captured"), text.index("captured") + 8, speaker="Russia")
    'Russia'
    >>> text = "US strikes on Iran-backed rebels killed 11"
    >>> actor_of(text, text.index("strikes"), text.index("strikes") + 7)
    'United States'
    """
    if _LOSS.search(clause[cue_start:cue_end]):
        return None  # "the army announced a troop withdrawal from X": who lost it, not who took it
    inside = re.search(r"\bby\s+(?:the\s+)?", clause[cue_start:cue_end])
    if inside:
        # the cue holds its own agent: "had been taken over by Russian forces"
        first = next((h for h in party_hits(clause[cue_start + inside.end():cue_end]) if _usable(h) and h[0] == 0), None)
        if first is not None:
            return first[2]
    by = _BY_AFTER.match(clause[cue_end:])
    if by:
        after = clause[cue_end + by.end():cue_end + by.end() + 60]
        first = next((h for h in party_hits(after) if _usable(h) and h[0] == 0), None)
        if first is not None:
            return first[2]
    before = clause[:cue_start]
    accused = _ACCUSED.search(before)
    if accused:
        # "officials accused Russia of targeting Kharkiv", "blamed Russia for the attack on"
        first = next((h for h in party_hits(accused.group("who")) if _usable(h)), None)
        if first is not None:
            return first[2]
    window_start = max(0, cue_start - 80)
    for start, end, party in reversed(party_hits(before[window_start:])):
        if not _usable((start, end, party)):
            continue
        start, end = start + window_start, end + window_start
        if not clause[end:cue_start].strip(" -"):
            return party  # "Israeli strikes", "Russian attack": the attacker's adjective
        lead = clause[max(0, start - 30):start]
        if _FORCE_OF_BEFORE.search(lead):
            return party  # "the Armed Forces of Ukraine have liberated"
        if _POSSESSIVE_FORCE.match(clause[end:end + 40]) and not _NOT_ACTOR_BEFORE.search(lead):
            return party  # "Russia's armed forces launched a missile attack"
        if _NOT_ACTOR_BEFORE.search(lead) or _POSSESSIVE.match(clause[end:end + 4]):
            continue
        if _FORCE_AFTER.match(clause[end:]) or _ATTACK_VERB_AFTER.match(clause[end:]):
            return party
    if speaker is not None and (_OWN_SUBJECT.search(before[-60:]) or _GAIN.match(clause[cue_start:cue_end])):
        return speaker  # "the ministry said its forces had captured ...", "the liberated villages"
    return None
