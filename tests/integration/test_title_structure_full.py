"""Structure rules of the title coder on the full catalog: roles, software and digital context."""

from __future__ import annotations

import pytest

from jobrisk.models.title_coder import TitleCoder

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def coder(full_catalog, built_settings) -> TitleCoder:
    return TitleCoder.from_catalog(full_catalog, built_settings)


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Carpenter Apprentice", "47-3012.00"),  # Helpers--Carpenters, not the electricians' helpers
        ("Pipefitter Helper", "47-3015.00"),  # the helper, although O*NET files the title under the trade
        ("Video Game Tester", "15-1253.00"),  # a tester, not the designer
        ("Physical Therapist Assistant - Outpatient", "31-2021.00"),
        ("Assistant to the Dean of Students", "43-6011.00"),  # the person served says which assistant
        ("Journeyman Pipefitter", "47-2152.00"),  # qualified in the trade, not its helper
        ("Workday HCM Analyst", "15-1211.00"),  # a role at a software product
        ("Oracle Developer", "15-1252.00"),  # the product is also an employer name
        ("Software Engineer (AWS)", "15-1252.00"),  # a known title keeps its reading
    ],
)
def test_the_head_of_a_title_is_its_job(coder, title, code):
    match = coder.code(title)
    assert match.status == "matched" and match.onet_soc_code == code, match


@pytest.mark.parametrize(
    "title", ["Generative AI Engineer", "Data Pipeline Engineer", "Security Officer - Cyber Defense"]
)
def test_software_and_digital_titles_stay_out_of_physical_and_protective_codes(coder, title):
    match = coder.code(title)
    assert match.candidates
    assert all(
        c.onet_soc_code[:3] not in {"17-", "33-", "47-", "49-", "51-", "53-", "55-"} for c in match.candidates
    ), match
    assert match.candidates[0].onet_soc_code.startswith(("15-", "11-", "13-"))
