"""Every built artifact file, damaged each way an unlucky disk or a half-copied folder damages it
(empty, truncated, garbage), on a real data folder (catalog, stored scores, task model, title
index). Each gives the documented answer and never a traceback:

* the task model's and the stored scores' files: web 503 with the part's documented code and
  what to run, ``/ready`` 503 naming the part as failed, the CLI its exit code and message;
* the title index's files: refused before use and rebuilt from the catalog, so search answers.

(The catalog's own damages are in ``test_faults.py`` and ``tests/unit/test_catalog_integrity.py``.)
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jobrisk.app.score_store import compute_scores, save_stored_scores
from jobrisk.app.services import Services
from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import load_fixture
from jobrisk.interfaces.cli.main import app as cli
from jobrisk.interfaces.web import create_app
from jobrisk.models.title_coder import TitleCoder
from jobrisk.settings import Settings

from web_app_factory import TEST_CONFIG, fixture_task_model

DAMAGES = {
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 2)]),
    "garbage": lambda p: p.write_bytes(os.urandom(max(64, p.stat().st_size))),
}
CODE = "43-9021.00"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    settings = Settings(data_dir=folder)
    catalog = Catalog.create(settings.catalog_path)
    load_fixture(catalog)
    catalog.commit()
    save_stored_scores(compute_scores(catalog), catalog, settings)
    fixture_task_model().save(settings)
    manifest_path = settings.models_dir / "task_exposure" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["catalog_fingerprint"] = catalog.fingerprint()
    manifest_path.write_text(json.dumps(manifest))
    TitleCoder.from_catalog(catalog, settings, use_semantic=False)  # saves the title index
    catalog.close()
    return folder


def _files(folder: Path, part: str) -> list[str]:
    """The part's artifact files (not hidden ones such as a save lock)."""
    return sorted(p.name for p in (folder / "models" / part).iterdir() if p.is_file() and not p.name.startswith("."))


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


def _damaged_copy(built: Path, tmp_path: Path, part: str, name: str, damage: str) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(built, copy)
    DAMAGES[damage](copy / "models" / part / name)
    return copy


def _client(folder: Path) -> TestClient:
    services = Services(Settings(data_dir=folder))
    return TestClient(create_app(services=services, config=TEST_CONFIG), raise_server_exceptions=False)


def test_the_undamaged_folder_serves_everything(built):
    with _client(built) as c:
        assert c.post("/api/v1/tasks/score", json={"task": "Prepare tax returns"}).status_code == 200
        assert c.get(f"/api/v1/occupations/{CODE}").status_code == 200
        assert c.get("/api/v1/titles/search", params={"q": "registered nurse"}).status_code == 200
        ready = c.get("/ready")
        assert ready.status_code == 200, ready.text


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("which", ["manifest", "structure", "arrays"])
def test_a_damaged_task_model_file_is_503_ready_false_and_cli_exit_8(built, tmp_path, which, damage):
    names = _files(built, "task_exposure")
    name = {
        "manifest": "manifest.json",
        "structure": next(n for n in names if n.startswith("model-") and n.endswith(".json")),
        "arrays": next(n for n in names if n.endswith(".npz")),
    }[which]
    folder = _damaged_copy(built, tmp_path, "task_exposure", name, damage)
    with _client(folder) as c:
        r = c.post("/api/v1/tasks/score", json={"task": "Prepare tax returns for clients"})
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["code"] in {"artifact_corrupt", "model_not_trained"}, error
        assert "jobrisk build" in error["message"]
        _no_traceback(r.text)
        assert c.get(f"/api/v1/occupations/{CODE}").status_code == 200  # the rest still serves
        ready = c.get("/ready")
        assert ready.status_code == 503
        parts = {p["name"]: p for p in ready.json()["parts"]}
        assert parts["task_model"]["state"] == "failed" and parts["task_model"]["retry_in_s"] > 0
        assert "task_model" in ready.json()["reason"]
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "tasks", "score", "--text", "Prepare tax returns"])
    assert result.exit_code == 8, result.output
    assert "jobrisk build" in " ".join(result.output.split())
    _no_traceback(result.output)


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("which", ["manifest", "scores"])
def test_damaged_stored_scores_are_503_ready_false_and_cli_refuses(built, tmp_path, which, damage):
    names = _files(built, "scores")
    name = "manifest.json" if which == "manifest" else next(n for n in names if n != "manifest.json")
    folder = _damaged_copy(built, tmp_path, "scores", name, damage)
    with _client(folder) as c:
        r = c.get(f"/api/v1/occupations/{CODE}")
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["code"] in {"data_unavailable", "artifact_corrupt", "part_unavailable"}, error
        assert "jobrisk build" in error["message"]
        _no_traceback(r.text)
        page = c.get(f"/occupations/{CODE}", headers={"accept": "text/html"})
        assert page.status_code == 503 and "jobrisk build" in page.text
        _no_traceback(page.text)
        ready = c.get("/ready")
        assert ready.status_code == 503
        parts = {p["name"]: p for p in ready.json()["parts"]}
        assert parts["scorebook"]["state"] == "failed" and parts["scorebook"]["retry_in_s"] > 0
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "occupation", CODE])
    assert result.exit_code not in (0, 1), result.output  # a documented exit code, not a crash
    assert "jobrisk build" in " ".join(result.output.split())
    _no_traceback(result.output)


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_each_damaged_title_index_file_is_rebuilt_and_search_answers(built, tmp_path, damage):
    for name in _files(built, "title_coder"):
        folder = _damaged_copy(built, tmp_path / name, "title_coder", name, damage)
        damaged = (folder / "models" / "title_coder" / name).read_bytes()
        with _client(folder) as c:
            r = c.get("/api/v1/titles/search", params={"q": "registered nurse"})
            assert r.status_code == 200, (name, r.text)
            assert r.json()["candidates"][0]["onet_soc_code"] == "29-1141.00", (name, r.json())
            parts = {p["name"]: p["state"] for p in c.get("/ready").json()["parts"]}
            assert parts["title_coder"] == "loaded", name
        path = folder / "models" / "title_coder" / name  # saved again: replaced, or a new pair
        assert not path.exists() or path.read_bytes() != damaged, name
