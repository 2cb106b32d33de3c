"""Every change list of the admin answers any value of its filters and date hierarchy."""

import pytest
from django.contrib import admin

from tests.admin_forms import admin_url
from tests.factories import build_workshop

pytestmark = pytest.mark.django_db

# A word, a number too large for any column, the last year of the calendar, a NUL byte and a
# date that does not exist.
VALUES = ["abc", "99999999999999999999", "9999", "\x00", "2007-13-45"]


def query_parameters(client, model):
    """The names a change list reads: its filters', its date hierarchy's and its own."""
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    changelist = response.context["cl"]
    names = {"q", "o", "p", "e", "_facets", "all"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if changelist.date_hierarchy:
        field = changelist.date_hierarchy
        names.update(f"{field}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_change_list_answers_any_value_of_any_parameter_without_a_server_error(
    admin_client, model
):
    build_workshop(2)
    failures = []
    for name in query_parameters(admin_client, model):
        for value in VALUES:
            status = admin_client.get(admin_url(model, "changelist"), {name: value}).status_code
            if status >= 500:
                failures.append((name, value, status))
    assert failures == []


@pytest.mark.parametrize(
    "query",
    [
        {"start_date__year": "99999999999999999999"},
        {"start_date__year": "9999"},
        {"start_date__year": "2007", "start_date__month": "13"},
        {"start_date__year": "2007", "start_date__month": "12", "start_date__day": "10" * 10},
    ],
)
def test_a_date_outside_the_calendar_shows_the_workshop_list_with_its_error_note(
    admin_client, query
):
    response = admin_client.get("/admin/workshops/workshop/", query, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/admin/workshops/workshop/?e=1", 302)]
