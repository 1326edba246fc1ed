"""Catalog questions about observed AI use (Anthropic Economic Index): :class:`ObservedUseQueries`.

A mixin of :class:`jobrisk.catalog.Catalog` (the SQL stays inside the catalog package).
Every method takes an optional ``release``; None means the latest release in the catalog.
"Not observed" is an absent record (None / missing key), never a zero.

    catalog.observed_use_releases()              -> [ObservedUseRelease, ...] (oldest first)
    catalog.latest_observed_release()            -> '2025-03-27' (None when the catalog has none)
    catalog.observed_task_use(code)              -> {task_id: ObservedTaskUse} for an occupation
    catalog.observed_use_of_text(text)           -> ObservedTaskUse | None (any task text)
    catalog.observed_occupation_use(code)        -> ObservedOccupationUse | None
    catalog.observed_task_ids(release)           -> frozenset of catalog task ids observed
    catalog.task_adoption(code)                  -> {task_id: TaskAdoption} (adoption estimate)
"""

from __future__ import annotations

from jobrisk.catalog import types as t
from jobrisk.catalog.integrity import CheckedConnection
from jobrisk.catalog.sql import where
from jobrisk.errors import NotFoundError

_USE_FIELDS = (
    "u.release, u.task_key, u.usage_share_pct, u.automation_share, u.directive, "
    "u.feedback_loop, u.task_iteration, u.validation, u.learning, u.filtered"
)


class ObservedUseQueries:
    _db: CheckedConnection

    def observed_use_releases(self) -> list[t.ObservedUseRelease]:
        rows = self._db.execute("SELECT * FROM observed_use_releases ORDER BY release")
        return [t.ObservedUseRelease(**r) for r in rows]

    def latest_observed_release(self) -> str | None:
        row = self._db.execute("SELECT MAX(release) FROM observed_use_releases").fetchone()
        return row[0]

    def _release(self, release: str | None) -> str | None:
        if release is None:
            return self.latest_observed_release()
        if self._db.execute("SELECT 1 FROM observed_use_releases WHERE release = ?", (release,)).fetchone() is None:
            known = ", ".join(r.release for r in self.observed_use_releases()) or "(none)"
            raise NotFoundError(f"No observed-use release {release!r} in the catalog; releases: {known}")
        return release

    def observed_task_use(
        self, onet_soc_code: str | None = None, release: str | None = None
    ) -> dict[int, t.ObservedTaskUse]:
        """{task_id: ObservedTaskUse} of the observed tasks (of one occupation, or all)."""
        chosen = self._release(release)
        if chosen is None:
            return {}
        sql = (
            f"SELECT l.task_id, l.join_method, {_USE_FIELDS} FROM observed_task_links l "
            "JOIN observed_task_use u ON u.release = l.release AND u.task_key = l.task_key"
        )
        clause, args = where(("l.release", chosen), ("l.onet_soc_code", onet_soc_code))
        out = {}
        for r in self._db.execute(sql + clause, args):
            fields = dict(r)
            task_id = fields.pop("task_id")
            out[task_id] = t.ObservedTaskUse(**fields)
        return out

    def observed_use_of_text(self, text: str, release: str | None = None) -> t.ObservedTaskUse | None:
        """The observed use of a task text (matched stripped and lower-cased), None if not observed."""
        from jobrisk.sources.readers.aei import task_key

        chosen = self._release(release)
        if chosen is None:
            return None
        row = self._db.execute(
            f"SELECT {_USE_FIELDS} FROM observed_task_use u WHERE u.release = ? AND u.task_key = ?",
            (chosen, task_key(text)),
        ).fetchone()
        return None if row is None else t.ObservedTaskUse(**row)

    def observed_occupation_use(self, onet_soc_code: str, release: str | None = None) -> t.ObservedOccupationUse | None:
        chosen = self._release(release)
        if chosen is None:
            return None
        row = self._db.execute(
            "SELECT * FROM observed_occupation_use WHERE release = ? AND onet_soc_code = ?", (chosen, onet_soc_code)
        ).fetchone()
        return None if row is None else t.ObservedOccupationUse(**row)

    def observed_task_ids(self, release: str | None = None) -> frozenset[int]:
        chosen = self._release(release)
        if chosen is None:
            return frozenset()
        return frozenset(
            r[0] for r in self._db.execute("SELECT task_id FROM observed_task_links WHERE release = ?", (chosen,))
        )

    def task_adoption(self, onet_soc_code: str | None = None) -> dict[int, t.TaskAdoption]:
        """{task_id: TaskAdoption} written by the adoption model step (empty before it ran)."""
        clause, args = where(("onet_soc_code", onet_soc_code))
        rows = self._db.execute("SELECT * FROM task_adoption" + clause, args)
        return {r["task_id"]: t.TaskAdoption(**{**dict(r), "observed": bool(r["observed"])}) for r in rows}
