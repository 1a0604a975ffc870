"""The public API: every name in geo.__all__ resolves, and none is shadowed by a sub-package."""

from __future__ import annotations

import importlib

import geo


def test_every_public_name_resolves():
    for name in geo.__all__:
        assert getattr(geo, name) is not None, name


def test_public_names_are_not_shadowed_by_subpackages():
    # Importing a sub-package sets an attribute of the same name on ``geo``: no public name may clash.
    for package in ("read", "language", "extract", "pipeline", "outputs", "map", "evaluate"):
        importlib.import_module(f"geo.{package}")
        assert package not in geo.__all__
    assert callable(geo.run_build) and geo.BuildOptions().articles.name == "seeds"


def test_the_offline_gazetteer_and_the_online_geocoder_share_the_lookup_protocol():
    from gazetteer.online import OnlineGeocoder

    assert isinstance(geo.Gazetteer.default(), geo.Lookup)
    assert isinstance(OnlineGeocoder(cache_path=None, domain="127.0.0.1:9"), geo.Lookup)
