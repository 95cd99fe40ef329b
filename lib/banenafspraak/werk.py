"""Working per calendar month (RULES.md §7, §8): at least one opgave with sv_loon > 0 covering a day
of that month. Beschut werk (aard 21, 24) is left out, as for banen (RULES.md §3).

The rule is written once, as SQL (:func:`werk_opgaven_sql`), and runs in DuckDB over a polis that is
either a DataFrame or a parquet file: at national scale a cohort's follow-up is millions of opgaven,
which DuckDB aggregates without loading them into pandas (:func:`polis_verbinding`).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .parameters import parameter

GEEN_GRENS_LAAG = -(10 ** 9)
GEEN_GRENS_HOOG = 10 ** 9


def maandnummer(datums) -> np.ndarray:
    """Months since year 0 (year * 12 + month - 1): a cheap integer key for calendar months."""
    d = pd.DatetimeIndex(datums)
    return (d.year.to_numpy() * 12 + d.month.to_numpy() - 1).astype(np.int64)


def maand_begin(maand):
    """First day of :func:`maandnummer` month(s): a Timestamp for one, a Series for several."""
    if np.ndim(maand) == 0:
        return pd.Timestamp(year=int(maand) // 12, month=int(maand) % 12 + 1, day=1)
    m = pd.Series(np.asarray(maand, dtype=np.int64))
    return pd.to_datetime({"year": m // 12, "month": m % 12 + 1, "day": 1})


def maand_einde(maand):
    """Last day of :func:`maandnummer` month(s): a Timestamp for one, a Series for several."""
    return maand_begin(maand) + pd.offsets.MonthEnd(0)


def polis_verbinding(polis):
    """An in-memory DuckDB connection with the view ``polis``: the contract's columns plus ``rij``
    (0-based row in the file, for error messages), over a DataFrame or a parquet file."""
    import duckdb

    con = duckdb.connect()
    try:  # no progress bar on the terminal (in a notebook kernel DuckDB shows none without ipywidgets)
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    if isinstance(polis, pd.DataFrame):
        con.register("polis_df", polis.assign(rij=np.arange(len(polis), dtype=np.int64)))
        con.execute("CREATE VIEW polis AS SELECT * FROM polis_df")
    else:
        pad = str(Path(polis)).replace("'", "''")
        con.execute(f"CREATE VIEW polis AS SELECT * EXCLUDE (file_row_number), file_row_number AS rij "
                    f"FROM read_parquet('{pad}', file_row_number = true)")
    return con


def personen_filter(con, personen) -> str:
    """SQL condition limiting ``polis`` to ``personen`` (registered on ``con``); TRUE when None."""
    if personen is None:
        return "TRUE"
    con.register("personen_filter", pd.DataFrame({"persoon_id": pd.unique(np.asarray(personen, dtype=object))}))
    return "persoon_id IN (SELECT persoon_id FROM personen_filter)"


def werk_parameters(datum="2013-01-01") -> dict:
    """The dated thresholds of the rule (RULES.md §3, §7) valid on ``datum``, as SQL parameters
    ``$drempel`` and ``$beschut`` (unchanged since 2013: a follow-up over years uses one set)."""
    return {"drempel": parameter("banen.werkzaam_loon_groter_dan", datum),
            "beschut": list(parameter("banen.beschut_werk_aarden", datum))}


# the rule, once: an opgave with paid work, and its first and last calendar month (maandnummer)
GEEN_BESCHUT = "NOT list_contains($beschut, aard_arbeidsverhouding)"  # beschut werk left out (RULES.md §3)
WERK = f"COALESCE(sv_loon > $drempel AND {GEEN_BESCHUT}, FALSE)"
MAANDEN = ("CAST(year(opgave_begin) * 12 + month(opgave_begin) - 1 AS BIGINT) AS b, "
           "CAST(year(opgave_einde) * 12 + month(opgave_einde) - 1 AS BIGINT) AS e")


def werk_opgaven_sql(waar: str = "TRUE") -> str:
    """SQL: the opgaven with paid work (sv_loon above ``$drempel``, not beschut werk ``$beschut``)
    among those meeting ``waar``, as (persoon_id, ikv_id, b, e): first and last month (maandnummer)."""
    return f"SELECT persoon_id, ikv_id, {MAANDEN} FROM polis WHERE {WERK} AND ({waar})"


def werkmaanden(polis, van_maand: int | None = None, tot_maand: int | None = None) -> pd.DataFrame:
    """Unique (persoon_id, ikv_id, maand) with paid work, sorted; ``maand`` is :func:`maandnummer`.

    ``polis``: DataFrame or parquet file. Optionally only months ``van_maand`` .. ``tot_maand`` (inclusive)."""
    van = GEEN_GRENS_LAAG if van_maand is None else int(van_maand)
    tot = GEEN_GRENS_HOOG if tot_maand is None else int(tot_maand)
    waar = "TRUE"
    if van_maand is not None:
        waar += f" AND opgave_einde >= DATE '{maand_begin(van).date()}'"
    if tot_maand is not None:
        waar += f" AND opgave_begin <= DATE '{maand_einde(tot).date()}'"
    con = polis_verbinding(polis)
    uit = con.execute(f"""
        SELECT DISTINCT persoon_id, ikv_id, unnest(range(greatest(b, $van), least(e, $tot) + 1)) AS maand
        FROM ({werk_opgaven_sql(waar)})
        ORDER BY persoon_id, ikv_id, maand""", {**werk_parameters(), "van": van, "tot": tot}).df()
    con.close()
    return pd.DataFrame({"persoon_id": uit["persoon_id"].astype(object), "ikv_id": uit["ikv_id"].astype(object),
                         "maand": uit["maand"].astype(np.int64)})


def volg_werk(polis, volgers: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Follow persons month by month from a start (RULES.md §7).

    ``volgers``: one row per follower with persoon_id, ikv_id (the started job), startmaand, meetmaand
    and volg_tot (last month followed for the durations; empty: no durations), months as
    :func:`maandnummer`. ``polis``: DataFrame or parquet file. Returns per follower, in the order of
    ``volgers``: ``werk_meetmaand`` (paid work in any job in meetmaand), ``baan_meetmaand`` (in the
    started job), ``maanden_werk`` and ``maanden_baan`` (consecutive months from startmaand with work /
    with work in the started job, counted up to volg_tot; NaN without volg_tot), and the row counts of
    the opgaven read: ``opgaven`` (the followers' opgaven from their start through meetmaand or
    volg_tot) and ``werk_opgaven`` (of those, with paid work)."""
    volg_tot = pd.to_numeric(volgers["volg_tot"]).astype("Int64")
    v = pd.DataFrame({"volg_id": np.arange(len(volgers), dtype=np.int64),
                      "persoon_id": volgers["persoon_id"].astype(str).to_numpy(),
                      "ikv_id": volgers["ikv_id"].astype(str).to_numpy(),
                      "startmaand": volgers["startmaand"].to_numpy(dtype=np.int64),
                      "meetmaand": volgers["meetmaand"].to_numpy(dtype=np.int64),
                      "volg_tot": volg_tot.array})  # nullable: NULL in DuckDB
    uit = pd.DataFrame({"werk_meetmaand": np.zeros(len(v), bool), "baan_meetmaand": np.zeros(len(v), bool),
                        "maanden_werk": np.where(volg_tot.isna(), np.nan, 0.0),
                        "maanden_baan": np.where(volg_tot.isna(), np.nan, 0.0)})
    if v.empty:
        return uit, {"opgaven": 0, "werk_opgaven": 0}
    con = polis_verbinding(polis)
    con.register("volgers", v)
    # per person the months to read: from the earliest start through the latest month followed
    con.execute("CREATE TEMP TABLE personen AS SELECT persoon_id, min(startmaand) AS van, "
                "max(greatest(meetmaand, coalesce(volg_tot, meetmaand))) AS tot FROM volgers GROUP BY persoon_id")
    vanaf = maand_begin(v["startmaand"].min()).date()
    tot = maand_einde(con.execute("SELECT max(tot) FROM personen").fetchone()[0]).date()
    p = werk_parameters()
    # the followers' opgaven in their follow-up; ``werk`` marks those with paid work (the rule)
    con.execute(f"""
        CREATE TEMP TABLE o AS
        SELECT o.* FROM (SELECT persoon_id, ikv_id, {MAANDEN}, {WERK} AS werk FROM polis
                         WHERE opgave_einde >= DATE '{vanaf}' AND opgave_begin <= DATE '{tot}') o
        JOIN personen p ON o.persoon_id = p.persoon_id AND o.e >= p.van AND o.b <= p.tot""", p)
    tellingen = con.execute("SELECT count(*), count(*) FILTER (WHERE werk) FROM o").fetchone()
    meting = con.execute("""
        SELECT v.volg_id, TRUE AS werk_meetmaand, bool_or(o.ikv_id = v.ikv_id) AS baan_meetmaand
        FROM o JOIN volgers v ON o.persoon_id = v.persoon_id
        WHERE o.werk AND o.b <= v.meetmaand AND o.e >= v.meetmaand
        GROUP BY v.volg_id""").df()
    duren = con.execute("""
        WITH m AS (
            SELECT v.volg_id, v.startmaand, (o.ikv_id = v.ikv_id) AS zelfde,
                   unnest(range(greatest(o.b, v.startmaand), least(o.e, v.volg_tot) + 1)) AS maand
            FROM o JOIN volgers v ON o.persoon_id = v.persoon_id
            WHERE v.volg_tot IS NOT NULL AND o.werk
              AND o.e >= v.startmaand AND o.b <= v.volg_tot),
        w AS (SELECT volg_id, startmaand, maand, bool_or(zelfde) AS zelfde FROM m GROUP BY ALL),
        r AS (SELECT *,
                     maand - startmaand - (row_number() OVER (PARTITION BY volg_id ORDER BY maand) - 1) AS gat_werk,
                     maand - startmaand - (row_number() OVER (PARTITION BY volg_id, zelfde ORDER BY maand) - 1) AS gat_baan
              FROM w)
        SELECT volg_id, count(*) FILTER (WHERE gat_werk = 0) AS maanden_werk,
               count(*) FILTER (WHERE zelfde AND gat_baan = 0) AS maanden_baan
        FROM r GROUP BY volg_id""").df()
    con.close()
    for df, kolommen in ((meting, ("werk_meetmaand", "baan_meetmaand")), (duren, ("maanden_werk", "maanden_baan"))):
        rij = df["volg_id"].to_numpy(dtype=np.int64)
        for k in kolommen:
            kolom = uit[k].to_numpy().copy()
            kolom[rij] = df[k].to_numpy(dtype=kolom.dtype)
            uit[k] = kolom
    return uit, {"opgaven": int(tellingen[0]), "werk_opgaven": int(tellingen[1])}


def werk_behouden(polis, paren, personen=None) -> pd.DataFrame:
    """For each pair (m0, m1) of months (:func:`maandnummer`): every person with paid work in m0, with
    ``werk``: paid work in m1 as well, and ``zelfde``: in m1 paid work in an inkomstenverhouding
    that also paid in m0 (RULES.md §7, all working). ``polis``: DataFrame or parquet file; one scan.
    ``personen``: only these persons (e.g. those in the register)."""
    p = pd.DataFrame(list(paren), columns=["m0", "m1"]).astype(np.int64)
    if p.empty:
        return pd.DataFrame({"m0": pd.Series(dtype=np.int64), "persoon_id": pd.Series(dtype=object),
                             "werk": pd.Series(dtype=bool), "zelfde": pd.Series(dtype=bool)})
    maanden = sorted(set(p["m0"]) | set(p["m1"]))
    con = polis_verbinding(polis)
    con.register("paren", p)
    waar = " OR ".join(f"(opgave_begin <= DATE '{maand_einde(m).date()}' AND opgave_einde >= DATE '{maand_begin(m).date()}')"
                       for m in maanden)
    waar = f"({waar}) AND {personen_filter(con, personen)}"
    uit = con.execute(f"""
        WITH m AS (SELECT persoon_id, ikv_id, unnest(range(b, e + 1)) AS maand FROM ({werk_opgaven_sql(waar)})),
        t AS (SELECT paren.m0, m.persoon_id, m.ikv_id, bool_or(m.maand = paren.m0) AS nu, bool_or(m.maand = paren.m1) AS later
              FROM m JOIN paren ON m.maand = paren.m0 OR m.maand = paren.m1
              GROUP BY ALL)
        SELECT m0, persoon_id, bool_or(later) AS werk, bool_or(nu AND later) AS zelfde
        FROM t GROUP BY m0, persoon_id HAVING bool_or(nu)""", werk_parameters()).df()
    con.close()
    return uit.astype({"m0": np.int64, "persoon_id": object, "werk": bool, "zelfde": bool})
