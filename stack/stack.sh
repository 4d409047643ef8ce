#!/usr/bin/env bash
# Kizashi local stack: a single-node Kafka (KRaft) broker and a single Elasticsearch node on
# 127.0.0.1, run as plain background processes from jars fetched from Maven Central.
#
#   stack.sh up     [--only kafka|es]     install on first use, start, wait until ready
#   stack.sh down   [--only kafka|es] [--wipe]   stop (TERM, then KILL); --wipe also deletes data
#   stack.sh status [--only kafka|es]     one line per server; exit 0 if all running, 3 otherwise
#   stack.sh logs   [kafka|es] [-f]       tail the server logs
#   stack.sh kafka-tool CLASS [ARGS...]   run a Kafka CLI class (e.g. TopicCommand, ConsoleProducer)
#   stack.sh install                      only fetch the artifacts
#
# Environment (defaults): KIZASHI_STACK_DIR (<repo>/.work/stack), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (9093), ES_PORT (9200), ES_TRANSPORT_PORT (9300-9399), KAFKA_HEAP (512m),
# ES_HEAP (512m), KAFKA_AUTO_CREATE_TOPICS (false), STACK_READY_TIMEOUT (240), STACK_STOP_TIMEOUT (30),
# ES_JAVA_HOME (first JDK >= 21 under /usr/lib/jvm, Temurin preferred), JAVA_HOME (for Kafka), MVN (mvn).
set -euo pipefail

SELF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SELF_DIR/.." && pwd)"
POM="$SELF_DIR/pom.xml"

STACK_DIR="${KIZASHI_STACK_DIR:-$REPO_DIR/.work/stack}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
ES_PORT="${ES_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300-9399}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
ES_HEAP="${ES_HEAP:-512m}"
KAFKA_AUTO_CREATE_TOPICS="${KAFKA_AUTO_CREATE_TOPICS:-false}"
READY_TIMEOUT="${STACK_READY_TIMEOUT:-240}"
STOP_TIMEOUT="${STACK_STOP_TIMEOUT:-30}"
MVN="${MVN:-mvn}"
ES_USER_NAME="kizashi-es"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# ---------------------------------------------------------------- arguments
CMD="${1:-}"
[ -n "$CMD" ] || { usage >&2; exit 2; }
shift
ONLY=""
WIPE=0
FOLLOW=0
LOG_TARGET=""
TOOL_ARGS=()
if [ "$CMD" = "kafka-tool" ]; then
  TOOL_ARGS=("$@")
  set --
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --only) [ $# -ge 2 ] || die "--only needs kafka or es"; ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#--only=}"; shift ;;
    --wipe) WIPE=1; shift ;;
    -f|--follow) FOLLOW=1; shift ;;
    kafka|es) LOG_TARGET="$1"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see: $0 --help)" ;;
  esac
done
case "$ONLY" in ""|kafka|es) ;; *) die "--only must be kafka or es, not '$ONLY'" ;; esac
[ -z "$LOG_TARGET" ] || [ "$CMD" = logs ] || ONLY="$LOG_TARGET"
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

mkdir -p "$STACK_DIR"
STACK_DIR="$(cd "$STACK_DIR" && pwd)"

# ---------------------------------------------------------------- layout
KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_TOOLS_LIB="$KAFKA_DIR/tools-lib"
KAFKA_CONF="$KAFKA_DIR/config"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOGS="$KAFKA_DIR/logs"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_OUT="$KAFKA_LOGS/kafka.out"

ES_DIR="$STACK_DIR/es"
ES_VERSION="$(sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' "$POM")"
ES_HOME="$ES_DIR/elasticsearch-$ES_VERSION"
ES_DATA="$ES_DIR/data"
ES_LOGS="$ES_DIR/logs"
ES_PID="$ES_DIR/es.pid"
ES_OUT="$ES_LOGS/es.out"
ES_CLUSTER="kizashi-stack"

# ---------------------------------------------------------------- helpers
is_root() { [ "$(id -u)" -eq 0 ]; }

port_open() { # port -> 0 if something accepts on 127.0.0.1:port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pid_of() { # pidfile marker -> prints pid if the process is alive and its cmdline has marker
  local f="$1" marker="$2" pid
  [ -s "$f" ] || return 1
  pid="$(tr -dc '0-9' <"$f" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  printf '%s\n' "$pid"
}
kafka_pid() { pid_of "$KAFKA_PID" "$KAFKA_CONF/server.properties"; }
es_pid() { pid_of "$ES_PID" "$ES_HOME"; }

java_major() { # java_home -> major version
  local rel="$1/release" v
  if [ -r "$rel" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")"
  else
    v="$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  fi
  printf '%s\n' "${v:-0}"
}

kafka_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; return; fi
  command -v java >/dev/null 2>&1 || die "no 'java' on PATH (Kafka needs Java 17+)"
  command -v java
}

es_java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  local d best="" bestv=0 v
  for d in /usr/lib/jvm/temurin-*-jdk* /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] || continue
    v="$(java_major "$d")"
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best="$d"; bestv="$v"; fi
  done
  if [ -z "$best" ] && [ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then best="$JAVA_HOME"; fi
  [ -n "$best" ] || die "Elasticsearch $ES_VERSION needs Java 21+: none found under /usr/lib/jvm (set ES_JAVA_HOME)"
  echo "$best"
}

wait_until() { # timeout_s description command... -> polls every 0.5 s
  local timeout="$1" what="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  while ! "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 0.5
  done
}

declare -A LOG_MARK=()
mark_logs() { # files... -> remember their sizes, so tail_logs shows only what this run wrote
  local f
  for f in "$@"; do LOG_MARK["$f"]="$(stat -c %s "$f" 2>/dev/null || echo 0)"; done
}
tail_logs() { # files...
  local f off
  for f in "$@"; do
    [ -s "$f" ] || continue
    off="${LOG_MARK["$f"]:-0}"
    [ "$(stat -c %s "$f")" -gt "$off" ] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -c "+$((off + 1))" "$f" | tail -n 40 >&2 || true
  done
}

# ---------------------------------------------------------------- install
STAMP="$STACK_DIR/.installed"
pom_sum() { sha256sum "$POM" | cut -d' ' -f1; }
installed() {
  [ -s "$STAMP" ] && [ "$(cat "$STAMP")" = "$(pom_sum)" ] \
    && compgen -G "$KAFKA_LIB/kafka_*.jar" >/dev/null \
    && compgen -G "$KAFKA_TOOLS_LIB/kafka-tools-*.jar" >/dev/null \
    && [ -x "$ES_HOME/bin/elasticsearch" ]
}
run_mvn() { # extra args...; offline first (artifacts may already be in ~/.m2), then online
  local mlog="$STACK_DIR/install.log"
  if "$MVN" -B -q -o -f "$POM" initialize -Dstack.dir="$STACK_DIR" "$@" >"$mlog" 2>&1; then return 0; fi
  if "$MVN" -B -q -f "$POM" initialize -Dstack.dir="$STACK_DIR" "$@" >"$mlog" 2>&1; then return 0; fi
  tail_logs "$mlog"
  die "fetching artifacts with Maven failed (full log: $mlog)"
}
install() {
  installed && return 0
  command -v "$MVN" >/dev/null 2>&1 || die "Maven ('$MVN') is needed to fetch the server artifacts"
  log "installing Kafka + Elasticsearch $ES_VERSION into $STACK_DIR (Maven; first time only)"
  # stale jars of another version would end up on the classpath
  rm -rf "$KAFKA_LIB" "$KAFKA_TOOLS_LIB" "$ES_DIR/.markers"
  run_mvn
  run_mvn -Dstack.tools
  [ -x "$ES_HOME/bin/elasticsearch" ] || die "Elasticsearch was not unpacked to $ES_HOME"
  pom_sum >"$STAMP"
  log "installed"
}

# ---------------------------------------------------------------- kafka
write_kafka_config() {
  mkdir -p "$KAFKA_CONF" "$KAFKA_DATA" "$KAFKA_LOGS"
  cat >"$KAFKA_CONF/server.properties" <<EOF
# generated by stack/stack.sh -- edits are overwritten on every 'up'
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=1
auto.create.topics.enable=$KAFKA_AUTO_CREATE_TOPICS
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=134217728
EOF
  cat >"$KAFKA_CONF/log4j2.properties" <<'EOF'
# generated by stack/stack.sh
status = warn
appender.file.type = RollingFile
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
EOF
  write_tools_log4j
}

write_tools_log4j() {
  mkdir -p "$KAFKA_CONF"
  cat >"$KAFKA_CONF/tools-log4j2.properties" <<'EOF'
# generated by stack/stack.sh -- Kafka CLI classes: warnings only, to stderr
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

kafka_tool() { # CLASS args... (short names resolve to org.apache.kafka.tools.*)
  local cls="$1"; shift
  case "$cls" in
    *.*) ;;
    ConsoleConsumer|ConsoleShareConsumer) cls="org.apache.kafka.tools.consumer.$cls" ;;
    ConsumerGroupCommand|ShareGroupCommand) cls="org.apache.kafka.tools.consumer.group.$cls" ;;
    ReassignPartitionsCommand) cls="org.apache.kafka.tools.reassign.$cls" ;;
    StreamsGroupCommand) cls="org.apache.kafka.tools.streams.$cls" ;;
    *) cls="org.apache.kafka.tools.$cls" ;;
  esac
  local t=()
  [ -z "${KAFKA_TOOL_TIMEOUT:-}" ] || t=(timeout "$KAFKA_TOOL_TIMEOUT")
  "${t[@]}" "$(kafka_java)" -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" \
    -cp "$KAFKA_TOOLS_LIB/*" "$cls" "$@"
}

kafka_metadata_ok() {
  KAFKA_TOOL_TIMEOUT=30 kafka_tool TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list >/dev/null 2>&1
}

kafka_up() {
  local pid
  if pid="$(kafka_pid)"; then log "kafka already running (pid $pid)"; return 0; fi
  rm -f "$KAFKA_PID"
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$p" && die "port $p on 127.0.0.1 is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
  done
  write_kafka_config
  local java; java="$(kafka_java)"
  [ "$(java_major "$(dirname "$(dirname "$(readlink -f "$java")")")")" -ge 17 ] || die "Kafka needs Java 17+ ($java)"
  if [ ! -s "$KAFKA_DATA/meta.properties" ]; then
    local cid
    cid="$("$java" -cp "$KAFKA_LIB/*" -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" kafka.tools.StorageTool random-uuid)"
    log "kafka: formatting storage (cluster id $cid)"
    "$java" -cp "$KAFKA_LIB/*" -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" \
      kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_CONF/server.properties" >"$KAFKA_LOGS/format.log" 2>&1 \
      || { tail_logs "$KAFKA_LOGS/format.log"; die "kafka storage format failed"; }
  fi
  log "kafka: starting on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, heap $KAFKA_HEAP)"
  : >"$KAFKA_OUT"
  mark_logs "$KAFKA_LOGS/server.log"
  setsid nohup "$java" -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_LOGS" -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.properties" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_CONF/server.properties" \
    </dev/null >>"$KAFKA_OUT" 2>&1 9>&- &
  echo $! >"$KAFKA_PID"
}

kafka_alive() { kafka_pid >/dev/null; }
kafka_port_or_dead() { port_open "$KAFKA_PORT" || ! kafka_alive; }
kafka_meta_or_dead() { kafka_metadata_ok || ! kafka_alive; }

# Between fork and exec (setsid, nohup, java) the launched pid still shows the shell's command line;
# on a loaded machine that can last seconds, and must not read as "exited".
kafka_exec_done() {
  local pid
  pid="$(tr -dc '0-9' <"$KAFKA_PID" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$KAFKA_CONF/server.properties"
}

kafka_wait() {
  local t0=$SECONDS budget
  wait_until 30 "kafka exec" kafka_exec_done || true
  wait_until "$READY_TIMEOUT" "kafka port" kafka_port_or_dead || true
  budget=$((READY_TIMEOUT - (SECONDS - t0))); [ "$budget" -gt 0 ] || budget=1
  if kafka_alive && port_open "$KAFKA_PORT"; then
    wait_until "$budget" "kafka metadata" kafka_meta_or_dead || true
    if kafka_alive && kafka_metadata_ok; then
      log "kafka: ready (bootstrap 127.0.0.1:$KAFKA_PORT)"
      return 0
    fi
  fi
  if kafka_alive; then
    tail_logs "$KAFKA_OUT" "$KAFKA_LOGS/server.log"
    die "kafka did not become ready within ${READY_TIMEOUT}s (still running as pid $(kafka_pid); see $KAFKA_LOGS)"
  fi
  tail_logs "$KAFKA_OUT" "$KAFKA_LOGS/server.log"
  rm -f "$KAFKA_PID"
  die "kafka exited during startup (see $KAFKA_LOGS)"
}

# ---------------------------------------------------------------- elasticsearch
ES_RUN_AS=""
es_prepare_user() {
  if ! is_root; then ES_RUN_AS=""; return 0; fi
  ES_RUN_AS="$ES_USER_NAME"
  if ! id -u "$ES_USER_NAME" >/dev/null 2>&1; then
    log "es: creating system user $ES_USER_NAME (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER_NAME" \
      || id -u "$ES_USER_NAME" >/dev/null 2>&1 || die "useradd $ES_USER_NAME failed"
  fi
  chown -R "$ES_USER_NAME:" "$ES_DIR"
  # the user must be able to reach $ES_DIR through every parent directory
  if ! runuser -u "$ES_USER_NAME" -- test -x "$ES_HOME/bin/elasticsearch" 2>/dev/null; then
    die "user $ES_USER_NAME cannot reach $ES_HOME (a parent directory lacks o+x); set KIZASHI_STACK_DIR to a path it can reach, e.g. /var/tmp/kizashi-stack"
  fi
}

es_run() { # command... as the ES user (or as ourselves when not root)
  if [ -n "$ES_RUN_AS" ]; then runuser -u "$ES_RUN_AS" -- "$@"; else "$@"; fi
}

write_es_config() {
  cat >"$ES_HOME/config/elasticsearch.yml" <<EOF
# generated by stack/stack.sh -- edits are overwritten on every 'up'
cluster.name: $ES_CLUSTER
node.name: kizashi-es-1
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
path.data: $ES_DATA
path.logs: $ES_LOGS
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
}

es_up() {
  local pid
  if pid="$(es_pid)"; then log "es: already running (pid $pid)"; return 0; fi
  rm -f "$ES_PID"
  port_open "$ES_PORT" && die "port $ES_PORT on 127.0.0.1 is already in use by another process (set ES_PORT)"
  local jhome; jhome="$(es_java_home)"
  mkdir -p "$ES_DATA" "$ES_LOGS"
  write_es_config
  es_prepare_user
  : >"$ES_OUT"; [ -z "$ES_RUN_AS" ] || chown "$ES_RUN_AS:" "$ES_OUT"
  mark_logs "$ES_LOGS/$ES_CLUSTER.log"
  log "es: starting on 127.0.0.1:$ES_PORT (heap $ES_HEAP, java $(java_major "$jhome") from $jhome${ES_RUN_AS:+, user $ES_RUN_AS})"
  # -d daemonizes; the launcher returns once the node started (or failed). It runs in the
  # background so that Kafka's readiness check overlaps with it; es_wait collects its exit code.
  (cd "$ES_HOME" && es_run env -u JAVA_HOME HOME="$ES_DIR" ES_JAVA_HOME="$jhome" \
      ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_EXTRA_JAVA_OPTS:-}" \
      timeout "$READY_TIMEOUT" "$ES_HOME/bin/elasticsearch" -d -p "$ES_PID" \
      </dev/null >>"$ES_OUT" 2>&1 9>&-) &
  ES_LAUNCHER=$!
}

es_health() { # -> colour, or fails
  local body
  body="$(curl -fsS --max-time 5 "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null)" || return 1
  printf '%s\n' "$body" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}
es_ready() {
  curl -fsS --max-time 6 "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1
}
es_alive() { es_pid >/dev/null; }
es_ready_or_dead() { es_ready || ! es_alive; }

es_wait() {
  local t0=$SECONDS
  if [ -n "${ES_LAUNCHER:-}" ] && ! wait "$ES_LAUNCHER"; then
    tail_logs "$ES_OUT" "$ES_LOGS/$ES_CLUSTER.log"
    die "elasticsearch failed to start (see $ES_LOGS)"
  fi
  # the pid file is written by the daemonized JVM
  wait_until 15 "es pid" es_alive || true
  wait_until "$READY_TIMEOUT" "es health" es_ready_or_dead || true
  if es_alive && es_ready; then
    log "es: ready (http://127.0.0.1:$ES_PORT, health $(es_health))"
    return 0
  fi
  tail_logs "$ES_OUT" "$ES_LOGS/$ES_CLUSTER.log"
  if es_alive; then die "elasticsearch did not become ready within ${READY_TIMEOUT}s (pid $(es_pid); see $ES_LOGS)"; fi
  rm -f "$ES_PID"
  die "elasticsearch exited during startup (see $ES_LOGS)"
}

# ---------------------------------------------------------------- stop
stop_pid() { # name pid
  local name="$1" pid="$2" deadline
  log "$name: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name: still running after ${STOP_TIMEOUT}s, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_until 10 "$name exit" eval "! kill -0 $pid 2>/dev/null" || die "$name (pid $pid) did not die"
      break
    fi
    sleep 0.3
  done
  log "$name: stopped"
}

# ---------------------------------------------------------------- status
status_line() { # name
  local pid
  case "$1" in
    kafka)
      if pid="$(kafka_pid)"; then
        printf 'kafka  running  pid %-7s port %s (controller %s)  bootstrap 127.0.0.1:%s\n' "$pid" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_PORT"
      else
        printf 'kafka  stopped  pid -       port %s (controller %s)\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; return 3
      fi ;;
    es)
      if pid="$(es_pid)"; then
        printf 'es     running  pid %-7s port %s  health %s  http://127.0.0.1:%s\n' "$pid" "$ES_PORT" "$(es_health || echo unreachable)" "$ES_PORT"
      else
        printf 'es     stopped  pid -       port %s\n' "$ES_PORT"; return 3
      fi ;;
  esac
}
do_status() {
  local rc=0
  want kafka && { status_line kafka || rc=3; }
  want es && { status_line es || rc=3; }
  return $rc
}

# ---------------------------------------------------------------- commands
lock() { # serialise concurrent up/down on the same stack dir
  exec 9>"$STACK_DIR/.lock"
  flock -w 300 9 || die "another stack.sh holds $STACK_DIR/.lock"
}

case "$CMD" in
  install)
    lock; install ;;
  up)
    lock
    install
    t0=$SECONDS
    started=""
    # ES first: it is the slow one (its launcher runs in the background)
    if want es && ! es_pid >/dev/null; then es_up; started="$started es"; fi
    if want kafka && ! kafka_pid >/dev/null; then kafka_up; started="$started kafka"; fi
    case " $started " in *" kafka "*) kafka_wait ;; esac
    case " $started " in *" es "*) es_wait ;; esac
    if [ -n "$started" ]; then log "up in $((SECONDS - t0)) s"; else log "already running"; fi
    do_status ;;
  down)
    lock
    if want kafka; then
      if pid="$(kafka_pid)"; then stop_pid kafka "$pid"; else log "kafka: not running"; fi
      rm -f "$KAFKA_PID"
      if [ "$WIPE" = 1 ]; then log "kafka: wiping data"; rm -rf "$KAFKA_DATA" "$KAFKA_LOGS"; fi
    fi
    if want es; then
      if pid="$(es_pid)"; then stop_pid es "$pid"; else log "es: not running"; fi
      rm -f "$ES_PID"
      if [ "$WIPE" = 1 ]; then log "es: wiping data"; rm -rf "$ES_DATA" "$ES_LOGS"; fi
    fi ;;
  status)
    do_status ;;
  logs)
    files=()
    { [ -z "$LOG_TARGET" ] || [ "$LOG_TARGET" = kafka ]; } && files+=("$KAFKA_LOGS/server.log" "$KAFKA_OUT")
    { [ -z "$LOG_TARGET" ] || [ "$LOG_TARGET" = es ]; } && files+=("$ES_LOGS/$ES_CLUSTER.log" "$ES_OUT")
    existing=()
    for f in "${files[@]}"; do [ -e "$f" ] && existing+=("$f"); done
    [ ${#existing[@]} -gt 0 ] || die "no logs yet under $STACK_DIR"
    if [ "$FOLLOW" = 1 ]; then exec tail -n 50 -F "${existing[@]}"; else tail -n "${STACK_LOG_LINES:-100}" "${existing[@]}"; fi ;;
  kafka-tool)
    [ ${#TOOL_ARGS[@]} -ge 1 ] || die "usage: stack.sh kafka-tool CLASS [ARGS...]  (e.g. TopicCommand --bootstrap-server 127.0.0.1:$KAFKA_PORT --list)"
    installed || { lock; install; }
    [ -s "$KAFKA_CONF/tools-log4j2.properties" ] || write_tools_log4j
    kafka_tool "${TOOL_ARGS[@]}" ;;
  -h|--help|help)
    usage ;;
  *)
    usage >&2; exit 2 ;;
esac
