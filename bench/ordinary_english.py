"""Long ordinary English with no war in it, made up here, for counting junk place matches.

Every place the gazetteer finds in this text is junk: it names no places on purpose. The
sentences are written for this file (everyday matters: weather, cooking, school, sport,
gardening, offices); :func:`ordinary_english` strings them together with their slots
filled from small word lists, capitalises sentence starts as English does, and puts a
Title Case heading over every few paragraphs, where every word is capitalised.

Usage::

    .venv/bin/python bench/ordinary_english.py            # junk matches in 50,000 words
    .venv/bin/python bench/ordinary_english.py --words 200000 --list
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = (
    "the {adj} {noun} was left by the door all {time}",
    "{name} said the {noun} would be ready before {time}",
    "we walked along the {place} and talked about the {noun}",
    "after lunch the children painted a {adj} {noun} for their teacher",
    "it rained for most of the {time}, so the match was moved indoors",
    "the recipe asks for two cups of flour, a pinch of salt and some {food}",
    "my neighbour keeps a {adj} {animal} that sleeps on the porch",
    "{name} finally fixed the {noun} that had been broken since {time}",
    "the library will stay open late on {day} for the reading group",
    "she planted {food} and beans in the corner of the {place}",
    "the bus was late again, and nobody knew why",
    "our team lost the final by a single point after a long {adj} game",
    "he bought a {adj} {noun} at the market and carried it home",
    "{day} is the best day for washing the car, according to {name}",
    "the office moved to the third floor, next to the {noun}",
    "please bring a {noun} and a warm jacket to the picnic",
    "the soup tasted of {food} and pepper, and everyone asked for more",
    "they spent the {time} cleaning the {place} and sorting old letters",
    "a {adj} wind blew across the {place} and shook the windows",
    "the class learned how a {noun} works by taking one apart",
    "{name} and {name} baked bread for the school fair on {day}",
    "the {animal} chased a ball through the {place} until it was tired",
    "there was a long queue at the bakery, but the {food} was worth it",
    "the price of {food} went up again this {time}",
    "if the {noun} is too heavy, ask someone to help you lift it",
    "the garden was full of {adj} flowers by the end of {time}",
    "the choir practised every {day} evening in the old hall",
    "nobody remembered where the spare {noun} had been put",
    "the new {noun} arrived in a box much larger than it needed",
    "{name} wrote a short story about a {adj} {animal} who could sing",
    "the kettle boiled while we waited for the {food} to cool",
    "the committee agreed to paint the fence {adj} next {time}",
    "every {day} the market sells cheese, honey and fresh {food}",
    "the swimming pool will close for repairs during {time}",
    "he forgot his umbrella and arrived soaked to the skin",
    "the tickets for the concert sold out in an hour",
    "our {animal} refuses to eat anything except {food}",
    "the path by the {place} is muddy after the storm",
    "she reads the paper with her coffee every {day} morning",
    "the {noun} made a strange noise, so we switched it off",
)
HEADINGS = (
    "how to keep a {adj} {noun} clean", "ten things to do with {food}", "the {adj} {animal} of the {place}",
    "why {day} is the best day for {food}", "a {adj} {time} at the {place}", "our guide to the perfect {noun}",
    "what the {animal} taught us about patience", "new rules for the {place} car park",
)
WORDS = {
    "adj": ("bright", "quiet", "heavy", "golden", "small", "broken", "shiny", "warm", "cold", "green", "noisy",
            "gentle", "careful", "lucky", "simple", "strange", "sunny", "empty", "crowded", "sturdy", "patient",
            "tidy", "rusty", "modern", "ancient", "hollow", "steady", "royal", "sharp", "gallant", "sweet"),
    "noun": ("ladder", "kettle", "bicycle", "piano", "lantern", "wheelbarrow", "blanket", "printer", "fence",
             "basket", "mirror", "drawer", "compass", "hammer", "banner", "cabinet", "sofa", "oven", "trophy",
             "record", "carpet", "saddle", "anchor", "barrel", "bridge", "marble", "cannon", "harbour", "castle",
             "temple", "market", "station", "garden", "canal", "orchard", "tower", "chapel", "meadow"),
    "food": ("carrots", "apples", "pumpkin", "ginger", "honey", "lemons", "cabbage", "olives", "dates", "almonds",
             "rice", "barley", "mustard", "cinnamon", "melons", "pears", "plums", "walnuts", "pepper", "sugar"),
    "animal": ("dog", "cat", "parrot", "rabbit", "goat", "horse", "tortoise", "hamster", "goose", "pony", "falcon",
               "camel", "donkey", "beaver", "badger"),
    "place": ("park", "river bank", "beach", "village green", "allotment", "orchard", "high street", "harbour",
              "valley", "hill", "meadow", "forest", "field", "square", "market hall"),
    "time": ("the morning", "the afternoon", "the weekend", "summer", "winter", "spring", "autumn", "the holidays",
             "last week", "next month", "the evening", "half term"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "name": ("Alice", "Tom", "Grace", "Peter", "Helen", "Oliver", "Ruth", "Daniel", "Emma", "George", "Lucy",
             "Henry", "Sophie", "Jack", "Mary", "Ben", "Clara", "Sam", "Joe", "Kate"),
}


def _fill(template: str, rng: random.Random) -> str:
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        out = out[:start] + rng.choice(WORDS[out[start + 1:end]]) + out[end + 1:]
    return out


def ordinary_english(words: int = 50_000, seed: int = 11) -> str:
    """About ``words`` words of made-up everyday English, paragraphs under Title Case headings."""
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        heading = " ".join(w.capitalize() for w in _fill(rng.choice(HEADINGS), rng).split())
        body = []
        for _ in range(rng.randint(3, 7)):
            sentence = _fill(rng.choice(SENTENCES), rng)
            body.append(sentence[0].upper() + sentence[1:] + ".")
        paragraphs.append(heading + "\n" + " ".join(body))
        count += len(heading.split()) + sum(len(s.split()) for s in body)
    return "\n\n".join(paragraphs)


def junk_in_ordinary_english(gaz, words: int = 50_000) -> Counter:
    """(surface, chosen place, country) -> count of every place found in :func:`ordinary_english`."""
    text = ordinary_english(words)
    found: Counter = Counter()
    # Article-sized pieces: a real article is a few hundred words, and the area rules read a whole text.
    for piece in text.split("\n\n"):
        matches = gaz.find_mentions(piece)
        for m, c in zip(matches, gaz.disambiguate(matches, piece)):
            found[m.surface, c.place.name, c.place.country or ""] += 1
    return found


def main() -> None:
    from gazetteer import Gazetteer

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--list", action="store_true", help="list the junk matches")
    args = parser.parse_args()
    found = junk_in_ordinary_english(Gazetteer.default(), args.words)
    print(f"junk matches in {args.words:,} words of ordinary English: {sum(found.values())} "
          f"({len(found)} distinct)")
    if args.list:
        for (surface, name, country), n in found.most_common():
            print(f"{n:6d}  {surface} -> {name} {country}")


if __name__ == "__main__":
    main()
