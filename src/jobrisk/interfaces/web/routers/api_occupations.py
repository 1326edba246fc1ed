"""JSON API for occupations: the report object, the paginated list, major groups, comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jobrisk.interfaces.web.deps import get_directory
from jobrisk.interfaces.web.errors import ERROR_RESPONSES
from jobrisk.interfaces.web.schemas import CompareResult, MajorGroup, OccupationPage
from jobrisk.interfaces.web.views import MAX_PER_PAGE, SORT_KEYS, OccupationDirectory, parse_codes
from jobrisk.reports.occupation import OccupationReport

router = APIRouter(prefix="/api/v1", tags=["occupations"])

_CODE = r"\s*\d{2}-\d{4}\.\d{2}\s*"
#: What compare accepts: two or three comma-separated codes (checked when the request is parsed)...
COMPARE_CODES_PATTERN = rf"^{_CODE}(,{_CODE}){{1,2}}$"
#: ... and different ones (checked by the compare itself), which the schema says with a look-ahead
#: the request parser's regular expressions do not support: no code may appear twice.
COMPARE_CODES_SCHEMA_PATTERN = r"^(?![\s\S]*(\d{2}-\d{4}\.\d{2})[\s\S]*\1)" + COMPARE_CODES_PATTERN[1:]

CODE_PATTERN = r"^\d{2}-\d{4}\.\d{2}$"
CodePath = Path(..., pattern=CODE_PATTERN, description="O*NET-SOC code, e.g. 15-2051.00", examples=["15-2051.00"])
if TYPE_CHECKING:
    SortKey = str
else:  # the sort keys of the list, as a Literal (OpenAPI lists them)
    SortKey = Literal[tuple(SORT_KEYS)]


def json_bytes(body: bytes) -> Response:
    return Response(body, media_type="application/json")


@router.get(
    "/occupations/{onet_soc_code}",
    summary="An occupation's report object",
    response_class=Response,
    responses={200: {"model": OccupationReport, "description": "The occupation report"}, **ERROR_RESPONSES},
)
async def occupation_report(request: Request, onet_soc_code: str = CodePath) -> Response:
    pages = request.app.state.occupation_pages
    body = pages.cached_json(onet_soc_code)
    if body is None:
        body = await run_in_threadpool(pages.json, onet_soc_code)
    return json_bytes(body)


@router.get(
    "/occupations", response_model=OccupationPage, summary="Occupations with their scores", responses=ERROR_RESPONSES
)
def list_occupations(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    sort: SortKey = Query("risk_score", description="Field to sort by"),
    order: Literal["asc", "desc"] | None = Query(None, description="Default: desc for numbers, asc for text"),
    major_group: str | None = Query(None, pattern=r"^\d{2}$", description="SOC major group, e.g. 15"),
    band: str | None = Query(None, max_length=40, description="Risk band, e.g. High"),
    q: str | None = Query(None, max_length=200, description="Words in the occupation title"),
    directory: OccupationDirectory = Depends(get_directory),
) -> OccupationPage:
    return directory.page(
        page=page,
        per_page=per_page,
        sort=sort,
        order=order,
        major_group=major_group,
        band=band,
        q=q,
        base_path=request.url.path,
    )


@router.get("/major-groups", response_model=list[MajorGroup], summary="SOC major groups")
def major_groups(directory: OccupationDirectory = Depends(get_directory)) -> list[MajorGroup]:
    return directory.major_groups()


@router.get(
    "/compare", response_model=CompareResult, summary="Two or three occupations side by side", responses=ERROR_RESPONSES
)
def compare(
    codes: str = Query(
        ...,
        max_length=40,
        pattern=COMPARE_CODES_PATTERN,
        description="Two or three different comma-separated O*NET-SOC codes "
        "(one code, four or more, or a repeated code get 422)",
        examples=["15-2051.00,43-9021.00"],
        json_schema_extra={"pattern": COMPARE_CODES_SCHEMA_PATTERN},
    ),
    directory: OccupationDirectory = Depends(get_directory),
) -> CompareResult:
    return directory.compare(parse_codes(codes), repeats_allowed=False)
