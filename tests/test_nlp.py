"""The spaCy pipeline dragoman builds: its tables must make the assignments of the spaCy
components they replace."""

from __future__ import annotations

import json

from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from dragoman.pipeline import Pipeline
from tests.conftest import DATA

ANNOTATIONS = [POS, TAG, DEP, LEMMA, MORPH]
CONTRACTIONS = (
    "I'd say y'all gon na do it, ain't it? Let's go. There is a man. I got ta go, nothin' doin'. "
    "C'm on, you did it and he had it; \n\n  She's been there. 'em, 'll, ol' doin', whether once"
)


def _texts() -> list[str]:
    texts = [CONTRACTIONS, "", "   ", "\n\nHeadline\n\nBody text here."]
    for name in ("events_dev_01_10.jsonl", "actors_dev.jsonl", "places_dev.jsonl"):
        for line in (DATA / name).open(encoding="utf-8"):
            texts.append(json.loads(line)["text"])
    return texts


def test_attribute_table_replaces_the_ruler(pipeline: Pipeline) -> None:
    assert "dragoman_attribute_table" in pipeline.nlp.pipe_names
    assert "attribute_ruler" not in pipeline.nlp.pipe_names


def _docs_before(pipeline: Pipeline, component: str) -> list:
    """The test texts as the components before ``component`` leave them."""
    nlp = pipeline.nlp
    with nlp.select_pipes(enable=nlp.pipe_names[: nlp.pipe_names.index(component)]):
        return list(nlp.pipe(_texts()))


def test_attribute_table_matches_the_ruler_token_for_token(pipeline: Pipeline) -> None:
    table = pipeline.nlp.get_pipe("dragoman_attribute_table")
    for doc in _docs_before(pipeline, "dragoman_attribute_table"):
        by_ruler, by_table = table.ruler(doc.copy()), table(doc.copy())
        assert by_ruler.to_array(ANNOTATIONS).tolist() == by_table.to_array(ANNOTATIONS).tolist()
        assert [str(t.morph) for t in by_ruler] == [str(t.morph) for t in by_table]


def test_lemma_table_matches_the_lemmatizer(pipeline: Pipeline) -> None:
    assert "lemmatizer" not in pipeline.nlp.pipe_names
    table = pipeline.nlp.get_pipe("dragoman_lemma_table")
    for doc in _docs_before(pipeline, "dragoman_lemma_table"):
        by_lemmatizer, by_table = table.lemmatizer(doc.copy()), table(doc.copy())
        assert [t.lemma_ for t in by_lemmatizer] == [t.lemma_ for t in by_table]


def test_each_doc_keeps_the_text_it_was_made_from(pipeline: Pipeline) -> None:
    from dragoman.nlp import document_text

    texts = ["BAGHDAD (Reuters) - Talks  resumed.\n\nSecond\tparagraph. ", "x", "\u200bجديد"]
    for text, doc in zip(texts, pipeline.nlp.pipe(texts), strict=True):
        assert document_text(doc) == doc.text == text


def test_hyphenated_event_nouns_stay_whole(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Sit-ins and a walk-out followed the stand-off; pro-democracy groups")
    words = [t.text for t in doc]
    assert {"Sit-ins", "walk-out", "stand-off"} <= set(words)
    assert "pro-democracy" not in words  # other hyphenated words split as before
