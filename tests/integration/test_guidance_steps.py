"""The default template walks the steps of the national guidance.

Every step of shared/reference/domain-brief.md §7 (table rows 0–11) and every point of issue
12 is found as a checkpoint of the default template in the phase where it belongs: a key
that disappears or moves to another phase fails here. Then `planvakt template check` on the
shipped templates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.template import CheckpointTemplate, PlanTemplate
from planvakt.cli.app import main
from planvakt.exchange.templates import TEMPLATE_DIR, load_template
from tests.factories import write

# Guidance step → (phase, checkpoint keys that carry it).
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    # domain-brief §7, rows 0–11
    "0 initiation and needs assessment": ("initiering", ("behovsvurdering", "saksframlegg-behov")),
    "1 political anchoring and mandate": (
        "initiering",
        ("mandat-utkast", "politisk-vedtak-oppstart", "padriver-utpekt"),
    ),
    "2 organisation and working group": (
        "initiering",
        ("arbeidsgruppe", "prosjektplan", "kommunikasjonsplan", "radgiverkontakt"),
    ),
    "3 mapping and situation picture": ("involvering", ("kartlegging", "gap-analyse")),
    "4 involvement and participation": (
        "involvering",
        ("dialogmote-tjenester", "dialogmote-ungdomsrad", "dialogmote-frivillige"),
    ),
    "5 drafting": ("involvering", ("planutkast", "tiltakseiere-med")),
    "6 consultation": ("involvering", ("horing-sendt",)),
    "7 revision after consultation": ("involvering", ("horingsoppsummering", "revidert-plan")),
    "8a political handling": (
        "politisk_forankring",
        (
            "orientering-politisk",
            "politirad-behandling",
            "uttalelse-ungdomsrad",
            "uttalelse-eldrerad",
            "uttalelse-funksjonsnedsettelse",
        ),
    ),
    "8b adoption": (
        "vedtak",
        ("saksframlegg-vedtak", "behandling-formannskap", "vedtak-kommunestyre"),
    ),
    "9 implementation": (
        "gjennomforing",
        ("tiltakseiere-i-gang", "tiltak-i-budsjett"),
    ),
    "9 plan published and distributed": ("vedtak", ("publisering", "distribusjon")),
    "10 yearly reporting": ("gjennomforing", ("statusrapport-politirad", "arsrapport-1")),
    "11 evaluation and revision": (
        "revisjon",
        ("arsstatus-tiltakseiere", "koordinator-evaluering", "tiltak-rullert", "vedtak-rullering"),
    ),
    # issue 12
    "political start decision": ("initiering", ("politisk-vedtak-oppstart",)),
    "anchoring in the plan system": ("initiering", ("forankring-planstrategi",)),
    "RVTS/KORUS contact early": ("initiering", ("radgiverkontakt",)),
    "police radicalisation contact in the working group": ("initiering", ("arbeidsgruppe",)),
    "sources of the situation picture": (
        "involvering",
        (
            "kartlegging-politi",
            "kartlegging-pst",
            "kartlegging-ros",
            "kartlegging-ungdata",
            "gap-analyse",
        ),
    ),
    "anchoring in the population": ("involvering", ("dialogmote-apent",)),
    "measure owners involved early": ("involvering", ("tiltakseiere-med",)),
    "adoption case document": ("vedtak", ("saksframlegg-vedtak",)),
    "concern and information-sharing routine": ("gjennomforing", ("bekymringsrutine",)),
    "SLT and the police cooperation agreement": (
        "gjennomforing",
        ("slt-samordning", "samarbeidsavtale-politi"),
    ),
    "state grant: application and report": (
        "gjennomforing",
        ("tilskudd-soknad", "tilskudd-rapport"),
    ),
}


@pytest.fixture(scope="module")
def template() -> PlanTemplate:
    return load_template("default")


def _where(template: PlanTemplate) -> dict[str, str]:
    return {cp.key: p.key for p in template.phases for cp in p.checkpoints}


def _cp(template: PlanTemplate, key: str) -> CheckpointTemplate:
    return next(cp for p in template.phases for cp in p.checkpoints if cp.key == key)


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_of_the_guidance_is_a_checkpoint_in_its_phase(
    template: PlanTemplate, step: str
) -> None:
    phase, keys = STEPS[step]
    where = _where(template)
    for key in keys:
        assert key in where, f"{step}: checkpoint '{key}' is missing"
        assert where[key] == phase, f"{step}: '{key}' is in '{where[key]}', not '{phase}'"


def test_the_work_starts_with_a_political_decision_not_an_approval_alone(
    template: PlanTemplate,
) -> None:
    start = _cp(template, "politisk-vedtak-oppstart")
    assert start.decision == "mandate" and start.required
    assert "formannskap" in start.title.get("nb") and "kommunestyre" in start.title.get("nb")
    assert "mandat-godkjent" not in _where(template)  # the chief executive's approval
    assert _cp(template, "vedtak-kommunestyre").decision == "adoption"


def test_rvts_and_korus_are_contacted_early_and_required(template: PlanTemplate) -> None:
    contact = _cp(template, "radgiverkontakt")
    assert (
        contact.required
        and "RVTS" in contact.title.get("nb")
        and "KORUS" in contact.title.get("nb")
    )
    assert contact.offset < _cp(template, "mandat-utkast").offset  # before the mandate is written
    working_group = _cp(template, "arbeidsgruppe").title
    assert "radikaliseringskontakt" in working_group.get("nb")
    assert "radikaliseringskontakten" in working_group.get("nn")


def test_the_mapping_names_its_sources(template: PlanTemplate) -> None:
    titles = {
        key: _cp(template, key).title.get("nb")
        for key in (
            "kartlegging-politi",
            "kartlegging-pst",
            "kartlegging-ros",
            "kartlegging-ungdata",
        )
    }
    assert "Politiets situasjonsbilde" in titles["kartlegging-politi"]
    assert "PSTs åpne trusselvurdering" in titles["kartlegging-pst"]
    assert "helhetlige ROS" in titles["kartlegging-ros"]
    assert "sivilbeskyttelsesloven § 14" in titles["kartlegging-ros"]
    assert "Ungdata" in titles["kartlegging-ungdata"]
    # The sources come before the compiled picture, and the gaps after it.
    offsets = {k: _cp(template, k).offset for k in (*titles, "kartlegging", "gap-analyse")}
    assert max(offsets[k] for k in titles) < offsets["kartlegging"] <= offsets["gap-analyse"]


def test_the_population_and_the_measure_owners_take_part(template: PlanTemplate) -> None:
    dialogue = _cp(template, "dialogmote-apent").title.get("nb")
    for who in ("innbyggere", "FAU/KFU", "minoritetsorganisasjoner"):
        assert who in dialogue
    owners = _cp(template, "tiltakseiere-med")
    assert owners.required and owners.offset < _cp(template, "horing-sendt").offset


def test_the_consultation_deadline_is_no_checkpoint_and_what_follows_counts_from_it(
    template: PlanTemplate,
) -> None:
    assert "horingsfrist" not in _where(template)
    for key in ("horingsoppsummering", "revidert-plan"):
        assert _cp(template, key).anchor == "consultation_deadline"


def test_the_adoption_case_shows_weighing_responsibility_and_funding(
    template: PlanTemplate,
) -> None:
    case = _cp(template, "saksframlegg-vedtak").title
    for word in ("høringsinnspillene er vurdert", "ansvaret", "finansieres"):
        assert word in case.get("nb")
    for word in ("høyringsinnspela", "ansvaret", "finansiert"):
        assert word in case.get("nn")


def test_the_concern_routine_is_required_and_names_its_parts(template: PlanTemplate) -> None:
    routine = _cp(template, "bekymringsrutine")
    assert routine.required
    text = routine.title.get("nb")
    for part in ("taushetsplikt", "samtykke", "opplysningsrett og -plikt", "avvergeplikt"):
        assert part in text
    assert "kontaktpunkt som rolle, ikke person" in text
    assert "teieplikt" in routine.title.get("nn") and "ikkje person" in routine.title.get("nn")


def test_the_grant_deadlines_are_optional_and_yearly(template: PlanTemplate) -> None:
    application, report = _cp(template, "tilskudd-soknad"), _cp(template, "tilskudd-rapport")
    assert (application.yearly_on, report.yearly_on) == ("12-01", "04-01")
    assert not application.required and not report.required


def test_the_revision_phase_reads_as_evaluation_and_revision(template: PlanTemplate) -> None:
    revision = next(p for p in template.phases if p.key == "revisjon")
    assert revision.name.get("nb") == "Evaluering og rullering"


# --- `planvakt template check` ------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("default", "default"),
        ("hkh", "hkh"),
        (str(TEMPLATE_DIR / "default.yaml"), "default"),
        (str(TEMPLATE_DIR / "hkh.yaml"), "hkh"),
    ],
)
def test_template_check_passes_the_shipped_templates(capsys, given: str, key: str) -> None:
    code, out, err = run(capsys, "template", "check", given)
    count = load_template(key).checkpoint_count
    assert code == 0, err
    assert f"malen '{key}' er gyldig: 6 faser, {count} sjekkpunkter" in out


def test_template_check_refuses_a_broken_variant(capsys, tmp_path: Path) -> None:
    path = write(
        tmp_path / "variant.yaml",
        "extends: default\nkey: variant\nphases:\n  - key: gjennomforing\n    checkpoints:\n"
        "      - key: tilskudd-soknad\n        yearly_on: '02-30'\n",
    )
    code, _, err = run(capsys, "template", "check", str(path))
    assert code == 65
    assert "ugyldig årlig dato '02-30'" in err and "variant.yaml" in err
