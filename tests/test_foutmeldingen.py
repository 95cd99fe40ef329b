"""Bad input and faults (issue #11): never a wrong figure with exit 0, never a traceback. Dates are read
one way (dates.lees_datum), the monitor refuses years it cannot count, and every expected error of the
command line is one line on stderr with a non-zero exit code. The CLI runs in-process (cli.main)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from banenafspraak.dates import DatumError, lees_datum, ts
from banenafspraak.parameters import ParameterError, parameter


# --------------------------------------------------------------------------- point 7: dates

@pytest.mark.parametrize("x, verwacht", [
    ("2020-06-01", dt.date(2020, 6, 1)), (" 2020-06-01 ", dt.date(2020, 6, 1)),
    ("2020", dt.date(2020, 12, 31)), (2020, dt.date(2020, 12, 31)),  # a year is 31 December, as jaar=2020
    (dt.date(2020, 6, 1), dt.date(2020, 6, 1)), (pd.Timestamp("2020-06-01"), dt.date(2020, 6, 1)),
])
def test_lees_datum_iso_of_jaartal(x, verwacht):
    assert lees_datum(x) == verwacht


@pytest.mark.parametrize("x", ["01-06-2020", "1-6-2020", "06/01/2020", "2020/06/01", "20200601", "2020-6-1",
                               "2020-W23-1", "2020-06-01T12:00", "juni 2020", "", "20", 23, True, None])
def test_lees_datum_weigert_wat_te_raden_valt(x):
    with pytest.raises(DatumError) as e:
        lees_datum(x)
    assert "\n" not in str(e.value)
    if isinstance(x, str) and x:
        assert "JJJJ-MM-DD" in str(e.value) and repr(x) in str(e.value)


def test_lees_datum_niet_bestaande_dag():
    with pytest.raises(DatumError, match="'2020-02-30' bestaat niet"):
        lees_datum("2020-02-30")


def test_een_jaartal_is_overal_31_december():
    """ts (used by the rules and verklaar) and the parameter lookup read a date as lees_datum does."""
    assert ts("2020") == ts(2020) == pd.Timestamp("2020-12-31")
    assert parameter("publicatie.min_cel", "2020") == parameter("publicatie.min_cel", dt.date(2020, 12, 31))
    with pytest.raises(DatumError):
        ts("01-06-2020")  # pandas would read 6 January
    with pytest.raises(ParameterError, match="JJJJ-MM-DD"):
        parameter("banen.uren_per_maand", "01-06-2020")
