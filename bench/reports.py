"""Benchmark: status documents.

Times the status report of one 40-measure plan (HTML + Markdown, and DOCX, median of 20)
and the status reports of all national plans (357 × HTML, Markdown and DOCX, stored).

    .venv/bin/python bench/reports.py [--plans 357]

Targets (issue 4): HTML+Markdown under 100 ms, DOCX under 500 ms, all 357 plans under 60 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

from national import TODAY, build


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=357)
    args = parser.parse_args()

    from planvakt.core.db import session_scope
    from planvakt.core.settings import get_settings
    from planvakt.demo.mailsink import MailSink
    from planvakt.documents.render import render_docx, render_html, render_markdown
    from planvakt.services.batches import chunked, report_batch
    from planvakt.services.plans import list_plans
    from planvakt.views.report import build_report

    with MailSink() as sink:
        build(args.plans, sink.url)

    with session_scope() as session:
        plan = list_plans(session)[0]
        text_times, docx_times = [], []
        for _ in range(20):
            start = time.perf_counter()
            report = build_report(plan, TODAY)
            render_html(report)
            render_markdown(report)
            text_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_docx(build_report(plan, TODAY))
            docx_times.append(time.perf_counter() - start)
        plan_ids = [p.id for p in list_plans(session)]
        measures = len(plan.current_edition.measures)
    html_md = statistics.median(text_times) * 1000
    docx = statistics.median(docx_times) * 1000
    print(
        f"one plan ({measures} measures): HTML+Markdown {html_md:.0f} ms, DOCX {docx:.0f} ms (median of 20)"
    )

    start = time.perf_counter()
    made = 0
    for batch in chunked(plan_ids, get_settings().plan_batch_size):
        made += len(report_batch(batch, TODAY, force=True))
    national = time.perf_counter() - start
    print(f"all plans: {made} reports × 3 formats, stored, in {national:.1f} s")
    ok = html_md < 100 and docx < 500 and national < 60
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
