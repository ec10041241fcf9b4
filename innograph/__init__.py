"""innograph: a knowledge graph of who funds, runs and questions innovation policy in Hong Kong."""

__version__ = "0.1.0"
