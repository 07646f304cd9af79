"""The records' JSON form: every field, as written by hand for speed."""

from __future__ import annotations

import dataclasses

from dragoman.schemas import EventDate, Modality


def test_hand_written_dicts_carry_every_field():
    for record in (
        EventDate("2021-03", "month", "early March", False, True),
        Modality(negated=True, reported=True),
    ):
        assert record.to_dict() == dataclasses.asdict(record)
