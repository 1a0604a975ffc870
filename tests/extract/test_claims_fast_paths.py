"""geo.extract.claims: the denials a tracker reads from its cache are the ones it would find again."""

from __future__ import annotations

from geo.extract import claims


def test_cached_denial_subjects_give_the_same_claims(monkeypatch):
    from geo.language.sentences import split_sentences
    from tests.language.test_prefilter import _real_sentences

    sentences = _real_sentences() + list(split_sentences(
        "Russia's Defence Ministry denied the reports. The ministry said two drones were shot down. "
        "Israel and the US denied this had happened, the enclave's officials said."))
    sentences = [s if isinstance(s, str) else s.text for s in sentences]

    def read(tracker: claims.ClaimTracker) -> list:
        # each sentence twice, as extraction reads a sentence and then its clauses
        return [(tracker.claims(s), tracker.claims(s, remember=False), tracker.last) for s in sentences]

    cached = read(claims.ClaimTracker(region="Nagorno-Karabakh"))
    monkeypatch.setattr(claims, "_denial_subjects", claims._denial_subjects.__wrapped__)
    assert cached == read(claims.ClaimTracker(region="Nagorno-Karabakh"))
    assert sum(bool(claims._denial_subjects(s)) for s in sentences) >= 3
    assert sum(bool(c) for c, _, _ in cached) > 20


def test_gated_apposition_and_past_marker_answer_as_the_patterns():
    from geo.extract import background
    from geo.language.prefilter import Gated
    from tests.language.test_prefilter import _real_sentences

    texts = _real_sentences() + ["The group, which is aligned with Iran, said", "EARLIER, troops shelled it",
                                 "at the outset of the war, in the first days of it, before that"]
    # subjects as _attributions cuts them: the words before each comma-separated tail
    subjects = [", ".join(t.split(", ")[:k]) + "," for t in texts for k in (2, 3)]
    found = 0
    for gate, strings in ((claims._APPOSITION, subjects), (background._PAST_MARKER, texts)):
        assert isinstance(gate, Gated)
        for s in strings:
            assert [m.span() for m in gate.finditer(s)] == [m.span() for m in gate.regex.finditer(s)], s
            fast, plain = gate.match(s), gate.regex.match(s)
            assert (fast and fast.groups()) == (plain and plain.groups()), s
            found += bool(gate.regex.search(s))
    assert found > 10


def test_group_hits_are_the_groups_of_party_hits():
    from tests.language.test_numbers_fast_paths import _sentences

    texts = _sentences() + ["Hezbollah, Hamas and the Houthis said Israeli and US strikes hit Sanaa and Gaza.",
                            "The RSF-led militia and Islamic State fighters clashed with HTS-run forces, the SDF said."]
    found = 0
    for text in texts:
        groups = [(start, party) for start, _, party in claims.party_hits(text) if party in claims._GROUPS]
        assert list(claims._group_hits(text)) == groups, text
        found += len(groups)
    assert claims._GROUPS_END < len(claims._PARTY_RE)
    assert found >= 5
