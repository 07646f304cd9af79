"""The lexicon files parse, cover CAMEO widely, and never give one pattern two codes."""

from collections import Counter

import pytest

from dragoman.events.lexicon import Lexicon
from dragoman.resources import DataFileError, bundled_files, read_yaml


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.bundled()


def test_every_root_has_a_file_and_patterns(lexicon):
    files = bundled_files("dragoman.events", "cameo_[0-9][0-9].yaml")
    assert [f.stem for f in files] == [f"cameo_{n:02d}" for n in range(1, 21)]
    roots = Counter(
        p.code[:2]
        for index in (lexicon.verbs, lexicon.nouns)
        for patterns in index.values()
        for p in patterns
    )
    assert set(roots) == {f"{n:02d}" for n in range(1, 21)}


def test_coverage_targets(lexicon):
    codes = {
        p.code
        for index in (lexicon.verbs, lexicon.nouns)
        for patterns in index.values()
        for p in patterns
    }
    assert len(codes) >= 200
    assert len(lexicon) >= 1500


def test_files_declare_their_root_and_codes_belong_to_it():
    for path in bundled_files("dragoman.events", "cameo_[0-9][0-9].yaml"):
        data = read_yaml(path)
        assert data["root"] == path.stem[-2:]
        assert all(str(code).startswith(data["root"]) for code in data["codes"])


def test_no_pattern_has_two_codes(lexicon):
    for index in (lexicon.verbs, lexicon.nouns):
        seen: dict[str, str] = {}
        for patterns in index.values():
            for pattern in patterns:
                assert seen.setdefault(pattern.text, pattern.code) == pattern.code, pattern.text


def test_pattern_syntax_is_compiled(lexicon):
    pattern = lexicon.compile("hold $TALKS with", "046", "verb")
    assert pattern.head == "hold" and pattern.target_prep == "with"
    assert "talk" in pattern.objects
    assert lexicon.compile("pull out of", "087", "verb").particles == ("out",)


def test_unknown_class_is_a_clear_error(lexicon):
    with pytest.raises(DataFileError, match="unknown class"):
        lexicon.compile("launch $NOSUCHCLASS on", "190", "verb")


def test_code_tables_give_quad_class_goldstein_and_plover(lexicon):
    visit = lexicon.info("042")
    assert (visit.cameo.quad_class, visit.cameo.goldstein) == (1, 1.9)
    assert (visit.plover.type, visit.plover.mode) == ("CONSULT", "visit")
    assert lexicon.info("190").cameo.quad_class == 4


def test_lemma_fixes_point_at_lexicon_verbs():
    from dragoman.events import Lexicon

    lexicon = Lexicon.bundled()
    assert len(lexicon.lemma_fixes) >= 40
    for form, lemma in lexicon.lemma_fixes.items():
        assert lemma in lexicon.verbs, (form, lemma)
        assert form != lemma


def test_content_codes_are_cameo_codes_of_their_root(lexicon):
    assert set(lexicon.content_codes) == {"02", "03", "10", "12", "13"}
    for root, table in lexicon.content_codes.items():
        for content, code in table.items():
            assert content[:2] not in ("", root) and code in lexicon.codes, (root, content)
            assert code.startswith(root), (root, content, code)
    assert lexicon.content_code("12", "0841") == "1243"
    assert lexicon.content_code("10", "0874") == "106"
    assert lexicon.content_code("02", "09") is None
