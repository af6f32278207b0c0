#!/usr/bin/env bash
# Fails when a target imports a module its Package.swift entry does not declare (the toolchain's own modules aside):
# an undeclared import compiles only by accident of another target's dependencies, and breaks when they change.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-package 2>/dev/null | python3 -c '
import json, os, re, sys
toolchain = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Darwin",
             "Synchronization", "Testing", "XCTest", "_Concurrency"}
package = json.load(sys.stdin)
failures = []
for target in package["targets"]:
    name = target["name"]
    declared = {v[0] for dep in target.get("dependencies", []) for v in dep.values()}
    folder = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    if not os.path.isdir(folder):
        continue
    for root, _, files in os.walk(folder):
        for file in files:
            if not file.endswith(".swift"):
                continue
            text = open(os.path.join(root, file)).read()
            for module in re.findall(r"^(?:public |internal |package |@testable )?import (\w+)", text, re.M):
                if module not in declared and module not in toolchain and module != name:
                    failures.append(f"{os.path.join(root, file)} imports {module}, which target {name} does not declare")
for line in sorted(set(failures)):
    print(line)
sys.exit(1 if failures else 0)
'
