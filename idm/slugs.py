"""Web addresses (slugs): one plain message when a slug is taken, for every model that has one.

Django words a taken slug after the constraint that refuses it: "Workshop with this Slug already
exists." on the field, "Session with this Workshop and Slug already exists." above the form, or
"Constraint “workshop_slug_ci_unique” is violated." for the case-insensitive ones. An editor
sees instead, on the slug field: This web address is already used by “<the other object>”.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

SLUG_TAKEN = _("This web address is already used by “%(other)s”.")


def unique_slug_ignoring_case():
    """The constraint that no two slugs of a model differ only in case."""
    return models.UniqueConstraint(Lower("slug"), name="%(class)s_slug_ci_unique")


def slug_scopes(model):
    """Where `model`'s slugs must differ: (fields that must also match, whether case counts).

    Read from the model: the slug field's unique=True, UniqueConstraint(fields=[..., "slug"])
    (unconditional) and unique_slug_ignoring_case().
    """
    scopes = []
    if model._meta.get_field("slug").unique:
        scopes.append(((), False))
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or constraint.condition:
            continue
        if "slug" in constraint.fields:
            scopes.append((tuple(name for name in constraint.fields if name != "slug"), False))
        elif [lowered_field(expression) for expression in constraint.expressions] == ["slug"]:
            scopes.append(((), True))
    # Case-insensitive first: it also finds what the exact checks would.
    return sorted(scopes, key=lambda scope: not scope[1])


def lowered_field(expression):
    """ "slug" for Lower("slug"), else None."""
    if isinstance(expression, Lower):
        (source,) = expression.get_source_expressions()
        if isinstance(source, F):
            return source.name
    return None


def slug_clash(instance, exclude=()):
    """The other object whose slug `instance`'s slug collides with, or None.

    A scope whose fields are excluded from validation is left out, as Django does.
    """
    model = type(instance)
    if "slug" in exclude or not instance.slug:
        return None
    others = model._default_manager.all()
    if not instance._state.adding and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    for fields, ignore_case in slug_scopes(model):
        if any(name in exclude for name in fields):
            continue
        lookup = {"slug__iexact" if ignore_case else "slug": instance.slug}
        for name in fields:
            value = getattr(instance, model._meta.get_field(name).attname)
            if value is None:
                break  # NULL never collides
            lookup[name] = value
        else:
            clash = others.filter(**lookup).first()
            if clash is not None:
                return clash
    return None


class SlugMixin:  # before models.Model in the bases
    """For a model with a `slug`: a taken slug is reported on the field, naming its holder.

    Django's own checks of the slug's uniqueness are left out (they would report it again, in
    their words); every other unique check and constraint runs as before. The check runs with
    the constraints: where forms (ModelForm, InlineFormSet) and full_clean() check them.
    """

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude={*(exclude or ()), "slug"})

    def validate_constraints(self, exclude=None):
        errors = {}
        try:
            super().validate_constraints(exclude={*(exclude or ()), "slug"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        clash = slug_clash(self, exclude or ())
        if clash is not None:
            errors.setdefault("slug", []).append(
                ValidationError(SLUG_TAKEN, code="slug_taken", params={"other": str(clash)})
            )
        if errors:
            raise ValidationError(errors)
