"""Working per calendar month (RULES.md §7, §8): at least one opgave with sv_loon > 0 covering a day
of that month. Beschut werk (aard 21, 24) is left out, as for banen (RULES.md §3), except where the
monitor arbeidsparticipatie counts it as work (RULES.md §8).

The rule is written once, as SQL (:data:`WERKZAAM_SQL`: paid work; :data:`BESCHUT_LIJST_SQL`: beschut
werk; their parameter names in ``banen``), used by the counting engine too; here it is the SQL of
:func:`opgaven_maanden_sql`, reading the same dated parameters for each calendar month
(:func:`werk_regels`), and runs in DuckDB over a polis that is either a DataFrame or a parquet file: at
national scale a cohort's follow-up is millions of opgaven, which DuckDB aggregates without loading
them into pandas (:func:`polis_verbinding`).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .banen import BESCHUT_AARDEN, WERKZAAM_DREMPEL
from .contract import TABELLEN
from .parameters import parameter
from .verbinding import naar_pandas

GEEN_GRENS_LAAG = -(10 ** 9)
GEEN_GRENS_HOOG = 10 ** 9


def maandnummer(datums) -> np.ndarray:
    """Months since year 0 (year * 12 + month - 1): a cheap integer key for calendar months."""
    d = pd.DatetimeIndex(datums)
    return (d.year.to_numpy() * 12 + d.month.to_numpy() - 1).astype(np.int64)


def tijdvak_overlapt_sql(begin, einde) -> str:
    """SQL: the opgave's loonaangiftetijdvak has a day in common with [``begin``, ``einde``] (dates,
    both inclusive; a peildatum p is (p, p); RULES.md §3). One range condition per period, which DuckDB
    checks against the parquet row-group statistics: a scan per period (``UNION ALL``) skips the row
    groups outside it, where one filter with OR over several periods skips none."""
    return (f"opgave_begin <= DATE '{pd.Timestamp(einde).date()}' "
            f"AND opgave_einde >= DATE '{pd.Timestamp(begin).date()}'")


def maand_begin(maand):
    """First day of :func:`maandnummer` month(s): a Timestamp for one, a Series for several."""
    if np.ndim(maand) == 0:
        return pd.Timestamp(year=int(maand) // 12, month=int(maand) % 12 + 1, day=1)
    m = pd.Series(np.asarray(maand, dtype=np.int64))
    return pd.to_datetime({"year": m // 12, "month": m % 12 + 1, "day": 1})


def maand_einde(maand):
    """Last day of :func:`maandnummer` month(s): a Timestamp for one, a Series for several."""
    return maand_begin(maand) + pd.offsets.MonthEnd(0)


# the contract's date columns of the polis (and the optional processing date)
DATUM_KOLOMMEN = tuple(k.naam for k in TABELLEN["polis"].kolommen if k.type == "date") + ("verwerkingsdatum",)


def polis_tijdzones(polis) -> dict[str, str]:
    """The date columns of a polis (DataFrame or parquet file) that hold timezone-aware timestamps, with
    their time zone (from the parquet's Arrow schema: DuckDB itself only sees instants in UTC)."""
    if isinstance(polis, pd.DataFrame):
        return {k: str(polis[k].dtype.tz) for k in DATUM_KOLOMMEN
                if k in polis.columns and isinstance(polis[k].dtype, pd.DatetimeTZDtype)}
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(str(polis))
    return {k: str(schema.field(k).type.tz) for k in DATUM_KOLOMMEN
            if k in schema.names and pa.types.is_timestamp(schema.field(k).type) and schema.field(k).type.tz}


def lokale_tijd_sql(kolom: str, tijdzone: str) -> str:
    """SQL: a timezone-aware timestamp as the wall-clock time in its own zone (a naive TIMESTAMP). The
    session zone is UTC (:func:`polis_verbinding`), so a fixed offset is added to the UTC time."""
    vast = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})", tijdzone)
    if vast:
        minuten = (1 if vast.group(1) == "+" else -1) * (int(vast.group(2)) * 60 + int(vast.group(3)))
        return f"(CAST({kolom} AS TIMESTAMP) + INTERVAL ({minuten}) MINUTE)"
    return f"timezone('{tijdzone.replace(chr(39), chr(39) * 2)}', {kolom})"


def polis_verbinding(polis):
    """An in-memory DuckDB connection over a DataFrame or a parquet file with the views

    - ``polis_lokaal``: the contract's columns plus ``rij`` (0-based row in the file, for error
      messages); timezone-aware timestamps converted to the wall-clock time of their own zone, as
      pandas reads them (``validation.cast_kolom``);
    - ``polis``: the same with every date column a calendar DATE (RULES.md §3 works in calendar days).

    DuckDB's own time zone is set to UTC explicitly (``verbinding.verbinding``, with the memory and
    temp settings of the environment), so no date depends on the machine it runs on.
    Time-of-day values are refused before a report runs (``loading.polis_bron`` on
    ``polis_lokaal``, ``validation.cast_kolom`` for pandas); here they would be cut to their date."""
    from .verbinding import verbinding

    con = verbinding()
    polis_views(con, polis)
    return con


def polis_views(con, polis) -> None:
    """The views of :func:`polis_verbinding` (``polis_bestand``, ``polis_lokaal``, ``polis``) on an open
    connection ``con``, over a DataFrame or a parquet file (read with projection and filter pushdown)."""
    zones = polis_tijdzones(polis)
    if isinstance(polis, pd.DataFrame):
        con.register("polis_df", polis.assign(rij=np.arange(len(polis), dtype=np.int64)))
        con.execute("CREATE VIEW polis_bestand AS SELECT * FROM polis_df")
    else:
        pad = str(Path(polis)).replace("'", "''")
        con.execute(f"CREATE VIEW polis_bestand AS SELECT * EXCLUDE (file_row_number), file_row_number AS rij "
                    f"FROM read_parquet('{pad}', file_row_number = true)")
    typen = {r[0]: str(r[1]).upper() for r in con.execute("DESCRIBE polis_bestand").fetchall()}
    lokaal = [f"{lokale_tijd_sql(k, z)} AS {k}" for k, z in zones.items() if k in typen]
    con.execute(f"CREATE VIEW polis_lokaal AS SELECT * {'REPLACE (' + ', '.join(lokaal) + ')' if lokaal else ''} "
                "FROM polis_bestand")
    datum = [f"CAST({k} AS DATE) AS {k}" for k in DATUM_KOLOMMEN if typen.get(k, "").startswith("TIMESTAMP")]
    con.execute(f"CREATE VIEW polis AS SELECT * {'REPLACE (' + ', '.join(datum) + ')' if datum else ''} "
                "FROM polis_lokaal")


def personen_filter(con, personen, kolom: str = "persoon_id") -> str:
    """SQL condition limiting ``polis`` (its column ``kolom``) to ``personen`` (registered on ``con``);
    TRUE when None."""
    if personen is None:
        return "TRUE"
    con.register("personen_filter", pd.DataFrame({"persoon_id": pd.unique(np.asarray(personen, dtype=object))}))
    return f"{kolom} IN (SELECT persoon_id FROM personen_filter)"


def werk_parameters(datum) -> dict:
    """The dated thresholds of the rule (RULES.md §3, §7) valid on ``datum``: ``drempel`` (sv_loon above
    it is paid work) and ``beschut`` (the aarden of beschut werk)."""
    return {"drempel": float(parameter(WERKZAAM_DREMPEL, datum)), "beschut": list(parameter(BESCHUT_AARDEN, datum))}


def werk_regels(van_maand: int, tot_maand: int) -> pd.DataFrame:
    """The rule's dated thresholds (:func:`werk_parameters`) for every calendar month ``van_maand`` ..
    ``tot_maand`` (:func:`maandnummer`), each read on the month's last day (the peildatum of that
    month, RULES.md §3), as periods of months with the same values: ``van``, ``tot``, ``drempel``,
    ``beschut`` (comma-separated codes). A month before a parameter's first value is an error."""
    rijen: list[list] = []
    for m in range(int(van_maand), int(tot_maand) + 1):
        w = werk_parameters(maand_einde(m))
        waarden = (w["drempel"], ",".join(w["beschut"]))
        if rijen and tuple(rijen[-1][2:]) == waarden:
            rijen[-1][1] = m
        else:
            rijen.append([m, m, *waarden])
    return pd.DataFrame(rijen, columns=["van", "tot", "drempel", "beschut"]).astype(
        {"van": np.int64, "tot": np.int64, "drempel": float, "beschut": object})


def registreer_regels(con, van_maand: int, tot_maand: int) -> None:
    """Register :func:`werk_regels` for months ``van_maand`` .. ``tot_maand`` as table ``werk_regels``,
    with the codes of beschut werk also as a list, ``beschut_lijst`` (split once here, not once per
    opgave: :data:`BESCHUT_LIJST_SQL`)."""
    con.register("werk_regels_df", werk_regels(van_maand, tot_maand))
    con.execute("CREATE OR REPLACE TEMP TABLE werk_regels AS SELECT * REPLACE (CAST(beschut AS VARCHAR) AS beschut), "
                "string_split(CAST(beschut AS VARCHAR), ',') AS beschut_lijst FROM werk_regels_df")
    con.unregister("werk_regels_df")


def _beschut_sql(codes: str) -> str:
    """SQL: opgave o is beschut werk, its aard_arbeidsverhouding among the codes (a list) ``codes``."""
    return f"COALESCE(list_contains({codes}, o.aard_arbeidsverhouding), FALSE)"


# the rule, once, in SQL: the same parameters as banen.werkzaam_loon and banen.beschut_werk, read per
# month from ``werk_regels`` (alias r) for an opgave (alias o); tested against the pandas functions.
# BESCHUT_LIJST_SQL reads the codes from the list ``beschut_lijst`` (of ``werk_regels``, or of the engine's
# ``peil``, motor.py), split once: splitting the text again for every opgave of a national polis costs seconds
WERKZAAM_SQL = "COALESCE(o.sv_loon > r.drempel, FALSE)"
BESCHUT_LIJST_SQL = _beschut_sql("r.beschut_lijst")
MAANDEN = ("CAST(year(opgave_begin) * 12 + month(opgave_begin) - 1 AS BIGINT) AS b, "
           "CAST(year(opgave_einde) * 12 + month(opgave_einde) - 1 AS BIGINT) AS e")


def opgaven_maanden_sql(waar: str = "TRUE", extra: tuple[str, ...] = ()) -> str:
    """SQL: the opgaven meeting ``waar``, one row per period of ``werk_regels`` they overlap, as (rij,
    persoon_id, ikv_id, b, e, werkzaam, beschut): ``b``/``e`` the first and last month
    (:func:`maandnummer`) within the period; ``werkzaam``: paid work under that period's threshold
    (``WERKZAAM_SQL``); ``beschut``: beschut werk (``BESCHUT_LIJST_SQL``); then the polis columns
    ``extra`` as they are (e.g. werkgever_id). Needs :func:`registreer_regels`."""
    mee = "".join(f", o.{k}" for k in extra)
    lees = "".join(f"{k}, " for k in extra if k not in ("rij", "persoon_id", "ikv_id", "sv_loon", "aard_arbeidsverhouding"))
    return (f"SELECT o.rij, o.persoon_id, o.ikv_id, greatest(o.b, r.van) AS b, least(o.e, r.tot) AS e, "
            f"{WERKZAAM_SQL} AS werkzaam, {BESCHUT_LIJST_SQL} AS beschut{mee} "
            f"FROM (SELECT rij, persoon_id, ikv_id, sv_loon, aard_arbeidsverhouding, {lees}{MAANDEN} FROM polis "
            f"WHERE {waar}) o JOIN werk_regels r ON o.b <= r.tot AND o.e >= r.van")


def werk_opgaven_sql(waar: str = "TRUE", met_beschut: bool = False) -> str:
    """SQL: the opgaven with paid work among those meeting ``waar``, as (persoon_id, ikv_id, b, e,
    beschut): first and last month (:func:`maandnummer`). Beschut werk is left out (the banenafspraak,
    RULES.md §3: paid and not beschut) unless ``met_beschut`` (the monitor arbeidsparticipatie, RULES.md §8:
    paid work, beschut werk included)."""
    return (f"SELECT persoon_id, ikv_id, b, e, beschut FROM ({opgaven_maanden_sql(waar)}) "
            f"WHERE werkzaam{'' if met_beschut else ' AND NOT beschut'}")


def _maandbereik(con, waar: str = "TRUE") -> tuple[int | None, int | None]:
    """First and last month (:func:`maandnummer`) of the opgaven in ``polis`` meeting ``waar``."""
    b, e = con.execute(f"SELECT min(b), max(e) FROM (SELECT {MAANDEN} FROM polis WHERE {waar})").fetchall()[0]
    return (None, None) if b is None else (int(b), int(e))


def werkmaanden(polis, van_maand: int | None = None, tot_maand: int | None = None,
                met_beschut: bool = False) -> pd.DataFrame:
    """Unique (persoon_id, ikv_id, maand) with paid work, sorted; ``maand`` is :func:`maandnummer`.

    ``polis``: DataFrame or parquet file. Optionally only months ``van_maand`` .. ``tot_maand`` (inclusive).
    The thresholds are those of each month (:func:`werk_regels`). Beschut werk is left out (RULES.md
    §3); with ``met_beschut`` it counts as work (RULES.md §8) and a column ``beschut`` says whether the
    work in that job and month is beschut werk only."""
    waar = "TRUE"
    if van_maand is not None:
        waar += f" AND opgave_einde >= DATE '{maand_begin(int(van_maand)).date()}'"
    if tot_maand is not None:
        waar += f" AND opgave_begin <= DATE '{maand_einde(int(tot_maand)).date()}'"
    con = polis_verbinding(polis)
    eerste, laatste = _maandbereik(con, waar)
    kolommen = ["persoon_id", "ikv_id", "maand"] + (["beschut"] if met_beschut else [])
    if eerste is None:
        con.close()
        return pd.DataFrame({"persoon_id": pd.Series(dtype=object), "ikv_id": pd.Series(dtype=object),
                             "maand": pd.Series(dtype=np.int64), "beschut": pd.Series(dtype=bool)})[kolommen]
    van = eerste if van_maand is None else max(int(van_maand), eerste)
    tot = laatste if tot_maand is None else min(int(tot_maand), laatste)
    registreer_regels(con, van, tot)
    uit = con.execute(f"""
        SELECT persoon_id, ikv_id, maand, bool_and(beschut) AS beschut
        FROM (SELECT persoon_id, ikv_id, beschut, unnest(range(greatest(b, $van), least(e, $tot) + 1)) AS maand
              FROM ({werk_opgaven_sql(waar, met_beschut)}))
        GROUP BY persoon_id, ikv_id, maand
        ORDER BY persoon_id, ikv_id, maand""", {"van": van, "tot": tot}).df()
    con.close()
    return pd.DataFrame({"persoon_id": uit["persoon_id"].astype(object), "ikv_id": uit["ikv_id"].astype(object),
                         "maand": uit["maand"].astype(np.int64), "beschut": uit["beschut"].astype(bool)})[kolommen]


_MAAND_SQL = "CAST(year({0}) * 12 + month({0}) - 1 AS BIGINT)"  # a date's :func:`maandnummer`, in SQL

# the opgaven (distinct ``rij``) in :func:`volg_werk`'s table ``o`` and those with paid work in any of their
# rows (RULES.md §7, for the reconciliation). An opgave spanning two periods of the thresholds has a row in
# each: only those ``geknipt`` rows are grouped by row number, the others are one row per opgave and
# are counted as they are (a group by over millions of rows costs a second at national scale)
_TELLINGEN_SQL = """
    SELECT (SELECT count(*) FROM o WHERE NOT geknipt) + (SELECT count(DISTINCT rij) FROM o WHERE geknipt),
           (SELECT count(*) FROM o WHERE werk AND NOT geknipt)
           + (SELECT count(*) FROM (SELECT rij FROM o WHERE geknipt GROUP BY rij HAVING bool_or(werk)))"""


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
    van_maand = int(v["startmaand"].min())
    tot_maand = int(con.execute("SELECT max(tot) FROM personen").fetchall()[0][0])
    vanaf, tot = maand_begin(van_maand).date(), maand_einde(tot_maand).date()
    registreer_regels(con, van_maand, tot_maand)
    # the followers' opgaven in their follow-up (per period of the rule's thresholds); ``werk`` marks
    # paid work that is not beschut werk (the rule, RULES.md §3, §7)
    # ``geknipt``: the row holds part of the opgave only (it spans periods, or starts before the first)
    con.execute(f"""
        CREATE TEMP TABLE o AS
        SELECT o.rij, o.persoon_id, o.ikv_id, o.b, o.e, (o.werkzaam AND NOT o.beschut) AS werk,
               (o.b <> {_MAAND_SQL.format('o.opgave_begin')} OR o.e <> {_MAAND_SQL.format('o.opgave_einde')}) AS geknipt
        FROM ({opgaven_maanden_sql(tijdvak_overlapt_sql(vanaf, tot),
                                   ("opgave_begin", "opgave_einde"))}) o
        JOIN personen p ON o.persoon_id = p.persoon_id AND o.e >= p.van AND o.b <= p.tot""")
    tellingen = con.execute(_TELLINGEN_SQL).fetchone()
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
    that also paid in m0 (RULES.md §7, all working). ``polis``: DataFrame or parquet file, read once
    per month (a condition per month lets DuckDB skip the row groups of the file outside it; all months
    as one condition read nearly the whole file). ``personen``: only these persons (e.g. those in the
    register)."""
    p = pd.DataFrame(list(paren), columns=["m0", "m1"]).astype(np.int64)
    if p.empty:
        return pd.DataFrame({"m0": pd.Series(dtype=np.int64), "persoon_id": pd.Series(dtype=object),
                             "werk": pd.Series(dtype=bool), "zelfde": pd.Series(dtype=bool)})
    con = polis_verbinding(polis)
    uit = naar_pandas(con, werk_behouden_sql(con, p, personen))
    con.close()
    return uit.astype({"m0": np.int64, "werk": bool, "zelfde": bool})


def werk_behouden_sql(con, paren: pd.DataFrame, personen=None) -> str:
    """SQL on ``con`` (:func:`polis_verbinding`) of :func:`werk_behouden` (RULES.md §7, all working): per
    pair (m0, m1) of ``paren`` (a non-empty frame with columns m0, m1) every person with paid work in m0,
    as (m0, persoon_id, werk, zelfde). Registers what it reads (the pairs, the persons, the rule's
    thresholds), so that a caller can keep the result in DuckDB."""
    maanden = sorted(set(paren["m0"]) | set(paren["m1"]))
    con.register("maandparen", paren[["m0", "m1"]].astype(np.int64))
    wie = personen_filter(con, personen)

    def in_maand(m: int) -> str:
        waar = tijdvak_overlapt_sql(maand_begin(m), maand_einde(m))
        return f"SELECT persoon_id, ikv_id, b, e FROM ({werk_opgaven_sql(f'{waar} AND {wie}')})"

    # an opgave covering two of the months comes from each month's scan: harmless for bool_or
    opgaven = " UNION ALL ".join(in_maand(m) for m in maanden)
    registreer_regels(con, maanden[0], maanden[-1])
    return f"""
        WITH m AS (SELECT persoon_id, ikv_id, unnest(range(b, e + 1)) AS maand FROM ({opgaven})),
        t AS (SELECT p.m0, m.persoon_id, m.ikv_id, bool_or(m.maand = p.m0) AS nu, bool_or(m.maand = p.m1) AS later
              FROM m JOIN maandparen p ON m.maand = p.m0 OR m.maand = p.m1
              GROUP BY ALL)
        SELECT m0, persoon_id, bool_or(later) AS werk, bool_or(nu AND later) AS zelfde
        FROM t GROUP BY m0, persoon_id HAVING bool_or(nu)"""
