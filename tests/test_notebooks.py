"""Guard for nbval (ENGINEERING.md): cells without stored output are skipped silently, so a stripped
notebook would 'pass' while checking nothing. Every report notebook must have headline cells tagged
nbval-check-output, each with stored output, and a parameters cell."""
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def test_er_zijn_rapporten():
    assert {p.stem for p in NOTEBOOKS} >= {"landelijke_monitor", "kalibratie", "duurzaamheid", "arbeidsparticipatie"}


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.stem)
def test_gecontroleerde_cellen_hebben_uitvoer(pad):
    nb = nbformat.read(pad, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert sum("parameters" in t for t in tags) == 1
    gecontroleerd = [c for c in nb.cells if "nbval-check-output" in c.metadata.get("tags", [])]
    assert gecontroleerd, f"{pad.name}: geen cel met tag nbval-check-output"
    for c in gecontroleerd:
        tekst = "".join(o.get("text", "") for o in c.get("outputs", []) if o.get("output_type") == "stream")
        assert tekst.strip(), f"{pad.name}: gecontroleerde cel zonder opgeslagen uitvoer:\n{c.source[:200]}"
        assert not any(o.get("output_type") == "error" for o in c.outputs)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.stem)
def test_gecontroleerde_cellen_tonen_alleen_tekst(pad):
    """A checked cell may only print: rich displays (styled tables) carry ids and addresses that differ per run."""
    nb = nbformat.read(pad, as_version=4)
    for c in nb.cells:
        if "nbval-check-output" in c.metadata.get("tags", []):
            assert all(o.get("output_type") == "stream" for o in c.get("outputs", [])), c.source[:120]
