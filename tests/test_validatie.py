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
    (map / "meta.yaml").write_text("bron: echt\nschaal: 6\n")
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


# --------------------------------------------------------------------------- broken inputs a careful user tried (issue #11)

def een_probleem(map) -> str:
    p = fouten(map)
    assert len(p) == 1, [str(x) for x in p]
    return str(p[0])


def test_lege_tekst_in_een_sleutel(tmp_path):
    """An ikv_id of spaces (CSV) or '' (parquet, a real empty string, not a missing value) is empty: it
    was counted as an inkomstenverhouding of its own. No follow-on duplicate key or unknown employer."""
    def w(df):
        df.loc[1, "ikv_id"] = "  "
        return df
    assert een_probleem(plant(tmp_path, "polis", w)) == (
        "polis.csv, kolom ikv_id: lege tekst (niets of alleen spaties) in een verplichte kolom; waarde(n) '  '; regels 3")
    map = basis().schrijf(tmp_path / "pq")
    df = lees_map(map)["polis"]
    df.loc[[1, 2], "ikv_id"] = ""
    df.loc[2, ["persoon_id", "werkgever_id"]] = ["P002", ""]
    df.to_parquet(map / "polis.parquet", index=False)
    (map / "polis.csv").unlink()
    p = [str(x) for x in fouten(map)]
    assert p == ["polis.parquet, kolom ikv_id: lege tekst (niets of alleen spaties) in een verplichte kolom; "
                 "waarde(n) ''; rijen 2, 3",
                 "polis.parquet, kolom werkgever_id: lege tekst (niets of alleen spaties) in een verplichte kolom; "
                 "waarde(n) ''; rijen 3"]


@pytest.mark.parametrize("datum", ["1850-05-01", "0980-05-01", "1899-12-31"])
def test_datum_voor_1900(tmp_path, datum):
    """A birth date of 1850 (a typing error for 1950) dropped the person from the count as past the AOW
    age: 2 persons at work instead of 3, exit 0."""
    def w(df):
        df.loc[0, "geboortedatum"] = datum
        return df
    assert een_probleem(plant(tmp_path, "persoon", w)) == (
        f"persoon.csv, kolom geboortedatum: datum voor 1900-01-01 (onmogelijk vroeg; een tikfout in het jaar?); "
        f"waarde(n) '{datum}'; regels 2")


def test_opgave_na_de_aanmaakdatum(tmp_path):
    """An opgave of January 2031 in data made on 2026-01-01 stretched the period of the polis to 2031: the
    monitor 2030 then counted 0 banen ("doelstelling niet gehaald") with exit 0."""
    b = basis().maand_opgave("P001", "IKV9", "WG01", 2031, 1, 50.0)
    assert een_probleem(b.schrijf(tmp_path / "d")) == (
        "polis.csv, kolom opgave_begin: datum na de aanmaakdatum van de data (meta.yaml aangemaakt: 2026-01-01); "
        "waarde(n) '2031-01-01'; regels 5")


def test_overlijden_na_de_aanmaakdatum(tmp_path):
    def w(df):
        df.loc[1, "overlijdensdatum"] = "2999-01-01"
        return df
    assert een_probleem(plant(tmp_path, "persoon", w)) == (
        "persoon.csv, kolom overlijdensdatum: datum na de aanmaakdatum van de data (meta.yaml aangemaakt: "
        "2026-01-01); waarde(n) '2999-01-01'; regels 3")


def test_csv_zonder_kopregel(tmp_path):
    """Was: 'kolomnaam komt 2 keer voor (kolommen 4, 5)' (two empty fields of the first row taken for
    names), or a 'verplichte kolom ontbreekt' line per column."""
    b = basis()
    b.uitkering("P001", "WAJONG_2010", "2015-01-01")
    map = b.schrijf(tmp_path / "d")
    pad = map / "uitkering.csv"
    pad.write_text("\n".join(pad.read_text().splitlines()[1:]) + "\n")
    assert een_probleem(map) == (
        "uitkering.csv: geen kopregel: de eerste regel ('P001', 'WAJONG_2010', '2015-01-01', '', '') noemt geen "
        "enkele kolom van het contract; zet de kolomnamen (persoon_id, regeling, begin, einde, arbeidsvermogen) "
        "op de eerste regel")


def test_rij_met_een_veld_te_veel_een_regel(tmp_path):
    """pandas' message ends in a newline: one line all the same."""
    map = basis().schrijf(tmp_path / "d")
    (map / "polis.csv").write_text((map / "polis.csv").read_text().rstrip("\n") + ",extra\n")
    assert een_probleem(map) == ("polis.csv: kan bestand niet lezen: Error tokenizing data. C error: Expected 13 "
                                 "fields in line 4, saw 14")


def test_bestandsnaam_met_hoofdletters(tmp_path):
    map = basis().schrijf(tmp_path / "d")
    (map / "polis.csv").rename(map / "Polis.csv")
    assert een_probleem(map) == ("polis.parquet / polis.csv: verplichte tabel ontbreekt (gevonden: Polis.csv; de "
                                 "bestandsnaam moet in kleine letters)")


# --------------------------------------------------------------------------- national scale: statistics, row groups


def _getypeerd_in_rijgroepen(tmp_path, b, wijzig: dict, rijgroep: int = 8):
    """``b`` as CSV and as typed parquet in row groups of ``rijgroep`` rows, with the same changes
    (table -> {(row, column): value}) in both."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from bouw import getypeerd

    csv = b.schrijf(tmp_path / "csv")
    pq_map = getypeerd(b, tmp_path / "pq")
    for tabel, waarden in wijzig.items():
        df = pd.read_csv(csv / f"{tabel}.csv", dtype=str, keep_default_na=False)
        t = pq.read_table(pq_map / f"{tabel}.parquet")
        kolommen = {k: t.column(k).to_pylist() for k in t.column_names}
        for (rij, kolom), w in waarden.items():
            df.loc[rij, kolom] = str(w)
            kolommen[kolom][rij] = pd.Timestamp(w).date() if t.schema.field(kolom).type == pa.date32() else w
        df.to_csv(csv / f"{tabel}.csv", index=False)
        t = pa.table({k: pa.array(v, t.schema.field(k).type) for k, v in kolommen.items()})
        pq.write_table(t, pq_map / f"{tabel}.parquet", row_group_size=rijgroep)
    return csv, pq_map


def _groot():
    from bouw import Bouw

    b = Bouw()
    for i in range(1, 13):
        b.persoon(f"P{i:03d}").registratie(f"P{i:03d}", "WAJONG_OUD")
        for m in range(1, 13):
            b.maand_opgave(f"P{i:03d}", f"IKV{i}", f"WG{i % 3}", 2022 + i % 2, m, 80.0)
    return b


def test_statistieken_verbergen_geen_fout_in_een_rijgroep(tmp_path):
    """A typed parquet file is checked in DuckDB with its statistics: a rule its least and greatest
    values show no row can break is not counted row by row. A bad value in one row group changes that
    row group's statistics, so every rule is still counted where it can fail: the same problems as in
    the CSV file with the same values (rows from 1 instead of line numbers)."""
    csv, pq_map = _getypeerd_in_rijgroepen(tmp_path, _groot(), {
        "polis": {(50, "ikv_id"): " ", (61, "ikv_begin"): "1850-03-01", (70, "verloonde_uren"): -2.0,
                  (83, "opgave_begin"): "2011-12-01", (83, "opgave_einde"): "2011-12-31",
                  (90, "ikv_einde"): "2011-06-30", (99, "werkgever_id"): "WGX"},
        "persoon": {(9, "geboortedatum"): "2030-01-01", (10, "persoon_id"): "  "},
        "werkgever": {(3, "jaar"): 1800, (4, "verloonde_uren_ufo"): -1.0, (5, "fiscaal_nummer"): " "},
    })

    def vorm(p):
        return (p.bestand.rsplit(".", 1)[0], p.kolom, p.regel, p.waarden, p.rijen, p.aantal)

    verwacht = sorted(map(vorm, fouten(csv)), key=str)
    assert len(verwacht) >= 10
    assert sorted(map(vorm, fouten(pq_map)), key=str) == verwacht


def test_nan_in_getypeerd_parquet_zoals_in_pandas(tmp_path):
    """pandas reads NaN in a number column as empty: a typed parquet table (not the polis) with NaN keeps
    that message, as before it was checked as a file."""
    import numpy as np
    import pyarrow.parquet as pq
    from bouw import getypeerd

    map = getypeerd(_groot(), tmp_path / "pq")
    t = pq.read_table(map / "werkgever.parquet")
    uren = t.column("verloonde_uren_totaal").to_numpy().copy()
    uren[1] = np.nan
    pq.write_table(t.set_column(t.schema.get_field_index("verloonde_uren_totaal"), "verloonde_uren_totaal",
                                pa_array(uren)), map / "werkgever.parquet")
    assert [str(p) for p in fouten(map)] == [
        "werkgever.parquet, kolom verloonde_uren_totaal: lege waarde in een verplichte kolom; rijen 2"]


def pa_array(x):
    import pyarrow as pa

    return pa.array(x)


def test_selectie_uit_rijgroepen_en_haar_sleutel(tmp_path):
    """The opgaven of a run's peildata are read from the row groups that can hold them (their
    statistics), with their rows in the file; their key is checked on them: a duplicate on a peildatum
    stops the monitor and names both rows of the file, one elsewhere does not (``banenafspraak
    valideer`` names it). The count of opgaven read is the same whether the polis is read into pandas
    or left in its file."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from bouw import getypeerd
    from banenafspraak import monitor
    from banenafspraak.rapport import laad_data

    map = getypeerd(_groot(), tmp_path / "pq")
    t = pq.read_table(map / "polis.parquet")
    pq.write_table(t, map / "polis.parquet", row_group_size=10)
    gelezen = {}
    for als_bestand in (False, True):
        ds = laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(2023), polis_als_bestand=als_bestand)
        gelezen[als_bestand] = ds.reconciliatie.tabel().to_dict("records")
    assert gelezen[False] == gelezen[True]
    assert any(r["regel"] == "gebruikt" and r["rijen"] == 12 for r in gelezen[True])  # the Decembers of 12 persons

    december = [i for i, e in enumerate(t.column("opgave_einde").to_pylist()) if (e.month, e.day) == (12, 31)]
    for rij, op_peildatum in ((december[-1], True), (0, False)):
        pq.write_table(pa.concat_tables([t, t.slice(rij, 1)]), map / "polis.parquet", row_group_size=10)
        for als_bestand in (False, True):
            if not op_peildatum:
                laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(2023), polis_als_bestand=als_bestand)
                continue
            with pytest.raises(ContractError) as e:
                laad_data(map, monitor.TABELLEN, polis_peildata=monitor.peildata(2023), polis_als_bestand=als_bestand)
            assert [(p.kolom, p.regel, p.rijen) for p in e.value.problemen] == [
                ("persoon_id+ikv_id+opgave_begin", "dubbele sleutel", [rij, t.num_rows])]
        with pytest.raises(ContractError, match="dubbele sleutel"):
            lees_map(map)
