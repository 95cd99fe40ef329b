import os
import sys
from pathlib import Path

# `make test` runs a test file per core (pytest-xdist): each worker then uses one thread for DuckDB and BLAS, in
# this process and in the notebook kernels it starts, instead of every worker using every core (the threads of two
# workers contending cost more than they gain). A setting already in the environment stays.
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1) > 1:
    for _naam in ("BANENAFSPRAAK_DUCKDB_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_naam, "1")

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
