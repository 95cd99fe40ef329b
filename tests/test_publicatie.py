"""Disclosure control of the landelijke monitor as one publication (RULES.md §10; disclosure.py,
publicatie.py, monitor.publicatie). Hand-worked cases named after the points of the issue, and a
property test that checks, independently of the library's algorithm, that no primarily suppressed
cell can be recomputed from the published cells and the declared relations (linear programming
with the bounds a reader knows: counts and banen are never negative).

Jobs are 110,92 hours in December = exactly 1 baan (RULES.md §3), so the figures are whole banen.
The verdeelsleutel of December 2023 is 33,7% overheid / 66,3% markt (RULES.md §4).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from scipy.optimize import linprog

from bouw import Bouw
from banenafspraak.disclosure import geen_personen, rond_half_op
from banenafspraak.loading import lees_map
from banenafspraak.monitor import TABELLEN as MONITOR_TABELLEN, publicatie
from banenafspraak.publicatie import getal, opmaak, procent

BAAN = 110.92          # verloonde uren per maand = 1 baan
JAAR = 2023
MIN_CEL = 10
MARKT_2023, OVERHEID_2023 = 0.663, 0.337


# --------------------------------------------------------------------------- building data

def persoon(b: Bouw, pid: str, grondslag: str, banen: dict | None = None, begin: str = "2010-01-01",
            criteria_einde=None, einde=None, reden=None) -> Bouw:
    """A person with one grondslag and per (jaar, soort) the hours in December of that year;
    soort: markt (Wfsv 01), overheid (Wfsv 62, all hours with Ufo premie), inleen (aard 11)."""
    b.persoon(pid).registratie(pid, grondslag, begin=begin, einde=einde, criteria_einde=criteria_einde, reden=reden)
    for n, ((jaar, soort), uren) in enumerate((banen or {}).items()):
        ikv = f"{pid}_{n}"
        if soort == "markt":
            b.maand_opgave(pid, ikv, "WM", jaar, 12, uren)
        elif soort == "overheid":
            b.maand_opgave(pid, ikv, "WO", jaar, 12, uren, sector="62", ufo=100000.0)  # ufo = totaal: overheid
        elif soort == "inleen":
            b.maand_opgave(pid, ikv, "WI", jaar, 12, uren, aard="11")
        else:
            raise ValueError(soort)
    return b


def maak(b: Bouw, map: Path, min_cel=MIN_CEL):
    """Write, read, build the monitor of 2023 and publish it once."""
    pub = publicatie(lees_map(b.schrijf(map)), JAAR)
    return pub, pub.publiceer(min_cel)


def sector_data() -> Bouw:
    """Issue point 1: 12 markt, 12 overheid, 5 inleen persons, each 1 baan in December 2023."""
    b = Bouw()
    for i in range(12):
        persoon(b, f"M{i:02d}", "WAJONG_OUD", {(JAAR, "markt"): BAAN})
        persoon(b, f"O{i:02d}", "WAJONG_OUD", {(JAAR, "overheid"): BAAN})
    for i in range(5):
        persoon(b, f"I{i:02d}", "WAJONG_OUD", {(JAAR, "inleen"): BAAN})
    return b


def hierarchie_data() -> Bouw:
    """Issue point 3: 12 Wajong, 12 Participatiewet, 3 Wiw/ID persons, each 1 baan at a markt employer."""
    b = Bouw()
    for g, k in (("WAJONG_OUD", 12), ("PW_INDICATIE", 12), ("WIW_ID", 3)):
        for i in range(k):
            persoon(b, f"{g[:3]}{i:02d}", g, {(JAAR, "markt"): BAAN})
    return b


def nulmeting_data() -> Bouw:
    """Issue point 4: 30 persons with 1 baan (markt) in December 2023, 2 of whom also had 1 baan in
    December 2012: the data-based nulmeting is 2 banen resting on 2 persons."""
    b = Bouw()
    for i in range(30):
        banen = {(JAAR, "markt"): BAAN, **({(2012, "markt"): BAAN} if i < 2 else {})}
        persoon(b, f"P{i:02d}", "WAJONG_OUD", banen)
    return b


@pytest.fixture(scope="module")
def sector(tmp_path_factory):
    return maak(sector_data(), tmp_path_factory.mktemp("sector"))


@pytest.fixture(scope="module")
def hierarchie(tmp_path_factory):
    return maak(hierarchie_data(), tmp_path_factory.mktemp("hierarchie"))


@pytest.fixture(scope="module")
def nulmeting(tmp_path_factory):
    return maak(nulmeting_data(), tmp_path_factory.mktemp("nulmeting"))


# --------------------------------------------------------------------------- independent reader

PERSOONTELLINGEN = {"personen", "werkzame_personen", "niet_werkzaam", "d_personen", "d_werkzame_personen"}


def vrij(kolom: str) -> bool:
    """Columns that may be negative; every other cell (counts, banen, nulmeting) is >= 0."""
    return kolom in ("extra_banen", "verschil") or kolom.startswith("d_")


def grens(pub, t, i, k) -> tuple:
    """What a reader knows of the sign of a cell: the bruto/netto components have the sign of their definition
    (RULES.md §6: the − components and bruto_afname <= 0, the + ones >= 0, netto either); other cells by
    :func:`vrij`."""
    if t == "bruto_netto":
        from banenafspraak.verloop import COMPONENTEN

        comp = pub.tabellen[t].data.at[i, "component"]
        if comp == "netto":
            return (None, None)
        return (None, 0) if COMPONENTEN.get(comp, 1 if comp == "bruto_toename" else -1) < 0 else (0, None)
    return (None, None) if vrij(k) else (0, None)


def ruw(pub, t, i, k) -> float:
    v = pub.tabellen[t].data.at[i, k]
    return np.nan if v is None or pd.isna(v) else float(v)


def bekend(g, t, i, k):
    """What the reader sees of a cell: its published value, or None (suppressed, or never published).
    A published constant (``Publicatie.bekend``, the official nulmeting) the reader knows anyway."""
    if (t, i, k) in getattr(g.bron, "bekende_cellen", ()):
        return float(g.bron.tabellen[t].data.at[i, k])
    gt = g.tabellen[t]
    if k not in gt.kolommen or bool(gt.onderdrukt.at[i, k]):
        return None
    v = gt.data.at[i, k]
    return None if pd.isna(v) else float(v)


def gelden_op_ruwe_cijfers(pub) -> int:
    """Every declared relation holds on the unsuppressed figures (void when a cell is not applicable).
    Returns the number of relations checked."""
    n = 0
    for r in pub.relaties:
        w = [(c, ruw(pub, t, i, k)) for t, i, k, c in r.termen]
        if any(np.isnan(v) for _, v in w):
            continue
        som = sum(c * v for c, v in w)
        schaal = max([1.0, abs(r.constante), *(abs(c * v) for c, v in w)])
        assert abs(som - r.constante) <= 1e-6 * schaal, (r.naam, som, r.constante)
        n += 1
    return n


class Lezer:
    """A reader who knows the published cells and every declared relation, and that counts and banen
    are never negative: the range each unknown cell can still take (linear programming)."""

    def __init__(self, pub, g):
        self.pub, self.g = pub, g
        self.nr: dict[tuple, int] = {}
        self.termen = []  # the terms of every relation that holds (not void)
        rijen, b = [], []
        for r in pub.relaties:
            if any(np.isnan(ruw(pub, t, i, k)) for t, i, k, _ in r.termen):
                continue  # void
            self.termen.append(list(r.termen))
            rest, term = r.constante, {}
            for t, i, k, c in r.termen:
                v = bekend(g, t, i, k)
                if v is None:
                    j = self.nr.setdefault((t, i, k), len(self.nr))
                    term[j] = term.get(j, 0.0) + c
                else:
                    rest -= c * v
            if term:
                rijen.append(term)
                b.append(rest)
        self.a = np.zeros((len(rijen), len(self.nr)))
        for r_, term in enumerate(rijen):
            for j, c in term.items():
                self.a[r_, j] = c
        self.b = np.array(b)
        cellen = sorted(self.nr, key=self.nr.get)
        self.grenzen = [grens(pub, t, i, k) for t, i, k in cellen]

    def bereik(self, t, i, k) -> tuple[float, float]:
        """(min, max) of a cell given what is published; a published cell has its value."""
        v = bekend(self.g, t, i, k)
        if v is not None:
            return v, v
        if (t, i, k) not in self.nr:
            return -np.inf, np.inf
        return self.bereik_som([(t, i, k)])

    def bereik_som(self, cellen) -> tuple[float, float]:
        """(min, max) of the sum of unknown cells (each in the system of relations)."""
        e = np.zeros(len(self.nr))
        for c in cellen:
            e[self.nr[c]] += 1.0
        uit = []
        for teken in (1.0, -1.0):
            res = linprog(teken * e, A_eq=self.a, b_eq=self.b, bounds=self.grenzen, method="highs")
            assert res.status in (0, 3), res.message  # optimal or unbounded; never infeasible
            uit.append(teken * res.fun if res.status == 0 else teken * -np.inf)
        return uit[0], uit[1]

    def onthuld(self) -> list[tuple]:
        """Primary cells (1 .. min_cel-1 persons) that the reader can recompute."""
        fout = []
        for t, masker in self.g.besluit.primair.items():
            for k in masker.columns:
                for i in np.flatnonzero(masker[k].to_numpy()):
                    if k in self.g.tabellen[t].kolommen and not self.g.tabellen[t].onderdrukt.at[i, k]:
                        fout.append((t, i, k, "gepubliceerd"))
                        continue
                    lo, hi = self.bereik(t, i, k)
                    w = ruw(self.pub, t, i, k)
                    tol = 0.5 if k in PERSOONTELLINGEN else 1e-6 * max(1.0, abs(w))
                    if hi - lo < tol:
                        fout.append((t, i, k, w, lo, hi))
        return fout


def getoond(g, tabel, kolom, **sleutel) -> bool:
    return g.waarde(tabel, kolom, **sleutel) is not None


# --------------------------------------------------------------------------- 1. banen_sector totaal row

def test_1_banen_sector_inleen_in_alle_rijen_onderdrukt(sector):
    pub, g = sector
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    # by hand: 12 + 12 regulier banen; 5 inleen banen split 66,3 / 33,7 by the verdeelsleutel
    assert bs.loc["markt", "banen_regulier"] == pytest.approx(12)
    assert bs.loc["overheid", "banen_regulier"] == pytest.approx(12)
    assert bs.loc["totaal", "banen_regulier"] == pytest.approx(24)
    assert bs.loc["markt", "banen_inleen"] == pytest.approx(5 * MARKT_2023)      # 3,315
    assert bs.loc["overheid", "banen_inleen"] == pytest.approx(5 * OVERHEID_2023)  # 1,685
    assert bs.loc["totaal", "banen_inleen"] == pytest.approx(5)
    assert bs.loc["totaal", "banen"] == pytest.approx(29)
    assert list(bs["personen_inleen"]) == [5, 5, 5]  # every inleen person is spread over both sectors

    for s in ("markt", "overheid", "totaal"):
        assert g.tekst("banen_sector", "banen_inleen", sector=s) == "*", s
        # banen = regulier + inleen: never both published
        assert not (getoond(g, "banen_sector", "banen", sector=s) and getoond(g, "banen_sector", "banen_regulier", sector=s)), s
    # the reeks row of 2023 does not publish the split, and its published cells do not give it away
    assert {"banen_regulier", "banen_inleen"}.isdisjoint(g.tabellen["reeks"].kolommen)
    lezer = Lezer(pub, g)
    t = pub.tabellen["banen_sector"]
    for s in ("markt", "overheid", "totaal"):
        lo, hi = lezer.bereik("banen_sector", t.rij(sector=s), "banen_inleen")
        assert hi - lo > 0.5, (s, lo, hi)
    r = pub.tabellen["reeks"]
    for s in ("markt", "overheid", "totaal"):
        lo, hi = lezer.bereik("reeks", r.rij(jaar=JAAR, sector=s), "banen_inleen")
        assert hi - lo > 0.5, (s, lo, hi)
    assert lezer.onthuld() == []


# --------------------------------------------------------------------------- 2. within a row

def binnen_rij_data() -> Bouw:
    """15 markt, 20 overheid, 4 inleen persons (1 baan each), and one markt person with 2 banen."""
    b = Bouw()
    for i in range(15):
        persoon(b, f"M{i:02d}", "PW_INDICATIE", {(JAAR, "markt"): BAAN})
    for i in range(20):
        persoon(b, f"O{i:02d}", "WAJONG_OUD", {(JAAR, "overheid"): BAAN})
    for i in range(4):
        persoon(b, f"I{i:02d}", "WSW_DETACHERING", {(JAAR, "inleen"): BAAN})
    persoon(b, "X", "WAJONG_OUD", {(JAAR, "markt"): 2 * BAAN})
    return b


def test_2_binnen_een_rij_niet_banen_en_regulier_samen(sector, tmp_path):
    for pub, g in (sector, maak(binnen_rij_data(), tmp_path / "d")):
        for naam in ("banen_sector",):
            t = g.tabellen[naam]
            for i in range(len(t.data)):
                if t.onderdrukt.at[i, "banen_inleen"]:
                    assert not (pd.notna(t.data.at[i, "banen"]) and pd.notna(t.data.at[i, "banen_regulier"])), (naam, i)
        assert Lezer(pub, g).onthuld() == []


# --------------------------------------------------------------------------- 3. hierarchy

def test_3_hierarchie_klein_categorietotaal_niet_uit_het_grote_totaal(hierarchie):
    pub, g = hierarchie
    pc = pub.tabellen["personen_categorie"].data.set_index(["categorie", "subcategorie"])
    assert pc.loc[("wajong", "totaal"), "personen"] == 12
    assert pc.loc[("participatiewet", "totaal"), "personen"] == 12
    assert pc.loc[("wsw_wiwid", "wiw_id"), "personen"] == 3
    assert pc.loc[("wsw_wiwid", "totaal"), "personen"] == 3
    assert pc.loc[("totaal", "totaal"), "personen"] == 27
    assert pc.loc[("totaal", "totaal"), "banen"] == pytest.approx(27)

    for kolom in ("personen", "werkzame_personen", "banen"):
        for sub in ("wiw_id", "totaal"):
            assert g.tekst("personen_categorie", kolom, categorie="wsw_wiwid", subcategorie=sub) == "*", (kolom, sub)
        # 27 = 12 + 12 + 3: the grand total and both other category totals are never all shown
        groot = getoond(g, "personen_categorie", kolom, categorie="totaal", subcategorie="totaal")
        waj = getoond(g, "personen_categorie", kolom, categorie="wajong", subcategorie="totaal")
        pw = getoond(g, "personen_categorie", kolom, categorie="participatiewet", subcategorie="totaal")
        if kolom == "personen":  # the same figures in samenstelling (report year) and t2_scenarios
            groot |= getoond(g, "t2_scenarios", "personen", scenario="geregistreerd")
            waj |= getoond(g, "samenstelling", "personen", jaar=JAAR, categorie="wajong")
            pw |= getoond(g, "samenstelling", "personen", jaar=JAAR, categorie="participatiewet")
        assert not (groot and waj and pw), kolom
    assert Lezer(pub, g).onthuld() == []


# --------------------------------------------------------------------------- 4. data-based nulmeting

def test_4_nulmeting_uit_data_op_2_personen_onderdrukt(nulmeting):
    pub, g = nulmeting
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    assert bs.loc["markt", "nulmeting"] == pytest.approx(2)
    assert bs.loc["overheid", "nulmeting"] == 0
    assert bs.loc["totaal", "nulmeting"] == pytest.approx(2)
    assert bs.loc["totaal", "banen"] == pytest.approx(30)
    assert bs.loc["totaal", "extra_banen"] == pytest.approx(28)
    assert bs.loc["totaal", "personen_nulmeting"] == 2

    for s in ("markt", "totaal"):
        assert g.tekst("banen_sector", "nulmeting", sector=s) == "*"
        # extra_banen = banen - nulmeting, verschil = extra_banen - doelstelling (public)
        assert not (getoond(g, "banen_sector", "banen", sector=s) and getoond(g, "banen_sector", "extra_banen", sector=s))
        assert not (getoond(g, "banen_sector", "banen", sector=s) and getoond(g, "banen_sector", "verschil", sector=s))
        for j in range(2013, JAAR + 1):  # extra_banen = banen - nulmeting in every year of the reeks
            assert not (getoond(g, "reeks", "banen", jaar=j, sector=s) and getoond(g, "reeks", "extra_banen", jaar=j, sector=s)), (s, j)
    for sc in pub.tabellen["t2_scenarios"].data["scenario"]:
        assert not (getoond(g, "t2_scenarios", "banen", scenario=sc) and getoond(g, "t2_scenarios", "extra_banen", scenario=sc)), sc
    lezer = Lezer(pub, g)
    lo, hi = lezer.bereik("banen_sector", pub.tabellen["banen_sector"].rij(sector="totaal"), "nulmeting")
    assert hi - lo > 0.5
    assert lezer.onthuld() == []


def officieel_data() -> Bouw:
    """Brief point 1 (nulmeting_bron=officieel, schaal 0,0001: the official nulmeting is 7,5179 banen):
    December 2023: 4 persons with 4 banen each at a markt employer (16 banen on 4 persons);
    December 2012: 12 persons with 1 baan markt and 3 with 1 baan overheid (sector split 12/15, 3/15)."""
    b = Bouw()
    for i in range(4):
        persoon(b, f"W{i}", "WAJONG_OUD", {(JAAR, "markt"): 4 * BAAN})
    for i in range(12):
        persoon(b, f"M{i:02d}", "WAJONG_OUD", {(2012, "markt"): BAAN})
    for i in range(3):
        persoon(b, f"O{i}", "WAJONG_OUD", {(2012, "overheid"): BAAN})
    return b


def test_1_officiele_nulmeting_is_een_bekende_constante(tmp_path):
    """The official nulmeting is public: never suppressed, and known to the reader. Before, it was a
    suppressible cell: as the cheapest cell of extra = banen - nulmeting it was hidden instead of
    extra_banen, and a reader who knows 75.179 x schaal got the 16 banen of 4 persons back."""
    pub = publicatie(lees_map(officieel_data().schrijf(tmp_path / "d", schaal=0.0001)), JAAR, nulmeting_bron="officieel")
    bs = pub.tabellen["banen_sector"].data.set_index("sector")
    n = 75179 * 0.0001
    assert bs.loc["totaal", "nulmeting"] == pytest.approx(n)
    assert bs.loc["markt", "nulmeting"] == pytest.approx(n * 12 / 15)     # the data's December 2012 split
    assert bs.loc["overheid", "nulmeting"] == pytest.approx(n * 3 / 15)   # rests on 3 persons
    assert bs.loc["totaal", "banen"] == pytest.approx(16)
    assert bs.loc["totaal", "extra_banen"] == pytest.approx(16 - n)
    g = pub.publiceer(MIN_CEL)
    assert g.waarde("banen_sector", "nulmeting", sector="totaal") == pytest.approx(n)  # never suppressed
    assert g.tekst("banen_sector", "banen", sector="totaal") == "*"                    # 4 persons
    assert g.tekst("banen_sector", "extra_banen", sector="totaal") == "*"              # banen = extra + 7,5179
    for s in ("markt", "overheid"):                                                     # 3 persons; total known
        assert g.tekst("banen_sector", "nulmeting", sector=s) == "*", s
    lezer = Lezer(pub, g)
    t = pub.tabellen["banen_sector"]
    assert lezer.bereik("banen_sector", t.rij(sector="totaal"), "nulmeting") == (pytest.approx(n), pytest.approx(n))
    assert lezer.onthuld() == []


# --------------------------------------------------------------------------- brief points 4 and 5: scenario and labels

def test_officiele_nulmeting_in_het_jaar_van_de_nulmeting(tmp_path):
    """The monitor of 2012 with nulmeting_bron=officieel: the official C = 75.179 x 0,0002 = 15,0358 is
    split by the shares of the very banen of December 2012 published beside it, so extra_s = banen_s x
    (1 - C / banen_totaal). December 2012: 12 banen markt, 2 overheid (2 persons). Before the fix the
    sector extra banen were published (-0,888 and -0,148) and gave banen overheid = 2 back."""
    b = Bouw()
    for i in range(14):
        p = f"N{i:02d}"
        b.persoon(p).registratie(p, "PW_INDICATIE", begin="2012-01-01")
        if i < 12:
            b.maand_opgave(p, "I0", "WM", 2012, 12, BAAN)
        else:
            b.maand_opgave(p, "I0", "WO", 2012, 12, BAAN, sector="62", ufo=90000.0)
    pub = publicatie(lees_map(b.schrijf(tmp_path / "d", schaal=0.0002)), 2012, nulmeting_bron="officieel")
    g = pub.publiceer(MIN_CEL)
    t = pub.tabellen["banen_sector"]
    assert g.waarde("banen_sector", "nulmeting", sector="totaal") == pytest.approx(15.0358)
    assert g.waarde("banen_sector", "banen", sector="totaal") == pytest.approx(14.0)
    for s in ("markt", "overheid"):
        assert g.tekst("banen_sector", "extra_banen", sector=s) == "*"
    lezer = Lezer(pub, g)
    lo, hi = lezer.bereik("banen_sector", t.rij(sector="overheid"), "banen")
    assert hi - lo > 0.5  # not determined by what is published and declared
    assert lezer.onthuld() == []


def test_scenario_in_titel_en_definities(tmp_path):
    ds = lees_map(t2_paar_data().schrijf(tmp_path / "d"))
    standaard = publicatie(ds, JAAR)
    assert standaard.titel == f"Landelijke monitor banenafspraak {JAAR}"
    assert standaard.definities["scenario t+2-regel"].startswith("zoals het doelgroepregister is bijgehouden")
    altijd = publicatie(ds, JAAR, t2_scenario="altijd")
    assert altijd.titel == f"Landelijke monitor banenafspraak {JAAR}, scenario t+2-regel altijd toegepast"
    assert altijd.definities["scenario t+2-regel"].startswith("t+2-regel altijd toegepast: wie niet meer")
    assert "zonder t+2-regel: de einden door de t+2-regel vervallen" in altijd.tabellen["t2_scenarios"].toelichting
    assert altijd.tabellen["t2_scenarios"].toelichting.endswith("De telling van dit rapport: t+2-regel altijd toegepast.")
    assert "75.179" not in altijd.definities["nulmeting"]
    officieel = publicatie(ds, JAAR, nulmeting_bron="officieel")
    assert officieel.definities["nulmeting"].startswith("de officiële nulmeting van de landelijke monitor, 75.179 banen")


def test_labels_van_codes_in_de_weergave(sector):
    from banenafspraak.register import CATEGORIE_LABEL, SUBCATEGORIE_LABEL, T2_SCENARIO_LABEL
    from banenafspraak.sector import SECTOR_LABEL

    pub, g = sector
    w = g.tabellen["banen_sector"].weergave()
    assert list(w["Sector"]) == ["Marktsector", "Overheid", "Totaal"]
    assert list(g["banen_sector"]["sector"]) == ["markt", "overheid", "totaal"]  # the CSV keeps the codes
    pc = g.tabellen["personen_categorie"].weergave()
    assert list(pc["Categorie"]) == [CATEGORIE_LABEL[c] for c in g["personen_categorie"]["categorie"]]
    assert "Wajong" in set(pc["Categorie"]) and "Totaal" in set(pc["Subcategorie"])
    assert list(pc["Subcategorie"]) == [SUBCATEGORIE_LABEL[c] for c in g["personen_categorie"]["subcategorie"]]
    assert set(g.tabellen["reeks"].weergave()["Sector"]) == {"Marktsector", "Overheid", "Totaal"}
    assert list(g.tabellen["t2_scenarios"].weergave()["Scenario"]) == [T2_SCENARIO_LABEL[s] for s in
                                                                       ("geregistreerd", "altijd", "afgeschaft")]
    assert set(g.tabellen["samenstelling"].weergave()["Categorie"]) <= set(CATEGORIE_LABEL.values())
    assert SECTOR_LABEL["markt"] == "Marktsector"


def test_labels_in_participatie_en_duurzaamheid(tmp_path):
    """The other reports declare the labels of their codes too (groep, doelgroep, contract, soort)."""
    from banenafspraak import duurzaamheid as du, participatie as pa
    from banenafspraak.participatie import GROEP_LABEL
    from banenafspraak.register import CATEGORIE_LABEL

    b = Bouw()
    for i in range(3):
        persoon(b, f"P{i}", "PW_INDICATIE", {(2012, "markt"): BAAN, (2021, "markt"): BAAN, (2022, "markt"): BAAN})
    d = b.schrijf(tmp_path / "d")
    g = pa.publicatie(pa.laad(d, 2021, 2022), 2021, 2022).publiceer(MIN_CEL)
    w = g.tabellen["participatie"].weergave()
    assert list(w["Groep"]) == [GROEP_LABEL[c] for c in g["participatie"]["groep"]]
    assert "WGA-gerechtigden" in set(w["Groep"])
    basis, polis, december = du.laad(d, 2021)
    g = du.publicatie(basis, polis, december, 2021).publiceer(MIN_CEL)
    assert list(g.tabellen["werkbehoud"].weergave()["Doelgroep"]) == [CATEGORIE_LABEL[c] for c in g["werkbehoud"]["doelgroep"]]
    assert set(g.tabellen["contract"].weergave()["Contract"]) == {"Bepaalde tijd", "Onbepaalde tijd", "Geen contractsoort"}
    assert g.tabellen["kaplan_meier"].kolommen["soort"].waarden == {"werk": "Nog aan het werk", "baan": "In dezelfde baan"}


# --------------------------------------------------------------------------- 5. across tables

def test_5_zelfde_cijfer_in_twee_tabellen_overal_of_nergens(hierarchie, nulmeting, sector):
    """A figure that appears in two tables is shown in both or suppressed in both."""
    for pub, g in (hierarchie, nulmeting, sector):
        pc, s_t, t2 = (pub.tabellen[n] for n in ("personen_categorie", "samenstelling", "t2_scenarios"))
        paren = [(("samenstelling", s_t.rij(jaar=JAAR, categorie=c), "personen"),
                  ("personen_categorie", pc.rij(categorie=c, subcategorie="totaal"), "personen"))
                 for c in ("wajong", "participatiewet", "wsw_wiwid")]
        paren += [(("t2_scenarios", t2.rij(scenario="geregistreerd"), k), ("personen_categorie", pc.rij(categorie="totaal"), k))
                  for k in ("personen", "werkzame_personen", "banen")]
        bs, r = pub.tabellen["banen_sector"], pub.tabellen["reeks"]
        paren += [(("reeks", r.rij(jaar=JAAR, sector=s), k), ("banen_sector", bs.rij(sector=s), k))
                  for s in ("markt", "overheid", "totaal") for k in ("banen", "extra_banen")]
        paren += [(("banen_sector", bs.rij(sector="totaal"), "banen"), ("personen_categorie", pc.rij(categorie="totaal"), "banen"))]
        for a, b in paren:
            assert ruw(pub, *a) == pytest.approx(ruw(pub, *b)), (a, b)  # the same figure indeed
            assert (bekend(g, *a) is None) == (bekend(g, *b) is None), (a, b)


def test_5_kleine_categorie_niet_via_samenstelling(hierarchie):
    pub, g = hierarchie
    assert g.tekst("samenstelling", "personen", jaar=JAAR, categorie="wsw_wiwid") == "*"
    # the Wiw/ID persons were registered (from 2010) in every year of the series
    for j in range(2013, JAAR + 1):
        assert g.tekst("samenstelling", "personen", jaar=j, categorie="wsw_wiwid") == "*", j


def t2_niet_werkzaam_data() -> Bouw:
    """12 Wajong persons with 1 baan in December 2023 and 2 registered Wajong persons without a job."""
    b = Bouw()
    for i in range(12):
        persoon(b, f"W{i:02d}", "WAJONG_OUD", {(JAAR, "markt"): BAAN})
    persoon(b, "N1", "WAJONG_OUD")
    persoon(b, "N2", "WAJONG_OUD")
    return b


def test_5_t2_scenarios_verraden_niet_werkzamen_niet(tmp_path):
    pub, g = maak(t2_niet_werkzaam_data(), tmp_path / "d")
    pc = pub.tabellen["personen_categorie"].data.set_index(["categorie", "subcategorie"])
    assert pc.loc[("totaal", "totaal"), ["personen", "werkzame_personen", "niet_werkzaam"]].tolist() == [14, 12, 2]
    # personen_categorie protects the 2 (niet_werkzaam is a hidden, protected complement) ...
    assert not (getoond(g, "personen_categorie", "personen", categorie="totaal")
                and getoond(g, "personen_categorie", "werkzame_personen", categorie="totaal"))
    # ... so no scenario row may show 14 and 12 side by side either
    t2 = pub.tabellen["t2_scenarios"].data
    for i, sc in enumerate(t2["scenario"]):
        niet = t2.at[i, "personen"] - t2.at[i, "werkzame_personen"]
        if 0 < niet < MIN_CEL:
            assert not (getoond(g, "t2_scenarios", "personen", scenario=sc)
                        and getoond(g, "t2_scenarios", "werkzame_personen", scenario=sc)), sc


def t2_nulmeting_data() -> Bouw:
    """Two Wajong persons: A has 1 baan in December 2023 but lost the criteria on 2019-06-01 (registered
    as administered, out in scenario 'altijd'); B has 1 baan in December 2012 and in December 2023.
    By hand: banen 2 (geregistreerd) and 1 (altijd), d_banen -1 on 1 person; nulmeting 1 baan on 1
    person; extra_banen 1 and 0."""
    b = Bouw()
    persoon(b, "A", "WAJONG_OUD", {(JAAR, "markt"): BAAN}, criteria_einde="2019-06-01")
    persoon(b, "B", "WAJONG_OUD", {(JAAR, "markt"): BAAN, (2012, "markt"): BAAN})
    return b


def test_5_t2_verschil_ruwe_cijfers(tmp_path):
    pub = publicatie(lees_map(t2_nulmeting_data().schrijf(tmp_path / "d")), JAAR)
    t2 = pub.tabellen["t2_scenarios"].data.set_index("scenario")
    assert t2.loc["geregistreerd", "banen"] == pytest.approx(2) and t2.loc["altijd", "banen"] == pytest.approx(1)
    assert t2.loc["altijd", "d_banen"] == pytest.approx(-1) and t2.loc["altijd", "n_banen"] == 1
    assert t2.loc["geregistreerd", "extra_banen"] == pytest.approx(1) and t2.loc["altijd", "extra_banen"] == pytest.approx(0)
    assert gelden_op_ruwe_cijfers(pub) > 100


def test_5_t2_verschil_via_extra_banen_beschermd(tmp_path):
    pub, g = maak(t2_nulmeting_data(), tmp_path / "d")
    assert not (getoond(g, "t2_scenarios", "extra_banen", scenario="altijd")
                and getoond(g, "t2_scenarios", "extra_banen", scenario="geregistreerd"))
    assert Lezer(pub, g).onthuld() == []


# --------------------------------------------------------------------------- 7. formatting

@pytest.mark.parametrize("x, decimalen, verwacht", [
    (72808.5, 0, "72.809"),      # half up, not to even
    (2.5, 0, "3"),
    (3.5, 0, "4"),
    (0.5, 0, "1"),
    (-0.4, 0, "0"),              # no "-0"
    (-1234.5, 0, "-1.235"),      # symmetric
    (1234.5, 1, "1.234,5"),
    (1.005, 2, "1,01"),          # 1.005 is 1.00499999... in binary: still half up
    (2.675, 2, "2,68"),
    (1234567.25, 1, "1.234.567,3"),
    (12, 0, "12"),
])
def test_7_getal_rondt_half_op(x, decimalen, verwacht):
    assert getal(x, decimalen) == verwacht


def test_7_procent_en_ontbrekend():
    assert procent(0.12345, 2) == "12,35%"   # 12,345 -> 12,35
    assert procent(0.4567) == "45,7%"
    assert procent(0.0005) == "0,1%"         # 0,05 -> 0,1
    assert procent(0.337, 0) == "34%"
    assert procent(1) == "100,0%"
    for leeg in (pd.NA, None, np.nan, float("nan")):
        assert procent(leeg) == "*"
        assert getal(leeg) == "*"


def test_7_opmaak():
    assert opmaak(2023, "jaar") == "2023"
    assert opmaak(np.int64(2023), "jaar") == "2023"
    assert opmaak(2023.0, "jaar") == "2023"
    assert opmaak(2023, "geheel") == "2.023"
    assert opmaak(13.85, "decimaal1") == "13,9"
    assert opmaak(0.4567, "procent") == "45,7%"
    assert opmaak("markt", "tekst") == "markt"
    assert opmaak(pd.NA, "geheel") == "-" and opmaak(None, "decimaal1") == "-" and opmaak(np.nan, "jaar") == "-"


def test_7_weergave_ster_voor_onderdrukt_streep_voor_niet_van_toepassing(nulmeting):
    pub, g = nulmeting
    w = g.tabellen["reeks"].weergave(labels=False)
    r = pub.tabellen["reeks"]
    for j in (2013, 2014):  # no doelstelling before 2015
        for s in ("markt", "overheid", "totaal"):
            assert w.at[r.rij(jaar=j, sector=s), "doelstelling"] == "-"
            assert g.tekst("reeks", "doelstelling", jaar=j, sector=s) == "-"
    assert w.at[r.rij(jaar=2015, sector="totaal"), "doelstelling"] == "9.000,0"
    assert w.at[r.rij(jaar=2013, sector="markt"), "jaar"] == "2013"
    assert w.at[r.rij(jaar=JAAR, sector="totaal"), "banen"] == "30,0"
    # nulmeting (2 persons) is suppressed: "*" in the table, None as a value
    wb = g.tabellen["banen_sector"].weergave(labels=False)
    i = pub.tabellen["banen_sector"].rij(sector="totaal")
    assert wb.at[i, "nulmeting"] == "*"
    assert g.waarde("banen_sector", "nulmeting", sector="totaal") is None
    # suppressed cells are missing in the data, not-applicable ones too, but only the former are marked
    assert pd.isna(g["banen_sector"].at[i, "nulmeting"]) and g.tabellen["banen_sector"].onderdrukt.at[i, "nulmeting"]
    j = r.rij(jaar=2013, sector="markt")
    assert pd.isna(g["reeks"].at[j, "doelstelling"]) and not g.tabellen["reeks"].onderdrukt.at[j, "doelstelling"]
    # the labels of the workbook
    assert "Nulmeting" in g.tabellen["banen_sector"].weergave().columns


# --------------------------------------------------------------------------- 8. rounding for publication

def test_8_rond_half_op():
    assert rond_half_op(250, 100) == 300
    assert rond_half_op(249.9, 100) == 200
    assert rond_half_op(-250, 100) == -300
    assert rond_half_op(72808.5) == 72809
    assert rond_half_op(150, 100) == 200
    assert rond_half_op(0.5) == 1 and rond_half_op(-0.5) == -1 and rond_half_op(0.49) == 0
    assert np.isnan(rond_half_op(np.nan, 100))
    assert list(rond_half_op(np.array([50.0, 149.0, 350.0]), 100)) == [100, 100, 400]


# --------------------------------------------------------------------------- publiceer(min_cel)

def test_publiceer_0_onderdrukt_niets(sector, nulmeting):
    for pub, _ in (sector, nulmeting):
        g = pub.publiceer(0)
        assert not g.publiceerbaar
        assert all(g.onderdrukt(n) == 0 for n in g.tabellen)
        assert g.waarde("banen_sector", "banen_inleen", sector="totaal") is not None
    assert nulmeting[0].publiceer(0).waarde("banen_sector", "nulmeting", sector="totaal") == pytest.approx(2)


@pytest.mark.parametrize("fout", [-5, -1, 2.5, "10", True])
def test_publiceer_ongeldige_drempel(sector, fout):
    with pytest.raises(ValueError):
        sector[0].publiceer(fout)


def test_publiceer_none_is_parameter(sector):
    pub, g10 = sector
    g = pub.publiceer(None)
    assert g.min_cel == 10 and g.publiceerbaar
    for n in g.tabellen:
        assert g.tabellen[n].onderdrukt.equals(g10.tabellen[n].onderdrukt), n


def test_geen_persoon_id_en_relaties_kloppen(sector, hierarchie, nulmeting):
    for pub, g in (sector, hierarchie, nulmeting):
        for n in pub.tabellen:
            assert "persoon_id" not in pub.tabellen[n].data.columns, n
            assert not {"persoon_id", "ikv_id", "werkgever_id"} & set(g.tabellen[n].data.columns), n
            assert list(g.tabellen[n].data.columns) == list(pub.tabellen[n].kolommen), n  # no helper columns
        assert gelden_op_ruwe_cijfers(pub) > 100
    with pytest.raises(ValueError):
        geen_personen(pd.DataFrame({"persoon_id": ["A"], "x": [1]}))


# --------------------------------------------------------------------------- property test

SOORTEN = ("markt", "overheid", "inleen")
persoon_st = st.fixed_dictionaries({
    "grondslag": st.sampled_from(["WAJONG_OUD", "PW_INDICATIE", "WIW_ID", "WSW_DETACHERING"]),
    "banen": st.lists(st.tuples(st.sampled_from(SOORTEN), st.integers(10, 200)), max_size=2),  # December 2023; [] = no job
    "nul": st.one_of(st.none(), st.tuples(st.sampled_from(SOORTEN), st.integers(10, 200))),  # December 2012
    "tussen": st.one_of(st.none(), st.tuples(st.integers(2013, 2022), st.sampled_from(SOORTEN), st.integers(10, 200))),
    # t+2 history: none; criteria lost in 2019 (ends in 'altijd' only); ended by t+2 in 2015 (back in 'afgeschaft')
    "t2": st.sampled_from([None, None, "2019", "2013"]),
    "begin": st.sampled_from(["2010-01-01", "2010-01-01", "2017-03-01"]),
})


def populatie_data(personen: list[dict]) -> Bouw:
    b = Bouw()
    for n, p in enumerate(personen):
        pid = f"P{n:03d}"
        kw = {}
        if p["t2"] == "2019":
            kw = dict(criteria_einde="2019-06-01")
        elif p["t2"] == "2013" and p["begin"] < "2013":
            kw = dict(criteria_einde="2013-05-01", einde="2015-12-31", reden="T_PLUS_2")
        banen = {}
        for k, (soort, uren) in enumerate(p["banen"]):
            banen[(JAAR, soort)] = banen.get((JAAR, soort), 0) + float(uren)
        if p["nul"]:
            banen[(2012, p["nul"][0])] = float(p["nul"][1])
        if p["tussen"]:
            banen[(p["tussen"][0], p["tussen"][1])] = float(p["tussen"][2])
        persoon(b, pid, p["grondslag"], banen, begin=p["begin"], **kw)
    return b


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(persoon_st, min_size=2, max_size=40))
def test_eigenschap_geen_kleine_cel_herleidbaar(personen):
    """Random small populations: every declared relation holds on the raw figures, and no primary cell
    (1 .. 9 persons) can be pinned down by a reader of the published cells (class Lezer)."""
    with tempfile.TemporaryDirectory() as d:
        # the polis covers 2012 through JAAR also when nobody in the sample worked in JAAR (or at all)
        pub = publicatie(lees_map(populatie_data(personen).schrijf(Path(d), periode=("2012-01-01", f"{JAAR}-12-31")),
                                  tabellen=MONITOR_TABELLEN), JAAR)
    assert gelden_op_ruwe_cijfers(pub) > 0
    g = pub.publiceer(MIN_CEL)
    assert Lezer(pub, g).onthuld() == []


def t2_paar_data() -> Bouw:
    """20 stable Wajong persons; 12 whose criteria stopped in 2020 with an open registration (out only
    under 'altijd'); 3 removed by t+2 at the end of 2019 (back only under 'afgeschaft'). By hand:
    personen geregistreerd 32, altijd 20, afgeschaft 35."""
    b = Bouw()
    for i in range(20):
        persoon(b, f"P{i:02d}", "WAJONG_OUD", {(JAAR, "markt"): BAAN, (2012, "markt"): BAAN})
    for i in range(12):
        persoon(b, f"A{i:02d}", "PW_INDICATIE", begin="2016-01-01", criteria_einde="2020-06-01")
    for i in range(3):
        persoon(b, f"T{i}", "PW_INDICATIE", begin="2015-01-01", einde="2019-12-31", criteria_einde="2017-03-01",
                reden="T_PLUS_2")
    return b


@pytest.mark.parametrize("referentie", ["altijd", "geregistreerd"])
def test_5_t2_verschil_tussen_twee_andere_scenarios_beschermd(tmp_path, referentie):
    """Review finding: with reference 'altijd', geregistreerd 32 and afgeschaft 35 side by side reveal the
    3 persons removed by t+2; every pair of scenarios is protected, not only pairs with the reference."""
    pub = publicatie(lees_map(t2_paar_data().schrijf(tmp_path / "d")), JAAR, t2_scenario=referentie)
    t2 = pub.tabellen["t2_scenarios"].data.set_index("scenario")
    assert t2["personen"].to_dict() == {"geregistreerd": 32, "altijd": 20, "afgeschaft": 35}
    g = pub.publiceer(MIN_CEL)
    assert not (getoond(g, "t2_scenarios", "personen", scenario="geregistreerd")
                and getoond(g, "t2_scenarios", "personen", scenario="afgeschaft"))
    assert Lezer(pub, g).onthuld() == []
