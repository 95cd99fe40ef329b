"""The factsheet banenafspraak per arbeidsmarktregio and for Nederland (RULES.md §1, §3, §6, §10).

Every quarter a factsheet deepens the regional trendrapportage: the kerncijfers (banen, personen,
werkzame personen against the nulmeting, the previous quarter and the same quarter a year earlier),
grafiek 1 (banen per soort: inleen, regulier markt, regulier overheid, with the nulmeting and, for
Nederland, the extra banen still needed for the year's doelstelling), grafiek 2 and 3 (personen and
werkzame personen per categorie), the explanatory texts, the category legend, the peildatum and the
sources. The figures come in already protected (:class:`FactsheetInvoer`; NaN = suppressed, shown
as ``*``); this module only lays them out.

:func:`maak_factsheet` draws the page once, as one matplotlib figure without pyplot (no window, no
global figure list), and saves it twice: as an A4 PDF, and per chart as inline SVG in a
standalone HTML page with the same content. The layout is a table of named rectangles
(:data:`INDELING`) and a list of panels (:data:`PANELEN`). With the flows (:class:`VerloopInvoer`) a second
page carries grafiek 4 (in- and outflow, RULES.md §6, :func:`teken_verloop`).
"""
from __future__ import annotations

import html
import io
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .dates import datum_tekst
from .publicatie import getal
from .register import CATEGORIE_LABEL, CATEGORIEEN, SUBCATEGORIE_LABEL

# --------------------------------------------------------------------------- input

INDICATOREN = ("banen", "personen", "werkzame_personen")
INDICATOR_LABEL = {
    "banen": "Banen binnen de banenafspraak",
    "personen": "Personen binnen de banenafspraak",
    "werkzame_personen": "Werkzame personen binnen de banenafspraak",
}
# in the order the factsheet prints them (S4, Amersfoort 2021 Q1: nulmeting, 2020 Q1, 2020 Q4)
VERGELIJKINGEN = ("nulmeting", "zelfde_kwartaal_vorig_jaar", "vorig_kwartaal")
KERNCIJFER_KOLOMMEN = ("waarde", *VERGELIJKINGEN, *(f"verschil_{v}" for v in VERGELIJKINGEN))
SOORTEN = ("banen_inleen", "banen_regulier_markt", "banen_regulier_overheid")
SOORT_LABEL = {
    "banen_inleen": "Uitzendcontracten / detachering",
    "banen_regulier_markt": "Regulier markt",
    "banen_regulier_overheid": "Regulier overheid",
}
SUBCATEGORIEEN = {
    "wajong": ("owajong", "nwajong", "wajong_wsw_begeleid"),
    "participatiewet": ("pw_indicatie", "pw_vso_pro", "pw_afgewezen_wajong", "pw_tijdelijk", "pw_wml_voorziening"),
    "wsw_wiwid": ("wsw_begeleid_werk", "wsw_detachering", "wiw_id"),
}
KWARTAAL_NAAM = ("Eerste", "Tweede", "Derde", "Vierde")

MARKERING_SYNTHETISCH = "Synthetische data — geen echte personen"
MARKERING_NIET_PUBLICEERBAAR = "Niet voor publicatie: kleine aantallen niet onderdrukt"


@dataclass
class FactsheetInvoer:
    """Everything one factsheet shows, already protected: NaN is a suppressed figure (printed ``*``).

    ``kerncijfers``: one row per indicator (index or column ``indicator``: banen, personen,
    werkzame_personen) with :data:`KERNCIJFER_KOLOMMEN`. ``banen_reeks``: the last quarters ascending
    (column ``kwartaal``, ``"2021Q1"``) with :data:`SOORTEN`. ``categorie_reeks``: long, columns
    ``kwartaal``, ``categorie``, ``personen``, ``werkzame_personen``. ``doelstelling_extra``: extra banen
    on top of the nulmeting still needed for the target of ``doelstelling_jaar`` (Nederland only;
    None: there is no regional target). ``definitie_baan`` and ``bron`` are dated texts of the caller.
    """

    regio: str
    regio_naam: str
    kwartaal: str
    peildatum: date
    kerncijfers: pd.DataFrame
    banen_reeks: pd.DataFrame
    nulmeting_banen: float
    categorie_reeks: pd.DataFrame
    definitie_baan: str
    bron: str
    doelstelling_extra: float | None = None
    doelstelling_jaar: int | None = None
    synthetisch: bool = False
    publiceerbaar: bool = True
    verloop: "VerloopInvoer | None" = None  # grafiek 4 on a second page (RULES.md §6); None: one page

    def __post_init__(self):
        self.jaar, self.kw = kwartaal_delen(self.kwartaal)
        self.peildatum = pd.Timestamp(self.peildatum).date()
        self.kerncijfers = _kerncijfers(self.kerncijfers)
        ontbreekt = [k for k in ("kwartaal", *SOORTEN) if k not in self.banen_reeks.columns]
        if ontbreekt:
            raise ValueError(f"banen_reeks: kolommen {', '.join(ontbreekt)} ontbreken")
        ontbreekt = [k for k in ("kwartaal", "categorie", "personen", "werkzame_personen")
                     if k not in self.categorie_reeks.columns]
        if ontbreekt:
            raise ValueError(f"categorie_reeks: kolommen {', '.join(ontbreekt)} ontbreken")
        onbekend = sorted(set(self.categorie_reeks["categorie"]) - set(CATEGORIEEN))
        if onbekend:
            raise ValueError(f"categorie_reeks: onbekende categorie {', '.join(map(str, onbekend))}; "
                             f"kies uit {', '.join(CATEGORIEEN)}")
        if self.categorie_reeks.duplicated(["kwartaal", "categorie"]).any():
            raise ValueError("categorie_reeks: een kwartaal en categorie komen meer dan eens voor")
        for naam in ("banen_reeks", "categorie_reeks"):
            _controleer_reeks(naam, getattr(self, naam), self.kwartaal)
        if (self.doelstelling_extra is None) != (self.doelstelling_jaar is None):
            raise ValueError("geef doelstelling_extra en doelstelling_jaar samen, of geen van beide")

    @property
    def is_nederland(self) -> bool:
        return self.regio.upper() == "NL"


@dataclass
class VerloopInvoer:
    """Grafiek 4 of a factsheet (RULES.md §6, S4): who entered and left the doelgroep between ``van`` and
    ``tot`` (quarters as ``2020Q4``), why, and who found, kept or lost work; already protected (NaN =
    suppressed, printed ``*``).

    ``voor`` / ``na``: persons at ``van`` / ``tot`` with keys ``totaal``, ``werkzaam``, ``niet_werkzaam``;
    ``uitstroom`` / ``instroom``: the same keys; ``redenen_uitstroom`` / ``redenen_instroom``: reason code ->
    persons, codes of ``verloop.REDENEN_UITSTROOM`` / ``REDENEN_INSTROOM`` (Nederland has no vertrek /
    aankomst); ``blijvers``: index the blijver statuses (``verloop.BLIJVER_STATUS``), columns the categories
    ``participatiewet``, ``wajong``, ``wsw_wiwid``."""

    van: str
    tot: str
    voor: dict
    na: dict
    uitstroom: dict
    instroom: dict
    redenen_uitstroom: dict
    redenen_instroom: dict
    blijvers: pd.DataFrame

    def __post_init__(self):
        from .verloop import BLIJVER_STATUS, REDENEN_INSTROOM, REDENEN_UITSTROOM

        for naam in ("voor", "na", "uitstroom", "instroom"):
            ontbreekt = [k for k in ("totaal", "werkzaam", "niet_werkzaam") if k not in getattr(self, naam)]
            if ontbreekt:
                raise ValueError(f"verloop {naam}: sleutels {', '.join(ontbreekt)} ontbreken")
        for naam, codes in (("redenen_uitstroom", REDENEN_UITSTROOM), ("redenen_instroom", REDENEN_INSTROOM)):
            onbekend = [k for k in getattr(self, naam) if k not in codes]
            if onbekend:
                raise ValueError(f"verloop {naam}: onbekende reden {', '.join(map(str, onbekend))}; kies uit {', '.join(codes)}")
        if list(self.blijvers.index) != list(BLIJVER_STATUS) or list(self.blijvers.columns) != list(VERLOOP_CATEGORIEEN):
            raise ValueError(f"verloop blijvers: rijen {', '.join(BLIJVER_STATUS)} en kolommen "
                             f"{', '.join(VERLOOP_CATEGORIEEN)} verwacht")
        kwartaal_delen(self.van), kwartaal_delen(self.tot)


VERLOOP_CATEGORIEEN = ("participatiewet", "wajong", "wsw_wiwid")  # S4's order in the mini charts


def _controleer_reeks(naam: str, reeks: pd.DataFrame, kwartaal: str) -> None:
    """A series of the charts ends with the quarter of the factsheet."""
    kwartalen = sorted({kwartaal_delen(k) for k in reeks["kwartaal"]})
    if not kwartalen or kwartalen[-1] != kwartaal_delen(kwartaal):
        laatste = f"{kwartalen[-1][0]}Q{kwartalen[-1][1]}" if kwartalen else "geen"
        raise ValueError(f"{naam}: het laatste kwartaal ({laatste}) is niet het kwartaal van de factsheet ({kwartaal})")


def _kerncijfers(df: pd.DataFrame) -> pd.DataFrame:
    """The kerncijfers indexed by indicator, in the order of the table, as floats."""
    if "indicator" in df.columns:
        df = df.set_index("indicator")
    ontbreekt = [i for i in INDICATOREN if i not in df.index] + [k for k in KERNCIJFER_KOLOMMEN if k not in df.columns]
    if ontbreekt:
        raise ValueError(f"kerncijfers: {', '.join(ontbreekt)} ontbreken")
    return df.loc[list(INDICATOREN), list(KERNCIJFER_KOLOMMEN)].astype(float)


# --------------------------------------------------------------------------- texts


def kwartaal_delen(kwartaal: str) -> tuple[int, int]:
    """``"2021Q1"`` (or ``"2021 Q1"``) -> (2021, 1)."""
    m = re.fullmatch(r"(\d{4})\s*Q([1-4])", str(kwartaal).strip())
    if not m:
        raise ValueError(f"kwartaal {kwartaal!r}: gebruik JJJJQn, bijvoorbeeld 2021Q1")
    return int(m.group(1)), int(m.group(2))


def kwartaal_tekst(kwartaal: str) -> str:
    """``"2021Q1"`` -> ``"2021 Q1"``, as the factsheet prints a quarter."""
    j, k = kwartaal_delen(kwartaal)
    return f"{j} Q{k}"


def vorig_kwartaal(jaar: int, kw: int) -> str:
    return f"{jaar - 1} Q4" if kw == 1 else f"{jaar} Q{kw - 1}"


def verschil(x) -> str:
    """A difference as the table prints it: ``+1.246``, ``-5``, ``0``; suppressed is ``*``."""
    if x is None or pd.isna(x):
        return "*"
    tekst = getal(x)
    return tekst if tekst.startswith("-") or tekst == "0" else "+" + tekst


def slug(naam: str) -> str:
    """Lower case, accents removed, spaces and punctuation to ``-``: "Zuid-Holland Centraal" ->
    "zuid-holland-centraal", "Fryslân" -> "fryslan"."""
    zonder = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", zonder.lower()).strip("-")


def bestandsnaam(invoer: FactsheetInvoer) -> str:
    """``AM05-amersfoort``, ``NL-nederland``."""
    return f"{invoer.regio}-{slug(invoer.regio_naam)}"


@dataclass(frozen=True)
class Teksten:
    """The texts of one factsheet, the same on paper and on screen."""

    titel: str
    ondertitel: str
    indicatief: str
    tabel_titel: str
    kolom_kopjes: tuple[str, ...]
    grafiek1_titel: str
    grafiek1_uitleg: tuple[str, ...]
    grafiek2_titel: str
    grafiek2_uitleg: str
    grafiek3_titel: str
    grafiek3_uitleg: str
    inleiding: str
    legenda_inleiding: str
    bron: str
    markeringen: tuple[str, ...]


def teksten(invoer: FactsheetInvoer) -> Teksten:
    """All texts of the factsheet in Dutch, from the input."""
    j, k = invoer.jaar, invoer.kw
    nu = f"{j} Q{k}"
    if invoer.doelstelling_extra is None:
        doel = ("Het lichtgrijze deel in de laatste kolom geeft aan wat de banenstand bij de nulmeting was. "
                "Er is geen regionale doelstelling: de doelstelling van de banenafspraak geldt landelijk.")
    else:
        doel = ("Het lichtgrijze deel in de laatste kolom geeft aan wat de banenstand bij de nulmeting was en het "
                f"donkergrijze deel hoeveel extra banen er voor de doelstelling {invoer.doelstelling_jaar} bij moeten "
                "komen (t.o.v. de nulmeting).")
    markeringen = ((MARKERING_SYNTHETISCH,) if invoer.synthetisch else ()) + \
                  (() if invoer.publiceerbaar else (MARKERING_NIET_PUBLICEERBAAR,))
    return Teksten(
        titel="Factsheet banenafspraak " + ("landelijk" if invoer.is_nederland else "arbeidsmarktregio"),
        ondertitel=f"{KWARTAAL_NAAM[k - 1]} kwartaal {j} {invoer.regio_naam}",
        indicatief=("Indicatieve cijfers: de kwartaalcijfers zijn indicatief. Alleen de landelijke monitor "
                    "banenafspraak (peildatum 31 december) is de officiële meting."),
        tabel_titel="Cijfers banenafspraak in het kort",
        kolom_kopjes=(nu, "Nulmeting", f"Zelfde kwartaal vorig jaar ({j - 1} Q{k})",
                      f"Vorig kwartaal ({vorig_kwartaal(j, k)})"),
        grafiek1_titel="Grafiek 1. Banen (aantal) in banenafspraak",
        grafiek1_uitleg=(
            "De grafiek toont banen verdeeld naar uitzendcontracten / detachering en reguliere banen. De laatste "
            "worden verdeeld naar banen binnen de sectoren markt en overheid.",
            f"Banen zijn hier geteld volgens de definitie voor de banenafspraak: {invoer.definitie_baan.rstrip('.')}. "
            "Hierdoor verschilt het aantal werkzame personen van het aantal banen.",
            doel),
        grafiek2_titel="Grafiek 2. Personen banenafspraak (aantal)",
        grafiek2_uitleg="De personen zijn weergegeven naar drie categorieën gebaseerd op indicatie.",
        grafiek3_titel="Grafiek 3. Werkzame personen banenafspraak (aantal)",
        grafiek3_uitleg=("De personen die loon uit één of meerdere inkomstenverhoudingen ontvangen, worden getoond "
                         "naar categorie."),
        inleiding=(
            "De factsheet banenafspraak is een verdieping op de regionale trendrapportage banenafspraak die ieder "
            "kwartaal verschijnt. De factsheet zoomt met name in op (het verloop van) het aantal werkzame personen. "
            "Bij de trendrapportage ligt de nadruk op het aantal banen volgens de definitie van de banenafspraak; "
            "deze worden berekend met een vastgestelde definitie op basis van uren. Hierdoor is het aantal "
            "werkzame personen niet hetzelfde als het aantal banen. De factsheet en de trendrapportage hebben "
            f"dezelfde peildatum, {datum_tekst(invoer.peildatum)}. "
            + ("Onderdrukte kleine aantallen worden getoond als *." if invoer.publiceerbaar
               else "Kleine aantallen zijn niet onderdrukt.")),
        legenda_inleiding=(
            "De categorieën zijn gebaseerd op de grondslag of de combinatie van grondslagen op basis waarvan een "
            "persoon is opgenomen in het doelgroepregister. Iedere persoon wordt ingedeeld in één categorie. We "
            "onderscheiden de volgende categorieën binnen de banenafspraak:"),
        bron=("De voortgang van de banenafspraak wordt bepaald met gegevens uit het doelgroepregister. "
              f"Bron: {invoer.bron.rstrip('.')}."),
        markeringen=markeringen,
    )


def tabel_rijen(invoer: FactsheetInvoer) -> list[list[str]]:
    """The kerncijfers as printed: label, value, then per comparator its value and the difference."""
    rijen = []
    for ind, r in invoer.kerncijfers.iterrows():
        cellen = [INDICATOR_LABEL[ind], getal(r["waarde"])]
        for v in VERGELIJKINGEN:
            cellen += [getal(r[v]), verschil(r[f"verschil_{v}"])]
        rijen.append(cellen)
    return rijen


# --------------------------------------------------------------------------- layout

A4 = (8.27, 11.69)  # inches, portrait
# Named rectangles (x0, y0, width, height) in fractions of the page; the panels draw into them.
INDELING = {
    "markering": (0.05, 0.962, 0.90, 0.026),
    "titel": (0.05, 0.905, 0.90, 0.055),
    "tabel": (0.05, 0.775, 0.90, 0.115),
    "grafiek1": (0.09, 0.555, 0.52, 0.170),
    "grafiek1_tekst": (0.66, 0.545, 0.30, 0.195),
    "grafiek2": (0.10, 0.335, 0.35, 0.135),
    "grafiek3": (0.60, 0.335, 0.35, 0.135),
    "tekst": (0.05, 0.175, 0.90, 0.100),
    "grafiek4": (0.05, 0.075, 0.90, 0.095),   # kept free for the later grafiek 4 (verloop, RULES.md §6)
    "voet": (0.05, 0.015, 0.90, 0.050),
}
# The part of the page one chart's SVG shows: its axes with tick labels and legend (fractions, as above;
# generous, since everything else is hidden when the SVG is saved).
SVG_UITSNEDE = {
    "grafiek4": (0.00, 0.395, 1.00, 0.485),  # on the second page
    "grafiek1": (0.00, 0.500, 0.64, 0.235),
    "grafiek2": (0.00, 0.260, 0.49, 0.215),
    "grafiek3": (0.50, 0.260, 0.49, 0.215),
}
KLEUR_SOORT = {"banen_inleen": "#9ecae1", "banen_regulier_markt": "#08519c", "banen_regulier_overheid": "#4292c6"}
KLEUR_CATEGORIE = {"wajong": "#08519c", "participatiewet": "#f28e2b", "wsw_wiwid": "#59a14f"}
KLEUR_NULMETING, KLEUR_DOEL, KLEUR_MARKERING = "#d0d0d0", "#7a7a7a", "#c00000"
PUNT_TEKST, PUNT_KLEIN = 7.0, 6.2


def _wrap(tekst: str, breedte_fractie: float, punt: float) -> str:
    """Wrap a text to a block of the page: characters per line from the block width and the font size
    (DejaVu Sans is about 0,53 em wide on average)."""
    tekens = int(breedte_fractie * A4[0] * 72 / (0.53 * punt))
    return textwrap.fill(tekst, tekens)


def _tekstblok(fig, rect, alineas, punt=PUNT_TEKST, regelafstand=1.25, **opmaak) -> list:
    """Paragraphs from the top of a rectangle down; returns the text artists."""
    x, y0, w, h = rect
    y = y0 + h
    artiesten = []
    for alinea in alineas:
        tekst = _wrap(alinea, w, punt)
        artiesten.append(fig.text(x, y, tekst, fontsize=punt, va="top", ha="left", linespacing=regelafstand, **opmaak))
        y -= (tekst.count("\n") + 1.6) * punt * regelafstand / 72 / A4[1]
    return artiesten


def _teken_markering(fig, invoer, t: Teksten) -> list:
    """The synthetic / not-for-publication marking: red, bold, boxed, at the top of the page."""
    if not t.markeringen:
        return []
    x, y, w, h = INDELING["markering"]
    return [fig.text(x + w / 2, y + h / 2, "   |   ".join(t.markeringen), ha="center", va="center", fontsize=9,
                     fontweight="bold", color=KLEUR_MARKERING,
                     bbox=dict(boxstyle="square,pad=0.4", facecolor="#fde8e8", edgecolor=KLEUR_MARKERING))]


def _teken_titel(fig, invoer, t: Teksten) -> list:
    x, y, w, h = INDELING["titel"]
    return [fig.text(x, y + h, t.titel, fontsize=15, fontweight="bold", va="top", color="#08306b"),
            fig.text(x, y + h * 0.38, t.ondertitel, fontsize=12, va="top"),
            fig.text(x + w, y + h * 0.38, t.indicatief.split(":")[0], fontsize=8, va="top", ha="right",
                     style="italic", color="#444444")]


# columns of the kerncijfers table: x of the right edge (fraction of the table width)
_TABEL_X = (0.41, 0.50, 0.58, 0.67, 0.755, 0.845, 0.94)


def _teken_tabel(fig, invoer, t: Teksten) -> list:
    """The kerncijfers: label, value, then per comparator its value and ``+/- met`` the current quarter."""
    x0, y0, w, h = INDELING["tabel"]
    ax = fig.add_axes((x0, y0, w, h))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(0, 0.97, t.tabel_titel, fontsize=10, fontweight="bold", va="top", color="#08306b")
    nu = t.kolom_kopjes[0]
    ax.text(_TABEL_X[0], 0.62, f"{nu}\naantal", fontsize=PUNT_KLEIN, ha="right", va="bottom", fontweight="bold")
    for i, kop in enumerate(t.kolom_kopjes[1:]):
        links, rechts = _TABEL_X[1 + 2 * i], _TABEL_X[2 + 2 * i]
        ax.text((links + rechts) / 2 - 0.04, 0.80, kop.replace(" (", "\n("), fontsize=PUNT_KLEIN, ha="center",
                va="bottom", fontweight="bold")
        ax.text(links, 0.62, "aantal", fontsize=PUNT_KLEIN, ha="right", va="bottom")
        ax.text(rechts, 0.62, f"+/- met\n{nu}", fontsize=PUNT_KLEIN, ha="right", va="bottom")
    ax.plot([0, 1], [0.60, 0.60], color="#08306b", lw=0.8)
    for r, cellen in enumerate(tabel_rijen(invoer)):
        y = 0.47 - r * 0.19
        if r % 2 == 0:
            ax.axhspan(y - 0.09, y + 0.09, color="#eef3fa", lw=0, zorder=0)
        ax.text(0.005, y, cellen[0], fontsize=PUNT_TEKST, va="center")
        for x, c in zip(_TABEL_X, cellen[1:]):
            ax.text(x, y, c, fontsize=PUNT_TEKST, va="center", ha="right",
                    fontweight="bold" if x == _TABEL_X[0] else "normal")
    return [ax]


def _stapels(ax, x, tabel: pd.DataFrame, kleuren: dict[str, str], ymax: float, breedte=0.62) -> None:
    """Stacked bars at positions ``x``, one per row of ``tabel``, its columns the segments from the
    bottom up (one ``bar`` call per segment). A segment tall enough carries its value. A suppressed
    segment (NaN) is not drawn; a ``*`` on a patch of its colour above its bar stands for it."""
    x = np.asarray(x, dtype=float)
    onder = np.zeros(len(tabel))
    for naam in tabel.columns:
        v = tabel[naam].to_numpy(dtype=float)
        ok = ~np.isnan(v)
        ax.bar(x[ok], v[ok], breedte, bottom=onder[ok], color=kleuren[naam], edgecolor="white", linewidth=0.4)
        tekstkleur = "white" if _donker(kleuren[naam]) else "black"
        for xi, vi, oi in zip(x[ok], v[ok], onder[ok]):
            if vi >= 0.06 * ymax:
                ax.text(xi, oi + vi / 2, getal(vi), ha="center", va="center", fontsize=5.5, color=tekstkleur)
        onder[ok] += v[ok]
    sterren = np.zeros(len(tabel))
    for naam in tabel.columns:
        for i in np.flatnonzero(tabel[naam].isna().to_numpy()):
            ax.text(x[i], onder[i] + (0.015 + 0.075 * sterren[i]) * ymax, "*", ha="center", va="bottom", fontsize=7,
                    fontweight="bold", color="white" if _donker(kleuren[naam]) else "black",
                    bbox=dict(boxstyle="square,pad=0.25", facecolor=kleuren[naam], edgecolor="none"))
            sterren[i] += 1


def _donker(kleur: str) -> bool:
    r, g, b = (int(kleur[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _as_opmaak(ax, labels: list[str], ymax: float) -> None:
    """Quarter labels, Dutch numbers on the y axis, no frame on top and right."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xticks(range(len(labels)), labels, fontsize=PUNT_KLEIN)
    ax.set_ylim(0, ymax)
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: getal(v)))
    ax.tick_params(axis="y", labelsize=PUNT_KLEIN, length=2)
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="y", color="#e0e0e0", lw=0.5)
    ax.set_axisbelow(True)
    for kant in ("top", "right"):
        ax.spines[kant].set_visible(False)


def _ymax(totalen) -> float:
    """Top of the y axis: room above the highest bar for the ``*`` of suppressed segments."""
    m = np.nanmax(np.asarray(list(totalen), dtype=float), initial=0.0)
    return 1.0 if not m > 0 else float(m) * 1.18


def _legenda(ax, items: list[tuple[str, str]], kolommen: int) -> None:
    """A legend below the chart, read row by row."""
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=k, label=l) for l, k in _rijgewijs(items, kolommen)], loc="upper center",
              bbox_to_anchor=(0.5, -0.09), ncol=kolommen, fontsize=PUNT_KLEIN, frameon=False, handlelength=1.0,
              columnspacing=1.0)


def _rijgewijs(items: list, kolommen: int) -> list:
    """Reorder for a legend that fills column by column (the first columns one longer), so that it
    reads row by row."""
    rijen, lang = divmod(len(items), kolommen)
    per_kolom = [rijen + 1] * lang + [rijen] * (kolommen - lang)
    return [items[r * kolommen + k] for k in range(kolommen) for r in range(per_kolom[k])]


def _teken_grafiek1(fig, invoer, t: Teksten) -> list:
    """Banen per soort over the last quarters; last column the nulmeting (light grey) and, for
    Nederland, the extra banen for the doelstelling (dark grey)."""
    ax = fig.add_axes(INDELING["grafiek1"])
    reeks = invoer.banen_reeks.sort_values("kwartaal")
    extra = invoer.doelstelling_extra
    totalen = [reeks[list(SOORTEN)].sum(axis=1, min_count=1).max(),
               (0 if pd.isna(invoer.nulmeting_banen) else invoer.nulmeting_banen) + (extra or 0)]
    ymax = _ymax(totalen)
    _stapels(ax, range(len(reeks)), reeks[list(SOORTEN)], KLEUR_SOORT, ymax)
    laatste = {"nulmeting": [invoer.nulmeting_banen]} | ({} if extra is None else {"doel": [extra]})
    _stapels(ax, [len(reeks)], pd.DataFrame(laatste, dtype=float), {"nulmeting": KLEUR_NULMETING, "doel": KLEUR_DOEL},
             ymax)
    kolom = "Nulmeting" if extra is None else f"Doel {invoer.doelstelling_jaar}"
    _as_opmaak(ax, [kwartaal_tekst(k) for k in reeks["kwartaal"]] + [kolom], ymax)
    items = [(SOORT_LABEL[s], KLEUR_SOORT[s]) for s in SOORTEN] + [("Nulmeting", KLEUR_NULMETING)]
    if extra is not None:
        items.append((f"Extra banen voor doelstelling {invoer.doelstelling_jaar}", KLEUR_DOEL))
    _legenda(ax, items, 3)
    x, y, w, h = INDELING["grafiek1"]
    titel = fig.text(INDELING["tabel"][0], y + h + 0.012, t.grafiek1_titel, fontsize=9, fontweight="bold",
                     color="#08306b")
    return [ax, titel, *_tekstblok(fig, INDELING["grafiek1_tekst"], t.grafiek1_uitleg, punt=PUNT_KLEIN)]


def categorie_tabel(invoer: FactsheetInvoer, kolom: str) -> pd.DataFrame:
    """Personen or werkzame personen: one row per quarter (ascending), one column per categorie."""
    return (invoer.categorie_reeks.set_index(["kwartaal", "categorie"])[kolom].astype(float)
            .unstack("categorie").reindex(columns=list(CATEGORIEEN)).sort_index())


def _teken_categorie(fig, invoer, t: Teksten, naam: str, kolom: str, titel: str, uitleg: str) -> list:
    """Personen or werkzame personen per categorie over the last quarters (stacked)."""
    ax = fig.add_axes(INDELING[naam])
    breed = categorie_tabel(invoer, kolom)
    ymax = _ymax([breed.sum(axis=1, min_count=1).max()])
    _stapels(ax, range(len(breed)), breed, KLEUR_CATEGORIE, ymax)
    _as_opmaak(ax, [kwartaal_tekst(k) for k in breed.index], ymax)
    _legenda(ax, [(CATEGORIE_LABEL[c], KLEUR_CATEGORIE[c]) for c in CATEGORIEEN], 2)
    x, y, w, h = INDELING[naam]
    kop = fig.text(x - 0.05, y + h + 0.028, titel, fontsize=8.5, fontweight="bold", color="#08306b")
    onder = fig.text(x - 0.05, y + h + 0.022, _wrap(uitleg, w + 0.05, PUNT_KLEIN), fontsize=PUNT_KLEIN, va="top")
    return [ax, kop, onder]


def _teken_grafiek2(fig, invoer, t: Teksten) -> list:
    return _teken_categorie(fig, invoer, t, "grafiek2", "personen", t.grafiek2_titel, t.grafiek2_uitleg)


def _teken_grafiek3(fig, invoer, t: Teksten) -> list:
    return _teken_categorie(fig, invoer, t, "grafiek3", "werkzame_personen", t.grafiek3_titel, t.grafiek3_uitleg)


@lru_cache(maxsize=1)
def legenda_regels() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The category legend: per category its subcategories (the labels of the register)."""
    return tuple((CATEGORIE_LABEL[c], tuple(SUBCATEGORIE_LABEL[s] for s in SUBCATEGORIEEN[c])) for c in CATEGORIEEN)


def _teken_tekst(fig, invoer, t: Teksten) -> list:
    """The introduction with the peildatum (left) and the legend of the categories (right, one column
    per category)."""
    x, y, w, h = INDELING["tekst"]
    links = _tekstblok(fig, (x, y, w * 0.40, h), [t.inleiding], punt=PUNT_KLEIN)
    rx, rw = x + w * 0.43, w * 0.57
    rechts = [fig.text(rx, y + h + 0.004, "Legenda", fontsize=8, fontweight="bold", va="bottom", color="#08306b")]
    rechts += _tekstblok(fig, (rx, y, rw, h), [t.legenda_inleiding], punt=PUNT_KLEIN)
    kolom_w = rw / 3
    for i, (cat, subs) in enumerate(legenda_regels()):
        cx, cy = rx + i * kolom_w, y + h * 0.55
        kop = _wrap(cat, kolom_w - 0.01, 6.8)
        regels = [_wrap("• " + s, kolom_w - 0.015, 6.0).replace("\n", "\n   ") for s in subs]
        rechts.append(fig.text(cx, cy, kop, fontsize=6.2, fontweight="bold", va="top",
                               color=KLEUR_CATEGORIE[CATEGORIEEN[i]]))
        cy -= (kop.count("\n") + 1) * 6.2 * 1.35 / 72 / A4[1]
        rechts.append(fig.text(cx, cy, "\n".join(regels), fontsize=5.6, va="top", linespacing=1.3))
    return links + rechts


def _teken_voet(fig, invoer, t: Teksten) -> list:
    x, y, w, h = INDELING["voet"]
    return _tekstblok(fig, (x, y, w, h), [t.indicatief, t.bron], punt=PUNT_KLEIN, color="#333333")


# The panels of the page in drawing order: (name, function(fig, invoer, teksten) -> artists). Grafiek 4
# (verloop) will be one more entry drawing into INDELING["grafiek4"].
PANELEN = (
    ("markering", _teken_markering),
    ("titel", _teken_titel),
    ("tabel", _teken_tabel),
    ("grafiek1", _teken_grafiek1),
    ("grafiek2", _teken_grafiek2),
    ("grafiek3", _teken_grafiek3),
    ("tekst", _teken_tekst),
    ("voet", _teken_voet),
)
GRAFIEKEN = ("grafiek1", "grafiek2", "grafiek3")


# --------------------------------------------------------------------------- drawing and saving


def teken(invoer: FactsheetInvoer, t: Teksten | None = None):
    """The page as one matplotlib figure (no pyplot: nothing to close, no global state); returns the
    figure and per panel its artists."""
    from matplotlib.figure import Figure

    t = t or teksten(invoer)
    fig = Figure(figsize=A4)
    panelen = {naam: functie(fig, invoer, t) for naam, functie in PANELEN}
    return fig, panelen


# ---- grafiek 4 (verloop), on a page of its own
KLEUR_WERKZAAM, KLEUR_NIET_WERKZAAM = "#08519c", "#9ecae1"
KLEUR_UIT, KLEUR_IN = "#c44e52", "#59a14f"
VERLOOP_UITLEG = (
    "De afbeelding toont het verloop van personen binnen de banenafspraak. Er wordt hierbij een vergelijking "
    "gemaakt tussen twee meetmomenten: {van} en {tot}. Bij het verloop wordt gekeken naar de "
    "personen die uitstromen, instromen en de personen die binnen de banenafspraak blijven. Er wordt bij de uit- en "
    "instroom een verdeling gemaakt tussen werkzame en niet werkzame personen. Ook is er een verdeling naar "
    "werkverloop voor de groep die binnen de banenafspraak blijft. De mini-grafieken tonen de verdeling naar "
    "WSW-WIW/ID (WSW), Wajong (Wajong) en Doelgroep Participatiewet (P-wet) per type (behoudt werk, vindt werk, "
    "verliest werk en zonder werk).")
VERLOOP_REGIO = ("Wie naar een andere arbeidsmarktregio verhuist en in de doelgroep blijft, is uitstroom voor de ene "
                 "en instroom voor de andere regio.")
VERLOOP_NL = "Voor Nederland is een verhuizing binnen het land geen uit- of instroom: de persoon blijft."


def verloop_uitleg(v: VerloopInvoer) -> str:
    """S4's explanation of grafiek 4, with the two quarters compared."""
    return VERLOOP_UITLEG.format(van=kwartaal_tekst(v.van), tot=kwartaal_tekst(v.tot))


def verloop_titel(v: VerloopInvoer) -> str:
    return (f"Grafiek 4. Verloop van (werkzame en niet werkzame) personen in de banenafspraak tussen "
            f"{kwartaal_tekst(v.van)} en {kwartaal_tekst(v.tot)}")


def _vak(ax, x, y, b, h, kleur, tekst, tekstkleur="white", punt=7.5):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x, y), b, h, boxstyle="round,pad=0,rounding_size=0.8", facecolor=kleur,
                                edgecolor="none"))
    return ax.text(x + b / 2, y + h / 2, tekst, ha="center", va="center", fontsize=punt, color=tekstkleur,
                   fontweight="bold", linespacing=1.2)


def _pijl(ax, van, naar, kleur):
    ax.annotate("", xy=naar, xytext=van, arrowprops=dict(arrowstyle="-|>", color=kleur, lw=2.2,
                                                         shrinkA=0, shrinkB=0, mutation_scale=12))


def teken_verloop(invoer: FactsheetInvoer, t: Teksten | None = None):
    """The second page: grafiek 4 laid out as S4 (Amersfoort 2021 Q1): the stock before and after split in
    werkzaam and niet werkzaam, the arrows out and in with the werkzame and niet werkzame uitstromers and
    instromers, the reasons, and the four blijver groups with a small chart per category. Returns the
    figure and its panels (``grafiek4``: the chart's axes first)."""
    from matplotlib.figure import Figure

    from .verloop import BLIJVER_STATUS, CATEGORIE_KORT, REDEN_LABEL

    t = t or teksten(invoer)
    v = invoer.verloop
    fig = Figure(figsize=A4)
    panelen = {"markering": _teken_markering(fig, invoer, t), "titel": _teken_titel(fig, invoer, t)}
    ax = fig.add_axes((0.05, 0.40, 0.90, 0.47))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_axis_off()
    artiesten = [ax]
    teksten_ = [fig.text(0.05, 0.885, verloop_titel(v), fontsize=9, fontweight="bold", color="#08306b")]

    # the stocks before (left) and after (right)
    for x, kw, stand in ((1, v.van, v.voor), (81, v.tot, v.na)):
        ax.text(x + 9, 97, f"{kwartaal_tekst(kw)}\n(totaal {getal(stand['totaal'])})", ha="center", va="top",
                fontsize=8, fontweight="bold", color="#08306b")
        _vak(ax, x, 62, 18, 26, KLEUR_WERKZAAM, f"Werkzaam\npersoon\n{getal(stand['werkzaam'])}")
        _vak(ax, x, 33, 18, 26, KLEUR_NIET_WERKZAAM, f"Niet werkzaam\npersoon\n{getal(stand['niet_werkzaam'])}",
             tekstkleur="#08306b")

    # outflow (top: box, reasons to its right) and inflow (bottom: box, reasons to its left)
    for (bx, by), (rx, tx), naam, stroom, redenen, kleur, pijl in (
            ((28, 80), (49, 78), "Uitstroom", v.uitstroom, v.redenen_uitstroom, KLEUR_UIT, ((19, 80), (28, 86))),
            ((57, 44), (22, 52), "Instroom", v.instroom, v.redenen_instroom, KLEUR_IN, ((73, 50), (81, 50)))):
        _vak(ax, bx, by, 16, 12, kleur, f"{naam}\ntotaal\n{getal(stroom['totaal'])}", punt=7.5)
        wie = {"Uitstroom": "uitstromers", "Instroom": "instromers"}[naam]
        ax.text(bx, by - 1.5, f"Werkzame {wie}: {getal(stroom['werkzaam'])}\n"
                              f"Niet werkzame {wie}: {getal(stroom['niet_werkzaam'])}",
                ha="left", va="top", fontsize=6.5)
        ax.text(rx, by + 12, f"Redenen voor {naam.lower()}:", ha="left", va="top", fontsize=7, fontweight="bold")
        for i, (reden, n) in enumerate(redenen.items()):
            yy = by + 8.8 - i * 2.5
            ax.text(rx, yy, REDEN_LABEL[reden], ha="left", va="top", fontsize=6.4)
            ax.text(tx, yy, getal(n), ha="right", va="top", fontsize=6.4, fontweight="bold", color=kleur)
        _pijl(ax, *pijl, kleur)

    # the blijvers: four groups, each with a small chart per category
    titels = {"behoudt_werk": "Persoon behoudt werk", "vindt_werk": "Persoon vindt werk",
              "verliest_werk": "Persoon verliest werk", "zonder_werk": "Persoon zonder werk"}
    kleur_cat = [KLEUR_CATEGORIE[c] for c in VERLOOP_CATEGORIEEN]
    for i, status in enumerate(BLIJVER_STATUS):
        x0 = 0.07 + i * 0.225
        sub = fig.add_axes((x0, 0.415, 0.17, 0.075))
        w = v.blijvers.loc[status, list(VERLOOP_CATEGORIEEN)].astype(float)
        hoogte = w.fillna(0).to_numpy()
        sub.bar(range(3), hoogte, color=kleur_cat, width=0.7)
        top = max(float(np.nanmax(hoogte)) if len(hoogte) else 0.0, 1.0)
        sub.set_ylim(0, top * 1.35)
        for j, n in enumerate(w):
            sub.text(j, (0 if pd.isna(n) else float(n)) + top * 0.04, getal(n), ha="center", va="bottom", fontsize=6)
        sub.set_xticks(range(3))
        sub.set_xticklabels([CATEGORIE_KORT[c] for c in VERLOOP_CATEGORIEEN], fontsize=6)
        sub.set_yticks([])
        for kant in ("top", "right", "left"):
            sub.spines[kant].set_visible(False)
        sub.set_title(titels[status], fontsize=7, fontweight="bold", color="#08306b")
        artiesten.append(sub)
    # the blijvers go from the stock before to the stock after
    _pijl(ax, (19, 65), (81, 65), "#7a7a7a")
    _pijl(ax, (19, 35), (81, 35), "#7a7a7a")
    ax.text(50, 63, "blijvers", ha="center", va="top", fontsize=6.5, color="#7a7a7a")
    ax.text(50, 33, "blijvers", ha="center", va="top", fontsize=6.5, color="#7a7a7a")
    uitleg = [verloop_uitleg(v), VERLOOP_NL if invoer.is_nederland else VERLOOP_REGIO]
    teksten_ += _tekstblok(fig, (0.05, 0.22, 0.80, 0.15), uitleg, punt=PUNT_KLEIN)
    panelen["grafiek4"] = artiesten  # the chart: its axes and the small charts of the blijvers
    panelen["grafiek4_tekst"] = teksten_
    panelen["voet"] = _teken_voet(fig, invoer, t)
    return fig, panelen


def verloop_tabel(v: VerloopInvoer) -> list[tuple[str, str]]:
    """The figures of grafiek 4 as (label, printed figure) rows, for the HTML page and its readers."""
    from .verloop import BLIJVER_STATUS, CATEGORIE_KORT, REDEN_LABEL, STATUS_LABEL

    rijen = [(f"{kwartaal_tekst(v.van)}: {k.replace('_', ' ')}", getal(v.voor[k])) for k in ("totaal", "werkzaam", "niet_werkzaam")]
    for naam, stroom, redenen in (("Uitstroom", v.uitstroom, v.redenen_uitstroom), ("Instroom", v.instroom, v.redenen_instroom)):
        rijen += [(f"{naam}: {k.replace('_', ' ')}", getal(stroom[k])) for k in ("totaal", "werkzaam", "niet_werkzaam")]
        rijen += [(f"{naam}, reden: {REDEN_LABEL[r].lower()}", getal(n)) for r, n in redenen.items()]
    for status in BLIJVER_STATUS:
        rijen += [(f"Blijver, {STATUS_LABEL[status].lower()}: {CATEGORIE_KORT[c]}", getal(v.blijvers.at[status, c]))
                  for c in VERLOOP_CATEGORIEEN]
    rijen += [(f"{kwartaal_tekst(v.tot)}: {k.replace('_', ' ')}", getal(v.na[k])) for k in ("totaal", "werkzaam", "niet_werkzaam")]
    return rijen


def _svg(fig, panelen: dict, naam: str, salt: str) -> str:
    """One chart of the drawn page as inline SVG: the other panels hidden, the page cut to the chart;
    text stays text (searchable, no font files)."""
    import matplotlib
    from matplotlib.transforms import Bbox

    # the chart: its axes (grafiek 1-3), or every axes of its panel (grafiek 4 with its small charts)
    grafiek = panelen[naam] if naam == "grafiek4" else [panelen[naam][0]]
    verborgen = [a for p in panelen.values() for a in p if not any(a is g for g in grafiek) and a.get_visible()]
    for a in verborgen:
        a.set_visible(False)
    x, y, w, h = SVG_UITSNEDE[naam]
    uitsnede = Bbox.from_bounds(x * A4[0], y * A4[1], w * A4[0], h * A4[1])
    buf = io.StringIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
            fig.savefig(buf, format="svg", bbox_inches=uitsnede, metadata={"Date": None})
    finally:
        for a in verborgen:
            a.set_visible(True)
    tekst = buf.getvalue()
    return _eigen_ids(tekst[tekst.index("<svg"):], naam)


def _eigen_ids(svg: str, voorvoegsel: str) -> str:
    """Prefix every id of an SVG and every reference to one, so that several SVGs in one HTML page
    never share an id (matplotlib numbers them ``axes_1``, ``text_1`` ... in each file)."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{voorvoegsel}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{voorvoegsel}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{voorvoegsel}-\1"', svg)


def _met_label(svg: str, label: str) -> str:
    """An inline SVG announced as one image with its title (screen readers)."""
    return svg.replace("<svg", f'<svg role="img" aria-label="{_e(label)}"', 1)


# The look of every factsheet, whoever draws it: matplotlib's defaults plus a light grid (as seaborn's
# "whitegrid"), in DejaVu Sans, the font matplotlib ships, so that the files do not depend on the caller's
# style settings (a notebook's theme), on the process that draws them or on the fonts of the machine.
STIJL = {"axes.axisbelow": True, "axes.edgecolor": "0.8", "axes.grid": True, "axes.labelcolor": "0.15",
         "grid.color": "0.8", "legend.frameon": False, "lines.solid_capstyle": "round", "text.color": "0.15",
         "xtick.color": "0.15", "ytick.color": "0.15", "xtick.major.size": 0.0, "ytick.major.size": 0.0,
         "font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}


def maak_factsheet(invoer: FactsheetInvoer, map) -> tuple[Path, Path]:
    """Write ``<map>/<regio>-<naam>.pdf`` (one A4 page, two with grafiek 4) and ``.html`` (the same content for the screen,
    standalone, charts as inline SVG). The page is drawn once and saved in both formats, in the
    factsheet's own style (:data:`STIJL`)."""
    import matplotlib.style

    with matplotlib.style.context(["default", STIJL]):
        return _maak_factsheet(invoer, map)


def _maak_factsheet(invoer: FactsheetInvoer, map) -> tuple[Path, Path]:
    map = Path(map)
    map.mkdir(parents=True, exist_ok=True)
    t = teksten(invoer)
    fig, panelen = teken(invoer, t)
    basis = map / bestandsnaam(invoer)
    pdf = basis.with_suffix(".pdf")
    metadata = {"CreationDate": None, "Title": f"{t.titel} — {t.ondertitel}", "Producer": None, "Creator": None}
    svgs = {naam: _svg(fig, panelen, naam, f"{invoer.regio}-{naam}") for naam in GRAFIEKEN}
    if invoer.verloop is None:
        fig.savefig(pdf, format="pdf", metadata=metadata)
    else:  # grafiek 4 on a second page of the same PDF
        from matplotlib.backends.backend_pdf import PdfPages

        fig4, panelen4 = teken_verloop(invoer, t)
        with PdfPages(pdf, metadata=metadata) as pagina_s:
            pagina_s.savefig(fig)
            pagina_s.savefig(fig4)
        svgs["grafiek4"] = _svg(fig4, panelen4, "grafiek4", f"{invoer.regio}-grafiek4")
    pagina = basis.with_suffix(".html")
    pagina.write_text(html_pagina(invoer, t, svgs), encoding="utf-8")
    return pdf, pagina


def schrijf_factsheets(invoeren, map, processen: int = 1) -> list[Path]:
    """All factsheets in ``map``: per input a PDF and an HTML page, in the order of the inputs.

    ``processen`` > 1 draws them in that many worker processes (started with ``spawn``: a script of your
    own that asks for this must keep its main code under ``if __name__ == "__main__":``). The files are
    the same byte for byte as when drawn in this process; drawing is what a factsheet run spends its time
    on, and it is independent per region."""
    invoeren = list(invoeren)
    if processen < 1:
        raise ValueError(f"processen={processen!r}: verwacht een geheel getal van minstens 1")
    processen = min(processen, len(invoeren))
    if processen <= 1:
        return [pad for invoer in invoeren for pad in maak_factsheet(invoer, map)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from itertools import repeat

    with ProcessPoolExecutor(processen, mp_context=multiprocessing.get_context("spawn")) as pool:
        return [pad for paar in pool.map(maak_factsheet, invoeren, repeat(map)) for pad in paar]


ENV_PROCESSEN = "BANENAFSPRAAK_FACTSHEET_PROCESSEN"


def beschikbare_processen(omgeving=None, hoogstens: int = 4) -> int:
    """How many worker processes the trendrapportage draws its factsheets with: the environment's
    ``BANENAFSPRAAK_FACTSHEET_PROCESSEN`` (a whole number >= 1; 1 draws in the report's own process), else
    the cores this process may run on, at most ``hoogstens`` (more gains little for 36 factsheets and
    costs memory: about 150 MB per process). A machine setting, not a run parameter: the files are the
    same whatever it is. A bad value is refused naming the variable."""
    import os

    env = os.environ if omgeving is None else omgeving
    waarde = (env.get(ENV_PROCESSEN) or "").strip()
    if waarde:
        if not waarde.isdigit() or int(waarde) < 1:
            raise ValueError(f"{ENV_PROCESSEN}={waarde!r}: verwacht een geheel getal van minstens 1")
        return int(waarde)
    try:
        kernen = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        kernen = os.cpu_count() or 1
    return max(1, min(kernen, hoogstens))


# --------------------------------------------------------------------------- HTML

_STIJL = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.4;font-size:0.95rem}
h1{color:#08306b;margin-bottom:0}h2{color:#08306b;font-size:1.05rem;margin:1.4rem 0 .4rem}
.ondertitel{font-size:1.2rem;margin-top:.2rem}
.markering{color:#c00000;background:#fde8e8;border:2px solid #c00000;font-weight:bold;padding:.4rem .6rem}
.indicatief{font-style:italic;color:#444}
table{border-collapse:collapse;font-size:.85rem}th,td{padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:1px solid #08306b;vertical-align:bottom}
tbody tr:nth-child(odd){background:#eef3fa}
.naast{display:flex;flex-wrap:wrap;gap:1rem}.naast>*{flex:1 1 22rem}
figure{margin:0}figure svg{max-width:100%;height:auto}
.legenda{display:flex;flex-wrap:wrap;gap:1rem}.legenda>div{flex:1 1 14rem}
.legenda ul{margin:.2rem 0;padding-left:1.2rem}
details{margin:.4rem 0}summary{cursor:pointer;color:#08306b}
footer{margin-top:1.5rem;font-size:.85rem;color:#333}
"""


def _e(tekst) -> str:
    return html.escape(str(tekst), quote=True)


def _html_tabel(invoer: FactsheetInvoer, t: Teksten) -> str:
    """The kerncijfers as an HTML table, with the same printed figures as the PDF."""
    nu = t.kolom_kopjes[0]
    kop1 = "<tr><th rowspan=\"2\" scope=\"col\"></th><th scope=\"col\">" + _e(nu) + "</th>" + "".join(
        f"<th colspan=\"2\" scope=\"colgroup\">{_e(k)}</th>" for k in t.kolom_kopjes[1:]) + "</tr>"
    kop2 = "<tr><th scope=\"col\">aantal</th>" + "".join(
        f"<th scope=\"col\">aantal</th><th scope=\"col\">+/- met {_e(nu)}</th>" for _ in VERGELIJKINGEN) + "</tr>"
    rijen = "".join("<tr><th scope=\"row\">" + _e(c[0]) + "</th><td><strong>" + _e(c[1]) + "</strong></td>" +
                    "".join(f"<td>{_e(x)}</td>" for x in c[2:]) + "</tr>" for c in tabel_rijen(invoer))
    return f"<table class=\"kerncijfers\"><thead>{kop1}{kop2}</thead><tbody>{rijen}</tbody></table>"


def _html_legenda() -> str:
    blokken = "".join(f"<div><strong>{_e(cat)}</strong><ul>" + "".join(f"<li>{_e(s)}</li>" for s in subs) +
                      "</ul></div>" for cat, subs in legenda_regels())
    return f"<div class=\"legenda\">{blokken}</div>"


def _html_cijfers(titel: str, tabel: pd.DataFrame, labels: dict[str, str], noot: str = "") -> str:
    """The figures behind a chart, folded away under it: quarters as rows, segments as columns."""
    kop = "<tr><th scope=\"col\">Kwartaal</th>" + "".join(f"<th scope=\"col\">{_e(labels[k])}</th>"
                                                         for k in tabel.columns) + "</tr>"
    rijen = "".join(f"<tr><th scope=\"row\">{_e(kwartaal_tekst(q))}</th>" +
                    "".join(f"<td>{_e(getal(v))}</td>" for v in r) + "</tr>"
                    for q, r in zip(tabel.index, tabel.to_numpy(dtype=float)))
    noot = f"<p>{_e(noot)}</p>" if noot else ""
    return (f"<details><summary>Cijfers bij {_e(titel.split('.')[0].lower())}</summary>"
            f"<table><thead>{kop}</thead><tbody>{rijen}</tbody></table>{noot}</details>")


def _html_grafiek_cijfers(invoer: FactsheetInvoer) -> dict[str, str]:
    """Per chart its figures as an HTML table (``*`` suppressed), for readers who do not see the chart."""
    banen = invoer.banen_reeks.sort_values("kwartaal").set_index("kwartaal")[list(SOORTEN)]
    noot = f"Nulmeting: {getal(invoer.nulmeting_banen)} banen."
    if invoer.doelstelling_extra is not None:
        noot += (f" Extra banen voor de doelstelling {invoer.doelstelling_jaar} (bovenop de nulmeting): "
                 f"{getal(invoer.doelstelling_extra)}.")
    return {"grafiek1": _html_cijfers("Grafiek 1.", banen, SOORT_LABEL, noot),
            "grafiek2": _html_cijfers("Grafiek 2.", categorie_tabel(invoer, "personen"), CATEGORIE_LABEL),
            "grafiek3": _html_cijfers("Grafiek 3.", categorie_tabel(invoer, "werkzame_personen"), CATEGORIE_LABEL)}


def _html_verloop(invoer: FactsheetInvoer, svgs: dict[str, str]) -> str:
    """Grafiek 4 for the screen: the chart as inline SVG, the explanation and its figures folded under it."""
    v = invoer.verloop
    if v is None or "grafiek4" not in svgs:
        return ""
    titel = verloop_titel(v)
    rijen = "".join(f"<tr><th scope=\"row\">{_e(a)}</th><td>{_e(b)}</td></tr>" for a, b in verloop_tabel(v))
    uitleg = VERLOOP_NL if invoer.is_nederland else VERLOOP_REGIO
    return (f"<section><h2>{_e(titel)}</h2><figure>{_met_label(svgs['grafiek4'], titel)}</figure>"
            f"<p>{_e(verloop_uitleg(v))}</p><p>{_e(uitleg)}</p>"
            f"<details><summary>Cijfers bij grafiek 4</summary><table><tbody>{rijen}</tbody></table></details></section>")


def html_pagina(invoer: FactsheetInvoer, t: Teksten, svgs: dict[str, str]) -> str:
    """The factsheet for the screen: one standalone page (no external resources)."""
    markering = "".join(f"<p class=\"markering\">{_e(m)}</p>" for m in t.markeringen)
    uitleg1 = "".join(f"<p>{_e(p)}</p>" for p in t.grafiek1_uitleg)
    cijfers = _html_grafiek_cijfers(invoer)
    delen = [
        "<!DOCTYPE html>", "<html lang=\"nl\">", "<head>", "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>{_e(t.titel)} — {_e(t.ondertitel)}</title>", f"<style>{_STIJL}</style>", "</head>", "<body>",
        markering,
        f"<header><h1>{_e(t.titel)}</h1><p class=\"ondertitel\">{_e(t.ondertitel)}</p>"
        f"<p class=\"indicatief\">{_e(t.indicatief)}</p></header>",
        "<main>",
        f"<section><h2>{_e(t.tabel_titel)}</h2>{_html_tabel(invoer, t)}</section>",
        f"<section><h2>{_e(t.grafiek1_titel)}</h2><div class=\"naast\">"
        f"<figure>{_met_label(svgs['grafiek1'], t.grafiek1_titel)}</figure>"
        f"<div>{uitleg1}</div></div>{cijfers['grafiek1']}</section>",
        "<div class=\"naast\">",
        f"<section><h2>{_e(t.grafiek2_titel)}</h2><p>{_e(t.grafiek2_uitleg)}</p>"
        f"<figure>{_met_label(svgs['grafiek2'], t.grafiek2_titel)}</figure>{cijfers['grafiek2']}</section>",
        f"<section><h2>{_e(t.grafiek3_titel)}</h2><p>{_e(t.grafiek3_uitleg)}</p>"
        f"<figure>{_met_label(svgs['grafiek3'], t.grafiek3_titel)}</figure>{cijfers['grafiek3']}</section>",
        "</div>",
        _html_verloop(invoer, svgs),
        f"<section><h2>Toelichting</h2><p>{_e(t.inleiding)}</p></section>",
        f"<section><h2>Legenda</h2><p>{_e(t.legenda_inleiding)}</p>{_html_legenda()}</section>",
        "</main>",
        f"<footer><p>{_e(t.bron)}</p></footer>",
        "</body>", "</html>",
    ]
    return "\n".join(d for d in delen if d) + "\n"
