"""First messages through the whole assistant: does the right capability answer?

Each case of a routing file (tests/dev/routing.yml = development, tests/heldout/routing.yml = held-out) is sent as
the first message of a new conversation over the REST webhook; the outcome is read from the conversation (the
``route`` slot set by actions/routing.py, or the action that answered). Classes:

- procedure: the expected procedure answered (and, as a second figure, with the expected facet);
- legal: a cited article, with one of the expected articles among the three shown;
- out_of_scope, not_in_catalogue: that answer (or, for not_in_catalogue, a procedure added to the catalogue after
  the file was written: its ``catalogue_when_written``);
- choices: concrete procedures offered as buttons, at least two of the expected ones among them.

Also printed: wrong procedure (a procedure answered that the case did not expect), generic "did you mean" with no
concrete option (buttons that name bare intents such as affirm/deny/greet), and the routing step's p95 latency.
The development set's failures are listed; the held-out set is reported in aggregate only.

    python bench/routing.py --start [--dev tests/dev/routing.yml] [--heldout tests/heldout/routing.yml]
    python bench/routing.py --url http://127.0.0.1:5005 --auth-token T   # a server run with --enable-api
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assistant_process import start_servers, stop_servers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vntext.fold import fold  # noqa: E402

CLASSES = ("procedure", "legal", "out_of_scope", "not_in_catalogue", "choices")
FACETS = {"overview": None, "documents": "documents", "time": "processing_time", "fee": "fees", "where": "place",
          "online": "online", "legal_basis": "legal_basis", "steps": "steps"}
BARE_INTENTS = {"/affirm", "/deny", "/greet", "/goodbye", "/thank", "/out_of_scope", "/restart", "/cancel"}
TARGETS = {"overall": 0.90, "legal": 0.75, "wrong_procedure": 0.02}


def load(path: Path) -> List[dict]:
    """The cases; each not_in_catalogue case carries the catalogue of the day it was written."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = set(data.get("catalogue_when_written") or [])
    for case in data["cases"]:
        case["known"] = known
    return data["cases"]


def outcome(client: httpx.Client, url: str, token: str, text: str) -> dict:
    """Send ``text`` as a first message; what the assistant did, read back from the conversation."""
    sender = f"bench-routing-{uuid.uuid4().hex[:12]}"
    replies = client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}).json()
    tracker = client.get(f"{url}/conversations/{sender}/tracker", params={"token": token}).json()
    user_seen, route, actions = False, None, []
    for event in tracker.get("events", []):
        if event.get("event") == "user":
            user_seen = True
        elif user_seen and event.get("event") == "slot" and event.get("name") == "route" and event.get("value"):
            route = json.loads(event["value"])
        elif user_seen and event.get("event") == "action" and event.get("name") != "action_listen":
            actions.append(event.get("name"))
    buttons = [b.get("payload", "") for r in replies for b in r.get("buttons") or []]
    return {"route": route, "actions": actions, "buttons": buttons,
            "intent": (tracker.get("latest_message") or {}).get("intent", {}).get("name")}


def judge(case: dict, got: dict) -> Tuple[bool, bool, bool]:
    """(right outcome, right facet too, a procedure answered that was not expected)."""
    route = got["route"] or {}
    kind = route.get("kind") or ("out_of_scope" if "utter_out_of_scope" in got["actions"] else "other")
    expected = case["expect"]
    answered = route.get("procedure") if kind == "procedure" else None
    if expected == "procedure":
        right = answered == case["procedure"]
        facet_right = right and route.get("facet") == FACETS.get(case.get("facet") or "overview")
        return right, facet_right, answered is not None and not right
    wrong = answered is not None and not (expected == "choices" and answered in case.get("procedures", []))
    if expected == "legal":
        law = fold(case["law"]).lower()
        shown = [(fold(a.get("document") or "").lower(), str(a.get("article"))) for a in route.get("articles", [])]
        right = kind == "legal" and any(d == law and a in case["articles"] for d, a in shown[:3])
        return right, right, wrong
    if expected == "choices":
        offered = set(route.get("procedures", []))
        right = kind == "choices" and len(offered & set(case["procedures"])) >= min(2, len(case["procedures"]))
        return right, right, wrong
    if expected == "not_in_catalogue" and answered and case["known"] and answered not in case["known"]:
        return True, True, False  # a procedure added to the catalogue after the case was written
    right = kind == expected
    return right, right, wrong


def evaluate(client: httpx.Client, url: str, token: str, cases: List[dict], show_errors: bool) -> dict:
    per_class: Dict[str, List[bool]] = defaultdict(list)
    facets, wrong, generic, timings, kinds = [], 0, 0, [], Counter()
    for case in cases:
        got = outcome(client, url, token, case["text"])
        right, facet_right, wrong_procedure = judge(case, got)
        per_class[case["expect"]].append(right)
        if case["expect"] == "procedure":
            facets.append(facet_right)
        wrong += wrong_procedure
        generic += bool(got["buttons"]) and all(b in BARE_INTENTS for b in got["buttons"])
        route = got["route"] or {}
        kinds[(case["expect"], route.get("kind") or f"({','.join(got['actions'][:1])})")] += 1
        if route.get("ms") is not None:
            timings.append(route["ms"])
        if show_errors and not right:
            print(f"   [{case['expect']} → {route.get('kind') or got['actions'][:1]} "
                  f"{route.get('procedure') or route.get('procedures') or route.get('articles') or ''}] "
                  f"intent={got['intent']} {case['text']!r}")
    everything = [r for rows in per_class.values() for r in rows]
    return {"per_class": per_class, "overall": sum(everything) / max(1, len(everything)), "n": len(everything),
            "facet": sum(facets) / max(1, len(facets)), "wrong": wrong / max(1, len(everything)), "generic": generic,
            "p95_ms": sorted(timings)[int(0.95 * (len(timings) - 1))] if timings else float("nan"),
            "median_ms": statistics.median(timings) if timings else float("nan"), "kinds": kinds}


def report(results: Dict[str, dict]) -> None:
    names = list(results)
    print(f"\n{'class':<18}" + "".join(f"{name:>16}" for name in names))
    for cls in CLASSES:
        cells = []
        for name in names:
            rows = results[name]["per_class"].get(cls, [])
            cells.append(f"{sum(rows) / max(1, len(rows)):.3f} ({len(rows):>3})")
        print(f"{cls:<18}" + "".join(f"{c:>16}" for c in cells))
    for label, key, fmt in (("overall", "overall", "{:.3f}"), ("procedure+facet", "facet", "{:.3f}"),
                            ("wrong procedure", "wrong", "{:.3f}"), ("generic did-you-mean", "generic", "{}"),
                            ("routing p50 ms", "median_ms", "{:.1f}"), ("routing p95 ms", "p95_ms", "{:.1f}")):
        print(f"{label:<18}" + "".join(f"{fmt.format(results[n][key]):>16}" for n in names))
    print(f"targets: overall ≥ {TARGETS['overall']}, legal (article in top 3) ≥ {TARGETS['legal']}, "
          f"wrong procedure ≤ {TARGETS['wrong_procedure']}, generic did-you-mean = 0")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT / "tests" / "dev" / "routing.yml")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "heldout" / "routing.yml")
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--auth-token", default="", help="the --auth-token of a server run with --enable-api")
    parser.add_argument("--start", action="store_true", help="start the assistant on --port and stop it after")
    parser.add_argument("--port", type=int, default=5016)
    parser.add_argument("--quiet", action="store_true", help="do not list the development set's failures")
    args = parser.parse_args(argv)
    process, url, token = None, args.url, args.auth_token
    if args.start:
        url, token = f"http://127.0.0.1:{args.port}", secrets.token_urlsafe(24)
        log = Path(tempfile.mkdtemp(prefix="bench-routing-")) / "server.log"
        process = start_servers(args.port, secrets.token_urlsafe(36), log, f"--enable-api --auth-token {token}")
    try:
        with httpx.Client(timeout=60) as client:
            results = {}
            if args.dev.is_file():
                print(f"development set ({args.dev.name}) failures:" if not args.quiet else "")
                results["dev"] = evaluate(client, url, token, load(args.dev), not args.quiet)
            results["held-out"] = evaluate(client, url, token, load(args.heldout), False)
    finally:
        if process is not None:
            stop_servers(process)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
