"""Why one person counts or not on a peildatum (issue: audit). For internal checking only: the text
names a person and never enters a report."""
from __future__ import annotations

import pandas as pd

from .banen import maanduren
from .dates import aow_datum, ts
from .parameters import parameter
from .register import CATEGORIE_LABEL, SUBCATEGORIE_LABEL, einde_in_scenario, status_op
from .sector import is_inleen, verdeelsleutel, werkgever_sector


def _d(x) -> str:
    return "-" if x is None or pd.isna(x) else pd.Timestamp(x).date().isoformat()


def verklaar(tabellen, persoon_id: str, peildatum, t2_scenario: str = "geregistreerd", directe_einden: bool = True) -> str:
    p = ts(peildatum)
    pers = tabellen["persoon"]
    rij = pers.loc[pers["persoon_id"] == persoon_id]
    if rij.empty:
        raise KeyError(f"persoon {persoon_id} komt niet voor in persoon")
    r = rij.iloc[0]
    aow = aow_datum(rij["geboortedatum"]).iloc[0]
    regels = [f"Persoon {persoon_id} op peildatum {_d(p)} (t+2-scenario: {t2_scenario})",
              f"  geboren {_d(r['geboortedatum'])}, AOW-leeftijd bereikt op {_d(aow)} (RULES.md §2, parameter aow.leeftijd); "
              f"overleden {_d(r['overlijdensdatum'])}; emigratie {_d(r['emigratiedatum'])}"]
    woon = tabellen["woonplaats"] if "woonplaats" in tabellen else None
    if woon is not None:
        w = woon.loc[(woon["persoon_id"] == persoon_id) & (woon["begin"] <= p) & (woon["einde"].isna() | (woon["einde"] >= p))]
        if len(w) and "gemeente_regio" in tabellen:
            gr = tabellen["gemeente_regio"]
            g = gr.loc[(gr["gemeentecode"] == w.iloc[0]["gemeentecode"]) & (gr["jaar"] == p.year)]
            regio = f"{g.iloc[0]['arbeidsmarktregio_code']} {g.iloc[0]['arbeidsmarktregio_naam']}" if len(g) else "onbekend"
            regels.append(f"  woont in {w.iloc[0]['gemeentecode']} -> arbeidsmarktregio {regio} (RULES.md §3, regio)")
    reg = tabellen["doelgroepregister"]
    eigen = reg.loc[reg["persoon_id"] == persoon_id].sort_values("registratie_begin")
    regels.append("Registraties in het doelgroepregister (RULES.md §2):")
    if eigen.empty:
        regels.append("  geen")
    scen = einde_in_scenario(eigen, t2_scenario)
    for (_, g), e in zip(eigen.iterrows(), scen):
        geldig = g["registratie_begin"] <= p and (pd.isna(e) or e >= p)
        regels.append(f"  {g['grondslag']:<20} {_d(g['registratie_begin'])} t/m {_d(g['registratie_einde'])}"
                      f" (reden {g['reden_einde'] if isinstance(g['reden_einde'], str) else '-'}; criteria tot {_d(g['criteria_einde'])};"
                      f" einde in scenario {_d(e)}) -> {'GELDIG' if geldig else 'niet geldig'} op de peildatum")
    st = status_op(reg, pers, pd.DataFrame({"persoon_id": [persoon_id], "datum": [p]}), t2_scenario, directe_einden).iloc[0]
    if st["in_populatie"]:
        regels.append(f"Telt mee in de banenafspraak: categorie {CATEGORIE_LABEL[st['categorie']]}, subcategorie "
                      f"{SUBCATEGORIE_LABEL[st['subcategorie']]} (regel: {st['regel']}).")
    else:
        regels.append(f"Telt NIET mee: {st['uitsluiting']}.")
    polis = tabellen["polis"]
    o = polis.loc[(polis["persoon_id"] == persoon_id) & (polis["opgave_begin"] <= p) & (polis["opgave_einde"] >= p)]
    regels.append(f"Inkomstenopgaven waarvan het tijdvak de peildatum bevat (RULES.md §3): {len(o)}")
    sec = werkgever_sector(tabellen["werkgever"], p.year).set_index("werkgever_id")["sector"]
    norm = parameter("banen.uren_per_maand", p)
    beschut = parameter("banen.beschut_werk_aarden", p)
    totaal = 0.0
    werkzaam = False
    for (_, g), uren, inleen in zip(o.iterrows(), maanduren(o, p), is_inleen(o, p)):
        dagen = (g["opgave_einde"] - g["opgave_begin"]).days + 1
        telt = st["in_populatie"] and g["aard_arbeidsverhouding"] not in beschut
        banen = uren / norm if telt else 0.0
        totaal += banen
        werkzaam |= bool(telt and g["sv_loon"] > parameter("banen.werkzaam_loon_groter_dan", p))
        sector = sec.get(g["werkgever_id"], "onbekend")
        toerekening = (f"inleen, met verdeelsleutel {verdeelsleutel(p)['overheid']:.1%} naar overheid" if inleen
                       else f"regulier, sector {sector}")
        regels.append(f"  ikv {g['ikv_id']} bij {g['werkgever_id']}: {g['tijdvak_type']} {_d(g['opgave_begin'])} t/m "
                      f"{_d(g['opgave_einde'])} ({dagen} dagen), {g['verloonde_uren']:.2f} uur x {p.days_in_month}/{dagen} "
                      f"= {uren:.2f} uur per maand -> {banen:.3f} baan ({uren:.2f} / {norm}); sv_loon {g['sv_loon']:.2f}; "
                      f"aard {g['aard_arbeidsverhouding']}{' (beschut werk: telt niet)' if g['aard_arbeidsverhouding'] in beschut else ''}; "
                      f"{toerekening}")
    regels.append(f"Totaal: {totaal:.3f} banen; werkzaam: {'ja' if werkzaam else 'nee'}.")
    return "\n".join(regels)
