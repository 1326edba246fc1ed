"""Pages keep working, and say what is missing, while a part of jobrisk is unavailable."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jobrisk.catalog import Catalog
from jobrisk.interfaces.cli.main import app as cli
from jobrisk.interfaces.web import create_app
from jobrisk.errors import PartUnavailableError
from jobrisk.services import Services, usable_task_model

from web_app_factory import TEST_CONFIG, fixture_task_model


class WithoutReportBuilder(Services):
    @property
    def has_report_builder(self) -> bool:  # type: ignore[override]
        return False


class WithoutScorebook(Services):
    @property
    def scorebook(self):  # type: ignore[no-untyped-def, override]
        raise PartUnavailableError("The occupation scorebook is not available in this installation.")


def client_for(services: Services) -> TestClient:
    return TestClient(create_app(services=services, config=TEST_CONFIG), raise_server_exceptions=False)


def test_without_the_report_builder_the_occupation_page_is_provisional_and_says_so():
    with client_for(WithoutReportBuilder(catalog=Catalog.fixture())) as c:
        page = c.get("/occupations/15-2051.00")
        body = c.get("/api/v1/occupations/15-2051.00").json()
    assert page.status_code == 200
    assert "Will AI replace Data Scientists?" in page.text
    assert "full occupation report is not available" in page.text
    assert body["kind"] == "provisional" and body["occupation"]["onet_soc_code"] == "15-2051.00"
    assert body["occupation"]["risk_score"] is not None and body["tasks"]


def test_without_scores_lists_and_reports_show_facts_and_a_notice():
    with client_for(WithoutScorebook(catalog=Catalog.fixture())) as c:
        listing = c.get("/api/v1/occupations").json()
        page = c.get("/occupations/43-9021.00")
        browse = c.get("/occupations")
    assert listing["total"] == 12 and "scores are not available" in listing["notice"]
    assert all(i["risk_score"] is None and i["score_status"] == "unavailable" for i in listing["items"])
    assert page.status_code == 200 and "scorebook is not available" in page.text
    assert browse.status_code == 200 and "scores are not available" in browse.text


def test_serve_command_documents_host_and_port():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output and "127.0.0.1" in result.output


def test_a_task_model_that_cannot_score_is_reported_as_unavailable_with_what_to_run():
    class ModelFromOtherCode:
        def score_texts(self, texts, onet_soc_codes=None):  # type: ignore[no-untyped-def]
            raise KeyError("oof_by_code_key")

    with pytest.raises(PartUnavailableError, match="cannot score tasks.*jobrisk build"):
        usable_task_model(ModelFromOtherCode(), "/data/models")


def test_a_working_task_model_is_accepted():
    model = fixture_task_model()
    assert usable_task_model(model, "/data/models") is model
