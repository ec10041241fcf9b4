"""The editions of the Finance Committee's replies as data (data/rules/legco_layouts.yaml): labels, end marks,
fiscal-year and number patterns. loaders/legco.py reads the Chinese edition, loaders/legco_en.py the English one."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from graph.resources import DATA_DIR
from loaders.errors import SourceError, yaml_error

RULES_FILE = DATA_DIR / "rules" / "legco_layouts.yaml"

_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}


@cache
def layouts(path: Path = RULES_FILE) -> dict[str, dict]:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise yaml_error(str(path), err, text) from err
    for name, layout in data.items():
        for key in ("language", "detect", "fields", "fiscal_year", "index_header"):
            if key not in layout:
                raise SourceError(str(path), f"layout {name!r} has no {key!r}")
    return data


def edition_of(raw: str) -> str | None:
    """The first layout whose `detect` pattern occurs in the raw text, or None."""
    return next((name for name, layout in layouts().items() if re.search(layout["detect"], raw)), None)


def label_pattern(label: str | list[str]) -> str:
    """A literal label as a pattern: a space stands for any whitespace or none ("Subhead(No. & title):"), a word
    ":?" for a colon that some years print and others do not (then no letter may follow: "Head 146", not
    "Headquarters"), words in square brackets for words some print and others do not ("Subhead [(No. & title)] :?":
    "Subhead :" in the 2012-13 CEDB(CIT)180), and a list for the labels of different years."""
    if isinstance(label, list):
        return "(?:" + "|".join(label_pattern(one) for one in label) + ")"
    parts = [part for part in re.split(r"(\[[^\]]*\])", label) if part.strip()]
    pattern = r"\s*".join(f"(?:{label_pattern(part[1:-1])})?" if part.startswith("[") else _words_pattern(part)
                          for part in parts)
    return pattern + ("(?![A-Za-z])" if label.endswith(":?") else "")


def printed_label(label: str | list[str]) -> str:
    """A label as an error message names it: the first of its years', without the optional colon."""
    first = label[0] if isinstance(label, list) else label
    return re.sub(r"\s*\[[^\]]*\]", "", first).replace(" :?", "")


def _words_pattern(words: str) -> str:
    return r"\s*".join(":?" if word == ":?" else re.escape(word) for word in words.split())


def fiscal_year_in(text: str, patterns: list[str]) -> str | None:
    """The first fiscal year a pattern finds, as "2016-17"; a year in Chinese numerals is converted digit by digit."""
    for pattern in patterns:
        if m := re.search(pattern, text):
            digits = ["".join(_CHINESE_DIGITS.get(c, c) for c in g if not c.isspace()) for g in m.groups()]
            return digits[0] if len(digits) == 1 else f"{digits[0]}-{digits[1]}"
    return None


def without_branch(head_name: str) -> str:
    """A head's name without the branch of its bureau in brackets ("Commerce and Economic Development Bureau
    (Commerce, Industry and Tourism Branch)" -> the bureau's name; `head_branch`)."""
    for layout in layouts().values():
        if pattern := layout.get("head_branch"):
            head_name = re.sub(pattern, "", head_name)
    return head_name


def bureau_named_by(director: str) -> str | None:
    """The name of the bureau whose director signs a reply, read off the title by the edition's rule
    (`bureau_of_director`); None when no edition's rule reads it."""
    for layout in layouts().values():
        rule = layout.get("bureau_of_director")
        if rule and (m := re.match(rule["pattern"], director.strip())):
            return rule["name"].format(**m.groupdict())
    return None
