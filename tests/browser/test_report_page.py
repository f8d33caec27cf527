"""The report as a person sees it: rendered by headless Chromium to a PNG that is not blank, with no network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from PIL import Image, ImageStat

from claimex.results import DecisionStore, load_results


def test_report_renders_to_a_non_blank_png_without_network(browser, run_copy: Path, tmp_path: Path) -> None:
    results = load_results(run_copy)
    DecisionStore(run_copy).decide(results.items[0], "corrected", correction="Leifeng.com Kappa", reviewer="Dana")
    report = tmp_path / "report.html"
    subprocess.run([sys.executable, "-m", "claimex", "report", str(run_copy), "-o", str(report)], check=True, cwd=ROOT)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    requested: list[str] = []
    context.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()))
    page = context.new_page()
    page.goto(report.as_uri())
    png = tmp_path / "report.png"
    page.screenshot(path=str(png), full_page=True)
    chart_box = page.locator("#chart").bounding_box()
    context.close()

    assert requested == [report.as_uri()]
    image = Image.open(png).convert("RGB")
    assert image.height > 900
    assert max(ImageStat.Stat(image).stddev) > 20
    assert len(image.getcolors(maxcolors=1 << 20)) > 50
    assert chart_box and chart_box["width"] > 200 and chart_box["height"] > 10
    chart = image.crop((int(chart_box["x"]), int(chart_box["y"]), int(chart_box["x"] + chart_box["width"]),
                        int(chart_box["y"] + chart_box["height"])))
    colours = [colour for _, colour in chart.getcolors(maxcolors=1 << 20)]
    assert any(red > 150 and blue < 120 for red, _, blue in colours), "no coloured bar in the chart"
