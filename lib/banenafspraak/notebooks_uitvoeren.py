"""Execute the committed report notebooks in place on the embedded synthetic data, so that the
outputs nbval compares are those of the current code (``make notebooks``)."""
from __future__ import annotations

import sys

import papermill as pm

from . import paths
from .synth import zorg_voor_standaarddata


def main() -> int:
    zorg_voor_standaarddata()
    for nb in sorted(paths.notebooks_dir().glob("*.ipynb")):
        print(f"uitvoeren: {nb.name}", file=sys.stderr)
        pm.execute_notebook(str(nb), str(nb), kernel_name="python3", cwd=str(nb.parent), progress_bar=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
