"""The report notebooks: their source is ``notebooks/<rapport>.py`` (jupytext py:percent, a file people
review and lint); ``make notebooks`` writes each as ``notebooks/<rapport>.ipynb`` executed on the
embedded synthetic data, so that the outputs nbval compares are those of the current code.

The committed ``.ipynb`` carry no timestamps, durations, absolute paths or papermill bookkeeping: a
rebuild without changes gives the same bytes except for what the code itself prints.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from . import paths

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
ADRES = re.compile(r" at 0x[0-9a-fA-F]+>")  # the memory address in a repr such as <... Styler at 0x7f...>


def bronnen(map: Path | None = None) -> list[Path]:
    """The jupytext sources of the report notebooks, and of the examples in ``voorbeelden/``."""
    nbmap = map or paths.notebooks_dir()
    return sorted(p for p in [*nbmap.glob("*.py"), *nbmap.glob("voorbeelden/*.py")] if not p.name.startswith("_"))


def lees_bron(pad: Path) -> nbformat.NotebookNode:
    """A py:percent source as a notebook (no outputs)."""
    import jupytext

    nb = jupytext.read(pad, fmt="py:percent")
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def schoon(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes on every run without meaning anything: papermill metadata, execution
    timestamps, figure bytes, memory addresses in reprs, and the split of printed text over stream
    outputs (consecutive ones are merged); cell ids and execution counts are numbered in order (nbval
    needs the counts of executed cells)."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    nb.metadata.pop("papermill", None)
    nb.metadata.get("jupytext", {}).pop("text_representation", None)
    teller = 0
    for i, c in enumerate(nb.cells):
        c.metadata.pop("papermill", None)
        c.metadata.pop("execution", None)
        c["id"] = f"cel-{i:02d}"
        if c.cell_type == "code":
            teller += 1
            c.execution_count = teller if c.get("outputs") else None
            for o in c.get("outputs", []):
                if "execution_count" in o:
                    o["execution_count"] = c.execution_count
                # figures are not compared by nbval and are written by every run: the committed
                # notebook keeps no image bytes (they only bloat diffs)
                for soort in [k for k in o.get("data", {}) if k.startswith("image/")]:
                    del o["data"][soort]
                if "text/plain" in o.get("data", {}):
                    tekst = o["data"]["text/plain"]
                    o["data"]["text/plain"] = ADRES.sub(">", tekst if isinstance(tekst, str) else "".join(tekst))
    return nb


def bouw(pad: Path, uitvoeren: bool = True) -> Path:
    """Write ``<pad>.ipynb`` from the py:percent source ``pad``, executed when ``uitvoeren``."""
    import papermill as pm

    doel = pad.with_suffix(".ipynb")
    nbformat.write(schoon(lees_bron(pad)), doel)
    if uitvoeren:
        pm.execute_notebook(str(doel), str(doel), kernel_name="python3", cwd=str(pad.parent), progress_bar=False,
                            log_output=False)
        nbformat.write(schoon(nbformat.read(doel, as_version=4)), doel)
    return doel


def main(argv: list[str] | None = None) -> int:
    from .synth import zorg_voor_standaarddata

    argv = sys.argv[1:] if argv is None else argv
    zorg_voor_standaarddata()
    kies = set(argv)
    for pad in bronnen():
        if kies and pad.stem not in kies:
            continue
        print(f"uitvoeren: {pad.name}", file=sys.stderr)
        bouw(pad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
