"""PROVISIONAL occupation report, shown only while ``jobrisk.reports.occupation`` is unavailable.

The real report object (``OccupationReport``) and its page (``templates/occupation.html``)
belong to the report builder; this module keeps the occupation page and its JSON twin working
from the scorebook and the catalog alone until that builder is installed, or when it fails
for one occupation. It is replaced by, not merged with, the real report.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from jobrisk.interfaces.web.schemas import OccupationRow
from jobrisk.interfaces.web.views import OccupationDirectory
from jobrisk.services import Services


class ProvisionalTask(BaseModel):
    task_id: int
    task: str
    task_type: str | None = None
    exposure: float | None = Field(None, description="0-1; null when the task has no exposure record")
    automation: float | None = None
    provenance: str | None = Field(None, description="'human', 'gpt4' or 'model'")


class ProvisionalRelated(BaseModel):
    onet_soc_code: str
    title: str
    url: str


class ProvisionalReport(BaseModel):
    """The occupation's facts and score, without the full report's narrative and sections."""

    kind: str = "provisional"
    occupation: OccupationRow
    description: str
    tasks: list[ProvisionalTask]
    related: list[ProvisionalRelated]
    notice: str


def build_provisional_report(services: Services, directory: OccupationDirectory, code: str,
                             reason: str) -> ProvisionalReport:
    row = directory.row(code)
    catalog = services.catalog
    with services.catalog_lock:
        occupation = catalog.occupation(code)
        exposures = {e.task_id: e for e in catalog.task_exposures(code)}
        tasks = catalog.tasks(code)
        related = catalog.related_occupations(code)
    task_rows = []
    for task in tasks:
        exp = exposures.get(task.task_id)
        task_rows.append(ProvisionalTask(
            task_id=task.task_id, task=task.task, task_type=task.task_type,
            exposure=exp.exposure if exp else None, automation=exp.automation if exp else None,
            provenance=exp.provenance if exp else None))
    task_rows.sort(key=lambda t: (t.exposure is None, -(t.exposure or 0.0)))
    notice = reason if directory.notice is None else f"{reason} {directory.notice}"
    return ProvisionalReport(
        occupation=row, description=occupation.description, tasks=task_rows,
        related=[ProvisionalRelated(onet_soc_code=r.onet_soc_code, title=r.title,
                                    url=f"/occupations/{r.onet_soc_code}") for r in related[:10]],
        notice=notice)
