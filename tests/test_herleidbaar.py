"""The audit's test of which protected cells follow from the published ones (disclosure.herleidbaar, RULES.md §10)
against the definition, on random systems of relations: cell i is determined when the unit vector of i lies in
the row space of the relation matrix restricted to the unknown cells. The audit takes shortcuts (a relation
with one unknown cell, cells that occur in one relation only, groups); the answer must be the same."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from banenafspraak.disclosure import herleidbaar


def per_definitie(relaties, onbekend, beschermd) -> list[int]:
    cellen = np.flatnonzero(onbekend)
    if len(cellen) == 0:
        return []
    a = np.zeros((len(relaties), len(cellen)))
    kolom = {c: i for i, c in enumerate(cellen)}
    for r, (ids, coef) in enumerate(relaties):
        for c, b in zip(ids, coef):
            if onbekend[c]:
                a[r, kolom[c]] += b
    if not a.any():
        return []
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    basis = vt[s > 1e-9 * s.max()]
    diag = (basis ** 2).sum(axis=0)
    return [int(c) for c in cellen if beschermd[c] and diag[kolom[c]] > 1 - 1e-9]


@st.composite
def stelsels(draw):
    n = draw(st.integers(2, 14))
    relaties = []
    for _ in range(draw(st.integers(1, 10))):
        ids = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=5, unique=True))
        coef = draw(st.lists(st.sampled_from([-2.0, -1.0, 1.0, 1.0, 2.0]), min_size=len(ids), max_size=len(ids)))
        relaties.append((np.array(ids), np.array(coef)))
    onbekend = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    beschermd = onbekend & np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return relaties, onbekend, beschermd


@settings(max_examples=400, deadline=None)
@given(stelsels())
def test_herleidbaar_is_de_definitie(stelsel):
    relaties, onbekend, beschermd = stelsel
    assert herleidbaar(relaties, onbekend, beschermd).tolist() == per_definitie(relaties, onbekend, beschermd)


def test_functie_van_een_losse_cel():
    """c - d1 - d2 = 0 with c in no other relation, d1 + d2 = 10 known: c is determined (= 10), d1 and d2 not."""
    relaties = [(np.array([0, 1, 2]), np.array([1.0, -1.0, -1.0])), (np.array([1, 2, 3]), np.array([1.0, 1.0, -1.0]))]
    onbekend = np.array([True, True, True, False])
    assert herleidbaar(relaties, onbekend, onbekend).tolist() == [0]


def test_reeks_met_verborgen_mutaties():
    """x1, x2, x3 of a cumulative series with hidden changes m2 = x2 - x1 and m3 = x3 - x2: with x1 and x3
    published and x2 suppressed, m2 and m3 are not determined, but m2 + m3 is (not a cell); with x2 published too,
    both are."""
    # cells: x1 x2 x3 m2 m3
    relaties = [(np.array([1, 0, 3]), np.array([1.0, -1.0, -1.0])), (np.array([2, 1, 4]), np.array([1.0, -1.0, -1.0]))]
    beschermd = np.array([False, False, False, True, True])
    assert herleidbaar(relaties, np.array([False, True, False, True, True]), beschermd).tolist() == []
    assert herleidbaar(relaties, np.array([False, False, False, True, True]), beschermd).tolist() == [3, 4]
