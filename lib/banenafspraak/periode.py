"""The period the polis covers, and the check every report makes that the dates it counts on lie
within it.

Without this check a peildatum after the end of the data counts nobody at work (0 banen, "doelstelling
niet gehaald"), and one before its beginning gives a nulmeting of 0. The period is that of the whole
polis file (first ``opgave_begin`` through last ``opgave_einde``), computed while the file's rows are
checked (``loading.lees_map``); ``meta.yaml`` may declare either end (``polis_van``, ``polis_tot``,
README "The data contract"), for data that are known to be complete over a longer period than their
first and last opgave show.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["Periode", "PeriodeError", "controleer_peildata", "polis_periode"]


class PeriodeError(ValueError):
    """A report asked for a date outside the period the polis covers."""


def _d(t: pd.Timestamp) -> str:
    return f"{t:%d-%m-%Y}"


@dataclass(frozen=True)
class Periode:
    """First and last day the polis covers (both inclusive), and where each comes from: ``polis`` (the
    opgaven) or ``meta.yaml`` (declared)."""

    van: pd.Timestamp
    tot: pd.Timestamp
    van_bron: str = "polis"
    tot_bron: str = "polis"

    def tekst(self) -> str:
        return f"{_d(self.van)} t/m {_d(self.tot)}"

    def controleer(self, peildata) -> "Periode":
        """:func:`controleer_peildata` against this period."""
        return _controleer(self, peildata)

    def laatste_maand(self) -> int:
        """The last calendar month covered completely (``werk.maandnummer``)."""
        volgende = self.tot + pd.Timedelta(days=1)
        return int(volgende.year * 12 + volgende.month - 1) - 1

    @classmethod
    def uit(cls, van, tot, meta: Mapping | None = None) -> "Periode | None":
        """The period of the opgaven ``van`` .. ``tot`` (None without opgaven), with the ends ``meta.yaml``
        declares instead; None when an end is unknown."""
        from .loading import meta_datum

        meta = meta if isinstance(meta, Mapping) else {}
        m_van, m_tot = meta_datum(meta.get("polis_van")), meta_datum(meta.get("polis_tot"))
        van = m_van if m_van is not None else van
        tot = m_tot if m_tot is not None else tot
        if van is None or pd.isna(van) or tot is None or pd.isna(tot):
            return None
        return cls(pd.Timestamp(van).normalize(), pd.Timestamp(tot).normalize(),
                   "meta.yaml polis_van" if m_van is not None else "polis",
                   "meta.yaml polis_tot" if m_tot is not None else "polis")


def polis_periode(bron) -> Periode:
    """The period of the polis of ``bron``: a loaded data directory (``Dataset.polis_periode``, of the
    whole file even when only a selection was read), a dict of tables, a polis DataFrame or a parquet
    file (DuckDB)."""
    periode = getattr(bron, "polis_periode", None)
    if periode is not None:
        return periode
    polis = bron["polis"] if isinstance(bron, Mapping) or hasattr(bron, "tabellen") else bron
    if isinstance(polis, pd.DataFrame):
        van, tot = polis["opgave_begin"].min(), polis["opgave_einde"].max()
    else:
        from .werk import polis_verbinding

        con = polis_verbinding(polis)
        try:
            van, tot = con.execute("SELECT min(CAST(opgave_begin AS DATE)), max(CAST(opgave_einde AS DATE)) "
                                   "FROM polis").fetchone()
        finally:
            con.close()
    periode = Periode.uit(van, tot, getattr(bron, "meta", None))
    if periode is None:
        raise PeriodeError("de polis heeft geen opgaven: er is geen periode om over te rapporteren")
    return periode


def controleer_peildata(bron, peildata) -> Periode:
    """Check that the dates a report counts on lie within the period of the polis of ``bron``
    (:func:`polis_periode`) and return that period; otherwise raise :class:`PeriodeError` naming every
    date outside it and the period, e.g. "peildatum 31-12-2022 ligt na het einde van de polis (t/m
    31-12-2021)".

    ``peildata``: dates (named "peildatum DD-MM-JJJJ"), or a mapping from a description to a date or to
    a (begin, einde) interval that must lie within the period whole ("december 2022")."""
    return polis_periode(bron).controleer(peildata)


def _controleer(periode: Periode, peildata) -> Periode:
    datums = not isinstance(peildata, Mapping)
    if datums:
        peildata = {_d(pd.Timestamp(p)): p for p in peildata}
    te_laat, te_vroeg = [], []
    for naam, d in peildata.items():
        begin, einde = (d if isinstance(d, tuple) else (d, d))
        if pd.Timestamp(einde) > periode.tot:
            te_laat.append(naam)
        elif pd.Timestamp(begin) < periode.van:
            te_vroeg.append(naam)

    def onderwerp(namen: list[str]) -> str:
        if datums:
            return f"{'peildatum' if len(namen) == 1 else 'peildata'} {', '.join(namen)} {'ligt' if len(namen) == 1 else 'liggen'}"
        return f"{', '.join(namen)} {'ligt' if len(namen) == 1 else 'liggen'}"

    fouten = []
    if te_laat:
        bron = "" if periode.tot_bron == "polis" else f", {periode.tot_bron}"
        fouten.append(f"{onderwerp(te_laat)} na het einde van de polis (t/m {_d(periode.tot)}{bron})")
    if te_vroeg:
        bron = "" if periode.van_bron == "polis" else f", {periode.van_bron}"
        fouten.append(f"{onderwerp(te_vroeg)} voor het begin van de polis (vanaf {_d(periode.van)}{bron})")
    if fouten:
        raise PeriodeError("; ".join(fouten))
    return periode
