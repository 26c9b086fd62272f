"""What a reader sees of a version (`reader_fingerprint`), and the front matter remembered by its YAML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_engine import cache
from policy_engine.document import parse_policy_text, reader_fingerprint
from policy_engine.errors import PolicyError

from conftest import policy_text


def _reader_text_as_specified(body: str) -> str:
    """The rule, written plainly: paragraphs split at blank lines, whitespace inside one collapsed."""
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", body)]
    return "\n\n".join(p for p in paragraphs if p)


BODIES = st.text(alphabet=st.sampled_from(list("ab 。\t\n\n\u3000\xa0\x00.")), max_size=80)


@given(BODIES)
@settings(max_examples=500, deadline=None)
def test_the_reader_fingerprint_follows_the_plain_rule_for_any_whitespace(body: str) -> None:
    text = parse_policy_text(policy_text("2021-01-01", body), path="docs/en/privacy.md")
    expected = _reader_text_as_specified(text.body)

    assert reader_fingerprint(text).split("\x00", 3)[3] == expected


def test_re_flowing_a_paragraph_keeps_the_fingerprint_and_rewording_it_changes_it() -> None:
    one = parse_policy_text(policy_text("2021-01-01", "\n1.1. We use\ndata.\n"), path="p.md")
    reflowed = parse_policy_text(policy_text("2021-01-01", "\n1.1. We use data.\n\n\n"), path="p.md")
    reworded = parse_policy_text(policy_text("2021-01-01", "\n1.1. We use no data.\n"), path="p.md")

    assert reader_fingerprint(one) == reader_fingerprint(reflowed) != reader_fingerprint(reworded)


def test_a_front_matter_error_is_reported_with_each_commit_even_when_the_yaml_was_seen_before() -> None:
    cache.clear_all()
    broken = policy_text("2021-02-30", "\n1.1. Text.\n")
    for commit in ("a" * 40, "b" * 40):
        with pytest.raises(PolicyError) as error:
            parse_policy_text(broken, path="docs/en/privacy.md", commit=commit)
        assert commit[:7] in str(error.value)
