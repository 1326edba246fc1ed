"""Failures that do happen, on real data folders: no catalog built yet, scores built for another
catalog, a damaged score file, a task model that cannot score. Pages and the API say what is
missing and what to run; /ready stays 503 until the parts load."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jobrisk.app.score_store import compute_scores, save_stored_scores, scores_dir, scores_path
from jobrisk.app.services import Services, usable_task_model
from jobrisk.catalog import Catalog
from jobrisk.catalog.fixture import load_fixture
from jobrisk.errors import PartUnavailableError
from jobrisk.interfaces.cli.main import app as cli
from jobrisk.interfaces.web import create_app
from jobrisk.settings import Settings

from web_app_factory import TEST_CONFIG, fixture_task_model


def client_for(data_dir: Path) -> TestClient:
    services = Services(Settings(data_dir=data_dir))
    return TestClient(create_app(services=services, config=TEST_CONFIG), raise_server_exceptions=False)


def fixture_data(folder: Path, fingerprint: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.create(folder / "catalog.sqlite")
    load_fixture(catalog)
    if fingerprint is not None:
        catalog.set_manifest("fingerprint", fingerprint)
    catalog.commit()
    save_stored_scores(compute_scores(catalog), catalog, Settings(data_dir=folder))
    catalog.close()
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_data(tmp_path_factory.mktemp("built"))


def test_stored_scores_serve_pages_and_ready(built):
    with client_for(built) as c:
        page = c.get("/occupations/43-9021.00")
        body = c.get("/api/v1/occupations/43-9021.00").json()
        parts = {p["name"]: p["state"] for p in c.get("/ready").json()["parts"]}
    assert page.status_code == 200 and "Data Entry Keyers" in page.text
    assert body["occupation"]["onet_soc_code"] == "43-9021.00"
    assert parts["catalog"] == "loaded" and parts["scorebook"] == "loaded"


def test_without_a_catalog_pages_say_to_build_and_ready_is_503(tmp_path):
    with client_for(tmp_path) as c:
        page = c.get("/occupations/43-9021.00", headers={"accept": "text/html"})
        api = c.get("/api/v1/occupations/43-9021.00")
        ready = c.get("/ready")
    assert page.status_code == 503 and "jobrisk build" in page.text
    assert api.status_code == 503 and api.json()["error"]["code"] == "catalog_missing"
    assert ready.status_code == 503 and ready.json()["status"] == "not_ready"


def test_scores_built_for_another_catalog_are_refused_with_what_to_run(built, tmp_path):
    other = fixture_data(tmp_path / "other", fingerprint="e" * 64)
    shutil.copytree(scores_dir(Settings(data_dir=built)), scores_dir(Settings(data_dir=other)), dirs_exist_ok=True)
    with client_for(other) as c:
        api = c.get("/api/v1/occupations/43-9021.00")
        listing = c.get("/api/v1/occupations").json()
        ready = c.get("/ready").json()
    assert api.status_code == 503 and api.json()["error"]["code"] == "catalog_unavailable"
    assert "built for catalog" in api.json()["error"]["message"]
    assert "--scores-only" in api.json()["error"]["message"]
    assert listing["total"] == 12 and "built for catalog" in listing["notice"]
    scorebook = next(p for p in ready["parts"] if p["name"] == "scorebook")
    assert scorebook["state"] == "failed" and "built for catalog" in scorebook["message"]


def test_a_damaged_score_file_is_refused_not_served(built, tmp_path):
    copy = tmp_path / "damaged"
    shutil.copytree(built, copy)
    path = scores_path(Settings(data_dir=copy))
    path.write_bytes(path.read_bytes()[:-100])
    with client_for(copy) as c:
        api = c.get("/api/v1/occupations/43-9021.00")
    assert api.status_code == 503 and api.json()["error"]["code"] == "data_unavailable"
    assert "sha256" in api.json()["error"]["message"]


def test_serve_command_documents_host_and_port():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output and "127.0.0.1" in result.output


def test_a_task_model_that_cannot_score_is_reported_as_unavailable_with_what_to_run():
    class ModelFromOtherCode:
        def score_texts(self, texts, onet_soc_codes=None):  # type: ignore[no-untyped-def]
            raise KeyError("oof_by_code_key")

    with pytest.raises(PartUnavailableError, match="cannot score tasks.*jobrisk build"):
        usable_task_model(ModelFromOtherCode(), "/data/models")  # type: ignore[arg-type]


def test_a_working_task_model_is_accepted():
    model = fixture_task_model()
    assert usable_task_model(model, "/data/models") is model


def test_the_models_load_without_the_lock_requests_share_for_the_catalog(built, tmp_path):
    """The title coder and the task model read the catalog through their own connection: they
    load (or fail with what to run) while another thread holds the shared catalog's lock."""
    folder = tmp_path / "data"
    shutil.copytree(built, folder)
    services = Services(Settings(data_dir=folder))
    services.warm_up(("catalog",))
    done = threading.Event()

    def load() -> None:
        services.warm_up(("title_coder", "task_model"))
        done.set()

    with services.catalog_lock:
        loader = threading.Thread(target=load, daemon=True)
        loader.start()
        finished_while_held = done.wait(timeout=300)
    loader.join()
    states = {p.name: p.state for p in services.part_status()}
    assert finished_while_held
    assert states["title_coder"] == "loaded"
    assert states["task_model"] == "failed"  # no model trained in this folder: said, not waited for
    assert services.title_coder.code("data entry keyer").onet_soc_code == "43-9021.00"
