import sys
from pathlib import Path

import pytest


from tests.extract.fakes import FakeGazetteer  # noqa: E402


@pytest.fixture(scope="session")
def gazetteer():
    return FakeGazetteer()
