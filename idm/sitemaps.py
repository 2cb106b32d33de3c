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


class SessionSitemap(PublicSitemap):
    def items(self):
        sessions = Session.objects.published().with_a_page()
        return sessions.values_list("workshop__slug", "slug").order_by("workshop__slug", "slug")

    def location(self, item):
        workshop_slug, slug = item
        return slug_url("workshops:session-detail", workshop_slug=workshop_slug, slug=slug)


class PublicationSitemap(PublicSitemap):
    def items(self):
        publications = Publication.objects.published()
        return publications.values_list("workshop__slug", "slug").order_by("workshop__slug", "slug")

    def location(self, item):
        workshop_slug, slug = item
        return slug_url("workshops:publication-detail", workshop_slug=workshop_slug, slug=slug)


class PartSitemap(PublicSitemap):
    """The pages to read the texts of publications."""

    def items(self):
        fields = ["publication__workshop__slug", "publication__slug", "slug"]
        return PublicationPart.objects.published().values_list(*fields).order_by(*fields)

    def location(self, item):
        workshop_slug, publication_slug, slug = item
        return slug_url(
            "workshops:part-detail",
            workshop_slug=workshop_slug,
            publication_slug=publication_slug,
            slug=slug,
        )


class SlugSitemap(PublicSitemap):
    """The published objects of a large table, by slug, each at `url_name`."""

    url_name = ""

    def objects(self):
        raise NotImplementedError

    def items(self):
        return self.objects().values_list("slug", flat=True).order_by("slug")

    def location(self, item):
        return slug_url(self.url_name, slug=item)


class SpeakerSitemap(SlugSitemap):
    url_name = "speakers:speaker-detail"

    def objects(self):
        return Speaker.objects.published()


class OrganizationSitemap(SlugSitemap):
    url_name = "speakers:organization-detail"

    def objects(self):
        return Organization.objects.published()


class PolicyExampleSitemap(SlugSitemap):
    url_name = "workshops:policyexample-detail"

    def objects(self):
        return PolicyExample.objects.published()


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
