"""Plan templates in bokmål, nynorsk and English: labels, fallbacks, and the shipped template."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError as PydanticError

from models.directory import Malform, plan_language
from models.template import Label
from models.texts import pick
from planvakt.core.errors import ImportErrors
from planvakt.exchange.templates import TEMPLATE_DIR, load_template


@pytest.mark.parametrize(
    ("given", "language", "expected"),
    [
        ({"nb": "Vedtak", "nn": "Vedtak", "en": "Adoption"}, "en", "Adoption"),
        ({"nb": "Revisjon", "en": "Revision"}, "nn", "Revisjon"),  # no nn: bokmål
        ({"nn": "Fråsegn frå eldrerådet", "en": "Statement"}, "nb", "Fråsegn frå eldrerådet"),
        ({"en": "Only English"}, "nb", "Only English"),  # → nb → nn → en
        ({"nn": "Berre nynorsk"}, "en", "Berre nynorsk"),
        ("Eigen mal på nynorsk", "en", "Eigen mal på nynorsk"),  # one language, a plain text
    ],
)
def test_label_falls_back_requested_then_bokmal_nynorsk_english(
    given: object, language: str, expected: str
) -> None:
    assert Label.model_validate(given).get(language) == expected


def test_a_plain_text_label_is_kept_as_the_source_text() -> None:
    assert Label.model_validate("Mandat godkjent").texts() == {"nb": "Mandat godkjent"}


@pytest.mark.parametrize("given", [{}, {"nb": ""}, {"de": "Beschluss"}, {"nb": None}])
def test_a_label_needs_one_text_in_a_known_language(given: object) -> None:
    with pytest.raises(PydanticError):
        Label.model_validate(given)


@pytest.mark.parametrize(
    ("texts", "language", "expected"),
    [
        ({"nb": "a", "nn": "b"}, "nn", "b"),
        ({"nb": "a", "nn": "b"}, "en", "a"),
        ({"nn": "b", "en": "c"}, "nb", "b"),
        ({"en": "c", "nn": ""}, "nn", "c"),  # an empty text is no text
        ({"se": "d"}, "nb", "d"),  # any language at last
        ({}, "nb", ""),
        (None, "nb", ""),
    ],
)
def test_pick_reads_a_text_keyed_by_language(
    texts: dict[str, str] | None, language: str, expected: str
) -> None:
    assert pick(texts, language) == expected


@pytest.mark.parametrize(
    ("malform", "language"),
    [(Malform.NYNORSK, "nn"), (Malform.BOKMAL, "nb"), (Malform.NOYTRAL, "nb")],
)
def test_a_plans_default_language_follows_the_malform(malform: Malform, language: str) -> None:
    assert plan_language(malform) == language


def _texts(data: dict[str, object]) -> list[tuple[str, object]]:
    """Every text of a template document with where it stands."""
    found: list[tuple[str, object]] = [("name", data["name"]), ("plan_title", data["plan_title"])]
    for service in data["services"]:  # type: ignore[attr-defined]
        found.append((f"services.{service['key']}", service["name"]))
    for phase in data["phases"]:  # type: ignore[attr-defined]
        found.append((f"phases.{phase['key']}", phase["name"]))
        for cp in phase["checkpoints"]:
            found.append((f"phases.{phase['key']}.{cp['key']}", cp["title"]))
            if "description" in cp:
                found.append((f"phases.{phase['key']}.{cp['key']}.description", cp["description"]))
    return found


def test_default_template_has_every_text_in_bokmal_nynorsk_and_english() -> None:
    data = yaml.safe_load((TEMPLATE_DIR / "default.yaml").read_text("utf-8"))
    texts = _texts(data)
    assert len(texts) > 60
    for where, text in texts:
        assert isinstance(text, dict), where
        assert set(text) == {"nb", "nn", "en"}, where
        assert all(isinstance(v, str) and v.strip() for v in text.values()), where


def test_default_template_speaks_nynorsk_in_nynorsk() -> None:
    template = load_template("default")
    revision = next(p for p in template.phases if p.key == "revisjon")
    # «Revisjon» reads like an audit: both Norwegian forms show the reference's name.
    assert revision.name.get("nb") == revision.name.get("nn") == "Evaluering og rullering"
    nynorsk = " ".join(
        [cp.title.get("nn") for p in template.phases for cp in p.checkpoints]
        + [s.name.get("nn") for s in template.services]
        + [template.plan_title.get("nn")]
    ).lower()
    for bokmal_only in ("ikke ", "uttalelse", "høring ", "tjeneste", "vedtatt", "utpekt", " fra "):
        assert bokmal_only not in nynorsk, bokmal_only
    for word in ("ikkje", "fråsegn", "høyring", "vedteken", "pådrivar", "valdeleg"):
        assert word in nynorsk, word


def test_a_municipalitys_own_template_may_be_in_one_language(tmp_path: Path) -> None:
    data = yaml.safe_load((TEMPLATE_DIR / "default.yaml").read_text("utf-8"))

    def nynorsk_only(label: dict[str, str]) -> str:
        return label["nn"]

    data["name"] = nynorsk_only(data["name"])
    data["plan_title"] = {"nn": data["plan_title"]["nn"]}
    for service in data["services"]:
        service["name"] = nynorsk_only(service["name"])
    for phase in data["phases"]:
        phase["name"] = nynorsk_only(phase["name"])
        for cp in phase["checkpoints"]:
            cp["title"] = nynorsk_only(cp["title"])
    path = tmp_path / "eigen-mal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    template = load_template(str(path))
    first = template.phases[0].checkpoints[2]
    assert first.title.get("en") == first.title.get("nb") == "Pådrivar/koordinator peika ut"
    assert template.plan_title.get("nb").startswith("Handlingsplan mot radikalisering og valdeleg")


def test_a_template_label_in_an_unknown_language_is_refused_with_its_place(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load((TEMPLATE_DIR / "default.yaml").read_text("utf-8"))
    data["phases"][0]["name"] = {"sv": "Inledning"}
    data["phases"][1]["name"] = {}
    path = tmp_path / "mal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(ImportErrors) as err:
        load_template(str(path))
    fields = {e.location.field for e in err.value.errors if e.location}
    assert "phases.0.name.sv" in fields
    codes = {e.code for e in err.value.errors}
    assert "template.label_empty" in codes
