"""The synthetic world as CBS-shaped files (issue #17): ``banenafspraak genereer --formaat cbs`` writes what a
researcher finds in the Remote Access environment (SPOLISBUS per year with employees outside the register,
GBAPERSOONTAB, GBAADRESOBJECTBUS + VSLGWBTAB, an AO benefit file) plus a UWV-style extract of the doelgroepregister
and a ``bronnen.yaml`` for ``banenafspraak importeer``, so that the adapter can be tried at realistic volume.

``importeer`` of these files gives back the contract tables of the generator (tests/test_importeer.py) with three
documented differences: person keys are CBS keys (``R`` + a 9-digit RINPERSOON), birth dates are on the profile's
day of the month (CBS knows year and month), and only the persons the reports need are kept. An uitlener's
``verloonde_uren_uitzend`` are its SPOLISBUS hours of inleenverbanden (RULES.md §4 codes). The UWV grondslag, reason
and regeling codes are numbers here, so that the mapping of bronnen.yaml is exercised."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

# UWV-style numeric codes of the extract (the suite's synthetic choice; a real extract has its own)
GRONDSLAG_CODES = {"WAJONG_OUD": "01", "WAJONG_2010": "02", "PW_INDICATIE": "03", "PW_PRAKTIJKROUTE": "04",
                   "PW_VSO_PRO": "05", "PW_AFGEWEZEN_WAJONG": "06", "PW_TIJDELIJK": "07", "PW_WML_VOORZIENING": "08",
                   "WSW_BEGELEID_WERK": "09", "WSW_DETACHERING": "10", "WSW_BESCHUT": "11", "WIW_ID": "12",
                   "QUOTUM_VOORZIENING": "13"}
REDEN_CODES = {"AOW": "1", "OVERLIJDEN": "2", "GEEN_ARBEIDSVERMOGEN": "3", "BESCHUT_WERK_PW": "4",
               "BESCHUT_WERK_WSW": "5", "VRIJWILLIG": "6", "EMIGRATIE": "7", "T_PLUS_2": "8", "BEZWAAR": "9",
               "OVERIG": "10"}
REGELING_CODES = {"WAJONG_OUD": "1", "WAJONG_2010": "2", "WAJONG_2015": "3", "WGA": "4", "IVA": "5", "WAO": "6"}
TIJDVAK_CODES = {"MAAND": "1", "VIERWEKEN": "2", "KWARTAAL": "3", "HALFJAAR": "4", "JAAR": "5"}
LEEG = "88888888"  # CBS's sentinel for an empty date


def rin(persoon_id: pd.Series) -> pd.Series:
    """The synthetic person key as a 9-digit RINPERSOON (leading zeros)."""
    return persoon_id.astype(str).str.replace(r"\D", "", regex=True).str.zfill(9)


def _datum(s: pd.Series) -> pd.Series:
    d = pd.to_datetime(s)
    return d.dt.strftime("%Y%m%d").fillna(LEEG).astype(object)


def _schrijf(df: pd.DataFrame, pad: Path, formaat: str) -> Path:
    pad = pad.with_suffix("." + formaat)
    if formaat == "parquet":
        df.to_parquet(pad, index=False)
    elif formaat == "csv":
        df.to_csv(pad, index=False)
    elif formaat == "sav":
        import pyreadstat

        pyreadstat.write_sav(df, str(pad))
    else:
        raise ValueError(f"formaat {formaat!r}: verwacht parquet, csv of sav")
    return pad


def schrijf_spolisbus(polis: Path, werkgever: pd.DataFrame, uit: Path, formaat: str, werknemers: int = 1) -> list[Path]:
    """SPOLISBUS<jaar> files from the contract's polis file (DuckDB: the national polis never enters pandas in one
    piece), with rows of employees outside the register so that, per employer and year, all rows add up to the
    werkgever table: ``verloonde_uren_totaal`` and, among rows with the Ufo mark, ``verloonde_uren_ufo``. The register's
    rows are marked Ufo first (in file order) up to the employer's Ufo hours; the rest of each part is spread over
    ``werknemers`` yearly opgaven of persons outside the register (RINPERSOON 9xxxxxxxx); a part below zero, when the
    register's rows of one employer are too lumpy, stays as a correction row (SPOLISBUS has those too)."""
    import duckdb

    con = duckdb.connect()
    try:
        w_df = werkgever.copy()
        if "verloonde_uren_uitzend" not in w_df:
            w_df["verloonde_uren_uitzend"] = np.nan
        con.register("w_df", w_df[["werkgever_id", "jaar", "fiscaal_nummer", "wfsv_sector", "verloonde_uren_totaal",
                                   "verloonde_uren_ufo", "uitlener", "verloonde_uren_uitzend"]])
        con.execute("CREATE TEMP TABLE w AS SELECT * FROM w_df")
        pad = "'" + str(polis).replace("'", "''") + "'"
        bron = (f"(SELECT *, file_row_number AS volg FROM read_parquet({pad}, file_row_number=true))"
                if Path(polis).suffix == ".parquet" else
                f"(SELECT *, row_number() OVER () AS volg FROM read_csv({pad}, header=true, types={{'werkgever_id': 'VARCHAR', "
                "'persoon_id': 'VARCHAR', 'ikv_id': 'VARCHAR', 'aard_arbeidsverhouding': 'VARCHAR', 'soort_baan': 'VARCHAR', "
                "'contractsoort': 'VARCHAR', 'opgave_begin': 'DATE', 'opgave_einde': 'DATE', 'ikv_begin': 'DATE', "
                "'ikv_einde': 'DATE'}))")
        con.execute(f"""CREATE TEMP TABLE p AS
            SELECT o.*, CAST(year(o.opgave_einde) AS BIGINT) AS jaar,
                   sum(o.verloonde_uren) OVER (PARTITION BY o.werkgever_id, year(o.opgave_einde) ORDER BY o.volg
                                               ROWS UNBOUNDED PRECEDING) <= coalesce(w.verloonde_uren_ufo, -1) + 1e-9 AS ufo,
                   w.wfsv_sector, w.fiscaal_nummer, coalesce(w.uitlener, FALSE) AS uitlener, FALSE AS buiten
            FROM {bron} o
            LEFT JOIN w ON w.werkgever_id = o.werkgever_id AND w.jaar = year(o.opgave_einde)""")  # no opgave is dropped
        # an uitlener's uitzend hours: its opgaven of inleenverbanden not marked Ufo, by the codes the importer uses
        # (parameters sector.inleen_aarden / sector.inleen_soort_baan at the end of the data, RULES.md §4)
        from ..dates import ts
        from ..parameters import parameter

        d = ts(f"{int(werkgever['jaar'].max())}-12-31")
        aarden = [str(x) for x in parameter("sector.inleen_aarden", d)]
        soorten = [str(x) for x in parameter("sector.inleen_soort_baan", d)]
        con.execute("ALTER TABLE p ADD COLUMN uitzend BOOLEAN")
        con.execute("UPDATE p SET uitzend = NOT ufo AND uitlener AND (list_contains($a, aard_arbeidsverhouding) "
                    "OR list_contains($s, soort_baan))", {"a": aarden, "s": soorten})
        uitzend_aard, uitzend_soort = aarden[0], soorten[0]  # the added rows of uitzendkrachten
        con.execute(f"""CREATE TEMP TABLE b AS
            WITH s AS (SELECT werkgever_id, jaar, ufo, uitzend, sum(verloonde_uren) AS uren FROM p GROUP BY ALL),
            rest AS (SELECT w.werkgever_id, w.jaar, d.ufo, d.uitzend, w.fiscaal_nummer, w.wfsv_sector,
                            CASE WHEN d.ufo THEN w.verloonde_uren_ufo
                                 WHEN d.uitzend THEN coalesce(w.verloonde_uren_uitzend, 0)
                                 ELSE w.verloonde_uren_totaal - w.verloonde_uren_ufo - coalesce(w.verloonde_uren_uitzend, 0) END
                            - coalesce(s.uren, 0) AS rest
                     FROM w CROSS JOIN (VALUES (TRUE, FALSE), (FALSE, TRUE), (FALSE, FALSE)) d(ufo, uitzend)
                     LEFT JOIN s ON s.werkgever_id = w.werkgever_id AND s.jaar = w.jaar AND s.ufo = d.ufo
                                AND s.uitzend = d.uitzend),
            r AS (SELECT *, row_number() OVER (ORDER BY werkgever_id, jaar, ufo DESC, uitzend DESC) AS nr FROM rest
                  WHERE abs(rest) >= 1e-9),
            k AS (SELECT r.*, unnest(range({int(werknemers)})) AS k FROM r)
            SELECT 'B' || CAST(900000000 + (nr - 1) * {int(werknemers)} + k AS VARCHAR) AS persoon_id,
                   'B' || CAST((nr - 1) * {int(werknemers)} + k AS VARCHAR) AS ikv_id, werkgever_id,
                   make_date(CAST(jaar AS INTEGER), 1, 1) AS opgave_begin, make_date(CAST(jaar AS INTEGER), 12, 31) AS opgave_einde,
                   'JAAR' AS tijdvak_type,
                   CASE WHEN k < {int(werknemers)} - 1 THEN round(rest / {int(werknemers)}, 2)
                        ELSE rest - {int(werknemers) - 1} * round(rest / {int(werknemers)}, 2) END AS verloonde_uren,
                   CAST(NULL AS DOUBLE) AS sv_loon, make_date(CAST(jaar AS INTEGER), 1, 1) AS ikv_begin,
                   CAST(NULL AS DATE) AS ikv_einde, 'O' AS contractsoort,
                   CASE WHEN uitzend THEN '{uitzend_aard}' ELSE '01' END AS aard_arbeidsverhouding,
                   CASE WHEN uitzend THEN '{uitzend_soort}' ELSE '9' END AS soort_baan, jaar, ufo, wfsv_sector,
                   fiscaal_nummer, TRUE AS buiten
            FROM k""")
        con.execute("UPDATE b SET sv_loon = round(verloonde_uren * 20, 2)")
        datum = "CASE WHEN {k} IS NULL THEN '{leeg}' ELSE strftime({k}, '%Y%m%d') END"
        tv = " ".join(f"WHEN '{a}' THEN '{c}'" for a, c in TIJDVAK_CODES.items())
        select = f"""SELECT 'R' AS RINPERSOONS, lpad(regexp_replace(persoon_id, '\\D', '', 'g'), 9, '0') AS RINPERSOON,
            ikv_id AS IKVID, werkgever_id AS SBEID, {datum.format(k='opgave_begin', leeg=LEEG)} AS SDATUMAANVANGIKO,
            {datum.format(k='opgave_einde', leeg=LEEG)} AS SDATUMEINDEIKO, CASE tijdvak_type {tv} END AS STIJDVAKTYPE,
            CAST(verloonde_uren AS DOUBLE) AS SAANTVERLU, CAST(sv_loon AS DOUBLE) AS SLNSV,
            {datum.format(k='ikv_begin', leeg=LEEG)} AS SDATUMAANVANGIKVORG, {datum.format(k='ikv_einde', leeg=LEEG)} AS SDATUMEINDEIKV,
            contractsoort AS SCONTRACTSOORT, aard_arbeidsverhouding AS SCDAARD, soort_baan AS SSOORTBAAN,
            wfsv_sector AS SSECT, fiscaal_nummer AS SFISCNR, CASE WHEN ufo THEN '1' ELSE '0' END AS SINDUFO"""
        kolommen = ("persoon_id, ikv_id, werkgever_id, opgave_begin, opgave_einde, tijdvak_type, verloonde_uren, sv_loon, "
                    "ikv_begin, ikv_einde, contractsoort, aard_arbeidsverhouding, soort_baan, jaar, ufo, wfsv_sector, "
                    "fiscaal_nummer")
        con.execute(f"CREATE TEMP VIEW alle AS SELECT {kolommen} FROM p UNION ALL SELECT {kolommen} FROM b")
        uit_bestanden = []
        for (jaar,) in con.execute("SELECT DISTINCT jaar FROM alle ORDER BY 1").fetchall():
            doel = (uit / f"SPOLISBUS{jaar}").with_suffix("." + formaat)
            sql = f"{select} FROM alle WHERE jaar = {int(jaar)}"
            if formaat == "parquet":
                con.execute(f"COPY ({sql}) TO '{str(doel).replace(chr(39), chr(39) * 2)}' (FORMAT parquet, COMPRESSION zstd)")
            else:
                _schrijf(con.execute(sql).df(), doel, formaat)
            uit_bestanden.append(doel)
    finally:
        con.close()
    return uit_bestanden


def naar_cbs(contract: Path, uit: Path, formaat: str = "parquet", werknemers: int = 1) -> Path:
    """Write the contract directory ``contract`` as CBS-shaped files into ``uit`` with ``bronnen.yaml``."""
    from ..loading import lees_map

    contract, uit = Path(contract), Path(uit)
    uit.mkdir(parents=True, exist_ok=True)
    ds = lees_map(contract, polis_lezen=False)  # the polis is converted by DuckDB from its file
    T = ds.tabellen
    bestanden = {}
    pers = T["persoon"]
    geb = pd.to_datetime(pers["geboortedatum"])
    bestanden["persoon"] = _schrijf(pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": rin(pers["persoon_id"]), "GBAGEBOORTEJAAR": geb.dt.year.astype(str),
        "GBAGEBOORTEMAAND": geb.dt.month.astype(str).str.zfill(2),
        "GBAGESLACHT": pers["geslacht"].map({"M": "1", "V": "2"}),
        "GBADATUMOVERLIJDEN": _datum(pers["overlijdensdatum"]), "GBADATUMEMIGRATIE": _datum(pers["emigratiedatum"])}),
        uit / "GBAPERSOONTAB", formaat)
    reg = T["doelgroepregister"]
    bestanden["doelgroepregister"] = _schrijf(pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": rin(reg["persoon_id"]), "GRONDSLAG": reg["grondslag"].map(GRONDSLAG_CODES),
        "DATUM_BEGIN": _datum(reg["registratie_begin"]), "DATUM_EINDE": _datum(reg["registratie_einde"]),
        "DATUM_EINDE_CRITERIA": _datum(reg["criteria_einde"]),
        "REDEN_EINDE": reg["reden_einde"].map(REDEN_CODES).fillna("")}), uit / "UWV_DOELGROEPREGISTER", formaat)
    if "uitkering" in T:
        u = T["uitkering"]
        bestanden["uitkering"] = _schrijf(pd.DataFrame({
            "RINPERSOONS": "R", "RINPERSOON": rin(u["persoon_id"]), "REGELING": u["regeling"].map(REGELING_CODES),
            "DATUM_BEGIN": _datum(u["begin"]), "DATUM_EINDE": _datum(u["einde"]),
            "ARBEIDSVERMOGEN": u["arbeidsvermogen"].map({True: "1", False: "0"}).fillna("")}), uit / "AO_UITKERING", formaat)
    if "woonplaats" in T:
        wp = T["woonplaats"].reset_index(drop=True)
        obj = pd.Series(np.arange(len(wp)) + 1).astype(str).str.zfill(12)
        bestanden["woonplaats"] = _schrijf(pd.DataFrame({
            "RINPERSOONS": "R", "RINPERSOON": rin(wp["persoon_id"]), "SOORTOBJECTNUMMER": "A", "RINOBJECTNUMMER": obj,
            "GBADATUMAANVANGADRESHOUDING": _datum(wp["begin"]), "GBADATUMEINDEADRESHOUDING": _datum(wp["einde"])}),
            uit / "GBAADRESOBJECTBUS", formaat)
        eerste = int(pd.to_datetime(wp["begin"]).dt.year.min())
        jaren = [pd.to_datetime(wp["einde"]).dt.year.max(), pd.to_datetime(wp["begin"]).dt.year.max(),
                 int(T["werkgever"]["jaar"].max())]
        laatste = int(max(j for j in jaren if pd.notna(j)))
        code = wp["gemeentecode"].str.replace("GM", "", regex=False)
        vsl = {"SOORTOBJECTNUMMER": "A", "RINOBJECTNUMMER": obj}
        for j in range(eerste, laatste + 1):
            vsl[f"gem{j}"] = code
        bestanden["vslgwb"] = _schrijf(pd.DataFrame(vsl), uit / "VSLGWBTAB", formaat)
    schrijf_spolisbus(ds.bestanden["polis"], T["werkgever"], uit, formaat, werknemers)
    contract_kopie = {}  # tables no CBS file has, in the contract already, with the CBS person key
    for tabel in ("beschut_werk", "beschut_taakstelling", "inleen_overdracht"):
        if tabel in T:
            df = T[tabel].copy()
            if "persoon_id" in df:
                df["persoon_id"] = "R" + rin(df["persoon_id"])
            df.to_parquet(uit / f"contract_{tabel}.parquet", index=False)
            contract_kopie[tabel] = f"contract_{tabel}.parquet"
    bronnen = {
        "profiel": "cbs",
        "meta": {"omschrijving": f"CBS-vormige bestanden van synthetische data ({contract.name})"},
        "bronnen": {**{k: v.name for k, v in bestanden.items()}, "polis": f"SPOLISBUS*.{formaat}"},
        "tabellen": {
            "doelgroepregister": {"kolommen": {
                "grondslag": {"codes": {v: k for k, v in GRONDSLAG_CODES.items()}},
                "reden_einde": {"codes": {**{v: k for k, v in REDEN_CODES.items()}, "": ""}}}},
            "uitkering": {"kolommen": {"regeling": {"codes": {v: k for k, v in REGELING_CODES.items()}}}}},
        "contract": contract_kopie,
    }
    (uit / "bronnen.yaml").write_text(yaml.safe_dump(bronnen, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return uit
