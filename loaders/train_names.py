"""Train the name model of loaders/discovery.py on a corpus, the gazetteer's names as labels (silver data).

    python -m loaders.train_names                  # the bundled corpus -> data/models/names/ (~1 min on 1 core)
    python -m loaders.train_names --out DIR --sources FOLDER --epochs N

The model is a spaCy span categorizer over characters. Its input is a window: the characters before a word that
ends names (計劃, 基金, 中心, 署 …: `name_heads` in data/rules/entity_patterns.yaml), up to that word. It proposes
every span that ends at the window's end and learns which one is a name, and of which label. The labels are the
names the gazetteer and the patterns already find (loaders/entities.py, gazetteer mentions only): a window where one
of them ends at the head holds that name; every other window holds none. So the model learns how names begin
(after 推行, 及, 、; not inside 創新及科技) from the names it is told, and the benchmark (benchmarks/discovery.py)
measures what it finds of the names it was not told.

Training is deterministic for a given corpus, gazetteer, rules and seed (one thread, fixed seeds). Next to the
model, training.json records what it was trained on; tests/test_discovery.py checks the shipped model against the
current gazetteer, rules and corpus, so a change to any of them that is not followed by a retraining fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Span, SpanGroup
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from graph.model import ENTITY_LABELS
from loaders.corpus import BUNDLED_SOURCES, read_document, read_manifest
from loaders.discovery import (
    MAX_NAME_CHARS,
    MODEL_DIR,
    SPANS_KEY,
    TRAINING_FILE,
    Rules,
    head_windows,
    load_rules,
    rules_digest,
    window_doc,
)
from loaders.entities import EntityRecognizer
from loaders.gazetteer import GAZETTEER_DIR, Gazetteer, load_gazetteer
from loaders.legco import parse_replies
from loaders.text import normalise

SEED = 0
EPOCHS = 4
BATCH = 32
# The share of windows without a known name that training keeps. Most of them hold no name, but some hold a name
# the gazetteer does not list yet, taught as "no name": all of them would teach the model to find nothing new.
NAMELESS_SHARE = 0.15

# A small model: hashed embeddings of each character and its neighbours, a three-layer CNN, a mean-max span
# reducer. Enough to learn where a name starts; small enough to ship (a few MB) and to run on every build.
CONFIG = {
    "spans_key": SPANS_KEY,
    "negative_weight": 1.0,
    "suggester": {"@misc": "innograph.name_end_suggester.v1", "max_length": MAX_NAME_CHARS},
    "model": {
        "@architectures": "spacy.SpanCategorizer.v1",
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64, "rows": [2000, 1000, 1000, 50],
                      "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False},
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "window_size": 1,
                       "maxout_pieces": 3, "depth": 3},
        },
        "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 64},
        "scorer": {"@layers": "Softmax.v2"},
    },
}


def corpus_texts(folder: Path = BUNDLED_SOURCES) -> list[str]:
    """The texts a build runs discovery on: each reply (question, answer and the fields around them) and each
    press document, normalised."""
    texts = []
    for doc in read_manifest(folder):
        source = read_document(doc.path)
        if doc.doc_type == "legco_replies":
            parsed = parse_replies(source.text, source=str(doc.path), fiscal_year=doc.fiscal_year)
            texts += [parsed.text.text[r.char_start : r.char_end] for r in parsed.replies]
        else:
            texts.append(normalise(source.text).text)
    return texts


def silver_examples(nlp: Language, texts: list[str], gazetteer: Gazetteer, rules: Rules) -> list[Example]:
    """One example per distinct window: the gazetteer name that ends at its head, if one does."""
    recognizer = EntityRecognizer(gazetteer)
    examples: dict[str, tuple[int, str] | None] = {}
    for text, mentions in zip(texts, recognizer.mentions_many(texts), strict=True):
        ends = {m.end: m for m in mentions if m.method == "gazetteer" and m.label in ENTITY_LABELS}
        for window in head_windows(text, rules):
            m = ends.get(window.end)
            if m is not None and m.start < window.offsets[0]:
                continue  # the name begins before the window: it cannot be told whole
            start = None if m is None else sum(1 for i in window.offsets if i < m.start)
            examples.setdefault(window.text, None if m is None else (start, m.label.name))
    out = []
    for window, name in sorted(examples.items()):
        if name is None and _share(window) >= NAMELESS_SHARE:
            continue
        reference = window_doc(nlp, window)
        spans = [] if name is None else [Span(reference, name[0], len(reference), label=name[1])]
        reference.spans[SPANS_KEY] = SpanGroup(reference, name=SPANS_KEY, spans=spans)
        out.append(Example(window_doc(nlp, window), reference))
    return out


def _share(window: str) -> float:
    """A number in [0, 1) fixed by the window's text: which nameless windows are kept does not depend on order."""
    return int.from_bytes(hashlib.sha256(window.encode()).digest()[:8], "big") / 2**64


def train(texts: list[str], gazetteer: Gazetteer | None = None, rules: Rules | None = None, epochs: int = EPOCHS,
          seed: int = SEED, log=None) -> Language:
    """A name model trained on `texts`, labelled with the names of `gazetteer`."""
    gazetteer = gazetteer or load_gazetteer()
    rules = rules or load_rules()
    fix_random_seed(seed)
    nlp = spacy.blank("zh")  # the tokenizer is never used: windows are made one character per token
    nlp.add_pipe("spancat_singlelabel", config=CONFIG)
    examples = silver_examples(nlp, texts, gazetteer, rules)
    if not examples:
        raise ValueError("no window to learn from: the texts have no head word (name_heads)")
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    nlp.meta["losses"] = []
    for epoch in range(epochs):
        started, losses = time.perf_counter(), {}
        batch_order = examples[:]
        order.shuffle(batch_order)
        for batch in minibatch(batch_order, BATCH):
            nlp.update(batch, sgd=optimizer, losses=losses)
        nlp.meta["losses"].append(round(sum(losses.values()), 4))
        if log:
            log(f"epoch {epoch + 1}/{epochs}: loss {sum(losses.values()):.1f} ({time.perf_counter() - started:.1f} s)")
    nlp.meta["name"] = "innograph_names"
    nlp.meta["description"] = "Where a name ends at a head word starts, and its label (loaders/train_names.py)"
    nlp.meta["windows"] = len(examples)
    nlp.meta["names"] = sum(1 for e in examples if len(e.reference.spans[SPANS_KEY]))
    return nlp


def inputs_digest(texts: Iterable[str], folder: Path = GAZETTEER_DIR) -> dict[str, str]:
    """What a model depends on: the texts, the gazetteer files and the rules, each as a sha256."""
    corpus = hashlib.sha256("\x00".join(texts).encode()).hexdigest()
    gazetteer = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.yaml")))).hexdigest()
    return {"corpus_sha256": corpus, "gazetteer_sha256": gazetteer, "rules_sha256": rules_digest()}


def save(nlp: Language, out: Path, texts: list[str], epochs: int, seed: int, seconds: float) -> None:
    nlp.to_disk(out)
    facts = {**inputs_digest(texts), "spacy": spacy.__version__, "epochs": epochs, "seed": seed,
             "windows": nlp.meta["windows"], "names": nlp.meta["names"], "seconds": round(seconds, 1)}
    (out / TRAINING_FILE).write_text(json.dumps(facts, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m loaders.train_names", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=BUNDLED_SOURCES, help="corpus folder (with sources.yaml)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    texts = corpus_texts(args.sources)
    nlp = train(texts, epochs=args.epochs, seed=args.seed, log=print)
    save(nlp, args.out, texts, args.epochs, args.seed, time.perf_counter() - started)
    print(f"{nlp.meta['windows']} windows, {nlp.meta['names']} with a name; written to {args.out} "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
