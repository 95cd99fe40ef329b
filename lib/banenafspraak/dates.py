"""Date arithmetic shared by the rules, vectorised over numpy/pandas arrays, and the one reading of a
date a user gives (:func:`lees_datum`)."""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from .parameters import parameter_waarden

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum_tekst(d) -> str:
    """A date as Dutch text reads it: 31 maart 2021."""
    d = pd.Timestamp(d)
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


_DAGEN = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _maand_dag(datums) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per date: months since January 1970, the day of the month - 1, and whether it is a date (not NaT)."""
    d = pd.to_datetime(pd.Series(datums) if not isinstance(datums, pd.Series) else datums).to_numpy(dtype="datetime64[D]")
    maand = d.astype("datetime64[M]")
    dag0 = (d - maand.astype("datetime64[D]")).astype("int64")
    return maand.astype("int64"), dag0, ~np.isnat(d)


def _dagen_in_maand(maand: np.ndarray) -> np.ndarray:
    """Days in each month (months since January 1970)."""
    jaar, m = 1970 + maand // 12, maand % 12
    schrikkel = (jaar % 4 == 0) & ((jaar % 100 != 0) | (jaar % 400 == 0))
    return _DAGEN[m] + ((m == 1) & schrikkel)


def _plus(maand: np.ndarray, dag0: np.ndarray, maanden) -> tuple[np.ndarray, np.ndarray]:
    """(month, day - 1) after adding ``maanden``; a day beyond the target month's end becomes its last."""
    doel = maand + np.asarray(maanden, dtype="int64")
    return doel, np.minimum(dag0, _dagen_in_maand(doel) - 1)


def _datum(maand: np.ndarray, dag0: np.ndarray, ok: np.ndarray, index) -> pd.Series:
    d = maand.astype("datetime64[M]").astype("datetime64[D]") + dag0.astype("timedelta64[D]")
    return pd.Series(np.where(ok, d, np.datetime64("NaT")).astype("datetime64[s]"), index=index)


def plus_maanden(datums: pd.Series, maanden: int | np.ndarray) -> pd.Series:
    """Add calendar months; a day that does not exist in the target month becomes its last day
    (29 February + 12 months = 28 February). Computed on whole arrays (month numbers)."""
    datums = datums if isinstance(datums, pd.Series) else pd.Series(datums)
    maand, dag0, ok = _maand_dag(datums)
    doel, dag = _plus(np.where(ok, maand, 0), np.where(ok, dag0, 0), maanden)
    return _datum(doel, dag, ok, datums.index)


def aow_datum(geboortedatum: pd.Series) -> pd.Series:
    """Date on which a person reaches the AOW age (RULES.md §2, parameter ``aow.leeftijd``).

    The table gives the age per period in which it is reached; the AOW date is ``geboortedatum +
    age`` for the first period (in date order) in which that date falls before the period's end.
    Ages never decrease, so that period is the one in which the person actually reaches the age.
    """
    reeks = parameter_waarden("aow.leeftijd").values
    maand, dag0, ok = _maand_dag(geboortedatum)
    maand, dag0 = np.where(ok, maand, 0), np.where(ok, dag0, 0)
    uit_maand, uit_dag = np.zeros_like(maand), np.zeros_like(dag0)
    open_ = ok.copy()
    for i, w in enumerate(reeks):
        m, d = _plus(maand, dag0, 12 * w.value["jaren"] + w.value["maanden"])
        if i + 1 < len(reeks):
            tm, td, _ = _maand_dag(pd.Series([pd.Timestamp(reeks[i + 1].vanaf)]))
            past = open_ & ((m < tm[0]) | ((m == tm[0]) & (d < td[0])))
        else:
            past = open_
        uit_maand, uit_dag = np.where(past, m, uit_maand), np.where(past, d, uit_dag)
        open_ &= ~past
    return _datum(uit_maand, uit_dag, ok, geboortedatum.index)


class DatumError(ValueError):
    """A date that cannot be read without guessing; the message says what is accepted."""


_ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
_JAARTAL = re.compile(r"\d{4}")
EERSTE_JAAR, LAATSTE_JAAR = 1900, 2200  # a year outside these is a typing error, not a peildatum
DATUM_UITLEG = "gebruik JJJJ-MM-DD (bijvoorbeeld 2023-12-31) of een jaartal JJJJ (= 31 december)"


def lees_datum(x) -> dt.date:
    """The one reading of a date given on the command line, in a parameter file or in code: an ISO date
    ``JJJJ-MM-DD``, or a year (``2020`` or the string ``"2020"``) meaning **31 December** of that year,
    as ``jaar=2020`` means in every report. A date, datetime or pandas Timestamp is taken as it is.

    Anything else is refused with :class:`DatumError`, never guessed: ``01-06-2020`` (1 June or 6
    January?), ``2020/06/01``, ``20200601``, ``2020-6-1``, a week date, a time of day, a year outside
    1900-2200."""
    if isinstance(x, bool) or x is None:
        raise DatumError(f"geen datum: {x!r}; {DATUM_UITLEG}")
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    if isinstance(x, (pd.Timestamp, np.datetime64)):
        if pd.isna(x):
            raise DatumError(f"geen datum: {x!r}; {DATUM_UITLEG}")
        return pd.Timestamp(x).date()
    if isinstance(x, (int, np.integer)):
        if not EERSTE_JAAR <= int(x) <= LAATSTE_JAAR:
            raise DatumError(f"jaar {x} ligt niet tussen {EERSTE_JAAR} en {LAATSTE_JAAR}; {DATUM_UITLEG}")
        return dt.date(int(x), 12, 31)
    if isinstance(x, str):
        tekst = x.strip()
        if _JAARTAL.fullmatch(tekst):
            return lees_datum(int(tekst))
        if _ISO_DATUM.fullmatch(tekst):
            try:
                return dt.date.fromisoformat(tekst)
            except ValueError:
                raise DatumError(f"datum {x!r} bestaat niet") from None
        raise DatumError(f"geen geldige datum: {x!r}; {DATUM_UITLEG}")
    raise DatumError(f"geen datum: {x!r}; {DATUM_UITLEG}")


def ts(x) -> pd.Timestamp:
    """A pandas Timestamp (seconds resolution) from a date, an ISO string or a year (-> 31 December),
    read by :func:`lees_datum`; a Timestamp keeps its time of day."""
    if isinstance(x, (pd.Timestamp, dt.datetime, np.datetime64)) and not pd.isna(x):
        return pd.Timestamp(x).as_unit("s")
    return pd.Timestamp(lees_datum(x)).as_unit("s")


def _peil_reeks(peildatum, index) -> pd.Series:
    """``peildatum`` (one date, or a Series with a date per row) as a Series on ``index``."""
    if isinstance(peildatum, pd.Series):
        return pd.Series(pd.to_datetime(peildatum).to_numpy(dtype="datetime64[s]"), index=index)
    return pd.Series(np.datetime64(ts(peildatum).to_datetime64(), "s"), index=index, dtype="datetime64[s]")


def hele_jaren(begin: pd.Series, peildatum) -> pd.Series:
    """Whole calendar years from ``begin`` to ``peildatum``: an age, or how long a job has run (RULES.md §2
    decision: whole calendar years, never days / 365,25). A birthday or anniversary on the peildatum
    counts as passed (born 1996-12-31 is 27 on 2023-12-31); the anniversary of 29 February is 28
    February in a common year, as in :func:`plus_maanden`. ``peildatum``: one date, or a Series with a
    date per row. Vectorised; a null date gives NaN (float64)."""
    b = pd.Series(pd.to_datetime(begin).to_numpy(dtype="datetime64[s]"), index=getattr(begin, "index", None))
    p = _peil_reeks(peildatum, b.index)
    leeg = (b.isna() | p.isna()).to_numpy()
    b, p = b.fillna(pd.Timestamp("2000-01-01")), p.fillna(pd.Timestamp("2000-01-01"))
    by, bm, bd = (b.dt.year.to_numpy(), b.dt.month.to_numpy(), b.dt.day.to_numpy())
    py, pm, pd_ = (p.dt.year.to_numpy(), p.dt.month.to_numpy(), p.dt.day.to_numpy())
    schrikkel = (py % 4 == 0) & ((py % 100 != 0) | (py % 400 == 0))
    dagen = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[bm - 1] + ((bm == 2) & schrikkel)
    verjaardag = np.minimum(bd, dagen)  # the anniversary's day in the peildatum's year
    nog_niet = (pm < bm) | ((pm == bm) & (pd_ < verjaardag))
    jaren = (py - by - nog_niet).astype(float)
    jaren[leeg] = np.nan
    return pd.Series(jaren, index=b.index)


def jaren(begin: pd.Series, peildatum) -> pd.Series:
    """Years from ``begin`` to ``peildatum`` with a fraction, consistent with :func:`hele_jaren` (RULES.md
    §2 decision): the whole years plus the part of the running year, days since the last anniversary
    over the days from that anniversary to the next. Its whole part is always :func:`hele_jaren`
    (2023-07-01 .. 2023-12-31 = 183 / 366 = 0,5). For means, where whole years would lose the months."""
    heel = hele_jaren(begin, peildatum)
    b = pd.Series(pd.to_datetime(begin).to_numpy(dtype="datetime64[s]"), index=heel.index)
    p = _peil_reeks(peildatum, heel.index)
    ok = heel.notna()
    uit = pd.Series(np.nan, index=heel.index)
    if ok.any():
        n = heel[ok].to_numpy(dtype=np.int64)
        vorige = plus_maanden(b[ok], 12 * n)
        volgende = plus_maanden(b[ok], 12 * (n + 1))
        uit[ok] = n + (p[ok] - vorige).dt.days.to_numpy() / (volgende - vorige).dt.days.to_numpy()
    return uit


LEEFTIJDSKLASSEN = [0, 27, 35, 45, 55, 200]
LEEFTIJDSLABELS = ["tot 27", "27-34", "35-44", "45-54", "55 en ouder"]


def leeftijdsklasse(geboortedatum: pd.Series, peildatum) -> pd.Series:
    """Age band (the bands of the UWV monitors) on a peildatum, or per row on a Series of dates; the age
    in whole calendar years (:func:`hele_jaren`, RULES.md §2 decision): 'tot 27' is 0-26 years."""
    leeftijd = hele_jaren(geboortedatum, peildatum)
    return pd.cut(leeftijd, LEEFTIJDSKLASSEN, right=False, labels=LEEFTIJDSLABELS).astype(str)
