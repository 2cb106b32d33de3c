import datetime
import itertools
import re
from pathlib import PurePath

from django.conf.global_settings import LANGUAGES
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from idm import markup
from idm.dates import date_range
from idm.languages import (
    CONTENT_LANGUAGES,
    OriginalInEnglish,
    Shown,
    Text,
    column,
    in_language,
    text_of,
)
from idm.links import slug_url
from idm.markup import footnote_id, footnote_reference_id, footnote_references
from idm.slugs import SlugMixin, unique_slug_ignoring_case
from idm.uploads import (
    generated_upload_name,
    new_upload,
    validate_not_a_web_page,
    validate_upload_size,
)
from idm.versioning import Versioned
from speakers.models import Country, NaturalKey, NaturalKeyManager, Organization, Speaker, web_link

ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def unique_order(parent):
    """Positions are unique per parent; deferred so that a formset can swap two of them."""
    return models.UniqueConstraint(
        fields=[parent, "order"],
        name="%(class)s_order_unique",
        deferrable=models.Deferrable.DEFERRED,
    )


class DialogueYearQuerySet(models.QuerySet):
    def published(self):
        """The years with a published workshop."""
        published = Workshop.objects.published().filter(dialogue_year=OuterRef("pk"))
        return self.filter(Exists(published))


class DialogueYear(NaturalKey, OriginalInEnglish, models.Model):
    """One year of the International Dialogue on Migration and the theme its members chose."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("annual theme"), max_length=300, blank=True)

    objects = NaturalKeyManager.from_queryset(DialogueYearQuerySet)()
    natural_key_fields = ["year"]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("IDM year")
        verbose_name_plural = _("IDM years")

    def __str__(self):
        if not self.theme:
            return str(self.year)
        colon = gettext(":")
        return f"{self.year}{colon} {self.theme}"

    def get_absolute_url(self):
        return reverse("workshops:year-detail", kwargs={"year": self.year})


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Workshop.Status.PUBLISHED)

    def with_overview(self, sources=False):
        """Objectives, key principles, challenges and partners (as `partner_roles`), each in
        the workshop's order (their default ordering); with `sources`, the points come with
        what a link to their source section needs."""
        related = ["source_section__part__publication__workshop"] if sources else []
        return self.prefetch_related(
            models.Prefetch("objectives", queryset=Objective.objects.select_related(*related)),
            models.Prefetch(
                "key_principles", queryset=KeyPrinciple.objects.select_related(*related)
            ),
            models.Prefetch("challenges", queryset=Challenge.objects.select_related(*related)),
            models.Prefetch(
                "workshoppartner_set",
                queryset=WorkshopPartner.objects.select_related("organization"),
                to_attr="partner_roles",
            ),
        )


class Workshop(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
    class Kind(models.TextChoices):
        INTERSESSIONAL = "intersessional", _("Intersessional workshop")
        COUNCIL = "council", _("Council session")
        OTHER = "other", _("Other event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    dialogue_year = models.ForeignKey(
        DialogueYear,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("IDM year"),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.INTERSESSIONAL)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("country"),
    )
    summary = models.TextField(_("summary"), blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participant_country_count = models.PositiveIntegerField(
        _("countries represented"), null=True, blank=True
    )
    participation_is_approximate = models.BooleanField(
        _("figures are approximate"),
        default=False,
        help_text=_("Tick when the report gives rounded figures ('about 170 participants')."),
    )
    partners = models.ManyToManyField(
        Organization,
        through="WorkshopPartner",
        related_name="partnered_workshops",
        verbose_name=_("partners"),
    )
    related_workshops = models.ManyToManyField(
        "self", blank=True, verbose_name=_("related workshops")
    )
    agenda_is_provisional = models.BooleanField(
        _("the agenda is provisional"),
        default=False,
        help_text=_("Tick when the agenda was published as provisional: its heading says so."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Only published workshops and their content are visible to the public."),
    )

    objects = NaturalKeyManager.from_queryset(WorkshopQuerySet)()

    # The text that the site search and the lists' `q` match (idm.filters.text_matches).
    search_fields = ("title", "summary", "venue", "city")

    class Meta:
        ordering = ["-start_date", Shown("title")]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            unique_slug_ignoring_case(),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="workshop_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["-start_date", "title_en"], name="workshop_start_title_idx"),
            models.Index(fields=["status", "-start_date"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("workshops:workshop-detail", slug=self.slug)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def dates(self):
        """When it takes place, as people write it: '8-9 October 2007'."""
        return date_range(self.start_date, self.end_date)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The workshop cannot end before it starts.")
        if (
            self.start_date
            and self.dialogue_year_id
            and self.dialogue_year.year != self.start_date.year
        ):
            errors["dialogue_year"] = _(
                "The workshop starts in %(start)s: choose the IDM year %(start)s."
            ) % {"start": self.start_date.year}
        if errors:
            raise ValidationError(errors)

    def slug_is_from_duplication(self):
        """Whether the slug is still the one duplicate_as_draft() gave this draft.

        Nothing records it; the rule reads what duplication leaves: a draft whose slug is, as
        free_slug() makes it, a related workshop's slug + "-<this workshop's IDM year>" (then
        "-2", "-3"... where that was taken). The admin's change page lets such a slug follow
        the title as the editor retitles the copy. Saving another slug, publishing, or moving
        the draft to another year ends it.
        """
        if self.pk is None or self.status != self.Status.DRAFT:
            return False
        ending = re.escape(f"-{self.dialogue_year.year}")
        match = re.fullmatch(rf".*?(?P<tail>{ending}(?:-\d+)?)", self.slug)
        if match is None:
            return False
        max_length = self._meta.get_field("slug").max_length
        return any(
            slug_with_tail(stem, match["tail"], max_length) == self.slug
            for stem in self.related_workshops.values_list("slug", flat=True)
        )

    @transaction.atomic
    def duplicate_as_draft(self):
        """Copy this workshop one year later as a draft, with its agenda and questions.

        Speakers, documents, policy examples and publications stay with the original: they
        belong to what happened, not to the next edition's plan.
        """
        shift = shifted_by_a_year(self.start_date) - self.start_date
        year, _created = DialogueYear.objects.get_or_create(year=self.dialogue_year.year + 1)
        copy = Workshop.objects.get(pk=self.pk)
        copy.pk = None
        copy.dialogue_year = year
        longest = Workshop._meta.get_field("title").max_length
        for language in CONTENT_LANGUAGES:
            title = getattr(self, column("title", language))
            if title:
                with translation.override(language):
                    next_edition = _("%(title)s (next edition)") % {"title": title}
                    if len(next_edition) > longest:  # the title cut short to leave room
                        kept = title[: longest - (len(next_edition) - len(title)) - 1]
                        next_edition = _("%(title)s (next edition)") % {"title": f"{kept}…"}
                setattr(copy, column("title", language), next_edition)
        copy.slug = free_slug(self.slug, f"-{year.year}")
        copy.start_date = self.start_date + shift
        copy.end_date = self.end_date + shift
        copy.status = self.Status.DRAFT
        copy.participant_count = None
        copy.participant_country_count = None
        copy.participation_is_approximate = False
        copy.save()
        copy.related_workshops.add(self)
        for partner in self.workshoppartner_set.all():
            partner.pk = None
            partner.workshop = copy
            partner.save()
        for objective in self.objectives.all():
            objective.pk = None
            objective.workshop = copy
            objective.source_section = None  # the original's publication, not the copy's
            objective.save()
        for session in self.sessions.prefetch_related("guiding_questions"):
            questions = list(session.guiding_questions.all())
            session.pk = None
            session.workshop = copy
            session.date += shift
            session.save()
            for question in questions:
                question.pk = None
                question.session = session
                question.save()
        return copy


def shifted_by_a_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def free_slug(stem, ending):
    """A slug that no workshop has, whatever the case: stem + ending, else with -2, -3...

    The stem is cut short where needed so that the slug fits the field, ending included.
    """
    max_length = Workshop._meta.get_field("slug").max_length
    for number in itertools.count(1):
        tail = ending if number == 1 else f"{ending}-{number}"
        slug = slug_with_tail(stem, tail, max_length)
        if not Workshop.objects.filter(slug__iexact=slug).exists():
            return slug


def slug_with_tail(stem, tail, max_length):
    return stem[: max_length - len(tail)].rstrip("-") + tail


class WorkshopContentQuerySet(models.QuerySet):
    """What belongs to a workshop: public when the workshop is published."""

    def published(self):
        return self.filter(workshop__status=Workshop.Status.PUBLISHED)

    def newest_first(self):
        """The newest workshop's first, as the workshops' list has them, each workshop's in
        the model's order (which starts with the workshop's id, so groups them)."""
        return self.order_by(
            "-workshop__start_date", Shown("workshop__title"), *self.model._meta.ordering
        )


class WorkshopPartner(NaturalKey, Versioned):
    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        COLLABORATOR = "collaborator", _("Collaborator")
        FUNDER = "funder", _("Funder")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, verbose_name=_("workshop"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = NaturalKeyManager.from_queryset(WorkshopContentQuerySet)()
    natural_key_fields = ["workshop__slug", "organization__slug", "role"]

    class Meta:
        # By the workshop's id, not the workshop: a workshop's partners sort without a join.
        ordering = ["workshop_id", "order", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "organization", "role"], name="workshop_partner_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


def source_section_field(related_name):
    return models.ForeignKey(
        "Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("source section"),
        help_text=_("The section of the workshop's publication that it comes from."),
    )


class FromSection:
    """For content taken from a section of the workshop's publication (`source_section`)."""

    @property
    def source_link(self):
        """The section's address, or '' while its publication is not published. Callers
        select_related("source_section__part__publication__workshop")."""
        section = self.source_section
        if section is None or not section.part.publication.is_public:
            return ""
        return section.get_absolute_url()

    def source_section_error(self):
        """An error message when the source section is of another workshop's publication."""
        section = self.source_section
        if section is None or not self.workshop_id:
            return None
        if section.part.publication.workshop_id == self.workshop_id:
            return None
        return _("Choose a section of a publication of the same workshop.")


class WorkshopStatement(NaturalKey, OriginalInEnglish, FromSection, Versioned):
    """A numbered point of a workshop: an objective, a key principle or a challenge."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, verbose_name=_("workshop"))
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"))
    # section.objectives, section.keyprinciples, section.challenges
    source_section = source_section_field("%(class)ss")

    objects = NaturalKeyManager()
    natural_key_fields = ["workshop__slug", "order"]

    class Meta:
        abstract = True
        # By the workshop's id, not the workshop: a workshop's points sort without a join.
        ordering = ["workshop_id", "order"]
        constraints = [unique_order("workshop")]

    def __str__(self):
        return self.text

    def clean(self):
        if error := self.source_section_error():
            raise ValidationError({"source_section": error})


class Objective(WorkshopStatement):
    class Meta(WorkshopStatement.Meta):
        default_related_name = "objectives"
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")


class KeyPrinciple(WorkshopStatement):
    class Meta(WorkshopStatement.Meta):
        default_related_name = "key_principles"
        verbose_name = _("key principle")
        verbose_name_plural = _("key principles")


class Challenge(WorkshopStatement):
    class Meta(WorkshopStatement.Meta):
        default_related_name = "challenges"
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")


class SessionQuerySet(WorkshopContentQuerySet):
    def with_a_page(self):
        """Breaks are on the agenda, and links to them lead there: they have no page."""
        return self.exclude(kind__in=Session.KINDS_WITHOUT_PAGE)


class Session(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
    """An item of a workshop's agenda, from registration to the closing remarks."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        WELCOME = "welcome", _("Welcome remarks")
        KEYNOTE = "keynote", _("Keynote")
        SCENE_SETTING = "scene_setting", _("Scene-setting")
        PANEL = "panel", _("Panel session")
        BREAK = "break", _("Break")
        MIGRANT_STORY = "migrant_story", _("Migrant story")
        WRAP_UP = "wrap_up", _("Wrap-up")
        OTHER = "other", _("Other")

    KINDS_WITHOUT_PAGE = {Kind.BREAK}

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("workshop")
    )
    slug = models.SlugField(
        _("slug"), max_length=200, help_text=_("Unique within the workshop; used in the URL.")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"), help_text=_("Geneva time."))
    end_time = models.TimeField(_("ends"), help_text=_("Geneva time."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PANEL)
    number = models.PositiveSmallIntegerField(
        _("session number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For numbered panel sessions: 1 is shown as 'Session I'."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    parallel = models.BooleanField(
        _("runs in parallel"),
        default=False,
        help_text=_(
            "Tick for sessions held at the same time as others, in another room. Two agenda "
            "items of a workshop may overlap in time only when both are ticked."
        ),
    )
    general_discussion = models.BooleanField(_("followed by a general discussion"), default=False)
    background_sections = models.ManyToManyField(
        "Section",
        blank=True,
        related_name="prepared_sessions",
        limit_choices_to={"part__kind": "background_paper"},
        verbose_name=_("background paper sections"),
        help_text=_("The sections of the workshop's background paper written for this session."),
    )
    speakers = models.ManyToManyField(
        Speaker,
        through="SessionSpeaker",
        through_fields=("session", "speaker"),
        related_name="sessions",
        verbose_name=_("speakers"),
    )

    objects = NaturalKeyManager.from_queryset(SessionQuerySet)()
    natural_key_fields = ["workshop__slug", "slug"]

    # The text that the site search and the lists' `q` match (idm.filters.text_matches).
    search_fields = ("title", "description")

    class Meta:
        # The agenda's order, by date and time; by the workshop's id, not the workshop: no join.
        ordering = ["workshop_id", "date", "start_time", "end_time", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "slug"], name="session_slug_unique"),
            models.UniqueConstraint(
                fields=["workshop", "number"],
                condition=Q(number__isnull=False),
                name="session_number_unique",
                violation_error_message=_("This workshop already has a session with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(
                fields=["workshop", "date", "start_time", "end_time"], name="session_agenda_idx"
            )
        ]

    def __str__(self):
        return self.full_title

    def get_absolute_url(self):
        if not self.has_page:  # its line in the agenda
            return f"{self.workshop.get_absolute_url()}#session-{self.slug}"
        return slug_url(
            "workshops:session-detail", workshop_slug=self.workshop.slug, slug=self.slug
        )

    @property
    def number_label(self):
        if self.number is None:
            return ""
        numeral = ROMAN_NUMERALS[self.number - 1] if self.number <= 12 else str(self.number)
        return _("Session %(numeral)s") % {"numeral": numeral}

    @property
    def full_title(self):
        """The label in the current language and the title in it or in English, as a Text
        that says which: "Session II: Title"."""
        title = text_of(self, "title")
        if not self.number:
            return title
        # Translators: between a label and its text ("Session II: Title", "Moderator: name"),
        # as after Django's form labels; French puts a no-break space before the colon.
        colon = gettext(":")
        return Text.join(f"{self.number_label}{colon} ", title)

    # Times as the agenda prints them ("09:30"), for the admin's list and error messages.
    @property
    def start_label(self):
        return f"{self.start_time:%H:%M}"

    @property
    def end_label(self):
        return f"{self.end_time:%H:%M}"

    @property
    def shows_kind(self):
        """Whether the kind says more than the title as shown: not over a "Welcome Remarks" of
        kind "Welcome remarks"."""
        return self.get_kind_display().casefold() != str(text_of(self, "title")).casefold()

    @property
    def has_page(self):
        """As Session.objects.with_a_page() has it."""
        return self.kind not in self.KINDS_WITHOUT_PAGE

    @property
    def starts_at(self):
        """When it starts, an aware datetime: the times are Geneva time."""
        return datetime.datetime.combine(
            self.date, self.start_time, tzinfo=timezone.get_default_timezone()
        )

    @property
    def ends_at(self):
        return datetime.datetime.combine(
            self.date, self.end_time, tzinfo=timezone.get_default_timezone()
        )

    def is_running_at(self, moment):
        """Whether the session runs at `moment`, an aware datetime in Geneva time."""
        return self.date == moment.date() and self.start_time <= moment.time() < self.end_time

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The session must end after it starts.")
        # On a new workshop's admin page, its sessions are checked before it has an id.
        workshop = self.workshop if self.workshop_id or Session.workshop.is_cached(self) else None
        if (
            workshop
            and self.date
            and workshop.start_date
            and workshop.end_date
            and not workshop.start_date <= self.date <= workshop.end_date
        ):
            errors["date"] = _("The date must fall within the workshop, %(start)s to %(end)s.") % {
                "start": workshop.start_date,
                "end": workshop.end_date,
            }
        if self.workshop_id and self.moves_to_another_workshop():
            citations = self.citations()
            if citations:
                errors["workshop"] = citations
        if self.check_overlaps and not errors:
            overlapping = [overlap_error(other) for other in self.stored_overlaps()]
            if overlapping:
                errors["start_time"] = overlapping
        if errors:
            raise ValidationError(errors)

    # The workshop page checks its agenda rows against each other as they will be after saving
    # (SessionFormSet), not each row against the stored agenda.
    check_overlaps = True

    def stored_overlaps(self):
        """The other stored items of the workshop's agenda that run at the same time as this one,
        which only parallel sessions may (see `overlap`)."""
        if not (self.workshop_id and self.date and self.start_time and self.end_time):
            return []
        others = Session.objects.filter(
            workshop_id=self.workshop_id,
            date=self.date,
            start_time__lt=self.end_time,
            end_time__gt=self.start_time,
        ).exclude(pk=self.pk)
        return [other for other in others if overlap(self, other)]

    def moves_to_another_workshop(self):
        if self._state.adding:
            return False
        stored = Session.objects.filter(pk=self.pk).values_list("workshop", flat=True).first()
        return stored is not None and stored != self.workshop_id

    def citations(self):
        """Why the session cannot move to another workshop, or "" if nothing cites it.

        Policy examples and documents must cite a session of their own workshop: moved
        with its session into a draft, the title and link of a session would show on a
        published policy example's page.
        """
        examples = PolicyExample.objects.filter(session=self).count()
        documents = Document.objects.filter(session=self).count()
        if not examples + documents:
            return ""
        counted = {
            "examples": ngettext("%(count)d policy example", "%(count)d policy examples", examples)
            % {"count": examples},
            "documents": ngettext("%(count)d document", "%(count)d documents", documents)
            % {"count": documents},
        }
        if examples and documents:
            # Translators: "2 policy examples and 1 document"
            citations = gettext("%(examples)s and %(documents)s") % counted
        else:
            citations = counted["examples"] if examples else counted["documents"]
        return ngettext(
            "This session is cited by %(citations)s: "
            "unlink it before moving the session to another workshop.",
            "This session is cited by %(citations)s: "
            "unlink them before moving the session to another workshop.",
            examples + documents,
        ) % {"citations": citations}


def overlap(session, other):
    """Whether two items of one agenda take place at the same time, on purpose or not.

    Touching ends (10:00-11:00, then 11:00-12:00) do not overlap; two sessions that are both
    marked parallel may.
    """
    return (
        session.date == other.date
        and session.start_time < other.end_time
        and other.start_time < session.end_time
        and not (session.parallel and other.parallel)
    )


def overlap_error(other):
    return ValidationError(
        _("Overlaps with '%(title)s', %(start)s to %(end)s."),
        code="overlap",
        params={"title": other.full_title, "start": other.start_label, "end": other.end_label},
    )


class SessionContentQuerySet(models.QuerySet):
    """What belongs to a session: public when its workshop is published."""

    def published(self):
        return self.filter(session__workshop__status=Workshop.Status.PUBLISHED)

    def newest_first(self):
        """The newest workshop's first, each workshop's in the order of its agenda."""
        return self.order_by("-session__workshop__start_date", *agenda_order("session__"), "order")


class SessionSpeaker(NaturalKey, OriginalInEnglish, Versioned):
    """Who takes part in a session, in which role, and with the title they held then."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        SPEAKER = "speaker", _("Speaker")
        KEYNOTE = "keynote", _("Keynote speaker")
        PRESENTER = "presenter", _("Presenter")
        DISCUSSANT = "discussant", _("Discussant")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="participants", verbose_name=_("session")
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="participations", verbose_name=_("speaker")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(
        _("title at the time"),
        max_length=300,
        blank=True,
        help_text=_("As printed in this workshop's agenda; titles change over the years."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organization at the time"),
    )
    on_behalf_of = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_by",
        verbose_name=_("on behalf of"),
        help_text=_("The person this speaker stood in for, if any."),
    )

    objects = NaturalKeyManager.from_queryset(SessionContentQuerySet)()
    natural_key_fields = ["session__workshop__slug", "session__slug", "speaker__slug", "role"]

    class Meta:
        # By the session's id, not the session: a session's people sort without a join.
        ordering = ["session_id", "order"]
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        constraints = [
            unique_order("session"),
            models.UniqueConstraint(
                fields=["session", "speaker", "role"], name="session_speaker_role_unique"
            ),
            models.CheckConstraint(
                condition=~Q(on_behalf_of=F("speaker")), name="session_speaker_not_for_self"
            ),
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"

    def clean(self):
        if self.speaker_id and self.speaker_id == self.on_behalf_of_id:
            raise ValidationError({"on_behalf_of": _("A person cannot stand in for themselves.")})


def agenda_order(prefix):
    """Session's ordering, for the objects of a session: `prefix` is the way to it."""
    return [prefix + ("id" if field == "pk" else field) for field in Session._meta.ordering]


class GuidingQuestion(NaturalKey, OriginalInEnglish, Versioned):
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="guiding_questions",
        verbose_name=_("session"),
    )
    text = models.TextField(_("question"))
    order = models.PositiveSmallIntegerField(_("order"))

    objects = NaturalKeyManager.from_queryset(SessionContentQuerySet)()
    natural_key_fields = ["session__workshop__slug", "session__slug", "order"]

    # The text that the site search and the lists' `q` match (idm.filters.text_matches).
    search_fields = ("text",)

    class Meta:
        # By the session's id, not the session: a session's questions sort without a join.
        # Lists across sessions choose their order (newest_first()).
        ordering = ["session_id", "order"]
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        constraints = [unique_order("session")]

    def __str__(self):
        return self.text


class TopicQuerySet(models.QuerySet):
    def published(self):
        """The topics of published policy examples."""
        return self.filter(Exists(PolicyExample.objects.published().filter(topics=OuterRef("pk"))))


class Topic(NaturalKey, OriginalInEnglish, SlugMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = NaturalKeyManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = [Shown("name")]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class PolicyExample(NaturalKey, OriginalInEnglish, FromSection, SlugMixin, Versioned):
    """A practice that a workshop cited, for researchers to look up."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        BILATERAL = "bilateral", _("Bilateral")
        REGIONAL = "regional", _("Regional")
        MULTILATERAL = "multilateral", _("Multilateral")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"))
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="policy_examples",
        verbose_name=_("countries"),
        help_text=_("Every country the practice concerns."),
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="policy_examples",
        verbose_name=_("organizations involved"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="policy_examples", verbose_name=_("topics")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope, blank=True)
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="policy_examples",
        verbose_name=_("workshop"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_examples",
        verbose_name=_("session"),
        help_text=_("Where known, the session in which the example was presented."),
    )
    source_section = source_section_field("policy_examples")
    source_footnote = models.ForeignKey(
        "Footnote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_examples",
        verbose_name=_("source note"),
        help_text=_("The note of the publication that tells more about it, if any."),
    )

    objects = NaturalKeyManager.from_queryset(WorkshopContentQuerySet)()

    # The text that the site search and the lists' `q` match (idm.filters.text_matches).
    search_fields = ("title", "summary")

    class Meta:
        ordering = [Shown("title")]
        verbose_name = _("policy example")
        verbose_name_plural = _("policy examples")
        constraints = [unique_slug_ignoring_case()]
        indexes = [
            # The list's order in each language (Shown), alone and within a workshop.
            *(
                models.Index(in_language("title", language), name=f"policyexample_title_{language}")
                for language in CONTENT_LANGUAGES
            ),
            *(
                models.Index(
                    F("workshop"),
                    in_language("title", language),
                    name=f"policyex_workshop_title_{language}",
                )
                for language in CONTENT_LANGUAGES
            ),
            models.Index(fields=["scope"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("workshops:policyexample-detail", slug=self.slug)

    @property
    def source_footnote_link(self):
        """The note's address, or '' while its publication is not published. Callers
        select_related("source_footnote__part__publication__workshop")."""
        note = self.source_footnote
        if note is None or not note.part.publication.is_public:
            return ""
        return note.get_absolute_url()

    def clean(self):
        errors = {}
        if self.session_id and self.workshop_id and self.session.workshop_id != self.workshop_id:
            errors["session"] = _("Choose a session of the same workshop.")
        if error := self.source_section_error():
            errors["source_section"] = error
        note = self.source_footnote
        if note and self.workshop_id and note.part.publication.workshop_id != self.workshop_id:
            errors["source_footnote"] = _("Choose a note of a publication of the same workshop.")
        if errors:
            raise ValidationError(errors)


ZIP = b"PK\x03\x04"  # OOXML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (doc, xls, ppt)

# The first bytes of a file of each allowed extension.
DOCUMENT_SIGNATURES = {
    "pdf": b"%PDF-",
    "doc": OLE2,
    "docx": ZIP,
    "odt": ZIP,
    "rtf": b"{\\rtf",
    "ppt": OLE2,
    "pptx": ZIP,
    "odp": ZIP,
    "xls": OLE2,
    "xlsx": ZIP,
    "ods": ZIP,
}
DOCUMENT_EXTENSIONS = list(DOCUMENT_SIGNATURES)


def validate_document_content(value):
    """A new upload must start as files of its extension do, as it is served as that type, and
    not go on as a web page."""
    file = new_upload(value)
    if file is None:
        return
    extension = PurePath(file.name or "").suffix.lower().removeprefix(".")
    expected = DOCUMENT_SIGNATURES.get(extension)
    if expected is None:
        return  # FileExtensionValidator refuses it.
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(expected):
        validate_not_a_web_page(file)
        return
    if not head.startswith(tuple(DOCUMENT_SIGNATURES.values())):
        raise ValidationError(
            _("This file is not a PDF, office document or presentation."), code="bad_content"
        )
    raise ValidationError(
        _("The content of this file does not match its extension, .%(extension)s.")
        % {"extension": extension},
        code="bad_content",
    )


def document_upload_path(instance, filename):
    return generated_upload_name("documents", filename)


class Document(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
    """A paper, presentation, agenda or report of a workshop: an upload, a link, or neither yet."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper")
        PRESENTATION = "presentation", _("Presentation")
        BACKGROUND_PAPER = "background_paper", _("Background paper")
        REPORT = "report", _("Report")
        AGENDA = "agenda", _("Agenda")
        OTHER = "other", _("Other")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="documents", verbose_name=_("workshop")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("session"),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("speaker"),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, help_text=_("Unique within the workshop."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_path,
        blank=True,
        validators=[
            FileExtensionValidator(DOCUMENT_EXTENSIONS),
            validate_upload_size,
            validate_document_content,
        ],
        help_text=_("PDF, office document or presentation."),
    )
    url = models.URLField(_("external link"), max_length=500, blank=True)
    part = models.ForeignKey(
        "PublicationPart",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("text on this site"),
        help_text=_(
            "A report or paper published on this site as a text of the workshop's publication: "
            "the document links to its page."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = NaturalKeyManager.from_queryset(WorkshopContentQuerySet)()
    natural_key_fields = ["workshop__slug", "slug"]

    class Meta:
        # By the workshop's id, not the workshop: a workshop's or session's documents sort
        # without a join. Lists across workshops choose their order (newest_first()).
        ordering = ["workshop_id", "order", Shown("title")]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "slug"], name="document_slug_unique"),
            models.CheckConstraint(condition=Q(file="") | Q(url=""), name="document_file_or_link"),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(file="", url=""), name="document_part_alone"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def link(self):
        """Where the document can be read, or '' when it is listed but not online: its file,
        its link, or the page of its text on this site once that is published (callers
        select_related("part__publication__workshop"))."""
        if self.part_id:
            part = self.part
            return part.get_absolute_url() if part.publication.is_public else ""
        return self.file.url if self.file else web_link(self.url)

    @property
    def file_size(self):
        """The uploaded file's size in bytes; None without a file or when storage has lost it."""
        try:
            return self.file.size if self.file else None
        except OSError:
            return None

    def clean(self):
        errors = {}
        if self.file and self.url:
            errors["url"] = _("Give either an uploaded file or an external link, not both.")
        if self.part_id and (self.file or self.url):
            errors["part"] = _(
                "A text on this site is the document itself: remove the file or the link."
            )
        part = self.part
        if part and self.workshop_id and part.publication.workshop_id != self.workshop_id:
            errors["part"] = _("Choose a text of a publication of the same workshop.")
        if self.session_id and self.workshop_id and self.session.workshop_id != self.workshop_id:
            errors["session"] = _("Choose a session of the same workshop.")
        if errors:
            raise ValidationError(errors)


# Publications: the reports and papers of a workshop as texts of the site ---------------------


class PublicationQuerySet(models.QuerySet):
    """Publications and what belongs to one: public when the publication is published, and so
    is its workshop. The model says where its publication is, as `publication_path`."""

    def published(self):
        path = self.model.publication_path
        return self.filter(
            **{
                f"{path}status": Workshop.Status.PUBLISHED,
                f"{path}workshop__status": Workshop.Status.PUBLISHED,
            }
        )


class Publication(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
    """A publication of a workshop, such as a report in the IDM's "Red Book" series.

    What it holds is in its parts (a foreword, a report, a background paper...); its fields
    are those the publication states, left empty where it says nothing.
    """

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="publications", verbose_name=_("workshop")
    )
    series = models.CharField(_("series"), max_length=200, blank=True)
    number = models.CharField(_("number in the series"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year of publication"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=200, help_text=_("Unique within the workshop; used in the URL.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Workshop.Status,
        default=Workshop.Status.DRAFT,
        help_text=_("Public when both the publication and its workshop are published."),
    )

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()
    natural_key_fields = ["workshop__slug", "slug"]
    publication_path = ""

    class Meta:
        ordering = ["workshop_id", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "slug"], name="publication_slug_unique"),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """What names it: its title, else its series, else "Publication" (a Text)."""
        return text_of(self, "title") or self.series_label or Text(gettext("Publication"))

    def get_absolute_url(self):
        return slug_url(
            "workshops:publication-detail", workshop_slug=self.workshop.slug, slug=self.slug
        )

    @property
    def is_published(self):
        return self.status == Workshop.Status.PUBLISHED

    @property
    def is_public(self):
        """What Publication.objects.published() says of this publication: it and its workshop
        are published (links to its texts from elsewhere check it: the workshop may be a draft)."""
        return self.is_published and self.workshop.is_published

    @property
    def series_label(self):
        """The series and the number in it, as far as they are known: "IDM Series, No. 11"
        (a Text)."""
        series = text_of(self, "series")
        if series and self.number:
            return Text.formatted(
                gettext("%(series)s, No. %(number)s"), series=series, number=self.number
            )
        return series


class PublicationPart(NaturalKey, OriginalInEnglish, SlugMixin, Versioned):
    """A text of a publication, read on a page of its own: sections, each with a heading and a
    body, and the notes they refer to."""

    class Kind(models.TextChoices):
        FOREWORD = "foreword", _("Foreword")
        REPORT = "report", _("Report")
        BACKGROUND_PAPER = "background_paper", _("Background paper")

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="parts", verbose_name=_("publication")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, help_text=_("Unique within the publication; used in the URL.")
    )
    order = models.PositiveSmallIntegerField(_("order"))

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()
    natural_key_fields = ["publication__workshop__slug", "publication__slug", "slug"]
    publication_path = "publication__"

    class Meta:
        # By the publication's id, not the publication: its parts sort without a join.
        ordering = ["publication_id", "order"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            unique_order("publication"),
            models.UniqueConstraint(fields=["publication", "slug"], name="publicationpart_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        publication = self.publication
        return slug_url(
            "workshops:part-detail",
            workshop_slug=publication.workshop.slug,
            publication_slug=publication.slug,
            slug=self.slug,
        )

    def citation(self, address, credits):
        """How to cite this part: from the fields that are filled in, and its `address`.

        `credits`: the publication's credits; those of principal authors and editors of the
        whole publication or of this part name the authors.
        """
        authors = [
            credit.name
            for credit in credits
            if credit.role in PublicationCredit.AUTHORS and credit.part_id in (None, self.pk)
        ]
        publication = self.publication
        workshop_title = text_of(publication.workshop, "title")
        pieces = [
            ", ".join(authors),
            Text.join("“", text_of(self, "title"), "”"),
            text_of(publication, "title")
            or Text.formatted(
                gettext("publication of the workshop “%(workshop)s”"), workshop=workshop_title
            ),
            publication.series_label,
            publication.publisher,
            str(publication.year or ""),
            f"ISBN {publication.isbn}" if publication.isbn else "",
        ]
        shown = [piece for piece in pieces if piece]
        separated = [item for piece in shown for item in (", ", piece)][1:]
        return Text.join(*separated, f". {address}")


class PublicationCredit(NaturalKey, OriginalInEnglish, Versioned):
    """Who prepared a publication, or one of its parts, and in which role."""

    class Role(models.TextChoices):
        SUPERVISION = "supervision", _("Overall supervision")
        PRINCIPAL_AUTHOR = "principal_author", _("Principal author")
        CONTRIBUTOR = "contributor", _("Contributor")
        EDITOR = "editor", _("Editor")

    # The roles that a citation names as its authors.
    AUTHORS = {Role.PRINCIPAL_AUTHOR, Role.EDITOR}

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="credits", verbose_name=_("publication")
    )
    part = models.ForeignKey(
        PublicationPart,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
        verbose_name=_("part"),
        help_text=_("Only when the credit is for one part; empty for the whole publication."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(
        _("position and affiliation"),
        max_length=300,
        blank=True,
        help_text=_("As the publication gives it."),
    )
    order = models.PositiveSmallIntegerField(_("order"))

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()
    natural_key_fields = ["publication__workshop__slug", "publication__slug", "order"]
    publication_path = "publication__"

    class Meta:
        ordering = ["publication_id", "order"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [unique_order("publication")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        if self.part_id and self.publication_id and self.part.publication_id != self.publication_id:
            raise ValidationError({"part": _("Choose a part of this publication.")})


MARKUP_HELP = _(
    "Markdown: an empty line between paragraphs, *italics*, **bold**, lists with - or 1., "
    "[a link](https://example.org/), and [^3] where note 3 is referred to. HTML is shown as "
    "typed, not interpreted."
)
# The ids that a part's page gives its own blocks: no section may take them as its anchor.
PART_PAGE_IDS = {"main", "contents", "credits", "notes", "cite", "site-search-q"}


class Section(NaturalKey, OriginalInEnglish, Versioned):
    """A section of a part: its heading, at a level of the part's outline, and its text."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("Section")
        SUBSECTION = 2, _("Subsection")
        SUBSUBSECTION = 3, _("Sub-subsection")

    part = models.ForeignKey(
        PublicationPart, on_delete=models.CASCADE, related_name="sections", verbose_name=_("part")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level, default=Level.SECTION)
    heading = models.CharField(
        _("heading"),
        max_length=300,
        blank=True,
        help_text=_("Empty for text before the first heading."),
    )
    anchor = models.SlugField(
        _("anchor"),
        max_length=100,
        blank=True,
        help_text=_(
            "Unique within the part: the section's address on its page (…/#anchor). Leave empty "
            "to make it from the heading."
        ),
    )
    body = models.TextField(_("text"), blank=True, help_text=MARKUP_HELP)
    # The text as the page shows it, rendered and cleaned when the section is saved.
    body_html = models.TextField(editable=False, default="")
    # The text of the notes it refers to, for the site search to find the section by them;
    # kept up to date when the section or a note of its part is saved (notes_texts).
    notes_text = models.TextField(editable=False, default="")

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()
    natural_key_fields = [
        "part__publication__workshop__slug",
        "part__publication__slug",
        "part__slug",
        "anchor",
    ]
    publication_path = "part__publication__"

    # The text that the site search matches (idm.filters.text_matches).
    search_fields = ("heading", "body", "notes_text")

    class Meta:
        # By the part's id, not the part: a part's sections sort without a join.
        ordering = ["part_id", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            unique_order("part"),
            models.UniqueConstraint(fields=["part", "anchor"], name="section_anchor_unique"),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """Its heading, else its anchor (a Text)."""
        return text_of(self, "heading") or Text(self.anchor)

    def get_absolute_url(self):
        return f"{self.part.get_absolute_url()}#{self.anchor}"

    def free_anchor(self, stem):
        """`stem`, or stem-2, stem-3... where the page or another section of the part has it."""
        taken = set(PART_PAGE_IDS)
        if self.part_id:
            taken.update(self.part.sections.exclude(pk=self.pk).values_list("anchor", flat=True))
        anchor, number = stem, 1
        while anchor in taken:
            number += 1
            anchor = f"{stem}-{number}"
        return anchor

    @property
    def heading_tag(self):
        """h2 to h4: the part's title is the page's h1."""
        return f"h{self.level + 1}"

    def clean(self):
        if not self.anchor:
            self.anchor = self.free_anchor(slugify(self.heading_en or "")[:90] or "section")
        if self.anchor in PART_PAGE_IDS:
            message = _("The page uses “%(anchor)s” itself: choose another.")
            raise ValidationError(
                {"anchor": ValidationError(message, params={"anchor": self.anchor})}
            )


class Footnote(NaturalKey, OriginalInEnglish, Versioned):
    """A numbered note of a part; its sections refer to it as [^number]."""

    part = models.ForeignKey(
        PublicationPart, on_delete=models.CASCADE, related_name="footnotes", verbose_name=_("part")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    body = models.TextField(_("text"), help_text=MARKUP_HELP)
    body_html = models.TextField(editable=False, default="")

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()
    natural_key_fields = [
        "part__publication__workshop__slug",
        "part__publication__slug",
        "part__slug",
        "number",
    ]
    publication_path = "part__publication__"

    class Meta:
        ordering = ["part_id", "number"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["part", "number"], name="footnote_number_unique"),
        ]

    def __str__(self):
        return gettext("Note %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return f"{self.part.get_absolute_url()}#{footnote_id(self.number)}"

    @property
    def anchor(self):
        return footnote_id(self.number)

    @property
    def reference_anchor(self):
        return footnote_reference_id(self.number)


@receiver(pre_save, sender=Section)
@receiver(pre_save, sender=Footnote)
def render_body(sender, instance, **kwargs):
    """Renders the Markdown text in each language before every save, loaddata's too (which
    skips save()); the column under the field's own name is the English one."""
    for language in CONTENT_LANGUAGES:
        body = getattr(instance, column("body", language))
        setattr(instance, column("body_html", language), markup.render(body) if body else "")
    instance.body_html = instance.body_html_en


def part_notes(part_id):
    """The part's notes in each language: {language: {number: text}}."""
    rows = Footnote.objects.filter(part_id=part_id).values_list(
        "number", *(column("body", language) for language in CONTENT_LANGUAGES)
    )
    return {
        language: {row[0]: row[1 + index] for row in rows}
        for index, language in enumerate(CONTENT_LANGUAGES)
    }


def notes_texts(section, notes):
    """The section's notes_text in each language: the text of the notes that its text in that
    language refers to, in that language (`notes`: part_notes())."""
    texts = {}
    for language in CONTENT_LANGUAGES:
        numbers = footnote_references(getattr(section, column("body", language)))
        found = [notes[language][number] for number in numbers if notes[language].get(number)]
        texts[column("notes_text", language)] = "\n".join(found)
    return texts


@receiver(pre_save, sender=Section)
def collect_notes_text(sender, instance, **kwargs):
    for name, text in notes_texts(instance, part_notes(instance.part_id)).items():
        setattr(instance, name, text)
    instance.notes_text = instance.notes_text_en


@receiver(post_save, sender=Footnote)
@receiver(post_delete, sender=Footnote)
def update_notes_text(sender, instance, **kwargs):
    """A note saved, renumbered or deleted: the sections of its part that refer to notes are
    searched by the notes' text as it is now (a fixture's notes come after its sections)."""
    notes = part_notes(instance.part_id)
    languages = [
        column(field, language)
        for field in ("body", "notes_text")
        for language in CONTENT_LANGUAGES
    ]
    for section in Section.objects.filter(part_id=instance.part_id).only(*languages):
        texts = notes_texts(section, notes)
        if any(getattr(section, name) != text for name, text in texts.items()):
            Section.objects.filter(pk=section.pk).update(notes_text=texts["notes_text_en"], **texts)
