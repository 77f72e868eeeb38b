#!/usr/bin/env python3
"""Opens hospsim's HTML reports in headless Chromium and checks that every chart rendered without errors.

Usage: chromium_report_test.py HOSPSIM SOURCE_DIR WORK_DIR

Writes four reports: a run of the Denmark scenario (`hospsim run`, which writes DIR/report.html), the same run
with attack rows added to its events.csv (`hospsim report DIR`), a small batch (`hospsim report --db`), and the
strategy comparison of `hospsim run --strategy all`.
Each is loaded with `chromium --headless --dump-dom` (virtual time, so no waiting on the wall clock); the
report's own status marker (#hospsim-report-status) must say that every chart on the page rendered an SVG with
marks and that the console showed no error, and every chart element must hold an <svg>.
Exit 0 when all pass, 1 on a failure, 77 (skipped) when no Chromium is installed.
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


class ReportDom(html.parser.HTMLParser):
    """Collects the status marker's attributes and, per chart element, whether an <svg> is inside it."""

    def __init__(self):
        super().__init__()
        self.status = None
        self.charts = {}
        self._stack = []  # chart id of each open element inside a chart, or None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "hospsim-report-status":
            self.status = attrs
        chart = self._stack[-1] if self._stack else None
        if tag == "div" and "chart" in (attrs.get("class") or "").split():
            chart = attrs.get("id")
            self.charts[chart] = False
        if tag == "svg" and chart is not None:
            self.charts[chart] = True
        if tag not in VOID_ELEMENTS:
            self._stack.append(chart)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()


def find_chromium():
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def check_report(chromium, report, work):
    with open(report, encoding="utf-8") as f:
        source = f.read()
    expected = source.count('<div class="chart" id=')
    if expected == 0:
        raise AssertionError(f"{report}: no chart on the page")
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=work)
    try:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--virtual-time-budget=30000",
             "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + os.path.abspath(report)],
            capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if result.returncode != 0:
        raise AssertionError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    dom = ReportDom()
    dom.feed(result.stdout)
    status = dom.status
    if status is None:
        raise AssertionError(f"{report}: no status marker in the rendered page")
    if status.get("data-state") != "done":
        raise AssertionError(f"{report}: charts did not finish rendering (state {status.get('data-state')})")
    errors = json.loads(status.get("data-errors", "[]"))
    console_errors = [line for line in result.stderr.splitlines()
                      if "CONSOLE" in line and ("ERROR" in line or "Uncaught" in line)]
    if errors or console_errors:
        raise AssertionError(f"{report}: errors: {errors + console_errors}")
    if int(status.get("data-charts", -1)) != expected or int(status.get("data-rendered", -1)) != expected:
        raise AssertionError(f"{report}: {status.get('data-rendered')} of {status.get('data-charts')} charts rendered, "
                             f"{expected} on the page")
    missing = [chart for chart, has_svg in dom.charts.items() if not has_svg]
    if len(dom.charts) != expected or missing:
        raise AssertionError(f"{report}: charts without an SVG: {missing}")
    print(f"ok: {os.path.basename(os.path.dirname(report))}/{os.path.basename(report)}: {expected} charts rendered")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    hospsim, source, work = sys.argv[1:4]
    chromium = find_chromium()
    if chromium is None:
        print("SKIP: no Chromium installed (scripts/setup.sh installs the Debian package chromium)")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    try:
        # 1. A run: hospsim run writes report.html next to its other outputs.
        run_dir = os.path.join(work, "denmark")
        run([hospsim, "-q", "run", os.path.join(source, "scenarios", "denmark-2025-midtjylland.json"), "--out", run_dir])
        check_report(chromium, os.path.join(run_dir, "report.html"), work)

        # 2. The same run with an attack in its incident log: hospsim report adds the attack chart.
        attack_dir = os.path.join(work, "attack")
        shutil.copytree(run_dir, attack_dir)
        with open(os.path.join(attack_dir, "events.csv"), "a", encoding="utf-8") as f:
            f.write("2025-03-13T12:30:00,131400,infected,,dc-skejby,,,injection test\n"
                    "2025-03-13T13:00:00,133200,encrypted,,dc-skejby,,,injection test\n"
                    "2025-03-13T14:00:00,136800,detected,,test,,,injection test\n"
                    "2025-03-14T10:00:00,208800,restored,,dc-skejby,,,injection test\n")
        run([hospsim, "report", attack_dir, "-o", os.path.join(attack_dir, "attack.html")])
        with open(os.path.join(attack_dir, "attack.html"), encoding="utf-8") as f:
            if 'id="chart-attack"' not in f.read():
                raise AssertionError("attack.html has no attack chart")
        check_report(chromium, os.path.join(attack_dir, "attack.html"), work)

        # 3. A batch: the strategy comparison with confidence intervals.
        sweep = os.path.join(work, "sweep.json")
        with open(sweep, "w", encoding="utf-8") as f:
            json.dump({"format": "hospsim-sweep/1", "name": "report-test",
                       "description": "Two strategies of the tiny scenario, three replications",
                       "scenario": os.path.join(source, "tests", "batch", "data", "tiny.json"),
                       "strategies": ["none", "second-link"], "replications": 3,
                       "seeds": {"policy": "common", "base": 1}}, f)
        database = os.path.join(work, "batch.sqlite")
        run([hospsim, "batch", sweep, "-j", "2", "--db", database, "-q"])
        run([hospsim, "report", "--db", database, "-o", os.path.join(work, "batch.html")])
        check_report(chromium, os.path.join(work, "batch.html"), work)

        # 4. The strategies side by side: hospsim run --strategy all writes DIR/report.html.
        strategies_dir = os.path.join(work, "strategies")
        run([hospsim, "-q", "run", os.path.join(source, "tests", "batch", "data", "tiny.json"), "--strategy", "all",
             "--out", strategies_dir])
        check_report(chromium, os.path.join(strategies_dir, "report.html"), work)
    except (AssertionError, subprocess.TimeoutExpired) as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
