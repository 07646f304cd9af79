"""The actor network: who acts on whom, how often, and how cooperatively."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from dragoman.analysis.names import node_key, node_label
from dragoman.store import Store
from dragoman.store.store import EventQuery

Level = Literal["country", "actor"]
QUAD_CLASSES = (1, 2, 3, 4)
"""1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""


@dataclass(slots=True)
class Node:
    id: str
    label: str
    events: int = 0
    as_source: int = 0
    as_target: int = 0


@dataclass(slots=True)
class Edge:
    """A directed dyad: ``source`` acted on ``target`` in ``events`` events."""

    source: str
    target: str
    events: int = 0
    mentions: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float = 0.0
    quad_class_shares: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Network:
    level: str
    nodes: list[Node]
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "nodes": [asdict(node) for node in self.nodes],
            "edges": [asdict(edge) for edge in self.edges],
        }


def actor_network(
    store: Store, query: EventQuery | None = None, level: Level = "country"
) -> Network:
    """The network of the events ``query`` selects, with nodes at ``level``."""
    return build_network(store.event_rows(query), level)


def build_network(rows: Iterable[dict[str, Any]], level: Level = "country") -> Network:
    """Nodes count the events an actor takes part in (one-sided events included); edges are
    the events with both a source and a target."""
    nodes: dict[str, Node] = {}
    edge_rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        source = _node(nodes, row, "source", level)
        target = _node(nodes, row, "target", level)
        for node in (source, target if target is not source else None):
            if node is not None:
                node.events += 1
        if source:
            source.as_source += 1
        if target:
            target.as_target += 1
        if source and target:
            edge_rows[source.id, target.id].append(row)
    edges = [_edge(source, target, rows) for (source, target), rows in edge_rows.items()]
    edges.sort(key=lambda edge: (-edge.events, edge.source, edge.target))
    ordered = sorted(nodes.values(), key=lambda node: (-node.events, node.id))
    return Network(level, ordered, edges)


def _node(nodes: dict[str, Node], row: dict[str, Any], side: str, level: Level) -> Node | None:
    code = row[f"{side}_code"]
    if not code:
        return None
    key = node_key(code, row[f"{side}_country"], level)
    if key not in nodes:
        name = row[f"{side}_name"] if key == code else None
        nodes[key] = Node(key, node_label(key, name, row[f"{side}_sector"]))
    return nodes[key]


def _edge(source: str, target: str, rows: list[dict[str, Any]]) -> Edge:
    total = sum(row["goldstein"] for row in rows)
    quads = Counter(row["quad_class"] for row in rows)
    return Edge(
        source,
        target,
        events=len(rows),
        mentions=sum(row["num_mentions"] for row in rows),
        goldstein_sum=round(total, 3),
        goldstein_mean=round(total / len(rows), 3),
        quad_class_shares={str(q): round(quads[q] / len(rows), 3) for q in QUAD_CLASSES},
    )
