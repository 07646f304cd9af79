"""Writers for coded events: JSON Lines (the DESIGN.md record) and flat CSV."""

from dragoman.export.writers import FLAT_COLUMNS, EventWriter, flat_row, open_writer

__all__ = ["FLAT_COLUMNS", "EventWriter", "flat_row", "open_writer"]
