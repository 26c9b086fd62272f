"""Aligning the clauses of two revisions and marking what changed inside each (no git, no MkDocs)."""

from __future__ import annotations

import itertools
import random

from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_engine.clauses import parse_clauses
from policy_engine.compare import compare_clauses, inline_segments, minimal_diff, rebuild, similarity

BASE = """\
Preamble text.

## 1. Scope

1.1. This policy covers the service.

1.2. It also covers the website.

1.3. It does not cover partner sites.

## 2. Contact

Write to the privacy office.
"""


def statuses(old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.status, c.old.label if c.old else None, c.new.label if c.new else None)
        for c in compare_clauses(parse_clauses(old), parse_clauses(new))
    ]


def test_inserting_a_clause_renumbers_the_rest_without_marking_them_amended() -> None:
    new = BASE.replace("1.2. It also", "1.2. It covers the mobile app.\n\n1.3. It also").replace(
        "1.3. It does not", "1.4. It does not"
    )
    assert statuses(BASE, new) == [
        ("unchanged", "preamble", "preamble"),
        ("unchanged", "1", "1"),
        ("unchanged", "1.1", "1.1"),
        ("added", None, "1.2"),
        ("renumbered", "1.2", "1.3"),
        ("renumbered", "1.3", "1.4"),
        ("unchanged", "2", "2"),
    ]


def test_deleting_a_clause_marks_it_removed_where_it_stood_and_renumbers_the_next() -> None:
    new = BASE.replace("1.2. It also covers the website.\n\n", "").replace("1.3. It does not", "1.2. It does not")
    assert statuses(BASE, new) == [
        ("unchanged", "preamble", "preamble"),
        ("unchanged", "1", "1"),
        ("unchanged", "1.1", "1.1"),
        ("removed", "1.2", None),
        ("renumbered", "1.3", "1.2"),
        ("unchanged", "2", "2"),
    ]


def test_an_amended_english_clause_marks_whole_words() -> None:
    new = BASE.replace("It also covers the website.", "It also covers the websites and apps.")
    changes = [c for c in compare_clauses(parse_clauses(BASE), parse_clauses(new)) if c.status != "unchanged"]
    assert [(c.status, c.new.label) for c in changes] == [("amended", "1.2")]
    changed = [(s.op, s.text) for s in changes[0].segments if s.op != "equal"]
    assert changed == [("delete", "website"), ("insert", "websites and apps")]


def test_an_amended_japanese_clause_marks_the_changed_characters() -> None:
    old = "## 1. 目的\n\n1.1. 当社は、利用者情報を以下の目的で利用します。\n"
    new = "## 1. 目的\n\n1.1. 当社は、利用者情報を以下の目的で適切に利用します。\n"
    [_, change] = compare_clauses(parse_clauses(old), parse_clauses(new))
    assert change.status == "amended"
    assert [(s.op, s.text) for s in change.segments] == [
        ("equal", "当社は、利用者情報を以下の目的で"),
        ("insert", "適切に"),
        ("equal", "利用します。"),
    ]


def test_an_english_word_is_never_split_into_letters() -> None:
    segments = inline_segments("We share data with partners.", "We share data with processors.")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("delete", "partners"), ("insert", "processors")]


def test_a_clause_both_renumbered_and_amended_is_amended_with_both_numbers() -> None:
    new = BASE.replace("1.2. It also", "1.2. It covers the mobile app.\n\n1.3. It also").replace(
        "1.3. It does not cover partner sites.", "1.4. It does not cover partner sites or social networks."
    )
    changes = compare_clauses(parse_clauses(BASE), parse_clauses(new))
    amended = [c for c in changes if c.status == "amended"]
    assert [(c.old.label, c.new.label) for c in amended] == [("1.3", "1.4")]
    assert ("insert", " or social networks") in [(s.op, s.text) for s in amended[0].segments]


def test_a_moved_clause_is_removed_from_its_old_place_and_added_at_the_new_one() -> None:
    old = "## 1. A\n\nAlpha text here.\n\n## 2. B\n\nBravo text here.\n\n## 3. C\n\nCharlie text here.\n"
    new = "## 1. C\n\nCharlie text here.\n\n## 2. A\n\nAlpha text here.\n\n## 3. B\n\nBravo text here.\n"
    result = statuses(old, new)
    # Nothing is lost: every old clause is matched, removed or renumbered, and every new one accounted for.
    assert sorted(o for _, o, _ in result if o) == ["1", "2", "3"]
    assert sorted(n for _, _, n in result if n) == ["1", "2", "3"]
    assert ("renumbered", "1", "2") in result and ("renumbered", "2", "3") in result
    assert {s for s, _, _ in result} <= {"renumbered", "added", "removed", "amended"}


def test_identical_revisions_have_only_unchanged_clauses() -> None:
    assert {s for s, _, _ in statuses(BASE, BASE)} == {"unchanged"}


def test_unnumbered_sections_are_matched_by_their_heading_and_text() -> None:
    old = "## Contact\n\nWrite to us at the office.\n\n## Cookies\n\nWe use cookies.\n"
    new = "## Contact\n\nWrite to us at the new office.\n\n## Cookies\n\nWe use cookies.\n"
    assert statuses(old, new) == [("amended", "contact", "contact"), ("unchanged", "cookies", "cookies")]


def test_similarity_is_one_for_equal_texts_and_low_for_unrelated_ones() -> None:
    assert similarity("We use cookies.", "We use cookies.") == 1.0
    assert similarity("We use cookies.", "Contact the privacy office by mail.") < 0.5
    long_a = " ".join(f"word{i}" for i in range(3000))
    assert similarity(long_a, long_a) == 1.0
    assert similarity(long_a, " ".join(f"other{i}" for i in range(3000))) < 0.1


# --- The rule every diff keeps: segments rebuild both texts --------------------------------

JAPANESE_LIKE = st.text(alphabet="当社は利用者情報の提供をしますあいうえお、。・（）「」 \n0123abcXYZ", max_size=300)


@given(st.text(max_size=300), st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_segments_rebuild_both_texts_for_any_text(old: str, new: str) -> None:
    assert rebuild(inline_segments(old, new)) == (old, new)


@given(JAPANESE_LIKE, JAPANESE_LIKE)
@settings(max_examples=300, deadline=None)
def test_segments_rebuild_both_texts_for_japanese_like_text(old: str, new: str) -> None:
    assert rebuild(inline_segments(old, new)) == (old, new)


@given(
    st.lists(st.sampled_from(["We", "use", "data", "cookies", "partners", ".", " ", ", ", "\n"]), max_size=80),
    st.lists(st.sampled_from(["We", "use", "data", "cookies", "partners", ".", " ", ", ", "\n"]), max_size=80),
)
@settings(max_examples=200, deadline=None)
def test_segments_never_repeat_an_operation_and_never_are_empty(old: list[str], new: list[str]) -> None:
    segments = inline_segments("".join(old), "".join(new))
    assert all(s.text for s in segments)
    assert all(a.op != b.op for a, b in itertools.pairwise(segments))


# The minimal diff comes from diff-match-patch's C++ implementation: it must be the Python
# reference's diff (the one the rules above were written against), ties broken alike. Few
# distinct characters (as token-encoded text has: one character per word) make many ties.
FEW_CHARACTERS = st.text(alphabet="\x01\x02\x03\x04abc当社", max_size=400)


def reference_diff(old: str, new: str) -> list[tuple[int, str]]:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return [(op, text) for op, text in dmp.diff_main(old, new, False)]


@given(FEW_CHARACTERS, FEW_CHARACTERS)
@settings(max_examples=500, deadline=None)
def test_the_fast_minimal_diff_is_the_reference_diff(old: str, new: str) -> None:
    assert minimal_diff(old, new) == reference_diff(old, new)


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_the_fast_minimal_diff_is_the_reference_diff_for_an_edited_text(data: st.DataObject) -> None:
    old = data.draw(st.text(alphabet="abcdefg当社は、。", min_size=20, max_size=600))
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(old)), st.integers(0, 5), st.text("xyzの", max_size=4))))
    new = old
    for at, cut, insert in edits:
        new = new[:at] + insert + new[at + cut :]
    assert minimal_diff(old, new) == reference_diff(old, new)


def test_a_200000_character_clause_pair_finishes_and_rebuilds() -> None:
    rng = random.Random(7)
    sentences = [
        "".join(rng.choice("当社利用者情報提供管理第三者安全措置") for _ in range(40)) + "。" for _ in range(5000)
    ]
    old = "".join(sentences)
    changed = list(sentences)
    for index in range(0, len(changed), 50):
        changed[index] = changed[index][:10] + "適切に" + changed[index][10:]
    new = "".join(changed)
    assert len(old) > 200_000
    segments = inline_segments(old, new)
    assert rebuild(segments) == (old, new)
    assert sum(1 for s in segments if s.op == "insert") == 100


def test_two_unrelated_200000_character_clauses_finish_and_rebuild() -> None:
    rng = random.Random(8)
    old = "".join(rng.choice("あいうえおかきくけこ。") for _ in range(200_000))
    new = "".join(rng.choice("さしすせそたちつてと。") for _ in range(200_000))
    assert rebuild(inline_segments(old, new)) == (old, new)


# --- Marks cover only what changed ---------------------------------------------------------


def test_inserting_items_into_a_japanese_enumeration_leaves_the_unchanged_items_unmarked() -> None:
    old = "個人情報の開示、訂正、追加、削除、利用の停止又は消去の請求"
    new = (
        "個人情報の利用目的の通知又は開示（第三者提供記録の開示を含みます。）、訂正、追加、削除、利用の停止、"
        "消去若しくは第三者への提供の停止の請求"
    )
    segments = inline_segments(old, new)
    assert rebuild(segments) == (old, new)
    equal = [s.text for s in segments if s.op == "equal"]
    assert "、訂正、追加、削除、利用の停止" in equal
    marked = "".join(s.text for s in segments if s.op != "equal")
    assert "訂正" not in marked and "追加" not in marked and "削除" not in marked


def test_a_rewritten_english_phrase_is_one_change_not_confetti_of_words_and_spaces() -> None:
    segments = inline_segments("We share data with partners today.", "They give the info to processors today.")
    assert [(s.op, s.text) for s in segments] == [
        ("delete", "We share data with partners"),
        ("insert", "They give the info to processors"),
        ("equal", " today."),
    ]


HIRAGANA = st.text(alphabet="あいうえおかきくけこさしすせそ", max_size=40)
KANJI = st.text(alphabet="当社利用者情報提供管理第三安全措置", max_size=40)


@given(HIRAGANA, HIRAGANA, st.text(alphabet="アイウエオカキクケコ", min_size=2, max_size=20), KANJI, KANJI)
@settings(max_examples=300, deadline=None)
def test_an_unchanged_run_between_two_changes_is_never_marked(
    before_old: str, before_new: str, kept: str, after_old: str, after_new: str
) -> None:
    # `kept` shares no character with the rest, and the texts before and after it share none
    # with each other, so every minimal diff keeps it; the clean-up must not fold it away.
    old, new = before_old + kept + after_old, before_new + kept + after_new
    segments = inline_segments(old, new)
    assert rebuild(segments) == (old, new)
    assert any(kept in s.text for s in segments if s.op == "equal")


# --- Alignment survives structure changes ---------------------------------------------------

SECTIONS = """\
## Things you should know

### Social Media

We may receive information through social media networks when you engage with our accounts.

### Job Applicants

Applicants give us a name, street address and telephone number to apply for a job.

### Contributors

Volunteering as a contributor may require us to communicate with you by email.
"""

MERGED = """\
## Things you should know

- Social Media: We may receive information through social media networks when you engage with our accounts.
- Job Applicants: Applicants give us a name, street address and telephone number to apply for a job.
- Contributors: Volunteering as a contributor may require us to communicate with you by email, and by post.
"""


def marked_words(changes) -> str:
    return " ".join(s.text.strip() for c in changes for s in c.segments if s.op != "equal" and s.text.strip())


def test_sections_merged_into_one_list_are_compared_as_one_and_only_new_words_are_marked() -> None:
    changes = compare_clauses(parse_clauses(SECTIONS), parse_clauses(MERGED))
    changed = [c for c in changes if c.status != "unchanged"]
    assert len(changed) == 1 and changed[0].status == "amended"
    assert changed[0].old.key == "things-you-should-know" and changed[0].new.key == "things-you-should-know"
    assert rebuild(changed[0].segments) == (changed[0].old.comparable_text, changed[0].new.comparable_text)
    inserted = " ".join(s.text for s in changed[0].segments if s.op == "insert")
    assert "and by post" in inserted
    for unchanged in ("street address", "social media networks", "Volunteering as a contributor"):
        assert unchanged not in marked_words(changed)


def test_one_section_split_into_several_is_compared_as_one() -> None:
    changes = compare_clauses(parse_clauses(MERGED), parse_clauses(SECTIONS))
    assert "street address" not in marked_words(changes)
    assert "and by post" in marked_words(changes)


def test_a_clause_merged_into_the_one_before_marks_no_moved_words() -> None:
    old = "## 1. A\n\n1.1. We collect your name.\n\n1.2. We collect your mail address.\n\n1.3. We keep it safe.\n"
    new = "## 1. A\n\n1.1. We collect your name. We collect your mail address.\n\n1.2. We keep it safe.\n"
    changes = compare_clauses(parse_clauses(old), parse_clauses(new))
    assert marked_words(changes) == ""
    assert [(c.status, c.old.label, c.new.label) for c in changes if c.status != "unchanged"] == [
        ("amended", "1.1", "1.1"),
        ("renumbered", "1.3", "1.2"),
    ]


def test_independent_amendments_side_by_side_stay_separate() -> None:
    old = "## 1. A\n\n1.1. We collect your name.\n\n1.2. We keep it safe.\n"
    new = "## 1. A\n\n1.1. We collect your full name.\n\n1.2. We keep it very safe.\n"
    changes = compare_clauses(parse_clauses(old), parse_clauses(new))
    assert [(c.status, c.new.label) for c in changes if c.status != "unchanged"] == [
        ("amended", "1.1"),
        ("amended", "1.2"),
    ]


def test_a_section_replaced_by_an_unrelated_one_stays_removed_and_added() -> None:
    old = "## Cookies\n\nWe use cookies to remember your language and your login on our websites.\n\n## Contact\n\nMail us.\n"
    new = (
        "## Your rights\n\nYou may ask us for a copy of the data we hold about you, and to delete it.\n\n"
        "## Contact\n\nMail us.\n"
    )
    assert statuses(old, new) == [
        ("removed", "cookies", None),
        ("added", None, "your-rights"),
        ("unchanged", "contact", "contact"),
    ]
