from quiz.text.words import pieces, runs, split_words, stretches


def test_words_trim_punctuation_but_keep_inner_marks():
    words = split_words("‘What (King of Iran’s) $300, 12,000 — U.S. ok!’")
    assert [w.text for w in words] == ["What", "King", "of", "Iran’s", "$300", "12,000", "U.S", "ok"]


def test_pieces_draw_every_character_once():
    passage = "A leopard, surely.\n\nNext: “it”!"
    drawn = "".join(piece.text for piece in pieces(passage, split_words(passage)))
    assert drawn == passage


def test_word_numbers_survive_emoji_and_combining_characters():
    words = split_words("cafe\u0301 🙂 ugly image")
    assert [w.index for w in words if w.text in ("ugly", "image")] == [2, 3]


def test_runs_merge_touching_marks():
    assert runs({1, 2, 3, 7, 9, 10}) == [(1, 3), (7, 7), (9, 10)]
    assert runs(set()) == []


def test_stretches_draw_marks_as_whole_phrases():
    passage = "A leopard cannot change; its spots."
    words = split_words(passage)
    states = {0: "hit", 1: "hit", 2: "missed", 3: "missed", 4: None, 5: "stray"}
    drawn = [(s.text, s.state) for s in stretches(passage, words, states.get)]
    assert drawn == [
        ("A leopard", "hit"),
        (" ", None),
        ("cannot change", "missed"),
        ("; its ", None),
        ("spots", "stray"),
        (".", None),
    ]
