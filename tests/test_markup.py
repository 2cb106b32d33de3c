"""The markup of long texts: Markdown that editors write, rendered as safe HTML."""

import pytest

from idm.markup import footnote_references, render


def test_paragraphs_emphasis_lists_and_links_are_rendered():
    html = render("One *word*, **two**.\n\n- a\n- b\n\n[IOM](https://www.iom.int/) [page](/en/)")
    assert html == (
        "<p>One <em>word</em>, <strong>two</strong>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        '<p><a href="https://www.iom.int/">IOM</a> <a href="/en/">page</a></p>\n'
    )


def test_a_note_reference_links_to_the_note_which_can_link_back():
    assert render("Migrant workers.[^12]") == (
        '<p>Migrant workers.<sup class="footnote-ref"><a href="#fn:12" id="fnref:12">12</a>'
        "</sup></p>\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<div style='position:fixed'>x</div>",
        "<!-- comment --><iframe src=//evil.example.org>",
    ],
)
def test_html_typed_by_an_editor_is_shown_as_text(text):
    html = render(text)
    assert "<" not in html.removeprefix("<p>").removesuffix("</p>\n")


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc"],
)
def test_links_that_would_run_code_are_not_made(link):
    assert "href" not in render(f"[click]({link})")


def test_mailto_links_are_made():
    assert render("[write](mailto:idm@iom.int)") == (
        '<p><a href="mailto:idm@iom.int">write</a></p>\n'
    )


def test_headings_and_images_are_left_as_text():
    """Headings are the sections' own; images would come from elsewhere."""
    html = render("# Title\n\n![photo](https://example.org/a.png)")
    assert "<h1" not in html and "<img" not in html
    assert "# Title" in html


def test_tables_have_no_style_attributes():
    """The Content Security Policy would refuse them."""
    html = render("| a | b |\n|--:|:--|\n| 1 | 2 |")
    assert "<table>" in html and "style" not in html


def test_footnote_references_in_order_of_first_mention():
    assert footnote_references("a[^3] b[^1] c[^3] [^0] [^x]") == [3, 1]
