"""Guard for nbval (README "Development"): cells without stored output are skipped silently, so a stripped
notebook would 'pass' while checking nothing. Every report notebook must have headline cells tagged
nbval-check-output, each with stored output, and a parameters cell. The committed ``.ipynb`` are built
from the jupytext sources ``notebooks/<rapport>.py`` and carry no paths or timestamps."""
import json
import re
from pathlib import Path

import nbformat
import pytest

from banenafspraak.notebooks_uitvoeren import bronnen, lees_bron

MAP = Path(__file__).parents[1] / "notebooks"
NOTEBOOKS = sorted([*MAP.glob("*.ipynb"), *MAP.glob("voorbeelden/*.ipynb")])


def test_er_zijn_rapporten():
    assert {p.stem for p in NOTEBOOKS} >= {"landelijke_monitor", "kalibratie", "duurzaamheid", "arbeidsparticipatie",
                                           "banen_jongeren_per_regio"}
    assert {p.stem for p in NOTEBOOKS} == {p.stem for p in bronnen(MAP)}, "elke .ipynb heeft een jupytext-bron .py"


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_volgt_bron(pad):
    """The committed notebook is its py:percent source (make notebooks): same cells, sources and tags."""
    bron = lees_bron(pad.with_suffix(".py"))
    nb = nbformat.read(pad, as_version=4)
    assert [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells] == \
        [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in bron.cells], f"{pad.name}: voer `make notebooks` uit"


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.stem)
def test_geen_paden_of_tijden(pad):
    tekst = pad.read_text(encoding="utf-8")
    assert "papermill" not in json.loads(tekst)["metadata"]
    assert not re.search(r"/(work|home|tmp|root|Users)/", tekst), f"{pad.name} bevat een absoluut pad"
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", tekst), f"{pad.name} bevat een tijdstip"
    assert "<NA>" not in tekst and "nan%" not in tekst, f"{pad.name} toont een onderdrukte cel niet als *"


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


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_telt_niet_zelf(pad):
    """Thin notebooks (issue: one disclosure pass): no suppression or counting in a report notebook."""
    if pad.stem == "kalibratie":
        return
    code = "\n".join(c.source for c in nbformat.read(pad, as_version=4).cells if c.cell_type == "code")
    for verboden in ("onderdruk(", "nunique", "value_counts", "rond_af", "min_cel = 10", "banen_per_ikv"):
        assert verboden not in code, f"{pad.name}: {verboden}"


def test_schoon_maakt_herbouw_stabiel():
    """What differs between two executions without meaning anything is normalised: printed text split
    over several stream outputs, memory addresses in reprs, figure bytes."""
    from banenafspraak.notebooks_uitvoeren import schoon

    nb = nbformat.v4.new_notebook()
    c = nbformat.v4.new_code_cell("print(1); print(2)")
    c.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                 nbformat.v4.new_output("stream", name="stdout", text="b\n"),
                 nbformat.v4.new_output("display_data", data={"text/plain": "<Styler at 0x7f0f402ec650>",
                                                              "image/png": "iVBOR"})]
    nb.cells = [c]
    uit = schoon(nb).cells[0]
    assert [o.output_type for o in uit.outputs] == ["stream", "display_data"]
    assert uit.outputs[0].text == "a\nb\n"
    assert uit.outputs[1].data == {"text/plain": "<Styler>"}
    assert uit.execution_count == 1
