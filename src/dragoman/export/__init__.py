"""Writers for coded events: JSONL (the DESIGN.md record), flat CSV and Parquet, and the GDELT
and POLECAT layouts."""

from dragoman.export.writers import FLAT_COLUMNS, flat_row, write_parquet, write_records

__all__ = ["FLAT_COLUMNS", "flat_row", "write_parquet", "write_records"]
