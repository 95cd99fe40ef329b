"""A report as one object: its tables, what protects each cell, the relations between cells, the
definitions and the texts (RULES.md §10; issue "one disclosure pass per report").

A report function (``monitor.publicatie``, ``duurzaamheid.publicatie``, ``participatie.publicatie``)
counts, builds the tables with their helper person counts, declares every relation a reader could
use, and returns a :class:`Publicatie`. :meth:`Publicatie.publiceer` applies disclosure control once
(:func:`banenafspraak.disclosure.beveilig`) and returns the published tables; the notebook only
renders them. So a report is tested without Jupyter, and nothing in a notebook counts.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .dates import ts

FORMATEN = ("geheel", "decimaal1", "decimaal2", "decimaal3", "procent", "procent2", "jaar", "tekst")


@dataclass
class Kolom:
    """A published column: Dutch label, unit and number format (for the workbook and the HTML)."""

    label: str
    formaat: str = "geheel"
    eenheid: str = ""
    waarden: dict[str, str] = field(default_factory=dict)  # code -> Dutch label for the reader (HTML, workbook)

    def __post_init__(self):
        if self.formaat not in FORMATEN:
            raise ValueError(f"formaat {self.formaat!r} onbekend; kies uit {', '.join(FORMATEN)}")
        if self.waarden and self.formaat != "tekst":
            raise ValueError(f"kolom {self.label!r}: labels van waarden alleen bij formaat 'tekst'")

    def toon(self, v) -> str:
        """One value as the reader sees it: the label of a code (the CSV keeps the code), else :func:`opmaak`."""
        if self.waarden and isinstance(v, str) and v in self.waarden:
            return self.waarden[v]
        return opmaak(v, self.formaat)


@dataclass
class Tabel:
    """One table of a publication.

    ``data``: the unsuppressed figures, published columns and helper columns (person counts) alike.
    ``kolommen``: the published columns in order, with their :class:`Kolom`.
    ``variabelen``: numeric columns that take part in relations (published or hidden).
    ``verborgen``: variables that are never published (a complement such as persons not working).
    ``bescherming``: per column the count columns (persons, units) a cell rests on; 1 .. min_cel-1 of
    any of them suppresses the cell. ``dominantie``: per magnitude column the column with the share of
    its largest contributor (employers). ``afgeleid``: per column the columns it cannot be published
    without (a share without its numerator). ``kosten``: weight of the table's cells when secondary
    suppressions are chosen (a detail table below 1 gives way before a headline table).
    """

    naam: str
    titel: str
    data: pd.DataFrame
    kolommen: dict[str, Kolom]
    toelichting: str = ""
    variabelen: list[str] = field(default_factory=list)
    verborgen: set[str] = field(default_factory=set)
    bescherming: dict[str, list[str]] = field(default_factory=dict)
    dominantie: dict[str, str] = field(default_factory=dict)
    afgeleid: dict[str, list[str]] = field(default_factory=dict)
    voetnoten: list[str] = field(default_factory=list)
    afronden: dict[str, int] = field(default_factory=dict)
    kosten: float = 1.0  # weight of its cells when a secondary suppression is chosen (lower: suppressed first)
    # cumulative series (RULES.md §10, "the previous/next period of a series"): per column the key columns of one
    # series and the column that orders it; no two published values of a series may differ by 1 .. min_cel-1
    # (the count of events between them), so a value that would is suppressed as a primary cell (disclosure.py)
    reeksen: dict[str, tuple[list[str], str]] = field(default_factory=dict)

    def __post_init__(self):
        if not self.naam.isidentifier():
            raise ValueError(f"tabelnaam {self.naam!r}: gebruik letters, cijfers en _")
        self.data = self.data.reset_index(drop=True)
        ontbreekt = [k for k in [*self.kolommen, *self.variabelen, *self.bescherming, *self.dominantie.values(),
                                 *(b for v in self.bescherming.values() for b in v),
                                 *(b for v in self.afgeleid.values() for b in v),
                                 *self.reeksen, *(k for g, v in self.reeksen.values() for k in (*g, v))]
                     if k not in self.data.columns]
        if ontbreekt:
            raise ValueError(f"tabel {self.naam}: kolommen {', '.join(sorted(set(ontbreekt)))} ontbreken in de data")

    def gepubliceerde_kolommen(self) -> list[str]:
        return list(self.kolommen)

    def _posities(self, kolommen: tuple[str, ...]) -> dict:
        """Per combination of values of ``kolommen`` the positions of its rows (kept per set of columns:
        a report looks rows up thousands of times when it declares its relations)."""
        cache = self.__dict__.setdefault("_index", {})
        hit = cache.get(kolommen)
        if hit is None or hit[0] != len(self.data):
            groepen = self.data.groupby(list(kolommen), sort=False, dropna=False).indices
            hit = (len(self.data), {(k if isinstance(k, tuple) else (k,)): v for k, v in groepen.items()})
            cache[kolommen] = hit
        return hit[1]

    def rij(self, **waarden) -> int:
        """Position of the one row with these key values."""
        posities = self.rijen(**waarden)
        if len(posities) != 1:
            raise KeyError(f"tabel {self.naam}: {len(posities)} rijen met {waarden}")
        return int(posities[0])

    def rijen(self, **waarden) -> list[int]:
        """Positions of the rows with these key values (a list or tuple: any of them), in table order."""
        enkel = {k: v for k, v in waarden.items() if not isinstance(v, (list, tuple, set))}
        if enkel:
            kolommen = tuple(sorted(enkel))
            posities = self._posities(kolommen).get(tuple(enkel[k] for k in kolommen), np.zeros(0, dtype=np.int64))
        else:
            posities = np.arange(len(self.data))
        for k, v in waarden.items():
            if k not in enkel and len(posities):
                posities = posities[np.isin(self.data[k].to_numpy()[posities], list(v))]
        return [int(i) for i in np.sort(posities)]


@dataclass
class Relatie:
    """A linear relation between cells that holds on the figures: Σ coef x cell = constante."""

    naam: str
    termen: list[tuple[str, int, str, float]]
    constante: float = 0.0
    # a relation that holds by the data, not by definition (disclosure.py: checked relation by relation, steps 3
    # and 5, and left out of the joint audit of step 4)
    lokaal: bool = False


@dataclass
class Publicatie:
    """Everything a report publishes: tables (in order), relations, definitions and facts."""

    rapport: str
    titel: str
    peildatum: pd.Timestamp
    bron: str
    definities: dict[str, str] = field(default_factory=dict)
    tabellen: dict[str, Tabel] = field(default_factory=dict)
    relaties: list[Relatie] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    bekende_cellen: set[tuple[str, int, str]] = field(default_factory=set)

    def __post_init__(self):
        self.peildatum = ts(self.peildatum)

    def bekend(self, tabel: str, kolom: str, **sleutel) -> None:
        """Declare a cell a published constant that every reader knows anyway (the official nulmeting,
        75.179 x schaal): it is never suppressed, and disclosure control counts it as known when it
        checks what the published cells reveal (RULES.md §5, §10)."""
        t = self.tabellen[tabel]
        if kolom not in t.data.columns:
            raise KeyError(f"tabel {tabel}: kolom {kolom} bestaat niet")
        self.bekende_cellen.add((tabel, t.rij(**sleutel), kolom))

    def voeg_toe(self, tabel: Tabel) -> Tabel:
        if tabel.naam in self.tabellen:
            raise ValueError(f"tabel {tabel.naam} staat al in de publicatie")
        self.tabellen[tabel.naam] = tabel
        return tabel

    # ---------------------------------------------------------------- relations

    def relatie(self, naam: str, termen, constante: float = 0.0, lokaal: bool = False) -> None:
        self.relaties.append(Relatie(naam, [(t, int(i), k, float(c)) for t, i, k, c in termen], constante, lokaal))

    def som(self, naam: str, tabel: str, kolommen, totaal: int, delen: list[int]) -> None:
        """Rows ``delen`` add up to row ``totaal`` in each of ``kolommen`` (a hierarchy)."""
        if not delen:
            return
        for k in kolommen:
            self.relatie(f"{naam}: {k}", [(tabel, totaal, k, -1.0), *[(tabel, i, k, 1.0) for i in delen]])

    def som_per_groep(self, tabel: str, kolommen, groep: list[str], deel: str, totaal_waarde="totaal") -> None:
        """Within each group of rows (same values of ``groep``), the rows whose ``deel`` is not
        ``totaal_waarde`` add up to the row where it is."""
        t = self.tabellen[tabel]
        sleutels = t.data[groep].drop_duplicates() if groep else pd.DataFrame([{}])
        for _, s in sleutels.iterrows():
            filt = s.to_dict()
            alle = t.rijen(**filt)
            tot = [i for i in alle if t.data.at[i, deel] == totaal_waarde]
            if len(tot) == 1:
                delen = [i for i in alle if t.data.at[i, deel] != totaal_waarde]
                self.som(f"{tabel} {filt} {deel}", tabel, kolommen, tot[0], delen)

    def kolomsom(self, tabel: str, totaal: str, delen: list[str], rijen: list[int] | None = None) -> None:
        """In every row, column ``totaal`` = the sum of columns ``delen`` (banen = regulier + inleen)."""
        t = self.tabellen[tabel]
        for i in range(len(t.data)) if rijen is None else rijen:
            self.relatie(f"{tabel}[{i}] {totaal} = {' + '.join(delen)}",
                         [(tabel, i, totaal, -1.0), *[(tabel, i, d, 1.0) for d in delen]])

    def gelijk(self, naam: str, a: tuple[str, int, str], b: tuple[str, int, str]) -> None:
        """The same figure in two places (two tables, or a row repeated)."""
        self.relatie(naam, [(*a, 1.0), (*b, -1.0)])

    # ---------------------------------------------------------------- publishing

    def publiceer(self, min_cel: int | None = None, dominantie: float | None = None) -> "Gepubliceerd":
        """Apply disclosure control to the whole publication, once, and return what may be shown.
        ``min_cel`` None: the threshold in force on the peildatum (parameter ``publicatie.min_cel``)."""
        from .disclosure import beveilig, controleer_min_cel, geen_personen, rond_half_op, standaard_min_cel

        min_cel = standaard_min_cel(self.peildatum) if min_cel is None else controleer_min_cel(min_cel)
        besluit = beveilig(self, min_cel, dominantie)
        tabellen = {}
        for naam, t in self.tabellen.items():
            df = t.data[list(t.kolommen)].copy()
            masker = besluit.onderdrukt[naam][list(t.kolommen)]
            for k, kol in t.kolommen.items():
                if not _numeriek(df[k]):
                    continue
                w = pd.to_numeric(df[k], errors="coerce").astype(float).mask(masker[k].to_numpy())
                if k in t.afronden:
                    w = pd.Series(np.where(w.isna(), np.nan, rond_half_op(w.fillna(0), t.afronden[k])), index=w.index)
                if kol.formaat in ("geheel", "jaar"):
                    w = pd.Series(np.where(w.isna(), np.nan, rond_half_op(w.fillna(0))), index=w.index)
                    df[k] = pd.array(w, dtype="Float64").astype("Int64")
                else:
                    df[k] = w
            geen_personen(df)
            tabellen[naam] = GepubliceerdeTabel(t.naam, t.titel, t.toelichting, df, masker.reset_index(drop=True),
                                                t.kolommen, list(t.voetnoten))
        return Gepubliceerd(self, tabellen, min_cel, besluit)


def _numeriek(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


@dataclass
class GepubliceerdeTabel:
    naam: str
    titel: str
    toelichting: str
    data: pd.DataFrame           # suppressed cells are missing (NaN / <NA>)
    onderdrukt: pd.DataFrame     # True where a cell was suppressed (as opposed to not applicable)
    kolommen: dict[str, Kolom]
    voetnoten: list[str]

    def kolom_info(self) -> dict:
        return {k: {"label": c.label, "formaat": c.formaat, "eenheid": c.eenheid,
                    **({"waarden": dict(c.waarden)} if c.waarden else {})} for k, c in self.kolommen.items()}

    def weergave(self, labels: bool = True) -> pd.DataFrame:
        """For the reader: Dutch numbers, ``*`` for a suppressed cell, ``-`` for not applicable."""
        uit = pd.DataFrame(index=self.data.index)
        for k, c in self.kolommen.items():
            waarden = []
            for v, weg in zip(self.data[k].tolist(), self.onderdrukt[k].tolist()):
                waarden.append("*" if weg else c.toon(v))
            uit[c.label if labels else k] = waarden
        return uit


@dataclass
class Gepubliceerd:
    """The publication after disclosure control: what the notebook shows and the runner writes."""

    bron: Publicatie
    tabellen: dict[str, GepubliceerdeTabel]
    min_cel: int
    besluit: object

    @property
    def publiceerbaar(self) -> bool:
        return self.min_cel > 0

    def __getitem__(self, naam: str) -> pd.DataFrame:
        return self.tabellen[naam].data

    def onderdrukt(self, naam: str) -> int:
        return int(self.tabellen[naam].onderdrukt.to_numpy().sum())

    def waarde(self, tabel: str, kolom: str, **sleutel):
        """One published cell: its value, or ``None`` when suppressed or not applicable."""
        t = self.tabellen[tabel]
        i = self.bron.tabellen[tabel].rij(**sleutel)
        v = t.data.at[i, kolom]
        return None if pd.isna(v) else v

    def tekst(self, tabel: str, kolom: str, **sleutel) -> str:
        """One published cell as the text reads it: Dutch number, ``*`` when suppressed."""
        t = self.tabellen[tabel]
        i = self.bron.tabellen[tabel].rij(**sleutel)
        if bool(t.onderdrukt.at[i, kolom]):
            return "*"
        return opmaak(t.data.at[i, kolom], t.kolommen[kolom].formaat)

    def md(self, tabel: str, kolom: str, **sleutel) -> str:
        """:meth:`tekst` made safe for Markdown (:func:`md`): the ``*`` of a suppressed cell would start
        emphasis or a list in the report's text."""
        return md(self.tekst(tabel, kolom, **sleutel))

    def schrijf(self, uit) -> None:
        """Write every table through a :class:`~banenafspraak.rapport.Uitvoer` (CSV and workbook metadata)."""
        uit.zet(peildatum=self.bron.peildatum.date(), bron=self.bron.bron, definities=self.bron.definities,
                **self.bron.info)
        if self.publiceerbaar and any(t.dominantie for t in self.bron.tabellen.values()):
            uit.zet(dominantie=getattr(self.besluit, "dominantie", None))  # the cover sheet names the rule
        for t in self.tabellen.values():
            uit.tabel(t.data, t.naam, t.titel, t.toelichting, kolom_info=t.kolom_info(), voetnoten=t.voetnoten,
                      onderdrukt=[[int(i), k] for k in t.onderdrukt.columns for i in np.flatnonzero(t.onderdrukt[k])])

    def samenvatting(self) -> str:
        """Plain text: per table the number of suppressed cells (for nbval and the log)."""
        return "\n".join(f"{n:<24} {len(t.data):>4} rijen, {self.onderdrukt(n):>3} cellen onderdrukt"
                         for n, t in self.tabellen.items())


# --------------------------------------------------------------------------- number formatting


def opmaak(v, formaat: str) -> str:
    """One value in the Dutch notation of its format; missing is ``-`` (not applicable)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "-"
    if formaat == "tekst":
        return str(v)
    if formaat == "jaar":
        return str(int(v))
    if formaat == "procent":
        return procent(v)
    if formaat == "procent2":  # a fraction shown with two decimals (a quotumpercentage: 1,37%)
        return procent(v, 2)
    decimalen = {"geheel": 0, "decimaal1": 1, "decimaal2": 2, "decimaal3": 3}[formaat]
    return getal(v, decimalen)


def getal(x, decimalen: int = 0) -> str:
    """Dutch number format, rounded half up: 12.345 and 1.234,5 (72.808,5 -> 72.809); missing or
    suppressed is ``*``."""
    from .disclosure import rond_half_op

    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return "*"
    w = rond_half_op(float(x) * 10 ** decimalen) / 10 ** decimalen
    if w == 0:
        w = 0.0  # no "-0"
    tekst = f"{w:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def procent(x, decimalen: int = 1) -> str:
    """A fraction as a Dutch percentage (0,4567 -> 45,7%); missing or suppressed is ``*``."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return "*"
    return getal(100 * float(x), decimalen) + "%"


def md(tekst: str) -> str:
    """A figure or phrase made safe for Markdown: a ``*`` (suppressed figure) would start a list or
    emphasis, an ``_`` a word in italics."""
    return re.sub(r"([\\`*_\[\]#|<>])", r"\\\1", str(tekst))
