"""A huge article is extracted in parts; what comes back is the article's, with offsets into its text."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from geo.errors import ArticleError
from geo.model import Article, ArticleExtraction, Evidence
from geo.pipeline import parallel, parts
from geo.pipeline.parts import merge_extractions, part_spans, split_article, stream_parts
from geo.read import stream
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


def test_parts_cut_from_chunks_are_those_cut_from_the_whole_text():
    text = "".join(f"{word}{mark}" for word, mark in zip(["Alpha", "was", "shelled", "xxxxxxxxxxxxxxxx"] * 60,
                                                            [" ", ". ", "\n", "\n\n", ""] * 48))
    whole = [(start, text[start:end]) for start, end in part_spans(text, limit=37)]
    for size in (1, 5, 36, 37, 38, 500):
        chunks = [text[i:i + size] for i in range(0, len(text), size)]
        assert list(stream_parts(chunks, limit=37)) == whole


def _streamed_or_not(tmp_path, monkeypatch, text, *, streamed, workers):
    """incidents.geojson and places.geojson of a build of ``text`` as huge.txt, and the progress."""
    monkeypatch.setattr(stream, "STREAM_BYTES", 0 if streamed else 10 ** 12)
    monkeypatch.setattr(stream, "CHUNK_BYTES", 64)
    monkeypatch.setattr(parallel, "BATCH_CHARS", 200)  # a part a batch, as with parts of 100,000
    (tmp_path / f"{streamed}-{workers}").mkdir()
    articles = _huge(tmp_path / f"{streamed}-{workers}", monkeypatch, text)
    out = tmp_path / f"out-{streamed}-{workers}"
    progress = []
    summary = run_build(BuildOptions(articles=articles, out=out, write_map=False, workers=workers),
                        progress=lambda *args: progress.append(args), **FAKES)
    assert summary.read == ("huge.txt",)
    return [(out / name).read_bytes() for name in ("incidents.geojson", "places.geojson")], progress


@pytest.mark.parametrize("workers", [1, 2])
def test_a_huge_article_read_streaming_gives_the_outputs_of_a_whole_read(tmp_path, monkeypatch, workers):
    filler = "Nothing happened here at all. " * 7
    text = " date 2020-10-04 " + "\r\n".join(f"{filler}{place} was shelled. Şuşa\u00a0too.\r\n"
                                             for place in ["Alpha", "Beta", "Gamma"] * 6)
    whole, _ = _streamed_or_not(tmp_path, monkeypatch, text, streamed=False, workers=1)
    streamed, progress = _streamed_or_not(tmp_path, monkeypatch, text, streamed=True, workers=workers)
    assert streamed == whole
    # Its parts are cut as the file is read: how far into the text the reading is, not how many parts
    # there are (with two workers the reader may be ahead of the first part's report: any share).
    assert re.fullmatch(r"huge\.txt \(part 1, \d{1,3}% of its text\)", progress[0][2]) and progress[0][:2] == (0, 1)
    assert progress[-1] == (1, 1, "huge.txt")


def test_a_huge_file_gone_before_its_parts_are_read_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "STREAM_BYTES", 40)
    filler = "Nothing happened here at all. " * 20
    articles = _huge(tmp_path, monkeypatch, " date 2020-10-04 Alpha was shelled. " + filler)
    (articles / "small.txt").write_text(" date 2020-10-05 Beta was shelled.\n", encoding="utf-8")

    def gone(self):
        raise ArticleError("cannot read: No such file or directory")
        yield

    monkeypatch.setattr(stream.StreamedText, "chunks", gone)
    summary = run_build(BuildOptions(articles=articles, out=tmp_path / "out", write_map=False), **FAKES)
    assert summary.read == ("small.txt",)
    assert [(s.name, s.reason) for s in summary.failed] == [
        ("huge.txt", "extraction failed: ArticleError: cannot read: No such file or directory")]
