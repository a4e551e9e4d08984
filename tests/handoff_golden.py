"""Rewrites the hand-off golden table's expected results (``tests/fixtures/handoff_golden.yml``).

Rewriting is a decision, never a side effect of the test run: after a change that is meant to
change the links, run

    PYTHONPATH=. python tests/handoff_golden.py

It keeps each case's name, target and context as they are, recomputes url, subject, description,
details and travels with the Python builder, refuses to write if the browser's builder (through the Node
bridge) gives anything else, and prints the cases that changed, for the commit message. Add a case
by appending an entry with ``name``, ``target`` and ``context`` (the results are filled in).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from kbgen.handoff.builder import Context, build

TABLE = Path(__file__).resolve().parent / "fixtures" / "handoff_golden.yml"
RESULTS = ("url", "subject", "description", "details", "travels")


def expected(case: dict[str, Any]) -> dict[str, Any]:
    result = build(case["target"], Context(**case["context"]))
    return {"name": case["name"], "target": case["target"], "context": case["context"], "url": result.url,
            "subject": result.subject, "description": result.description, "details": result.details,
            "travels": result.travels}


def main() -> int:
    from tests.node_bridge import NodeBridge

    text = TABLE.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    cases = yaml.safe_load(text)
    rewritten = [expected(case) for case in cases]
    bridge = NodeBridge()
    try:
        disagree = [new["name"] for new in rewritten
                    if {k: v for k, v in bridge.call("build", target=new["target"], context=new["context"]).items()
                        if k in RESULTS} != {k: new[k] for k in RESULTS}]
    finally:
        bridge.close()
    if disagree:
        print("the two builders disagree, nothing written:\n  " + "\n  ".join(disagree), file=sys.stderr)
        return 1
    changed = [new["name"] for old, new in zip(cases, rewritten, strict=True)
               if any(old.get(k) != new[k] for k in RESULTS)]
    TABLE.write_text(header + yaml.safe_dump(rewritten, allow_unicode=True, sort_keys=False, width=100),
                     encoding="utf-8")
    print(f"{len(rewritten)} cases, {len(changed)} changed" + "".join(f"\n  {name}" for name in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
