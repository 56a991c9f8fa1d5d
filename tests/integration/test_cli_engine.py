"""Engine commands of the command line: notification addresses, sweep, outbox, adoption, demo."""

import re
import subprocess
import sys
from pathlib import Path

from planvakt.cli.app import main
from planvakt.demo.mailsink import free_port
from tests.sinks import HttpSink


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_notification_addresses_are_validated_masked_and_testable(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    with HttpSink() as http:
        url = f"json://bruker:passord@127.0.0.1:{http.port}/teams"
        code, out, err = run(capsys, "notify", "add", url, "--service", "barnevern")
        assert code == 0, err
        assert "passord" not in out and "****" in out
        code, out, _ = run(capsys, "notify", "list")
        assert "barnevern" in out and "passord" not in out
        code, out, err = run(capsys, "notify", "test", "--service", "barnevern")
        assert code == 0, err
        assert [p["title"] for p in http.received] == ["planvakt: testmelding"]
    code, _, err = run(capsys, "notify", "add", "ikke-en-url", "--service", "barnevern")
    assert code == 65 and "ugyldig varslingsadresse" in err and "ikke-en-url" not in err
    code, _, err = run(capsys, "notify", "test", "--service", "nav")
    assert code == 65 and "har ingen varslingsadresse" in err
    code, out, _ = run(capsys, "notify", "remove", "1")
    assert code == 0


def test_contact_leader_and_sweep_with_outbox(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    code, out, err = run(
        capsys, "contact", "add", "--service", "kommunedirektor", "--role", "leder"
    )
    assert code == 0 and "kontakt 1 lagt til" in out, err
    port = free_port()
    run(
        capsys,
        "notify",
        "add",
        f"mailto://127.0.0.1:{port}?from=planvakt@example.org&to=slt@faerder.example.org",
        "--service",
        "slt-koordinator",
    )
    code, out, err = run(
        capsys, "sweep", "--today", "2026-01-19", "--direct"
    )  # due today, SMTP down
    assert code == 0 and "feilet 1" in out, err
    code, out, _ = run(capsys, "outbox", "--status", "failed")
    columns = out.strip().split("\t")
    assert columns[2] == "feilet" and columns[5].startswith("mailto://127.0.0.1")  # masked target
    assert "Connection" in columns[6] and "mailto" not in columns[6]


def test_adoption_from_the_command_line(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    code, out, err = run(
        capsys,
        "decision",
        "adopt",
        "3911-faerder-2026",
        "--date",
        "16.06.2026",
        "--case",
        "2026/77",
        "--period-start",
        "01.07.2026",
        "--period-end",
        "30.06.2030",
    )
    assert code == 0 and "01.07.2026–30.06.2030" in out, err
    code, out, _ = run(capsys, "plan", "show", "3911-faerder-2026")
    assert "Planperiode: 01.07.2026 – 30.06.2030" in out


def test_demo_simulates_a_year_with_mail_to_a_local_smtp_server(capsys) -> None:
    code, out, err = run(capsys, "demo")
    assert code == 0, err
    assert "Politisk forankring fullført" in out and "Vedtak åpnet" in out
    assert "planen vedtatt i kommunestyret" in out and "årlig rullering åpnet" in out
    kinds = out.split("varselgrunner: ")[1].splitlines()[0]
    assert "påminnelse" in kinds and "på overtid" in kinds and "purring på status" in kinds
    assert "eskalering til administrativ ledelse" in kinds
    assert re.search(r"(^|, )eskalering \d+", kinds), kinds
    assert "reminder" not in out and "escalation" not in out and "overdue" not in out
    sent = int(out.split("e-post sendt: ")[1].split(",")[0])
    folder = Path(out.split("e-postene ligger i ")[1].split(" (")[0])
    assert sent > 20 and len(list(folder.glob("*.eml"))) == sent


def test_reminder_policy_per_plan(engine, capsys) -> None:
    run(capsys, "plan", "create", "--kommune", "3911", "--start", "2026-01-05")
    code, out, err = run(
        capsys, "policy", "3911-faerder-2026", "--days-before", "21,7", "--escalate-leader", "5"
    )
    assert (
        code == 0 and "(egne)" in out and "21 og 7 dager før" in out and "etter 5 dager" in out
    ), err
    from planvakt.core.db import session_scope
    from planvakt.core.settings import get_settings
    from planvakt.services.plans import find_plan
    from planvakt.services.policy import policy_for

    with session_scope(engine) as session:
        policy = policy_for(find_plan(session, "3911-faerder-2026"), get_settings())
        assert (
            policy.days_before == (21, 7)
            and policy.escalate_leader_days == 5
            and policy.escalate_admin_days == 30
        )
    code, _, err = run(capsys, "policy", "3911-faerder-2026", "--overdue-every", "0")
    assert code == 65 and "--overdue-every: må være minst 1" in err
    code, out, _ = run(capsys, "policy", "3911-faerder-2026", "--reset")
    assert "(standard)" in out and "14, 7 og 1 dager før" in out


def test_sweep_through_prefect_says_clearly_when_the_server_is_down(tmp_path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "PLANVAKT_HOME": str(tmp_path),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api",  # nothing listens there
        "DO_NOT_TRACK": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "planvakt.cli", "sweep", "--today", "18.01.2027"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 69
    assert "Prefect-serveren svarer ikke" in done.stderr and "--direct" in done.stderr
    assert "Traceback" not in done.stderr
