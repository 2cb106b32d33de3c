"""The texts of the speakers app that editors write in English and, where they can, in French
and Spanish (see workshops/translation.py). Names of people are the same in every language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Organization, Speaker


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "acronym")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "bio")
