"""Bad input and faults (issue #11): never a wrong figure with exit 0, never a traceback. Dates are read
one way (dates.lees_datum), the monitor refuses years it cannot count, and every expected error of the
command line is one line on stderr with a non-zero exit code. The CLI runs in-process (cli.main)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import yaml

from bouw import Bouw
from banenafspraak import monitor
from banenafspraak.dates import DatumError, lees_datum, ts
from banenafspraak.loading import laatste_datum, lees_map
from banenafspraak.parameters import ParameterError, parameter
from banenafspraak.runner import RunError, run_rapport

BAAN = 110.92  # verloonde uren in a month = 1 baan (RULES.md §3)


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


# --------------------------------------------------------------------------- point 9: monitor years

def nulmeting_data() -> Bouw:
    """12 Wajong persons, each 1 baan at a markt employer in December 2012 and nothing later."""
    b = Bouw()
    for i in range(12):
        b.persoon(f"P{i:02d}").registratie(f"P{i:02d}", "WAJONG_OUD")
        b.maand_opgave(f"P{i:02d}", f"I{i}", "WM", 2012, 12, BAAN)
    return b


def test_monitor_in_het_jaar_van_de_nulmeting(tmp_path):
    """2012 is a valid, dull monitor year: banen = nulmeting = 12, extra banen 0, no target, no series."""
    assert monitor.eerste_jaar() == 2012
    pub = monitor.publicatie(lees_map(nulmeting_data().schrijf(tmp_path / "d")), 2012)
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    assert bs.loc["totaal", "banen"] == pytest.approx(12) and bs.loc["markt", "banen"] == pytest.approx(12)
    assert (bs["nulmeting"] == bs["banen"]).all() and (bs["extra_banen"] == 0).all()
    assert bs["doelstelling"].isna().all()
    for naam in ("reeks", "samenstelling"):
        t = pub.tabellen[naam]
        assert t.data.empty and "jaar" in t.data.columns and "2013-2012" not in t.titel
    g = pub.publiceer(10)
    assert g["banen_sector"].set_index("sector").loc["totaal", "extra_banen"] == 0


def test_monitor_voor_de_nulmeting(tmp_path):
    ds = lees_map(nulmeting_data().schrijf(tmp_path / "d"))
    for f in (lambda: monitor.peildata(2011), lambda: monitor.publicatie(ds, 2011)):
        with pytest.raises(ValueError, match=r"^jaar 2011 ligt voor de nulmeting \(31-12-2012\): het eerste mogelijke "
                                             r"jaar is 2012$"):
            f()


def test_monitor_jaar_na_de_data():
    monitor.controleer_jaar(2024, dt.date(2024, 12, 31))
    with pytest.raises(ValueError, match="de data lopen tot 31-12-2024.*het laatste mogelijke jaar is 2024$"):
        monitor.controleer_jaar(2030, dt.date(2024, 12, 31))
    with pytest.raises(ValueError, match="het laatste mogelijke jaar is 2024$"):  # December 2025 not in the data
        monitor.controleer_jaar(2025, dt.date(2025, 6, 30))


@pytest.mark.parametrize("formaat", ["csv", "parquet"])
def test_laatste_datum_van_de_data(tmp_path, formaat):
    """meta.yaml tot_jaar when given (the generator writes it), else the last opgave_einde of the polis."""
    b = nulmeting_data()
    b.maand_opgave("P00", "I0", "WM", 2014, 3, BAAN)
    map = b.schrijf(tmp_path / "d", formaat=formaat)
    assert laatste_datum(map) == dt.date(2014, 3, 31)
    meta = yaml.safe_load((map / "meta.yaml").read_text())
    (map / "meta.yaml").write_text(yaml.safe_dump({**meta, "tot_jaar": 2016}))
    assert laatste_datum(map) == dt.date(2016, 12, 31)


@pytest.mark.parametrize("jaar, melding", [(2011, "het eerste mogelijke jaar is 2012"),
                                           (2030, "het laatste mogelijke jaar is 2012")])
def test_run_monitor_weigert_jaar_voor_de_notebook(tmp_path, jaar, melding):
    """The runner refuses before anything runs or is written: no run folder, not even the output folder."""
    data = nulmeting_data().schrijf(tmp_path / "d")
    with pytest.raises(RunError, match=melding) as e:
        run_rapport("landelijke-monitor", overrides={"jaar": jaar, "data_dir": str(data)}, uit=tmp_path / "uit",
                    log=lambda *a: None)
    assert "\n" not in str(e.value) and not (tmp_path / "uit").exists()
