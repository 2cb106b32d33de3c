import functools
from operator import attrgetter
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from idm.languages import OriginalInEnglish, Shown, Text, text_of
from idm.links import slug_url
from idm.slugs import SlugMixin, unique_slug_ignoring_case
from idm.uploads import fitted_image, generated_upload_name, validate_upload_size
from idm.versioning import Versioned


def web_link(url):
    """`url` if it is an http(s) address, else '': what a page may offer as a link.

    The admin's URL fields refuse other schemes, but fixtures and scripts skip that check,
    and a javascript: link would run in the visitor's browser.
    """
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


def related_model(model, path):
    """The model at the end of `path`, relations from `model` joined by "__"
    ("participations__session__workshop").

    The workshops app declares the relations between its content and people or organizations;
    speakers/ reaches the workshops' models through them, never by importing that app, which
    depends on this one.
    """
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class NaturalKey:
    """The key that fixtures name objects by: the values of `natural_key_fields`, paths that
    may follow relations ("workshop__slug"); by default the slug. (Serializers order a model
    after the models that its foreign keys lead to: no natural_key.dependencies needed.)"""

    natural_key_fields = ["slug"]

    def natural_key(self):
        return tuple(attrgetter(path.replace("__", "."))(self) for path in self.natural_key_fields)


class NaturalKeyManager(models.Manager):
    """Looks objects up by their natural key in fixtures (NaturalKey)."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


@functools.cache
def country_names(language):
    """{code: name} in `language`, looked up in django_countries once per language.

    Kept: it saves over a fifth of the filtered policy examples' time (README: Performance).
    """
    with translation.override(language):
        return {code: str(name) for code, name in countries}


def country_name(code, name, language=None):
    """A country's name in `language` (by default the current one); `name`, the stored one, for
    a code that django_countries does not know."""
    return country_names(language or translation.get_language()).get(code) or name


class Country(models.Model):
    """An ISO 3166-1 country, as a table so that examples can concern several countries."""

    code = models.CharField(_("ISO 3166-1 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return country_name(self.code, self.name)


class OrganizationQuerySet(models.QuerySet):
    def published(self):
        """Organizations linked to something public: a partner role, an example or a person.

        A person as Speaker.objects.published() has it: speaking in a published session (the
        organization printed with the participation, or the speaker's own) or represented
        there (the organization of the one spoken for, whose page links to it).
        """
        examples = related_model(self.model, "policy_examples").objects.published()
        partner_roles = related_model(self.model, "workshoppartner").objects.published()
        participations = related_model(self.model, "participations").objects.published()
        # Nearly every organization has a published example: tested first, organization by
        # organization, it spares the other tests. As one link looked up by index (migration
        # workshops 0006), not an EXISTS: PostgreSQL would hash an EXISTS over every link to a
        # published example, where most lists need a page of organizations.
        links = self.model.policy_examples.through.objects.filter(
            organization=OuterRef("pk"), policyexample__in=examples
        )
        return self.alias(published_example_link=Subquery(links.values("pk")[:1])).filter(
            Q(published_example_link__isnull=False)
            | Exists(partner_roles.filter(organization=OuterRef("pk")))
            # Plain EXISTS, one per link, rather than one with an OR inside: PostgreSQL can then
            # hash each subquery once instead of running it for every organization.
            | Exists(participations.filter(organization=OuterRef("pk")))
            | Exists(participations.filter(speaker__organization=OuterRef("pk")))
            | Exists(participations.filter(on_behalf_of__organization=OuterRef("pk")))
        )


class Organization(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
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
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        default=Kind.OTHER,
        blank=True,
        help_text=_("Leave empty when the sources do not say what kind of body it is."),
    )
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

    objects = NaturalKeyManager.from_queryset(OrganizationQuerySet)()

    # The text that the site search and the lists' `q` match (idm.filters.text_matches).
    search_fields = ("name", "acronym")

    class Meta:
        ordering = [Shown("name")]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [unique_slug_ignoring_case()]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return slug_url("speakers:organization-detail", slug=self.slug)

    @property
    def website_link(self):
        return web_link(self.website)

    @property
    def name_with_country(self):
        """The name as agendas print it: 'Ministry of Labour, Kenya', but 'Government of Italy'
        (the country named in the name's language); the country in the page's language.

        From the country code, without the country row: an agenda need not join that table.
        """
        name = text_of(self, "name")
        if self.country_id is None:
            return name
        in_names_language = country_names(name.language).get(self.country_id)
        if in_names_language is None:  # Not an ISO code django_countries knows: the stored name.
            return Text.join(name, ", ", str(self.country))
        if in_names_language in name:
            return name
        return Text.join(name, ", ", country_names(translation.get_language())[self.country_id])

    def clean(self):
        """Refuses a parent chain that leads back to this organization or into a loop.

        clean() keeps any one save from closing a loop, but two editors saving A under B and
        B under A at the same time each see a chain without one. A chain that reaches an
        organization twice is reported, not followed forever.
        """
        chain = []
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organization cannot be part of itself.")})
            if ancestor in chain:
                loop = [*chain[chain.index(ancestor) :], ancestor]
                message = _(
                    "The organizations this one is part of form a loop (%(loop)s): correct "
                    "their “part of” first."
                )
                names = " → ".join(str(organization) for organization in loop)
                error = ValidationError(message, code="parent_loop", params={"loop": names})
                raise ValidationError({"parent": error})
            chain.append(ancestor)
            ancestor = ancestor.parent


class SpeakerQuerySet(models.QuerySet):
    def published(self):
        """People who speak, or are represented, in a session of a published workshop."""
        in_published = related_model(self.model, "participations").objects.published()
        return self.filter(
            Exists(in_published.filter(speaker=OuterRef("pk")))
            | Exists(in_published.filter(on_behalf_of=OuterRef("pk")))
        )


def mark_public_parents(organizations):
    """Tells each organization's parent whether it is public, in one query for them all.

    A parent is named whether or not it has content of its own ("Part of …"), but only a
    public one has a page and an address in the API.
    """
    with_parent = [organization for organization in organizations if organization.parent_id]
    if not with_parent:
        return
    parents = Organization.objects.published().filter(
        pk__in={organization.parent_id for organization in with_parent}
    )
    public = set(parents.values_list("pk", flat=True))
    for organization in with_parent:
        organization.parent.is_public = organization.parent_id in public


def speaker_photo_path(instance, filename):
    return generated_upload_name("speakers", filename)


# Pixels on a photo's longer side: the speaker page shows it 160 pixels wide, on screens of up
# to 4 device pixels each; a camera's 6,000 would cost a phone megabytes at the venue.
PHOTO_LONGEST_SIDE = 640


class Speaker(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
    full_name = models.CharField(_("full name"), max_length=200)
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        help_text=_("How the name is alphabetized, e.g. 'McKinley, Brunson'."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    position = models.CharField(
        _("latest known position"),
        max_length=300,
        blank=True,
        help_text=_(
            "As last printed, e.g. in the latest agenda; leave empty when unknown. The title "
            "held in a given session is recorded on the session."
        ),
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

    objects = NaturalKeyManager.from_queryset(SpeakerQuerySet)()

    # The text that the site search and the lists' `q` match (idm.filters.text_matches).
    search_fields = ("full_name", "position")

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [unique_slug_ignoring_case()]
        indexes = [models.Index(fields=["sort_name"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return slug_url("speakers:speaker-detail", slug=self.slug)

    def save(self, *args, **kwargs):
        if (photo := fitted_image(self.photo, PHOTO_LONGEST_SIDE)) is not None:
            self.photo = photo
        super().save(*args, **kwargs)
