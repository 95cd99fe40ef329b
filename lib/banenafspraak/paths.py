"""One place that resolves the project's folders (ENGINEERING.md "Layout and configuration").

The project root is the checkout that holds ``lib/banenafspraak`` (this package installed in
editable mode), or ``$BANENAFSPRAAK_ROOT``. A notebook run by papermill from any working directory
finds data, parameters and outputs through these functions.
"""
from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("BANENAFSPRAAK_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "notebooks").is_dir():
            return parent
    return Path.cwd().resolve()


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def params_dir() -> Path:
    return project_root() / "params"


def outputs_dir() -> Path:
    return project_root() / "outputs"


def referentie_dir() -> Path:
    return project_root() / "data" / "referentie"


def synthetisch_dir() -> Path:
    """The embedded synthetic default data (generated on first use, git-ignored)."""
    return project_root() / "data" / "synthetisch"
