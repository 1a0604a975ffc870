import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakes import FakeGazetteer  # noqa: E402


@pytest.fixture(scope="session")
def gazetteer():
    return FakeGazetteer()
