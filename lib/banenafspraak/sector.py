"""Sector markt / overheid and inleen (RULES.md §4): their labels and the verdeelsleutel. The rules
themselves are SQL of the counting engine (``motor.sector_sql``, ``motor.INLEEN_SQL``)."""
from __future__ import annotations

from .parameters import parameter

SECTOR_LABEL = {"markt": "Marktsector", "overheid": "Overheid", "totaal": "Totaal"}  # sector codes in words (RULES.md §4)


def verdeelsleutel(peildatum) -> dict[str, float]:
    """Shares of inleen banen the landelijke monitor allocates to each sector (RULES.md §4):
    the latest published SEO value on or before the peildatum."""
    ov = float(parameter("sector.verdeelsleutel_overheid", peildatum))
    return {"markt": 1.0 - ov, "overheid": ov}
