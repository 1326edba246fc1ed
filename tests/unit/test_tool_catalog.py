"""The curated AI tool-category catalog and its matching to O*NET tasks and software."""

import pytest

from jobrisk.catalog.types import Dwa, Task, Technology
from jobrisk.errors import DataError
from jobrisk.reports.tools import load_tool_catalog, match_occupation, match_task, match_technology


@pytest.fixture(scope="module")
def tools():
    return load_tool_catalog()


def _match(catalog, tools, code):
    tasks = catalog.tasks(code)
    total = sum(t.type_weight for t in tasks)
    shares = {t.task_id: t.type_weight / total for t in tasks}
    return match_occupation(tasks, catalog.task_dwas(code), catalog.technology(code), tools, shares)


def test_packaged_catalog_is_versioned_with_unique_ids_and_example_products(tools):
    assert tools.version and tools.catalog_date
    ids = [c.id for c in tools.categories]
    assert len(ids) == len(set(ids)) >= 20
    for wanted in (
        "code_assistants",
        "automl",
        "experiment_tracking",
        "document_extraction",
        "speech_transcription",
        "translation",
        "text_generation",
        "image_generation",
        "video_audio_generation",
        "rpa_workflow",
        "customer_service_agents",
        "forecasting",
        "cv_inspection",
        "autonomous_vehicles",
        "robotics",
    ):
        assert wanted in ids
    assert all(c.example_products and c.description and c.automates for c in tools.categories)
    assert all(c.dwa_ids or c.iwa_ids or c.task_patterns for c in tools.categories)


def test_catalog_missing_a_field_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "tools.toml"
    path.write_text('version = "1"\ncatalog_date = "2026-01"\n[[category]]\nid = "x"\nname = "X"\n')
    with pytest.raises(DataError, match="lacks field.*description"):
        load_tool_catalog(path)


def test_catalog_with_malformed_onet_id_is_refused(tmp_path):
    path = tmp_path / "tools.toml"
    path.write_text(
        'version = "1"\ncatalog_date = "2026-01"\n[[category]]\nid = "x"\nname = "X"\n'
        'description = "d"\nautomates = "a"\nexample_products = ["P"]\ndwa_ids = ["4.A.2"]\n'
        "iwa_ids = []\ntask_patterns = []\ntechnology_commodity_codes = []\ntechnology_keywords = []\n"
    )
    with pytest.raises(DataError, match="malformed O\\*NET ids: 4.A.2"):
        load_tool_catalog(path)


def test_task_matches_through_its_detailed_work_activity_first(tools):
    task = Task(1, "15-2051.00", "Write new functions in programming languages.", "Core", 2.0)
    dwa = Dwa(
        "4.A.3.b.1.I01.D03",
        "Write computer programming code.",
        "4.A.3.b.1.I01",
        "Program computer systems or production equipment.",
        "4.A.3.b.1",
    )
    matches = {m.category_id: m for m in match_task(task, [dwa], tools)}
    assert matches["code_assistants"].via == "dwa"
    assert "Write computer programming code" in matches["code_assistants"].reason
    assert "4.A.3.b.1.I01.D03" in matches["code_assistants"].reason


def test_words_alone_do_not_match_a_task_to_a_tool_category(tools):
    task = Task(2, "43-9021.00", "Transcribe dictated notes from recordings.", None, 1.5)
    assert "speech_transcription" not in {m.category_id for m in match_task(task, [], tools)}


def test_words_backed_by_a_work_activity_of_the_same_family_match_and_say_both(tools):
    task = Task(3, "15-2051.00", "Apply feature selection algorithms to models predicting sales.", "Core", 2.0)
    dwa = Dwa(
        "4.A.2.a.4.I11.D99", "Analyze sales data.", "4.A.2.a.4.I11", "Analyze business or financial data.", "4.A.2.a.4"
    )
    matches = {m.category_id: m for m in match_task(task, [dwa], tools)}
    assert matches["automl"].via == "task_words"
    assert "feature selection" in matches["automl"].reason
    assert "Analyze business or financial data" in matches["automl"].reason


def test_a_truck_s_cab_computer_is_not_a_self_driving_vehicle(tools):
    comms = Dwa(
        "4.A.3.a.3.I10.D01",
        "Operate communications equipment.",
        "4.A.3.a.3.I10",
        "Operate communications equipment or systems.",
        "4.A.3.a.3",
    )
    radios = Task(
        4,
        "53-3032.00",
        "Operate equipment, such as truck cab computers, CB radios, phones, or global "
        "positioning systems (GPS) equipment to exchange necessary information with other drivers.",
        "Core",
        2.0,
    )
    assert "autonomous_vehicles" not in {m.category_id for m in match_task(radios, [comms], tools)}
    drive = Dwa(
        "4.A.3.a.4.I01.D03",
        "Drive trucks or truck-mounted equipment.",
        "4.A.3.a.4.I01",
        "Operate transportation equipment or vehicles.",
        "4.A.3.a.4",
    )
    trucks = Task(5, "53-3032.00", "Drive trucks with capacities greater than 13 tons.", "Core", 2.0)
    assert "autonomous_vehicles" in {m.category_id for m in match_task(trucks, [drive], tools)}


def test_a_word_in_a_broad_family_of_work_is_not_enough(tools):
    """'laboratory' in a nurse's task filed under patient diagnostics: same generalized work
    activity as lab testing of materials, but not the IWA of any lab-automation DWA."""
    diagnostics = Dwa(
        "4.A.1.b.2.I01.D05",
        "Conduct diagnostic tests to determine patient health.",
        "4.A.1.b.2.I01",
        "Administer diagnostic tests to assess patient health.",
        "4.A.1.b.2",
    )
    tests = Task(6, "29-1141.00", "Conduct specified laboratory tests.", "Core", 2.0)
    assert "lab_science_ai" not in {m.category_id for m in match_task(tests, [diagnostics], tools)}


def test_short_software_keywords_match_whole_names_only(tools):
    tech = [
        Technology("technology", name, "43232405", "Object or component oriented development software", False, False)
        for name in ("R", "Ruby", "RStudio")
    ]
    named = {
        m.example
        for m in match_technology(tech, tools)
        if m.via == "keyword" and m.category_id == "data_analysis_assistants"
    }
    assert named == {"R"}


def test_data_scientists_get_automl_with_a_reason_from_tasks_and_software(catalog, tools):
    matches = {m.category.id: m for m in _match(catalog, tools, "15-2051.00")}
    assert "automl" in matches
    automl = matches["automl"]
    assert automl.task_matches and automl.technology_matches
    assert any(t.example in ("PyTorch", "TensorFlow", "Scikit-learn") for t in automl.technology_matches)


def test_roofers_get_no_code_or_text_tools(catalog, tools):
    ids = {m.category.id for m in _match(catalog, tools, "47-2181.00")}
    assert not ids & {"code_assistants", "automl", "text_generation"}


def test_interpreters_get_translation_first(catalog, tools):
    matches = _match(catalog, tools, "27-3091.00")
    assert matches[0].category.id == "translation"


def test_occupation_ranking_is_deterministic(catalog, tools):
    first = [(m.category.id, m.task_time_share) for m in _match(catalog, tools, "43-4051.00")]
    assert first == [(m.category.id, m.task_time_share) for m in _match(catalog, tools, "43-4051.00")]
    # categories are ranked by the task time they reach
    assert [r for _, r in first] == sorted((r for _, r in first), reverse=True)
