#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker (KRaft, combined broker and
# controller) on 127.0.0.1 without Docker. The jars come from Maven Central
# through infra/kafka/pom.xml and are cached, so only the first fetch needs
# the network. See infra/kafka/README.md for commands and variables.
#
# Progress and errors go to stderr. `start` prints exactly one line on
# stdout, KAFKA_BROKERS=127.0.0.1:PORT, so callers can eval or parse it.

set -euo pipefail

# Parameter expansion instead of dirname: under a PATH without coreutils,
# dirname would fail here before require_commands could name what is missing.
script_path="${BASH_SOURCE[0]}"
[[ "$script_path" == */* ]] || script_path="./$script_path"
SCRIPT_DIR="$(cd "${script_path%/*}" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
readonly SCRIPT_DIR REPO_ROOT
readonly POM="$SCRIPT_DIR/pom.xml"

readonly DEFAULT_PORT=19092
readonly MIN_JAVA_MAJOR=17

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { printf 'kafka.sh: error: %s\n' "$*" >&2; exit 1; }

require_commands() {
  local missing=() tool
  for tool in dirname sed grep head tail tr mkdir mktemp mv rm touch cat find wc seq sleep ps timeout setsid nohup; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  (( ${#missing[@]} == 0 )) \
    || die "required commands not found on PATH=$PATH: ${missing[*]}. Run with a PATH that contains coreutils, procps and util-linux (for example /usr/bin:/bin)"
}

usage() {
  cat >&2 <<'EOF'
Usage: infra/kafka/kafka.sh COMMAND [OPTIONS]

Commands:
  fetch                         Download the Kafka jars into the cache (skipped when cached).
  start [--port N] [--dir DIR]  Start the broker in the background and wait until it is ready.
                                N is the client port on 127.0.0.1 (default 19092, 0 = pick a free one).
                                On success the last stdout line is KAFKA_BROKERS=127.0.0.1:N.
  stop [--dir DIR]              Stop the broker (SIGTERM, then SIGKILL after the stop timeout).
  status [--dir DIR]            Print whether the broker is running. Exit code 0 = running, 3 = not running.
  help                          Print this text.

Environment:
  FLEKSI_KAFKA_HOME           Cache folder (default: <repo>/.fleksi/kafka).
  FLEKSI_KAFKA_DATA_DIR       Broker data folder (default: $FLEKSI_KAFKA_HOME/data).
  FLEKSI_KAFKA_PORT           Client port (default: 19092).
  FLEKSI_KAFKA_VERSION        Kafka version to fetch and run (default: kafka.version in pom.xml).
  FLEKSI_KAFKA_START_TIMEOUT  Seconds to wait for the broker to be ready (default: 90).
  FLEKSI_KAFKA_STOP_TIMEOUT   Seconds to wait after SIGTERM before SIGKILL (default: 60).
  FLEKSI_KAFKA_HEAP_OPTS      JVM heap options (default: -Xms256m -Xmx512m).
  JAVA_HOME                   JDK to use; otherwise `java` on PATH. Needs Java 17 or newer.
EOF
}

# ---------------------------------------------------------------------------
# Settings shared by all commands

kafka_home() { printf '%s\n' "${FLEKSI_KAFKA_HOME:-$REPO_ROOT/.fleksi/kafka}"; }

kafka_version() {
  if [[ -n "${FLEKSI_KAFKA_VERSION:-}" ]]; then
    printf '%s\n' "$FLEKSI_KAFKA_VERSION"
    return
  fi
  local version
  version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n 1)"
  [[ -n "$version" ]] || die "no <kafka.version> found in $POM: restore that property or set FLEKSI_KAFKA_VERSION"
  printf '%s\n' "$version"
}

libs_dir() { printf '%s/%s/libs\n' "$(kafka_home)" "$(kafka_version)"; }

# Written only after Maven has copied every jar, so an interrupted fetch is
# never mistaken for a complete cache.
fetch_marker() { printf '%s/%s/fetch.complete\n' "$(kafka_home)" "$(kafka_version)"; }

# Prints the current time in milliseconds. Bash 5 has EPOCHREALTIME. Older
# shells (macOS /bin/bash 3.2) fall back to whole seconds.
now_ms() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local micros="${EPOCHREALTIME/[.,]/}"
    printf '%s\n' $(( 10#$micros / 1000 ))
  else
    printf '%s\n' $(( SECONDS * 1000 ))
  fi
}

# Prints the time since $1 (from now_ms) as seconds with one decimal, e.g. 4.3s.
elapsed_since() {
  local ms=$(( $(now_ms) - $1 ))
  printf '%d.%ds\n' $(( ms / 1000 )) $(( ms % 1000 / 100 ))
}

is_port_number() { [[ "$1" =~ ^[0-9]+$ ]] && (( 10#$1 <= 65535 )); }

# Succeeds when something accepts TCP connections on 127.0.0.1:PORT.
port_accepts() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Prints a port on 127.0.0.1 that nothing listens on. The range 20000-32767
# lies below Linux's default ephemeral range (32768-60999), so outgoing
# connections do not take it away between this check and the broker's bind.
# NOTE: another program can still bind the port before the broker does. The
# broker then fails to start and `start` reports the bind error from its log.
pick_free_port() {
  local port _
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 12768 ))
    if ! port_accepts "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "found no free TCP port on 127.0.0.1 in 20000-32767 after 50 tries: free some ports or pass --port N"
}

# Sets JAVA_BIN to a Java 17+ launcher, or exits with what to install.
find_java() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    [[ -x "$JAVA_HOME/bin/java" ]] \
      || die "JAVA_HOME=$JAVA_HOME has no bin/java: point JAVA_HOME at a JDK $MIN_JAVA_MAJOR or newer, or unset it to use java from PATH"
    JAVA_BIN="$JAVA_HOME/bin/java"
  else
    JAVA_BIN="$(command -v java || true)"
    [[ -n "$JAVA_BIN" ]] \
      || die "java not found on PATH and JAVA_HOME is not set: install a JDK $MIN_JAVA_MAJOR or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  fi

  # `java -version` prints e.g. 'openjdk version "17.0.15" 2025-04-15' or,
  # for Java 8 and older, 'java version "1.8.0_392"'.
  local version_line major
  version_line="$("$JAVA_BIN" -version 2>&1 | head -n 1)" \
    || die "$JAVA_BIN -version failed: check the JDK installation ($version_line)"
  major="$(sed -n 's/.*version "\([0-9]*\).*/\1/p' <<<"$version_line")"
  [[ "$major" == 1 ]] && major=8
  [[ "$major" =~ ^[0-9]+$ ]] \
    || die "could not read the Java version from '$version_line' ($JAVA_BIN): use a JDK $MIN_JAVA_MAJOR or newer"
  (( major >= MIN_JAVA_MAJOR )) \
    || die "$JAVA_BIN is Java $major but Kafka $(kafka_version) brokers need Java $MIN_JAVA_MAJOR or newer: install a newer JDK and set JAVA_HOME to it"
}

# ---------------------------------------------------------------------------
# fetch

cmd_fetch() {
  local libs marker version
  libs="$(libs_dir)"
  marker="$(fetch_marker)"
  version="$(kafka_version)"

  if [[ -f "$marker" && -f "$libs/kafka_2.13-$version.jar" ]]; then
    log "Kafka $version jars already cached in $libs"
    return 0
  fi

  command -v mvn >/dev/null \
    || die "mvn not found on PATH: install Apache Maven 3.6 or newer (Debian: apt-get install maven). Maven downloads the Kafka jars into $libs once."
  find_java

  # Maven copies into a temporary folder that is renamed only on success,
  # so a failed or interrupted download leaves no partial cache behind.
  local staging maven_log started
  mkdir -p "$(dirname "$libs")"
  staging="$(mktemp -d "$(dirname "$libs")/libs.partial.XXXXXX")"
  maven_log="$staging.maven.log"
  started="$(now_ms)"
  log "downloading Kafka $version and its dependencies from Maven Central into $libs (first run only)"

  if ! mvn -B -f "$POM" dependency:copy-dependencies \
      -Dkafka.version="$version" -Dkafka.libs.dir="$staging" >"$maven_log" 2>&1; then
    grep -E '^\[(ERROR|WARNING)\]' "$maven_log" | tail -n 30 >&2 || tail -n 30 "$maven_log" >&2
    rm -rf "$staging"
    die "Maven could not fetch Kafka $version (full output: $maven_log): check that Maven Central is reachable and that FLEKSI_KAFKA_VERSION names a released version"
  fi

  [[ -f "$staging/kafka_2.13-$version.jar" ]] || {
    rm -rf "$staging"
    die "Maven finished but kafka_2.13-$version.jar is missing from its output (log: $maven_log): check infra/kafka/pom.xml"
  }

  rm -rf "$libs"
  mv "$staging" "$libs"
  rm -f "$maven_log"
  touch "$marker"
  log "cached $(find "$libs" -name '*.jar' | wc -l | tr -d ' ') jars for Kafka $version in $libs in $(elapsed_since "$started")"
}

# ---------------------------------------------------------------------------
# Broker process state, kept in the data folder

data_dir_from_args() {
  local dir="${FLEKSI_KAFKA_DATA_DIR:-$(kafka_home)/data}"
  while (( $# > 0 )); do
    case "$1" in
      --dir) [[ $# -ge 2 ]] || die "--dir needs a folder argument"; dir="$2"; shift 2 ;;
      --dir=*) dir="${1#--dir=}"; shift ;;
      *) shift ;;
    esac
  done
  [[ -n "$dir" ]] || die "the data folder is empty: pass --dir DIR or unset FLEKSI_KAFKA_DATA_DIR"
  # The path is made absolute because it is written into server.properties.
  # Only start creates the folder.
  if [[ -d "$dir" ]]; then
    (cd "$dir" && pwd)
  elif [[ "$dir" == /* ]]; then
    printf '%s\n' "$dir"
  else
    printf '%s/%s\n' "$PWD" "$dir"
  fi
}

pid_file() { printf '%s/kafka.pid\n' "$1"; }

# Prints the pid of the broker recorded for data folder $1 when that process
# is alive and is a Kafka broker. A pid file left by a crashed broker, whose
# pid may since have been given to an unrelated process, is ignored.
running_pid() {
  local file pid args
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" ]] || return 1
  args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *kafka.Kafka* ]] || return 1
  printf '%s\n' "$pid"
}

# Prints the client port written in the server.properties of data folder $1.
configured_port() {
  [[ -f "$1/server.properties" ]] || return 0
  sed -n 's/^advertised\.listeners=PLAINTEXT:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1/server.properties" 2>/dev/null | head -n 1
}

configured_controller_port() {
  [[ -f "$1/server.properties" ]] || return 0
  sed -n 's/^controller\.quorum\.voters=1@127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1/server.properties" 2>/dev/null | head -n 1
}

# ---------------------------------------------------------------------------
# start

write_server_properties() {
  local dir="$1" port="$2" controller_port="$3"
  # The voter list is static (controller.quorum.voters), not stored in the
  # metadata log, so a restart may move the controller to another port.
  cat >"$dir/server.properties" <<EOF
# Written by infra/kafka/kafka.sh on every start, so edits here are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$dir/kraft-logs

# One broker, so every internal topic has one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# The internal topics default to 50 partitions each. One local broker gains
# nothing from them, and each partition costs files and leader election.
offsets.topic.num.partitions=4
transaction.state.log.num.partitions=4
share.coordinator.state.topic.num.partitions=4

num.partitions=4
auto.create.topics.enable=true
# Consumer groups join at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
EOF
}

write_log4j_config() {
  # The broker prints its log to stdout, which `start` sends to server.log.
  cat >"$1/log4j2.properties" <<'EOF'
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

format_storage_if_needed() {
  local dir="$1" libs="$2"
  [[ -f "$dir/kraft-logs/meta.properties" ]] && return 0

  local cluster_id format_log="$dir/format.log"
  cluster_id="$("$JAVA_BIN" -cp "$libs/*" -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    kafka.tools.StorageTool random-uuid 2>"$format_log" | tail -n 1)" \
    || { cat "$format_log" >&2; die "kafka.tools.StorageTool random-uuid failed (see above): check that the jars in $libs are complete, or delete $(dirname "$libs") and run fetch again"; }
  [[ -n "$cluster_id" ]] || die "kafka.tools.StorageTool random-uuid printed no cluster id (log: $format_log)"

  log "formatting KRaft storage in $dir/kraft-logs (cluster id $cluster_id)"
  if ! "$JAVA_BIN" -cp "$libs/*" -Dlog4j2.configurationFile="$dir/log4j2.properties" \
      kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$dir/server.properties" \
      >>"$format_log" 2>&1; then
    tail -n 20 "$format_log" >&2
    die "formatting KRaft storage in $dir/kraft-logs failed (log: $format_log): fix the error above, or remove $dir/kraft-logs to start with empty storage"
  fi
}

# Waits until the broker of pid $1 logs that it has started and its client
# port accepts connections. Fails when the process exits or time runs out.
wait_until_ready() {
  local pid="$1" port="$2" server_log="$3" timeout_seconds="$4"
  local deadline=$(( SECONDS + timeout_seconds ))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the broker process $pid exited during startup; last lines of $server_log:"
      tail -n 40 "$server_log" >&2
      return 1
    fi
    if grep -q 'Kafka Server started' "$server_log" 2>/dev/null && port_accepts "$port"; then
      return 0
    fi
    sleep 0.5
  done
  log "the broker (pid $pid) was not ready within ${timeout_seconds}s; last lines of $server_log:"
  tail -n 40 "$server_log" >&2
  log "if the log shows no error, the machine may be slow: raise FLEKSI_KAFKA_START_TIMEOUT (now ${timeout_seconds}s)"
  return 1
}

cmd_start() {
  local port="${FLEKSI_KAFKA_PORT:-$DEFAULT_PORT}"
  local port_requested="${FLEKSI_KAFKA_PORT:+yes}"
  local timeout_seconds="${FLEKSI_KAFKA_START_TIMEOUT:-90}"
  local args=("$@")
  while (( $# > 0 )); do
    case "$1" in
      --port) [[ $# -ge 2 ]] || die "--port needs a number"; port="$2"; port_requested=yes; shift 2 ;;
      --port=*) port="${1#--port=}"; port_requested=yes; shift ;;
      --dir) shift 2 ;;
      --dir=*) shift ;;
      *) die "unknown option for start: $1 (expected --port N or --dir DIR)" ;;
    esac
  done
  is_port_number "$port" || die "invalid port '$port': expected a number from 0 to 65535"
  port=$(( 10#$port ))
  [[ "$timeout_seconds" =~ ^[0-9]+$ ]] \
    || die "invalid FLEKSI_KAFKA_START_TIMEOUT '$timeout_seconds': expected whole seconds"

  find_java
  local dir
  dir="$(data_dir_from_args "${args[@]}")"
  mkdir -p "$dir" || die "cannot create data folder $dir: pick a writable folder with --dir"

  # Parallel starts on one data folder (two test runners, say) wait here one
  # after the other, so the second finds the running broker instead of
  # formatting or binding a second time. The flock command comes from
  # util-linux. macOS lacks it, so there parallel starts are not ordered.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/start.lock"
    flock -w "$(( timeout_seconds + 60 ))" 9 \
      || die "timed out waiting for another kafka.sh start on $dir to finish: check 'kafka.sh status --dir $dir'"
  fi

  local pid
  if pid="$(running_pid "$dir")"; then
    local running_port
    running_port="$(configured_port "$dir")"
    # A start without a port request, or with --port 0, accepts the broker
    # that is already running on whatever port it has.
    if [[ -z "$port_requested" || "$port" == 0 || "$port" == "$running_port" ]]; then
      log "broker already running (pid $pid) on 127.0.0.1:$running_port with data in $dir"
      printf 'KAFKA_BROKERS=127.0.0.1:%s\n' "$running_port"
      return 0
    fi
    die "a broker is already running (pid $pid) on 127.0.0.1:$running_port with data in $dir: stop it first (kafka.sh stop --dir $dir) or use another --dir"
  fi

  cmd_fetch

  if [[ "$port" == 0 ]]; then
    port="$(pick_free_port)"
  elif port_accepts "$port"; then
    die "port $port on 127.0.0.1 is already in use by another process: stop that process, pass --port N with a free port, or --port 0 to pick one"
  fi

  # Reuse the previous controller port when it is still free, so the config
  # stays the same across restarts.
  local controller_port
  controller_port="$(configured_controller_port "$dir")"
  if [[ -z "$controller_port" || "$controller_port" == "$port" ]] || port_accepts "$controller_port"; then
    controller_port="$(pick_free_port)"
    while [[ "$controller_port" == "$port" ]]; do controller_port="$(pick_free_port)"; done
  fi

  local libs server_log
  libs="$(libs_dir)"
  server_log="$dir/server.log"
  write_server_properties "$dir" "$port" "$controller_port"
  write_log4j_config "$dir"
  format_storage_if_needed "$dir" "$libs"

  [[ -f "$server_log" ]] && mv -f "$server_log" "$server_log.1"

  local heap_opts="${FLEKSI_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  local started
  started="$(now_ms)"
  log "starting Kafka $(kafka_version) on 127.0.0.1:$port (controller 127.0.0.1:$controller_port, data $dir)"

  # setsid puts the broker in its own session, so a Ctrl-C or hangup sent to
  # the caller's terminal does not reach it. Closing fd 9 keeps the start
  # lock from living on in the broker. The heap options are split into words
  # on purpose.
  # shellcheck disable=SC2086
  setsid nohup "$JAVA_BIN" $heap_opts \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >"$server_log" 2>&1 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$(pid_file "$dir")"

  if ! wait_until_ready "$pid" "$port" "$server_log" "$timeout_seconds"; then
    stop_pid "$pid" 10 >/dev/null 2>&1 || true
    rm -f "$(pid_file "$dir")"
    die "Kafka did not start on 127.0.0.1:$port: fix the cause shown above (full log: $server_log) and run start again"
  fi

  log "Kafka is ready on 127.0.0.1:$port (pid $pid, started in $(elapsed_since "$started"), log $server_log)"
  printf 'KAFKA_BROKERS=127.0.0.1:%s\n' "$port"
}

# ---------------------------------------------------------------------------
# stop and status

# Sends SIGTERM to pid $1 and waits up to $2 seconds before sending SIGKILL.
stop_pid() {
  local pid="$1" timeout_seconds="$2"
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$(( SECONDS + timeout_seconds ))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "broker (pid $pid) still running ${timeout_seconds}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
}

cmd_stop() {
  local timeout_seconds="${FLEKSI_KAFKA_STOP_TIMEOUT:-60}"
  [[ "$timeout_seconds" =~ ^[0-9]+$ ]] \
    || die "invalid FLEKSI_KAFKA_STOP_TIMEOUT '$timeout_seconds': expected whole seconds"
  local arg
  for arg in "$@"; do
    case "$arg" in
      --dir|--dir=*) ;;
      --*) die "unknown option for stop: $arg (expected --dir DIR)" ;;
    esac
  done

  local dir pid
  dir="$(data_dir_from_args "$@")"
  if ! pid="$(running_pid "$dir")"; then
    rm -f "$(pid_file "$dir")"
    log "no broker running for data folder $dir"
    return 0
  fi

  log "stopping broker (pid $pid)"
  stop_pid "$pid" "$timeout_seconds"
  if kill -0 "$pid" 2>/dev/null; then
    die "broker (pid $pid) is still running after SIGKILL: check it with 'ps -p $pid' and end it by hand"
  fi
  rm -f "$(pid_file "$dir")"
  log "broker stopped"
}

cmd_status() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --dir|--dir=*) ;;
      --*) die "unknown option for status: $arg (expected --dir DIR)" ;;
    esac
  done

  local dir pid
  dir="$(data_dir_from_args "$@")"
  if pid="$(running_pid "$dir")"; then
    printf 'running: pid %s, KAFKA_BROKERS=127.0.0.1:%s, data %s\n' "$pid" "$(configured_port "$dir")" "$dir"
    return 0
  fi
  printf 'not running (data %s)\n' "$dir"
  return 3
}

# ---------------------------------------------------------------------------

main() {
  require_commands
  local command="${1:-help}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    fetch) cmd_fetch "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    help|-h|--help) usage ;;
    *) usage; die "unknown command '$command': expected fetch, start, stop or status" ;;
  esac
}

main "$@"
