"""The content in English, French and Spanish, and what a page says of the language of each text.

django-modeltranslation gives each translated field (translation.py of each app) a column per
language: `title_en`, `title_fr`, `title_es`. English is required, French and Spanish are
optional. A page in French shows the French text where there is one, else the English one;
`workshop.title` (the library's attribute) does that, but cannot say which of the two it gave.
Here each text knows its language (`Text`), and a page marks the English ones it shows in French
or Spanish with `lang="en"` (WCAG 2.2, 3.1.2 Language of Parts): `{% text workshop "title" %}`
in templates, `marked()` in Python. A page whose main content marked any says so once, at its
top (`{% content_languages %}` in base.html).

The library also keeps a column under the field's own name (`title`), which it fills with the
text of the language active when the row is saved: saves here run in English
(`OriginalInEnglish`), so that column always holds the English text. Queries never need it:
they name the language columns (`Shown`, `columns()`).
"""

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

from django import template
from django.conf import settings
from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ENGLISH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
CONTENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]

register = template.Library()


def alphabetical(text):
    """A sort key that files a text as readers of the three languages look for it: ignoring
    case and accents, Équateur under E."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def current_language():
    """The active language if it is one of the content's, else English."""
    language = (translation.get_language() or ENGLISH).split("-")[0]
    return language if language in CONTENT_LANGUAGES else ENGLISH


def shown_languages():
    """The languages of the texts that a page in the current language shows: its own, and
    English, which has the texts that are not translated."""
    return list(dict.fromkeys([current_language(), ENGLISH]))


def translated_fields(model):
    """The names of `model`'s translated fields ("title", ...): none for a model without."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def column(field, language):
    """The column of `field` (a name, or a path "workshop__title") in `language`."""
    return f"{field}_{language}"


def is_translated(model, path):
    """Whether the field that `path` ("workshop__title") leads to from `model` is translated."""
    *relations, field = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return field in translated_fields(model)


class Text(str):
    """A text and the language it is written in; or several, joined: `parts` holds each piece
    with its language ("Session I: " in French, then an English title)."""

    def __new__(cls, value, language=None, parts=None):
        text = super().__new__(cls, value)
        text.parts = parts or [(str(value), language or current_language())]
        return text

    def __reduce__(self):
        return Text, (str(self), None, self.parts)

    @property
    def language(self):
        """The language of the whole, for places that cannot mark a part (an <option>): the
        language of its content, which is then what its other words are written in too."""
        return self.parts[-1][1]

    @classmethod
    def formatted(cls, message, **values):
        """`message` (translated, in the current language) with its %(name)s placeholders
        replaced by `values`, each keeping its language."""
        # Split on the placeholders: every other piece is a placeholder's name.
        pieces = re.split(r"%\((\w+)\)s", str(message))
        return cls.join(
            *(values[piece] if index % 2 else piece for index, piece in enumerate(pieces))
        )

    @classmethod
    def join(cls, *pieces):
        """The pieces one after the other; plain strings are in the current language."""
        parts = []
        for piece in pieces:
            parts += piece.parts if isinstance(piece, Text) else [(str(piece), current_language())]
        return cls("".join(text for text, _language in parts), parts=parts)


def text_of(instance, field):
    """`instance`'s `field` in the current language, else in English."""
    language = current_language()
    value = getattr(instance, column(field, language))
    if not value and language != ENGLISH:
        language, value = ENGLISH, getattr(instance, column(field, ENGLISH))
    return Text(value or "", language)


def columns(model, path):
    """What to read (values_list, a search) for `path`: its column in the current language and
    the English one, for a translated field (see `values_of`); else the path itself."""
    if not is_translated(model, path):
        return [path]
    return [column(path, language) for language in shown_languages()]


def as_named(queryset):
    """`queryset` without the library's renaming of fields, for values_list() of the columns
    that `columns()` names: the library would merge two fields of the same name ("pk", "pk")."""
    return queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset


def values_of(model, paths, read, values):
    """The values of `paths` from a row that read their `columns()` (`read`), each a Text in
    the current language, else in English, where the field is translated."""
    found, start = (), 0
    language = current_language()
    for path, names in zip(paths, read, strict=True):
        own, english = values[start], values[start + len(names) - 1]
        if is_translated(model, path):
            found += (Text(own, language) if own else Text(english or "", ENGLISH),)
        else:
            found += (own,)
        start += len(names)
    return found


class Shown(Expression):
    """A translated field's text as a page in the current language shows it: its own, else the
    English one. For ordering by it (Meta.ordering too: the language is the one of the query's
    run, not of the model's definition) and comparing it.

    Empty translations are NULL or '' alike (the columns that migrations added start NULL,
    forms save ''), hence NULLIF.
    """

    def __init__(self, field):
        super().__init__()
        self.name = field

    def __repr__(self):
        return f"Shown({self.name!r})"

    def resolve_expression(self, *args, **kwargs):
        return in_language(self.name, current_language()).resolve_expression(*args, **kwargs)

    def prefix_references(self, prefix):
        """Ordering by a relation ("workshop") orders by its model's ordering, through it."""
        return Shown(prefix + self.name)


def in_language(field, language):
    """The expression of `field`'s text in `language`, else English (see Shown)."""
    english = F(column(field, ENGLISH))
    if language == ENGLISH:
        return english
    # Each language's column has a field class of its own (modeltranslation's): say the type.
    text = TextField()
    return Coalesce(
        NullIf(F(column(field, language)), Value(""), output_field=text), english, output_field=text
    )


def missing(model, language):
    """The rows of `model` with an English text whose `language` version is missing; texts that
    are made from others when saved (a section's rendered text) are not counted."""
    condition = Q()
    for field in translated_fields(model):
        if not model._meta.get_field(field).editable:
            continue
        own, english = column(field, language), column(field, ENGLISH)
        condition |= (Q(**{f"{own}__isnull": True}) | Q(**{own: ""})) & ~(
            Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
        )
    return condition


class OriginalInEnglish:
    """For a model with translated fields (before models.Model in the bases): saved in English,
    so that the column under the field's own name holds the English text (see above)."""

    def save(self, *args, **kwargs):
        with translation.override(ENGLISH):
            super().save(*args, **kwargs)


def in_every_language(model, path):
    """`path`'s column in every language where its field is translated, else `path` itself:
    what an editor's search box looks in."""
    if not is_translated(model, path):
        return [path]
    return [column(path, language) for language in CONTENT_LANGUAGES]


def shown_ordering(model, ordering):
    """`ordering` (names, "-names" and expressions) with each translated field as a page in the
    current language shows it (Shown), not as the library would have it: its column in that
    language, empty where there is no translation."""
    shown = []
    for item in ordering:
        name = item.removeprefix("-") if isinstance(item, str) else None
        if name is None or name == "?" or not is_translated(model, name):
            shown.append(item)
        else:
            shown.append(Shown(name).desc() if item.startswith("-") else Shown(name).asc())
    return shown


# Marking ------------------------------------------------------------------------------------

# While a page's main content renders: the languages other than the page's that it marked.
_marked_languages = ContextVar("marked_languages", default=None)


@contextmanager
def noting_other_languages():
    """Collects the languages that `marked()` and `lang_attribute()` mark while it lasts."""
    found = set()
    token = _marked_languages.set(found)
    try:
        yield found
    finally:
        _marked_languages.reset(token)


def _note(language):
    found = _marked_languages.get()
    if found is not None:
        found.add(language)


def marked(value, *, line_breaks=False):
    """`value` as HTML, escaped: each part of a Text in another language than the page's
    inside an element marked with its language. `line_breaks`: as `linebreaksbr` writes them."""
    page = current_language()
    parts = value.parts if isinstance(value, Text) else [(str(value), page)]
    html = []
    for text, language in parts:
        escaped = conditional_escape(text)
        if line_breaks:
            with_breaks = escaped.replace("\r\n", "\n").replace("\n", "<br>")
            # Escaped above.
            escaped = mark_safe(with_breaks)  # noqa: S308  # nosec B308 B703
        if language == page or not text:
            html.append(escaped)
        else:
            _note(language)
            html.append(format_html('<span lang="{}">{}</span>', language, escaped))
    # Every part escaped above.
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703


def in_its_language(html, language, element="span"):
    """Safe `html` whose text is in `language`, inside an `element` marked with it when that is
    not the page's ("div" around paragraphs)."""
    if language == current_language() or not html:
        return html
    _note(language)
    return format_html('<{} lang="{}">{}</{}>', element, language, html, element)


def lang_attribute(value, parent=None):
    """' lang="en"' for an element whose whole text is `value` (an <option>), when it is in
    another language than its `parent`'s (by default the page's); else ''."""
    language = getattr(value, "language", None)
    if language is None or language == (parent or current_language()):
        return ""
    if language != current_language():
        _note(language)
    return f' lang="{language}"'


# Templates (the "languages" library) --------------------------------------------------------


@register.simple_tag
def text(value, field=None, linebreaksbr=False, language=None):
    """{% text workshop "title" %}: the field in the page's language, else in English, marked;
    {% text session.full_title %}: a Text (or any string) marked; {% text part.title
    language="en" %}: a text of content that is not translated, in the language it is written
    in. `linebreaksbr=True` keeps the editor's line breaks."""
    if field is not None:
        value = text_of(value, field)
    elif language is not None and not isinstance(value, Text):
        value = Text(value, language)
    return marked(value, line_breaks=linebreaksbr)


@register.simple_tag
def rendered(instance, field):
    """{% rendered section "body_html" %}: HTML stored for each language (a long text rendered
    when it was saved), the page's language's else the English one, inside a <div lang="en">
    when it is English on a page in another language."""
    value = text_of(instance, field)
    # Rendered and cleaned by an allow-list when it was saved (idm/markup.py).
    html = mark_safe(value)  # noqa: S308  # nosec B308 B703
    return in_its_language(html, value.language, element="div")


class ContentLanguagesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        with noting_other_languages() as languages:
            content = self.nodelist.render(context)
        if ENGLISH not in languages or current_language() == ENGLISH:
            return content
        note = format_html(
            '<p class="language-note">{}</p>', _("Some texts are only available in English.")
        )
        return note + content


@register.tag
def content_languages(parser, token):
    """{% content_languages %}…{% endcontent_languages %}: the page's main content, after one
    note, when it shows some texts in English that are not translated."""
    nodelist = parser.parse(("endcontent_languages",))
    parser.delete_first_token()
    return ContentLanguagesNode(nodelist)
