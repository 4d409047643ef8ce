#!/usr/bin/env bash
# Kizashi Kibana saved objects: load them into Kibana, or export the dashboard back into the repo.
#
#   kibana.sh load   --kibana URL [--space S] [--file F]   import (overwrite=true: idempotent)
#   kibana.sh export --kibana URL [--space S] [--file F]   export the dashboard with everything it
#                                                          references, normalised, into F
#
# F defaults to dashboards/saved-objects/kizashi.ndjson beside this script. URL may also come from
# KIBANA_URL. Credentials (never on the command line): KIBANA_API_KEY (encoded API key), or
# KIBANA_USERNAME + KIBANA_PASSWORD; KIBANA_CA_CERT trusts a CA file for https.
# The export is normalised so edits round-trip as small diffs: one object per line, keys sorted,
# objects sorted by type and id, volatile fields (updated_at, created_at, version, namespaces, ...)
# and the export summary line dropped. Needs curl and jq.
set -euo pipefail

SELF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FILE="$SELF_DIR/saved-objects/kizashi.ndjson"
DASHBOARD_ID="kizashi-churn-early-warning"
KIBANA="${KIBANA_URL:-}"
SPACE=""

die() { printf 'kibana.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

[ $# -ge 1 ] || { usage; exit 2; }
ACTION="$1"; shift
case "$ACTION" in
  load|export) ;;
  -h|--help|help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --kibana) KIBANA="${2:?--kibana needs a URL}"; shift 2 ;;
    --kibana=*) KIBANA="${1#*=}"; shift ;;
    --space) SPACE="${2:?--space needs a space id}"; shift 2 ;;
    --space=*) SPACE="${1#*=}"; shift ;;
    --file) FILE="${2:?--file needs a path}"; shift 2 ;;
    --file=*) FILE="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ -n "$KIBANA" ] || die "--kibana URL (or KIBANA_URL) is required"
case "$KIBANA" in http://*|https://*) ;; *) die "--kibana must be an http(s) URL: $KIBANA" ;; esac
case "$KIBANA" in *@*) die "do not put credentials into the URL; use KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD" ;; esac
command -v curl >/dev/null || die "curl is required"
command -v jq >/dev/null || die "jq is required (apt-get install jq)"
if [ -n "$SPACE" ] && ! [[ "$SPACE" =~ ^[a-z0-9_-]+$ ]]; then
  die "--space must be a Kibana space id (a-z, 0-9, _ and -): $SPACE"
fi

BASE="${KIBANA%/}"
[ -z "$SPACE" ] || [ "$SPACE" = "default" ] || BASE="$BASE/s/$SPACE"

# curl config on stdin keeps secrets out of the process list
curl_config() {
  printf 'header = "kbn-xsrf: kizashi"\n'
  if [ -n "${KIBANA_API_KEY:-}" ]; then
    printf 'header = "Authorization: ApiKey %s"\n' "$KIBANA_API_KEY"
  elif [ -n "${KIBANA_USERNAME:-}" ]; then
    printf 'user = "%s:%s"\n' "$KIBANA_USERNAME" "${KIBANA_PASSWORD:-}"
  fi
  if [ -n "${KIBANA_CA_CERT:-}" ]; then
    printf 'cacert = "%s"\n' "$KIBANA_CA_CERT"
  fi
}

# normalise an export (stdin) into the repository form (stdout)
normalise() {
  jq -c -S 'select(has("exportedCount") | not)
            | del(.updated_at, .created_at, .created_by, .updated_by, .version, .namespaces, .originId, .sort)' \
    | jq -s -c -S 'sort_by(.type, .id)[]'
}

case "$ACTION" in
  load)
    [ -f "$FILE" ] || die "no such file: $FILE"
    RESP="$(curl_config | curl -sS --fail-with-body -K - -X POST \
      "$BASE/api/saved_objects/_import?overwrite=true" \
      -F "file=@$FILE;type=application/ndjson;filename=$(basename "$FILE")")" \
      || die "import failed: $RESP"
    if [ "$(printf '%s' "$RESP" | jq -r '.success')" != "true" ]; then
      printf '%s\n' "$RESP" | jq . >&2 || printf '%s\n' "$RESP" >&2
      die "Kibana did not import everything (see errors above)"
    fi
    printf 'kibana.sh: imported %s saved objects into %s\n' \
      "$(printf '%s' "$RESP" | jq -r '.successCount')" "$BASE"
    ;;
  export)
    TMP="$(mktemp "${FILE}.XXXXXX")"
    trap 'rm -f "$TMP"' EXIT
    curl_config | curl -sS --fail-with-body -K - -X POST "$BASE/api/saved_objects/_export" \
      -H 'Content-Type: application/json' \
      --data "{\"objects\":[{\"type\":\"dashboard\",\"id\":\"$DASHBOARD_ID\"}],\"includeReferencesDeep\":true,\"excludeExportDetails\":false}" \
      -o "$TMP.raw" || { cat "$TMP.raw" >&2 2>/dev/null; rm -f "$TMP.raw"; die "export failed"; }
    MISSING="$(jq -r 'select(has("exportedCount")) | .missingRefCount' "$TMP.raw")"
    if [ -n "$MISSING" ] && [ "$MISSING" != "0" ]; then
      rm -f "$TMP.raw"; die "the export misses $MISSING referenced objects"
    fi
    normalise < "$TMP.raw" > "$TMP"
    rm -f "$TMP.raw"
    [ -s "$TMP" ] || die "the export was empty"
    mv "$TMP" "$FILE"
    trap - EXIT
    printf 'kibana.sh: exported %s saved objects into %s\n' "$(wc -l < "$FILE" | tr -d ' ')" "$FILE"
    ;;
esac
