import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    # Never write to the developer's real cache from tests.
    os.environ["STORYLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("storylint-cache"))
    yield

sys.path.insert(0, str(Path(__file__).resolve().parent))
