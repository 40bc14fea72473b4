#!/usr/bin/env bash
# Renders an $audit HTML report in a real browser (headless Chromium) and prints the screenshot's path.
#
# Usage:
#   scripts/render-audit-report.sh [report.html] [screenshot.png]
#
#   report.html     the page to render; default fhir-plugin/target/audit-report.html, which
#                   `mvn -pl fhir-plugin test` writes (AuditNarrativeTest renders a sample audit)
#   screenshot.png  where to write the screenshot; default: the report's path with .png
#
# To check the report a live server answers, save it first and pass it in:
#   curl -s 'http://localhost:8080/fhir/Organization/<id>/$audit?_format=html&persist=false' > /tmp/audit.html
#   scripts/render-audit-report.sh /tmp/audit.html
#
# What it does:
#   1. installs Debian's `chromium` package when no chromium is on the PATH (apt-get; needs root or sudo);
#   2. screenshots the page headless at 1200x1600 with a fresh, throw-away browser profile and no
#      network services (no sync, no component updates, no background networking);
#   3. also prints it to PDF as Chromium's print preview would, and, when `pdftoppm` (poppler-utils)
#      is installed, turns the PDF's first page into <screenshot>-print.png, to check the report in
#      black and white on paper.
# It prints the path of every file it wrote, the screenshot first. Look at them: the bar chart with
# its goal line, the bars and cells below goal (hatched and marked "below goal", not by colour alone).
#
# Environment: CHROMIUM (browser binary, default: chromium), WINDOW_SIZE (default: 1200,1600),
# PRINT_PREVIEW=0 to skip the PDF.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
html="${1:-$repo/fhir-plugin/target/audit-report.html}"
png="${2:-${html%.*}.png}"
browser="${CHROMIUM:-chromium}"
window="${WINDOW_SIZE:-1200,1600}"

if [[ ! -f "$html" ]]; then
	echo "No report at $html: run 'mvn -B -pl fhir-plugin test' first, or pass an HTML file." >&2
	exit 1
fi

if ! command -v "$browser" > /dev/null 2>&1; then
	echo "Installing Debian's chromium package..." >&2
	sudo=""
	if [[ "$(id -u)" != 0 ]]; then
		sudo="sudo"
	fi
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		chromium fonts-dejavu-core >&2
fi

html="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
mkdir -p "$(dirname "$png")"
png="$(cd "$(dirname "$png")" && pwd)/$(basename "$png")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

chromium_headless() {
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" > /dev/null 2>&1
}

rm -f "$png"
chromium_headless --screenshot="$png" --window-size="$window" "file://$html"
if [[ ! -s "$png" ]]; then
	echo "Chromium wrote no screenshot to $png" >&2
	exit 1
fi
echo "$png"

if [[ "${PRINT_PREVIEW:-1}" != 0 ]]; then
	pdf="${png%.png}-print.pdf"
	rm -f "$pdf"
	if chromium_headless --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" && [[ -s "$pdf" ]]; then
		echo "$pdf"
		if command -v pdftoppm > /dev/null 2>&1; then
			pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "${png%.png}-print"
			echo "${png%.png}-print.png"
		fi
	else
		echo "Chromium could not print $html to PDF (print preview skipped)" >&2
	fi
fi
