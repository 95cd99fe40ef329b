import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def standaard_map():
    """The embedded synthetic default data (generated on first use, as `make report` does)."""
    from banenafspraak.synth import zorg_voor_standaarddata

    return zorg_voor_standaarddata(log=lambda *a: None)


@pytest.fixture(scope="session")
def standaard(standaard_map):
    from banenafspraak.loading import lees_map

    return lees_map(standaard_map)
