"""The texts of the workshops app that editors write in English and, where they can, in French
and Spanish: each gets a column per language (title_en, title_fr, title_es), English required
(README: Languages)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Challenge,
    DialogueYear,
    Document,
    Footnote,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    PolicyExample,
    Publication,
    PublicationCredit,
    PublicationPart,
    Section,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
)


@register(DialogueYear)
class DialogueYearTranslation(TranslationOptions):
    fields = ("theme",)


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "summary", "venue", "city")


@register([Objective, KeyPrinciple, Challenge, GuidingQuestion])
class NumberedTextTranslation(TranslationOptions):
    fields = ("text",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register([SessionSpeaker, Document, PublicationPart])
class TitleTranslation(TranslationOptions):
    fields = ("title",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    # Names are unique in each language: a missing one is NULL, which never collides, not ''.
    empty_values = None


@register(PolicyExample)
class PolicyExampleTranslation(TranslationOptions):
    fields = ("title", "summary")


# The Red Book: what readers read. Names of people and publishers stay as they are; the
# rendered text (body_html) and the notes' words that a section is searched by (notes_text) are
# kept per language too, made from that language's text when it is saved.
@register(Publication)
class PublicationTranslation(TranslationOptions):
    fields = ("series", "title")


@register(PublicationCredit)
class PublicationCreditTranslation(TranslationOptions):
    fields = ("affiliation",)


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("heading", "body", "body_html", "notes_text")


@register(Footnote)
class FootnoteTranslation(TranslationOptions):
    fields = ("body", "body_html")
