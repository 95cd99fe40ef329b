"""Bad input (issue: foundation, DATA_CONTRACT.md "Bad input"): every kind of defect is named with
file, column, offending value and rows; the CLI exits non-zero without a traceback."""
import subprocess
import sys

import pandas as pd
import pytest

from bouw import basis
from banenafspraak.loading import lees_map
from banenafspraak.validation import ContractError


def plant(tmp_path, tabel, wijzig, formaat="csv"):
    """Write the valid basis data, then apply ``wijzig`` to one table's CSV rows."""
    map = basis().schrijf(tmp_path / "data", formaat=formaat)
    if tabel is not None:
        pad = map / f"{tabel}.{formaat}"
        df = pd.read_csv(pad, dtype=str, keep_default_na=False) if formaat == "csv" else pd.read_parquet(pad)
        df = wijzig(df)
        if formaat == "csv":
            df.to_csv(pad, index=False)
        else:
            df.to_parquet(pad, index=False)
    return map


def fouten(map) -> list:
    with pytest.raises(ContractError) as e:
        lees_map(map)
    return e.value.problemen


def test_basis_is_geldig(tmp_path):
    ds = lees_map(basis().schrijf(tmp_path / "d"))
    assert ds.reconciliatie.gelezen["persoon"] == 3
    assert ds.reconciliatie.gelezen["polis"] == 3
    assert ds["polis"]["opgave_begin"].dtype.kind == "M"
    assert ds.schaal == 1.0


def test_parquet_is_ook_geldig(tmp_path):
    ds = lees_map(basis().schrijf(tmp_path / "d", formaat="parquet"))
    assert len(ds["doelgroepregister"]) == 3


def test_codes_houden_voorloopnullen(tmp_path):
    ds = lees_map(basis().schrijf(tmp_path / "d"))
    assert set(ds["polis"]["aard_arbeidsverhouding"]) == {"01"}
    assert set(ds["werkgever"]["wfsv_sector"]) == {"01"}


def test_ontbrekende_tabel(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    (map / "polis.csv").unlink()
    p = fouten(map)
    assert any("polis" in x.bestand and "ontbreekt" in x.regel for x in p)


def test_ontbrekende_kolom(tmp_path):
    p = fouten(plant(tmp_path, "persoon", lambda df: df.drop(columns=["geslacht"])))
    assert any(x.bestand == "persoon.csv" and x.kolom == "geslacht" and "ontbreekt" in x.regel for x in p)


def test_ongeldige_datum(tmp_path):
    def w(df):
        df.loc[1, "geboortedatum"] = "31-12-1980"
        return df
    p = fouten(plant(tmp_path, "persoon", w))
    x = next(x for x in p if x.kolom == "geboortedatum")
    assert x.bestand == "persoon.csv" and "datum" in x.regel
    assert x.waarden == ["31-12-1980"] and x.rijen == [1]
    assert "regels 3" in str(x)  # CSV line 3: header + 2nd data row


def test_getal_met_komma(tmp_path):
    def w(df):
        df.loc[0, "verloonde_uren"] = "25,5"
        return df
    x = next(x for x in fouten(plant(tmp_path, "polis", w)) if x.kolom == "verloonde_uren")
    assert x.waarden == ["25,5"] and "decimaalteken" in x.regel


def test_onbekende_code(tmp_path):
    def w(df):
        df.loc[2, "grondslag"] = "WAJONG_NIEUW"
        return df
    x = next(x for x in fouten(plant(tmp_path, "doelgroepregister", w)) if x.kolom == "grondslag")
    assert x.bestand == "doelgroepregister.csv" and x.waarden == ["WAJONG_NIEUW"] and x.rijen == [2]
    assert "onbekende code" in x.regel


def test_einde_voor_begin(tmp_path):
    def w(df):
        df.loc[0, "registratie_einde"] = "2009-12-31"
        return df
    x = next(x for x in fouten(plant(tmp_path, "doelgroepregister", w)) if x.kolom == "registratie_einde")
    assert "voor registratie_begin" in x.regel and x.rijen == [0]
    assert "2009-12-31" in str(x)


def test_negatieve_uren(tmp_path):
    def w(df):
        df.loc[1, "verloonde_uren"] = "-8"
        return df
    x = next(x for x in fouten(plant(tmp_path, "polis", w)) if x.kolom == "verloonde_uren")
    assert "negatief" in x.regel and x.waarden == [-8.0] and x.rijen == [1]


def test_dubbele_sleutel(tmp_path):
    def w(df):
        return pd.concat([df, df.iloc[[0]]], ignore_index=True)
    x = next(x for x in fouten(plant(tmp_path, "persoon", w)) if "dubbele" in x.regel)
    assert x.bestand == "persoon.csv" and x.kolom == "persoon_id" and x.waarden == [("P001",)]
    assert x.rijen == [0, 3]


def test_onbekende_persoon(tmp_path):
    def w(df):
        df.loc[2, "persoon_id"] = "P999"
        return df
    x = next(x for x in fouten(plant(tmp_path, "polis", w)) if "persoon onbekend" in x.regel)
    assert x.bestand == "polis.csv" and x.kolom == "persoon_id" and x.waarden == ["P999"]


def test_overlappende_woonperioden(tmp_path):
    def w(df):
        extra = df.iloc[[0]].copy()
        extra["begin"] = "2020-01-01"
        extra["gemeentecode"] = "GM0599"
        return pd.concat([df, extra], ignore_index=True)
    x = next(x for x in fouten(plant(tmp_path, "woonplaats", w)) if "overlappende" in x.regel)
    assert x.bestand == "woonplaats.csv" and x.waarden == ["P001"] and x.rijen == [3]


def test_tijdvak_past_niet(tmp_path):
    def w(df):
        df.loc[0, "tijdvak_type"] = "VIERWEKEN"  # a calendar month of 31 days is no 4-week period
        return df
    x = next(x for x in fouten(plant(tmp_path, "polis", w)) if "tijdvak" in x.regel)
    assert x.kolom == "opgave_einde" and x.rijen == [0]
    assert x.waarden[0][0] == "VIERWEKEN" and x.waarden[0][3] == 31


def test_dertiende_vierwekenperiode_eindigt_31_december(tmp_path):
    b = basis()
    b.rijen["polis"][0].update(opgave_begin="2023-12-03", opgave_einde="2023-12-31", tijdvak_type="VIERWEKEN")
    lees_map(b.schrijf(tmp_path / "d"))  # 29 days ending 31 December: valid


def test_code_als_getal_in_parquet(tmp_path):
    def w(df):
        df["wfsv_sector"] = df["wfsv_sector"].astype(int)
        return df
    x = next(x for x in fouten(plant(tmp_path, "werkgever", w, formaat="parquet")) if x.kolom == "wfsv_sector")
    assert x.bestand == "werkgever.parquet" and "voorloopnullen" in x.regel


def test_alle_problemen_tegelijk(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    (map / "meta.yaml").write_text("bron: echt\nschaal: 2\n")
    df = pd.read_csv(map / "persoon.csv", dtype=str, keep_default_na=False)
    df.loc[0, "geslacht"] = "X"
    df.to_csv(map / "persoon.csv", index=False)
    p = fouten(map)
    assert {("meta.yaml", "bron"), ("meta.yaml", "schaal"), ("persoon.csv", "geslacht")} <= {(x.bestand, x.kolom) for x in p}


def test_cli_valideer_zonder_traceback(tmp_path):
    def w(df):
        df.loc[0, "geslacht"] = "X"
        return df
    map = plant(tmp_path, "persoon", w)
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "valideer", str(map)], capture_output=True, text=True)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "persoon.csv" in r.stderr and "geslacht" in r.stderr and "'X'" in r.stderr


def test_cli_valideer_goed(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    r = subprocess.run([sys.executable, "-m", "banenafspraak.cli", "valideer", str(map)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "in orde" in r.stdout


def test_onbekende_werkgever(tmp_path):
    def w(df):
        df.loc[1, "werkgever_id"] = "WG99"
        return df
    x = next(x for x in fouten(plant(tmp_path, "polis", w)) if "werkgever onbekend" in x.regel)
    assert x.bestand == "polis.csv" and x.kolom == "werkgever_id" and x.waarden == ["WG99"] and x.rijen == [1]
