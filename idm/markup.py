"""The small markup of long texts (the sections and notes of publications): Markdown, made safe.

Editors write CommonMark (paragraphs, emphasis, lists, quotations, links, tables) and refer to
a numbered note of the text as `[^3]`. HTML typed in the text is shown as text, never
interpreted; headings belong in the section's own fields, images are not taken. The result is
then cleaned with an allow-list (nh3): only the tags and attributes below, links only to
http(s), mailto or addresses of this site.

Texts are rendered when they are saved, and the result stored: pages show it as it is.
"""

import re

import nh3
from markdown_it import MarkdownIt

# A reference to a numbered note of the text: [^3].
FOOTNOTE_REFERENCE = re.compile(r"\[\^([1-9][0-9]{0,3})\]")

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "sup", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "sup": {"class"},
    "ol": {"start"},
}
LINK_SCHEMES = {"http", "https", "mailto"}
# No style attributes (tables' column alignment): the Content Security Policy forbids them.


def footnote_id(number):
    """The id of a note on the page: a slug (a section's anchor) can never take it."""
    return f"fn:{number}"


def footnote_reference_id(number):
    return f"fnref:{number}"


def footnote_reference_rule(state, silent):
    """Inline rule: `[^3]` becomes a footnote_ref token, before links are looked for."""
    match = FOOTNOTE_REFERENCE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"number": int(match[1])}
    state.pos = match.end()
    return True


def render_footnote_reference(self, tokens, index, options, env):
    number = tokens[index].meta["number"]
    return (
        f'<sup class="footnote-ref"><a href="#{footnote_id(number)}" '
        f'id="{footnote_reference_id(number)}">{number}</a></sup>'
    )


def parser():
    # "html": False: HTML typed by an editor is escaped and shown as text.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.disable(["heading", "lheading", "image", "html_block", "html_inline"])
    md.inline.ruler.before("link", "footnote_ref", footnote_reference_rule)
    md.add_render_rule("footnote_ref", render_footnote_reference)
    return md


MARKDOWN = parser()


def render(text):
    """`text` (Markdown) as safe HTML."""
    return nh3.clean(
        MARKDOWN.render(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
    )


def footnote_references(text):
    """The numbers of the notes that `text` refers to, in order of first reference."""
    return list(dict.fromkeys(int(number) for number in FOOTNOTE_REFERENCE.findall(text or "")))
