"""Small vectorised helpers shared by the rule modules."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(x) -> pa.Array | pa.ChunkedArray:
    if isinstance(x, (pa.Array, pa.ChunkedArray)):
        return x
    s = x if isinstance(x, pd.Series) else pd.Series(np.asarray(x, dtype=object) if not isinstance(x, pd.Index) else x)
    return pa.array(s, from_pandas=True) if s.dtype == object else pa.chunked_array([pa.array(s)]) \
        if not hasattr(s.array, "_pa_array") else s.array._pa_array


def bevat(kolom: pd.Series, waarden) -> np.ndarray:
    """``kolom.isin(waarden)`` as a boolean array, computed in Arrow (pandas iterates the lookup
    values in Python for Arrow-backed strings, which is slow for hundreds of thousands of keys);
    ``kolom`` and ``waarden`` may also be Arrow arrays."""
    if len(kolom) == 0:
        return np.zeros(0, dtype=bool)
    links = _arrow(kolom)
    rechts = pc.unique(_arrow(waarden))
    if isinstance(rechts, pa.ChunkedArray):
        rechts = rechts.combine_chunks()
    if rechts.type != links.type:
        rechts = rechts.cast(links.type)
    uit = pc.is_in(links, value_set=rechts)
    return np.asarray(uit.to_numpy(zero_copy_only=False), dtype=bool)
