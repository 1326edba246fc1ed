"""The career profile: what a person tells the career audit, in one format for every interface.

The web form, ``POST /api/v1/audits/career``, ``jobrisk audit career PROFILE.json|yaml`` and
:func:`jobrisk.audit_career` all take a :class:`CareerProfile`. As JSON::

    {"title": "Paralegal",                      # or "onet_soc_code": "23-2011.00" (one is needed)
     "tasks": [{"task_id": 1234, "share": 0.2},  # an O*NET task of that occupation
               {"text": "Draft discovery requests with an AI assistant", "share": 0.1}],
     "skills": ["Writing", "2.B.1.a"],           # O*NET skills or knowledge areas, by name or id
     "tools": ["Microsoft Excel", "Westlaw"],    # software and tools they use
     "years_experience": 6, "annual_pay_usd": 58000}

The same keys work in YAML. Rules (each refused with a message naming the field):

- ``tasks`` left out = the occupation's O*NET tasks with their default time shares (the audit
  then reproduces the occupation's own score exactly); an empty list is refused ("no task left").
- A task is either ``task_id`` (an O*NET task of the chosen occupation) or ``text`` (free text,
  at most 500 characters, scored by the task model); ``share`` is its share of working time.
  Shares may be fractions or percentages: they are normalised to 100 % with a notice when they do
  not add up. A catalog task without ``share`` keeps its default share; a free-text task needs one.
- At most 100 tasks, 50 skills, 50 tools (100 characters each); unknown keys are refused.

Pydantic models only; checks that need the catalog (does the task id belong to the occupation,
is the skill an O*NET skill) happen in :mod:`jobrisk.app.career_audit`.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jobrisk.errors import InputError, InputTooLargeError

MAX_TASKS = 100
MAX_TASK_TEXT_CHARS = 500
MAX_LIST_ITEMS = 50
MAX_ITEM_CHARS = 100
MAX_TITLE_CHARS = 200
ONET_CODE_PATTERN = r"^\d{2}-\d{4}\.\d{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ProfileTask(_Strict):
    """One task of the person's work: an O*NET task (``task_id``) or their own words (``text``)."""

    task_id: int | None = Field(None, ge=1, description="O*NET task id of the chosen occupation")
    text: str | None = Field(None, description=f"free-text task, at most {MAX_TASK_TEXT_CHARS} characters")
    share: float | None = Field(
        None, ge=0, le=100, description="share of working time (fraction or percent; normalised)"
    )

    @field_validator("text")
    @classmethod
    def _text_length(cls, value: str | None) -> str | None:
        if value is not None and len(value) > MAX_TASK_TEXT_CHARS:
            raise ValueError(
                f"a free-text task has at most {MAX_TASK_TEXT_CHARS} characters; "
                f"got {len(value)} (starting {value[:40]!r})"
            )
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> ProfileTask:
        if (self.task_id is None) == (not self.text):
            raise ValueError(
                "each task needs either 'task_id' (an O*NET task) or 'text' (your own words), not both and not neither"
            )
        if self.text and self.share is None:
            raise ValueError(f"the free-text task {self.text[:60]!r} needs a 'share' of your working time")
        return self


class CareerProfile(_Strict):
    """A person's job as the career audit reads it (see the module docstring for the rules)."""

    title: str | None = Field(None, max_length=MAX_TITLE_CHARS, description="job title as the person says it")
    onet_soc_code: str | None = Field(
        None, pattern=ONET_CODE_PATTERN, description="O*NET-SOC code, e.g. 23-2011.00 (wins over title)"
    )
    tasks: list[ProfileTask] | None = Field(
        None, description="the person's tasks; leave out for the occupation's own tasks and shares"
    )
    skills: list[str] = Field(default_factory=list, description="O*NET skills or knowledge areas (names or ids)")
    tools: list[str] = Field(default_factory=list, description="software and tools the person uses")
    years_experience: float | None = Field(None, ge=0, le=70)
    annual_pay_usd: float | None = Field(
        None, gt=0, le=10_000_000, description="current annual pay, compared with career moves"
    )

    @field_validator("tasks", mode="before")
    @classmethod
    def _task_count(cls, value: Any) -> Any:
        if isinstance(value, list) and len(value) > MAX_TASKS:
            raise ValueError(f"at most {MAX_TASKS} tasks; got {len(value)}")
        return value

    @field_validator("skills", "tools")
    @classmethod
    def _short_items(cls, value: list[str]) -> list[str]:
        if len(value) > MAX_LIST_ITEMS:
            raise ValueError(f"at most {MAX_LIST_ITEMS} items; got {len(value)}")
        cleaned = []
        for item in value:
            item = item.strip()
            if len(item) > MAX_ITEM_CHARS:
                raise ValueError(
                    f"items have at most {MAX_ITEM_CHARS} characters; got {len(item)} (starting {item[:40]!r})"
                )
            if item and item not in cleaned:
                cleaned.append(item)
        return cleaned

    @model_validator(mode="after")
    def _needs_occupation(self) -> CareerProfile:
        if not self.onet_soc_code and not self.title:
            raise ValueError("give a job 'title' or an 'onet_soc_code' (e.g. 23-2011.00)")
        return self

    def compact(self) -> dict[str, Any]:
        """The profile without empty fields (what the shareable link and the JSON export carry)."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


MAX_PROFILE_BYTES = 1_000_000


def profile_problems(error: ValidationError) -> list[str]:
    """One line per problem of a rejected profile: 'tasks[3].text: ...'."""
    out = []
    for item in error.errors():
        path = ""
        for part in item["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        message = str(item["msg"]).removeprefix("Value error, ")
        out.append(f"{path or 'profile'}: {message}")
    return out


def profile_from_data(data: object) -> CareerProfile:
    """A :class:`CareerProfile` from parsed JSON/YAML, or InputError listing every problem."""
    if not isinstance(data, dict):
        raise InputError(
            f"A career profile is a mapping of fields (title, onet_soc_code, tasks, ...); got {type(data).__name__}."
        )
    try:
        return CareerProfile.model_validate(data)
    except ValidationError as exc:
        problems = profile_problems(exc)
        raise InputError(
            "The career profile has "
            + (f"{len(problems)} problems" if len(problems) > 1 else "a problem")
            + ": "
            + "; ".join(problems)
        ) from None


def parse_profile(text: str | bytes, fmt: str) -> CareerProfile:
    """Parse a profile file's content; ``fmt`` is 'json' or 'yaml' (YAML also reads JSON)."""
    if len(text) > MAX_PROFILE_BYTES:
        raise InputTooLargeError(f"A career profile file is at most {MAX_PROFILE_BYTES:,} bytes; got {len(text):,}.")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"The career profile is not UTF-8 text ({exc}).") from None
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"The career profile is not valid JSON: {exc}.") from None
    elif fmt == "yaml":
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(f"The career profile is not valid YAML: {exc}.") from None
    else:
        raise InputError(f"Profile format must be 'json' or 'yaml'; got {fmt!r}.")
    return profile_from_data(data)


#: Longest shareable token (characters); the web app refuses addresses over 4,096 characters.
MAX_SHARE_TOKEN_CHARS = 3500
_MAX_DECODED_BYTES = 200_000


def encode_profile(profile: CareerProfile) -> str | None:
    """The profile as a URL-safe token (compressed JSON), or None when it is too long for a link."""
    raw = json.dumps(profile.compact(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    token = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    return token if len(token) <= MAX_SHARE_TOKEN_CHARS else None


def decode_profile(token: str) -> CareerProfile:
    """The profile a shared link carries; InputError when the link is damaged."""
    if len(token) > MAX_SHARE_TOKEN_CHARS or not token.replace("-", "").replace("_", "").isalnum():
        raise InputError("This audit link is damaged or too long; start a new audit.")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, _MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("too large")
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise InputError("This audit link is damaged; start a new audit.") from None
    return profile_from_data(data)
