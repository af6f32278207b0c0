#!/usr/bin/env bash
# Fails when any Swift file is not formatted as `swift format` (with the committed .swift-format) would format it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive Sources Tests Benchmarks Package.swift
scripts/check-imports.sh
# Page templates escape every value: a triple mustache (or its `{{& }}` twin) would print one unescaped. The one
# exception is the console's ticket rows, which `TicketRowsHTML` writes with every value escaped (PageEscapingTests
# holds it to that one place).
if grep -rnE '\{\{\{|\{\{&' Sources/HavenWeb | grep -vE '^Sources/HavenWeb/Templates/TicketTemplates.swift:[0-9]+: +\{\{\{ticket_rows\}\}\}$'; then
    echo "validate: unescaped mustache tags in the page templates (listed above)" >&2
    exit 1
fi
