"""Who claims and who denies (claims.tsv), and resolving "the ministry also said"."""

from pathlib import Path

import pytest

from geo.extract.claims import ClaimTracker, find_denials, party_of

TABLE = Path(__file__).parent / "claims.tsv"


def _rows():
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        sentence, claims, denials = line.split("\t")
        yield pytest.param(sentence, [] if claims == "none" else claims.split("|"),
                           [] if denials == "none" else denials.split("|"), id=f"line{number}")


#: The table's sentences are Karabakh copy: "the unrecognized republic", "separatists" speak for the
#: party holding the article's region, which the extraction reads from the article's places.
REGION = "Nagorno-Karabakh"


@pytest.mark.parametrize("sentence, claims, denials", list(_rows()))
def test_claims_and_denials(sentence, claims, denials):
    assert [a.label for a in ClaimTracker(region=REGION).claims(sentence)] == claims
    assert sorted(a.party for a in find_denials(sentence, region=REGION)) == denials


def test_the_ministry_also_said_is_the_last_named_ministry():
    tracker = ClaimTracker()
    tracker.claims("The Armenian Defense Ministry said in a statement that the response would be proportionate.")
    tracker.claims("Baku said it had lost no aircraft.")
    assert [a.label for a in tracker.claims("The ministry also said its troops shot down two helicopters.")] == [
        "Armenia (defence ministry)"]


def test_spokeswoman_continues_the_last_speaker():
    tracker = ClaimTracker()
    tracker.claims("The Armenian Defense Ministry spokesman said the night was tense.")
    assert [a.label for a in tracker.claims('"The enemy fled," spokeswoman Shushan Stepanian wrote on Facebook.')] == [
        "Armenia (defence ministry)"]


def test_nagorno_karabakh_possessive_is_the_separatist_side():
    assert party_of("Nagorno-Karabakh's ethnic Armenian authorities").party == "Nagorno-Karabakh"


def test_the_president_without_a_president_named_before_is_nobody():
    tracker = ClaimTracker()
    tracker.claims("Russia's Defence Ministry said peacekeepers had set up 23 posts.")
    assert tracker.claims("The army liberated three villages, the president tweeted.") == []


def test_a_body_without_a_party_speaks_for_the_dateline_side():
    tracker = ClaimTracker(home="Nagorno-Karabakh")
    tracker.claims("The Ministry of Defense of Azerbaijan denied targeting the cathedral.")
    assert [a.party for a in tracker.claims("Shusha was shelled overnight, the Information Headquarters said.")] == [
        "Nagorno-Karabakh"]


def test_a_ministry_spokesperson_is_not_guessed_across_parties():
    tracker = ClaimTracker()
    tracker.claims("Azerbaijan's Foreign Ministry said Armenian forces shelled Tartar.")
    tracker.claims("Armenia's Foreign Ministry said the claim was false.")
    tracker.claims("Fighting continued overnight.")
    tracker.claims("Turkey reiterated its support.")
    assert tracker.claims("The Foreign Ministry's spokesperson said a civilian was killed.") == []


def test_a_ministry_spokesperson_is_the_ministry_that_just_spoke():
    tracker = ClaimTracker()
    tracker.claims("Azerbaijan's Foreign Ministry said Armenian forces shelled Tartar.")
    tracker.claims("Armenia's Foreign Ministry said the claim was false.")
    assert [a.label for a in tracker.claims("The ministry's spokeswoman said Stepanakert was shelled.")] == [
        "Armenia (foreign ministry)"]


def test_a_ministry_spokesperson_is_the_dateline_side_when_unclear():
    tracker = ClaimTracker(home="Azerbaijan")
    tracker.claims("Azerbaijan's Defence Ministry said Armenian forces shelled Tartar.")
    tracker.claims("Armenia's Defence Ministry said the claim was false.")
    tracker.claims("Fighting continued overnight.")
    tracker.claims("Turkey reiterated its support.")
    assert [a.label for a in tracker.claims("The ministry said two drones were shot down.")] == [
        "Azerbaijan (defence ministry)"]


def test_a_ministry_spokesperson_is_the_party_whose_ministry_the_sentence_names():
    tracker = ClaimTracker(home="Nagorno-Karabakh")
    assert [a.label for a in tracker.claims(
        "Foreign Minister of Armenia Zohrab Mnatsakanyan will meet the co-chairs in Moscow on October 12, "
        "the Foreign Ministry's spokesperson Anna Naghdalyan said.")] == ["Armenia (foreign ministry)"]
