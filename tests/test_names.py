"""The folding rules of graph/names.py, each on real strings from the documents and the gazetteer."""

from __future__ import annotations

import pytest
import yaml
from opencc import OpenCC

from graph.names import VARIANTS_FILE, acronyms, opencc_characters, search_key, search_words, spelling_key
from loaders.gazetteer import load_gazetteer

RULES = yaml.safe_load(VARIANTS_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("printed", "typed"), [
    ("製造及生產線『升』級支援先導計劃", "製造及生產線「升」級支援先導計劃"),  # ITIB replies / a reader
    ("科技統籌(整體撥款)", "科技統籌（整體撥款）"),  # half- and full-width brackets
    ("東英(香港)商標", "東英香港商標"),
    ("“創科產業引導基金", "創科產業引導基金"),  # ITIB replies quote with “ as well
])
def test_quotes_and_brackets_fold_away(printed, typed):
    assert spelling_key(printed) == spelling_key(typed)


@pytest.mark.parametrize(("printed", "typed"), [
    ("Hong Kong-Shenzhen Innovation and Technology Park", "Hong Kong Shenzhen Innovation and Technology Park"),
    ("Financial Secretary's Office", "Financial Secretarys Office"),
])
def test_punctuation_folds_away_for_search_only(printed, typed):
    assert search_key(printed) == search_key(typed)
    assert spelling_key(printed) != spelling_key(typed)


def test_a_name_broken_at_a_hyphen_is_not_the_name_for_the_loaders():
    """文匯報 (002) breaks 第三個InnoHK研發平台 as "In-⏎noHK": the loaders must not read "In- noHK" as InnoHK."""
    assert spelling_key("In- noHK") != spelling_key("InnoHK")


@pytest.mark.parametrize(("one", "other"), [
    ("醫務衞生局", "醫務衛生局"),  # the ITIB replies print 衞生 47 times and 衛生 4 times
    ("啓發", "啟發"),  # 啓發他們的創新意念 (ITIB replies) / the standard form
    ("機場快綫", "機場快線"),  # ITIB replies: 機場快綫
    ("陳祖恒", "陳祖恆"),  # the legislator's name; 恆常化 in the same replies
    ("數碼企業身分", "數碼企業身份"),  # HKCS press release (000) / ITIB replies (001)
    ("大部份", "大部分"),  # both in the ITIB replies
    ("新型工業化資助計畫", "新型工業化資助計劃"),
])
def test_variant_characters_and_words_fold_to_one(one, other):
    assert spelling_key(one) == spelling_key(other)


def test_a_variant_word_is_not_a_variant_character():
    """身分 is 身份, but 分 (a part, a minute) is not 份 (a share, a copy) elsewhere."""
    assert spelling_key("分") != spelling_key("份")
    assert spelling_key("一份") != spelling_key("一分")


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("人工智能資助計劃", "人工智能资助计划"),
    ("香港科技園公司", "香港科技园公司"),
    ("蘇長榮", "蘇長荣"),  # the replies print the legislator's name with 荣
    ("李慧瓊", "李慧琼"),
])
def test_traditional_and_simplified_fold_to_one(traditional, simplified):
    assert spelling_key(traditional) == spelling_key(simplified)


def test_the_character_table_is_one_to_one_and_agrees_with_opencc_on_every_gazetteer_name():
    """One character in, one out (so a part of a name folds to a part of the folded name), and the same result as
    OpenCC's own Hong Kong converter on the gazetteer's Chinese names and aliases."""
    table = opencc_characters()
    assert len(table) > 4000 and all(len(k) == 1 and len(v) == 1 for k, v in table.items())
    converter = OpenCC("hk2s")
    forms = [f for e in load_gazetteer().entries for f in (e.name, *e.aliases) if not f.isascii()]
    assert len(forms) > 300
    mapping = str.maketrans(table)
    assert [f for f in forms if f.translate(mapping) != converter.convert(f)] == []


def test_width_case_and_spaces_fold_away():
    assert spelling_key("ＡＩＲ＠ＩｎｎｏＨＫ") == spelling_key("AIR@InnoHK") == "air@innohk"
    assert spelling_key("數 字 辦") == spelling_key("數字辦")
    assert spelling_key("digital  POLICY office") == spelling_key("Digital Policy Office")


@pytest.mark.parametrize(("short", "full"), [
    ("AI Subsidy Scheme", "Artificial Intelligence Subsidy Scheme"),  # scheme:aiss
    ("AI資助計劃", "人工智能資助計劃"),
    ("AI研發院", "人工智能研發院"),  # alias of 香港人工智能研發院
    ("Hong Kong AI R&D Institute", "Hong Kong AI Research and Development Institute"),  # inst:hkaird
    ("I&T Industry-Oriented Fund", "Innovation and Technology Industry-Oriented Fund"),  # scheme:itiof
    ("HK Science Park", "Hong Kong Science Park"),
    ("Life and Health", "生命健康"),
    ("Hong Kong Generative AI Research and Development Center", "Hong Kong Generative AI R&D Centre"),
    ("Technology Voucher Program", "Technology Voucher Programme"),
])
def test_english_short_forms_fold_for_search(short, full):
    assert search_key(short) == search_key(full)


def test_short_forms_are_whole_words_and_for_search_only():
    assert search_key("Mainland") == "mainland"  # not "m人工智能nland"
    assert search_key("AIR@InnoHK") == "air@innohk"
    assert search_key("HKGAI") == "hkgai"
    assert spelling_key("AI") == "ai" and spelling_key("HK") == "hk"  # a loader never takes HK for 香港
    assert search_words("AI Subsidy Scheme") == ["人工智能", "subsidy", "scheme"]


def test_every_rule_in_the_data_file_folds_as_it_says():
    for variant in RULES["variants"]:
        assert spelling_key(variant["from"]) == spelling_key(variant["to"]), variant
    for forms in RULES["terms"]:
        assert len({search_key(str(form)) for form in forms}) == 1, forms


@pytest.mark.parametrize(("name_en", "acronym"), [
    ("Hong Kong Science and Technology Parks Corporation", "hkstp"),
    ("Hong Kong Applied Science and Technology Research Institute Company Limited", "astri"),
    ("Innovation and Technology Fund", "itf"),
    ("Hong Kong Trade Development Council", "hktdc"),
    ("Nano and Advanced Materials Institute", "nami"),
])
def test_acronyms_of_english_names(name_en, acronym):
    assert acronym in acronyms(name_en)


def test_no_acronym_of_one_word():
    assert acronyms("Medpace") == set() and acronyms("The University of Hong Kong") == {"uhk"}
