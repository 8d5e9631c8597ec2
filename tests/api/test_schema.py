"""schemathesis against the OpenAPI document of a running demo server on 127.0.0.1.

For every operation, a bounded number of generated requests (valid and invalid), each sent once anonymously
(the public view) and once with a monitor's API key: no server error (5xx), every response matches its
documented status codes, content type and schema, invalid requests are refused with a 4xx, and every 422
names the invalid field.

(Driven through ``APIOperation.as_strategy`` with Hypothesis rather than ``schemathesis.pytest.from_fixture``,
whose lazy loader does not work with pytest 9.2.)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from jointmap.api import create_app
from jointmap.api.testing import ServerThread, copy_database
from jointmap.settings import Settings
from jointmap.store import Store
from jointmap.store.accounts import Role, create_api_key

pytestmark = pytest.mark.slow

#: Generated examples per operation and mode; JOINTMAP_SCHEMATHESIS_EXAMPLES raises it for a longer run.
MAX_EXAMPLES = int(os.environ.get("JOINTMAP_SCHEMATHESIS_EXAMPLES", "6"))


def validation_errors_name_the_field(_ctx: Any, response: Any, _case: Any) -> bool | None:
    """Every 422 is the JSON error body with at least one named field."""
    if response.status_code != 422:
        return None
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert body.get("fields") and all(f.get("field") for f in body["fields"]), body
    return True


CHECKS: list[Any] = [
    validation_errors_name_the_field,
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
]


@pytest.fixture(scope="module")
def running(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerThread, str]]:
    # A fresh copy of the demo and its keys for this module; generated writes stay in it.
    folder = tmp_path_factory.mktemp("schema")
    shutil.copytree(demo_template.parent / "keys", folder / "keys")
    path = copy_database(demo_template, folder / "demo.db")
    settings_ = Settings(database=str(path))  # keys: keys/ beside the database
    with Store.open(path, keys=settings_.keys_path) as store:
        secret, _ = create_api_key(store.engine, "monitor", Role.MONITOR, "schemathesis")
        with ServerThread(create_app(settings_, store)) as server:
            yield server, secret


def _operations(url: str) -> list[Any]:
    config = SchemathesisConfig.from_dict({"seed": 20160227})
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json", config=config, timeout=10)
    return [result.ok() for result in schema.get_all_operations()]


def test_api_conforms_to_its_openapi_document(running: tuple[ServerThread, str]) -> None:
    server, secret = running
    operations = _operations(server.url)
    assert len(operations) > 30
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                for headers in ({}, {"Authorization": f"Bearer {secret}"}):
                    case.call_and_validate(base_url=server.url, checks=CHECKS, headers=headers, timeout=10)

            try:
                run()
            except Unsatisfiable:
                continue  # nothing invalid to send (no parameters, no body)
            except (AssertionError, FailureGroup) as exc:
                failures.append(f"{operation.label} ({mode.value}):\n{exc}")
    assert not failures, "\n\n".join(failures)
