"""Date arithmetic shared by the rules, vectorised over numpy/pandas arrays."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .parameters import parameter_waarden


def plus_maanden(datums: pd.Series, maanden: int | np.ndarray) -> pd.Series:
    """Add calendar months; a day that does not exist in the target month becomes its last day
    (29 February + 12 months = 28 February)."""
    d = pd.to_datetime(datums)
    jaar = d.dt.year.to_numpy()
    maand0 = d.dt.month.to_numpy() - 1 + np.asarray(maanden)
    nieuw_jaar = jaar + maand0 // 12
    nieuwe_maand = maand0 % 12 + 1
    eerste = pd.to_datetime({"year": nieuw_jaar, "month": nieuwe_maand, "day": np.ones_like(nieuw_jaar)})
    laatste_dag = eerste.dt.days_in_month.to_numpy()
    dag = np.minimum(d.dt.day.to_numpy(), laatste_dag)
    result = eerste + pd.to_timedelta(dag - 1, unit="D")
    result.index = datums.index
    return result.where(datums.notna()).astype("datetime64[s]")


def aow_datum(geboortedatum: pd.Series) -> pd.Series:
    """Date on which a person reaches the AOW age (RULES.md §2, parameter ``aow.leeftijd``).

    The table gives the age per period in which it is reached; the AOW date is ``geboortedatum +
    age`` for the first period (in date order) in which that date falls before the period's end.
    Ages never decrease, so that period is the one in which the person actually reaches the age.
    """
    reeks = parameter_waarden("aow.leeftijd").values
    result = pd.Series(pd.NaT, index=geboortedatum.index, dtype="datetime64[s]")
    open_ = geboortedatum.notna()
    for i, w in enumerate(reeks):
        tot = pd.Timestamp(reeks[i + 1].vanaf) if i + 1 < len(reeks) else None
        kandidaat = plus_maanden(geboortedatum, 12 * w.value["jaren"] + w.value["maanden"])
        past = open_ & (kandidaat < tot if tot is not None else True)
        result = result.where(~past, kandidaat)
        open_ = open_ & ~past
    return result


def ts(x) -> pd.Timestamp:
    """A pandas Timestamp (seconds resolution) from a date, ISO string or year (-> 31 December)."""
    if isinstance(x, int):
        x = dt.date(x, 12, 31)
    return pd.Timestamp(x).as_unit("s")


LEEFTIJDSKLASSEN = [0, 27, 35, 45, 55, 200]
LEEFTIJDSLABELS = ["tot 27", "27-34", "35-44", "45-54", "55 en ouder"]


def leeftijdsklasse(geboortedatum: pd.Series, peildatum) -> pd.Series:
    """Age band (the bands of the UWV monitors) on a peildatum, or per row on a Series of dates."""
    p = pd.to_datetime(peildatum) if isinstance(peildatum, pd.Series) else ts(peildatum)
    leeftijd = (p - pd.to_datetime(geboortedatum)).dt.days / 365.25
    return pd.cut(leeftijd, LEEFTIJDSKLASSEN, right=False, labels=LEEFTIJDSLABELS).astype(str)
