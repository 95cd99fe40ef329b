"""Checking a data directory against the contract (DATA_CONTRACT.md "Bad input").

Every violation becomes a :class:`Probleem` naming the file, the column, the rule, the first
offending values and the first rows; all of them are collected into one :class:`ContractError`.
Column rules (types, code lists, patterns, minimums, keys) are a pandera schema built from
``contract.TABELLEN``; rules across columns and tables (periods, residence overlaps, tijdvak
lengths, unknown persons and employers) are vectorised checks here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .contract import TABELLEN, TIJDVAK_DAGEN, VIERWEKEN_LAATSTE_DAGEN, Tabel
from .util import bevat

VOORBEELDEN = 5  # how many offending values and rows a message shows
REGEL_TIJDSTIP = ("datum met tijdstip; verwacht een kalenderdatum (een waarde met tijdzone alleen om middernacht "
                  "in die tijdzone)")
DATUM_TYPE = "datetime64[s]"
_ISO_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Probleem:
    bestand: str
    kolom: str | None
    regel: str
    waarden: list = field(default_factory=list)
    rijen: list[int] = field(default_factory=list)  # 0-based positions in the file's data rows
    aantal: int = 0

    def rij_tekst(self) -> str:
        if not self.rijen:
            return ""
        if self.bestand.endswith(".csv"):  # line numbers in the file, header = line 1
            nummers = ", ".join(str(i + 2) for i in self.rijen)
            return f"regels {nummers}"
        nummers = ", ".join(str(i + 1) for i in self.rijen)
        return f"rijen {nummers}"

    def __str__(self) -> str:
        deel = [self.bestand]
        if self.kolom:
            deel.append(f"kolom {self.kolom}")
        tekst = ", ".join(deel) + f": {self.regel}"
        if self.waarden:
            tekst += "; waarde(n) " + ", ".join(repr(_plain(v)) for v in self.waarden)
        if self.rijen:
            meer = f" (en {self.aantal - len(self.rijen)} meer)" if self.aantal > len(self.rijen) else ""
            tekst += f"; {self.rij_tekst()}{meer}"
        return tekst


def _plain(v):
    if isinstance(v, (np.generic,)):
        v = v.item()
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    return v


class ContractError(Exception):
    """All contract violations of a data directory, as one error."""

    def __init__(self, problemen: list[Probleem], map: Path | str | None = None):
        self.problemen = problemen
        self.map = map
        super().__init__(self._tekst())

    def _tekst(self) -> str:
        n = len(self.problemen)
        kop = f"{n} {'probleem' if n == 1 else 'problemen'} met de invoer"
        if self.map is not None:
            kop += f" in {self.map}"
        return kop + ":\n" + "\n".join(f"- {p}" for p in self.problemen)


def probleem(bestand: str, kolom: str | None, regel: str, mask: pd.Series | None = None,
             waarden: pd.Series | None = None) -> Probleem:
    """A problem for the rows where ``mask`` is true, showing ``waarden`` (default: the column)."""
    if mask is None:
        return Probleem(bestand, kolom, regel)
    posities = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    vals = []
    if waarden is not None:
        gezien = []
        for v in waarden.iloc[posities[: VOORBEELDEN * 20]]:
            v = _plain(v)
            if v not in gezien:
                gezien.append(v)
            if len(gezien) == VOORBEELDEN:
                break
        vals = gezien
    return Probleem(bestand, kolom, regel, vals, [int(p) for p in posities[:VOORBEELDEN]], int(len(posities)))


# --------------------------------------------------------------------------- casting


def _is_stringlike(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or s.dtype == object


def cast_kolom(s: pd.Series, type_: str, bestand: str, kolom: str) -> tuple[pd.Series, Probleem | None, pd.Series]:
    """Cast a raw column to its contract type.

    Returns the cast column, a problem (or None) and a mask of the rows that failed (so later checks
    do not report them twice). Codes and keys stay strings: a numeric column where text is expected
    is an error, because leading zeros may already be lost.
    """
    leeg = s.isna()
    if type_ in ("str", "code"):
        if not _is_stringlike(s):
            p = Probleem(bestand, kolom, f"verwacht tekst (codes en sleutels blijven tekst met voorloopnullen), "
                         f"gevonden type {s.dtype}", [_plain(v) for v in s.dropna().unique()[:VOORBEELDEN]], [], len(s))
            return s.astype("str").where(~leeg), p, pd.Series(True, index=s.index)
        if s.dtype == object:
            niet_tekst = ~leeg & ~s.map(lambda v: isinstance(v, str), na_action="ignore").astype(bool)
            if niet_tekst.any():
                return s, probleem(bestand, kolom, "verwacht tekst", niet_tekst, s), niet_tekst
        return s.astype("str"), None, pd.Series(False, index=s.index)

    if type_ == "date":
        if s.dtype == object and len(s.dropna()) and s.dropna().map(lambda v: isinstance(v, dt.datetime)).any() \
                and s.dropna().map(lambda v: isinstance(v, dt.date)).all():
            # Python datetimes: their wall-clock time (in their own zone when they carry one)
            s = pd.Series(pd.to_datetime([None if pd.isna(v) else pd.Timestamp(v).tz_localize(None)
                                          if getattr(v, "tzinfo", None) else pd.Timestamp(v) for v in s]), index=s.index)
        if pd.api.types.is_datetime64_any_dtype(s):
            # decision (DATA_CONTRACT.md): a timezone-aware value counts as the calendar date of its
            # wall-clock time in its own zone; any time of day is refused (the same in DuckDB,
            # ``sql_problemen`` on ``werk.polis_verbinding``'s view polis_lokaal)
            zone = getattr(s.dt, "tz", None)
            d = s.dt.tz_localize(None) if zone is not None else s
            tijd = d.notna() & (d != d.dt.normalize())
            if tijd.any():
                tekst = d.dt.strftime("%Y-%m-%dT%H:%M:%S") + (f" {zone}" if zone is not None else "")
                return d, probleem(bestand, kolom, REGEL_TIJDSTIP, tijd, tekst), tijd
            return d.astype(DATUM_TYPE), None, pd.Series(False, index=s.index)
        if s.dtype == object and s.dropna().map(lambda v: isinstance(v, dt.date)).all():
            return pd.to_datetime(s).astype(DATUM_TYPE), None, pd.Series(False, index=s.index)
        tekst = s.astype("str").where(~leeg)
        vorm_ok = tekst.str.match(_ISO_DATUM).fillna(False).astype(bool)
        d = pd.to_datetime(tekst.where(vorm_ok), format="%Y-%m-%d", errors="coerce")
        fout = ~leeg & d.isna()
        p = probleem(bestand, kolom, "geen geldige datum (JJJJ-MM-DD)", fout, s) if fout.any() else None
        return d.astype(DATUM_TYPE), p, fout

    if type_ in ("decimal", "int"):
        if pd.api.types.is_bool_dtype(s):
            fout = pd.Series(True, index=s.index)
            return s, Probleem(bestand, kolom, "verwacht een getal, gevonden waar/onwaar", [], [], len(s)), fout
        if pd.api.types.is_numeric_dtype(s):
            n = s.astype("float64")
            fout = pd.Series(False, index=s.index)
        else:
            n = pd.to_numeric(s.astype("str").where(~leeg), errors="coerce")
            fout = ~leeg & n.isna()
        p = None
        if fout.any():
            hint = " (gebruik een punt als decimaalteken)" if s.astype("str").str.contains(",", regex=False).any() else ""
            p = probleem(bestand, kolom, f"geen getal{hint}", fout, s)
        if type_ == "int":
            niet_heel = n.notna() & (n != np.floor(n))
            if niet_heel.any() and p is None:
                p = probleem(bestand, kolom, "geen geheel getal", niet_heel, s)
                fout = fout | niet_heel
            return (n.astype("Int64") if (n.isna().any()) else n.astype("int64")), p, fout
        return n.astype("float64"), p, fout

    if type_ == "bool":
        if pd.api.types.is_bool_dtype(s):
            return s.astype("boolean"), None, pd.Series(False, index=s.index)
        tekst = s.astype("str").str.strip().str.lower().where(~leeg)
        mapping = {"true": True, "false": False, "1": True, "0": False, "waar": True, "onwaar": False,
                   "1.0": True, "0.0": False}
        b = tekst.map(mapping)
        fout = ~leeg & b.isna()
        p = probleem(bestand, kolom, "geen waar/onwaar (true/false)", fout, s) if fout.any() else None
        return b.astype("boolean"), p, fout

    raise ValueError(f"onbekend kolomtype {type_!r}")


# --------------------------------------------------------------------------- pandera column rules


def regel_codes(k) -> str:
    return f"onbekende code (toegestaan: {', '.join(k.codes)})"


def regel_patroon(k) -> str:
    return f"code past niet in het patroon {k.patroon}"


def regel_minimum(k) -> str:
    return f"kleiner dan {k.minimum:g} (negatief)" if k.minimum == 0 else f"kleiner dan {k.minimum:g}"


def regel_periode(begin: str, einde: str) -> str:
    return f"{einde} ligt voor {begin}"


def schema(tabel: Tabel) -> pa.DataFrameSchema:
    """The pandera schema of a contract table (nulls, code lists, patterns, minimums, key)."""
    kolommen = {}
    for k in tabel.kolommen:
        checks = []
        if k.codes is not None:
            checks.append(pa.Check.isin(list(k.codes), error=regel_codes(k)))
        if k.patroon is not None:
            checks.append(pa.Check.str_matches(k.patroon + r"\Z", error=regel_patroon(k)))
        if k.minimum is not None:
            checks.append(pa.Check.ge(k.minimum, error=regel_minimum(k)))
        kolommen[k.naam] = pa.Column(None, checks=checks, nullable=k.nullable, required=True)
    return pa.DataFrameSchema(kolommen, unique=list(tabel.sleutel), report_duplicates="all", strict=False)


def schema_problemen(df: pd.DataFrame, tabel: Tabel, bestand: str, al_fout: dict[str, pd.Series]) -> list[Probleem]:
    try:
        schema(tabel).validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as e:
        fc = e.failure_cases
    problemen = []
    is_uniek = fc["check"].astype("str").str.contains("uniqueness|unique", regex=True)
    # key duplicates: one problem for the whole key
    dup = fc[is_uniek]
    if len(dup):
        idx = sorted({int(i) for i in dup["index"].dropna()})
        sleutel_vals = [tuple(_plain(df.iloc[i][c]) for c in tabel.sleutel) for i in idx[: VOORBEELDEN * 4]]
        uniek = list(dict.fromkeys(sleutel_vals))[:VOORBEELDEN]
        problemen.append(Probleem(bestand, "+".join(tabel.sleutel), "dubbele sleutel", uniek, idx[:VOORBEELDEN], len(idx)))
    rest = fc[~is_uniek]
    for (kolom, check), groep in rest.groupby(["column", "check"], sort=False, dropna=False):
        groep = groep[groep["index"].notna()] if groep["index"].notna().any() else groep
        if kolom in al_fout and groep["index"].notna().all():
            fout_idx = set(np.flatnonzero(al_fout[kolom].to_numpy(dtype=bool)))
            groep = groep[~groep["index"].astype(int).isin(fout_idx)]
            if groep.empty:
                continue
        regel = str(check)
        if regel == "not_nullable":
            regel = "lege waarde in een verplichte kolom"
        elif regel.startswith("column_in_dataframe"):
            regel = "verplichte kolom ontbreekt"
        idx = [int(i) for i in groep["index"].dropna()]
        waarden = list(dict.fromkeys(_plain(v) for v in groep["failure_case"]))[:VOORBEELDEN]
        if regel == "lege waarde in een verplichte kolom":
            waarden = []
        problemen.append(Probleem(bestand, str(kolom), regel, waarden, idx[:VOORBEELDEN], len(idx) or len(groep)))
    return problemen


# --------------------------------------------------------------------------- rules across columns / tables


def periode_problemen(df: pd.DataFrame, tabel: Tabel, bestand: str) -> list[Probleem]:
    """An end date (inclusive) may not lie before its begin date."""
    out = []
    for begin, einde in tabel.perioden:
        if begin in df and einde in df:
            fout = df[einde].notna() & df[begin].notna() & (df[einde] < df[begin])
            if fout.any():
                paar = pd.Series(list(zip(df[begin], df[einde])), index=df.index)
                out.append(probleem(bestand, einde, regel_periode(begin, einde), fout, paar))
    return out


def woonplaats_overlap(df: pd.DataFrame, bestand: str) -> list[Probleem]:
    """Residence spells of one person may not overlap (DATA_CONTRACT.md woonplaats)."""
    if df.empty:
        return []
    order = np.lexsort((df["begin"].to_numpy(), df["persoon_id"].to_numpy()))
    s = df.iloc[order]
    zelfde = s["persoon_id"].to_numpy()[1:] == s["persoon_id"].to_numpy()[:-1]
    vorig_einde = s["einde"].to_numpy()[:-1]
    begin = s["begin"].to_numpy()[1:]
    overlap = zelfde & (np.isnat(vorig_einde) | (begin <= vorig_einde))
    if not overlap.any():
        return []
    mask = pd.Series(False, index=df.index)
    mask.iloc[order[1:][overlap]] = True
    waarden = df["persoon_id"]
    return [probleem(bestand, "begin", "overlappende woonperioden van één persoon (persoon_id getoond)", mask, waarden)]


def tijdvak_problemen(df: pd.DataFrame, bestand: str) -> list[Probleem]:
    """An opgave must span the number of days of its tijdvak type (DATA_CONTRACT.md polis)."""
    if df.empty:
        return []
    dagen = (df["opgave_einde"] - df["opgave_begin"]).dt.days + 1
    lo = df["tijdvak_type"].map({k: v[0] for k, v in TIJDVAK_DAGEN.items()}).astype(float)
    hi = df["tijdvak_type"].map({k: v[1] for k, v in TIJDVAK_DAGEN.items()}).astype(float)
    ok = (dagen >= lo) & (dagen <= hi)
    laatste_vierweken = (
        (df["tijdvak_type"] == "VIERWEKEN")
        & (df["opgave_einde"].dt.month == 12) & (df["opgave_einde"].dt.day == 31)
        & dagen.isin(VIERWEKEN_LAATSTE_DAGEN)
    )
    fout = ~(ok | laatste_vierweken) & lo.notna() & dagen.notna()
    if not fout.any():
        return []
    beschrijving = pd.Series(
        list(zip(df["tijdvak_type"], df["opgave_begin"], df["opgave_einde"], dagen.astype("Int64"))), index=df.index)
    return [probleem(bestand, "opgave_einde", "tijdvak past niet bij tijdvak_type (type, begin, einde, dagen)",
                     fout, beschrijving)]


def verwijzing_problemen(df: pd.DataFrame, kolom: str, bekend: pd.Series, bestand: str, regel: str) -> list[Probleem]:
    fout = df[kolom].notna() & ~bevat(df[kolom], bekend)
    return [probleem(bestand, kolom, regel, fout, df[kolom])] if fout.any() else []


def werkgever_problemen(polis: pd.DataFrame, werkgever: pd.DataFrame, bestand: str) -> list[Probleem]:
    """Each opgave's employer must be known in `werkgever` (for some year; the sector rule falls back to
    the nearest year when the opgave's own year is missing, see ``sector.werkgever_sector``)."""
    if polis.empty:
        return []
    fout = pd.Series(~bevat(polis["werkgever_id"], werkgever["werkgever_id"]), index=polis.index)
    if not fout.any():
        return []
    return [probleem(bestand, "werkgever_id", "werkgever onbekend in werkgever", fout, polis["werkgever_id"])]


def kruis_problemen(tabellen: dict[str, pd.DataFrame], bestanden: dict[str, str]) -> list[Probleem]:
    """Checks that need more than one row or more than one table."""
    out: list[Probleem] = []
    for naam, df in tabellen.items():
        out += periode_problemen(df, TABELLEN[naam], bestanden[naam])
    if "woonplaats" in tabellen:
        out += woonplaats_overlap(tabellen["woonplaats"], bestanden["woonplaats"])
        if "gemeente_regio" in tabellen:
            out += verwijzing_problemen(tabellen["woonplaats"], "gemeentecode", tabellen["gemeente_regio"]["gemeentecode"],
                                        bestanden["woonplaats"], "gemeente onbekend in gemeente_regio")
    if "polis" in tabellen:
        out += tijdvak_problemen(tabellen["polis"], bestanden["polis"])
        if "werkgever" in tabellen:
            out += werkgever_problemen(tabellen["polis"], tabellen["werkgever"], bestanden["polis"])
    if "persoon" in tabellen:
        ids = tabellen["persoon"]["persoon_id"]
        for naam, df in tabellen.items():
            if TABELLEN[naam].persoon_tabel:
                out += verwijzing_problemen(df, "persoon_id", ids, bestanden[naam], "persoon onbekend in persoon")
    return out


# --------------------------------------------------------------------------- the same column rules in SQL

_SQL_TYPEN = {
    "str": ("VARCHAR",), "code": ("VARCHAR",), "date": ("DATE", "TIMESTAMP"),
    "decimal": ("DOUBLE", "FLOAT", "DECIMAL", "INTEGER", "BIGINT", "SMALLINT", "HUGEINT"),
    "int": ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"), "bool": ("BOOLEAN",),
}


def _sql_tekst(waarde: str) -> str:
    return "'" + str(waarde).replace("'", "''") + "'"


def sql_problemen(con, relatie: str, tabel: Tabel, bestand: str, nullen: dict[str, int] | None = None,
                  tijdzones: dict[str, str] | None = None) -> list[Probleem]:
    """The contract's column rules (types, nulls, code lists, patterns, minimums, periods, dates without
    a time of day) checked in DuckDB on ``relatie``, a view with the table's columns and ``rij``
    (0-based row in the file): for a table too large for pandas that a report only aggregates. Codes
    and patterns are checked on the distinct values; ``nullen``: null counts already known (parquet
    statistics), so those columns need no scan. Timestamps must be wall-clock times (timezone-aware
    ones converted to their own zone, ``werk.polis_verbinding``'s view polis_lokaal); ``tijdzones``
    names the zone of such columns in the messages, as :func:`cast_kolom` does. Key, tijdvak and
    cross-table rules are left to ``banenafspraak valideer``."""
    typen = {r[0]: str(r[1]).upper() for r in con.execute(f"DESCRIBE {relatie}").fetchall()}
    problemen: list[Probleem] = []
    regels: list[tuple[str, str, str, str]] = []  # column, rule text, SQL condition of a bad row, value shown
    for k in tabel.kolommen:
        if k.naam not in typen:
            problemen.append(Probleem(bestand, k.naam, "verplichte kolom ontbreekt", [f"aanwezig: {', '.join(typen)}"]))
            continue
        if not typen[k.naam].startswith(_SQL_TYPEN[k.type]):
            problemen.append(Probleem(bestand, k.naam, f"verwacht type {k.type}, gevonden type {typen[k.naam]}"))
            continue
        if not k.nullable and (nullen or {}).get(k.naam) != 0:
            regels.append((k.naam, "lege waarde in een verplichte kolom", f"{k.naam} IS NULL", "NULL"))
        if k.codes is not None or k.patroon is not None:
            waarden = [r[0] for r in con.execute(f"SELECT DISTINCT {k.naam} FROM {relatie} WHERE {k.naam} IS NOT NULL").fetchall()]
            if k.codes is not None and (fout := [w for w in waarden if w not in k.codes]):
                regels.append((k.naam, regel_codes(k),
                               f"{k.naam} IN ({', '.join(_sql_tekst(w) for w in fout)})", k.naam))
            if k.patroon is not None and (fout := [w for w in waarden if not re.fullmatch(k.patroon, w)]):
                regels.append((k.naam, regel_patroon(k),
                               f"{k.naam} IN ({', '.join(_sql_tekst(w) for w in fout)})", k.naam))
        if k.minimum is not None:
            regels.append((k.naam, regel_minimum(k), f"{k.naam} < {k.minimum}", k.naam))
        if k.type == "date" and typen[k.naam].startswith("TIMESTAMP"):
            zone = (tijdzones or {}).get(k.naam)
            tekst = f"strftime({k.naam}, '%Y-%m-%dT%H:%M:%S')" + (f" || {_sql_tekst(' ' + zone)}" if zone else "")
            regels.append((k.naam, REGEL_TIJDSTIP, f"CAST({k.naam} AS TIME) <> TIME '00:00:00'", tekst))
    for begin, einde in tabel.perioden:
        if begin in typen and einde in typen:
            regels.append((einde, regel_periode(begin, einde), f"{einde} < {begin}", f"[{begin}, {einde}]"))
    if not regels:
        return problemen
    tellers = ", ".join(f"count(*) FILTER (WHERE COALESCE({c}, FALSE))" for _, _, c, _ in regels)
    aantallen = con.execute(f"SELECT {tellers} FROM {relatie}").fetchone()
    for (kolom, regel, conditie, waarde), n in zip(regels, aantallen):
        if not n:
            continue
        voorbeelden = con.execute(f"SELECT rij, {waarde} FROM {relatie} WHERE COALESCE({conditie}, FALSE) "
                                  f"ORDER BY rij LIMIT {VOORBEELDEN}").fetchall()
        waarden = [] if waarde == "NULL" else list(dict.fromkeys(
            tuple(_plain(pd.Timestamp(x)) for x in v) if isinstance(v, list) else _plain(v) for _, v in voorbeelden))
        problemen.append(Probleem(bestand, kolom, regel, waarden, [int(r) for r, _ in voorbeelden], int(n)))
    return problemen
