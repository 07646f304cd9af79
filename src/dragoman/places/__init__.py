"""Geoparsing: toponyms resolved to GeoNames entries, and each event's location."""

from dragoman.places.geoparser import Gazetteer, Geoparser

__all__ = ["Gazetteer", "Geoparser"]
