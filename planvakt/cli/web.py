"""Command-line commands of the dashboard: serve it, and manage its users."""

from __future__ import annotations

import argparse
import getpass
import sys

from models.users import Role
from planvakt.cli.language import Words
from planvakt.cli.output import out
from planvakt.cli.parsing import Commands, Subparsers
from planvakt.core.db import session_scope
from planvakt.core.languages import N_
from planvakt.core.settings import get_settings
from planvakt.services import users

# What each role is called (bokmål; translated where shown).
ROLE_NAMES: dict[str, str] = {
    Role.ADMIN: N_("administrator"),
    Role.COORDINATOR: N_("koordinator"),
    Role.SERVICE_OWNER: N_("tjenesteeier"),
    Role.READER: N_("leser"),
}


def role_name(role: str, w: Words) -> str:
    """``koordinator`` for ``coordinator``, in the command's language."""
    return w._(ROLE_NAMES[role]) if role in ROLE_NAMES else role


def cmd_serve(args: argparse.Namespace, w: Words) -> None:
    import uvicorn

    settings = get_settings()
    host, port = args.host or settings.web_host, args.port or settings.web_port
    url = f"http://{host}:{port}"
    out(w._("dashbordet: {url} (stopp med Ctrl-C)", url=url))
    uvicorn.run(
        "planvakt.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=args.workers or settings.web_workers,
        log_level="info",
        access_log=False,  # planvakt.web logs each request itself, without secrets
    )


def _password(prompt: str) -> str:
    """From the terminal without echo, or the first line of stdin (scripts)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def cmd_user_add(args: argparse.Namespace, w: Words) -> None:
    password = _password(w._("Passord: "))
    with session_scope() as session:
        user = users.add_user(
            session,
            args.username,
            password,
            role=Role(args.role),
            kommune=args.kommune,
            service_key=args.service,
            display_name=args.name,
        )
    out(
        w._(
            "bruker {username} opprettet ({role} i {kommune})",
            username=user.username,
            role=role_name(args.role, w),
            kommune=args.kommune,
        )
    )


def cmd_user_list(_args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        rows = users.list_users(session)
    for row in rows:
        grants = ", ".join(f"{role_name(g.role, w)}@{g.municipality}" for g in row.grants)
        state = w._("stengt") if row.disabled else w._("aktiv")
        out(f"{row.username}\t{state}\t{grants}")


def cmd_user_disable(args: argparse.Namespace, w: Words) -> None:
    with session_scope() as session:
        users.set_disabled(session, args.username)
    out(w._("bruker {username} er stengt ute", username=args.username))


def cmd_user_password(args: argparse.Namespace, w: Words) -> None:
    password = _password(w._("Nytt passord: "))
    with session_scope() as session:
        users.set_password(session, args.username, password)
    out(w._("nytt passord satt for {username}", username=args.username))


def add_commands(c: Commands, groups: Subparsers) -> None:
    """The dashboard's commands, with help in the language of ``c``."""
    w = c.w
    p = c.command(groups, "serve", w._("start dashbordet (nettsiden)"), cmd_serve)
    p.add_argument(
        "--host",
        metavar=w._("ADRESSE"),
        help=w._("adressen dashbordet lytter på (standard: 127.0.0.1)"),
    )
    p.add_argument(
        "--port", type=c.integer, metavar=w._("PORT"), help=w._("porten dashbordet lytter på")
    )
    p.add_argument(
        "--workers",
        type=c.integer,
        metavar=w._("ANTALL"),
        help=w._("antall prosesser som betjener dashbordet (standard: 2)"),
    )

    username_meta, username_help = w._("brukernavn"), w._("brukernavnet")
    user = c.group(groups, "user", w._("brukere av dashbordet"))
    p = c.command(
        user,
        "add",
        w._("opprett en bruker (passordet leses fra terminalen eller stdin)"),
        cmd_user_add,
    )
    p.add_argument("username", metavar=username_meta, help=username_help)
    p.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help=w._(
            "rolle: admin (administrator), coordinator (koordinator), "
            "service_owner (tjenesteeier) eller reader (leser)"
        ),
    )
    p.add_argument(
        "--kommune",
        required=True,
        metavar=w._("KOMMUNENR"),
        help=w._("kommunenummeret rollen gjelder i, f.eks. 3911"),
    )
    p.add_argument(
        "--service",
        metavar=w._("NØKKEL"),
        help=w._("tjenestens nøkkel (for en tjenesteeier), f.eks. grunnskole"),
    )
    p.add_argument(
        "--name", metavar=w._("NAVN"), help=w._("navnet som vises i dashbordet (valgfritt)")
    )
    c.command(user, "list", w._("vis brukerne og rollene deres"), cmd_user_list)
    p = c.command(user, "disable", w._("steng en bruker ute"), cmd_user_disable)
    p.add_argument("username", metavar=username_meta, help=username_help)
    p = c.command(
        user,
        "password",
        w._("sett nytt passord (leses fra terminalen eller stdin)"),
        cmd_user_password,
    )
    p.add_argument("username", metavar=username_meta, help=username_help)
