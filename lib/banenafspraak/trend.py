"""The quarterly trendrapportage banenafspraak and its factsheets (RULES.md §1, §2, §3, §4, §6, §10;
DATA_CONTRACT.md "Output", trendrapportage rows).

Every quarter of the report is counted by the counting engine in one pass (``motor.tel``): the quarter,
the previous quarter, the same quarter a year earlier, the series from parameter
``trendrapportage.reeks_vanaf`` (2015Q4) and the nulmeting (31 December 2012), each with its own quarterly
rules (RULES.md §2 and §6 decisions): the Wsw and Wiw/ID grondslagen on its own 1 January (run parameter
``jaargrondslagen``), the polis as delivered on its own extraction date (``volledigheid_maanden``), the
region of residence on its own date. Inleen is its own soort, next to regulier markt and regulier
overheid (no verdeelsleutel; RULES.md §1, §4).

Regions: a person's arbeidsmarktregio on a peildatum is that of the gemeente of residence in the
composition of the peildatum's year (``regio.regio_sql``). The figures of earlier quarters (and of the
nulmeting) of a region are those of the region that held most of its gemeenten then
(:func:`regio.regio_opvolgers`): CBS gave AM36-AM38 new codes when one gemeente moved (RULES.md §3,
``referentie/README.md``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dates import datum_tekst, ts
from .factsheet import INDICATOR_LABEL, INDICATOREN, KWARTAAL_NAAM, kwartaal_tekst
from .parameters import parameter
from .register import CATEGORIE_LABEL, CATEGORIEEN, SUBCATEGORIE_LABEL
from .motor import BANEN_PER_SOORT
from .regio import ONBEKEND, regio_jaar, regio_opvolgers
from .verloop import definities as verloop_definities

TABELLEN = ["persoon", "doelgroepregister", "polis", "werkgever", "woonplaats", "gemeente_regio"]
SOORTEN = ("regulier_markt", "regulier_overheid", "inleen")
SOORT_LABEL = {"regulier_markt": "Regulier, marktsector", "regulier_overheid": "Regulier, overheid",
               "inleen": "Inleen (uitzendcontracten, detachering)", "totaal": "Totaal"}
VERGELIJKINGEN = ("nulmeting", "vorig_kwartaal", "zelfde_kwartaal_vorig_jaar")
NL = "NL"
REGIO_KEUZES = ("alle", NL)  # or one region code
NULMETING_BRONNEN = ("data", "officieel")
GEHEUGEN_PER_SCHAAL_GB = 1.6  # DuckDB's memory limit for the counting, per unit of schaal (tel_kwartalen)


# --------------------------------------------------------------------------- quarters

def kwartaal_einde(kwartaal: str) -> pd.Timestamp:
    """The peildatum of a quarter: its last day (``2021Q1`` -> 31 March 2021; RULES.md §1)."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", str(kwartaal).strip().upper())
    if not m:
        raise ValueError(f"kwartaal {kwartaal!r}: schrijf jaar en kwartaal als 2021Q1")
    jaar, k = int(m.group(1)), int(m.group(2))
    return (pd.Timestamp(jaar, 3 * k, 1) + pd.offsets.MonthEnd(0)).as_unit("s")


def kwartaal_van(datum) -> str:
    """``2021Q1`` for a date in that quarter."""
    d = ts(datum)
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def kwartaal_titel(kwartaal: str) -> str:
    """``Eerste kwartaal 2021``."""
    return f"{KWARTAAL_NAAM[int(kwartaal[5]) - 1]} kwartaal {kwartaal[:4]}"


def vorig(kwartaal: str, kwartalen: int = 1) -> str:
    """The quarter ``kwartalen`` before ``kwartaal``."""
    jaar, k = int(kwartaal[:4]), int(kwartaal[5])
    n = jaar * 4 + k - 1 - kwartalen
    return f"{n // 4}Q{n % 4 + 1}"


@dataclass(frozen=True)
class Kwartaalpeil:
    """The dates a trendrapportage of ``kwartaal`` counts (RULES.md §6): the quarter, its comparators
    and the series."""

    kwartaal: str
    peildatum: pd.Timestamp
    vorig_kwartaal: pd.Timestamp
    zelfde_kwartaal_vorig_jaar: pd.Timestamp
    nulmeting: pd.Timestamp
    reeks: tuple[str, ...]  # quarters of the series, oldest first

    @property
    def alle(self) -> list[pd.Timestamp]:
        return sorted({self.peildatum, self.vorig_kwartaal, self.zelfde_kwartaal_vorig_jaar, self.nulmeting,
                       *(kwartaal_einde(k) for k in self.reeks)})


def kwartaalpeil(kwartaal: str) -> Kwartaalpeil:
    """The peildata of a trendrapportage (RULES.md §6): the quarter, the previous one, the same quarter a
    year earlier, the nulmeting (parameter ``nulmeting.peildatum``, 31 December 2012, counted with the
    quarterly rules) and the series from parameter ``trendrapportage.reeks_vanaf``."""
    p = kwartaal_einde(kwartaal)
    kwartaal = kwartaal_van(p)
    from .parameters import ParameterError

    try:
        nul = ts(parameter("nulmeting.peildatum", p))
    except ParameterError:
        nul = None
    if nul is None or p <= nul:
        raise ValueError(f"kwartaal {kwartaal}: de trendrapportage begint na de nulmeting (31 december 2012)")
    if kwartaal_einde(vorig(kwartaal, 4)) < nul:
        raise ValueError(f"kwartaal {kwartaal}: hetzelfde kwartaal een jaar eerder ligt vóór de nulmeting "
                         f"({datum_tekst(nul)}); het eerste kwartaal van de trendrapportage is {kwartaal_van(nul + pd.DateOffset(years=1))}")
    vanaf = kwartaal_van(min(ts(parameter("trendrapportage.reeks_vanaf", p)), p))  # a quarter before it: itself
    reeks, k = [], kwartaal
    while kwartaal_einde(k) >= kwartaal_einde(vanaf):
        reeks.append(k)
        k = vorig(k)
    return Kwartaalpeil(kwartaal, p, kwartaal_einde(vorig(kwartaal)), kwartaal_einde(vorig(kwartaal, 4)), nul,
                        tuple(reversed(reeks)))


def doelstelling_jaar(peildatum) -> int:
    """The year whose target the quarter is compared with (S4: "de doelstelling 2020" in the factsheet of
    2021 Q1): the year of the last 31 December on or before the peildatum."""
    p = ts(peildatum)
    return p.year if (p.month, p.day) == (12, 31) else p.year - 1


# --------------------------------------------------------------------------- counting

# per (peildatum, region, category, subcategory) of the population: persons, werkzame personen, banen in
# total and per soort, and per cell the persons behind it (RULES.md §3, §4, §10). ``regio_kaart`` maps the
# region code of each peildatum to the region of the report (regio.regio_opvolgers)
TELLING_SQL = f"""
WITH soort AS ({BANEN_PER_SOORT}),
pp AS (
  SELECT p.peildatum, coalesce(k.regio, p.arbeidsmarktregio_code, 'onbekend') AS regio, p.categorie, p.subcategorie,
    p.banen, p.werkzaam, s.*
  FROM per_persoon p LEFT JOIN regio_kaart k USING (peildatum, arbeidsmarktregio_code)
  LEFT JOIN soort s USING (peildatum, persoon_id))
SELECT peildatum, regio, categorie, subcategorie, count(*) AS personen,
  count(*) FILTER (WHERE werkzaam) AS werkzame_personen, coalesce(sum(banen), 0.0) AS banen,
  count(*) FILTER (WHERE banen > 0) AS personen_banen,
  coalesce(sum(b_markt), 0.0) AS banen_regulier_markt, count(*) FILTER (WHERE p_markt) AS personen_regulier_markt,
  coalesce(sum(b_overheid), 0.0) AS banen_regulier_overheid, count(*) FILTER (WHERE p_overheid) AS personen_regulier_overheid,
  coalesce(sum(b_inleen), 0.0) AS banen_inleen, count(*) FILTER (WHERE p_inleen) AS personen_inleen
FROM pp GROUP BY peildatum, regio, categorie, subcategorie
"""

TELKOLOMMEN = ["personen", "werkzame_personen", "banen", "personen_banen",
               *[f"{b}_{s}" for s in SOORTEN for b in ("banen", "personen")]]


@dataclass
class Kwartaaltelling:
    """What the engine counted for a trendrapportage: per (peildatum, regio, categorie, subcategorie) the
    figures of :data:`TELLING_SQL`; the regions of the report with their names; the completeness."""

    peil: Kwartaalpeil
    cellen: pd.DataFrame
    regios: dict[str, str]          # code -> name in the composition of the report's year
    volledigheid: pd.DataFrame
    telling: object                 # the motor.Telling (reconciliation, verklaar)
    jaargrondslagen: str
    volledigheid_maanden: int
    verloop: pd.DataFrame | None = None      # verloop.tel_verloop of the pairs of verloop_van (RULES.md §6)
    bruto_netto: pd.DataFrame | None = None  # verloop.tel_bruto_netto of every compared pair (RULES.md §6)
    verloop_van: str = "vorig_kwartaal"


def regio_kaart(telling, gemeente_regio: pd.DataFrame, naar_jaar: int) -> pd.DataFrame:
    """(peildatum, arbeidsmarktregio_code) -> regio (the code of the report's year) for every peildatum of
    the counting (:func:`regio.regio_opvolgers`; the reference year of a peildatum as ``regio.regio_jaar_sql``)."""
    opv = regio_opvolgers(gemeente_regio, naar_jaar)
    rijen = []
    for p in telling.peildata:
        d = opv.loc[opv["jaar"] == regio_jaar(gemeente_regio, p), ["arbeidsmarktregio_code", "regio"]].assign(peildatum=p)
        rijen.append(d)
    kaart = pd.concat(rijen, ignore_index=True)
    kaart["peildatum"] = kaart["peildatum"].astype("datetime64[s]")
    return kaart[["peildatum", "arbeidsmarktregio_code", "regio"]]


VERLOOP_VAN = ("vorig_kwartaal", "zelfde_kwartaal_vorig_jaar", "beide")


def verloop_paren(peil: Kwartaalpeil, verloop_van: str = "vorig_kwartaal") -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The pairs (van, tot) of table ``verloop`` (RULES.md §6): the previous quarter -> the quarter (the
    factsheet's grafiek 4), the same quarter a year earlier -> the quarter, or both (run parameter
    ``verloop_van``)."""
    if verloop_van not in VERLOOP_VAN:
        raise ValueError(f"verloop_van moet een van {', '.join(VERLOOP_VAN)} zijn, niet {verloop_van!r}")
    van = {"vorig_kwartaal": [peil.vorig_kwartaal], "zelfde_kwartaal_vorig_jaar": [peil.zelfde_kwartaal_vorig_jaar],
           "beide": [peil.vorig_kwartaal, peil.zelfde_kwartaal_vorig_jaar]}[verloop_van]
    return [(v, peil.peildatum) for v in van]


def vergelijk_paren(peil: Kwartaalpeil) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Every pair the trendrapportage compares (the kerncijfers' comparators -> the quarter): those of
    table ``bruto_netto`` (RULES.md §6)."""
    return [(peil.vorig_kwartaal, peil.peildatum), (peil.zelfde_kwartaal_vorig_jaar, peil.peildatum),
            (peil.nulmeting, peil.peildatum)]


def tel_kwartalen(tabellen, kwartaal: str, jaargrondslagen: str = "jaarbegin", volledigheid_maanden: int | None = None,
                  directe_einden: bool = True, verloop_van: str | None = "vorig_kwartaal") -> Kwartaaltelling:
    """Count every peildatum of the trendrapportage of ``kwartaal`` in one pass of the engine (RULES.md
    §2-§4, §6); ``volledigheid_maanden`` None: parameter ``trendrapportage.volledigheid_maanden``; the flows
    of the pairs of ``verloop_van`` and the bruto/netto decomposition of every compared pair from the same
    counting (``verloop``; None: neither)."""
    from .motor import tel
    from .periode import controleer_peildata

    peil = kwartaalpeil(kwartaal)
    if volledigheid_maanden is None:
        volledigheid_maanden = int(parameter("trendrapportage.volledigheid_maanden", peil.peildatum))
    if "woonplaats" not in tabellen or "gemeente_regio" not in tabellen:
        raise ValueError("de trendrapportage heeft de tabellen woonplaats en gemeente_regio nodig (regio van de woonplaats)")
    controleer_peildata(tabellen, peil.alle)
    # some 35 peildata at once: DuckDB gets a limit in proportion to the data (1,6 GB at schaal 1, where the
    # counting peaks at 3,7 GB without one and runs as fast with it), unless the environment sets one
    geheugen = GEHEUGEN_PER_SCHAAL_GB * max(1.0, float(getattr(tabellen, "schaal", 1.0) or 1.0))
    t = tel(tabellen, peil.alle, "geregistreerd", directe_einden, jaargrondslagen, volledigheid_maanden, geheugen)
    gr = tabellen["gemeente_regio"]
    naar_jaar = regio_jaar(gr, peil.peildatum)
    kaart = regio_kaart(t, gr, naar_jaar)
    t.registreer("regio_kaart", kaart)
    cellen = t.sql(TELLING_SQL)
    cellen["peildatum"] = cellen["peildatum"].astype("datetime64[s]")
    for k in TELKOLOMMEN:
        cellen[k] = cellen[k].astype(float if k.startswith("banen") else "int64")
    namen = (gr.loc[gr["jaar"].astype(int) == naar_jaar].drop_duplicates("arbeidsmarktregio_code")
             .set_index("arbeidsmarktregio_code")["arbeidsmarktregio_naam"].sort_index())
    kt = Kwartaaltelling(peil, cellen, {str(k): str(v) for k, v in namen.items()}, t.volledigheid(), t,
                         jaargrondslagen, volledigheid_maanden)
    if verloop_van is not None:
        from . import verloop

        paren = verloop_paren(peil, verloop_van)
        verloop.registreer(t, vergelijk_paren(peil), regio=True)
        vl = verloop.tel_verloop(t, tabellen["persoon"])
        kt.verloop = vl.loc[vl[["van", "tot"]].apply(tuple, axis=1).isin(paren)].reset_index(drop=True)
        kt.bruto_netto = verloop.tel_bruto_netto(t)
        kt.verloop_van = verloop_van
    return kt


# national figures per peildatum (the quarterly dashboard's headline, CALIBRATION.md)
LANDELIJK_SQL = """
SELECT p.peildatum, count(*) AS personen, count(*) FILTER (WHERE p.werkzaam) AS werkzame_personen,
  coalesce(sum(p.banen), 0.0) AS banen, coalesce(sum(i.inleen_banen), 0.0) AS banen_inleen
FROM per_persoon p LEFT JOIN (SELECT peildatum, persoon_id, sum(banen) FILTER (WHERE inleen) AS inleen_banen
                              FROM ikv GROUP BY peildatum, persoon_id) i USING (peildatum, persoon_id)
GROUP BY p.peildatum ORDER BY p.peildatum
"""


def landelijk(tabellen, peildata, jaargrondslagen: str = "jaarbegin", volledigheid_maanden: int | None = None,
              directe_einden: bool = True) -> pd.DataFrame:
    """Per peildatum the national persons, werkzame personen, banen and banen inleen with the quarterly
    rules (RULES.md §2, §6), in one pass of the engine; ``volledigheid_maanden`` None: the parameter
    ``trendrapportage.volledigheid_maanden`` of each peildatum (the calibration of the quarterly figures)."""
    from .motor import tel

    datums = sorted({ts(d) for d in peildata})
    if volledigheid_maanden is None:
        maanden = {int(parameter("trendrapportage.volledigheid_maanden", d)) for d in datums}
        if len(maanden) != 1:
            raise ValueError("volledigheid_maanden verschilt tussen de peildata; geef het op")
        volledigheid_maanden = maanden.pop()
    t = tel(tabellen, datums, "geregistreerd", directe_einden, jaargrondslagen, volledigheid_maanden)
    df = t.sql(LANDELIJK_SQL)
    df["peildatum"] = df["peildatum"].astype("datetime64[s]")
    df = df.set_index("peildatum").reindex(datums).fillna(0.0)
    df["banen_regulier"] = df["banen"] - df["banen_inleen"]
    return df


# --------------------------------------------------------------------------- tables from the counting

def _som(cellen: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    return cellen.groupby(sleutels, as_index=False, observed=True)[TELKOLOMMEN].sum()


def regio_keuze(regio) -> str:
    """The run parameter ``regio`` as the report reads it: ``alle``, ``NL`` or a code ``AM..`` (any case);
    anything else is refused."""
    tekst = str(regio).strip()
    if tekst.lower() == "alle":
        return "alle"
    if tekst.upper() == NL or re.fullmatch(r"AM\d\d", tekst.upper()):
        return tekst.upper()
    raise ValueError(f"{regio!r}; kies alle, NL of een regiocode zoals AM14")


def controleer_regio(regio: str, gemeente_regio: pd.DataFrame, peildatum) -> None:
    """A region code must exist in the composition of the peildatum's year (the latest year of
    ``gemeente_regio`` on or before it); the message names the region that continues a former one
    (AM04 -> AM36 from 2016) and the valid codes."""
    jaar = regio_jaar(gemeente_regio, peildatum)
    codes = sorted(set(gemeente_regio.loc[gemeente_regio["jaar"].astype(int) == jaar, "arbeidsmarktregio_code"]))
    if regio in (NL, "alle") or regio in codes:
        return
    opv = regio_opvolgers(gemeente_regio, jaar)
    later = sorted(set(opv.loc[opv["arbeidsmarktregio_code"] == regio, "regio"]) - {regio})
    hint = f" (nu {', '.join(later)})" if later else ""
    raise ValueError(f"regio {regio} bestaat niet in {ts(peildatum).year}{hint}; kies alle, NL of een van {', '.join(codes)}")


def regio_codes(kt: Kwartaaltelling, regio: str = "alle") -> list[str]:
    """The regions a run publishes: ``alle``: NL, every region of the report's year and ``onbekend``;
    ``NL``: NL only; a region code: NL and that region (RULES.md §6 decisions)."""
    regio = regio_keuze(regio)
    if regio == "alle":
        return [NL, *kt.regios, ONBEKEND]
    if regio == NL:
        return [NL]
    if regio not in kt.regios:
        raise ValueError(f"regio {regio!r} bestaat niet in {kt.peil.peildatum.year}; kies alle, NL of een van "
                         f"{', '.join(kt.regios)}")
    return [NL, regio]


def per_regio(kt: Kwartaaltelling, sleutels: list[str], regios: list[str]) -> pd.DataFrame:
    """The counting summed by ``sleutels`` (with peildatum) for every region of ``regios`` and NL (the sum
    of all regions and ``onbekend``); a full grid: a key absent in a region has zeros."""
    c = kt.cellen
    nl = _som(c, ["peildatum", *sleutels]).assign(regio=NL)
    reg = _som(c, ["peildatum", "regio", *sleutels])
    delen = [nl] + [reg.loc[reg["regio"] == r] for r in regios if r != NL]
    df = pd.concat(delen, ignore_index=True)
    sleutel_grid = nl[["peildatum", *sleutels]] if sleutels else pd.DataFrame({"peildatum": kt.peil.alle})
    sleutel_grid["peildatum"] = sleutel_grid["peildatum"].astype("datetime64[s]")  # a date with nobody: zeros
    grid = sleutel_grid.merge(pd.DataFrame({"regio": regios}), how="cross")
    df = grid.merge(df, on=["peildatum", *sleutels, "regio"], how="left")
    for k in TELKOLOMMEN:
        df[k] = df[k].fillna(0).astype(float if k.startswith("banen") else "int64")
    return df


def _rij(df: pd.DataFrame, **sleutel) -> pd.Series:
    m = np.ones(len(df), dtype=bool)
    for k, v in sleutel.items():
        m &= (df[k] == v).to_numpy()
    rijen = df.loc[m]
    if len(rijen) != 1:
        raise KeyError(f"{len(rijen)} rijen met {sleutel}")
    return rijen.iloc[0]


def _of_none(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def kerncijfer_rij(waarde: float, vergelijkingen: dict[str, float]) -> dict[str, float]:
    """One row of kerncijfers (RULES.md §6, S4): the value, each comparator and each ``verschil_<comparator>``
    = waarde - comparator."""
    return {"waarde": waarde, **vergelijkingen, **{f"verschil_{k}": waarde - v for k, v in vergelijkingen.items()}}


def verschil_tekst(x) -> str:
    """A difference as the factsheet prints it: whole number with its sign (+1.246, -5, 0); ``*`` suppressed."""
    from .publicatie import getal

    return _plus(getal(x))


def nulmeting_factor(kt: Kwartaaltelling, nulmeting_bron: str, schaal: float) -> float:
    """The factor on the nulmeting banen of the data (RULES.md §6 decision): 1 with ``data``; with
    ``officieel`` the dashboard's nulmeting (parameter ``nulmeting.dashboard``, 75.159) x schaal divided
    by the data's national nulmeting, so that regions and soorten keep their data shares."""
    if nulmeting_bron not in NULMETING_BRONNEN:
        raise ValueError(f"nulmeting_bron moet een van {', '.join(NULMETING_BRONNEN)} zijn, niet {nulmeting_bron!r}")
    if nulmeting_bron == "data":
        return 1.0
    data = float(kt.cellen.loc[kt.cellen["peildatum"] == kt.peil.nulmeting, "banen"].sum())
    if data <= 0:
        raise ValueError("nulmeting_bron=officieel: de data hebben geen banen op de nulmeting om over regio's te verdelen")
    return float(parameter("nulmeting.dashboard", kt.peil.peildatum)) * schaal / data


def definities(kt: Kwartaaltelling, nulmeting_bron: str, schaal: float) -> dict[str, str]:
    """The definitions printed with the trendrapportage, generated from the parameters in force and the
    run's parameters (RULES.md §2-§4, §6, §10)."""
    from .publicatie import getal

    p = kt.peil.peildatum
    uren = parameter("banen.uren_per_maand", p)
    jaarregel = {
        "jaarbegin": "Wsw- en Wiw/ID-grondslagen tellen zoals geregistreerd op 1 januari van het jaar van de peildatum "
                     "(Panteia en CBS leveren ze één of twee keer per jaar)",
        "halfjaar": "Wsw- en Wiw/ID-grondslagen tellen zoals geregistreerd op 1 januari (eerste en tweede kwartaal) of "
                    "1 juli (derde en vierde kwartaal)",
        "actueel": "alle grondslagen tellen zoals geregistreerd op de peildatum, zoals in de landelijke monitor",
    }[kt.jaargrondslagen]
    polis_kolommen = set(kt.telling.sql("DESCRIBE polis")["column_name"])
    vol = ("de volledige polis (geen afkapdatum)" if not kt.volledigheid_maanden else
           "de volledige polis: de polis heeft geen verwerkingsdatum, dus geen loonaangifte kan als te laat verwerkt "
           f"worden weggelaten (volledigheid_maanden {kt.volledigheid_maanden} heeft geen effect)"
           if "verwerkingsdatum" not in polis_kolommen else
           f"de polis zoals die {kt.volledigheid_maanden} maanden na de peildatum was verwerkt "
           f"(extractiedatum {datum_tekst(p + pd.DateOffset(months=kt.volledigheid_maanden))}); later verwerkte "
           "loonaangiften tellen niet mee (tabel volledigheid)")
    nul = ts(kt.peil.nulmeting)
    nulmeting = (f"de kwartaalregels toegepast op {datum_tekst(nul)}, met de woonregio van toen; berekend uit de data."
                 if nulmeting_bron == "data" else
                 f"de nulmeting van het kwartaaldashboard, {getal(parameter('nulmeting.dashboard', p))} banen"
                 + ("" if schaal == 1 else f" x de schaal van de data ({f'{schaal:g}'.replace('.', ',')})")
                 + f", over regio's en soorten verdeeld naar de verhouding in de data op {datum_tekst(nul)}.")
    return {
        "baan": f"{getal(uren, 2)} verloonde uren per maand (25,5 uur per week); banen tellen naar rato.",
        "peildatum": f"{datum_tekst(p)} (laatste dag van het kwartaal); uren van het loonaangiftetijdvak dat de "
                     "peildatum bevat, " + ("andere tijdvakken omgerekend naar de kalendermaand."
                                            if parameter("banen.tijdvak_conversie", p) == "kalenderdagen" else
                                            "zoals opgegeven (ook van een vierwekelijks of kwartaaltijdvak, zonder omrekening)."),
        "werkzaam persoon": f"ontvangt loon (sv-loon > {getal(parameter('banen.werkzaam_loon_groter_dan', p))} euro) uit "
                            "een of meer inkomstenverhoudingen in dat tijdvak; werkzame personen zijn geen banen.",
        "grondslagen": f"de doelgroep op de peildatum; {jaarregel}. "
                       + ("Wie overlijdt, emigreert of de AOW-leeftijd bereikt, telt vanaf die datum niet meer mee."
                          if kt.telling.directe_einden else
                          "Overlijden, emigratie en de AOW-leeftijd uit de persoonsgegevens beëindigen de telling niet: "
                          "alleen het register zoals geadministreerd telt.")
                       + " Een direct einde in het register (AOW, overlijden, geen arbeidsvermogen, beschut werk "
                         "Participatiewet, emigratie, vrijwillige uitschrijving) beëindigt alle grondslagen van de persoon.",
        "loonaangiften": vol + ".",
        "regio": "de arbeidsmarktregio van de woonplaats (BRP) op de peildatum, niet van de werkplek; eerdere kwartalen "
                 "van een regio zijn die van de regio die toen de meeste van haar gemeenten had. Zonder woonplaats: "
                 "'onbekend' (telt mee in Nederland).",
        "soort": "inleen (uitzendcontracten, detachering, payrolling) is een eigen soort; de overige banen zijn regulier "
                 "en naar de sector van de werkgever (markt of overheid) verdeeld; geen verdeelsleutel.",
        "nulmeting": nulmeting,
        **(verloop_definities(True, kt.telling.directe_einden) if kt.verloop is not None else {}),
        "indicatief": "kwartaalcijfers zijn indicatief; alleen de landelijke monitor (31 december, volledige polis) is "
                      "de officiële meting. Vergelijk alleen hetzelfde kwartaal van verschillende jaren (seizoen).",
    }


def publicatie(tabellen, kwartaal: str, regio: str = "alle", jaargrondslagen: str = "jaarbegin",
               volledigheid_maanden: int | None = None, nulmeting_bron: str = "data", schaal: float | None = None,
               directe_einden: bool = True, verloop_van: str = "vorig_kwartaal"):
    """The trendrapportage of ``kwartaal`` as one :class:`~banenafspraak.publicatie.Publicatie` (RULES.md
    §1-§4, §6, §10; DATA_CONTRACT.md): tables ``kerncijfers``, ``banen_soort``, ``personen_categorie``,
    ``reeks``, ``reeks_categorie`` (the factsheet's grafiek 2 and 3), ``regio_overzicht`` and
    ``volledigheid``, with the persons behind every cell and every relation between cells (regions add up
    to NL, soorten and categories to their totals, each ``verschil_*`` = waarde - comparator, the same figure
    in several tables). The row reconciliation of the quarter goes to ``tabellen.reconciliatie``."""
    from .monitor import Meting, doelstelling, reconcilieer
    from .publicatie import Kolom, Publicatie, Tabel

    schaal = float(getattr(tabellen, "schaal", 1.0) if schaal is None else schaal)
    kt = tel_kwartalen(tabellen, kwartaal, jaargrondslagen, volledigheid_maanden, directe_einden, verloop_van)
    peil = kt.peil
    kw = peil.kwartaal
    regio = regio_keuze(regio)
    regios = regio_codes(kt, regio)
    f = nulmeting_factor(kt, nulmeting_bron, schaal)
    if hasattr(tabellen, "reconciliatie"):
        m = Meting(kt.telling, peil.peildatum)
        reconcilieer(tabellen.reconciliatie, tabellen, m)
        laat = int(kt.volledigheid.loc[kt.volledigheid["peildatum"] == peil.peildatum, "opgaven_weggelaten"].sum())
        tabellen.reconciliatie.laat_weg("polis", "verwerkt na de extractiedatum (late loonaangifte)", laat,
                                        f"peildatum {peil.peildatum.date().isoformat()}")
    namen = {NL: "Nederland", ONBEKEND: "Onbekend (geen woonplaats in Nederland)", **kt.regios}
    alle_regios = regio == "alle"
    pub = Publicatie("trendrapportage", f"Trendrapportage banenafspraak {kwartaal_tekst(kw)}", peil.peildatum,
                     "Doelgroepregister banenafspraak (UWV), Polisadministratie (loonaangiften), BRP (woonplaats)",
                     definities(kt, nulmeting_bron, schaal),
                     info={"kwartaal": kw, "regio": regio, "jaargrondslagen": jaargrondslagen,
                           "volledigheid_maanden": kt.volledigheid_maanden, "nulmeting_bron": nulmeting_bron,
                           "regio_namen": {r: namen[r] for r in regios}})
    regio_kol = Kolom("Regio", "tekst", waarden={r: namen[r] for r in regios})
    kw_kol = Kolom("Kwartaal", "tekst")
    banen_kol = Kolom("Banen", "decimaal1", "banen")

    tot = per_regio(kt, [], regios)
    tot_i = tot.set_index(["peildatum", "regio"])
    cat = per_regio(kt, ["categorie"], regios)
    sub = per_regio(kt, ["categorie", "subcategorie"], regios)

    def cel(p, r, kolom):
        return tot_i.at[(p, r), kolom]

    vergelijk = {"nulmeting": peil.nulmeting, "vorig_kwartaal": peil.vorig_kwartaal,
                 "zelfde_kwartaal_vorig_jaar": peil.zelfde_kwartaal_vorig_jaar}

    # kerncijfers: per region and indicator the quarter against the nulmeting, the previous quarter, a year earlier
    rijen = []
    for r in regios:
        for ind in INDICATOREN:
            teller = "personen_banen" if ind == "banen" else ind
            rij = {"kwartaal": kw, "regio": r, "indicator": ind, "n_waarde": cel(peil.peildatum, r, teller),
                   **{f"n_{v}": cel(d, r, teller) for v, d in vergelijk.items()},
                   **kerncijfer_rij(cel(peil.peildatum, r, ind),
                                    {v: cel(d, r, ind) * (f if (ind == "banen" and v == "nulmeting") else 1.0)
                                     for v, d in vergelijk.items()})}
            rijen.append(rij)
    kc = pd.DataFrame(rijen)
    # the persons not working at each date, hidden: personen - werkzame_personen must not give 1-9 away (RULES.md §10)
    for v in ("waarde", *VERGELIJKINGEN):
        kc[f"niet_werkzaam_{v}"] = 0.0
        for r in regios:
            i_p = kc.index[(kc["regio"] == r) & (kc["indicator"] == "personen")][0]
            i_w = kc.index[(kc["regio"] == r) & (kc["indicator"] == "werkzame_personen")][0]
            kc.at[i_p, f"niet_werkzaam_{v}"] = kc.at[i_p, v] - kc.at[i_w, v]
    pub.voeg_toe(Tabel(
        "kerncijfers", f"Cijfers banenafspraak in het kort, {kwartaal_tekst(kw)}", kc,
        {"kwartaal": kw_kol, "regio": regio_kol, "indicator": Kolom("Indicator", "tekst", waarden=INDICATOR_LABEL),
         "waarde": Kolom(kwartaal_tekst(kw), "decimaal1"), "nulmeting": Kolom("Nulmeting", "decimaal1"),
         "vorig_kwartaal": Kolom(kwartaal_tekst(vorig(kw)), "decimaal1"),
         "zelfde_kwartaal_vorig_jaar": Kolom(kwartaal_tekst(vorig(kw, 4)), "decimaal1"),
         "verschil_nulmeting": Kolom("+/- met nulmeting", "decimaal1"),
         "verschil_vorig_kwartaal": Kolom(f"+/- met {kwartaal_tekst(vorig(kw))}", "decimaal1"),
         "verschil_zelfde_kwartaal_vorig_jaar": Kolom(f"+/- met {kwartaal_tekst(vorig(kw, 4))}", "decimaal1")},
        "Banen, personen en werkzame personen; elk verschil is de waarde min de vergelijking.",
        variabelen=["waarde", *VERGELIJKINGEN, *(f"verschil_{v}" for v in VERGELIJKINGEN),
                    *(f"niet_werkzaam_{v}" for v in ("waarde", *VERGELIJKINGEN))],
        verborgen={f"niet_werkzaam_{v}" for v in ("waarde", *VERGELIJKINGEN)},
        bescherming={"waarde": ["n_waarde"], **{v: [f"n_{v}"] for v in VERGELIJKINGEN},
                     **{f"niet_werkzaam_{v}": [f"niet_werkzaam_{v}"] for v in ("waarde", *VERGELIJKINGEN)}},
        afgeleid={f"verschil_{v}": ["waarde", v] for v in VERGELIJKINGEN}))
    t_kc = pub.tabellen["kerncijfers"]
    for i in range(len(kc)):
        for v in VERGELIJKINGEN:
            pub.relatie(f"kerncijfers[{i}] verschil {v}", [("kerncijfers", i, "waarde", 1), ("kerncijfers", i, v, -1),
                                                           ("kerncijfers", i, f"verschil_{v}", -1)])
    for r in regios:
        i_p, i_w = t_kc.rij(regio=r, indicator="personen"), t_kc.rij(regio=r, indicator="werkzame_personen")
        for v in ("waarde", *VERGELIJKINGEN):
            pub.relatie(f"kerncijfers {r} {v} personen = werkzaam + niet werkzaam",
                        [("kerncijfers", i_p, v, -1), ("kerncijfers", i_w, v, 1), ("kerncijfers", i_p, f"niet_werkzaam_{v}", 1)])
    if alle_regios:
        pub.som_per_groep("kerncijfers", ["waarde", *VERGELIJKINGEN], ["indicator"], "regio", NL)
        pub.som_per_groep("kerncijfers", [f"niet_werkzaam_{v}" for v in ("waarde", *VERGELIJKINGEN)], ["indicator"], "regio", NL)
    if nulmeting_bron == "officieel":
        pub.bekend("kerncijfers", "nulmeting", regio=NL, indicator="banen")

    # banen_soort: banen per soort against the nulmeting
    rijen = []
    for r in regios:
        for s in (*SOORTEN, "totaal"):
            b, n = ("banen", "personen_banen") if s == "totaal" else (f"banen_{s}", f"personen_{s}")
            rijen.append({"kwartaal": kw, "regio": r, "soort": s, "banen": cel(peil.peildatum, r, b),
                          "nulmeting": cel(peil.nulmeting, r, b) * f, "personen_banen": cel(peil.peildatum, r, n),
                          "personen_nulmeting": cel(peil.nulmeting, r, n)})
    bs = pd.DataFrame(rijen)
    bs["extra_banen"] = bs["banen"] - bs["nulmeting"]
    pub.voeg_toe(Tabel(
        "banen_soort", f"Banen naar soort, {kwartaal_tekst(kw)}", bs,
        {"kwartaal": kw_kol, "regio": regio_kol, "soort": Kolom("Soort", "tekst", waarden=SOORT_LABEL),
         "banen": banen_kol, "nulmeting": Kolom("Nulmeting", "decimaal1", "banen"),
         "extra_banen": Kolom("Extra banen", "decimaal1", "banen")},
        "Inleen is een eigen soort (geen verdeelsleutel); regulier naar de sector van de werkgever.",
        variabelen=["banen", "nulmeting", "extra_banen"],
        bescherming={"banen": ["personen_banen"], "nulmeting": ["personen_nulmeting"]},
        afgeleid={"extra_banen": ["banen", "nulmeting"]}))
    t_bs = pub.tabellen["banen_soort"]
    pub.som_per_groep("banen_soort", ["banen", "nulmeting", "extra_banen"], ["regio"], "soort")
    if alle_regios:
        pub.som_per_groep("banen_soort", ["banen", "nulmeting", "extra_banen"], ["soort"], "regio", NL)
    for i in range(len(bs)):
        pub.relatie(f"banen_soort[{i}] extra", [("banen_soort", i, "extra_banen", 1), ("banen_soort", i, "banen", -1),
                                                ("banen_soort", i, "nulmeting", 1)])
    for r in regios:
        k = t_kc.rij(regio=r, indicator="banen")
        j = t_bs.rij(regio=r, soort="totaal")
        pub.gelijk(f"banen {r} kerncijfers = banen_soort", ("kerncijfers", k, "waarde"), ("banen_soort", j, "banen"))
        pub.gelijk(f"nulmeting {r} kerncijfers = banen_soort", ("kerncijfers", k, "nulmeting"), ("banen_soort", j, "nulmeting"))
    if nulmeting_bron == "officieel":
        pub.bekend("banen_soort", "nulmeting", regio=NL, soort="totaal")

    # personen_categorie: the quarter per category and subcategory
    nu = sub.loc[sub["peildatum"] == peil.peildatum]
    nu_cat = cat.loc[cat["peildatum"] == peil.peildatum]
    volgorde = {s: i for i, s in enumerate(SUBCATEGORIE_LABEL)}
    rijen = []
    for r in regios:
        for c in CATEGORIEEN:
            d = nu.loc[(nu["regio"] == r) & (nu["categorie"] == c)]
            for _, x in d.sort_values("subcategorie", key=lambda s: s.map(volgorde).fillna(99)).iterrows():
                rijen.append({"regio": r, "categorie": c, "subcategorie": x["subcategorie"], **x[TELKOLOMMEN].to_dict()})
            dc = nu_cat.loc[(nu_cat["regio"] == r) & (nu_cat["categorie"] == c)]
            if len(dc):
                rijen.append({"regio": r, "categorie": c, "subcategorie": "totaal", **dc.iloc[0][TELKOLOMMEN].to_dict()})
        rijen.append({"regio": r, "categorie": "totaal", "subcategorie": "totaal",
                      **tot_i.loc[(peil.peildatum, r), TELKOLOMMEN].to_dict()})
    pc = pd.DataFrame(rijen)
    pc.insert(0, "kwartaal", kw)
    pc["niet_werkzaam"] = pc["personen"] - pc["werkzame_personen"]
    pub.voeg_toe(Tabel(
        "personen_categorie", f"Personen, werkzame personen en banen naar categorie, {kwartaal_tekst(kw)}", pc,
        {"kwartaal": kw_kol, "regio": regio_kol, "categorie": Kolom("Categorie", "tekst", waarden=CATEGORIE_LABEL),
         "subcategorie": Kolom("Subcategorie", "tekst", waarden=SUBCATEGORIE_LABEL),
         "personen": Kolom("Personen", "geheel", "personen"),
         "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen"), "banen": banen_kol},
        "Categorie en subcategorie van de doelgroep; subcategorie 'totaal' is het categorietotaal.",
        variabelen=["personen", "werkzame_personen", "niet_werkzaam", "banen"], verborgen={"niet_werkzaam"},
        bescherming={"personen": ["personen"], "werkzame_personen": ["werkzame_personen"],
                     "niet_werkzaam": ["niet_werkzaam"], "banen": ["personen_banen"]}, kosten=0.8))
    t_pc = pub.tabellen["personen_categorie"]
    kol_pc = ["personen", "werkzame_personen", "niet_werkzaam", "banen"]
    pub.som_per_groep("personen_categorie", kol_pc, ["regio", "categorie"], "subcategorie")
    pub.som_per_groep("personen_categorie", kol_pc, ["regio", "subcategorie"], "categorie")
    if alle_regios:
        pub.som_per_groep("personen_categorie", kol_pc, ["categorie", "subcategorie"], "regio", NL)
    pub.kolomsom("personen_categorie", "personen", ["werkzame_personen", "niet_werkzaam"])
    for r in regios:
        i = t_pc.rij(regio=r, categorie="totaal", subcategorie="totaal")
        for ind in INDICATOREN:
            pub.gelijk(f"{ind} {r} kerncijfers = personen_categorie", ("kerncijfers", t_kc.rij(regio=r, indicator=ind), "waarde"),
                       ("personen_categorie", i, ind))

    # reeks: every quarter from reeks_vanaf
    reeks_kol = ["personen", "werkzame_personen", "banen", *(f"banen_{s}" for s in SOORTEN)]
    datum_kw = {kwartaal_einde(q): q for q in peil.reeks}
    rk = tot.loc[tot["peildatum"].isin(list(datum_kw))].copy()
    rk.insert(0, "kwartaal", rk["peildatum"].map(datum_kw))
    rk["_v"] = rk["regio"].map({r: i for i, r in enumerate(regios)})
    rk = rk.sort_values(["peildatum", "_v"]).drop(columns=["_v", "peildatum"]).reset_index(drop=True)
    rk["niet_werkzaam"] = rk["personen"] - rk["werkzame_personen"]
    pub.voeg_toe(Tabel(
        "reeks", f"Ontwikkeling per kwartaal, {kwartaal_tekst(peil.reeks[0])} tot en met {kwartaal_tekst(kw)}", rk,
        {"kwartaal": kw_kol, "regio": regio_kol, "personen": Kolom("Personen", "geheel", "personen"),
         "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen"), "banen": banen_kol,
         "banen_regulier_markt": Kolom("Banen regulier markt", "decimaal1", "banen"),
         "banen_regulier_overheid": Kolom("Banen regulier overheid", "decimaal1", "banen"),
         "banen_inleen": Kolom("Banen inleen", "decimaal1", "banen")},
        "Laatste dag van elk kwartaal, elk kwartaal met zijn eigen regels (1 januari, extractiedatum, woonregio).",
        variabelen=[*reeks_kol, "niet_werkzaam"], verborgen={"niet_werkzaam"},
        bescherming={"personen": ["personen"], "werkzame_personen": ["werkzame_personen"], "niet_werkzaam": ["niet_werkzaam"],
                     "banen": ["personen_banen"], **{f"banen_{s}": [f"personen_{s}"] for s in SOORTEN}}, kosten=0.5))
    t_rk = pub.tabellen["reeks"]
    pub.kolomsom("reeks", "banen", [f"banen_{s}" for s in SOORTEN])
    pub.kolomsom("reeks", "personen", ["werkzame_personen", "niet_werkzaam"])
    if alle_regios:
        pub.som_per_groep("reeks", [*reeks_kol, "niet_werkzaam"], ["kwartaal"], "regio", NL)
    for r in regios:
        for v, q in (("waarde", kw), ("vorig_kwartaal", vorig(kw)), ("zelfde_kwartaal_vorig_jaar", vorig(kw, 4))):
            if q not in peil.reeks:
                continue
            j = t_rk.rij(kwartaal=q, regio=r)
            for ind in INDICATOREN:
                pub.gelijk(f"reeks {q} {r} {ind} = kerncijfers {v}", ("reeks", j, ind),
                           ("kerncijfers", t_kc.rij(regio=r, indicator=ind), v))
        j = t_rk.rij(kwartaal=kw, regio=r)
        for s in SOORTEN:
            pub.gelijk(f"reeks {kw} {r} {s} = banen_soort", ("reeks", j, f"banen_{s}"),
                       ("banen_soort", t_bs.rij(regio=r, soort=s), "banen"))

    # reeks_categorie: the last quarters per category (factsheet grafiek 2 and 3)
    n_kw = int(parameter("trendrapportage.factsheet_kwartalen", peil.peildatum))
    laatste = [q for q in peil.reeks[-n_kw:]]
    datum_l = {kwartaal_einde(q): q for q in laatste}
    rc = cat.loc[cat["peildatum"].isin(list(datum_l))].copy()
    rc.insert(0, "kwartaal", rc["peildatum"].map(datum_l))
    rc["_v"] = rc["regio"].map({r: i for i, r in enumerate(regios)})
    rc["_c"] = rc["categorie"].map({c: i for i, c in enumerate(CATEGORIEEN)})
    rc = rc.sort_values(["peildatum", "_v", "_c"]).drop(columns=["_v", "_c", "peildatum"]).reset_index(drop=True)
    rc["niet_werkzaam"] = rc["personen"] - rc["werkzame_personen"]
    pub.voeg_toe(Tabel(
        "reeks_categorie", f"Personen en werkzame personen naar categorie, {kwartaal_tekst(laatste[0])} tot en met "
                           f"{kwartaal_tekst(kw)}", rc,
        {"kwartaal": kw_kol, "regio": regio_kol, "categorie": Kolom("Categorie", "tekst", waarden=CATEGORIE_LABEL),
         "personen": Kolom("Personen", "geheel", "personen"),
         "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen")},
        "De laatste kwartalen; grafiek 2 en 3 van de factsheets.",
        variabelen=["personen", "werkzame_personen", "niet_werkzaam"], verborgen={"niet_werkzaam"},
        bescherming={"personen": ["personen"], "werkzame_personen": ["werkzame_personen"], "niet_werkzaam": ["niet_werkzaam"]},
        kosten=0.5))
    t_rc = pub.tabellen["reeks_categorie"]
    pub.kolomsom("reeks_categorie", "personen", ["werkzame_personen", "niet_werkzaam"])
    if alle_regios:
        pub.som_per_groep("reeks_categorie", ["personen", "werkzame_personen", "niet_werkzaam"], ["kwartaal", "categorie"],
                          "regio", NL)
    for q in laatste:
        for r in regios:
            delen = t_rc.rijen(kwartaal=q, regio=r)
            j = t_rk.rij(kwartaal=q, regio=r)
            for k in ("personen", "werkzame_personen", "niet_werkzaam"):
                pub.relatie(f"reeks_categorie {q} {r} {k}", [("reeks", j, k, -1), *[("reeks_categorie", i, k, 1) for i in delen]])
    for r in regios:
        for c in CATEGORIEEN:
            if t_pc.rijen(regio=r, categorie=c, subcategorie="totaal") and t_rc.rijen(kwartaal=kw, regio=r, categorie=c):
                for k in ("personen", "werkzame_personen"):
                    pub.gelijk(f"reeks_categorie {kw} {r} {c} {k}", ("reeks_categorie", t_rc.rij(kwartaal=kw, regio=r, categorie=c), k),
                               ("personen_categorie", t_pc.rij(regio=r, categorie=c, subcategorie="totaal"), k))

    # regio_overzicht: the regions side by side (the dashboard's comparison of regions)
    ro_regios = [r for r in regios if r != ONBEKEND]
    ro = pd.DataFrame({"kwartaal": kw, "regio": ro_regios, "regio_naam": [namen[r] for r in ro_regios]})
    for k in ("banen", "personen", "werkzame_personen", "personen_banen"):
        ro[k] = [cel(peil.peildatum, r, k) for r in ro_regios]
    ro["extra_banen"] = [float(bs.loc[(bs["regio"] == r) & (bs["soort"] == "totaal"), "extra_banen"].iloc[0]) for r in ro_regios]
    ro["personen_nulmeting"] = [cel(peil.nulmeting, r, "personen_banen") for r in ro_regios]
    ro["aandeel_werkzaam"] = np.where(ro["personen"] > 0, ro["werkzame_personen"] / ro["personen"].where(ro["personen"] > 0, 1), np.nan)
    # the growth against the same quarter a year earlier (the only comparable quarter, S2 Q23), as kerncijfers
    vj = "verschil_zelfde_kwartaal_vorig_jaar"
    kc_i = kc.set_index(["regio", "indicator"])
    for ind in INDICATOREN:
        ro[f"{ind}_{vj}"] = [float(kc_i.at[(r, ind), vj]) for r in ro_regios]
    pub.voeg_toe(Tabel(
        "regio_overzicht", f"Arbeidsmarktregio's vergeleken, {kwartaal_tekst(kw)}", ro,
        {"kwartaal": kw_kol, "regio": Kolom("Regio", "tekst"), "regio_naam": Kolom("Arbeidsmarktregio", "tekst"),
         "banen": banen_kol, "extra_banen": Kolom("Extra banen t.o.v. nulmeting", "decimaal1", "banen"),
         "personen": Kolom("Personen", "geheel", "personen"), "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen"),
         "aandeel_werkzaam": Kolom("Aandeel werkzaam", "procent"),
         f"banen_{vj}": Kolom(f"Banen +/- met {kwartaal_tekst(vorig(kw, 4))}", "decimaal1", "banen"),
         f"personen_{vj}": Kolom(f"Personen +/- met {kwartaal_tekst(vorig(kw, 4))}", "geheel"),
         f"werkzame_personen_{vj}": Kolom(f"Werkzame personen +/- met {kwartaal_tekst(vorig(kw, 4))}", "geheel")},
        "Eén rij per arbeidsmarktregio en Nederland; aandeel werkzaam = werkzame personen / personen; de groei "
        "ten opzichte van hetzelfde kwartaal een jaar eerder (het enige vergelijkbare kwartaal, seizoen).",
        variabelen=["banen", "extra_banen", "personen", "werkzame_personen", *(f"{ind}_{vj}" for ind in INDICATOREN)],
        bescherming={"banen": ["personen_banen"], "extra_banen": ["personen_banen", "personen_nulmeting"],
                     "personen": ["personen"], "werkzame_personen": ["werkzame_personen"]},
        afgeleid={"aandeel_werkzaam": ["werkzame_personen", "personen"], **{f"{ind}_{vj}": [ind] for ind in INDICATOREN}}))
    t_ro = pub.tabellen["regio_overzicht"]
    for r in ro_regios:
        i = t_ro.rij(regio=r)
        for ind in INDICATOREN:
            pub.gelijk(f"regio_overzicht {r} {ind}", ("regio_overzicht", i, ind), ("kerncijfers", t_kc.rij(regio=r, indicator=ind), "waarde"))
        pub.gelijk(f"regio_overzicht {r} extra", ("regio_overzicht", i, "extra_banen"), ("banen_soort", t_bs.rij(regio=r, soort="totaal"), "extra_banen"))
        for ind in INDICATOREN:
            pub.gelijk(f"regio_overzicht {r} {ind} {vj}", ("regio_overzicht", i, f"{ind}_{vj}"),
                       ("kerncijfers", t_kc.rij(regio=r, indicator=ind), vj))

    # verloop, verloop_samenvatting and bruto_netto (RULES.md §6), checked before anything is published
    if kt.verloop is not None:
        _voeg_verloop_toe(pub, kt, regios, tot, alle_regios, nulmeting_bron)

    # volledigheid: what the completeness rule left out, by tijdvak type (NL)
    vl = kt.volledigheid.loc[kt.volledigheid["peildatum"].isin([peil.peildatum, peil.vorig_kwartaal, peil.zelfde_kwartaal_vorig_jaar])].copy()
    vl.insert(0, "kwartaal", vl["peildatum"].map(kwartaal_van))
    vl = vl.drop(columns="peildatum").sort_values(["kwartaal", "tijdvak_type"], ascending=[False, True]).reset_index(drop=True)
    for k in ("opgaven", "personen", "opgaven_weggelaten", "personen_weggelaten"):
        vl[k] = vl[k].astype("int64")
    pub.voeg_toe(Tabel(
        "volledigheid", "Volledigheid van de polis: later verwerkte loonaangiften die niet meetellen", vl,
        {"kwartaal": kw_kol, "tijdvak_type": Kolom("Aangiftetijdvak", "tekst"), "opgaven": Kolom("Opgaven", "geheel"),
         "opgaven_weggelaten": Kolom("Opgaven niet meegeteld", "geheel"),
         "personen_weggelaten": Kolom("Personen met een opgave niet meegeteld", "geheel"),
         "banen_weggelaten": Kolom("Banen niet meegeteld", "decimaal1", "banen")},
        "Opgaven van de doelgroep in het tijdvak van de peildatum (zonder beschut werk), per tijdvaktype; niet meegeteld: "
        "verwerkt na de extractiedatum." + ("" if kt.volledigheid_maanden else " Deze run telt de volledige polis."),
        variabelen=["opgaven", "opgaven_weggelaten", "personen_weggelaten", "banen_weggelaten"],
        bescherming={"opgaven": ["personen"], "opgaven_weggelaten": ["personen_weggelaten"],
                     "personen_weggelaten": ["personen_weggelaten"], "banen_weggelaten": ["personen_weggelaten"]}, kosten=0.5))
    # the target of the factsheet (S4): none before the first target year (2015)
    extra = _of_none(doelstelling(doelstelling_jaar(peil.peildatum), schaal)["totaal"])
    doel = {"doelstelling_jaar": doelstelling_jaar(peil.peildatum) if extra is not None else None, "doelstelling_extra": extra}
    pub.info.update({"peildatum_vorig_kwartaal": str(peil.vorig_kwartaal.date()),
                     "peildatum_zelfde_kwartaal_vorig_jaar": str(peil.zelfde_kwartaal_vorig_jaar.date()),
                     "peildatum_nulmeting": str(peil.nulmeting.date()), "reeks_vanaf": peil.reeks[0],
                     "factsheet_kwartalen": laatste, **doel,
                     "schaal": schaal, "aantal_peildata": len(peil.alle),
                     # the tables that cover more than the quarter say so on their sheet
                     "peildata": {"reeks": f"{kwartaal_einde(peil.reeks[0]).date()} t/m {peil.peildatum.date()}",
                                  "reeks_categorie": f"{kwartaal_einde(laatste[0]).date()} t/m {peil.peildatum.date()}",
                                  "volledigheid": f"{peil.zelfde_kwartaal_vorig_jaar.date()}, {peil.vorig_kwartaal.date()}, "
                                                  f"{peil.peildatum.date()}"}})
    return pub


def _vergelijking(peil: Kwartaalpeil, van) -> str:
    """The kerncijfers comparator of a pair's ``van`` date."""
    return {peil.vorig_kwartaal: "vorig_kwartaal", peil.zelfde_kwartaal_vorig_jaar: "zelfde_kwartaal_vorig_jaar",
            peil.nulmeting: "nulmeting"}[ts(van)]


def _voeg_verloop_toe(pub, kt: Kwartaaltelling, regios: list[str], tot: pd.DataFrame, alle_regios: bool,
                      nulmeting_bron: str) -> None:
    """Tables ``verloop``, ``verloop_samenvatting`` and ``bruto_netto`` (RULES.md §6; DATA_CONTRACT.md) with
    every relation a reader can use: the summary is sums of verloop cells; the stocks of kerncijfers
    reconcile with the flows (previous total − uitstroom + instroom = current total, and the two werkzaam
    identities); the categories now with personen_categorie; regions add up to NL in every flow that is not
    a move; the six components add up to ``netto``, which is the
    difference of the published banen (kerncijfers, reeks, banen_soort). The identities are checked on
    the counted figures first (``verloop.controleer_identiteiten``): a break stops the run. The blijvers of
    NL are not the sum of the regions' blijvers: the difference is the persons who moved between regions,
    which no table publishes as a cell (README, decisions)."""
    from . import verloop as vl
    from .publicatie import Kolom, Tabel

    peil, kw = kt.peil, kt.peil.kwartaal
    paren = verloop_paren(peil, kt.verloop_van)
    bn_paren = [p for p in vergelijk_paren(peil) if not (p[0] == peil.nulmeting and nulmeting_bron != "data")]
    t_kc = pub.tabellen["kerncijfers"]

    # the identities on the counted figures (every region of the run and NL)
    tot_i = tot.set_index(["peildatum", "regio"])
    rijen = []
    for van, tot_d in {*paren, *bn_paren}:
        for r in regios:
            rij = {"van": van, "tot": tot_d, "regio": r, "personen_van": tot_i.at[(van, r), "personen"],
                   "personen_tot": tot_i.at[(tot_d, r), "personen"], "werkzaam_van": tot_i.at[(van, r), "werkzame_personen"],
                   "werkzaam_tot": tot_i.at[(tot_d, r), "werkzame_personen"]}
            for k, d in (("van", van), ("tot", tot_d)):
                rij[f"banen_{k}_totaal"] = tot_i.at[(d, r), "banen"]
                for s_ in SOORTEN:
                    rij[f"banen_{k}_{s_}"] = tot_i.at[(d, r), f"banen_{s_}"]
            rijen.append(rij)
    voorraad = pd.DataFrame(rijen)
    for k in ("van", "tot"):
        voorraad[k] = voorraad[k].astype("datetime64[s]")
    telling = vl.grid(paren, regios).merge(kt.verloop, on=["van", "tot", "regio", "stroom", "werkzaam_status", "reden", "categorie"],
                                           how="left")
    onbekend = kt.verloop.merge(telling[["van", "tot", "regio", "stroom", "werkzaam_status", "reden", "categorie"]], how="left",
                                indicator=True)
    onbekend = onbekend.loc[(onbekend["_merge"] == "left_only") & onbekend["regio"].isin(regios)]
    if len(onbekend):  # a code outside the grid would be lost: never silently
        raise vl.IdentiteitFout(f"verloop: onverwachte cel {onbekend.iloc[0].drop('_merge').to_dict()}")
    telling["personen"] = telling["personen"].fillna(0).astype("int64")
    bn = kt.bruto_netto
    bn = bn.loc[bn["regio"].isin(regios) & bn[["van", "tot"]].apply(tuple, axis=1).isin(bn_paren)]
    vl.controleer_identiteiten(telling, voorraad, bn)

    # verloop
    d = telling.copy()
    d.insert(0, "kwartaal", kw)
    d.insert(1, "van_kwartaal", d["van"].map(kwartaal_van))
    d = d.drop(columns=["van", "tot", "verhuisd"])
    regio_kol = pub.tabellen["kerncijfers"].kolommen["regio"]
    kw_kol = Kolom("Kwartaal", "tekst")
    pub.voeg_toe(Tabel(
        "verloop", f"Verloop van personen in de banenafspraak, {kwartaal_tekst(kw)}", d,
        {"kwartaal": kw_kol, "van_kwartaal": Kolom("Vergeleken met", "tekst"), "regio": regio_kol,
         "stroom": Kolom("Stroom", "tekst", waarden=vl.STROOM_LABEL),
         "werkzaam_status": Kolom("Werkzaam", "tekst", waarden=vl.STATUS_LABEL),
         "reden": Kolom("Reden", "tekst", waarden=vl.REDEN_LABEL),
         "categorie": Kolom("Categorie", "tekst", waarden=CATEGORIE_LABEL), "personen": Kolom("Personen", "geheel", "personen")},
        "Uitstromers (werkzaam en categorie op de vorige peildatum), instromers (op de huidige) met één reden; "
        "blijvers naar werkverloop en de categorie op de huidige peildatum. Een verhuizing tussen regio's is vertrek "
        "uit de ene en aankomst in de andere regio; voor Nederland blijft de persoon.",
        variabelen=["personen"], bescherming={"personen": ["personen"]}, kosten=0.05))
    t_v = pub.tabellen["verloop"]

    # verloop_samenvatting: the totals the factsheet shows
    rijen, delen = [], []
    for van, tot_d in paren:
        vk = kwartaal_van(van)
        for r in regios:
            def sel(**k):
                return t_v.rijen(van_kwartaal=vk, regio=r, **k)

            for stroom, redenen in (("uitstroom", vl.REDENEN_UITSTROOM), ("instroom", vl.REDENEN_INSTROOM)):
                redenen = [x for x in redenen if not (r == NL and x in (vl.VERTREK, vl.AANKOMST))]
                rijen.append((vk, r, stroom, "totaal", "totaal")); delen.append(sel(stroom=stroom))
                for ws in vl.WERKZAAM_STATUS:
                    rijen.append((vk, r, stroom, ws, "totaal")); delen.append(sel(stroom=stroom, werkzaam_status=ws))
                for x in redenen:
                    rijen.append((vk, r, stroom, "totaal", x)); delen.append(sel(stroom=stroom, reden=x))
            rijen.append((vk, r, "blijver", "totaal", "")); delen.append(sel(stroom="blijver"))
            for ws in vl.BLIJVER_STATUS:
                rijen.append((vk, r, "blijver", ws, "")); delen.append(sel(stroom="blijver", werkzaam_status=ws))
    sv = pd.DataFrame(rijen, columns=["van_kwartaal", "regio", "stroom", "werkzaam_status", "reden"])
    sv.insert(0, "kwartaal", kw)
    sv["personen"] = [int(t_v.data.loc[i, "personen"].sum()) for i in delen]
    pub.voeg_toe(Tabel(
        "verloop_samenvatting", f"Verloop in totalen, {kwartaal_tekst(kw)}", sv,
        {"kwartaal": kw_kol, "van_kwartaal": Kolom("Vergeleken met", "tekst"), "regio": regio_kol,
         "stroom": Kolom("Stroom", "tekst", waarden=vl.STROOM_LABEL),
         "werkzaam_status": Kolom("Werkzaam", "tekst", waarden=vl.STATUS_LABEL),
         "reden": Kolom("Reden", "tekst", waarden=vl.REDEN_LABEL), "personen": Kolom("Personen", "geheel", "personen")},
        "Uitstroom en instroom in totaal, naar werkzaam en naar reden; blijvers naar werkverloop (de grafiek 4 van de factsheet).",
        variabelen=["personen"], bescherming={"personen": ["personen"]}, kosten=0.1))
    t_s = pub.tabellen["verloop_samenvatting"]
    for j, ids in enumerate(delen):
        pub.relatie(f"verloop_samenvatting[{j}] = som verloop", [("verloop_samenvatting", j, "personen", -1),
                                                                   *[("verloop", i, "personen", 1) for i in ids]])

    # the stocks reconcile with the flows (RULES.md §6), in the published cells
    for van, tot_d in paren:
        vk, v = kwartaal_van(van), _vergelijking(peil, van)

        def s_(**k):
            return ("verloop_samenvatting", t_s.rij(van_kwartaal=vk, **k), "personen")

        for r in regios:
            kp, kwz = t_kc.rij(regio=r, indicator="personen"), t_kc.rij(regio=r, indicator="werkzame_personen")
            pub.relatie(f"verloop {r} {vk}: vorige stand - uitstroom + instroom = stand",
                        [("kerncijfers", kp, v, 1), (*s_(regio=r, stroom="uitstroom", werkzaam_status="totaal", reden="totaal"), -1),
                         (*s_(regio=r, stroom="instroom", werkzaam_status="totaal", reden="totaal"), 1), ("kerncijfers", kp, "waarde", -1)])
            pub.relatie(f"verloop {r} {vk}: werkzaam voor = behoudt + verliest + werkzame uitstromers",
                        [("kerncijfers", kwz, v, 1), (*s_(regio=r, stroom="blijver", werkzaam_status="behoudt_werk", reden=""), -1),
                         (*s_(regio=r, stroom="blijver", werkzaam_status="verliest_werk", reden=""), -1),
                         (*s_(regio=r, stroom="uitstroom", werkzaam_status="werkzaam", reden="totaal"), -1)])
            pub.relatie(f"verloop {r} {vk}: werkzaam nu = behoudt + vindt + werkzame instromers",
                        [("kerncijfers", kwz, "waarde", 1), (*s_(regio=r, stroom="blijver", werkzaam_status="behoudt_werk", reden=""), -1),
                         (*s_(regio=r, stroom="blijver", werkzaam_status="vindt_werk", reden=""), -1),
                         (*s_(regio=r, stroom="instroom", werkzaam_status="werkzaam", reden="totaal"), -1)])
            pub.relatie(f"verloop {r} {vk}: niet werkzaam voor = vindt + zonder + niet werkzame uitstromers",
                        [("kerncijfers", kp, f"niet_werkzaam_{v}", 1),
                         (*s_(regio=r, stroom="blijver", werkzaam_status="vindt_werk", reden=""), -1),
                         (*s_(regio=r, stroom="blijver", werkzaam_status="zonder_werk", reden=""), -1),
                         (*s_(regio=r, stroom="uitstroom", werkzaam_status="niet_werkzaam", reden="totaal"), -1)])
            # the categories now: personen_categorie = blijvers + instromers of the category
            t_pc = pub.tabellen["personen_categorie"]
            for c in CATEGORIEEN:
                if not t_pc.rijen(regio=r, categorie=c, subcategorie="totaal"):
                    continue
                i = t_pc.rij(regio=r, categorie=c, subcategorie="totaal")
                nu_ = t_v.rijen(van_kwartaal=vk, regio=r, categorie=c, stroom=["blijver", "instroom"])
                pub.relatie(f"verloop {r} {vk} {c}: personen = blijvers + instromers",
                            [("personen_categorie", i, "personen", -1), *[("verloop", x, "personen", 1) for x in nu_]])
                wz = [x for x in nu_ if t_v.data.at[x, "werkzaam_status"] in ("behoudt_werk", "vindt_werk", "werkzaam")]
                pub.relatie(f"verloop {r} {vk} {c}: werkzaam = behoudt + vindt + werkzame instromers",
                            [("personen_categorie", i, "werkzame_personen", -1), *[("verloop", x, "personen", 1) for x in wz]])
        if alle_regios:  # the regions add up to NL in every flow that is not a move (RULES.md §10: region -> NL)
            andere = [r for r in regios if r != NL]
            nl = t_v.data.loc[(t_v.data["regio"] == NL) & (t_v.data["van_kwartaal"] == vk) & (t_v.data["stroom"] != "blijver")]
            for i, x in nl.iterrows():
                ids = t_v.rijen(van_kwartaal=vk, regio=andere, stroom=x["stroom"], werkzaam_status=x["werkzaam_status"],
                                reden=x["reden"], categorie=x["categorie"])
                pub.relatie(f"verloop {vk} regio's = NL [{i}]", [("verloop", i, "personen", -1), *[("verloop", j, "personen", 1) for j in ids]])

    # bruto_netto: per compared pair, region and soort the six components and their totals
    soorten = (*SOORTEN, "totaal")
    rijen = []
    bn_i = bn.set_index(["van", "tot", "regio", "soort"])
    for van, tot_d in bn_paren:
        for r in regios:
            for s_ in soorten:
                sleutel = (van, tot_d, r, s_)
                for comp in (*vl.COMPONENTEN, *vl.TOTALEN):
                    n_kol = f"n_{comp}"
                    w = float(bn_i.at[sleutel, comp]) if sleutel in bn_i.index else 0.0
                    n = int(bn_i.at[sleutel, n_kol]) if sleutel in bn_i.index else 0
                    rijen.append({"kwartaal": kw, "vergelijking": _vergelijking(peil, van), "van": str(van.date()),
                                  "tot": str(tot_d.date()), "regio": r, "soort": s_, "component": comp, "banen": w, "n": n})
    b = pd.DataFrame(rijen)
    pub.voeg_toe(Tabel(
        "bruto_netto", f"Banengroei bruto en netto, {kwartaal_tekst(kw)}", b,
        {"kwartaal": kw_kol, "vergelijking": Kolom("Vergeleken met", "tekst", waarden={
            "vorig_kwartaal": kwartaal_tekst(vorig(kw)), "zelfde_kwartaal_vorig_jaar": kwartaal_tekst(vorig(kw, 4)),
            "nulmeting": "Nulmeting"}),
         "van": Kolom("Van", "tekst"), "tot": Kolom("Tot", "tekst"), "regio": regio_kol,
         "soort": Kolom("Soort", "tekst", waarden=SOORT_LABEL),
         "component": Kolom("Component", "tekst", waarden=vl.COMPONENT_LABEL), "banen": Kolom("Banen", "decimaal1", "banen")},
        "Toename (+) en afname (−) van banen tussen twee peildata: door instroom en uitstroom van personen, nieuwe en "
        "beëindigde banen van blijvers en meer of minder uren in banen op beide peildata; netto = banen nu − banen toen. "
        "Banen die tussen de twee peildata beginnen en eindigen zijn niet zichtbaar.",
        variabelen=["banen"], bescherming={"banen": ["n"]}, kosten=0.2))
    t_b = pub.tabellen["bruto_netto"]
    vl.bruto_netto_relaties(pub, "bruto_netto", SOORTEN, regio_totaal=NL if alle_regios else None)
    for van, tot_d in bn_paren:
        v = _vergelijking(peil, van)
        for r in regios:
            def c_(s_, comp):
                return t_b.rij(vergelijking=v, regio=r, soort=s_, component=comp)

            # netto is the difference of the published banen
            kb = t_kc.rij(regio=r, indicator="banen")
            pub.relatie(f"bruto_netto {v} {r} netto = kerncijfers", [("bruto_netto", c_("totaal", "netto"), "banen", -1),
                                                                     ("kerncijfers", kb, "waarde", 1), ("kerncijfers", kb, v, -1)])
            if v == "nulmeting":
                t_bs = pub.tabellen["banen_soort"]
                for s_ in SOORTEN:
                    pub.gelijk(f"bruto_netto nulmeting {r} {s_} = extra banen", ("bruto_netto", c_(s_, "netto"), "banen"),
                               ("banen_soort", t_bs.rij(regio=r, soort=s_), "extra_banen"))
            else:
                t_rk = pub.tabellen["reeks"]
                q0, q1 = kwartaal_van(van), kwartaal_van(tot_d)
                if t_rk.rijen(kwartaal=q0, regio=r) and t_rk.rijen(kwartaal=q1, regio=r):
                    for s_ in SOORTEN:
                        pub.relatie(f"bruto_netto {v} {r} {s_} netto = reeks",
                                    [("bruto_netto", c_(s_, "netto"), "banen", -1), ("reeks", t_rk.rij(kwartaal=q1, regio=r), f"banen_{s_}", 1),
                                     ("reeks", t_rk.rij(kwartaal=q0, regio=r), f"banen_{s_}", -1)])
    # the data-quality exception of S2 Q28: Praktijkroute instromers are always werkzaam
    nl = t_v.data.loc[(t_v.data["regio"] == regios[0]) & (t_v.data["stroom"] == "instroom") & (t_v.data["reden"] == "praktijkroute")
                      & (t_v.data["werkzaam_status"] == "niet_werkzaam")]
    pub.info["verloop_van"] = kt.verloop_van
    pub.info["verloop_kwartalen"] = [kwartaal_van(v) for v, _ in paren]
    pub.info["praktijkroute_niet_werkzaam"] = {vk: int(nl.loc[nl["van_kwartaal"] == vk, "personen"].sum())
                                               for vk in pub.info["verloop_kwartalen"]}


# --------------------------------------------------------------------------- what the report shows

def samenvatting_tekst(gep) -> str:
    """The national headline in Dutch, from the published cells (a suppressed cell reads ``*``)."""
    kw = gep.bron.info["kwartaal"]
    regio = NL if gep.bron.tabellen["kerncijfers"].rijen(regio=NL) else None
    if regio is None:
        return ""

    def t(kolom, ind):  # whole numbers as the factsheet prints them; a difference with its sign
        from .publicatie import getal, md

        w = gep.waarde("kerncijfers", kolom, regio=NL, indicator=ind)
        return md(verschil_tekst(w) if kolom.startswith("verschil_") else getal(w))

    return (f"Op {datum_tekst(gep.bron.peildatum)} waren er in Nederland **{t('waarde', 'banen')} banen** binnen de "
            f"banenafspraak, {t('verschil_nulmeting', 'banen')} ten opzichte van de nulmeting en "
            f"{t('verschil_zelfde_kwartaal_vorig_jaar', 'banen')} ten opzichte van {kwartaal_tekst(vorig(kw, 4))}. "
            f"In de doelgroep waren **{t('waarde', 'personen')} personen**, van wie {t('waarde', 'werkzame_personen')} "
            f"werkzaam ({t('verschil_zelfde_kwartaal_vorig_jaar', 'werkzame_personen')} ten opzichte van een jaar eerder).")


def _plus(v: str) -> str:
    return v if v.startswith(("-", "*")) or v in ("0", "0,0") else f"+{v}"


def kerncijfers_weergave(gep, regio: str = NL) -> pd.DataFrame:
    """The "Cijfers banenafspraak in het kort" of a region as the factsheet prints it: whole numbers, a
    sign on each difference, ``*`` for a suppressed cell."""
    kw = gep.bron.info["kwartaal"]
    rijen = []
    for ind in INDICATOREN:
        rij = {"": INDICATOR_LABEL[ind], kwartaal_tekst(kw): _geheel(gep, "waarde", regio, ind)}
        # the factsheet's order (S4): nulmeting, the same quarter a year earlier, the previous quarter
        for v, label in (("nulmeting", "nulmeting"), ("zelfde_kwartaal_vorig_jaar", kwartaal_tekst(vorig(kw, 4))),
                         ("vorig_kwartaal", kwartaal_tekst(vorig(kw)))):
            rij[label] = _geheel(gep, v, regio, ind)
            rij[f"+/- met {label}"] = verschil_tekst(gep.waarde("kerncijfers", f"verschil_{v}", regio=regio, indicator=ind))
        rijen.append(rij)
    return pd.DataFrame(rijen)


def _geheel(gep, kolom: str, regio: str, ind: str) -> str:
    from .publicatie import getal

    return getal(gep.waarde("kerncijfers", kolom, regio=regio, indicator=ind))


def figuur_regio_overzicht(gep):
    """Two ranked bar charts of the regions: extra banen against the nulmeting and the share werkzaam
    (a suppressed value is left out and named under the chart)."""
    import matplotlib.pyplot as plt

    ro = gep["regio_overzicht"]
    ro = ro.loc[ro["regio"] != NL]
    fig, assen = plt.subplots(1, 2, figsize=(13, max(4.0, 0.28 * len(ro) + 1)))
    for as_, kolom, titel, schaal in ((assen[0], "extra_banen", "Extra banen t.o.v. de nulmeting", 1.0),
                                      (assen[1], "aandeel_werkzaam", "Aandeel werkzame personen (%)", 100.0)):
        d = ro[["regio_naam", kolom]].dropna().astype({kolom: float}).sort_values(kolom)
        as_.barh(d["regio_naam"], d[kolom] * schaal, color="#4c72b0")
        as_.set_title(titel)
        as_.tick_params(axis="y", labelsize=8)
        weg = ro.loc[ro[kolom].isna(), "regio_naam"].tolist()
        if weg:
            as_.set_xlabel("niet getoond (*): " + ", ".join(weg), fontsize=7)
    fig.tight_layout()
    return fig


def figuur_reeks(gep, regio: str = NL):
    """Banen by soort (stacked) and persons / werkzame personen per quarter of one region."""
    import matplotlib.pyplot as plt

    r = gep["reeks"]
    r = r.loc[r["regio"] == regio]
    fig, assen = plt.subplots(1, 2, figsize=(14, 4))
    x = np.arange(len(r))
    onder = np.zeros(len(r))
    for s, kleur in zip(SOORTEN, ("#4c72b0", "#55a868", "#c44e52")):
        w = r[f"banen_{s}"].astype(float).fillna(0).to_numpy()
        assen[0].bar(x, w, bottom=onder, color=kleur, label=SOORT_LABEL[s], width=0.8)
        onder += w
    assen[0].set_title("Banen naar soort")
    assen[1].plot(x, r["personen"].astype(float), marker=".", label="personen")
    assen[1].plot(x, r["werkzame_personen"].astype(float), marker=".", label="werkzame personen")
    assen[1].set_title("Personen en werkzame personen")
    stap = max(1, len(r) // 10)
    for as_ in assen:
        as_.set_xticks(x[::stap])
        as_.set_xticklabels([kwartaal_tekst(q) for q in r["kwartaal"].tolist()[::stap]], rotation=45, ha="right", fontsize=8)
        as_.legend(fontsize=8)
    fig.tight_layout()
    return fig


def verloop_tekst(gep, regio: str = NL) -> str:
    """The flows of a region in Dutch, from the published cells (``*`` for a suppressed one): outflow and
    inflow, the persons without a reason found (``overig``, always shown) and the data-quality exception of
    S2 Q28 (Praktijkroute instromers who are not werkzaam)."""
    from . import verloop as vl
    from .publicatie import md

    info = gep.bron.info
    if "verloop_kwartalen" not in info:
        return ""
    vk = info["verloop_kwartalen"][0]

    def s(**k):
        return md(gep.tekst("verloop_samenvatting", "personen", van_kwartaal=vk, regio=regio, **k))

    praktijk = gep.tekst("verloop", "personen", van_kwartaal=vk, regio=regio, stroom="instroom", werkzaam_status="niet_werkzaam",
                         reden="praktijkroute", categorie="participatiewet")
    tekst = (f"Tussen {kwartaal_tekst(vk)} en {kwartaal_tekst(info['kwartaal'])} stroomden **{s(stroom='uitstroom', werkzaam_status='totaal', reden='totaal')}** "
             f"personen uit de doelgroep (van wie {s(stroom='uitstroom', werkzaam_status='werkzaam', reden='totaal')} werkzaam) en "
             f"**{s(stroom='instroom', werkzaam_status='totaal', reden='totaal')}** in (van wie {s(stroom='instroom', werkzaam_status='werkzaam', reden='totaal')} "
             f"werkzaam). Van {s(stroom='blijver', werkzaam_status='totaal', reden='')} blijvers behielden "
             f"{s(stroom='blijver', werkzaam_status='behoudt_werk', reden='')} hun werk, vonden {s(stroom='blijver', werkzaam_status='vindt_werk', reden='')} "
             f"werk en verloren {s(stroom='blijver', werkzaam_status='verliest_werk', reden='')} het. Zonder gevonden reden (*overig*): "
             f"{s(stroom='uitstroom', werkzaam_status='totaal', reden=vl.OVERIG)} uitstromers en "
             f"{s(stroom='instroom', werkzaam_status='totaal', reden=vl.OVERIG)} instromers.")
    if praktijk != "0":
        tekst += (f" **Datakwaliteit:** {md(praktijk)} instromer(s) via de Praktijkroute is/zijn niet werkzaam, terwijl "
                  "een Praktijkroute-registratie altijd op werk rust (S2 Q28); controleer de bron.")
    return tekst


def figuur_verloop(gep, regio: str = NL):
    """Grafiek 4 in the report: outflow and inflow by reason, and the blijvers by werkzaam status and
    category (published cells; a suppressed one is left out and marked ``*`` in its label)."""
    import matplotlib.pyplot as plt

    from . import verloop as vl

    vk = gep.bron.info["verloop_kwartalen"][0]
    sv = gep["verloop_samenvatting"]
    sv = sv.loc[(sv["van_kwartaal"] == vk) & (sv["regio"] == regio)]
    v = gep["verloop"]
    v = v.loc[(v["van_kwartaal"] == vk) & (v["regio"] == regio) & (v["stroom"] == "blijver")]
    fig, assen = plt.subplots(1, 3, figsize=(15, 4.2))
    for as_, stroom, redenen, kleur in ((assen[0], "uitstroom", vl.REDENEN_UITSTROOM, "#c44e52"),
                                        (assen[1], "instroom", vl.REDENEN_INSTROOM, "#55a868")):
        d = sv.loc[(sv["stroom"] == stroom) & (sv["werkzaam_status"] == "totaal") & sv["reden"].isin(redenen)]
        d = d.set_index("reden").reindex([r for r in redenen if r in set(d["reden"])])
        labels = [vl.REDEN_LABEL[r] + ("" if pd.notna(w) else " (*)") for r, w in d["personen"].items()]
        as_.barh(labels[::-1], d["personen"].astype(float).fillna(0).to_numpy()[::-1], color=kleur)
        as_.set_title(f"{vl.STROOM_LABEL[stroom]} naar reden")
    breed = v.pivot_table(index="werkzaam_status", columns="categorie", values="personen", aggfunc="first", dropna=False)
    breed = breed.reindex(list(vl.BLIJVER_STATUS))
    onder = np.zeros(len(breed))
    for c, kleur in zip(CATEGORIEEN, ("#4c72b0", "#dd8452", "#8172b3")):
        w = breed[c].astype(float).fillna(0).to_numpy() if c in breed else np.zeros(len(breed))
        assen[2].bar([vl.STATUS_LABEL[x] for x in breed.index], w, bottom=onder, color=kleur, label=vl.CATEGORIE_KORT[c])
        onder += w
    assen[2].set_title("Blijvers naar werkverloop")
    assen[2].tick_params(axis="x", labelrotation=20, labelsize=8)
    assen[2].legend(fontsize=8)
    fig.suptitle(f"Verloop tussen {kwartaal_tekst(vk)} en {kwartaal_tekst(gep.bron.info['kwartaal'])}", fontsize=11)
    fig.tight_layout()
    return fig


def figuur_bruto_netto(gep, regio: str = NL, vergelijking: str = "zelfde_kwartaal_vorig_jaar"):
    """Waterfall from the banen of the compared quarter to the banen now through the six components
    (RULES.md §6), soort totaal, from the published cells."""
    from .verloop import figuur_waterval

    kw = gep.bron.info["kwartaal"]
    voor = gep.waarde("kerncijfers", vergelijking, regio=regio, indicator="banen")
    na = gep.waarde("kerncijfers", "waarde", regio=regio, indicator="banen")
    van = {"vorig_kwartaal": vorig(kw), "zelfde_kwartaal_vorig_jaar": vorig(kw, 4)}.get(vergelijking)
    titel = (f"Banen {kwartaal_tekst(van) if van else 'nulmeting'} → {kwartaal_tekst(kw)}, "
             f"{gep.bron.info['regio_namen'].get(regio, regio)}")
    return figuur_waterval(gep, voor, na, titel, vergelijking=vergelijking, regio=regio, soort="totaal")


# --------------------------------------------------------------------------- factsheets

def factsheet_invoeren(gep, synthetisch: bool = False) -> list:
    """One :class:`~banenafspraak.factsheet.FactsheetInvoer` per region of the run and NL (not
    ``onbekend``), from the published tables only: a suppressed cell stays suppressed (RULES.md §10)."""
    from .disclosure import rond_half_op
    from .factsheet import FactsheetInvoer
    from .publicatie import getal

    info = gep.bron.info
    kw = info["kwartaal"]
    laatste = list(info["factsheet_kwartalen"])
    kc, rk, rc, bs = gep["kerncijfers"], gep["reeks"], gep["reeks_categorie"], gep["banen_soort"]
    uren = parameter("banen.uren_per_maand", gep.bron.peildatum)
    uit = []
    for r, naam in info["regio_namen"].items():
        if r == ONBEKEND:
            continue
        # the factsheet prints whole numbers: each difference is that of the printed figures (a suppressed
        # figure keeps its difference suppressed), so that a reader's sum always agrees with the page
        k = kc.loc[kc["regio"] == r].set_index("indicator").reindex(list(INDICATOREN))
        kern = pd.DataFrame({"indicator": list(INDICATOREN),
                             **{c: rond_half_op(k[c].astype(float).to_numpy()) for c in ("waarde", *VERGELIJKINGEN)}})
        for v in VERGELIJKINGEN:
            kern[f"verschil_{v}"] = np.where(k[f"verschil_{v}"].isna().to_numpy(), np.nan, kern["waarde"] - kern[v])
        br = rk.loc[(rk["regio"] == r) & rk["kwartaal"].isin(laatste),
                    ["kwartaal", "banen_inleen", "banen_regulier_markt", "banen_regulier_overheid"]].reset_index(drop=True)
        cr = rc.loc[rc["regio"] == r, ["kwartaal", "categorie", "personen", "werkzame_personen"]].reset_index(drop=True)
        nul = bs.loc[(bs["regio"] == r) & (bs["soort"] == "totaal"), "nulmeting"]
        uit.append(FactsheetInvoer(
            regio=r, regio_naam=naam, kwartaal=kw, peildatum=gep.bron.peildatum.date(), kerncijfers=kern,
            banen_reeks=br.astype({c: float for c in br.columns if c != "kwartaal"}),
            nulmeting_banen=float(nul.iloc[0]) if len(nul) and pd.notna(nul.iloc[0]) else float("nan"),
            doelstelling_extra=info.get("doelstelling_extra") if r == NL else None,
            doelstelling_jaar=info.get("doelstelling_jaar") if r == NL else None,
            categorie_reeks=cr.astype({"personen": float, "werkzame_personen": float}),
            synthetisch=synthetisch, publiceerbaar=gep.publiceerbaar,
            definitie_baan=f"één baan staat gelijk aan {getal(uren, 2)} verloonde uren per maand",
            bron=gep.bron.bron, verloop=verloop_invoer(gep, r)))
    return uit


def verloop_invoer(gep, regio: str):
    """The factsheet's grafiek 4 of a region (:class:`~banenafspraak.factsheet.VerloopInvoer`) from the
    published cells only (RULES.md §6, §10): the stocks from kerncijfers (not working = the difference of
    the printed whole numbers, as S4 prints it), the totals and reasons from verloop_samenvatting, the
    blijvers per category from verloop; None when the run has no flows."""
    from . import verloop as vl
    from .disclosure import rond_half_op
    from .factsheet import VerloopInvoer

    info = gep.bron.info
    if not info.get("verloop_kwartalen"):
        return None
    vk, kw = info["verloop_kwartalen"][0], info["kwartaal"]  # the previous quarter, unless the run compares a year
    vergelijking = "vorig_kwartaal" if vk == vorig(kw) else "zelfde_kwartaal_vorig_jaar"
    kc = gep["kerncijfers"]
    k = kc.loc[kc["regio"] == regio].set_index("indicator")

    def stand(kolom):
        p, w = (float(rond_half_op(float(k.at[i, kolom]))) if pd.notna(k.at[i, kolom]) else np.nan
                for i in ("personen", "werkzame_personen"))
        return {"totaal": p, "werkzaam": w, "niet_werkzaam": p - w}

    sv = gep["verloop_samenvatting"]
    sv = sv.loc[(sv["van_kwartaal"] == vk) & (sv["regio"] == regio)]

    def s(stroom, status, reden):
        w = sv.loc[(sv["stroom"] == stroom) & (sv["werkzaam_status"] == status) & (sv["reden"] == reden), "personen"]
        return float(w.iloc[0]) if len(w) and pd.notna(w.iloc[0]) else np.nan

    v = gep["verloop"]
    v = v.loc[(v["van_kwartaal"] == vk) & (v["regio"] == regio) & (v["stroom"] == "blijver")]
    blijvers = (v.pivot_table(index="werkzaam_status", columns="categorie", values="personen", aggfunc="first", dropna=False)
                .reindex(index=list(vl.BLIJVER_STATUS), columns=["participatiewet", "wajong", "wsw_wiwid"]).astype(float))
    nl = regio == NL
    return VerloopInvoer(
        van=vk, tot=kw, voor=stand(vergelijking), na=stand("waarde"),
        uitstroom={x: s("uitstroom", x, "totaal") for x in ("totaal", "werkzaam", "niet_werkzaam")},
        instroom={x: s("instroom", x, "totaal") for x in ("totaal", "werkzaam", "niet_werkzaam")},
        redenen_uitstroom={r: s("uitstroom", "totaal", r) for r in vl.REDENEN_UITSTROOM if not (nl and r == vl.VERTREK)},
        redenen_instroom={r: s("instroom", "totaal", r) for r in vl.REDENEN_INSTROOM if not (nl and r == vl.AANKOMST)},
        blijvers=blijvers)


def schrijf_factsheets(gep, uitvoer_map, synthetisch: bool = False, processen: int = 1) -> list:
    """Every factsheet of the run into ``<uitvoer_map>/factsheets/`` (PDF and HTML); none without a map.
    ``processen``: worker processes that draw them (``factsheet.schrijf_factsheets``)."""
    from pathlib import Path

    if not uitvoer_map:
        return []
    from .factsheet import schrijf_factsheets as schrijf

    return schrijf(factsheet_invoeren(gep, synthetisch), Path(uitvoer_map) / "factsheets", processen)
