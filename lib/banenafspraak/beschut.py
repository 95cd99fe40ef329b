"""De rapportage beschut werk: aanvragen en positieve adviezen beschut werk, geldige indicaties en wie op een
beschutte werkplek werkt, per kwartaal, per arbeidsmarktregio en voor Nederland (RULES.md §11, §10;
DATA_CONTRACT.md ``beschut_stand``, ``beschut_reeks``; issue #15; S1 §5, S2 Q34-Q38).

Every quarter of the report is counted by the counting engine in one pass (``motor.tel_beschut``): the
quarter and the series from parameter ``beschut_werk.reeks_vanaf`` (December 2015), each with its own
parameters (the aarden of a beschutte werkplek on its urendatum, the polis as delivered on its own
extraction date). The region is the arbeidsmarktregio of the woonplaats on each peildatum, as in the
trendrapportage (the same ``regio.regio_sql`` and the same mapping of former region codes,
``trend.regio_kaart``); no gemeente figures (S2 Q37).

Decisions (README, "Beschut werk"):

- aanvragen count applications (rows of ``beschut_werk``) with an ``aanvraagdatum`` from
  ``beschut_werk.telling_vanaf`` (1 January 2015) through the peildatum; ``positieve_adviezen`` are the positive
  adviezen of those applications given on or before the peildatum, so that aanvragen - positieve adviezen is the
  count of applications without a positive advies (negative, or not yet decided), a hidden protected cell;
- cumulative counts of a region change from quarter to quarter by new applications and by persons moving in or
  out; the change is a count a reader can work out from the series, so it is a hidden protected cell too
  (RULES.md §10: "not through the previous/next period of a series"); a change of a stock (geldige indicatie,
  werkzaam) is a net balance, published as the trendrapportage does;
- the taakstelling (optional reference ``beschut_taakstelling``, per gemeente and year) is summed per region
  of the report's year and compared with werkzaam, indicative only (S2 Q35: SZW counts 31 hours a week).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .dates import datum_tekst, ts
from .parameters import parameter
from .regio import ONBEKEND, regio_jaar, regio_opvolgers

TABELLEN = ["persoon", "polis", "werkgever", "woonplaats", "gemeente_regio", "beschut_werk"]
TAAKSTELLING = "beschut_taakstelling"
NL = "NL"
# the cumulative counts (aanvragen and positive adviezen since telling_vanaf) and the stocks on the peildatum
CUMULATIEF = ("aanvragen_gemeente", "aanvragen_burger", "aanvragen", "positieve_adviezen")
STAND = ("geldige_indicatie", "werkzaam")
TELLINGEN = (*CUMULATIEF, *STAND)
LABEL = {"aanvragen_gemeente": "Aanvragen door gemeenten", "aanvragen_burger": "Aanvragen door burgers",
         "aanvragen": "Aanvragen advies beschut werk", "positieve_adviezen": "Positieve adviezen",
         "geldige_indicatie": "Geldige indicatie beschut werk", "werkzaam": "Werkzaam op een beschutte werkplek",
         "aandeel_werkzaam": "Aandeel werkzaam"}


# --------------------------------------------------------------------------- quarters

@dataclass(frozen=True)
class Beschutpeil:
    """The dates of a rapportage beschut werk of ``kwartaal``: the quarter, the previous quarter and the
    series (oldest first, from parameter ``beschut_werk.reeks_vanaf``); ``alle`` also holds the quarter
    before the series, whose counts give the change of the series' first quarter."""

    kwartaal: str
    peildatum: pd.Timestamp
    vorig_kwartaal: pd.Timestamp
    reeks: tuple[str, ...]

    @property
    def alle(self) -> list[pd.Timestamp]:
        from .trend import kwartaal_einde, vorig

        return sorted({self.peildatum, self.vorig_kwartaal, kwartaal_einde(vorig(self.reeks[0])),
                       *(kwartaal_einde(k) for k in self.reeks)})


def beschutpeil(kwartaal: str) -> Beschutpeil:
    """The peildata of the rapportage beschut werk of ``kwartaal`` (RULES.md §11: quarterly from December 2015);
    a quarter before the series is refused."""
    from .trend import kwartaal_einde, kwartaal_van, vorig

    p = kwartaal_einde(kwartaal)
    kwartaal = kwartaal_van(p)
    vanaf = ts(parameter("beschut_werk.reeks_vanaf", p)) if p >= pd.Timestamp("2015-01-01") else None
    if vanaf is None or p < vanaf:
        eerste = kwartaal_van(ts(parameter("beschut_werk.reeks_vanaf", pd.Timestamp("2015-01-01"))))
        raise ValueError(f"kwartaal {kwartaal}: de rapportage beschut werk begint in {eerste} (december 2015)")
    reeks, k = [], kwartaal
    while kwartaal_einde(k) >= vanaf:
        reeks.append(k)
        k = vorig(k)
    return Beschutpeil(kwartaal, p, kwartaal_einde(vorig(kwartaal)), tuple(reversed(reeks)))


# --------------------------------------------------------------------------- counting

# per (peildatum, regio) the counts of RULES.md §11 and the persons behind each cumulative count (RULES.md §10);
# ``regio_kaart`` maps each peildatum's region code to the region of the report's year (trend.regio_kaart)
CELLEN_SQL = f"""
WITH b AS (
  SELECT b.*, coalesce(k.regio, b.arbeidsmarktregio_code, '{ONBEKEND}') AS regio,
    b.aanvragen_gemeente + b.aanvragen_burger AS aanvragen
  FROM beschut b LEFT JOIN regio_kaart k USING (peildatum, arbeidsmarktregio_code))
SELECT peildatum, regio,
  sum(aanvragen_gemeente) AS aanvragen_gemeente, count(*) FILTER (WHERE aanvragen_gemeente > 0) AS p_aanvragen_gemeente,
  sum(aanvragen_burger) AS aanvragen_burger, count(*) FILTER (WHERE aanvragen_burger > 0) AS p_aanvragen_burger,
  sum(aanvragen) AS aanvragen, count(*) FILTER (WHERE aanvragen > 0) AS p_aanvragen,
  sum(positieve_adviezen) AS positieve_adviezen, count(*) FILTER (WHERE positieve_adviezen > 0) AS p_positieve_adviezen,
  sum(aanvragen - positieve_adviezen) AS zonder_positief_advies,
  count(*) FILTER (WHERE aanvragen > positieve_adviezen) AS p_zonder_positief_advies,
  count(*) FILTER (WHERE geldige_indicatie) AS geldige_indicatie, count(*) FILTER (WHERE werkzaam) AS werkzaam,
  count(*) FILTER (WHERE geldige_indicatie AND NOT werkzaam) AS niet_werkzaam
FROM b GROUP BY peildatum, regio
"""
CEL_KOLOMMEN = ["aanvragen_gemeente", "p_aanvragen_gemeente", "aanvragen_burger", "p_aanvragen_burger", "aanvragen",
                "p_aanvragen", "positieve_adviezen", "p_positieve_adviezen", "zonder_positief_advies",
                "p_zonder_positief_advies", "geldige_indicatie", "werkzaam", "niet_werkzaam"]


@dataclass
class Beschuttelling:
    """What the engine counted for a rapportage beschut werk: per (peildatum, regio) the counts of
    :data:`CELLEN_SQL`, NL (all regions and ``onbekend``) included; the regions of the report's year with their
    names; per peildatum the persons with a werkplek opgave but no valid indicatie (data quality)."""

    peil: Beschutpeil
    cellen: pd.DataFrame
    regios: dict[str, str]
    zonder_indicatie: pd.Series
    telling: object
    volledigheid_maanden: int


def tel_kwartalen(tabellen, kwartaal: str, volledigheid_maanden: int | None = None,
                  directe_einden: bool = True) -> Beschuttelling:
    """Count every peildatum of the rapportage beschut werk of ``kwartaal`` in one pass of the engine
    (``motor.tel_beschut``, RULES.md §11); ``volledigheid_maanden`` None: parameter
    ``trendrapportage.volledigheid_maanden`` (the quarterly reports are made on the same polis)."""
    from .motor import tel_beschut
    from .periode import controleer_peildata
    from .trend import regio_kaart

    peil = beschutpeil(kwartaal)
    if "beschut_werk" not in tabellen:
        raise ValueError("de rapportage beschut werk heeft de tabel beschut_werk nodig (adviezen en indicaties)")
    if "woonplaats" not in tabellen or "gemeente_regio" not in tabellen:
        raise ValueError("de rapportage beschut werk heeft de tabellen woonplaats en gemeente_regio nodig "
                         "(regio van de woonplaats)")
    if volledigheid_maanden is None:
        volledigheid_maanden = int(parameter("trendrapportage.volledigheid_maanden", peil.peildatum))
    controleer_peildata(tabellen, peil.alle)
    t = tel_beschut(tabellen, peil.alle, directe_einden, volledigheid_maanden)
    gr = tabellen["gemeente_regio"]
    naar_jaar = regio_jaar(gr, peil.peildatum)
    t.registreer("regio_kaart", regio_kaart(t, gr, naar_jaar))
    cellen = t.sql(CELLEN_SQL)
    cellen["peildatum"] = cellen["peildatum"].astype("datetime64[s]")
    namen = (gr.loc[gr["jaar"].astype(int) == naar_jaar].drop_duplicates("arbeidsmarktregio_code")
             .set_index("arbeidsmarktregio_code")["arbeidsmarktregio_naam"].sort_index())
    regios = {str(k): str(v) for k, v in namen.items()}
    grid = pd.DataFrame({"peildatum": pd.Series(peil.alle, dtype="datetime64[s]")}).merge(
        pd.DataFrame({"regio": [*regios, ONBEKEND]}), how="cross")
    cellen = grid.merge(cellen, on=["peildatum", "regio"], how="left")
    onverwacht = sorted(set(cellen["regio"]) - set(grid["regio"]))
    if onverwacht:  # cannot happen: every code maps to a region of the report's year or onbekend
        raise ValueError(f"regio's buiten de indeling van {naar_jaar}: {', '.join(onverwacht)}")
    for k in CEL_KOLOMMEN:
        cellen[k] = cellen[k].fillna(0).astype("int64")
    nl = cellen.groupby("peildatum", as_index=False)[CEL_KOLOMMEN].sum().assign(regio=NL)
    cellen = pd.concat([nl, cellen], ignore_index=True)
    zi = t.sql("SELECT peildatum, personen FROM werkplek_zonder_indicatie")
    zi["peildatum"] = zi["peildatum"].astype("datetime64[s]")
    zonder = zi.set_index("peildatum")["personen"].reindex(pd.Series(peil.alle, dtype="datetime64[s]")).fillna(0).astype(int)
    return Beschuttelling(peil, cellen, regios, zonder, t, volledigheid_maanden)


def landelijk(tabellen, peildata, volledigheid_maanden: int | None = None, directe_einden: bool = True) -> pd.DataFrame:
    """Per peildatum the national counts of RULES.md §11 (the calibration against the published figures), in one
    pass of the engine; ``volledigheid_maanden`` None: parameter ``trendrapportage.volledigheid_maanden``."""
    from .motor import tel_beschut

    datums = sorted({ts(d) for d in peildata})
    if volledigheid_maanden is None:
        volledigheid_maanden = int(parameter("trendrapportage.volledigheid_maanden", datums[-1]))
    t = tel_beschut(tabellen, datums, directe_einden, volledigheid_maanden)
    df = t.sql("SELECT peildatum, sum(aanvragen_gemeente + aanvragen_burger) AS aanvragen, "
               "sum(positieve_adviezen) AS positieve_adviezen, count(*) FILTER (WHERE geldige_indicatie) AS geldige_indicatie, "
               "count(*) FILTER (WHERE werkzaam) AS werkzaam FROM beschut GROUP BY peildatum")
    df["peildatum"] = df["peildatum"].astype("datetime64[s]")
    return df.set_index("peildatum").reindex(datums).fillna(0).astype(int)


def taakstelling_per_regio(taakstelling: pd.DataFrame, gemeente_regio: pd.DataFrame, peildatum) -> pd.DataFrame:
    """(regio, taakstelling) for the year of the peildatum: the taakstelling of every gemeente summed per
    arbeidsmarktregio of the gemeente_regio composition of that year, NL the sum of all gemeenten; the
    year's latest earlier taakstelling when the year has none (the regeling is published in December).
    A gemeente the composition does not know is refused, naming it."""
    p = ts(peildatum)
    t = taakstelling.assign(jaar=taakstelling["jaar"].astype(int))
    jaren = sorted(j for j in t["jaar"].unique() if j <= p.year)
    if not jaren:
        raise ValueError(f"beschut_taakstelling: geen taakstelling voor {p.year} of eerder")
    t = t.loc[t["jaar"] == jaren[-1]]
    # the gemeenten of the regeling's own year, their regions mapped to the regions of the peildatum's year (a
    # gemeente that merged since, and a region that got a new code, regio.regio_opvolgers)
    gr_int = gemeente_regio.assign(jaar=gemeente_regio["jaar"].astype(int))
    eigen = regio_jaar(gemeente_regio, pd.Timestamp(int(jaren[-1]), 12, 31))
    gr = gr_int.loc[gr_int["jaar"] == eigen, ["gemeentecode", "arbeidsmarktregio_code"]]
    m = t.merge(gr, on="gemeentecode", how="left")
    onbekend = m.loc[m["arbeidsmarktregio_code"].isna(), "gemeentecode"].tolist()
    if onbekend:
        raise ValueError(f"beschut_taakstelling, kolom gemeentecode: {', '.join(map(str, onbekend[:5]))} niet in "
                         f"gemeente_regio van {eigen} (jaar {jaren[-1]})")
    opv = regio_opvolgers(gr_int, regio_jaar(gemeente_regio, p))
    kaart = opv.loc[opv["jaar"] == eigen].set_index("arbeidsmarktregio_code")["regio"]
    m["arbeidsmarktregio_code"] = m["arbeidsmarktregio_code"].map(kaart).fillna(m["arbeidsmarktregio_code"])
    per = m.groupby("arbeidsmarktregio_code")["taakstelling"].sum()
    uit = pd.DataFrame({"regio": [NL, *per.index], "taakstelling": [float(per.sum()), *per.to_numpy(dtype=float)]})
    uit["jaar"] = int(jaren[-1])
    return uit


def tabellen_voor(data_dir) -> list[str]:
    """The tables a run reads: :data:`TABELLEN` and the optional reference ``beschut_taakstelling`` when the data
    directory (empty: the embedded synthetic data) has it."""
    from .loading import met_optionele_tabellen

    return met_optionele_tabellen(data_dir, TABELLEN, [TAAKSTELLING])


# --------------------------------------------------------------------------- the publication

def definities(bt: Beschuttelling, directe_einden: bool) -> dict[str, str]:
    """The definitions printed with the report, generated from the parameters in force (RULES.md §11)."""
    from .publicatie import getal

    p = bt.peil.peildatum
    vanaf = ts(parameter("beschut_werk.telling_vanaf", p))
    aarden = ", ".join(str(a) for a in parameter("banen.beschut_werkplek_aarden", p))
    polis_kolommen = set(bt.telling.sql("DESCRIBE polis")["column_name"])
    vol = ("de volledige polis (geen afkapdatum)" if not bt.volledigheid_maanden else
           "de volledige polis (de polis heeft geen verwerkingsdatum)" if "verwerkingsdatum" not in polis_kolommen else
           f"de polis zoals die {bt.volledigheid_maanden} maanden na de peildatum was verwerkt; later verwerkte "
           "loonaangiften tellen niet mee")
    return {
        "aanvragen": f"aanvragen advies beschut werk bij UWV met een aanvraagdatum van {datum_tekst(vanaf)} tot en met de "
                     "peildatum (cumulatief), naar aanvrager: gemeente of burger. Iemand die vaker aanvroeg, telt vaker mee.",
        "positieve adviezen": "de positieve adviezen op die aanvragen, gegeven op of vóór de peildatum (cumulatief).",
        "geldige indicatie": "een positief advies gegeven op of vóór de peildatum, waarvan de indicatie niet vóór de "
                             "peildatum is beëindigd"
                             + ("; wie overlijdt, emigreert of de AOW-leeftijd bereikt, heeft vanaf die datum geen "
                                "geldige indicatie meer." if directe_einden else
                                "; overlijden, emigratie en de AOW-leeftijd uit de persoonsgegevens beëindigen de "
                                "indicatie niet (directe_einden uit)."),
        "werkzaam": f"een geldige indicatie en een inkomstenopgave met aard arbeidsverhouding {aarden} (beschut werk "
                    f"Participatiewet) met sv-loon > {getal(parameter('banen.werkzaam_loon_groter_dan', p))} euro in het "
                    "loonaangiftetijdvak dat de peildatum bevat (S2 Q35). Beschut werk is geen baan in de banenafspraak; "
                    "een beschutte werkplek in de Wsw (aard 21) telt hier niet.",
        "aandeel werkzaam": "werkzaam gedeeld door geldige indicatie.",
        "loonaangiften": vol + ".",
        "regio": "de arbeidsmarktregio van de woonplaats (BRP) op de peildatum, niet van de gemeente die het advies "
                 "aanvroeg of waar iemand werkt; zonder woonplaats: 'onbekend' (telt mee in Nederland). Geen cijfers per "
                 "gemeente (S2 Q37).",
        "reeks": f"elk kwartaal vanaf {datum_tekst(ts(parameter('beschut_werk.reeks_vanaf', p)))}, elk met de regels die "
                 "toen golden.",
        "taakstelling": "het aantal beschutte werkplekken dat gemeenten volgens de Regeling Participatiewet, IOAW en "
                        "IOAZ (art. 15b, bijlage II) ten minste moeten realiseren, opgeteld per regio. SZW telt "
                        "dienstbetrekkingen van gemiddeld 31 uur per week; deze rapportage telt personen met loon. "
                        "De vergelijking is indicatief (S2 Q35).",
        "indicatief": "kwartaalcijfers zijn indicatief; de polis is ongeveer drie maanden na de peildatum voldoende "
                      "betrouwbaar (S2 Q38).",
    }


def _regio_rijen(bt: Beschuttelling, regios: list[str], peildatum) -> pd.DataFrame:
    c = bt.cellen.loc[bt.cellen["peildatum"] == ts(peildatum)].set_index("regio")
    return c.reindex(regios).reset_index()


def publicatie(tabellen, kwartaal: str, regio: str = "alle", volledigheid_maanden: int | None = None,
               directe_einden: bool = True):
    """The rapportage beschut werk of ``kwartaal`` as one :class:`~banenafspraak.publicatie.Publicatie`
    (RULES.md §10, §11; DATA_CONTRACT.md): tables ``beschut_stand`` (the quarter per region and NL, with the
    previous quarter and the change), ``beschut_reeks`` (every quarter from December 2015) and, when the data
    has the reference ``beschut_taakstelling``, ``beschut_taakstelling`` (werkzaam against the taakstelling,
    indicative). Every relation a reader could use is declared: regions and ``onbekend`` add up to NL,
    aanvragen = gemeente + burger, the complements (aanvragen without a positive advies, indicaties without
    work) and the quarter-to-quarter change of each cumulative count as hidden protected cells, the same
    figure in two tables."""
    from .publicatie import Kolom, Publicatie, Tabel
    from .trend import kwartaal_einde, kwartaal_tekst, regio_codes, vorig

    bt = tel_kwartalen(tabellen, kwartaal, volledigheid_maanden, directe_einden)
    peil = bt.peil
    kw = peil.kwartaal
    regios = regio_codes(bt, regio)
    alle_regios = regios[0] == NL and set(regios[1:]) == {*bt.regios, ONBEKEND}
    if hasattr(tabellen, "reconciliatie"):  # the rows of beschut_werk on the quarter's peildatum
        stap = f"peildatum {peil.peildatum.date().isoformat()}"
        aanvraag = pd.to_datetime(tabellen["beschut_werk"]["aanvraagdatum"])
        vanaf = ts(parameter("beschut_werk.telling_vanaf", peil.peildatum))
        tabellen.reconciliatie.laat_weg("beschut_werk", "aanvraag na de peildatum", int((aanvraag > peil.peildatum).sum()), stap)
        tabellen.reconciliatie.laat_weg("beschut_werk", f"aanvraag vóór {datum_tekst(vanaf)} (telt niet als aanvraag; "
                                        "een positief advies wel als indicatie)", int((aanvraag < vanaf).sum()), stap)
        # a data-quality figure for internal checking only: never in the published tables or texts
        tabellen.reconciliatie.laat_weg("polis", "loon uit een beschutte werkplek zonder geldige indicatie (telt niet "
                                        "als werkzaam)", int(bt.zonder_indicatie.get(peil.peildatum, 0)), stap)
    namen = {NL: "Nederland", ONBEKEND: "Onbekend (geen woonplaats in Nederland)", **bt.regios}
    pub = Publicatie("beschut-werk", f"Rapportage beschut werk {kwartaal_tekst(kw)}", peil.peildatum,
                     "Adviezen en indicaties beschut werk (UWV), Polisadministratie (loonaangiften), BRP (woonplaats)",
                     definities(bt, directe_einden),
                     info={"kwartaal": kw, "regio": regio, "volledigheid_maanden": bt.volledigheid_maanden,
                           "directe_einden": directe_einden, "regio_namen": {r: namen[r] for r in regios}})
    regio_kol = Kolom("Regio", "tekst", waarden={r: namen[r] for r in regios})
    kw_kol = Kolom("Kwartaal", "tekst")
    tel_kol = {k: Kolom(LABEL[k], "geheel", "personen" if k in STAND else "aanvragen") for k in TELLINGEN}
    bescherming = {"aanvragen_gemeente": ["p_aanvragen_gemeente"], "aanvragen_burger": ["p_aanvragen_burger"],
                   "aanvragen": ["p_aanvragen"], "positieve_adviezen": ["p_positieve_adviezen"],
                   "zonder_positief_advies": ["p_zonder_positief_advies"], "geldige_indicatie": ["geldige_indicatie"],
                   "werkzaam": ["werkzaam"], "niet_werkzaam": ["niet_werkzaam"]}

    # beschut_reeks: every quarter of the series, per region
    kwartalen = list(peil.reeks)
    delen = []
    for q in [vorig(kwartalen[0]), *kwartalen]:
        d = _regio_rijen(bt, regios, kwartaal_einde(q))
        d.insert(0, "kwartaal", q)
        delen.append(d)
    alle = pd.concat(delen, ignore_index=True)
    # the change of each cumulative count against the quarter before, per region (hidden; its size protects it)
    alle = alle.sort_values(["regio", "kwartaal"], kind="stable")
    for k in CUMULATIEF:
        alle[f"mutatie_{k}"] = alle.groupby("regio")[k].diff()
        alle[f"n_mutatie_{k}"] = alle[f"mutatie_{k}"].abs()
    reeks = alle.loc[alle["kwartaal"].isin(kwartalen)].copy()
    reeks["_r"] = reeks["regio"].map({r: i for i, r in enumerate(regios)})
    reeks = reeks.sort_values(["kwartaal", "_r"], kind="stable").drop(columns=["_r", "peildatum"]).reset_index(drop=True)
    reeks["aandeel_werkzaam"] = np.where(reeks["geldige_indicatie"] > 0,
                                         reeks["werkzaam"] / reeks["geldige_indicatie"].where(reeks["geldige_indicatie"] > 0), np.nan)
    mutaties = [f"mutatie_{k}" for k in CUMULATIEF]
    verborgen = {"zonder_positief_advies", "niet_werkzaam", *mutaties}
    beveiligd = {**bescherming, **{m: [f"n_{m}"] for m in mutaties}}
    # a run of one region publishes NL and that region: the rest of the Netherlands (NL - region) is a hidden
    # protected cell on the NL rows, with its own changes, so that NL - region gives nothing small away (RULES.md §10)
    een_regio = not alle_regios and len(regios) == 2
    rest = [*TELLINGEN, "zonder_positief_advies", "niet_werkzaam", *mutaties] if een_regio else []
    if een_regio:
        reeks = _met_rest(reeks, regios[1], [*rest, *(c for c in reeks.columns if c.startswith("p_"))])
        for m in mutaties:
            reeks[f"overig_n_{m}"] = reeks[f"overig_{m}"].abs()
        verborgen |= {f"overig_{k}" for k in rest}
        beveiligd.update({f"overig_{k}": [f"overig_{b}" for b in v] for k, v in beveiligd.items()})
    kolommen = {"kwartaal": kw_kol, "regio": regio_kol, **tel_kol,
                "aandeel_werkzaam": Kolom(LABEL["aandeel_werkzaam"], "procent")}
    pub.voeg_toe(Tabel(
        "beschut_reeks", f"Beschut werk per kwartaal vanaf {kwartaal_tekst(kwartalen[0])}", reeks, kolommen,
        "Aanvragen en positieve adviezen zijn cumulatief vanaf 2015; geldige indicaties en werkzamen zijn de stand op "
        "de peildatum.",
        variabelen=[*TELLINGEN, "zonder_positief_advies", "niet_werkzaam", *mutaties, *(f"overig_{k}" for k in rest)],
        verborgen=verborgen, bescherming=beveiligd,
        afgeleid={"aandeel_werkzaam": ["werkzaam", "geldige_indicatie"]}, kosten=0.9,
        reeksen={k: (["regio"], "kwartaal") for k in CUMULATIEF}))
    t_r = pub.tabellen["beschut_reeks"]
    _relaties_tellingen(pub, "beschut_reeks", range(len(reeks)))
    for r in regios:
        rijen = t_r.rijen(regio=r)
        for vorige, i in zip(rijen, rijen[1:]):
            for k in CUMULATIEF:
                pub.relatie(f"beschut_reeks {r} {reeks.at[i, 'kwartaal']} mutatie {k}",
                            [("beschut_reeks", i, k, 1), ("beschut_reeks", vorige, k, -1),
                             ("beschut_reeks", i, f"mutatie_{k}", -1)])
                if een_regio and r == NL:
                    pub.relatie(f"beschut_reeks overig {reeks.at[i, 'kwartaal']} mutatie {k}",
                                [("beschut_reeks", i, f"overig_{k}", 1), ("beschut_reeks", vorige, f"overig_{k}", -1),
                                 ("beschut_reeks", i, f"overig_mutatie_{k}", -1)])
    if alle_regios:  # the hidden cells add up too, but that follows from these sums and the relations above
        pub.som_per_groep("beschut_reeks", list(TELLINGEN), ["kwartaal"], "regio", NL)
    if een_regio:
        for q in kwartalen:
            i, j = t_r.rij(kwartaal=q, regio=NL), t_r.rij(kwartaal=q, regio=regios[1])
            for k in [*TELLINGEN, "zonder_positief_advies", "niet_werkzaam"]:
                pub.relatie(f"beschut_reeks {q} NL = {regios[1]} + overig: {k}", [
                    ("beschut_reeks", i, k, 1), ("beschut_reeks", j, k, -1), ("beschut_reeks", i, f"overig_{k}", -1)])

    # beschut_stand: the quarter, the previous quarter and the change of the stocks
    stand = reeks.loc[reeks["kwartaal"] == kw, ["kwartaal", "regio", *TELLINGEN, "aandeel_werkzaam",
                                                 "zonder_positief_advies", "niet_werkzaam",
                                                 *(c for c in reeks.columns if c.startswith("p_"))]].reset_index(drop=True)
    voor = reeks.loc[reeks["kwartaal"] == vorig(kw)].set_index("regio") if vorig(kw) in kwartalen else \
        _regio_rijen(bt, regios, peil.vorig_kwartaal).set_index("regio")
    for k in (*STAND, "niet_werkzaam"):
        stand[f"{k}_vorig_kwartaal"] = voor[k].reindex(stand["regio"]).to_numpy()
    for k in STAND:
        stand[f"verschil_{k}"] = stand[k] - stand[f"{k}_vorig_kwartaal"]
    vorig_kolommen = [f"{k}_vorig_kwartaal" for k in (*STAND, "niet_werkzaam")]
    if een_regio:
        stand = _met_rest(stand, regios[1], vorig_kolommen)
    vk = kwartaal_tekst(vorig(kw))
    pub.voeg_toe(Tabel(
        "beschut_stand", f"Beschut werk, stand {kwartaal_tekst(kw)}", stand,
        {"kwartaal": kw_kol, "regio": regio_kol, **tel_kol, "aandeel_werkzaam": Kolom(LABEL["aandeel_werkzaam"], "procent"),
         "geldige_indicatie_vorig_kwartaal": Kolom(f"Geldige indicatie {vk}", "geheel", "personen"),
         "verschil_geldige_indicatie": Kolom(f"Geldige indicatie +/- met {vk}", "geheel", "personen"),
         "werkzaam_vorig_kwartaal": Kolom(f"Werkzaam {vk}", "geheel", "personen"),
         "verschil_werkzaam": Kolom(f"Werkzaam +/- met {vk}", "geheel", "personen")},
        "Per arbeidsmarktregio (woonplaats) en Nederland; het verschil is de stand min die van het vorige kwartaal.",
        variabelen=[*TELLINGEN, "zonder_positief_advies", "niet_werkzaam", "niet_werkzaam_vorig_kwartaal",
                    *(f"{k}_vorig_kwartaal" for k in STAND), *(f"verschil_{k}" for k in STAND),
                    *(f"overig_{k}" for k in vorig_kolommen if een_regio)],
        verborgen={"zonder_positief_advies", "niet_werkzaam", "niet_werkzaam_vorig_kwartaal",
                   *(f"overig_{k}" for k in vorig_kolommen if een_regio)},
        bescherming={**bescherming, **{k: [k] for k in vorig_kolommen},
                     **{f"overig_{k}": [f"overig_{k}"] for k in vorig_kolommen if een_regio}},
        afgeleid={"aandeel_werkzaam": ["werkzaam", "geldige_indicatie"],
                  **{f"verschil_{k}": [k, f"{k}_vorig_kwartaal"] for k in STAND}}))
    t_s = pub.tabellen["beschut_stand"]
    _relaties_tellingen(pub, "beschut_stand", range(len(stand)))
    for i, r in enumerate(stand["regio"]):
        j = t_r.rij(kwartaal=kw, regio=r)
        for k in (*TELLINGEN, "zonder_positief_advies", "niet_werkzaam"):
            pub.gelijk(f"beschut_stand {r} {k} = reeks", ("beschut_stand", i, k), ("beschut_reeks", j, k))
        for k in STAND:
            pub.relatie(f"beschut_stand {r} verschil {k}", [("beschut_stand", i, k, 1),
                                                            ("beschut_stand", i, f"{k}_vorig_kwartaal", -1),
                                                            ("beschut_stand", i, f"verschil_{k}", -1)])
            if vorig(kw) in kwartalen:
                pub.gelijk(f"beschut_stand {r} {k} vorig = reeks", ("beschut_stand", i, f"{k}_vorig_kwartaal"),
                           ("beschut_reeks", t_r.rij(kwartaal=vorig(kw), regio=r), k))
        pub.relatie(f"beschut_stand {r} vorig geldig = werkzaam + niet", [
            ("beschut_stand", i, "geldige_indicatie_vorig_kwartaal", -1), ("beschut_stand", i, "werkzaam_vorig_kwartaal", 1),
            ("beschut_stand", i, "niet_werkzaam_vorig_kwartaal", 1)])
    if alle_regios:
        pub.som_per_groep("beschut_stand", [*(f"{k}_vorig_kwartaal" for k in STAND), *(f"verschil_{k}" for k in STAND)],
                          ["kwartaal"], "regio", NL)
    if een_regio:
        i, j = t_s.rij(regio=NL), t_s.rij(regio=regios[1])
        for k in vorig_kolommen:
            pub.relatie(f"beschut_stand NL = {regios[1]} + overig: {k}", [
                ("beschut_stand", i, k, 1), ("beschut_stand", j, k, -1), ("beschut_stand", i, f"overig_{k}", -1)])

    # beschut_taakstelling (optional reference): werkzaam against the taakstelling of the region's gemeenten
    if TAAKSTELLING in tabellen:
        ts_regio = taakstelling_per_regio(tabellen[TAAKSTELLING], tabellen["gemeente_regio"], peil.peildatum)
        tk = stand[["kwartaal", "regio", "werkzaam"]].merge(ts_regio, on="regio", how="left")
        tk["taakstelling"] = tk["taakstelling"].fillna(0.0)
        tk["aandeel_taakstelling"] = np.where(tk["taakstelling"] > 0, tk["werkzaam"] / tk["taakstelling"].where(
            tk["taakstelling"] > 0), np.nan)
        tk["jaar"] = tk["jaar"].fillna(ts_regio["jaar"].iloc[0]).astype(int)
        tk = tk[["kwartaal", "regio", "jaar", "taakstelling", "werkzaam", "aandeel_taakstelling"]]
        pub.voeg_toe(Tabel(
            "beschut_taakstelling", f"Werkzaam op een beschutte werkplek en de taakstelling, {kwartaal_tekst(kw)} (indicatief)",
            tk, {"kwartaal": kw_kol, "regio": regio_kol, "jaar": Kolom("Jaar taakstelling", "jaar"),
                 "taakstelling": Kolom("Taakstelling (werkplekken)", "geheel"), "werkzaam": tel_kol["werkzaam"],
                 "aandeel_taakstelling": Kolom("Werkzaam / taakstelling", "procent")},
            "De taakstelling telt dienstbetrekkingen van gemiddeld 31 uur per week, deze rapportage personen met loon: "
            "een indicatieve vergelijking (S2 Q35).",
            variabelen=["taakstelling", "werkzaam"], bescherming={"werkzaam": ["werkzaam"]},
            afgeleid={"aandeel_taakstelling": ["werkzaam"]}))
        for i, r in enumerate(tk["regio"]):
            pub.bekend("beschut_taakstelling", "taakstelling", regio=r)
            pub.gelijk(f"beschut_taakstelling {r} werkzaam", ("beschut_taakstelling", i, "werkzaam"),
                       ("beschut_stand", t_s.rij(regio=r), "werkzaam"))
    return pub


def _met_rest(df: pd.DataFrame, regio: str, kolommen) -> pd.DataFrame:
    """Columns ``overig_<k>``: on the NL rows NL minus ``regio`` of the same quarter (the rest of the Netherlands),
    0 elsewhere (a run of one region, RULES.md §10)."""
    df = df.copy()
    nl = (df["regio"] == NL).to_numpy()
    sleutel = ["kwartaal"] if "kwartaal" in df.columns else []
    deel = df.loc[df["regio"] == regio].set_index(sleutel)[list(kolommen)] if sleutel else None
    for k in kolommen:
        df[f"overig_{k}"] = 0.0
        d = df.loc[nl].set_index(sleutel)[k]
        df.loc[nl, f"overig_{k}"] = (d - deel[k].reindex(d.index)).to_numpy()
    return df


def _relaties_tellingen(pub, tabel: str, rijen) -> None:
    """In every row: aanvragen = gemeente + burger = positieve adviezen + zonder positief advies; geldige
    indicatie = werkzaam + niet werkzaam (RULES.md §10, §11)."""
    for i in rijen:
        pub.relatie(f"{tabel}[{i}] aanvragen = gemeente + burger", [(tabel, i, "aanvragen", -1),
                                                                   (tabel, i, "aanvragen_gemeente", 1), (tabel, i, "aanvragen_burger", 1)])
        pub.relatie(f"{tabel}[{i}] aanvragen = positief + zonder", [(tabel, i, "aanvragen", -1),
                                                                    (tabel, i, "positieve_adviezen", 1), (tabel, i, "zonder_positief_advies", 1)])
        pub.relatie(f"{tabel}[{i}] geldig = werkzaam + niet", [(tabel, i, "geldige_indicatie", -1),
                                                              (tabel, i, "werkzaam", 1), (tabel, i, "niet_werkzaam", 1)])


# --------------------------------------------------------------------------- texts and figures

def _waarde(gep, tabel: str, kolom: str, **sleutel):
    return gep.waarde(tabel, kolom, **sleutel)


def samenvatting_tekst(gep, regio: str = NL) -> str:
    """The report's message for a region in Dutch, as the regional communication of S1 §5 ("Tot en met het eerste
    kwartaal van 2023 zijn in de regio Midden-Utrecht 195 mensen aan het werk op een beschutte werkplek, evenveel als
    het voorgaande kwartaal. Dat is 67% van de mensen met een indicatie beschut werk."), from published cells only."""
    from .factsheet import KWARTAAL_NAAM
    from .publicatie import getal, procent

    info = gep.bron.info
    naam = info["regio_namen"][regio]
    plaats = "in Nederland" if regio == NL else f"in de regio {naam}"
    kw = info["kwartaal"]
    wanneer = f"het {KWARTAAL_NAAM[int(kw[5]) - 1].lower()} kwartaal van {kw[:4]}"
    w = _waarde(gep, "beschut_stand", "werkzaam", regio=regio)
    v = _waarde(gep, "beschut_stand", "verschil_werkzaam", regio=regio)
    a = _waarde(gep, "beschut_stand", "aandeel_werkzaam", regio=regio)
    if pd.isna(w):
        return (f"Tot en met {wanneer} is het aantal mensen {plaats} dat op een beschutte werkplek "
                "werkt te klein om te publiceren (\\*).")
    zin = f"Tot en met {wanneer} zijn {plaats} {getal(w)} mensen aan het werk op een beschutte werkplek"
    if pd.isna(v):
        zin += "."
    elif v == 0:
        zin += ", evenveel als het voorgaande kwartaal."
    else:
        zin += f", {getal(abs(v))} {'meer' if v > 0 else 'minder'} dan het voorgaande kwartaal."
    if not pd.isna(a):
        zin += f" Dat is {procent(a, 0)} van de mensen met een geldige indicatie beschut werk."
    pos = _waarde(gep, "beschut_stand", "positieve_adviezen", regio=regio)
    aan = _waarde(gep, "beschut_stand", "aanvragen", regio=regio)
    if not pd.isna(aan):
        zin += (f" Sinds 2015 zijn {plaats} {getal(aan)} adviezen beschut werk aangevraagd"
                + (f", waarvan {getal(pos)} met een positief advies." if not pd.isna(pos) else "."))
    return zin


def ranglijst(gep) -> pd.DataFrame:
    """The regions ranked by aandeel werkzaam (highest first), from the published cells of ``beschut_stand``;
    a region whose share is suppressed comes last, without a rank (never a rank derived from a hidden figure)."""
    t = gep["beschut_stand"]
    r = t.loc[~t["regio"].isin([NL, ONBEKEND]), ["regio", "geldige_indicatie", "werkzaam", "aandeel_werkzaam"]].copy()
    r["naam"] = r["regio"].map(gep.bron.info["regio_namen"])
    bekend = r["aandeel_werkzaam"].notna()
    r = pd.concat([r.loc[bekend].sort_values(["aandeel_werkzaam", "regio"], ascending=[False, True], kind="stable"),
                   r.loc[~bekend].sort_values("regio", kind="stable")], ignore_index=True)
    r.insert(0, "rang", pd.array([i + 1 if b else pd.NA for i, b in enumerate(r["aandeel_werkzaam"].notna())], dtype="Int64"))
    return r[["rang", "regio", "naam", "geldige_indicatie", "werkzaam", "aandeel_werkzaam"]]


def ranglijst_weergave(gep) -> pd.DataFrame:
    """:func:`ranglijst` for the reader: Dutch headings and numbers, a region without a rank shows ``-``, a
    suppressed figure ``*``."""
    from .publicatie import getal, procent

    r = ranglijst(gep)
    return pd.DataFrame({
        "Rang": ["-" if pd.isna(x) else str(int(x)) for x in r["rang"]],
        "Arbeidsmarktregio": r["naam"].to_numpy(),
        LABEL["geldige_indicatie"]: [getal(x) for x in r["geldige_indicatie"]],
        LABEL["werkzaam"]: [getal(x) for x in r["werkzaam"]],
        LABEL["aandeel_werkzaam"]: [procent(x) for x in r["aandeel_werkzaam"]]})


def ranglijst_tekst(gep) -> str:
    """One sentence above the ranking: how many regions have a published share (at a small scale, or in a run of
    one region, there may be none)."""
    r = ranglijst(gep)
    n = int(r["rang"].notna().sum())
    if len(r) == 0:
        return "Deze run bevat geen arbeidsmarktregio's om te vergelijken (`regio` is NL)."
    if n == 0:
        return ("Van geen enkele regio kan het aandeel werkzaam worden getoond: de aantallen zijn te klein, of zouden een "
                "te klein aantal verraden. Er is dus geen rangorde.")
    return f"Van {n} van de {len(r)} regio's kan het aandeel werkzaam worden getoond; de overige staan onderaan zonder rang."


def figuur_reeks(gep, regio: str = NL):
    """Geldige indicaties and werkzamen per quarter for a region (published cells; a suppressed quarter is a gap)."""
    import matplotlib.pyplot as plt

    t = gep["beschut_reeks"]
    d = t.loc[t["regio"] == regio]
    fig, ax = plt.subplots(figsize=(9, 4))
    x = np.arange(len(d))
    for k, kleur in (("geldige_indicatie", "#9ecae1"), ("werkzaam", "#08519c")):
        ax.plot(x, d[k].astype(float).to_numpy(), marker="o", markersize=3, color=kleur, label=LABEL[k])
    stap = max(1, len(d) // 8)
    ax.set_xticks(x[::stap], [str(q) for q in d["kwartaal"].to_numpy()[::stap]])
    ax.set_ylabel("personen")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", frameon=False)
    ax.set_title(f"Beschut werk, {gep.bron.info['regio_namen'][regio]}")
    fig.tight_layout()
    return fig


def figuur_ranglijst(gep):
    """Aandeel werkzaam per region, ranked (published cells; suppressed regions are left out and named below)."""
    import matplotlib.pyplot as plt

    r = ranglijst(gep)
    r = r.loc[r["rang"].notna()]
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.22 * len(r) + 1)))
    y = np.arange(len(r))[::-1]
    ax.barh(y, 100 * r["aandeel_werkzaam"].astype(float).to_numpy(), color="#08519c")
    ax.set_yticks(y, r["naam"].tolist(), fontsize=7)
    ax.set_xlabel("aandeel werkzaam van de geldige indicaties (%)")
    nl = gep.waarde("beschut_stand", "aandeel_werkzaam", regio=NL)
    if not pd.isna(nl):
        ax.axvline(100 * float(nl), color="#c00000", linestyle="--", linewidth=1, label="Nederland")
        ax.legend(loc="lower right", frameon=False)
    ax.set_title("Aandeel werkzaam per arbeidsmarktregio")
    fig.tight_layout()
    return fig
