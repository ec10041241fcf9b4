"""Property-based requests from the API's own OpenAPI schema (schemathesis + hypothesis), over HTTP against the loaded
corpus: whatever a client sends within or around the documented parameters, the answer is never a server error, and
every documented response matches its schema."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

# CI runs a fixed set of examples (derandomized: the same cases every run, so a red build is reproducible);
# INNOGRAPH_FUZZ_EXAMPLES=500 INNOGRAPH_FUZZ_RANDOM=1 explores further by hand.
EXAMPLES_PER_OPERATION = int(os.environ.get("INNOGRAPH_FUZZ_EXAMPLES", "40"))
DERANDOMIZE = not os.environ.get("INNOGRAPH_FUZZ_RANDOM")

# All default checks (no 5xx, status codes, bodies and content types as documented) except the two that second-guess
# validation: a 404 for an id that matches the documented pattern, or a 400 for a refused Cypher query, is the right
# answer, not a schema violation.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


def _operations(api_url):
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_lists_every_endpoint(api_url):
    paths = {op.path for op in _operations(api_url)}
    assert {"/search", "/entities/{node_id}", "/entities/{node_id}/neighbours", "/entities/{node_id}/figures", "/paths",
            "/funding", "/cypher",
            "/queries", "/queries/{name}", "/questions", "/legislators"} <= paths, paths


def test_no_server_errors_and_responses_match_the_schema(api_url):
    failures = []
    for operation in _operations(api_url):
        if operation.path in ("/", "/static/{path}"):
            continue  # the web explorer's files: tested in a real browser (test_explorer.py)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=DERANDOMIZE,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(excluded_checks=EXCLUDED, timeout=60)

        try:
            check()
        except Exception as error:  # collect them all: one report names every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:1500]}")
    assert not failures, "\n\n".join(failures)
