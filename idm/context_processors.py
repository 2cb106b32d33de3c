from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.encoding import escape_uri_path


def language_links(request):
    """The page in each language: its path under each language prefix, with the same query.

    Plain links rather than a form posting to set_language: public pages then need neither a
    CSRF token nor a cookie, and the page cache can keep them. The same addresses, absolute,
    are the page's hreflang alternates; `x-default` is the address without a language, which
    sends each visitor to the page in the language their browser prefers (as in the sitemap).
    """
    current = translation.get_language()
    prefix = f"/{current}/"
    path = request.path_info
    rest = escape_uri_path(path.removeprefix(prefix)) if path.startswith(prefix) else ""
    query = request.META.get("QUERY_STRING", "")
    suffix = f"{rest}?{query}" if query else rest
    links = [
        {
            "code": code,
            "name": name,
            "url": f"{get_script_prefix()}{code}/{suffix}",
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    for link in links:
        link["absolute_url"] = absolute(request, link["url"])
    x_default = absolute(request, f"{get_script_prefix()}{suffix}")
    return {"language_links": links, "language_x_default": x_default}


def absolute(request, url):
    """`url` with the site's scheme and host; as it is on the page refusing an unknown host."""
    try:
        return request.build_absolute_uri(url)
    except DisallowedHost:
        return url


def site(request):
    """Who to write to, shown in every page's footer when set (DJANGO_CONTACT_EMAIL)."""
    return {"contact_email": settings.CONTACT_EMAIL}
