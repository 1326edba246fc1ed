"""``jobrisk tasks score`` / ``jobrisk models``: argument errors are reported before any work; the
JSON of a scored task keeps its key order."""

from typer.testing import CliRunner

from jobrisk.interfaces.cli.main import app
from jobrisk.models.task_exposure import TaskScore
from jobrisk.models.task_exposure.vocabulary import TermNote

runner = CliRunner()


def test_score_needs_a_csv_or_a_text(tmp_path):
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "tasks", "score"])
    assert result.exit_code == 2
    assert "Give either INPUT.csv" in result.output


def test_scoring_a_csv_needs_an_output_path(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("task\nWrite reports\n", encoding="utf-8")
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "tasks", "score", str(src)])
    assert result.exit_code == 2
    assert "-o OUTPUT.csv" in result.output


def test_scoring_without_a_built_catalog_says_how_to_build_one(tmp_path):
    result = runner.invoke(app, ["--data-dir", str(tmp_path), "tasks", "score", "--text", "Write reports"])
    assert result.exit_code == 7
    assert "jobrisk build" in result.output


def test_models_commands_have_help():
    for command in (["models", "train", "--help"], ["models", "evaluate", "--help"], ["tasks", "score", "--help"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0 and "Usage" in result.output


def test_a_scored_task_as_json_gives_the_text_then_its_estimate_then_what_it_was_made_from():
    estimate = {"p_e0": 0.1, "p_e1": 0.6, "p_e2": 0.3, "exposure": 0.75, "automation": 0.5, "confidence": 0.6}
    sql = TermNote("SQL", "Database management system software", "technology")
    score = TaskScore(**estimate, text="Write reports", flags=("short",), evidence="text", terms=(sql,))
    out = score.as_dict()  # what `jobrisk tasks score --json` prints under "score"
    keys = "text p_e0 p_e1 p_e2 exposure automation confidence flags evidence terms unfamiliar forms"
    assert list(out) == keys.split()
    assert out["text"] == "Write reports" and out["exposure"] == 0.75 and out["terms"][0]["term"] == "SQL"
