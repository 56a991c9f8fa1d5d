"""The words of every error: one table from code to bokmål template, and its renderers.

Errors carry a stable ``code``, their ``params`` and a :class:`~planvakt.core.errors.Location`
as data; only the edges turn them into words (a CLI line, a form field, a JSON body). The
bokmål templates are the source language and the message ids of the catalogs: they are
marked with :func:`N_` so that extraction finds them, and each renderer takes the language
to render in and translates the template through that language's catalog
(:func:`planvakt.core.languages.texts`). A template the catalog lacks shows in bokmål.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from planvakt.core.languages import N_, Language, texts

if TYPE_CHECKING:
    from planvakt.core.errors import Location, PlanvaktError

SHOWN = 10  # errors of a summary shown in its one line; a payload lists all


# The refusal of the privacy guard (models.privacy.NATIONAL_ID_TEXT says the same).
_NATIONAL_ID = N_(
    "feltet '{field}' inneholder et fødselsnummer eller D-nummer; fjern nummeret. planvakt er "
    "et planverktøy på systemnivå og skal ikke identifisere enkeltpersoner: opplysninger om "
    "personer det er bekymring for, hører hjemme i tjenestenes egne fagsystemer"
)
_NATIONAL_ID_STORED = N_(
    "{table}: feltet '{field}' inneholder et fødselsnummer eller D-nummer; fjern nummeret. "
    "planvakt er et planverktøy på systemnivå og skal ikke identifisere enkeltpersoner: "
    "opplysninger om personer det er bekymring for, hører hjemme i tjenestenes egne "
    "fagsystemer"
)
_DATE_FORMAT = N_("ugyldig dato (bruk dd.mm.åååå, d.m.åå eller åååå-mm-dd)")
_MAPPING = N_("må være en tabell med nøkler (mapping)")
_ONE_OF = N_("ugyldig verdi; gyldige: {expected}")

NB: dict[str, str] = {
    # generic
    "text": "{text}",
    "location.line": N_("linje {line}"),
    "location.row": N_("rad {row}"),
    "location.field": N_("felt '{field}'"),
    "location.column": N_("kolonne '{column}'"),
    "location.value": N_("verdi «{value}»"),
    "import.failed": N_("{count} feil, ingenting ble lagret: {details}"),
    "import.more": N_("(+{count} flere)"),
    # settings
    "settings.invalid": N_("ugyldig innstilling {setting}: {reason}"),
    "settings.timezone_unknown": N_("ugyldig innstilling {setting}: ukjent tidssone '{value}'"),
    "settings.database_url_invalid": N_(
        "ugyldig innstilling {setting}: må være en SQLAlchemy-URL, "
        "f.eks. sqlite:///sti eller postgresql+psycopg://…"
    ),
    "settings.secret_key_invalid": N_(
        "ugyldig innstilling PLANVAKT_SECRET_KEY: må være en Fernet-nøkkel (32 byte, base64)"
    ),
    "settings.secret_key_lost": N_(
        "kan ikke lese en lagret varslingsadresse: hemmelig nøkkel er byttet eller mangler"
    ),
    # privacy
    "privacy.national_id": _NATIONAL_ID,
    "privacy.national_id_stored": _NATIONAL_ID_STORED,
    # files
    "file.not_found": N_("filen finnes ikke"),
    "file.unreadable": N_("kan ikke lese filen ({reason})"),
    "file.not_utf8": N_(
        "filen er ikke UTF-8 (ugyldig byte {byte}); lagre den som UTF-8 (i Excel: «CSV UTF-8»)"
    ),
    "file.json_invalid": N_("ugyldig JSON: {reason}"),
    "file.yaml_invalid": N_("ugyldig YAML: {reason}"),
    "file.empty": N_("filen er tom"),
    # fields (the pydantic error type after "field.")
    "field.missing": N_("mangler"),
    "field.extra_forbidden": N_("ukjent nøkkel (ikke tillatt her)"),
    "field.string_too_short": N_("kan ikke være tom"),
    "field.string_too_long": N_("er for lang (maks {max_length} tegn)"),
    "field.measure_ref": N_(
        "ugyldig tiltaksnummer: bruk bokstaver, tall, punktum, bindestrek eller understrek "
        "(for eksempel T1 eller 2.3)"
    ),
    "field.string_pattern_mismatch": N_("ugyldig nøkkel: bruk små bokstaver, tall, '-' og '_'"),
    "field.int_parsing": N_("må være et heltall"),
    "field.int_type": N_("må være et heltall"),
    "field.bool_parsing": N_("må være true eller false"),
    "field.date_from_datetime_parsing": _DATE_FORMAT,
    "field.date_parsing": _DATE_FORMAT,
    "field.date_type": _DATE_FORMAT,
    "field.greater_than_equal": N_("må være minst {ge}"),
    "field.less_than_equal": N_("kan være høyst {le}"),
    "field.too_short": N_("må ha minst {min_length} element"),
    "field.too_long": N_("kan ha høyst {max_length} element"),
    "field.list_type": N_("må være en liste"),
    "field.model_type": _MAPPING,
    "field.dict_type": _MAPPING,
    "field.string_type": N_("må være tekst"),
    "field.enum": _ONE_OF,
    "field.literal_error": _ONE_OF,
    "field.value_error": "{reason}",
    # spreadsheets
    "read_as.xlsx": N_("Excel-arbeidsbok, arket «{sheet}»"),
    "read_as.csv": N_("CSV, {encoding}, {delimiter}"),
    "read_as.semicolon": N_("semikolonseparert"),
    "read_as.comma": N_("kommaseparert"),
    "read_as.tab": N_("tabulatorseparert"),
    "sheet.too_large": N_("filen er for stor (høyst {max_mb} MB)"),
    "sheet.xls": N_(
        "filen er i det gamle Excel-formatet (.xls); lagre den som .xlsx eller CSV og prøv igjen"
    ),
    "sheet.not_xlsx": N_("filen er ikke en Excel-arbeidsbok (.xlsx), selv om navnet sier det"),
    "sheet.xlsx_invalid": N_("Excel-arbeidsboken er skadet og kan ikke leses ({reason})"),
    "sheet.unpacked_too_large": N_(
        "Excel-arbeidsboken er for stor når den pakkes ut (høyst {max_mb} MB); "
        "lagre bare tiltaksarket i en ny arbeidsbok"
    ),
    "sheet.not_found": N_("arbeidsboken har ikke arket «{sheet}» (den har: {sheets})"),
    "sheet.format_unknown": N_("ukjent filtype; bruk {formats}"),
    "sheet.encoding": N_(
        "filen er verken UTF-8 eller Windows-1252 (byte {byte}); "
        "lagre den fra Excel som «CSV UTF-8» eller som .xlsx"
    ),
    "sheet.binary": N_("filen inneholder binære data og er ikke et regneark"),
    "sheet.csv_invalid": N_(
        "CSV-filen kan ikke leses herfra: et felt er for langt eller et anførselstegn er ikke lukket"
    ),
    "sheet.cell_too_long": N_("cellen har {length} tegn; høyst {max} tegn per celle"),
    "sheet.too_many_rows": N_(
        "arket har verdier under rad {max}; planvakt leser høyst {max} rader"
    ),
    "sheet.header_missing": N_(
        "fant ingen overskriftsrad med tiltakskolonner (kjente kolonner: {known})"
    ),
    "sheet.column_missing": N_("overskriftsraden mangler kolonne: {columns}"),
    "sheet.column_repeated": N_(
        "kolonnen '{column}' betyr det samme som '{first}'; fjern en av dem"
    ),
    "sheet.ref_repeated": N_("tiltaksnummeret '{ref}' står også i rad {first_row}"),
    "sheet.no_measures": N_("arket har ingen tiltak under overskriftsraden"),
    "sheet.formula": N_(
        "cellen er en formel; planvakt leser bare verdier (kopier og lim inn som verdier)"
    ),
    "sheet.part_too_large": N_(
        "Excel-arbeidsboken kan ikke leses: delen {part} er {size_mb} MB pakket ut "
        "(høyst {max_mb} MB); lagre tiltaksarket som CSV eller kopier verdiene til en ny "
        "arbeidsbok"
    ),
    "sheet.encrypted": N_(
        "arbeidsboken er passordbeskyttet og kan ikke leses; lagre en kopi uten passord "
        "og last opp den"
    ),
    "sheet.encoding_mac": N_(
        "filen ser ut til å være lagret i en annen tegnkoding (Mac) enn UTF-8 eller "
        "Windows-1252: tegnet «{char}» står der det burde stå æ, ø eller å; lagre den fra "
        "Excel som «CSV UTF-8» eller som .xlsx"
    ),
    "sheet.column_missing_unknown": N_(
        "overskriftsraden mangler kolonne: {columns}; overskrifter i raden som planvakt ikke "
        "kjenner: {unknown}"
    ),
    "sheet.ref_date": N_(
        "tiltaksnummeret er en dato i arket (Excel gjør for eksempel 2.1 om til 02.01.); "
        "formater kolonnen som tekst og skriv nummeret på nytt"
    ),
    "sheet.ref_repeated_number": N_(
        "tiltaksnummeret '{ref}' står også i rad {first_row}; Excel kan ha lagret nummeret "
        "som et tall (1.10 blir 1.1): formater kolonnen som tekst og skriv nummeret på nytt"
    ),
    "sheet.owner_invalid": N_("ansvarlig må ha minst én bokstav eller ett tall"),
    # plan files
    "import.municipality_unknown": N_("ukjent kommunenummer '{number}'"),
    "import.municipality_repeated": N_("samme kommune står flere ganger"),
    "import.service_foreign": N_("tjenesten hører til kommune {kommune}, som ikke er med i planen"),
    "import.service_repeated": N_("tjenesten '{ref}' står to ganger"),
    "import.service_unknown": N_("ukjent tjeneste '{ref}' (den må stå under 'services')"),
    "import.edition_repeated": N_("utgave {number} står flere ganger"),
    "import.checkpoint_repeated": N_("sjekkpunktet '{key}' står to ganger"),
    "import.measure_ref_repeated": N_("tiltaks-id '{ref}' står flere ganger"),
    "import.plan_exists": N_("planen '{slug}' finnes allerede; importen ble ikke gjort"),
    "import.phase_end_before_start": N_("planned_end er før planned_start"),
    "import.phase_done_undated": N_("en fullført fase må ha completed_on"),
    "import.period_order": N_("planperioden slutter før den starter"),
    "export.exempt_without_basis": N_(
        "høringssvaret fra {body} er unntatt offentlighet uten hjemmel; registrer svaret "
        "på nytt med hjemmel (planvakt record response … --exempt --basis «…») og eksporter igjen"
    ),
    "template.not_found": N_("ukjent mal '{name}'; kjente maler: {known}, eller oppgi en YAML-fil"),
    # plan templates and plan files (models' validators raise FieldProblem with these codes)
    "template.phase_order": N_(
        "fasene må være de seks i denne rekkefølgen: {expected} (fant: {found})"
    ),
    "template.phase_status_order": N_(
        "fasestatus i feil rekkefølge: fullførte faser først, så høyst én aktiv, så ventende"
    ),
    "template.checkpoint_repeated": N_("sjekkpunktet '{key}' står to ganger i fasen '{phase}'"),
    "template.service_repeated": N_("samme tjenestenøkkel står flere ganger under 'services'"),
    "template.coordinator_unknown": N_("koordinator '{key}' finnes ikke under 'services'"),
    "template.responsible_unknown": N_(
        "sjekkpunktet '{key}' i fasen '{phase}' har ukjent ansvarlig tjeneste '{service}'"
    ),
    "template.label_empty": N_("oppgi teksten på nb, nn eller en"),
    "template.offset_missing": N_(
        "sjekkpunktet '{key}' mangler offset_days (dager etter at fasen starter) eller "
        "yearly_on (MM-DD)"
    ),
    "template.yearly_on_invalid": N_(
        "ugyldig årlig dato '{value}': bruk MM-DD, f.eks. 12-01 for 1. desember "
        "(29. februar finnes ikke hvert år)"
    ),
    "template.yearly_required": N_(
        "det årlige sjekkpunktet '{key}' må ha required: false (en årlig frist stenger "
        "ikke en fase)"
    ),
    "template.yearly_anchor": N_("det årlige sjekkpunktet '{key}' kan ikke også ha anchor"),
    "template.yearly_too_long": N_(
        "det årlige sjekkpunktet '{key}' får årstallet lagt til: nøkkelen kan ha høyst "
        "{key_max} tegn og tittelen høyst {title_max}"
    ),
    "template.yearly_in_revision": N_(
        "det årlige sjekkpunktet '{key}' kan ikke stå i fasen '{phase}' (den kopierer "
        "sjekkpunktene sine hvert år); legg det i gjennomføringen"
    ),
    "template.anchor_without_sending": N_(
        "sjekkpunktet '{key}' i fasen '{phase}' regnes fra høringsfristen, men fasen har "
        "ikke sjekkpunktet '{sent}' (høringen sendt) med offset_days"
    ),
    "template.extends_unknown": N_(
        "malen utvider '{name}', som ikke er en av planvakts maler ({known})"
    ),
    "template.extends_chain": N_(
        "malen '{name}' utvider selv en annen mal; en variant kan bare utvide en mal som "
        "ikke er en variant"
    ),
    "date.invalid": N_("ugyldig dato '{value}' (bruk dd.mm.åååå, d.m.åå eller åååå-mm-dd)"),
    "date.nonexistent": N_("datoen '{value}' finnes ikke"),
    "measure.deadline_before_start": N_(
        "fristen {deadline:%d.%m.%Y} er før start {start:%d.%m.%Y}"
    ),
    "policy.field_unknown": N_("ukjent varslingsregel '{field}'"),
    # directory
    "directory.county_missing": N_("fylke {county} mangler i regions.yaml"),
    "directory.actor_unknown": N_("ukjent aktør '{actor}'"),
    "municipality.malform_unknown": N_("ukjent målform '{value}'; gyldige: {allowed}"),
    "municipality.not_found": N_(
        "ukjent kommunenummer '{number}' (planvakt kjenner de 357 kommunene fra 2024; "
        "kjør 'planvakt init' om katalogen ikke er lastet)"
    ),
    "municipality.name_not_found": N_(
        "fant ingen kommune som heter «{name}»; oppgi kommunenummeret eller et av kommunens "
        "offisielle navn"
    ),
    "municipality.ambiguous": N_(
        "«{name}» passer til flere kommuner: {candidates}; oppgi kommunenummeret"
    ),
    "directory.official_name_number": N_("ukjent kommunenummer '{number}'"),
    "directory.official_name_repeated": N_("kommunenummer {number} står mer enn én gang"),
    "directory.official_name_language": N_(
        "ugyldig navneform «{value}»: skriv språkkode:navn, med språkkode blant {allowed}"
    ),
    "directory.official_name_forms": N_(
        "det offisielle navnet «{official}» er ikke navneformene satt sammen («{joined}»)"
    ),
    "directory.official_name_without_name": N_(
        "det offisielle navnet «{official}» må inneholde kommunens navn «{name}» som en av "
        "formene (skilt med « – »)"
    ),
    # plans, checkpoints, measures
    "plan.municipality_missing": N_("oppgi minst én kommune (--kommune)"),
    "plan.municipality_repeated": N_("samme kommune er oppgitt flere ganger"),
    "plan.slug_invalid": N_("ugyldig plan-id '{slug}': bruk små bokstaver, tall og '-'"),
    "plan.exists": N_("planen '{slug}' finnes allerede; velg en annen id med --slug"),
    "plan.not_found": N_("fant ingen plan '{ref}' (se 'planvakt plan list')"),
    "plan.language_unknown": N_("ukjent språk '{value}'; gyldige: {allowed}"),
    "date.in_future": N_("datoen {date:%d.%m.%Y} er i framtiden"),
    "checkpoint.not_found": N_("fant ikke sjekkpunktet '{key}' i planen '{plan}'"),
    "checkpoint.ambiguous": N_("sjekkpunktet '{key}' finnes i flere faser; skriv fase/sjekkpunkt"),
    "checkpoint.already_done": N_("sjekkpunktet '{key}' ble allerede fullført {done_on:%d.%m.%Y}"),
    "checkpoint.decision_bound": N_(
        "sjekkpunktet '{key}' fullføres ved å registrere det politiske vedtaket (organ, dato, "
        "saksnummer): planvakt record decision {plan} --kind {kind} --body … --date … --case …"
    ),
    "checkpoint.adoption_bound": N_(
        "sjekkpunktet '{key}' fullføres ved å registrere kommunestyrets vedtak av planen: "
        "planvakt decision adopt {plan} --date … --case … --period-start … --period-end …"
    ),
    "measure.not_found": N_("fant ikke tiltaket '{ref}' i planen '{plan}'"),
    "measure.status_unknown": N_(
        "ukjent status '{value}'; bruk planlagt, pågår, fullført, utsatt eller avsluttet "
        "(også vanlige ord som «ikke startet», «under arbeid», «ferdig»; se README)"
    ),
    "measure.progress_range": N_("fremdrift må være mellom 0 og 100 (fikk {progress})"),
    "measure.owner_unknown": N_("ukjent tjeneste '{owner}' for planen {plan}"),
    "measure.exists": N_("planen har allerede et tiltak med nummer '{ref}'"),
    # the dashboard's forms
    "outbox.entry_not_found": N_("fant ikke varsel {id} for denne planen"),
    "outbox.not_failed": N_(
        "bare varsler som har feilet kan sendes på nytt (dette varselet er {status})"
    ),
    "upload.too_large": N_("filen er for stor (høyst {max_mb} MB)"),
    "upload.missing": N_("velg et regneark å laste opp (.xlsx eller CSV)"),
    "upload.errors": N_("{count} feil i {source}; ingenting er lagret (se listen under)"),
    "policy.days_invalid": N_(
        "skriv hele dager fra 1 og oppover, skilt med komma, f.eks. 14, 7, 1"
    ),
    "recipient.not_found": N_("fant ingen mottaker '{ref}' i kommunen"),
    # records and revision
    "involvement.incomplete": N_("type møte og deltakere (organisasjoner/roller) må fylles ut"),
    "consultation.deadline_before_sent": N_("høringsfristen er før utsendelsen"),
    "consultation.deadline_too_early": N_(
        "høringsfristen {deadline:%d.%m.%Y} er for kort: høringen varer {weeks} uker fra den "
        "ble sendt, så fristen kan tidligst være {earliest:%d.%m.%Y} (la fristen stå tom for å "
        "bruke den)"
    ),
    "consultation.not_found": N_("'{body}' står ikke på høringslisten til planen {plan}"),
    "consultation.response_before_sent": N_("svaret kan ikke være mottatt før høringen ble sendt"),
    "consultation.exempt_needs_basis": N_(
        "et svar unntatt offentlighet må ha hjemmel, "
        "f.eks. «offentleglova § 13 jf. forvaltningsloven § 13»"
    ),
    "consultation.basis_needs_exempt": N_(
        "hjemmel for unntak er oppgitt, men svaret er ikke merket unntatt offentlighet"
    ),
    "consultation.basis_no_provision": N_(
        "hjemmelen «{basis}» viser ikke til en paragraf, "
        "f.eks. «offentleglova § 13 jf. forvaltningsloven § 13»"
    ),
    "decision.kind_unknown": N_("ukjent vedtakstype '{kind}' (bruk mandate, report eller other)"),
    "decision.adoption_elsewhere": N_(
        "vedtak av planen registreres med 'planvakt decision adopt' (fastsetter planperioden)"
    ),
    "decision.not_political": N_(
        "'{body}' er ikke et politisk organ: mandatet og planen vedtas av kommunestyret, "
        "formannskapet, politirådet eller et utvalg (kommunedirektørens godkjenning alene er "
        "ikke et politisk vedtak)"
    ),
    "decision.case_required": N_(
        "oppgi saksnummeret til det politiske vedtaket (for eksempel 2027/14)"
    ),
    "adoption.period_order": N_("planperioden må slutte etter at den starter"),
    "adoption.rhythm_range": N_("rapporteringsrytmen må være 1–24 måneder"),
    "adoption.exists": N_("planen har allerede et vedtak om vedtakelse i denne utgaven"),
    "edition.evaluation_not_started": N_(
        "neste utgave kan startes når sluttevalueringen er i gang: fullfør sjekkpunktet "
        "'{checkpoint}' i gjennomføringen først"
    ),
    # documents
    "report.kind_unknown": N_("ukjent rapporttype '{kind}' (bruk status eller yearly)"),
    "report.format_unknown": N_("ukjent format '{format}' (bruk html, md eller docx)"),
    "document.not_found": N_("fant ikke dokument {id}"),
    "document.checksum_mismatch": N_(
        "dokument {id} er endret etter at det ble laget (sjekksummen stemmer ikke)"
    ),
    # notification targets
    "service.not_found": N_("fant ingen tjeneste '{key}' i kommune {kommune}"),
    "contact.not_found": N_("fant ingen kontakt {id}"),
    "contact.role_empty": N_("rollen kan ikke være tom"),
    "target.not_found": N_("fant ingen varslingsadresse {id}"),
    "target.none": N_(
        "{recipient} har ingen varslingsadresse (legg til med 'planvakt notify add')"
    ),
    "target.owner_missing": N_("oppgi enten en tjeneste eller en kontakt"),
    "target.send_failed": N_("sending feilet{detail}"),
    "target.url_invalid": N_("ugyldig varslingsadresse"),
    # the outbox and running the system
    "delivery.failed": N_("{count} varsler feilet; de står som feilet i utboksen og prøves igjen"),
    "prefect.unreachable": N_(
        "Prefect-serveren svarer ikke på {url}; start systemet med 'planvakt up' "
        "(eller kjør uten Prefect med --direct)"
    ),
    "prefect.deployment_missing": N_(
        "deploymentet '{deployment}' finnes ikke på {url}; start systemet med 'planvakt up'"
    ),
    "prefect.run_not_completed": N_("kjøringen endte som {state}; se den i Prefect-UI: {url}"),
    # users and login
    "user.password_short": N_("passordet må ha minst {min} tegn"),
    "user.not_found": N_("fant ingen bruker '{username}'"),
    "user.username_invalid": N_(
        "ugyldig brukernavn: bruk bokstaver, tall og . _ - @ (høyst 80 tegn)"
    ),
    "user.exists": N_("brukeren '{username}' finnes allerede"),
    "user.service_missing": N_("en tjenesteeier må ha en tjeneste (--service)"),
    "auth.failed": N_("feil brukernavn eller passord"),
    "auth.required": N_("du må logge inn"),
    "auth.forbidden": N_("du har ikke tilgang til dette"),
    "page.not_found": N_("siden finnes ikke"),
    # personal API tokens and the JSON API
    "token.name_empty": N_("gi nøkkelen et navn (hva den brukes til)"),
    "token.name_long": N_("navnet er for langt (maks {max} tegn)"),
    "token.not_found": N_("fant ingen API-nøkkel {id}"),
    "token.revoked": N_("API-nøkkelen «{name}» er allerede trukket tilbake"),
    "api.token_missing": N_(
        "API-et krever en personlig API-nøkkel i overskriften «Authorization: Bearer <nøkkel>»; "
        "lag en på /profil i dashbordet"
    ),
    "api.token_invalid": N_(
        "API-nøkkelen er ukjent eller trukket tilbake; lag en ny på /profil i dashbordet"
    ),
    "api.not_found": N_("finnes ikke i API-et (se /api/v1/openapi.json)"),
    "api.method_not_allowed": N_("metoden {method} er ikke tillatt her"),
    "request.invalid": N_("ugyldig forespørsel: {details}"),
    # «Kjør nå» in the dashboard
    "run.kind_unknown": N_("ukjent kjøring '{kind}'"),
    "run.not_found": N_("fant ingen kjøring {id}"),
    "run.prefect_down": N_(
        "Prefect-serveren svarer ikke ({url}), så kjøringen kan ikke startes eller vises nå. "
        "Planen og dashbordet virker som før; be driftsansvarlig starte systemet med "
        "'planvakt up', og prøv igjen"
    ),
    # calendar subscriptions and the service owner's measures
    "feed.not_found": N_("fant ingen kalender med denne adressen (den kan være trukket tilbake)"),
    "feed.service_foreign": N_("tjenesten hører ikke til en av planens kommuner"),
    "owner.progress_invalid": N_("fremdrift må være et heltall mellom 0 og 100"),
    # starting the system
    "startup.stopped": N_("{part} stoppet under oppstart; se loggene i planvakt-hjemmet"),
    "startup.timeout": N_("{part} svarte ikke innen {seconds} s"),
    "startup.no_prefect_file": N_(
        "fant ikke {path}: 'planvakt up' kjøres fra en kildekopi av planvakt; med en "
        "installert pakke, bruk 'prefect deploy' og 'prefect worker start'"
    ),
    "startup.deploy_failed": N_("prefect deploy feilet: {output}"),
    "startup.part_died": N_(
        "Prefect-serveren, arbeideren eller dashbordet stoppet uventet; se loggene i {logs}"
    ),
    # command line
    "cli.docx_needs_file": N_("Word-dokumenter må skrives til fil: bruk --output rapport.docx"),
    "cli.plan_or_service": N_("oppgi --plan eller --service"),
    "cli.service_or_contact": N_("oppgi --service eller --contact"),
    "cli.policy_invalid": N_("ugyldig varslingsregel {option}: {reason}"),
    "cli.import_refused": N_(
        "{count} feil (hver står på en linje over); importen ble ikke gjort, ingenting er lagret"
    ),
    "cli.preview_refused": N_(
        "{count} feil (se over); en import av arket ville bli avvist, rett feilene først"
    ),
    "file.unwritable": N_("kan ikke skrive filen ({reason})"),
    # units and their aliases
    "unit.not_found": N_(
        "fant ingen enhet '{unit}' i kommune {kommune} (bruk nøkkel eller navn; kjente "
        "nøkler: {known})"
    ),
    "unit.alias_empty": N_("skriv aliaset slik regnearket skriver enhetens navn"),
    "unit.alias_long": N_("aliaset er for langt (høyst {max} tegn)"),
    "unit.alias_is_unit": N_(
        "«{alias}» er allerede navnet eller nøkkelen til enheten '{key}'; "
        "et alias må være et annet navn"
    ),
    "unit.alias_exists": N_(
        "aliaset «{alias}» finnes allerede i kommune {kommune} og peker til '{key}' "
        "(fjern det først med 'planvakt unit alias remove')"
    ),
    "unit.alias_not_found": N_(
        "fant ikke aliaset «{alias}» i kommune {kommune} (se 'planvakt unit list')"
    ),
    "target.url_unsupported": N_(
        "ugyldig varslingsadresse: Apprise kjenner ikke formatet (adressen vises ikke fordi "
        "den kan inneholde hemmeligheter); se https://github.com/caronc/apprise/wiki"
    ),
}


def has_template(code: str) -> bool:
    """Whether ``code`` has a text of its own (otherwise its ``reason`` param is shown)."""
    return code in NB


def template(code: str, language: Language) -> str | None:
    """The template of ``code`` in ``language`` from its catalog; None if the code is unknown.

    The bokmål template is the message id, so a template the catalog lacks stays bokmål.
    """
    source = NB.get(code)
    if source is None:
        return None
    return texts(language).gettext(source)


def message(code: str, params: Mapping[str, object], language: Language) -> str:
    """Render one message: the template of ``code`` filled with ``params``.

    Lists are shown comma-separated. An unknown code shows its ``reason`` param (the text
    the lower layer gave) or, failing that, the code itself, so rendering never fails.
    """
    text = template(code, language)
    if text is None:
        return str(params.get("reason", code))
    values = {
        k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()
    }
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError):
        return text


def describe_location(location: Location, language: Language, *, with_source: bool = True) -> str:
    """'fil.csv, rad 3, felt 'frist'': where an error is, in words."""
    parts: list[str] = []
    if with_source and location.source:
        parts.append(location.source)
    if location.line is not None:
        parts.append(message("location.line", {"line": location.line}, language))
    if location.row is not None:
        parts.append(message("location.row", {"row": location.row}, language))
    if location.column:
        parts.append(message("location.column", {"column": location.column}, language))
    elif location.field:
        parts.append(message("location.field", {"field": location.field}, language))
    if location.value is not None:
        value = location.value if len(location.value) <= 40 else location.value[:39] + "…"
        parts.append(message("location.value", {"value": value}, language))
    return ", ".join(parts)


def error_text(error: PlanvaktError, language: Language, *, within: str | None = None) -> str:
    """The one line that tells a user what went wrong and where.

    Args:
        error: the error to render.
        language: the language of the text (bokmål where the catalog lacks it).
        within: the source a summary already names; it is left out of the location.
    """
    text = error_message(error, language)
    where = ""
    if error.location is not None:
        same = within is not None and error.location.source == within
        where = describe_location(error.location, language, with_source=not same)
    return f"{where}: {text}" if where else text


def error_message(error: PlanvaktError, language: Language) -> str:
    """The message of ``error`` without its location."""
    return message(error.code, _params(error, language), language)


def _source(error: PlanvaktError) -> str | None:
    return error.location.source if error.location is not None else None


def error_payload(error: PlanvaktError, language: Language) -> dict[str, Any]:
    """The JSON body of an error (web API): code, message, location fields and params.

    ``message`` is the text without the location, so a form can show it beside the field
    the location names; ``errors`` lists each error of an import with its own location.
    """
    payload: dict[str, Any] = {
        "code": error.code,
        "message": error_message(error, language),
        "location": _location_payload(error.location),
        "params": {k: _json_value(v) for k, v in error.params.items()},
    }
    if error.errors:
        payload["errors"] = [error_payload(e, language) for e in error.errors]
    return payload


def _params(error: PlanvaktError, language: Language) -> Mapping[str, object]:
    """The error's params; for a summary of several errors also their count and text."""
    if not error.errors:
        return error.params
    within = _source(error)
    shown = "; ".join(error_text(e, language, within=within) for e in error.errors[:SHOWN])
    if len(error.errors) > SHOWN:
        more = message("import.more", {"count": len(error.errors) - SHOWN}, language)
        shown = f"{shown} {more}"
    return {**error.params, "count": len(error.errors), "details": shown}


def _location_payload(location: Location | None) -> dict[str, object] | None:
    if location is None:
        return None
    return {
        "source": location.source,
        "line": location.line,
        "row": location.row,
        "column": location.column,
        "field": location.field,
        "value": location.value,
    }


def _json_value(value: object) -> object:
    """A param as JSON: dates in ISO format, lists as lists, anything unknown as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return _json_value(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)
