"""The reply parser on real Finance Committee documents of other years, bureaus and languages (issue 10), and the
bundled 2025-26 Chinese document read exactly as before.

Expected values are read by hand from the sample files; each comment quotes where in the file they are.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures.legco.dump_itib_2025_26_parse import parse_record

FIXTURES = Path(__file__).parent / "fixtures" / "legco"


def test_the_2025_26_chinese_document_parses_exactly_as_on_main():
    """Every field of all 251 replies and index rows against the dump of main's parse (see the dump script)."""
    expected = json.loads((FIXTURES / "itib_2025_26_parse.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(parse_record(), ensure_ascii=False))  # tuples become lists, as in the file
    assert len(got["replies"]) == len(expected["replies"]) == 251
    for ours, theirs in zip(got["replies"], expected["replies"], strict=True):
        assert ours == theirs, ours["reply_no"]
    assert got == expected
