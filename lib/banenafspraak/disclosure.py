"""Disclosure control of a whole publication, in one pass (RULES.md §10; README "A report is a publication").

A report (``monitor.publicatie``, ``duurzaamheid.publicatie``, ``participatie.publicatie``) returns a
:class:`~banenafspraak.publicatie.Publicatie`: its tables with, per table, which person (or unit)
counts protect which cells, which columns are derived from which, and for the whole publication
every linear relation between cells that a reader can use: totals of a hierarchy, column
differences (banen = regulier + inleen), a share of a public key (verdeelsleutel), the same figure
in two tables, hidden complements (persons - werkzame personen). :func:`beveilig` applies the rules
to all of it at once:

1. **primary**: a cell resting on 1 .. ``min_cel``-1 persons (or units) is suppressed; so is an
   employer magnitude to which one employer contributes more than the dominance share
   (parameter ``publicatie.dominantie_aandeel``, the (1,k) rule); zero is shown;
2. a derived cell (a share, a mean, a survival probability) is suppressed with any cell it rests on;
3. **secondary**: no relation may have exactly one unknown cell that is suppressed (it would be
   the difference of the published ones); the cheapest published cell of such a relation (the
   smallest value times the table's weight, zeros last) is suppressed too, until no such relation is left;
4. **audit**: with all relations together, linear algebra decides for every primary cell whether
   it is still determined by the published cells (the null space of the relations restricted to
   the unknown cells has no component on it); if so, a published cell of its connected group of
   relations is suppressed too (the cheapest one that frees it, else the cheapest pair or chain of cells;
   every independent group in the same round) and the loop repeats; relations that hold by the data
   rather than by definition (``Relatie.lokaal``) take part in steps 3 and 5 only;
5. **sums**: a reader who cannot work out single cells may still work out the *sum* of several
   unknown cells (in ``totaal = a + b + c`` with the total and ``c`` published, ``a + b`` is known),
   also through nested relations (a hierarchy: ``totaal = A + B`` and ``B = b1 + b2``, so
   ``A + b1 + b2`` is known when ``totaal`` and the other ``b`` are). When the unknown cells of such a
   sum are all counts of units (a column protected by itself) entering with the same sign, their sum
   is the size of a group of units; 1 .. ``min_cel``-1 is a disclosure, and the cheapest published cell
   of that (combined) relation is suppressed as well (:func:`kleine_sommen`).

``min_cel = 0`` switches suppression off (the run is then marked "niet voor publicatie").
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .parameters import parameter

TOLERANTIE = 1e-6


def standaard_min_cel(peildatum) -> int:
    """The small-cell threshold in force on the peildatum (parameter ``publicatie.min_cel``)."""
    return int(parameter("publicatie.min_cel", peildatum))


def standaard_dominantie(peildatum) -> float:
    """The dominance share in force on the peildatum (parameter ``publicatie.dominantie_aandeel``)."""
    return float(parameter("publicatie.dominantie_aandeel", peildatum))


def controleer_min_cel(min_cel) -> int:
    """A threshold is a whole number >= 0 (0 = suppression off, not for publication)."""
    if isinstance(min_cel, bool) or not isinstance(min_cel, (int, np.integer)) or min_cel < 0:
        raise ValueError(f"min_cel moet een geheel getal van 0 of meer zijn, niet {min_cel!r}")
    return int(min_cel)


@dataclass
class Cel:
    tabel: str
    rij: int
    kolom: str


@dataclass
class Resultaat:
    """What :func:`beveilig` decided, per table a boolean frame of suppressed cells."""

    onderdrukt: dict[str, pd.DataFrame] = field(default_factory=dict)
    primair: dict[str, pd.DataFrame] = field(default_factory=dict)
    rondes: int = 0
    dominantie: float | None = None  # the share of the dominance rule applied (None: suppression off)


class _Rooster:
    """All cells of a publication that take part in disclosure control, numbered."""

    def __init__(self, pub):
        self.pub = pub
        self.nummer: dict[tuple[str, int, str], int] = {}
        self.cellen: list[tuple[str, int, str]] = []
        self.waarde: list[float] = []
        self.verborgen: list[bool] = []
        self.gewicht: list[float] = []
        for t in pub.tabellen.values():
            kolommen = list(dict.fromkeys([*t.variabelen, *t.gepubliceerde_kolommen()]))
            for k in kolommen:
                if k not in t.data.columns or not _numeriek(t.data[k]):
                    continue
                w = pd.to_numeric(t.data[k], errors="coerce").astype(float).to_numpy()
                for i in range(len(t.data)):
                    self.nummer[(t.naam, i, k)] = len(self.cellen)
                    self.cellen.append((t.naam, i, k))
                    self.waarde.append(w[i])
                    self.verborgen.append(k in t.verborgen)
                    self.gewicht.append(float(t.kosten))
        self.waarde = np.array(self.waarde, dtype=float)
        self.gewicht = np.array(self.gewicht, dtype=float)
        self.verborgen = np.array(self.verborgen, dtype=bool)
        # published constants (Publicatie.bekend): known to every reader, never suppressed
        self.bekend = np.zeros(len(self.cellen), dtype=bool)
        for cel in getattr(pub, "bekende_cellen", ()):
            self.bekend[self.id(*cel)] = True

    def id(self, tabel: str, rij: int, kolom: str) -> int:
        try:
            return self.nummer[(tabel, rij, kolom)]
        except KeyError:
            raise KeyError(f"relatie verwijst naar onbekende cel {tabel}[{rij}, {kolom}]") from None


def _numeriek(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _relaties(pub, rooster: _Rooster) -> list[tuple[np.ndarray, np.ndarray]]:
    """The declared relations as (cell ids, coefficients); relations with a not-applicable (NaN) cell
    are void. Every relation must hold on the unsuppressed figures: a declaration that does not is a
    bug in the report and stops the run."""
    uit, lokaal = [], []
    for r in pub.relaties:
        ids = np.array([rooster.id(t, i, k) for t, i, k, _ in r.termen], dtype=int)
        coef = np.array([c for *_, c in r.termen], dtype=float)
        w = rooster.waarde[ids]
        if np.isnan(w).any():
            continue
        rest = float(np.dot(coef, w)) - r.constante
        schaal = max(1.0, float(np.abs(coef * w).max(initial=0.0)), abs(r.constante))
        if abs(rest) > 1e-6 * schaal + 1e-6:
            raise ValueError(f"relatie {r.naam!r} klopt niet op de ongeschoonde cijfers (verschil {rest:.6g}): "
                             "de verklaring van de publicatie is onjuist")
        uit.append((ids, coef))
        lokaal.append(bool(getattr(r, "lokaal", False)))
    return uit, lokaal


def beveilig(pub, min_cel: int, dominantie: float | None = None) -> Resultaat:
    """Decide which cells of publication ``pub`` are suppressed (module docstring). Returns the masks;
    :meth:`Publicatie.publiceer` applies them."""
    min_cel = controleer_min_cel(min_cel)
    rooster = _Rooster(pub)
    n = len(rooster.cellen)
    resultaat = Resultaat()
    leeg = {t.naam: pd.DataFrame(False, index=t.data.index, columns=t.data.columns) for t in pub.tabellen.values()}
    if min_cel == 0 or n == 0:
        resultaat.onderdrukt = leeg
        resultaat.primair = {k: v.copy() for k, v in leeg.items()}
        return resultaat
    if dominantie is None:
        dominantie = standaard_dominantie(pub.peildatum)
    resultaat.dominantie = float(dominantie)

    # 1. primary: protecting counts of 1 .. min_cel-1, dominance
    primair = np.zeros(n, dtype=bool)
    for t in pub.tabellen.values():
        for kolom, tellers in t.bescherming.items():
            klein = np.zeros(len(t.data), dtype=bool)
            for teller in tellers:
                v = pd.to_numeric(t.data[teller], errors="coerce").astype(float).to_numpy()
                klein |= (v > 0) & (v < min_cel)
            for i in np.flatnonzero(klein):
                if (t.naam, i, kolom) in rooster.nummer:
                    primair[rooster.nummer[(t.naam, i, kolom)]] = True
        for kolom, aandeel_kolom in t.dominantie.items():
            v = pd.to_numeric(t.data[aandeel_kolom], errors="coerce").astype(float).to_numpy()
            for i in np.flatnonzero(v > dominantie):
                primair[rooster.nummer[(t.naam, i, kolom)]] = True
    # a cumulative series: a value that differs by 1 .. min_cel-1 from an earlier published value of its series
    # is primary too (the events between them would be a small cell; in order, so the first values stay)
    for t in pub.tabellen.values():
        for kolom, (sleutels, volgorde) in t.reeksen.items():
            waarden = pd.to_numeric(t.data[kolom], errors="coerce").astype(float).to_numpy()
            for idx in t.data.groupby(list(sleutels), sort=False, dropna=False).indices.values():
                getoond: list[float] = []
                for i in sorted(idx, key=lambda i: t.data[volgorde].iloc[i]):
                    c = rooster.nummer.get((t.naam, int(i), kolom))
                    if c is None or primair[c] or rooster.bekend[c] or np.isnan(waarden[i]):
                        continue
                    if any(0 < abs(waarden[i] - w) < min_cel for w in getoond):
                        primair[c] = True
                    else:
                        getoond.append(waarden[i])
    primair &= ~rooster.bekend
    onderdrukt = primair.copy()
    onbekend = (onderdrukt | rooster.verborgen) & ~rooster.bekend
    relaties, lokaal = _relaties(pub, rooster)
    # the joint audit (step 4) over the relations that hold by definition; the ones that hold by the data
    # (Relatie.lokaal) are checked relation by relation (steps 3 and 5)
    audit_relaties = [r for r, x in zip(relaties, lokaal) if not x] if any(lokaal) else relaties
    afgeleid = [(rooster.nummer[(t.naam, i, k)], [rooster.nummer[(t.naam, i, b)] for b in basis])
                for t in pub.tabellen.values() for k, basis in t.afgeleid.items()
                for i in range(len(t.data)) if (t.naam, i, k) in rooster.nummer]
    kosten = np.where(np.isnan(rooster.waarde), np.inf, np.abs(rooster.waarde) * rooster.gewicht)
    kosten = np.where(kosten == 0, NUL_KOSTEN, kosten)  # zeros last
    kosten = np.where(rooster.bekend, np.inf, kosten)  # a published constant is never suppressed

    def onderdruk_cel(c: int) -> None:
        onderdrukt[c] = True
        onbekend[c] = True

    def goedkoopste(ids: np.ndarray, coef: np.ndarray) -> int | None:
        kand = [c for c, a in zip(ids, coef) if a != 0 and not onbekend[c] and np.isfinite(kosten[c])]
        return min(kand, key=lambda c: (kosten[c], c)) if kand else None

    teller = np.zeros(n, dtype=bool)  # cells that count units (a column protected by itself)
    for t in pub.tabellen.values():
        for kolom, tellers in t.bescherming.items():
            if kolom in tellers:
                for i in range(len(t.data)):
                    if (t.naam, i, kolom) in rooster.nummer:
                        teller[rooster.nummer[(t.naam, i, kolom)]] = True

    geheugen: dict = {}  # the audit's result per group of relations (herleidbaar)
    pogingen: dict = {}  # per determined cell, how often the audit chose cells for it without a certain result
    hardnekkig: dict = {}  # per cell, in how many rounds the audit found it determined
    patroon = _patroon(relaties, n)
    audit_patroon = patroon if audit_relaties is relaties else _patroon(audit_relaties, n)

    def _stap5() -> bool:
        """5. sums of unknown counts of 1 .. min_cel-1 units, in one relation or through a hierarchy: one sum at
        a time; in a large publication every sum found in this pass at once (each freed by its cheapest cell,
        unless a cell chosen for another sum is among its helpers already). True when a cell was suppressed."""
        klein = kleine_sommen(relaties, onbekend, teller, rooster.waarde, min_cel)
        gekozen: set[int] = set()
        for helpt, open_, som in klein[:1] if len(relaties) < GROTE_PUBLICATIE else klein:
            if gekozen & helpt:
                continue
            ids = np.array(sorted(helpt), dtype=int)
            c = goedkoopste(ids, np.ones(len(ids)))
            if c is None:
                raise ValueError(f"som van cellen {[rooster.cellen[i] for i in sorted(open_)]} ({som:g}) "
                                 "is niet te beschermen: geen publiceerbare cel in de relatie")
            onderdruk_cel(c)
            gekozen.add(c)
        return bool(klein)

    def _stap4() -> bool:
        """4. audit with all relations together; the determined cells of every connected group of relations
        freed in the same round (the groups are independent). True when a cell was suppressed."""
        bepaald = herleidbaar(audit_relaties, onbekend, primair, geheugen)
        if not len(bepaald):
            return False
        label_rel, label_cel = _componenten(audit_patroon, onbekend)
        per_groep: dict[int, list[int]] = {}
        kolomruimtes: dict = {}  # per other group the basis of its column space (_buiten_groep)
        for c in bepaald:
            per_groep.setdefault(int(label_cel[c]), []).append(int(c))
            hardnekkig[int(c)] = hardnekkig.get(int(c), 0) + 1
        keuzes = []
        for label, cellen in per_groep.items():
            groep = [int(j) for j in np.flatnonzero(label_rel == label)]
            gekozen = _ontgrendel(cellen[0], audit_relaties, onbekend, kosten, cellen, groep=groep, labels=label_rel,
                                  kolomruimtes=kolomruimtes, pogingen=pogingen, hardnekkig=hardnekkig)
            if not gekozen:
                raise ValueError(f"cel {rooster.cellen[cellen[0]]} is niet te beschermen: geen enkele gepubliceerde cel "
                                 "in de relaties die haar bepalen")
            keuzes += gekozen
        for keuze in dict.fromkeys(keuzes):
            onderdruk_cel(keuze)
        return True

    rondes = 0
    while True:
        rondes += 1
        veranderd = True
        while veranderd:  # 2 and 3 to a fixed point
            veranderd = False
            for c, basis in afgeleid:
                if not onderdrukt[c] and not rooster.bekend[c] and onderdrukt[basis].any():
                    onderdruk_cel(c)
                    veranderd = True
            # relations with one unknown cell (the sparse pattern counts them at once; the exact check below)
            for j in np.flatnonzero(patroon @ onbekend.astype(np.float64) == 1):
                ids, coef = relaties[j]
                actief = coef != 0
                open_ = ids[actief & onbekend[ids]]
                if len(open_) == 1 and onderdrukt[open_[0]]:
                    c = goedkoopste(ids, coef)
                    if c is None:
                        raise ValueError("secundaire onderdrukking onmogelijk: een relatie heeft geen publiceerbare cel over")
                    onderdruk_cel(c)
                    veranderd = True
        # 5, then 4 when 5 found nothing
        if not (_stap5() or _stap4()):
            break

    for naam, masker in leeg.items():
        resultaat.onderdrukt[naam] = masker.copy()
        resultaat.primair[naam] = masker.copy()
    for c in np.flatnonzero(onderdrukt):
        t, i, k = rooster.cellen[c]
        resultaat.onderdrukt[t].iloc[i, resultaat.onderdrukt[t].columns.get_loc(k)] = True
    for c in np.flatnonzero(primair):
        t, i, k = rooster.cellen[c]
        resultaat.primair[t].iloc[i, resultaat.primair[t].columns.get_loc(k)] = True
    resultaat.rondes = rondes
    return resultaat


_SOMRELATIES: dict = {}


def _somrelaties(relaties) -> dict[int, list[dict[int, float]]]:
    """Per cell, the relations that define it as a sum: the cell with coefficient -1, every other cell
    +1 (a total and its parts, a column sum, the same figure in two places). Made once per list of
    relations (the relations of a publication do not change between the rounds of :func:`beveilig`)."""
    hit = _SOMRELATIES.get(id(relaties))
    if hit is not None and hit[0] is relaties and hit[1] == len(relaties):
        return hit[2]
    uit = _somrelaties_maak(relaties)
    _SOMRELATIES.clear()
    _SOMRELATIES[id(relaties)] = (relaties, len(relaties), uit)
    return uit


def _somrelaties_maak(relaties) -> dict[int, list[dict[int, float]]]:
    uit: dict[int, list[dict[int, float]]] = {}
    for ids, coef in relaties:
        term: dict[int, float] = {}
        for c, a in zip(ids, coef):
            term[int(c)] = term.get(int(c), 0.0) + float(a)
        term = {c: a for c, a in term.items() if a != 0}
        min1 = [c for c, a in term.items() if a == -1.0]
        if len(min1) == 1 and all(a == 1.0 for c, a in term.items() if c != min1[0]):
            uit.setdefault(min1[0], []).append(term)
    return uit


def kleine_sommen(relaties, onbekend: np.ndarray, teller: np.ndarray, waarde: np.ndarray, min_cel: int,
                  diepte: int = 3, max_per_relatie: int = 64) -> list[tuple[set, set, float]]:
    """Step 5 (RULES.md §10): sums of unknown unit counts a reader can work out, of 1 .. ``min_cel``-1.

    Every declared relation, and every relation obtained from it by replacing an unknown part by the
    parts of a relation that defines it as a sum (a hierarchy, up to ``diepte`` levels, at most
    ``max_per_relatie`` variants), is a relation the reader knows. When its unknown cells (two or more)
    all enter with the same coefficient +1 or -1 and all count units, the reader knows their sum: the
    size of a group of units. Returns per offending (combined) relation (its published cells whose
    suppression would help, its unknown cells, the sum); empty when there is none."""
    definities = _somrelaties(relaties)
    gevonden, gezien = [], set()
    for ids, coef in relaties:
        if not onbekend[ids].any():
            continue
        basis: dict[int, float] = {}
        for c, a in zip(ids, coef):
            basis[int(c)] = basis.get(int(c), 0.0) + float(a)
        varianten = [basis]
        rij = [basis]
        for _ in range(diepte):
            nieuw = []
            for comb in rij:
                for b, a in comb.items():
                    if a != 1.0 or not onbekend[b] or b not in definities:
                        continue
                    for d in definities[b]:
                        if len(varianten) + len(nieuw) >= max_per_relatie:
                            break
                        v = dict(comb)
                        for c, w in d.items():
                            v[c] = v.get(c, 0.0) + w
                        nieuw.append({c: w for c, w in v.items() if abs(w) > 1e-12})
            varianten += nieuw
            rij = nieuw
            if not rij or len(varianten) >= max_per_relatie:
                break
        for comb in varianten:
            open_ = [c for c, a in comb.items() if onbekend[c]]
            if len(open_) < 2 or not teller[open_].all():
                continue
            tekens = {comb[c] for c in open_}
            if tekens not in ({1.0}, {-1.0}):
                continue
            w = waarde[open_]
            if np.isnan(w).any():
                continue
            som = float(w.sum())
            sleutel = frozenset(open_)
            if 0.5 <= som < min_cel and sleutel not in gezien:
                gezien.add(sleutel)
                teken = comb[open_[0]]
                # a published cell that helps when suppressed: an opposite term, or a part that is not 0
                helpt = {c for c, a in comb.items() if not onbekend[c] and (a * teken < 0 or waarde[c] != 0)}
                gevonden.append((helpt, set(open_), som))
    return gevonden


def _groep(c0: int, relaties, onbekend: np.ndarray) -> list[int]:
    """Indices of the relations connected to cell ``c0`` through unknown cells (the group in which the
    linear-algebra audit decides whether ``c0`` is determined)."""
    per_cel: dict[int, list[int]] = {}
    for j, (ids, coef) in enumerate(relaties):
        for c, a in zip(ids, coef):
            if a != 0 and onbekend[c]:
                per_cel.setdefault(int(c), []).append(j)
    gezien_r: set[int] = set()
    gezien_c = {c0}
    rij = [c0]
    while rij:
        c = rij.pop()
        for j in per_cel.get(c, []):
            if j in gezien_r:
                continue
            gezien_r.add(j)
            for d, a in zip(*relaties[j]):
                d = int(d)
                if a != 0 and onbekend[d] and d not in gezien_c:
                    gezien_c.add(d)
                    rij.append(d)
    return sorted(gezien_r)


_MATRIX: dict = {}


def _matrix(relaties, n: int):
    """The relations as one sparse matrix (a row per relation, a column per cell; coefficients of a cell
    named twice in a relation added up), made once per list of relations."""
    from scipy import sparse

    hit = _MATRIX.get(id(relaties))
    if hit is not None and hit[0] is relaties and hit[1].shape == (len(relaties), n):
        return hit[1]
    rij = np.concatenate([np.full(len(ids), j, dtype=np.int64) for j, (ids, _) in enumerate(relaties)]) if relaties else np.zeros(0, dtype=np.int64)
    kol = np.concatenate([np.asarray(ids, dtype=np.int64) for ids, _ in relaties]) if relaties else np.zeros(0, dtype=np.int64)
    w = np.concatenate([np.asarray(coef, dtype=float) for _, coef in relaties]) if relaties else np.zeros(0)
    m = sparse.csr_matrix((w, (rij, kol)), shape=(len(relaties), n))
    if len(_MATRIX) >= 4:
        _MATRIX.pop(next(iter(_MATRIX)))
    _MATRIX[id(relaties)] = (relaties, m)
    return m


def _patroon(relaties, n: int):
    """Which cells each relation names with a coefficient other than 0 (a sparse 0/1 matrix)."""
    from scipy import sparse

    if not relaties:
        return sparse.csr_matrix((0, n))
    rij = np.concatenate([np.full(len(ids), j, dtype=np.int64) for j, (ids, _) in enumerate(relaties)])
    kol = np.concatenate([np.asarray(ids, dtype=np.int64) for ids, _ in relaties])
    w = np.concatenate([(np.asarray(coef) != 0).astype(np.float64) for _, coef in relaties])
    m = sparse.csr_matrix((w, (rij, kol)), shape=(len(relaties), n))
    m.data = (m.data != 0).astype(np.float64)
    m.eliminate_zeros()
    return m


def _deelmatrix(relaties, n: int, rijen, kolommen) -> np.ndarray:
    """The dense block of :func:`_matrix` for the relations ``rijen`` and the cells ``kolommen``."""
    m = _matrix(relaties, n)
    return m[np.asarray(rijen, dtype=np.int64)][:, np.asarray(kolommen, dtype=np.int64)].toarray()


NUL_KOSTEN = 1e15  # the cost of suppressing a zero cell: after every other cell
GROTE_PUBLICATIE = 2000  # relations from which step 5 frees every small sum of a pass at once
KANDIDATEN = 400  # the cheapest published cells of a large group tried at once
GROTE_GROEP = 400  # unknown cells of a group from which the audit frees its determined cells in one round
HARDNEKKIG = 8  # rounds a cell stayed determined after which the audit searches exactly what frees it (_exacte_reeks)


def _componenten(patroon, onbekend: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The connected groups of relations through unknown cells (as :func:`_groep`, all at once): a group label
    per relation and per cell (-1 for a published cell, and for a relation without unknown cells)."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    n_rel, n = patroon.shape
    b = patroon @ sparse.diags(onbekend.astype(np.float64))
    b.eliminate_zeros()
    graaf = sparse.bmat([[None, b], [b.T, None]], format="csr") if n_rel else sparse.csr_matrix((n, n))
    _, label = connected_components(graaf, directed=False)
    label_rel, label_cel = label[:n_rel].copy(), label[n_rel:].copy()
    label_rel[np.asarray(b.getnnz(axis=1)) == 0] = -1
    label_cel[~onbekend] = -1
    return label_rel, label_cel


def _ontgrendel(c0: int, relaties, onbekend: np.ndarray, kosten: np.ndarray, bepaald=(), proeven: int = 25,
                groep=None, labels=None, kolomruimtes=None, pogingen=None, hardnekkig=None) -> list[int]:
    """Step 4: cell ``c0`` (primary) is still determined by the published cells. Choose published cells
    to suppress as well, among the published cells of every relation of ``c0``'s connected group (not
    only the relations that contain ``c0``: ``c0`` may be fixed through a chain of relations whose other
    cells are all unknown already).

    A small group (up to :data:`GROTE_GROEP` unknown cells): the cheapest cell after which ``c0`` is no
    longer determined, tried exactly (:func:`herleidbaar`); when no single cell does that, the cheapest
    one of the group (the audit loop then goes on).

    A large group (thousands of small flow cells tied together by regional totals): every determined
    cell of ``bepaald`` in the group at once, from one decomposition: with ``A`` the group's relations
    over its unknown cells and ``a`` a candidate's coefficients, the candidate frees a cell ``c`` when
    ``a`` lies in the column space of ``A`` and the least-squares solution of ``A y = a`` has ``y[c] != 0``
    (a new null vector with a component on ``c``); per determined cell the cheapest such candidate. The
    estimate leaves out the candidate's relations outside the group; the audit of the next round checks
    the result exactly, so nothing is left determined. A cell that no single cell, pair or chain frees and that
    stayed determined for :data:`HARDNEKKIG` rounds gets the exact search of :func:`_exacte_reeks`."""
    groep = _groep(c0, relaties, onbekend) if groep is None else groep
    kandidaten = sorted({int(c) for j in groep for c, a in zip(*relaties[j])
                         if a != 0 and not onbekend[c] and np.isfinite(kosten[c])},
                        key=lambda c: (kosten[c], c))
    if not kandidaten:
        return []
    cellen = sorted({int(c) for j in groep for c in relaties[j][0] if onbekend[c]})
    if len(cellen) <= GROTE_GROEP:
        alleen_c0 = _masker([c0], len(onbekend))
        for c in kandidaten[:proeven]:
            proef = onbekend.copy()
            proef[c] = True
            if not len(herleidbaar(relaties, proef, alleen_c0)):
                return [c]
        return [kandidaten[0]]
    kolom = {c: i for i, c in enumerate(cellen)}
    kandidaten_alle = kandidaten
    # the cheapest ones (the estimate is a product with each of them), and per determined cell the published
    # cells of the relations around it (two steps through unknown cells): a cell deep in a large group is
    # often freed only by a cell of its own region, which need not be among the cheapest of the whole group
    buren = _buren([c0, *(int(x) for x in bepaald if int(x) in kolom)], groep, relaties, onbekend, kosten)
    kandidaten = sorted(set(kandidaten[:KANDIDATEN]) | {c for cs in buren.values() for c in cs}, key=lambda c: (kosten[c], c))
    a = _deelmatrix(relaties, len(onbekend), groep, cellen)
    k = _deelmatrix(relaties, len(onbekend), groep, kandidaten)
    from scipy.linalg import qr, solve_triangular

    q, r, volgorde = qr(a, mode="full", pivoting=True)  # a[:, volgorde] = q r, rank-revealing
    d = np.abs(np.diag(r))
    rang = int((d > 1e-9 * max(1.0, d.max(initial=0.0))).sum())
    links_nul = q[:, rang:].T @ k  # the candidates' columns against the left null space of a
    q = q[:, :rang]
    qk = q.T @ k
    lengte = (k ** 2).sum(axis=0)
    in_kolomruimte = np.maximum(lengte - (qk ** 2).sum(axis=0), 0.0) <= 1e-18 * np.maximum(1.0, lengte) + 1e-12
    vastgepind, zeker = _buiten_groep(kandidaten, groep, relaties, onbekend, labels, kolomruimtes)
    in_kolomruimte &= ~vastgepind
    # a basic solution of a y = candidate column (the determined cells are among the basic columns)
    oplossing = solve_triangular(r[:rang, :rang], qk) if rang else np.zeros((0, len(kandidaten)))
    basis = {int(volgorde[i]): i for i in range(rang)}
    keuzes: list[int] = []
    gekozen = np.zeros(len(kandidaten), dtype=bool)
    positie = {x: i for i, x in enumerate(kandidaten)}
    for c in [c0, *(int(x) for x in bepaald if int(x) in kolom and int(x) != c0)]:
        if kolom[c] not in basis:
            continue
        vrij = in_kolomruimte & (np.abs(oplossing[basis[kolom[c]]]) > 1e-9)
        if (vrij & gekozen).any():
            continue  # a cell chosen for another determined cell frees this one too
        # first the cells whose every relation is in the group (the estimate is then exact), then the others
        kies = np.flatnonzero(vrij)
        if not len(kies):  # no single cell frees it: the cheapest pair that does
            paar = _paar(oplossing[basis[kolom[c]]], links_nul, ~in_kolomruimte & zeker & ~gekozen, kosten[kandidaten])
            if paar is not None:
                gekozen[list(paar)] = True
                keuzes += [kandidaten[x] for x in paar]
                continue
            keten = _keten(oplossing[basis[kolom[c]]], links_nul, zeker & ~gekozen,
                           [positie[x] for x in buren.get(c, ())], kosten[kandidaten])
            if keten is not None:
                gekozen[keten] = True
                keuzes += [kandidaten[x] for x in keten]
                continue
        if not len(kies) and hardnekkig is not None and hardnekkig.get(c, 0) >= HARDNEKKIG:
            # it stayed determined through many rounds of guesses (a cell pinned through other groups, freed only by
            # cells further away): the exact search, a few dozen audits of this cell alone instead of a round per
            # guess; the cells around it first (one step, two, ... through unknown cells), then the group's by cost
            lagen = [_buren([c], groep, relaties, onbekend, kosten, stappen=s).get(c, []) for s in (1, 2, 3, 4)]
            volgorde_c = list(dict.fromkeys([x for laag in lagen for x in laag] + kandidaten_alle))
            reeks = _exacte_reeks(c, [x for x in volgorde_c if x not in keuzes], relaties, onbekend | _masker(keuzes, len(onbekend)))
            if reeks:
                keuzes += reeks
                gekozen[[positie[x] for x in reeks if x in positie]] = True
                continue
        if not len(kies):  # no pair either: the cheapest cell around it (the next round goes on)
            kies = [positie[x] for x in buren.get(c, ()) if not gekozen[positie[x]] and not vastgepind[positie[x]]]
            # only zeros left around a cell that stayed determined before: each zero frees little (a region's
            # empty categories, one a round, for hundreds of rounds); go on as when every cell is pinned
            nul = bool(kies) and kosten[kandidaten[kies[0]]] >= NUL_KOSTEN and pogingen is not None
            nullen = nul and c in pogingen
            if nul and not nullen:
                pogingen[c] = 0  # the first time: the zero (it may be enough); the next time not
            if not len(kies) or nullen:  # every cell around it is pinned: the cheapest one with the cells that pin it
                # (in turns with the cheapest cell of the group that is not pinned: both patterns occur)
                poging = pogingen.get(c, 0) if pogingen is not None else 0
                if pogingen is not None:
                    pogingen[c] = poging + 1
                directe = _buren([c], groep, relaties, onbekend, kosten, stappen=1).get(c, [])
                if directe and (poging % 2 == 1 or nullen):
                    k = directe[0]
                    keuzes += [k, *_pinners(k, groep, relaties, onbekend, kosten)]
                    if k in positie:
                        gekozen[positie[k]] = True
                    continue
                kies = np.flatnonzero(~gekozen)
        i = int(kies[0]) if len(kies) else 0
        gekozen[i] = True
        keuzes.append(kandidaten[i])
    return list(dict.fromkeys(keuzes)) or [kandidaten[0]]


def _masker(cellen, n: int) -> np.ndarray:
    """A boolean mask of ``n`` cells, True at ``cellen``."""
    m = np.zeros(n, dtype=bool)
    m[list(cellen)] = True
    return m


def _exacte_reeks(c: int, kandidaten, relaties, onbekend: np.ndarray) -> list[int]:
    """Cells among ``kandidaten`` (in the order to prefer them: :func:`_ontgrendel` puts the cells around ``c``
    first, then the group's by cost) whose suppression frees cell ``c`` (RULES.md §10), each set checked exactly
    (:func:`herleidbaar` with only ``c`` protected). Suppressing more cells never makes ``c`` determined again,
    so the shortest prefix of the candidates that frees ``c`` is found by doubling and halving; its last cell
    is needed, and the search repeats over the cells before it until the chosen cells free ``c`` alone. Each
    chosen cell is needed given the ones before it. Empty when all candidates together do not free ``c``."""
    alleen_c = _masker([c], len(onbekend))
    geheugen: dict = {}

    def vrij(cellen) -> bool:
        proef = onbekend.copy()
        proef[list(cellen)] = True
        return not len(herleidbaar(relaties, proef, alleen_c, geheugen))

    rest = list(kandidaten)
    gekozen: list[int] = []
    while rest:
        laag, m = 0, 1  # rest[:laag] together with the chosen cells does not free c
        while m < len(rest) and not vrij(gekozen + rest[:m]):
            laag, m = m, 2 * m
        if m >= len(rest) and not gekozen and not vrij(rest):
            return []  # all candidates together do not free it (after the first cell is found, they do)
        hoog = min(m, len(rest))  # rest[:hoog] does
        while hoog - laag > 1:
            midden = (laag + hoog) // 2
            if vrij(gekozen + rest[:midden]):
                hoog = midden
            else:
                laag = midden
        gekozen.append(rest[hoog - 1])
        rest = rest[:hoog - 1]
        if not rest or vrij(gekozen):
            return gekozen
    return gekozen


def _paar(beta: np.ndarray, b: np.ndarray, mag: np.ndarray, kosten: np.ndarray, max_kandidaten: int = 600):
    """Two candidates that free a determined cell together (:func:`_ontgrendel`). With ``w`` any solution of
    ``Aᵀw = e_c`` (the cell is determined), the cell stays determined after suppressing a set of cells as
    long as some ``w`` is orthogonal to all their columns; ``w`` ranges over ``w0`` plus the left null space
    of ``A``. For one cell outside the column space (``b`` = its column against that null space, non-zero)
    such a ``w`` always exists; for two, it exists unless ``b₂ = λ b₁`` and ``β₂ ≠ λ β₁`` (``β`` = the
    column times ``w0``, here ``beta``). Returns the positions of the cheapest such pair, or None."""
    idx = np.flatnonzero(mag)
    if len(idx) < 2:
        return None
    idx = idx[np.argsort(kosten[idx], kind="stable")][:max_kandidaten]
    bb = b[:, idx]
    norm = np.sqrt((bb ** 2).sum(axis=0))
    goed = norm > 1e-9
    idx, bb, norm = idx[goed], bb[:, goed], norm[goed]
    if len(idx) < 2:
        return None
    cos = (bb / norm).T @ (bb / norm)
    i, j = np.nonzero(np.triu(np.abs(cos) > 1 - 1e-9, k=1))
    if not len(i):
        return None
    lam = (bb[:, i] * bb[:, j]).sum(axis=0) / norm[i] ** 2
    vrij = np.abs(beta[idx[j]] - lam * beta[idx[i]]) > 1e-9
    if not vrij.any():
        return None
    i, j = i[vrij], j[vrij]
    beste = int(np.argmin(kosten[idx[i]] + kosten[idx[j]]))
    return int(idx[i[beste]]), int(idx[j[beste]])


def _keten(beta: np.ndarray, b: np.ndarray, mag: np.ndarray, volgorde, kosten: np.ndarray, stappen: int = 6):
    """Several candidates that free a determined cell together, when no pair does (:func:`_paar`, same
    notation): the cells around it (``volgorde``, cheapest first) are added one at a time; each one removes
    its direction from the left null space (``b``) and shifts ``w0`` (``beta``), until a candidate lies in the
    column space with a non-zero product. Returns the positions of the chosen cells, or None."""
    beta, b, mag = beta.astype(float).copy(), b.astype(float).copy(), mag.copy()
    gekozen = []
    for _ in range(stappen):
        norm = np.sqrt((b ** 2).sum(axis=0))
        vrij = np.flatnonzero(mag & (norm < 1e-9) & (np.abs(beta) > 1e-9))
        if len(vrij) and gekozen:
            return gekozen + [int(vrij[np.argmin(kosten[vrij])])]
        volgende = next((k for k in volgorde if mag[k] and norm[k] > 1e-9), None)
        if volgende is None:
            return None
        gekozen.append(int(volgende))
        mag[volgende] = False
        u = b[:, volgende] / norm[volgende]
        proj = u @ b
        beta -= beta[volgende] / norm[volgende] * proj
        b -= np.outer(u, proj)
    return None


def _buren(cellen, groep, relaties, onbekend: np.ndarray, kosten: np.ndarray, stappen: int = 2) -> dict[int, list[int]]:
    """Per unknown cell, the published (suppressible) cells of the group's relations reached from it in
    ``stappen`` steps through unknown cells, cheapest first."""
    m = _matrix(relaties, len(onbekend)).tocsc()
    binnen = set(groep)
    uit = {}
    for c0 in cellen:
        gezien_c, rand, rel = {c0}, [c0], set()
        for _ in range(stappen):
            nieuw = []
            for c in rand:
                for j in m.indices[m.indptr[c]:m.indptr[c + 1]]:
                    j = int(j)
                    if j not in binnen or j in rel:
                        continue
                    rel.add(j)
                    for d in relaties[j][0]:
                        d = int(d)
                        if onbekend[d] and d not in gezien_c:
                            gezien_c.add(d)
                            nieuw.append(d)
            rand = nieuw
        uit[c0] = sorted({int(d) for j in rel for d, a in zip(*relaties[j]) if a != 0 and not onbekend[d] and np.isfinite(kosten[d])},
                         key=lambda d: (kosten[d], d))
    return uit


def _buiten_groep(kandidaten, groep, relaties, onbekend: np.ndarray, labels=None, kolomruimtes=None):
    """Per candidate of :func:`_ontgrendel`, its relations outside the group. ``vastgepind``: suppressed, it
    would still be worked out, so it frees nothing: a relation outside the group names it with only published
    cells besides (the same figure in another table, a total of published parts), or (with ``labels``, the
    group of every relation, :func:`_componenten`) in another group its coefficients are not in the column
    space of that group's relations (no unknown cells there can balance a change of it). ``zeker``: it has no
    relation outside the group (the estimate from the group is then complete)."""
    m = _matrix(relaties, len(onbekend)).tocsc()
    binnen = set(groep)
    vast = np.zeros(len(kandidaten), dtype=bool)
    zeker = np.ones(len(kandidaten), dtype=bool)
    kolomruimtes = {} if kolomruimtes is None else kolomruimtes
    for i, k in enumerate(kandidaten):
        begin, eind = m.indptr[k], m.indptr[k + 1]
        andere = set()
        for j, a in zip(m.indices[begin:eind], m.data[begin:eind]):
            if a == 0 or int(j) in binnen:
                continue
            zeker[i] = False
            ids, coef = relaties[j]
            if not any(onbekend[c] for c, b in zip(ids, coef) if b != 0 and c != k):
                vast[i] = True
                break
            if labels is not None:
                andere.add(int(labels[j]))
        if vast[i] or not andere:
            continue
        for label in andere:
            rijen, q = _kolomruimte(label, labels, relaties, onbekend, kolomruimtes)
            a = _deelmatrix(relaties, len(onbekend), rijen, [k])[:, 0]
            rest = a - q @ (q.T @ a)
            if float(rest @ rest) > 1e-18 * max(1.0, float(a @ a)) + 1e-12:
                vast[i] = True
                break
    return vast, zeker


def _pinners(k: int, groep, relaties, onbekend: np.ndarray, kosten: np.ndarray) -> list[int]:
    """The cells that pin cell ``k`` (:func:`_buiten_groep`): per relation outside the group that names it with
    only published cells besides, the cheapest of those."""
    m = _matrix(relaties, len(onbekend)).tocsc()
    binnen = set(groep)
    uit = []
    for j, a in zip(m.indices[m.indptr[k]:m.indptr[k + 1]], m.data[m.indptr[k]:m.indptr[k + 1]]):
        if a == 0 or int(j) in binnen:
            continue
        ids, coef = relaties[j]
        andere = [int(c) for c, b in zip(ids, coef) if b != 0 and c != k]
        if andere and not any(onbekend[c] for c in andere):
            vrij = [c for c in andere if np.isfinite(kosten[c]) and c not in uit]
            if vrij:
                uit.append(min(vrij, key=lambda c: (kosten[c], c)))
    return uit


def _kolomruimte(label: int, labels, relaties, onbekend: np.ndarray, geheugen: dict):
    """The relations of group ``label`` and an orthonormal basis of the column space of their matrix over the
    group's unknown cells (rank-revealing QR), once per group."""
    if label not in geheugen:
        from scipy.linalg import qr

        rijen = [int(j) for j in np.flatnonzero(labels == label)]
        cellen = sorted({int(c) for j in rijen for c in relaties[j][0] if onbekend[c]})
        a = _deelmatrix(relaties, len(onbekend), rijen, cellen)
        q, r, _ = qr(a, mode="economic", pivoting=True)
        d = np.abs(np.diag(r))
        rang = int((d > 1e-9 * max(1.0, d.max(initial=0.0))).sum())
        geheugen[label] = (rijen, q[:, :rang])
    return geheugen[label]


def _rijruimte(a: np.ndarray) -> np.ndarray:
    """An orthonormal basis (columns, in the coordinates of ``a``'s columns) of the row space of ``a``, from a
    rank-revealing QR of ``a``'s transpose (column pivoting), three times as fast as a singular value
    decomposition on the large groups of a quarterly report."""
    from scipy.linalg import qr

    if a.shape[0] == 0 or a.shape[1] == 0:
        return np.zeros((a.shape[1], 0))
    q, r, _ = qr(a.T, mode="economic", pivoting=True)
    d = np.abs(np.diag(r))
    rang = int((d > 1e-9 * max(1.0, d.max(initial=0.0))).sum())
    return q[:, :rang]


def _rijruimte_diagonaal(a: np.ndarray) -> np.ndarray:
    """Per column of ``a`` the squared length of its unit vector projected on the row space of ``a`` (1:
    the cell is determined by the relations, below 1: a null vector has a component on it)."""
    return (_rijruimte(a) ** 2).sum(axis=1)


def herleidbaar(relaties, onbekend: np.ndarray, beschermd: np.ndarray, geheugen: dict | None = None) -> np.ndarray:
    """Ids of protected cells whose value follows from the known cells through the relations: cell i
    is determined when every solution of ``A_U x = b`` has the same x_i, i.e. when the null space of
    the relation matrix restricted to the unknown cells U has no component on i (equivalently, the
    projection on the row space of ``A_U`` keeps the unit vector of i whole). Computed per connected
    group of relations; ``geheugen``: the determined cells per group (its relations and unknown cells)
    from earlier calls, so that after one more suppression only the groups it touched are decomposed again."""
    # a relation with one unknown cell determines it: that cell is a known constant for the others (exact,
    # and it keeps the groups small: most hidden complements are determined by published totals)
    onbekend = onbekend.copy()
    vast_enkel = []
    open_per_rel = {}
    per_cel: dict[int, list[int]] = {}
    for j, (ids, coef) in enumerate(relaties):
        u = [int(c) for c, a in zip(ids, coef) if a != 0 and onbekend[c]]
        if u:
            open_per_rel[j] = set(u)
            for c in u:
                per_cel.setdefault(c, []).append(j)
    rij = [j for j, u in open_per_rel.items() if len(u) == 1]
    while rij:
        j = rij.pop()
        u = open_per_rel.get(j)
        if not u or len(u) != 1:
            continue
        c = next(iter(u))
        vast_enkel.append(c)
        onbekend[c] = False
        for k in per_cel.get(c, []):
            if k in open_per_rel:
                open_per_rel[k].discard(c)
                if len(open_per_rel[k]) == 1:
                    rij.append(k)
    # a cell that occurs in one relation only takes up any value of it: that relation says nothing about the other
    # cells, so it is set aside, and the cell is determined exactly when the relation's other cells are (resolved
    # below, in reverse order). Peeling repeats while cells become single. A hidden change of a series (x(q) -
    # x(q-1) - mutatie = 0) or a hidden complement then no longer ties all quarters or regions into one group
    apart: list[tuple[int, int]] = []
    aantal = {c: sum(1 for j in js if open_per_rel.get(j) and c in open_per_rel[j]) for c, js in per_cel.items()}
    actief = {j for j, u in open_per_rel.items() if u}
    rij = [c for c, n in aantal.items() if n == 1 and onbekend[c]]
    while rij:
        c = rij.pop()
        if aantal.get(c) != 1 or not onbekend[c]:
            continue
        j = next(k for k in per_cel[c] if k in actief and c in open_per_rel[k])
        actief.discard(j)
        apart.append((c, j))
        for d in open_per_rel[j]:
            aantal[d] -= 1
            if d != c and aantal[d] == 1:
                rij.append(d)
    nodig = {d for c, j in apart for d in open_per_rel[j] if d != c}
    rel = [j for j in actief if open_per_rel[j]]
    if not rel and not apart:
        return np.array(sorted(c for c in vast_enkel if beschermd[c]), dtype=int)
    # connected components of relations over unknown cells (union-find)
    ouder: dict[int, int] = {}

    def vind(x):
        while ouder.setdefault(x, x) != x:
            ouder[x] = ouder[ouder[x]]
            x = ouder[x]
        return x

    onbekende = {j: [int(c) for c in relaties[j][0] if onbekend[c]] for j in rel}
    for j in rel:
        u = onbekende[j]
        for c in u[1:]:
            ouder[vind(c)] = vind(u[0])
    groepen: dict[int, list[int]] = {}
    for j in rel:
        groepen.setdefault(vind(onbekende[j][0]), []).append(j)
    bepaald = []
    basis: dict[int, tuple[dict[int, int], np.ndarray]] = {}  # cell -> (columns of its group, row-space basis)
    for js in groepen.values():
        cellen = sorted({c for j in js for c in onbekende[j]})
        nodig_hier = bool(nodig.intersection(cellen))
        if not beschermd[cellen].any() and not nodig_hier:
            continue
        sleutel = (tuple(js), tuple(cellen))
        hit = geheugen.get(sleutel) if geheugen is not None else None
        if hit is None or (nodig_hier and hit[1] is None):
            kolom = {c: i for i, c in enumerate(cellen)}
            q = _rijruimte(_deelmatrix(relaties, len(onbekend), js, cellen))
            rijruimte = (q ** 2).sum(axis=1)
            vast = [c for c in cellen if 1.0 - rijruimte[kolom[c]] < 1e-12]
            hit = (vast, (kolom, q) if nodig_hier else None)
            if geheugen is not None:
                geheugen[sleutel] = hit
        bepaald.extend(hit[0])
        if hit[1] is not None:
            for c in cellen:
                basis[c] = hit[1]
    bepaald = set(bepaald)
    # a set-aside cell c of relation j equals a linear function of j's other unknown cells; those set aside later
    # are replaced by their own functions (reverse order), so that the function runs over the remaining cells.
    # c is determined exactly when that function is: when its coefficients lie in the row space of each group
    functie: dict[int, dict[int, float]] = {}
    for c, j in reversed(apart):
        ids, coef = relaties[j]
        a_c = sum(float(b) for d, b in zip(ids, coef) if int(d) == c)
        f: dict[int, float] = {}
        for d, b in zip(ids, coef):
            d = int(d)
            if d == c or b == 0 or d not in open_per_rel[j]:
                continue
            for e, w in (functie[d].items() if d in functie else ((d, 1.0),)):
                f[e] = f.get(e, 0.0) - float(b) / a_c * w
        functie[c] = {e: w for e, w in f.items() if abs(w) > 1e-12}
    bepaald.update(c for c in _functies_bepaald(functie, basis, bepaald))
    bepaald.update(vast_enkel)
    return np.array(sorted(c for c in bepaald if beschermd[c]), dtype=int)


def _functies_bepaald(functies: dict[int, dict[int, float]], basis: dict, bepaald: set) -> list[int]:
    """The set-aside cells whose linear function of unknown cells (cell -> coefficient) is determined by the
    relations: in every group its coefficients lie in the row space of that group's relations (a cell in no
    relation: only when its coefficient is 0; a determined cell of a group whose basis was not kept is a constant).
    The functions of one group are projected together (one matrix product per group)."""
    uit, open_ = [], {}
    per_groep: dict[int, tuple[tuple[dict, np.ndarray], list[tuple[int, dict[int, float]]]]] = {}
    for c, f in functies.items():
        delen: dict[int, dict[int, float]] = {}
        vrij = False
        for e, w in f.items():
            if e not in basis:
                if e in bepaald:
                    continue
                vrij = True
                break
            delen.setdefault(id(basis[e]), {})[e] = w
        if vrij:
            continue
        open_[c] = len(delen)
        if not delen:
            uit.append(c)
        for g, deel in delen.items():
            b = basis[next(iter(deel))]
            per_groep.setdefault(g, (b, []))[1].append((c, deel))
    goed: dict[int, int] = {}
    for (kolom, q), lijst in per_groep.values():
        v = np.zeros((len(kolom), len(lijst)))
        for j, (_, deel) in enumerate(lijst):
            for e, w in deel.items():
                v[kolom[e], j] = w
        rest = np.abs(v - q @ (q.T @ v)).max(axis=0, initial=0.0)
        schaal = np.maximum(1.0, np.abs(v).max(axis=0, initial=0.0))
        for j, (c, _) in enumerate(lijst):
            if rest[j] <= 1e-9 * schaal[j]:
                goed[c] = goed.get(c, 0) + 1
    uit.extend(c for c, n in goed.items() if n == open_[c])
    return uit


def geen_personen(df: pd.DataFrame, sleutel_kolommen=("persoon_id", "ikv_id", "werkgever_id")) -> None:
    """Guard: a published table never carries person, job or employer identifiers (RULES.md §10)."""
    fout = [c for c in df.columns if c in sleutel_kolommen]
    if fout:
        raise ValueError(f"tabel bevat persoonsgegevens ({', '.join(fout)}) en mag niet gepubliceerd worden")


def rond_half_op(x, veelvoud: int = 1):
    """Round half up to a multiple (RULES.md §10 decision: 250 -> 300, 72.808,5 -> 72.809), also for
    negative numbers symmetrically (-250 -> -300). NaN stays NaN."""
    a = np.asarray(x, dtype=float) / veelvoud
    r = np.sign(a) * np.floor(np.abs(a) + 0.5 + 1e-9) * veelvoud
    return r if np.ndim(r) else float(r)


def rond_af(df: pd.DataFrame, kolommen, veelvoud: int) -> pd.DataFrame:
    """Round published counts to a multiple, half up (the arbeidsparticipatie monitor publishes
    hundreds, S1 §7; RULES.md §10); suppressed cells stay empty; shares are left as computed."""
    uit = df.copy()
    for k in kolommen:
        w = pd.to_numeric(uit[k], errors="coerce").astype(float)
        uit[k] = pd.array(np.where(w.isna(), np.nan, rond_half_op(w.fillna(0), veelvoud)), dtype="Float64").round().astype("Int64")
    return uit
