"""Audit the locked dependencies for known vulnerabilities (pip-audit), with a reviewed exception list.

``python -m lapak audit`` runs pip-audit on ``requirements.lock`` and judges its JSON report:

- a known vulnerability that is not in ``docs/security/audit-exceptions.txt`` fails (exit 1);
- an exception names the advisory id, the package, why it does not apply and a date to review it by;
  an exception past that date fails too, so none is forgotten;
- when the vulnerability database cannot be reached (as on an offline build machine) no package can be
  audited: that is said plainly and fails only with ``--strict`` (production release builds use it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXCEPTIONS = ROOT / "docs" / "security" / "audit-exceptions.txt"


@dataclass(frozen=True)
class AuditException:
    advisory: str
    package: str
    review_by: date
    reason: str


@dataclass(frozen=True)
class Verdict:
    failed: bool
    lines: list[str]


def exceptions_read(text: str) -> list[AuditException]:
    """``ID | package | review-by (YYYY-MM-DD) | reason`` per line; ``#`` starts a comment."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4 or not all(parts):
            raise ValueError(
                f"audit-exceptions.txt line {number}: expected 'ID | package | YYYY-MM-DD | reason'"
            )
        found.append(AuditException(parts[0], parts[1].lower(), date.fromisoformat(parts[2]), parts[3]))
    return found


def audit_judge(report: dict, exceptions: list[AuditException], *, today: date, strict: bool) -> Verdict:
    dependencies = report.get("dependencies", [])
    allowed = {(e.advisory, e.package): e for e in exceptions}
    lines, failed = [], False
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            package = dependency["name"].lower()
            exception = next((allowed[(i, package)] for i in ids if (i, package) in allowed), None)
            where = f"{dependency['name']} {dependency.get('version', '')}: {vuln['id']}"
            if exception is None:
                failed = True
                lines.append(
                    f"VULNERABLE {where} (fixed in {', '.join(vuln.get('fix_versions', [])) or '?'})"
                )
            elif exception.review_by < today:
                failed = True
                lines.append(f"EXCEPTION EXPIRED {where}: review was due {exception.review_by}")
            else:
                lines.append(f"accepted {where}: {exception.reason} (review by {exception.review_by})")
    skipped = [d for d in dependencies if "skip_reason" in d]
    if dependencies and len(skipped) == len(dependencies):
        failed = failed or strict
        lines.append(
            f"NOT AUDITED: the vulnerability database was not reachable, none of {len(dependencies)} "
            "packages could be checked" + (" (--strict: failing)" if strict else "")
        )
    elif skipped:
        lines.append(f"not audited: {', '.join(d['name'] for d in skipped)}")
    if not failed and not lines:
        lines.append(f"{len(dependencies)} packages audited, no known vulnerabilities")
    return Verdict(failed=failed, lines=lines)


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    command = [
        sys.executable, "-m", "pip_audit", "-r", str(ROOT / "requirements.lock"), "--no-deps",
        "--disable-pip", "--progress-spinner", "off", "--format", "json", "--timeout", "20",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(f"pip-audit gave no report: {result.stderr.strip()[-400:]}", file=sys.stderr)
        return 1 if strict else 0
    exceptions = exceptions_read(EXCEPTIONS.read_text()) if EXCEPTIONS.exists() else []
    verdict = audit_judge(report, exceptions, today=date.today(), strict=strict)
    print("\n".join(verdict.lines))
    return 1 if verdict.failed else 0
