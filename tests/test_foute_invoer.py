"""Bad input and faults (issue #11): never a wrong figure with exit 0, never a traceback.

Each case builds a small broken data directory (tests/bouw.py) and asserts the exact problem: file,
column, rule, value and rows (CSV: line numbers in the file, header = line 1; parquet: rows from 1).
A run reads the same directory the way the report notebooks do (``rapport.laad_data`` and the report's
library function); the slow tests run the command line end to end."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bouw import Bouw, basis, getypeerd
from banenafspraak import duurzaamheid as dz
from banenafspraak import monitor
from banenafspraak import participatie as pt
from banenafspraak.loading import lees_map, polis_bron
from banenafspraak.periode import PeriodeError, controleer_peildata
from banenafspraak.rapport import laad_data
from banenafspraak.validation import ContractError

JAAR = 2023


# --------------------------------------------------------------------------- helpers

def lees_csv(map, tabel):
    return pd.read_csv(map / f"{tabel}.csv", dtype=str, keep_default_na=False)


def wijzig_csv(map, tabel, wijzig):
    df = wijzig(lees_csv(map, tabel))
    df.to_csv(map / f"{tabel}.csv", index=False)
    return map




def fouten(map, **kw) -> list:
    with pytest.raises(ContractError) as e:
        lees_map(map, **kw)
    return e.value.problemen


def een(problemen, bestand, kolom=None, bevat=""):
    """The one problem of ``bestand`` / ``kolom`` whose rule contains ``bevat``."""
    gevonden = [p for p in problemen if p.bestand == bestand and p.kolom == kolom and bevat in p.regel]
    assert len(gevonden) == 1, [str(p) for p in problemen]
    return gevonden[0]


def monitor_run(map, jaar=JAAR):
    """What the landelijke monitor notebook does with a data directory."""
    ds = laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(jaar))
    return monitor.publicatie(ds, jaar, "data", ds.schaal)


def cli(*args):
    return subprocess.run([sys.executable, "-m", "banenafspraak.cli", *map(str, args)], capture_output=True, text=True)


# --------------------------------------------------------------------------- 1. hours and wages that cannot be real

def test_oneindige_uren_en_loon_in_csv(tmp_path):
    def w(df):
        df.loc[0, "verloonde_uren"] = "inf"
        df.loc[2, "sv_loon"] = "-inf"
        return df
    p = fouten(wijzig_csv(basis().schrijf(tmp_path / "d"), "polis", w))
    x = een(p, "polis.csv", "verloonde_uren")
    assert x.regel == "geen eindig getal (oneindig of NaN)" and x.waarden == [np.inf] and x.rijen == [0]
    assert str(x) == "polis.csv, kolom verloonde_uren: geen eindig getal (oneindig of NaN); waarde(n) inf; regels 2"
    x = een(p, "polis.csv", "sv_loon")
    assert x.waarden == [-np.inf] and x.rijen == [2]
    assert len(p) == 2  # -inf is not reported once more as negative, nor as hours beyond the tijdvak


def test_meer_dan_24_uur_per_dag_van_het_tijdvak(tmp_path):
    """December has 31 days: 744 hours is the most a month can hold; 1e12 hours (45 billion banen) is
    an error, as is 744,5. A quarter of 92 days holds 2.208 hours (begin and einde both count)."""
    b = basis()
    b.rijen["polis"][0]["verloonde_uren"] = 744.0
    b.rijen["polis"][1]["verloonde_uren"] = 1e12
    b.rijen["polis"][2]["verloonde_uren"] = 744.5
    b.opgave("P001", "K1", "WG01", "2023-10-01", "2023-12-31", 2208.0, tijdvak="KWARTAAL")
    b.opgave("P002", "K2", "WG01", "2023-10-01", "2023-12-31", 2208.5, tijdvak="KWARTAAL")
    x = een(fouten(b.schrijf(tmp_path / "d")), "polis.csv", "verloonde_uren")
    assert x.regel == "meer dan 24 uur per dag van het tijdvak (uren, begin, einde, dagen)"
    assert x.waarden == [(1e12, "2023-12-01", "2023-12-31", 31), (744.5, "2023-12-01", "2023-12-31", 31),
                         (2208.5, "2023-10-01", "2023-12-31", 92)]
    assert x.rijen == [1, 2, 4] and x.aantal == 3


def test_oneindig_en_nan_in_parquet(tmp_path):
    """Parquet written by another tool can hold a real NaN (not an empty value) and infinities."""
    map = getypeerd(basis(), tmp_path / "pq")
    t = pq.read_table(map / "polis.parquet")
    uren = pa.array([np.inf, 100.0, 100.0], pa.float64())
    loon = pa.array([1500.0, float("nan"), 1500.0], pa.float64(), from_pandas=False)
    t = t.set_column(t.schema.get_field_index("verloonde_uren"), "verloonde_uren", uren)
    t = t.set_column(t.schema.get_field_index("sv_loon"), "sv_loon", loon)
    pq.write_table(t, map / "polis.parquet")
    p = fouten(map)
    x = een(p, "polis.parquet", "verloonde_uren")
    assert x.waarden == [np.inf] and x.rijen == [0] and str(x).endswith("rijen 1")
    x = een(p, "polis.parquet", "sv_loon")
    assert x.regel == "geen eindig getal (oneindig of NaN)" and np.isnan(x.waarden[0]) and x.rijen == [1]
    assert len(p) == 2


def test_oneindige_uren_geven_geen_banen(tmp_path):
    """The monitor never publishes banen = inf: the run stops with the file, column, value and row."""
    map = wijzig_csv(basis().schrijf(tmp_path / "d"), "polis", lambda df: df.assign(verloonde_uren=["inf", "100", "1e12"]))
    with pytest.raises(ContractError) as e:
        monitor_run(map)
    assert "polis.csv, kolom verloonde_uren: geen eindig getal (oneindig of NaN); waarde(n) inf; regels 2" in str(e.value)
    assert "(1000000000000.0, '2023-12-01', '2023-12-31', 31); regels 4" in str(e.value)


# --------------------------------------------------------------------------- 2. a run never skips a broken row

def met_oude_opgave(b: Bouw) -> Bouw:
    """basis() and one opgave of June 2020, outside every peildatum of the monitor 2023."""
    return b.maand_opgave("P001", "OUD", "WG01", 2020, 6, 50.0)


def test_einde_voor_begin_buiten_de_peildata_stopt_de_run_csv(tmp_path):
    def w(df):
        df.loc[3, "opgave_einde"] = "2020-05-31"
        return df
    map = wijzig_csv(met_oude_opgave(basis()).schrijf(tmp_path / "d"), "polis", w)
    with pytest.raises(ContractError) as e:
        laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR))
    x = een(e.value.problemen, "polis.csv", "opgave_einde")
    assert x.regel == "opgave_einde ligt voor opgave_begin"
    assert x.waarden == [("2020-06-01", "2020-05-31")] and x.rijen == [3]


def test_einde_voor_begin_buiten_de_peildata_stopt_de_run_parquet(tmp_path):
    """The parquet polis is checked as a file in DuckDB, every row, before the selection is read; the
    same problem as ``banenafspraak valideer`` and ``polis_bron`` (one implementation)."""
    map = getypeerd(met_oude_opgave(basis()), tmp_path / "pq")
    t = pq.read_table(map / "polis.parquet")
    einde = t.column("opgave_einde").to_pylist()
    einde[3] = dt.date(2020, 5, 31)
    t = t.set_column(t.schema.get_field_index("opgave_einde"), "opgave_einde", pa.array(einde, pa.date32()))
    pq.write_table(t, map / "polis.parquet")
    verwacht = ("polis.parquet, kolom opgave_einde: opgave_einde ligt voor opgave_begin; "
                "waarde(n) ('2020-06-01', '2020-05-31'); rijen 4")
    for lees in (lambda: laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR)),
                 lambda: lees_map(map), lambda: polis_bron(map)):
        with pytest.raises(ContractError) as e:
            lees()
        assert [str(p) for p in e.value.problemen] == [verwacht]


def test_selectie_uit_parquet_noemt_de_rijen_van_het_bestand(tmp_path):
    """Problems found in the opgaven a run reads (here a duplicate key) name their rows in the file,
    not their place in the selection: rows 3 and 5 of the file, rows 3 and 4 of the December opgaven."""
    for datums in (True, False):  # read filtered (calendar dates), or whole and then selected (timestamps)
        map = getypeerd(met_oude_opgave(basis()), tmp_path / f"pq{datums}", datums=datums)
        t = pq.read_table(map / "polis.parquet")
        pq.write_table(pa.concat_tables([t, t.slice(2, 1)]), map / "polis.parquet")
        for als_bestand in (False, True):  # in pandas, or (the monitor) checked in DuckDB in the file
            with pytest.raises(ContractError) as e:
                laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR), polis_als_bestand=als_bestand)
            x = een(e.value.problemen, "polis.parquet", "persoon_id+ikv_id+opgave_begin", "dubbele sleutel")
            assert x.waarden == [("P003", "IKV3", "2023-12-01")] and x.rijen == [2, 4]
            assert str(x).endswith("rijen 3, 5")
        assert len(lees_map(map, ["polis"], polis_peildata=[pd.Timestamp("2020-06-30")], valideer=False)["polis"]) == 1


# --------------------------------------------------------------------------- 3. peildata within the period of the polis

def tot_2021() -> Bouw:
    """Three persons with a job in December 2021; the polis ends on 31-12-2021."""
    b = Bouw()
    for i, g in enumerate(["WAJONG_OUD", "PW_INDICATIE", "WSW_BEGELEID_WERK"], start=1):
        b.persoon(f"P{i}").registratie(f"P{i}", g).maand_opgave(f"P{i}", f"I{i}", "WG01", 2021, 12, 100.0)
    return b


def test_monitor_na_het_einde_van_de_polis(tmp_path):
    ds = lees_map(tot_2021().schrijf(tmp_path / "d"))
    with pytest.raises(PeriodeError) as e:
        monitor.publicatie(ds, 2022)
    assert str(e.value) == "peildatum 31-12-2022 ligt na het einde van de polis (t/m 31-12-2021)"
    with pytest.raises(PeriodeError, match=r"^peildata 31-12-2022, 31-12-2023 liggen na het einde van de polis "
                                           r"\(t/m 31-12-2021\)$"):
        monitor.publicatie(ds, 2023)
    bs = monitor.publicatie(ds, 2021).tabellen["banen_sector"].data.set_index("sector")
    assert bs.loc["totaal", "banen"] == pytest.approx(3 * 100 / 110.92)


def test_monitor_voor_het_begin_van_de_polis(tmp_path):
    """Without a declared start, a polis beginning in 2021 cannot give the nulmeting of 31-12-2012."""
    ds = lees_map(tot_2021().schrijf(tmp_path / "d", periode=None))
    with pytest.raises(PeriodeError) as e:
        monitor.publicatie(ds, 2021)
    assert str(e.value).startswith("peildata 31-12-2012, 31-12-2013, ")
    assert str(e.value).endswith("31-12-2020 liggen voor het begin van de polis (vanaf 01-12-2021)")


def test_periode_uit_meta_yaml(tmp_path):
    """meta.yaml may declare the period (polis_van, polis_tot); the message names where the end comes
    from, and an opgave outside the declared period is an error."""
    ds = lees_map(tot_2021().schrijf(tmp_path / "d", periode=("2012-01-01", "2022-12-31")))
    assert (ds.polis_periode.van, ds.polis_periode.tot) == (pd.Timestamp("2012-01-01"), pd.Timestamp("2022-12-31"))
    monitor.publicatie(ds, 2022)  # December 2022 declared complete: nobody worked
    with pytest.raises(PeriodeError, match=r"^peildatum 31-12-2023 ligt na het einde van de polis "
                                           r"\(t/m 31-12-2022, meta\.yaml polis_tot\)$"):
        monitor.publicatie(ds, 2023)
    x = een(fouten(tot_2021().schrijf(tmp_path / "e", periode=("2012-01-01", "2021-11-30"))), "polis.csv", "opgave_einde")
    assert x.regel == "tijdvak eindigt na de polisperiode van meta.yaml (polis_tot: 2021-11-30)"
    assert x.waarden == [("2021-12-01", "2021-12-31")] and x.rijen == [0, 1, 2]


def test_periode_van_de_hele_polis_ook_bij_een_selectie(tmp_path):
    """A run reads only the opgaven of its peildata; the period is that of the whole file."""
    b = tot_2021()
    b.maand_opgave("P1", "I9", "WG01", 2013, 3, 10.0)
    map = getypeerd(b, tmp_path / "pq", periode=None)
    ds = laad_data(map, monitor.TABELLEN, polis_peildata=[pd.Timestamp("2021-12-31")])
    assert len(ds["polis"]) == 3
    assert (ds.polis_periode.van, ds.polis_periode.tot) == (pd.Timestamp("2013-03-01"), pd.Timestamp("2021-12-31"))


def test_arbeidsparticipatie_na_het_einde_van_de_polis(tmp_path):
    """Was: KeyError 'werkgevers'."""
    b = tot_2021()
    b.uitkering("P1", "WAJONG_2010", "2011-01-01", arbeidsvermogen=True)
    ds = lees_map(b.schrijf(tmp_path / "d"))
    with pytest.raises(PeriodeError) as e:
        pt.publicatie(ds, 2021, 2022)
    assert str(e.value) == "december 2022 ligt na het einde van de polis (t/m 31-12-2021)"
    pub = pt.publicatie(ds, 2021, 2021)
    assert pub.tabellen["participatie"].data.set_index("groep").loc["wajong_arbeidsvermogen", "werkend"] == 1


def test_arbeidsparticipatie_zonder_werk_in_december(tmp_path):
    """Nobody works in the last December of a declared period: an empty concentration table, no crash."""
    b = tot_2021()
    b.uitkering("P1", "WAJONG_2010", "2011-01-01", arbeidsvermogen=True)
    ds = lees_map(b.schrijf(tmp_path / "d", periode=("2012-01-01", "2022-12-31")))
    pub = pt.publicatie(ds, 2022, 2022)
    assert pub.tabellen["participatie"].data["werkend"].sum() == 0
    assert pub.tabellen["concentratie"].data.empty
    assert list(pub.tabellen["concentratie"].data.columns[:4]) == ["jaar", "groep", "werkgevers", "banen"]


def test_duurzaamheid_na_het_einde_van_de_polis(tmp_path):
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2019-01-01")
    for m in range(1, 13):
        b.maand_opgave("A", "1", "W1", 2021, m, 100.0, ikv_begin="2021-01-04")
    map = b.schrijf(tmp_path / "d")
    basis_, polis, december = dz.laad(map, 2021)
    with pytest.raises(PeriodeError) as e:
        dz.publicatie(basis_, polis, december, 2021)
    assert str(e.value) == ("cohort 2021 kan nog niet gemeten worden: meetmaand september 2022 ligt na het einde van "
                            "de polis (t/m 31-12-2021)")
    with pytest.raises(PeriodeError) as e:
        controleer_peildata(basis_, dz.meetperioden([], werkenden=[2022]))
    assert str(e.value) == "meetmaand september 2022 (alle werkenden 2022) ligt na het einde van de polis (t/m 31-12-2021)"


def test_een_gedeelde_controle_voor_elk_rapport(tmp_path, monkeypatch):
    """The three reports check their dates with one library function."""
    import banenafspraak.periode as periode

    aanroepen = []
    echt = periode.controleer_peildata

    def spion(bron, peildata):
        aanroepen.append(peildata)
        return echt(bron, peildata)

    monkeypatch.setattr(periode, "controleer_peildata", spion)
    b = tot_2021()
    b.uitkering("P1", "WAJONG_2010", "2011-01-01", arbeidsvermogen=True)
    for m in range(1, 13):
        b.maand_opgave("P2", "S", "W1", 2020, m, 100.0, ikv_begin="2020-01-06")
    ds = lees_map(b.schrijf(tmp_path / "d"))
    monitor.publicatie(ds, 2021)
    pt.publicatie(ds, 2021, 2021)
    basis_, polis, december = dz.laad(ds.map, 2020)
    dz.publicatie(basis_, polis, december, 2020)
    assert len(aanroepen) == 3
    assert list(aanroepen[0]) == monitor.peildata(2021)
    assert list(aanroepen[1]) == ["december 2020", "december 2021"]
    assert "cohort 2020 kan nog niet gemeten worden: meetmaand september 2021" in aanroepen[2]


# --------------------------------------------------------------------------- 4. a required table without rows

@pytest.mark.parametrize("tabel", ["polis", "doelgroepregister"])
def test_tabel_met_alleen_een_kopregel(tmp_path, tabel):
    map = basis().schrijf(tmp_path / "d")
    (map / f"{tabel}.csv").write_text((map / f"{tabel}.csv").read_text().splitlines()[0] + "\n")
    p = fouten(map, lege_tabellen=False)
    assert [str(x) for x in p if x.bestand == f"{tabel}.csv"] == [f"{tabel}.csv: tabel heeft geen rijen (alleen een kopregel)"]
    with pytest.raises(ContractError, match=f"{tabel}.csv: tabel heeft geen rijen"):
        monitor_run(map)
    r = cli("valideer", map)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "in orde" not in r.stdout
    assert f"- {tabel}.csv: tabel heeft geen rijen (alleen een kopregel)" in r.stderr


def test_lege_optionele_tabel(tmp_path):
    """An optional table may be empty (basis() writes uitkering with a header only: nobody had an
    uitkering), in valideer and in a report that reads it (arbeidsparticipatie); a required one may not
    (test above). Issue #10 point 19: every report runs on a small valid directory."""
    map = basis().schrijf(tmp_path / "d")
    assert cli("valideer", map).returncode == 0
    ds = laad_data(map, pt.TABELLEN)
    assert len(ds["uitkering"]) == 0 and len(ds["polis"]) > 0


# --------------------------------------------------------------------------- 5. a column name twice

def test_dubbele_kolomnaam_csv(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    regels = (map / "persoon.csv").read_text().splitlines()
    regels = [regels[0] + ",geboortedatum"] + [r + ",1999-01-01" for r in regels[1:]]
    (map / "persoon.csv").write_text("\n".join(regels) + "\n")
    p = fouten(map)
    assert [str(x) for x in p] == ["persoon.csv, kolom geboortedatum: kolomnaam komt 2 keer voor (kolommen 2, 6); "
                                   "bewaar er één"]


def test_dubbele_kolomnaam_parquet(tmp_path):
    map = getypeerd(basis(), tmp_path / "pq")
    t = pq.read_table(map / "werkgever.parquet")
    t = t.append_column("jaar", t.column("jaar"))
    pq.write_table(t, map / "werkgever.parquet")
    assert [str(x) for x in fouten(map)] == ["werkgever.parquet, kolom jaar: kolomnaam komt 2 keer voor "
                                             "(kolommen 2, 8); bewaar er één"]


# --------------------------------------------------------------------------- 6. a date of birth after the data were made

def test_geboortedatum_na_aanmaakdatum(tmp_path):
    """basis() says meta.yaml aangemaakt: 2026-01-01. Born that day is possible, a day later is not."""
    def w(df):
        df.loc[0, "geboortedatum"] = "2026-01-01"
        df.loc[2, "geboortedatum"] = "2026-01-02"
        return df
    map = wijzig_csv(basis().schrijf(tmp_path / "d"), "persoon", w)
    x = een(fouten(map), "persoon.csv", "geboortedatum")
    assert x.regel == "datum na de aanmaakdatum van de data (meta.yaml aangemaakt: 2026-01-01)"
    assert x.waarden == ["2026-01-02"] and x.rijen == [2]


def test_geboortedatum_in_de_toekomst(tmp_path):
    """When aangemaakt is no date (the generator writes what made the data), today is the limit."""
    map = wijzig_csv(basis().schrijf(tmp_path / "d"), "persoon",
                     lambda df: df.assign(geboortedatum=["1980-05-01", "2999-01-01", "1980-05-01"]))
    meta = (map / "meta.yaml").read_text().replace("aangemaakt: '2026-01-01'", "aangemaakt: banenafspraak-generator abc123")
    (map / "meta.yaml").write_text(meta)
    x = een(fouten(map), "persoon.csv", "geboortedatum")
    assert x.regel == f"datum in de toekomst (na vandaag, {dt.date.today().isoformat()})"
    assert x.waarden == ["2999-01-01"] and x.rijen == [1]


def test_aanmaakdatum_in_de_toekomst(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    (map / "meta.yaml").write_text((map / "meta.yaml").read_text().replace("'2026-01-01'", "'2999-01-01'"))
    x = een(fouten(map), "meta.yaml", "aangemaakt")
    assert x.waarden == ["2999-01-01"] and x.regel.startswith("ligt in de toekomst")


# --------------------------------------------------------------------------- 8. meta.yaml

def test_meta_niet_in_utf8(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    (map / "meta.yaml").write_bytes("bron: synthetisch\nschaal: 1\nomschrijving: gegevens van één regio\n".encode("latin-1"))
    assert [str(x) for x in fouten(map)] == [
        "meta.yaml: niet in UTF-8 opgeslagen (byte 0xe9 op positie 55); sla het bestand op als UTF-8"]
    r = cli("valideer", map)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[1:] == ["- meta.yaml: niet in UTF-8 opgeslagen (byte 0xe9 op positie 55); sla het bestand "
                                         "op als UTF-8"]


@pytest.mark.parametrize("inhoud, soort", [("- bron: synthetisch\n- schaal: 1\n", "een lijst"),
                                           ("synthetisch\n", "alleen tekst")])
def test_meta_geen_mapping(tmp_path, inhoud, soort):
    map = basis().schrijf(tmp_path / "d")
    (map / "meta.yaml").write_text(inhoud)
    assert [str(x) for x in fouten(map)] == [
        f"meta.yaml: verwacht sleutels met waarden (bron: ..., schaal: ...), gevonden {soort}"]
    r = cli("valideer", map)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "gevonden " + soort in r.stderr


@pytest.mark.parametrize("inhoud, melding", [
    ("bron: synthetisch\nschaal: 1: 2\n", "regel 2, kolom 10: mapping values are not allowed here"),
    ("bron: synthetisch\n\tschaal: 1\n",
     "regel 2, kolom 1: found character '\\t' that cannot start any token (while scanning for the next token)"),
    ('bron: synthetisch\nomschrijving: "abc\n', "regel 3, kolom 1: found unexpected end of stream "
                                                "(while scanning a quoted scalar op regel 2, kolom 15)"),
    ("bron: synthetisch\nschaal: 1\nschaal: 0.02\n", "regel 3, kolom 1: sleutel 'schaal' komt twee keer voor"),
])
def test_meta_geen_geldige_yaml(tmp_path, inhoud, melding):
    """One line naming the file and where the YAML goes wrong (PyYAML's own message spans four lines); a
    key twice is refused too (YAML would keep the last one silently)."""
    map = basis().schrijf(tmp_path / "d")
    (map / "meta.yaml").write_text(inhoud)
    assert [str(x) for x in fouten(map)] == [f"meta.yaml: geen geldige YAML, {melding}"]
    r = cli("valideer", map)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[1:] == [f"- meta.yaml: geen geldige YAML, {melding}"]


def test_meta_geen_geldige_yaml_bij_elke_lezer(tmp_path):
    """Every reader of meta.yaml: a run (the runner reads it for the data's last date and run.json),
    verklaar, the period of the data, the embedded default data (made again when its meta.yaml is damaged)."""
    from banenafspraak.loading import laatste_datum
    from banenafspraak.synth import _actueel

    map = basis().schrijf(tmp_path / "d")
    (map / "meta.yaml").write_text("bron: synthetisch\nschaal: 1: 2\n")
    assert laatste_datum(map) == dt.date(2023, 12, 31)  # from the polis itself
    assert _actueel(map) is False
    r = cli("verklaar", "P001", "--data", map)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[1:] == ["- meta.yaml: geen geldige YAML, regel 2, kolom 10: mapping values are not allowed here"]


# --------------------------------------------------------------------------- 13. a table in two files

def test_tabel_in_twee_bestanden(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    lees_map(map)["persoon"].to_parquet(map / "persoon.parquet", index=False)
    assert [str(x) for x in fouten(map)] == [
        "persoon.parquet en persoon.csv: twee bestanden voor dezelfde tabel; bewaar er één (verwijder of hernoem het andere)"]
    basis().frames()["polis"].to_parquet(map / "polis.parquet", index=False)
    with pytest.raises(ContractError, match="polis.parquet en polis.csv: twee bestanden"):
        polis_bron(map)


# --------------------------------------------------------------------------- 16. `;` as separator, follow-on errors

def test_puntkomma_als_scheidingsteken(tmp_path):
    """Dutch Excel writes `;` and decimal commas: one line, not a missing-column line per column."""
    map = basis().schrijf(tmp_path / "d")
    lees_csv(map, "polis").assign(verloonde_uren="25,5").to_csv(map / "polis.csv", index=False, sep=";")
    assert [str(x) for x in fouten(map)] == ["polis.csv: scheidingsteken `;`: sla op als CSV met komma's"]


def test_geen_valse_dubbele_sleutel_na_een_datumfout(tmp_path):
    """Two opgaven whose begin is written 01-12-2023: the date error, not a duplicate key 'NaT'."""
    def w(df):
        df = pd.concat([df, df.iloc[[0]].assign(ikv_id="IKV1")], ignore_index=True)
        df.loc[[0, 3], "opgave_begin"] = "01-12-2023"
        return df
    p = fouten(wijzig_csv(basis().schrijf(tmp_path / "d"), "polis", w))
    assert [str(x) for x in p] == ["polis.csv, kolom opgave_begin: geen geldige datum (JJJJ-MM-DD); "
                                   "waarde(n) '01-12-2023'; regels 2, 5"]


def test_geen_valse_verwijzingen_na_een_typefout(tmp_path):
    """Persoon ids stored as numbers in persoon.parquet (001 became 1): the type error, not a line
    'persoon onbekend' for every table that refers to the persons."""
    b = Bouw()
    for i, g in enumerate(["WAJONG_OUD", "PW_INDICATIE"], start=1):
        b.persoon(f"00{i}").registratie(f"00{i}", g).maand_opgave(f"00{i}", f"I{i}", "WG01", 2023, 12, 100.0)
    map = b.schrijf(tmp_path / "d")
    pd.read_csv(map / "persoon.csv", dtype=str).astype({"persoon_id": int}).to_parquet(map / "persoon.parquet", index=False)
    (map / "persoon.csv").unlink()
    assert [str(x) for x in fouten(map)] == [
        "persoon.parquet, kolom persoon_id: verwacht tekst (codes en sleutels blijven tekst met voorloopnullen), "
        "gevonden type int64; waarde(n) 1, 2"]


def test_geen_valse_overlap_na_een_datumfout(tmp_path):
    """A residence spell whose end is written 31-12-2015 is not read as open: the date error, not an
    overlap with the next spell."""
    b = basis()
    b.rijen["woonplaats"][0]["einde"] = "2015-12-31"
    b.rijen["woonplaats"].append(dict(persoon_id="P001", gemeentecode="GM0599", begin="2016-01-01", einde=None))
    map = wijzig_csv(b.schrijf(tmp_path / "d"), "woonplaats",
                     lambda df: df.assign(einde=df["einde"].replace("2015-12-31", "31-12-2015")))
    assert [str(x) for x in fouten(map)] == ["woonplaats.csv, kolom einde: geen geldige datum (JJJJ-MM-DD); "
                                             "waarde(n) '31-12-2015'; regels 2"]


def test_dubbele_sleutel_blijft_gemeld(tmp_path):
    """The follow-on rule leaves real duplicates alone."""
    def w(df):
        return pd.concat([df, df.iloc[[1]]], ignore_index=True)
    x = een(fouten(wijzig_csv(basis().schrijf(tmp_path / "d"), "polis", w)), "polis.csv",
            "persoon_id+ikv_id+opgave_begin")
    assert x.regel == "dubbele sleutel" and x.waarden == [("P002", "IKV2", "2023-12-01")] and x.rijen == [1, 3]


# --------------------------------------------------------------------------- keys and references in DuckDB

def zet_polis(map, wijzig):
    """Change the polis.parquet of a typed directory: ``wijzig`` gets and returns its rows as dicts."""
    t = pq.read_table(map / "polis.parquet")
    pq.write_table(pa.Table.from_pylist(wijzig(t.to_pylist()), schema=t.schema), map / "polis.parquet")
    return map


@pytest.fixture
def polis_niet_in_pandas(monkeypatch):
    """Once switched on, reading polis.parquet into pandas/Arrow fails (DuckDB may read the file as it is)."""
    import pyarrow.dataset as pads

    echt_tabel, echt_dataset = pq.read_table, pads.dataset

    def bewaakt(echt):
        def lees(bron, *a, **kw):
            assert Path(str(bron)).name != "polis.parquet", f"polis in pandas gelezen: {bron}"
            return echt(bron, *a, **kw)
        return lees

    def aan():
        monkeypatch.setattr(pq, "read_table", bewaakt(echt_tabel))
        monkeypatch.setattr(pads, "dataset", bewaakt(echt_dataset))
    return aan


def test_valideer_laadt_de_polis_niet(tmp_path, polis_niet_in_pandas, capsys):
    """``banenafspraak valideer`` checks keys and references of a parquet polis in DuckDB on the file
    (at national scale the polis has tens of millions of opgaven), with the messages as before."""
    def w(rijen):
        return rijen + [dict(rijen[1]), dict(rijen[2], persoon_id="P999", ikv_id="IKV9"),
                        dict(rijen[2], ikv_id="IKV4", werkgever_id="WG99")]
    map = zet_polis(getypeerd(basis(), tmp_path / "pq"), w)
    polis_niet_in_pandas()
    verwacht = ["polis.parquet, kolom persoon_id+ikv_id+opgave_begin: dubbele sleutel; waarde(n) "
                "('P002', 'IKV2', '2023-12-01'); rijen 2, 4",
                "polis.parquet, kolom werkgever_id: werkgever onbekend in werkgever; waarde(n) 'WG99'; rijen 6",
                "polis.parquet, kolom persoon_id: persoon onbekend in persoon; waarde(n) 'P999'; rijen 5"]
    ds_fout = fouten(map, polis_lezen=False, lege_tabellen=False)
    assert [str(p) for p in ds_fout] == verwacht
    from banenafspraak import cli as cli_module

    assert cli_module.main(["valideer", str(map)]) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [f"- {r}" for r in verwacht]
    pq.write_table(pq.ParquetFile(map / "polis.parquet").read_row_group(0).slice(0, 3), map / "polis.parquet")
    ds = lees_map(map, polis_lezen=False)
    assert "polis" not in ds and ds.reconciliatie.gelezen["polis"] == 3 and ds.bestanden["polis"].name == "polis.parquet"
    assert ds.polis_periode.tot == pd.Timestamp("2023-12-31")


@pytest.mark.parametrize("formaat", ["csv", "parquet"])
def test_run_controleert_verwijzingen_op_elke_rij(tmp_path, formaat):
    """A run reads the opgaven of its peildata; an unknown employer or person in an opgave of June 2020
    (never read by the monitor 2023) stops it all the same: references are checked on every row."""
    b = met_oude_opgave(basis())
    if formaat == "csv":
        map = wijzig_csv(b.schrijf(tmp_path / "d"), "polis",
                         lambda df: df.assign(werkgever_id=["WG01", "WG01", "WG01", "WG99"],
                                              persoon_id=["P001", "P002", "P003", "P999"]))
    else:
        map = zet_polis(getypeerd(b, tmp_path / "pq"),
                        lambda rijen: rijen[:3] + [dict(rijen[3], werkgever_id="WG99", persoon_id="P999")])
    with pytest.raises(ContractError) as e:
        laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR))
    rij = "regels 5" if formaat == "csv" else "rijen 4"
    assert [str(p) for p in e.value.problemen] == [
        f"polis.{formaat}, kolom werkgever_id: werkgever onbekend in werkgever; waarde(n) 'WG99'; {rij}",
        f"polis.{formaat}, kolom persoon_id: persoon onbekend in persoon; waarde(n) 'P999'; {rij}"]


def test_dubbele_sleutel_buiten_de_selectie(tmp_path):
    """Decision (README "Foutmeldingen"): the key of the polis is checked on every row of the file by
    ``valideer`` and by a report that follows the whole polis (duurzaamheid); a run that reads only the
    opgaven of its peildata checks it on those (a duplicate elsewhere cannot reach its figures)."""
    map = zet_polis(getypeerd(met_oude_opgave(basis()), tmp_path / "pq"), lambda rijen: rijen + [dict(rijen[3])])
    verwacht = ("polis.parquet, kolom persoon_id+ikv_id+opgave_begin: dubbele sleutel; waarde(n) "
                "('P001', 'OUD', '2020-06-01'); rijen 4, 5")
    assert [str(p) for p in fouten(map, polis_lezen=False)] == [verwacht]
    with pytest.raises(ContractError) as e:
        laad_data(map, ["polis"], polis_peildata=[pd.Timestamp("2023-12-31")], volledige_polis=True)
    assert [str(p) for p in e.value.problemen] == [verwacht]
    ds = laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR))
    assert len(ds["polis"]) == 3
    # the monitor leaves the polis in its file: the same 3 opgaven selected, counted and checked in DuckDB
    ds = laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR), polis_als_bestand=True)
    assert "polis" not in ds
    t = ds.reconciliatie.tabel()
    assert t.loc[(t["tabel"] == "polis") & (t["regel"] == "gebruikt"), "rijen"].tolist() == [3]
    assert monitor.meet(ds, f"{JAAR}-12-31").ikv["banen"].sum() == \
        pytest.approx(monitor.meet(laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(JAAR)),
                                   f"{JAAR}-12-31").ikv["banen"].sum())


def test_overlap_met_een_eerdere_dan_de_vorige_woonperiode(tmp_path):
    """P001 lives in GM0363 1980-2010; a spell 2002-2003 and one from 2005 both overlap it (the second
    does not overlap the spell just before it)."""
    b = basis()
    b.rijen["woonplaats"][0]["einde"] = "2010-12-31"
    b.rijen["woonplaats"] += [dict(persoon_id="P001", gemeentecode="GM0599", begin="2002-01-01", einde="2003-12-31"),
                              dict(persoon_id="P001", gemeentecode="GM0599", begin="2005-01-01", einde=None)]
    x = een(fouten(b.schrijf(tmp_path / "d")), "woonplaats.csv", "begin")
    assert str(x) == ("woonplaats.csv, kolom begin: overlappende woonperioden van één persoon (persoon_id getoond); "
                      "waarde(n) 'P001'; regels 5, 6")


def test_beschut_werk_met_onbekende_gemeente(tmp_path):
    b = basis()
    for pid, gm in (("P001", "GM0363"), ("P002", "GM9999")):
        b.rijen["beschut_werk"].append(dict(persoon_id=pid, aanvraagdatum="2020-01-01", aanvrager="GEMEENTE",
                                            advies="POSITIEF", adviesdatum="2020-02-01", gemeentecode=gm,
                                            indicatie_einde=None))
    assert [str(p) for p in fouten(b.schrijf(tmp_path / "d"))] == [
        "beschut_werk.csv, kolom gemeentecode: gemeente onbekend in gemeente_regio; waarde(n) 'GM9999'; regels 3"]


# --------------------------------------------------------------------------- a rejected directory never gives exit 0

def kapot(tmp_path, geval: str):
    b = met_oude_opgave(basis())
    map = b.schrijf(tmp_path / geval)
    if geval == "uren_oneindig":
        wijzig_csv(map, "polis", lambda df: df.assign(verloonde_uren=["inf", "100", "100", "50"]))
    elif geval == "einde_voor_begin":
        wijzig_csv(map, "polis", lambda df: df.assign(opgave_einde=df["opgave_einde"].where(df.index != 3, "2020-05-31")))
    elif geval == "polis_leeg":
        (map / "polis.csv").write_text((map / "polis.csv").read_text().splitlines()[0] + "\n")
    elif geval == "dubbele_kolom":
        (map / "polis.csv").write_text("\n".join(r + ("," + r.split(",")[6] if i else ",verloonde_uren")
                                                 for i, r in enumerate((map / "polis.csv").read_text().splitlines())) + "\n")
    elif geval == "geboren_na_aanmaak":
        wijzig_csv(map, "persoon", lambda df: df.assign(geboortedatum=["1980-05-01", "2027-01-01", "1980-05-01"]))
    elif geval == "meta_lijst":
        (map / "meta.yaml").write_text("- bron: synthetisch\n")
    elif geval == "twee_bestanden":
        lees_map(map)["persoon"].to_parquet(map / "persoon.parquet", index=False)
    elif geval == "puntkomma":
        lees_csv(map, "werkgever").to_csv(map / "werkgever.csv", index=False, sep=";")
    return map


GEVALLEN = ["uren_oneindig", "einde_voor_begin", "polis_leeg", "dubbele_kolom", "geboren_na_aanmaak", "meta_lijst",
            "twee_bestanden", "puntkomma"]


@pytest.mark.parametrize("geval", GEVALLEN)
def test_afgekeurd_door_valideer_en_door_de_run(tmp_path, geval):
    map = kapot(tmp_path, geval)
    with pytest.raises(ContractError) as v:
        lees_map(map, lege_tabellen=False)  # banenafspraak valideer
    with pytest.raises(ContractError) as r:
        monitor_run(map)
    assert {str(p) for p in v.value.problemen} & {str(p) for p in r.value.problemen}


@pytest.mark.traag
@pytest.mark.parametrize("geval", ["uren_oneindig", "einde_voor_begin", "meta_lijst"])
def test_run_op_afgekeurde_map_eindigt_niet_met_0(tmp_path, geval):
    map = kapot(tmp_path, geval)
    v = cli("valideer", map)
    r = cli("run", "landelijke-monitor", "--uit", tmp_path / "uit", "-p", f"data_dir={map}", "-p", f"jaar={JAAR}")
    assert v.returncode == 1 and r.returncode == 1
    assert "Traceback" not in v.stderr + r.stderr
    regel = v.stderr.splitlines()[1]  # the first problem valideer names ...
    assert regel[2:] in r.stderr      # ... is in the run's message


@pytest.mark.traag
def test_run_na_het_einde_van_de_data(tmp_path):
    map = tot_2021().schrijf(tmp_path / "d")
    r = cli("run", "landelijke-monitor", "--uit", tmp_path / "uit", "-p", f"data_dir={map}", "-p", "jaar=2022")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    # refused by the runner before the notebook runs (monitor.controleer_jaar on the polis period);
    # monitor.publicatie itself checks the same with periode.controleer_peildata (test above)
    assert ("fout: landelijke-monitor: jaar 2022: de data lopen tot 31-12-2021, er zijn geen gegevens over "
            "31 december 2022; het laatste mogelijke jaar is 2021") in r.stderr
    assert not any((tmp_path / "uit").glob("*/run.json"))
