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


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty project directory as cwd, so no config is discovered from the repository."""
    (tmp_path / "storylint.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


sys.path.insert(0, str(Path(__file__).resolve().parent))
