"""Every report runs on any valid data directory, however small (issue point 19, RULES.md §10): an
empty group or table gives an empty (or all-zero) table, never a crash. The publications are built
by the same library functions the notebooks call."""
import pytest

from bouw import Bouw
from banenafspraak import duurzaamheid as du
from banenafspraak import monitor as mo
from banenafspraak import participatie as pa
from banenafspraak.loading import lees_map

JAAR = 2023


def alleen_beschut() -> Bouw:
    """Two persons with a beschut-werk indicatie whose only jobs are beschutte werkplekken (aard 24):
    nobody has a baan in the banenafspraak, nobody is in a group of the arbeidsparticipatie monitor."""
    b = Bouw()
    for pid in ("B1", "B2"):
        b.persoon(pid).registratie(pid, "PW_INDICATIE", begin="2016-01-01")
        for jaar in (2012, 2021, 2022, 2023):
            for m in range(1, 13):
                b.maand_opgave(pid, f"I{pid}", "WB", jaar, m, 120.0, aard="24")
    return b


def een_persoon_zonder_werk() -> Bouw:
    """One registered person who never works; the polis holds one job of somebody outside the doelgroep."""
    b = Bouw()
    b.persoon("A").registratie("A", "WAJONG_OUD")
    b.persoon("X")
    for jaar in (2012, 2021, 2022, 2023):
        b.maand_opgave("X", "IX", "W1", jaar, 12, 100.0)
    return b


MAPPEN = {"alleen_beschut": alleen_beschut, "een_persoon_zonder_werk": een_persoon_zonder_werk}


@pytest.fixture(params=sorted(MAPPEN))
def kleine_map(request, tmp_path):
    return request.param, MAPPEN[request.param]().schrijf(tmp_path / request.param)


def test_monitor_op_kleine_map(kleine_map):
    naam, d = kleine_map
    pub = mo.publicatie(lees_map(d), JAAR)
    g = pub.publiceer(10)
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    assert bs.loc["totaal", "banen"] == 0 and bs.loc["totaal", "nulmeting"] == 0
    pc = pub.tabellen["personen_categorie"].data.set_index(["categorie", "subcategorie"])
    assert pc.loc[("totaal", "totaal"), "werkzame_personen"] == 0
    assert pc.loc[("totaal", "totaal"), "personen"] == (2 if naam == "alleen_beschut" else 1)
    assert g.tekst("banen_sector", "banen", sector="totaal") == "0,0"


def test_participatie_op_kleine_map(kleine_map):
    naam, d = kleine_map
    pub = pa.publicatie(pa.laad(d, JAAR - 1, JAAR), JAAR - 1, JAAR)
    pub.publiceer(10)
    part = pub.tabellen["participatie"].data.set_index(["jaar", "groep"])
    if naam == "alleen_beschut":  # paid work on a beschutte werkplek is work in this monitor (RULES.md §8)
        for jaar in (JAAR - 1, JAAR):
            assert part.loc[(jaar, "pw_doelgroepregister"), ["personen", "werkend", "werkend_beschut"]].tolist() == [2, 2, 2]
        assert pub.tabellen["concentratie"].data["banen"].tolist() == [2]
    else:
        assert (part["werkend"] == 0).all()
        assert pub.tabellen["werkgevers"].data.empty and pub.tabellen["concentratie"].data.empty


def test_duurzaamheid_op_kleine_map(kleine_map):
    naam, d = kleine_map
    basis, polis, december = du.laad(d, JAAR - 1)
    pub = du.publicatie(basis, polis, december, JAAR - 1)
    pub.publiceer(10)
    wb = pub.tabellen["werkbehoud"].data
    # beschut werk is no baan (RULES.md §7 via §3): nobody starts; every share is not applicable
    assert (wb["starters"] == 0).all() and wb["werkbehoud"].isna().all()
    assert pub.tabellen["kaplan_meier"].data.empty


def test_lege_tabel_wordt_een_zin(kleine_map, monkeypatch):
    """The notebooks render an empty table as a sentence, not as a bare header (rapport.toon_tabel)."""
    from banenafspraak import rapport

    naam, d = kleine_map
    getoond = []
    monkeypatch.setattr("IPython.display.display", lambda x: getoond.append(x))
    g = pa.publicatie(pa.laad(d, JAAR - 1, JAAR), JAAR - 1, JAAR).publiceer(10)
    rapport.toon_tabel(g, "werkgevers")
    if naam == "een_persoon_zonder_werk":
        assert getoond[0].data.startswith("*Werkgevers") and "geen gegevens" in getoond[0].data
    else:
        assert not getoond[0].data.empty
