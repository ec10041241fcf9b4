"""How well names nobody listed are found: held-out gazetteer names, and replies read in full.

    .venv/bin/python benchmarks/discovery.py                 # both parts (~2-3 min on 2 cores)
    .venv/bin/python benchmarks/discovery.py --part gold     # only the hand-read replies (~40 s)
    .venv/bin/python benchmarks/discovery.py --part heldout  # only the held-out names
    .venv/bin/python benchmarks/discovery.py --part pages    # text of other documents (~20 s; not in "both")
    .venv/bin/python benchmarks/discovery.py --json out.json
    .venv/bin/python benchmarks/discovery.py --part gold --code ../main   # the loaders of another checkout

1. Held-out names (`--part heldout`). A fifth of the gazetteer's entity entries (bureaus, departments,
   institutions, companies, schemes; `random.Random(SEED).sample` of the entries sorted by id) is taken out. The name
   model is trained again without them (loaders/train_names.py: they are not labels, and where the corpus names
   them they are taught as "no name"), and the corpus graph is built with the smaller gazetteer and that model.
   A held-out entry the corpus names (the full gazetteer finds it in some text) is *recovered* when an entity the
   build discovered has its name or one of its surface forms (aliases, English name, spelling variants) as name or
   alias, and *typed* when that entity also has its label. Names kept for review are counted apart.
   Precision: of the names the build discovered, how many are real names. Those that are held-out entries are; the
   others were judged by hand and recorded in tests/fixtures/accuracy/discovered.yaml (a name not judged yet is
   printed, and left out of the precision).
2. Replies read in full (`--part gold`): the graph's MENTIONS of the ten replies of
   tests/fixtures/accuracy/entities.yaml against the names listed there (recall, and precision: of the entities
   the graph says a reply mentions, how many the reader named), and the English samples' names against what the
   recognizer finds in them. This part uses only what every version of the loaders has, so `--code` with an
   older checkout measures the "before".
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The loaders measured: this project's, or another checkout's (--code, read before anything is imported), so
# that the same measure, on the same gold, gives the "before" of a change.
_CODE = Path(sys.argv[sys.argv.index("--code") + 1]) if "--code" in sys.argv[:-1] else PROJECT_DIR
sys.path.insert(0, str(_CODE.resolve()))

from graph.model import ENTITY_LABELS, MODEL, Rel  # noqa: E402
from loaders.gazetteer import Gazetteer, load_gazetteer, surface_key  # noqa: E402

SEED = 12  # the number
HELD_OUT_SHARE = 5  # one entry in five
FIXTURES = PROJECT_DIR / "tests" / "fixtures"
GOLD_FILE = FIXTURES / "accuracy" / "entities.yaml"
JUDGED_FILE = FIXTURES / "accuracy" / "discovered.yaml"
PAGES_FILE = FIXTURES / "accuracy" / "pages.yaml"
ENGLISH_SAMPLES = FIXTURES / "legco"
FISCAL_YEAR = "2025-26"


def name_key(name: str) -> str:
    """What two spellings of one name share (surface_key, and the spelling variants of the discovery rules)."""
    try:
        from loaders.discovery import load_rules
    except ImportError:  # an older checkout, before discovery
        return surface_key(name)
    return load_rules().variant_key(name)


def node_keys(node) -> set[str]:
    return {name_key(n) for n in [node.props.get("name") or "", *(node.props.get("aliases") or [])] if n}


# --- 1. held-out names -------------------------------------------------------------------------------------------


def held_out_entries(gazetteer: Gazetteer, seed: int = SEED) -> list:
    entries = sorted((e for e in gazetteer.entries if e.label in ENTITY_LABELS), key=lambda e: e.id)
    return sorted(random.Random(seed).sample(entries, len(entries) // HELD_OUT_SHARE), key=lambda e: e.id)


def without(gazetteer: Gazetteer, held: list) -> Gazetteer:
    """The gazetteer without the held-out entries, and without the fields of the others that point at them."""
    gone = {e.key for e in held}
    kept = []
    for entry in gazetteer.entries:
        if entry in held:
            continue
        extra = {k: v for k, v in entry.extra.items()
                 if not (k in MODEL.gazetteer_edges and str(v) in gone | {e.id for e in held})}
        kept.append(replace(entry, extra=extra))
    return Gazetteer(tuple(kept), gazetteer.not_entities, gazetteer.generic_short_forms)


def measure_held_out(seed: int = SEED) -> dict:
    from loaders.entities import EntityRecognizer
    from loaders.pipeline import build_corpus_graph
    from loaders.train_names import corpus_texts, train

    full = load_gazetteer()
    held = held_out_entries(full, seed)
    reduced = without(full, held)
    texts = corpus_texts()
    started = time.perf_counter()
    model = train(texts, reduced, seed=0)
    trained = time.perf_counter() - started
    build = build_corpus_graph(gazetteer=reduced, name_model=model)
    # which held-out entries the corpus names, read after the build: the full gazetteer's recognizer teaches jieba
    # (one dictionary per process) every held-out name, and a build after it would split names it should not
    named = {m.entity_id for ms in EntityRecognizer(full).mentions_many(texts) for m in ms}
    known = {e.id for e in reduced.entries}
    # what discovery or a recipient list made (a body a reply's header names is a node without a method)
    discovered = [n for label in ENTITY_LABELS for n in build.graph.nodes(label)
                  if n.id not in known and n.props.get("method") not in (None, "gazetteer")]
    rows, recovered, typed, in_review = [], 0, 0, 0
    for entry in held:
        if entry.id not in named:
            continue
        forms = {name_key(f) for f in entry.surface_forms}
        hits = [n for n in discovered if node_keys(n) & forms]
        review = [c for c in build.review_names if {name_key(f) for f in c.surface_forms} & forms]
        ok_label = any(n.label == entry.label for n in hits)
        recovered += bool(hits)
        typed += ok_label
        in_review += bool(review) and not hits
        found = ", ".join(f"{n.props['name']} ({n.label}, {n.props.get('method')})" for n in hits)
        rows.append((entry.id, entry.name, "typed" if ok_label else "found" if hits else
                     "review" if review else "missed", found or (review[0].name if review else "")))
    judged = _judged()
    real, wrong, unjudged = 0, [], []
    held_keys = {name_key(f) for e in held for f in e.surface_forms}
    for n in discovered:
        if node_keys(n) & held_keys:
            real += 1
        elif n.props["name"] in judged:
            real += judged[n.props["name"]]
            if not judged[n.props["name"]]:
                wrong.append(n.props["name"])
        else:
            unjudged.append((n.props["name"], str(n.label), n.props.get("method"), n.props.get("confidence")))
    return {
        "seed": seed, "held_out": len(held), "held_out_named_in_corpus": len(rows), "recovered": recovered,
        "typed": typed, "in_review_only": in_review, "discovered": len(discovered),
        "discovered_real": real, "discovered_wrong": wrong, "unjudged": unjudged, "rows": rows,
        "review": [(c.name, str(c.label), c.method, c.confidence) for c in build.review_names],
        "training_seconds": round(trained, 1),
    }


def _judged() -> dict[str, bool]:
    if not JUDGED_FILE.is_file():
        return {}
    data = yaml.safe_load(JUDGED_FILE.read_text(encoding="utf-8")) or {}
    return {str(item["name"]): item["verdict"] == "name" for item in data.get("judged") or []}


# --- 2. replies read in full -----------------------------------------------------------------------------------


def gold_names(gazetteer: Gazetteer) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """reply -> [(name, gazetteer id or None, label of an unlisted name)]."""
    data = yaml.safe_load(GOLD_FILE.read_text(encoding="utf-8"))
    out = {}
    for reply, items in data["replies"].items():
        rows = []
        for item in items:
            name, label = (item["name"], item["label"]) if isinstance(item, dict) else (item, None)
            entry = gazetteer.lookup(name)
            rows.append((name, entry.id if entry else None, label))
        out[reply] = rows
    return out


def measure_gold() -> dict:
    from loaders.pipeline import build_corpus_graph

    gazetteer = load_gazetteer()
    build = build_corpus_graph()
    kg = build.graph
    mentioned: dict[str, list] = {}
    for r in kg.relationships(Rel.MENTIONS):
        mentioned.setdefault(r.start, []).append(r.end)
    nodes = {n.id: n for label in ENTITY_LABELS for n in kg.nodes(label)}
    per_reply, found_total, expected_total, correct_total, edges_total = [], 0, 0, 0, 0
    misses, extras = [], []
    for reply, names in gold_names(gazetteer).items():
        ends = [nodes[e] for e in mentioned.get(f"question:{FISCAL_YEAR}:{reply}", []) if e in nodes]
        matched_nodes = set()
        found = 0
        for name, gid, _label in names:
            hit = [n for n in ends if n.id == gid] if gid else [n for n in ends if name_key(name) in node_keys(n)]
            if hit:
                found += 1
                matched_nodes.update(n.id for n in hit)
            else:
                misses.append((reply, name))
        correct = sum(1 for n in ends if n.id in matched_nodes)
        extras += [(reply, n.props.get("name"), n.id) for n in ends if n.id not in matched_nodes]
        per_reply.append((reply, found, len(names), correct, len(ends)))
        found_total += found
        expected_total += len(names)
        correct_total += correct
        edges_total += len(ends)
    return {"replies": per_reply, "recall": (found_total, expected_total),
            "precision": (correct_total, edges_total), "misses": misses, "extras": extras,
            "english": measure_english(gazetteer), "build_seconds": build.seconds}


def measure_english(gazetteer: Gazetteer) -> dict:
    from loaders.entities import EntityRecognizer

    data = yaml.safe_load(GOLD_FILE.read_text(encoding="utf-8"))["english"]
    texts = {f: (ENGLISH_SAMPLES / f).read_text(encoding="utf-8") for f in data}
    recognizer = EntityRecognizer.for_corpus(list(texts.values()), gazetteer)
    found = expected = correct = total = 0
    misses, extras = [], []
    for file_name, names in data.items():
        mentions = recognizer.mentions(texts[file_name], "en")
        keys = {m.entity_id: name_key(m.surface) for m in mentions}
        wanted = {(gazetteer.lookup(n).id if gazetteer.lookup(n) else name_key(n)): n for n in names}
        hit = {w for w in wanted if w in keys or w in keys.values()}
        found += len(hit)
        expected += len(wanted)
        misses += [(file_name, wanted[w]) for w in wanted if w not in hit]
        for entity, key in keys.items():
            total += 1
            if entity in wanted or key in wanted:
                correct += 1
            else:
                extras.append((file_name, entity))
    return {"recall": (found, expected), "precision": (correct, total), "misses": misses, "extras": extras}


# --- 3. text of other documents ----------------------------------------------------------------------------------


def measure_pages() -> list[dict]:
    """Each text of tests/fixtures/accuracy/pages.yaml read twice: with the gazetteer as shipped (the entities the
    recognizer finds, discovery run on that text alone), and "unlisted": the gazetteer without every entry the text
    names, as a new document's names are unknown (the names discovery alone finds). Right: a wanted name found (for
    one the gazetteer lists, as that entity, by any of its forms: "TVP" finds the Technology Voucher Programme);
    wrong: an entity or a discovered name that is none of the wanted ones (a part of a longer name, a second entity
    for a listed one)."""
    from loaders.discovery import discover
    from loaders.entities import EntityRecognizer
    from loaders.text import normalise

    full = load_gazetteer()
    rows = []
    for page in yaml.safe_load(PAGES_FILE.read_text(encoding="utf-8"))["pages"]:
        language = page["language"]
        text = page["text"] if language == "en" else normalise(page["text"]).text
        wanted = {_page_key(n["name"] if isinstance(n, dict) else n): (n.get("id") if isinstance(n, dict) else None)
                  for n in page["names"]}
        mentions = EntityRecognizer.for_corpus([text], full).mentions(text, language)
        listed = {m.entity_id for m in EntityRecognizer(full).mentions(text, language)}
        unlisted = Gazetteer(tuple(e for e in full.entries if e.id not in listed), full.not_entities,
                             full.generic_short_forms)
        found = discover([text], unlisted).accepted
        rows.append({"title": page["title"], "url": page["url"], "language": language, "names": len(wanted),
                     "shipped": _score_mentions(mentions, wanted),
                     "unlisted": _score_names([[_page_key(f) for f in c.surface_forms] for c in found], wanted)})
    return rows


def _page_key(name: str) -> str:
    """name_key without a leading "the" and a company's legal form ("Outblaze Ltd." is "Outblaze Ltd")."""
    name = re.sub(r"^[Tt]he\s+", "", name.strip())
    return name_key(re.sub(r"[\s,]+(?:Co\.?,?\s*)?(?:Limited|Ltd\.?|Inc\.?)$", "", name))


def _score_mentions(mentions, wanted: dict[str, str | None]) -> dict:
    ids = {i for i in wanted.values() if i}
    right = {key for key, entity in wanted.items()
             if any((entity is None and _page_key(m.surface) == key) or m.entity_id == entity for m in mentions)}
    wrong = sorted({m.entity_id for m in mentions if m.entity_id not in ids
                    and not (_page_key(m.surface) in wanted and wanted[_page_key(m.surface)] is None)})
    return {"right": len(right), "wrong": len(wrong), "missed": sorted(set(wanted) - right), "wrong_names": wrong}


def _score_names(found: list[list[str]], wanted: dict[str, str | None]) -> dict:
    right = {key for key in wanted if any(key in forms for forms in found)}
    wrong = [forms[0] for forms in found if not set(forms) & set(wanted)]
    return {"right": len(right), "wrong": len(wrong), "missed": sorted(set(wanted) - right), "wrong_names": wrong}


# --- printing ----------------------------------------------------------------------------------------------------


def _ratio(pair: tuple[int, int]) -> str:
    a, b = pair
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else f"{a}/{b}"


def print_held_out(r: dict) -> None:
    n = r["held_out_named_in_corpus"]
    print(f"1. Held-out names: seed {r['seed']}, {r['held_out']} entries held out, {n} of them named in the corpus "
          f"(model trained without them in {r['training_seconds']} s)")
    print(f"  recovered (an entity with the name or a variant): {_ratio((r['recovered'], n))}")
    print(f"  recovered and typed (same label):                 {_ratio((r['typed'], n))}")
    print(f"  found only among the names kept for review:       {r['in_review_only']}")
    judged = r["discovered"] - len(r["unjudged"])
    print(f"  discovered entities: {r['discovered']}; precision on the {judged} judged: "
          f"{_ratio((r['discovered_real'], judged))}")
    for row in r["rows"]:
        print(f"    {row[2]:7s} {row[0]:40s} {row[1]:28s} {row[3]}")
    if r["discovered_wrong"]:
        print("  discovered, judged not a name: " + ", ".join(r["discovered_wrong"]))
    if r["unjudged"]:
        print(f"  discovered, not judged yet (add them to {JUDGED_FILE.relative_to(PROJECT_DIR)}):")
        for name, label, method, confidence in r["unjudged"]:
            print(f"    - {{name: {name}, verdict: ?}}  # {label}, {method}, {confidence}")
    if r["review"]:
        print(f"  kept for review ({len(r['review'])}): "
              + "; ".join(f"{n} ({lbl}, {c:.2f})" for n, lbl, _, c in r["review"][:30]))


def print_gold(r: dict) -> None:
    print("2. Replies read in full (tests/fixtures/accuracy/entities.yaml): graph MENTIONS")
    print("  reply      recall        precision")
    for reply, found, expected, correct, total in r["replies"]:
        print(f"  {reply:9s} {_ratio((found, expected)):14s} {_ratio((correct, total))}")
    print(f"  all       recall {_ratio(r['recall'])}, precision {_ratio(r['precision'])}")
    print("  missed: " + "; ".join(f"{reply} {name}" for reply, name in r["misses"]))
    print("  not named by the reader: " + "; ".join(f"{reply} {name} ({i})" for reply, name, i in r["extras"]))
    e = r["english"]
    print(f"  English samples (recognizer): recall {_ratio(e['recall'])}, precision {_ratio(e['precision'])}; "
          f"missed {e['misses']}; extra {e['extras']}")


def print_pages(rows: list[dict]) -> None:
    print("3. Text of other documents (tests/fixtures/accuracy/pages.yaml): names right / wrong")
    print("  language  names  shipped gazetteer  unlisted (discovery)  text")
    for language in ("en", "zh-Hant"):
        some = [r for r in rows if r["language"] == language]
        for r in some:
            print(f"  {language:8s} {r['names']:5d}  {r['shipped']['right']:3d} / {r['shipped']['wrong']:<3d}"
                  f"          {r['unlisted']['right']:3d} / {r['unlisted']['wrong']:<3d}             {r['title']}")
            for part in ("shipped", "unlisted"):
                if r[part]["wrong_names"]:
                    print(f"      {part} wrong: {r[part]['wrong_names']}")
        total = {(part, key): sum(r[part][key] for r in some) for part in ("shipped", "unlisted")
                 for key in ("right", "wrong")}
        print(f"  {language:8s} {sum(r['names'] for r in some):5d}  {total['shipped', 'right']:3d} / "
              f"{total['shipped', 'wrong']:<3d}          {total['unlisted', 'right']:3d} / "
              f"{total['unlisted', 'wrong']:<3d}             all")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["heldout", "gold", "pages", "both"], default="both")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--code", type=Path, default=PROJECT_DIR,
                        help="the checkout whose loaders are measured (default: this one), e.g. /work/main")
    args = parser.parse_args(argv)
    results = {}
    if args.part in ("heldout", "both"):
        results["heldout"] = measure_held_out(args.seed)
        print_held_out(results["heldout"])
    if args.part in ("gold", "both"):
        results["gold"] = measure_gold()
        print_gold(results["gold"])
    if args.part == "pages":
        results["pages"] = measure_pages()
        print_pages(results["pages"])
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
