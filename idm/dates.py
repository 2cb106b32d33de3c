"""Days and ranges of days written as people write them in each language.

The formats are Django's date formats, translated: "8 October 2007" is "8 octobre 2007" in
French and "8 de octubre de 2007" in Spanish; a range gives the month and year once when the
two days share them ("8-9 October 2007", "30 September - 2 October 2007").
"""

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

EN_DASH = "\N{EN DASH}"


def day(date):
    """'8 October 2007', in the current language."""
    # Translators: a date, in Django's date format ("8 October 2007"); Spanish "j \d\e F \d\e Y".
    # The pages write days with a weekday as "l j F Y".
    return format_date(date, gettext("j F Y"))


def date_range(start, end):
    """'8 October 2007', '8-9 October 2007', '30 September - 2 October 2007' or
    '30 December 2007 - 2 January 2008', in the current language."""
    if start == end:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{format_date(start, 'j')}{EN_DASH}{day(end)}"
    if start.year == end.year:
        # Translators: a date without its year, in Django's date format ("30 September"), which
        # starts a range of days within one year ("30 September - 2 October 2007").
        day_and_month = format_date(start, gettext("j F"))
        return f"{day_and_month} {EN_DASH} {day(end)}"
    return f"{day(start)} {EN_DASH} {day(end)}"
