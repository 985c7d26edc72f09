#!/bin/bash
# A switch double for the EOS and NX-OS scripts: installed as `Cli` (EOS) and `vsh` (NX-OS) on PATH, with its state
# in $FAKE (a temp dir per test). It models ONLY the documented transaction behaviour the scripts rely on; each
# behaviour is listed with its source in docs/dialects.md#the-switch-doubles. It is a double, not proof of a device.
#
# State in $FAKE: running, startup (configs); after (what the next change opened makes the running config: the
# double does not interpret configuration lines); sessions/NAME/{state,effect,before,deadline} (EOS);
# checkpoints/NAME + checkpoints.order (NX-OS); reject (EREs: a configuration line matching one is refused with
# the text of `form`); fail-<op> (the op answers with this text and does nothing: abort, rollback, checkpoint,
# nocheckpoint, commit, save); established (addresses whose session is up); drop-on-change (addresses that go down
# when a change goes live); kill-at (ERE: after an invocation matching it, the script's shell, pid in `pid`, is
# killed with SIGKILL, as a run that dies there); hup-at (ERE: likewise sent SIGHUP, as sshd does to the session of a
# dropped SSH connection); clock-offset (seconds added to the clock); log (every invocation
# that is not a plain show); invocations (the first line of every invocation, shows included).
set -u
os=eos
[ "$(basename "$0")" = vsh ] && os=nxos
[ "${1:-}" = -p ] && shift 2
if [ "${1:-}" = -c ]; then text=$2; else text=$(cat); fi
now=$(($(date +%s) + $(cat "$FAKE/clock-offset" 2>/dev/null || echo 0)))
mkdir -p "$FAKE/sessions" "$FAKE/checkpoints"
touch "$FAKE/checkpoints.order" "$FAKE/established" "$FAKE/log"
echo "$text" | head -n 1 >>"$FAKE/invocations"

err() { if [ -s "$FAKE/form" ]; then cat "$FAKE/form"; else echo "$1"; fi; }
failing() { [ -e "$FAKE/fail-$1" ] && { cat "$FAKE/fail-$1"; return 0; }; return 1; }
live() { # a change goes live: the running config becomes its effect; some sessions go down
  cp "$1" "$FAKE/running"
  if [ -s "$FAKE/drop-on-change" ]; then
    grep -vxF -f "$FAKE/drop-on-change" "$FAKE/established" >"$FAKE/est.new" || :
    mv "$FAKE/est.new" "$FAKE/established"
  fi
}
finish() {
  if [ -s "$FAKE/kill-at" ] && printf '%s\n' "$text" | grep -qE -f "$FAKE/kill-at"; then
    : >"$FAKE/kill-at"
    kill -KILL "$(cat "$FAKE/pid")"
  fi
  if [ -s "$FAKE/hup-at" ] && printf '%s\n' "$text" | grep -qE -f "$FAKE/hup-at"; then
    : >"$FAKE/hup-at"
    kill -HUP "$(cat "$FAKE/pid")"
  fi
  exit 0
}

# EOS: a session whose commit timer ran out is rolled back to the config before its commit.
for d in "$FAKE"/sessions/*/; do
  [ -d "$d" ] || continue
  if [ "$(cat "$d/state")" = pendingCommitTimer ] && [ "$(cat "$d/deadline")" -le "$now" ]; then
    cp "$d/before" "$FAKE/running"
    rm -rf "$d"
  fi
done

case "$text" in
"show running-config") cat "$FAKE/running"; exit 0 ;;
"show ip bgp neighbors "*|"show ipv6 bgp peers "*|"show bgp ipv6 unicast neighbors "*)
  # IPv6 sessions (dual-stack zones): EOS `show ipv6 bgp peers A`, NX-OS `show bgp ipv6 unicast neighbors A`, printed
  # in the same form as the IPv4 detail (docs/dialects.md#the-switch-doubles).
  a=${text##* }
  if grep -qxF "$a" "$FAKE/established"; then st=Established; else st=Active; fi
  if [ $os = eos ]; then echo "BGP neighbor is $a, remote AS 65001, internal link"; echo "  BGP state is $st, up for 00:01:02"
  else echo "BGP neighbor is $a, remote AS 65001, ibgp link"; echo "  BGP state = $st, up for 00:01:02"; fi
  exit 0 ;;
"show configuration sessions detail")
  echo "Maximum number of completed sessions: 1"
  echo "Maximum number of pending sessions: 5"
  echo
  for d in "$FAKE"/sessions/*/; do
    [ -d "$d" ] && [ "$(cat "$d/state")" = pendingCommitTimer ] && echo "Session with pending commit timer: $(basename "$d")"
  done
  echo "  Name                 State                User       Terminal"
  echo "  -------------------- -------------------- ---------- --------"
  for d in "$FAKE"/sessions/*/; do
    [ -d "$d" ] || continue
    st=$(cat "$d/state")
    [ "$st" = pendingCommitTimer ] && st=pending
    printf '  %-20s %-20s %-10s\n' "$(basename "$d")" "$st" admin
  done
  exit 0 ;;
"show session-config named "*" diffs")
  n=${text#show session-config named }; n=${n% diffs}
  echo "--- system:/running-config"; echo "+++ session:/$n-session-config"; exit 0 ;;
"show checkpoint summary")
  echo "User Checkpoint Summary"
  echo "--------------------------------------------------------------------------------"
  i=0
  while read -r c; do
    i=$((i + 1))
    printf '%s) %s:\nCreated by admin\nCreated at Thu, 08:10:29 22 May 2026\nSize is 15,568 bytes\nDescription: None\n\n' "$i" "$c"
  done <"$FAKE/checkpoints.order"
  exit 0 ;;
esac

printf '%s\n--\n' "$text" >>"$FAKE/log"

case "$text" in
"write memory"|"copy running-config startup-config")
  failing save && finish
  cp "$FAKE/running" "$FAKE/startup"
  if [ $os = eos ]; then echo "Copy completed successfully."; else echo "[########################################] 100%"; echo "Copy complete."; fi
  finish ;;
"configure session "*" commit timer "*)
  n=${text#configure session }; n=${n%% *}; t=${text##* }
  failing commit && finish
  d=$FAKE/sessions/$n
  [ "$(cat "$d/state" 2>/dev/null)" = pending ] || { echo "% Session $n is not pending"; finish; }
  IFS=: read -r h m sec <<<"$t"
  cp "$FAKE/running" "$d/before"; echo pendingCommitTimer >"$d/state"
  echo $((now + 10#$h * 3600 + 10#$m * 60 + 10#$sec)) >"$d/deadline"
  live "$d/effect"; finish ;;
"configure session "*" commit")
  n=${text#configure session }; n=${n%% *}
  failing commit && finish
  d=$FAKE/sessions/$n
  case "$(cat "$d/state" 2>/dev/null)" in
  pendingCommitTimer) ;;
  pending) cp "$FAKE/running" "$d/before"; live "$d/effect" ;;
  *) echo "% Session $n is not pending"; finish ;;
  esac
  # At most one completed session is kept ("Maximum number of completed sessions: 1").
  for o in "$FAKE"/sessions/*/; do [ "$(cat "$o/state")" = completed ] && rm -rf "$o"; done
  echo completed >"$d/state"; finish ;;
"configure session "*" abort")
  n=${text#configure session }; n=${n%% *}
  failing abort && finish
  d=$FAKE/sessions/$n
  case "$(cat "$d/state" 2>/dev/null)" in
  pendingCommitTimer) cp "$d/before" "$FAKE/running"; rm -rf "$d" ;;
  pending) rm -rf "$d" ;;
  *) echo "% Session $n is not pending" ;;
  esac
  finish ;;
"checkpoint "*)
  n=${text#checkpoint }
  failing checkpoint && finish
  if [ -e "$FAKE/checkpoints/$n" ]; then echo "ERROR: Checkpoint name $n is in use"; finish; fi
  if [ "$(wc -l <"$FAKE/checkpoints.order")" -ge 10 ]; then echo "ERROR: Maximum number of checkpoints (10) reached"; finish; fi
  cp "$FAKE/running" "$FAKE/checkpoints/$n"; echo "$n" >>"$FAKE/checkpoints.order"; echo "...........Done"
  finish ;;
"no checkpoint "*)
  n=${text#no checkpoint }
  failing nocheckpoint && finish
  [ -e "$FAKE/checkpoints/$n" ] || { echo "ERROR: Checkpoint $n not found"; finish; }
  rm "$FAKE/checkpoints/$n"; grep -vxF "$n" "$FAKE/checkpoints.order" >"$FAKE/co.new" || :; mv "$FAKE/co.new" "$FAKE/checkpoints.order"
  finish ;;
"rollback running-config checkpoint "*)
  n=${text#rollback running-config checkpoint }
  failing rollback && finish
  [ -e "$FAKE/checkpoints/$n" ] || { echo "ERROR: Checkpoint $n not found"; finish; }
  cp "$FAKE/checkpoints/$n" "$FAKE/running"
  echo "Collecting Running-Config"; echo "Generating Rollback Patch"; echo "Executing Rollback Patch"
  echo "Generating Running-config for verification"; echo "Generating Patch for verification"
  echo "Rollback completed successfully."
  finish ;;
esac

# Configuration lines: EOS in a named session (kept across invocations), NX-OS straight into the running config.
first=${text%%$'\n'*}
rest=
[ "$first" != "$text" ] && rest=${text#*$'\n'}
applied=0
if [ $os = eos ]; then
  case "$first" in "configure session "*) ;; *) echo "% Invalid input"; finish ;; esac
  n=${first#configure session }
  d=$FAKE/sessions/$n
  if [ ! -d "$d" ]; then
    pending=$(cat "$FAKE"/sessions/*/state 2>/dev/null | grep -c '^pending' || :)
    if [ "$pending" -ge 5 ]; then echo "% Maximum number of pending sessions has been reached"; finish; fi
    mkdir -p "$d"; echo pending >"$d/state"
    if [ -s "$FAKE/after" ]; then cp "$FAKE/after" "$d/effect"; else cp "$FAKE/running" "$d/effect"; fi
  elif [ "$(cat "$d/state")" != pending ]; then
    echo "% Session $n is not pending"; finish
  fi
else
  [ "$first" = "configure terminal" ] || { echo "% Invalid command at '^' marker."; finish; }
fi
while IFS= read -r l; do
  case "$l" in "" | exit) continue ;; esac
  if [ -s "$FAKE/reject" ] && printf '%s\n' "$l" | grep -qE -f "$FAKE/reject"; then
    if [ $os = eos ]; then err "% Invalid input (at token 2)"; else err "% Invalid command at '^' marker."; fi
  else applied=1; fi
done <<<"$rest"
if [ $os = nxos ] && [ $applied = 1 ] && [ -s "$FAKE/after" ]; then live "$FAKE/after"; fi
finish
