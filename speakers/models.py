from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from idm.uploads import generated_upload_name, validate_upload_size


class SlugManager(models.Manager):
    """Looks objects up by slug, their natural key in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Country(models.Model):
    """An ISO 3166-1 country, as a table so that examples can concern several countries."""

    code = models.CharField(_("ISO 3166-1 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return str(countries.name(self.code) or self.name)


class OrganizationQuerySet(models.QuerySet):
    def published(self):
        """Organizations linked to something public: a partner role, a person or an example."""
        from workshops.models import PolicyExample, SessionSpeaker, Workshop, WorkshopPartner

        return self.filter(
            Exists(
                WorkshopPartner.objects.filter(
                    organization=OuterRef("pk"), workshop__in=Workshop.objects.published()
                )
            )
            | Exists(
                SessionSpeaker.objects.published().filter(
                    Q(organization=OuterRef("pk")) | Q(speaker__organization=OuterRef("pk"))
                )
            )
            | Exists(PolicyExample.objects.published().filter(organizations=OuterRef("pk")))
        )


class Organization(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government or ministry")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental or UN body")
        EMPLOYERS = "employers", _("Employers' organization")
        TRADE_UNION = "trade_union", _("Trade union")
        COMPANY = "company", _("Private company")
        CIVIL_SOCIETY = "civil_society", _("NGO or civil society")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("country"),
        help_text=_("Leave empty for international organizations."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
        help_text=_("The larger body this one belongs to, e.g. the government of a ministry."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = SlugManager.from_queryset(OrganizationQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(Lower("slug"), name="organization_slug_ci_unique"),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("speakers:organization-detail", kwargs={"slug": self.slug})

    @property
    def name_with_country(self):
        """The name as agendas print it: 'Ministry of Labour, Kenya', but 'Government of Italy'."""
        if self.country is None:
            return self.name
        with translation.override("en"):
            named_in_english = str(self.country) in self.name
        return self.name if named_in_english else f"{self.name}, {self.country}"

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organization cannot be part of itself.")})
            ancestor = ancestor.parent


class SpeakerQuerySet(models.QuerySet):
    def published(self):
        """People who speak, or are represented, in a session of a published workshop."""
        from workshops.models import SessionSpeaker

        in_published = SessionSpeaker.objects.published()
        return self.filter(
            Exists(in_published.filter(speaker=OuterRef("pk")))
            | Exists(in_published.filter(on_behalf_of=OuterRef("pk")))
        )


def speaker_photo_path(instance, filename):
    return generated_upload_name("speakers", filename)


class Speaker(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        help_text=_("How the name is alphabetized, e.g. 'McKinley, Brunson'."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    position = models.CharField(
        _("current position"),
        max_length=300,
        blank=True,
        help_text=_("The title held in a given session is recorded on the session."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organization"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("country"),
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=speaker_photo_path, blank=True, validators=[validate_upload_size]
    )

    objects = SlugManager.from_queryset(SpeakerQuerySet)()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(Lower("slug"), name="speaker_slug_ci_unique"),
        ]
        indexes = [models.Index(fields=["sort_name"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("speakers:speaker-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
