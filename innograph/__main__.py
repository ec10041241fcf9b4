"""`python -m innograph`, and the `innograph` script (pyproject.toml)."""

import sys


def main() -> None:
    # The neo4j driver imports pandas when it is installed, for Result.to_df(), which no command uses: 0.3–0.4 s of
    # every command's start. A command runs in a process of its own, so pandas is hidden from that process only.
    sys.modules.setdefault("pandas", None)
    from innograph.cli import app

    app(prog_name="innograph")


if __name__ == "__main__":
    main()
