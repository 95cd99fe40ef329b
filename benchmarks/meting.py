"""What the benchmark scripts share: one timed step, and the closing line with peak memory and machine load."""
from __future__ import annotations

import os
import resource
import time


def stap(naam: str, f, breedte: int = 60):
    """Run ``f`` and print its wall time next to ``naam``; returns what ``f`` returns."""
    t = time.perf_counter()
    uit = f()
    print(f"{naam:<{breedte}} {time.perf_counter() - t:7.1f} s", flush=True)
    return uit


def slot() -> None:
    """The peak memory of this process (Linux: ru_maxrss in kB) and the load of the machine."""
    belasting = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"piekgeheugen {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB, belasting {belasting:.1f}")
