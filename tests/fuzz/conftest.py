"""A fuzz test that met only the crashes of colleagues' pending issues (``test_fuzz.PENDING``) xfails with
them as its reason; a test that met anything else fails as usual."""

from __future__ import annotations

from collections.abc import Generator

import pytest

FINDINGS: list[str] = []  # the pending crashes met by the test being run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    FINDINGS.clear()
    result = yield
    if FINDINGS:
        pytest.xfail("; ".join(sorted(set(FINDINGS))))
    return result
