"""Days and ranges of days as people write them in each language (idm/dates.py)."""

import datetime

import pytest
from django.utils import translation

from idm.dates import date_range
from tests.seed import WORKSHOP_SLUG

DASH = "\N{EN DASH}"
D = datetime.date


@pytest.mark.parametrize(
    "language, start, end, expected",
    [
        ("en", D(2007, 10, 8), D(2007, 10, 8), "8 October 2007"),
        ("en", D(2007, 10, 8), D(2007, 10, 9), f"8{DASH}9 October 2007"),
        ("fr", D(2007, 10, 8), D(2007, 10, 9), f"8{DASH}9 octobre 2007"),
        ("es", D(2007, 10, 8), D(2007, 10, 9), f"8{DASH}9 de octubre de 2007"),
        ("en", D(2007, 9, 30), D(2007, 10, 2), f"30 September {DASH} 2 October 2007"),
        ("fr", D(2007, 9, 30), D(2007, 10, 2), f"30 septembre {DASH} 2 octobre 2007"),
        ("es", D(2007, 9, 30), D(2007, 10, 2), f"30 de septiembre {DASH} 2 de octubre de 2007"),
        ("en", D(2007, 12, 31), D(2008, 1, 2), f"31 December 2007 {DASH} 2 January 2008"),
        (
            "es",
            D(2007, 12, 31),
            D(2008, 1, 2),
            f"31 de diciembre de 2007 {DASH} 2 de enero de 2008",
        ),
        ("es", D(2007, 10, 8), D(2007, 10, 8), "8 de octubre de 2007"),
    ],
)
def test_date_range_is_written_as_in_the_language(language, start, end, expected):
    with translation.override(language):
        assert date_range(start, end) == expected


@pytest.mark.parametrize(
    "language, dates, day",
    [
        ("en", f"8{DASH}9 October 2007", "Monday 8 October 2007"),
        ("fr", f"8{DASH}9 octobre 2007", "lundi 8 octobre 2007"),
        ("es", f"8{DASH}9 de octubre de 2007", "lunes 8 de octubre de 2007"),
    ],
)
def test_workshop_page_writes_its_dates_and_days_in_the_language(
    client, seed, language, dates, day
):
    html = client.get(f"/{language}/workshops/{WORKSHOP_SLUG}/").content.decode()
    assert f'<time datetime="2007-10-08">{dates}</time>' in html
    assert f'<time datetime="2007-10-08">{day}</time>' in html
