#!/usr/bin/env bash
# The kubeconfig's credential plugin, written by `tfs-deploy setup`: kubectl runs it for every
# command. While the ExecCredential `tfs-deploy token` cached for these credentials is valid it is
# printed from here, with no JVM started; otherwise tfs-deploy token runs (and refreshes the cache).
# The key and checks are TokenCache's (dev.tfsdeploy.cluster.kubeconfig): keep them the same.
set -u
cache_dir=@CACHE_DIR@
export TFS_DEPLOY_TOKEN_CACHE="$cache_dir"

from_cache() {
  local credentials
  if [ $# -eq 3 ] && [ "$1" = token ] && [ "$2" = --credentials ]; then
    credentials=$3
  elif [ $# -eq 1 ] && [ "$1" = token ] && [ -n "${GOOGLE_APPLICATION_CREDENTIALS:-}" ]; then
    credentials=$GOOGLE_APPLICATION_CREDENTIALS
  else
    return 1
  fi
  case "${KUBERNETES_EXEC_INFO:-}" in
    '' | *'"apiVersion":"client.authentication.k8s.io/v1"'*) ;;
    *) return 1 ;;
  esac
  local sha content key file expires now
  if command -v sha256sum >/dev/null 2>&1; then sha=(sha256sum); else sha=(shasum -a 256); fi
  content=$("${sha[@]}" <"$credentials" 2>/dev/null) || return 1
  key=$(printf 'v1\n%s\n%s\n' "$credentials" "${content%% *}" | "${sha[@]}") || return 1
  file=$cache_dir/${key%% *}.json
  [ -f "$file" ] && [ ! -L "$file" ] && [ -O "$file" ] || return 1
  [ "$(stat -c %a "$file" 2>/dev/null || stat -f %Lp "$file" 2>/dev/null)" = 600 ] || return 1
  expires=$(grep -o '"expirationTimestamp":"[^"]*"' "$file") || return 1
  expires=${expires#*:\"}
  expires=${expires%\"}
  expires=$(date -u -d "$expires" +%s 2>/dev/null ||
    date -u -j -f '%Y-%m-%dT%H:%M:%SZ' "$expires" +%s 2>/dev/null) || return 1
  now=$(date -u +%s)
  [ "$expires" -gt $((now + 60)) ] || return 1
  grep -q '"token":"[^"]' "$file" || return 1
  cat "$file"
}

from_cache "$@" && exit 0
exec @JAVA_COMMAND@ "$@"
