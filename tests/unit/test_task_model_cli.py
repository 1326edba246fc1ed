"""``jobrisk tasks score`` / ``jobrisk models``: argument errors are reported before any work."""

from typer.testing import CliRunner

from jobrisk.interfaces.cli.main import app

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
