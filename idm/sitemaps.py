"""The public pages for search engines, in every language, published content only.

/sitemap.xml is an index of one sitemap per section (/sitemap-<section>.xml), in pages of
PublicSitemap.limit entries: with every policy example in three languages a single file would
hold 300,000 addresses and take most of a minute to write. The large sections list slugs, not
model instances: Django reads the whole list of a section for each of its pages.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from speakers.models import Organization, Speaker
from workshops.models import DialogueYear, PolicyExample, Session, Workshop


class PublicSitemap(Sitemap):
    """Each page once per language, each entry naming the other languages' addresses."""

    i18n = True
    alternates = True
    x_default = True
    # Entries (a page in one language) per file: each writes five addresses.
    limit = 1000


class PageSitemap(PublicSitemap):
    def items(self):
        return [
            "workshops:home",
            "speakers:speaker-list",
            "speakers:organization-list",
            "workshops:policyexample-list",
            "workshops:guidingquestion-list",
        ]

    def location(self, item):
        return reverse(item)


class DialogueYearSitemap(PublicSitemap):
    def items(self):
        return DialogueYear.objects.filter(
            Exists(Workshop.objects.published().filter(dialogue_year=OuterRef("pk")))
        )


class WorkshopSitemap(PublicSitemap):
    def items(self):
        return Workshop.objects.published()


class SessionSitemap(PublicSitemap):
    def items(self):
        # Breaks have no page of their own, as in the agenda and the search.
        sessions = Session.objects.published().exclude(kind=Session.Kind.BREAK)
        return sessions.values_list("workshop__slug", "slug")

    def location(self, item):
        workshop_slug, slug = item
        return reverse(
            "workshops:session-detail", kwargs={"workshop_slug": workshop_slug, "slug": slug}
        )


class SlugSitemap(PublicSitemap):
    """The published objects of a large table, by slug, each at `url_name`."""

    url_name = ""

    def objects(self):
        raise NotImplementedError

    def items(self):
        return self.objects().values_list("slug", flat=True)

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item})


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
    "speakers": SpeakerSitemap,
    "organizations": OrganizationSitemap,
    "policy-examples": PolicyExampleSitemap,
}
