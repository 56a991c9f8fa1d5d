"""Command-line commands of the dashboard: serve it, and manage its users."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from models.users import Role
from planvakt.cli.output import out
from planvakt.core.db import session_scope
from planvakt.core.i18n import t
from planvakt.core.settings import get_settings
from planvakt.services import users


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = get_settings()
    host, port = args.host or settings.web_host, args.port or settings.web_port
    out(f"dashbordet: http://{host}:{port} (stopp med Ctrl-C)")
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


def cmd_user_add(args: argparse.Namespace) -> None:
    password = _password("Passord: ")
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
    out(f"bruker {user.username} opprettet ({args.role} i {args.kommune})")


def cmd_user_list(_args: argparse.Namespace) -> None:
    with session_scope() as session:
        rows = users.list_users(session)
    for row in rows:
        grants = ", ".join(f"{g.role.value}@{g.municipality}" for g in row.grants)
        out(f"{row.username}\t{'stengt' if row.disabled else 'aktiv'}\t{grants}")


def cmd_user_disable(args: argparse.Namespace) -> None:
    with session_scope() as session:
        users.set_disabled(session, args.username)
    out(f"bruker {args.username} er stengt ute")


def cmd_user_password(args: argparse.Namespace) -> None:
    password = _password("Nytt passord: ")
    with session_scope() as session:
        users.set_password(session, args.username, password)
    out(f"nytt passord satt for {args.username}")


def add_commands(
    groups: Any, command: Callable[..., argparse.ArgumentParser], group: Callable[[str], Any]
) -> None:
    p = command(groups, "serve", "serve", cmd_serve)
    p.add_argument("--host", help=t("arg.host"))
    p.add_argument("--port", type=int, help=t("arg.web_port"))
    p.add_argument("--workers", type=int, help=t("arg.web_workers"))

    user = group("user")
    p = command(user, "add", "user.add", cmd_user_add)
    p.add_argument("username", help=t("arg.username"))
    p.add_argument(
        "--role", required=True, choices=[r.value for r in Role], help=t("arg.user_role")
    )
    p.add_argument("--kommune", required=True, help=t("arg.kommune"))
    p.add_argument("--service", help=t("arg.service"))
    p.add_argument("--name")
    command(user, "list", "user.list", cmd_user_list)
    p = command(user, "disable", "user.disable", cmd_user_disable)
    p.add_argument("username", help=t("arg.username"))
    p = command(user, "password", "user.password", cmd_user_password)
    p.add_argument("username", help=t("arg.username"))
