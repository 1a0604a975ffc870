"""Gazetteer benchmark: load time, lookups/s, resolve/s, find_mentions throughput, data size.

The junk-match count is an offline precision probe (see :func:`junk_matches`); the
long-text case (:func:`long_text`) times a synthetic report of thousands of places. Each
figure is measured in this process; the load time is measured in fresh child
processes (the import of the package included), since ``Gazetteer.default()`` is cached
per process. Prints a small table; ``--json`` prints the numbers as JSON instead.

Usage::

    .venv/bin/python bench/bench_gazetteer.py
    .venv/bin/python bench/bench_gazetteer.py --repeat 5 --json
    .venv/bin/python bench/bench_gazetteer.py --long-places 3000 --long-mentions 130000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer  # noqa: E402
from gazetteer.gazetteer import DATA_PATH  # noqa: E402

#: Press spellings and plain names, resolved in a loop.
NAMES = (
    "Jebrail", "Cəbrayıl", "Stepanakert", "Xankəndi", "Tartar", "Terter", "Shushi", "Şuşa", "Martuni", "Vardenis",
    "Ganja", "Barda", "Aghdam", "Fuzuli", "Hadrut", "Lachin", "Berdzor", "Yerevan", "Baku", "Moscow", "Ankara",
    "Kalbajar", "Karvachar", "Goris", "Kapan", "Qwertyzxcv",
)
CONTEXT = "Shelling hit Stepanakert and the towns of Martakert and Martuni, the Armenian side said."
LOAD_SNIPPET = (
    "import resource, time; t = time.perf_counter(); from gazetteer import Gazetteer; g = Gazetteer.default(); "
    "print(time.perf_counter() - t); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
    "t = time.perf_counter(); g.find_mentions('Shelling hit Stepanakert.'); print(time.perf_counter() - t); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def measure_load(repeat: int) -> dict:
    """Load time in fresh processes, their peak resident memory (Linux ``ru_maxrss``) after
    loading, and the time and peak memory of the first ``find_mentions`` (which builds the
    matcher and decompresses what it needs)."""
    runs, rss_loaded, first, rss_matcher = [], [], [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True,
                             cwd=ROOT)
        seconds, loaded, first_s, matcher = out.stdout.split()
        runs.append(float(seconds))
        rss_loaded.append(int(loaded) / 1024)
        first.append(float(first_s))
        rss_matcher.append(int(matcher) / 1024)
    return {"load_s_median": statistics.median(runs), "load_s_min": min(runs),
            "rss_mb_after_load": statistics.median(rss_loaded),
            "first_find_mentions_s_median": statistics.median(first),
            "rss_mb_after_matcher": statistics.median(rss_matcher)}


def rate(func, items, seconds: float = 1.0) -> float:
    """Calls per second of ``func`` over ``items`` (cycled) for about ``seconds``."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            func(item)
        done += len(items)
    return done / (time.perf_counter() - start)


def measure(repeat: int, places: int = 3000, mentions: int = 13000) -> dict:
    results = {"data_file": str(DATA_PATH.relative_to(ROOT)), "data_mb": DATA_PATH.stat().st_size / 1e6}
    results.update(measure_load(repeat))
    gaz = Gazetteer.default()
    results["places"] = len(gaz)
    results["name_keys"] = sum(1 for _ in gaz.keys())
    start = time.perf_counter()
    gaz.find_mentions("Stepanakert")  # builds the matcher, once per process
    results["automaton_build_s"] = time.perf_counter() - start
    results["lookups_per_s"] = rate(gaz.lookup, NAMES)
    results["resolve_per_s"] = rate(gaz.resolve, NAMES)
    results["resolve_with_context_per_s"] = rate(lambda n: gaz.resolve(n, context=CONTEXT), NAMES[:8])
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if seeds:
        chars = sum(len(t) for t in seeds)
        start, rounds = time.perf_counter(), 0
        while time.perf_counter() - start < 2.0:
            for text in seeds:
                gaz.find_mentions(text)
            rounds += 1
        elapsed = time.perf_counter() - start
        results["find_mentions_chars_per_s"] = chars * rounds / elapsed
        results["find_mentions_articles_per_s"] = len(seeds) * rounds / elapsed
        start, rounds = time.perf_counter(), 0
        while time.perf_counter() - start < 2.0:
            for text in seeds:
                gaz.disambiguate(gaz.find_mentions(text), text)
            rounds += 1
        results["find_and_disambiguate_articles_per_s"] = len(seeds) * rounds / (time.perf_counter() - start)
        results["seed_articles"] = len(seeds)
        results.update(measure_long_text(gaz, places, mentions))
        junk = junk_matches(gaz)
        results["junk_matches"] = len(junk)
        results["junk_examples"] = ", ".join(f"{w}->{n} {c}" for w, n, c in junk[:12])
        from ordinary_english import junk_in_ordinary_english  # bench/ is on sys.path when run as a script

        ordinary = junk_in_ordinary_english(gaz)
        results["ordinary_english_junk"] = sum(ordinary.values())
        results["ordinary_english_junk_distinct"] = len(ordinary)
    return results


def long_text(gaz, places: int = 3000, mentions: int = 13000, seed: int = 7) -> str:
    """A synthetic war report naming ``places`` distinct gazetteer places ``mentions`` times.

    Names are the display names of towns and villages of the five focus countries (ASCII,
    6+ letters), in sentences with and without location slots; a third of the names
    cycle in order (so every place occurs), the rest are drawn at random (repeats).
    """
    import random

    rng = random.Random(seed)
    names = sorted({p.name for p in (gaz.place_at(i) for i in range(len(gaz)))
                    if p.country in ("AZ", "AM", "GE", "IR", "TR") and p.kind in ("city", "town", "village")
                    and len(p.name) > 5 and p.name.isascii()})
    names = rng.sample(names, min(places, len(names)))
    templates = ("Shelling hit the village of {}.", "Fighting was reported near {}, Azerbaijan said.",
                 "Armenian forces shelled {} overnight.", "Residents of {} fled to {}.")
    out, done = [], 0
    while done < mentions:
        template = rng.choice(templates)
        slots = template.count("{}")
        out.append(template.format(*[names[(done + j) % len(names)] if rng.random() < 0.3 else rng.choice(names)
                                     for j in range(slots)]))
        done += slots
    return " ".join(out)


def measure_long_text(gaz, places: int, mentions: int) -> dict:
    """find_mentions and disambiguate on :func:`long_text` (the pairwise-distance worst case)."""
    text = long_text(gaz, places, mentions)
    start = time.perf_counter()
    matches = gaz.find_mentions(text)
    found = time.perf_counter() - start
    start = time.perf_counter()
    gaz.disambiguate(matches, text)
    return {"long_text_chars": len(text), "long_text_matches": len(matches),
            "long_text_distinct_names": len({m.surface for m in matches}), "long_text_find_s": found,
            "long_text_disambiguate_s": time.perf_counter() - start}


def junk_matches(gaz) -> list[tuple[str, str, str]]:
    """Places found in ordinary words, inside a war report (an offline precision probe).

    Every lower-case word seen twice in the seed articles and the Python standard library
    is written capitalised at a sentence start, as a surname ("Spokesman John X said
    so.") and in a Title Case headline ("Troops Advance Near X Town Of Shushi"), 150 words
    per text after a sentence naming Azerbaijan, Tartar and Stepanakert.
    Words the articles themselves capitalise (real names) are left out of the count.
    Returns (word, place name, country) of every match, deduplicated.
    """
    import re
    import sysconfig
    from collections import Counter

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    counts = Counter(w.lower() for t in texts for w in re.findall(r"[A-Za-z]{3,}", t))
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))[:400]:
        counts.update(re.findall(r"\b[a-z]{3,}\b", path.read_text(encoding="utf-8", errors="replace")))
    proper = {w.lower() for t in texts for w in re.findall(r"\b[A-Z][a-z]+\b", t)}
    vocab = sorted(w for w, n in counts.items() if n >= 2 and w not in proper)
    words = set(vocab)  # the headline's own places (Shushi) are not junk
    head = "Azerbaijan said Armenian forces shelled Tartar and Stepanakert overnight. "
    found = set()
    for i in range(0, len(vocab), 150):
        # Title Case headlines capitalise every word and put slot words before them too.
        text = head + " ".join(
            f"{w.capitalize()} was mentioned by officials. Spokesman John {w.capitalize()} said so.\n"
            f"Azerbaijani Troops Advance Near {w.capitalize()} Town Of Shushi In Nagorno-Karabakh\n"
            for w in vocab[i:i + 150]
        )
        matches = gaz.find_mentions(text)
        for m, c in zip(matches, gaz.disambiguate(matches, text)):
            if m.start >= len(head) and m.surface.split()[0].lower() in words:
                found.add((m.surface, c.place.name, c.place.country or ""))
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes for the load time (default 3)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--long-places", type=int, default=3000, help="distinct places of the long text (3000)")
    parser.add_argument("--long-mentions", type=int, default=13000, help="mentions in the long text (13000)")
    args = parser.parse_args()
    results = measure(args.repeat, args.long_places, args.long_mentions)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for key, value in results.items():
        shown = f"{value:,.3f}" if isinstance(value, float) and value < 100 else (
            f"{value:,.0f}" if isinstance(value, float) else str(value))
        print(f"{key:40s} {shown}")


if __name__ == "__main__":
    main()
