"""Privacy guard: planvakt must never hold data about individuals of concern.

Two checks, both pure:

* :func:`check_free_text` refuses a valid Norwegian national identity number (fødselsnummer
  or D-nummer, control digits checked with python-stdnum), however it is written: the text
  is normalised first (Unicode NFKC, invisible characters dropped), and the eleven digits
  may be split into any groups by whitespace of any kind (also non-breaking and thin
  spaces), '.', '-', '/' or a dash. Other numbers pass: dates, phone numbers, organisation
  numbers, case numbers, amounts. The flush guard in :mod:`models.audit` runs it on every
  text column; :func:`hide_identity_numbers` hides exactly what it refuses.
* :func:`looks_like_case_note` warns (it never refuses) on a sentence that reads like a note
  about one person, in bokmål or nynorsk. It is a handful of word lists, not a model: see
  the lists below for what counts, and tests/data/privacy for the sentences it is tuned on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from stdnum.no import fodselsnummer

from models.texts import N_

# --- national identity numbers ----------------------------------------------------------

# Characters that show as nothing but split a number for a naive search: soft hyphen,
# zero-width space, non-joiner and joiner, word joiner, byte order mark (zero-width
# no-break space). They are dropped before matching.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_FOUND = re.compile(f"[{_INVISIBLE}]")
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))

# What may stand between two groups of digits of one number: a dot, slash, hyphen, the
# Unicode hyphens and dashes (U+2010–U+2015, en dash among them) or minus, with up to
# three spaces around it; or up to three spaces alone. ``\s`` is every Unicode space:
# no-break (U+00A0), narrow no-break (U+202F), thin (U+2009), tab, line break …
_MARK = "./\\-\u2010-\u2015\u2212"
_GAP = rf"(?:\s{{0,3}}[{_MARK}]\s{{0,3}}|\s{{1,3}})"
# A run of digit groups joined by gaps, with at least eleven digits (shorter runs, nearly
# all numbers in a text, are passed over by the regular expression engine alone). A match
# starts at the first digit of a group: from any later digit there are fewer. Digits are
# ASCII after NFKC: full-width and other compatibility digits are folded to them.
_CHAIN = re.compile(rf"[0-9](?:{_GAP}?[0-9]){{10,}}")
_GROUP = re.compile(r"[0-9]+")
_LENGTH = 11

# The bokmål words of the refusal (the same template as code ``privacy.national_id`` has in
# planvakt.core.messages, which translates it where it is shown). A fødselsnummer is not in
# itself confidential (forvaltningsloven § 13 second paragraph), so the text says what
# planvakt is for instead.
NATIONAL_ID_TEXT = N_(
    "feltet '{field}' inneholder et fødselsnummer eller D-nummer; fjern nummeret. planvakt er "
    "et planverktøy på systemnivå og skal ikke identifisere enkeltpersoner: opplysninger om "
    "personer det er bekymring for, hører hjemme i tjenestenes egne fagsystemer"
)


class PersonalDataFound(ValueError):
    """Raised when text contains a national identity number.

    Carries the stable ``code`` and the ``params`` of its message as data (the field, and
    the table when a flush was refused), so the application renders it in the user's
    language; ``str()`` is the bokmål text, for code that has no renderer (pydantic).
    """

    code = "privacy.national_id"

    def __init__(self, field: str, *, table: str | None = None) -> None:
        self.params: dict[str, Any] = {"field": field}
        if table is not None:
            self.code = "privacy.national_id_stored"
            self.params["table"] = table
        prefix = f"{table}: " if table is not None else ""
        super().__init__(prefix + NATIONAL_ID_TEXT.format(field=field))


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """``text`` as matched (NFKC, invisible characters dropped), and for each of its
    characters the index of the character of ``text`` it came from (None: the same text).

    Most texts are already normalised and are returned as they are; the rest are
    normalised character by character, so a match can be mapped back onto the original.
    """
    if unicodedata.is_normalized("NFKC", text) and not _INVISIBLE_FOUND.search(text):
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        piece = unicodedata.normalize("NFKC", char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    return "".join(pieces), origin


def _spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Start, end and digits of each valid identity number in the normalised ``text``.

    A candidate is any run of whole digit groups of one chain that holds exactly eleven
    digits: ``151086 95088``, ``15.10.86-95088``, ``151 086 950 88`` and ``1510 8695 088``
    all are; a group is never split, so a longer number is never a candidate.
    """
    for chain in _CHAIN.finditer(text):
        groups = list(_GROUP.finditer(text, chain.start(), chain.end()))
        first = 0
        while first < len(groups):
            digits = ""
            for last in range(first, len(groups)):
                digits += groups[last].group()
                if len(digits) >= _LENGTH:
                    break
            if len(digits) == _LENGTH and fodselsnummer.is_valid(digits):
                yield groups[first].start(), groups[last].end(), digits
                first = last + 1
            else:
                first += 1


def find_identity_numbers(text: str) -> list[str]:
    """Return every valid fødselsnummer or D-nummer in ``text`` (digits only)."""
    if len(text) < _LENGTH:
        return []
    normalised, _ = _normalised(text)
    return [digits for _, _, digits in _spans(normalised)]


def hide_identity_numbers(text: str, mark: str) -> str:
    """``text`` with every valid fødselsnummer and D-nummer replaced by ``mark``.

    Hides exactly the numbers :func:`find_identity_numbers` finds, in whatever form they
    are written; the rest of ``text`` is kept as it was (not normalised).
    """
    if len(text) < _LENGTH:
        return text
    normalised, origin = _normalised(text)
    parts: list[str] = []
    kept = 0
    for start, end, _ in _spans(normalised):
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        parts += [text[kept:start], mark]
        kept = end
    return "".join(parts) + text[kept:] if parts else text


def texts_in(value: object) -> Iterator[str]:
    """Every text in ``value``: a text itself, or the keys and values of a JSON value
    (a text per language ``{"nb": …}``, lists, nested objects) at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(key)
            yield from texts_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_in(item)


def check_free_text(text: object, *, field: str) -> None:
    """Raise :class:`PersonalDataFound` if ``text`` holds a national identity number.

    ``text`` is a text, None, or a JSON value whose texts are all checked (see
    :func:`texts_in`); anything else (numbers, dates) passes. The message never repeats the
    number itself.
    """
    for one in (text,) if isinstance(text, str) else texts_in(text):
        if len(one) >= _LENGTH and next(_spans(_normalised(one)[0]), None) is not None:
            raise PersonalDataFound(field)


# --- case notes ---------------------------------------------------------------------------
#
# A sentence reads like a note about one person when it
#   1. gives a person's age with a gender or role word («gutt, 15 år», «jenta (14 år)»,
#      «15 år gammel», «ein 17-åring»), a birth date («født 03.04.2011») or a name with an
#      age in brackets («Kari (16)»); or
#   2. names one person — by role or kinship in the definite singular, by a personal
#      pronoun or by a first name — AND says what happened to that person or what is
#      feared (concern, observations, statements, health, crime, radicalisation), unless
#      the sentence states a rule (conditional or modal: «dersom», «kan», «skal» …).
# Plural and indefinite forms («elevene», «elevane», «en elev», «eit barn») are what plans
# say, so they are left out on purpose: «Rutine for bekymringsmelding til barnevernet» names
# no person and passes.


def _words(lists: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    """One pattern for a word list: entries separated by commas, ``#`` lines are comments.

    An entry is a whole word or phrase; ``\\w*`` after a stem takes every ending.
    """
    entries = [
        entry.strip()
        for line in lists.splitlines()
        if not line.strip().startswith("#")
        for entry in line.split(",")
        if entry.strip()
    ]
    return re.compile(r"\b(?:" + "|".join(entries) + r")\b", re.IGNORECASE if ignore_case else 0)


# One person, by role or kinship (definite singular, bokmål and nynorsk) or by pronoun.
_ONE_PERSON = _words(
    """
    # pupils, children and young people
    eleven, gutten, guten, jenta, jenten, ungdommen, ungdomen, barnet
    # adults, clients, patients
    personen, mannen, kvinnen, kvinna, brukeren, brukaren, pasienten, klienten,
    vedkommende, vedkomande, den mistenkte
    # family
    mor, moren, mora, far, faren, sønnen, sonen, datteren, dattera, dottera, broren,
    søsteren, søstera, systera, stefaren, stemoren, stemora
    # personal pronouns, third person singular
    han, hun, ho, hen, ham, honom, henne, hans, hennes, hennar
    """
)

# Common first names in Norway (from SSB's lists of the most given names, Norwegian and
# other origins; capitalised only). Words that are also ordinary words («Per i dag»,
# «Liv og helse») are left out. A name not on the list is still caught with an age.
_FIRST_NAME = _words(
    """
    Ola, Kari, Pål, Espen, Nora, Emma, Sara, Sofie, Sofia, Ingrid, Thea, Emilie, Maja, Ida,
    Hanna, Hanne, Julie, Leah, Ella, Olivia, Frida, Selma, Tiril, Anne, Inger, Marit,
    Jonas, Jakob, Emil, Noah, Oliver, Filip, William, Lucas, Mathias, Henrik, Aksel,
    Tobias, Magnus, Elias, Sander, Markus, Kristian, Martin, Andreas, Sondre, Sindre, Ole,
    Lars, Knut, Jon, Nils, Hans, Adam, Ali, Ahmed, Mohammed, Mohamed, Muhammad, Omar,
    Yusuf, Ibrahim, Mustafa, Hassan, Abdi, Hamza, Fatima, Aisha, Amina, Maryam, Zainab,
    Yasmin
    """,
    ignore_case=False,
)

# What notes about a person say happened, or what is feared.
_ABOUT_THEM = _words(
    r"""
    # concern
    bekymr\w*, uro for, urolig for
    # reported, observed, found out
    melder, meldte, meldt, observert\w*, observerte, sett sammen med, oppdaget, oppdaga
    # said or expressed
    uttrykt, uttrykte, uttrykker, uttrykkjer, ytr\w*, sagt, sa at, fortalt, fortalte,
    fortalde, forteller, fortel, opplyst, opplyste, opplyser
    # contact with services, placements
    i kontakt med, kontaktet, kontakta, henvist, tilvist, akuttplassert, plassert,
    fosterhjem\w*, fosterheim\w*, omsorgsovertak\w*
    # health
    diagnos\w*, medisin\w*, innlagt, lagd inn, psykisk\w*, psykiatri\w*, selvskad\w*,
    sjølvskad\w*, selvmord\w*, sjølvmord\w*
    # crime, police, school discipline, drugs
    mistenkt\w*, mistanke, anmeldt, siktet, sikta, tiltalt, dømt, pågrepet, pågripen,
    arrestert, varetekt, truet, truer, truga, trugar, trusler, truslar, trugsmål\w*, vold,
    vald, våpen, kniv, bortvist, utvist, fravær, fråvær, ruser, ruset, ruse, rusa, hasj
    # radicalisation
    radikalis\w*, ekstrem\w*, støtte til, sympati\w*, propaganda, terror\w*, nazis\w*
    """
)

# A rule, not a report: conditional and modal words. «skal ha» (allegedly) and «kan
# fortelle» are how notes speak, so they do not count.
_RULE = _words(
    r"""
    dersom, hvis, viss, ved behov, kan(?! fortel), bør, må, skal(?! ha\b), rutine, rutinen
    """
)

# An age or a birth date of one person.
_AGE = re.compile(
    # «gutt, 15 år», «jenta (14 år)», «eleven 16 år» – not «16 år og eldre»
    r"\b(?:gutt|gutten|gut|guten|jente|jenta|jenten|mann|mannen|kvinne|kvinnen|kvinna|elev|"
    r"eleven|ungdom|ungdommen|ungdomen)\s*[,(]?\s*\d{1,2}\s*år\b"
    r"(?!\s+og\s+(?:eldre|yngre|over|under|oppover))"
    # «15 år gammel», «15 år gamal»
    r"|\b\d{1,2}\s*år\s+gam(?:m?el|al)\b"
    # «ein 17-åring», «15-åringen» – not «15-åringer»
    r"|\b\d{1,2}\s*[-\u2010-\u2013]?\s*åring(?:en)?\b"
    # «født 03.04.2011», «fødd 3.4.2011»
    r"|\bfød[td]\s+(?:den\s+)?\d{1,2}\.\s*\d{1,2}\.\s*\d{2,4}"
    # «Kari (16)»: a capitalised word, an age in brackets
    r"|(?-i:\b[A-ZÆØÅ][a-zæøåé]+\s*\(\d{1,2}\))",
    re.IGNORECASE,
)

_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def looks_like_case_note(text: str | None) -> bool:
    """True when a sentence of ``text`` reads like a note about one person (a warning, not
    a refusal); see the lists above for what counts."""
    if not text:
        return False
    text = unicodedata.normalize("NFKC", text).translate(_DROP_INVISIBLE)
    for sentence in _SENTENCES.split(text):
        if _AGE.search(sentence):
            return True
        person = _ONE_PERSON.search(sentence) or _FIRST_NAME.search(sentence)
        if person and _ABOUT_THEM.search(sentence) and not _RULE.search(sentence):
            return True
    return False
