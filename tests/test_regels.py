"""Hand-worked cases for every counting rule (RULES.md §2-§5, §10). Each expected number is worked
out by hand in the comment next to it."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from bouw import Bouw
from regels_met_de_hand import opgaven_op
from banenafspraak.loading import lees_map
from banenafspraak.monitor import banen_naar_sector, banen_sector, meet, nulmeting_per_sector, personen_categorie
from banenafspraak.register import _BIT, einde_in_scenario, snapshot, status_op, t2_administratief, t2_einde

P = "2023-12-31"


def laad(b: Bouw, tmp_path, schaal=1.0):
    return lees_map(b.schrijf(tmp_path / "d", schaal=schaal))


# --------------------------------------------------------------------------- banen (§3)

def test_160_uur_is_1_44_baan(tmp_path):
    """S0 worked example: 160 hours in a month = 160 / 110,92 = 1,44 banen."""
    b = Bouw().persoon("A").registratie("A", "WAJONG_OUD").maand_opgave("A", "I1", "W1", 2023, 12, 160.0)
    m = meet(laad(b, tmp_path), P)
    assert m.ikv["banen"].sum() == pytest.approx(160 / 110.92)
    assert round(m.ikv["banen"].sum(), 2) == 1.44


@pytest.mark.parametrize("tijdvak, begin, einde, uren, verwacht_maanduren", [
    ("MAAND", "2023-12-01", "2023-12-31", 110.92, 110.92),     # a calendar month: as reported
    ("VIERWEKEN", "2023-12-03", "2023-12-31", 87.0, 93.0),     # 13th period, 29 days: 87 x 31/29 = 93
    ("KWARTAAL", "2023-10-01", "2023-12-31", 276.0, 93.0),     # 92 days: 276 x 31/92 = 93
    ("HALFJAAR", "2023-07-01", "2023-12-31", 552.0, 93.0),     # 184 days: 552 x 31/184 = 93
    ("JAAR", "2023-01-01", "2023-12-31", 1095.0, 93.0),        # 365 days: 1095 x 31/365 = 93
])
def test_tijdvak_omrekening(tmp_path, tijdvak, begin, einde, uren, verwacht_maanduren):
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.opgave("A", "I1", "W1", begin, einde, uren, tijdvak=tijdvak)
    m = meet(laad(b, tmp_path), P)
    assert m.ikv["uren"].sum() == pytest.approx(verwacht_maanduren)
    assert m.ikv["banen"].sum() == pytest.approx(verwacht_maanduren / 110.92)


def test_vierweken_in_november(tmp_path):
    """12th 4-week period of 2023: 1 Jan + 11 x 28 days = 5 Nov .. 2 Dec; peildatum 30 Nov (30-day month):
    84 x 30/28 = 90 hours."""
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.opgave("A", "I1", "W1", "2023-11-05", "2023-12-02", 84.0, tijdvak="VIERWEKEN")
    ds = laad(b, tmp_path)
    assert meet(ds, "2023-11-30").ikv["uren"].sum() == pytest.approx(90.0)
    assert len(opgaven_op(ds["polis"], "2023-11-04")) == 0 and len(meet(ds, "2023-11-04").ikv) == 0


def test_werkzaam_is_loon_groter_dan_nul_en_beschut_werk_telt_niet(tmp_path):
    b = Bouw()
    for pid in "ABCD":
        b.persoon(pid).registratie(pid, "PW_INDICATIE", begin="2016-01-01")
    b.maand_opgave("A", "I1", "W1", 2023, 12, 50.0, loon=0.0)      # hours, no wage: banen, not werkzaam
    b.maand_opgave("B", "I2", "W1", 2023, 12, 0.0, loon=300.0)     # wage, no hours: werkzaam, 0 banen
    b.maand_opgave("C", "I3", "W1", 2023, 12, 100.0, aard="24")    # beschut werk Participatiewet: nothing
    b.maand_opgave("D", "I4", "W1", 2023, 12, 100.0, aard="21")    # beschut werk Wsw: nothing
    m = meet(laad(b, tmp_path), P)
    per = m.ikv.set_index("persoon_id")
    assert per.loc["A", "banen"] == pytest.approx(50 / 110.92) and not per.loc["A", "werkzaam"]
    assert per.loc["B", "banen"] == 0 and per.loc["B", "werkzaam"]
    assert "C" not in per.index and "D" not in per.index
    pc = personen_categorie(m).set_index(["categorie", "subcategorie"])
    assert pc.loc[("participatiewet", "totaal"), "personen"] == 4
    assert pc.loc[("participatiewet", "totaal"), "werkzame_personen"] == 1


# --------------------------------------------------------------------------- categories (§2)

@pytest.mark.parametrize("grondslagen, cat, sub", [
    (["WSW_DETACHERING", "WAJONG_OUD"], "wsw_wiwid", "wsw_detachering"),          # 1: detachering wins
    (["WSW_DETACHERING", "PW_INDICATIE"], "wsw_wiwid", "wsw_detachering"),
    (["WAJONG_OUD", "WSW_BEGELEID_WERK"], "wajong", "wajong_wsw_begeleid"),       # 3: Wajong én Wsw begeleid werk
    (["WAJONG_2010", "PW_VSO_PRO"], "wajong", "nwajong"),                         # 2: Wajong over PW
    (["WSW_BEGELEID_WERK", "PW_INDICATIE"], "wsw_wiwid", "wsw_begeleid_werk"),    # 2: Wsw over PW
    (["WAJONG_OUD", "WIW_ID"], "wajong", "owajong"),                              # 3: Wajong with Wiw/ID
    (["WSW_BEGELEID_WERK", "WIW_ID"], "wsw_wiwid", "wsw_begeleid_werk"),          # 3: Wsw bw with Wiw/ID
    (["WIW_ID", "PW_INDICATIE"], "wsw_wiwid", "wiw_id"),                          # decision: Wiw/ID over PW
    (["PW_VSO_PRO", "PW_INDICATIE"], "participatiewet", "pw_indicatie"),
    (["PW_PRAKTIJKROUTE"], "participatiewet", "pw_indicatie"),                    # Praktijkroute under indicatie
    (["PW_AFGEWEZEN_WAJONG"], "participatiewet", "pw_afgewezen_wajong"),
    (["PW_TIJDELIJK"], "participatiewet", "pw_tijdelijk"),
])
def test_prioriteit(tmp_path, grondslagen, cat, sub):
    b = Bouw().persoon("A")
    for g in grondslagen:
        b.registratie("A", g, begin="2017-06-01")
    s = snapshot(laad(b, tmp_path)["doelgroepregister"], laad(b, tmp_path)["persoon"], P)
    assert s.loc[0, "in_populatie"] and (s.loc[0, "categorie"], s.loc[0, "subcategorie"]) == (cat, sub)


@pytest.mark.parametrize("grondslagen, datum, uitsluiting", [
    (["WSW_BESCHUT", "WAJONG_OUD"], P, "beschut werk Wsw (WSW_BESCHUT geldig)"),
    (["QUOTUM_VOORZIENING"], P, "alleen quotumgrondslag"),
    (["PW_WML_VOORZIENING"], "2018-12-31", "alleen quotumgrondslag"),   # before 2019 not under Participatiewet
])
def test_buiten_de_banenafspraak(tmp_path, grondslagen, datum, uitsluiting):
    b = Bouw().persoon("A")
    for g in grondslagen:
        b.registratie("A", g, begin="2015-01-01")
    ds = laad(b, tmp_path)
    s = snapshot(ds["doelgroepregister"], ds["persoon"], datum)
    assert not s.loc[0, "in_populatie"] and s.loc[0, "uitsluiting"] == uitsluiting


def test_wml_voorziening_vanaf_2019(tmp_path):
    b = Bouw().persoon("A").registratie("A", "PW_WML_VOORZIENING", begin="2015-01-01")
    ds = laad(b, tmp_path)
    s = snapshot(ds["doelgroepregister"], ds["persoon"], "2019-01-01")
    assert s.loc[0, "in_populatie"] and s.loc[0, "subcategorie"] == "pw_wml_voorziening"


@given(st.integers(min_value=1, max_value=(1 << 13) - 1))
def test_elke_persoon_precies_een_categorie(masker):
    """The priority rules as the engine evaluates them (``motor._categorie_sql``)."""
    from banenafspraak.motor import _categorie_sql
    from banenafspraak.verbinding import verbinding

    con = verbinding()
    cat, sub, _ = con.sql(f"SELECT {', '.join(_categorie_sql('m'))} FROM (SELECT CAST({masker} AS BIGINT) AS m)").fetchall()[0]
    con.close()
    banenafspraak = masker & ~(_BIT["WSW_BESCHUT"] | _BIT["QUOTUM_VOORZIENING"])
    assert (cat != "") == (banenafspraak != 0)
    if masker & _BIT["WSW_DETACHERING"]:
        assert sub == "wsw_detachering"
    elif masker & (_BIT["WAJONG_OUD"] | _BIT["WAJONG_2010"]):
        assert cat == "wajong"


# --------------------------------------------------------------------------- registration ends (§2)

def test_inclusief_einde_en_open_einde(tmp_path):
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01", einde="2023-12-31", reden="VRIJWILLIG")
    b.persoon("B").registratie("B", "PW_INDICATIE", begin="2016-01-01", einde="2023-12-30", reden="GEEN_ARBEIDSVERMOGEN")
    b.persoon("C").registratie("C", "PW_INDICATIE", begin="2024-01-01")
    ds = laad(b, tmp_path)
    s = snapshot(ds["doelgroepregister"], ds["persoon"], P)
    assert list(s["persoon_id"]) == ["A"]


@pytest.mark.parametrize("reden", ["AOW", "OVERLIJDEN", "GEEN_ARBEIDSVERMOGEN", "BESCHUT_WERK_PW", "BESCHUT_WERK_WSW",
                                   "VRIJWILLIG", "EMIGRATIE", "T_PLUS_2", "BEZWAAR", "OVERIG"])
def test_elke_reden_einde_beeindigt(tmp_path, reden):
    b = Bouw().persoon("A").registratie("A", "WAJONG_OUD", begin="2010-01-01", einde="2020-06-30", reden=reden,
                                        criteria_einde="2018-03-01" if reden == "T_PLUS_2" else None)
    ds = laad(b, tmp_path)
    assert len(snapshot(ds["doelgroepregister"], ds["persoon"], "2020-06-30")) == 1
    assert len(snapshot(ds["doelgroepregister"], ds["persoon"], "2020-07-01")) == 0


def test_directe_einden_uit_persoonsgegevens(tmp_path):
    """The register has not caught up: death 15 Dec and emigration on the peildatum end it at once
    (decision, switchable)."""
    b = Bouw().persoon("A", overleden="2023-12-15").registratie("A", "WAJONG_OUD")
    b.persoon("B", emigratie="2023-12-31").registratie("B", "WAJONG_OUD")
    b.persoon("C").registratie("C", "WAJONG_OUD")
    ds = laad(b, tmp_path)
    s = snapshot(ds["doelgroepregister"], ds["persoon"], P).set_index("persoon_id")
    assert s.loc["A", "uitsluiting"] == "overleden" and s.loc["B", "uitsluiting"] == "emigratie"
    assert s.loc["C", "in_populatie"]
    zonder = snapshot(ds["doelgroepregister"], ds["persoon"], P, directe_einden=False)
    assert zonder["in_populatie"].all()


def test_aow_grens(tmp_path):
    """Born 1957-01-30: 66y7m = 2023-08-30 lies in 2023 (age 66y10m) -> AOW on 2023-11-30.
    Counts on 29 November, not on 30 November."""
    b = Bouw().persoon("A", geboren="1957-01-30").registratie("A", "WAJONG_OUD")
    ds = laad(b, tmp_path)
    paren = pd.DataFrame({"persoon_id": ["A", "A"], "datum": pd.to_datetime(["2023-11-29", "2023-11-30"])})
    s = status_op(ds["doelgroepregister"], ds["persoon"], paren)
    assert list(s["in_populatie"]) == [True, False]
    assert s.loc[1, "uitsluiting"] == "AOW-leeftijd bereikt"


# --------------------------------------------------------------------------- t+2 (§2)

def test_t2_voorbeeld_s3_q42():
    """Criteria stop 2016-06-01 -> registered and counted through 2018-12-31."""
    assert t2_einde(pd.Series(pd.to_datetime(["2016-06-01"]))).iloc[0] == pd.Timestamp("2018-12-31")


def test_t2_administratief_regime():
    c = pd.Series(pd.to_datetime(["2014-03-15", "2015-05-01", "2019-01-01", None]))
    a = t2_administratief(c)
    # 2014: exit on 1-1-2017 executed ('actief'), re-added on 1-12-2018
    assert a.loc[0, "einde"] == pd.Timestamp("2016-12-31") and a.loc[0, "heropname"] == pd.Timestamp("2018-12-01")
    # 2015: exit on 1-1-2018 suspended; 2019: exit on 1-1-2022 abolished; no criteria end: nothing
    assert a.loc[1:, "einde"].isna().all() and a.loc[1:, "heropname"].isna().all()


def test_t2_scenarios(tmp_path):
    b = Bouw().persoon("A").registratie("A", "WIW_ID", begin="2010-01-01", criteria_einde="2016-06-01")  # open (suspended)
    b.persoon("B").registratie("B", "WIW_ID", begin="2010-01-01", einde="2016-12-31", criteria_einde="2014-05-01",
                               reden="T_PLUS_2")
    b.registratie("B", "WIW_ID", begin="2018-12-01", criteria_einde="2014-05-01")  # re-admission
    ds = laad(b, tmp_path)
    reg = ds["doelgroepregister"]

    def telt(datum, sc):
        return sorted(snapshot(reg, ds["persoon"], datum, scenario=sc)["persoon_id"])

    assert telt("2018-12-31", "geregistreerd") == ["A", "B"]
    assert telt("2018-12-31", "altijd") == ["A"]            # B left on 31-12-2016 and is not re-added
    assert telt("2019-01-01", "altijd") == []               # A: criteria 2016-06-01 -> through 2018-12-31
    assert telt("2017-06-30", "geregistreerd") == ["A"]     # B outside between exit and re-admission
    assert telt("2017-06-30", "afgeschaft") == ["A", "B"]   # without t+2 B never left
    assert einde_in_scenario(reg, "altijd").iloc[0] == pd.Timestamp("2018-12-31")


# --------------------------------------------------------------------------- sector and inleen (§4)

def test_sector_rand_50_procent(tmp_path):
    b = Bouw()
    b.werkgever("OV1", 2023, sector="63", totaal=1000.0, ufo=500.0)    # exactly 50%: markt (S2 Q20)
    b.werkgever("OV2", 2023, sector="63", totaal=1000.0, ufo=501.0)    # more than 50%: overheid
    b.werkgever("MK1", 2023, sector="52", totaal=1000.0, ufo=900.0)    # not 61-66: markt
    b.werkgever("OV3", 2023, sector="61", totaal=0.0, ufo=0.0)         # no hours: markt
    from banenafspraak.motor import sector_op

    ids = ["OV1", "OV2", "MK1", "OV3"]
    s = sector_op(pd.DataFrame(b.rijen["werkgever"]), pd.DataFrame({"werkgever_id": ids, "d": pd.Timestamp(P)}), "d")
    assert dict(zip(ids, s)) == {"OV1": "markt", "OV2": "overheid", "MK1": "markt", "OV3": "markt"}


def test_inleen_en_verdeelsleutel(tmp_path):
    """Markt regulier 1 baan, overheid regulier 2 banen, inleen 4 x 1 baan (aard 11, 22, 82, soort_baan 4).
    Verdeelsleutel 2023: 33,7% overheid -> overheid 2 + 4 x 0,337 = 3,348; markt 1 + 4 x 0,663 = 3,652."""
    b = Bouw()
    for pid in "ABCDEF":
        b.persoon(pid).registratie(pid, "PW_INDICATIE", begin="2016-01-01")
    b.maand_opgave("A", "I1", "MK", 2023, 12, 110.92)
    b.maand_opgave("B", "I2", "OV", 2023, 12, 221.84, sector="64", ufo=90000.0)  # Ufo over 90% of 100.000 uur
    b.maand_opgave("C", "I3", "UZ", 2023, 12, 110.92, aard="11", soort_baan="4")
    b.maand_opgave("D", "I4", "SW", 2023, 12, 110.92, aard="22", soort_baan="3")
    b.maand_opgave("E", "I5", "PR", 2023, 12, 110.92, aard="82")
    b.maand_opgave("F", "I6", "UZ", 2023, 12, 110.92, aard="01", soort_baan="4")
    m = meet(laad(b, tmp_path), P)
    assert m.ikv.set_index("persoon_id")["inleen"].to_dict() == {"A": False, "B": False, "C": True, "D": True, "E": True, "F": True}
    s = banen_naar_sector(m).set_index("sector")
    assert s.loc["overheid", "banen_regulier"] == pytest.approx(2.0)
    assert s.loc["overheid", "banen"] == pytest.approx(2 + 4 * 0.337)
    assert s.loc["markt", "banen"] == pytest.approx(1 + 4 * 0.663)


# --------------------------------------------------------------------------- nulmeting and targets (§5)

def test_nulmeting_en_doelstelling(tmp_path):
    """Nulmeting from the data: December 2012 (verdeelsleutel 24%); official: 75.179 x schaal split by the
    data's sector shares. Target 2023 totaal 105.000 x schaal 0,01 = 1.050."""
    b = Bouw().persoon("A").registratie("A", "WAJONG_OUD")
    b.maand_opgave("A", "I1", "MK", 2012, 12, 110.92 * 3)
    b.maand_opgave("A", "I1", "MK", 2023, 12, 110.92 * 5)
    ds = laad(b, tmp_path, schaal=0.01)
    nul = meet(ds, "2012-12-31")
    data = nulmeting_per_sector(nul, "data", 0.01)
    assert data["markt"] == pytest.approx(3.0) and data["totaal"] == pytest.approx(3.0)
    off = nulmeting_per_sector(nul, "officieel", 0.01)
    assert off["totaal"] == pytest.approx(751.79) and off["markt"] == pytest.approx(751.79)
    t = banen_sector(meet(ds, P), data, 2023, 0.01).set_index("sector")
    assert t.loc["totaal", "extra_banen"] == pytest.approx(2.0)
    assert t.loc["totaal", "doelstelling"] == pytest.approx(1050.0)
    assert t.loc["markt", "doelstelling"] == pytest.approx(800.0) and t.loc["overheid", "doelstelling"] == pytest.approx(250.0)
    assert t.loc["totaal", "verschil"] == pytest.approx(2.0 - 1050.0)


# --------------------------------------------------------------------------- disclosure (§10)

def _mini_publicatie(personen, banen):
    from banenafspraak.publicatie import Kolom, Publicatie, Tabel

    df = pd.DataFrame({"categorie": ["x", "x", "x", "x"], "subcategorie": ["a", "b", "c", "totaal"],
                       "personen": personen, "banen": banen})
    pub = Publicatie("mini", "Mini", "2023-12-31", "test")
    pub.voeg_toe(Tabel("t", "t", df, {"categorie": Kolom("c", "tekst"), "subcategorie": Kolom("s", "tekst"),
                                      "personen": Kolom("p", "geheel"), "banen": Kolom("b", "decimaal1")},
                       variabelen=["personen", "banen"], bescherming={"personen": ["personen"], "banen": ["personen"]}))
    pub.som_per_groep("t", ["personen", "banen"], ["categorie"], "subcategorie")
    return pub


def test_kleine_cellen_primair_en_secundair():
    """Parts 5, 20, 30 of a total 55 with min_cel 10: 5 is suppressed (primary) with its banen; the
    total would reveal it, so the smallest other part (20) is suppressed too (secondary)."""
    pub = _mini_publicatie([5, 20, 30, 55], [1.0, 2.0, 3.0, 6.0])
    t = pub.publiceer(10)["t"]
    assert t["personen"].isna().tolist() == [True, True, False, False]
    assert t["banen"].isna().tolist() == [True, True, False, False]
    assert pub.publiceer(0)["t"]["personen"].tolist() == [5, 20, 30, 55]
    nul = _mini_publicatie([0, 20, 30, 50], [0.0, 2.0, 3.0, 5.0]).publiceer(10)["t"]
    assert nul["personen"].notna().all()  # zero is not a small cell
    with pytest.raises(ValueError, match="min_cel"):
        pub.publiceer(-5)


def test_relatie_die_niet_klopt_is_een_fout():
    """A declared total that does not add up is a bug in the report, never silently published."""
    pub = _mini_publicatie([15, 20, 30, 66], [1.0, 2.0, 3.0, 6.0])
    with pytest.raises(ValueError, match="klopt niet"):
        pub.publiceer(10)


# --------------------------------------------------------------------------- properties on the embedded data

@pytest.mark.traag
@pytest.mark.parametrize("jaar", [2012, 2016, 2023])
def test_tabellen_tellen_op(standaard, jaar):
    m = meet(standaard, f"{jaar}-12-31")
    nm = nulmeting_per_sector(meet(standaard, "2012-12-31"), "data", standaard.schaal)
    bs = banen_sector(m, nm, jaar, standaard.schaal).set_index("sector")
    for kolom in ("banen_regulier", "banen_inleen", "banen", "nulmeting", "extra_banen"):
        assert bs.loc["markt", kolom] + bs.loc["overheid", kolom] == pytest.approx(bs.loc["totaal", kolom])
    pc = personen_categorie(m)
    tot = pc.loc[pc["categorie"] == "totaal"].iloc[0]
    cat = pc.loc[(pc["subcategorie"] == "totaal") & (pc["categorie"] != "totaal")]
    sub = pc.loc[pc["subcategorie"] != "totaal"]
    for kolom in ("personen", "werkzame_personen", "banen"):
        assert cat[kolom].sum() == pytest.approx(tot[kolom]) and sub[kolom].sum() == pytest.approx(tot[kolom])
    # banen = the sum over persons = the sector total
    assert tot["banen"] == pytest.approx(bs.loc["totaal", "banen"])
    assert tot["personen"] == len(m.populatie)
    assert m.ikv.groupby("persoon_id")["banen"].sum().sum() == pytest.approx(bs.loc["totaal", "banen"])


def test_werkgever_zonder_rij_voor_het_jaar(tmp_path):
    """An employer with a row for 2022 only: its 2023 sector comes from the latest earlier year."""
    b = Bouw().persoon("A").registratie("A", "PW_INDICATIE", begin="2016-01-01")
    b.maand_opgave("A", "I1", "OV", 2023, 12, 110.92, sector="64", ufo=90000.0)
    b.rijen["werkgever"] = [dict(w, jaar=2022) for w in b.rijen["werkgever"]]
    m = meet(laad(b, tmp_path), P)
    assert m.ikv["sector"].tolist() == ["overheid"]


def test_nulmeting_doelgroep_1_januari_2013_uren_december_2012(tmp_path):
    """RULES.md §3 (S3 Q35, Q50): the nulmeting is the doelgroep on 1 January 2013 with the hours of
    December 2012. A enters the register on 1-1-2013 with 221,84 h in December 2012: counts, 2 banen.
    B leaves on 31-12-2012 with 110,92 h: does not count. C, registered throughout, 110,92 h: 1 baan.
    Nulmeting 2 + 1 = 3 banen (the old rule, everything on 31-12-2012, gave B + C = 2). December 2013:
    C 2 banen, so extra banen 2 - 3 = -1. Reconciliation of the nulmeting: 1 register row not valid on
    1-1-2013 (B); of the 4 opgaven 1 lies outside December 2012 and 1 belongs to B."""
    from banenafspraak import monitor
    from banenafspraak.loading import Reconciliatie

    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD", begin="2013-01-01")
    b.persoon("B").registratie("B", "WAJONG_OUD", begin="2010-01-01", einde="2012-12-31")
    b.persoon("C").registratie("C", "WAJONG_OUD", begin="2010-01-01")
    b.maand_opgave("A", "I1", "MK", 2012, 12, 221.84).maand_opgave("B", "I1", "MK", 2012, 12, 110.92)
    b.maand_opgave("C", "I1", "MK", 2012, 12, 110.92).maand_opgave("C", "I1", "MK", 2013, 12, 221.84)
    ds = laad(b, tmp_path)
    nul = monitor.nulmeting_peil(2013)
    assert (nul.peildatum, nul.urendatum) == (pd.Timestamp("2013-01-01"), pd.Timestamp("2012-12-31"))
    assert monitor.peildata(2013) == [pd.Timestamp("2012-12-31"), pd.Timestamp("2013-12-31")]  # the polis it reads
    pub = monitor.publicatie(ds, 2013)
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    assert bs.loc["totaal", "nulmeting"] == pytest.approx(3.0)
    assert bs.loc["totaal", "banen"] == pytest.approx(2.0) and bs.loc["totaal", "extra_banen"] == pytest.approx(-1.0)
    assert "doelgroep op 1 januari 2013, uren van december 2012" in pub.definities["nulmeting"]
    m = monitor.meet(ds, nul)
    assert sorted(m.populatie["persoon_id"]) == ["A", "C"] and m.urendatum == pd.Timestamp("2012-12-31")
    rec = Reconciliatie()
    rec.lees("polis", 4)
    monitor.reconcilieer(rec, ds, m)
    weg = {(w["tabel"], w["regel"]): w["rijen"] for w in rec.weggelaten}
    assert {w["stap"] for w in rec.weggelaten} == {"peildatum 2013-01-01 (uren 2012-12-31)"}
    assert weg[("doelgroepregister", "registratie niet geldig op de peildatum")] == 1
    assert weg[("polis", "tijdvak bevat de peildatum niet")] == 1
    assert weg[("polis", "persoon niet in de banenafspraak op de peildatum")] == 1
    assert weg[("polis", "beschut werk (telt niet als baan)")] == 0
    # the monitor of the nulmeting's own year shows the nulmeting itself: 3 banen, 0 extra
    bs12 = monitor.publicatie(ds, 2012).tabellen["banen_sector"].data.set_index("sector")
    assert bs12.loc["totaal", "banen"] == pytest.approx(3.0) and bs12.loc["totaal", "extra_banen"] == pytest.approx(0.0)


@pytest.mark.parametrize("formaat", ["csv", "getypeerd"])
def test_reconciliatie_van_de_polis_volgt_het_inlezen(tmp_path, formaat):
    """The polis rows of a monitor run reconcile step by step (README "What a run writes"): 6 opgaven
    (A, B, C in December 2012; A in June and December 2013; B in December 2013). Reading the tijdvakken
    of the monitor 2013 (31-12-2012, 31-12-2013) leaves out A's of June: 5 read. On 31-12-2013 the 3 of
    December 2012 do not contain the peildatum, B's is of a person no longer in the register, none is
    beschut werk: 5 - 3 - 1 = 1 used, A's December 2013. Before, the peildatum step counted from every
    row of the file, so "gebruikt" went negative (-614.690 on the embedded data)."""
    from banenafspraak import monitor, motor
    from bouw import getypeerd

    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD", begin="2010-01-01")
    b.persoon("B").registratie("B", "WAJONG_OUD", begin="2010-01-01", einde="2013-06-30")
    b.persoon("C").registratie("C", "WAJONG_OUD", begin="2010-01-01")
    for p in "ABC":
        b.maand_opgave(p, "I1", "MK", 2012, 12, 110.92)
    b.maand_opgave("A", "I1", "MK", 2013, 6, 110.92).maand_opgave("A", "I1", "MK", 2013, 12, 110.92)
    b.maand_opgave("B", "I1", "MK", 2013, 12, 110.92)
    map = getypeerd(b, tmp_path / "d") if formaat == "getypeerd" else b.schrijf(tmp_path / "d")
    ds = lees_map(map, polis_peildata=monitor.peildata(2013))
    assert (motor.bestand(ds, "polis") is not None) == (formaat == "getypeerd")  # the engine reads the file
    m = monitor.meet(ds, "2013-12-31")
    monitor.reconcilieer(ds.reconciliatie, ds, m)
    t = ds.reconciliatie.tabel()
    polis = t.loc[t["tabel"] == "polis"].set_index(["stap", "regel"])["rijen"]
    assert polis[("", "gelezen")] == 6
    assert polis[("inlezen", "gebruikt")] == 5
    stap = "peildatum 2013-12-31"
    assert polis[(stap, "tijdvak bevat de peildatum niet")] == 3
    assert polis[(stap, "persoon niet in de banenafspraak op de peildatum")] == 1
    assert polis[(stap, "beschut werk (telt niet als baan)")] == 0
    assert polis[(stap, "gebruikt")] == 1 == len(m.ikv)
    assert (t["rijen"] >= 0).all()


def test_kwartaalregel_wsw_en_wiw_id_op_1_januari(tmp_path):
    """RULES.md §2 decision (quarterly reports): on peildatum 30-6-2023 the Wsw and Wiw/ID rows are
    tested on 1-1-2023, every other grondslag on the peildatum.
    A: Wsw begeleid werk from 1-3-2023: not registered on 1 January, so not in the quarterly snapshot
       (actueel: in). B: Wsw begeleid werk 2015 to 30-4-2023 (reden OVERIG): valid on 1 January, so in
       with its June hours, 110,92 h = 1 baan (actueel: out). C: Wsw begeleid werk 2015 to 31-3-2023,
       reden GEEN_ARBEIDSVERMOGEN: an at-once end between 1 January and the peildatum still applies, out.
    D: PW indicatie from 1-3-2023: tested on the peildatum, in. E: Wiw/ID 2015 to 28-2-2023 (OVERIG)
       and PW indicatie: on 1 January both, so category Wsw/Wiw (actueel: Participatiewet).
    halfjaar on 30-9-2023 tests on 1-7-2023: A in, B out."""
    from banenafspraak import motor

    b = Bouw()
    b.persoon("A").registratie("A", "WSW_BEGELEID_WERK", begin="2023-03-01")
    b.persoon("B").registratie("B", "WSW_BEGELEID_WERK", begin="2015-01-01", einde="2023-04-30", reden="OVERIG")
    b.persoon("C").registratie("C", "WSW_BEGELEID_WERK", begin="2015-01-01", einde="2023-03-31",
                               reden="GEEN_ARBEIDSVERMOGEN")
    b.persoon("D").registratie("D", "PW_INDICATIE", begin="2023-03-01")
    b.persoon("E").registratie("E", "WIW_ID", begin="2015-01-01", einde="2023-02-28", reden="OVERIG")
    b.registratie("E", "PW_INDICATIE", begin="2015-01-01")
    b.maand_opgave("B", "I1", "W1", 2023, 6, 110.92)
    ds = laad(b, tmp_path)
    kw = motor.tel(ds, ["2023-06-30"], jaargrondslagen="jaarbegin")
    pop = kw.populatie("2023-06-30").set_index("persoon_id")["categorie"]
    assert sorted(pop.index) == ["B", "D", "E"]
    assert pop["E"] == "wsw_wiwid"
    assert kw.ikv_op("2023-06-30")["banen"].sum() == pytest.approx(1.0)
    act = motor.tel(ds, ["2023-06-30"]).populatie("2023-06-30").set_index("persoon_id")["categorie"]
    assert sorted(act.index) == ["A", "D", "E"] and act["E"] == "participatiewet"
    half = motor.tel(ds, ["2023-09-30"], jaargrondslagen="halfjaar").populatie("2023-09-30")
    assert sorted(half["persoon_id"]) == ["A", "D", "E"]
    assert motor.jaardatum("2023-09-30", "halfjaar") == pd.Timestamp("2023-07-01")
    assert motor.jaardatum("2023-06-30", "halfjaar") == pd.Timestamp("2023-01-01")
    with pytest.raises(ValueError, match="jaargrondslagen"):
        motor.tel(ds, ["2023-06-30"], jaargrondslagen="kwartaal")
    # the register's own functions take the same parameter (one evaluation, the engine's)
    from banenafspraak.register import populatie
    assert sorted(populatie(ds["doelgroepregister"], ds["persoon"], "2023-06-30",
                            jaargrondslagen="jaarbegin")["persoon_id"]) == ["B", "D", "E"]
