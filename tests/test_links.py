import pytest
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from idm.links import slug_url

SLUG_VIEWS = [
    ("workshops:workshop-detail", {"slug": "making-global-labour-mobility"}),
    ("workshops:session-detail", {"workshop_slug": "idm-2007", "slug": "session-i"}),
    ("workshops:policyexample-detail", {"slug": "gats-mode-4"}),
    ("speakers:speaker-detail", {"slug": "ibrahim-awad"}),
    ("speakers:organization-detail", {"slug": "ilo_2"}),
]


@pytest.fixture
def script_prefix():
    """A site served under a path (SCRIPT_NAME), as behind a proxy that mounts it there."""
    before = get_script_prefix()
    set_script_prefix("/idm/")
    yield "/idm/"
    set_script_prefix(before)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(("viewname", "slugs"), SLUG_VIEWS)
def test_slug_url_gives_what_reverse_gives_in_every_language(viewname, slugs, language):
    with translation.override(language):
        assert slug_url(viewname, **slugs) == reverse(viewname, kwargs=slugs)
        assert slug_url(viewname, **slugs).startswith(f"/{language}/")


def test_slug_url_follows_the_script_prefix(script_prefix):
    with translation.override("fr"):
        address = slug_url("speakers:speaker-detail", slug="ibrahim-awad")
    assert address == "/idm/fr/speakers/ibrahim-awad/"


def test_slug_url_puts_each_slug_in_its_own_place():
    first = slug_url("workshops:session-detail", workshop_slug="a-1", slug="session-i")
    second = slug_url("workshops:session-detail", workshop_slug="b-2", slug="session-ii")
    assert first.endswith("/a-1/sessions/session-i/")
    assert second.endswith("/b-2/sessions/session-ii/")


@pytest.mark.parametrize("slug", ["café", "a b", "x{0}y", ""])
def test_a_value_that_is_no_slug_is_refused_as_reverse_refuses_it(slug):
    for address in (slug_url, lambda name, **slugs: reverse(name, kwargs=slugs)):
        with pytest.raises(NoReverseMatch):
            address("speakers:speaker-detail", slug=slug)
