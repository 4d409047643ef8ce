#!/usr/bin/env python3
"""One row of docs/worlds.md from a `kizashi generate` output directory.

usage: world_stats.py DIR DAYS   (DIR holds events.jsonl and labels.csv)

Columns: churn share, silent share of churners, share of churners without any planted precursor,
median lead of the first precursor (days before the churn), events per customer per month
(events / customers / (DAYS / 30)), and the event types the world does not emit.
Malformed lines (the generator mixes some in on purpose) are skipped.
"""
import csv
import json
import statistics
import sys
from collections import Counter
from datetime import datetime


ALL_TYPES = [
    "subscription_started", "order", "cycle_skipped", "plan_changed", "login", "message_opened",
    "message_clicked", "unsubscribed", "support_contact", "feedback", "payment_failed",
    "payment_recovered", "subscription_cancelled",
]


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def main(out, days):
    types = Counter()
    events = 0
    with open(f"{out}/events.jsonl", encoding="utf-8") as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            # the malformed lines mixed in on purpose have ids "bad-<n>"
            if isinstance(e, dict) and str(e.get("eventId", "")).startswith("g-"):
                types[e["type"]] += 1
                events += 1
    rows = list(csv.DictReader(open(f"{out}/labels.csv", encoding="utf-8")))
    churners = [r for r in rows if r["churned"] == "true"]
    silent = [r for r in churners if r["kind"] == "SILENT"]
    bare = [r for r in churners if not r["precursors"]]
    leads = []
    for r in churners:
        if r["precursors"]:
            first = min(ts(p.split("@", 1)[1]) for p in r["precursors"].split("|"))
            leads.append((ts(r["churnTime"]) - first) / 86400)
    n = len(rows)
    pct = lambda a, b: f"{100.0 * a / max(1, b):.1f}%"
    print(
        f"churn {pct(len(churners), n)} | silent {pct(len(silent), len(churners))}"
        f" | no precursor {pct(len(bare), len(churners))}"
        f" | lead {statistics.median(leads) if leads else 0:.0f} d"
        f" | {events / n / (days / 30):.1f} ev/cust/month"
        f" | {', '.join(t for t in ALL_TYPES if t not in types) or '-'}"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
