"""The TOML pipeline format of cleanwire.config (used by --pipeline, --config and [tool.cleanwire])."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleanwire.config import ConfigError, build_pipeline, find_project_config, load_spec, merge_specs, parse_spec


def test_full_spec_builds_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('preset = "rules"\ndisable = ["captions", "bylines"]\nquotes = false\nrepair = false\n'
                    'language = "de"\n[phrases]\nsocial = ["join our telegram.*"]\n')
    pipeline = build_pipeline(load_spec(path))
    assert "captions" not in pipeline.names and "bylines" not in pipeline.names
    assert (pipeline.quotes, pipeline.repair, pipeline.language) == (False, False, "de")
    assert pipeline.clean("Join our Telegram channel\nDer Rat hat am Dienstag getagt.") == (
        "Der Rat hat am Dienstag getagt.")


def test_explicit_cleaner_list_keeps_its_order() -> None:
    assert build_pipeline(parse_spec({"cleaners": ["social", "comments"]})).names == ("social", "comments")
    with pytest.raises(ConfigError, match="not both"):
        parse_spec({"cleaners": ["social"], "preset": "default"})


@pytest.mark.parametrize("data, message", [
    ({"preset": "fast"}, "unknown preset 'fast'"),
    ({"disable": "captions"}, "must be a list of strings"),
    ({"phrases": {"nope": ["x"]}}, "unknown cleaner(s) ['nope']"),
    ({"phrases": {"social": "x"}}, "must be a list of strings"),
    ({"language": ""}, "language code"),
    ({"repair": 1}, "true or false"),
])
def test_invalid_specs_name_the_problem(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_spec(data, source="p.toml")
    assert message in str(info.value) and str(info.value).startswith("p.toml: ")


def test_phrases_for_a_cleaner_not_in_the_pipeline() -> None:
    with pytest.raises(ConfigError, match="phrases.social"):
        build_pipeline({"preset": "repair_only", "phrases": {"social": ["x"]}})


def test_merge_order_and_accumulation() -> None:
    merged = merge_specs({"cleaners": ["social"], "phrases": {"social": ["a"]}, "quotes": True},
                         {"preset": "default", "phrases": {"social": ["b"]}, "disable": ["captions"]},
                         {"quotes": False, "disable": ["captions", "bylines"]})
    assert merged == {"preset": "default", "phrases": {"social": ["a", "b"]}, "quotes": False,
                      "disable": ["captions", "bylines"]}


def test_pyproject_discovery(tmp_path: Path) -> None:
    inner = tmp_path / "project" / "data" / "raw"
    inner.mkdir(parents=True)
    project = tmp_path / "project" / "pyproject.toml"
    project.write_text('[project]\nname = "p"\n[tool.cleanwire]\ndisable = ["captions"]\n')
    assert find_project_config(inner) == project
    assert load_spec(project) == {"disable": ["captions"]}
    project.write_text('[project]\nname = "p"\n')
    assert find_project_config(inner) is None  # the project root has no table: stop there
    project.write_text("[project\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        find_project_config(inner)


def test_missing_file() -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_spec("/nonexistent/cleanwire.toml")
