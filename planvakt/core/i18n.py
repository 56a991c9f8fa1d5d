"""User-facing texts of the command line in bokmål (default) and English."""

from __future__ import annotations

from planvakt.core.settings import get_settings

TEXTS: dict[str, tuple[str, str]] = {
    "prog": (
        "planvakt – automatisk pådriver for kommunens handlingsplan mot radikalisering og "
        "voldelig ekstremisme",
        "planvakt – the automated driver of a municipality's action plan against "
        "radicalisation and violent extremism",
    ),
    "init": (
        "opprett hjemmemappe og database, kjør migreringer, last katalogen",
        "create home folder and database, run migrations, load the directory",
    ),
    "init.demo": (
        "lag også en demoplan for Færder (3911)",
        "also create a demo plan for Færder (3911)",
    ),
    "db": ("databasevedlikehold", "database maintenance"),
    "db.upgrade": (
        "oppgrader databasen til nyeste skjema",
        "upgrade the database to the newest schema",
    ),
    "plan": ("planer: opprett, vis, eksporter, importer", "plans: create, show, export, import"),
    "plan.create": ("start en planprosess fra en mal", "start a plan process from a template"),
    "plan.list": ("list alle planer", "list all plans"),
    "plan.show": ("vis status for en plan", "show the status of a plan"),
    "plan.export": (
        "eksporter en hel plan som YAML eller JSON",
        "export a whole plan as YAML or JSON",
    ),
    "plan.import": (
        "importer en hel plan fra YAML eller JSON",
        "import a whole plan from YAML or JSON",
    ),
    "measures": (
        "tiltak i bulk: importer og eksporter regneark",
        "measures in bulk: import and export spreadsheets",
    ),
    "measures.import": (
        "importer tiltak fra et regneark (.xlsx eller CSV): alt eller ingenting; "
        "ukjente ansvarlige blir nye enheter",
        "import measures from a spreadsheet (.xlsx or CSV): all or nothing; "
        "unknown owners become new units",
    ),
    "measures.export": (
        "eksporter planens tiltak som regneark (.xlsx eller CSV) som kan importeres igjen",
        "export the plan's measures as a spreadsheet (.xlsx or CSV) that imports back",
    ),
    "arg.sheet_file": (
        "regnearket: .xlsx eller .csv (høyst {max_mb} MB)",
        "the spreadsheet: .xlsx or .csv (at most {max_mb} MB)",
    ),
    "arg.sheet": (
        "arket i arbeidsboken (standard: det første med tiltakskolonner)",
        "the workbook's sheet (default: the first with measure columns)",
    ),
    "arg.dry_run": (
        "vis rad for rad hva importen ville gjort, uten å lagre noe "
        "(avslutter med kode 1 om arket ville blitt avvist)",
        "show row by row what the import would do, storing nothing "
        "(exits with code 1 if the sheet would be refused)",
    ),
    "arg.out_sheet": (
        "filen som skrives, f.eks. tiltak.xlsx eller tiltak.csv",
        "the file to write, e.g. tiltak.xlsx or tiltak.csv",
    ),
    "arg.sheet_format": (
        "xlsx eller csv (standard: fra filnavnet)",
        "xlsx or csv (default: from the file name)",
    ),
    "unit": (
        "enheter i en kommune og aliasene regneark bruker for dem",
        "a municipality's units and the aliases spreadsheets use for them",
    ),
    "unit.list": (
        "list kommunens enheter: nøkkel, navn, nye enheter, varslingsadresser og alias",
        "list the municipality's units: key, name, new units, addresses and aliases",
    ),
    "unit.alias": (
        "alias: andre navn et regneark bruker på en enhet",
        "aliases: other names a spreadsheet uses for a unit",
    ),
    "unit.alias.add": (
        "la et navn i regneark bety en eksisterende enhet",
        "let a name in spreadsheets mean an existing unit",
    ),
    "unit.alias.remove": ("fjern et alias", "remove an alias"),
    "arg.municipality": ("kommunenummer, f.eks. 3911", "municipality number, e.g. 3911"),
    "arg.alias": (
        "navnet slik regnearket skriver det, f.eks. «Politirådet i Færder»",
        "the name as the spreadsheet writes it, e.g. «Politirådet i Færder»",
    ),
    "arg.unit": (
        "enhetens nøkkel eller navn, f.eks. politirad",
        "the unit's key or name, e.g. politirad",
    ),
    "measure": ("ett tiltak", "one measure"),
    "measure.update": ("rapporter status på et tiltak", "report status on a measure"),
    "checkpoint": ("sjekkpunkter", "checkpoints"),
    "checkpoint.done": ("merk et sjekkpunkt som fullført", "mark a checkpoint as done"),
    "template": ("planmaler", "plan templates"),
    "template.check": ("kontroller en egen planmal", "validate a template of your own"),
    "kommune": ("kommunekatalogen", "the municipality directory"),
    "kommune.show": (
        "vis kommune med fylke, RVTS og KORUS",
        "show a municipality with county, RVTS and KORUS",
    ),
    "arg.kommune": (
        "kommunenummer (gjenta for interkommunal plan)",
        "municipality number (repeat for a joint plan)",
    ),
    "arg.template": ("malnøkkel eller sti til YAML-fil", "template key or path to a YAML file"),
    "arg.start": (
        "startdato (dd.mm.åååå eller åååå-mm-dd)",
        "start date (dd.mm.yyyy or yyyy-mm-dd)",
    ),
    "arg.title": ("plantittel (standard fra malen)", "plan title (default from the template)"),
    "arg.slug": (
        "plan-id (standard: kommunenummer-navn-år)",
        "plan id (default: number-name-year)",
    ),
    "arg.plan": ("plan-id", "plan id"),
    "arg.today": ("vis status som på denne datoen", "show the status as of this date"),
    "arg.format": ("filformat", "file format"),
    "arg.output": (
        "skriv til fil i stedet for standard ut",
        "write to a file instead of standard output",
    ),
    "arg.file": ("fil", "file"),
    "arg.checkpoint": ("sjekkpunktnøkkel (eller fase/nøkkel)", "checkpoint key (or phase/key)"),
    "arg.on": ("dato (standard i dag)", "date (default today)"),
    "arg.evidence": (
        "dokumentasjon: referanse, saksnummer e.l.",
        "evidence: reference, case number etc.",
    ),
    "arg.ref": ("tiltaks-id", "measure id"),
    "arg.status": (
        "planlagt, pågår, fullført, utsatt eller avsluttet",
        "planned, in progress, done, postponed or closed",
    ),
    "arg.progress": ("fremdrift i prosent (0–100)", "progress in percent (0–100)"),
    "arg.comment": ("kommentar (ingen personopplysninger)", "comment (no personal data)"),
    "arg.by": ("rolle som rapporterer", "reporting role"),
    "up": (
        "start hele planvakt: Prefect-server, arbeider, planlagte kjøringer og dashbordet",
        "start all of planvakt: Prefect server, worker, scheduled runs and the dashboard",
    ),
    "serve": ("start dashbordet (nettsiden)", "start the dashboard (web app)"),
    "arg.host": ("adressen dashbordet lytter på", "address the dashboard listens on"),
    "arg.web_workers": (
        "antall prosesser som betjener dashbordet (standard 2)",
        "number of dashboard processes (default 2)",
    ),
    "arg.web_port": ("porten dashbordet lytter på", "port the dashboard listens on"),
    "user": ("brukere av dashbordet", "users of the dashboard"),
    "user.add": (
        "opprett en bruker (passordet leses fra terminalen eller stdin)",
        "add a user (password read from the terminal or stdin)",
    ),
    "user.list": ("vis brukerne og rollene deres", "list users and their roles"),
    "user.disable": ("steng en bruker ute", "disable a user"),
    "user.password": (
        "sett nytt passord (leses fra terminalen eller stdin)",
        "set a new password (read from the terminal or stdin)",
    ),
    "arg.username": ("brukernavn", "username"),
    "arg.user_role": (
        "rolle: admin, coordinator, service_owner eller reader",
        "role: admin, coordinator, service_owner or reader",
    ),
    "sweep": (
        "kjør fristsjekken én gang (for en valgfri dato)",
        "run the deadline sweep once (for any date)",
    ),
    "demo": (
        "simuler et år for demokommunen med e-post til en lokal SMTP-server",
        "simulate a year for the demo municipality with e-mail to a local SMTP server",
    ),
    "notify": ("varslingsadresser (Apprise-URL-er)", "notification addresses (Apprise URLs)"),
    "notify.add": (
        "legg til en varslingsadresse for en tjeneste eller kontakt",
        "add a notification address for a service or contact",
    ),
    "notify.list": ("list varslingsadresser (maskert)", "list notification addresses (masked)"),
    "notify.test": ("send en testmelding", "send a test message"),
    "notify.remove": ("slett en varslingsadresse", "remove a notification address"),
    "contact": ("kontakter (rollebaserte)", "contacts (role-based)"),
    "contact.add": ("legg til en kontakt i en tjeneste", "add a contact to a service"),
    "outbox": (
        "vis utboksen: sendte, ventende og feilede varsler",
        "show the outbox: sent, pending and failed messages",
    ),
    "decision": ("politiske vedtak", "political decisions"),
    "decision.adopt": (
        "registrer kommunestyrets vedtak av planen (planperiode, rapportering)",
        "record the council's adoption of the plan (period, reporting)",
    ),
    "arg.port": ("port for Prefect-serveren", "port of the Prefect server"),
    "arg.no_demo": ("ikke lag demoplanen", "do not create the demo plan"),
    "arg.sweep_today": ("kjør som om det var denne datoen", "run as if it were this date"),
    "arg.direct": ("kjør uten Prefect", "run without Prefect"),
    "arg.days": ("antall dager å simulere", "number of days to simulate"),
    "arg.url": (
        "Apprise-URL (mailto://, msteams://, slack://, json:// …)",
        "Apprise URL (mailto://, msteams://, slack://, json:// …)",
    ),
    "arg.service": ("tjenestenøkkel, f.eks. barnevern", "service key, e.g. barnevern"),
    "arg.contact": ("kontakt-id", "contact id"),
    "arg.role": ("rolle, f.eks. leder", "role, e.g. leder"),
    "arg.rhythm": ("rapporteringsrytme i måneder", "reporting rhythm in months"),
    "reports": ("lagrede statusrapporter og årsrapporter", "stored status and yearly reports"),
    "report.make": (
        "lag en rapport (lagres med sjekksum og datagrunnlag)",
        "make a report (stored with checksum and data snapshot)",
    ),
    "report.list": ("list lagrede rapporter for en plan", "list the stored reports of a plan"),
    "report.get": (
        "hent en lagret rapport nøyaktig slik den ble laget",
        "fetch a stored report exactly as it was made",
    ),
    "meeting": (
        "politiske møter der planen behandles",
        "political meetings where the plan is handled",
    ),
    "meeting.add": ("registrer et politisk møte", "record a political meeting"),
    "ics": (
        "kalenderfil (ICS) for en plan eller en tjeneste",
        "calendar file (ICS) for a plan or a service",
    ),
    "arg.kind": ("status eller yearly (årsrapport)", "status or yearly"),
    "arg.evaluation": (
        "koordinatorens evaluering (årsrapport)",
        "the coordinator's evaluation (yearly report)",
    ),
    "arg.proposal": (
        "forslag til politisk behandling (årsrapport)",
        "proposal for the political level (yearly report)",
    ),
    "record": (
        "registrer prosessen: møter, høringer, vedtak",
        "record the process: meetings, consultations, decisions",
    ),
    "record.involvement": (
        "registrer et møte eller dialogmøte (involvering)",
        "record a meeting or dialogue (involvement)",
    ),
    "record.consultation": (
        "sett en instans på høringslisten",
        "put a body on the consultation list",
    ),
    "record.response": (
        "registrer et høringssvar og virkningen",
        "record a consultation response and its effect",
    ),
    "record.decision": (
        "registrer et politisk vedtak (mandat, rapport …)",
        "record a political decision (mandate, report …)",
    ),
    "arg.meeting_kind": (
        "f.eks. dialogmøte, arbeidsgruppemøte",
        "e.g. dialogmøte, arbeidsgruppemøte",
    ),
    "arg.participants": (
        "organisasjoner og roller (ingen enkeltpersoner)",
        "organisations and roles (no individuals)",
    ),
    "arg.exempt": ("unntatt offentlighet", "exempt from public access"),
    "policy": (
        "vis eller endre varslingsreglene for en plan",
        "show or change a plan's reminder policy",
    ),
    "arg.days_before": (
        "påminnelser så mange dager før fristen, f.eks. 14,7,1",
        "reminders this many days before, e.g. 14,7,1",
    ),
    "arg.reset": ("tilbake til standardreglene", "back to the default policy"),
    "error": ("feil", "error"),
    "no_db": (
        "databasen mangler tabeller: kjør 'planvakt db upgrade' (ny database: 'planvakt init')",
        "the database lacks tables: run 'planvakt db upgrade' (new database: 'planvakt init')",
    ),
    "db_down": ("får ikke kontakt med databasen", "cannot reach the database"),
    # plan show
    "id": ("Id", "Id"),
    "municipalities": ("Kommune(r)", "Municipalities"),
    "edition": ("Utgave", "Edition"),
    "coordinator": ("Koordinator", "Coordinator"),
    "period": ("Planperiode", "Plan period"),
    "today": ("Dato", "Date"),
    "no_period": ("fastsettes ved vedtak", "set by the adoption decision"),
    "current_phase": ("Nåværende fase", "Current phase"),
    "all_done": ("alle faser fullført", "all phases done"),
    "phases": ("Faser", "Phases"),
    "checkpoints_done": ("sjekkpunkter", "checkpoints"),
    "checkpoints_in": ("Sjekkpunkter i", "Checkpoints in"),
    "optional": ("valgfritt", "optional"),
    "measures_title": ("Tiltak", "Measures"),
    "mean_progress": ("snittfremdrift", "mean progress"),
    "deadline": ("frist", "deadline"),
    "no_measures": ("ingen tiltak registrert ennå", "no measures registered yet"),
    "status.pending": ("venter", "pending"),
    "status.active": ("aktiv", "active"),
    "status.done": ("fullført", "done"),
}


def language() -> str:
    return get_settings().language


def t(key: str) -> str:
    """The text for ``key`` in the configured language."""
    nb, en = TEXTS[key]
    return en if language() == "en" else nb


def plan_show_labels() -> dict[str, object]:
    """Labels for the ``plan show`` text view."""
    keys = (
        "id",
        "municipalities",
        "edition",
        "coordinator",
        "period",
        "today",
        "current_phase",
        "all_done",
        "no_period",
        "phases",
        "checkpoints_done",
        "checkpoints_in",
        "optional",
        "mean_progress",
        "deadline",
        "no_measures",
    )
    labels: dict[str, object] = {k: t(k) for k in keys}
    labels["measures"] = t("measures_title")
    labels["status"] = {s: t(f"status.{s}") for s in ("pending", "active", "done")}
    return labels
