"""Server-side SVG chart macros (templates/charts/), rendered on their own."""

from __future__ import annotations

import re
from types import SimpleNamespace

from jobrisk.interfaces.web.rendering import make_environment

ENV = make_environment()


def render(template: str, macro: str, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return getattr(ENV.get_template(f"charts/{template}.html").module, macro)(*args, **kwargs)


def test_gauge_draws_the_score_its_range_and_describes_both():
    svg = str(render("gauge", "score_gauge", 72.4, 60.0, 81.0, "High", label="AI risk"))
    # dash lengths are shares of the half-circle lengths (pi x 90 and pi x 102 user units)
    assert 'stroke-dasharray="204.71 1000"' in svg
    assert 'stroke-dasharray="0 192.27 67.29 1000"' in svg
    assert "72 out of 100, band High; range 60 to 81." in svg
    assert 'role="img"' in svg and "#bc4c00" in svg


def test_gauge_without_a_score_says_no_data():
    svg = str(render("gauge", "score_gauge", None))
    assert "no data" in svg and "stroke-dasharray" not in svg


def test_component_bars_scale_values_and_show_missing_as_no_data():
    html = str(
        render(
            "bars",
            "component_bars",
            [
                {"label": "Exposure", "value": 0.64, "direction": "raises"},
                {"label": "Outlook", "value": None, "direction": "context"},
            ],
        )
    )
    assert '<rect width="64.0"' in html and "64%" in html
    assert "no data" in html and "(raises risk)" in html


def test_task_chart_escapes_task_text_and_marks_provenance():
    tasks = [
        SimpleNamespace(task="Check <totals> & sums", exposure=0.5, provenance="human"),
        SimpleNamespace(task="Climb ladders", exposure=None, provenance=None),
    ]
    html = str(render("tasks", "task_exposure_chart", tasks))
    assert "Check &lt;totals&gt; &amp; sums" in html
    assert "human label" in html and "no estimate" in html


def _points():
    return [
        SimpleNamespace(
            onet_soc_code=f"00-000{i}.00",
            title=f"Job {i}",
            exposure=i / 10,
            annual_median_wage_usd=30_000 + i * 10_000,
            employment_change_pct=-5 + 2 * i,
        )
        for i in range(6)
    ]


def test_scatter_highlights_only_the_chosen_occupations():
    svg = str(render("scatter", "comparison_scatter", _points(), {"00-0002.00", "00-0004.00"}))
    assert len(re.findall(r'<circle [^>]*r="7"', svg)) == 2
    assert len(re.findall(r'<circle [^>]*r="3"', svg)) == 4
    assert "Job 2: ai exposure of tasks 20%" in svg
    assert "$0" in svg and "$80k" in svg  # wage axis starts at zero and covers the maximum


def test_scatter_of_growth_shows_negative_values_and_a_zero_line():
    svg = str(
        render(
            "scatter",
            "comparison_scatter",
            _points(),
            {"00-0000.00"},
            y_field="employment_change_pct",
            y_label="Growth",
            y_format="pct",
        )
    )
    assert "-5%" in svg or "-6%" in svg or "-10%" in svg
    assert "#8c959f" in svg  # the zero line


def test_occupation_scatter_partial_highlights_the_occupation_of_the_page():
    report = SimpleNamespace(occupation=SimpleNamespace(onet_soc_code="00-0003.00", title="Job 3", major_group="00"))
    html = ENV.get_template("partials/occupation_scatter.html").render(report=report, scatter_points=_points())
    assert "Where Job 3 sits among all occupations" in html
    assert len(re.findall(r'<circle [^>]*r="7"', html)) == 1
    assert 'href="/occupations?major_group=00"' in html


def test_scatter_wage_axis_stops_at_the_99th_percentile_and_marks_the_outliers():
    points = [
        SimpleNamespace(
            onet_soc_code=f"00-{i:04d}.00",
            title=f"Job {i}",
            exposure=(i % 10) / 10,
            annual_median_wage_usd=40_000 + i * 1_000,
            employment_change_pct=0.0,
        )
        for i in range(100)
    ]
    for code, wage in (("99-0000.00", 600_000), ("99-0001.00", 450_000)):
        points.append(
            SimpleNamespace(
                onet_soc_code=code,
                title="Surgeons",
                exposure=0.2,
                annual_median_wage_usd=wage,
                employment_change_pct=0.0,
            )
        )
    svg = str(render("scatter", "comparison_scatter", points, {"99-0000.00"}))
    ticks = [int(t.replace(",", "")) for t in re.findall(r">\$([\d,]+)k<", svg)]
    assert max(ticks) < 200  # not $600k
    assert "2 above" in svg and "<path d=" in svg  # outliers drawn as triangles on the top edge
    assert len(re.findall(r'<circle [^>]*r="7"', svg)) == 1  # still highlighted, pinned to the edge


def test_scatter_labels_of_three_occupations_at_one_spot_do_not_overlap():
    points = _points() + [
        SimpleNamespace(
            onet_soc_code=f"11-111{i}.00",
            title=f"Very similar occupation {i}",
            exposure=0.5,
            annual_median_wage_usd=60_000,
            employment_change_pct=1.0,
        )
        for i in range(3)
    ]
    svg = str(render("scatter", "comparison_scatter", points, {"11-1110.00", "11-1111.00", "11-1112.00"}))
    labels = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="start"\s+font-size="13" '
        r'font-weight="700"[^>]*>([^<]+)</text>',
        svg,
    )
    assert len(labels) == 3
    focus = float(re.search(r'data-focus-x="([\d.]+)"', svg).group(1))  # a phone opens the chart here
    assert 0.4 < focus < 0.85
    boxes = []
    for x, y, text in labels:
        width = len(text) * 13 * 0.62
        boxes.append((float(x), float(y) - 13, float(x) + width, float(y) + 3))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
