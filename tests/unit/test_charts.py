"""The SVG charts are pure functions: tested without a database."""

import xml.etree.ElementTree as ET

from reporting import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own output


def test_nice_ceiling_rounds_up_to_one_two_two_and_a_half_or_five():
    assert [charts.nice_ceiling(v) for v in (0, 1, 3, 7, 18, 24, 26, 480, 1001)] == [
        1,
        1,
        5,
        10,
        20,
        25,
        50,
        500,
        2000,
    ]


def test_ticks_divide_the_axis_evenly_from_zero():
    assert charts.ticks(20) == [0, 5, 10, 15, 20]


def test_a_line_chart_draws_one_polyline_per_series_and_is_valid_svg():
    svg = charts.line_chart(
        ["01 Nov", "08 Nov", "15 Nov"],
        [
            charts.Series("Open", [3, 5, 4], "#1f6fb2"),
            charts.Series("Overdue", [1, 0, 2], "#d0352b"),
        ],
        title="Trend",
    )
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert len(root.findall(f".//{SVG}polyline")) == 2
    assert len(root.findall(f".//{SVG}circle")) == 6
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "Overdue, 15 Nov: 2" in tips


def test_labels_and_links_are_escaped():
    svg = charts.bar_chart(
        [charts.Bar('<b>"late"</b> & co', 4, "#d33", href="/x/?a=1&b=2")],
        title="Ages <script>",
    )
    assert "<script>" not in svg
    assert "&lt;b&gt;&quot;late&quot;&lt;/b&gt; &amp; co" in svg
    root = parse(svg)
    link = root.find(f".//{SVG}a")
    assert link.get("href") == "/x/?a=1&b=2"


def test_bars_link_to_their_list_and_show_their_value():
    svg = charts.bar_chart(
        [
            charts.Bar("0–7 days", 3, "#f08a5d", href="/reports/milestones/?a"),
            charts.Bar("8–30 days", 0, "#e0603a", href="/reports/milestones/?b"),
        ],
        title="Overdue by age",
    )
    root = parse(svg)
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [
        "/reports/milestones/?a",
        "/reports/milestones/?b",
    ]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "3" in texts
    assert "0" in texts


def test_a_stacked_bar_splits_its_width_by_value_and_skips_empty_segments():
    svg = charts.stacked_bar(
        [
            charts.Bar("Done", 3, "#2a9a55", href="/d"),
            charts.Bar("Missed", 0, "#8e44ad", href="/m"),
            charts.Bar("Overdue", 1, "#d0352b", href="/o"),
        ],
        title="By status",
        width=400,
    )
    root = parse(svg)
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["/d", "/o"]
    widths = [float(a.find(f"{SVG}rect").get("width")) for a in links]
    assert widths == [300.0, 100.0]


def test_charts_of_nothing_still_draw():
    assert parse(charts.line_chart([], [], title="Empty")) is not None
    assert parse(charts.bar_chart([], title="Empty")) is not None
    assert parse(charts.stacked_bar([], title="Empty")) is not None


def test_count_ticks_are_whole_numbers_even_for_a_handful():
    assert charts.count_ticks(0) == [0, 1]
    assert charts.count_ticks(1) == [0, 1]
    assert charts.count_ticks(3) == [0, 1, 2, 3]
    assert charts.count_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.count_ticks(18) == [0, 5, 10, 15, 20]
    assert charts.count_ticks(480) == [0, 200, 400, 600]


def test_a_line_chart_of_zeros_and_ones_has_integer_ticks_and_an_unclipped_last_label():
    svg = charts.line_chart(
        ["01 Nov", "08 Nov", "now"],
        [charts.Series("Open", [0, 1, 1], "#1f6fb2")],
        title="Trend",
        width=640,
    )
    root = parse(svg)
    texts = root.findall(f".//{SVG}text")
    ticks = [t.text for t in texts if t.get("text-anchor") == "end"][:-1]
    assert ticks == ["0", "1"]
    last = texts[-1]
    assert last.text == "now"
    # Anchored at its end on the last point, it cannot run past the edge.
    assert last.get("text-anchor") == "end"
    assert float(last.get("x")) <= 640


def test_a_chart_holding_links_is_a_group_not_an_image():
    linked = parse(
        charts.bar_chart([charts.Bar("a", 1, "#d33", href="/x/")], title="t")
    )
    plain = parse(charts.bar_chart([charts.Bar("a", 1, "#d33")], title="t"))
    assert linked.get("role") == "group"
    assert plain.get("role") == "img"


def test_the_label_before_the_last_is_dropped_when_it_would_crowd_it():
    labels = [f"w{n}" for n in range(12)]
    svg = charts.line_chart(
        labels, [charts.Series("Open", [1] * 12, "#1f6fb2")], title="Trend"
    )
    drawn = [t.text for t in parse(svg).iter(f"{SVG}text") if t.text in labels]
    assert drawn == ["w0", "w2", "w4", "w6", "w8", "w11"]


def test_urdu_labels_are_set_in_nastaliq_with_arabic_fallbacks():
    bars = [charts.Bar("90 دن سے زیادہ", 3, "#a11c1c")]
    for chart in (
        charts.bar_chart(bars, title="عمر", language="ur"),
        charts.stacked_bar(bars, title="حیثیت", language="ur"),
        charts.line_chart(
            ["ہفتہ"],
            [charts.Series("کھلے", [1], "#123b5c")],
            title="رجحان",
            language="ur",
        ),
    ):
        family = parse(chart).get("font-family")
        assert family.startswith("'Noto Nastaliq Urdu', 'Noto Naskh Arabic'")
    # Other languages keep the system font, which covers Latin and CJK.
    english = parse(charts.bar_chart(bars, title="Age", language="en"))
    assert "Nastaliq" not in english.get("font-family")
    assert "Nastaliq" not in parse(charts.bar_chart(bars, title="Age")).get(
        "font-family"
    )
