"""One place that resolves the project's folders (README "Layout").

Two kinds of files:

- files inside the package (``parameters/*.yaml``, ``synth/*.yaml``, ``referentie/*.csv``): read with
  :mod:`importlib.resources`; they ship in the wheel and need no project root. The shipped reference
  table ``gemeente_regio.csv`` is one of them (:func:`referentie_dir`); ``data/referentie/`` in the
  checkout holds an identical copy for readers of the checkout (a test keeps the two the same);
- folders of the checkout (``notebooks/``, ``params/``, ``outputs/``, ``data/synthetisch/``): below
  the project root, which is

  1. ``$BANENAFSPRAAK_ROOT`` when set (the runner sets it for the notebook kernel), else
  2. the source checkout this package is imported from (``<root>/lib/banenafspraak``, an editable
     install), else
  3. an error (:class:`ProjectRootError`) that names what was looked for: there is no silent
     fall-back to the working directory.

A notebook run by papermill from any working directory finds data and outputs through these
functions.
"""
from __future__ import annotations

import os
from pathlib import Path

ENV_ROOT = "BANENAFSPRAAK_ROOT"
PAKKET = Path(__file__).resolve().parent


class ProjectRootError(RuntimeError):
    """The project root (the checkout with notebooks/, data/ ...) cannot be found."""


class MapError(RuntimeError):
    """A folder to write into that cannot be made or used (a file in the way, no permission, disk full)."""


def _checkout_van_pakket(pakket: Path = PAKKET) -> Path | None:
    """The checkout whose ``lib/banenafspraak`` is ``pakket`` (None for an installed wheel)."""
    kandidaat = pakket.parent.parent
    if pakket.parent.name == "lib" and (kandidaat / "pyproject.toml").is_file():
        return kandidaat
    return None


def zoek_project_root() -> Path | None:
    """The project root, or None when there is none (an installed wheel outside a checkout)."""
    env = os.environ.get(ENV_ROOT)
    if env:
        root = Path(env).expanduser().resolve()
        if not root.is_dir():
            raise ProjectRootError(f"{ENV_ROOT}={env} is geen bestaande map")
        return root
    return _checkout_van_pakket()


def project_root() -> Path:
    """The checkout that holds ``notebooks/``, ``params/``, ``data/`` and ``outputs/``."""
    root = zoek_project_root()
    if root is None:
        raise ProjectRootError(
            f"projectmap van banenafspraak niet gevonden: {ENV_ROOT} is niet gezet en het pakket "
            f"({PAKKET}) ligt niet in een checkout (gezocht: <map>/lib/banenafspraak met <map>/pyproject.toml). "
            f"Zet {ENV_ROOT} op de map van de checkout (met notebooks/, params/ en data/), "
            "of geef de paden zelf op (rapport als pad naar een .ipynb, --uit, data_dir).")
    return root


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def params_dir() -> Path:
    return project_root() / "params"


def outputs_dir() -> Path:
    return project_root() / "outputs"


def referentie_dir() -> Path:
    """The reference data shipped in the package (``gemeente_regio.csv``): in the wheel as in a checkout,
    no project root needed. A data directory's own ``gemeente_regio`` overrides it. A ``$BANENAFSPRAAK_ROOT``
    that is set but wrong is still an error here (:func:`zoek_project_root`): a wrong setting never passes
    silently."""
    from importlib import resources

    zoek_project_root()
    return Path(str(resources.files("banenafspraak") / "referentie"))


def referentie_kopie_dir() -> Path:
    """``data/referentie/`` of the checkout: a copy of :func:`referentie_dir` for its readers, never read."""
    return project_root() / "data" / "referentie"


def synthetisch_dir() -> Path:
    """The embedded synthetic default data (generated on first use, git-ignored)."""
    return project_root() / "data" / "synthetisch"


def maak_map(pad: str | Path, wat: str = "map") -> Path:
    """Make folder ``pad`` (with its parents) to write into, or raise :class:`MapError` with one line
    that says why not: ``pad`` is a file, a file lies in its path, or the system refuses (permission,
    disk full). ``wat`` names the folder in the message (``uitvoermap``, ``--uit``)."""
    pad = Path(pad)
    if pad.exists() and not pad.is_dir():
        raise MapError(f"{wat} {pad} is een bestand, geen map")
    bestaand = next((p for p in pad.parents if p.exists()), None)
    if bestaand is not None and not bestaand.is_dir():
        raise MapError(f"{wat} {pad} kan niet worden gemaakt: {bestaand} is een bestand, geen map")
    try:
        pad.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise MapError(f"{wat} {pad} kan niet worden gemaakt: {e.strerror or e}") from None
    return pad
