"""Where, inside its evidence sentence, an event's source, target and trigger are."""

from __future__ import annotations

from typing import Any

ROLES = ("source", "target", "trigger")


def evidence(record: dict[str, Any], sentence_start: int | None) -> dict[str, Any]:
    """The sentence and its highlighted spans, offsets relative to the sentence.

    Actors outside the sentence (a pronoun's antecedent) are left out; without a known
    sentence offset the spans are found by their text."""
    sentence: str = record.get("sentence") or ""
    spans = []
    for role in ROLES:
        part = record.get(role)
        if not part or not part.get("text"):
            continue
        if sentence_start is None:
            start = sentence.find(part["text"])
            end = start + len(part["text"])
        else:
            start, end = part["start"] - sentence_start, part["end"] - sentence_start
        if 0 <= start < end <= len(sentence):
            spans.append({"role": role, "start": start, "end": end, "text": sentence[start:end]})
    spans.sort(key=lambda span: (span["start"], span["end"]))
    return {"sentence": sentence, "spans": spans}


def with_evidence(record: dict[str, Any]) -> dict[str, Any]:
    """A stored event record with ``evidence`` on it and on each of its mentions."""
    record["evidence"] = evidence(record, record.get("sentence_start"))
    for mention in record.get("mentions", []):
        mention["evidence"] = evidence(mention, mention.get("sentence_start"))
    return record
