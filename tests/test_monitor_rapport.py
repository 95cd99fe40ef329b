"""Landelijke monitor end to end (issue: landelijke monitor): the run folder of DATA_CONTRACT.md,
tables that add up, identical tables on a rerun, and `verklaar` agreeing with the counts."""
import json
import subprocess
import sys

import pandas as pd
import pytest

from banenafspraak.monitor import meet
from banenafspraak.publicatie import getal
from banenafspraak.runner import run_rapport

pytestmark = pytest.mark.traag


@pytest.fixture(scope="module")
def runs(tmp_path_factory, standaard_map):
    uit = tmp_path_factory.mktemp("runs")
    a = run_rapport("landelijke-monitor", overrides={"jaar": 2022}, uit=uit / "a", log=lambda *x: None)
    b = run_rapport("landelijke-monitor", overrides={"jaar": 2022}, uit=uit / "b", log=lambda *x: None)
    return a, b


def test_runmap_compleet(runs):
    a, _ = runs
    for f in ["landelijke-monitor.ipynb", "landelijke-monitor.html", "tables.xlsx", "run.json",
              "tables/banen_sector.csv", "tables/personen_categorie.csv", "tables/reeks.csv",
              "figures/banen_doelstelling.png", "figures/samenstelling.png"]:
        assert (a / f).exists(), f
    rj = json.loads((a / "run.json").read_text())
    assert rj["parameters"]["jaar"] == 2022 and rj["rapport_info"]["peildatum"] == "2022-12-31"
    assert rj["data"]["meta"]["bron"] == "synthetisch"
    rec = rj["reconciliatie"]
    assert rec["gelezen"]["polis"] > 0 and any(w["regel"].startswith("tijdvak bevat") for w in rec["weggelaten"])
    bs = pd.read_csv(a / "tables" / "banen_sector.csv")
    assert list(bs.columns) == ["sector", "banen_regulier", "banen_inleen", "banen", "nulmeting", "extra_banen",
                                "doelstelling", "verschil"]
    assert list(bs["sector"]) == ["markt", "overheid", "totaal"]
    pc = pd.read_csv(a / "tables" / "personen_categorie.csv")
    assert set(pc["categorie"]) == {"wajong", "participatiewet", "wsw_wiwid", "totaal"}
    assert list(pd.read_csv(a / "tables" / "reeks.csv").columns) == ["jaar", "sector", "banen", "extra_banen", "doelstelling"]


def test_tabellen_tellen_op(runs):
    a, _ = runs
    bs = pd.read_csv(a / "tables" / "banen_sector.csv").set_index("sector")
    for k in ("banen_regulier", "banen_inleen", "banen", "extra_banen"):
        assert bs.loc["markt", k] + bs.loc["overheid", k] == pytest.approx(bs.loc["totaal", k], abs=0.02)
    assert bs.loc["totaal", "banen"] - bs.loc["totaal", "nulmeting"] == pytest.approx(bs.loc["totaal", "extra_banen"], abs=0.02)
    pc = pd.read_csv(a / "tables" / "personen_categorie.csv")
    tot = pc.loc[pc["categorie"] == "totaal"].iloc[0]
    cats = pc.loc[(pc["subcategorie"] == "totaal") & (pc["categorie"] != "totaal")]
    assert cats["personen"].sum() == tot["personen"]
    assert tot["banen"] == pytest.approx(bs.loc["totaal", "banen"], abs=0.05)
    reeks = pd.read_csv(a / "tables" / "reeks.csv")
    r22 = reeks.loc[(reeks["jaar"] == 2022)].set_index("sector")
    assert r22.loc["totaal", "banen"] == pytest.approx(bs.loc["totaal", "banen"], abs=0.02)


def test_herhaling_geeft_identieke_tabellen(runs):
    a, b = runs
    for f in sorted((a / "tables").glob("*.csv")):
        assert f.read_bytes() == (b / "tables" / f.name).read_bytes(), f.name


def test_onbekende_parameter_en_min_cel_nul(tmp_path, standaard_map):
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "run", "landelijke-monitor", "-p", "jaar=2022",
                        "-p", "min_ce=0", "--uit", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode != 0 and "min_ce" in r.stderr and "min_cel" in r.stderr and "Traceback" not in r.stderr


def test_verklaar_klopt_met_telling(standaard, standaard_map):
    m = meet(standaard, "2023-12-31")
    per = m.ikv.groupby("persoon_id")["banen"].sum()
    pid = per.index[len(per) // 2]
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "verklaar", pid, "--peildatum", "2023-12-31",
                        "--data", str(standaard_map)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "Telt mee in de banenafspraak" in r.stdout
    assert f"Totaal: {getal(per[pid], 3)} banen" in r.stdout
    cat = m.populatie.set_index("persoon_id").loc[pid, "categorie"]
    from banenafspraak.register import CATEGORIE_LABEL
    assert CATEGORIE_LABEL[cat] in r.stdout


def test_scenario_en_labels_in_html_en_werkboek(tmp_path):
    """A run with t2_scenario=altijd names the scenario in the title (HTML, workbook) and the definitions;
    the HTML and the workbook show labels, the CSV keeps the codes."""
    from openpyxl import load_workbook

    from bouw import Bouw

    b = Bouw()
    for i in range(12):
        pid = f"P{i:02d}"
        b.persoon(pid).registratie(pid, "WAJONG_OUD")
        b.maand_opgave(pid, f"I{i}", "WM", 2023, 12, 110.92)
    d = b.schrijf(tmp_path / "d")
    run = run_rapport("landelijke-monitor", overrides={"jaar": 2023, "data_dir": str(d), "t2_scenario": "altijd"},
                      uit=tmp_path / "uit", log=lambda *x: None)
    html = (run / "landelijke-monitor.html").read_text(encoding="utf-8")
    titel = "Landelijke monitor banenafspraak 2023, scenario t+2-regel altijd toegepast"
    assert titel in html
    assert "t+2-regel altijd toegepast: wie niet meer aan de criteria voldoet" in html
    assert "toegepast: de t+2-regel" not in html and "zonder t+2-regel: zonder" not in html  # each label once
    assert "Marktsector" in html and "Doelgroep Participatiewet" in html and "zonder t+2-regel" in html
    wb = load_workbook(run / "tables.xlsx")
    assert wb["Toelichting"]["A1"].value == titel
    waarden = {c.value for ws in wb.worksheets for rij in ws.iter_rows() for c in rij}
    assert {"Marktsector", "Wajong", "oWajong", "t+2-regel altijd toegepast"} <= waarden
    assert not {"markt", "wajong", "owajong", "altijd"} & waarden
    assert list(pd.read_csv(run / "tables" / "banen_sector.csv")["sector"]) == ["markt", "overheid", "totaal"]
    assert set(pd.read_csv(run / "tables" / "t2_scenarios.csv")["scenario"]) == {"geregistreerd", "altijd", "afgeschaft"}


def test_verklaar_in_nederlandse_notatie(tmp_path):
    """verklaar writes numbers as the reports do: 127 hours in December 2023 = 127 / 110,92 = 1,145 baan,
    sv-loon 1.905,00 (decimal comma, thousands point)."""
    from bouw import Bouw
    from banenafspraak.loading import lees_map
    from banenafspraak.verklaar import verklaar

    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD")
    b.maand_opgave("A", "1", "W1", 2023, 12, 127.0, loon=1905.0)
    tekst = verklaar(lees_map(b.schrijf(tmp_path / "d")), "A", "2023-12-31")
    assert "127,00 uur -> 127,00 uur per maand" in tekst and "sv_loon 1.905,00" in tekst
    assert "-> 1,145 baan (127,00 / 110,92)" in tekst
    assert "Totaal: 1,145 banen; werkzaam: ja." in tekst
    assert "1.145" not in tekst and "127.00" not in tekst
