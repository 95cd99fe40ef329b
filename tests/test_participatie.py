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
    assert set(k.loc[k["kenmerk"] == "regio", "waarde"]) == {"AM13 Groot Amsterdam"}
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
