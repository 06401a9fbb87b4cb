#!/usr/bin/env bash
# System packages dossiergen needs on Debian 12: WeasyPrint's Pango stack, the fonts the
# project sets Korean, Khmer and Latin in, ICU for Khmer word breaks (PyICU builds
# against it), HarfBuzz's subsetter for small PDFs, poppler for the tests and the preview,
# faketime for the test that renders under another clock, strace for the test that a render
# runs no compiler or linker, Chromium for the preview's browser tests (Playwright drives
# Debian's build, so it downloads no browser), and Apache PDFBox Preflight with a headless
# Java runtime, the PDF/A validator the tests run (tests/pdf_validators.py; libactivation and
# libjaxb-api are jars it needs at run time), and SoftHSM2, the PKCS#11 token the tests sign with
# (tests/softhsm.py).
# Safe to re-run: it installs only what is missing.
set -euo pipefail

PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-noto-core fonts-nanum fonts-khmeros
  libicu-dev pkg-config g++
  poppler-utils faketime strace
  chromium
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  softhsm2
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
