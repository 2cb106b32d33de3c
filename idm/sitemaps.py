"""The public pages for search engines, in every language, published content only.

/sitemap.xml is an index of one sitemap per section (/sitemap-<section>.xml), in pages of
PublicSitemap.limit entries: with every policy example in three languages a single file would
hold 300,000 addresses. A page reads only its own items
(LanguagePairs), the large sections as slugs rather than model instances, and the index only
counts them.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.urls import reverse

from idm.links import slug_url
from speakers.models import Organization, Speaker
from workshops.models import (
    DialogueYear,
    PolicyExample,
    Publication,
    PublicationPart,
    Session,
    Workshop,
)


class LanguagePairs:
    """The (item, language) entries of a sitemap in every language, as Django pairs them, read a
    page at a time: Django's own list holds every item of the section in every language, which
    it reads in full for each page and for the index.

    `items`: a queryset in an order that never ties (pages are read with OFFSET), or a list.
    """

    def __init__(self, items, languages):
        self.items = items
        self.languages = languages

    def count(self):
        items = self.items
        return (items.count() if isinstance(items, QuerySet) else len(items)) * len(self.languages)

    def __getitem__(self, entries):
        per_item = len(self.languages)
        first = entries.start // per_item
        last = -(-entries.stop // per_item)
        pairs = [(item, language) for item in self.items[first:last] for language in self.languages]
        return pairs[entries.start - first * per_item : entries.stop - first * per_item]


class PublicSitemap(Sitemap):
    """Each page once per language, each entry naming the other languages' addresses."""

    i18n = True
    alternates = True
    x_default = True
    # Entries (a page in one language) per file: each writes five addresses.
    limit = 1000

    @property
    def paginator(self):
        return Paginator(LanguagePairs(self.items(), self._languages()), self.limit)


class PageSitemap(PublicSitemap):
    def items(self):
        return [
            "workshops:home",
            "speakers:speaker-list",
            "speakers:organization-list",
            "workshops:policyexample-list",
            "workshops:guidingquestion-list",
            "workshops:about",
        ]

    def location(self, item):
        return reverse(item)


class DialogueYearSitemap(PublicSitemap):
    def items(self):
        return DialogueYear.objects.published().order_by("year")


class WorkshopSitemap(PublicSitemap):
    def items(self):
        return Workshop.objects.published().order_by("slug")


class SlugSitemap(PublicSitemap):
    """The published objects of `queryset`, read as the slugs of their address rather than as
    model instances: `slugs` maps each argument of `url_name` to the field that holds it."""

    queryset = None
    url_name = ""
    slugs = {"slug": "slug"}

    def items(self):
        fields = list(self.slugs.values())
        return self.queryset.values_list(*fields).order_by(*fields)

    def location(self, item):
        return slug_url(self.url_name, **dict(zip(self.slugs, item, strict=True)))


IN_A_WORKSHOP = {"workshop_slug": "workshop__slug", "slug": "slug"}


class SessionSitemap(SlugSitemap):
    queryset = Session.objects.published().with_a_page()
    url_name = "workshops:session-detail"
    slugs = IN_A_WORKSHOP


class PublicationSitemap(SlugSitemap):
    queryset = Publication.objects.published()
    url_name = "workshops:publication-detail"
    slugs = IN_A_WORKSHOP


class PartSitemap(SlugSitemap):
    """The pages to read the texts of publications."""

    queryset = PublicationPart.objects.published()
    url_name = "workshops:part-detail"
    slugs = {
        "workshop_slug": "publication__workshop__slug",
        "publication_slug": "publication__slug",
        "slug": "slug",
    }


class SpeakerSitemap(SlugSitemap):
    queryset = Speaker.objects.published()
    url_name = "speakers:speaker-detail"


class OrganizationSitemap(SlugSitemap):
    queryset = Organization.objects.published()
    url_name = "speakers:organization-detail"


class PolicyExampleSitemap(SlugSitemap):
    queryset = PolicyExample.objects.published()
    url_name = "workshops:policyexample-detail"


SITEMAPS = {
    "pages": PageSitemap,
    "years": DialogueYearSitemap,
    "workshops": WorkshopSitemap,
    "sessions": SessionSitemap,
    "publications": PublicationSitemap,
    "texts": PartSitemap,
    "speakers": SpeakerSitemap,
    "organizations": OrganizationSitemap,
    "policy-examples": PolicyExampleSitemap,
}
