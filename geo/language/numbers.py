"""Casualty figures in a clause: killed and wounded, civilian or military where stated.

The table of vague quantities is in docs/extraction.md#numbers.

Conservative, like ACLED: the figure as stated is the lower bound ("at least 84" -> 84,
"more than 20" -> 20, "about 200" -> 200) and when a clause gives several figures for
the same slot the lowest wins. Vague quantities get a documented floor:

==============================  =====
"a" / "an" / "one"              1
"a couple of"                   2
"a few" / "several"             2 / 3
"a dozen" / "dozens"            12 / 24
"scores"                        40
"hundreds" / "thousands"        200 / 2000
==============================  =====

A combined figure ("more than 20 dead and wounded", "casualties") is not split: it is
neither a death toll nor a count of wounded, so both stay unknown. People are civilian
when called civilians, residents, villagers, children, women, people of a town;
military when called soldiers, servicemen, troops, fighters, personnel, pilot(s), crew.
"people" alone only sets the total.
"""

from __future__ import annotations

import functools
import re
from geo.model import Casualties, noted_order

from geo.language.prefilter import Prefilter

__all__ = ["parse_number", "parse_casualties"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
#: Vague quantities and their conservative floor (module docstring has the table).
VAGUE = {
    "a": 1, "an": 1, "a couple of": 2, "a few": 2, "several": 3, "a dozen": 12, "dozens": 24,
    "dozens of": 24, "scores": 40, "scores of": 40, "hundreds": 200, "hundreds of": 200,
    "thousands": 2000, "thousands of": 2000, "tens of thousands": 20000, "tens of thousands of": 20000,
    "at least dozens of": 24,
    # "several hundred", "a few thousand": the floor of the plural ("hundreds")
    "several hundred": 200, "a few hundred": 200, "several thousand": 2000, "a few thousand": 2000,
    "several dozen": 24, "a few dozen": 24,
}

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(k for k in _UNITS if _UNITS[k] < 10 and k != "zero")
    + r"))?|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")(?:\s+(?:hundred|thousand))?"
)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|" + _WORD_NUMBER + r"|(?:several|a\s+few)\s+(?:hundred|thousand|dozen)(?:\s+of)?|"
    r"a\s+couple\s+of|a\s+few|several|a\s+dozen|"
    r"tens\s+of\s+thousands(?:\s+of)?|dozens(?:\s+of)?|scores(?:\s+of)?|hundreds(?:\s+of)?|thousands(?:\s+of)?|an?)"
)
_QUALIFIER = (
    r"(?:(?:at\s+least|more\s+than|over|some|about|around|nearly|almost|approximately|roughly|up\s+to|"
    r"as\s+many\s+as|an\s+estimated|estimated|fewer\s+than|less\s+than|another|a\s+further|at\s+least\s+another)\s+)?"
)

_CIVILIAN = r"(?:civilians?|residents?|villagers?|children|child|kids?|women|woman|men|man|inhabitants?|people\s+of\s+\w+|non-?combatants?|journalists?|reporters?|(?:a\s+)?family|grandson|grandmother|boy|girl|teenagers?|elderly|pensioners?|passers-?by)"
_MILITARY = r"(?:soldiers?|servicem[ae]n|service\s*members?|troops?|fighters?|military\s+personnel|personnel|pilots?|crew(?:\s+members?)?|officers?|militants?|mercenaries|conscripts?|volunteers?|combatants?|separatists?|servicemembers?|military|army\s+men)"
_ANY = r"(?:people|persons|individuals|lives|victims?|bodies|others?)"
_FILLER = r"(?:(?:(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-years?-old|more|of\s+(?:its|their|our|his|the|them)|of\s+whom|ethnic|its|their|our|the|enemy|own|other|innocent|peaceful|local|military|civilian|young|additional|(?!(?:killed|dead|died|wounded|injured|hurt)\b)(?-i:[A-Z][a-z]+)(?:'s|’s)?)\s+){0,4}"

_KILLED_VERB = r"(?:killed|dead|died|dying|perished|lost\s+(?:their|his|her)\s+lives|were\s+killed|slain|martyred|deaths?|fatalities|fatally\s+(?:wounded|injured))"
_WOUNDED_VERB = r"(?:wounded|injured|hurt|injuries|wounds)"

_COUNT = re.compile(
    rf"(?<![\w-])(?P<qual>{_QUALIFIER})(?P<num>{_NUMBER})(?:\s+(?P<noun>{_FILLER}(?:{_CIVILIAN}|{_MILITARY}|{_ANY})?))?",
    re.IGNORECASE,
)


_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_OF_AT_END = re.compile(r" of$")
_WORD_PARTS = re.compile(r"[\s-]+")


def parse_number(text: str) -> int | None:
    """The integer a numeral or number phrase denotes, ``None`` if it is not one.

    Examples
    --------
    >>> parse_number("58"), parse_number("twenty-eight"), parse_number("dozens of"), parse_number("1,200")
    (58, 28, 24, 1200)
    """
    words = _SPACES.sub(" ", text.strip().lower())
    if _DIGITS.fullmatch(words):
        return int(words.replace(",", ""))
    words = _OF_AT_END.sub("", words) if words.startswith(("several ", "a few ")) else words
    if words in VAGUE:
        return VAGUE[words]
    multiplier = 1
    for scale, factor in ((" hundred", 100), (" thousand", 1000)):
        if words.endswith(scale):
            words, multiplier = words[: -len(scale)], factor
    if words in _UNITS:
        return _UNITS[words] * multiplier
    parts = _WORD_PARTS.split(words)
    if parts and parts[0] in _TENS:
        value = _TENS[parts[0]]
        if len(parts) == 2 and parts[1] in _UNITS:
            value += _UNITS[parts[1]]
        elif len(parts) > 1:
            return None
        return value * multiplier
    return None


_MILITARY_WORD = re.compile(rf"\b{_MILITARY}\b", re.I)
_CIVILIAN_WORD = re.compile(rf"\b{_CIVILIAN}\b", re.I)


def _category(noun: str) -> str | None:
    if _MILITARY_WORD.search(noun):
        return "military"
    if _CIVILIAN_WORD.search(noun):
        return "civilian"
    return None


def _at_end(pattern: re.Pattern, text: str, reach: int) -> re.Match | None:
    """``pattern.search(text)`` for a pattern that matches only at the end of ``text`` (``...\\s*$``),
    beginning at most ``reach`` characters before the white space that ends the text.

    The search starts there instead of at the text's beginning, so a long clause costs no
    more than a short one; the match is the same (look-behinds and ``\\b`` still see the
    characters before the start, and ``str.rstrip`` strips what ``\\s`` matches).
    """
    return pattern.search(text, max(0, len(text.rstrip()) - reach))


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_DATE_NUMBER = re.compile(rf"\b{_MONTH}\.?,?\s*$|(?<!toll\s)(?<!figure\s)\b(?:at|since|until)\s*$|\d[:.]$", re.I)
#: The longest match of _DATE_NUMBER before its trailing white space ("September.,"), for _at_end.
_DATE_NUMBER_REACH = len("September.,")
_DATE_NUMBER_AFTER = re.compile(rf"\s*(?:{_MONTH}\b|[:.]\d|GMT|a\.m|p\.m|local\s+time|hours?\b|km|kilomet)", re.I)
_NEXT_COUNT = re.compile(rf"(?<![\w-])(?:\d+|{_WORD_NUMBER}|dozens|hundreds|thousands|scores)\b", re.I)


#: A figure is a toll when one of these is before it ("killing 12", "the toll rose to 12") ...
_KILLED_BEFORE = re.compile(
    # headline present tense: "Rocket attack on Barda kills 21"
    r"\b(?:killing|killed|kills|claimed\s+the\s+lives\s+of|deaths?\s+of|loss\s+of|lost|dead\s+(?:rose|rises)\s+to|"
    # "the number of its soldiers killed in the fighting had risen by 12 to", "the toll ... is"
    r"(?:toll|number\s+of\s+(?:[\w'’-]+\s+){0,3}?(?:killed|dead|deaths|fatalities))\s+(?:[\w'’-]+\s+){0,12}?"
    r"(?:has\s+|had\s+|have\s+)?(?:rose|rises|risen|climbed|reached|stands|stood|increased|grew|grown|jumped|is|was|"
    r"to|of|at)(?:\s+by\s+[\d,]+)?"
    r"(?:\s+to|\s+at)?)\s+$",
    re.I)
_WOUNDED_BEFORE = re.compile(r"\b(?:wounding|injuring|wounded|injured|wounds|injures)\s+(?:another\s+)?$", re.I)
#: ... or after it ("12 were killed").
_KILLED = re.compile(rf"\b{_KILLED_VERB}\b", re.I)  # not "deadly"
_WOUNDED = re.compile(rf"\b{_WOUNDED_VERB}\b", re.I)
#: A clause without any of their words states no figure: most clauses are skipped at once.
_TOLL_WORDS = Prefilter([_KILLED_BEFORE, _WOUNDED_BEFORE, _KILLED, _WOUNDED])


def _outcome(after: str, before: str) -> str | None:
    """'killed', 'wounded', 'combined' or None for a count, from the words around it."""
    # "killing the pilot", "the death toll rose to 12": the verb comes before the count.
    tail = before[-140:]
    if _KILLED_BEFORE.search(tail):
        return "killed"
    if _WOUNDED_BEFORE.search(tail):
        return "wounded"
    following = _NEXT_COUNT.search(after)
    head = (after[: following.start()] if following else after)[:80]
    # "dead and wounded", "killed or injured", "casualties": one combined figure.
    if re.match(rf"\s*(?:\w+\s+){{0,3}}{_KILLED_VERB}\s+(?:and|or|&)\s+{_WOUNDED_VERB}", head, re.I) or re.match(
        r"\s*(?:\w+\s+){0,2}casualties\b", head, re.I
    ):
        return "combined"
    killed = _KILLED.search(head)
    wounded = _WOUNDED.search(head)
    first = min((m for m in (killed, wounded) if m), key=lambda m: m.start(), default=None)
    if first:
        between = head[: first.start()]
        if len(between.split()) <= 6 and not re.search(r"[.;:]|\b(?:said|says|by|from|in|after)\b", between, re.I):
            return "killed" if first is killed else "wounded"
    return None


@functools.lru_cache(maxsize=8192)
def parse_casualties(clause: str) -> Casualties:
    """Killed and wounded figures stated in ``clause``.

    Parameters
    ----------
    clause : str
        One sentence or clause.

    Returns
    -------
    Casualties
        Lowest stated figure per slot; ``killed``/``wounded`` are the totals (the sum of
        the civilian and military figures when only those are stated).

    Examples
    --------
    >>> parse_casualties("six civilians were killed and 26 wounded on their side")
    Casualties(killed=6, wounded=26, killed_civilians=6, killed_military=None, wounded_civilians=26, wounded_military=None)
    >>> parse_casualties("The army says 41 soldiers have been killed since Tuesday").killed_military
    41
    """
    # Cached (the result is frozen): extraction asks about one clause more than once.
    # A subset ("14 civilians, including three children, were killed", "7 civilians, 3 of them
    # women, were killed") is not another count.
    clause = _SUBSET.sub(lambda m: " " * len(m.group()), clause)
    slots: dict[str, list[int]] = {}
    _no_victims(clause, slots)
    if not _TOLL_WORDS.may_match(clause):
        return _casualties(slots)  # every figure needs one of the toll words (_outcome)
    _named_victims(clause, slots)
    # ages cut no list of counts: "a man, 45, was killed" is one man
    if _AGE_DIGITS.search(clause):  # else there is no age to blank
        clause = _AGE.sub(lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))), clause)
    last_category: str | None = None
    previous: tuple[int, str | None, str] | None = None  # (end, outcome, slot) of the last count read
    pending: list[tuple[int, str | None, str]] = []  # counts before their verb: (number, category, link)
    for match in _COUNT.finditer(clause):
        number = parse_number(match.group("num"))
        if number is None or _at_end(_NEGATED, clause[: match.start()], len("nobody")):
            continue  # "No one was injured" (read by _no_victims)
        if _at_end(_DATE_NUMBER, clause[: match.start("num")], _DATE_NUMBER_REACH) or _DATE_NUMBER_AFTER.match(
                clause[match.end("num"):]):
            continue  # "erupted on September 27 and has killed ...": a day, not a count
        if _is_age(clause[: match.start("num")], clause[match.end("num"):]):
            continue  # "Anna Sargsyan (61)", "a 45-year-old man", "aged 60": an age, not a count
        raw_num = match.group("num").strip().lower()
        noun = match.group("noun") or ""
        category = _category(noun)
        if raw_num in ("a", "an") and not category and not re.search(_ANY, noun, re.I):
            continue  # "a strike", "an attack": the article, not a count
        if raw_num in _VAGUE_OTHERS and re.match(r"\s*(?:others?|more)\b", noun, re.I):
            continue  # "one was killed and several others wounded": "several others" is no number
        if _NOT_PEOPLE_AFTER.match(clause, match.end("num")):
            continue
        if category == "civilian" and re.fullmatch(r"\s*(?:men|man)\s*", noun, re.I) and re.search(
                rf"\blost\s+{_QUALIFIER}$", clause[: match.start("num")], re.I):
            category = "military"  # "the country has lost 1,280 men": a side's losses are its fighters
        outcome = _outcome(clause[match.end():], clause[: match.start()])
        # "killing three soldiers and two civilians", "two Russian and five Ukrainian soldiers were
        # killed": counts of people listed with "and" share one verb, and add up; "3 or 4 people"
        # are alternatives (the lowest wins)
        link = _link(clause[previous[0]:match.start()]) if previous else None
        listed = link == "and" and previous[1] is not None and bool(noun.strip())
        if outcome is None and listed:
            outcome = previous[1]
        waiting = pending if link and previous[1] is None and noun.strip() else []
        pending = []
        if outcome is None:
            pending = [*waiting, (number, category, link or "and")]
            previous = (match.end(), None, "")
            continue
        if outcome == "combined":
            previous = None
            continue
        if category is None and not noun.strip():
            # "the number of Russian servicemen killed had reached 2,718"
            toll_noun = re.search(r"\b(?:number|toll)\s+(?:of|among)\s+([\w\s'’-]{0,60}?)\s+(?:killed|dead|deaths|has|had|rose|reached)",
                                  clause[: match.start()], re.I)
            category = _category(toll_noun.group(1)) if toll_noun else None
        if category is None and not noun.strip():
            category = last_category  # "six civilians were killed and 26 wounded"
        last_category = category or last_category
        key = _slot(outcome, category)
        if waiting:
            # the counts before the verb: "and" adds them to this one (or to their own people),
            # "or" makes them alternatives
            links = [w[2] for w in waiting[1:]] + [link]
            for (count, count_category, _), joined in zip(waiting, links):
                own = _slot(outcome, count_category or category)
                if joined == "and" and own == key:
                    number += count
                else:
                    slots.setdefault(own, []).append(count)
        if listed and previous[1:] == (outcome, key):
            slots[key][-1] += number
        else:
            slots.setdefault(key, []).append(number)
        previous = (match.end(), outcome, key)
    # "a woman and her grandson were killed" / "killing the pilot": the singular noun is one.
    for m in re.finditer(
        rf"\bkilling\s+(?:the|a|an|its|their)\s+(?P<noun>{_CIVILIAN}|{_MILITARY})\b", clause, re.I
    ):
        category = _category(m.group("noun"))
        if category and not m.group("noun").lower().endswith("s"):
            slots.setdefault(f"killed_{'civilians' if category == 'civilian' else 'military'}", []).append(1)
    # "killing the driver and a nurse", "wounding a medic": each person named by role is one.
    for m in _ROLE_VICTIMS.finditer(clause):
        people = 1 + len(re.findall(rf"\b{_ROLE}\b", m.group("rest"), re.I))
        first_known = _category(m.group("first")) is not None
        if people >= 2 or not first_known:
            verb = m.group("verb").lower()
            slots.setdefault("killed" if verb.startswith("kill") else "wounded", []).append(people)
    # "killing two crew members and wounding a third": one more of the same people.
    for m in re.finditer(r"\b(?P<verb>killing|wounding|injuring)\s+(?:a|one)\s+(?:third|fourth|fifth|sixth|seventh|other)\b",
                         clause, re.I):
        outcome = "killed" if m.group("verb").lower() == "killing" else "wounded"
        category = last_category or None
        key = f"{outcome}_{'civilians' if category == 'civilian' else 'military'}" if category else outcome
        slots.setdefault(key, []).append(1)
    return _casualties(slots)


_NOT_PEOPLE_AFTER = re.compile(
    r"\s*(?:km|kilomet|mile|percent|%|years?|days?|hours?|square|tanks?|drones?|armou?red|units?)", re.I)

#: People named by their role, one each: "the driver", "a paramedic".
_ROLE = (r"(?:driver|paramedic|medic|doctor|nurse|pilot|journalist|photographer|reporter|cameraman|soldier|"
         r"officer|commander|civilian|man|woman|child|boy|girl|teenager|resident|farmer|worker|guard|"
         r"policeman|volunteer|rescuer|firefighter|director|mayor|official|passenger|shepherd)")
_ROLE_VICTIMS = re.compile(
    rf"\b(?P<verb>killing|wounding|injuring)\s+(?:the|a|an|its|their|one)\s+(?:[\w-]+\s+)?(?P<first>{_ROLE})\b"
    rf"(?P<rest>(?:\s*(?:,|and|,\s*and)\s+(?:the|a|an|his|her|its|their|one)\s+(?:[\w-]+\s+)?{_ROLE}\b)*)", re.I)


def _slot(outcome: str, category: str | None) -> str:
    return f"{outcome}_{'civilians' if category == 'civilian' else 'military'}" if category else outcome


_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_OR = re.compile(r"\s*(?:or|to|-|–)\s*")


def _link(gap: str) -> str | None:
    """How two counts are joined: "and" (a list that adds up), "or" (alternatives), or not at all."""
    if _AND.fullmatch(gap):
        return "and"
    if _OR.fullmatch(gap):
        return "or"
    return None


def _casualties(slots: dict[str, list[int]]) -> Casualties:
    """The lowest figure of each slot, the totals, and the other figures noted."""
    values: dict = {key: min(numbers) for key, numbers in slots.items()}
    noted = tuple(sorted((f"{key} {n}" for key, numbers in slots.items() for n in set(numbers) if n != values[key]),
                         key=noted_order))
    for outcome in ("killed", "wounded"):
        parts = [values.get(f"{outcome}_civilians"), values.get(f"{outcome}_military")]
        stated = [p for p in parts if p is not None]
        if stated and (sum(stated) or len(stated) == 2 or outcome in values):
            # "no civilians were hurt" alone says nothing of the soldiers: no total
            values[outcome] = max(values.get(outcome, 0), sum(stated))
    return Casualties(**values, noted=noted)


#: "(53)", "Name, 53,", "a 45-year-old", "aged 60", "53 years old": an age, not a count.
_AGE_AFTER = re.compile(r"\s*-?\s*years?\s*-?\s*old\b", re.I)


_AGE = re.compile(rf"((?:(?-i:[A-Z])[\w'’-]+|\b{_CIVILIAN}|\b{_MILITARY})\s*)(?:,\s*\d{{1,3}}\s*(?=,|\s[-–—]\s)|\(\s*\d{{1,3}}\s*\))",
                  re.I)
#: What every match of _AGE holds: a comma or a bracket before digits.
_AGE_DIGITS = re.compile(r"[,(]\s*\d")
_AGED = re.compile(r"\baged\s+$", re.I)
_OPEN_BRACKET = re.compile(r"\(\s*$")
_CLOSE_BRACKET = re.compile(r"\s*\)")
_AGE_COMMA_BEFORE = re.compile(rf"(?:(?-i:[A-Z])[\w'’-]+|\b{_CIVILIAN}|\b{_MILITARY})\s*,\s*$", re.I)
_AGE_COMMA_AFTER = re.compile(r"\s*(?:,|\s[-–—]\s)")
_NEGATED = re.compile(r"\b(?:no|nobody|not)\s*$", re.I)


def _is_age(before: str, after: str) -> bool:
    # The cheap test of each pair first: the long search of ``before`` only when ``after`` fits.
    return bool(_at_end(_AGED, before, len("aged")) or _AGE_AFTER.match(after)
                or (_at_end(_OPEN_BRACKET, before, 1) and _CLOSE_BRACKET.match(after))
                or (_AGE_COMMA_AFTER.match(after) and _AGE_COMMA_BEFORE.search(before)))


#: Vague words that are no number before "others" / "more" ("several others were wounded").
_VAGUE_OTHERS = frozenset({"a few", "several", "a couple of", "an", "a", "dozens", "dozens of", "scores", "scores of"})
#: A subset inside a count: "(including three children)", ", 3 of them women,".
_SUBSET = re.compile(
    r"[,(]\s*(?:including|among\s+them|of\s+whom|(?:\d+|[a-z]+(?:-[a-z]+)?)\s+of\s+(?:them|whom))\s+"
    # to its closing comma or bracket, or (a headline: "Four Journalists, Including Two From X Injured") to the verb
    r"(?:[^,)]*[,)]|[^,)]*?(?=\s+(?:were|was|are|have|had|killed|wounded|injured|dead|died|hurt)\b))", re.I)

_PERSON = r"(?-i:[A-Z][\w'’.-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){0,3}"
_AGED_PERSON = rf"{_PERSON}\s*(?:\(\s*\d{{1,3}}\s*\)|,\s*\d{{1,3}}\s*,)"
#: A named victim with an age: "killed Anna Sargsyan (61)", "X, 62, was wounded" is one person.
_NAMED_OBJECT = re.compile(
    rf"\b(?P<verb>killed|killing|wounded|wounding|injured|injuring)\s+(?P<names>{_AGED_PERSON}"
    rf"(?:\s*(?:,|and|,\s*and)\s*{_AGED_PERSON})*)")
_NAMED_SUBJECT = re.compile(
    rf"(?P<names>{_AGED_PERSON}(?:\s*(?:,|and|,\s*and)\s*{_AGED_PERSON})*)\s*(?:was|were|has\s+been|had\s+been)\s+"
    r"(?:\w+\s+)?(?P<verb>killed|wounded|injured)\b")


#: "killed the director of the hospital and six of his colleagues": one person and N more.
_ONE_AND_MORE = re.compile(
    rf"\b(?P<verb>killed|killing|wounded|wounding|injured|injuring)\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,14}}?and\s+"
    rf"(?P<num>{_NUMBER})\s+(?:of\s+(?:his|her|their)\s+|other\s+)", re.I)


def _named_victims(clause: str, slots: dict[str, list[int]]) -> None:
    """One for each victim named with an age: "killed Anna Sargsyan (61)" (the age is not a count);
    one more than the count after a single victim ("killed the director and six of his colleagues")."""
    for pattern in (_NAMED_OBJECT, _NAMED_SUBJECT):
        for m in pattern.finditer(clause):
            outcome = "killed" if m.group("verb").lower().startswith("kill") else "wounded"
            slots.setdefault(outcome, []).append(len(re.findall(r"\(\s*\d{1,3}\s*\)|,\s*\d{1,3}\s*,", m.group("names"))))
    for m in _ONE_AND_MORE.finditer(clause):
        number = parse_number(m.group("num"))
        if number is not None and m.group("num").lower() not in _VAGUE_OTHERS:
            outcome = "killed" if m.group("verb").lower().startswith("kill") else "wounded"
            slots.setdefault(outcome, []).append(number + 1)


_NOBODY = r"(?:no\s+one|nobody|no\s+people|none)"
_NONE_VERB = r"(?:was|were|has\s+been|have\s+been|had\s+been|got)"
#: "No victims", "no casualties", "nobody was hurt", "no deaths": a figure of 0.
_NO_VICTIMS = [
    (re.compile(rf"\b{_NOBODY}\s+(?:\w+\s+)?{_NONE_VERB}\s+(?:\w+\s+)?(?:killed|dead)\b|\bno\s+(?:one\s+)?(?:deaths?|fatalities|dead)\b"
                r"|\b(?:no\s+one|nobody)\s+died\b", re.I), ("killed",)),
    (re.compile(rf"\b{_NOBODY}\s+(?:\w+\s+)?{_NONE_VERB}\s+(?:\w+\s+)?(?:injured|wounded|hurt)\b|\bno\s+(?:injuries|injured|wounded)\b"
                r"|\bwithout\s+injur", re.I), ("wounded",)),
    (re.compile(r"\b(?:no|without|zero)\s+(?:(?:human|civilian|military)\s+)?(?:casualties|victims|losses\s+of\s+life)\b", re.I),
     ("killed", "wounded")),
]
_NO_WORD = re.compile(r"\b(?:no|nobody|none|without|zero)\b", re.I)
_AMONG = re.compile(rf"\s*(?:among|of)\s+(?:the\s+)?(?:\w+\s+)?(?P<noun>{_CIVILIAN}|{_MILITARY}|civilian\s+population|population)", re.I)


def _no_victims(clause: str, slots: dict[str, list[int]]) -> None:
    """"No victims" -> 0; "no casualties among civilians" -> 0 civilians."""
    if not _NO_WORD.search(clause):
        return
    for pattern, outcomes in _NO_VICTIMS:
        for m in pattern.finditer(clause):
            if re.search(r"\b(?:not|almost|nearly|virtually)\s+$", clause[max(0, m.start() - 12):m.start()], re.I):
                continue  # "almost no casualties" is no figure
            among = _AMONG.match(clause, m.end())
            category = _category(among.group("noun")) or ("civilian" if among and "population" in among.group("noun").lower()
                                                           else None) if among else None
            civ = re.search(r"\bcivilian\b", m.group(0), re.I)
            category = category or ("civilian" if civ else "military" if re.search(r"\bmilitary\b", m.group(0), re.I)
                                    else None)
            for outcome in outcomes:
                key = f"{outcome}_{'civilians' if category == 'civilian' else 'military'}" if category else outcome
                slots.setdefault(key, []).append(0)
