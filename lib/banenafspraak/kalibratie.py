"""Generated against published: every figure of CALIBRATION.md, computed with the suite's own rules.

Used by the calibration report (notebooks/kalibratie.ipynb) and by the tests. Published counts are
multiplied by the data's ``schaal``; shares are compared in percentage points.
"""
from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import yaml

from .dates import ts
from .duurzaamheid import gemiddelde_duur_jaren, onbepaald_aandeel_uren, uitkomsten, werkbehoud_tabel, werkenden_behoud
from .motor import Peil
from .monitor import Meting, banen_naar_sector, meet, meet_alle, nulmeting_peil, nulmeting_per_sector
from .parameters import parameter
from .participatie import lopende_uitkering, participatie, polis_bron, werkend_in_december


class NietSynthetischError(ValueError):
    """The calibration report runs on data that are not synthetic."""


def controleer_synthetisch(meta: dict, map=None) -> None:
    """The calibration compares national aggregates of the generated data with published figures and
    applies no disclosure control: its tables may hold counts of 1-9 persons (RULES.md §10). So it runs
    only on data whose ``meta.yaml`` says ``bron: synthetisch``; anything else is refused in one line."""
    bron = (meta or {}).get("bron")
    if bron != "synthetisch":
        waar = f" in {map}" if map is not None else ""
        raise NietSynthetischError(
            f"kalibratie: de data{waar} zijn niet synthetisch (meta.yaml bron: {bron if bron else 'ontbreekt'}); "
            "de kalibratie onderdrukt geen kleine aantallen en draait alleen op synthetische data (bron: synthetisch)")


def _peildata(D: dict, onderdelen, met_uitkering: bool) -> list:
    """The peildata (dates or ``motor.Peil``) the figures of ``onderdelen`` count on, so that
    :func:`kalibratie` counts them all in one pass of the engine."""
    uit: list = []
    if "monitor" in onderdelen:
        for jaar in D["monitor"]["extra_banen"]:
            uit += [nulmeting_peil(jaar), f"{jaar}-12-31"]
    if "participatie" in onderdelen and met_uitkering:
        uit += [f"{jaar}-12-31" for jaar in D["participatie"]["werkgevers_met_arbeidsbeperkte"]]
    if "duurzaamheid" in onderdelen:
        uit += [f"{jaar}-12-31" for jaar in (*D["duurzaamheid"]["onbepaald_uren"], *D["duurzaamheid"]["duur_jaren"])]
    return uit  # a date listed twice is counted once (motor.peilen)


def betaalde_opgaven_op(polis, datum, personen=None, aarden=None) -> pd.DataFrame:
    """(persoon_id, werkgever_id), distinct, of the opgaven whose tijdvak contains ``datum`` (as
    the engine's ``motor.OPGAVEN_PEIL``) with pay, beschut werk included (``werk.WERKZAAM_SQL``, RULES.md §8):
    the rule's SQL (``werk.opgaven_maanden_sql``) in DuckDB over ``polis`` (DataFrame or parquet file,
    never loaded into pandas), optionally only of ``personen`` and of the aarden ``aarden``. The
    thresholds are those of ``datum``'s month, read on its last day: ``datum`` must be a month's last day."""
    from .verbinding import naar_pandas
    from .werk import (maand_einde, maandnummer, opgaven_maanden_sql, personen_filter, polis_verbinding, registreer_regels,
                       tijdvak_overlapt_sql)

    p = ts(datum)
    m = int(maandnummer([p])[0])
    if p != maand_einde(m):
        raise ValueError(f"betaalde_opgaven_op: {p:%d-%m-%Y} is geen laatste dag van een maand")
    con = polis_verbinding(polis)
    registreer_regels(con, m, m)
    waar = f"{tijdvak_overlapt_sql(p, p)} AND {personen_filter(con, personen)}"
    if aarden is not None:
        con.register("aarden_filter", pd.DataFrame({"aard": pd.Series(list(aarden), dtype=object)}))
        waar += " AND aard_arbeidsverhouding IN (SELECT aard FROM aarden_filter)"
    uit = naar_pandas(con, f"SELECT DISTINCT persoon_id, werkgever_id FROM ({opgaven_maanden_sql(waar, ('werkgever_id',))}) "
                           "WHERE werkzaam")
    con.close()
    return uit


def doelen() -> dict:
    return yaml.safe_load((resources.files("banenafspraak.synth") / "kalibratie_doelen.yaml").read_text(encoding="utf-8"))


def _rij(onderwerp, figuur, wanneer, gepubliceerd, gegenereerd, tolerantie, soort, bron):
    if soort in ("punten", "procentpunten"):  # shares as fractions (x 100) or percentages already
        afwijking = (gegenereerd - gepubliceerd) * (100 if soort == "punten" else 1)
        binnen = abs(afwijking) <= tolerantie
    else:
        afwijking = (gegenereerd / gepubliceerd - 1) * 100 if gepubliceerd else np.nan
        binnen = abs(gegenereerd / gepubliceerd - 1) <= tolerantie if gepubliceerd else False
    return {"onderwerp": onderwerp, "figuur": figuur, "wanneer": str(wanneer), "gepubliceerd": gepubliceerd,
            "gegenereerd": gegenereerd, "afwijking": afwijking,
            "tolerantie": (f"±{tolerantie:g} punten" if soort != "relatief" else f"±{tolerantie * 100:g}%").replace(".", ","),
            "binnen_tolerantie": bool(binnen), "bron": bron}


def kalibratie(tabellen, schaal: float, onderdelen=("monitor", "dashboard", "participatie", "duurzaamheid",
                                                     "beschut_werk", "quotum")) -> pd.DataFrame:
    """One row per published figure: published (x schaal), generated, deviation, within tolerance."""
    if hasattr(tabellen, "meta"):  # a data directory (loading.Dataset): synthetic data only
        controleer_synthetisch(tabellen.meta, getattr(tabellen, "map", None))
    D = doelen()
    rijen = []
    # every peildatum the figures below count on, in one pass of the counting engine (RULES.md §2-§4)
    peildata = _peildata(D, onderdelen, "uitkering" in tabellen)
    metingen: dict = meet_alle(tabellen, peildata) if peildata else {}

    def meting(datum):
        """The count on ``datum`` (a date or ``motor.Peil``)."""
        sleutel = Peil.van(datum).peildatum
        if sleutel not in metingen:  # a figure not listed by _peildata
            metingen[sleutel] = meet(tabellen, datum)
        return metingen[sleutel]

    if "monitor" in onderdelen:
        M = D["monitor"]
        # the monitor's nulmeting: the doelgroep of 1 January 2013 with the hours of December 2012 (RULES.md §3)
        nul = meting(nulmeting_peil(max(M["extra_banen"])))
        rijen.append(_rij("landelijke monitor", "nulmeting (banen)", f"december {nul.urendatum.year}",
                          M["nulmeting"]["waarde"] * schaal, nulmeting_per_sector(nul, "data", schaal)["totaal"],
                          M["nulmeting"]["tolerantie"], "relatief", M["bron"]))
        for jaar, (tot, markt, ov) in M["extra_banen"].items():
            nm = nulmeting_per_sector(meting(nulmeting_peil(jaar)), "data", schaal)
            b = banen_naar_sector(meting(f"{jaar}-12-31")).set_index("sector")["banen"]
            extra = {"markt": b["markt"] - nm["markt"], "overheid": b["overheid"] - nm["overheid"]}
            extra["totaal"] = extra["markt"] + extra["overheid"]
            for s, w, tol in (("totaal", tot, M["tolerantie_totaal"]), ("markt", markt, M["tolerantie_sector"]),
                              ("overheid", ov, M["tolerantie_sector"])):
                rijen.append(_rij("landelijke monitor", f"extra banen {s}", jaar, w * schaal, extra[s], tol, "relatief", M["bron"]))
    if "dashboard" in onderdelen:
        # the quarterly dashboard's figures with the quarterly rules of the trendrapportage (RULES.md §2, §6:
        # Wsw and Wiw/ID on 1 January, the polis as delivered four months later, the nulmeting of 31 December
        # 2012 counted with the same rules), in one pass of the engine
        from .trend import landelijk

        B = D["dashboard"]
        reeksen = (("personen in het register", B["register"]), ("werkzame personen", B["werkzaam"]),
                   ("extra banen", B["extra_banen"]), ("extra banen regulier", B["extra_regulier"]),
                   ("extra banen inleen", B["extra_inleen"]))
        datums = {ts(str(d)) for _, r in reeksen for d in r}
        nul_van = {d: ts(parameter("nulmeting.peildatum", d)) for d in datums}
        kw = landelijk(tabellen, datums | set(nul_van.values()))
        kolom = {"personen in het register": "personen", "werkzame personen": "werkzame_personen",
                 "extra banen": "banen", "extra banen regulier": "banen_regulier", "extra banen inleen": "banen_inleen"}
        for figuur, reeks in reeksen:
            for datum, w in reeks.items():
                d = ts(str(datum))
                g = kw.at[d, kolom[figuur]] - (kw.at[nul_van[d], kolom[figuur]] if figuur.startswith("extra") else 0)
                rijen.append(_rij("kwartaaldashboard", figuur, datum, w * schaal, g, B["tolerantie"], "relatief", B["bron"]))
    if "participatie" in onderdelen and "uitkering" in tabellen:
        P = D["participatie"]
        jaren = sorted(set(P["pw"]) | set(P["wajong_av_aantal"]) | set(P["wajong_av_aandeel"]))
        part = participatie(tabellen, jaren).set_index(["jaar", "groep"])
        for jaar, (n, w) in P["pw"].items():
            r = part.loc[(jaar, "pw_doelgroepregister")]
            rijen.append(_rij("arbeidsparticipatie", "Participatiewetters in het register", jaar, n * schaal, r["personen"], P["tolerantie"], "relatief", P["bron"]))
            rijen.append(_rij("arbeidsparticipatie", "Participatiewetters werkend", jaar, w * schaal, r["werkend"], P["tolerantie"], "relatief", P["bron"]))
            rijen.append(_rij("arbeidsparticipatie", "Participatiewetters aandeel werkend", jaar, w / n, r["aandeel_werkend"], P["punten"], "punten", P["bron"]))
        for jaar, n in P["wajong_av_aantal"].items():
            rijen.append(_rij("arbeidsparticipatie", "Wajongers met arbeidsvermogen", jaar, n * schaal,
                              part.loc[(jaar, "wajong_arbeidsvermogen"), "personen"], P["tolerantie"], "relatief", P["bron"]))
        for jaar, a in P["wajong_av_aandeel"].items():
            rijen.append(_rij("arbeidsparticipatie", "Wajongers met arbeidsvermogen aandeel werkend", jaar, a,
                              part.loc[(jaar, "wajong_arbeidsvermogen"), "aandeel_werkend"], P["punten"], "punten", P["bron"]))
        u = tabellen["uitkering"]
        for jaar, (n, w) in P["wajong_alle"].items():
            alle = lopende_uitkering(u, ts(jaar), ["WAJONG_OUD", "WAJONG_2010", "WAJONG_2015"])
            werkend = werkend_in_december(polis_bron(tabellen), jaar, alle)
            rijen.append(_rij("arbeidsparticipatie", "alle Wajongers", jaar, n * schaal, len(alle), P["tolerantie"], "relatief", P["bron"]))
            rijen.append(_rij("arbeidsparticipatie", "alle Wajongers werkend", jaar, w * schaal, len(werkend), P["tolerantie"], "relatief", P["bron"]))
        if "ao_klasse" in u.columns:
            for klasse, (j0, j1, a) in P["wga_aandeel"].items():
                code = "80-100" if klasse == "volledig" else "35-80"
                for jaar in range(j0, j1 + 1):
                    wga = lopende_uitkering(u.loc[u["ao_klasse"] == code], ts(jaar), ["WGA"])
                    aandeel = len(werkend_in_december(polis_bron(tabellen), jaar, wga)) / max(len(wga), 1)
                    rijen.append(_rij("arbeidsparticipatie", f"WGA {klasse} aandeel werkend", jaar, a, aandeel, P["punten"], "punten", P["bron"]))
        for figuur, reeks, regelingen in (("werkgevers met een Wajonger", P["werkgevers_met_wajonger"], ["WAJONG_OUD", "WAJONG_2010", "WAJONG_2015"]),
                                          ("werkgevers met iemand met een arbeidsbeperking", P["werkgevers_met_arbeidsbeperkte"], None)):
            for jaar, a in reeks.items():
                wg = tabellen["werkgever"].loc[tabellen["werkgever"]["jaar"] == jaar, "werkgever_id"]
                if regelingen is not None:
                    doel = lopende_uitkering(u, ts(jaar), regelingen)
                else:
                    doel = pd.concat([meting(f"{jaar}-12-31").populatie["persoon_id"], lopende_uitkering(u, ts(jaar), ["WGA", "WAJONG_OUD", "WAJONG_2010", "WAJONG_2015"])])
                # employing = paying, beschut werk included (RULES.md §8)
                opg = betaalde_opgaven_op(polis_bron(tabellen), ts(jaar), doel.to_numpy(dtype=object))
                aandeel = opg["werkgever_id"].nunique() / max(len(wg), 1)
                rijen.append(_rij("arbeidsparticipatie", figuur, jaar, a, aandeel, P["punten"], "punten", P["bron"]))
    if "duurzaamheid" in onderdelen:
        Z = D["duurzaamheid"]
        alle = uitkomsten(tabellen, list(Z["starters"]), overleving=[], polis=polis_bron(tabellen))
        for cohort, (wb, bb) in Z["starters"].items():
            t = werkbehoud_tabel(alle.loc[alle["cohort"] == cohort], cohort).set_index("doelgroep").loc["totaal"]
            rijen.append(_rij("duurzaamheid", "nieuwe starters werkbehoud", f"cohort {cohort}", wb, t["werkbehoud"], Z["punten"], "punten", Z["bron"]))
            if bb is not None:
                rijen.append(_rij("duurzaamheid", "nieuwe starters baanbehoud", f"cohort {cohort}", bb, t["baanbehoud"], Z["punten"], "punten", Z["bron"]))
        werkenden = werkenden_behoud(tabellen, list(Z["werkenden"]), polis=polis_bron(tabellen)).set_index("jaar")
        for jaar, (wb, bb) in Z["werkenden"].items():
            r = werkenden.loc[jaar]
            rijen.append(_rij("duurzaamheid", "alle werkenden werkbehoud", f"Q3 {jaar - 1} - Q3 {jaar}", wb, r["werkbehoud"], Z["punten"], "punten", Z["bron"]))
            if bb is not None:
                rijen.append(_rij("duurzaamheid", "alle werkenden baanbehoud", f"Q3 {jaar - 1} - Q3 {jaar}", bb, r["baanbehoud"], Z["punten"], "punten", Z["bron"]))
        for jaar, a in Z["onbepaald_uren"].items():
            rijen.append(_rij("duurzaamheid", "aandeel uren onbepaalde tijd", jaar, a, onbepaald_aandeel_uren(meting(f"{jaar}-12-31").ikv),
                              Z["punten"], "punten", Z["bron"]))
        for jaar, d in Z["duur_jaren"].items():
            rijen.append(_rij("duurzaamheid", "gemiddelde duur lopende inkomstenverhoudingen (jaren)", jaar, d,
                              gemiddelde_duur_jaren(meting(f"{jaar}-12-31").ikv, f"{jaar}-12-31"), Z["tolerantie_duur"], "relatief", Z["bron"]))
    if "beschut_werk" in onderdelen and "beschut_werk" in tabellen:
        W = D["beschut_werk"]
        # the rapportage beschut werk's own counting (RULES.md §11, beschut.landelijk: the engine's tel_beschut)
        from .beschut import landelijk as beschut_landelijk

        datums = sorted({ts(str(d)) for d in [*W["werkzaam"], *W["positieve_adviezen"]]})
        bl = beschut_landelijk(tabellen, datums)
        for datum, n in W["werkzaam"].items():
            g = int(bl.at[ts(str(datum)), "werkzaam"])
            rijen.append(_rij("beschut werk", "werkzaam op een beschutte werkplek", datum, n * schaal, g, W["tolerantie"], "relatief", W["bron"]))
        for datum, n in W["positieve_adviezen"].items():
            g = int(bl.at[ts(str(datum)), "positieve_adviezen"])
            rijen.append(_rij("beschut werk", "positieve adviezen (cumulatief)", datum, n * schaal, g, W["tolerantie"], "relatief", W["bron"]))
    if "quotum" in onderdelen and "werkgever" in tabellen:
        Q = D["quotum"]
        # the quotum report's own formula (RULES.md §9, quotum.tel_jaar): A, D and F from the data, B from the targets
        from .quotum import tel_jaar

        for jaar, pct in Q["overheid"].items():
            f = tel_jaar(tabellen, int(jaar), schaal=schaal).formule.set_index("sector")
            rijen.append(_rij("quotum", "quotumpercentage overheid (%)", jaar, pct, 100 * float(f.at["overheid", "quotumpercentage_berekend"]),
                              Q["punten"], "procentpunten", Q["bron"]))
    return pd.DataFrame(rijen)
