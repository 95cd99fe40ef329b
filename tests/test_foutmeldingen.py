"""Bad input and faults (issue #11): never a wrong figure with exit 0, never a traceback. Dates are read
one way (dates.lees_datum), the monitor refuses years it cannot count, and every expected error of the
command line is one line on stderr with a non-zero exit code. The CLI runs in-process (cli.main)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from bouw import Bouw, basis
from banenafspraak import cli, monitor
from banenafspraak.dates import DatumError, lees_datum, ts
from banenafspraak.loading import laatste_datum, lees_map
from banenafspraak.parameters import ParameterError, parameter
from banenafspraak.runner import RunError, run_rapport

BAAN = 110.92  # verloonde uren in a month = 1 baan (RULES.md §3)


def een_regel(err: str) -> str:
    """stderr of a refused command: exactly one line, starting with 'fout: ', no traceback."""
    regels = err.strip().splitlines()
    assert len(regels) == 1 and regels[0].startswith("fout: ") and "Traceback" not in err, err
    return regels[0]


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


def test_cli_verklaar_weigert_dubbelzinnige_peildatum(tmp_path, capsys):
    """Refused before the data are read (a data folder that does not exist is not even looked at)."""
    rc = cli.main(["verklaar", "P001", "--peildatum", "01-06-2020", "--data", str(tmp_path / "bestaat-niet")])
    regel = een_regel(capsys.readouterr().err)
    assert rc != 0 and regel.startswith("fout: --peildatum: geen geldige datum: '01-06-2020'")


def test_cli_verklaar_jaartal_is_31_december(tmp_path, capsys):
    data = basis().schrijf(tmp_path / "d")  # P001 has a job in December 2023
    assert cli.main(["verklaar", "P001", "--peildatum", "2023", "--data", str(data)]) == 0
    assert "Persoon P001 op peildatum 2023-12-31" in capsys.readouterr().out


@pytest.mark.parametrize("peildatum, melding", [
    ("2024-01-31", "peildatum 31-01-2024 ligt na het einde van de polis (t/m 31-12-2023)"),
    ("2011", "peildatum 31-12-2011 ligt voor het begin van de polis (vanaf 01-01-2012, meta.yaml polis_van)")])
def test_cli_verklaar_weigert_peildatum_buiten_de_polis(tmp_path, capsys, peildatum, melding):
    """Outside the polis nobody works: verklaar would say 'telt niet mee, 0 opgaven' for a person with a
    job; refused as the reports refuse it (periode.controleer_peildata)."""
    data = basis().schrijf(tmp_path / "d")  # the polis covers 01-01-2012 (meta.yaml) t/m 31-12-2023
    rc = cli.main(["verklaar", "P001", "--peildatum", peildatum, "--data", str(data)])
    out = capsys.readouterr()
    assert rc == 1 and out.out == ""
    assert een_regel(out.err) == f"fout: --peildatum: {melding}"


def test_cli_parameters_peildatum(capsys):
    assert cli.main(["parameters", "banen.uren_per_maand", "--peildatum", "2020"]) == 0
    assert "banen.uren_per_maand op 2020-12-31: 110.92" in capsys.readouterr().out
    assert cli.main(["parameters", "banen.uren_per_maand", "--peildatum", "31-12-2020"]) != 0
    assert "'31-12-2020'" in een_regel(capsys.readouterr().err)


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


# --------------------------------------------------------------------------- CLI: one line per expected error

@pytest.mark.parametrize("argv", [["valideer", "{tmp}"], ["genereer", "--schaal", "0.001"],
                                  ["genereer", "--schaal", "0.001", "--uit", "{tmp}/g"], ["verklaar", "P001"],
                                  ["run", "landelijke-monitor"], ["opruimen"]])
def test_cli_zonder_projectmap_een_regel(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.setenv("BANENAFSPRAAK_ROOT", str(tmp_path / "bestaat-niet"))
    rc = cli.main([a.format(tmp=tmp_path) for a in argv])
    assert rc != 0
    assert een_regel(capsys.readouterr().err) == f"fout: BANENAFSPRAAK_ROOT={tmp_path / 'bestaat-niet'} is geen bestaande map"
    assert not (tmp_path / "g").exists()  # the generator fails before it writes


def test_cli_genereer_uit_is_bestand(tmp_path, capsys):
    bestand = tmp_path / "bestand"
    bestand.write_text("x")
    assert cli.main(["genereer", "--schaal", "0.001", "--uit", str(bestand)]) != 0
    assert een_regel(capsys.readouterr().err) == f"fout: doelmap {bestand} is een bestand, geen map"
    assert cli.main(["genereer", "--schaal", "0.001", "--uit", str(bestand / "onder")]) != 0
    assert een_regel(capsys.readouterr().err) == (f"fout: doelmap {bestand / 'onder'} kan niet worden gemaakt: "
                                                  f"{bestand} is een bestand, geen map")


def test_cli_verkeerde_aanroep_een_regel(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["genereer", "--tot", "twintig"])
    assert e.value.code == 2
    assert "'twintig'" in een_regel(capsys.readouterr().err)


def test_cli_onverwachte_fout_toont_traceback_en_log(monkeypatch, capsys):
    """Only a bug shows a traceback, and the last line says where the log is."""
    def stuk(args):
        raise ZeroDivisionError("deling door nul in een opdracht")

    monkeypatch.setattr(cli, "cmd_parameters", stuk)
    assert cli.main(["parameters"]) != 0
    err = capsys.readouterr().err
    laatste = err.strip().splitlines()[-1]
    assert "Traceback" in err and laatste.startswith("fout: onverwachte fout in banenafspraak: ZeroDivisionError")
    log = laatste.rsplit("de volledige melding staat in ", 1)[1]
    tekst = Path(log).read_text(encoding="utf-8")
    Path(log).unlink()
    assert "Traceback" in tekst and "deling door nul" in tekst


# --------------------------------------------------------------------------- point 12: a full disk names the file

@pytest.mark.parametrize("bestand", ["mini-rapport.html", "tables.xlsx"])
def test_schijf_vol_noemt_het_bestand(tmp_path, monkeypatch, capsys, bestand):
    """A real full disk (the file is /dev/full): Python's error of the failed write has no file name; the
    one line on stderr names the file that could not be written, and no half file stays behind. The
    notebook itself is not executed (papermill copies it and leaves one table, as a report would)."""
    import json
    import os
    import shutil

    import papermill

    def voer_uit(invoer, uitvoer, **kw):
        shutil.copy(invoer, uitvoer)
        werk = Path(uitvoer).parent
        (werk / "tables").mkdir()
        (werk / "tables" / "t.csv").write_text("jaar,banen\n2023,12.5\n", encoding="utf-8")
        (werk / "tabellen.json").write_text(json.dumps({"tabellen": [{"naam": "t", "titel": "T", "kolommen": [
            "jaar", "banen"], "rijen": 1}], "figuren": []}), encoding="utf-8")
        os.symlink("/dev/full", werk / bestand)

    monkeypatch.setattr(papermill, "execute_notebook", voer_uit)
    data = basis().schrijf(tmp_path / "d")
    uit = tmp_path / "uit"
    nb = Path(__file__).parent / "notebooks" / "mini_rapport.ipynb"
    assert cli.main(["run", str(nb), "-p", f"data_dir={data}", "--uit", str(uit)]) == 1
    regel = een_regel(capsys.readouterr().err)
    mislukt = next(uit.iterdir())
    assert mislukt.name.endswith(".mislukt")
    assert regel == (f"fout: rapport mini-rapport mislukt: schijf vol (geen ruimte meer op het apparaat): "
                     f"{mislukt / bestand}; onafgemaakte run: {mislukt}")
    assert not (mislukt / bestand).is_symlink() and not (mislukt / bestand).exists()
    fout = (mislukt / "fout.txt").read_text(encoding="utf-8")  # written before the folder was renamed
    assert fout.startswith("OSError: [Errno 28] No space left on device: ") and f"bezig/{bestand}'" in fout
