"""A huge article is extracted in parts; what comes back is the article's, with offsets into its text."""

from __future__ import annotations

import json
from dataclasses import replace

from geo.model import Article, ArticleExtraction, Evidence
from geo.pipeline import parts
from geo.pipeline.parts import merge_extractions, part_spans, split_article
from geo.pipeline.run import BuildOptions, run_build
from tests.pipeline.pipeline_fakes import FAKES, fake_extract


def test_parts_cover_the_text_and_end_at_breaks():
    text = ("Alpha was shelled. " * 30 + "\n\n") * 40
    spans = part_spans(text, limit=1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(end - start <= 1000 for start, end in spans)
    assert all(text[end - 2:end] == "\n\n" for _, end in spans[:-1])


def test_one_line_without_spaces_is_cut_at_the_limit():
    assert part_spans("x" * 25, limit=10) == [(0, 10), (10, 20), (20, 25)]


def test_short_article_is_one_part_itself():
    article = Article("a.txt", "Alpha was shelled.", None)
    assert split_article(article) == [(0, article)]


def test_build_of_a_huge_article_keeps_the_file_as_source(tmp_path, monkeypatch):
    filler = "Nothing happened here at all. " * 20
    text = " date 2020-10-04 " + filler + "Alpha was shelled. " + filler + "Beta was shelled. " + filler
    articles = _huge(tmp_path, monkeypatch, text)
    progress = []
    summary = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False),
                        progress=lambda done, total, name: progress.append((done, total, name)), **FAKES)
    assert summary.read == ("huge.txt",) and summary.incidents == 2
    features = json.loads((tmp_path / "out" / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["articles"] for f in features] == [["huge.txt"], ["huge.txt"]]
    assert progress[-1] == (1, 1, "huge.txt")
    assert progress[:-1] == [(0, 1, f"huge.txt (part {n} of 10)") for n in range(1, 10)]


def test_merged_offsets_point_into_the_whole_text():
    filler = "Nothing happened here at all. " * 20
    article = Article("huge.txt", filler + "Alpha was shelled. " + filler + "Beta was shelled. Gamma too.", None)
    pieces = split_article(article, limit=300)
    assert len(pieces) > 2
    merged = merge_extractions("huge.txt", [(offset, fake_extract(part, None)) for offset, part in pieces])
    whole = fake_extract(article, None)
    assert [(m.place_id, m.start, m.end) for m in merged.mentions] == [(m.place_id, m.start, m.end)
                                                                        for m in whole.mentions]
    assert [i.place.name for i in merged.incidents] == [i.place.name for i in whole.incidents]


def test_evidence_offsets_are_shifted_by_the_part_offset():
    incident = fake_extract(Article("huge.txt", "Alpha was shelled.", None), None).incidents[0]
    incident = replace(incident, evidence=(Evidence("huge.txt", "Alpha was shelled.", 0, 18),))
    merged = merge_extractions("huge.txt", [(0, ArticleExtraction("huge.txt")),
                                            (500, ArticleExtraction("huge.txt", incidents=(incident,)))])
    assert [(e.start, e.end) for e in merged.incidents[0].evidence] == [(500, 518)]


def _huge(tmp_path, monkeypatch, text):
    """An articles folder holding huge.txt, ``text``; parts of at most 200 characters."""
    monkeypatch.setattr(parts, "PART_CHARS", 200)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "huge.txt").write_text(text, encoding="utf-8")
    return articles


def test_a_failing_part_fails_the_whole_article_and_leaves_no_rows(tmp_path, monkeypatch):
    filler = "Nothing happened here at all. " * 20
    articles = _huge(tmp_path, monkeypatch, " date 2020-10-04 Alpha was shelled. " + filler + "EXPLODE. " + filler)
    (articles / "small.txt").write_text(" date 2020-10-05 Beta was shelled.\n", encoding="utf-8")
    summary = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False), **FAKES)
    assert [s.name for s in summary.failed] == ["huge.txt"] and summary.read == ("small.txt",)
    places = json.loads((tmp_path / "out" / "places.geojson").read_text(encoding="utf-8"))["features"]
    assert [p["properties"]["name"] for p in places] == ["Beta"]


def test_a_huge_article_is_reused_by_the_next_build(tmp_path, monkeypatch):
    filler = "Nothing happened here at all. " * 20
    articles = _huge(tmp_path, monkeypatch, " date 2020-10-04 " + filler + "Alpha was shelled. " + filler)
    options = BuildOptions(articles=articles, out=tmp_path / "out", write_map=False)
    first = run_build(options, **FAKES)
    again = run_build(options, **FAKES)
    assert (first.read, again.reused, again.incidents) == (("huge.txt",), ("huge.txt",), 1)


def test_parts_in_parallel_give_the_same_outputs(tmp_path, monkeypatch):
    filler = "Nothing happened here at all. " * 7
    articles = _huge(tmp_path, monkeypatch, " date 2020-10-04 " + "".join(
        f"{filler}{place} was shelled. " for place in ["Alpha", "Beta", "Gamma"] * 6))
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        summary = run_build(BuildOptions(articles=articles, out=out, write_map=False, workers=workers), **FAKES)
        assert summary.read == ("huge.txt",)
        outputs.append([(out / name).read_bytes() for name in ("incidents.geojson", "places.geojson")])
    assert outputs[0] == outputs[1]
