"""Occupations O*NET describes but lists no tasks for (the military ones) get action steps from
the duties their description names, or those of the occupations it points to."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from jobrisk.catalog.types import Occupation
from jobrisk.reports.occupation.duties import description_duties, duty_steps

CREW = Occupation(
    "55-3011.00",
    "Air Crew Members",
    "Perform in-flight duties. Duties include operating aircraft communications and detection "
    "equipment, including establishing satellite linkages; conducting preflight, in-flight, and "
    "postflight inspections of onboard equipment; executing aircraft safety and emergency "
    "procedures; and conducting cargo and personnel drops.",
    "55-3011",
    "55",
    None,
    0,
)
SUPERVISORS = Occupation(
    "55-2011.00",
    "First-Line Supervisors of Air Crew Members",
    "Supervise and coordinate the activities of air crew members. Supervisors may also perform "
    "the same activities as the workers they supervise.",
    "55-2011",
    "55",
    None,
    0,
)
OTHER = Occupation(
    "55-1019.00",
    "Military Officer Special and Tactical Operations Leaders, All Other",
    "All military officer special and tactical operations leaders not listed separately.",
    "55-1019",
    "55",
    None,
    0,
)
OFFICERS = Occupation(
    "55-1011.00",
    "Air Crew Officers",
    "Perform and direct in-flight duties. Duties include operating aircraft communications and "
    "radar equipment; operating aircraft weapons and defensive systems; and conducting preflight "
    "inspections.",
    "55-1011",
    "55",
    None,
    0,
)
ARTILLERY = Occupation(
    "55-3014.00",
    "Artillery and Missile Crew Members",
    "Target, fire, and maintain weapons. Duties include maintaining weapons; loading missiles; "
    "and operating fire control systems.",
    "55-3014",
    "55",
    None,
    0,
)
WEAPONS = Occupation(
    "55-2012.00",
    "First-Line Supervisors of Weapons Specialists/Crew Members",
    "Supervise and coordinate the activities of weapons specialists/crew members. Supervisors may "
    "also perform the same activities as the workers they supervise.",
    "55-2012",
    "55",
    None,
    0,
)
ALL = {o.onet_soc_code: o for o in (CREW, SUPERVISORS, OTHER, OFFICERS, ARTILLERY, WEAPONS)}


def test_the_duties_list_of_a_description_is_split_into_single_duties():
    duties = description_duties(CREW, ALL)
    assert duties is not None and duties.kind == "own" and duties.sources == ["Air Crew Members"]
    assert duties.duties == (
        "Operating aircraft communications and detection equipment, including establishing satellite linkages",
        "Conducting preflight, in-flight, and postflight inspections of onboard equipment",
        "Executing aircraft safety and emergency procedures",
        "Conducting cargo and personnel drops",
    )


def test_supervisors_take_the_duties_of_the_workers_they_supervise_and_say_so():
    duties = description_duties(SUPERVISORS, ALL)
    assert duties is not None and duties.sources == ["Air Crew Members"]
    steps = duty_steps(SUPERVISORS, duties)
    assert "only as supervising air crew members" in steps[0].text


def test_a_supervisor_without_a_title_match_takes_the_duties_of_the_workers_named_most_alike():
    """'Weapons Specialists/Crew Members' names no occupation; Artillery and Missile Crew Members
    shares most of its words (Air Crew Members has its own supervisor)."""
    duties = description_duties(WEAPONS, ALL)
    assert duties is not None and duties.kind == "supervised"
    assert duties.sources == ["Artillery and Missile Crew Members"]
    assert duties.duties[0] == "Maintaining weapons"
    assert "these are the duties it names for Artillery and Missile Crew Members" in duty_steps(WEAPONS, duties)[0].text


def test_an_all_other_occupation_takes_its_broad_group_s_duties_in_turn_and_names_whose():
    duties = description_duties(OTHER, ALL)
    assert duties is not None and duties.kind == "group" and duties.sources == ["Air Crew Officers"]
    steps = duty_steps(OTHER, duties)
    assert (
        "only as “all military officer special and tactical operations leaders not listed separately”" in steps[0].text
    )
    assert "the other occupations of its group: Air Crew Officers" in steps[0].text
    assert steps[0].items[0].label.startswith("Score the duty “operating aircraft communications and radar")


def test_without_the_app_duties_are_listed_without_links_and_the_steps_say_where_scoring_is_done():
    steps = duty_steps(CREW, description_duties(CREW, ALL), scorer_url=None, browse_url="../index.html")
    scored = [i for s in steps for i in s.items if i.label.startswith("Score")]
    assert scored and all(i.url is None for i in scored)
    assert "jobrisk serve" in steps[0].text and not any("jobrisk serve" in s.text for s in steps[1:])
    assert [i.url for s in steps for i in s.items if i.url] == ["../index.html"]


def test_every_step_has_an_item_and_duties_link_to_the_task_scorer():
    for occ in ALL.values():
        steps = duty_steps(occ, description_duties(occ, ALL))
        assert [s.kind for s in steps] == ["strengthen", "master_tools", "move_adjacent", "credentials", "reshape_work"]
        assert all(s.items for s in steps), occ.title
        assert all(i.url for s in steps for i in s.items)
    crew = duty_steps(CREW, description_duties(CREW, ALL))
    first = crew[0].items[0]
    assert first.label.startswith("Score the duty “operating aircraft communications")
    assert parse_qs(urlsplit(first.url).query)["task"] == [description_duties(CREW, ALL).duties[0]]
    assert "civilian" in crew[2].text
    other = duty_steps(OTHER, description_duties(OTHER, {OTHER.onet_soc_code: OTHER}))
    assert "only in general terms" in other[0].text and "Score each duty" not in other[0].text
