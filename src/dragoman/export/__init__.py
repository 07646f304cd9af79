"""Writers for coded events: JSONL (the DESIGN.md record), flat CSV and Parquet, and the GDELT
and POLECAT layouts."""

from dragoman.export.writers import FLAT_COLUMNS, EventWriter, flat_row, open_writer, write_parquet

__all__ = ["FLAT_COLUMNS", "EventWriter", "flat_row", "open_writer", "write_parquet"]
