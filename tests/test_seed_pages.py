"""The 2007 workshop as participants see it."""

import re

import pytest

from speakers.models import Organization
from tests.seed import WORKSHOP_SLUG
from workshops.models import PolicyExample

pytestmark = pytest.mark.django_db


def text(response):
    """The page's visible text on one line."""
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")


def test_workshop_page_shows_the_2007_overview_and_agenda(client, seed):
    page = text(client.get(f"/en/workshops/{WORKSHOP_SLUG}/"))
    assert "8\N{EN DASH}9 October 2007 · Geneva, Switzerland" in page
    assert "About 170 participants from 65 countries" in page
    assert "Day 1: Monday 8 October 2007" in page
    assert "Day 2: Tuesday 9 October 2007" in page
    assert "17:50 \N{EN DASH} 18:00" in page
    assert "Government of the United States Funder" in page


def test_session_page_shows_titles_organizations_and_countries_as_the_agenda_does(client, seed):
    page = text(client.get(f"/en/workshops/{WORKSHOP_SLUG}/sessions/session-i/"))
    assert (
        "Kreshna Bunjun, Deputy Director General, Ministry of Finance and Economic Development, "
        "Mauritius" in page
    )
    assert (
        "Jung Mino, Labour Attaché, Permanent mission of the Republic of Korea in Geneva "
        "on behalf of Hyo-jung Hwang" in page
    )
    assert "Moderator: Ibrahim Awad, Director, International Migration Programme" in page
    assert "Paper by Kreshna Bunjun" in page
    assert "Setting the Scene" in page  # previous item
    assert "Session II: Key Policy Elements" in page  # next item: the break has no page


def test_session_i_leads_to_session_ii_past_the_break_which_has_no_page(client, seed):
    sessions = f"/en/workshops/{WORKSHOP_SLUG}/sessions/"
    html = client.get(f"{sessions}session-i/").content.decode()

    assert f'rel="next" href="{sessions}session-ii/"' in html
    assert "afternoon-break" not in html
    assert (
        f'rel="prev" href="{sessions}session-i/"'
        in client.get(f"{sessions}session-ii/").content.decode()
    )
    assert client.get(f"{sessions}afternoon-break-day-1/").status_code == 404


def test_the_person_spoken_for_has_a_page_listing_the_session(client, seed):
    page = text(client.get("/en/speakers/hyo-jung-hwang/"))
    assert "Hyo-jung Hwang" in page
    assert "Session I: Towards More Effective Labour Migration Management" in page


def test_an_organization_names_its_parent_and_links_it_only_when_it_has_a_page(client, seed):
    kennedy = client.get("/en/organizations/kennedy-school-of-government/")
    assert "Part of Harvard University" in text(kennedy)
    assert 'href="/en/organizations/harvard-university/"' not in kennedy.content.decode()
    assert client.get("/en/organizations/harvard-university/").status_code == 404

    # Once the OECD has content of its own, its Development Centre's page links to it.
    Organization.objects.get(slug="oecd").policy_examples.add(PolicyExample.objects.first())
    centre = client.get("/en/organizations/oecd-development-centre/").content.decode()
    assert 'Part of <a href="/en/organizations/oecd/">' in centre
    assert client.get("/en/organizations/oecd/").status_code == 200


def test_the_organization_of_the_person_spoken_for_has_a_page_of_its_own(client, seed):
    # Without the policy example that also cites it, the ministry is public through her alone.
    ministry = Organization.objects.get(slug="korea-ministry-of-labour")
    ministry.policy_examples.clear()

    speaker = client.get("/en/speakers/hyo-jung-hwang/").content.decode()
    assert 'href="/en/organizations/korea-ministry-of-labour/"' in speaker
    page = text(client.get("/en/organizations/korea-ministry-of-labour/"))
    assert "Hyo-jung Hwang" in page


def test_the_2007_agenda_is_in_the_order_of_its_times(client, seed):
    html = client.get(f"/en/workshops/{WORKSHOP_SLUG}/").content.decode()
    assert re.findall(r'<li id="session-([^"]+)"', html) == [
        "registration",
        "welcome-remarks",
        "keynote-presentation",
        "setting-the-scene",
        "session-i",
        "afternoon-break-day-1",
        "session-ii",
        "migrant-story",
        "session-iii",
        "afternoon-break-day-2",
        "session-iv",
        "wrap-up-and-closing-remarks",
    ]


def test_a_kind_label_that_only_repeats_the_title_is_left_out(client, seed):
    html = client.get(f"/en/workshops/{WORKSHOP_SLUG}/").content.decode()
    kinds = re.findall(r'<p class="kind">([^<]+)</p>', html)
    assert "Welcome remarks" not in kinds  # over "Welcome Remarks"
    assert "Registration" not in kinds
    assert "Migrant story" not in kinds
    assert kinds.count("Panel session") == 4
    assert "Keynote" in kinds  # over "Keynote Presentation": it says more
    assert "Break" in kinds  # over "Afternoon Break"
    welcome = client.get(f"/en/workshops/{WORKSHOP_SLUG}/sessions/welcome-remarks/")
    assert '<p class="kind">' not in welcome.content.decode()
    assert "<h1>Welcome Remarks</h1>" in welcome.content.decode()


SITE_DESCRIPTION = (
    "Workshops of IOM's International Dialogue on Migration: agendas, speakers, documents and "
    "policy examples."
)


@pytest.mark.parametrize(
    "path, description",
    [
        ("/en/", SITE_DESCRIPTION),
        ("/en/years/2007/", "in 2007: Migration Management in the Evolving Global Economy"),
        (f"/en/workshops/{WORKSHOP_SLUG}/", "Globalization is facilitating greater labour"),
        (f"/en/workshops/{WORKSHOP_SLUG}/sessions/session-i/", "Effective management is"),
        (
            f"/en/workshops/{WORKSHOP_SLUG}/sessions/registration/",
            "Making Global Labour Mobility a Catalyst for Development, 8 October 2007",
        ),
        ("/en/speakers/ibrahim-awad/", "Director, International Migration Programme"),
        ("/en/organizations/iom/", "International Organization for Migration at the workshops"),
        ("/en/speakers/", "The speakers of the workshops"),
        ("/en/organizations/", "The organizations at the workshops"),
        ("/en/policy-examples/", "Practices that governments and other actors presented"),
        ("/en/policy-examples/spain-ecuador-remittance-costs-agreement/", "Spain and Ecuador"),
        ("/en/guiding-questions/", "The questions proposed to guide the discussion"),
        ("/en/my-agenda/", SITE_DESCRIPTION),
        (f"/en/workshops/{WORKSHOP_SLUG}/publications/red-book/report/", "Report: "),
        ("/en/about/", "is IOM's forum for States and other stakeholders to discuss migration."),
        (
            f"/en/workshops/{WORKSHOP_SLUG}/publications/red-book/",
            "Making Global Labour Mobility a Catalyst for Development, 8\N{EN DASH}9 October 2007",
        ),
    ],
)
def test_every_page_has_a_description_from_its_content(client, seed, path, description):
    html = client.get(path).content.decode()
    (found,) = re.findall(r'<meta name="description" content="([^"]+)">', html)
    assert description in found
