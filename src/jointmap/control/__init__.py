"""Control layers: who held what, on which day, as the record stood at which time (see ``layers``)."""

from jointmap.control.diff import AreaDisagreement, LayerDiff, SettlementDisagreement, diff_views
from jointmap.control.geometry import area_km2, circle, distance_m
from jointmap.control.layers import (
    DEFAULT_REACH_KM,
    LayerHistory,
    LayerView,
    MergedArea,
    build_view,
    entangled_holdings,
    merge_by_holder,
)
from jointmap.control.outlines import BUNDLED_OUTLINES, Outline, bundled_outline, outline_from_boundaries
from jointmap.control.records import AreaColumns, ControlRecord, ControlRows, Holding

__all__ = [
    "BUNDLED_OUTLINES",
    "DEFAULT_REACH_KM",
    "AreaColumns",
    "AreaDisagreement",
    "ControlRecord",
    "ControlRows",
    "Holding",
    "LayerDiff",
    "LayerHistory",
    "LayerView",
    "MergedArea",
    "Outline",
    "SettlementDisagreement",
    "area_km2",
    "build_view",
    "bundled_outline",
    "circle",
    "diff_views",
    "distance_m",
    "entangled_holdings",
    "merge_by_holder",
    "outline_from_boundaries",
]
