"""/sitemap.xml: the public pages for search engines, in every language, published content only."""

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
        return (
            Session.objects.published().exclude(kind=Session.Kind.BREAK).select_related("workshop")
        )


class SpeakerSitemap(PublicSitemap):
    def items(self):
        return Speaker.objects.published()


class OrganizationSitemap(PublicSitemap):
    def items(self):
        return Organization.objects.published()


class PolicyExampleSitemap(PublicSitemap):
    def items(self):
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
