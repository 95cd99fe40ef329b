"""What a report notebook calls to publish: tables, figures, reconciliation and metadata.

The runner passes ``uitvoer_map`` (the run folder) to the notebook; everything written here lands
in the folder layout of DATA_CONTRACT.md "Output: one folder per run". With ``uitvoer_map=None``
(interactive use, nbval) nothing is written and the calls only return what they would publish.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .loading import Reconciliatie

TABELLEN_META = "tabellen.json"
RAPPORT_META = "rapport.json"
RECONCILIATIE = "reconciliatie.json"


class Uitvoer:
    def __init__(self, uitvoer_map: str | Path | None, rapport: str, titel: str, min_cel: int):
        self.map = Path(uitvoer_map) if uitvoer_map else None
        self.rapport = rapport
        self.tabellen: list[dict] = []
        self.figuren: list[dict] = []
        self.info: dict = {"rapport": rapport, "titel": titel, "min_cel": int(min_cel),
                           "publiceerbaar": int(min_cel) > 0}
        if self.map is not None:
            (self.map / "tables").mkdir(parents=True, exist_ok=True)
            (self.map / "figures").mkdir(parents=True, exist_ok=True)
            self._schrijf_meta()

    def _schrijf_meta(self) -> None:
        if self.map is None:
            return
        (self.map / TABELLEN_META).write_text(json.dumps({"tabellen": self.tabellen, "figuren": self.figuren},
                                                         indent=2, ensure_ascii=False), encoding="utf-8")
        (self.map / RAPPORT_META).write_text(json.dumps(self.info, indent=2, ensure_ascii=False, default=str),
                                             encoding="utf-8")

    def zet(self, **info) -> None:
        """Record report facts for the cover sheet and run.json (peildatum, bron, ...)."""
        self.info.update({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in info.items()})
        self._schrijf_meta()

    def tabel(self, df: pd.DataFrame, naam: str, titel: str, toelichting: str = "") -> pd.DataFrame:
        """Publish a table (already disclosure-controlled) as ``tables/<naam>.csv``."""
        if not naam.isidentifier():
            raise ValueError(f"tabelnaam {naam!r}: gebruik letters, cijfers en _")
        self.tabellen = [t for t in self.tabellen if t["naam"] != naam]
        self.tabellen.append({"naam": naam, "titel": titel, "toelichting": toelichting,
                              "kolommen": list(map(str, df.columns)), "rijen": int(len(df))})
        from .disclosure import geen_personen

        geen_personen(df)
        if self.map is not None:
            df.round(4).to_csv(self.map / "tables" / f"{naam}.csv", index=False, encoding="utf-8", lineterminator="\n")
            self._schrijf_meta()
        return df

    def figuur(self, fig, naam: str, titel: str = "") -> None:
        """Save a matplotlib figure as ``figures/<naam>.png``."""
        self.figuren = [f for f in self.figuren if f["naam"] != naam]
        self.figuren.append({"naam": naam, "titel": titel})
        if self.map is not None:
            fig.savefig(self.map / "figures" / f"{naam}.png", dpi=110, bbox_inches="tight")
            self._schrijf_meta()

    def reconciliatie(self, rec: Reconciliatie) -> pd.DataFrame:
        """Publish the row reconciliation of the run's inputs (goes into run.json)."""
        if self.map is not None:
            (self.map / RECONCILIATIE).write_text(json.dumps(rec.to_dict(), indent=2, ensure_ascii=False),
                                                  encoding="utf-8")
        return rec.tabel()


def laad_data(data_dir: str | Path | None, tabellen: list[str] | None = None, polis_peildata=None,
              polis_selectie=None):
    """The data directory of a run: ``data_dir`` or, when empty, the embedded synthetic data.
    ``polis_peildata``: read only the opgaven whose tijdvak contains one of these dates;
    ``polis_selectie``: any :class:`~banenafspraak.loading.PolisSelectie`."""
    from .loading import lees_map

    if not data_dir:
        from .synth import zorg_voor_standaarddata

        data_dir = zorg_voor_standaarddata(log=lambda *a: None)
    return lees_map(data_dir, tabellen=tabellen, polis_peildata=polis_peildata, polis_selectie=polis_selectie)


def getal(x, decimalen: int = 0) -> str:
    """Dutch number format: 12.345 and 1.234,5; a suppressed (NaN) cell is '*'."""
    if x is None or (isinstance(x, float) and x != x):
        return "*"
    tekst = f"{x:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def procent(x, decimalen: int = 1) -> str:
    return "*" if x is None or x != x else getal(100 * x, decimalen) + "%"


def nl_tabel(df: pd.DataFrame, decimalen: dict | None = None, procenten=()) -> pd.DataFrame:
    """A copy for display: numbers in Dutch format, suppressed cells as '*'."""
    decimalen = decimalen or {}
    uit = df.copy()
    for c in uit.columns:
        if c in procenten:
            uit[c] = [procent(v) for v in uit[c]]
        elif pd.api.types.is_numeric_dtype(uit[c]) and not pd.api.types.is_bool_dtype(uit[c]) and c != "jaar":
            uit[c] = [getal(v, decimalen.get(c, 0)) for v in uit[c]]
    return uit


def toon(df: pd.DataFrame, decimalen: dict | None = None, procenten=()):
    """Display a table for the reader: Dutch numbers, '*' for suppressed cells, no index."""
    from IPython.display import display

    display(nl_tabel(df.reset_index(drop=True), decimalen, procenten).style.hide(axis="index"))


def toon_status(ds, min_cel: int) -> None:
    """The banners every report opens with: synthetic data (with their scale) and 'niet voor publicatie'."""
    from IPython.display import Markdown, display

    if ds.meta.get("bron") == "synthetisch":
        display(Markdown(f"**Let op: synthetische data** (schaal {getal(100 * ds.schaal, 1)}% van Nederland). "
                         "De cijfers lijken op de werkelijkheid maar gaan niet over echte personen."))
    if min_cel == 0:
        display(Markdown("**Niet voor publicatie**: onderdrukking van kleine aantallen staat uit (min_cel = 0)."))
