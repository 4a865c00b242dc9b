#!/usr/bin/env bash
# Regenerates the survey oracle fixture (Tests/ToplineTests/Fixtures/survey/):
# installs R and R `survey` from Debian when they are missing, then runs
# Tests/oracle/generate_survey_cases.R. CI never runs this; the output is
# committed. See Tests/oracle/README.md.
#
#     bash Tests/oracle/generate_survey_cases.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'quit(status = !requireNamespace("survey", quietly = TRUE))' >/dev/null 2>&1; then
  echo "== installing r-base-core and r-cran-survey with apt-get"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends r-base-core r-cran-survey
fi

Rscript Tests/oracle/generate_survey_cases.R "$@"
