#!/usr/bin/env bash
# .ci/pdf.sh: installs poppler-utils (pdftoppm, pdftotext) when missing; the document tests
# render the generated BOL PDF with them. Under CI=true a missing pdftoppm fails those tests.
set -euo pipefail
if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; then
  exit 0
fi
echo "pdf: installing poppler-utils (pdftoppm, pdftotext)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
command -v pdftoppm >/dev/null
