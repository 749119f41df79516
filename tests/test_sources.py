import hashlib

from helpers import ROOT
from quiz.bank.source_files import load_sources
from quiz.text.sources import Span, find_all, normalize, paragraphs

SEED = ROOT / "seeds" / "mko-article.txt"
SEED_SHA256 = "26c1a171c5de459388c4145142aadaa2a474d5f8ce1347cae05747c5af933eda"


def test_seed_is_kept_byte_for_byte():
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_seed_metadata_says_what_is_unknown():
    sources, problems = load_sources(ROOT / "seeds")
    source = sources["mko-article"]
    assert problems == []
    assert source.title == "Meet the actual nature of MKO"
    assert (source.author, source.publisher, source.date) == ("unknown", "unknown", "unknown")


def test_a_document_without_metadata_takes_its_first_line_as_title(tmp_path):
    (tmp_path / "notes.txt").write_text("\n\n  A plain title \nBody.\n", encoding="utf-8")
    source = load_sources(tmp_path)[0]["notes"]
    assert source.title == "A plain title"
    assert source.author == "unknown"


def test_straight_quotes_and_line_breaks_match_the_seed():
    text = SEED.read_text(encoding="utf-8")
    spans = find_all(text, "King of Iran's\n   security   service")
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == "King of Iran’s security service"


def test_nothing_else_is_forgiven():
    text = SEED.read_text(encoding="utf-8")
    assert find_all(text, "king of iran’s security service") == []
    assert find_all(text, "King of Irans security service") == []
    assert find_all(text, "King of Iran’s security service.") == []


def test_every_occurrence_is_found():
    text = SEED.read_text(encoding="utf-8")
    assert len(find_all(text, "Nothing Hurts Like the Truth")) == 2


def test_normalize_collapses_spaces_and_straightens_quotes():
    assert normalize("  ‘What  is\n the “guarantee”’ ") == "'What is the \"guarantee\"'"


def test_paragraphs_mark_a_span_across_a_paragraph_break():
    text = "One two.\n\nThree four.\n"
    result = paragraphs(text, [Span(4, 15)])
    assert [[(s.text, s.marked) for s in p] for p in result] == [
        [("One ", False), ("two.", True)],
        [("Three", True), (" four.", False)],
    ]


def test_a_broken_seed_is_reported_and_the_others_kept(tmp_path):
    (tmp_path / "good.txt").write_text("A good text.\n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    (tmp_path / "good.meta.yaml").write_text("title: Good\nauthor: no\nwriter: me\n", encoding="utf-8")
    sources, problems = load_sources(tmp_path)
    assert list(sources) == ["good"]
    assert (sources["good"].title, sources["good"].author) == (
        "A good text.",
        "unknown",
    )  # wrong metadata is not half-used
    assert [f"{p.file.rsplit('/', 1)[-1]}:{p.line}:{p.column}: {p.message}" for p in problems] == [
        "good.meta.yaml:2:9: `author`: expected text, got true or false (YAML reads `no` that way): "
        'put the text in quotes, like "no"',
        "good.meta.yaml:3:1: unknown key `writer`; remove it or check its spelling",
        "latin.txt:1:1: the document is not UTF-8 text: save it as UTF-8 in your editor",
    ]
