"""Why one person counts or not on a peildatum (issue: audit). For internal checking only: the text
names a person and never enters a report.

It recomputes nothing: it runs the pipeline of the landelijke monitor (:func:`monitor.meet`, the
counting engine ``motor.tel``) on the person's own rows and prints its intermediate results, next to
those of the engine's relations ``meet`` is built from (``register.status_op`` for the reason of an
exclusion; ``motor.opgaven_op``: every opgave of the tijdvak with the engine's SQL of the hours,
werkzaam and beschut werk) and the region lookup of the reports (``regio.arbeidsmarktregio_op``). Every step of ``meet`` works per person (register, banen per
person and inkomstenverhouding) or per employer (sector), so the pipeline on one person's rows gives
exactly that person's part of the full count.
"""
from __future__ import annotations

import pandas as pd

from .dates import aow_datum, ts
from .motor import opgaven_op
from .parameters import parameter
from .publicatie import getal, procent  # Dutch notation, as in the reports
from .register import CATEGORIE_LABEL, SUBCATEGORIE_LABEL, eerste_directe_einde, einde_in_scenario, status_op
from .sector import verdeelsleutel
from .util import bevat


def _d(x) -> str:
    return "-" if x is None or pd.isna(x) else pd.Timestamp(x).date().isoformat()


def eigen_tabellen(tabellen, persoon_id: str) -> dict[str, pd.DataFrame]:
    """The person's rows of every table ``monitor.meet`` reads (all employers: the sector is per employer)."""
    uit = {naam: tabellen[naam].loc[tabellen[naam]["persoon_id"] == persoon_id]
           for naam in ("persoon", "doelgroepregister", "polis", "woonplaats") if naam in tabellen}
    uit["werkgever"] = tabellen["werkgever"]
    if "gemeente_regio" in tabellen:
        uit["gemeente_regio"] = tabellen["gemeente_regio"]
    return uit


def verklaar(tabellen, persoon_id: str, peildatum, t2_scenario: str = "geregistreerd", directe_einden: bool = True) -> str:
    """The count of one person on a peildatum, step by step, as the landelijke monitor makes it (RULES.md
    §2-§4): person data and at-once ends, region, registrations under the t+2 scenario, status in
    the population, the opgaven of the peildatum's tijdvak, banen per inkomstenverhouding."""
    from .monitor import meet
    from .regio import arbeidsmarktregio_op

    p = ts(peildatum)
    eigen = eigen_tabellen(tabellen, persoon_id)
    if eigen["persoon"].empty:
        raise KeyError(f"persoon {persoon_id} komt niet voor in persoon")
    m = meet(eigen, p, t2_scenario, directe_einden)  # the pipeline itself
    r = eigen["persoon"].iloc[0]
    einde = eerste_directe_einde(eigen["persoon"], [persoon_id]).iloc[0]
    regels = [f"Persoon {persoon_id} op peildatum {_d(p)} (t+2-scenario: {t2_scenario})",
              f"  geboren {_d(r['geboortedatum'])}, AOW-leeftijd bereikt op {_d(aow_datum(eigen['persoon']['geboortedatum']).iloc[0])} "
              f"(RULES.md §2, parameter aow.leeftijd); overleden {_d(r['overlijdensdatum'])}; emigratie {_d(r['emigratiedatum'])}",
              f"  eerste direct einde uit de persoonsgegevens: {einde['reden'] or 'geen'} {_d(einde['datum'])}"
              f" ({'toegepast' if directe_einden else 'niet toegepast'}, RULES.md §2 decision)"]
    if "woonplaats" in eigen and "gemeente_regio" in eigen:
        g = arbeidsmarktregio_op(eigen["woonplaats"], eigen["gemeente_regio"], [persoon_id], p).iloc[0]
        regels.append(f"  woont in {g['gemeentecode'] if isinstance(g['gemeentecode'], str) else 'onbekend'} -> "
                      f"arbeidsmarktregio {g['arbeidsmarktregio_code']} {g['arbeidsmarktregio_naam']} (RULES.md §3, regio)")
    reg = eigen["doelgroepregister"].reset_index(drop=True)  # rij: the row of the register the engine counted
    geldig = bevat(pd.Series(reg.index), m.telling.geldige_registraties(p)["rij"])  # the engine's rule (RULES.md §2)
    einde = einde_in_scenario(reg, t2_scenario)
    volgorde = reg.sort_values("registratie_begin").index
    regels.append("Registraties in het doelgroepregister (RULES.md §2):")
    if reg.empty:
        regels.append("  geen")
    for (_, g), e, geldig in zip(reg.loc[volgorde].iterrows(), einde.loc[volgorde], geldig[volgorde]):
        regels.append(f"  {g['grondslag']:<20} {_d(g['registratie_begin'])} t/m {_d(g['registratie_einde'])}"
                      f" (reden {g['reden_einde'] if isinstance(g['reden_einde'], str) else '-'}; criteria tot {_d(g['criteria_einde'])};"
                      f" einde in scenario {_d(e)}) -> {'GELDIG' if geldig else 'niet geldig'} op de peildatum")
    pop = m.populatie.set_index("persoon_id")
    if persoon_id in pop.index:
        c = pop.loc[persoon_id]
        regels.append(f"Telt mee in de banenafspraak: categorie {CATEGORIE_LABEL[c['categorie']]}, subcategorie "
                      f"{SUBCATEGORIE_LABEL[c['subcategorie']]} (regel: {c['regel']}).")
    else:
        st = status_op(eigen["doelgroepregister"], eigen["persoon"], pd.DataFrame({"persoon_id": [persoon_id], "datum": [p]}),
                       t2_scenario, directe_einden).iloc[0]
        regels.append(f"Telt NIET mee: {st['uitsluiting'] or 'geen categorie'}.")
    o = opgaven_op(eigen, p)  # the engine's rules per opgave (motor.OPGAVEN_DETAIL)
    regels.append(f"Inkomstenopgaven waarvan het tijdvak de peildatum bevat (RULES.md §3): {len(o)}")
    norm = parameter("banen.uren_per_maand", p)
    for _, g in o.iterrows():
        dagen = (g["opgave_einde"] - g["opgave_begin"]).days + 1
        regels.append(f"  ikv {g['ikv_id']} bij {g['werkgever_id']}: {g['tijdvak_type']} {_d(g['opgave_begin'])} t/m "
                      f"{_d(g['opgave_einde'])} ({dagen} dagen), {getal(g['verloonde_uren'], 2)} uur -> {getal(g['uren'], 2)} uur per maand "
                      f"(tijdvakconversie {g['conversie']}); sv_loon {getal(g['sv_loon'], 2)}"
                      f"{' (loon: werkzaam)' if g['werkzaam'] else ''}; aard {g['aard_arbeidsverhouding']}"
                      f"{' (beschut werk: telt niet)' if g['beschut'] else ''}")
    regels.append("Banen per inkomstenverhouding zoals geteld, alleen in de banenafspraak (RULES.md §3, §4):")
    if m.ikv.empty:
        regels.append("  geen")
    sleutel = verdeelsleutel(p)
    for _, g in m.ikv.iterrows():
        toerekening = (f"inleen, met verdeelsleutel {procent(sleutel['overheid'])} naar overheid" if g["inleen"]
                       else f"regulier, sector {g['sector']}")
        regels.append(f"  ikv {g['ikv_id']} bij {g['werkgever_id']}: {getal(g['uren'], 2)} uur per maand -> {getal(g['banen'], 3)} baan "
                      f"({getal(g['uren'], 2)} / {getal(norm, 2)}); werkzaam: {'ja' if g['werkzaam'] else 'nee'}; {toerekening}")
    regels.append(f"Totaal: {getal(m.ikv['banen'].sum(), 3)} banen; werkzaam: {'ja' if m.ikv['werkzaam'].any() else 'nee'}.")
    return "\n".join(regels)
