from pathlib import Path

import pytest
import yaml

from models.template import PHASE_KEYS
from planvakt.core.errors import ImportErrors, NotFoundError, ValidationError
from planvakt.exchange.templates import TEMPLATE_DIR, load_template


def test_default_template_has_six_phases_and_enough_checkpoints() -> None:
    template = load_template("default")
    assert tuple(p.key for p in template.phases) == PHASE_KEYS
    assert template.checkpoint_count >= 25
    keys = {cp.key for p in template.phases for cp in p.checkpoints}
    for needed in (
        "mandat-godkjent",
        "arbeidsgruppe",
        "kartlegging",
        "dialogmote-tjenester",
        "horingsfrist",
        "uttalelse-ungdomsrad",
        "vedtak-kommunestyre",
        "distribusjon",
        "arsrapport-1",
        "vedtak-rullering",
    ):
        assert needed in keys
    horing = next(p for p in template.phases if p.key == "involvering")
    offsets = {cp.key: cp.offset_days for cp in horing.checkpoints}
    assert offsets["horingsfrist"] - offsets["horing-sendt"] >= 7 * template.defaults.hearing_weeks
    assert all(cp.title.en for p in template.phases for cp in p.checkpoints)


def _template_file(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((TEMPLATE_DIR / "default.yaml").read_text("utf-8"))
    change(data)
    path = tmp_path / "egen-mal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _swap_phases(d):
    d["phases"][0], d["phases"][1] = d["phases"][1], d["phases"][0]


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
    ],
)
def test_own_template_is_validated_with_clear_errors(tmp_path: Path, change, expected: str) -> None:
    with pytest.raises(ImportErrors, match=expected) as err:
        load_template(str(_template_file(tmp_path, change)))
    assert "egen-mal.yaml" in str(err.value)


def test_unknown_template_name_is_refused() -> None:
    with pytest.raises(NotFoundError, match="ukjent mal 'fancy'.*default"):
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
