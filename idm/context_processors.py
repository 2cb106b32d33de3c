from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.encoding import escape_uri_path


def language_links(request):
    """The page in each language: its path under each language prefix, with the same query.

    Plain links rather than a form posting to set_language: public pages then need neither a
    CSRF token nor a cookie, and the page cache can keep them.
    """
    current = translation.get_language()
    prefix = f"/{current}/"
    path = request.path_info
    rest = escape_uri_path(path.removeprefix(prefix)) if path.startswith(prefix) else ""
    query = request.META.get("QUERY_STRING", "")
    suffix = f"{rest}?{query}" if query else rest
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": f"{get_script_prefix()}{code}/{suffix}",
                "is_current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }
