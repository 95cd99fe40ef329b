"""Issue #17: ``banenafspraak importeer`` from CBS-shaped files (tiny .sav files with the real column names, written
with pyreadstat) into the data contract, the round trip ``genereer --formaat cbs`` -> ``importeer``, and bad sources
that must stop the import naming the file, the column and the value."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

from bouw import Bouw
from banenafspraak.importeer import ImportFout, importeer, lees_bronnen
from banenafspraak.loading import lees_map
from banenafspraak.monitor import banen_naar_sector, meet
from banenafspraak.synth.cbs import naar_cbs
from banenafspraak.validation import ContractError


def wereld() -> Bouw:
    """Three persons in the register working in December 2023 (P1 at a markt employer 100 hours, P2 at an overheid
    employer 80 hours, P3 uitzendkracht 60 hours), one person outside the register (P9, 120 hours at W1)."""
    b = Bouw()
    for pid, g in (("P001", "WAJONG_OUD"), ("P002", "PW_INDICATIE"), ("P003", "WSW_BEGELEID_WERK")):
        b.persoon(pid).registratie(pid, g)
    b.persoon("P009")
    b.werkgever("W1", 2023, sector="01", totaal=50000.0)
    b.werkgever("W2", 2023, sector="63", totaal=40000.0, ufo=40000.0)
    b.werkgever("W3", 2023, sector="52", totaal=30000.0, uitlener=True)
    b.maand_opgave("P001", "I1", "W1", 2023, 12, 100.0)
    b.maand_opgave("P002", "I2", "W2", 2023, 12, 80.0)
    b.maand_opgave("P003", "I3", "W3", 2023, 12, 60.0, aard="11", soort_baan="4")
    b.maand_opgave("P009", "I9", "W1", 2023, 12, 120.0)
    return b


@pytest.fixture()
def cbs(tmp_path):
    contract = wereld().schrijf(tmp_path / "contract")
    return contract, naar_cbs(contract, tmp_path / "cbs", "sav")


def test_sav_importeren_valideren_en_tellen(cbs, tmp_path):
    contract, bron = cbs
    assert (bron / "SPOLISBUS2023.sav").exists() and (bron / "GBAPERSOONTAB.sav").exists()
    polis_cbs, _ = pyreadstat.read_sav(str(bron / "SPOLISBUS2023.sav"))
    assert polis_cbs["RINPERSOON"].str.len().eq(9).all()  # text with leading zeros
    verslag = importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    # P009 is not in the register: their opgave is read, counted as left out, and still in the employer's total
    assert verslag["polis"]["weggelaten"] == {"persoon nooit in het doelgroepregister, zonder uitkering of beschut werk":
                                              verslag["polis"]["gelezen_totaal"] - 3}
    assert verslag["polis"]["geschreven"] == 3
    ds = lees_map(tmp_path / "data")  # the contract check of valideer
    assert ds.meta["bron"] == "cbs" and ds.meta["schaal"] == 1.0
    w = ds["werkgever"].set_index("werkgever_id")
    assert w.at["W1", "verloonde_uren_totaal"] == 50000.0 and w.at["W2", "verloonde_uren_ufo"] == 40000.0
    assert bool(w.at["W3", "uitlener"]) and not bool(w.at["W1", "uitlener"])
    assert set(ds["persoon"]["persoon_id"]) == {"R000000001", "R000000002", "R000000003"}
    # the same banen as on the contract data: 100/(110,92)... per sector, by the monitor's own counting
    a = banen_naar_sector(meet(lees_map(contract), "2023-12-31")).set_index("sector")["banen"]
    b = banen_naar_sector(meet(ds, "2023-12-31")).set_index("sector")["banen"]
    assert a.to_dict() == pytest.approx(b.to_dict()) and a["totaal"] > 0


def _breek(bron: Path, bestand: str, wijzig) -> None:
    df, meta = pyreadstat.read_sav(str(bron / bestand))
    pyreadstat.write_sav(wijzig(df), str(bron / bestand))


def test_ontbrekende_kolom(cbs, tmp_path):
    _, bron = cbs
    _breek(bron, "SPOLISBUS2023.sav", lambda d: d.drop(columns="SAANTVERLU"))
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    (p,) = e.value.problemen
    assert (p.bestand, p.kolom) == ("SPOLISBUS2023.sav", "SAANTVERLU") and "ontbreekt" in p.regel


def test_rinpersoon_als_getal_verloor_de_voorloopnullen(cbs, tmp_path):
    _, bron = cbs
    _breek(bron, "GBAPERSOONTAB.sav", lambda d: d.assign(RINPERSOON=d["RINPERSOON"].astype(int)))
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    tekst = str(e.value)
    assert "GBAPERSOONTAB.sav, kolom RINPERSOON" in tekst and "voorloopnullen" in tekst


def test_onbekend_tijdvaktype(cbs, tmp_path):
    _, bron = cbs
    _breek(bron, "SPOLISBUS2023.sav", lambda d: d.assign(STIJDVAKTYPE=["1", "7", "1", "1"][: len(d)] + ["1"] * (len(d) - 4)))
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    (p,) = e.value.problemen
    assert (p.bestand, p.kolom, p.waarden, p.rijen) == ("SPOLISBUS2023.sav", "STIJDVAKTYPE", ["7"], [1])
    assert "onbekende code" in p.regel and "rijen 2" in str(p)


def test_geen_bestand_gevonden(tmp_path):
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"bronnen": {"polis": "SPOLISBUS*.sav", "persoon": "x.sav",
                                                                  "doelgroepregister": "y.sav"}}))
    with pytest.raises(ImportFout, match="geen bestand gevonden"):
        lees_bronnen(tmp_path / "b.yaml")


def test_rondgang_op_de_ingebouwde_data(standaard_map, tmp_path):
    """genereer (the embedded data) -> CBS-shaped parquet -> importeer gives the same contract tables, with the
    documented differences: CBS person keys, birth dates on day 1, and only the persons the
    reports need (register, AO benefit, beschut werk, inleen): the generator has two persons with work in none of
    those (P00008501 and P00008889, 32 opgaven), whose rows are left out and counted in importeer.json."""
    bron = naar_cbs(standaard_map, tmp_path / "cbs", "parquet", werknemers=2)
    verslag = importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    a, b = lees_map(standaard_map), lees_map(tmp_path / "data")
    def cbs_sleutel(s):
        return "R" + s.str.replace(r"\D", "", regex=True).str.zfill(9)

    nodig = set(b["persoon"]["persoon_id"])
    weg = a["polis"].loc[~cbs_sleutel(a["polis"]["persoon_id"]).isin(nodig)]
    assert sorted(weg["persoon_id"].unique()) == ["P00008501", "P00008889"] and len(weg) == 32
    assert verslag["polis"]["geschreven"] == len(a["polis"]) - 32

    def gelijk(tabel, sleutel, zonder=()):
        x = a[tabel].drop(columns=[c for c in zonder if c in a[tabel].columns]).copy()
        y = b[tabel][x.columns].copy()
        if "persoon_id" in x:
            x["persoon_id"] = cbs_sleutel(x["persoon_id"])
            x = x.loc[x["persoon_id"].isin(nodig)]
        x, y = (d.sort_values(sleutel, kind="stable").reset_index(drop=True) for d in (x, y))
        pd.testing.assert_frame_equal(x, y, check_dtype=False, check_exact=False)

    gelijk("doelgroepregister", ["persoon_id", "grondslag", "registratie_begin"])
    gelijk("polis", ["persoon_id", "ikv_id", "opgave_einde"], zonder=("verwerkingsdatum",))
    gelijk("werkgever", ["werkgever_id", "jaar"])
    gelijk("woonplaats", ["persoon_id", "begin"])
    gelijk("uitkering", ["persoon_id", "regeling", "begin"], zonder=("ao_klasse",))
    p = a["persoon"].copy()
    p["geboortedatum"] = pd.to_datetime(p["geboortedatum"]).dt.to_period("M").dt.to_timestamp()
    a.tabellen["persoon"] = p
    gelijk("persoon", ["persoon_id"])


def test_opdrachtregel(cbs, tmp_path):
    _, bron = cbs
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "importeer", "--bronnen", str(bron / "bronnen.yaml"),
                        "--uit", str(tmp_path / "data")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "in orde volgens het datacontract" in r.stdout and (tmp_path / "data" / "importeer.json").exists()


def test_csv_bron_noemt_de_regel(tmp_path):
    """A CSV source is read as text (leading zeros kept) and a bad value is named by its line (header = line 1)."""
    contract = wereld().schrijf(tmp_path / "contract")
    bron = naar_cbs(contract, tmp_path / "cbs", "csv")
    pad = bron / "SPOLISBUS2023.csv"
    df = pd.read_csv(pad, dtype=str, keep_default_na=False)
    assert df["RINPERSOON"].str.len().eq(9).all()
    df.loc[2, "SDATUMEINDEIKO"] = "2023-12-31"  # not YYYYMMDD
    df.to_csv(pad, index=False)
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    (p,) = e.value.problemen
    assert (p.bestand, p.kolom, p.waarden) == ("SPOLISBUS2023.csv", "SDATUMEINDEIKO", ["2023-12-31"])
    assert "regels 4" in str(p) and "geen datum" in p.regel


def test_fouten_in_het_bronnenbestand_en_de_uitvoermap(cbs, tmp_path):
    _, bron = cbs
    y = yaml.safe_load((bron / "bronnen.yaml").read_text())
    for fout, verwacht in ((("tabelen", {}), "onbekende sleutel"), (("tabellen", {"polsi": {}}), "tabellen.polsi: onbekend"),
                           (("tabellen", {"persoon": {"kolommen": {"geslachtt": "X"}}}), "kolommen.geslachtt: onbekend"),
                           (("contract", {"beschutwerk": "x.csv"}), "contract.beschutwerk"),
                           (("contract", {"beschut_werk": "bestaat_niet.csv"}), "bestaat niet"),
                           (("geboortedag", 31), "geboortedag 31"),
                           (("tabellen", {"polis": {"kolommen": {"werkgever_id": {"kolm": "SLHNR"}}}}), "werkgever_id.kolm: onbekend"),
                           (("tabellen", {"polis": {"kolommen": {"verloonde_uren": {"type": "decimal"}}}}), "type: 'decimal' onbekend"),
                           (("tabellen", {"polis": {"kolommen": {"werkgever_id": {"kolom": 12}}}}), "kolom: 12: verwacht"),
                           (("tabellen", {"polis": {"kolommen": {"werkgever_id": {"kolom": "X", "optioneel": "nee"}}}}), "true of false"),
                           (("lege_datums", 5), "verwacht een lijst"), (("bronnen", [1]), "bronnen: verwacht")):
        (bron / "fout.yaml").write_text(yaml.safe_dump({**y, fout[0]: fout[1]}))
        with pytest.raises(ImportFout, match=verwacht):
            lees_bronnen(bron / "fout.yaml")
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(ImportFout, match="kan de map niet maken"):
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "bestand" / "data", log=lambda *a: None)
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "oud.parquet").write_text("x")
    with pytest.raises(ImportFout, match="niet leeg"):
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "vol", log=lambda *a: None)


def twee_jaren(tmp_path, formaat) -> Path:
    """The world of :func:`wereld` with a 2022 opgave of P001 too: SPOLISBUS2022 and SPOLISBUS2023."""
    b = wereld()
    b.maand_opgave("P001", "I1", "W1", 2022, 12, 100.0)
    b.werkgever("W1", 2022, sector="01", totaal=50000.0)
    return naar_cbs(b.schrijf(tmp_path / "contract"), tmp_path / "cbs", formaat)


def test_geboortemaand_13_en_een_kolom_die_in_een_jaar_ontbreekt(tmp_path):
    bron = twee_jaren(tmp_path, "sav")
    _breek(bron, "GBAPERSOONTAB.sav", lambda d: d.assign(GBAGEBOORTEMAAND=["13"] + list(d["GBAGEBOORTEMAAND"][1:])))
    _breek(bron, "SPOLISBUS2022.sav", lambda d: d.drop(columns="SCONTRACTSOORT"))
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    gezien = {(p.bestand, p.kolom) for p in e.value.problemen}
    assert ("SPOLISBUS2022.sav", "SCONTRACTSOORT") in gezien  # only the year without it
    assert not any(p.bestand == "SPOLISBUS2023.sav" for p in e.value.problemen)
    assert not (tmp_path / "data").exists()  # nothing half-written under the name asked for
    _breek(bron, "SPOLISBUS2022.sav", lambda d: d.assign(SCONTRACTSOORT="O"))
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    (p,) = e.value.problemen
    assert (p.bestand, p.kolom, p.waarden) == ("GBAPERSOONTAB.sav", "GBAGEBOORTEMAAND", ["13"]) and "maand (1-12)" in p.regel


def test_datum_als_getal_in_het_ene_jaar_en_als_tekst_in_het_andere(tmp_path):
    bron = twee_jaren(tmp_path, "parquet")
    d = pd.read_parquet(bron / "SPOLISBUS2022.parquet")
    d["SDATUMEINDEIKO"] = d["SDATUMEINDEIKO"].astype(float)  # 20221231.0
    d.to_parquet(bron / "SPOLISBUS2022.parquet", index=False)
    importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    polis = lees_map(tmp_path / "data")["polis"]
    assert sorted(pd.to_datetime(polis["opgave_einde"]).dt.year.unique()) == [2022, 2023]


def test_herindeling_en_een_jaar_zonder_gemeente(tmp_path):
    """VSLGWBTAB gives the gemeente per object per year: an address spell is cut at the 1 January on which its
    object's gemeente changes (a herindeling), begins no earlier than VSLGWBTAB's first year, and has no part in a
    year without a gemeente; an open spell stays open."""
    bron = twee_jaren(tmp_path, "parquet")
    pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": ["000000001", "000000002", "000000003"], "SOORTOBJECTNUMMER": "A",
                  "RINOBJECTNUMMER": ["A1", "B1", "C1"],
                  "GBADATUMAANVANGADRESHOUDING": ["20150301", "20210601", "20230201"],
                  "GBADATUMEINDEADRESHOUDING": ["", "20230331", ""]}).to_parquet(bron / "GBAADRESOBJECTBUS.parquet", index=False)
    pd.DataFrame({"SOORTOBJECTNUMMER": "A", "RINOBJECTNUMMER": ["A1", "B1", "C1"], "gem2021": ["355", "344", "34"],
                  "gem2022": ["355", "", "34"], "gem2023": ["307", "344", "34"]}).to_parquet(bron / "VSLGWBTAB.parquet", index=False)
    verslag = importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "data", log=lambda *a: None)
    w = lees_map(tmp_path / "data")["woonplaats"]
    rijen = [(r.persoon_id, r.gemeentecode, str(pd.Timestamp(r.begin).date()),
              None if pd.isna(r.einde) else str(pd.Timestamp(r.einde).date())) for r in w.itertuples()]
    assert sorted(rijen) == [("R000000001", "GM0307", "2023-01-01", None),
                             ("R000000001", "GM0355", "2021-01-01", "2022-12-31"),
                             ("R000000002", "GM0344", "2021-06-01", "2021-12-31"),
                             ("R000000002", "GM0344", "2023-01-01", "2023-03-31"),
                             ("R000000003", "GM0034", "2023-02-01", None)]
    assert verslag["woonplaats"]["adressen_behouden"] == 3


def test_lege_codelijst_vslgwb_zonder_jaar_en_een_import_die_het_contract_breekt(tmp_path):
    """Trial of issue #17: an empty code list names the column (no crash); VSLGWBTAB must have a filled gemeente column
    for every polis year; a result that breaks the contract stays in MAP.bezig, never under the name asked for."""
    bron = twee_jaren(tmp_path, "parquet")
    y = yaml.safe_load((bron / "bronnen.yaml").read_text())
    y["tabellen"]["doelgroepregister"]["kolommen"]["grondslag"] = {"codes": {}}
    (bron / "leeg.yaml").write_text(yaml.safe_dump(y))
    with pytest.raises(ContractError, match="geen codelijst voor doelgroepregister.grondslag"):
        importeer(lees_bronnen(bron / "leeg.yaml"), tmp_path / "a", log=lambda *a: None)
    assert not (tmp_path / "a.bezig").exists()  # nothing written: no empty folder left behind
    vsl = pd.read_parquet(bron / "VSLGWBTAB.parquet")
    vsl.drop(columns="gem2022").to_parquet(bron / "VSLGWBTAB.parquet", index=False)
    with pytest.raises(ContractError) as e:
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "b", log=lambda *a: None)
    assert e.value.problemen[0].kolom == "gem2022" and "geen gemeente voor 2022" in e.value.problemen[0].regel
    vsl.assign(gem2022=None).to_parquet(bron / "VSLGWBTAB.parquet", index=False)
    with pytest.raises(ContractError, match="de kolom is leeg"):
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "c", log=lambda *a: None)
    vsl.to_parquet(bron / "VSLGWBTAB.parquet", index=False)
    p = pd.read_parquet(bron / "GBAPERSOONTAB.parquet")
    p.iloc[1:].to_parquet(bron / "GBAPERSOONTAB.parquet", index=False)  # a register person without person data
    with pytest.raises(ContractError, match="blijft in deze map"):
        importeer(lees_bronnen(bron / "bronnen.yaml"), tmp_path / "d", log=lambda *a: None)
    assert not (tmp_path / "d").exists() and (tmp_path / "d.bezig" / "importeer.json").exists()


def test_verkeerde_geheugeninstelling_is_een_regel(tmp_path):
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "valideer", str(tmp_path)], capture_output=True,
                       text=True, env={**__import__("os").environ, "BANENAFSPRAAK_DUCKDB_GEHEUGEN": "abc"})
    assert r.returncode != 0 and "BANENAFSPRAAK_DUCKDB_GEHEUGEN='abc'" in r.stderr and "Traceback" not in r.stderr
