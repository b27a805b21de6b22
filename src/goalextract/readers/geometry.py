"""Grid edges from drawn rulings: shared by the PDF reader and the positioned-HTML reader."""

from __future__ import annotations

from collections.abc import Iterable


def cluster_edges(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted distinct edges, values closer than ``tolerance`` taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if edges and value - edges[-1] <= tolerance:
            continue
        edges.append(float(value))
    return edges
