"""Relations that hold by the data rather than by definition (``Publicatie.relatie(..., lokaal=True)``;
RULES.md §10, README "A report is a publication"): a bruto/netto component that adds up over the soorten
because no job changed soort. Hand-built publications, one column of person counts, threshold 10."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from banenafspraak.disclosure import beveilig
from banenafspraak.publicatie import Kolom, Publicatie, Tabel


def publicatie(rijen: dict[str, int]) -> Publicatie:
    df = pd.DataFrame({"rij": list(rijen), "personen": list(rijen.values())})
    pub = Publicatie("test", "test", "2023-12-31", "hand")
    pub.voeg_toe(Tabel("t", "t", df, {"rij": Kolom("Rij", "tekst"), "personen": Kolom("Personen", "geheel", "personen")},
                       variabelen=["personen"], bescherming={"personen": ["personen"]}))
    return pub


def termen(pub, totaal, delen):
    t = pub.tabellen["t"]
    return [("t", t.rij(rij=totaal), "personen", -1), *[("t", t.rij(rij=d), "personen", 1) for d in delen]]


def onderdrukt(pub) -> set[str]:
    m = beveilig(pub, 10, 0.5).onderdrukt["t"]
    return {pub.tabellen["t"].data.at[i, "rij"] for i in np.flatnonzero(m["personen"].to_numpy())}


def test_lokale_relatie_beschermt_het_verschil():
    """totaal 30 = a 4 + b 26, declared as holding by the data: a (4 persons) is suppressed, and with it the
    cheapest other cell of the relation (b, 26 < 30), else a = 30 - 26."""
    pub = publicatie({"totaal": 30, "a": 4, "b": 26})
    pub.relatie("totaal = a + b (in de data)", termen(pub, "totaal", ["a", "b"]), lokaal=True)
    assert onderdrukt(pub) == {"a", "b"}


def test_zonder_relatie_geen_tweede_onderdrukking():
    """The same table without the relation: only a is suppressed (the relation is what makes b necessary)."""
    pub = publicatie({"totaal": 30, "a": 4, "b": 26})
    assert onderdrukt(pub) == {"a"}


def test_lokale_relatie_moet_kloppen():
    """A relation declared as holding by the data that does not hold stops the run, as any other."""
    pub = publicatie({"totaal": 31, "a": 4, "b": 26})
    pub.relatie("totaal = a + b (in de data)", termen(pub, "totaal", ["a", "b"]), lokaal=True)
    with pytest.raises(ValueError, match="klopt niet"):
        onderdrukt(pub)


def test_lokale_relatie_en_kleine_som():
    """Step 5 uses it too: totaal 40 = a 3 + b 4 + c 33 (by the data). a and b are suppressed; c published would
    give a + b = 7 persons: one more cell goes (c, cheaper than totaal)."""
    pub = publicatie({"totaal": 40, "a": 3, "b": 4, "c": 33})
    pub.relatie("totaal = a + b + c (in de data)", termen(pub, "totaal", ["a", "b", "c"]), lokaal=True)
    assert onderdrukt(pub) == {"a", "b", "c"}
