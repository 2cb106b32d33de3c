"""Django's loaddata, reporting a broken fixture as one clear error instead of a traceback.

Under its own name, so that Django's loaddata (which django-modeltranslation replaces with its
own, with a --populate option) stays what its documentation says. It loads in English: a
fixture written before the texts had a column per language (`"title": …`, where one now
writes `"title_en": …`) fills the English columns, whatever the caller's language.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from django.utils import translation

from idm.languages import ENGLISH


def describe(error):
    """The error's message followed by those of its causes, each said once."""
    messages = []
    while error is not None:
        message = str(error).strip()
        if message and not any(message in seen for seen in messages):
            messages.append(message)
        error = error.__cause__
    return " ".join(messages)


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        # loaddata saves every object of every fixture in one transaction: on any error the
        # database is left exactly as it was.
        try:
            with translation.override(ENGLISH):
                super().handle(*fixture_labels, **options)
        except (DeserializationError, DatabaseError, ValidationError, ObjectDoesNotExist) as error:
            raise CommandError(
                f"Could not load {', '.join(fixture_labels)}: {describe(error)}\n"
                "Nothing was loaded: the database is unchanged."
            ) from error
