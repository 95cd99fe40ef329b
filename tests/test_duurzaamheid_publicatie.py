"""The duurzaamheid report as a publication (RULES.md §7, §10; issue #10): the regression, the
Kaplan-Meier table and the job durations publish nothing from which a cell of 1-9 persons can be
worked out; the text follows the parameters; the threshold has one source. Hand-built starters
(``uitkomsten``-shaped frames) for the statistics, a hand-built data directory for the report."""
import re

import numpy as np
import pandas as pd
import pytest

from bouw import Bouw, maand
from banenafspraak import duurzaamheid as dz
from banenafspraak.loading import lees_map

MIN_CEL = 10


# --------------------------------------------------------------------------- 1. the regression


def starters(klassen: dict, variabele: str = "leeftijdsklasse") -> pd.DataFrame:
    """Starters who stay in the cohort, all alike but for ``variabele``: per level (with werkbehoud,
    without). Half of each group works 80 hours a month, half 120, with the same odds in both halves,
    so the hours explain nothing and every odds ratio is the crude one of its 2x2 table."""
    rijen = []
    for niveau, (ja, nee) in klassen.items():
        for y, aantal in ((True, ja), (False, nee)):
            assert aantal % 2 == 0
            for i in range(aantal):
                rijen.append({variabele: niveau, "werkbehoud": y, "uren_maand": 80.0 if i % 2 else 120.0})
    u = pd.DataFrame(rijen)
    standaard = {"doelgroep": "participatiewet", "leeftijdsklasse": "27-34", "geslacht": "V", "contractsoort": "O",
                 "sector": "markt", "inleen": False, "verlaten": "", "start": pd.Timestamp("2023-03-01")}
    for k, v in standaard.items():
        if k not in u.columns:
            u[k] = v
    return u


def test_1_kleine_klassen_samengevoegd_ook_op_met_en_zonder_werkbehoud():
    """27-34 (reference): 30 with, 10 without werkbehoud: odds 3. 35-44: 20/20, odds 1, OR 1/3.
    'tot 27' 6/6 (12 starters, fewer than 10 with and without) and 45-54 10/4 (14 starters, only 4
    without) are merged: overig 16/10, odds 1,6, OR 1,6/3 = 0,5333. Before the fix 45-54 and tot 27
    (each at least 10 starters) kept their own odds ratio, 45-54 resting on 4 persons without werk."""
    u = starters({"27-34": (30, 10), "35-44": (20, 20), "tot 27": (6, 6), "45-54": (10, 4)})
    r = dz.logistische_regressie(u, MIN_CEL).set_index("term")
    assert list(r.index) == ["constante", "leeftijdsklasse: 35-44 (t.o.v. 27-34)", "leeftijdsklasse: overig (t.o.v. 27-34)",
                             "uren per maand (per 10 uur)"]
    assert r.loc["constante", "odds_ratio"] == pytest.approx(3.0, rel=1e-5)
    assert r.loc["leeftijdsklasse: 35-44 (t.o.v. 27-34)", "odds_ratio"] == pytest.approx(1 / 3, rel=1e-5)
    assert r.loc["leeftijdsklasse: overig (t.o.v. 27-34)", "odds_ratio"] == pytest.approx(1.6 / 3, rel=1e-5)
    assert r.loc["uren per maand (per 10 uur)", "odds_ratio"] == pytest.approx(1.0, abs=1e-6)
    # the persons behind every term, for the disclosure pass
    assert r.loc["leeftijdsklasse: overig (t.o.v. 27-34)", ["n_klasse", "n_ja", "n_nee"]].tolist() == [26, 16, 10]
    assert r.loc["constante", ["n_klasse", "n_ja", "n_nee"]].tolist() == [106, 66, 40]


def test_1_overig_te_klein_model_niet_getoond():
    """The issue's case: wsw_wiwid has 4 starters (2 with, 2 without werkbehoud); merged into
    'overig' it still rests on 4 persons, and its odds ratio with the published starters per
    doelgroep gives the 2 and 2 back. The model is withheld (before the fix it was published)."""
    u = starters({"participatiewet": (30, 10), "wajong": (20, 20), "wsw_wiwid": (2, 2)}, "doelgroep")
    with pytest.raises(dz.RegressieNietGeschat, match=r"doelgroep \(Wsw-indicatie en/of Wiw/ID-baan\) .*te klein"):
        dz.logistische_regressie(u, MIN_CEL)


def test_1_perfecte_scheiding_en_gelijke_uren_niet_geschat():
    """All 20 starters with 120 hours keep work, all 20 with 80 hours do not: perfect separation,
    no finite estimate. And 40 starters with the same hours: the hours cannot be estimated."""
    u = starters({"27-34": (20, 20)})
    u["uren_maand"] = np.where(u["werkbehoud"], 120.0, 80.0)
    with pytest.raises(dz.RegressieNietGeschat, match="niet .*te schatten"):
        dz.logistische_regressie(u, MIN_CEL)
    u["uren_maand"] = 100.0
    with pytest.raises(dz.RegressieNietGeschat, match="hetzelfde aantal uren"):
        dz.logistische_regressie(u, MIN_CEL)


# --------------------------------------------------------------------------- 2. Kaplan-Meier


def km_starters(groepen: dict) -> pd.DataFrame:
    """Starters per doelgroep as (months, end observed) pairs with counts; the same durations for
    werk and baan."""
    rijen = []
    for d, duren in groepen.items():
        for maanden, einde, aantal in duren:
            rijen += [{"doelgroep": d, "maanden_werk": maanden, "einde_werk": einde,
                       "maanden_baan": maanden, "einde_baan": einde}] * aantal
    return pd.DataFrame(rijen)


# wajong: 12 stop after 2 months, 4 after 5, 12 after 8; 12 are censored after 14 months.
# participatiewet: 40 censored after 30 months, nobody stops.
KM = {"wajong": [(2, 1, 12), (5, 1, 4), (8, 1, 12), (14, 0, 12)], "participatiewet": [(30, 0, 40)]}


def test_2_geen_brug_over_een_onderdrukt_rasterpunt():
    """Candidates 0, 3, 6, 9, 12, 18. Wajong at risk: 40, 28, 24, 12, 12, 0. Month 6 rests on 24
    persons, but between 3 and 6 only 4 wajongers stop: with 3 and 6 published, 4 = 28 x (1 - S6/S3).
    Suppressing month 6 alone does not help (3 and 9 bridge it); the shared grid skips it: from 3 to 9
    16 stop. Month 18: nobody of the wajong at risk, so no survival (not 'the last value')."""
    km = dz.km_tabel(km_starters(KM), [0, 3, 6, 9, 12, 18], MIN_CEL)
    assert sorted(set(km["maand"])) == [0, 3, 9, 12, 18]
    assert set(km["doelgroep"]) == {"wajong", "participatiewet", "totaal"}
    w = km.loc[(km["soort"] == "werk") & (km["doelgroep"] == "wajong")].set_index("maand")
    # Kaplan-Meier by hand: 1 - 12/40 = 0,7; x (1 - 4/28) = 0,6; x (1 - 12/24) = 0,3
    assert w["overleving"].loc[[0, 3, 9, 12]].tolist() == pytest.approx([1.0, 0.7, 0.3, 0.3])
    assert w["aantal_at_risk"].tolist() == [40, 28, 12, 12, 0]
    assert pd.isna(w.loc[18, "overleving"])
    t = km.loc[(km["soort"] == "baan") & (km["doelgroep"] == "totaal")].set_index("maand")
    assert t["aantal_at_risk"].tolist() == [80, 68, 52, 52, 40]
    # every published step: at least 10 at risk, and 0 or at least 10 stops since the previous month
    assert (km.loc[km["overleving"].notna(), "aantal_at_risk"] >= MIN_CEL).all()


def test_2_kleine_doelgroep_niet_via_het_totaal():
    """Wsw/ID has 4 starters (2 stop after 2 months): its own curve is withheld, and so is the total,
    since total minus the two published curves is that curve. Before the fix the total was published
    with the wajong and participatiewet curves."""
    km = dz.km_tabel(km_starters({**KM, "wsw_wiwid": [(2, 1, 2), (30, 0, 2)]}), [0, 3, 6, 9, 12, 18], MIN_CEL)
    assert set(km["doelgroep"]) == {"wajong", "participatiewet"}
    assert sorted(set(km["maand"])) == [0, 3, 9, 12, 18]


def test_2_werk_min_baan_verraadt_geen_baanwisselaars():
    """30 Participatiewet starters: 16 keep their job, 10 stop working after 4 months, 4 change job after
    4 months and keep working (in work 30 months, in the first job 4). After month 3, werk and baan
    differ by 4 persons (the job changers): a reader gets them from the two curves and the starters,
    so no month after 3 is published; months 0 and 3 rest on 30 persons each, for both curves."""
    u = pd.DataFrame([{"doelgroep": "participatiewet", "maanden_werk": w, "einde_werk": ew, "maanden_baan": b,
                       "einde_baan": eb} for w, ew, b, eb, n in ((30, 0, 30, 0, 16), (4, 1, 4, 1, 10),
                                                                 (30, 0, 4, 1, 4)) for _ in range(n)])
    km = dz.km_tabel(u, [0, 3, 6, 9, 12, 18], MIN_CEL)
    assert sorted(set(km["maand"])) == [0, 3]
    # without the job changers (16 + 10) the months after the stops are published
    km2 = dz.km_tabel(u.iloc[:26], [0, 3, 6, 9, 12, 18], MIN_CEL)
    assert sorted(set(km2["maand"])) == [0, 3, 6, 9, 12, 18]


def test_2_aantal_at_risk_niet_gepubliceerd(rapport):
    """The numbers at risk protect the survival figures but are not published: with the survival and the
    leavers of the cohort they would give the starters of a hidden doelgroep back (12 wajongers at risk
    at months 3-12 with survival 100% and 0 leavers = 12 starters, while the werkbehoud table hides
    them to protect a small doelgroep)."""
    pub = dz.publicatie(*rapport, 2023, min_cel=MIN_CEL)
    t = pub.tabellen["kaplan_meier"]
    assert "aantal_at_risk" not in t.kolommen and "aantal_at_risk" in t.verborgen
    assert "aantal_at_risk" not in pub.publiceer().tabellen["kaplan_meier"].data.columns


def test_2_zonder_drempel_elk_punt():
    km = dz.km_tabel(km_starters(KM), [0, 3, 6, 9, 12, 18], 0)
    assert sorted(set(km["maand"])) == [0, 3, 6, 9, 12, 18]


# --------------------------------------------------------------------------- 3-5. the report


def rapport_map(tmp_path):
    """Peildatum of the job durations for cohort 2023: 31-12-2022. Five persons with two running jobs
    each, begun 1-6-2021 (1 whole year: class '1-2 jaar'): 10 jobs, 5 persons. Twenty persons with one
    job begun 1-6-2022 ('korter dan 1 jaar'). Three persons start a job in January 2023 (cohort 2023);
    one of them dies in June 2023 and leaves the cohort."""
    b = Bouw()
    for i in range(5):
        p = f"TWEE{i}"
        b.persoon(p).registratie(p, "PW_INDICATIE", begin="2015-01-01")
        for j in (1, 2):
            b.maand_opgave(p, f"{p}_{j}", f"W{j}", 2022, 12, 80.0, ikv_begin="2021-06-01")
    for i in range(20):
        p = f"EEN{i}"
        b.persoon(p).registratie(p, "PW_INDICATIE", begin="2015-01-01")
        b.maand_opgave(p, f"{p}_1", "W1", 2022, 12, 80.0, ikv_begin="2022-06-01")
    for i in range(3):
        p = f"START{i}"
        b.persoon(p, overleden="2023-06-15" if i == 0 else None).registratie(p, "WAJONG_OUD", begin="2015-01-01")
        for m in range(1, 13):
            b.maand_opgave(p, f"{p}_1", "W1", 2023, m, 80.0, ikv_begin="2023-01-02")
    return b.schrijf(tmp_path / "d", periode=("2012-01-01", "2024-12-31"))


@pytest.fixture
def rapport(tmp_path):
    return dz.laad(rapport_map(tmp_path), 2023)


def test_3_duur_beschermd_door_personen(rapport):
    """'1-2 jaar': 10 jobs of 5 persons is suppressed (before the fix: shown, as 10 jobs). The total
    of 30 jobs follows from any published count and its share, so 'korter dan 1 jaar' (20 jobs, 20
    persons) goes too; the mean duration rests on 25 persons and stays."""
    pub = dz.publicatie(*rapport, 2023, min_cel=MIN_CEL)
    d = pub.tabellen["duur"].data.set_index("duur")
    assert d.loc["1-2 jaar", ["inkomstenverhoudingen", "personen"]].tolist() == [10, 5]
    assert d["totaal_personen"].iloc[0] == 25
    g = pub.publiceer()
    assert g.tekst("duur", "inkomstenverhoudingen", duur="1-2 jaar") == "*"
    assert g.tekst("duur", "aandeel", duur="1-2 jaar") == "*"
    assert g.tekst("duur", "inkomstenverhoudingen", duur="korter dan 1 jaar") == "*"
    # in the report's Markdown text a suppressed figure is an escaped star, not emphasis or a list
    assert g.md("duur", "inkomstenverhoudingen", duur="1-2 jaar") == "\\*"
    # (20 x 0,5833 + 10 x 1,5833) / 30: 1-6-2022 is 213/365 of a year before 31-12-2022, 1-6-2021 1 + 213/365
    assert g.waarde("duur", "gemiddelde_duur_jaren", duur="1-2 jaar") == pytest.approx((30 * 213 / 365 + 10) / 30)


def test_4_tekst_volgt_de_parameters_en_ontsnapt_sterren(rapport):
    """behoud_na_maanden = 6: the text says 6 months, not 'een jaar'; 3 starters are suppressed and
    the '*' is escaped (a bare '*' starts a Markdown list or emphasis)."""
    g = dz.publicatie(*rapport, 2023, behoud_na_maanden=6, min_cel=MIN_CEL).publiceer()
    t = dz.tekst_cohort(g)
    assert "6 maanden later (in de kalendermaand 6 maanden na de startmaand)" in t and "een jaar" not in t
    assert "Van de **\\* starters** die van 01-10-2022 tot en met 30-09-2023" in t
    assert not re.search(r"(?<![\\*])\*(?![*])", t)  # every single '*' escaped
    assert "6 maanden na de start" in dz.tekst_regressie(g) or "niet getoond" in dz.tekst_regressie(g)
    assert dz.md("a*b_c") == "a\\*b\\_c"


def test_4_regressie_niet_geschat_staat_in_de_tekst(rapport):
    g = dz.publicatie(*rapport, 2023, min_cel=MIN_CEL).publiceer()
    assert g["regressie_werkbehoud"].empty
    assert dz.tekst_regressie(g) == "De regressie wordt niet getoond: te weinig starters: nodig zijn er minstens 10 met en 10 zonder werkbehoud."


def test_4_peildatum_per_tabel_in_het_werkboek(rapport, tmp_path):
    """The durations are counted on 31-12-2022, the cohort ends 30-09-2023: each sheet says its own."""
    import json

    from openpyxl import load_workbook

    from banenafspraak.rapport import RAPPORT_META, schrijf
    from banenafspraak.runner import schrijf_xlsx

    g = dz.publicatie(*rapport, 2023, min_cel=MIN_CEL).publiceer()
    run = tmp_path / "run"
    schrijf(g, run)
    info = json.loads((run / RAPPORT_META).read_text(encoding="utf-8"))
    wb = load_workbook(schrijf_xlsx(run, info, {}))

    def peildatum(blad):
        return [c.value for c in wb[blad]["A"] if isinstance(c.value, str) and c.value.startswith("Peildatum")]

    assert peildatum("duur") == ["Peildatum: 2022-12-31"]
    # the report facts in rapport.json / run.json carry no unsuppressed count (before: verlaten_cohort 1)
    assert g.tekst("werkbehoud", "verlaten_cohort", cohort=2023, doelgroep="totaal") == "*"
    assert "verlaten_cohort" not in info and "regressie_n" not in info
    assert peildatum("werkbehoud") == ["Peildatum: 2023-09-30"]


def test_5_een_drempel(rapport):
    """min_cel shapes the report (regression classes, Kaplan-Meier grid): given once, to publicatie;
    publiceer with another one is refused, with the same one or none it is used."""
    pub = dz.publicatie(*rapport, 2023, min_cel=MIN_CEL)
    with pytest.raises(ValueError, match="gebouwd met min_cel = 10.*publiceren met min_cel = 5 kan niet"):
        pub.publiceer(5)
    assert pub.publiceer().min_cel == 10 and pub.publiceer(10).min_cel == 10
    standaard = dz.publicatie(*rapport, 2023)
    assert standaard.publiceer().min_cel == 10  # parameter publicatie.min_cel


def test_2_eigenschap_geen_stap_van_1_tot_9():
    """For random small cohorts: between two published months of any curve (and of the doelgroepen
    left out of a published total, together) 0 or at least min_cel persons stop, every published
    survival rests on at least min_cel at risk, and none where nobody is at risk."""
    rng = np.random.default_rng(7)
    for _ in range(150):
        groepen = {}
        for d in ("wajong", "participatiewet", "wsw_wiwid"):
            n = int(rng.choice([0, 3, 15, 40, 80]))
            groepen[d] = [(int(rng.integers(0, 30)), int(rng.random() < 0.7), 1) for _ in range(n)]
        u = km_starters(groepen)
        if u.empty:
            continue
        km = dz.km_tabel(u, [0, 3, 6, 9, 12, 18, 24, 30, 36], MIN_CEL)
        assert not (km["overleving"].notna() & (km["aantal_at_risk"] == 0)).any()
        assert (km.loc[km["overleving"].notna(), "aantal_at_risk"] >= MIN_CEL).all()
        getoond = set(km["doelgroep"])
        reeksen = {d: u.loc[u["doelgroep"] == d] for d in getoond - {"totaal"}}
        if "totaal" in getoond:
            reeksen["totaal"] = u
            rest = u.loc[~u["doelgroep"].isin(getoond)]
            if len(rest) and len(getoond) > 1:
                reeksen["rest"] = rest
        rooster = sorted(set(km["maand"]))
        for g in reeksen.values():
            t, e = g["maanden_werk"].to_numpy(), g["einde_werk"].to_numpy()
            vorige = -1
            for m in rooster:
                if (t >= m).sum() == 0:
                    break
                stops = int(((e == 1) & (t > vorige) & (t <= m)).sum())
                assert stops == 0 or stops >= MIN_CEL, (m, stops)
                assert (t >= m).sum() >= MIN_CEL
                vorige = m
