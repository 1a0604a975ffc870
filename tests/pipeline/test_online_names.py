"""--online builds ask only for names the offline gazetteer (and places.csv) lacks, and say
which: the summary and output/online.csv list each name, its article and the answer.

The service is the fake Nominatim on 127.0.0.1 (tests/gazetteer/fake_nominatim.py): no network.
"""

from __future__ import annotations

import copy
import csv
import json

import pytest

from gazetteer.online import OnlineGeocoder
from geo.pipeline.run import BuildOptions, run_build
from tests.gazetteer.fake_nominatim import FakeNominatim, load_answers

ARTICLES = {
    "a.txt": "date 2031-03-03\nShelling near Kurakhove\n\nRussian forces shelled the village of Zorbatovka "
             "near Kurakhove in Ukraine on Monday, killing one man, officials said.\n",
    "b.txt": "date 2031-03-04\nDrone strike\n\nA drone strike hit the village of Qwertyvka in Ukraine on "
             "Tuesday, wounding two people, officials said.\n",
    "c.txt": "date 2031-03-05\nShelling of Sukhyi Yar\n\nArtillery shelled the village of Sukhyi Yar in Ukraine "
             "on Wednesday, killing a woman, officials said.\n",
}
# A made-up answer for a made-up village, shaped like a real one (Talysh's record, renamed and moved).
ZORBATOVKA = (47.91, 37.41)


def zorbatovka_answer() -> list[dict]:
    record = copy.deepcopy(load_answers()["talysh"][0])
    record.update(name="Zorbatovka", display_name="Zorbatovka, Donetsk Oblast, Ukraine",
                  lat=str(ZORBATOVKA[0]), lon=str(ZORBATOVKA[1]))
    record.update(place_id=1, osm_id=1, boundingbox=[], namedetails={"name": "Zorbatovka", "name:en": "Zorbatovka"},
                  address={"village": "Zorbatovka", "state": "Donetsk Oblast", "country": "Ukraine",
                           "country_code": "ua"})
    return [record]


@pytest.fixture
def service(monkeypatch, tmp_path):
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    with FakeNominatim({"zorbatovka": zorbatovka_answer()}) as fake:
        monkeypatch.setattr(OnlineGeocoder, "from_env", classmethod(lambda cls, **kw: OnlineGeocoder(
            domain=fake.domain, scheme="http", cache_path=tmp_path / "nominatim.sqlite", min_delay_seconds=0.0,
            timeout=5.0)))
        yield fake


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    # Sukhyi Yar is the user's own: never asked online.
    (folder / "places.csv").write_text("name,lat,lon,country,kind\nSukhyi Yar,48.05,37.30,UA,village\n",
                                       encoding="utf-8")
    return folder


def asked(fake) -> list[str]:
    return sorted(r.params["q"] for r in fake.searches())


def test_online_names_are_listed_in_the_summary_and_online_csv(service, articles, tmp_path):
    out = tmp_path / "out"
    summary = run_build(BuildOptions(articles=articles, out=out, online=True, write_map=False))
    assert asked(service) == ["Qwertyvka", "Zorbatovka"]
    lines = "\n".join(summary.lines())
    assert "online: 2 name(s) the offline gazetteer lacks" in lines
    assert "  Qwertyvka -> not found" in lines
    assert "  Zorbatovka -> Zorbatovka (osm:N1, village, UA)" in lines, lines
    with open(out / "online.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["article"]) for r in rows] == [("Qwertyvka", "b.txt"), ("Zorbatovka", "a.txt")]
    assert (rows[0]["answer"], rows[0]["lat"], rows[0]["lon"]) == ("not found", "", "")
    assert (float(rows[1]["lat"]), float(rows[1]["lon"])) == ZORBATOVKA
    assert rows[1]["source"] == service.domain
    incidents = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert any(f["properties"]["place"] == "Zorbatovka"
               and f["geometry"]["coordinates"] == [ZORBATOVKA[1], ZORBATOVKA[0]] for f in incidents)

    # A rebuild reuses every article, asks nothing, and still lists every name asked.
    again = run_build(BuildOptions(articles=articles, out=out, online=True, write_map=False))
    assert again.read == () and len(asked(service)) == 2
    assert again.online_lookups == summary.online_lookups
    with open(out / "online.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2


def test_offline_build_asks_nothing_and_removes_online_csv(service, articles, tmp_path):
    out = tmp_path / "out"
    run_build(BuildOptions(articles=articles, out=out, online=True, write_map=False))
    assert (out / "online.csv").exists()
    offline = run_build(BuildOptions(articles=articles, out=out, write_map=False))
    assert offline.online_lookups == () and not (out / "online.csv").exists()
    assert "online:" not in "\n".join(offline.lines())


def test_a_failed_lookup_is_listed_as_failed_and_asked_again(service, articles, tmp_path):
    out = tmp_path / "out"
    service.fail_with(503)
    first = run_build(BuildOptions(articles=articles, out=out, online=True, write_map=False))
    with open(out / "online.csv", encoding="utf-8", newline="") as handle:
        answers = {r["name"]: r["answer"] for r in csv.DictReader(handle)}
    assert set(answers) == {"Qwertyvka", "Zorbatovka"}
    assert set(answers.values()) == {"failed (HTTP 503); asked again next build"}, answers
    assert "online: 2 name(s) the offline gazetteer lacks, asked online (per article in online.csv): " \
           "0 answered, 0 not found, 2 failed (HTTP 503: 2)" in first.lines()
    assert any("online lookups failed for a.txt, b.txt" in w for w in first.warnings)
    service.heal()
    second = run_build(BuildOptions(articles=articles, out=out, online=True, write_map=False))
    assert second.read == ("a.txt", "b.txt")
    assert dict((name, answer) for name, _, answer, *_ in second.online_lookups) == {
        "Qwertyvka": "not found", "Zorbatovka": "Zorbatovka (osm:N1, village, UA)"}
