"""Occupations O*NET describes but lists no tasks for (the military ones) get action steps from
the duties their description names."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from jobrisk.catalog.types import Occupation
from jobrisk.reports.occupation.duties import description_duties, duty_steps

CREW = Occupation("55-3011.00", "Air Crew Members",
                  "Perform in-flight duties. Duties include operating aircraft communications and detection "
                  "equipment, including establishing satellite linkages; conducting preflight, in-flight, and "
                  "postflight inspections of onboard equipment; executing aircraft safety and emergency "
                  "procedures; and conducting cargo and personnel drops.", "55-3011", "55", None, 0)
SUPERVISORS = Occupation("55-2011.00", "First-Line Supervisors of Air Crew Members",
                         "Supervise and coordinate the activities of air crew members. Supervisors may also perform "
                         "the same activities as the workers they supervise.", "55-2011", "55", None, 0)
OTHER = Occupation("55-1019.00", "Military Officer Special and Tactical Operations Leaders, All Other",
                   "All military officer special and tactical operations leaders not listed separately.",
                   "55-1019", "55", None, 0)
ALL = {o.onet_soc_code: o for o in (CREW, SUPERVISORS, OTHER)}


def test_the_duties_list_of_a_description_is_split_into_single_duties():
    duties = description_duties(CREW, ALL)
    assert duties is not None and duties.source_code == CREW.onet_soc_code
    assert duties.duties == (
        "Operating aircraft communications and detection equipment, including establishing satellite linkages",
        "Conducting preflight, in-flight, and postflight inspections of onboard equipment",
        "Executing aircraft safety and emergency procedures",
        "Conducting cargo and personnel drops")


def test_supervisors_take_the_duties_of_the_workers_they_supervise_and_say_so():
    duties = description_duties(SUPERVISORS, ALL)
    assert duties is not None and duties.source_title == "Air Crew Members"
    steps = duty_steps(SUPERVISORS, duties)
    assert "only as supervising Air Crew Members" in steps[0].text


def test_every_step_has_an_item_and_duties_link_to_the_task_scorer():
    for occ in ALL.values():
        steps = duty_steps(occ, description_duties(occ, ALL))
        assert [s.kind for s in steps] == ["strengthen", "master_tools", "move_adjacent", "credentials",
                                           "reshape_work"]
        assert all(s.items for s in steps), occ.title
        assert all(i.url for s in steps for i in s.items)
    crew = duty_steps(CREW, description_duties(CREW, ALL))
    first = crew[0].items[0]
    assert first.label.startswith("Score the duty “operating aircraft communications")
    assert parse_qs(urlsplit(first.url).query)["task"] == [description_duties(CREW, ALL).duties[0]]
    assert "civilian" in crew[2].text
    other = duty_steps(OTHER, None)
    assert "only in general terms" in other[0].text and "Score each duty" not in other[0].text
