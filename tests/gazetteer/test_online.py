"""The online fallback, against a fake Nominatim on 127.0.0.1 (never the real network)."""

from __future__ import annotations

import json
import logging
import pickle
import socket
import sqlite3
import time
import threading

import pytest

from tests.gazetteer.fake_nominatim import ANSWERS_DIR, FakeNominatim
from gazetteer.errors import GazetteerError, OnlineLookupError
from gazetteer.online import (
    DEFAULT_DOMAIN,
    DEFAULT_USER_AGENT,
    OnlineGeocoder,
    RateLimiter,
    default_cache_path,
)
from gazetteer.place import KINDS

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def hermetic_environment(monkeypatch, tmp_path):
    # A proxy in the environment would take requests away from 127.0.0.1, and a default
    # cache must never land in the real home directory.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    for name in ("GEO_ONLINE_DOMAIN", "GEO_ONLINE_SCHEME", "GEO_USER_AGENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def fake():
    with FakeNominatim() as server:
        yield server


@pytest.fixture
def cache_file(tmp_path):
    return tmp_path / "cache" / "nominatim.sqlite"


@pytest.fixture
def make(fake, cache_file):
    """A geocoder pointed at the fake service; no rate-limit wait unless asked."""
    made = []

    def factory(**options):
        settings = dict(domain=fake.domain, scheme="http", cache_path=cache_file,
                        min_delay_seconds=0.0, timeout=5.0)
        settings.update(options)
        geocoder = OnlineGeocoder(**settings)
        made.append(geocoder)
        return geocoder

    yield factory
    for geocoder in made:
        geocoder.close()


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 6))
        self.now += seconds


# --- answers ----------------------------------------------------------------------------


def test_hit_becomes_place_with_osm_id_country_kind_and_population(make):
    best = make().resolve("Hadrut")[0]
    place = best.place
    assert place.id == "osm:N1658410732"
    assert (place.name, place.country, place.kind, place.source) == ("Hadrut", "AZ", "village", "nominatim")
    assert (place.lat, place.lon) == pytest.approx((39.5200538, 47.0311002))
    assert place.population == 3000  # "3000;2015": the figure, not the year
    assert place.admin2 == "Khojavend District"
    assert {"Hadrut", "Հադրութ", "Гадрут", "Gadrut"} <= set(place.names)
    assert best.matched == "Hadrut" and best.score == pytest.approx(0.3652287693299346)


@pytest.mark.parametrize(
    ("name", "place_id", "kind", "country"),
    [
        ("Armenia", "osm:R364066", "country", "AM"),
        ("Gegharkunik", "osm:R2339487", "region", "AM"),
        ("Martuni", "osm:N267713453", "town", "AM"),
        ("Talysh", "osm:N1719866120", "village", "AZ"),
    ],
)
def test_kind_and_country_come_from_the_answer(make, name, place_id, kind, country):
    place = make().resolve(name)[0].place
    assert (place.id, place.kind, place.country) == (place_id, kind, country)
    assert place.kind in KINDS


def test_candidates_are_ranked_by_importance_best_first(make):
    candidates = make().resolve("Martuni")
    assert [c.place.id for c in candidates] == ["osm:N267713453", "osm:N1651564126", "osm:N2478012301"]
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)


def test_bus_stop_named_like_a_town_ranks_below_the_towns(make):
    last = make().resolve("Martuni")[-1]
    assert last.place.id == "osm:N2478012301"
    assert any("not a settlement" in reason for reason in last.reasons)


def test_without_importance_the_service_order_ranks(make):
    candidates = make().resolve("Talysh")
    assert [c.place.id for c in candidates] == ["osm:N1719866120", "osm:W25830117"]
    assert candidates[1].place.kind == "region"


def test_context_naming_a_district_promotes_the_karabakh_martuni(make):
    geocoder = make()
    karabakh = geocoder.resolve("Martuni", context="Shelling hit villages across Khojavend district overnight.")
    armenia = geocoder.resolve("Martuni", context="Residents near Lake Sevan in Gegharkunik were evacuated.")
    assert karabakh[0].place.country == "AZ"
    assert "context mentions Khojavend District" in karabakh[0].reasons
    assert armenia[0].place.country == "AM"


def test_own_name_in_context_is_not_evidence(make):
    # Every candidate is called Martuni ("town: Martuni" in its address): the name itself in
    # the context favours none of them, and the importance order stands.
    candidates = make().resolve("Martuni", context="Martuni")
    assert candidates[0].place.country == "AM"
    assert all(not r.startswith("context") for c in candidates for r in c.reasons)


def test_limit_cuts_the_list_without_asking_again(make, fake):
    geocoder = make()
    assert len(geocoder.resolve("Martuni", limit=1)) == 1
    assert len(geocoder.resolve("Martuni", limit=5)) == 3
    assert len(fake.searches()) == 1


def test_request_asks_for_details_in_english(make, fake):
    make().resolve("Hadrut")
    params = fake.searches()[0].params
    assert params["q"] == "Hadrut"
    assert params["format"] == "json"
    assert params["addressdetails"] == "1" and params["namedetails"] == "1"
    assert params["accept-language"] == "en"
    assert params["limit"] == "10"


def test_unknown_name_is_an_empty_list(make):
    assert make().resolve("Nowhereabad") == []


def test_blank_name_asks_nothing(make, fake):
    assert make().resolve("   ") == []
    assert fake.requests == []


def test_limit_below_one_is_a_caller_error(make):
    with pytest.raises(ValueError, match="limit"):
        make().resolve("Hadrut", limit=0)


# --- cache ------------------------------------------------------------------------------


def test_second_call_is_answered_from_cache(make, fake):
    geocoder = make()
    first = geocoder.resolve("Hadrut")
    second = geocoder.resolve("  hadrut ")
    assert [c.place for c in first] == [c.place for c in second]
    assert second[0].matched == "hadrut"
    assert len(fake.searches()) == 1
    assert geocoder.stats == {"requests": 1, "cache_hits": 1, "failures": 0}


def test_miss_is_cached_too(make, fake):
    geocoder = make()
    assert geocoder.resolve("Nowhereabad") == []
    assert geocoder.resolve("NOWHEREABAD") == []
    assert len(fake.searches()) == 1


def test_cache_persists_on_disk_across_geocoders(make, fake, cache_file):
    make().resolve("Hadrut")
    make().resolve("Nowhereabad")
    again = make()
    assert again.resolve("Hadrut")[0].place.id == "osm:N1658410732"
    assert again.resolve("Nowhereabad") == []
    assert len(fake.searches()) == 2
    assert cache_file.exists()


def test_cache_keeps_the_raw_answer_for_later_reparsing(make, cache_file):
    make().resolve("Hadrut")
    with sqlite3.connect(cache_file) as conn:
        domain, query, asked, raw = conn.execute("SELECT domain, query, asked, raw FROM answers").fetchone()
    answer = json.loads(raw)
    assert query == "hadrut" and asked == "Hadrut" and domain.startswith("127.0.0.1:")
    assert answer[0]["osm_id"] == 1658410732
    assert answer[0]["address"]["country_code"] == "az"
    assert answer[0]["namedetails"]["name:hy"] == "Հադրութ"


def test_cache_is_per_domain(cache_file):
    with FakeNominatim() as one, FakeNominatim() as two:
        for server in (one, two, one, two):
            with OnlineGeocoder(domain=server.domain, scheme="http", cache_path=cache_file,
                                min_delay_seconds=0) as geocoder:
                geocoder.resolve("Hadrut")
        assert len(one.searches()) == 1 and len(two.searches()) == 1


def test_concurrent_askers_of_a_new_name_make_one_request(make, fake):
    geocoder = make()
    results = []
    threads = [threading.Thread(target=lambda: results.append(geocoder.resolve("Hadrut"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r == results[0] for r in results)
    assert len(fake.searches()) == 1


def test_without_cache_path_answers_are_kept_for_the_process(make, fake, tmp_path):
    geocoder = make(cache_path=None)
    geocoder.resolve("Hadrut")
    geocoder.resolve("Hadrut")
    assert len(fake.searches()) == 1
    assert not any(tmp_path.rglob("*.sqlite"))


def test_corrupt_cache_file_is_moved_aside_and_recreated(make, fake, cache_file, caplog):
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"this is not an SQLite database at all\n" * 200)
    with caplog.at_level(logging.WARNING, logger="gazetteer.online"):
        assert make().resolve("Hadrut")[0].place.country == "AZ"
    assert "unreadable" in caplog.text and "moved it to" in caplog.text
    moved = list(cache_file.parent.glob("nominatim.sqlite.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_bytes().startswith(b"this is not an SQLite database")
    make().resolve("Hadrut")  # the new cache works
    assert len(fake.searches()) == 1


def test_damaged_database_pages_are_detected(make, fake, cache_file, caplog):
    geocoder = make()
    for name in ("Hadrut", "Martuni", "Armenia", "Talysh", "Gegharkunik"):
        geocoder.resolve(name)
    geocoder.close()
    data = bytearray(cache_file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > page_size
    data[page_size:] = b"\xff" * (len(data) - page_size)  # wipe every page after the header page
    cache_file.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="gazetteer.online"):
        assert make().resolve("Hadrut")[0].place.id == "osm:N1658410732"
    assert "moved it to" in caplog.text
    assert len(fake.searches()) == 6  # asked again: the damaged answers are not trusted


def test_foreign_sqlite_file_is_moved_aside_not_used(make, cache_file):
    cache_file.parent.mkdir(parents=True)
    with sqlite3.connect(cache_file) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    make().resolve("Hadrut")
    moved = list(cache_file.parent.glob("nominatim.sqlite.corrupt-*"))
    assert len(moved) == 1
    with sqlite3.connect(moved[0]) as conn:
        assert conn.execute("SELECT body FROM notes").fetchone() == ("keep me",)
    conn.close()


def test_unwritable_cache_location_falls_back_to_memory(make, fake, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    geocoder = make(cache_path=blocker / "nominatim.sqlite")
    with caplog.at_level(logging.WARNING, logger="gazetteer.online"):
        geocoder.resolve("Hadrut")
        geocoder.resolve("Hadrut")
    assert "caching in memory only" in caplog.text
    assert len(fake.searches()) == 1


def test_pickled_geocoder_answers_from_the_same_cache(make, fake):
    geocoder = make()
    geocoder.resolve("Hadrut")
    clone = pickle.loads(pickle.dumps(geocoder))
    assert clone.resolve("Hadrut")[0].place.id == "osm:N1658410732"
    assert len(fake.searches()) == 1


# --- rate limit -------------------------------------------------------------------------


def test_rate_limit_spaces_requests_on_a_fake_clock(make, fake):
    clock = FakeClock()
    geocoder = make(min_delay_seconds=1.0, rate_limiter=RateLimiter(clock=clock, sleep=clock.sleep))
    geocoder.resolve("Hadrut")       # first request: no wait
    geocoder.resolve("Martuni")      # immediately after: waits the full second
    clock.now += 0.3
    geocoder.resolve("Armenia")      # 0.3 s already passed: waits 0.7
    clock.now += 5
    geocoder.resolve("Talysh")       # long after: no wait
    assert clock.slept == [1.0, 0.7]
    assert len(fake.searches()) == 4


def test_cache_hits_do_not_wait(make):
    clock = FakeClock()
    geocoder = make(min_delay_seconds=1.0, rate_limiter=RateLimiter(clock=clock, sleep=clock.sleep))
    geocoder.resolve("Hadrut")
    for _ in range(5):
        geocoder.resolve("Hadrut")
    assert clock.slept == []


def test_failed_request_counts_against_the_rate_limit(make, fake):
    clock = FakeClock()
    geocoder = make(min_delay_seconds=1.0, rate_limiter=RateLimiter(clock=clock, sleep=clock.sleep))
    fake.fail_with(500)
    with pytest.raises(OnlineLookupError):
        geocoder.resolve("Hadrut")
    fake.heal()
    geocoder.resolve("Hadrut")
    assert clock.slept == [1.0]


def test_geocoders_of_one_domain_share_the_process_rate_limit(make, fake):
    first, second = make(min_delay_seconds=0.2), make(min_delay_seconds=0.2)
    first.resolve("Hadrut")
    second.resolve("Martuni")
    first.resolve("Armenia")
    arrivals = [r.at for r in fake.searches()]
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.18, gaps


# --- failures ---------------------------------------------------------------------------


def test_timeout_raises_lookup_error_and_is_not_cached(make, fake):
    geocoder = make(timeout=0.2)
    fake.hang(3.0)
    with pytest.raises(OnlineLookupError, match="timed out"):
        geocoder.resolve("Hadrut")
    fake.heal()
    assert geocoder.resolve("Hadrut")[0].place.id == "osm:N1658410732"
    assert len(fake.searches()) == 2
    assert geocoder.stats["failures"] == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429, 403])
def test_service_error_raises_lookup_error_and_is_not_cached(make, fake, status):
    geocoder = make()
    fake.fail_with(status)
    with pytest.raises(OnlineLookupError, match=rf"HTTP Error {status}\b") as caught:
        geocoder.resolve("Hadrut")
    assert fake.domain in str(caught.value) and "Hadrut" in str(caught.value)
    fake.heal()
    assert geocoder.resolve("Hadrut") != []
    assert len(fake.searches()) == 2


@pytest.mark.parametrize("status", [429, 403])
def test_refusal_by_the_service_points_at_the_usage_policy(make, fake, status):
    fake.fail_with(status)
    with pytest.raises(OnlineLookupError, match="GEO_USER_AGENT.*1 request per second"):
        make().resolve("Hadrut")


@pytest.mark.parametrize(
    "body",
    [b"<html>Bad gateway</html>", b'{"foo": "bar"}', b"[1, 2, 3]", b'[{"lat": "x", "lon": "y"}]',
     b'{"error": "Internal error"}'],
    ids=["html", "object", "numbers", "bad-coordinates", "error-object"],
)
def test_malformed_answer_raises_lookup_error_and_is_not_cached(make, fake, body):
    geocoder = make()
    fake.send_body(body)
    with pytest.raises(OnlineLookupError):
        geocoder.resolve("Hadrut")
    fake.heal()
    assert geocoder.resolve("Hadrut") != []


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_dripping_service_fails_at_the_deadline_not_per_read(make, fake, headers_too):
    geocoder = make(timeout=1.0)
    fake.drip(0.3, headers_too=headers_too)  # each read is quick: only a total deadline stops it
    started = time.monotonic()
    with pytest.raises(OnlineLookupError, match="timed out after 1 s") as caught:
        geocoder.resolve("Hadrut")
    assert time.monotonic() - started < 3
    assert caught.value.cause == "timed out after 1 s"
    fake.heal()
    assert geocoder.resolve("Hadrut") != []


@pytest.mark.parametrize("say_length", [True, False], ids=["content-length", "no-length"])
def test_an_answer_over_the_cap_is_not_read(make, fake, say_length):
    geocoder = make(timeout=30.0, max_answer_bytes=2_000_000)
    fake.flood(5, say_length=say_length)
    with pytest.raises(OnlineLookupError, match="answer too large") as caught:
        geocoder.resolve("Hadrut")
    assert caught.value.cause == "answer too large"
    fake.heal()
    assert geocoder.resolve("Hadrut") != []


def test_rate_limit_names_the_status_and_retry_after(make, fake):
    fake.fail_with(429, {"Retry-After": "30"})
    with pytest.raises(OnlineLookupError, match=r"failed: HTTP 429, rate limited, Retry-After 30 s") as caught:
        make().resolve("Hadrut")
    assert caught.value.cause == "HTTP 429, rate limited, Retry-After 30 s"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_service_error_names_its_status(make, fake, status):
    fake.fail_with(status)
    with pytest.raises(OnlineLookupError) as caught:
        make().resolve("Hadrut")
    assert caught.value.cause == f"HTTP {status}"


def test_connection_refused_raises_lookup_error(cache_file):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = OnlineGeocoder(domain=f"127.0.0.1:{port}", scheme="http", cache_path=cache_file,
                              min_delay_seconds=0, timeout=1.0)
    with pytest.raises(OnlineLookupError, match="refused"):
        geocoder.resolve("Hadrut")


def test_lookup_error_is_a_gazetteer_error():
    assert issubclass(OnlineLookupError, GazetteerError)


# --- configuration ----------------------------------------------------------------------


def test_user_agent_is_sent_as_configured(make, fake):
    make(user_agent="conflict-geo-tests (qa@example.org)").resolve("Hadrut")
    assert fake.searches()[0].headers["User-Agent"] == "conflict-geo-tests (qa@example.org)"


def test_default_user_agent_identifies_the_application(make, fake):
    make().resolve("Hadrut")
    sent = fake.searches()[0].headers["User-Agent"]
    assert sent == DEFAULT_USER_AGENT and sent.startswith("conflict-geo/")


def test_from_env_reads_domain_scheme_and_user_agent(monkeypatch, fake, cache_file):
    monkeypatch.setenv("GEO_ONLINE_DOMAIN", fake.domain)
    monkeypatch.setenv("GEO_ONLINE_SCHEME", "http")
    monkeypatch.setenv("GEO_USER_AGENT", "newsroom-map (desk@example.org)")
    geocoder = OnlineGeocoder.from_env(cache_path=cache_file, min_delay_seconds=0)
    assert geocoder.resolve("Hadrut")[0].place.country == "AZ"
    assert fake.searches()[0].headers["User-Agent"] == "newsroom-map (desk@example.org)"


def test_from_env_overrides_win_and_empty_variables_are_ignored(monkeypatch):
    monkeypatch.setenv("GEO_ONLINE_DOMAIN", "nominatim.example.org")
    monkeypatch.setenv("GEO_ONLINE_SCHEME", "")
    geocoder = OnlineGeocoder.from_env(domain="geo.example.net", cache_path=None)
    assert (geocoder.domain, geocoder.scheme, geocoder.user_agent) == ("geo.example.net", "https", DEFAULT_USER_AGENT)


@pytest.mark.parametrize(
    "options",
    [{"scheme": "ftp"}, {"domain": "https://nominatim.example.org"}, {"domain": ""}, {"user_agent": " "},
     {"user_agent": "my-application"}],
    ids=["scheme", "domain-with-scheme", "empty-domain", "blank-agent", "sample-agent"],
)
def test_bad_configuration_is_refused_up_front(options):
    with pytest.raises(ValueError):
        OnlineGeocoder(cache_path=None, **options)


def test_default_cache_path_honours_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "conflict-geo" / "nominatim.sqlite"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # the XDG spec says: ignore
    assert default_cache_path().parts[-3:] == (".cache", "conflict-geo", "nominatim.sqlite")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_path() == default_cache_path().home() / ".cache" / "conflict-geo" / "nominatim.sqlite"


def test_default_cache_path_is_read_when_the_geocoder_is_made(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "later"))
    assert OnlineGeocoder().cache_path == tmp_path / "later" / "conflict-geo" / "nominatim.sqlite"


# --- network boundary -------------------------------------------------------------------


def test_only_the_configured_domain_is_contacted(make, fake, monkeypatch):
    contacted = []
    real_connect = socket.socket.connect

    def recording_connect(sock, address):
        contacted.append(address[:2])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    geocoder = make()
    geocoder.resolve("Hadrut")
    geocoder.resolve("Nowhereabad")
    fake.fail_with(503)
    with pytest.raises(OnlineLookupError):
        geocoder.resolve("Martuni")
    assert contacted and set(contacted) == {("127.0.0.1", fake.port)}


def test_default_configuration_contacts_only_nominatim_over_https(monkeypatch, cache_file):
    asked = []

    def no_network(host, port, *args, **kwargs):
        asked.append((host, port))
        raise socket.gaierror(socket.EAI_NONAME, "blocked by the test")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    geocoder = OnlineGeocoder(cache_path=cache_file)
    with pytest.raises(OnlineLookupError, match=DEFAULT_DOMAIN):
        geocoder.resolve("Hadrut")
    assert asked == [(DEFAULT_DOMAIN, 443)]


def test_answers_folder_holds_the_canned_payloads():
    # The fake answers from these files; if they vanished every "hit" test would be a miss test.
    assert len(list(ANSWERS_DIR.glob("*.json"))) >= 5
