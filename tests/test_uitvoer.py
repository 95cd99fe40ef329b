"""What readers get from a run: tables.xlsx laid out as statistical offices publish spreadsheets, the
HTML without the plain-text check cells, and a console with progress instead of kernel warnings."""
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

from banenafspraak.runner import schrijf_html, schrijf_xlsx

NB = Path(__file__).parent / "notebooks"

INFO = {"rapport": "proef", "titel": "Proefrapport banenafspraak", "bron": "Doelgroepregister (UWV), Polis",
        "peildatum": "2023-12-31", "definities": {"baan": "25,5 verloonde uren per week"}, "min_cel": 10,
        "publiceerbaar": True}
META = {"bron": "synthetisch", "omschrijving": "testdata"}


def maak_runmap(map: Path, tabellen: dict, info: dict = INFO) -> Path:
    """A fake run folder: tables/<naam>.csv, tabellen.json and rapport.json as rapport.Uitvoer writes them."""
    (map / "tables").mkdir(parents=True)
    meta = []
    for naam, (csv, extra) in tabellen.items():
        (map / "tables" / f"{naam}.csv").write_text(csv, encoding="utf-8")
        kolommen = csv.splitlines()[0].split(",")
        meta.append({"naam": naam, "titel": f"Titel van {naam}", "toelichting": f"toelichting bij {naam}",
                     "kolommen": kolommen, "rijen": len(csv.splitlines()) - 1, **extra})
    (map / "tabellen.json").write_text(json.dumps({"tabellen": meta, "figuren": []}), encoding="utf-8")
    (map / "rapport.json").write_text(json.dumps(info), encoding="utf-8")
    return map


def werkboek(map: Path):
    info = json.loads((map / "rapport.json").read_text(encoding="utf-8"))
    pad = schrijf_xlsx(map, info, META)
    assert pad == map / "tables.xlsx"
    return load_workbook(pad)


def tabel_en_kop(ws):
    """The sheet's one Excel table object, its header row number and {header label: column number}."""
    assert len(ws.tables) == 1, ws.tables.items()
    tabel = next(iter(ws.tables.values()))
    m = re.fullmatch(r"A(\d+):([A-Z]+)(\d+)", tabel.ref)
    kop = int(m.group(1))
    labels = {ws.cell(kop, j).value: j for j in range(1, ws.max_column + 1) if ws.cell(kop, j).value}
    return tabel, kop, labels


def tekst_boven(ws, kop: int) -> list[str]:
    return [str(ws.cell(r, 1).value) for r in range(1, kop) if ws.cell(r, 1).value is not None]


ZONDER_INFO = ("sector,gemeentecode,jaar,personen,banen,aandeel_werkend,werkbehoud\n"
               "markt,0363,2023,12,2248.9774,0.5231,0.81\n"
               "overheid,0518,2023,,315.5,,0.7\n"
               "totaal,0000,2023,4521,2564.4774,0.49,0.8\n")


def test_werkblad_zoals_statistische_bureaus_publiceren(tmp_path):
    wb = werkboek(maak_runmap(tmp_path, {"x": (ZONDER_INFO, {})}))
    assert wb.sheetnames == ["Toelichting", "x"]
    ws = wb["x"]
    tabel, kop, labels = tabel_en_kop(ws)
    # title, peildatum and source above the table; the table object covers header and data
    assert ws["A1"].value == "Titel van x"
    boven = tekst_boven(ws, kop)
    assert "toelichting bij x" in boven
    assert "Peildatum: 2023-12-31" in boven
    assert "Bron: Doelgroepregister (UWV), Polis" in boven
    assert tabel.ref == f"A{kop}:G{kop + 3}"
    assert list(labels) == ["Sector", "Gemeentecode", "Jaar", "Personen", "Banen", "Aandeel werkend (%)",
                            "Werkbehoud (%)"]
    rij = kop + 1  # markt
    cel = {k: ws.cell(rij, j) for k, j in labels.items()}
    assert cel["Sector"].value == "markt" and cel["Gemeentecode"].value == "0363"  # a code stays text
    assert cel["Personen"].value == 12 and cel["Personen"].number_format == "#,##0"
    assert cel["Banen"].value == pytest.approx(2248.9774) and cel["Banen"].number_format == "#,##0.0"
    assert cel["Aandeel werkend (%)"].number_format == "0.0%"
    assert cel["Werkbehoud (%)"].number_format == "0.0%"
    # the year is a number without thousands separator: 2023, not 2.023
    assert cel["Jaar"].value == 2023 and "," not in cel["Jaar"].number_format and "." not in cel["Jaar"].number_format
    # suppressed cells are '*' with a note on the sheet explaining '*'
    assert ws.cell(kop + 2, labels["Personen"]).value == "*"
    assert ws.cell(kop + 2, labels["Aandeel werkend (%)"]).value == "*"
    assert any(r.startswith("* = onderdrukt") and "10" in r for r in boven)
    assert ws.cell(kop + 3, labels["Personen"]).value == 4521


def test_dekblad(tmp_path):
    wb = werkboek(maak_runmap(tmp_path, {"x": (ZONDER_INFO, {}), "y": ("jaar,personen\n2022,5\n2023,7\n", {})}))
    dek = wb["Toelichting"]
    assert dek["A1"].value == "Proefrapport banenafspraak"
    waarden = [str(c.value) for rij in dek.iter_rows() for c in rij if c.value is not None]
    tekst = "\n".join(waarden)
    for s in ("Doelgroepregister (UWV), Polis", "2023-12-31", "SYNTHETISCHE DATA", "25,5 verloonde uren per week",
              "Titel van x", "Titel van y", "onderdrukt"):
        assert s in tekst, s
    assert "NIET VOOR PUBLICATIE" not in tekst
    links = {c.value: c.hyperlink.location for rij in dek.iter_rows() for c in rij if c.hyperlink is not None}
    assert links == {"x": "'x'!A1", "y": "'y'!A1"}  # links to the sheets
    assert wb["y"]["A1"].value == "Titel van y"
    _, kop, labels = tabel_en_kop(wb["y"])
    assert not any(r.startswith("*") for r in tekst_boven(wb["y"], kop))  # no suppressed cells: no note


def test_dekblad_noemt_werkgevers_en_dominantie(tmp_path):
    """A report with tables about employers (the quotum: ``dominantie`` in its info) says on the cover sheet that
    counts of employers and amounts dominated by one employer are suppressed too; others do not."""
    def tekst(info, map):
        wb = werkboek(maak_runmap(map, {"x": (ZONDER_INFO, {})}, info))
        return "\n".join(str(c.value) for rij in wb["Toelichting"].iter_rows() for c in rij if c.value is not None)

    met = tekst({**INFO, "dominantie": 0.5}, tmp_path / "a")
    assert "aantallen werkgevers kleiner dan 10" in met and "meer dan 50% uitmaakt (dominantieregel)" in met
    assert "dominantieregel" not in tekst(INFO, tmp_path / "b")


def test_niet_voor_publicatie(tmp_path):
    info = {**INFO, "min_cel": 0, "publiceerbaar": False}
    wb = werkboek(maak_runmap(tmp_path, {"x": (ZONDER_INFO, {})}, info))
    tekst = "\n".join(str(c.value) for rij in wb["Toelichting"].iter_rows() for c in rij if c.value is not None)
    assert "NIET VOOR PUBLICATIE" in tekst
    ws = wb["x"]
    _, kop, labels = tabel_en_kop(ws)
    assert ws.cell(kop + 2, labels["Personen"]).value != "*"  # nothing is suppressed when min_cel = 0
    assert not any(r.startswith("*") for r in tekst_boven(ws, kop))
    assert any("NIET VOOR PUBLICATIE" in r for r in tekst_boven(ws, kop))


def test_kolom_info_voetnoten_en_onderdrukte_cellen(tmp_path):
    csv = ("cohort,doelgroep,starters,banen_regulier,werkbehoud,quotum\n"
           "2022,wajong,150,120.25,0.8123,0.0137\n"
           "2022,totaal,,,,0.02\n")
    extra = {"kolom_info": {
        "cohort": {"label": "Cohort", "eenheid": "", "formaat": "jaar"},
        "doelgroep": {"label": "Doelgroep", "eenheid": "", "formaat": "tekst"},
        "starters": {"label": "Starters", "eenheid": "personen", "formaat": "geheel"},
        "banen_regulier": {"label": "Banen regulier", "eenheid": "banen", "formaat": "decimaal2"},
        "werkbehoud": {"label": "Werkbehoud", "eenheid": "%", "formaat": "procent"},
        "quotum": {"label": "Quotumpercentage", "eenheid": "", "formaat": "decimaal3"}},
        "voetnoten": ["Starters van 1 oktober tot en met 30 september."],
        "onderdrukt": [[1, "starters"], [1, "werkbehoud"]]}  # banen_regulier row 1: not applicable
    ws = werkboek(maak_runmap(tmp_path, {"w": (csv, extra)}))["w"]
    _, kop, labels = tabel_en_kop(ws)
    assert list(labels) == ["Cohort", "Doelgroep", "Starters (personen)", "Banen regulier (banen)", "Werkbehoud (%)",
                            "Quotumpercentage"]
    fmt = {k: ws.cell(kop + 1, j).number_format for k, j in labels.items()}
    assert fmt["Cohort"] == "0" and fmt["Starters (personen)"] == "#,##0"
    assert fmt["Banen regulier (banen)"] == "#,##0.00" and fmt["Werkbehoud (%)"] == "0.0%"
    assert fmt["Quotumpercentage"] == "#,##0.000"
    assert ws.cell(kop + 1, labels["Cohort"]).value == 2022
    assert ws.cell(kop + 2, labels["Starters (personen)"]).value == "*"
    assert ws.cell(kop + 2, labels["Werkbehoud (%)"]).value == "*"
    assert ws.cell(kop + 2, labels["Banen regulier (banen)"]).value == "-"  # not suppressed: not applicable
    boven = tekst_boven(ws, kop)
    assert "Noot: Starters van 1 oktober tot en met 30 september." in boven
    assert any(r.startswith("* = onderdrukt") for r in boven) and any(r.startswith("- = niet van toepassing")
                                                                        for r in boven)


def test_geen_rauwe_getallen(tmp_path):
    """Every numeric cell carries a number format: 2248.9774 is never shown as such."""
    wb = werkboek(maak_runmap(tmp_path, {"x": (ZONDER_INFO, {})}))
    ws = wb["x"]
    _, kop, _ = tabel_en_kop(ws)
    for rij in ws.iter_rows(min_row=kop + 1):
        for c in rij:
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                assert c.number_format != "General", (c.coordinate, c.value)
                assert not (isinstance(c.value, float) and math.isnan(c.value))


# --- HTML --------------------------------------------------------------------------------------

def test_html_zonder_controlecellen(tmp_path):
    nb = nbformat.v4.new_notebook()
    controle = nbformat.v4.new_code_cell("print('CONTROLEBLOK 123')", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="CONTROLEBLOK 123\n")])
    controle.metadata["tags"] = ["nbval-check-output"]
    verborgen = nbformat.v4.new_code_cell("x = 1", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="VERBORGEN UITVOER\n")])
    verborgen.metadata["tags"] = ["verberg-in-html"]
    gewoon = nbformat.v4.new_code_cell("print('ZICHTBAAR')", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="ZICHTBARE UITVOER\n")])
    nb.cells = [nbformat.v4.new_markdown_cell("# Kop van het rapport"), controle, verborgen, gewoon]
    pad = tmp_path / "r.ipynb"
    nbformat.write(nb, pad)
    schrijf_html(pad, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Kop van het rapport" in html and "ZICHTBARE UITVOER" in html
    assert '<html lang="nl">' in html and "<title>Kop van het rapport</title>" in html
    assert "CONTROLEBLOK" not in html and "VERBORGEN UITVOER" not in html
    assert "print(" not in html  # no code
    assert "CONTROLEBLOK 123" in pad.read_text(encoding="utf-8")  # the notebook keeps the cell for nbval


# --- end to end on the mini notebook -------------------------------------------------------------

@pytest.fixture
def data(tmp_path):
    from bouw import basis

    return basis().schrijf(tmp_path / "data")


@pytest.mark.traag
def test_run_html_zonder_controlecel(tmp_path, data):
    from banenafspraak.runner import run_rapport

    nb = nbformat.read(NB / "mini_rapport.ipynb", as_version=4)
    cel = nbformat.v4.new_code_cell("print('CONTROLE-UITVOER', len(t))")
    cel.metadata["tags"] = ["nbval-check-output"]
    nb.cells.append(cel)
    nbformat.write(nb, tmp_path / "mini_rapport.ipynb")
    run = run_rapport(str(tmp_path / "mini_rapport.ipynb"), overrides={"data_dir": str(data)}, uit=tmp_path / "uit",
                      log=lambda *_: None)
    assert "CONTROLE-UITVOER" in (run / "mini-rapport.ipynb").read_text(encoding="utf-8")
    assert "CONTROLE-UITVOER" not in (run / "mini-rapport.html").read_text(encoding="utf-8")
    assert not (run / "kernel.log").exists()
    assert sorted(p.name for p in run.iterdir()) == sorted(
        ["figures", "mini-rapport.html", "mini-rapport.ipynb", "rapport.json", "reconciliatie.json", "run.json",
         "tabellen.json", "tables", "tables.xlsx"])


@pytest.mark.traag
def test_console_toont_voortgang_geen_waarschuwingen(tmp_path, data):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONWARNINGS",)}
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "run", str(NB / "mini_rapport.ipynb"),
                        "-p", f"data_dir={data}", "--uit", str(tmp_path / "uit")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    waarschuwingen = [regel for regel in r.stderr.splitlines() if re.search(r"warn", regel, re.IGNORECASE)]
    assert not waarschuwingen, r.stderr
    assert r.stderr.strip() == "", r.stderr  # not a terminal: no progress bar either
    regels = r.stdout.splitlines()
    assert regels[0].startswith("rapport mini-rapport: notebook uitvoeren")
    assert regels[1] == "rapport mini-rapport: HTML, xlsx en run.json schrijven"
    assert regels[2].startswith("klaar: ") and Path(regels[2][len("klaar: "):]).is_dir()
    assert len(regels) == 3


# --- labels of codes (brief point 5) ----------------------------------------------------------------

def test_codes_krijgen_hun_label_in_het_werkboek_de_csv_houdt_de_code(tmp_path):
    csv = "categorie,subcategorie,personen\nwajong,owajong,12\ntotaal,totaal,30\n"
    extra = {"kolom_info": {
        "categorie": {"label": "Categorie", "eenheid": "", "formaat": "tekst",
                      "waarden": {"wajong": "Wajong", "totaal": "Totaal"}},
        "subcategorie": {"label": "Subcategorie", "eenheid": "", "formaat": "tekst", "waarden": {"owajong": "oWajong"}},
        "personen": {"label": "Personen", "eenheid": "personen", "formaat": "geheel"}}}
    map = maak_runmap(tmp_path, {"pc": (csv, extra)})
    ws = werkboek(map)["pc"]
    _, kop, labels = tabel_en_kop(ws)
    assert ws.cell(kop + 1, labels["Categorie"]).value == "Wajong"
    assert ws.cell(kop + 1, labels["Subcategorie"]).value == "oWajong"
    assert ws.cell(kop + 2, labels["Categorie"]).value == "Totaal"
    assert ws.cell(kop + 2, labels["Subcategorie"]).value == "totaal"  # no label declared: the value as it is
    assert (map / "tables" / "pc.csv").read_text(encoding="utf-8") == csv


def test_weergave_toont_labels_van_codes():
    import pandas as pd

    from banenafspraak.publicatie import Kolom, Publicatie, Tabel

    pub = Publicatie("proef", "Proef", "2023-12-31", "bron")
    df = pd.DataFrame({"sector": ["markt", "totaal"], "personen": [12, 30]})
    pub.voeg_toe(Tabel("t", "T", df, {"sector": Kolom("Sector", "tekst", waarden={"markt": "Marktsector", "totaal": "Totaal"}),
                                       "personen": Kolom("Personen", "geheel", "personen")},
                       variabelen=["personen"], bescherming={"personen": ["personen"]}))
    g = pub.publiceer(10)
    w = g.tabellen["t"].weergave()
    assert list(w["Sector"]) == ["Marktsector", "Totaal"] and list(w["Personen"]) == ["12", "30"]
    assert list(g["t"]["sector"]) == ["markt", "totaal"]  # the published data (CSV) keep the codes
    assert g.tabellen["t"].kolom_info()["sector"]["waarden"] == {"markt": "Marktsector", "totaal": "Totaal"}
    with pytest.raises(ValueError):
        Kolom("Personen", "geheel", waarden={"1": "een"})


# --- the row reconciliation (brief point 3) -----------------------------------------------------------

def test_reconciliatie_gebruikt_na_de_vorige_stap():
    """Rows used in a step = rows left after the previous step of the same load minus the rows this step
    leaves out. By hand: 1.000 polis rows read; reading keeps the 400 opgaven of the peildata (600 out);
    on the peildatum 150 + 30 + 20 out, 200 used (before: 1.000 - 200 = 800). The register: 50 read, 5 + 3
    out, 42 used. A further load of the same file added under its own step starts from all rows again."""
    from banenafspraak.loading import Reconciliatie

    rec = Reconciliatie()
    rec.lees("polis", 1000)
    rec.lees("doelgroepregister", 50)
    rec.laat_weg("polis", "tijdvak bevat geen peildatum", 600, "inlezen")
    for regel, n in (("tijdvak bevat de peildatum niet", 150), ("persoon niet in de banenafspraak", 30),
                     ("beschut werk", 20)):
        rec.laat_weg("polis", regel, n, "peildatum 2023-12-31")
    rec.laat_weg("doelgroepregister", "niet geldig", 5, "peildatum 2023-12-31")
    rec.laat_weg("doelgroepregister", "buiten de banenafspraak", 3, "peildatum 2023-12-31")
    apart = Reconciliatie()
    apart.lees("polis", 1000)
    apart.laat_weg("polis", "tijdvak bevat geen peildatum", 900, "inlezen")
    rec.voeg_toe(apart, "duur")
    t = rec.tabel()
    gebruikt = t.loc[t["regel"] == "gebruikt"].set_index(["tabel", "stap"])["rijen"].to_dict()
    assert gebruikt == {("polis", "inlezen"): 400, ("polis", "peildatum 2023-12-31"): 200,
                        ("polis", "duur: inlezen"): 100, ("doelgroepregister", "peildatum 2023-12-31"): 42}


def test_reconciliatie_weergave_zonder_index_met_nederlandse_getallen():
    from banenafspraak.loading import Reconciliatie
    from banenafspraak.rapport import reconciliatie_tabel

    rec = Reconciliatie()
    rec.lees("polis", 34512345)
    rec.laat_weg("polis", "tijdvak bevat geen peildatum", 1234567, "inlezen")
    w = reconciliatie_tabel(rec)
    assert list(w.columns) == ["Tabel", "Stap", "Regel", "Rijen"]
    assert list(w["Rijen"]) == ["34.512.345", "1.234.567", "33.277.778"]
    from banenafspraak.rapport import Uitvoer

    s = Uitvoer(None, "proef", "Proef", 10).reconciliatie(rec)
    html = s.to_html()
    assert "34.512.345" in html and "33.277.778" in html
    assert "row_heading" not in html and "34512345" not in html  # no index column, no raw numbers


# --- kalibratie on real data (brief point 2) ------------------------------------------------------------

def test_kalibratie_weigert_echte_data():
    from banenafspraak.kalibratie import NietSynthetischError, controleer_synthetisch, kalibratie

    controleer_synthetisch({"bron": "synthetisch"})
    for meta in ({"bron": "cbs"}, {"bron": "uwv"}, {}):
        with pytest.raises(NietSynthetischError, match="niet synthetisch"):
            controleer_synthetisch(meta, "/data/echt")

    class Echt(dict):
        meta = {"bron": "cbs"}
        map = "/data/echt"

    with pytest.raises(NietSynthetischError, match=r"^kalibratie: de data in /data/echt zijn niet synthetisch \(meta.yaml bron: cbs\)"):
        kalibratie(Echt(), 1.0)


@pytest.mark.traag
def test_kalibratie_weigert_echte_data_via_de_opdrachtregel(tmp_path, data):
    import yaml

    meta = yaml.safe_load((data / "meta.yaml").read_text())
    meta["bron"] = "cbs"
    (data / "meta.yaml").write_text(yaml.safe_dump(meta))
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "run", "kalibratie", "-p", f"data_dir={data}",
                        "--uit", str(tmp_path / "uit")], capture_output=True, text=True)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "niet synthetisch (meta.yaml bron: cbs)" in r.stderr
    assert not (tmp_path / "uit").exists() or not any((tmp_path / "uit").iterdir())  # nothing written
