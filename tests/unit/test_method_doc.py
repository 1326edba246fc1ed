"""docs/method.md rendered for the web app and the static site."""

from __future__ import annotations

from jobrisk.reports.method_doc import find_method_document, render_method_markdown, slug


def test_headings_get_github_anchors_and_the_title_is_taken_out():
    doc = render_method_markdown(
        "# The method\n\nSee [limits](#limitations).\n\n## Step 1 — Task time "
        "shares (`scoring/task_weights.py`)\n\ntext\n\n## Limitations\n\nnone\n"
    )
    assert doc.title == "The method" and "<h1" not in doc.html
    assert doc.sections == (
        ("step-1--task-time-shares-scoringtask_weightspy", "Step 1 — Task time shares (scoring/task_weights.py)"),
        ("limitations", "Limitations"),
    )
    assert '<h2 id="limitations">' in doc.html and 'href="#limitations"' in doc.html


def test_raw_html_is_escaped_and_links_to_other_source_files_are_not_published():
    doc = render_method_markdown(
        "# M\n\n<script>x()</script>\n\nSee [validation](validation.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<script>" not in doc.html and "&lt;script&gt;" in doc.html
    assert 'href="validation.md"' not in doc.html and 'title="validation.md in the jobrisk source"' in doc.html
    assert "<table>" in doc.html


def test_duplicate_headings_get_distinct_anchors():
    doc = render_method_markdown("# M\n\n## Notes\n\n## Notes\n")
    assert [a for a, _ in doc.sections] == ["notes", "notes-1"] and slug("A, B & C") == "a-b--c"


def test_the_repository_method_document_is_found():
    assert find_method_document().name == "method.md"
