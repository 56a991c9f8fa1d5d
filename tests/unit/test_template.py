from pathlib import Path

import pytest
import yaml

from models.template import PHASE_KEYS
from planvakt.core.errors import ImportErrors, NotFoundError, ValidationError
from planvakt.exchange.templates import (
    TEMPLATE_DIR,
    load_template,
    merge_variant,
    parse_template,
    shipped_templates,
)


def test_default_template_has_six_phases_and_enough_checkpoints() -> None:
    template = load_template("default")
    assert tuple(p.key for p in template.phases) == PHASE_KEYS
    assert template.checkpoint_count >= 45
    keys = {cp.key for p in template.phases for cp in p.checkpoints}
    for needed in (
        "politisk-vedtak-oppstart",
        "arbeidsgruppe",
        "kartlegging",
        "dialogmote-tjenester",
        "horing-sendt",
        "uttalelse-ungdomsrad",
        "vedtak-kommunestyre",
        "distribusjon",
        "arsrapport-1",
        "vedtak-rullering",
    ):
        assert needed in keys
    # The kommunedirektør's approval alone is no political decision; the deadline of a
    # consultation is a date on it, not a checkpoint.
    assert "mandat-godkjent" not in keys and "horingsfrist" not in keys
    assert all(cp.title.en for p in template.phases for cp in p.checkpoints)


def test_default_template_binds_decisions_and_dates_what_follows_the_consultation() -> None:
    template = load_template("default")
    cps = {cp.key: cp for p in template.phases for cp in p.checkpoints}
    assert {k: cp.decision for k, cp in cps.items() if cp.decision} == {
        "politisk-vedtak-oppstart": "mandate",
        "vedtak-kommunestyre": "adoption",
    }
    assert cps["politisk-vedtak-oppstart"].required
    assert {k for k, cp in cps.items() if cp.anchor} == {"horingsoppsummering", "revidert-plan"}
    assert all(cps[k].anchor == "consultation_deadline" for k in ("revidert-plan",))
    yearly = {k: cp.yearly_on for k, cp in cps.items() if cp.yearly_on}
    assert yearly == {"tilskudd-soknad": "12-01", "tilskudd-rapport": "04-01"}
    assert not any(cps[k].required for k in yearly)
    assert template.defaults.hearing_weeks == 6


def test_hkh_variant_is_the_default_with_an_hkh_mapping() -> None:
    default, hkh = load_template("default"), load_template("hkh")
    assert shipped_templates() == ["default", "hkh"]
    assert hkh.key == "hkh" and hkh.name.get("nb").startswith("Mal med HKH-kartlegging")
    assert hkh.services == default.services and hkh.defaults == default.defaults
    involvement = {p.key: p for p in hkh.phases}["involvering"]
    # 6–8 months of mapping: the involvement lasts longer than the default's.
    assert (
        involvement.duration_days > {p.key: p for p in default.phases}["involvering"].duration_days
    )
    hkh_cps = {cp.key: cp for p in hkh.phases for cp in p.checkpoints}
    default_cps = {cp.key: cp for p in default.phases for cp in p.checkpoints}
    assert set(default_cps) < set(hkh_cps)
    assert set(hkh_cps) - set(default_cps) == {
        "hkh-team",
        "hkh-innledende-konsultasjon",
        "hkh-avsluttende-konsultasjon",
        "hkh-rapport",
    }
    # Changed by key: the fields given replace the default's, the rest is the default's.
    mapping = hkh_cps["kartlegging"]
    assert mapping.title.get("nb").startswith("HKH-kartlegging")
    assert mapping.responsible == default_cps["kartlegging"].responsible
    assert hkh_cps["planutkast"].title == default_cps["planutkast"].title
    assert hkh_cps["planutkast"].offset_days == 230
    assert hkh_cps["hkh-rapport"].offset_days < hkh_cps["planutkast"].offset_days
    unchanged = [
        k for k in default_cps if k not in ("kartlegging", "gap-analyse", "radgiverkontakt")
    ]
    moved = {"planutkast", "tiltakseiere-med", "horing-sendt"}
    assert all(hkh_cps[k] == default_cps[k] for k in unchanged if k not in moved)


def test_a_variant_changes_entries_by_key_and_adds_new_ones() -> None:
    base = {
        "key": "a",
        "defaults": {"hearing_weeks": 6, "coordinator": "x"},
        "services": [{"key": "x", "name": "X"}],
        "phases": [
            {"key": "p", "duration_days": 10, "checkpoints": [{"key": "c", "offset_days": 1}]},
            {"key": "q", "duration_days": 20, "checkpoints": []},
        ],
    }
    variant = {
        "extends": "a",
        "key": "b",
        "defaults": {"hearing_weeks": 8},
        "services": [{"key": "y", "name": "Y"}],
        "phases": [
            {"key": "p", "checkpoints": [{"key": "c", "offset_days": 5}, {"key": "d"}]},
        ],
    }
    merged = merge_variant(base, variant)
    assert "extends" not in merged and merged["key"] == "b"
    assert merged["defaults"] == {"hearing_weeks": 8, "coordinator": "x"}
    assert [s["key"] for s in merged["services"]] == ["x", "y"]
    first, second = merged["phases"]
    assert first == {
        "key": "p",
        "duration_days": 10,
        "checkpoints": [{"key": "c", "offset_days": 5}, {"key": "d"}],
    }
    assert second == base["phases"][1]
    assert base["phases"][0]["checkpoints"] == [{"key": "c", "offset_days": 1}]  # untouched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extends: fancy\nkey: x\n", r"linje 1, felt 'extends'.*utvider 'fancy'.*default, hkh"),
        ("extends: hkh\nkey: x\n", "malen 'hkh' utvider selv en annen mal"),
        (
            "extends: default\nphases:\n  - key: initiering\n    checkpoints:\n"
            "      - key: behovsvurdering\n        offset_days: -1\n",
            r"felt 'phases.0.checkpoints.0.offset_days'",
        ),
    ],
)
def test_a_bad_variant_is_refused_with_a_clear_error(text: str, expected: str) -> None:
    with pytest.raises(ValidationError, match=expected):
        parse_template(text, "variant.yaml")


def _template_file(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((TEMPLATE_DIR / "default.yaml").read_text("utf-8"))
    change(data)
    path = tmp_path / "egen-mal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _swap_phases(d):
    d["phases"][0], d["phases"][1] = d["phases"][1], d["phases"][0]


def _checkpoint(d, phase: str, key: str) -> dict:
    found = next(p for p in d["phases"] if p["key"] == phase)
    return next(c for c in found["checkpoints"] if c["key"] == key)


def _grant(d) -> dict:
    return _checkpoint(d, "gjennomforing", "tilskudd-soknad")


def _drop_sending(d) -> None:
    phase = next(p for p in d["phases"] if p["key"] == "involvering")
    phase["checkpoints"] = [c for c in phase["checkpoints"] if c["key"] != "horing-sendt"]


def _yearly_in_revision(d) -> None:
    d["phases"][-1]["checkpoints"].append(dict(_grant(d)))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["phases"][0]["checkpoints"][0].update(frist=3),
            r"linje \d+, felt 'phases.0.checkpoints.0.frist'.*ukjent nøkkel",
        ),
        (lambda d: d.update(colour="red"), "felt 'colour'.*ukjent nøkkel"),
        (_swap_phases, "rekkefølgen"),
        (
            lambda d: d["phases"][2]["checkpoints"][0].update(responsible="brannvesen"),
            "ukjent ansvarlig tjeneste 'brannvesen'",
        ),
        (
            lambda d: d["phases"][0]["checkpoints"].append(dict(d["phases"][0]["checkpoints"][0])),
            "to ganger",
        ),
        (lambda d: d["phases"][0].update(duration_days=0), "duration_days.*minst 1"),
        (lambda d: d["phases"][0]["checkpoints"][0]["title"].update(nb=""), "kan ikke være tom"),
        # decisions, yearly dates and anchors
        (
            lambda d: _checkpoint(d, "initiering", "politisk-vedtak-oppstart").update(
                decision="approval"
            ),
            r"felt 'phases.0.checkpoints.6.decision'.*gyldige: 'mandate', 'adoption'",
        ),
        (lambda d: _grant(d).update(yearly_on="13-01"), "ugyldig årlig dato '13-01'"),
        (lambda d: _grant(d).update(yearly_on="02-29"), "29. februar finnes ikke hvert år"),
        (lambda d: _grant(d).update(yearly_on="1. desember"), "bruk MM-DD"),
        (lambda d: _grant(d).update(required=True), "'tilskudd-soknad' må ha required: false"),
        (
            lambda d: _grant(d).update(anchor="consultation_deadline"),
            "'tilskudd-soknad' kan ikke også ha anchor",
        ),
        (lambda d: _grant(d).update(key="t" * 56), "nøkkelen kan ha høyst 55 tegn"),
        (lambda d: _grant(d).pop("yearly_on"), "'tilskudd-soknad' mangler offset_days"),
        (_yearly_in_revision, "kan ikke stå i fasen 'revisjon'"),
        (
            lambda d: _checkpoint(d, "involvering", "revidert-plan").update(anchor="phase_end"),
            r"anchor'.*gyldige: 'consultation_deadline'",
        ),
        (
            _drop_sending,
            "regnes fra høringsfristen, men fasen har ikke sjekkpunktet 'horing-sendt'",
        ),
    ],
)
def test_own_template_is_validated_with_clear_errors(tmp_path: Path, change, expected: str) -> None:
    with pytest.raises(ImportErrors, match=expected) as err:
        load_template(str(_template_file(tmp_path, change)))
    assert "egen-mal.yaml" in str(err.value)


def test_unknown_template_name_is_refused() -> None:
    with pytest.raises(NotFoundError, match="ukjent mal 'fancy'.*default, hkh"):
        load_template("fancy")


def test_malformed_template_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "mal.yaml"
    path.write_text("key: x\nphases: [\n  - key: a\n", "utf-8")
    with pytest.raises(ValidationError, match=r"mal.yaml, linje \d+: ugyldig YAML"):
        load_template(str(path))


@pytest.mark.parametrize(
    ("statuses", "ok"),
    [
        (["active", "pending", "pending", "pending", "pending", "pending"], True),
        (["done", "done", "done", "done", "active", "pending"], True),
        (["done", "done", "done", "done", "active", "active"], True),  # yearly revision round
        (["done", "done", "done", "done", "active", "done"], True),  # round finished
        (["done", "done", "done", "done", "done", "active"], True),  # final revision
        (["done", "active", "done", "pending", "pending", "pending"], False),
        (["active", "active", "pending", "pending", "pending", "pending"], False),
        (["pending", "active", "pending", "pending", "pending", "pending"], False),
    ],
)
def test_phase_status_sequence(statuses: list[str], ok: bool) -> None:
    from models.template import check_phase_sequence

    if ok:
        check_phase_sequence(PHASE_KEYS, statuses)
    else:
        with pytest.raises(ValueError, match="fasestatus"):
            check_phase_sequence(PHASE_KEYS, statuses)
