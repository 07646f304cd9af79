"""Aggregate views over the event store: actor networks, dyad time series, event places."""

from dragoman.analysis.locations import LocationPoint, event_locations
from dragoman.analysis.network import Edge, Network, Node, actor_network, build_network
from dragoman.analysis.series import DyadSeries, SeriesPoint, dyad_series, period_start

__all__ = [
    "DyadSeries",
    "Edge",
    "LocationPoint",
    "Network",
    "Node",
    "SeriesPoint",
    "actor_network",
    "build_network",
    "dyad_series",
    "event_locations",
    "period_start",
]
