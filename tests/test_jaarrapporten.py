"""``banenafspraak run jaarrapporten``: the three yearly reports by one command, ``-p jaar`` as each
report's own year parameter, one after the other or at the same time in processes of their own."""
import json
from pathlib import Path

import pytest

from banenafspraak import cli
from banenafspraak.runner import GROEPEN, RunError, groep_parameters

pytestmark = pytest.mark.traag


def test_jaar_wordt_het_jaar_van_elk_rapport():
    p = groep_parameters("jaarrapporten", {"jaar": 2021, "min_cel": 15, "eerste_cohort": 2017})
    assert list(p) == ["landelijke-monitor", "duurzaamheid", "arbeidsparticipatie"]
    assert p["landelijke-monitor"]["jaar"] == 2021 and "cohort" not in p["landelijke-monitor"]
    assert p["duurzaamheid"]["cohort"] == 2021 and "jaar" not in p["duurzaamheid"]
    assert p["arbeidsparticipatie"]["tot_jaar"] == 2021 and "jaar" not in p["arbeidsparticipatie"]
    assert all(q["min_cel"] == 15 for q in p.values())  # a common parameter goes to every report
    # a parameter of one report goes to that report only; the rest comes from params/<rapport>.yaml
    assert p["duurzaamheid"]["eerste_cohort"] == 2017 and "eerste_cohort" not in p["arbeidsparticipatie"]
    assert p["arbeidsparticipatie"]["van_jaar"] == 2013


def test_zonder_jaar_de_standaardparameters():
    p = groep_parameters("jaarrapporten", {})
    assert p["landelijke-monitor"]["jaar"] == 2023 and p["duurzaamheid"]["cohort"] == 2023
    assert p["arbeidsparticipatie"]["tot_jaar"] == 2023


def test_onbekende_parameter_genoemd():
    with pytest.raises(RunError, match=r"onbekende parameter.*jar \(bedoelde u jaar.*\?\); bekend: .*jaar") as e:
        groep_parameters("jaarrapporten", {"jar": 2023})
    assert "uitvoer_map" not in str(e.value)  # set by the runner, not by users
    with pytest.raises(RunError, match="zet de runner zelf"):
        groep_parameters("jaarrapporten", {"uitvoer_map": "/tmp/x"})


def test_gelijktijdig_drie_runmappen(tmp_path, capsys):
    uit = tmp_path / "uit"
    assert cli.main(["run", "jaarrapporten", "-p", "jaar=2022", "--gelijktijdig", "3", "--uit", str(uit)]) == 0
    out = capsys.readouterr().out
    runs = {json.loads((d / "run.json").read_text())["rapport"]: json.loads((d / "run.json").read_text())
            for d in uit.iterdir() if (d / "run.json").exists()}
    assert set(runs) == set(GROEPEN["jaarrapporten"])
    assert runs["landelijke-monitor"]["parameters"]["jaar"] == 2022
    assert runs["duurzaamheid"]["parameters"]["cohort"] == 2022
    assert runs["arbeidsparticipatie"]["parameters"]["tot_jaar"] == 2022
    assert all(r["status"] == "voltooid" for r in runs.values())
    for r in runs:  # every line of a run carries its report's name
        assert f"[{r}] klaar: " in out


def test_gelijktijdig_mislukt_een_regel_per_rapport(tmp_path, capsys):
    weg = tmp_path / "bestaat-niet"
    rc = cli.main(["run", "jaarrapporten", "-p", f"data_dir={weg}", "--gelijktijdig", "2", "--uit", str(tmp_path / "uit")])
    assert rc != 0
    cap = capsys.readouterr()
    for r in GROEPEN["jaarrapporten"]:
        assert f"[{r}] fout: data_dir {weg} bestaat niet" in cap.out
    assert cap.err.startswith("fout: jaarrapporten: mislukt: ") and "Traceback" not in cap.err + cap.out


def test_gelijktijdig_nul_geweigerd(capsys):
    assert cli.main(["run", "jaarrapporten", "--gelijktijdig", "0"]) != 0
    assert "--gelijktijdig 0" in capsys.readouterr().err
