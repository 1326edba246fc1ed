"""The career audit use case on the fixture catalog: the personal score, the input rules, renderings."""

from __future__ import annotations

import json
import re

import pytest

from jobrisk.app.career_audit import audit_career, run_career_audit
from jobrisk.catalog import Catalog
from jobrisk.errors import InputError, InputTooLargeError, NotFoundError
from jobrisk.reports.career.html import render_html, render_pdf
from jobrisk.reports.career.markdown import render_markdown
from jobrisk.reports.career.profile import CareerProfile, decode_profile, encode_profile, parse_profile
from jobrisk.app.services import Services

CODE = "43-4051.00"  # Customer Service Representatives (in the fixture)
HOSTILE = "Reply to <script>alert('x')</script> tickets | **bold** [link](http://evil) =HYPERLINK(\"x\")"


@pytest.fixture(scope="module")
def services() -> Services:
    from jobrisk.models.task_exposure import train_model

    catalog = Catalog.fixture()
    return Services(catalog=catalog, task_model=train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1))


def _audit(services, **fields):
    return run_career_audit(services, CareerProfile(onet_soc_code=CODE, **fields))


def _defaults(services):
    return {t.task_id: t for t in services.scorebook.tasks(CODE)}


def test_default_profile_reproduces_the_occupation_score_exactly(services):
    audit = _audit(services)
    occupation = services.scorebook.score(CODE)
    p = audit.personal
    assert (p.risk_score, p.risk_low, p.risk_high, p.band) == (
        occupation.risk_score,
        occupation.risk_low,
        occupation.risk_high,
        occupation.band,
    )
    assert (p.exposure, p.automation, p.complementarity) == (
        occupation.exposure_share,
        occupation.automation,
        occupation.complementarity,
    )
    assert audit.occupation.risk_score == occupation.risk_score
    assert audit.difference.risk_points == 0.0 and audit.notices == []


def _with_share_of_most_exposed(services, factor):
    tasks = _defaults(services)
    top = max(tasks.values(), key=lambda t: t.exposure)
    shares = [{"task_id": t.task_id, "share": t.time_share * (factor if t is top else 1.0)} for t in tasks.values()]
    return _audit(services, tasks=shares)


def test_raising_the_most_exposed_tasks_share_raises_the_score_and_lowering_lowers_it(services):
    base = services.scorebook.score(CODE).risk_score
    assert _with_share_of_most_exposed(services, 3.0).personal.risk_score > base
    assert _with_share_of_most_exposed(services, 0.2).personal.risk_score < base


def test_removing_every_exposed_task_scores_below_the_occupation(services):
    occupation = services.scorebook.score(CODE)
    kept = [t for t in _defaults(services).values() if t.exposure < occupation.exposure_share]
    audit = _audit(services, tasks=[{"task_id": t.task_id, "share": t.time_share} for t in kept])
    assert 0 < len(kept) < len(_defaults(services))
    assert audit.personal.risk_score < occupation.risk_score
    assert audit.difference.risk_points < 0
    assert any("scaled to 100%" in n for n in audit.notices)  # the kept shares no longer sum to 1
    left_out = [r for r in audit.task_mix if r.share == 0]  # the chart shows what was removed too
    assert len(left_out) == len(_defaults(services)) - len(kept) and all(r.default_share for r in left_out)


def test_difference_is_split_over_tasks_and_adds_up(services):
    audit = _with_share_of_most_exposed(services, 3.0)
    d = audit.difference
    total = sum(s.risk_points_change for s in d.shifts) + d.other_tasks_points + d.other_points
    assert total == pytest.approx(d.risk_points)
    assert abs(d.other_points) < 0.5  # the per-task split explains the difference


def test_percent_shares_are_read_as_percent_and_free_text_is_scored_with_its_confidence(services):
    first = next(iter(_defaults(services)))
    audit = _audit(
        services,
        tasks=[{"task_id": first, "share": 60}, {"text": "Answer customer emails about late orders", "share": 40}],
    )
    assert "Shares were read as percentages." in audit.notices
    shares = sorted(round(t.share, 6) for t in audit.tasks)
    assert shares == [0.4, 0.6]
    free = next(t for t in audit.tasks if t.source == "free_text")
    assert free.task_id is None and 0 <= free.confidence <= 1 and free.provenance == "model(free text)"


@pytest.mark.parametrize(
    "tasks, message", [([], "No task left"), ([{"task_id": 1, "share": 0.0}], "not among the O\\*NET tasks")]
)
def test_bad_task_lists_are_refused_with_the_reason(services, tasks, message):
    with pytest.raises(InputError, match=message):
        _audit(services, tasks=tasks)


def test_zero_shares_everywhere_leave_no_task(services):
    first = next(iter(_defaults(services)))
    with pytest.raises(InputError, match="No task left"):
        _audit(services, tasks=[{"task_id": first, "share": 0}])


def test_unknown_task_id_and_code_are_named(services):
    with pytest.raises(InputError, match="Task id 999999999 is not among"):
        _audit(services, tasks=[{"task_id": 999999999, "share": 1}])
    with pytest.raises(NotFoundError, match="'99-9999.99'"):
        run_career_audit(services, CareerProfile(onet_soc_code="99-9999.99"))


def test_unknown_skill_is_named_with_a_suggestion(services):
    with pytest.raises(InputError, match=r"'Writting' \(did you mean 'Writing'\?\)"):
        _audit(services, skills=["Writting"])


def test_profile_limits_are_clear_errors():
    with pytest.raises(InputError, match="at most 100 tasks; got 101"):
        parse_profile(json.dumps({"onet_soc_code": CODE, "tasks": [{"text": "x", "share": 1}] * 101}), "json")
    with pytest.raises(InputError, match="at most 500 characters; got 501"):
        parse_profile(json.dumps({"onet_soc_code": CODE, "tasks": [{"text": "a" * 501, "share": 1}]}), "json")
    with pytest.raises(InputError, match="needs a 'share'"):
        parse_profile("onet_soc_code: 43-4051.00\ntasks:\n  - text: Answer emails\n", "yaml")
    with pytest.raises(InputError, match="job 'title' or an 'onet_soc_code'"):
        parse_profile("{}", "json")
    with pytest.raises(InputError, match="unexpected_field: Extra inputs are not permitted"):
        parse_profile('{"onet_soc_code": "43-4051.00", "unexpected_field": 1}', "json")
    with pytest.raises(InputError, match="not valid YAML"):
        parse_profile("tasks: [unclosed", "yaml")
    with pytest.raises(InputTooLargeError):
        parse_profile(b" " * 1_000_001, "json")


def test_yaml_and_json_profiles_read_the_same():
    as_json = parse_profile('{"onet_soc_code": "43-4051.00", "tasks": [{"task_id": 5, "share": 0.5}]}', "json")
    as_yaml = parse_profile("onet_soc_code: 43-4051.00\ntasks:\n  - {task_id: 5, share: 0.5}\n", "yaml")
    assert as_json == as_yaml


def test_share_link_round_trips_and_refuses_damage():
    profile = CareerProfile(onet_soc_code=CODE, tasks=[{"text": HOSTILE, "share": 1}], annual_pay_usd=50000)
    token = encode_profile(profile)
    assert token and decode_profile(token) == profile
    with pytest.raises(InputError, match="damaged"):
        decode_profile(token[:-5] + "AAAAA")


def test_hostile_text_is_escaped_in_html_and_markdown_and_kept_verbatim_in_json(services):
    first = next(iter(_defaults(services)))
    audit = _audit(services, tasks=[{"task_id": first, "share": 0.5}, {"text": HOSTILE, "share": 0.5}])
    html = render_html(audit)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    md = render_markdown(audit)
    assert "<script>" not in md and "\\<script\\>" in md and "\\[link\\]" in md
    assert json.loads(audit.model_dump_json())["tasks"][1]["text"] in (HOSTILE, audit.tasks[1].text)
    assert HOSTILE in [t.text for t in audit.tasks]


def test_pdf_renders_every_section_over_several_pages(services):
    from weasyprint import HTML

    audit = _audit(services, annual_pay_usd=40000)
    pdf = render_pdf(audit)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    document = HTML(string=render_html(audit)).render()
    assert len(document.pages) >= 2
    text = "".join(box.text for page in document.pages for box in _texts(page._page_box))
    for heading in ("Your AI risk from your own tasks", "Career moves", "Your 30/90-day plan"):
        assert heading in text


def _texts(box):
    if hasattr(box, "text"):
        yield box
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def test_plan_items_name_their_data_and_moves_pass_the_screens(services):
    audit = _audit(services)
    for item in audit.plan.days_30 + audit.plan.days_90:
        assert item.evidence and all(e.strip() for e in item.evidence)
    screening = audit.transition_screening
    for move in audit.transitions:
        assert move.similarity >= screening.viable_similarity
        assert move.risk_high < audit.personal.risk_low
        assert abs(move.job_zone_difference) <= screening.max_job_zone_difference
        assert move.median_wage_usd >= screening.min_pay_ratio * screening.current_pay_usd


def test_library_function_takes_a_mapping_or_a_file(services, tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text(f"onet_soc_code: {CODE}\nannual_pay_usd: 45000\n")
    from_file = audit_career(path, services=services)
    from_dict = audit_career({"onet_soc_code": CODE, "annual_pay_usd": 45000}, services=services)
    assert from_file.personal == from_dict.personal
    assert from_file.transition_screening.current_pay_usd == 45000


def test_drivers_and_tasks_say_whether_ai_is_already_used_for_them(services):
    audit = _audit(services)
    observed = services.catalog.observed_task_use(CODE)
    assert observed, "the fixture has observed tasks for this occupation"
    by_id = {t.task_id: t for t in audit.tasks}
    for task_id, use in observed.items():
        if task_id in by_id:
            ref = by_id[task_id].observed_use
            assert ref is not None and ref.release == use.release == "2025-03-27"
            assert ref.share_pct == round(use.usage_share_pct, 4)
    assert any(t.observed_use is None for t in audit.tasks)  # not observed stays None, never zero
    for d in audit.drivers:
        assert "Already in use? " in d.why
        assert (d.observed_use is not None) == ("Yes: seen in AI use" in d.why)
    assert any("one AI product's users" in c for c in audit.caveats)
    assert "seen in AI use (2025-03-27)" in render_markdown(audit)


def test_free_text_is_looked_up_in_observed_use_by_its_words(services):
    use = next(iter(services.catalog.observed_task_use(CODE).values()))
    seen_text = next(
        t.task
        for t in services.catalog.tasks(CODE)
        if t.task_id in services.catalog.observed_task_use(CODE)
        and services.catalog.observed_task_use(CODE)[t.task_id] == use
    )
    audit = _audit(
        services,
        tasks=[
            {"text": seen_text.upper(), "share": 0.5},
            {"text": "Juggle flaming torches for the night shift", "share": 0.5},
        ],
    )
    free = {t.text: t for t in audit.tasks}
    assert free[seen_text.upper()].observed_use is not None
    assert free["Juggle flaming torches for the night shift"].observed_use is None


def test_the_biggest_change_never_contradicts_the_direction_of_the_total():
    from jobrisk.reports.career.build import _biggest_change
    from jobrisk.reports.career.model import TaskShift

    up = TaskShift(task_id=None, text="Tune models", share=0.2, default_share=0.0, risk_points_change=8.0)
    assert _biggest_change(up, 3.0).startswith("The biggest single reason: “Tune models” (+8.0 points, 20% of your")
    against = _biggest_change(up, -1.3)
    assert "raises it by 8.0 points; the rest of your answers lower it by more." in against
    assert "reason" not in against


def test_plan_text_names_tools_without_element_ids(services):
    audit = _audit(services)
    learn = [item for item in audit.plan.days_30 if item.kind == "learn_tool"]
    assert learn
    for item in learn:
        assert not re.search(r"\(\d\.[A-Z]\.\d", item.detail), item.detail  # no (4.A.3.b.1...) in the text
        assert any(e.startswith("jobrisk's tool category “") for e in item.evidence), item.evidence
        assert item.label[len("Learn ") :][:1].islower() or item.label.split()[1][1:2].isupper()


def test_prepare_audits_builds_the_occupation_space_the_audits_then_share():
    """The web app's warm-up builds the space once; both audits then use that same object."""
    from jobrisk.app.roster_audit import AuditParts
    from jobrisk.app.transition_space import _SPACES, cached_transition_space

    catalog = Catalog.fixture()
    services = Services(catalog=catalog)
    assert catalog not in _SPACES
    services.prepare_audits()
    assert catalog in _SPACES  # built now, not when the first audit asks
    built = cached_transition_space(catalog, services.scorebook)
    assert built.codes and set(built.codes) <= {o.onet_soc_code for o in catalog.occupations()}
    parts = AuditParts(catalog, services.scorebook, None)
    assert parts.transition_space is built


def test_a_free_text_task_is_explained_by_labelled_tasks_about_the_same_work(services):
    from jobrisk.reports.career.markdown import render_markdown

    audit = _audit(services, tasks=[{"text": "Answer customer emails about late orders", "share": 1}])
    free = next(t for t in audit.tasks if t.source == "free_text")
    assert free.same_work or any("none is shown" in n for n in free.explanation_notes)
    for n in free.same_work:
        assert n.label in {"E0", "E1", "E2"} and n.shared_words and n.source in {"onet", "modern"}
        assert n.source_label == ("O*NET task" if n.source == "onet" else "from jobrisk's labelled modern tasks")
    text = render_markdown(audit)
    assert "### Why your own tasks score as they do" in text and "Answer customer emails about late orders" in text
