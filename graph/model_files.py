"""Files generated from data/model.yaml: cypher/schema.cypher and cypher/browser/style.grass.

They are checked in, because people read them (the schema is applied by every build and shipped with the exports;
the style is dragged into Neo4j Browser), and tests/test_model.py fails when they differ from what the model says.
After changing the model:

    python -m graph.model_files --write
"""

from __future__ import annotations

import argparse
import colorsys
import sys
from pathlib import Path

from graph.cypher import CYPHER_DIR
from graph.model import MODEL, Model

SCHEMA_FILE = CYPHER_DIR / "schema.cypher"
STYLE_FILE = CYPHER_DIR / "browser" / "style.grass"


def schema_cypher(model: Model = MODEL) -> str:
    """A uniqueness constraint on `id` for every label, and an index on each `indexed: true` property of a label."""
    lines = [
        "// Schema: a uniqueness constraint on `id` for every label, and indexes on the properties people search by.",
        "// Applied on every build; every statement is idempotent (IF NOT EXISTS). Runs unchanged on Neo4j 5 and",
        "// ArcadeDB. GENERATED from data/model.yaml by `python -m graph.model_files --write`: edit the model.",
        "",
    ]
    for label in model.labels:
        lines.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    lines.append("")
    for label, spec in model.labels.items():
        for prop in sorted(p for p in spec.properties if model.properties[p].indexed):
            lines.append(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop});")
    return "\n".join(lines) + "\n"


def style_grass(model: Model = MODEL) -> str:
    """Neo4j Browser's style sheet: each label in its model colour, each relationship type as the model says."""
    # No header comment: Browser's GraSS parser takes no comments (tests/test_browser_guide.py ports it).
    blocks = [
        _block("node", {"diameter": "50px", "color": "#A5ABB6", "border-color": "#9AA1AC", "border-width": "2px",
                        "text-color-internal": "#FFFFFF", "font-size": "10px", "caption": '"{name}"'}),
        _block("relationship", {"color": "#A5ABB6", "shaft-width": "1px", "font-size": "8px", "padding": "3px",
                                "text-color-external": "#000000", "text-color-internal": "#FFFFFF",
                                "caption": '"<type>"'}),
    ]
    for label, spec in model.labels.items():
        blocks.append(_block(f"node.{label}", {
            "color": spec.colour.upper(),
            "border-color": _darker(spec.colour),
            "text-color-internal": "#FFFFFF",
            "diameter": f"{spec.browser.size}px",
            "font-size": "12px" if spec.browser.size >= 70 else "10px",
            "caption": f'"{_caption(spec.browser.caption)}"',
        }))
    for rel, spec in model.relationships.items():
        blocks.append(_block(f"relationship.{rel}", {
            "color": spec.browser.colour.upper(),
            "shaft-width": f"{spec.browser.width}px",
            "caption": f'"{_caption(spec.browser.caption)}"',
        }))
    return "\n".join(blocks) + "\n"


def _block(selector: str, props: dict[str, str]) -> str:
    return selector + " {\n" + "".join(f"  {key}: {value};\n" for key, value in props.items()) + "}"


def _caption(name: str) -> str:
    return name if name.startswith("<") else "{" + name + "}"


def _darker(colour: str) -> str:
    """The border: the same hue, 25% darker."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, light * 0.75, s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


GENERATED = {SCHEMA_FILE: schema_cypher, STYLE_FILE: style_grass}


def stale_files() -> list[Path]:
    """The generated files whose content differs from what the model gives today."""
    return [path for path, make in GENERATED.items()
            if not path.is_file() or path.read_text(encoding="utf-8") != make()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the files (default: only check them)")
    args = parser.parse_args(argv)
    stale = stale_files()
    if args.write:
        for path in stale:
            path.write_text(GENERATED[path](), encoding="utf-8")
            print(f"wrote {path}")
        return 0
    for path in stale:
        print(f"{path} is out of date: run python -m graph.model_files --write", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
