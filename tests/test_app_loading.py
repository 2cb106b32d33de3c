"""What an app server keeps from loading the code: nothing of the request it was serving.

A worker loads the views, the API and the admin while it answers its first request, in that
request's language. django-modeltranslation writes a translated field named in a query (an
ordering by "workshop__title") as the column of the language active when the query is built:
a query built on loading would keep that language's column for every later request.
"""

import json
import subprocess
import sys

from django.conf import settings

QUERIES_BUILT_ON_LOADING = """
import gc, json, sys
import django
from django.utils import translation
django.setup()
translation.activate(sys.argv[1])
from django.db.models import QuerySet
from django.urls import get_resolver
get_resolver().url_patterns  # loads every view: the site's, the API's and the admin's
translation.activate("en")
print(json.dumps(sorted(str(q.query) for q in gc.get_objects() if isinstance(q, QuerySet))))
"""


def queries_built_on_loading(language):
    """The SQL, read in English, of every query the code builds while it loads in `language`."""
    result = subprocess.run(
        [sys.executable, "-c", QUERIES_BUILT_ON_LOADING, language],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_queries_built_on_loading_do_not_depend_on_the_first_requests_language():
    """They did: a worker whose first request was in French ordered the API's publications by
    their French titles for everyone, and its pages lost an object where those were empty."""
    english = queries_built_on_loading("en")
    assert len(english) > 20  # the view's querysets, the filters' choices, the prefetches

    assert queries_built_on_loading("fr") == english
