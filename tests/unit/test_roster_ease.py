"""Observed AI use as evidence of ease: tasks people already do with AI count as established
tool readiness for their share of an opportunity's freed hours (docs/roster-audit.md)."""

from __future__ import annotations

import pytest

from jobrisk.app.roster_audit import gather_work, run_roster_audit
from jobrisk.app.roster_input import read_roster
from jobrisk.scoring.roster_priorities import MATURITY_READINESS, NO_TOOL_READINESS, ToolInfo, cluster_ease
from jobrisk.scoring.roster_work import WorkTotals


def _cluster(freed: float, observed: float, tool_hours: dict[str, float]) -> WorkTotals:
    c = WorkTotals.for_cluster()
    c.hours_freed_per_year, c.observed_freed_hours = freed, observed
    c.hours_exposed_per_year = freed * 2
    c.automation_hours = freed  # mean automation 0.5
    c.tool_hours.update(tool_hours)
    return c


def test_observed_use_raises_readiness_by_its_share_of_freed_hours():
    tools = {"early": ToolInfo("early", "Early tool", "early")}
    none_seen = cluster_ease(_cluster(100.0, 0.0, {"early": 100.0}), tools)
    half_seen = cluster_ease(_cluster(100.0, 50.0, {"early": 100.0}), tools)
    all_seen = cluster_ease(_cluster(100.0, 100.0, {}), tools)
    assert none_seen.tool_readiness == pytest.approx(MATURITY_READINESS["early"]) and none_seen.observed_share == 0
    assert half_seen.tool_readiness == pytest.approx(0.5 * 1.0 + 0.5 * MATURITY_READINESS["early"])
    assert half_seen.observed_share == 0.5 and half_seen.ease > none_seen.ease
    assert all_seen.tool_readiness == pytest.approx(1.0)
    # work neither matched by a tool category nor observed keeps the no-tool readiness
    assert cluster_ease(_cluster(100.0, 0.0, {}), tools).tool_readiness == pytest.approx(NO_TOOL_READINESS)
    assert cluster_ease(_cluster(0.0, 0.0, {}), tools).observed_share == 0.0


def test_tasks_are_marked_observed_from_the_catalog_and_reach_the_opportunities(audit_parts, catalog):
    code = "43-4051.00"  # customer service representatives: tasks seen in AI use in the fixture
    observed_ids = catalog.observed_task_ids()
    work = gather_work({code}, audit_parts)[code]
    by_text = {t.task: t.task_id for t in catalog.tasks(code)}
    flags = [(t.observed, by_text[t.text] in observed_ids) for t in work.tasks]
    assert flags and all(a == b for a, b in flags) and any(a for a, _ in flags)
    report = run_roster_audit(read_roster(b"title,headcount\nCustomer Service Representative,10\n"), audit_parts)
    shares = [o.ease.observed_share for o in report.opportunities]
    assert any(s > 0 for s in shares) and all(0.0 <= s <= 1.0 for s in shares)
    d = report.as_dict()["opportunities"][0]["ease_parts"]
    assert 0.0 <= d["observed_use_share"] <= 1.0
