#!/usr/bin/env bash
# Stops a test server once the process that started it is gone, however it went (Ctrl-C, kill -9, a crashed test
# host): started by tests/postgres.sh and tests/redis.sh in a session of its own, so a signal to the test run's
# process group does not take it down first.
#   tests/outlive-guard.sh WATCHED_PID -- STOP_COMMAND...
set -uo pipefail
watched=$1
shift 2
while kill -0 "$watched" 2>/dev/null; do sleep 1; done
"$@" >/dev/null 2>&1
