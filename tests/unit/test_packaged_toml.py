"""The curated TOML files (title aliases and structure, tool catalog) are read one way: a file
that is not TOML or lacks a table is a DataError naming the file, never a parser traceback."""

from __future__ import annotations

import pytest

from jobrisk.errors import DataError
from jobrisk.models.title_coder.aliases import load_title_knowledge
from jobrisk.models.title_coder.structure import load_title_structure
from jobrisk.packaged_toml import read_packaged_toml
from jobrisk.reports.tools.catalog import load_tool_catalog


def test_the_shipped_files_load_and_are_cited_by_their_package_path():
    data, source = read_packaged_toml("jobrisk.models.title_coder", "aliases.toml", None, ("aliases",))
    assert source == "jobrisk/models/title_coder/aliases.toml" and data["aliases"]
    assert load_title_knowledge().source == f"{source} + jobrisk/models/title_coder/workplace_aliases.toml"
    assert load_tool_catalog().categories


@pytest.mark.parametrize("load", [load_title_knowledge, load_title_structure, load_tool_catalog])
def test_a_file_that_is_not_toml_is_a_data_error_naming_it(tmp_path, load):
    path = tmp_path / "broken.toml"
    path.write_text("[aliases\nx = 1\n", encoding="utf-8")
    with pytest.raises(DataError, match="broken.toml is not valid TOML"):
        load(path)


@pytest.mark.parametrize(
    "load, first_missing",
    [(load_title_knowledge, "abbreviations"), (load_title_structure, "functions"), (load_tool_catalog, "version")],
)
def test_a_missing_table_is_named_with_what_the_file_has(tmp_path, load, first_missing):
    path = tmp_path / "partial.toml"
    path.write_text("[other]\nx = 1\n", encoding="utf-8")
    with pytest.raises(
        DataError,
        match=rf"partial.toml: top-level table or key '{first_missing}' "
        r"is missing; found: other",
    ):
        load(path)
