"""The same-work test of explanations (pure parts: no model)."""

from __future__ import annotations

import hashlib

from jobrisk.models.task_exposure.explanation import SameWork, first_stem, read_modern_tasks, stem


def test_stem_puts_the_forms_of_a_word_together():
    assert stem("schedules") == stem("scheduling") == stem("scheduled") == stem("schedule")
    assert stem("Models") == stem("model") and stem("policies") == stem("policy")
    assert stem("class") == "class"  # a double s is not a plural


def test_a_shared_verb_alone_is_not_the_same_work_and_a_shared_object_is():
    test = SameWork(["Tune or overhaul engines.", "Tune musical instruments.", "Develop mathematical models."])
    text = "Tune hyperparameters of gradient boosted models"
    mine, verb = test.telling(text), first_stem(text)
    assert verb == "tun"
    assert test.shared(mine, verb, test.telling("Tune or overhaul engines.")) == ()
    assert test.shared(mine, verb, test.telling("Develop mathematical models.")) == ("models",)
    assert test.shared(mine, verb, test.telling("Tune the gradient boosting models")) == (
        "gradient",
        "boosted",
        "models",
    )


def test_words_most_labelled_statements_have_are_not_telling():
    statements = [f"Inspect equipment number {i}" for i in range(40)] + ["Repair the boiler"] * 60
    test = SameWork(statements)
    assert "equipment" not in test.telling("Clean the equipment") and "inspect" not in test.telling("Inspect it")
    mine = test.telling("Order parts for the equipment")
    assert test.shared(mine, first_stem("Order parts"), test.telling("Inspect equipment number 3")) == ()


def test_short_and_stop_words_never_count_and_products_count_as_a_kind():
    test = SameWork(["Write reports."])
    mine = test.telling("Run the API in Docker", products=["Application server software"])
    assert "api" not in mine and "the" not in mine
    theirs = test.telling("Ship containers with Kubernetes", products=["Application server software"])
    assert test.shared(mine, first_stem("Run"), theirs) == ("application server software",)


def test_modern_tasks_are_read_only_when_they_are_the_rows_the_model_was_trained_on(tmp_path):
    path = tmp_path / "modern.csv"
    path.write_text(
        "task,onet_soc_code,occupation,domain,label\n"
        "Rotate the API keys,15-1244.00,Network administrators,IT,E2\n"
        "Rotate the tires,49-3023.00,Automotive technicians,trades,E0\n",
        encoding="utf-8",
    )
    digest = hashlib.sha256(b"Rotate the API keys\t15-1244.00\tE2\nRotate the tires\t49-3023.00\tE0\n").hexdigest()
    rows = read_modern_tasks(digest, 2, path)
    assert rows is not None and rows.label == ["E2", "E0"] and rows.occupation[1] == "Automotive technicians"
    assert read_modern_tasks(digest, 3, path) is None  # another count
    assert read_modern_tasks("0" * 64, 2, path) is None  # another file
    assert read_modern_tasks("", 2, path) is None  # a model that records no checksum
