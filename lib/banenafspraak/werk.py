"""Working per calendar month (RULES.md §7, §8): at least one opgave with sv_loon > 0 covering a day
of that month. Beschut werk (aard 21, 24) is left out, as for banen (RULES.md §3)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .parameters import parameter


def maandnummer(datums) -> np.ndarray:
    """Months since year 0 (year * 12 + month - 1): a cheap integer key for calendar months."""
    d = pd.DatetimeIndex(datums)
    return (d.year.to_numpy() * 12 + d.month.to_numpy() - 1).astype(np.int64)


def werkmaanden(polis: pd.DataFrame, van_maand: int | None = None, tot_maand: int | None = None) -> pd.DataFrame:
    """Unique (persoon_id, ikv_id, maand) with paid work; ``maand`` is :func:`maandnummer`.

    Optionally only months ``van_maand`` .. ``tot_maand`` (inclusive)."""
    beschut = parameter("banen.beschut_werk_aarden", "2013-01-01")
    drempel = parameter("banen.werkzaam_loon_groter_dan", "2013-01-01")
    o = polis.loc[(polis["sv_loon"] > drempel) & ~polis["aard_arbeidsverhouding"].isin(beschut),
                  ["persoon_id", "ikv_id", "opgave_begin", "opgave_einde"]]
    b = maandnummer(o["opgave_begin"])
    e = maandnummer(o["opgave_einde"])
    if van_maand is not None:
        b = np.maximum(b, van_maand)
    if tot_maand is not None:
        e = np.minimum(e, tot_maand)
    n = np.maximum(e - b + 1, 0)
    rij = np.repeat(np.arange(len(o)), n)
    maand = np.repeat(b, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    uit = pd.DataFrame({"persoon_id": o["persoon_id"].to_numpy()[rij], "ikv_id": o["ikv_id"].to_numpy()[rij],
                        "maand": maand})
    return uit.drop_duplicates(ignore_index=True)
