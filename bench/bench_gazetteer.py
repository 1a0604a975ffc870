"""Gazetteer benchmark: load time, lookups/s, resolve/s, find_mentions throughput, data size.

The junk-match count is an offline precision probe (see :func:`junk_matches`). Each
figure is measured in this process; the load time is measured in fresh child
processes (the import of the package included), since ``Gazetteer.default()`` is cached
per process. Prints a small table; ``--json`` prints the numbers as JSON instead.

Usage::

    .venv/bin/python bench/bench_gazetteer.py
    .venv/bin/python bench/bench_gazetteer.py --repeat 5 --json
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
    "import time; t = time.perf_counter(); from gazetteer import Gazetteer; Gazetteer.default(); "
    "print(time.perf_counter() - t)"
)


def measure_load(repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True,
                             cwd=ROOT)
        runs.append(float(out.stdout.strip()))
    return {"load_s_median": statistics.median(runs), "load_s_min": min(runs)}


def rate(func, items, seconds: float = 1.0) -> float:
    """Calls per second of ``func`` over ``items`` (cycled) for about ``seconds``."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            func(item)
        done += len(items)
    return done / (time.perf_counter() - start)


def measure(repeat: int) -> dict:
    results = {"data_file": str(DATA_PATH.relative_to(ROOT)), "data_mb": DATA_PATH.stat().st_size / 1e6}
    results.update(measure_load(repeat))
    gaz = Gazetteer.default()
    results["places"] = len(gaz)
    results["name_keys"] = sum(1 for _ in gaz.keys())
    start = time.perf_counter()
    gaz.find_mentions("Stepanakert")  # builds the Aho-Corasick automaton, once per process
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
        junk = junk_matches(gaz)
        results["junk_matches"] = len(junk)
        results["junk_examples"] = ", ".join(f"{w}->{n} {c}" for w, n, c in junk[:12])
    return results


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
    args = parser.parse_args()
    results = measure(args.repeat)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for key, value in results.items():
        shown = f"{value:,.3f}" if isinstance(value, float) and value < 100 else (
            f"{value:,.0f}" if isinstance(value, float) else str(value))
        print(f"{key:40s} {shown}")


if __name__ == "__main__":
    main()
