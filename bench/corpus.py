"""Deterministic synthetic news corpus for benchmarks.

Writes N articles of about 3-5 KB each, built from templates over real place names of
Armenia and Azerbaijan, with a ``" date YYYY-MM-DD"`` first line (publication dates
27 Sep - 10 Nov 2020), numbers in digits and words, claim phrases from both sides,
denials, every incident type of the lexicon (shelling, air strikes, clashes, captures,
downed drones, casualty tolls, talks) and background paragraphs that mention places
without any incident (metonyms, the Minsk Group, the 1990s war).

The text is realistic enough to exercise every stage of the extractor at a realistic
cost; it is not a gold standard (nothing here is scored).

Article ``i`` depends only on ``(seed, i)`` and the place list, so the first 1,000
articles of a 10,000-article corpus are the 1,000-article corpus, and generating N+1
articles adds exactly one new file (what the incremental rebuild benchmark needs).

Usage::

    python bench/corpus.py 1000 /tmp/corpus-1k [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import logging
import random
import sys
from datetime import date, timedelta
from pathlib import Path

logger = logging.getLogger("bench.corpus")

#: Where the raw GeoNames extract lives in the development checkout (fallback only).
SHARED_GEONAMES = Path(__file__).resolve().parents[2] / "shared" / "data" / "geonames"
GEONAMES_FILE = "geonames_cities500_AM_AZ_GE_IR_TR_plus_PPLC.tsv.gz"

#: Names the press used throughout the 2020 war, in their common English spellings.
#: They are real places; the gazetteer decides whether it knows each spelling.
PRESS_NAMES = (
    "Stepanakert", "Shusha", "Martuni", "Martakert", "Hadrut", "Askeran", "Fizuli",
    "Jabrayil", "Jebrail", "Zangilan", "Qubadli", "Lachin", "Kalbajar", "Aghdam",
    "Tartar", "Terter", "Barda", "Ganja", "Goranboy", "Mingachevir", "Beylagan",
    "Horadiz", "Aghjabadi", "Naftalan", "Dashkesan", "Gadabay", "Tovuz", "Yevlakh",
    "Vardenis", "Goris", "Kapan", "Sisian", "Berd", "Ijevan", "Jermuk", "Meghri",
    "Baku", "Yerevan", "Sumgait", "Shamkir", "Agdere", "Khojavend", "Khojaly",
)

COUNTRIES = ("Armenia", "Azerbaijan")
VENUES = ("Moscow", "Geneva", "Washington", "Paris", "Minsk", "Tbilisi", "Ankara")

START = date(2020, 9, 27)
END = date(2020, 11, 10)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTHS_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
               "Oct.", "Nov.", "Dec.")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten", "eleven", "twelve")

AZ_CLAIMANTS = (
    "the Azerbaijani defence ministry said",
    "Azerbaijan's Defense Ministry said",
    "the Azeri defense ministry said in a statement",
    "Hikmet Hajiyev, an aide to President Ilham Aliyev, said",
    "Azerbaijan's prosecutor general's office said",
    "officials in Baku said",
)
AM_CLAIMANTS = (
    "Armenia's defence ministry reported",
    "the Armenian Defense Ministry said",
    "Armenian Defence Ministry spokeswoman Shushan Stepanyan wrote on Facebook",
    "the Nagorno-Karabakh defence army said",
    "the ethnic Armenian authorities of Nagorno-Karabakh said",
    "Artsrun Hovhannisyan, a ministry spokesman in Yerevan, said",
)
AZ_DENIALS = (
    "Baku denied the report.",
    "Azerbaijan's defence ministry denied the claim, calling it disinformation.",
    "Azerbaijan rejected the accusation.",
)
AM_DENIALS = (
    "Yerevan denied the claim.",
    "Armenia's defence ministry denied that its forces had opened fire.",
    "The Armenian side dismissed the report as \"absolutely false\".",
)

BACKGROUND = (
    "Nagorno-Karabakh is a breakaway region inside Azerbaijan that is run by ethnic "
    "Armenians and backed by Armenia. It broke away from Azerbaijan in a war during the "
    "1990s that killed about 30,000 people, and no country, including Armenia, recognises "
    "its independence.",
    "The OSCE Minsk Group, co-chaired by France, Russia and the United States, has "
    "mediated between the two sides since the 1994 ceasefire without a lasting "
    "settlement. Its co-chairs again called for restraint.",
    "Turkey has pledged its full support for Azerbaijan, while Russia has a defence pact "
    "with Armenia and a military base in Gyumri. Moscow has said the pact does not extend "
    "to the fighting inside Nagorno-Karabakh.",
    "The latest flare-up is the worst since April 2016, when dozens of soldiers were killed "
    "in four days of fighting along the line of contact before a Russian-brokered truce.",
    "Pipelines that carry Azerbaijani oil and gas to Turkey and Europe pass close to the "
    "conflict zone, which has raised concern in European capitals about energy supplies.",
    "Independent verification of either side's claims is difficult because journalists' "
    "access to the front line is restricted by both governments.",
    "Armenia and Azerbaijan were both part of the Soviet Union until its collapse in 1991. "
    "The dispute over the mountainous region has outlived several rounds of talks.",
    "Thousands of residents have left their homes and sheltered in basements, aid groups "
    "said, and the International Committee of the Red Cross has appealed for access to "
    "the wounded on both sides.",
    "Ankara backs Baku politically and, according to several reports, with military "
    "advisers and drones, a charge Turkey denies. Paris and Washington urged all parties "
    "to return to the negotiating table.",
    "Markets reacted nervously to the fighting, and the Armenian dram weakened against the "
    "dollar for a third week as the government in Yerevan imposed martial law.",
)
CLOSINGS = (
    "Reporting by the Baku and Yerevan bureaus; editing by the world desk.",
    "This article has been updated with the latest casualty figures.",
    "Additional reporting by agencies in Moscow and Ankara.",
    "Read more: the history of the conflict over Nagorno-Karabakh.",
)


def load_places(*, use_gazetteer: bool = True) -> list[str]:
    """Return the sorted place names the corpus is built from.

    The press spellings of :data:`PRESS_NAMES` plus the settlements of Armenia and
    Azerbaijan with at least 2,000 inhabitants, taken from the shipped gazetteer (each name
    kept only if ``Gazetteer.default().lookup(name)`` knows it, so every generated place is
    one the tool can find). Without a usable gazetteer (or with ``use_gazetteer=False``) the
    settlements come from the GeoNames extract in ``../shared/data/geonames``. The corpus is
    therefore deterministic for a seed and a gazetteer version.
    """
    gazetteer = _default_gazetteer() if use_gazetteer else None
    names = set(PRESS_NAMES)
    if gazetteer is not None and hasattr(gazetteer, "place_at"):
        names.update(_gazetteer_names(gazetteer))
    else:
        names.update(_geonames_names())
    if gazetteer is not None:
        known = {name for name in names if gazetteer.lookup(name)}
        logger.info("gazetteer knows %d of %d candidate names", len(known), len(names))
        names = known
    if not names:
        raise SystemExit("no place names: neither the gazetteer nor the GeoNames extract is available")
    return sorted(names)


def _plain(name: str) -> bool:
    # Apostrophes mark transliterated ejectives (T'alin) that the press drops.
    return name.isascii() and "'" not in name


def _gazetteer_names(gazetteer, min_population: int = 2000) -> set[str]:
    names = set()
    for row in range(len(gazetteer)):
        place = gazetteer.place_at(row)
        if place.country in ("AM", "AZ") and place.kind in ("city", "town", "village") \
                and place.population >= min_population and _plain(place.name):
            names.add(place.name)
    return names


def _default_gazetteer():
    try:
        from gazetteer import Gazetteer
    except ImportError:
        return None
    try:
        return Gazetteer.default()
    except Exception as err:  # the shipped data may not be built yet in a fresh checkout
        logger.warning("gazetteer not usable (%s); using GeoNames names", err)
        return None


def _geonames_names(min_population: int = 2000) -> set[str]:
    path = SHARED_GEONAMES / GEONAMES_FILE
    if not path.exists():
        return set()
    names = set()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            country, population, ascii_name = row[8], int(row[14] or 0), row[2]
            if country in ("AM", "AZ") and population >= min_population and _plain(ascii_name):
                names.add(ascii_name)
    return names


class ArticleWriter:
    """Builds one article from a seeded random generator and the place list."""

    def __init__(self, rng: random.Random, places: list[str]):
        self.rng = rng
        self.places = places
        # Most reports come from the front line; the rest of both countries appears less often.
        self.front = [name for name in places if name in PRESS_NAMES] or places
        days = (END - START).days
        self.published = START + timedelta(days=rng.randrange(days + 1))

    # --- small pieces -------------------------------------------------------------------

    def place(self) -> str:
        return self.rng.choice(self.front if self.rng.random() < 0.6 else self.places)

    def count(self, low: int = 1, high: int = 40) -> str:
        n = self.rng.randint(low, high)
        style = self.rng.random()
        if n < len(NUMBER_WORDS) and style < 0.5:
            return NUMBER_WORDS[n]
        if style > 0.9:
            return f"more than {n}"
        return str(n)

    def when(self) -> str:
        back = self.rng.randint(0, 4)
        day = self.published - timedelta(days=back)
        style = self.rng.randrange(7)
        if style == 0:
            return "overnight"
        if style == 1 and back == 1:
            return "yesterday"
        if style == 2:
            return f"on {WEEKDAYS[day.weekday()]}"
        if style == 3:
            return f"early on {MONTHS[day.month - 1]} {day.day}"
        if style == 4:
            return f"on {MONTHS_ABBR[day.month - 1]} {day.day}"
        if style == 5:
            return f"on {day.day} {MONTHS[day.month - 1]}"
        return f"on {WEEKDAYS[day.weekday()]} morning"

    def claim(self) -> tuple[str, str]:
        """A claimant phrase and the denial the other side may issue."""
        if self.rng.random() < 0.5:
            return self.rng.choice(AZ_CLAIMANTS), self.rng.choice(AM_DENIALS)
        return self.rng.choice(AM_CLAIMANTS), self.rng.choice(AZ_DENIALS)

    def maybe_denial(self, denial: str) -> str:
        return f" {denial}" if self.rng.random() < 0.3 else ""

    # --- event sentences, one builder per incident type ----------------------------------

    def shelling(self) -> str:
        claimant, denial = self.claim()
        target, origin = self.place(), self.place()
        forms = (
            f"{claimant[0].upper()}{claimant[1:]} that enemy forces were shelling the town of {target} {self.when()}.",
            f"{target} came under heavy artillery fire {self.when()}, {claimant}, adding that "
            f"{self.count(1, 12)} civilians were killed and {self.count(2, 30)} wounded.",
            f"Rockets hit residential areas of {target} {self.when()}, {claimant}.",
            f"From positions near {origin}, the army shelled villages in the {target} region "
            f"{self.when()}, {claimant}.",
            f"Missile strikes on {target} destroyed several houses and a school, {claimant}.",
        )
        return self.rng.choice(forms) + self.maybe_denial(denial)

    def air_strike(self) -> str:
        claimant, denial = self.claim()
        target = self.place()
        forms = (
            f"A drone strike hit a military convoy near {target} {self.when()}, {claimant}.",
            f"Air strikes on {target} {self.when()} killed {self.count(2, 15)} soldiers, {claimant}.",
            f"Combat aircraft bombed positions outside {target}, {claimant}.",
        )
        return self.rng.choice(forms) + self.maybe_denial(denial)

    def armed_clash(self) -> str:
        claimant, denial = self.claim()
        target = self.place()
        forms = (
            f"Heavy fighting continued around {target} {self.when()}, {claimant}.",
            f"{claimant[0].upper()}{claimant[1:]} its forces repelled an attack near {target}, "
            f"inflicting heavy losses on the enemy.",
            f"Fierce clashes broke out on the outskirts of {target} {self.when()}, {claimant}, "
            f"with {self.count(3, 40)} dead and wounded on the other side.",
        )
        return self.rng.choice(forms) + self.maybe_denial(denial)

    def territory_change(self) -> str:
        target = self.place()
        forms = (
            f"President Ilham Aliyev said {self.when()} that Azerbaijani forces had taken control "
            f"of {target} and {self.count(2, 12)} nearby villages.",
            f"Azerbaijani troops captured {target}, the defence ministry in Baku said. "
            f"Armenian officials denied that {target} had fallen.",
            f"The ethnic Armenian forces said they had retaken positions around {target} "
            f"{self.when()}.",
        )
        return self.rng.choice(forms)

    def aircraft_downed(self) -> str:
        claimant, denial = self.claim()
        target = self.place()
        forms = (
            f"Air defences shot down {self.count(2, 9)} drones over {target} {self.when()}, {claimant}.",
            f"A military helicopter was downed near {target}, {claimant}.",
            f"{claimant[0].upper()}{claimant[1:]} that a Su-25 warplane was shot down over {target}.",
        )
        return self.rng.choice(forms) + self.maybe_denial(denial)

    def casualty_report(self) -> str:
        country = self.rng.choice(COUNTRIES)
        toll = self.rng.randint(40, 1200)
        forms = (
            f"Nagorno-Karabakh's defence ministry said {self.count(5, 60)} more servicemen had been "
            f"killed, bringing its military death toll to {toll} since September 27.",
            f"{self.count(10, 90)} civilians have been killed and {self.count(50, 400)} wounded in "
            f"{country} since the fighting began, officials said.",
            f"The death toll has risen to at least {toll}, according to figures released by "
            f"both sides {self.when()}.",
        )
        return self.rng.choice(forms)

    def diplomacy(self) -> str:
        venue = self.rng.choice(VENUES)
        day = self.published + timedelta(days=self.rng.randint(-3, 6))
        forms = (
            f"The foreign ministers of Armenia and Azerbaijan will meet in {venue} on "
            f"{MONTHS[day.month - 1]} {day.day} for talks on a ceasefire.",
            f"Talks in {venue} between the two foreign ministers ended late on "
            f"{WEEKDAYS[day.weekday()]} without a breakthrough, diplomats said.",
            f"A humanitarian ceasefire agreed in {venue} collapsed within hours, each side "
            f"blaming the other.",
        )
        return self.rng.choice(forms)

    def event(self) -> str:
        builder = self.rng.choice((
            self.shelling, self.shelling, self.air_strike, self.armed_clash, self.armed_clash,
            self.territory_change, self.aircraft_downed, self.casualty_report, self.diplomacy,
        ))
        return builder()

    # --- the article ------------------------------------------------------------------

    def lead(self) -> str:
        place = self.place()
        forms = (
            f"Fighting between Armenian and Azerbaijani forces over Nagorno-Karabakh spread to "
            f"{place} {self.when()}, as both sides reported new casualties.",
            f"Azerbaijan and Armenia accused each other of attacking civilian areas around "
            f"{place}, as international calls for a ceasefire went unheeded.",
            f"The conflict over Nagorno-Karabakh entered a new week with fighting reported "
            f"near {place} and shelling of towns far from the front line.",
        )
        return self.rng.choice(forms)

    def text(self) -> str:
        target = self.rng.randint(3000, 5000)
        paragraphs = [f" date {self.published.isoformat()} {self.lead()}"]
        size = len(paragraphs[0])
        backgrounds = list(BACKGROUND)
        self.rng.shuffle(backgrounds)
        while size < target:
            if backgrounds and self.rng.random() < 0.3:
                paragraph = backgrounds.pop()
            else:
                paragraph = " ".join(self.event() for _ in range(self.rng.randint(1, 3)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        paragraphs.append(self.rng.choice(CLOSINGS))
        return "\n\n".join(paragraphs) + "\n"


def article_name(index: int) -> str:
    """File name of article ``index`` (sorted names follow generation order)."""
    return f"synthetic_{index:06d}.txt"


def article_text(index: int, *, seed: int, places: list[str]) -> str:
    """Text of article ``index``; depends only on ``(seed, index, places)``."""
    # A string seed is hashed with SHA-512 by random.Random, stable across runs and versions.
    return ArticleWriter(random.Random(f"{seed}:{index}"), places).text()


def write_corpus(n: int, outdir: Path, *, seed: int = 0, places: list[str] | None = None,
                 start: int = 0) -> list[Path]:
    """Write articles ``start`` .. ``n - 1`` into ``outdir``; return their paths."""
    places = places if places is not None else load_places()
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, n):
        path = outdir / article_name(index)
        path.write_text(article_text(index, seed=seed, places=places), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path, help="folder to write the articles into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--start", type=int, default=0,
                        help="first article index (to extend an existing corpus)")
    parser.add_argument("--no-gazetteer", action="store_true",
                        help="take place names from the GeoNames extract, not the gazetteer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    places = load_places(use_gazetteer=not args.no_gazetteer)
    paths = write_corpus(args.n, args.outdir, seed=args.seed, places=places, start=args.start)
    total = sum(p.stat().st_size for p in paths)
    logger.info("wrote %d articles (%.1f MB, %d place names) to %s", len(paths), total / 1e6,
                len(places), args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
