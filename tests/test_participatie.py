"""Hand-worked persons for the monitor arbeidsparticipatie (RULES.md §8): groups on 31 December,
werkend = paid work in December."""
import pandas as pd
import pytest

from bouw import Bouw
from banenafspraak import participatie as pa
from banenafspraak.disclosure import rond_af
from banenafspraak.loading import lees_map


@pytest.fixture
def data(tmp_path):
    b = Bouw()
    b.persoon("ZAV").uitkering("ZAV", "WAJONG_OUD", "2005-01-01", arbeidsvermogen=False)      # no arbeidsvermogen
    b.maand_opgave("ZAV", "I1", "W1", 2023, 12, 50.0)
    b.persoon("AV").uitkering("AV", "WAJONG_2010", "2011-01-01", arbeidsvermogen=True)
    b.maand_opgave("AV", "I2", "W1", 2023, 11, 80.0)                                           # November only
    b.persoon("WGANOV").uitkering("WGANOV", "WGA", "2019-01-01", einde="2023-11-30")            # ends in November
    b.maand_opgave("WGANOV", "I3", "W2", 2023, 12, 60.0)
    b.persoon("TWEE").uitkering("TWEE", "WGA", "2020-01-01").registratie("TWEE", "PW_INDICATIE", begin="2016-01-01")
    b.maand_opgave("TWEE", "I4", "W2", 2023, 12, 90.0)                                          # in two groups, working
    b.persoon("PW").registratie("PW", "PW_VSO_PRO", begin="2017-01-01")
    b.opgave("PW", "I5", "W1", "2023-10-01", "2023-12-31", 270.0, tijdvak="KWARTAAL")          # a quarter covering December
    b.persoon("WAJPW").uitkering("WAJPW", "WAJONG_OUD", "2000-01-01", arbeidsvermogen=True)
    b.registratie("WAJPW", "WAJONG_OUD", begin="2000-01-01").registratie("WAJPW", "PW_INDICATIE", begin="2016-01-01")
    return lees_map(b.schrijf(tmp_path / "d"))


def test_groepen_op_31_december(data):
    g = pa.groepen_op(data, 2023)
    leden = {k: sorted(v) for k, v in g.groupby("groep")["persoon_id"]}
    assert leden["wajong_arbeidsvermogen"] == ["AV", "WAJPW"]      # ZAV has no arbeidsvermogen
    assert leden["wga"] == ["TWEE"]                                  # WGANOV's spell ended 30 November
    assert leden["pw_doelgroepregister"] == ["PW", "TWEE"]           # WAJPW is in category Wajong (priority)


def test_werkend_in_december(data):
    p = pa.participatie(data, [2023]).set_index("groep")
    # AV worked in November only: not werkend; WAJPW has no job
    assert (p.loc["wajong_arbeidsvermogen", "personen"], p.loc["wajong_arbeidsvermogen", "werkend"]) == (2, 0)
    assert (p.loc["wga", "personen"], p.loc["wga", "werkend"]) == (1, 1)
    # PW: a quarterly opgave covering December counts; TWEE works too
    assert (p.loc["pw_doelgroepregister", "personen"], p.loc["pw_doelgroepregister", "werkend"]) == (2, 2)
    assert p.loc["pw_doelgroepregister", "aandeel_werkend"] == pytest.approx(1.0)


def test_kenmerken_en_werkgevers(data):
    k = pa.kenmerken(data, 2023)
    pw = k.loc[(k["groep"] == "pw_doelgroepregister") & (k["kenmerk"] == "geslacht")]
    assert pw["personen"].sum() == 2 and pw["werkend"].sum() == 2
    assert set(k.loc[k["kenmerk"] == "regio", "waarde"]) == {"AM18 Groot Amsterdam"}
    wg, conc = pa.werkgevers(data, 2023)
    c = conc.set_index("groep")
    assert c.loc["pw_doelgroepregister", "werkgevers"] == 2 and c.loc["pw_doelgroepregister", "banen"] == 2


def test_afronden_op_honderdtallen():
    df = pd.DataFrame({"personen": [22749, 4550, 149]})
    assert rond_af(df, ["personen"], 100)["personen"].tolist() == [22700, 4600, 100]


@pytest.mark.traag
def test_overgangen_sluiten_aan(standaard):
    """Stock and flows reconcile: previous + instroom - uitstroom = current, for persons and for werkend."""
    o = pa.overgangen(standaard, 2022).set_index(["groep", "overgang"])["personen"]
    p = pa.participatie(standaard, [2021, 2022]).set_index(["jaar", "groep"])
    for g in pa.GROEPEN:
        v = o[g]
        vorig = v["behoudt werk"] + v["verliest werk"] + v["blijft zonder werk"] + v["vindt werk"] + v["uitstroom werkend"] + v["uitstroom niet werkend"]
        nu = v["behoudt werk"] + v["verliest werk"] + v["blijft zonder werk"] + v["vindt werk"] + v["instroom werkend"] + v["instroom niet werkend"]
        assert vorig == p.loc[(2021, g), "personen"] and nu == p.loc[(2022, g), "personen"]
        assert v["behoudt werk"] + v["vindt werk"] + v["instroom werkend"] == p.loc[(2022, g), "werkend"]
        assert v["behoudt werk"] + v["verliest werk"] + v["uitstroom werkend"] == p.loc[(2021, g), "werkend"]


# --------------------------------------------------------------------------- the publication (RULES.md §8, §10)

MIN_CEL = 10


def pw(b: Bouw, pid: str, werkgever: str | None = None, uren: float = 100.0, **kw) -> Bouw:
    """A Participatiewetter in the register (group pw_doelgroepregister), working in December 2023 at
    ``werkgever`` (None: not working)."""
    b.persoon(pid, **{k: v for k, v in kw.items() if k in ("geboren", "gemeente")}).registratie(pid, "PW_INDICATIE", begin="2016-01-01")
    if werkgever:
        b.maand_opgave(pid, f"{pid}_1", werkgever, 2023, 12, uren,
                       **{k: v for k, v in kw.items() if k in ("sector", "ufo", "aard")})
    return b


def publiceer(b: Bouw, map, afronden: bool = False):
    pub = pa.publicatie(lees_map(b.schrijf(map, periode=("2012-01-01", "2023-12-31"))), 2023, 2023, afronden=afronden)
    return pub, pub.publiceer(MIN_CEL)


def getoond(g, tabel, kolom, **sleutel) -> bool:
    return g.waarde(tabel, kolom, **sleutel) is not None


def test_2_werkgevers_personen_per_rij_niet_uit_werkend(tmp_path):
    """Review point 2: 15 Participatiewetters at 3 markt employers (5 each), 3 at 3 overheid employers.
    By hand: werkend 18; werkgevers markt 15 persons, overheid 3 (suppressed). Before, the personen column
    of werkgevers was in no relation: markt 15 and werkend 18 were both shown, so overheid = 18 - 15 = 3."""
    b = Bouw()
    for i in range(15):
        pw(b, f"M{i:02d}", f"WM{i % 3}")
    for i in range(3):
        pw(b, f"O{i}", f"WO{i}", sector="62", ufo=100000.0)
    pub, g = publiceer(b, tmp_path / "d")
    w = pub.tabellen["werkgevers"].data.set_index(["kenmerk", "waarde"])
    assert w.loc[("sector", "markt"), ["werkgevers", "banen", "personen"]].tolist() == [3, 15, 15]
    assert w.loc[("sector", "overheid"), ["werkgevers", "banen", "personen"]].tolist() == [3, 3, 3]
    assert pub.tabellen["participatie"].data.at[pub.tabellen["participatie"].rij(groep="pw_doelgroepregister"), "werkend"] == 18
    s = dict(groep="pw_doelgroepregister", kenmerk="sector")
    assert g.tekst("werkgevers", "personen", waarde="overheid", **s) == "*"
    assert not (getoond(g, "werkgevers", "personen", waarde="markt", **s)
                and getoond(g, "participatie", "werkend", jaar=2023, groep="pw_doelgroepregister"))
    assert w.loc[("sector", "markt"), "grootste_aandeel_personen"] == pytest.approx(5 / 15)


def test_2_werkgevers_personen_dominantie(tmp_path):
    """Review point 2: the personen column passes the dominance rule: 12 of 14 persons of a row at one
    employer (0,857 > 0,5) is suppressed although 14 >= 10."""
    b = Bouw()
    for i in range(14):
        pw(b, f"P{i:02d}", "WG0" if i < 12 else f"WG{i}")
    pub, g = publiceer(b, tmp_path / "d")
    i = pub.tabellen["werkgevers"].rij(groep="pw_doelgroepregister", kenmerk="sector", waarde="markt")
    assert pub.tabellen["werkgevers"].data.at[i, "personen"] == 14
    assert g.besluit.primair["werkgevers"].at[i, "personen"]
    assert g.tekst("werkgevers", "personen", groep="pw_doelgroepregister", kenmerk="sector", waarde="markt") == "*"


def test_3_concentratie_dominantie_banen(tmp_path):
    """Review point 3: one employer with 30 of the group's 41 banen (0,73 > 0,5) and 11 employers with one:
    the concentratie banen cell is suppressed by the dominance rule itself (before: the rule looked for
    a column that was never made)."""
    b = Bouw()
    for i in range(41):
        pw(b, f"P{i:02d}", "GROOT" if i < 30 else f"K{i}")
    pub, g = publiceer(b, tmp_path / "d")
    c = pub.tabellen["concentratie"]
    i = c.rij(groep="pw_doelgroepregister")
    assert c.data.at[i, "banen"] == 41
    assert g.besluit.primair["concentratie"].at[i, "banen"]
    assert c.data.at[i, "grootste_aandeel"] == pytest.approx(30 / 41)
    assert g.tekst("concentratie", "banen", groep="pw_doelgroepregister") == "*"


def test_3_een_baan_verraadt_de_grootste_werkgever_niet(tmp_path):
    """Review point 3: 11 employers with one baan and one with 9 (20 banen; largest share 0,45: no
    dominance). Werkgevers 12, banen 20 and 'met één baan' 11/12 together give 20 - 11 = 9 banen of
    one employer; the top-10 share (18/20) with banen gives the 2 banen of the other 2 employers.
    Now the shares are suppressed (their hidden rests rest on 1 and 2 employers)."""
    b = Bouw()
    for i in range(20):
        pw(b, f"P{i:02d}", "GROOT" if i < 9 else f"K{i}")
    pub, g = publiceer(b, tmp_path / "d")
    c = pub.tabellen["concentratie"].data.iloc[0]
    assert (c["werkgevers"], c["banen"]) == (12, 20)
    assert c["aandeel_werkgevers_met_een_baan"] == pytest.approx(11 / 12) and c["aandeel_banen_top10"] == pytest.approx(0.9)
    s = dict(groep="pw_doelgroepregister")
    for deel in ("aandeel_werkgevers_met_een_baan", "aandeel_banen_top10"):
        noemer = "werkgevers" if "een_baan" in deel else "banen"
        assert not (getoond(g, "concentratie", deel, **s) and getoond(g, "concentratie", noemer, **s)
                    and getoond(g, "concentratie", "banen" if noemer == "werkgevers" else "werkgevers", **s)), deel
    assert g.tekst("concentratie", "aandeel_werkgevers_met_een_baan", **s) == "*"
    assert g.tekst("concentratie", "aandeel_banen_top10", **s) == "*"
    assert (c["werkgevers_een_baan"], c["banen_meer"], c["banen_top"], c["banen_rest"]) == (11, 9, 18, 2)


def afronden_data() -> Bouw:
    """75 Participatiewetters, 43 of whom work in December 2023 (each at their own employer)."""
    b = Bouw()
    for i in range(75):
        pw(b, f"P{i:02d}", f"W{i:02d}" if i < 43 else None)
    return b


def test_4_aandeel_uit_afgeronde_aantallen(tmp_path):
    """Review point 4: rounded to hundreds, 75 persons and 43 werkend show as 100 and 0; the share next
    to them is 0 / 100 = 0,0% (before: 57,3% = 43/75 gave the exact counts back)."""
    pub, g = publiceer(afronden_data(), tmp_path / "d", afronden=True)
    s = dict(jaar=2023, groep="pw_doelgroepregister")
    assert g.waarde("participatie", "personen", **s) == 100 and g.waarde("participatie", "werkend", **s) == 0
    assert g.waarde("participatie", "aandeel_werkend", **s) == pytest.approx(0.0)
    assert g.tekst("participatie", "aandeel_werkend", **s) == "0,0%"
    k = g["kenmerken"]
    for i in range(len(k)):
        if pd.notna(k.at[i, "aandeel_werkend"]) and pd.notna(k.at[i, "personen"]) and k.at[i, "personen"] > 0:
            assert k.at[i, "aandeel_werkend"] == pytest.approx(k.at[i, "werkend"] / k.at[i, "personen"])
    for i in range(len(g["concentratie"])):  # every share is a ratio of multiples of 100
        for kolom in ("aandeel_banen_top10", "aandeel_werkgevers_met_een_baan"):
            v = g["concentratie"].at[i, kolom]
            assert pd.isna(v) or any(abs(v - a / n) < 1e-9 for n in range(100, 10001, 100) for a in range(0, n + 1, 100))
    assert "afgerond op 100" in pub.definities["afronding"]


def test_4_definities_volgen_afronden(tmp_path):
    pub, g = publiceer(afronden_data(), tmp_path / "d", afronden=False)
    assert "afgerond" not in pub.definities["afronding"].replace("niet afgerond", "")
    assert pub.definities["afronding"] == "aantallen niet afgerond"
    assert g.waarde("participatie", "aandeel_werkend", jaar=2023, groep="pw_doelgroepregister") == pytest.approx(43 / 75)


def test_5_leeftijd_in_volgorde_en_een_onbekende_regio(tmp_path):
    """Review point 5: age bands in their order (not 'tot 27' after '55 en ouder'); persons without a
    known residence in one row 'onbekend' (before: 'onbekend onbekend' next to a rest row 'onbekend')."""
    b = Bouw()
    geboren = ["1960-01-01", "2000-01-01", "1990-01-01", "1980-01-01", "1970-01-01"]
    for i in range(25):
        pw(b, f"P{i:02d}", f"W{i % 7}", geboren=geboren[i % 5], gemeente=None if i < 12 else "GM0363")
    pub, g = publiceer(b, tmp_path / "d")
    k = pub.tabellen["kenmerken"].data
    k = k.loc[k["groep"] == "pw_doelgroepregister"]
    assert k.loc[k["kenmerk"] == "leeftijdsklasse", "waarde"].tolist() == ["tot 27", "27-34", "35-44", "45-54", "55 en ouder"]
    regio = k.loc[k["kenmerk"] == "regio"].set_index("waarde")["personen"]
    assert regio.to_dict() == {"AM18 Groot Amsterdam": 13, "onbekend": 12}
    w = pub.tabellen["werkgevers"].data
    assert w.loc[w["kenmerk"] == "grootteklasse", "waarde"].tolist() == ["middelgroot (25-249)"]
    assert list(pa.kenmerk_volgorde("leeftijdsklasse", ["onbekend", "55 en ouder", "tot 27"])) == ["tot 27", "55 en ouder", "onbekend"]
    assert pa.kenmerk_volgorde_klassen(["groot (>= 250)", "onbekend", "klein (< 25)"],
                                       ["klein (< 25)", "middelgroot (25-249)", "groot (>= 250)"]) == \
        ["klein (< 25)", "groot (>= 250)", "onbekend"]


def test_6_werkend_met_beschut_en_kopcijfers_bij_dominantie(tmp_path):
    """RULES.md §8 (review point 6): werkend includes beschut werk, shown as werkend_beschut. 20
    Participatiewetters work only in beschut werk at one sw-bedrijf, 12 at 12 regular employers: werkend
    32, of whom beschut 20. One employer has 20 of the 32 persons and banen of every werkgevers row
    (0,625 > 0,5): the rows are suppressed by dominance, and since each row then equals the headline
    werkend, werkend (and its share) is suppressed too; the headline text shows '*', never a crash."""
    b = Bouw()
    for i in range(20):
        pw(b, f"S{i:02d}", "SWB", aard="21")
    for i in range(12):
        pw(b, f"R{i:02d}", f"W{i:02d}")
    for i in range(10):
        pw(b, f"N{i:02d}")  # not working
    pub, g = publiceer(b, tmp_path / "d")
    p = pub.tabellen["participatie"].data.set_index("groep").loc["pw_doelgroepregister"]
    assert (p["personen"], p["werkend"], p["werkend_beschut"]) == (42, 32, 20)
    assert "werkend_beschut" in g.tabellen["participatie"].kolommen
    s = dict(jaar=2023, groep="pw_doelgroepregister")
    assert g.tekst("participatie", "werkend", **s) == "*" and g.tekst("participatie", "aandeel_werkend", **s) == "*"
    assert g.tekst("participatie", "personen", **s) == "42"
    # beschut 20 is published only when regulier 12 (= werkend - beschut) cannot be had from it
    w = pub.tabellen["werkgevers"].data
    assert w.loc[w["kenmerk"] == "sector", "grootste_aandeel_personen"].tolist() == [pytest.approx(20 / 32)]
    assert g["participatie"]["aandeel_werkend"].astype(float).isna().any()  # the plot gets NaN, not an error


def test_1_som_van_kleine_leeftijdsklassen(tmp_path):
    """Review point 1 in the report: 30 Participatiewetters, 3 under 27, 4 aged 27-34, 23 aged 55 or
    more. Each small band is hidden and neither can be worked out alone, but with the group (30) and
    55+ (23) shown, 'under 35' = 30 - 23 = 7 persons. Now 55+ (or the group) is hidden as well."""
    b = Bouw()
    geboren = ["2000-06-01"] * 3 + ["1992-06-01"] * 4 + ["1960-06-01"] * 23
    for i, d in enumerate(geboren):
        pw(b, f"P{i:02d}", geboren=d)
    pub, g = publiceer(b, tmp_path / "d")
    k = pub.tabellen["kenmerken"].data
    k = k.loc[(k["groep"] == "pw_doelgroepregister") & (k["kenmerk"] == "leeftijdsklasse")].set_index("waarde")["personen"]
    assert k.to_dict() == {"tot 27": 3, "27-34": 4, "55 en ouder": 23}
    s = dict(groep="pw_doelgroepregister", kenmerk="leeftijdsklasse")
    assert g.tekst("kenmerken", "personen", waarde="tot 27", **s) == "*"
    assert g.tekst("kenmerken", "personen", waarde="27-34", **s) == "*"
    assert not (getoond(g, "kenmerken", "personen", waarde="55 en ouder", **s)
                and getoond(g, "participatie", "personen", jaar=2023, groep="pw_doelgroepregister"))


def test_kenmerken_en_waarden_met_labels(tmp_path):
    """The tables show characteristics and their values in words (HTML, workbook); the CSV keeps the codes."""
    b = Bouw()
    for i in range(12):
        pw(b, f"P{i:02d}", werkgever="W1", uren=100.0)
    pub, g = publiceer(b, tmp_path / "d")
    for naam in ("kenmerken", "werkgevers"):
        t = g.tabellen[naam]
        w = t.weergave() if hasattr(t, "weergave") else None
        assert t.kolommen["kenmerk"].toon("geslacht") == "Geslacht"
        assert t.kolommen["waarde"].toon("V") == "Vrouw" and t.kolommen["waarde"].toon("markt") == "Marktsector"
        assert t.kolommen["waarde"].toon("tot 27") == "tot 27"
        assert set(t.data["kenmerk"]) <= set(pa.KENMERK_LABEL)  # every characteristic has its label
        if w is not None:
            assert "geslacht" not in set(w.iloc[:, list(t.kolommen).index("kenmerk")])
