"""What a report notebook calls to publish: tables, figures, reconciliation and metadata.

The runner passes ``uitvoer_map`` (the run folder) to the notebook; everything written here lands
in the folder layout of DATA_CONTRACT.md "Output: one folder per run". With ``uitvoer_map=None``
(interactive use, nbval) nothing is written and the calls only return what they would publish.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from .loading import Reconciliatie
from .publicatie import getal, procent  # one definition of the Dutch number format

__all__ = ["Uitvoer", "getal", "laad_data", "procent", "reconciliatie_tabel", "schrijf", "toon", "toon_definities",
           "toon_status", "toon_tabel", "toon_titel"]

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

    def tabel(self, df: pd.DataFrame, naam: str, titel: str, toelichting: str = "", kolom_info: dict | None = None,
              voetnoten: list[str] | None = None, onderdrukt: list | None = None) -> pd.DataFrame:
        """Publish a table (already disclosure-controlled) as ``tables/<naam>.csv``; ``kolom_info``
        (label, unit, format per column), ``voetnoten`` and the suppressed cells ``onderdrukt``
        ([row, column] pairs) go to the workbook."""
        if not naam.isidentifier():
            raise ValueError(f"tabelnaam {naam!r}: gebruik letters, cijfers en _")
        self.tabellen = [t for t in self.tabellen if t["naam"] != naam]
        meta = {"naam": naam, "titel": titel, "toelichting": toelichting,
                "kolommen": list(map(str, df.columns)), "rijen": int(len(df))}
        if kolom_info:
            meta["kolom_info"] = kolom_info
        if voetnoten:
            meta["voetnoten"] = list(voetnoten)
        if onderdrukt is not None:
            meta["onderdrukt"] = onderdrukt
        self.tabellen.append(meta)
        from .disclosure import geen_personen

        geen_personen(df)
        if self.map is not None:
            df.round(4).to_csv(self.map / "tables" / f"{naam}.csv", index=False, encoding="utf-8", lineterminator="\n")
            self._schrijf_meta()
        return df

    def figuur(self, fig, naam: str, titel: str = "", tonen: bool = True) -> None:
        """Save a matplotlib figure as ``figures/<naam>.png`` and show it in the report (so every
        figure written is also in the HTML)."""
        self.figuren = [f for f in self.figuren if f["naam"] != naam]
        self.figuren.append({"naam": naam, "titel": titel})
        if self.map is not None:
            fig.savefig(self.map / "figures" / f"{naam}.png", dpi=110, bbox_inches="tight")
            self._schrijf_meta()
        if tonen:
            from IPython.display import display

            display(fig)
        import matplotlib.pyplot as plt

        plt.close(fig)

    def reconciliatie(self, rec: Reconciliatie):
        """Write the row reconciliation of the run's inputs (``reconciliatie.json``, into run.json; working
        files, never published) and return it for the notebook: Dutch headings and numbers, no index."""
        if self.map is not None:
            (self.map / RECONCILIATIE).write_text(json.dumps(rec.to_dict(), indent=2, ensure_ascii=False),
                                                  encoding="utf-8")
        return reconciliatie_tabel(rec).style.hide(axis="index").set_uuid("reconciliatie")


def reconciliatie_tabel(rec: Reconciliatie) -> pd.DataFrame:
    """The row reconciliation as the notebook shows it: per table the rows read, per step the rows left
    out by each rule and the rows used, counts in Dutch notation (12.345)."""
    t = rec.tabel()
    t["rijen"] = [getal(v) for v in t["rijen"]]
    return t.rename(columns={"tabel": "Tabel", "stap": "Stap", "regel": "Regel", "rijen": "Rijen"})


def laad_data(data_dir: str | Path | None, tabellen: list[str] | None = None, polis_peildata=None,
              polis_selectie=None, volledige_polis: bool = False, polis_als_bestand: bool = False):
    """The data directory of a run: ``data_dir`` or, when empty, the embedded synthetic data.
    ``polis_peildata``: read only the opgaven whose tijdvak contains one of these dates;
    ``polis_selectie``: any :class:`~banenafspraak.loading.PolisSelectie`; ``volledige_polis``: keep
    the whole polis for DuckDB as well (``Dataset.polis_volledig``); ``polis_als_bestand``: a report that
    counts with the engine only leaves a typed parquet polis in its file (``loading.lees_map``). The whole contract applies, as in
    ``banenafspraak valideer``: every rule about one row on every row (also of opgaven not read), and
    no table the report needs may be empty."""
    from .loading import lees_map

    if not data_dir:
        from .synth import zorg_voor_standaarddata

        data_dir = zorg_voor_standaarddata(log=lambda *a: None)
    return lees_map(data_dir, tabellen=tabellen, polis_peildata=polis_peildata, polis_selectie=polis_selectie,
                    volledige_polis=volledige_polis, lege_tabellen=False, polis_als_bestand=polis_als_bestand)


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

    t = nl_tabel(df.reset_index(drop=True), decimalen, procenten)
    # a fixed element id, so that a rebuilt notebook differs only where the figures differ
    uuid = hashlib.sha1(pd.util.hash_pandas_object(t, index=False).to_numpy().tobytes()
                        + "|".join(map(str, t.columns)).encode()).hexdigest()[:8]
    display(t.style.hide(axis="index").set_uuid(uuid))


def schrijf(pub, uitvoer_map) -> Uitvoer:
    """Write a published report (:class:`~banenafspraak.publicatie.Gepubliceerd`) into the run folder:
    every table as CSV with its workbook metadata, the report facts for the cover sheet."""
    uit = Uitvoer(uitvoer_map, rapport=pub.bron.rapport, titel=pub.bron.titel, min_cel=pub.min_cel)
    pub.schrijf(uit)
    return uit


def toon_titel(pub) -> None:
    """The report's title as the publication has it (year, and a t+2 scenario other than the register as
    kept), above the banners and definitions."""
    from IPython.display import Markdown, display

    display(Markdown(f"## {pub.bron.titel}"))


def toon_definities(pub) -> None:
    """The definitions of the report, generated from the dated parameters (RULES.md §10)."""
    from IPython.display import Markdown, display

    regels = [f"- **{k[0].upper() + k[1:]}**: {v}" for k, v in pub.bron.definities.items()]
    display(Markdown("\n".join(regels)))


def toon_tabel(pub, naam: str, kolommen=None, **filter_) -> None:
    """Display a published table for the reader: Dutch labels and numbers, ``*`` for a suppressed
    cell, ``-`` for not applicable, no index; ``filter_`` selects rows (column=value). An empty
    selection is shown as a sentence saying so."""
    from IPython.display import display

    t = pub.tabellen[naam]
    w = t.weergave()
    if filter_:
        m = pd.Series(True, index=t.data.index)
        for k, v in filter_.items():
            m &= t.data[k].isin(v if isinstance(v, (list, tuple, set)) else [v])
        w = w.loc[m.to_numpy()]
    if kolommen:
        w = w[[t.kolommen[k].label for k in kolommen]]
    if w.empty:  # an empty group or table is said in words, never a bare header (issue point 19)
        from IPython.display import Markdown

        display(Markdown(f"*{t.titel}: geen gegevens in deze data (de tabel is leeg).*"))
        return
    display(w.reset_index(drop=True).style.hide(axis="index").set_uuid(naam))


def toon_status(ds, min_cel: int) -> None:
    """The banners every report opens with: synthetic data (with their scale) and 'niet voor publicatie'."""
    from IPython.display import Markdown, display

    if ds.meta.get("bron") == "synthetisch":
        display(Markdown(f"**Let op: synthetische data** (schaal {getal(100 * ds.schaal, 1)}% van Nederland). "
                         "De cijfers lijken op de werkelijkheid maar gaan niet over echte personen."))
    if min_cel == 0:
        display(Markdown("**Niet voor publicatie**: onderdrukking van kleine aantallen staat uit (min_cel = 0)."))
