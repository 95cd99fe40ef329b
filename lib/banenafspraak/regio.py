"""Region of residence (RULES.md §3): the arbeidsmarktregio of the person's woonplaats (BRP) on the
peildatum, never the place of work.

The rule is one SQL definition (:data:`REGIO`), run by the counting engine for every (peildatum,
persoon) of its snapshot (``motor.tel``) and by :func:`arbeidsmarktregio_op` for a list of persons on
one date: there is no second region lookup.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import ts

ONBEKEND = "onbekend"  # RULES.md §6 decision: a person without a residence spell on the peildatum

# the gemeente_regio year of each peildatum: the latest year on or before the peildatum's year, else
# (a peildatum before the reference begins) the earliest year
def regio_jaar_sql(bron: str) -> str:
    """SQL: (peildatum, jaar) for every peildatum of relation ``bron``."""
    return f"""
SELECT p.peildatum, coalesce(max(g.jaar) FILTER (WHERE g.jaar <= year(p.peildatum)), min(g.jaar)) AS jaar
FROM (SELECT DISTINCT peildatum FROM {bron}) p, (SELECT DISTINCT jaar FROM gemeente_regio) g
GROUP BY p.peildatum
"""


def regio_jaar(gemeente_regio: pd.DataFrame, peildatum) -> int:
    """The year of ``gemeente_regio`` a peildatum uses (as :func:`regio_jaar_sql`): the latest on or before
    the peildatum's year, else the earliest."""
    jaren = sorted(gemeente_regio["jaar"].astype(int).unique())
    onder = [j for j in jaren if j <= ts(peildatum).year]
    return onder[-1] if onder else jaren[0]


def regio_sql(bron: str) -> str:
    """SQL: every row of relation ``bron`` (one per peildatum and persoon_id) with ``gemeentecode``,
    ``arbeidsmarktregio_code`` and ``arbeidsmarktregio_naam``: the gemeente of the residence spell valid
    on the peildatum (begin on or before, end open or on or after) and its arbeidsmarktregio in the year of
    :func:`regio_jaar_sql`; without a spell, or a gemeente the reference does not map, the region is
    'onbekend' (RULES.md §3, §6 decisions). The contract check refuses overlapping spells, so at most one
    spell holds a date and every row of ``bron`` comes out once (the engine checks the count)."""
    return f"""
SELECT b.*, w.gemeentecode,
  coalesce(g.arbeidsmarktregio_code, '{ONBEKEND}') AS arbeidsmarktregio_code,
  coalesce(g.arbeidsmarktregio_naam, '{ONBEKEND}') AS arbeidsmarktregio_naam
FROM {bron} b
LEFT JOIN (SELECT persoon_id, gemeentecode, CAST(begin AS DATE) AS begin, CAST(einde AS DATE) AS einde FROM woonplaats) w
  ON w.persoon_id = b.persoon_id AND w.begin <= b.peildatum AND (w.einde IS NULL OR w.einde >= b.peildatum)
LEFT JOIN ({regio_jaar_sql(bron)}) j ON j.peildatum = b.peildatum
LEFT JOIN gemeente_regio g ON g.jaar = j.jaar AND g.gemeentecode = w.gemeentecode
"""


# the rule for the (peildatum, persoon_id) of table ``regio_personen``
REGIO = regio_sql("regio_personen")


def registreer_bronnen(con, woonplaats: pd.DataFrame, gemeente_regio: pd.DataFrame) -> None:
    """Tables ``woonplaats`` and ``gemeente_regio`` on ``con`` for :data:`REGIO`."""
    con.register("woonplaats", woonplaats[["persoon_id", "gemeentecode", "begin", "einde"]])
    con.register("gemeente_regio", gemeente_regio[["jaar", "gemeentecode", "arbeidsmarktregio_code",
                                                   "arbeidsmarktregio_naam"]])


def arbeidsmarktregio_op(woonplaats: pd.DataFrame, gemeente_regio: pd.DataFrame, personen, peildatum) -> pd.DataFrame:
    """persoon_id -> gemeentecode, arbeidsmarktregio_code and _naam on the peildatum (:data:`REGIO`),
    one row per distinct person in the order given; persons without residence get 'onbekend'."""
    from .verbinding import verbinding

    ids = pd.Series(personen, dtype=object).drop_duplicates().to_numpy()
    con = verbinding()
    try:
        registreer_bronnen(con, woonplaats, gemeente_regio)
        con.register("regio_df", pd.DataFrame({"volgorde": np.arange(len(ids), dtype=np.int64), "persoon_id": ids,
                                               "peildatum": np.full(len(ids), ts(peildatum).to_datetime64())}))
        con.execute("CREATE TEMP TABLE regio_personen AS "
                    "SELECT volgorde, persoon_id, CAST(peildatum AS DATE) AS peildatum FROM regio_df")
        uit = con.execute(f"SELECT * EXCLUDE (peildatum) FROM ({REGIO}) ORDER BY volgorde").df()
    finally:
        con.close()
    uit = uit.drop(columns="volgorde", errors="ignore")
    return uit.astype({"persoon_id": object, "gemeentecode": object, "arbeidsmarktregio_code": object,
                       "arbeidsmarktregio_naam": object})


def regio_opvolgers(gemeente_regio: pd.DataFrame, naar_jaar: int) -> pd.DataFrame:
    """Per (jaar, arbeidsmarktregio_code) of the reference the region of year ``naar_jaar`` it continues
    as (``regio``): the region of ``naar_jaar`` that holds most of its gemeenten (by gemeentecode, else by
    name; a tie goes to the lowest code), else the same code (RULES.md §3, §6 decision: a quarterly
    report compares a region with the figures of its predecessor; CBS gave AM36-AM38 new codes when one
    gemeente changed region). Columns ``jaar``, ``arbeidsmarktregio_code``, ``regio``."""
    g = gemeente_regio[["jaar", "gemeentecode", "gemeentenaam", "arbeidsmarktregio_code"]].copy()
    g["jaar"] = g["jaar"].astype(int)
    doel = g.loc[g["jaar"] == int(naar_jaar)]
    if doel.empty:
        raise ValueError(f"gemeente_regio heeft geen jaar {naar_jaar}")
    op_code = g.merge(doel[["gemeentecode", "arbeidsmarktregio_code"]].rename(columns={"arbeidsmarktregio_code": "regio"}),
                      on="gemeentecode", how="left")
    naam = doel.drop_duplicates("gemeentenaam").set_index("gemeentenaam")["arbeidsmarktregio_code"]
    op_code["regio"] = op_code["regio"].fillna(op_code["gemeentenaam"].map(naam))
    tel = (op_code.dropna(subset=["regio"]).groupby(["jaar", "arbeidsmarktregio_code", "regio"]).size()
           .reset_index(name="n").sort_values(["jaar", "arbeidsmarktregio_code", "n", "regio"],
                                              ascending=[True, True, False, True]))
    beste = tel.drop_duplicates(["jaar", "arbeidsmarktregio_code"])[["jaar", "arbeidsmarktregio_code", "regio"]]
    alle = g[["jaar", "arbeidsmarktregio_code"]].drop_duplicates()
    uit = alle.merge(beste, on=["jaar", "arbeidsmarktregio_code"], how="left")
    uit["regio"] = uit["regio"].fillna(uit["arbeidsmarktregio_code"])
    return uit.sort_values(["jaar", "arbeidsmarktregio_code"]).reset_index(drop=True)
