"""Check the pinned dependencies against published vulnerability advisories.

    python scripts/audit.py [--lock requirements/lock.txt] [--service pypi|osv]

Runs pip-audit over exactly the hashed lock (``--disable-pip --no-deps``:
nothing is installed or resolved). Exit 0: no known vulnerability; 1: some
found (listed); 2: the audit could not run — pip-audit missing, or the
advisory data unreachable (offline) — and the message says the lock was NOT
audited, so an offline run is never mistaken for a clean one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OFFLINE_SIGNS = (
    "ConnectionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "Name or service not known",
    "timed out",
    "ProxyError",
    "SSLError",
)


def find_pip_audit() -> str | None:
    beside = Path(sys.executable).parent / "pip-audit"
    return str(beside) if beside.exists() else shutil.which("pip-audit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", default=str(ROOT / "requirements" / "lock.txt"))
    parser.add_argument("--service", choices=("pypi", "osv"), default="pypi")
    args = parser.parse_args()
    tool = find_pip_audit()
    if tool is None:
        print("NOT AUDITED: pip-audit is not installed; run `.venv/bin/pip install pip-audit`.")
        return 2
    command = [
        tool,
        "--requirement",
        args.lock,
        "--require-hashes",
        "--disable-pip",
        "--no-deps",
        "--vulnerability-service",
        args.service,
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--timeout",
        "30",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0 and any(sign in output for sign in OFFLINE_SIGNS):
        print(
            f"NOT AUDITED: the advisory data ({args.service}) could not be reached; this machine "
            "looks offline. Run `make audit` again with network access to PyPI."
        )
        print(output.strip().splitlines()[-1] if output.strip() else "")
        return 2
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(output.strip())
        print("NOT AUDITED: pip-audit gave no report (see above).")
        return 2
    return summarise(report.get("dependencies", []), args.lock, args.service)


def summarise(dependencies: list[dict[str, Any]], lock: str, service: str) -> int:
    """Print what was found and what could not be checked; return the exit status."""
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            pinned = f"{dep['name']}=={dep.get('version', '?')}"
            print(f"VULNERABLE {pinned}: {vuln['id']} (fixed in: {fixes})")
    audited = len(dependencies) - len(skipped)
    if skipped:
        names = ", ".join(f"{dep['name']}" for dep in skipped[:8])
        more = f" and {len(skipped) - 8} more" if len(skipped) > 8 else ""
        print(
            f"NOT AUDITED: {len(skipped)} of {len(dependencies)} pinned packages had no advisory "
            f"data from {service} ({names}{more}). The registry reachable here serves packages "
            "but not the advisory API; run `make audit` where pypi.org or api.osv.dev answers."
        )
    if vulnerable:
        return 1
    if skipped:
        return 2
    print(f"audit: {audited} pinned packages in {lock}, no known vulnerabilities ({service})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
