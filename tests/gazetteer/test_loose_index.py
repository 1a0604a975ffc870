"""The loose key index: strict keys by loose key, in the order given, short loose keys left out."""

from __future__ import annotations

from gazetteer.loose_index import LooseIndex
from gazetteer.normalize import normalize, skeleton


def test_strict_keys_are_found_by_their_loose_key_in_the_order_given():
    keys = [normalize(n) for n in ("Saraqib", "Saraqeb", "Deir ez-Zor", "Dayr az Zawr", "Homs")]
    index = LooseIndex(keys)
    assert index.get(skeleton(normalize("Sarakib"))) == keys[:2]
    assert index.get(skeleton(normalize("Deir Ezzor"))) == keys[2:4]
    assert index.get(skeleton(normalize("Homs"))) == [keys[4]]


def test_unknown_and_short_loose_keys_give_the_default():
    index = LooseIndex(["abba", "saragib"])
    assert skeleton("abba") == "ab"  # shorter than MIN_SKELETON: not indexed
    assert index.get("ab") == ()
    assert index.get("zzz", None) is None
    assert len(index) == 1
