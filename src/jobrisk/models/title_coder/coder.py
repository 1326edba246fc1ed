"""The :class:`TitleCoder` facade: a typed job title in, an O*NET occupation (or "not sure") out.

Flow for one title: :func:`.normalize.clean_title` -> spelling fixed against the index
vocabulary -> structure (:mod:`.structure`: head-first dash titles flipped, gig platforms,
executives of a function, military / digital context, generic titles) -> fast paths: a
curated alias, or an O*NET title with the same words (occupations sharing it ordered by a
tempered workforce posterior) -> otherwise index hits (TF-IDF + rapidfuzz, embeddings, title
parts; optional duties text) -> learned re-ranker -> calibrated confidence -> ``matched`` at
or above the threshold, ``uncertain`` below it (candidates still shown, and the SOC group they
share when they share one), ``unknown`` when the input cannot be coded at all (with the reason).
A department (roster column) is used as context for titles that are unsure alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Unpack

import numpy as np

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder.aliases import TitleKnowledge
from jobrisk.models.title_coder.building import (  # noqa: F401  (build_index: public via coder)
    CoderOptions,
    build_index,
    coder_parts,
    default_reranker,
    occupation_employment,
)
from jobrisk.models.title_coder.decision import GENERIC_CAP, decide  # noqa: F401  (GENERIC_CAP: public via coder)
from jobrisk.models.title_coder.duties import duties_scores, duty_table
from jobrisk.models.title_coder.index import TitleIndex
from jobrisk.models.title_coder.matches import Candidate, TitleMatch
from jobrisk.models.title_coder.normalize import CleanTitle, bag_key, clean_title
from jobrisk.models.title_coder.spelling import SpellFixer
from jobrisk.models.title_coder.fast_paths import (  # noqa: F401  (EXACT_CONFIDENCE: public via coder)
    EXACT_CONFIDENCE,
    TOP_K,
    exact_candidates,
    neighbours,
)
from jobrisk.models.title_coder.ranking import HEAD_SWAP_CONFIDENCE, SUPPORT_HEADS, ranked_many  # noqa: F401
from jobrisk.models.title_coder.planning import head_spans, lead_alias, plan_title, title_context
from jobrisk.models.title_coder.rerank import TitleReranker
from jobrisk.models.title_coder.roles import RoleTable, role_first, role_table
from jobrisk.models.title_coder.structure import (  # noqa: F401  (group_prefix: public via coder)
    EXECUTIVE_SERVED,
    ExecutiveReading,
    TitleContext,
    group_prefix,
    load_title_structure,
)

if TYPE_CHECKING:
    from jobrisk.models.title_coder.autocomplete import Autocompleter

ALIAS_CONFIDENCE = 0.95  # curated alias, first code
PART_ALIAS_CONFIDENCE = 0.6  # a part of the title ("cashier" in "Cashier - Acme #12") is an alias
LEAD_ALIAS_CONFIDENCE = 0.75  # the title's first part is a curated alias of 2+ words, the rest qualifiers
PLATFORM_CONFIDENCE = 0.8  # a gig platform name plus a generic gig word ("Instacart Shopper")
TOOL_CONFIDENCE = 0.75  # a role at a software product ("Salesforce Administrator")
EXECUTIVE_CONFIDENCE = {"chief": 0.9, "vice president": 0.8, "head": 0.8, "director": 0.7, "owner": 0.75}
EXECUTIVE_CONFIDENCE["general manager"] = 0.75  # of a kind of business: "GM - Boutique Hotel"
EXECUTIVE_SUPPORT_CONFIDENCE = 0.8
_TASK_WORD_RE = re.compile(r"[a-z]+")


class TitleCoder:
    """Codes job titles to O*NET-SOC occupations. Build with :meth:`from_catalog`."""

    def __init__(
        self,
        index: TitleIndex,
        occupations: dict[str, str],
        knowledge: TitleKnowledge,
        reranker: TitleReranker,
        *,
        use_aliases: bool = True,
        task_texts: dict | None = None,
        major_groups: dict[str, str] | None = None,
    ):
        self.index = index
        self.occupations = occupations
        self.knowledge = knowledge
        self.structure = knowledge.structure or load_title_structure(abbreviations=dict(knowledge.abbreviations))
        self.reranker = reranker
        self.aliases = knowledge.alias_table() if use_aliases else {}
        self._alias_bags = {bag_key(k): v for k, v in self.aliases.items()}
        vocabulary = dict(index.vocabulary)
        for key in self.aliases:
            for word in key.split():
                vocabulary[word] = vocabulary.get(word, 0) + 2
        self._task_texts = task_texts or {}
        protected = set(self.structure.words())
        task_words = set(_TASK_WORD_RE.findall(" ".join(t for ts in self._task_texts.values() for t in ts).lower()))
        protected.update(w for w in task_words if len(w) > 4)
        self.spell = SpellFixer(vocabulary, protected=frozenset(protected))
        self.major_groups = dict(major_groups or {})
        self._duty_vectors: tuple[list[str], np.ndarray, np.ndarray] | None = None
        self._cache: dict[tuple[str, str], TitleMatch] = {}  # (typed title, duties) -> match
        self._forms: dict[str, TitleMatch] = {}  # same title but for case -> match
        self._plans: dict[tuple, TitleMatch] = {}  # same reading of a title -> match
        self._autocomplete: Autocompleter | None = None
        self._roles: RoleTable | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_catalog(cls, catalog: Catalog, settings=None, **options: Unpack[CoderOptions]) -> TitleCoder:
        """Index every catalog title (minus evaluation hold-outs) and load the re-ranker;
        ``options`` are those of :func:`.building.coder_parts`.

        With ``settings``, the built index is cached in ``settings.models_dir`` (pinned to the
        catalog fingerprint and the aliases file) and reused on the next start.
        """
        return cls(**coder_parts(catalog, settings, **options))

    # ------------------------------------------------------------------ coding
    def clean(self, title: object) -> CleanTitle:
        return clean_title(title, self.knowledge.abbreviations, self.knowledge.rules)

    def code(self, title: object, duties: str | None = None, department: str | None = None) -> TitleMatch:
        """Code one title; ``duties`` (what the person does, free text) helps when given, and so
        does ``department`` (the roster's department or team: "Finance" for a "Coordinator")."""
        if department is not None and str(department).strip():
            return self._with_department(title, duties, str(department).strip())
        text = "" if title is None else str(title)
        hit = self._cache.get((text, duties or ""))
        if hit is None:
            hit = None if duties else self._known(text)
            if hit is None:
                plan = plan_title(self, text, duties)
                key = self._plan_key(plan)
                if not duties and key in self._plans:
                    hit = self._from_plan(text, key)
                else:
                    hit = self._finish(text, plan, duties=duties)
                    if not duties:
                        self._learn(text, key, hit)
            self._remember((text, duties or ""), hit)
        return hit

    def code_many(
        self, titles: Iterable[object], batch_size: int = 512, departments: Iterable[object] | None = None
    ) -> list[TitleMatch]:
        """Code many titles; repeated titles are coded once, new ones in batches (the answer for
        a title never depends on the other titles of the batch).
        ``departments`` (one per title, may be empty) is used as context like in :meth:`code`."""
        texts = ["" if t is None else str(t) for t in titles]
        depts = None if departments is None else ["" if d is None else str(d).strip() for d in departments]
        wanted = list(texts)
        if depts is not None:  # each title read with its department, coded in the same batches
            wanted += [f"{d} {t}" for t, d in zip(texts, depts) if d]
        todo = [t for t in dict.fromkeys(wanted) if (t, "") not in self._cache]
        for start in range(0, len(todo), batch_size):
            self._code_batch(todo[start : start + batch_size])
        if depts is None:
            return [self.code(t) for t in texts]
        return [self.code(t, department=d or None) for t, d in zip(texts, depts)]

    def is_cached(self, title: str) -> bool:
        """Was ``title`` (or the same title in other letter case) coded already?"""
        return (title, "") in self._cache or self._form(title) in self._forms

    def adopt(self, matches: Iterable[TitleMatch]) -> None:
        """Keep answers coded by another copy of this coder (a worker process) as if coded here."""
        for match in matches:
            self._remember((match.input_title, ""), match)
            if len(self._forms) < 200_000:
                self._forms.setdefault(self._form(match.input_title), match)

    def clear_cache(self) -> None:
        """Forget coded titles and the index's remembered look-ups (evaluation timings start
        cold; bulk coders keep their memory flat)."""
        self._cache.clear()
        self._forms.clear()
        self._plans.clear()
        self.index.clear_memos()

    def _with_department(self, title: object, duties: str | None, department: str) -> TitleMatch:
        """The title alone, or read with its department in front when that is surer
        ("Coordinator" in "Marketing" -> "Marketing Coordinator")."""
        alone = self.code(title, duties)
        text = "" if title is None else str(title)
        if alone.status == "unknown" and not alone.candidates and self.clean(text).problem:
            return alone
        dept = self.clean(department)
        if dept.problem or dept.cleaned in alone.cleaned_title.split():
            return alone
        together = self.code(f"{department} {text}", duties)
        if together.candidates and (alone.status != "matched" or together.confidence > alone.confidence + 0.05):
            note = f"read with the department '{department}'"
            first = together.candidates[0]
            cands = (Candidate(**{**first.__dict__, "reason": f"{first.reason} ({note})"}), *together.candidates[1:])
            return TitleMatch(
                text,
                together.cleaned_title,
                together.status,
                together.onet_soc_code,
                together.title,
                together.confidence,
                cands,
                reason=together.reason,
                broad_group=together.broad_group,
                broad_group_title=together.broad_group_title,
            )
        return alone

    def reading(self, title: str) -> tuple[tuple, Any]:
        """(key, plan) of a typed title: titles with the same key get the same answer but for
        the typed title itself (``input_title``); see :meth:`code_readings`."""
        plan = plan_title(self, title)
        return self._plan_key(plan), plan

    def code_readings(self, readings: Sequence[tuple[str, Any]]) -> list[TitleMatch]:
        """The match of each (title, plan) pair (the plan from :meth:`reading`), coded in one
        batch, as :meth:`code_many` codes those titles."""
        return self._code_fresh(list(readings))

    def _code_batch(self, titles: Sequence[str]) -> None:
        fresh: list[tuple[str, object]] = []
        for t in titles:
            known = self._known(t)
            if known is not None:
                self._remember((t, ""), known)
            else:
                fresh.append((t, plan_title(self, t)))
        self._code_fresh(fresh)

    def _code_fresh(self, fresh: list[tuple[str, Any]]) -> list[TitleMatch]:
        done: dict[tuple, TitleMatch] = {}
        todo: dict[tuple, tuple[str, Any]] = {}  # plan key -> (title, plan: see _plan)
        for t, p in fresh:
            key = self._plan_key(p)
            if key in self._plans:
                done[key] = self._plans[key]
            else:
                todo.setdefault(key, (t, p))
        routes = {k: p[3] for k, (_, p) in todo.items() if isinstance(p, tuple)}
        self.index.lexical_many(
            [p[0] for k, (_, p) in todo.items() if routes.get(k, "full") != "full"], 12, char_grams=False
        )  # the fast paths' runner-ups, at once
        # a title with the same words as an O*NET title whose occupations its context rules out
        # (a police title for a digital job) goes to the re-ranker with the others
        exact = {k: self._exact_candidates(todo[k][1][0], todo[k][1][4][0]) for k, r in routes.items() if r == "exact"}
        full = [
            (k, todo[k][1])
            for k, r in routes.items()
            if r == "full" or (r == "exact" and not _exact_first(exact[k][0]))
        ]
        ranked = dict(zip((k for k, _ in full), ranked_many(self, [p[1] for _, p in full], [p[4][0] for _, p in full])))
        for key, (t, p) in todo.items():
            done[key] = self._finish(t, p, ranked=ranked.get(key), exact=exact.get(key))
            self._learn(t, key, done[key])
        hits = []
        for t, p in fresh:
            hit = done[self._plan_key(p)]
            hits.append(hit if hit.input_title == t else replace(hit, input_title=t))
            self._remember((t, ""), hits[-1])
        return hits

    @staticmethod
    def _form(text: str) -> str:
        """Titles that differ only in letter case or outer spaces are coded alike."""
        stripped = text.strip()
        return stripped.lower() if stripped.isascii() else stripped

    def _plan_key(self, plan) -> tuple:
        if isinstance(plan, TitleMatch):
            return ("unknown", plan.reason)
        main, queries, note, route, (context, reading) = plan
        return (main, tuple(queries), note, route, context, reading)

    def _known(self, text: str) -> TitleMatch | None:
        hit = self._forms.get(self._form(text))
        return None if hit is None else replace(hit, input_title=text)

    def _from_plan(self, text: str, key: tuple) -> TitleMatch:
        hit = self._plans[key]
        if len(self._forms) < 200_000:
            self._forms[self._form(text)] = hit
        return hit if hit.input_title == text else replace(hit, input_title=text)

    def _learn(self, text: str, key: tuple, match: TitleMatch) -> None:
        if len(self._plans) >= 200_000:
            self._plans.clear()
        self._plans[key] = match
        if len(self._forms) < 200_000:
            self._forms[self._form(text)] = match

    def _remember(self, key: tuple[str, str], match: TitleMatch) -> None:
        if len(self._cache) < 200_000:
            self._cache[key] = match

    def _alias(self, query: str) -> list[str]:
        codes = self.aliases.get(query) or self._alias_bags.get(bag_key(query), ())
        return [c for c in codes if c in self.occupations]

    def _finish(
        self,
        title: str,
        plan,
        duties: str | None = None,
        ranked: tuple[list[Candidate], float] | None = None,
        exact: tuple[list[Candidate], float] | None = None,
    ) -> TitleMatch:
        if isinstance(plan, TitleMatch):
            return plan
        main, queries, note, route, (context, reading) = plan
        if route == "alias":
            return self._rule_match(
                title,
                main,
                self._alias(main),
                f"curated alias '{main}'",
                note,
                self._neighbours(main, set(self._alias(main)), context),
                ALIAS_CONFIDENCE,
                context,
            )
        if route in ("platform", "tool"):
            codes = [c for c in reading.codes if c in self.occupations]
            if route == "tool":  # "Oracle Developer": the product says which developer
                why, confidence, context = reading.reason, TOOL_CONFIDENCE, replace(context, generic=False)
            else:
                why = f"gig platform '{reading.platform}'" + (f" and '{reading.rest}'" if reading.rest else "")
                confidence = PLATFORM_CONFIDENCE
            return self._rule_match(
                title, main, codes, why, note, self._neighbours(main, set(codes), context), confidence, context
            )
        if route == "support":
            codes = [c for c in reading.codes if c in self.occupations]
            return self._rule_match(
                title,
                main,
                codes,
                f"'{main}' to a top executive",
                note,
                self._neighbours(main, set(codes), context),
                EXECUTIVE_SUPPORT_CONFIDENCE,
                replace(context, generic=False),  # "Assistant to the Dean": the person served says which assistant
            )
        if route == "executive":
            codes = [c for c in reading.codes if c in self.occupations]
            others = self._exact_candidates(main, context)[0] if self.index.exact(main) else []
            others += self._neighbours(main, set(codes), context)
            return self._rule_match(
                title, main, codes, reading.reason, note, others, EXECUTIVE_CONFIDENCE[reading.role], context
            )
        if route == "exact":
            cands, confidence = exact if exact is not None else self._exact_candidates(main, context)
            if _exact_first(cands):
                cands, confidence = self._role_first([main, *queries[1:2]], cands, confidence, context)
                if note:
                    cands[0] = Candidate(**{**cands[0].__dict__, "reason": f"{cands[0].reason} ({note})"})
                return self._decide(title, main, cands, confidence, context)
        cands, confidence = ranked if ranked is not None else self._ranked(queries, duties, context=context)
        cands, confidence = self._role_first([main, *queries[1:2]], list(cands), confidence, context)
        lead = lead_alias(self, main, queries)
        if lead is not None and (not cands or cands[0].onet_soc_code not in self._alias(lead)):
            return self._rule_match(
                title,
                main,
                self._alias(lead),
                f"the title's first part is the curated alias '{lead}'",
                note,
                cands,
                max(LEAD_ALIAS_CONFIDENCE, confidence),
                context,
            )
        part = next((q for q in [*queries[1:], *head_spans(main)] if self._alias(q)), None)
        if confidence < self.reranker.threshold and part is not None:
            # not sure about the whole title, but one of its parts is a curated alias
            return self._rule_match(
                title,
                main,
                self._alias(part),
                f"part of the title is the curated alias '{part}'",
                note,
                cands,
                PART_ALIAS_CONFIDENCE,
                context,
            )
        if note and cands:
            cands[0] = Candidate(**{**cands[0].__dict__, "reason": f"{cands[0].reason} ({note})"})
        return self._decide(title, main, cands, confidence, context)

    def _ranked(
        self,
        queries: Sequence[str],
        duties: str | None,
        vectors: np.ndarray | None = None,
        duty_scores: dict[str, float] | None = None,
        context: TitleContext | None = None,
    ) -> tuple[list[Candidate], float]:
        """Top candidates by the learned re-ranker, and its calibrated confidence in the first."""
        if context is None:
            context = title_context(self, "", queries[0])
        if duty_scores is None and duties:
            duty_scores = self._duties_scores(duties)
        return ranked_many(self, [queries], [context], vectors, [duty_scores])[0]

    def _role_first(
        self, parts: Sequence[str], cands: list[Candidate], confidence: float, context: TitleContext
    ) -> tuple[list[Candidate], float]:
        """A helper, tester or assistant is coded to its role's occupation (see :mod:`.roles`)."""
        if self._roles is None:
            self._roles = role_table(self.occupations)
        return role_first(
            self._roles, self.occupations, parts, cands, confidence, lambda c: context.allows(self.structure, c)
        )

    def _rule_match(
        self,
        title: str,
        main: str,
        codes: Sequence[str],
        why: str,
        note: str,
        others: list[Candidate],
        confidence: float,
        context: TitleContext,
    ) -> TitleMatch:
        """Candidates from a rule (alias, platform, executive reading), then the other evidence.
        The title's context still rules codes out ("Security Officer - Cyber": the alias
        'security officer' names guards, which a digital title is not)."""
        kind = "alias"
        allowed = [c for c in codes if context.allows(self.structure, c)]
        if not allowed:
            others = [c for c in others if context.allows(self.structure, c.onet_soc_code)]
            return self._decide(title, main, others[:TOP_K], min(confidence, PART_ALIAS_CONFIDENCE), context)
        codes = allowed
        cands = [
            Candidate(c, self.occupations[c], main, kind, 1.0, why + (f" ({note})" if note else "")) for c in codes
        ]
        cands += [c for c in others if c.onet_soc_code not in codes]
        return self._decide(title, main, cands[:TOP_K], confidence, context)

    def _exact_candidates(self, main: str, context: TitleContext | None = None) -> tuple[list[Candidate], float]:
        return exact_candidates(self, main, context)

    def _neighbours(self, main: str, skip: set[str], context: TitleContext | None = None) -> list[Candidate]:
        return neighbours(self, main, skip, context)

    def _decide(
        self, title: str, cleaned: str, cands: list[Candidate], confidence: float, context: TitleContext | None = None
    ) -> TitleMatch:
        return decide(title, cleaned, cands, confidence, self.reranker.threshold, self.major_groups, context)

    # ------------------------------------------------------------------ duties
    def duty_table(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(codes, sum of task-statement vectors per code, task count per code), built once."""
        if self._duty_vectors is None:
            self._duty_vectors = duty_table(self.index.encoder, self._task_texts)
        return self._duty_vectors

    def _duties_scores(self, duties: str, leave_out: tuple[str, np.ndarray] | None = None) -> dict[str, float]:
        """Cosine between the duties text and each occupation's mean task-statement vector
        (see :func:`.duties.duties_scores`)."""
        if self.index.encoder is None or not self._task_texts:
            return {}
        return duties_scores(self.index.encoder, self.duty_table(), duties, leave_out)

    # ------------------------------------------------------------------ autocomplete
    def suggest(self, prefix: str, limit: int = 8):
        """Title suggestions for a partly typed title (see :mod:`.autocomplete`)."""
        if self._autocomplete is None:
            from jobrisk.models.title_coder.autocomplete import Autocompleter

            self._autocomplete = Autocompleter.from_index(self.index, self.occupations, self.knowledge)
        return self._autocomplete.suggest(prefix, limit)


def _exact_first(cands: Sequence[Candidate]) -> bool:
    return bool(cands) and cands[0].match_kind == "exact"
