"""Checking a data directory against the contract (DATA_CONTRACT.md "Bad input").

Every violation becomes a :class:`Probleem` naming the file, the column, the rule, the first
offending values and the first rows; all of them are collected into one :class:`ContractError`.

Three layers, each written once:

- the file: its header (:func:`kop_problemen`: `;` as separator, a column name twice) and, when
  read into pandas, each value's type (:func:`cast_kolom`: codes stay text, strict ISO dates, no
  decimal comma);
- every rule about one row (:func:`sql_controle`): empty values, finite numbers, code lists,
  patterns, minimums, dates with a time of day, dates after the data were made, periods that end
  before they begin, tijdvak lengths, hours a tijdvak cannot hold, opgaven outside the period
  meta.yaml declares. They run in DuckDB, in one aggregate query (a count per rule; example rows are
  fetched only for a rule that fails), on a parquet file as it is (a national polis of tens of
  millions of rows, never loaded into pandas for this) or on a table read into pandas: the same
  SQL for ``banenafspraak valideer`` and for every run;
- rules across rows and tables (:func:`kruis_controle`): keys, overlapping residence spells, unknown
  persons, employers and gemeenten, also in DuckDB and on the same relations (``banenafspraak
  valideer`` never loads the polis into pandas).
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .verbinding import verbinding
from .contract import (EERSTE_DATUM, MAX_UREN_PER_DAG, TABELLEN, TIJDVAK_DAGEN, TIJDVAK_TYPES, VIERWEKEN_LAATSTE_DAGEN,
                       Tabel)

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
    """A problem for the rows where ``mask`` is true, showing ``waarden`` (default: the column). The rows
    are the index labels: a table read whole has 0, 1, 2, ...; a selection of the polis keeps the
    numbers of its rows in the file."""
    if mask is None:
        return Probleem(bestand, kolom, regel)
    posities = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    labels = mask.index.to_numpy()[posities] if pd.api.types.is_integer_dtype(mask.index) else posities
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
    return Probleem(bestand, kolom, regel, vals, [int(p) for p in labels[:VOORBEELDEN]], int(len(posities)))


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
            p = Probleem(bestand, kolom, f"{REGEL_TEKST}, gevonden type {s.dtype}", [_plain(v) for v in s.dropna().unique()[:VOORBEELDEN]], [], len(s))
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
            # ``sql_controle`` on ``werk.polis_verbinding``'s view polis_lokaal)
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


# --------------------------------------------------------------------------- rule texts


def regel_codes(k) -> str:
    return f"onbekende code (toegestaan: {', '.join(k.codes)})"


def regel_patroon(k) -> str:
    return f"code past niet in het patroon {k.patroon}"


def regel_minimum(k) -> str:
    return f"kleiner dan {k.minimum:g} (negatief)" if k.minimum == 0 else f"kleiner dan {k.minimum:g}"


def regel_periode(begin: str, einde: str) -> str:
    return f"{einde} ligt voor {begin}"


REGEL_LEEG = "lege waarde in een verplichte kolom"
REGEL_LEGE_TEKST = "lege tekst (niets of alleen spaties) in een verplichte kolom"
REGEL_VOOR_1900 = f"datum voor {EERSTE_DATUM.isoformat()} (onmogelijk vroeg; een tikfout in het jaar?)"
REGEL_ONTBREEKT = "verplichte kolom ontbreekt"
REGEL_TEKST = "verwacht tekst (codes en sleutels blijven tekst met voorloopnullen)"
REGEL_EINDIG = "geen eindig getal (oneindig of NaN)"
REGEL_TIJDVAK = "tijdvak past niet bij tijdvak_type (type, begin, einde, dagen)"
REGEL_PUNTKOMMA = "scheidingsteken `;`: sla op als CSV met komma's"
REGEL_LEEG_BESTAND = "tabel heeft geen rijen (alleen een kopregel)"


def regel_uren_per_dag() -> str:
    return f"meer dan {MAX_UREN_PER_DAG} uur per dag van het tijdvak (uren, begin, einde, dagen)"


def regel_na_aanmaak(grens: dt.date, aangemaakt: bool) -> str:
    if aangemaakt:
        return f"datum na de aanmaakdatum van de data (meta.yaml aangemaakt: {grens.isoformat()})"
    return f"datum in de toekomst (na vandaag, {grens.isoformat()})"


# --------------------------------------------------------------------------- the header of a file


def fout_tekst(e: BaseException) -> str:
    """An error of a library in one line (pandas' parser ends its message with a newline)."""
    return " ".join(str(e).split())


def kop_problemen(pad: Path, tabel: Tabel | None = None) -> list[Probleem]:
    """Problems with a file's column names, found before its rows are read: a CSV saved with `;` as
    separator (Dutch Excel), a CSV without a header row (none of the contract's column names of
    ``tabel`` on its first line: its first row would be taken for the names), and a column name that
    occurs more than once (pandas would rename the second one and leave it unused, pyarrow cannot
    select it)."""
    bestand = pad.name
    try:
        if pad.suffix == ".parquet":
            import pyarrow.parquet as pq

            namen = list(pq.read_schema(pad).names)
        else:
            with open(pad, encoding="utf-8", newline="") as f:
                namen = next(csv.reader(f), [])
    except UnicodeDecodeError as e:
        return [Probleem(bestand, None, f"niet in UTF-8 opgeslagen (byte 0x{e.object[e.start]:02x} op positie "
                                        f"{e.start}); sla op als CSV in UTF-8")]
    except Exception as e:  # unreadable file: say which and why, no traceback
        return [Probleem(bestand, None, f"kan bestand niet lezen: {fout_tekst(e)}")]
    if pad.suffix != ".parquet" and len(namen) == 1 and ";" in namen[0]:
        return [Probleem(bestand, None, REGEL_PUNTKOMMA)]
    if pad.suffix != ".parquet" and tabel is not None and namen and not set(namen) & set(tabel.kolomnamen):
        eerste = ", ".join(repr(n) for n in namen[:VOORBEELDEN]) + (", ..." if len(namen) > VOORBEELDEN else "")
        return [Probleem(bestand, None, f"geen kopregel: de eerste regel ({eerste}) noemt geen enkele kolom van "
                                        f"het contract; zet de kolomnamen ({', '.join(tabel.kolomnamen)}) op de "
                                        "eerste regel")]
    problemen = []
    for naam, n in Counter(namen).items():
        if n > 1:
            posities = [i + 1 for i, x in enumerate(namen) if x == naam]
            problemen.append(Probleem(bestand, naam, f"kolomnaam komt {n} keer voor (kolommen "
                                                     f"{', '.join(map(str, posities))}); bewaar er één"))
    return problemen


# --------------------------------------------------------------------------- every rule of one row, in SQL

_SQL_TYPEN = {
    "str": ("VARCHAR",), "code": ("VARCHAR",), "date": ("DATE", "TIMESTAMP"),
    "decimal": ("DOUBLE", "FLOAT", "DECIMAL", "INTEGER", "BIGINT", "SMALLINT", "HUGEINT"),
    "int": ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"), "bool": ("BOOLEAN",),
}


def _sql_tekst(waarde: str) -> str:
    return "'" + str(waarde).replace("'", "''") + "'"


def _sql_datum(d) -> str:
    return f"DATE '{pd.Timestamp(d).date().isoformat()}'"


@dataclass(frozen=True)
class Regel:
    """One rule about one row: the column its message names, the text, the SQL condition of a bad row,
    the SQL of the value(s) shown, and the columns it reads (a row whose cast failed in one of them is
    left out: that problem is already reported)."""

    kolom: str
    regel: str
    conditie: str
    toon: tuple[str, ...]
    kolommen: tuple[str, ...]


@dataclass
class SqlControle:
    """The outcome of :func:`sql_controle`: the problems, the row count and the requested aggregates."""

    problemen: list[Probleem]
    rijen: int
    waarden: dict


def _datum(kolom: str, typen: dict[str, str]) -> str:
    """A date column as DATE (a timestamp cast; a DATE as it is, which keeps the scan cheap)."""
    return kolom if typen.get(kolom, "").startswith("DATE") else f"CAST({kolom} AS DATE)"


def _dagen(begin: str, einde: str, typen: dict[str, str]) -> str:
    """Days of a period, both ends inclusive (DATE - DATE is a whole number of days)."""
    return f"({_datum(einde, typen)} - {_datum(begin, typen)} + 1)"


def tijdvak_past(type_, dagen, einde_31_december) -> bool:
    """Whether a period of ``dagen`` days (both ends inclusive) fits its tijdvak type (contract.TIJDVAK_DAGEN;
    the 13th four-week period ends on 31 December and has 29 or 30 days). Unknown types and periods
    that end before they begin are other rules: they fit here."""
    if type_ not in TIJDVAK_DAGEN or dagen is None or pd.isna(dagen) or dagen < 1:
        return True
    lo, hi = TIJDVAK_DAGEN[type_]
    return bool(lo <= dagen <= hi or (type_ == "VIERWEKEN" and einde_31_december and dagen in VIERWEKEN_LAATSTE_DAGEN))


def _grens(grenzen: dict | None, kolom: str, typen: dict[str, str]) -> tuple | None:
    """The least and greatest value of ``kolom`` over every row (parquet statistics, see
    :func:`sql_controle`) as Python values of its DuckDB type: text, a date (DATE columns only: a
    timestamp is read in its own zone) or a number; None when unknown."""
    paar = (grenzen or {}).get(kolom)
    t = typen.get(kolom, "")
    if paar is None or paar[0] is None or paar[1] is None:
        return None
    try:
        if t.startswith("VARCHAR"):
            return str(paar[0]), str(paar[1])
        if t == "DATE":
            return tuple(v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) for v in paar)
        if t.startswith(_SQL_TYPEN["decimal"]):
            return float(paar[0]), float(paar[1])
    except (TypeError, ValueError):
        return None
    return None


def regels(tabel: Tabel, typen: dict[str, str], aanmaak: tuple[dt.date, bool] | None = None,
           periode: dict | None = None, nullen: dict[str, int] | None = None,
           tijdzones: dict[str, str] | None = None, grenzen: dict[str, tuple] | None = None) -> list[Regel]:
    """The contract's rules about one row of ``tabel`` whose columns have the DuckDB types ``typen``,
    each a condition counted per row; a rule that reads a column missing from ``typen`` is left out.
    Code lists, patterns and tijdvak lengths are checked on the distinct values instead (see
    :func:`sql_controle`). ``aanmaak``: (date, from meta.yaml) that a date marked ``niet_na_aanmaak``
    may not pass; ``periode``: the polis period meta.yaml declares (``van``, ``tot``, each optional).
    ``nullen`` and ``grenzen`` (per column the null count, and the least and greatest value, over every
    row): a rule about one column's value that these show no row can break is left out (no column
    without nulls has an empty value; no text whose least value is ``'!'`` or more is blank; no
    date whose least value is 1900 or later lies before 1900; and so on)."""
    uit: list[Regel] = []
    for k in (k for k in tabel.kolommen_van(typen) if k.naam in typen):
        t = typen[k.naam]
        grens = _grens(grenzen, k.naam, typen)
        if not k.nullable and (nullen or {}).get(k.naam) != 0:
            uit.append(Regel(k.naam, REGEL_LEEG, f"{k.naam} IS NULL", (), (k.naam,)))
        if not k.nullable and k.type == "str" and not (grens and grens[0] >= "!"):
            # a code has its list or pattern, which '' does not pass; only text below '!' can be blank:
            # that comparison first, trim only for those (4x cheaper)
            uit.append(Regel(k.naam, REGEL_LEGE_TEKST, f"{k.naam} < '!' AND trim({k.naam}) = ''", (k.naam,), (k.naam,)))
        if k.type == "date" and not (grens and grens[0] >= EERSTE_DATUM):
            uit.append(Regel(k.naam, REGEL_VOOR_1900, f"{_datum(k.naam, typen)} < {_sql_datum(EERSTE_DATUM)}",
                             (_datum(k.naam, typen),), (k.naam,)))
        drijvend = t.startswith(("DOUBLE", "FLOAT"))
        if drijvend:  # NaN is in no statistics: always counted
            uit.append(Regel(k.naam, REGEL_EINDIG, f"NOT isfinite({k.naam})", (k.naam,), (k.naam,)))
        if k.minimum is not None and not (grens and grens[0] >= k.minimum):
            eindig = f"isfinite({k.naam}) AND " if drijvend else ""
            uit.append(Regel(k.naam, regel_minimum(k), f"{eindig}{k.naam} < {k.minimum}", (k.naam,), (k.naam,)))
        if k.type == "date" and t.startswith("TIMESTAMP"):
            zone = (tijdzones or {}).get(k.naam)
            tekst = f"strftime({k.naam}, '%Y-%m-%dT%H:%M:%S')" + (f" || {_sql_tekst(' ' + zone)}" if zone else "")
            uit.append(Regel(k.naam, REGEL_TIJDSTIP, f"CAST({k.naam} AS TIME) <> TIME '00:00:00'", (tekst,), (k.naam,)))
        if k.niet_na_aanmaak and aanmaak is not None and not (grens and grens[1] <= pd.Timestamp(aanmaak[0]).date()):
            uit.append(Regel(k.naam, regel_na_aanmaak(*aanmaak), f"{_datum(k.naam, typen)} > {_sql_datum(aanmaak[0])}",
                             (_datum(k.naam, typen),), (k.naam,)))
    for begin, einde in tabel.perioden:
        if begin in typen and einde in typen:
            uit.append(Regel(einde, regel_periode(begin, einde), f"{einde} < {begin}", (begin, einde), (begin, einde)))
    if tabel.uren_per_dag and all(k in typen for k in tabel.uren_per_dag):
        uren, begin, einde = tabel.uren_per_dag
        eindig = f"isfinite({uren}) AND " if typen[uren].startswith(("DOUBLE", "FLOAT")) else ""
        dagen = _dagen(begin, einde, typen)
        uit.append(Regel(uren, regel_uren_per_dag(),
                         f"{eindig}{einde} >= {begin} AND {uren} > {MAX_UREN_PER_DAG} * {dagen}",
                         (uren, _datum(begin, typen), _datum(einde, typen), dagen), tabel.uren_per_dag))
    if periode and tabel.tijdvak and all(k in typen for k in tabel.tijdvak[1:]):
        _, begin, einde = tabel.tijdvak
        toon = (_datum(begin, typen), _datum(einde, typen))
        gb, ge = _grens(grenzen, begin, typen), _grens(grenzen, einde, typen)
        if periode.get("van") is not None and not (gb and gb[0] >= pd.Timestamp(periode["van"]).date()):
            uit.append(Regel(begin, f"tijdvak begint voor de polisperiode van meta.yaml (polis_van: "
                                    f"{pd.Timestamp(periode['van']).date().isoformat()})",
                             f"{_datum(begin, typen)} < {_sql_datum(periode['van'])}", toon, (begin, einde)))
        if periode.get("tot") is not None and not (ge and ge[1] <= pd.Timestamp(periode["tot"]).date()):
            uit.append(Regel(einde, f"tijdvak eindigt na de polisperiode van meta.yaml (polis_tot: "
                                    f"{pd.Timestamp(periode['tot']).date().isoformat()})",
                             f"{_datum(einde, typen)} > {_sql_datum(periode['tot'])}", toon, (begin, einde)))
    return uit


def _toon_waarde(v):
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return pd.Timestamp(v).date().isoformat()
    return _plain(v)


def sql_controle(con, relatie: str, tabel: Tabel, bestand: str, nullen: dict[str, int] | None = None,
                 tijdzones: dict[str, str] | None = None, aanmaak: tuple[dt.date, bool] | None = None,
                 periode: dict | None = None, uitgesloten=(), typen_melden: bool = True,
                 extra: dict[str, tuple[str, str, tuple[str, ...]]] | None = None,
                 grenzen: dict[str, tuple] | None = None) -> SqlControle:
    """Every rule of the contract about one row of ``tabel``, checked in DuckDB on ``relatie``: a view with
    the table's columns and ``rij`` (0-based row in the file).

    One pass: a single aggregate query grouped by the columns with few distinct values (the code and
    pattern columns; for the polis also the tijdvak type, its length in days and whether it ends on 31
    December) counts the bad rows of every rule of :func:`regels` per group. The code lists, patterns
    and tijdvak lengths are then checked on the groups, so a national polis of tens of millions of
    opgaven costs one scan. Example rows are fetched only for a rule that fails.

    ``nullen``: null counts already known (parquet statistics), so those columns need no check;
    ``grenzen``: likewise per column the least and greatest value (the parquet statistics of every row
    group), so a rule they show no row can break is not counted (:func:`regels`; a column none of
    whose rules is left is not even read).
    ``tijdzones``: the zone of timezone-aware date columns, named in messages as :func:`cast_kolom`
    does. ``uitgesloten``: columns whose values failed their type check in pandas; the relation has a
    boolean column ``_fout_<kolom>`` and those rows are left out of every rule that reads the column.
    ``typen_melden``: report a column of the wrong DuckDB type (a parquet file checked as it is);
    without it such a column is only skipped (its cast already said what is wrong). ``extra``: further
    results of the same pass, name -> (``min``, ``max`` or ``rijen``, SQL, the columns it reads):
    the least or greatest value of the expression, or the sorted rows (``rij``) where the condition
    holds; in :attr:`SqlControle.waarden` when those columns have the right type. Keys, overlaps and
    references to other tables are :func:`kruis_controle`."""
    typen = {r[0]: str(r[1]).upper() for r in con.execute(f"DESCRIBE {relatie}").fetchall()}
    aanwezig = [k for k in typen if k != "rij" and not k.startswith("_fout_")]
    problemen: list[Probleem] = []
    goed: dict[str, str] = {}
    for k in tabel.kolommen_van(typen):
        if k.naam not in typen:
            problemen.append(Probleem(bestand, k.naam, REGEL_ONTBREEKT, [f"aanwezig: {', '.join(aanwezig)}"]))
        elif typen[k.naam] != '"NULL"' and not typen[k.naam].startswith(_SQL_TYPEN[k.type]):  # NULL: all empty
            if typen_melden:
                tekst = REGEL_TEKST if k.type in ("str", "code") else f"verwacht type {k.type}"
                problemen.append(Probleem(bestand, k.naam, f"{tekst}, gevonden type {typen[k.naam]}"))
        else:
            goed[k.naam] = typen[k.naam]
    lijst = regels(tabel, goed, aanmaak, periode, nullen, tijdzones, grenzen)
    uitgesloten = set(uitgesloten)

    def bruikbaar(kolommen) -> str:
        return "".join(f" AND NOT _fout_{k}" for k in kolommen if k in uitgesloten)

    def waar(r: Regel) -> str:
        return f"({r.conditie}){bruikbaar(r.kolommen)}"

    # the grouping: code and pattern columns, and the tijdvak's type, days and end on 31 December
    code_kolommen = [k for k in tabel.kolommen if k.naam in goed and (k.codes is not None or k.patroon is not None)]
    groepen = [k.naam for k in code_kolommen]
    tijdvak = tabel.tijdvak if tabel.tijdvak and all(k in goed for k in tabel.tijdvak) else None
    if tijdvak:
        type_, begin, einde = tijdvak
        if type_ not in groepen:
            groepen.append(type_)
        groepen += [f"CASE WHEN TRUE{bruikbaar(tijdvak)} THEN {_dagen(begin, einde, goed)} END",
                    f"(month({einde}) = 12 AND day({einde}) = 31)"]
    extra = {naam: e for naam, e in (extra or {}).items() if all(k in goed for k in e[2])}
    delen = [f"{g} AS g{i}" for i, g in enumerate(groepen)] + ["count(*)"]
    delen += [f"count_if({waar(r)})" for r in lijst]
    for soort, sql, _ in extra.values():
        delen.append(f"{soort}({sql})" if soort in ("min", "max") else f"list(rij) FILTER (WHERE {sql})")
    groepering = f" GROUP BY {', '.join(f'g{i}' for i in range(len(groepen)))}" if groepen else ""
    uitkomst = con.execute(f"SELECT {', '.join(delen)} FROM {relatie}{groepering}").fetchall()
    ng, nr = len(groepen), len(lijst)
    totaal = sum(int(u[ng] or 0) for u in uitkomst)
    aantallen = [sum(int(u[ng + 1 + i] or 0) for u in uitkomst) for i in range(nr)]  # count_if of no rows: NULL
    waarden = {}
    for j, (naam, (soort, _, _)) in enumerate(extra.items()):
        gevonden = [u[ng + 1 + nr + j] for u in uitkomst if u[ng + 1 + nr + j] is not None]
        if soort == "min":
            waarden[naam] = min(gevonden, default=None)
        elif soort == "max":
            waarden[naam] = max(gevonden, default=None)
        else:
            waarden[naam] = np.sort(np.concatenate([np.asarray(g, dtype=np.int64) for g in gevonden])) \
                if gevonden else np.zeros(0, dtype=np.int64)

    def voorbeelden(r: Regel, n: int) -> None:
        toon = ", ".join(r.toon) if r.toon else "NULL"
        # no filter pushed into the parquet scan: its row-group statistics leave NaN out, and DuckDB would
        # skip the row group of a NaN that the count above found (only a rule that fails gets here)
        con.execute("SET disabled_optimizers = 'filter_pushdown'")
        try:
            uit = con.execute(f"SELECT rij, {toon} FROM {relatie} WHERE {waar(r)} ORDER BY rij "
                              f"LIMIT {VOORBEELDEN}").fetchall()
        finally:
            con.execute("SET disabled_optimizers = ''")
        getoond = [] if not r.toon else list(dict.fromkeys(
            _toon_waarde(u[1]) if len(r.toon) == 1 else tuple(_toon_waarde(x) for x in u[1:]) for u in uit))
        problemen.append(Probleem(bestand, r.kolom, r.regel, getoond, [int(u[0]) for u in uit], int(n)))

    for r, n in zip(lijst, aantallen):
        if n:
            voorbeelden(r, n)
    for i, k in enumerate(code_kolommen):
        per_waarde = Counter()
        for u in uitkomst:
            if u[i] is not None:
                per_waarde[u[i]] += int(u[ng])
        for regel, fout in ((regel_codes(k) if k.codes is not None else None,
                             [w for w in per_waarde if k.codes is not None and w not in k.codes]),
                            (regel_patroon(k) if k.patroon is not None else None,
                             [w for w in per_waarde if k.patroon is not None and not re.fullmatch(k.patroon, w)])):
            if fout:
                voorbeelden(Regel(k.naam, regel, f"{k.naam} IN ({', '.join(map(_sql_tekst, sorted(fout)))})",
                                  (k.naam,), (k.naam,)), sum(per_waarde[w] for w in fout))
    if tijdvak:
        type_, begin, einde = tijdvak
        it = groepen.index(type_)
        n = sum(int(u[ng]) for u in uitkomst if not tijdvak_past(u[it], u[ng - 2], u[ng - 1]))
        if n:
            dagen = _dagen(begin, einde, goed)
            past = " ".join(f"WHEN {_sql_tekst(t)} THEN {dagen} BETWEEN {lo} AND {hi}" for t, (lo, hi) in TIJDVAK_DAGEN.items())
            laatste = (f"({type_} = 'VIERWEKEN' AND month({einde}) = 12 AND day({einde}) = 31 "
                       f"AND {dagen} IN ({', '.join(map(str, VIERWEKEN_LAATSTE_DAGEN))}))")
            conditie = (f"{type_} IN ({', '.join(map(_sql_tekst, TIJDVAK_TYPES))}) AND {einde} >= {begin} "
                        f"AND NOT ((CASE {type_} {past} ELSE TRUE END) OR {laatste})")
            voorbeelden(Regel(einde, REGEL_TIJDVAK, conditie, (type_, _datum(begin, goed), _datum(einde, goed), dagen),
                              tijdvak), n)
    return SqlControle(problemen, totaal, waarden)


def frame_relatie(df: pd.DataFrame, tabel: Tabel, al_fout: dict[str, pd.Series] | None = None
                  ) -> tuple[pd.DataFrame, set[str]]:
    """A table read into pandas and cast (:func:`cast_kolom`) as a relation for DuckDB: the contract's
    columns, ``rij`` (its rows in the file: the index when it is one of integers, as in a selection
    of the polis, else 0, 1, 2, ...) and per column whose cast failed somewhere a boolean
    ``_fout_<kolom>`` (the failed values themselves set empty: a mixed column is no valid SQL type).
    Returns the relation and the names of those columns."""
    kolommen = [k.naam for k in tabel.kolommen_van(df.columns) if k.naam in df.columns]
    rel = df[kolommen].reset_index(drop=True)
    fout = {k: m.to_numpy(dtype=bool) for k, m in (al_fout or {}).items() if k in kolommen and m.any()}
    for k, m in fout.items():
        rel[k] = rel[k].astype(object).where(~m, None) if rel[k].dtype == object else rel[k].where(~m)
        rel[f"_fout_{k}"] = m
    rel["rij"] = np.arange(len(df), dtype=np.int64) if not pd.api.types.is_integer_dtype(df.index) \
        else df.index.to_numpy(dtype=np.int64)
    return rel, set(fout)


def frame_controle(df: pd.DataFrame, tabel: Tabel, bestand: str, al_fout: dict[str, pd.Series] | None = None,
                   aanmaak: tuple[dt.date, bool] | None = None, periode: dict | None = None,
                   extra: dict[str, tuple[str, tuple[str, ...]]] | None = None) -> SqlControle:
    """:func:`sql_controle` on a table read into pandas and cast (:func:`cast_kolom`): the same SQL as on
    a parquet file. ``al_fout``: per column the rows whose cast failed (left out, already reported)."""
    rel, fout = frame_relatie(df, tabel, al_fout)
    con = verbinding()
    try:
        con.register("tabel_df", rel)
        return sql_controle(con, "tabel_df", tabel, bestand, aanmaak=aanmaak, periode=periode, uitgesloten=fout,
                            typen_melden=False, extra=extra)
    finally:
        con.close()


# --------------------------------------------------------------------------- rules across rows and tables, in SQL
#
# Keys, overlapping residence spells and references between tables, in DuckDB on the same relations as
# the rules of one row: a table read into pandas (:func:`frame_relatie`) or the polis as a parquet file
# (``werk.polis_verbinding``'s view ``polis_lokaal``), so ``banenafspraak valideer`` never loads a
# national polis into pandas. No follow-on errors: a row whose value failed its type check, or is empty,
# is left out (that problem is already reported); a reference to a table whose key column failed its
# type check is not checked at all.

REGEL_DUBBEL = "dubbele sleutel"
REGEL_OVERLAP = "overlappende woonperioden van één persoon (persoon_id getoond)"
# (table, column, table referred to, its column, rule); DATA_CONTRACT.md
VERWIJZINGEN = (
    ("woonplaats", "gemeentecode", "gemeente_regio", "gemeentecode", "gemeente onbekend in gemeente_regio"),
    ("beschut_werk", "gemeentecode", "gemeente_regio", "gemeentecode", "gemeente onbekend in gemeente_regio"),
    ("beschut_taakstelling", "gemeentecode", "gemeente_regio", "gemeentecode", "gemeente onbekend in gemeente_regio"),
    ("polis", "werkgever_id", "werkgever", "werkgever_id", "werkgever onbekend in werkgever"),
)


def _bruikbaar(kolommen, uitgesloten, alias: str = "") -> str:
    """SQL: the row has a value in each of ``kolommen`` that passed its type check."""
    a = f"{alias}." if alias else ""
    return " AND ".join(f"{a}{k} IS NOT NULL" + (f" AND NOT {a}_fout_{k}" if k in uitgesloten else "") for k in kolommen)


def _niet_blank(kolom: str, alias: str = "") -> str:
    """SQL: the text is not empty nor only spaces (only text below '!' can be: trim runs for those alone)."""
    k = f"{alias}.{kolom}" if alias else kolom
    return f"({k} >= '!' OR trim({k}) <> '')"


def _gevonden(con, sql: str, bestand: str, kolom: str, regel: str, n: int, tupel: bool = False) -> Probleem:
    """A problem from ``sql``: rows (``rij``, then the value(s) shown) in file order, ``n`` in all. Shows the
    first rows and the distinct values among the first rows, as :func:`probleem` does; ``tupel``: the
    values as a tuple also when there is one (a key)."""
    uit = con.execute(f"{sql} ORDER BY rij LIMIT {VOORBEELDEN * 20}").fetchall()
    waarden: list = []
    for u in uit:
        v = _toon_waarde(u[1]) if len(u) == 2 and not tupel else tuple(_toon_waarde(x) for x in u[1:])
        if v not in waarden:
            waarden.append(v)
        if len(waarden) == VOORBEELDEN:
            break
    return Probleem(bestand, kolom, regel, waarden, [int(u[0]) for u in uit[:VOORBEELDEN]], int(n))


def sleutel_controle(con, relatie: str, tabel: Tabel, bestand: str, uitgesloten=()) -> list[Probleem]:
    """Rows of ``relatie`` with the same key (DATA_CONTRACT.md: the key of each table), every row with
    the duplicate key named. Rows whose key is empty or failed its type check are left out: their
    problem is already reported, and a wrong date read as empty would make false duplicates.

    First the keys are hashed in DuckDB (one 64-bit number per row: a national polis of tens of
    millions of opgaven fits in memory) and the hashes sorted (numpy; neighbours that are equal are a
    hash that occurs more than once: 3x cheaper than DuckDB's hash table of tens of millions of
    groups), then only the rows of such a hash are compared on their real key in DuckDB."""
    sleutel = list(tabel.sleutel)
    typen = {r[0] for r in con.execute(f"DESCRIBE {relatie}").fetchall()}
    if not all(k in typen for k in sleutel):
        return []
    keys = ", ".join(sleutel)
    waar = _bruikbaar(sleutel, uitgesloten) + "".join(f" AND {_niet_blank(k)}" for k in sleutel
                                                      if tabel.kolom(k).type == "str")  # '' is reported as empty
    import pyarrow as pa

    hashes = con.sql(f"SELECT hash({keys}) AS h FROM {relatie} WHERE {waar}").to_arrow_table().column(0)
    hashes = hashes.to_numpy() if len(hashes) else np.zeros(0, dtype=np.uint64)
    if not hashes.flags.writeable:  # one chunk: Arrow's own memory
        hashes = hashes.copy()
    hashes.sort()
    dubbel = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
    del hashes
    if not len(dubbel):
        return []
    con.register("_dubbel_hash_arrow", pa.table({"h": pa.array(dubbel, pa.uint64())}))
    con.execute("CREATE OR REPLACE TEMP TABLE _dubbel_hash AS SELECT h FROM _dubbel_hash_arrow")
    con.unregister("_dubbel_hash_arrow")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _dubbel AS SELECT rij, {keys} FROM (SELECT rij, {keys}, count(*) OVER "
                f"(PARTITION BY {keys}) AS n FROM {relatie} WHERE {waar} AND hash({keys}) IN (SELECT h FROM _dubbel_hash)) "
                "WHERE n > 1")
    n = con.execute("SELECT count(*) FROM _dubbel").fetchone()[0]
    return [_gevonden(con, f"SELECT rij, {keys} FROM _dubbel", bestand, "+".join(sleutel), REGEL_DUBBEL, n,
                                  tupel=True)] if n else []


def overlap_controle(con, relatie: str, bestand: str, uitgesloten=()) -> list[Probleem]:
    """Residence spells of one person may not overlap (DATA_CONTRACT.md woonplaats): a spell that begins
    on or before the end of an earlier spell of the same person (ordered by begin), or after an earlier
    open one, is named. A spell whose persoon_id, begin or einde failed its type check is left out (a
    wrong end date read as empty would look open)."""
    waar = _bruikbaar(("persoon_id", "begin"), uitgesloten) + (" AND NOT _fout_einde" if "einde" in uitgesloten else "")
    eerder = "OVER (PARTITION BY persoon_id ORDER BY begin, rij ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
    sql = (f"SELECT rij, persoon_id FROM (SELECT rij, persoon_id, begin, max(einde) {eerder} AS vorig_einde, "
           f"bool_or(einde IS NULL) {eerder} AS vorig_open, count(*) {eerder} AS vorige FROM {relatie} WHERE {waar}) "
           "WHERE vorige > 0 AND (vorig_open OR begin <= vorig_einde)")
    n = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return [_gevonden(con, sql, bestand, "begin", REGEL_OVERLAP, n)] if n else []


def verwijzing_controle(con, relatie: str, kolom: str, doel: str, doel_kolom: str, bestand: str, regel: str,
                        uitgesloten=()) -> list[Probleem]:
    """Rows of ``relatie`` whose ``kolom`` (text) does not occur in ``doel_kolom`` of ``doel`` (a person,
    employer or gemeente unknown in its own table). An empty value (also '' or spaces), or one that
    failed its type check, is left out."""
    waar = _bruikbaar((kolom,), uitgesloten, "r") + f" AND {_niet_blank(kolom, 'r')}"  # '' is reported as empty
    # an anti join builds its hash table on the table referred to (NOT EXISTS would build it on the polis),
    # on its distinct values (werkgever has a row per employer per year: 5x fewer entries, faster probes)
    sql = (f"SELECT r.rij, r.{kolom} FROM {relatie} r ANTI JOIN (SELECT DISTINCT {doel_kolom} FROM {doel}) d "
           f"ON d.{doel_kolom} = r.{kolom} WHERE {waar}")
    n = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return [_gevonden(con, sql, bestand, kolom, regel, n)] if n else []


REGEL_INLEEN_ONBEKEND = "fiscaal nummer zonder rijen in werkgever voor het jaar van de rij"
REGEL_INLEEN_GEEN_UITLENER = ("geen uitlener in het jaar van de rij: werkgever.uitlener is onwaar voor elk "
                              "loonheffingennummer van dit fiscaal nummer; alleen een uitlener draagt uren doelgroep-inleen "
                              "over (RULES.md §9, S3 Q79)")
REGEL_INLEEN_ZICHZELF = "inlener is dezelfde als de uitlener"


def inleen_controle(con, relatie: str, werkgever: str, bestand: str, uitgesloten=()) -> list[Probleem]:
    """Rows of ``inleen_overdracht`` against ``werkgever`` (RULES.md §9, S3 Q79; the extension of DATA_CONTRACT.md):
    the uitlener and the inlener are fiscaal nummers with rows in ``werkgever`` for the row's ``jaar``; the uitlener
    has a loonheffingennummer marked ``uitlener`` that year; the inlener is not the uitlener. A row whose uitlener is
    unknown that year is not named again as no uitlener. (Whether the hours fit the person's doelgroep hours at the
    uitlener needs the register and the polis: the quotum run checks that, ``quotum.controleer_overdracht``.)"""
    out: list[Probleem] = []
    bruikbaar = _bruikbaar(("jaar", "uitlener_fiscaal_nummer", "inlener_fiscaal_nummer"), uitgesloten, "r")
    jaren = f"(SELECT jaar, fiscaal_nummer, bool_or(coalesce(uitlener, FALSE)) AS uitlener FROM {werkgever} GROUP BY ALL)"
    for kolom in ("uitlener_fiscaal_nummer", "inlener_fiscaal_nummer"):
        sql = (f"SELECT r.rij, r.{kolom} FROM {relatie} r ANTI JOIN {jaren} w ON w.jaar = r.jaar AND w.fiscaal_nummer = "
               f"r.{kolom} WHERE {bruikbaar}")
        n = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
        out += [_gevonden(con, sql, bestand, kolom, REGEL_INLEEN_ONBEKEND, n)] if n else []
    for kolom, regel, sql in (
            ("uitlener_fiscaal_nummer", REGEL_INLEEN_GEEN_UITLENER,
             f"SELECT r.rij, r.uitlener_fiscaal_nummer FROM {relatie} r JOIN {jaren} w ON w.jaar = r.jaar "
             f"AND w.fiscaal_nummer = r.uitlener_fiscaal_nummer WHERE {bruikbaar} AND NOT w.uitlener"),
            ("inlener_fiscaal_nummer", REGEL_INLEEN_ZICHZELF,
             f"SELECT r.rij, r.inlener_fiscaal_nummer FROM {relatie} r WHERE {bruikbaar} "
             "AND r.inlener_fiscaal_nummer = r.uitlener_fiscaal_nummer")):
        n = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
        out += [_gevonden(con, sql, bestand, kolom, regel, n)] if n else []
    return out


def kruis_controle(con, relaties: dict[str, str], bestanden: dict[str, str], uitgesloten: dict[str, set] | None = None,
                   verwijzingen: bool = True, sleutel_relaties: dict[str, tuple[str, set]] | None = None
                   ) -> list[Probleem]:
    """Every rule that spans rows or tables, in DuckDB: the key of each table (:func:`sleutel_controle`),
    overlapping residence spells (:func:`overlap_controle`) and, with ``verwijzingen``, that every
    person, employer and gemeente referred to exists (:func:`verwijzing_controle`; left out when a
    table could not be read as the contract says: its references would all look wrong), and the
    uitleners and inleners of ``inleen_overdracht`` (:func:`inleen_controle`).

    ``relaties``: per table the relation on ``con`` (with ``rij`` and the ``_fout_`` columns of
    :func:`frame_relatie`); ``bestanden``: the file each message names; ``uitgesloten``: per table the
    columns that have a ``_fout_`` column; ``sleutel_relaties``: per table another relation for its key,
    with its own such columns (the opgaven a run read, where ``relaties`` has the whole polis file)."""
    uitgesloten = uitgesloten or {}
    sleutel_relaties = {**{n: (r, uitgesloten.get(n, ())) for n, r in relaties.items()}, **(sleutel_relaties or {})}
    out: list[Probleem] = []
    for naam, (relatie, fout) in sleutel_relaties.items():
        out += sleutel_controle(con, relatie, TABELLEN[naam], bestanden[naam], fout)
    if "woonplaats" in relaties:
        out += overlap_controle(con, relaties["woonplaats"], bestanden["woonplaats"], uitgesloten.get("woonplaats", ()))
    if not verwijzingen:
        return out
    doelen = [(naam, kolom, doel, doel_kolom, regel) for naam, kolom, doel, doel_kolom, regel in VERWIJZINGEN]
    doelen += [(naam, "persoon_id", "persoon", "persoon_id", "persoon onbekend in persoon")
               for naam in relaties if TABELLEN[naam].persoon_tabel]
    for naam, kolom, doel, doel_kolom, regel in doelen:
        if naam in relaties and doel in relaties and doel_kolom not in uitgesloten.get(doel, ()):
            out += verwijzing_controle(con, relaties[naam], kolom, relaties[doel], doel_kolom, bestanden[naam], regel,
                                       uitgesloten.get(naam, ()))
    werkgever_fout = uitgesloten.get("werkgever", ())
    if "inleen_overdracht" in relaties and "werkgever" in relaties and not {"jaar", "fiscaal_nummer"} & set(werkgever_fout):
        out += inleen_controle(con, relaties["inleen_overdracht"], relaties["werkgever"], bestanden["inleen_overdracht"],
                               uitgesloten.get("inleen_overdracht", ()))
    return out
