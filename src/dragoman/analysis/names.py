"""Readable labels for actor codes, from the actor knowledge base's country table."""

from __future__ import annotations

from functools import lru_cache

from dragoman.resources import data_path, read_tsv


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-3 (and CAMEO region) code -> name, e.g. ``IRQ -> Iraq``."""
    return {
        row["code"]: row["name"] for row in read_tsv(data_path("dragoman.actors", "countries.tsv"))
    }


def node_key(code: str, country: str | None, level: str) -> str:
    """The node an actor belongs to: its full code at ``actor`` level; at ``country`` level its
    country when the code starts with it (``IRQGOV -> IRQ``), else the code itself (so a code
    prefix filter on the key finds the same events)."""
    if level == "country" and country and code.startswith(country):
        return country
    return code


def node_label(key: str, name: str | None, sector: str | None) -> str:
    """``Iraq`` for IRQ, ``Iraq (GOV)`` for IRQGOV, the resolved name for other codes."""
    countries = country_names()
    if key in countries:
        return countries[key]
    head, rest = key[:3], key[3:]
    if head in countries and rest:
        return f"{countries[head]} ({sector or rest})"
    return name or key
