"""Ad-hoc questions ("how many banen for people under 27 per region since 2015?"): the counting
engine's per-person and per-job results for any list of peildata, with every attribute a question
groups by, and a publishing helper that applies the reports' disclosure control.

    from banenafspraak import verkennen
    v = verkennen.verken(peildata=range(2015, 2024))           # data_dir: the embedded synthetic data
    jong = v.personen.query("leeftijdsklasse == 'tot 27'")
    pub = verkennen.tabel(v, ["arbeidsmarktregio_naam"], personen=jong, titel="Banen van jongeren")
    g = pub.publiceer()                                         # RULES.md §10, as every report

One counting path: the rows come from ``motor.tel`` (RULES.md §2-§4), as the reports' figures do; the
published table is a ``publicatie.Publicatie`` with its margins declared, so ``publiceer`` suppresses
small cells, their complements and whatever would let a reader work them out (``disclosure.beveilig``).
The per-person rows name persons: they are for analysis inside the office, never for publication.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from .dates import hele_jaren, lees_datum, leeftijdsklasse, ts
from .motor import REGIO_KOLOMMEN, Telling, tel
from .publicatie import Kolom, Publicatie, Tabel
from .register import CATEGORIE_LABEL, SUBCATEGORIE_LABEL
from .sector import SECTOR_LABEL

TABELLEN = ["persoon", "doelgroepregister", "polis", "werkgever", "woonplaats", "gemeente_regio"]

# attributes of a person on a peildatum (additive: every person is in one row of each)
PERSOONSKENMERKEN = ["categorie", "subcategorie", *REGIO_KOLOMMEN, "geslacht", "leeftijdsklasse"]
# attributes of a job: a person with jobs of two kinds is in both rows
BAANKENMERKEN = ["soort", "sector", "inleen", "werkgever_id", "contractsoort"]
SOORT_LABEL = {"regulier markt": "Regulier, marktsector", "regulier overheid": "Regulier, overheid",
               "inleen": "Inleen (uitzend, detachering, payroll)"}
TOTAAL = "totaal"


@dataclass
class Verkenning:
    """What the engine counted for the peildata of a question.

    ``personen``: one row per (peildatum, persoon_id) of the banenafspraak population (RULES.md §2)
    with ``categorie``, ``subcategorie``, the arbeidsmarktregio of residence (RULES.md §6 decision:
    ``onbekend`` without a residence), ``geslacht``, ``leeftijd`` and ``leeftijdsklasse`` (whole years,
    RULES.md §2), ``werkzaam``, ``banen`` and ``uren`` (RULES.md §3). ``banen``: one row per
    (peildatum, persoon_id, ikv_id) with the job's ``werkgever_id``, ``sector``, ``inleen``, ``soort``
    (regulier markt, regulier overheid or inleen: RULES.md §4, §6 decision), hours, banen and werkzaam,
    and the person's attributes. ``telling``: the engine's own result (``motor.Telling``)."""

    personen: pd.DataFrame
    banen: pd.DataFrame
    telling: Telling


def _peildata(peildata) -> list[pd.Timestamp]:
    """Dates, or years meaning 31 December (``dates.lees_datum``, as ``jaar=2023`` in the reports)."""
    uit = [ts(lees_datum(p)) for p in peildata]
    if not uit:
        raise ValueError("geef ten minste één peildatum (een datum of een jaartal)")
    return sorted(set(uit))


def verken(data_dir=None, peildata=(), t2_scenario: str = "geregistreerd", directe_einden: bool = True,
           jaargrondslagen: str = "actueel", tabellen=None) -> Verkenning:
    """Count every peildatum of ``peildata`` (dates, or years = 31 December) in one pass of the engine.
    ``data_dir``: a data directory (checked against the contract, as by every report; empty: the
    embedded synthetic data); ``tabellen``: already loaded tables instead. ``t2_scenario``,
    ``directe_einden``, ``jaargrondslagen``: as the reports' parameters (RULES.md §2)."""
    from .periode import controleer_peildata
    from .rapport import laad_data

    datums = _peildata(peildata)
    ds = tabellen if tabellen is not None else laad_data(data_dir, TABELLEN, polis_peildata=datums)
    controleer_peildata(ds, datums)  # within the period the polis covers, as every report
    t = tel(ds, datums, t2_scenario, directe_einden, jaargrondslagen)
    persoon = ds["persoon"].set_index("persoon_id")
    pers, jobs = [], []
    for p in t.peildata:
        ikv = t.ikv_op(p)
        d = t.per_persoon(p).drop(columns="regel")
        geboren = persoon["geboortedatum"].reindex(d["persoon_id"])
        d["geslacht"] = persoon["geslacht"].reindex(d["persoon_id"]).to_numpy()
        d["leeftijd"] = hele_jaren(geboren, p).to_numpy()
        d["leeftijdsklasse"] = leeftijdsklasse(geboren, p).to_numpy()
        for k in REGIO_KOLOMMEN:
            d[k] = d[k].fillna("onbekend")
        d.insert(0, "peildatum", p)
        pers.append(d)
        j = ikv.drop(columns="categorie").assign(peildatum=p)
        j["soort"] = j["inleen"].map({True: "inleen"}).fillna("regulier " + j["sector"].astype(str))
        kenm = d.set_index("persoon_id")[PERSOONSKENMERKEN]
        jobs.append(j.join(kenm, on="persoon_id"))
    personen = pd.concat(pers, ignore_index=True)
    banen = pd.concat(jobs, ignore_index=True)
    eerst = ["peildatum", "persoon_id", "ikv_id"]
    return Verkenning(personen, banen[eerst + [c for c in banen.columns if c not in eerst]], t)


def _kubus(df: pd.DataFrame, naar: list[str], tellers) -> pd.DataFrame:
    """Counts per peildatum for every combination of ``naar`` with its margins (``totaal``):
    ``tellers(groep) -> dict``."""
    rijen = []
    for n in range(len(naar), -1, -1):
        for sub in combinations(naar, n):
            for sleutel, g in df.groupby(["peildatum", *sub], sort=True, observed=True):
                sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
                rij = {"peildatum": sleutel[0], **{k: TOTAAL for k in naar}, **dict(zip(sub, sleutel[1:]))}
                rijen.append({**rij, **tellers(g)})
    uit = pd.DataFrame(rijen)
    for k in naar:
        uit[k] = uit[k].astype(str)
    return uit.sort_values(["peildatum", *naar], kind="stable").reset_index(drop=True)


def tabel(v: Verkenning, naar: list[str], personen: pd.DataFrame | None = None, banen: pd.DataFrame | None = None,
          titel: str = "Verkenning banenafspraak", naam: str = "verkenning") -> Publicatie:
    """A table per peildatum by the attributes ``naar``, with every margin (``totaal``), as a publication
    ready for :meth:`~banenafspraak.publicatie.Publicatie.publiceer` (RULES.md §10).

    When ``naar`` holds only person attributes (:data:`PERSOONSKENMERKEN`): ``personen``,
    ``werkzame_personen`` and ``banen`` of the persons (``personen``: a selection of ``v.personen``,
    default all), as the monitor's ``personen_categorie``: each cell protected by its persons, the
    werkzame personen also by those not working (the hidden complement), banen by the persons with
    banen; every margin declared. With a job attribute (:data:`BAANKENMERKEN`, e.g. ``soort``): ``banen`` and
    the ``personen`` with a job in the cell (``banen``: a selection of ``v.banen``); a person with two
    kinds of job is in both cells, so only banen add up to their margin (declared)."""
    onbekend = [k for k in naar if k not in PERSOONSKENMERKEN + BAANKENMERKEN]
    if onbekend:
        raise ValueError(f"onbekend kenmerk {', '.join(onbekend)}; kies uit {', '.join(PERSOONSKENMERKEN + BAANKENMERKEN)}")
    per_baan = any(k in BAANKENMERKEN for k in naar)
    labels = {"categorie": CATEGORIE_LABEL, "subcategorie": SUBCATEGORIE_LABEL, "sector": SECTOR_LABEL,
              "soort": SOORT_LABEL}
    kolommen = {"peildatum": Kolom("Peildatum", "tekst"),
                **{k: Kolom(k.replace("_", " ").capitalize(), "tekst", waarden=labels.get(k, {})) for k in naar}}
    if per_baan:
        df = v.banen if banen is None else banen
        data = _kubus(df, naar, lambda g: {"personen": g["persoon_id"].nunique(), "banen": g["banen"].sum()})
        kolommen |= {"personen": Kolom("Personen met een baan", "geheel", "personen"),
                     "banen": Kolom("Banen", "decimaal1", "banen")}
        extra = dict(variabelen=["banen", "personen"], bescherming={"personen": ["personen"], "banen": ["personen"]})
        additief = ["banen"]
    else:
        df = v.personen if personen is None else personen
        data = _kubus(df, naar, lambda g: {"personen": len(g), "werkzame_personen": int(g["werkzaam"].sum()),
                                           "niet_werkzaam": int((~g["werkzaam"]).sum()), "banen": g["banen"].sum(),
                                           "personen_banen": int((g["banen"] > 0).sum())})
        kolommen |= {"personen": Kolom("Personen", "geheel", "personen"),
                     "werkzame_personen": Kolom("Werkzame personen", "geheel", "personen"),
                     "banen": Kolom("Banen", "decimaal1", "banen")}
        extra = dict(variabelen=["personen", "werkzame_personen", "niet_werkzaam", "banen"], verborgen={"niet_werkzaam"},
                     bescherming={"personen": ["personen"], "werkzame_personen": ["werkzame_personen"],
                                  "niet_werkzaam": ["niet_werkzaam"], "banen": ["personen_banen"]})
        additief = ["personen", "werkzame_personen", "niet_werkzaam", "banen"]
    data["peildatum"] = pd.to_datetime(data["peildatum"]).dt.strftime("%Y-%m-%d")
    peildatum = ts(data["peildatum"].max()) if len(data) else ts(v.telling.peildata[-1])
    pub = Publicatie("verkenning", titel, peildatum, "Eigen verkenning met banenafspraak (RULES.md)",
                     definities={"banen": "verloonde uren van de maand gedeeld door de uren van één baan (RULES.md §3)."})
    t = pub.voeg_toe(Tabel(naam, titel, data, kolommen, **extra))
    if not per_baan:
        pub.kolomsom(naam, "personen", ["werkzame_personen", "niet_werkzaam"])
    for k in naar:  # every margin: the rows of k within the same values of the others add up to totaal
        pub.som_per_groep(naam, additief, ["peildatum", *[a for a in naar if a != k]], k, TOTAAL)
    return pub
