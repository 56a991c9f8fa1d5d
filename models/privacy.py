"""Privacy guard: planvakt must never hold data about individuals of concern.

Two checks, both pure:

* :func:`check_free_text` refuses a valid Norwegian national identity number (fødselsnummer
  or D-nummer, control digits checked with python-stdnum), however it is written: the text
  is normalised first (Unicode NFKC, invisible characters dropped, digits of any script
  folded), and the eleven digits may be split into any groups by up to eight characters
  that are neither letters nor digits: whitespace of any kind, punctuation, brackets (a
  list break, such as a comma, only after the six digits of the birth date). Other numbers
  pass: dates, phone numbers, organisation numbers, case numbers, amounts, lists of them.
  The flush guard in :mod:`models.audit` runs it on every text column;
  :func:`hide_identity_numbers` hides exactly what it refuses.
* :func:`looks_like_case_note` warns (it never refuses) on a sentence that reads like a note
  about one person, in bokmål or nynorsk. It is a handful of word lists, not a model: see
  the lists below for what counts, and tests/data/privacy for the sentences it is tuned on.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from stdnum.no import fodselsnummer

from models.texts import N_

# --- national identity numbers ----------------------------------------------------------

# Characters that show as nothing but split a number for a naive search. They are dropped
# before matching: every format character (Unicode category Cf: soft hyphen, zero-width
# space, non-joiner and joiner, word joiner, byte order mark, the direction marks and
# embeddings U+200E/U+200F and U+202A–U+202E, the invisible operators U+2061–U+2064 …), the
# combining grapheme joiner U+034F, the variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF,
# the Mongolian U+180B–U+180F) and the Hangul fillers, which are letters that show as blank.
_INVISIBLE_RANGES = "\u034f\u115f\u1160\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef"
# Unicode puts its format characters in planes 0, 1 and 14 only.
_PLANES_WITH_FORMAT_CHARACTERS = (range(0x20000), range(0xE0000, 0xE1000))


@functools.cache
def _invisible_characters() -> re.Pattern[str]:
    """One invisible character (see above). Collected when first needed (~15 ms)."""
    category = unicodedata.category
    found = "".join(
        re.escape(chr(code))
        for plane in _PLANES_WITH_FORMAT_CHARACTERS
        for code in plane
        if category(chr(code)) == "Cf"
    )
    return re.compile(f"[{found}{_INVISIBLE_RANGES}]")


# What may stand between two groups of digits of one number: up to eight characters that are
# neither letters nor digits — any whitespace (also no-break, narrow no-break and thin space,
# tab, line break), any punctuation (. , : ; - _ / · • brackets, the Unicode hyphens and
# dashes …) and symbols such as | or +. ``151086-95088``, ``(151086) 95088``,
# ``151086--95088``, ``151086_95088`` and ``151086    95088`` are one number. Digits are ASCII
# when matched: NFKC folds full-width and other compatibility digits, and the decimal digits
# of other scripts (Arabic-Indic, Devanagari …) are folded to their values.
_GAP = r"[\W_]{1,8}"
# A run of digit groups joined by gaps, with at least eleven digits (shorter runs, nearly all
# numbers in a text, are passed over by the regular expression engine alone). A match starts
# at the first digit of a group: from any later digit there are fewer.
_CHAIN = re.compile(rf"[0-9](?:(?:{_GAP})?[0-9]){{10,}}")
_GROUP = re.compile(r"[0-9]+")
# A list break: a comma, semicolon, vertical bar, tab or line break, the way lists, table
# cells and pasted sheets separate numbers («22 33 44 55, 99 88 77 66»). A number runs on
# across a list break only where a fødselsnummer splits, after the six digits of the birth
# date (``151086, 95088``, ``151086|95088``); anywhere else the digits on either side
# belong to different numbers.
_LIST_BREAK = re.compile(r"[,;|\t\n\r\v\f\x85\u2028\u2029]")
_DATE_PART = 6
_DIGIT = re.compile(r"\d")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
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


def _may_hold_number(text: str) -> bool:
    """False when ``text`` cannot hold an identity number: it has fewer than eleven digits
    (of any script, after NFKC). Nearly every text is passed over here, at the speed of C."""
    if len(text) < _LENGTH:
        return False
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return len(_DIGIT.findall(text)) >= _LENGTH


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """``text`` as matched (NFKC, invisible characters dropped, digits ASCII), and for each
    of its characters the index of the character of ``text`` it came from (None: the same
    text, as most texts are).

    The other texts are normalised character by character, so a match can be mapped back
    onto the original.
    """
    invisible = _invisible_characters()
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text)
        and not invisible.search(text)
        and not _OTHER_DIGIT.search(text)
    ):
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if invisible.match(char):
            continue
        for folded in unicodedata.normalize("NFKC", char):
            value = unicodedata.decimal(folded, None)
            pieces.append(folded if value is None else str(value))
            origin.append(index)
    return "".join(pieces), origin


def _spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Start, end and digits of each valid identity number in the normalised ``text``.

    A candidate is any run of whole digit groups of one chain that holds exactly eleven
    digits: ``151086 95088``, ``15.10.86-95088``, ``151 086 950 88`` and ``1510 8695 088``
    all are; a group is never split, so a longer number is never a candidate. A list break
    inside a candidate must stand after its sixth digit (see ``_LIST_BREAK``).
    """
    for chain in _CHAIN.finditer(text):
        groups = list(_GROUP.finditer(text, chain.start(), chain.end()))
        first = 0
        while first < len(groups):
            last, digits, fits = first, groups[first].group(), True
            while len(digits) < _LENGTH and last + 1 < len(groups):
                last += 1
                gap = text[groups[last - 1].end() : groups[last].start()]
                fits = fits and (len(digits) == _DATE_PART or not _LIST_BREAK.search(gap))
                digits += groups[last].group()
            if fits and len(digits) == _LENGTH and fodselsnummer.is_valid(digits):
                yield groups[first].start(), groups[last].end(), digits
                first = last + 1
            else:
                first += 1


def _numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """Start, end (in ``text`` as written) and digits of each valid identity number."""
    if not _may_hold_number(text):
        return
    normalised, origin = _normalised(text)
    for start, end, digits in _spans(normalised):
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        yield start, end, digits


def find_identity_numbers(text: str) -> list[str]:
    """Return every valid fødselsnummer or D-nummer in ``text`` (digits only)."""
    return [digits for _, _, digits in _numbers(text)]


def hide_identity_numbers(text: str, mark: str) -> str:
    """``text`` with every valid fødselsnummer and D-nummer replaced by ``mark``.

    Hides exactly the numbers :func:`find_identity_numbers` finds, in whatever form they
    are written; the rest of ``text`` is kept as it was (not normalised).
    """
    parts: list[str] = []
    kept = 0
    for start, end, _ in _numbers(text):
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
        if next(_numbers(one), None) is not None:
            raise PersonalDataFound(field)


# --- case notes ---------------------------------------------------------------------------
#
# A sentence reads like a note about one person when it
#   1. gives a person's age or birth: an age with a gender or role word («gutt, 15 år»,
#      «jenta (14 år)», «gutten på 14 år», «ho er 15»), «15 år gammel», «ein 17-åring», a
#      birth date («født 03.04.2011»), a birth year in brackets or after «er» («(født
#      2011)», «han er fødd i 2010») or a name with an age in brackets («Kari (16)»); or
#   2. names one person — by role or kinship in the definite singular, by a personal
#      pronoun, by a first name or as a pupil of a named class («ein elev i 9B») — AND says
#      what happened to that person, when, or what is feared (concern, observations,
#      statements, contact with services, health, crime, radicalisation; «i går», «i
#      helga»), unless the sentence states a rule:
#      * a condition («dersom», «hvis», «viss», «ved behov», «rutine») always makes it one;
#      * a modal verb («kan», «skal», «må», «bør») only when a generic subject comes before
#        the person («Foreldre som er bekymret for barnet sitt, kan ta kontakt …») or the
#        person is a service's role word right before it («Eleven skal oppleve …»). After a
#        concrete person it is part of the report («Jenta må hentes av politiet …»), and so
#        are «skal ha» (allegedly) and «kan ha» (possibly) anywhere.
# Plural and indefinite forms («elevene», «elevane», «en elev», «eit barn») are what plans
# say, so they are left out on purpose: «Rutine for bekymringsmelding til barnevernet» names
# no person and passes. So are the phrases that only look like one person: «mor og far»
# (parents), «faren for» (the danger of) and «psykisk helse» (a topic).


def _words(lists: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    """One pattern for a word list: entries separated by commas, ``#`` lines are comments.

    An entry is a whole word or phrase; ``\\w*`` after a stem takes every ending. An entry
    holds no comma (``\\d\\d?``, not ``\\d{1,2}``).
    """
    entries = [
        entry.strip()
        for line in lists.splitlines()
        if not line.strip().startswith("#")
        for entry in line.split(",")
        if entry.strip()
    ]
    return re.compile(r"\b(?:" + "|".join(entries) + r")\b", re.IGNORECASE if ignore_case else 0)


# One person, by role or kinship (definite singular, bokmål and nynorsk), by pronoun, or as
# a pupil of a named class.
_ONE_PERSON = _words(
    r"""
    # pupils, children and young people
    eleven, gutten, guten, jenta, jenten, ungdommen, ungdomen, barnet
    (?:en|ein|ei)\s+(?:elev|gutt|gut|jente|ungdom)\s+(?:i|på|fra|frå)\s+\d\d?\s?[a-zæøå]
    # adults, clients, patients
    personen, mannen, kvinnen, kvinna, brukeren, brukaren, pasienten, klienten,
    vedkommende, vedkomande, den mistenkte
    # family – not «faren for» (the danger of), nor «mor og barn» (a group)
    mor(?!\s+og\s+barn), moren, mora, far, faren(?!\s+(?:for|ved)\b),
    sønnen, sonen, datteren, dattera, dottera, broren, søsteren, søstera, systera,
    stefaren, stemoren, stemora
    # personal pronouns, third person singular
    han, hun, ho, hen, ham, honom, henne, hans, hennes, hennar
    """
)

# Pairs that speak of anyone: «mor og far» (parents), «han eller hun» (whoever it is). They
# are read as «de», a generic subject.
_ANYONE = _words(
    r"""
    (?:mor|far)\s*(?:og|eller|/)\s*(?:far|mor),
    (?:han|hun|ho|hen)\s*(?:og|eller|/)\s*(?:han|hun|ho|hen)
    """
)

# A generic subject: people in general, by group or in the indefinite. A modal verb after
# one of these states a rule.
_GENERIC = _words(
    """
    foreldre, foreldra, foreldrene, foresatte, føresette,
    ansatte, tilsette, lærere, lærerne, lærarar, lærarane, elever, elevar, elevene, elevane,
    barn, barna, unge, ungdom, ungdommer, ungdomar, alle, man, en, ein, ei, et, eit, vi, du,
    dere, de, dei, den som, kommunen, skolen, skulen, skolene, skulane, tjenesten,
    tjenestene, tenesta, tenestene
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

# What notes about a person say happened, when, or what is feared.
_ABOUT_THEM = _words(
    r"""
    # concern
    bekymr\w*, uro for, urolig for
    # reported, observed, found out
    melder, meldte, meldt, observert\w*, observerte, sett sammen med, oppdaget, oppdaga
    # said or expressed – not «ytringsfrihet»
    uttrykt, uttrykte, uttrykker, uttrykkjer, ytr(?:et|a|er|ar|te|ing|ingen|inger|ingar),
    sagt, sa at, fortalt, fortalte, fortalde, forteller, fortel, opplyst, opplyste, opplyser
    # contact with services, placements
    i kontakt med, kontaktet, kontakta, ringte, ringde, ringt, henvist, tilvist,
    akuttplassert, plassert, fosterhjem\w*, fosterheim\w*, omsorgsovertak\w*,
    institusjon\w*
    # health – not «psykisk helse», a topic
    diagnos\w*, medisin\w*, innlagt, lagd inn, psykisk\w*(?!\s+helse), psykiatri\w*,
    selvskad\w*, sjølvskad\w*, selvmord\w*, sjølvmord\w*, isolert, isolerer, isolerar,
    isolere seg, isolera seg
    # crime, police, school discipline, drugs
    mistenkt\w*, mistanke, anmeldt, siktet, sikta, tiltalt, dømt, domfelt\w*, voldsdom\w*,
    valdsdom\w*, dom for, pågrepet, pågripen, arrestert, varetekt, truet, truer, truga,
    trugar, trusler, truslar, trugsmål\w*, vold, vald, våpen, kniv, skyte, skyting, drepe,
    bortvist, utvist, fravær, fråvær, ruser, ruset, ruse, rusa, hasj
    # radicalisation
    radikalis\w*, ekstrem\w*, støtte til, sympati\w*, propaganda, terror\w*, nazis\w*
    # when: notes say when it happened
    i går, i forgårs, i natt, i morges, i helgen, i helga, forrige uke, førre veke,
    sist uke, sist veke, i fjor
    """
)

# A rule, not a report: a condition always; a modal verb only after a generic subject (see
# above). «skal ha» (allegedly), «kan ha» (possibly) and «kan fortelle» are how notes speak,
# so they are no modal verbs here.
_CONDITION = _words("dersom, hvis, viss, ved behov, rutine, rutinen")
_MODAL_VERB = r"(?:kan(?!\s+(?:ha|fortel))|bør|må|skal(?!\s+ha\b))"
_MODAL = _words(_MODAL_VERB)
# A service's role word in the definite singular right before a modal verb is how rules speak
# of anyone in that role: «Eleven skal oppleve …», «Brukeren kan be om innsyn …».
_ROLE_RULE = re.compile(
    r"(?:eleven|barnet|ungdommen|ungdomen|brukeren|brukaren|pasienten|klienten)\s+"
    + _MODAL_VERB
    + r"\b",
    re.IGNORECASE,
)

_CONCRETE = r"(?:gutten|guten|jenta|jenten|mannen|kvinnen|kvinna|eleven|ungdommen|ungdomen)"
# An age or a birth of one person.
_AGE = re.compile(
    # «gutt, 15 år», «jenta (14 år)», «eleven 16 år» – not «16 år og eldre»
    r"\b(?:gutt|gutten|gut|guten|jente|jenta|jenten|mann|mannen|kvinne|kvinnen|kvinna|elev|"
    r"eleven|ungdom|ungdommen|ungdomen)\s*[,(]?\s*\d{1,2}\s*år\b"
    r"(?!\s+og\s+(?:eldre|yngre|over|under|oppover))"
    # «gutten på 14 år»
    rf"|\b{_CONCRETE}\s+på\s+\d{{1,2}}\s*år\b"
    # «ho er 15», «eleven blir 16» – not «er 15 %», «er 15,5»
    rf"|\b(?:han|hun|ho|hen|{_CONCRETE})\s+(?:er|var|blir|ble|vart|blei|fyller|fyll|fylte|"
    r"fylde)\s+\d{1,2}\b(?!\s*(?:%|prosent|kr\b|kroner|[.,:]\d))"
    # «15 år gammel», «15 år gamal»
    r"|\b\d{1,2}\s*år\s+gam(?:m?el|al)\b"
    # «ein 17-åring», «15-åringen» – not «15-åringer»
    r"|\b\d{1,2}\s*[-\u2010-\u2013]?\s*åring(?:en)?\b"
    # «født 03.04.2011», «fødd 3.4.2011»
    r"|\bfød[td]\s+(?:den\s+)?\d{1,2}\.\s*\d{1,2}\.\s*\d{2,4}"
    # «(født 2011)», «han er fødd i 2010» – not «barn født i 2012»
    r"|\(\s*fød[td]\s+(?:i\s+)?\d{4}\s*\)"
    r"|\b(?:er|var|ble|blei|vart)\s+fød[td]\s+(?:i\s+)?\d{4}\b"
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
    text = _invisible_characters().sub("", unicodedata.normalize("NFKC", text))
    return any(_reads_like_a_note(sentence) for sentence in _SENTENCES.split(text))


def _reads_like_a_note(sentence: str) -> bool:
    if _AGE.search(sentence):
        return True
    sentence = _ANYONE.sub("de", sentence)
    persons = [m for m in (_ONE_PERSON.search(sentence), _FIRST_NAME.search(sentence)) if m]
    if not persons or not _ABOUT_THEM.search(sentence) or _CONDITION.search(sentence):
        return False
    person = min(match.start() for match in persons)
    generic = _GENERIC.search(sentence, 0, person) or _ROLE_RULE.match(sentence, person)
    return generic is None or not _MODAL.search(sentence)
