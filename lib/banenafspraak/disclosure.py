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
   relations is suppressed too (the cheapest one that frees it) and the loop repeats;
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
    uit = []
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
    return uit


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
    primair &= ~rooster.bekend
    onderdrukt = primair.copy()
    onbekend = (onderdrukt | rooster.verborgen) & ~rooster.bekend
    relaties = _relaties(pub, rooster)
    afgeleid = [(rooster.nummer[(t.naam, i, k)], [rooster.nummer[(t.naam, i, b)] for b in basis])
                for t in pub.tabellen.values() for k, basis in t.afgeleid.items()
                for i in range(len(t.data)) if (t.naam, i, k) in rooster.nummer]
    kosten = np.where(np.isnan(rooster.waarde), np.inf, np.abs(rooster.waarde) * rooster.gewicht)
    kosten = np.where(kosten == 0, 1e15, kosten)  # zeros last
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
        """4. audit with all relations together. True when a cell was suppressed."""
        bepaald = herleidbaar(relaties, onbekend, primair, geheugen)
        if not len(bepaald):
            return False
        c0 = int(bepaald[0])
        keuzes = _ontgrendel(c0, relaties, onbekend, kosten, bepaald)
        if not keuzes:
            raise ValueError(f"cel {rooster.cellen[c0]} is niet te beschermen: geen enkele gepubliceerde cel "
                             "in de relaties die haar bepalen")
        for keuze in keuzes:
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
            for ids, coef in relaties:
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


def _somrelaties(relaties) -> dict[int, list[dict[int, float]]]:
    """Per cell, the relations that define it as a sum: the cell with coefficient -1, every other cell
    +1 (a total and its parts, a column sum, the same figure in two places)."""
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
    _MATRIX.clear()
    _MATRIX[id(relaties)] = (relaties, m)
    return m


def _deelmatrix(relaties, n: int, rijen, kolommen) -> np.ndarray:
    """The dense block of :func:`_matrix` for the relations ``rijen`` and the cells ``kolommen``."""
    m = _matrix(relaties, n)
    return m[np.asarray(rijen, dtype=np.int64)][:, np.asarray(kolommen, dtype=np.int64)].toarray()


GROTE_PUBLICATIE = 2000  # relations from which step 5 frees every small sum of a pass at once
KANDIDATEN = 400  # the cheapest published cells of a large group tried at once
GROTE_GROEP = 400  # unknown cells of a group from which the audit frees its determined cells in one round


def _ontgrendel(c0: int, relaties, onbekend: np.ndarray, kosten: np.ndarray, bepaald=(), proeven: int = 25) -> list[int]:
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
    the result exactly, so nothing is left determined."""
    groep = _groep(c0, relaties, onbekend)
    kandidaten = sorted({int(c) for j in groep for c, a in zip(*relaties[j])
                         if a != 0 and not onbekend[c] and np.isfinite(kosten[c])},
                        key=lambda c: (kosten[c], c))
    if not kandidaten:
        return []
    cellen = sorted({int(c) for j in groep for c in relaties[j][0] if onbekend[c]})
    if len(cellen) <= GROTE_GROEP:
        alleen_c0 = np.zeros(len(onbekend), dtype=bool)
        alleen_c0[c0] = True
        for c in kandidaten[:proeven]:
            proef = onbekend.copy()
            proef[c] = True
            if not len(herleidbaar(relaties, proef, alleen_c0)):
                return [c]
        return [kandidaten[0]]
    kandidaten = kandidaten[:KANDIDATEN]  # the cheapest ones: the estimate is a product with each of them
    kolom = {c: i for i, c in enumerate(cellen)}
    a = _deelmatrix(relaties, len(onbekend), groep, cellen)
    k = _deelmatrix(relaties, len(onbekend), groep, kandidaten)
    from scipy.linalg import qr, solve_triangular

    q, r, volgorde = qr(a, mode="economic", pivoting=True)  # a[:, volgorde] = q r, rank-revealing
    d = np.abs(np.diag(r))
    rang = int((d > 1e-9 * max(1.0, d.max(initial=0.0))).sum())
    q = q[:, :rang]
    qk = q.T @ k
    lengte = (k ** 2).sum(axis=0)
    in_kolomruimte = np.maximum(lengte - (qk ** 2).sum(axis=0), 0.0) <= 1e-18 * np.maximum(1.0, lengte) + 1e-12
    # a basic solution of a y = candidate column (the determined cells are among the basic columns)
    oplossing = solve_triangular(r[:rang, :rang], qk) if rang else np.zeros((0, len(kandidaten)))
    basis = {int(volgorde[i]): i for i in range(rang)}
    keuzes: list[int] = []
    gekozen = np.zeros(len(kandidaten), dtype=bool)
    for c in [c0, *(int(x) for x in bepaald if int(x) in kolom and int(x) != c0)]:
        if kolom[c] not in basis:
            continue
        vrij = in_kolomruimte & (np.abs(oplossing[basis[kolom[c]]]) > 1e-9)
        if (vrij & gekozen).any():
            continue  # a cell chosen for another determined cell frees this one too
        kies = np.flatnonzero(vrij)
        if not len(kies):
            kies = np.flatnonzero(~gekozen)
        i = int(kies[0]) if len(kies) else 0
        gekozen[i] = True
        keuzes.append(kandidaten[i])
    return list(dict.fromkeys(keuzes)) or [kandidaten[0]]


def _rijruimte_diagonaal(a: np.ndarray) -> np.ndarray:
    """Per column of ``a`` the squared length of its unit vector projected on the row space of ``a`` (1:
    the cell is determined by the relations, below 1: a null vector has a component on it). An
    orthonormal basis of the row space from a rank-revealing QR of ``a``'s transpose (column pivoting),
    three times as fast as a singular value decomposition on the large groups of a quarterly report."""
    from scipy.linalg import qr

    if a.shape[0] == 0 or a.shape[1] == 0:
        return np.zeros(a.shape[1])
    q, r, _ = qr(a.T, mode="economic", pivoting=True)
    d = np.abs(np.diag(r))
    rang = int((d > 1e-9 * max(1.0, d.max(initial=0.0))).sum())
    return (q[:, :rang] ** 2).sum(axis=1)


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
    rel = [j for j, u in open_per_rel.items() if u]
    if not rel:
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
    for js in groepen.values():
        cellen = sorted({c for j in js for c in onbekende[j]})
        if not beschermd[cellen].any():
            continue
        sleutel = (tuple(js), tuple(cellen))
        vast = geheugen.get(sleutel) if geheugen is not None else None
        if vast is None:
            kolom = {c: i for i, c in enumerate(cellen)}
            rijruimte = _rijruimte_diagonaal(_deelmatrix(relaties, len(onbekend), js, cellen))
            vast = [c for c in cellen if 1.0 - rijruimte[kolom[c]] < 1e-12]
            if geheugen is not None:
                geheugen[sleutel] = vast
        bepaald.extend(c for c in vast if beschermd[c])
    bepaald.extend(c for c in vast_enkel if beschermd[c])
    return np.array(sorted(set(bepaald)), dtype=int)


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
