"""The actor network: nodes, directed edges, mean Goldstein and quad class shares."""

from __future__ import annotations

from dragoman.analysis import actor_network, build_network
from dragoman.store import EventFilter
from dragoman.store.store import EventQuery


def _row(source, target, goldstein, quad, *, source_country=None, target_country=None):
    return {
        "source_code": source,
        "target_code": target,
        "source_country": source_country,
        "target_country": target_country,
        "source_name": None,
        "target_name": None,
        "source_sector": None,
        "target_sector": None,
        "goldstein": goldstein,
        "quad_class": quad,
        "num_mentions": 2,
    }


def test_edges_count_average_and_share_by_direction():
    rows = [
        _row("IRQGOV", "QATGOV", 4.0, 1, source_country="IRQ", target_country="QAT"),
        _row("IRQ", "QAT", -2.0, 3, source_country="IRQ", target_country="QAT"),
        _row("QAT", "IRQ", 7.0, 2, source_country="QAT", target_country="IRQ"),
        _row("IRQ", None, -6.5, 4, source_country="IRQ"),
    ]
    network = build_network(rows, "country")
    nodes = {node.id: node for node in network.nodes}
    assert nodes["IRQ"].label == "Iraq" and nodes["IRQ"].events == 4
    assert (nodes["IRQ"].as_source, nodes["IRQ"].as_target) == (3, 1)
    edges = {(edge.source, edge.target): edge for edge in network.edges}
    forward = edges["IRQ", "QAT"]
    assert forward.events == 2 and forward.mentions == 4
    assert forward.goldstein_mean == 1.0 and forward.goldstein_sum == 2.0
    assert forward.quad_class_shares == {"1": 0.5, "2": 0.0, "3": 0.5, "4": 0.0}
    assert edges["QAT", "IRQ"].goldstein_mean == 7.0
    assert network.edges[0] is forward  # busiest first


def test_actor_level_keeps_codes_and_labels_them():
    rows = [_row("IRQGOV", "IGOUNO", 1.0, 1, source_country="IRQ")]
    rows[0]["target_name"] = "United Nations"
    network = build_network(rows, "actor")
    assert {node.id: node.label for node in network.nodes} == {
        "IRQGOV": "Iraq (GOV)",
        "IGOUNO": "United Nations",
    }


def test_a_self_event_counts_its_actor_once():
    network = build_network(
        [_row("IRQGOV", "IRQCVL", -2.0, 3, source_country="IRQ", target_country="IRQ")]
    )
    (node,) = network.nodes
    assert node.events == 1 and network.edges[0].source == network.edges[0].target == "IRQ"


def test_network_of_the_founding_article(store):
    network = actor_network(store)
    labels = {node.id: node.label for node in network.nodes}
    assert labels["IRQ"] == "Iraq" and labels["QAT"] == "Qatar"
    edges = {(edge.source, edge.target): edge for edge in network.edges}
    assert edges["IRQ", "QAT"].goldstein_mean > 0
    assert edges["SAU", "QAT"].quad_class_shares["4"] == 1.0
    only_2017 = actor_network(store, EventQuery(where=EventFilter(until="2017-12-31")))
    assert ("IRQ", "QAT") not in {(e.source, e.target) for e in only_2017.edges}
