#!/usr/bin/env bash
# Fails when any Swift file is not formatted as `swift format` (with the committed .swift-format) would format it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive Sources Tests Package.swift
scripts/check-imports.sh
