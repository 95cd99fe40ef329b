"""Report runner end to end on a tiny notebook (DATA_CONTRACT.md "Output: one folder per run")."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from bouw import basis
from banenafspraak.runner import RunError, controleer_parameters, parse_p, run_rapport

NB = Path(__file__).parent / "notebooks"
pytestmark = pytest.mark.traag


@pytest.fixture
def data(tmp_path):
    return basis().schrijf(tmp_path / "data")


def test_run_schrijft_complete_map(tmp_path, data):
    run = run_rapport("mini-rapport", overrides={"data_dir": str(data), "drempel": 5}, uit=tmp_path / "uit",
                      notebooks_map=NB, log=lambda *_: None)
    assert run.parent == tmp_path / "uit" and not run.name.startswith(".")
    for f in ["mini-rapport.ipynb", "mini-rapport.html", "tables/per_grondslag.csv", "tables.xlsx",
              "figures/per_grondslag.png", "run.json"]:
        assert (run / f).exists(), f
    html = (run / "mini-rapport.html").read_text()
    assert "lees_map" not in html  # HTML without code
    t = pd.read_csv(run / "tables" / "per_grondslag.csv")
    assert t["personen"].sum() == 3
    rj = json.loads((run / "run.json").read_text())
    assert rj["status"] == "voltooid"
    assert rj["parameters"]["drempel"] == 5 and rj["parameters"]["min_cel"] == 10
    assert set(rj["data"]["vingerafdruk"]) >= {"persoon.csv", "polis.csv", "meta.yaml"}
    assert rj["data"]["meta"]["bron"] == "synthetisch"
    assert "git_commit" in rj["code"] and "git_dirty" in rj["code"]
    assert rj["pakketten"]["pandas"] and rj["start"] <= rj["einde"]
    assert rj["reconciliatie"]["gelezen"]["polis"] == 3
    assert rj["reconciliatie"]["weggelaten"][0]["rijen"] == 3
    xl = pd.read_excel(run / "tables.xlsx", sheet_name=None)
    assert list(xl) == ["Toelichting", "per_grondslag"]
    dekblad = xl["Toelichting"].astype(str).to_string()
    assert "SYNTHETISCHE DATA" in dekblad and "2023-12-31" in dekblad and "Mini-rapport" in dekblad


def test_params_bestand_en_p(tmp_path, data):
    pf = tmp_path / "p.yaml"
    pf.write_text(f"data_dir: {data}\ndrempel: 1.5\n")
    run = run_rapport("mini-rapport", params_file=pf, overrides=parse_p(["min_cel=0"]), uit=tmp_path / "u",
                      notebooks_map=NB, log=lambda *_: None)
    rj = json.loads((run / "run.json").read_text())
    assert rj["parameters"]["drempel"] == 1.5 and rj["parameters"]["min_cel"] == 0
    dekblad = pd.read_excel(run / "tables.xlsx", sheet_name="Toelichting").astype(str).to_string()
    assert "NIET VOOR PUBLICATIE" in dekblad


def test_onbekende_parameter_is_fout():
    with pytest.raises(RunError, match="drempl.*bedoelde u drempel"):
        controleer_parameters({"drempl": 3}, {"drempel": 50.0, "data_dir": None}, "mini")
    with pytest.raises(RunError, match="geheel getal"):
        controleer_parameters({"jaar": "twee"}, {"jaar": 2023}, "mini")
    with pytest.raises(RunError, match="zet de runner zelf"):
        controleer_parameters({"uitvoer_map": "/tmp"}, {"uitvoer_map": None}, "mini")


def test_mislukte_run_laat_geen_complete_map(tmp_path, data):
    with pytest.raises(RunError, match="drempel negatief"):
        run_rapport("mini-rapport", overrides={"data_dir": str(data), "drempel": -1}, uit=tmp_path / "uit",
                    notebooks_map=NB, log=lambda *_: None)
    mappen = list((tmp_path / "uit").iterdir())
    assert len(mappen) == 1 and mappen[0].name.endswith(".mislukt")
    assert not (mappen[0] / "run.json").exists() and (mappen[0] / "fout.txt").exists()


def test_onbekend_rapport():
    with pytest.raises(RunError, match="onbekend rapport"):
        run_rapport("bestaat-niet", notebooks_map=NB)


def test_cli_fout_zonder_traceback(tmp_path, data):
    cmd = [sys.executable, "-m", "banenafspraak.cli", "run", str(NB / "mini_rapport.ipynb"), "-p", f"data_dir={data}",
           "--uit", str(tmp_path / "uit")]
    r = subprocess.run(cmd + ["-p", "drempl=3"], capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "drempl" in r.stderr and "drempel" in r.stderr
    r = subprocess.run(cmd + ["-p", "drempel=-2"], capture_output=True, text=True)
    assert r.returncode != 0 and "Traceback" not in r.stderr and "drempel negatief" in r.stderr
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    klaar = [p for p in (tmp_path / "uit").iterdir() if (p / "run.json").exists()]
    assert len(klaar) == 1
