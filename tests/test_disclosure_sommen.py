"""Sums of suppressed cells (RULES.md §10; disclosure.beveilig step 5, issue #10 review point 1).

Hiding every small cell and making sure no single one can be worked out is not enough: when a reader
can work out the *sum* of several hidden counts (in one relation, or through a hierarchy of nested
relations) and that sum is 1 .. 9 persons, a group of 1 .. 9 persons is published. Hand-built
publications with one column of person counts, worked out by hand; then an independent reader
(linear programming over all declared relations, counts never negative) on random tables.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from scipy.optimize import linprog

from banenafspraak.disclosure import beveilig, kleine_sommen
from banenafspraak.publicatie import Kolom, Publicatie, Tabel
from test_publicatie import Lezer, ruw

MIN_CEL = 10


def publicatie(rijen: dict[str, int], sommen: list[tuple[str, list[str]]], kosten: float = 1.0) -> Publicatie:
    """One table ``t`` with a row per name and one column ``personen`` (protected by itself); ``sommen``:
    (total row, part rows), each declared as a relation."""
    df = pd.DataFrame({"rij": list(rijen), "personen": list(rijen.values())})
    pub = Publicatie("test", "test", "2023-12-31", "hand")
    pub.voeg_toe(Tabel("t", "t", df, {"rij": Kolom("Rij", "tekst"), "personen": Kolom("Personen", "geheel", "personen")},
                       variabelen=["personen"], bescherming={"personen": ["personen"]}, kosten=kosten))
    t = pub.tabellen["t"]
    for totaal, delen in sommen:
        pub.som(totaal, "t", ["personen"], t.rij(rij=totaal), [t.rij(rij=d) for d in delen])
    return pub


def onderdrukt(pub: Publicatie) -> set[str]:
    m = beveilig(pub, MIN_CEL, 0.5).onderdrukt["t"]
    return {pub.tabellen["t"].data.at[i, "rij"] for i in np.flatnonzero(m["personen"].to_numpy())}


def bereik_som(pub: Publicatie, weg: set[str], rijen: list[str]) -> tuple[float, float]:
    """What a reader who sees every cell not in ``weg`` and knows every relation (counts >= 0) can say
    about the sum of ``rijen``: (min, max) by linear programming."""
    t = pub.tabellen["t"].data
    namen = sorted(weg)
    nr = {n: j for j, n in enumerate(namen)}
    a, b = [], []
    for r in pub.relaties:
        rij, rest = np.zeros(len(namen)), 0.0
        for _, i, _, c in r.termen:
            n = t.at[i, "rij"]
            if n in nr:
                rij[nr[n]] += c
            else:
                rest -= c * t.at[i, "personen"]
        if rij.any():
            a.append(rij)
            b.append(rest)
    e = np.zeros(len(namen))
    for n in rijen:
        e[nr[n]] = 1.0
    uit = []
    for teken in (1.0, -1.0):
        res = linprog(teken * e, A_eq=np.array(a) if a else None, b_eq=np.array(b) if b else None,
                      bounds=[(0, None)] * len(namen), method="highs")
        uit.append(teken * res.fun if res.status == 0 else teken * -np.inf)
    return uit[0], uit[1]


def test_som_van_twee_onderdrukte_cellen_in_een_relatie():
    """totaal 30 = a 3 + b 4 + c 23. Before: a and b hidden (primary), c and totaal shown; no single
    cell can be worked out, but a + b = 30 - 23 = 7 persons. Now c (the cheapest) is hidden too."""
    pub = publicatie({"totaal": 30, "a": 3, "b": 4, "c": 23}, [("totaal", ["a", "b", "c"])])
    weg = onderdrukt(pub)
    assert weg == {"a", "b", "c"}
    lo, hi = bereik_som(pub, weg, ["a", "b"])
    assert (lo, hi) == (0, 30)


def test_som_door_geneste_relaties():
    """A hierarchy: T 62 = A 4 + B 58; B 58 = b1 3 + b2 30 + b3 25. A and b1 are primary; A alone in
    T = A + B forces B (58, cheaper than T 62) to be hidden. Then no declared relation has a small sum
    of hidden cells (A + B = 62; B - b1 = 55 has mixed signs) and no single cell is determined, but
    T - b2 - b3 = A + b1 = 7: through both relations a reader has a group of 7 persons. Now b3 (25,
    the cheapest published cell of the combined relation) is hidden too."""
    pub = publicatie({"T": 62, "A": 4, "B": 58, "b1": 3, "b2": 30, "b3": 25}, [("T", ["A", "B"]), ("B", ["b1", "b2", "b3"])])
    weg = onderdrukt(pub)
    assert weg == {"A", "B", "b1", "b3"}
    lo, hi = bereik_som(pub, weg, ["A", "b1"])
    assert lo < MIN_CEL and hi - lo > 0.5  # A + b1 = 32 - b3: no longer one value


def test_som_nul_of_tien_is_geen_onthulling():
    """totaal 30 = a 3 + b 7 + c 20: a + b = 10 is a group of 10, not a disclosure; nothing else hidden."""
    pub = publicatie({"totaal": 30, "a": 3, "b": 7, "c": 20}, [("totaal", ["a", "b", "c"])])
    assert onderdrukt(pub) == {"a", "b"}


def test_kleine_sommen_alleen_tellers_met_gelijk_teken():
    """The check looks at counts only, and only at sums (not at differences)."""
    ids, coef = np.array([0, 1, 2, 3]), np.array([-1.0, 1.0, 1.0, 1.0])
    waarde = np.array([30.0, 3.0, 4.0, 23.0])
    onbekend = np.array([False, True, True, False])
    assert [(s, o, w) for s, o, w in kleine_sommen([(ids, coef)], onbekend, np.ones(4, bool), waarde, MIN_CEL)] == \
        [({0, 3}, {1, 2}, 7.0)]
    assert kleine_sommen([(ids, coef)], onbekend, np.array([True, False, False, True]), waarde, MIN_CEL) == []
    onbekend = np.array([True, True, False, False])  # totaal - a = b + c: a difference, known anyway
    assert kleine_sommen([(ids, coef)], onbekend, np.ones(4, bool), waarde, MIN_CEL) == []


# --------------------------------------------------------------------------- property test

@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.integers(0, 25), min_size=1, max_size=4), min_size=1, max_size=4))
def test_eigenschap_geen_kleine_som_herleidbaar(groepen):
    """Random two-level hierarchies (grand total, group totals, leaves): after suppression no sum of
    hidden leaves within one group, no hidden group total plus hidden leaves of another group and no
    sum of hidden group totals that a reader can pin down (linear programming, counts >= 0) is 1 .. 9."""
    rijen, sommen = {}, []
    for g, bladen in enumerate(groepen):
        namen = [f"g{g}b{j}" for j in range(len(bladen))]
        rijen[f"g{g}"] = sum(bladen)
        rijen.update(zip(namen, bladen))
        sommen.append((f"g{g}", namen))
    rijen["T"] = sum(sum(b) for b in groepen)
    sommen.append(("T", [f"g{g}" for g in range(len(groepen))]))
    pub = publicatie(rijen, sommen)
    weg = onderdrukt(pub)
    for n, v in rijen.items():
        if 0 < v < MIN_CEL:
            assert n in weg, n
    kandidaten = []
    for totaal, delen in sommen:
        verborgen = [d for d in delen if d in weg]
        kandidaten.append(verborgen)
        for d in verborgen:  # a hidden part replaced by its hidden parts (the nested case)
            onder = [s for t_, s_ in sommen if t_ == d for s in s_ if s in weg]
            kandidaten.append([x for x in verborgen if x != d] + onder)
    for k in kandidaten:
        if len(k) < 2:
            continue
        waar = sum(rijen[x] for x in k)
        lo, hi = bereik_som(pub, weg, k)
        assert not (hi - lo < 0.5 and 0 < waar < MIN_CEL), (k, waar, lo, hi, weg)


# --------------------------------------------------------------------------- a reader of a whole publication

class SomLezer(Lezer):
    """A reader of a published report who knows every declared relation and that every count is >= 0
    (linear programming, independent of the library's algorithm; ``test_publicatie.Lezer``): the range
    of a single hidden cell and of the sum of hidden counts (the hidden parts of one relation, or of two
    nested relations)."""

    def teller(self, t, k) -> bool:
        return k in self.pub.tabellen[t].bescherming.get(k, [])

    def sommen(self):
        """Sets of hidden counts entering one relation (or one relation with a hidden part replaced by
        the parts of a relation that defines it) all with the same sign."""
        definitie = {}
        for termen in self.termen:
            min1 = [(t, i, k) for t, i, k, c in termen if c == -1]
            if len(min1) == 1 and all(c == 1 for *_, c in termen if (_[0], _[1], _[2]) != min1[0]):
                definitie.setdefault(min1[0], []).append([(t, i, k) for t, i, k, c in termen if c == 1])
        for termen in self.termen:
            plus = [(t, i, k) for t, i, k, c in termen if c == 1 and (t, i, k) in self.nr]
            mis = [(t, i, k) for t, i, k, c in termen if c != 1 and (t, i, k) in self.nr]
            if mis:
                continue
            yield plus
            for d in plus:
                for delen in definitie.get(d, []):
                    yield [x for x in plus if x != d] + [x for x in delen if x in self.nr]

    def onthuld(self, min_cel: int) -> list:
        fout = []
        for t, masker in self.g.besluit.primair.items():
            for k in masker.columns:
                for i in np.flatnonzero(masker[k].to_numpy()):
                    if k in self.g.tabellen[t].kolommen and not self.g.tabellen[t].onderdrukt.at[i, k]:
                        fout.append((t, i, k, "gepubliceerd"))
                    elif (t, i, k) in self.nr:
                        lo, hi = self.bereik_som([(t, i, k)])
                        if hi - lo < 0.5:
                            fout.append((t, i, k, lo))
        for cellen in self.sommen():
            if len(set(cellen)) < 2 or not all(self.teller(t, k) for t, _, k in cellen):
                continue
            waar = sum(ruw(self.pub, *c) for c in set(cellen))
            if 0 < waar < min_cel:
                lo, hi = self.bereik_som(sorted(set(cellen)))
                if hi - lo < 0.5:
                    fout.append(("som", sorted(set(cellen)), waar))
        return fout


def test_lezer_ziet_de_som_in_de_oude_uitkomst():
    """The reader is not blind: on the suppression of before (a, b hidden; c, totaal shown) it finds 7."""
    pub = publicatie({"totaal": 30, "a": 3, "b": 4, "c": 23}, [("totaal", ["a", "b", "c"])])
    g = pub.publiceer(MIN_CEL)
    m = g.tabellen["t"].onderdrukt
    m.loc[:, "personen"] = [False, True, True, False]
    g.tabellen["t"].data["personen"] = pd.array([30, None, None, 23], dtype="Int64")
    g.besluit.primair["t"].loc[:, "personen"] = [False, True, True, False]
    assert SomLezer(pub, g).onthuld(MIN_CEL) == [("som", [("t", 1, "personen"), ("t", 2, "personen")], 7.0)]


# --------------------------------------------------------------------------- property test: arbeidsparticipatie

persoon_st = st.fixed_dictionaries({
    "wajong": st.booleans(), "wga": st.booleans(), "pw": st.sampled_from([True, True, True, False]),
    "werk": st.lists(st.tuples(st.integers(2022, 2023), st.integers(0, 5), st.booleans()), max_size=2),  # (year, employer, beschut)
    # one large age band and small ones: small cells whose sum is small too
    "geboren": st.sampled_from(["1960-06-01"] * 6 + ["1990-06-01", "1999-06-01", "1985-06-01", "1975-06-01"]),
    "geslacht": st.sampled_from(["V", "M"]),
    "woont": st.booleans(),
})


def participatie_data(personen):
    from bouw import Bouw

    b = Bouw()
    for n, p in enumerate(personen):
        pid = f"P{n:03d}"
        b.persoon(pid, geboren=p["geboren"], geslacht=p["geslacht"], gemeente="GM0363" if p["woont"] else None)
        if p["wajong"]:
            b.uitkering(pid, "WAJONG_2010", "2015-01-01", arbeidsvermogen=True)
        if p["wga"]:
            b.uitkering(pid, "WGA", "2018-01-01")
        if p["pw"]:
            b.registratie(pid, "PW_INDICATIE", begin="2016-01-01")
        for j, (jaar, wg, beschut) in enumerate(p["werk"]):
            b.maand_opgave(pid, f"{pid}_{j}", f"W{wg}", jaar, 12, 100.0, aard="21" if beschut else "01",
                           **({"sector": "62", "ufo": 100000.0} if wg >= 4 else {}))
    return b


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(persoon_st, min_size=15, max_size=60))
def test_eigenschap_arbeidsparticipatie(personen):
    """Random small populations of the monitor arbeidsparticipatie: every relation holds on the raw
    figures (the library checks), and the reader finds no primary cell and no sum of hidden counts of
    1 .. 9 (one relation or two nested ones). Unrounded: the reader works with the exact figures.
    With rounding, every published share is the ratio of the published (rounded) counts."""
    import tempfile
    from pathlib import Path

    from banenafspraak import participatie as pa
    from banenafspraak.loading import lees_map

    with tempfile.TemporaryDirectory() as d:
        ds = lees_map(participatie_data(personen).schrijf(Path(d), periode=("2012-01-01", "2023-12-31")))
        pub = pa.publicatie(ds, 2023, 2023)
        rond = pa.publicatie(ds, 2023, 2023, afronden=True).publiceer(MIN_CEL)
    g = pub.publiceer(MIN_CEL)
    assert SomLezer(pub, g).onthuld(MIN_CEL) == []
    for t in ("participatie", "kenmerken"):
        d = rond[t]
        for i in range(len(d)):
            a, p, w = d.at[i, "aandeel_werkend"], d.at[i, "personen"], d.at[i, "werkend"]
            if pd.notna(a) and pd.notna(p) and pd.notna(w):
                assert a == pytest.approx(w / p) and p % 100 == 0 and w % 100 == 0, (t, i, a, p, w)


def test_exacte_reeks_kiest_de_nodige_cel_niet_de_vastgepinde():
    """_exacte_reeks by hand. Cells 0..3; cell 0 unknown. Relations: x0 + x1 = x2 (a total) and x1 = x3 (the
    same figure in another table). Cell 0 is determined. Candidates cheapest first: 1, 2, 3. Suppressing 1
    alone frees nothing (x1 = x3, published); 1 and 2 together free x0 (x0 + x3 = x2, x2 unknown), so 2 is
    needed; then 2 alone already frees x0 (x2 occurs in one relation), so the answer is [2], not [1, 2]."""
    from banenafspraak.disclosure import _exacte_reeks, herleidbaar

    relaties = [(np.array([0, 1, 2]), np.array([1.0, 1.0, -1.0])), (np.array([1, 3]), np.array([1.0, -1.0]))]
    onbekend = np.array([True, False, False, False])
    alleen_0 = np.array([True, False, False, False])
    assert list(herleidbaar(relaties, onbekend, alleen_0)) == [0]
    assert _exacte_reeks(0, [1, 2, 3], relaties, onbekend) == [2]
    # only cell 1 as candidate: it is pinned by cell 3, nothing frees cell 0
    assert _exacte_reeks(0, [1], relaties, onbekend) == []
    # candidates 1 and 3: together they free it (x1 = x3 both unknown, x0 + x1 = x2 published: one equation, two
    # unknowns); 3 is needed (the prefix [1] does not), then 1 is needed too
    assert sorted(_exacte_reeks(0, [1, 3], relaties, onbekend)) == [1, 3]
