"""Two editors at work at once, each in their own browser: nothing either typed is lost
without a message."""

import pytest
from selenium.webdriver.common.by import By

from tests.factories import editor_account
from workshops.models import GuidingQuestion, Session

from .admin import fill, form_errors, log_in, save, server_error, success_messages
from .browser import chromium

pytestmark = pytest.mark.browser

SESSION_I = {
    "workshop__slug": "making-global-labour-mobility-a-catalyst-for-development",
    "slug": "session-i",
}


@pytest.fixture
def editors(site):
    return [editor_account(name) for name in ("alice", "bob")]


@pytest.mark.slow
def test_session_page_and_its_questions_own_pages_at_once(browser, site, editors):
    session = Session.objects.get(**SESSION_I)
    question = session.guiding_questions.order_by("order").first()
    session_page = site(f"/admin/workshops/session/{session.pk}/change/")
    question_page = site(f"/admin/workshops/guidingquestion/{question.pk}/change/")
    alice = browser
    log_in(alice, site, "alice")
    with chromium() as bob:
        log_in(bob, site, "bob")

        # Bob rewords a question on its own page while Alice has the session page open.
        alice.get(session_page)
        bob.get(question_page)
        fill(bob, "text_en", "Which rights do temporary workers keep?")
        save(bob)
        assert success_messages(bob)

        # Alice saves the session without touching that row: her change is saved, his stays.
        fill(alice, "description_en", "Ministers and employers on labour mobility.")
        save(alice)
        assert not server_error(alice)
        assert success_messages(alice), form_errors(alice)
        question.refresh_from_db()
        session.refresh_from_db()
        assert question.text == "Which rights do temporary workers keep?"
        assert session.description == "Ministers and employers on labour mobility."

        # Both change the same question: the later save is refused, says what Bob saved and
        # keeps what Alice typed.
        alice.get(session_page)
        bob.get(question_page)
        fill(bob, "text_en", "Which rights do seasonal workers keep?")
        save(bob)
        fill(alice, "guiding_questions-0-text_en", "Which rights travel with the worker?")
        save(alice)

        assert not success_messages(alice)
        assert "Someone else saved this guiding question while you were editing it" in (
            alice.find_element(By.ID, "guiding_questions-group").text
        )
        assert (
            "Saved meanwhile as: Which rights do seasonal workers keep?"
            in alice.find_element(By.ID, "guiding_questions-group").text
        )
        typed = alice.find_element(By.NAME, "guiding_questions-0-text_en").get_attribute("value")
        assert typed == "Which rights travel with the worker?"
        question.refresh_from_db()
        assert question.text == "Which rights do seasonal workers keep?"

        # Having read Bob's version, Alice keeps hers by saving again.
        save(alice)
        assert success_messages(alice), form_errors(alice)
        assert GuidingQuestion.objects.get(pk=question.pk).text == (
            "Which rights travel with the worker?"
        )
