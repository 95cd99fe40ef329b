"""Hand-worked cases of the trendrapportage (issue #13; RULES.md §2 quarterly rules, §3 region, §4 inleen,
§6 comparisons). Each test builds a small data directory whose figures follow from the rules by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouw import Bouw, maand
from banenafspraak import trend
from banenafspraak.loading import lees_map
from banenafspraak.motor import tel
from banenafspraak.paths import referentie_dir

UREN = 110.92  # one baan (RULES.md §3)
KWARTALEN = ["2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1"]


def _regio(gemeente: str, jaar: int) -> str:
    """The region of a gemeente in the shipped reference (RULES.md §3)."""
    g = pd.read_csv(referentie_dir() / "gemeente_regio.csv", dtype=str)
    return g.loc[(g["jaar"].astype(int) == jaar) & (g["gemeentecode"] == gemeente), "arbeidsmarktregio_code"].iloc[0]


def werkt(b: Bouw, pid: str, van=(2020, 10), tot=(2022, 3), uren=UREN, **kw) -> Bouw:
    """One baan (110,92 hours) every month from ``van`` through ``tot``."""
    j, m = van
    while (j, m) <= tot:
        b.maand_opgave(pid, f"IKV{pid}", "WG01", j, m, uren, **kw)
        j, m = (j + 1, 1) if m == 12 else (j, m + 1)
    return b


def geteld(map_, jaargrondslagen="jaarbegin", volledigheid_maanden=0, kwartalen=KWARTALEN) -> pd.DataFrame:
    """Per quarter end: persons and banen of the population (NL), by the engine with the quarterly rules."""
    ds = lees_map(map_)
    t = tel(ds, [trend.kwartaal_einde(k) for k in kwartalen], jaargrondslagen=jaargrondslagen,
            volledigheid_maanden=volledigheid_maanden)
    df = t.sql("SELECT peildatum, count(*) AS personen, coalesce(sum(banen), 0) AS banen FROM per_persoon GROUP BY peildatum")
    df["kwartaal"] = [trend.kwartaal_van(d) for d in df["peildatum"]]
    return df.drop(columns="peildatum").set_index("kwartaal").reindex(kwartalen).fillna(0)


def test_kwartaal_en_peildata():
    assert trend.kwartaal_einde("2021Q1") == pd.Timestamp("2021-03-31")
    assert trend.kwartaal_einde("2020q4") == pd.Timestamp("2020-12-31")
    assert trend.vorig("2021Q1") == "2020Q4" and trend.vorig("2021Q1", 4) == "2020Q1"
    p = trend.kwartaalpeil("2021Q1")
    assert p.vorig_kwartaal == pd.Timestamp("2020-12-31") and p.zelfde_kwartaal_vorig_jaar == pd.Timestamp("2020-03-31")
    assert p.nulmeting == pd.Timestamp("2012-12-31")
    assert p.reeks[0] == "2015Q4" and p.reeks[-1] == "2021Q1" and len(p.reeks) == 22
    assert trend.kwartaal_titel("2021Q1") == "Eerste kwartaal 2021"
    assert trend.doelstelling_jaar("2021-03-31") == 2020 and trend.doelstelling_jaar("2021-12-31") == 2021
    for fout in ("2021", "2021Q5", "Q1 2021", "2012Q3", "2013Q3"):
        with pytest.raises(ValueError):
            trend.kwartaalpeil(fout)


def test_wsw_einde_juni_telt_in_q3_q4_onder_jaarbegin(tmp_path):
    """RULES.md §2 decision: a Wsw grondslag ending on 30 June 2021 is tested on 1 January 2021 in every
    quarter of 2021 under ``jaarbegin`` (counted in Q3 and Q4), on the peildatum under ``actueel`` (not
    in Q3, Q4), on 1 July under ``halfjaar`` (not in Q3, Q4); in 2022 it is gone under every rule."""
    b = Bouw().persoon("P1").registratie("P1", "WSW_BEGELEID_WERK", "2015-01-01", "2021-06-30")
    werkt(b, "P1")
    map_ = b.schrijf(tmp_path / "d")
    jb, act, hj = (geteld(map_, r)["personen"].to_dict() for r in ("jaarbegin", "actueel", "halfjaar"))
    assert jb == {"2021Q1": 1, "2021Q2": 1, "2021Q3": 1, "2021Q4": 1, "2022Q1": 0}
    assert act == {"2021Q1": 1, "2021Q2": 1, "2021Q3": 0, "2021Q4": 0, "2022Q1": 0}
    assert hj == {"2021Q1": 1, "2021Q2": 1, "2021Q3": 0, "2021Q4": 0, "2022Q1": 0}
    assert geteld(map_, "jaarbegin")["banen"].round(6).to_dict()["2021Q4"] == 1.0


def test_wsw_begin_maart_telt_vanaf_volgend_jaar_onder_jaarbegin(tmp_path):
    """A Wsw grondslag starting on 15 March 2021 counts from 2022 Q1 under ``jaarbegin``, from 2021 Q1
    under ``actueel`` and from 2021 Q3 under ``halfjaar``."""
    b = Bouw().persoon("P1").registratie("P1", "WSW_DETACHERING", "2021-03-15")
    werkt(b, "P1", aard="22")
    map_ = b.schrijf(tmp_path / "d")
    assert geteld(map_, "jaarbegin")["personen"].to_dict() == {"2021Q1": 0, "2021Q2": 0, "2021Q3": 0, "2021Q4": 0, "2022Q1": 1}
    assert geteld(map_, "actueel")["personen"].to_dict() == {"2021Q1": 1, "2021Q2": 1, "2021Q3": 1, "2021Q4": 1, "2022Q1": 1}
    assert geteld(map_, "halfjaar")["personen"].to_dict() == {"2021Q1": 0, "2021Q2": 0, "2021Q3": 1, "2021Q4": 1, "2022Q1": 1}


@pytest.mark.parametrize("via", ["persoon", "register"])
def test_overlijden_in_het_kwartaal_eindigt_direct(tmp_path, via):
    """A death on 10 August 2021 ends the registration at once under every setting (S2 Q11): from the
    person data while the register has not caught up, or the register's own at-once end (reden OVERLIJDEN)
    that ends the Wsw row tested on 1 January as well."""
    b = Bouw()
    if via == "persoon":
        b.persoon("P1", overleden="2021-08-10").registratie("P1", "WSW_BEGELEID_WERK", "2015-01-01")
    else:
        b.persoon("P1").registratie("P1", "WSW_BEGELEID_WERK", "2015-01-01", "2021-08-10", reden="OVERLIJDEN")
    werkt(b, "P1", tot=(2021, 7))
    map_ = b.schrijf(tmp_path / "d")
    for regel in ("jaarbegin", "halfjaar", "actueel"):
        assert geteld(map_, regel)["personen"].to_dict() == {"2021Q1": 1, "2021Q2": 1, "2021Q3": 0, "2021Q4": 0, "2022Q1": 0}, regel


def test_verhuizing_verplaatst_de_banen(tmp_path):
    """RULES.md §3: the region is that of the woonplaats on the peildatum. A person moving from Amsterdam
    to Utrecht on 1 June 2021 counts with 1 baan in Amsterdam's region in Q1 and in Utrecht's in Q2."""
    b = Bouw().persoon("P1", gemeente=None).registratie("P1", "PW_INDICATIE", "2016-01-01")
    b.rijen["woonplaats"] += [dict(persoon_id="P1", gemeentecode="GM0363", begin="2000-01-01", einde="2021-05-31"),
                              dict(persoon_id="P1", gemeentecode="GM0344", begin="2021-06-01", einde=None)]
    werkt(b, "P1", van=(2020, 1), tot=(2021, 6))
    ds = lees_map(b.schrijf(tmp_path / "d", periode=("2012-01-01", "2021-06-30")))
    kt = trend.tel_kwartalen(ds, "2021Q2", volledigheid_maanden=0)
    c = kt.cellen.groupby(["peildatum", "regio"])["banen"].sum()
    ams, utr = _regio("GM0363", 2021), _regio("GM0344", 2021)
    assert c[(pd.Timestamp("2021-03-31"), ams)] == pytest.approx(1.0)
    assert c[(pd.Timestamp("2021-06-30"), utr)] == pytest.approx(1.0)
    assert (pd.Timestamp("2021-06-30"), ams) not in c.index and (pd.Timestamp("2021-03-31"), utr) not in c.index


def test_late_aangifte_alleen_met_volledige_polis(tmp_path):
    """RULES.md §2 decision: the opgave of March 2021 processed on 15 September 2021 is not in the polis
    as delivered on 31 July 2021 (peildatum + 4 months): not counted under the default, counted with
    ``volledigheid_maanden=0`` and with 6 months (extraction 30 September); the table volledigheid shows it."""
    b = Bouw().persoon("P1").registratie("P1", "PW_INDICATIE", "2016-01-01")
    b.persoon("P2").registratie("P2", "PW_INDICATIE", "2016-01-01")
    b.maand_opgave("P1", "IKV1", "WG01", 2021, 3, UREN)
    b.maand_opgave("P2", "IKV2", "WG01", 2021, 3, UREN)
    b.rijen["polis"][0]["verwerkingsdatum"] = "2021-04-10"
    b.rijen["polis"][1]["verwerkingsdatum"] = "2021-09-15"
    map_ = b.schrijf(tmp_path / "d", periode=("2012-01-01", "2021-12-31"))
    ds = lees_map(map_)
    assert "verwerkingsdatum" in ds["polis"].columns
    for maanden, banen in ((None, 1.0), (4, 1.0), (0, 2.0), (6, 2.0)):
        kt = trend.tel_kwartalen(ds, "2021Q1", volledigheid_maanden=maanden)
        nu = kt.cellen.loc[kt.cellen["peildatum"] == pd.Timestamp("2021-03-31")]
        assert nu["banen"].sum() == pytest.approx(banen), maanden
        assert nu["werkzame_personen"].sum() == int(banen), maanden
        v = kt.volledigheid.loc[kt.volledigheid["peildatum"] == pd.Timestamp("2021-03-31")].set_index("tijdvak_type")
        assert int(v.at["MAAND", "opgaven"]) == 2
        assert int(v.at["MAAND", "opgaven_weggelaten"]) == (1 if banen == 1.0 else 0)
        assert v.at["MAAND", "banen_weggelaten"] == pytest.approx(2.0 - banen)


def test_inleen_blijft_een_eigen_soort(tmp_path):
    """RULES.md §1, §4: in the quarterly figures an uitzendkracht at an overheid employer is inleen, not
    regulier overheid (no verdeelsleutel); a regular job at that employer is regulier overheid."""
    b = Bouw()
    b.persoon("P1").registratie("P1", "WAJONG_OUD", "2012-01-01")
    b.persoon("P2").registratie("P2", "WAJONG_OUD", "2012-01-01")
    for j, m in ((2020, 12), (2021, 3)):
        b.maand_opgave("P1", "IKV1", "WG61", j, m, UREN, aard="11", sector="61", ufo=100000.0)
        b.maand_opgave("P2", "IKV2", "WG61", j, m, UREN / 2, sector="61", ufo=100000.0)
    ds = lees_map(b.schrijf(tmp_path / "d", periode=("2012-01-01", "2021-12-31")))
    pub = trend.publicatie(ds, "2021Q1", "NL", volledigheid_maanden=0)
    bs = pub.tabellen["banen_soort"].data.set_index("soort")
    assert bs.at["inleen", "banen"] == pytest.approx(1.0)
    assert bs.at["regulier_overheid", "banen"] == pytest.approx(0.5)
    assert bs.at["regulier_markt", "banen"] == 0.0
    assert bs.at["totaal", "banen"] == pytest.approx(1.5)


def test_verschillen_zijn_waarde_min_vergelijking_amersfoort():
    """S4, factsheet Amersfoort 2021 Q1: banen 2.184 against nulmeting 938, 2020 Q1 2.189 and 2020 Q4 2.259;
    personen 3.963 against 4.187, 3.819, 3.917; werkzame personen 1.916 against 874, 1.968, 1.938 (the
    2020 Q4 totals are those of grafiek 4). The comparison columns are waarde - comparator and print as in S4."""
    kc = trend.kerncijfer_rij(2184, {"nulmeting": 938, "zelfde_kwartaal_vorig_jaar": 2189, "vorig_kwartaal": 2259})
    assert (kc["verschil_nulmeting"], kc["verschil_zelfde_kwartaal_vorig_jaar"], kc["verschil_vorig_kwartaal"]) == (1246, -5, -75)
    kc = trend.kerncijfer_rij(3963, {"nulmeting": 4187, "zelfde_kwartaal_vorig_jaar": 3819, "vorig_kwartaal": 3917})
    assert (kc["verschil_nulmeting"], kc["verschil_zelfde_kwartaal_vorig_jaar"], kc["verschil_vorig_kwartaal"]) == (-224, 144, 46)
    kc = trend.kerncijfer_rij(1916, {"nulmeting": 874, "zelfde_kwartaal_vorig_jaar": 1968, "vorig_kwartaal": 1938})
    assert (kc["verschil_nulmeting"], kc["verschil_zelfde_kwartaal_vorig_jaar"], kc["verschil_vorig_kwartaal"]) == (1042, -52, -22)
    assert [trend.verschil_tekst(x) for x in (1246, -5, -75, 144, 0, np.nan)] == ["+1.246", "-5", "-75", "+144", "0", "*"]


def test_verschilkolommen_in_de_run(tmp_path):
    """Every published verschil_* is waarde - comparator (when both are published)."""
    b = Bouw()
    for i in range(12):
        pid = f"P{i:02d}"
        b.persoon(pid).registratie(pid, "PW_INDICATIE" if i % 2 else "WAJONG_OUD", "2012-01-01")
        werkt(b, pid, van=(2012, 12), tot=(2021, 3), uren=UREN * (1 + i % 3) / 2)
    ds = lees_map(b.schrijf(tmp_path / "d"))
    g = trend.publicatie(ds, "2021Q1", "NL", volledigheid_maanden=0).publiceer(min_cel=0)
    kc = g["kerncijfers"]
    for v in trend.VERGELIJKINGEN:
        np.testing.assert_allclose(kc[f"verschil_{v}"], kc["waarde"] - kc[v])
    assert kc.set_index("indicator").at["personen", "waarde"] == 12
    assert kc.set_index("indicator").at["banen", "waarde"] == pytest.approx(12.0)


def test_vierde_kwartaal_actueel_en_volledig_is_de_landelijke_monitor():
    """Issue #13 consistency: a Q4 run with ``jaargrondslagen=actueel``, ``volledigheid_maanden=0`` and the
    verdeelsleutel gives the landelijke monitor's banen of that 31 December (RULES.md §1: the differences
    between the two are exactly these rules), in total and per sector."""
    from banenafspraak import monitor
    from banenafspraak.rapport import laad_data
    from banenafspraak.sector import verdeelsleutel

    ds = laad_data(None)
    kw = trend.publicatie(ds, "2022Q4", "NL", jaargrondslagen="actueel", volledigheid_maanden=0).publiceer(min_cel=0)
    mon = monitor.publicatie(ds, 2022).publiceer(min_cel=0)
    banen = mon["banen_sector"].set_index("sector")["banen"]
    bs = kw["banen_soort"].set_index("soort")["banen"]
    assert bs["totaal"] == pytest.approx(banen["totaal"], rel=1e-9)
    k = verdeelsleutel(pd.Timestamp("2022-12-31"))
    assert bs["regulier_markt"] + k["markt"] * bs["inleen"] == pytest.approx(banen["markt"], rel=1e-9)
    assert bs["regulier_overheid"] + k["overheid"] * bs["inleen"] == pytest.approx(banen["overheid"], rel=1e-9)
    pc = mon["personen_categorie"].set_index(["categorie", "subcategorie"])
    assert kw["kerncijfers"].set_index("indicator").at["personen", "waarde"] == pc.at[("totaal", "totaal"), "personen"]


@pytest.mark.parametrize("parameter, waarde, tekst", [
    ("kwartaal", "2021Q5", "schrijf jaar en kwartaal als 2021Q1"), ("regio", "Utrecht", "kies alle, NL of een regiocode"),
    ("regio", "AM04", r"regio AM04 bestaat niet in 2021 \(nu AM36\)"), ("regio", "AM99", "kies alle, NL of een van AM01"),
    ("volledigheid_maanden", -1, "geheel getal van 0 of meer"), ("jaargrondslagen", "nooit", "kies actueel, jaarbegin, halfjaar"),
    ("nulmeting_bron", "dashboard", "kies data, officieel"),
    ("verloop_van", "gisteren", "kies vorig_kwartaal, zelfde_kwartaal_vorig_jaar, beide")])
def test_foute_parameters_in_een_regel(parameter, waarde, tekst):
    """A wrong parameter of the trendrapportage stops the run before it starts, naming the parameter."""
    from banenafspraak.runner import RAPPORT_CONTROLES, RunError

    goed = {"kwartaal": "2021Q1", "regio": "alle", "jaargrondslagen": "jaarbegin", "volledigheid_maanden": None,
            "nulmeting_bron": "data"}
    RAPPORT_CONTROLES["trendrapportage"](goed)
    with pytest.raises(RunError, match=tekst):
        RAPPORT_CONTROLES["trendrapportage"]({**goed, parameter: waarde})


def test_regio_opvolger_is_de_regio_met_de_meeste_gemeenten():
    """RULES.md §3, §6 decision: CBS gave Regio Zwolle a new code (AM04 -> AM36) when Heerde moved to
    AM06 in 2016; the 2015 figures of AM04 are those of AM36 in a 2021 report, and a merged gemeente is
    followed by its name when its code is gone. Hand-built reference."""
    from banenafspraak.regio import regio_opvolgers

    rijen = [(2015, "GM0193", "Zwolle", "AM04"), (2015, "GM0148", "Dalfsen", "AM04"), (2015, "GM0246", "Heerde", "AM04"),
             (2015, "GM0200", "Apeldoorn", "AM06"), (2015, "GM9001", "Oudstad", "AM07"),
             (2021, "GM0193", "Zwolle", "AM36"), (2021, "GM0148", "Dalfsen", "AM36"), (2021, "GM0246", "Heerde", "AM06"),
             (2021, "GM0200", "Apeldoorn", "AM06"), (2021, "GM9002", "Oudstad", "AM07")]
    g = pd.DataFrame(rijen, columns=["jaar", "gemeentecode", "gemeentenaam", "arbeidsmarktregio_code"])
    o = regio_opvolgers(g, 2021).set_index(["jaar", "arbeidsmarktregio_code"])["regio"]
    assert o[(2015, "AM04")] == "AM36" and o[(2015, "AM06")] == "AM06" and o[(2015, "AM07")] == "AM07"
    assert o[(2021, "AM36")] == "AM36"


def test_regios_tellen_op_tot_nederland(tmp_path):
    """Regions (with onbekend) add up to NL in every table of a run on the embedded data (min_cel 0)."""
    from banenafspraak.rapport import laad_data

    ds = laad_data(None)
    g = trend.publicatie(ds, "2021Q1", volledigheid_maanden=0).publiceer(min_cel=0)
    kc = g["kerncijfers"]
    nl = kc.loc[kc["regio"] == "NL"].set_index("indicator")
    rest = kc.loc[kc["regio"] != "NL"].groupby("indicator")[["waarde", *trend.VERGELIJKINGEN]].sum()
    np.testing.assert_allclose(rest.loc[nl.index].to_numpy(float), nl[["waarde", *trend.VERGELIJKINGEN]].to_numpy(float), rtol=1e-9)
    assert set(kc["regio"]) >= {"NL", "onbekend"} and kc["regio"].nunique() == 37
    rk = g["reeks"]
    assert rk["kwartaal"].iloc[0] == "2015Q4" and rk["kwartaal"].iloc[-1] == "2021Q1"
    s = rk.loc[rk["regio"] != "NL"].groupby("kwartaal")["personen"].sum()
    assert (s == rk.loc[rk["regio"] == "NL"].set_index("kwartaal")["personen"].loc[s.index]).all()
    bs = g["banen_soort"]
    for r, d in bs.groupby("regio"):
        d = d.set_index("soort")
        assert d.loc[list(trend.SOORTEN), "banen"].sum() == pytest.approx(d.at["totaal", "banen"])


def test_factsheets_uit_de_gepubliceerde_tabellen(tmp_path):
    """The factsheets show the published cells: whole numbers whose printed differences add up, `*`
    where the run suppressed a cell; the target (dark grey) only on the NL factsheet: the national target
    of 2020 (the last 31 December before 2021 Q1) x schaal (RULES.md §5, S4)."""
    from banenafspraak.rapport import laad_data

    ds = laad_data(None)
    g = trend.publicatie(ds, "2021Q1", schaal=ds.schaal).publiceer()
    invoeren = trend.factsheet_invoeren(g, synthetisch=True)
    assert [i.regio for i in invoeren][:2] == ["NL", "AM01"] and "onbekend" not in [i.regio for i in invoeren]
    assert len(invoeren) == 36
    nl = invoeren[0]
    assert nl.doelstelling_jaar == 2020 and nl.doelstelling_extra == pytest.approx(67500 * ds.schaal)
    assert all(i.doelstelling_extra is None for i in invoeren[1:])
    for i in invoeren:
        k = i.kerncijfers
        for v in trend.VERGELIJKINGEN:
            beide = k["waarde"].notna() & k[v].notna()
            np.testing.assert_array_equal(k.loc[beide, f"verschil_{v}"], k.loc[beide, "waarde"] - k.loc[beide, v])
            assert (k[["waarde", v]].fillna(0) % 1 == 0).all().all()
    kc = g.tabellen["kerncijfers"]
    weg = kc.onderdrukt.any(axis=1)
    for r in kc.data.loc[weg, "regio"].unique():
        if r in ("NL", "onbekend"):
            continue
        assert next(i for i in invoeren if i.regio == r).kerncijfers.isna().any().any()
    paden = trend.schrijf_factsheets(g, tmp_path, synthetisch=True)
    assert len(paden) == 72 and (tmp_path / "factsheets" / "NL-nederland.pdf").exists()


@pytest.mark.parametrize("formaat", ["csv", "parquet"])
def test_verwerkingsdatum_voor_het_tijdvak_is_een_fout(tmp_path, formaat):
    """DATA_CONTRACT.md optional polis column ``verwerkingsdatum``: a date, and an opgave cannot be processed
    before its tijdvak begins; the error names the file, the column, the value and the row. A polis
    without the column is valid (the polis is then complete)."""
    from banenafspraak.loading import ContractError

    b = Bouw().persoon("P1").registratie("P1", "PW_INDICATIE", "2016-01-01")
    b.maand_opgave("P1", "IKV1", "WG01", 2021, 3, UREN)
    b.maand_opgave("P1", "IKV1", "WG01", 2021, 4, UREN)
    b.rijen["polis"][0]["verwerkingsdatum"] = "2021-04-08"
    b.rijen["polis"][1]["verwerkingsdatum"] = "2021-03-15"
    map_ = b.schrijf(tmp_path / "d", formaat=formaat)
    with pytest.raises(ContractError) as e:
        lees_map(map_)
    tekst = str(e.value)
    assert f"polis.{formaat}" in tekst and "verwerkingsdatum" in tekst and "2021-03-15" in tekst
    b.rijen["polis"][1]["verwerkingsdatum"] = "nooit"
    with pytest.raises(ContractError, match="verwerkingsdatum"):
        lees_map(b.schrijf(tmp_path / "e", formaat=formaat))
    for rij in b.rijen["polis"]:
        rij.pop("verwerkingsdatum")
    assert "verwerkingsdatum" not in lees_map(b.schrijf(tmp_path / "f", formaat=formaat))["polis"].columns


def test_kwartaal_voor_de_eerste_doelstelling_en_regio_in_kleine_letters():
    """A quarter before the first target (2015) has no target on the NL factsheet, and the report runs
    (2014Q2; clean-clone finding); ``regio=am14`` is AM14."""
    from banenafspraak.rapport import laad_data

    ds = laad_data(None)
    g = trend.publicatie(ds, "2014Q2", "am14").publiceer()
    assert set(g["kerncijfers"]["regio"]) == {"NL", "AM14"}
    assert g.bron.info["doelstelling_jaar"] is None and g.bron.info["doelstelling_extra"] is None
    nl = trend.factsheet_invoeren(g)[0]
    assert nl.doelstelling_extra is None and nl.doelstelling_jaar is None
    assert trend.publicatie(ds, "2015Q4", "NL").info["doelstelling_jaar"] == 2015


def test_regio_overzicht_vergelijkt_met_een_jaar_eerder():
    """regio_overzicht: per region and NL the kerncijfers' growth against the same quarter a year earlier
    (S2 Q23: only that quarter is comparable), the same cells as kerncijfers."""
    from banenafspraak.rapport import laad_data

    g = trend.publicatie(laad_data(None), "2021Q1", volledigheid_maanden=0).publiceer(min_cel=0)
    ro = g["regio_overzicht"].set_index("regio")
    kc = g["kerncijfers"].set_index(["regio", "indicator"])
    assert "onbekend" not in ro.index and len(ro) == 36
    for r in ro.index:
        for ind in trend.INDICATOREN:
            assert ro.at[r, f"{ind}_verschil_zelfde_kwartaal_vorig_jaar"] == pytest.approx(
                kc.at[(r, ind), "verschil_zelfde_kwartaal_vorig_jaar"])
