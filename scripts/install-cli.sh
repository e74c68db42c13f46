#!/usr/bin/env bash
# Puts the tfs-deploy CLI of this action's own version on PATH for the job's later steps, as a
# `tfs-deploy` launcher in $RUNNER_TEMP/tfs-deploy-cli/bin.
#
#   install-cli.sh release   the jar attached to the GitHub Release of the action's ref (a version
#                            tag, or a major tag such as v1 on the same commit as one), checked
#                            against the SHA-256 file beside it. Step outputs: installed=true with
#                            jar, or installed=false with jar-dir and source-key for the cache and
#                            build.
#   install-cli.sh build     when the release step installed nothing (a branch or commit ref, or a
#                            release without the jar): the jar the cache restored into JAR_DIR, else
#                            one built from the action's own source with the Maven wrapper. Either
#                            way (JAR: the release step's jar) step outputs aot-cache and aot-key,
#                            the path and actions/cache key of the jar's ahead-of-time cache.
#   install-cli.sh aot       makes the ahead-of-time cache AOT_CACHE (see make_aot_cache) unless
#                            the one actions/cache restored there is usable; never fails the job.
#   install-cli.sh launcher DIR [JAR]
#                            for a laptop: writes DIR/tfs-deploy, a launcher like the action's, with
#                            a copy of JAR (default: cli/target/tfs-deploy.jar, built by
#                            `./mvnw -q -B -DskipTests package`) beside it, so that the docs'
#                            `tfs-deploy ...` examples run as written once DIR is on PATH. On JDK 25+
#                            it also makes the jar's ahead-of-time cache.
#
# Java: TFS_DEPLOY_JAVA (a java executable), else $JAVA_HOME/bin/java (the actions install Temurin
# 25 with actions/setup-java), else java on PATH; the launcher keeps the one it was installed with.
# The jar itself runs on Java 17 and later.
#
# Environment: ACTION_REF and ACTION_REPOSITORY (github.action_ref / github.action_repository,
# passed through the step's env: because they are empty inside a composite action's run:),
# GITHUB_SERVER_URL, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH; for build also INSTALLED, JAR_DIR,
# JAR; for aot AOT_CACHE.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tfs-deploy-cli"
server="${GITHUB_SERVER_URL:-https://github.com}"
jar_name=tfs-deploy.jar
java="${TFS_DEPLOY_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
# A stale cache (another jar or JDK build) is ignored; the JVM's warnings about it would go to the
# CLI's stdout, which carries only results.
quiet_cache=('-Xlog:aot*=off' '-Xlog:cds*=off')
# The JDK from which java can make and use an ahead-of-time cache in one training run (JEP 514).
aot_release=25
# The jar's Main-Class (LauncherIT checks the two agree). The launcher starts it from the class path,
# not with -jar: -jar reads the jar's central directory (28,000 entries) once more for the manifest,
# ~30 ms of each start.
main_class=dev.tfsdeploy.cli.Main

log() { printf '%s\n' "$*" >&2; }

# sha256sum (Linux) or shasum (macOS), with sha256sum's output.
if command -v sha256sum >/dev/null 2>&1; then sha256=(sha256sum); else sha256=(shasum -a 256); fi

# "<commit> <tag>" for every tag of the action's repository (annotated tags peeled to their commit).
remote_tags() {
  GIT_TERMINAL_PROMPT=0 git ls-remote --tags "$server/$ACTION_REPOSITORY" | awk '
    { name = $2; sub("^refs/tags/", "", name)
      if (name ~ /\^\{\}$/) { sub(/\^\{\}$/, "", name); peeled[name] = $1 } else { direct[name] = $1 } }
    END { for (n in direct) print ((n in peeled) ? peeled[n] : direct[n]), n }'
}

# The version tag (vX.Y.Z) of the action's ref: the ref itself, or the newest one on the same commit.
release_tag() {
  [ -n "${ACTION_REF:-}" ] && [ -n "${ACTION_REPOSITORY:-}" ] || return 0
  local tags commit
  tags="$(remote_tags)" || { log "cannot list the tags of $server/$ACTION_REPOSITORY"; return 0; }
  if [[ "$ACTION_REF" =~ ^[0-9a-f]{40}$ ]]; then
    commit="$ACTION_REF"
  else
    commit="$(awk -v ref="$ACTION_REF" '$2 == ref { print $1 }' <<<"$tags")"
  fi
  [ -n "$commit" ] || return 0
  awk -v commit="$commit" '$1 == commit { print $2 }' <<<"$tags" | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true
}

# A short digest of everything the jar is built from: the cache key of a source build.
source_key() {
  (cd "$root" && find pom.xml cli/pom.xml cli/src/main .mvn mvnw -type f -print0 | LC_ALL=C sort -z | xargs -0 "${sha256[@]}") \
    | "${sha256[@]}" | cut -c1-20
}

# The JVM options of scripts/java-options as words (none holds a space).
java_options_words() {
  grep -v -e '^#' -e '^$' "$root/scripts/java-options" | tr '\n' ' '
}

# The JVM options of scripts/java-options, shell-quoted on one line.
java_options() {
  local option quoted=()
  while IFS= read -r option; do
    case "$option" in '' | '#'*) continue ;; esac
    quoted+=("$(printf '%q' "$option")")
  done <"$root/scripts/java-options"
  printf '%s' "${quoted[*]}"
}

# The feature release of a java executable (17, 25, ...); 0 when it cannot be told.
java_release() {
  local banner
  banner="$("$1" -version 2>&1 | head -n 1)" || true
  if [[ "$banner" =~ version\ \"(1\.)?([0-9]+) ]]; then echo "${BASH_REMATCH[2]}"; else echo 0; fi
}

# tfs-deploy.aot beside tfs-deploy.jar.
aot_cache_of() { printf '%s.aot\n' "${1%.jar}"; }

# A cache is made for one jar, and carries that jar's modification time once made (touch -r). Only
# a cache whose time equals its jar's is used, by the launcher (bash's -nt/-ot, no fork) and by the
# token plugin: the JVM's own check is not enough. JDK 25.0.3 did not compare the jar with a cache
# that needs nothing from the jar at start, and ran the cached classes beside another jar
# (LauncherIT). With the fixed time stamp of the job's jar, a restored cache matches too.
aot_cache_matches() { [ -f "$2" ] && ! [ "$1" -nt "$2" ] && ! [ "$1" -ot "$2" ]; }

# The command lines of the cache's training run, separated by ';' (see cli's AotTraining): the
# quick, offline ones every user starts, and commands that fail at once here (an unresolvable
# host, RFC 6761) but load their clients on the way.
training_commands() {
  local kube="$root/.kube" experiment work="$1"
  printf '%s\n' --version ';' --help ';'
  for command in token setup download build-image deploy render run; do
    printf '%s\n' "$command" --help ';'
  done
  experiment="$(find "$kube/experiments" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | LC_ALL=C sort | head -n 1)"
  if [ -n "$experiment" ]; then
    printf '%s\n' experiments --kube-dir "$kube" ';'
    printf '%s\n' render --kube-dir "$kube" --experiment "$(basename "$experiment")" --image registry.invalid/m@sha256:"$(printf '0%.0s' {1..64})" ';'
  fi
  if [ -f "$root/examples/half_plus_two.tar.gz" ]; then
    printf '%s\n' extract "$root/examples/half_plus_two.tar.gz" --model-name half_plus_two --out "$work/models" ';'
    printf '%s\n' inspect "$work/models/half_plus_two" ';'
  fi
  printf '%s\n' download --github-api-url https://api.nonexistent.invalid --repo a/b --release-tag v1 --out "$work/download" ';'
  # token, which kubectl starts for every call: a throwaway service-account key (signing included)
  # whose token endpoint does not resolve.
  if openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/training.pem" 2>/dev/null; then
    printf '{"type": "service_account", "project_id": "training", "private_key_id": "0", "client_id": "0",
 "client_email": "training@training.iam.gserviceaccount.com",
 "token_uri": "https://oauth2.nonexistent.invalid/token", "private_key": "%s"}\n' \
      "$(awk '{ printf "%s\\n", $0 }' "$work/training.pem")" >"$work/training-key.json"
    printf '%s\n' token --credentials "$work/training-key.json" ';'
  fi
}

# Makes the ahead-of-time cache of the jar at this (absolute) path (JDK 25+: -XX:AOTCacheOutput)
# by a training run of AotTraining, unless the one beside it is usable (-XX:AOTMode=on refuses to
# start with any other). Classes arrive loaded and linked, and with JDK 25 method profiles too; java
# uses it only with the same jar (path, size, time stamp) on the same JDK build and ignores it
# otherwise. Written to a temporary file and renamed. Returns 1, with a log line, when none is made.
make_aot_cache() {
  local jar="$1" cache partial work release started=$SECONDS options=()
  cache="$(aot_cache_of "$jar")"
  release="$(java_release "$java")"
  if [ "$release" -lt "$aot_release" ]; then
    log "no ahead-of-time cache: $java is Java $release, the cache needs $aot_release+ (set TFS_DEPLOY_JAVA or JAVA_HOME)"
    return 1
  fi
  read -r -a options <<<"$(java_options_words)"
  if aot_cache_matches "$jar" "$cache" && "$java" -XX:AOTMode=on -XX:AOTCache="$cache" "${quiet_cache[@]}" "${options[@]}" -cp "$jar" "$main_class" --version >/dev/null 2>&1; then
    log "ahead-of-time cache $cache: up to date"
    return 0
  fi
  work="$(mktemp -d "${TMPDIR:-/tmp}/tfs-deploy-training.XXXXXX")"
  partial="$cache.partial$$"
  local commands=()
  mapfile -t commands < <(training_commands "$work")
  # The same JVM options as the launcher's: the cache is made for them (the collector above all).
  if "$java" -XX:AOTCacheOutput="$partial" "${options[@]}" -cp "$jar" dev.tfsdeploy.cli.AotTraining "${commands[@]}" \
      >"$work/training.log" 2>&1 && [ -s "$partial" ] && touch -m -r "$jar" "$partial" && mv -f "$partial" "$cache"; then
    rm -rf "$work" "$partial.config"
    log "ahead-of-time cache $cache made in $((SECONDS - started)) s ($(($(wc -c <"$cache") / 1048576)) MiB)"
    return 0
  fi
  log "no ahead-of-time cache for $jar: the training run failed ($(grep -v '^Picked up' "$work/training.log" | tail -n 2 | tr '\n' ' ')); the CLI starts without one"
  rm -rf "$work" "$partial" "$partial.config"
  return 1
}

# Writes the launcher BIN/tfs-deploy for JAR: scripts/java-options (not for loadtest, see there),
# and the ahead-of-time cache beside the jar when, at a start, it is there and matches the jar (see
# aot_cache_matches: one made, replaced or removed later is taken into account).
write_launcher() {
  local bin="$1" jar="$2" cache
  cache="$(aot_cache_of "$jar")"
  mkdir -p "$bin"
  # shellcheck disable=SC2016 # "$@" and "${options[@]}" are the launcher's, expanded when it runs
  {
    printf '#!/usr/bin/env bash\n'
    printf 'options=(%s)\n' "$(java_options)"
    printf 'for arg in "$@"; do case "$arg" in -*) ;; loadtest) exec %q -cp %q %q "$@" ;; *) break ;; esac; done\n' \
      "$java" "$jar" "$main_class"
    declare -f aot_cache_matches
    printf 'if aot_cache_matches %q %q; then\n  exec %q %q %s"${options[@]}" -cp %q %q "$@"\nfi\n' \
      "$jar" "$cache" "$java" "-XX:AOTCache=$cache" "$(printf '%q ' "${quiet_cache[@]}")" "$jar" "$main_class"
    printf 'exec %q "${options[@]}" -cp %q %q "$@"\n' "$java" "$jar" "$main_class"
  } >"$bin/tfs-deploy.partial$$"
  chmod +x "$bin/tfs-deploy.partial$$"
  mv -f "$bin/tfs-deploy.partial$$" "$bin/tfs-deploy"
}

# The laptop install: DIR/tfs-deploy and DIR/tfs-deploy.jar (a copy, so that rebuilding the source
# neither breaks the launcher nor makes its cache stale), with the cache on JDK 25+.
install_local() {
  local dir="$1" source="$2" jar
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  jar="$dir/$jar_name"
  # An unchanged jar is left as it is: its time stamp is part of what the cache checks.
  if ! cmp -s "$source" "$jar"; then
    cp -f "$source" "$jar.partial$$" && mv -f "$jar.partial$$" "$jar"
  fi
  make_aot_cache "$jar" || true
  write_launcher "$dir" "$jar"
  log "$dir/tfs-deploy: $("$dir/tfs-deploy" --version) on $java"
  case ":$PATH:" in
    *":$dir:"*) ;;
    *) log "add $dir to PATH to run it as tfs-deploy" ;;
  esac
}

# The job's install: the launcher in $home/bin, on PATH for the later steps. The jar's time stamp
# is set to a fixed one: the cache checks it, and the jar that actions/cache keys it with (by its
# SHA-256) is downloaded or built anew in each job.
install_launcher() {
  local jar="$1" bin="$home/bin"
  touch -m -d '2000-01-01T00:00:00Z' "$jar"
  write_launcher "$bin" "$jar"
  echo "$bin" >>"$GITHUB_PATH"
  log "tfs-deploy $("$bin/tfs-deploy" --version) from $jar"
}

# The actions/cache key of a jar's ahead-of-time cache: what java checks before it uses one (the
# jar, the JDK build, the machine).
aot_key() {
  local digest runtime
  digest="$("${sha256[@]}" "$1" | cut -c1-20)"
  runtime="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p' | head -n 1)"
  printf 'tfs-deploy-aot-%s-java-%s-%s-%s\n' "$digest" "${runtime:-unknown}" "$(uname -s)" "$(uname -m)"
}

output() { echo "$1=$2" >>"$GITHUB_OUTPUT"; }

from_release() {
  local tag dir
  tag="$(release_tag)"
  if [ -z "$tag" ]; then
    log "no release of ${ACTION_REPOSITORY:-this action} for ref '${ACTION_REF:-}': the CLI is built from the action's source"
    return 1
  fi
  dir="$home/release-$tag"
  if [ ! -f "$dir/$jar_name" ]; then
    local url="$server/$ACTION_REPOSITORY/releases/download/$tag" partial
    partial="$(mktemp -d "$home/download.XXXXXX")"
    if ! curl -fsSL --retry 3 -o "$partial/$jar_name" "$url/$jar_name" \
      || ! curl -fsSL --retry 3 -o "$partial/$jar_name.sha256" "$url/$jar_name.sha256"; then
      rm -rf "$partial"
      log "release $tag has no $jar_name to download: the CLI is built from the action's source"
      return 1
    fi
    local expected actual
    expected="$(cut -d' ' -f1 "$partial/$jar_name.sha256")"
    actual="$("${sha256[@]}" "$partial/$jar_name" | cut -d' ' -f1)"
    if [ "$expected" != "$actual" ]; then
      rm -rf "$partial"
      echo "::error::$jar_name of release $tag has SHA-256 $actual, but $jar_name.sha256 says $expected"
      exit 1
    fi
    log "$jar_name of release $tag: SHA-256 $actual verified"
    rm -rf "$dir" && mv "$partial" "$dir"
  fi
  installed_jar="$dir/$jar_name"
  install_launcher "$installed_jar"
}

case "${1:-}" in
  release)
    mkdir -p "$home"
    if from_release; then
      output installed true
      output jar "$installed_jar"
    else
      key="$(source_key)"
      output installed false
      output source-key "$key"
      output jar-dir "$home/source-$key"
    fi
    ;;
  build)
    if [ "${INSTALLED:-}" = true ]; then
      jar="${JAR:?JAR: the jar output of the release step}"
    else
      dir="${JAR_DIR:?JAR_DIR: the jar-dir output of the release step}"
      jar="$dir/$jar_name"
      if [ -f "$jar" ]; then
        log "$jar_name restored from the cache"
      else
        log "building $jar_name from $root (Maven wrapper)"
        (cd "$root" && ./mvnw -B -ntp -q -DskipTests -Derrorprone.skip package)
        mkdir -p "$dir"
        cp "$root/cli/target/$jar_name" "$jar"
      fi
      install_launcher "$jar"
    fi
    output aot-cache "$(aot_cache_of "$jar")"
    output aot-key "$(aot_key "$jar")"
    ;;
  aot)
    cache="${AOT_CACHE:?AOT_CACHE: the aot-cache output of the build step}"
    make_aot_cache "${cache%.aot}.jar" || true
    ;;
  launcher)
    [ -n "${2:-}" ] || { log "usage: install-cli.sh launcher DIR [JAR]"; exit 2; }
    source_jar="${3:-$root/cli/target/$jar_name}"
    [ -f "$source_jar" ] || { log "no jar $source_jar: build it with ./mvnw -q -B -DskipTests package"; exit 1; }
    install_local "$2" "$source_jar"
    ;;
  *)
    log "usage: install-cli.sh release|build|aot|launcher DIR [JAR]"
    exit 2
    ;;
esac
