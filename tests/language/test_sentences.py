"""Sentence and clause splitting: abbreviations, quotations, paragraphs, wrapped lines."""

import pytest

from geo.language.sentences import Span, split_clauses, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. condemned it. Russia did too.", ["The U.S. condemned it.", "Russia did too."]),
    ("Talks at the U.N. Security Council ended. He went to the U.N. The talks failed.",
     ["Talks at the U.N. Security Council ended.", "He went to the U.N.", "The talks failed."]),
    ("On Oct. 12 they met. On Sept. 27 it began.", ["On Oct. 12 they met.", "On Sept. 27 it began."]),
    ("Gen. Smith and Mr. Jones met Dr. Aliyeva. They agreed.", ["Gen. Smith and Mr. Jones met Dr. Aliyeva.", "They agreed."]),
    ("Shelling began at 8 a.m. local time. It lasted an hour.", ["Shelling began at 8 a.m. local time.", "It lasted an hour."]),
    ("Shelling began at 8 a.m. The town was hit.", ["Shelling began at 8 a.m.", "The town was hit."]),
    ('He said. “We will win.” The end.', ["He said.", "“We will win.”", "The end."]),
    ('"Where is the army?" he asked. Nobody answered.', ['"Where is the army?" he asked.', "Nobody answered."]),
    ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
])
def test_sentence_boundaries(text, expected):
    assert texts(text) == expected


def test_paragraphs_always_separate():
    assert texts("A headline without a period\n\nThe body starts here.") == [
        "A headline without a period", "The body starts here."]


def test_wrapped_line_continues_the_sentence():
    assert texts("raising concerns that\nfighting could spread.") == ["raising concerns that\nfighting could spread."]


def test_markdown_heading_is_its_own_sentence():
    assert texts("# Dozens killed in clashes\nThe fighting continued.") == [
        "# Dozens killed in clashes", "The fighting continued."]


def test_offsets_point_into_the_text():
    text = "  First one.  Second one.\n\nThird."
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


@pytest.mark.parametrize("sentence, expected", [
    ("About 200 people were wounded, the ministry said, while Baku said six civilians were killed.",
     ["About 200 people were wounded, the ministry said,", "while Baku said six civilians were killed."]),
    ("Armenia said its troops shot down two drones after Azerbaijani forces began bombing Stepanakert.",
     ["Armenia said its troops shot down two drones", "after Azerbaijani forces began bombing Stepanakert."]),
    ("Tartar was shelled; Barda was hit too.", ["Tartar was shelled;", "Barda was hit too."]),
    ("The truce was agreed after October 10 talks.", ["The truce was agreed after October 10 talks."]),
    ("Forces shelled the Goranboy and Tartar districts, and denied targeting civilians.",
     ["Forces shelled the Goranboy and Tartar districts,", "and denied targeting civilians."]),
])
def test_clauses(sentence, expected):
    clauses = split_clauses(Span(10, 10 + len(sentence), sentence))
    assert [c.text for c in clauses] == expected
    text = " " * 10 + sentence
    assert all(text[c.start:c.end] == c.text for c in clauses)
