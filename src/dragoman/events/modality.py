"""Read an event's modality off its predicate's clause and the verbs that govern it.

Negation, intent (a vow, plan or "will"), hypothesis (hedges, conditions) and reported
speech come from the parse and the word lists of ``data/modality.yaml``. Intent turns
cooperation into CAMEO 03x and declared force into a threat (13x); a statement of mood
("said he was pessimistic about") becomes its own code.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from dragoman.events.arguments import PREPOSITIONAL_LIGHT_VERBS
from dragoman.events.implied import phrase_targets
from dragoman.events.lexicon import Lexicon
from dragoman.nlp import is_to_infinitive
from dragoman.schemas import ActorMention, Event, Modality

CHAIN_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "acl",
        "relcl",
        "attr",
        "oprd",
        "nsubjpass",
        "nsubj",
        "appos",
        "agent",
        "dative",
        "compound",
    }
)

HOSTILE_INTENT_ROOTS = frozenset({"16", "17", "18", "19", "20"})


def read_modality(trigger: Token, root: str, words: dict[str, frozenset[str]]) -> Modality:
    """Read modality off the trigger's own clause, and off the verbs that govern it: an
    intent or reporting verb above a complement clause, a negation or auxiliary shared by
    a control or coordinated verb. Adverbial and relative clauses are their own world."""
    modality = Modality()
    token = trigger
    inherit = True
    for _ in range(8):
        if inherit:
            _read_clause_marks(token, modality, words)
        head = token.head
        if head == token or token.dep_ not in CHAIN_DEPS:
            break
        lemma = head.lemma_.lower()
        status = _told_status(token, words)
        if status == "denied":
            modality.negated = True
        elif status == "unconfirmed":
            modality.hypothetical = True
        if token.dep_ == "pobj" and head.head.lower_ in words["unrealised_settings"]:
            modality.hypothetical = True  # "ahead of the talks": they are still to come
        if token.dep_ in ("xcomp", "acl", "advcl", "ccomp", "conj", "relcl"):
            # what is intended is a complement; "threatened ..., accusing it of" and
            # "threatened X and imposed Y" are deeds of their own
            complement = token.dep_ in ("xcomp", "acl", "ccomp", "relcl")
            if complement and (
                lemma in words["intent_governors"] or lemma in words["intent_nouns"]
            ):
                modality.intent = True
            if lemma in words["negating_governors"] and token.dep_ == "xcomp":
                modality.negated = True
            if token.dep_ == "ccomp" and lemma in words["reporting_verbs"]:
                modality.reported = True
            if (
                is_purpose(token)
                and inherit  # not through a relative clause ("..., one of which was")
                and root != "14"  # "blocked roads to protest" is the protest
            ):
                modality.intent = True
        if token.dep_ in ("advcl", "relcl", "acl", "ccomp"):
            inherit = False
        if token.dep_ == "pobj" and head.head.lemma_.lower() not in PREPOSITIONAL_LIGHT_VERBS:
            inherit = False
        token = head
    return modality


def _told_status(clause: Token, words: dict[str, frozenset[str]]) -> str | None:
    """What the sentence says of a clause told as a denial's or a claim's content (see
    ``claim_nouns`` in data/modality.yaml): "denied" when denied or called false ("reports
    that ... proved false"), "unconfirmed" when nobody could confirm it or no sign points to
    it ("could not be confirmed", "no indication that ..."); None otherwise."""
    head = clause.head
    if clause.dep_ not in ("ccomp", "acl"):
        return None
    lemma = head.lemma_.lower()
    if lemma in words["denying_verbs"]:
        return "denied" if clause.dep_ == "ccomp" else None
    if lemma not in words["claim_nouns"]:
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return "unconfirmed"
    verb = head.head
    if head.dep_ == "dobj":
        return "denied" if verb.lemma_.lower() in words["denying_verbs"] else None
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if any(
        c.dep_ in ("acomp", "oprd", "attr") and c.lemma_.lower() in words["falsity_words"]
        for c in verb.children
    ):
        return "denied"
    if verb.lemma_.lower() in words["verifying_verbs"] and any(
        c.dep_ == "neg" for c in verb.children
    ):
        return "unconfirmed"
    return None


def _declared(trigger: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether the trigger is what its actor says it will do: governed by a vow, plan or
    readiness, or in a main or reported clause marked with will/shall."""
    governors = words["declaring_governors"]
    if trigger.dep_ in ("xcomp", "ccomp") and trigger.head.lemma_.lower() in governors:
        return True
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in trigger.children)
    return future and trigger.dep_ in ("ROOT", "ccomp", "conj")


def _read_clause_marks(token: Token, modality: Modality, words: dict[str, frozenset[str]]) -> None:
    """Negation, future, hedges and reporting marked on one word's own dependents;
    remembered per word, since every event of a long clause climbs to the same verbs."""
    cache = token.doc.user_data.setdefault("dragoman_marks", {})
    if token.i not in cache:
        marks = Modality()
        _collect_marks(token, marks, words)
        cache[token.i] = marks
    marks = cache[token.i]
    modality.negated |= marks.negated
    modality.intent |= marks.intent
    modality.hypothetical |= marks.hypothetical
    modality.reported |= marks.reported


def _collect_marks(token: Token, modality: Modality, words: dict[str, frozenset[str]]) -> None:
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no"):
            modality.negated = True
        elif child.dep_ in ("nsubj", "nsubjpass") and (
            lower in words["nobody_words"]
            or any(
                g.dep_ == "det" and g.lower_ in words["nobody_determiners"] for g in child.children
            )
        ):
            modality.negated = True  # "no troops were moved", "neither Quito nor Bogota has"
        elif child.dep_ == "aux" and lower in words["intent_auxiliaries"]:
            modality.intent = True
        elif child.dep_ == "aux" and lower in words["hypothetical_auxiliaries"]:
            modality.hypothetical = True
        elif child.dep_ == "advmod" and lower in words["hypothetical_adverbs"]:
            modality.hypothetical = True
        elif child.dep_ == "advmod" and lower in words["reported_adverbs"]:
            modality.reported = True
        elif child.dep_ == "mark" and lower in words["hypothetical_marks"]:
            modality.hypothetical = True
        elif child.dep_ == "amod" and lower in words["unrealised_modifiers"]:
            modality.hypothetical = True  # "an expected offensive"
        elif child.dep_ == "prep" and lower == "according":
            modality.reported = True


def is_purpose(token: Token) -> bool:
    """A purpose clause: "sent troops to fight", "blocked streets to demand"."""
    return token.dep_ == "advcl" and is_to_infinitive(token)


def adjusted_code(
    code: str,
    modality: Modality,
    trigger: Token,
    words: dict[str, frozenset[str]],
    lexicon: Lexicon,
) -> str:
    """Cooperation stated as an intention is CAMEO 03x; force or sanctions an actor
    declares it will use are a threat (13x: "vowed to retaliate", "will impose tariffs").
    A trip's purpose is a plan ("flew to Doha to meet Qatari officials" 036); the purpose of
    another act ("sent troops to fight", "sent fighters to back") is neither: it keeps its
    code, flagged as intended."""
    if not modality.intent or modality.negated or code[:2] in ("03", "13"):
        return code
    if is_purpose(trigger) and trigger.head.lemma_.lower() not in words["travel_verbs"]:
        return code  # "sent fighters to back Syrian forces": a purpose, not a stated intent
    hostile = code[:2] in HOSTILE_INTENT_ROOTS
    if hostile and not _declared(trigger, words):
        return code
    return lexicon.content_code("13" if hostile else "03", code) or code


def as_mood(
    event: Event,
    doc: Doc,
    by_token: dict[int, ActorMention],
    mood_codes: dict[str, str],
    lexicon: Lexicon,
) -> Event:
    """ "Abiy said he was pessimistic about the dispute with Egypt": not a bare statement
    (010) but a pessimistic comment (012) on Egypt."""
    if event.cameo.code != "010" or event.source is None:
        return event
    for clause in doc[event.trigger_token].children:
        if clause.dep_ != "ccomp":
            continue
        for mood in clause.children:
            code = mood_codes.get(mood.lower_) if mood.dep_ == "acomp" else None
            if code is None:
                continue
            info = lexicon.info(code)
            target = event.target or next(
                iter(phrase_targets(mood, event.source, by_token, False, False)), None
            )
            return replace(event, cameo=info.cameo, plover=info.plover, target=target)
    return event
