#!/usr/bin/env bash
# Fails when any Swift file is not formatted as `swift format` (with the committed .swift-format) would format it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive Sources Tests Benchmarks Package.swift
scripts/check-imports.sh
# Page templates escape every value: a triple mustache (or its `{{& }}` twin) would print one unescaped. The two
# exceptions are the console's ticket rows, which `TicketRowsHTML` writes with every value escaped, and a help
# article's body, which `SafeHTML` writes from an allowlist (PageEscapingTests holds them to those two places).
if grep -rnE '\{\{\{|\{\{&' Sources/HavenWeb \
    | grep -vE '^Sources/HavenWeb/Templates/TicketTemplates.swift:[0-9]+: +\{\{\{ticket_rows\}\}\}$' \
    | grep -vE '^Sources/HavenWeb/Templates/HelpTemplates.swift:[0-9]+: +<div class="article-body" id="article-body">\{\{\{article_html\}\}\}</div>$'; then
    echo "validate: unescaped mustache tags in the page templates (listed above)" >&2
    exit 1
fi
