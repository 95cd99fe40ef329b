"""Issue #14: the flows and the bruto/netto decomposition against the same quarter a year earlier
(``verloop_van=zelfde_kwartaal_vorig_jaar``) on the embedded data. Disclosure control of these flows did not finish
(more than 13 minutes: the audit freed a cell that stayed determined by suppressing the zeros around it, one a round).
The test runs the whole publication, then checks the result against the definition of RULES.md §10 independently of
the loop that made it: with the suppressed and hidden cells unknown, no primary cell is determined by the relations
that hold by definition, and no suppressed cell is the only unknown of a relation."""
from __future__ import annotations

import numpy as np
import pytest

from banenafspraak import disclosure, trend
from banenafspraak.rapport import laad_data

KWARTAAL = "2023Q4"


@pytest.fixture(scope="module")
def publicatie(standaard_map):
    peil = trend.kwartaalpeil(KWARTAAL)
    ds = laad_data(str(standaard_map), trend.TABELLEN, polis_peildata=peil.alle, polis_als_bestand=True)
    return trend.publicatie(ds, KWARTAAL, "alle", "jaarbegin", None, "data", ds.schaal, True, "zelfde_kwartaal_vorig_jaar")


def test_vorig_jaar_publiceert_en_geeft_geen_cel_prijs(publicatie):
    gep = publicatie.publiceer(10)
    v = gep["verloop"]
    assert set(v["van_kwartaal"]) == {"2022Q4"} and len(v) > 0
    assert "zelfde_kwartaal_vorig_jaar" in set(gep["bruto_netto"]["vergelijking"])
    rooster = disclosure._Rooster(publicatie)
    relaties, lokaal = disclosure._relaties(publicatie, rooster)
    onderdrukt = np.zeros(len(rooster.cellen), dtype=bool)
    primair = np.zeros(len(rooster.cellen), dtype=bool)
    for c, (t, i, k) in enumerate(rooster.cellen):
        onderdrukt[c] = bool(gep.besluit.onderdrukt[t].iloc[i][k])
        primair[c] = bool(gep.besluit.primair[t].iloc[i][k])
    onbekend = (onderdrukt | rooster.verborgen) & ~rooster.bekend
    assert primair.any() and onbekend[primair].all()
    # the joint audit over the relations that hold by definition; a relation that holds by the data (bruto/netto
    # components summed over regions, Relatie.lokaal) is checked on its own: never exactly one unknown cell in it
    audit = [r for r, x in zip(relaties, lokaal) if not x]
    assert len(disclosure.herleidbaar(audit, onbekend, primair)) == 0
    for ids, coef in relaties:  # a suppressed cell alone among published ones would be worked out
        open_ = ids[(coef != 0) & onbekend[ids]]
        assert not (len(open_) == 1 and onderdrukt[open_[0]])
