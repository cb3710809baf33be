"""Every API operation, fed with generated input: no 5xx, and every answer matches the schema.

Not checked: whether the API accepts every schema-valid request. A schema cannot say that a
linked id must exist and belong to the caller, so such requests rightly answer 400.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from apps.accounts.audit import Actor
from apps.api.services import token_create
from careerbuilder.wsgi import application
from tests.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def keep_the_test_connection():
    """Like Django's test client: a request must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer_token(db, keep_the_test_connection):
    user = UserFactory()
    return token_create(user=user, name="schemathesis", actor=Actor(user))[1]


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_honours_its_schema(case, bearer_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {bearer_token}"},
        excluded_checks=[checks.positive_data_acceptance, checks.negative_data_rejection],
    )
