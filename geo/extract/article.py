"""From one article to dated, placed, sourced incidents (rules: docs/extraction.md#incident-extraction).

The article is split into sentences and clauses (:mod:`geo.language.sentences`). In each clause the
event lexicon (:mod:`geo.extract.lexicon`) proposes event types; the gazetteer's mentions in the
clause, with their role (target, origin, metonym; :mod:`geo.extract.roles`), give the place; :mod:`geo.language.dates` the
date; :mod:`geo.language.numbers` the casualties; :mod:`geo.extract.claims` who says it and who denies it.
Every incident carries the sentence it comes from as :class:`~geo.model.Evidence`.

Place-role rules, in order:

1. A mention that is an actor, not a location, is a *metonym*: followed by a reporting or
   action verb ("Baku said", "Moscow has a defence alliance"), a possessive of an actor
   noun ("Moscow's forces", "Russia's Foreign Ministry"), "X government/authorities", or
   after "backed by", "ties to", "alliance with", "accused". Metonyms are kept as place
   mentions (``metonym=True``) and never locate an incident.
2. A mention after "from" ("from Vardenis", "from the direction of X", "took off in X")
   is the *origin* of a shelling, air strike or shoot-down; for other events (a clash,
   "withdrew from X") it is where it happened.
3. A mention after "near", "outside", "around", "outskirts of", "vicinity of" is a
   *target* with geo_precision 2; after in/at/on/inside/into/over/of (the town of, the
   shelling of)/hit/targeted/shelled/captured/liberated/including, or before a passive
   event verb ("Tartar was shelled"), a *target* at the precision of its kind (1 town,
   3 region/district, 4 country). Lists ("Stepanakert and the towns of Martakert and
   Martuni") share the role of their head.
4. A coarser target that only says where a finer one is goes (a country always; a
   region or district when attached to the town): "the Kupiansk district inside Ukraine"
   is Kupiansk district, but "the city of Kupiansk and villages in the Kupiansk district" is both.
5. Without a named target: "X-ian territory/airspace/villages" gives the country X;
   an anaphora of the conflict zone ("the enclave", "the strip", "the region", "the
   breakaway region", "the disputed area", "the line of contact", "the front"; the
   lexicon's ``REGION_ANAPHORA``) gives the article's dominant region (the region
   mentioned most, at least twice), whatever the war; a casualty toll without a place is
   placed at the reporting party: the dominant region for the party holding it and for the
   state backing that party (``gazetteer/data/actors/nonstate.tsv``), the area or country
   of another non-state party, the country of a state when the war is fought there (the
   dominant region's country or the country the article names most places in); a
   monitor's toll, and anything else, is skipped.
6. Diplomacy is placed only at its venue: a city after in/at/to/visit ("will meet in
   Moscow", "visit Geneva"); statements and phone calls without a venue are skipped.

Date rules: the date expression of the sentence nearest the event word
(:func:`geo.language.dates.sentence_date`), counting only expressions whose nearest event word is
this event's ("captured X on Friday, since fighting erupted two weeks ago": the two weeks
belong to the fighting); if none, the publication day with precision ``range`` (the event
happened on or shortly before it, as ACLED dates reports without an event date); undated
articles give ``date=None`` (``unknown``). A clause whose only date expressions are
historical ("in the 1990s", "April 2016") reports no incident.
"""

from __future__ import annotations

from bisect import bisect_right
import logging
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from gazetteer.actors import actors, demonym_countries, word_pattern
from gazetteer.normalize import fold
from geo.extract.background import background_of
from geo.extract.claims import ClaimTracker, find_denials, party_of
from geo.extract.denials import apply_denials
from geo.language.dates import MAX_EVENT_SPAN, day_of_the_news, resolve_dates, sentence_date, text_anchors
from geo.join import join_incidents
from geo.extract.perpetrator import actor_of
from geo.extract.repeats import drop_repeats
from geo.extract.lexicon import LIE, REGION_ANAPHORA, Cue, classify, find_cues, is_denied, strike_mode
from geo.model import (Article, ArticleExtraction, Casualties, Claimant, Evidence, GeoPrecision, Incident, PlaceMention,
                       UnresolvedMention)
from geo.language.numbers import parse_casualties
from geo.extract.roles import (
    LIST_GAP,
    PRECISION_BY_KIND,
    TARGET_BEFORE,
    Located,
    Mentions,
    Target,
    assign_to_cues,
    country_named,
    dominant_region,
    drop_containers,
    locate_mentions,
    place_roles,
)
from geo.language.sentences import Span, split_clauses, split_sentences
from geo.language.prefilter import gated

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer, Place
    from gazetteer.lookup import Lookup

__all__ = ["extract_article", "PRECISION_BY_KIND"]

log = logging.getLogger(__name__)

#: Words that refer to the conflict zone without naming it (the lexicon's, for any war).
_REGION_ANAPHORA = gated(re.compile(REGION_ANAPHORA, re.I))
_ACTOR_NOUN = re.compile(
    r"^(?:'s|’s)\s+(?:\w+\s+)?(?:leader|president|leadership|authorities|officials|government|defen[cs]e|ministry|"
    r"military|army|forces|people|population|ombudsman|parliament|spokes\w+)\b", re.I)


#: Hot-path patterns of the clause rules, compiled once.
_IN_BEFORE = re.compile(r"\bin\s+$")
_FIGURE_OR_TOLL_WORD = re.compile(r"\d|\b(?:killed|wounded|dead|died|injured)\b")
_ATTACK = re.compile(r"attack", re.I)
_LOCATING_PREPOSITION_BEFORE = re.compile(r"\b(?:in|on|into|inside|across|over|along|at|of)\s+$", re.I)
_CLAUSE_PUNCTUATION = re.compile(r"[,;:]")


def _region_anaphora(text: str) -> list[re.Match]:
    """Words for the conflict zone that can be where something happened ("the region", not
    "the region's leader")."""
    return [m for m in _REGION_ANAPHORA.finditer(text) if not _ACTOR_NOUN.match(text[m.end():m.end() + 40])]


#: "Ukrainian territory", "Lebanese villages", "Sudanese civilians": the country of the demonym.
_DEMONYMS = demonym_countries()
_DEMONYM_PLACE = gated(re.compile(
    r"\b(" + "|".join(re.escape(d) for d in sorted(_DEMONYMS, key=len, reverse=True)) + r")\s+(?:\w+\s+)?"
    r"(?:territory|airspace|soil|villages?|settlements?|towns?|cities|border\s+(?:areas?|regions?|villages?)|regions?|"
    r"districts?|civilians|residents|villagers)\b",
))
#: A sentence that gives the source of what was just reported: "X informed about this", "this was
#: announced on Telegram by X", "X reported it".
_BACK_REFERENCE = re.compile(
    r"\b(?:about|of|on)\s+(?:this|it|that)\b|\b(?:this|it|that)\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?:announced|reported|said|stated|confirmed|posted|written)\b|"
    r"\b(?:announced|reported|confirmed|said|stated)\s+(?:this|it)\b", re.I)
#: Where fire came from: "from the Gaza Strip", "out of Yemeni territory".
_OUT_OF_BEFORE = re.compile(r"\b(?:from|out\s+of)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_TOLL_WINDOW = gated(re.compile(
    r"\b(?:since|so\s+far|in\s+total|total|to\s+date|overall|bringing|cumulative|in\s+all)\b"
    # "the death toll from Sunday's missile strike on Ganja rose to 10" is that strike's toll
    r"|\btoll\b(?!\s+(?:from|of|in)\s+(?:the\s+|a\s+)?(?:\w+(?:'s|’s)?\s+){0,3}(?:strike|attack|shelling|bombing|explosion))",
    re.I))
_TOLL_SO_FAR = re.compile(
    r"\b(?:has|have)\s+(?:so\s+far\s+|now\s+)?(?:been\s+)?(?:killed|died|wounded|injured|claimed|left|lost)\b|"
    r"\bso\s+far\b|\bsince\b|\bbringing\b|\btoll\b", re.I)
_CAUSE_OF_TOLL = re.compile(r"\s*(?:has|have|had)?\s*(?:so\s+far\s+)?(?:killed|claimed|left|wounded|injured)\b", re.I)
#: Who makes a visit or a meeting diplomatic: titles, and the leaders and foreign ministers of the
#: actor tables.
_DIPLOMAT_NAMES = sorted({p for a in actors().parties for p, body in a.patterns
                          if body in ("president", "prime minister", "foreign ministry", "secretary-general")})
_DIPLOMAT = re.compile(
    r"\b(?:minister\w*|president\w*|premier\w*|envoys?|delegations?|co-?chairs?|mediators?|diplomat\w*|leaders?|"
    r"secretar\w+|ambassadors?|counterparts?|Minsk\s+Group|OSCE|UN|talks|negotiat\w+|ceasefire|cease-fire|truce|"
    + "|".join(_DIPLOMAT_NAMES) + r")\b", re.I)
#: A line of the page that points at other pages ("Also Read ...", "For the latest updates, visit
#: our page", "Follow us on ..."): the headlines it lists are not this article's news.
_FURNITURE = gated(re.compile(
    r"^\W*(?:also\s+read|read\s+(?:more|also|next)|related(?:\s+(?:stories|articles|news|coverage))?\s*:|"
    r"see\s+also|recommended|more\s+(?:on\s+this|from|stories)|watch\s*:|listen\s*:|advertisement)\b|"
    r"\bfor\s+(?:the\s+)?(?:latest|live|more)\s+(?:\w+\s+){0,3}?(?:updates|news|coverage)\b|"
    r"\b(?:visit|follow)\s+(?:us|our)\b|\b(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\b|"
    r"\bclick\s+here\b|\bdownload\s+(?:our|the)\s+app\b", re.I))
_TOWN_ANAPHORA = re.compile(r"\bthe\s+(?:city|town|village|settlement)\b(?!\s+of\b)", re.I)
_THEIR_SIDE = re.compile(r"\b(?:on\s+(?:their|its|our)\s+side|on\s+(?:their|its|our)\s+territory)\b", re.I)
_VENUE_BEFORE = re.compile(r"\b(?:in|at|to|visit|visits|visited|visiting|host(?:ed|s)?\s+by)\s+(?:the\s+)?$", re.I)
_LOCATION_SLOT = re.compile(
    r"\b(?:(?:the\s+)?(?:villages?|towns?|settlements?|cit(?:y|ies)|districts?|regions?)\s+of|in|near|at|outside|around|"
    r"shelled|hit|captured|liberated)\s+((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)",
    re.I,
)
_LIST_MEMBER = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)")
_NOT_A_NAME = re.compile(
    r"^(?:The|A|An|This|That|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Oct|Sept|Nov|Dec|Jan|Feb|Aug|"
    r"His|Her|Its|Their|Our|Facebook|Twitter|Telegram|Line|Contact|"
    r"Defense|Defence|Ministry|President|Prime|Foreign|State|Security|Council|European|United|Organization|OSCE)\b"
)


def _date_of(sentence: Span, anchor: int, published, *, own_cue: bool = True,
             anchors: tuple = ()) -> tuple[Any, Any, str, bool]:
    """(date, date_end, precision, historical_only) for an event at ``anchor`` of ``sentence``.

    With ``own_cue``, a date expression counts only if the event word at ``anchor`` is the
    event word nearest to it ("captured X on Friday, since fighting erupted two weeks ago":
    the two weeks belong to the fighting).
    """
    spans = _outside_asides(resolve_dates(sentence.text, published, anchors=anchors), sentence.text, anchor)
    if own_cue and spans:
        cues = find_cues(sentence.text)
        mine = next((c for c in cues if c.start <= anchor < c.end), None) or Cue("", anchor, anchor + 1, "")
        if mine not in cues:
            cues.append(mine)

        def owner(span) -> Cue:
            return min(cues, key=lambda c: (max(c.start - span.end, span.start - c.end, 0), c != mine))

        def together(other: Cue) -> bool:
            # The same kind of event, or words conjoined with it ("an air and artillery attack").
            gap = sentence.text[min(other.end, mine.end):max(other.start, mine.start)]
            return other == mine or other.event_type == mine.event_type or (
                len(gap) <= 15 and bool(re.fullmatch(r"\s*(?:and|or|,|/|&)?\s*(?:\w+\s+)?", gap)))

        owned = [s for s in spans if together(owner(s))]
        current = [s for s in owned if not s.historical and s.date is not None
                   and (s.date_end - s.date) <= MAX_EVENT_SPAN]
        if current:
            best = min(current, key=lambda s: max(s.start - anchor, anchor - s.end, 0))
            # "late on Saturday and early on Sunday": two days joined by "and" are one window
            joined = [s for s in current if s is not best and re.fullmatch(
                r"\s*(?:and|or|to|through|until|-|–)\s*", sentence.text[min(s.end, best.end):max(s.start, best.start)])]
            if joined:
                start = min(best.date, *(s.date for s in joined))
                end = max(best.date_end, *(s.date_end for s in joined))
                if end - start <= MAX_EVENT_SPAN:
                    return start, end, "range", False
            return best.date, best.date_end, best.precision, False
        if owned and all(s.historical for s in owned):
            return None, None, "unknown", True
        if published is None and any(not s.historical for s in owned):
            return None, None, "unknown", False
        if owned or any(not s.historical for s in spans):
            return _default_window(published)
    span = sentence_date(sentence.text, published, anchor=anchor, anchors=anchors)
    if span is not None:
        return span.date, span.date_end, span.precision, False
    historical = bool(spans) and all(s.historical for s in spans)
    return (*_default_window(published)[:3], historical)


#: A relative clause set off by commas ("the city of Aghdam, which had been under occupation
#: for 27 years, was liberated"): its dates describe the place, not the event.
_ASIDE = re.compile(r",\s*(?:which|who|where|whose)\b[^,;]*,")


def _outside_asides(spans: list, sentence: str, anchor: int) -> list:
    """Date expressions not inside a relative-clause aside that does not hold the event word."""
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(sentence) if not m.start() <= anchor < m.end()]
    return [s for s in spans if not any(a <= s.start and s.end <= b for a, b in asides)]


def _default_window(published) -> tuple[Any, Any, str, bool]:
    """An event reported without a date is dated to the publication day (as ACLED codes
    the report date when the event date is not given), with precision ``range``: it
    happened on or shortly before that day."""
    if published is None:
        return None, None, "unknown", False
    return published, published, "range", False


def _place_incident(place: Place, precision: int | None = None) -> dict:
    return {"place": place, "geo_precision": GeoPrecision(precision or PRECISION_BY_KIND.get(place.kind, 1))}


def _online_places(clause: Span, text: str, located: list[Located], online: Any, cache: dict,
                   warnings: list[str], article: Article) -> list[Located]:
    """Capitalised names in location slots that the gazetteer lacks, resolved online."""
    from gazetteer.errors import OnlineLookupError

    known = [(loc.start, loc.end) for loc in located.within(clause.start, clause.end)]
    found: list[Located] = []
    names = []
    for match in _LOCATION_SLOT.finditer(clause.text):
        names.append((match.group(1), match.start(1)))
        # ... and the rest of a list: "the villages of A, B and C"
        position = match.end(1)
        while more := _LIST_MEMBER.match(clause.text, position):
            names.append((more.group(1), more.start(1)))
            position = more.end(1)
    for name, offset in names:
        start = clause.start + offset
        end = start + len(name)
        if _NOT_A_NAME.match(name) or any(s < end and start < e for s, e in known):
            continue
        if name.split()[0] in _DEMONYMS or party_of(name) is not None:
            continue  # "Ukrainian forces", "Hamas": an actor, not a place
        if name not in cache:
            try:
                candidates = online.resolve(name, context=article.title or None, limit=1)
            except OnlineLookupError as err:
                warnings.append(f"online lookup of {name!r} failed: {err}")
                cache[name] = None
                continue
            cache[name] = candidates[0].place if candidates else None
            if not candidates:
                warnings.append(f"unknown place {name!r} (not in the gazetteer, not found online)")
        if cache[name] is not None:
            found.append(Located(start, end, name, cache[name], False))
    return found


def extract_article(article: Article, gazetteer: "Gazetteer", *, online: Any = None) -> ArticleExtraction:
    """Incidents and place mentions of one article.

    Parameters
    ----------
    article : Article
        The article (its ``published`` date anchors relative dates; None gives undated
        incidents).
    gazetteer : Gazetteer
        Offline gazetteer (``find_mentions``, ``disambiguate``, ``lookup``).
    online : OnlineGeocoder, optional
        When given, names in location slots that the gazetteer lacks ("the village of X")
        are resolved online; failures become warnings, never exceptions.

    Returns
    -------
    ArticleExtraction
        Incidents (already joined within the article, so a caption repeating the text
        adds evidence, not a duplicate), every place mention (metonyms flagged), warnings.

    Examples
    --------
    >>> from gazetteer import Gazetteer  # doctest: +SKIP
    >>> extract_article(article, Gazetteer.default()).incidents  # doctest: +SKIP
    """
    text = article.text
    if article.published is None and (news_day := day_of_the_news(text)) is not None:
        article = replace(article, published=news_day)  # the page fixes the day of its news
    unresolved: list = []
    located = Mentions(locate_mentions(article, gazetteer, unresolved=unresolved))
    ctx = _Context(article, gazetteer, located, dominant_region(located), online, {}, [], [])
    ctx.region_party = _region_party(ctx.region, located)
    ctx.anchors = text_anchors(text) if article.published is None else ()
    ctx.countries = _war_countries(ctx.region, located)
    ctx.air = strike_mode(text)
    top_country = getattr(ctx.region, "country", None) or next(iter(sorted(ctx.countries)), None)
    tracker = ClaimTracker(home=_dateline_party(text), region=ctx.region_party,
                           country_of=_country_finder(located, gazetteer))
    ctx.home, ctx.tracker = tracker.home, tracker
    monitors = {party for party, pattern in _MONITOR_RE if pattern.search(text)}
    tracker.monitor = monitors.pop() if len(monitors) == 1 else None
    incidents: list[Incident] = []
    recent: list[tuple[int, list[int]]] = []  # (sentence index, indices into incidents)
    sentences = split_sentences(text)
    quoted = _quoted_paragraphs(text)
    said_before: tuple[tuple[Claimant, ...], set[str]] = ((), set())  # the last sentence's claims and event types
    headline: list[int] = []  # incidents of a headline whose source is named only by its kind
    quote = _OpenQuote()
    for index, sentence in enumerate(sentences):
        # where the sentence happens: its first place that is neither an actor nor where fire came from
        tracker.here = _ground_party(next((loc.place for loc in located.within(sentence.start, sentence.end)
                                           if loc.place.country and not loc.metonym
                                           and not _OUT_OF_BEFORE.search(text[max(0, loc.start - 25):loc.start])),
                                          None), ctx, top_country)
        sentence_claims = tracker.claims(sentence.text)
        in_quote = quote.open(sentence.text)
        deferred = in_quote and not sentence_claims
        if not sentence_claims and (in_quote or _continues_quote(sentence.text) or _inside(sentence.start, quoted)):
            sentence_claims = [tracker.last] if tracker.last else []  # until the quotation says who
        types = {c.event_type for c in find_cues(sentence.text)}
        if not sentence_claims and types & said_before[1] and _LIST_OF_THE_NEWS.match(sentence.text):
            # "President X announced the liberation of 24 villages. The liberated villages are A,
            # B, C.": the next sentence goes on with the same news, from the same source.
            sentence_claims = list(said_before[0])
        said_before = (tuple(sentence_claims), types if sentence_claims else set())
        window_start = sentences[max(0, index - 2)].start
        # Towns named just before, including "authorities in Stepanakert said the city was hit".
        ctx.window_start = window_start
        ctx.recent_towns = [loc.place for loc in located.within(window_start, sentence.end)
                            if loc.place.kind in ("city", "town", "village") and (
                                not loc.metonym or _IN_BEFORE.search(text[max(0, loc.start - 4):loc.start]))]
        previous = recent[-1][1] if recent and recent[-1][0] == index - 1 else []
        ctx.recent_targets = [incidents[i].place_id for sentence_index, indices in recent
                              if index - sentence_index <= 2 for i in indices
                              if incidents[i].event_type != "diplomacy"]

        def attach(casualties: Casualties, place_ids, claims=(), previous=previous, additive=False) -> bool:
            """Figures in a clause or sentence of their own belong to the incident just reported
            (at the same place when the sentence names one), and so does their source
            ("One civilian was killed and 32 wounded, the Prosecutor General's Office said").
            Figures for an incident that has some already keep the lowest, the others noted
            ("killing 12, while local officials put the toll at 15")."""
            # "Two more were injured" adds to the toll just reported as well
            kinds = ("diplomacy",) if additive else ("diplomacy", "casualty_report")
            attackable = [i for i in (produced or previous) if incidents[i].event_type not in kinds
                          and (place_ids is None or incidents[i].place_id in place_ids)]
            if len(attackable) != 1:
                return False
            target = incidents[attackable[0]]
            if claims and target.claimed_by and not {c.party for c in claims} & {c.party for c in target.claimed_by}:
                return False  # another side's figures ("X says it entered the town. Y lists 44 dead"): its own toll
            if target.casualties.any:
                # "Two more adults were injured" adds to the count; another figure for it keeps the lowest
                casualties = Casualties(*map(_sum, zip(target.casualties.figures(), casualties.figures())),
                                        noted=target.casualties.noted + casualties.noted) if additive else \
                    Casualties.combine((target.casualties, casualties), _lowest)
            deniers = {d.party for d in target.denied_by}
            sources = {c for c in claims if c.party not in deniers}
            incidents[attackable[0]] = replace(target, casualties=casualties,
                                               claimed_by=tuple(sorted(set(target.claimed_by) | sources)))
            return True

        produced: list[int] = []
        for clause in ([] if _FURNITURE.search(sentence.text) else _event_clauses(sentence, located, text)):
            claims = tracker.claims(clause.text, remember=False) or _participle_speaker(
                tracker, sentence, clause) or sentence_claims
            for incident in _clause_incidents(ctx, sentence, clause, claims, attach):
                produced.append(len(incidents))
                incidents.append(incident)
        apply_denials(sentence, index, incidents, produced, recent, article, region=ctx.region_party)
        headline = _headline_source(tracker, incidents, headline, produced, index)
        quote.read(sentence_claims, produced, incidents, deferred=deferred)
        if produced:
            recent.append((index, produced))
        elif sentence_claims and (previous and _about_the_last_incident(sentence, located)
                                  or _BACK_REFERENCE.search(sentence.text)):
            # "Clashes erupted near X at dawn. An army source said the attackers lost dozens of
            # men": the source of an unattributed report is the next sentence's speaker; "The
            # head of the regional administration informed about this." is the source of what
            # the two sentences before reported.
            told = previous or [i for sentence_index, indices in recent if index - sentence_index <= 2
                                for i in indices]
            for i in told:
                if not incidents[i].claimed_by and incidents[i].event_type != "diplomacy":
                    incidents[i] = replace(incidents[i], claimed_by=tuple(sorted(set(sentence_claims))))
    mentions = tuple(
        PlaceMention(loc.place.id, loc.place.name, article.name, loc.start, loc.end, loc.surface, loc.metonym)
        for loc in sorted([*located, *ctx.online_found.values()], key=lambda loc: (loc.start, loc.end))
    )
    incidents = [_denier_as_actor(i) for i in incidents]
    return ArticleExtraction(article.name, tuple(join_incidents(drop_repeats(incidents, _lead_end(sentences), _headline_end(sentences)))), mentions, tuple(ctx.warnings),
                             _unresolved(article, sentences, unresolved, ctx.online_found))


#: The article's lead: its headline and first sentences, which the body then tells in detail.
LEAD_SENTENCES = 3


def _headline_source(tracker: ClaimTracker, incidents: list[Incident], waiting: list[int], produced: list[int],
                     index: int) -> list[int]:
    """A headline that names its source only by its kind ("300 Soldiers Killed - Military"):
    its incidents wait for the next sentences, the lead, whose first speaker with a body ("The
    Defense Ministry of X reported") is that source; after :data:`LEAD_SENTENCES` sentences
    without one they take the headline's own best guess. Returns the incidents still waiting."""
    if tracker.headline_body is not None and tracker.headline_since is None:
        tracker.headline_since = index
        waiting = waiting + [i for i in produced if not incidents[i].claimed_by]
        return waiting
    if not waiting:
        tracker.headline_body = tracker.headline_since = None
        return []
    named = [a for n, a in tracker.spoken if n == tracker.sentence_no and a.body]
    if not named and index - tracker.headline_since < LEAD_SENTENCES:
        return waiting
    source = named[0] if named else tracker.headline_body
    for i in waiting:
        if source is not None and not incidents[i].claimed_by:
            incidents[i] = replace(incidents[i], claimed_by=(source,))
    tracker.headline_body = tracker.headline_since = None
    return []


def _lead_end(sentences: list[Span]) -> int:
    """Where the article's lead ends (see :mod:`geo.extract.repeats`)."""
    return sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end if sentences else 0


def _denier_as_actor(incident: Incident) -> Incident:
    """An attack one side denies ("Baku denied shelling Stepanakert") was, by its claimants' account,
    carried out by that side: its actor when the text names no other."""
    deniers = {d.party for d in incident.denied_by} - {c.party for c in incident.claimed_by}
    if incident.actor is not None or len(deniers) != 1 or incident.event_type in ("casualty_report", "diplomacy"):
        return incident
    return replace(incident, actor=deniers.pop())


def _headline_end(sentences: list[Span]) -> int:
    """Where the article's headline ends: its first line without a sentence's closing stop
    among the lead's sentences, else its first sentence."""
    lead = sentences[:LEAD_SENTENCES]
    title = next((s for s in lead if not s.text.rstrip().endswith((".", "!", "?", "”", '"'))), lead[0] if lead else None)
    return title.end if title is not None else 0


def _lowest(values) -> int | None:
    stated = [v for v in values if v is not None]
    return min(stated) if stated else None


def _sum(values) -> int | None:
    stated = [v for v in values if v is not None]
    return sum(stated) if stated else None


#: "The shelling", "this attack": an event word that points back to the incident just reported.
_THE_ATTACK = re.compile(r"\b(?:the|this|that|these|those|such)\s+(?:\w+\s+)?$", re.I)

#: Figures that add to those already reported: "two more", "another three", "a further 12".
_ADDITIVE = re.compile(
    r"\b(?:(?:another|a\s+further|an\s+additional)\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|\w+ty)"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+more\b(?!\s+than))", re.I)


def _unresolved(article: Article, sentences: list[Span], names: list, online_found: dict) -> tuple[UnresolvedMention, ...]:
    """The names that got no place, each with its sentence (those found online are not)."""
    starts = [s.start for s in sentences]
    out = []
    for name in names:
        if (name.start, name.end) in online_found:
            continue
        index = bisect_right(starts, name.start) - 1
        sentence = sentences[index].text if index >= 0 else ""
        out.append(UnresolvedMention(article.name, name.surface, name.start, name.end, name.reason, sentence))
    return tuple(out)


def _event_clauses(sentence: Span, located: list[Located], text: str) -> list[Span]:
    """Clauses of a sentence, with an event clause that names no place joined to a
    neighbouring clause that names a place but no event ("the enemy attempted to attack
    ..., but, ..., fled from the outskirts of Jebrail")."""
    clauses = split_clauses(sentence)
    if len(clauses) == 1:
        return clauses
    info = []
    for clause in clauses:
        event = bool(classify(clause.text, sentence.text))
        has_cue = event or parse_casualties(clause.text).positive
        mentions = located.within(clause.start, clause.end)
        has_place = bool(place_roles(clause, mentions, text, {"armed_clash"})) or bool(
            _REGION_ANAPHORA.search(clause.text) or _DEMONYM_PLACE.search(clause.text))
        info.append([clause, has_cue, has_place, event])
    merged: list[list] = []
    for item in info:
        if merged:
            prev = merged[-1]
            joinable = (prev[1] and not prev[2] and item[2] and not item[1]) or (
                item[1] and not item[2] and prev[2] and not prev[1]) or (
                # "At least 13 people have been killed ... after a missile hit Ganja": the
                # figures belong to the attack of the next clause
                prev[1] and not prev[3] and not prev[2] and item[3] and item[2]
                and re.match(r"\s*(?:after|when|as)\b", item[0].text, re.I))
            if joinable:
                span = Span(prev[0].start, item[0].end, text[prev[0].start:item[0].end])
                merged[-1] = [span, True, True, prev[3] or item[3]]
                continue
        merged.append(item)
    return [m[0] for m in merged]


def _dateline_party(text: str) -> str | None:
    """The party of a dateline city opening the article ("KYIV, OCTOBER 30, UKRINFORM.")."""
    for paragraph in re.split(r"\n\s*\n", text)[:4]:
        match = re.match(r"\s*((?-i:[A-Z])[\w'’-]+)\s*(?:,|\(|--|—|–)", paragraph)
        if match and (match.group(1).isupper() or re.match(r"\s*\S+\s*,\s*(?:\w+\s+\d|\d)", paragraph)
                      or re.match(r"\s*\S+,\s+(?-i:[A-Z])[\w'’-]+\s*[–—-]", paragraph)):  # "Kyiv, Ukraine –"
            found = party_of(match.group(1))
            return found.party if found and found.party in _PARTY_NAMES else None
    return None


_PARTY_NAMES = frozenset(a.party for a in actors().parties if a.is_party)
#: Monitors of the actor tables, to know the one an article cites ("a monitoring group said").
_MONITOR_RE = [(a.party, re.compile(word_pattern([p for p, _ in a.patterns]))) for a in actors().parties
               if a.kind == "monitor"]


def _region_party(region: "Place | None", located: list[Located]) -> str | None:
    """The party that holds or speaks for the article's conflict region (an actor whose
    ``region`` names it: the de facto authority of an enclave, the group holding a strip), or
    failing a dominant region, for the first such region the article names."""
    def party(place) -> str | None:
        names = {fold(n) for n in (place.name, *getattr(place, "names", ()))}
        return next((a.party for a in actors().parties if a.is_party and any(fold(r) in names for r in a.regions)), None)

    if region is not None:
        return party(region)
    return next((found for loc in located if loc.place.kind in ("region", "district") and (found := party(loc.place))),
                None)


def _ground_party(place: "Place | None", ctx: "_Context", default_country: str | None) -> str | None:
    """The party on whose ground ``place`` is: the party holding the dominant region for the
    region itself and the places the gazetteer puts in it, else the state of its country."""
    region = ctx.region
    if place is not None and region is not None and ctx.region_party:
        names = {fold(n) for n in (region.name, *getattr(region, "names", ()))}
        if place.id == region.id or fold(getattr(place, "admin1", None) or "") in names:
            return ctx.region_party
    return actors().party_of_country(place.country if place is not None else default_country)


def _war_countries(region: "Place | None", located: list[Located]) -> frozenset[str]:
    """Where the article's war is: the country of its dominant region and the country it names
    most places in. A state's toll without a place is placed at the state only if it is one
    of them (not a toll that a mediating state's president quotes)."""
    counts: dict[str, int] = {}
    for loc in located:
        if loc.place.country:
            counts[loc.place.country] = counts.get(loc.place.country, 0) + 1
    top = max(sorted(counts), key=counts.__getitem__, default=None)
    return frozenset(c for c in (top, getattr(region, "country", None)) if c)


def _country_finder(located: list[Located], gazetteer: "Gazetteer"):
    """Place name -> ISO country code: the country of the place the article's mentions of
    that name were resolved to, else of the gazetteer's first place of that name."""
    by_name: dict[str, str | None] = {}
    for loc in located:
        if loc.place.country:
            by_name.setdefault(fold(loc.surface), loc.place.country)

    def country_of(name: str) -> str | None:
        key = fold(name)
        if key not in by_name:
            try:
                places = [p for p in gazetteer.lookup(name) if p.kind != "country"]
            except Exception:  # a gazetteer without lookup: no country
                log.debug("gazetteer.lookup failed for %r", name, exc_info=True)
                places = []
            by_name[key] = places[0].country if places else None
        return by_name[key]

    return country_of


#: Words of fighting that the lexicon does not count as an event of their own.
_COMBAT_WORDS = re.compile(r"\b(?:losses|repelled|repulsed|retreat\w*|advanc\w+|fighting|clashes|offensive)\b", re.I)
_PARTICIPLE_START = re.compile(r"\W*(?:saying|adding|claiming|stating|insisting)\b", re.I)


def _speakers_of(claimed: tuple[Claimant, ...], ctx: "_Context", sentence: Span, anchor: int) -> tuple[Claimant, ...]:
    """Of a sentence's several speakers, the one whose reporting verb comes last before the
    event word ("the rebels said they held the bridge, while the army rejected the claim, adding
    it had beaten back the assault": the assault is the army's); all of them when none precedes it."""
    if len(claimed) < 2 or ctx.tracker is None:
        return claimed
    before = [c for c in ctx.tracker.claims(sentence.text[:anchor - sentence.start], remember=False) if c in claimed]
    return tuple(before[-1:]) or claimed


def _participle_speaker(tracker: ClaimTracker, sentence: Span, clause: Span) -> list[Claimant]:
    """"X rejected the claim, adding it had beaten back the assault": a clause opened by a
    participle is said by the speaker of the verb before it, not by every speaker of the sentence."""
    opening = _PARTICIPLE_START.match(clause.text)
    if not opening:
        return []
    said = tracker.claims(sentence.text[:clause.start - sentence.start + opening.end()], remember=False)
    return said[-1:]


def _about_the_last_incident(sentence: Span, located: Mentions) -> bool:
    """A sentence that reports fighting or figures but names no place of its own: it goes on
    about the incident just reported."""
    if located.within(sentence.start, sentence.end):
        return False
    return bool(find_cues(sentence.text) or _COMBAT_WORDS.search(sentence.text)) or parse_casualties(sentence.text).any


#: A sentence that lists what the sentence before reported: "The liberated villages are A, B, C",
#: "These settlements include ...", "The names of the liberated villages are ...".
_LIST_OF_THE_NEWS = re.compile(
    r"\s*(?:the|these|those)\s+(?:names\s+of\s+(?:the\s+)?)?(?:\w+\s+){0,2}(?:villages|settlements|towns|cities|areas|positions|heights|"
    r"districts|regions|localities)\s+(?:are|were|include|included|in\s+question\s+are)\b", re.I)
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


def _quoted_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs that go on with a quotation a paragraph before opened and
    did not close (a statement over several paragraphs, each one's opening mark often dropped)."""
    out, open_quote = [], False
    for paragraph in _PARAGRAPH.finditer(text):
        body = paragraph.group().strip()
        if open_quote:
            out.append((paragraph.start(), paragraph.end()))
        opens = body[:1] in "“\"" or open_quote
        open_quote = opens and not any(mark in body[1:] for mark in "”\"")
    return out


@dataclass
class _OpenQuote:
    """A quotation over several sentences whose speaker is named at its end ("“The rebels attacked
    our positions. The fighting goes on,” said General X."): its first sentences take the last
    speaker, as any quotation does, until the sentence that closes it names another, which then
    replaces that guess. A quotation that runs past :data:`QUOTE_SENTENCES` keeps the guess."""

    waiting: list[tuple[int, tuple[Claimant, ...]]] = field(default_factory=list)  # (incident, guessed claims)
    sentences: int = 0  # how many sentences the open quotation has run

    def open(self, sentence: str) -> bool:
        """Whether ``sentence`` opens or goes on with a quotation it does not close."""
        stripped = sentence.strip()
        closes = any(mark in stripped[1:] for mark in "”\"")
        return not closes and (self.sentences > 0 or stripped[:1] in "“\"")

    def read(self, claims: list[Claimant], produced: list[int], incidents: list[Incident], *, deferred: bool) -> None:
        """After a sentence: ``deferred`` when its claims were only the guess of an open quotation."""
        if deferred:
            self.waiting += [(i, incidents[i].claimed_by) for i in produced]
            self.sentences += 1
            if self.sentences < QUOTE_SENTENCES:
                return
        elif self.sentences and claims:
            named = tuple(sorted(set(claims)))
            for i, guessed in self.waiting:
                if incidents[i].claimed_by == guessed:
                    incidents[i] = replace(incidents[i], claimed_by=named)
        self.waiting, self.sentences = [], 0


#: The most sentences an open quotation waits for its speaker.
QUOTE_SENTENCES = 6


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _continues_quote(sentence: str) -> bool:
    """A sentence inside a quotation continues the previous speaker."""
    stripped = sentence.strip()
    return stripped[:1] in "“\"‘" or (stripped.endswith(("”", '"')) and stripped.count("“") < stripped.count("”"))


@dataclass
class _Context:
    """What a clause needs from the rest of the article."""

    article: Article
    gazetteer: Gazetteer
    located: list[Located]
    region: Place | None  # the conflict region the article is about, for "the enclave"
    online: Lookup | None  # the online geocoder, when the build asked for it
    online_cache: dict[str, Place | None]
    warnings: list[str]
    recent_towns: list[Place]
    recent_targets: list[str] = field(default_factory=list)  # place ids of the last incidents
    online_found: dict[tuple[int, int], Located] = field(default_factory=dict)  # resolved online
    window_start: int = 0  # where the sentences that "the town" can refer to begin
    home: str | None = None  # the party of the dateline city
    region_party: str | None = None  # the party that holds or speaks for ``region``
    countries: frozenset[str] = frozenset()  # where the article's war is (:func:`_war_countries`)
    tracker: ClaimTracker | None = None  # the article's speakers so far
    air: bool = False  # the article's plain "strikes" come from the air (lexicon.strike_mode)
    anchors: tuple = ()  # undated article: the dates it writes in full, which fix its month-days' year


#: A verb that judges an event already reported: "called the strike a massacre", "condemned the attack".
_JUDGED = re.compile(r"\b(?:called|calls|condemned|condemns|denounced|denounces|decried|described|branded|"
                     r"labell?ed)\s+(?:(?:the|this|that|these|those|(?-i:[A-Z])\w+(?:'s|’s))\s+)?(?:[\w-]+\s+)?$", re.I)
_IN_BEFORE = re.compile(r"\b(?:in|inside|across|within|throughout)\s+(?:the\s+)?$", re.I)


def _clause_incidents(ctx: _Context, sentence: Span, clause: Span, claims: list[Claimant],
                      attach_casualties) -> list[Incident]:
    article, text, region = ctx.article, ctx.article.text, ctx.region
    cues = classify(clause.text, sentence.text, air=ctx.air)
    casualties = parse_casualties(clause.text)
    if not cues and not casualties.positive:
        if casualties.any:
            attach_casualties(casualties, None, claims)  # "There were no casualties": of the last attack
        return []
    mentions = ctx.located.within(clause.start, clause.end)
    if ctx.online is not None:
        found = _online_places(clause, text, ctx.located, ctx.online, ctx.online_cache, ctx.warnings, article)
        ctx.online_found.update({(loc.start, loc.end): loc for loc in found})
        mentions = sorted(mentions + found, key=lambda loc: loc.start)
    cues, toll, windowed, origin, hits, by_cue = _clause_plan(ctx, sentence, clause, mentions, cues, casualties)
    out: list[Incident] = []
    evidence = (Evidence(article.name, sentence.text, sentence.start, sentence.end),)
    claimed = tuple(sorted(set(claims)))

    def make(event_type: str, place: Any, precision: int | None, anchor: int, figures: Casualties | None,
             denied: tuple[str, ...] = (), own_cue: bool = True, actor: str | None = None) -> None:
        day, day_end, date_precision, historical = _date_of(sentence, anchor - sentence.start, article.published,
                                                            own_cue=own_cue, anchors=ctx.anchors)
        if historical:
            return
        background, day, day_end, date_precision = background_of(clause.text, anchor - clause.start, day, day_end,
                                                                 date_precision, article.published)
        if event_type == "casualty_report" and day_end is not None and article.published is not None \
                and day_end < article.published and _TOLL_SO_FAR.search(clause.text):
            # "erupted on September 27 and has killed 200": a count from that day to publication
            day_end, date_precision = article.published, "range"
        out.append(Incident(
            event_type=event_type, **_place_incident(place, precision), date=day, date_end=day_end,
            date_precision=date_precision, evidence=evidence,
            # a denier is not also a claimant ("The ministry denied shelling Tartar, it said")
            claimed_by=_speakers_of(tuple(c for c in claimed if c.party not in denied), ctx, sentence, anchor),
            denied_by=tuple(Claimant(p) for p in denied),
            origin=origin.place.name if origin and event_type in ("shelling", "air_strike", "aircraft_downed") else None,
            casualties=figures or Casualties(), background=background, actor=actor,
        ))

    seen: set[tuple[str, str]] = set()
    figures = casualties if casualties.any and not toll else None
    for index, cue in enumerate(cues):
        if toll and windowed and _CAUSE_OF_TOLL.match(clause.text[cue.end:]):
            continue  # "Russia's shelling has killed 63 civilians since ...": the toll, not one attack
        anchor = clause.start + cue.start
        denied = ()
        if is_denied(clause.text, cue):
            denied = _deniers_of(ctx, clause, cue, claims)
            if not denied:
                continue  # called false by nobody we can name: neither an event nor a denial
        if cue.event_type == "diplomacy":
            if re.match(r"(?:visit|met|meet|host)", cue.text, re.I) and not _DIPLOMAT.search(clause.text):
                continue  # "journalists visiting Shusha", "met residents": not diplomacy
            for loc in _venues(clause, mentions, text):
                if ("diplomacy", loc.place.id) not in seen:
                    seen.add(("diplomacy", loc.place.id))
                    make("diplomacy", loc.place, None, anchor, None)
            continue
        if _JUDGED.search(clause.text[:cue.start]) and not any(t.start > anchor for t in by_cue[index]):
            continue  # "Aoun, in New York for the UN assembly, called the strike a massacre": said of it, not where
        places = [(t.place, t.precision)
                  for t in by_cue[index]]
        if not places and not hits:
            place = _unnamed_place(ctx, sentence, clause, mentions, claims)
            places = [(place, None)] if place is not None else []
            if not places and figures is not None and figures.positive and _THE_ATTACK.search(clause.text[:cue.start]):
                # "The shelling has resulted in five deaths": at the one place just reported (the join
                # then merges it with that place's incident of the same kind)
                recent = {p.id: p for p in (loc.place for loc in ctx.located.within(ctx.window_start, sentence.start))
                          if p.id in ctx.recent_targets}
                places = [(next(iter(recent.values())), None)] if len(set(ctx.recent_targets)) == 1 and recent else []
        for place, precision in places:
            key = (cue.event_type, place.id)
            if key in seen:
                continue
            seen.add(key)
            speaker = next((c.party for c in claimed if c.party not in denied), None)
            make(cue.event_type, place, precision, anchor, figures, denied,
                 actor=actor_of(clause.text, cue.start, cue.end, speaker))
    if toll:
        # a country outside the article's war, not named as where ("killed in Israel"), counts
        # no toll ("researchers at US universities estimate the toll at 90,000")
        places = [(t.place, t.precision) for t in hits
                  if not (t.place.kind == "country" and ctx.countries and t.place.country not in ctx.countries
                          and not _IN_BEFORE.search(text[max(0, t.start - 12):t.start]))]
        additive = bool(_ADDITIVE.search(clause.text))
        if not places and not windowed and not out and attach_casualties(casualties, None, claims, additive=additive):
            return out  # "According to him, one civilian was killed": figures of the last incident
        if not places:
            place = _fallback_place(ctx.gazetteer, clause.text, region, claims, toll=True,
                                    region_party=ctx.region_party, countries=ctx.countries,
                                    cumulative=windowed or bool(_TOLL_SO_FAR.search(clause.text)) or not ctx.recent_targets)
            if place is None:
                named = [loc.place for loc in mentions if loc.place.kind == "region"]
                place = named[0] if named else None
            places = [(place, None)] if place is not None else []
        elif not windowed and not out and attach_casualties(casualties, {p.id for p, _ in places}, claims,
                                                            additive=additive):
            return out  # "one civilian was wounded in Terter" after "Terter was shelled"
        number = _FIGURE_OR_TOLL_WORD.search(clause.text)
        anchor = clause.start + (number.start() if number else 0)
        for place, precision in places[:1]:
            make("casualty_report", place, precision, anchor, casualties, own_cue=False)
    return out


def _clause_plan(ctx: _Context, sentence: Span, clause: Span, mentions: list[Located], cues: list[Cue],
                 casualties: Casualties) -> tuple[list[Cue], bool, bool, Target | None, list[Target], dict]:
    """What a clause reports: its cues (a toll keeps few), whether it is a toll and counted over a
    window, the attack's origin, the places hit, and which of them each cue takes."""
    text, region = ctx.article.text, ctx.region
    types = {c.event_type for c in cues}
    # A toll with only generic fighting words around it, or counted over a window
    # ("since Sunday", "so far", "in total"), is a casualty report, not one attack's toll.
    windowed = bool(_TOLL_WINDOW.search(clause.text)) or _so_far(clause.text, ctx.article.published)
    attack = bool(types & {"shelling", "air_strike", "aircraft_downed", "territory_change"}) or (
        "armed_clash" in types and any(not c.generic and not _ATTACK.match(c.text)
                                       for c in cues if c.event_type == "armed_clash"))
    if casualties.positive and not attack and not windowed and "armed_clash" in types:
        # "clashes near Tovuz killed 16": fighting at a named town, with its dead, is a clash
        attack = any(t.place.kind in ("city", "town", "village")
                     for t in place_roles(clause, mentions, text, types) if t.role in ("target", "near"))
    toll = casualties.positive and (windowed or not attack)  # "no casualties" is no toll
    if toll:
        cues = [c for c in cues if c.event_type != "armed_clash" or not c.generic] if windowed else \
            [c for c in cues if c.event_type == "diplomacy"]
        types = {c.event_type for c in cues}
    targets = place_roles(clause, mentions, text, types | ({"casualty_report"} if toll else set()))
    if region is not None:
        for anaphora in _region_anaphora(clause.text):
            before = clause.text[:anaphora.start()]
            if TARGET_BEFORE.search(before) or _LOCATING_PREPOSITION_BEFORE.search(before):
                targets.append(Target(region, "target", clause.start + anaphora.start(), anaphora.group(0), -1))
    # "from the territory of Russia's Belgorod district": the finest origin named
    origin = min((t for t in targets if t.role == "origin"),
                 key=lambda t: (PRECISION_BY_KIND.get(t.place.kind, 1), t.start), default=None)
    hits = drop_containers([t for t in targets if t.role in ("target", "near")], text)
    # Places go to the nearest event word, including words filtered out as generic or
    # hypothetical ("since fighting over Donbas erupted" keeps the region).
    kept = {(c.start, c.end) for c in cues}
    # Words absorbed by a specific cue right before them ("shelling attack") take no places.
    raw = [r for r in find_cues(clause.text, sentence.text) if (r.start, r.end) in kept or not any(
        0 <= r.start - c.end <= 20 and c.event_type != "armed_clash" for c in cues)]
    by_raw = assign_to_cues(raw, hits, clause)
    index_of = {(r.start, r.end): j for j, r in enumerate(raw)}
    by_cue = {i: by_raw.get(index_of.get((c.start, c.end), -1), []) for i, c in enumerate(cues)}
    _give_attack_places(clause.text, cues, raw, by_raw, by_cue)
    return cues, toll, windowed, origin, hits, by_cue


def _give_attack_places(clause: str, cues: list[Cue], raw: list[Cue], by_raw: dict, by_cue: dict) -> None:
    """"Forces using cluster bombs launched attacks at Barda": the places of an "attack" the
    clause's specific cue stands for (classify dropped it as the same attack, and no comma parts
    them) go to that cue."""
    specific = [i for i, c in enumerate(cues) if c.event_type in ("shelling", "air_strike")]
    kept = {(c.start, c.end) for c in cues}
    for j, word in enumerate(raw):
        if (word.start, word.end) in kept or word.event_type != "armed_clash" or not _ATTACK.match(word.text):
            continue
        nearest = min(specific, key=lambda i: abs(cues[i].start - word.start), default=None)
        between = clause[min(word.end, cues[nearest].end):max(word.start, cues[nearest].start)] if nearest is not None else ""
        if nearest is not None and not _CLAUSE_PUNCTUATION.search(between):
            by_cue[nearest] = by_cue[nearest] + [t for t in by_raw.get(j, []) if t not in by_cue[nearest]]


#: "Russian shelling has killed more than 200 people": a count so far; "a missile strike has killed
#: five", "forces have killed three during a raid" are one attack's.
_HAS_KILLED = re.compile(r"\b(?:has|have)\s+(?:now\s+|so\s+far\s+|already\s+)?(?:killed|left\s+\S+\s+dead)\b", re.I)
_ONE_ATTACK = re.compile(
    r"\b(?:a|an|one|this|that|the|(?-i:[A-Z])\w+(?:'s|’s))\s+(?:[\w-]+\s+){0,3}?"
    r"(?:strike|attack|missile|shell|rocket|drone|bomb(?:ing)?|explosion|blast|raid|assault|ambush)\b", re.I)


def _so_far(clause: str, published) -> bool:
    """A present-perfect toll with no one attack for subject and no day of its own: a count so far."""
    perfect = _HAS_KILLED.search(clause)
    if not perfect or _ONE_ATTACK.search(clause):  # "forces have killed three during a raid": that raid's
        return False
    return not any(s.precision == "day" and not s.historical for s in resolve_dates(clause, published))


def _unnamed_place(ctx: _Context, sentence: Span, clause: Span, mentions: list[Located],
                   claims: list[Claimant]) -> Place | None:
    """Where an event happened when its clause names no place (rule 5 of docs/extraction.md)."""
    place = None
    anaphora = _TOWN_ANAPHORA.search(clause.text)
    if anaphora and ctx.recent_towns:
        # "the town had been hit": the town just reported as a target, else the town named
        # just before (in this sentence, before the words).
        before = [loc.place for loc in ctx.located.within(ctx.window_start, clause.start + anaphora.start())
                  if loc.place in ctx.recent_towns]
        targeted = [p for p in before if p.id in ctx.recent_targets]
        place = (targeted or before or [None])[-1]
    if place is None:
        place = _fallback_place(ctx.gazetteer, clause.text, ctx.region, claims, toll=False,
                                region_party=ctx.region_party, countries=ctx.countries)
    if place is None:
        # A region named in the clause, even as a speaker ("officials in Donetsk region
        # say ... an attack"), or the conflict zone referred to elsewhere in the sentence.
        named = [loc.place for loc in mentions if loc.place.kind == "region"]
        if named:
            place = named[0]
        elif ctx.region is not None and _region_anaphora(sentence.text):
            place = ctx.region
    return place


def _deniers_of(ctx: _Context, clause: Span, cue: Cue, claims: list[Claimant]) -> tuple[str, ...]:
    """The parties that deny the event of ``cue`` (empty when nobody can be named)."""
    deniers = {d.party for d in find_denials(clause.text, region=ctx.region_party)}
    if not deniers:
        # "... is a lie": the article's own voice (a government release of its side);
        # "the ministry denied ...": the last speaker.
        # The side whose report is called a lie does not deny it: the last speaker of
        # another side ("The information spread by the Russian side ... is a lie"
        # after "the Ministry of Defence of Ukraine reported").
        sources = {c.party for c in claims} if LIE.search(clause.text[cue.end:]) else set()
        spoken = [a.party for _, a in ctx.tracker.spoken] if ctx.tracker else []
        last = next((p for p in reversed(spoken) if p not in sources), None)
        order = (ctx.home, last) if LIE.search(clause.text[cue.end:]) else (last, ctx.home)
        deniers = {next((p for p in order if p and p not in sources), None)} - {None}
    return tuple(sorted(deniers))


def _venues(clause: Span, mentions: list[Located], text: str) -> list[Located]:
    """The towns a meeting or visit takes place in ("talks in Geneva", "visited A and B")."""
    cities = [loc for loc in mentions if not loc.metonym and loc.place.kind in ("city", "town", "village")]
    venues: list[Located] = []
    for loc in cities:
        if not venues and _VENUE_BEFORE.search(text[max(clause.start, loc.start - 20):loc.start]):
            venues.append(loc)
        elif venues and venues[-1] is not loc and LIST_GAP.match(text[venues[-1].end:loc.start]):
            venues.append(loc)  # "visited A and B": the rest of the list
    return venues


def _fallback_place(gazetteer: "Gazetteer", clause: str, region: Any, claims: list[Claimant], *, toll: bool,
                    region_party: str | None = None, countries: frozenset[str] = frozenset(),
                    cumulative: bool = True) -> Any | None:
    """A coarser place for a clause that names none (rule 5 of the module docstring).

    ``region_party`` holds the dominant ``region``; ``countries`` are where the article's war
    is (a state's toll is placed at the state only when it is one of them, and only when
    ``cumulative``: a count over a window, or figures with no incident reported just before,
    which they would more likely belong to).
    """
    demonym = _DEMONYM_PLACE.search(clause)
    if demonym and not _OUT_OF_BEFORE.search(clause[:demonym.start()]):  # "fired from Yemeni territory": the origin
        country = _country_place(gazetteer, _DEMONYMS[demonym.group(1)])
        if country is not None:
            return country
    if region is not None and _region_anaphora(clause):
        return region
    if toll or _THEIR_SIDE.search(clause):
        party = claims[0].party if claims else None
        if _THEIR_SIDE.search(clause) and party:
            return _party_place(gazetteer, party) or (region if toll else None)
        if not toll or party is None:
            return None
        actor = actors().actor(party)
        if actor is None or not actor.is_party:
            return None
        holder = actors().actor(region_party) if region_party else None
        if region is not None and holder is not None and party in (holder.party, holder.backer):
            # the toll of the side holding the region, or of the state backing it, is the region's
            return region
        if actor.kind in ("state", "state forces"):
            return _party_place(gazetteer, party) if cumulative and actor.countries[0] in countries else None
        if actor.kind in ("monitor", "international", "rights group"):
            return None  # a monitor's count is of the war, not of where the monitor sits
        return _party_place(gazetteer, party)
    return None


def _country_place(gazetteer: "Gazetteer", iso: str) -> Any | None:
    """The gazetteer's country of an ISO code, looked up by the names of countries.tsv."""
    actor = actors().by_iso.get(iso)
    if actor is None:
        return None
    for pattern, _ in actor.patterns[:3]:
        name = pattern.replace("\\", "")
        if re.search(r"[()\[\]?*+|]", name):
            continue
        place = country_named(gazetteer, name)
        if place is not None and place.kind == "country" and place.country == iso:
            return place
    return None


def _party_place(gazetteer: "Gazetteer", party: str) -> Any | None:
    """Where a party's own toll is: a state's country; the area a non-state party holds (an
    armed group's count is not placed in a whole country it fights in)."""
    actor = actors().actor(party)
    if actor is None:
        return None
    if actor.kind == "state":
        return _country_place(gazetteer, actor.countries[0])
    for name in actor.regions:
        try:
            places = gazetteer.lookup(name)
        except Exception:  # a gazetteer without lookup support
            log.debug("gazetteer.lookup failed for %r", name, exc_info=True)
            places = []
        places = [p for p in places if not actor.countries or p.country in actor.countries]
        if places:
            return places[0]
    if actor.kind == "state forces" and len(actor.countries) == 1:
        return _country_place(gazetteer, actor.countries[0])
    return None
