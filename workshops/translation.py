"""The texts of the workshops app that editors write in English and, where they can, in French
and Spanish: each gets a column per language (title_en, title_fr, title_es), English required
(README: Languages)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Challenge,
    DialogueYear,
    Document,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    PolicyExample,
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


@register(SessionSpeaker)
class SessionSpeakerTranslation(TranslationOptions):
    fields = ("title",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    # Names are unique in each language: a missing one is NULL, which never collides, not ''.
    empty_values = None


@register(PolicyExample)
class PolicyExampleTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)
