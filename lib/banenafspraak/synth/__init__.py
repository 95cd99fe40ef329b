"""Synthetic data in the contract: ``genereer`` and the embedded default dataset."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .. import paths
from .generator import GeneratorError, aannames_versie, genereer

__all__ = ["genereer", "zorg_voor_standaarddata", "GeneratorError", "STANDAARD"]

# The embedded default: what `make report`, the notebooks and nbval use.
STANDAARD = {"schaal": 0.02, "seed": 1, "tot_jaar": 2024}


def _actueel(map: Path) -> bool:
    meta = map / "meta.yaml"
    if not meta.exists():
        return False
    try:
        m = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):  # damaged: made again
        return False
    if not isinstance(m, dict):
        return False
    return (m.get("schaal") == STANDAARD["schaal"] and m.get("seed") == STANDAARD["seed"]
            and m.get("tot_jaar") == STANDAARD["tot_jaar"] and aannames_versie() in str(m.get("aangemaakt", "")))


def zorg_voor_standaarddata(opnieuw: bool = False, log=print) -> Path:
    """Path of the embedded synthetic data; generated (again) when missing or made with other assumptions. One
    process at a time generates (a lock file beside the folder): a second report or test process started meanwhile
    waits and then uses the data the first one made."""
    from filelock import FileLock

    doel = paths.synthetisch_dir()
    if not opnieuw and _actueel(doel):
        return doel
    doel.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(doel.with_name(doel.name + ".lock"))):
        if not opnieuw and _actueel(doel):  # made by another process while this one waited
            return doel
        tmp = doel.with_name(doel.name + ".bezig")
        if tmp.exists():
            shutil.rmtree(tmp)
        genereer(STANDAARD["schaal"], STANDAARD["seed"], tmp, tot_jaar=STANDAARD["tot_jaar"], log=log)
        if doel.exists():
            shutil.rmtree(doel)
        tmp.rename(doel)
    return doel
