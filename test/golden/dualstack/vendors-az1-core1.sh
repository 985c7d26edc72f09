#!/bin/bash
# bgp-fabric labv6: az1/core1 (eos), ssh bgp-fabric@10.11.0.2:22
# Each block is one Pulumi remote.Command, run in its own SSH session in this order.
# Each applies its lines in the configuration session s=..., commits it with a timer and waits for a confirm.

# --- az1-core1-bgp-base
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ip '*' prefix-list bgp-fabric-az1-pods
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pods exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ip '*' prefix-list bgp-fabric-az1-pools
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pools exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ip '*' prefix-list bgp-fabric-az1-nodes-out
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-nodes-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ip '*' prefix-list bgp-fabric-az1-next-hops
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-next-hops exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in '*) case "$cfg" in *'
route-map bgp-fabric-az1-rr-in permit 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-rr-in exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in '*) case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in permit 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-ingress-in exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out '*) case "$cfg" in *'
route-map bgp-fabric-az1-rr-out permit 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-rr-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out '*) case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out deny 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-ingress-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-RR peer group
'*) case "$bgp" in *'
   neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer group K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-INGRESS peer group
'*) case "$bgp" in *'
   neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer group K8S-INGRESS exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   graceful-restart
'*) echo 'bgp-fabric: az1/core1 - router bgp 65201 has graceful-restart on - the bgp-fabric sessions must not advertise it - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in
*'
   neighbor K8S-RR description bgp-fabric '*' restore-maximum-paths '*) mp=${bgp#*' restore-maximum-paths '}; mp=${mp%%'
'*} ;;
*'
   maximum-paths '*) mp=${bgp#*'
   maximum-paths '}; mp=${mp%%'
'*} ;;
*) mp=none ;;
esac
[[ $mp =~ ^(keep|none|[1-9][0-9]{0,2}( ecmp [1-9][0-9]{0,2})?)$ ]] || { echo 'bgp-fabric: az1/core1 has a maximum-paths form this tool cannot restore - nothing changed' >&2; exit 1; }
kept=''
for a in $(printf '%s\n' "$bgp" | sed -n 's/^   neighbor \([0-9.]*\) peer group \(K8S-RR\|K8S-INGRESS\)$/\1/p'); do
  out=$(Cli -p 15 -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
  case "$out" in *'BGP state is Established'*) kept="$kept $a" ;; esac
done
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-bgp-base'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set --
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods
'*) set -- "$@" 'no ip prefix-list bgp-fabric-az1-pods' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az1-pods' '   seq 5 permit 10.111.0.0/18 ge 26'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools
'*) set -- "$@" 'no ip prefix-list bgp-fabric-az1-pools' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az1-pools' '   seq 5 permit 203.0.113.0/28 ge 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out
'*) set -- "$@" 'no ip prefix-list bgp-fabric-az1-nodes-out' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az1-nodes-out' '   seq 5 permit 0.0.0.0/0'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops
'*) set -- "$@" 'no ip prefix-list bgp-fabric-az1-next-hops' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az1-next-hops' '   seq 5 deny 10.11.0.2/32' '   seq 10 deny 10.11.0.3/32' '   seq 15 permit 10.11.0.0/24 le 32'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in '*) set -- "$@" 'no route-map bgp-fabric-az1-rr-in' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-rr-in permit 10' '   description bgp-fabric az1 from reflectors' '   match ip address prefix-list bgp-fabric-az1-pods' '   match ip next-hop prefix-list bgp-fabric-az1-next-hops' '   set local-preference 100' '   set metric 0' '   set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in '*) set -- "$@" 'no route-map bgp-fabric-az1-ingress-in' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-ingress-in permit 10' '   description bgp-fabric az1 from ingress nodes' '   match ip address prefix-list bgp-fabric-az1-pools' '   match ip next-hop prefix-list bgp-fabric-az1-next-hops' '   set local-preference 100' '   set metric 0' '   set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out '*) set -- "$@" 'no route-map bgp-fabric-az1-rr-out' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-rr-out permit 10' '   description bgp-fabric az1 to reflectors' '   match ip address prefix-list bgp-fabric-az1-nodes-out'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out '*) set -- "$@" 'no route-map bgp-fabric-az1-ingress-out' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-ingress-out deny 10' '   description bgp-fabric az1 to ingress nodes'
set -- "$@" 'router bgp 65201' '   maximum-paths 16 ecmp 16' '   neighbor K8S-RR peer group' '   neighbor K8S-RR remote-as 65201' '   neighbor K8S-RR next-hop-self' '   no neighbor K8S-RR update-source' "   neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths $mp" '   no neighbor K8S-RR password' '   neighbor K8S-RR idle-restart-timer 300' '   neighbor K8S-RR maximum-routes 0' '   neighbor K8S-RR maximum-accepted-routes 20000 warning-limit 15000' '   neighbor K8S-RR timers 3 9' '   neighbor K8S-RR route-map bgp-fabric-az1-rr-in in' '   neighbor K8S-RR route-map bgp-fabric-az1-rr-out out' '   neighbor K8S-INGRESS peer group' '   neighbor K8S-INGRESS remote-as 65201' '   neighbor K8S-INGRESS next-hop-self' '   no neighbor K8S-INGRESS update-source' '   neighbor K8S-INGRESS description bgp-fabric az1 ingress nodes' '   no neighbor K8S-INGRESS password' '   neighbor K8S-INGRESS idle-restart-timer 300' '   neighbor K8S-INGRESS maximum-routes 0' '   neighbor K8S-INGRESS maximum-accepted-routes 2000 warning-limit 1500' '   neighbor K8S-INGRESS timers 3 9' '   neighbor K8S-INGRESS route-map bgp-fabric-az1-ingress-in in' '   neighbor K8S-INGRESS route-map bgp-fabric-az1-ingress-out out' '   address-family ipv4' '      neighbor K8S-RR activate' '      neighbor K8S-RR additional-paths receive' '      neighbor K8S-INGRESS activate' '      neighbor K8S-INGRESS additional-paths receive'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
if [ -n "$kept" ]; then sleep 3
if (
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in $kept; do
    out=$(Cli -p 15 -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: az1/core1 - the base change was undone - sessions not Established again after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-10.11.0.11
# kept only once 10.11.0.11 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.11 '*) case "$bgp" in *'
   neighbor 10.11.0.11 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-RR of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-10.11.0.11'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor 10.11.0.11 peer group K8S-RR' '   neighbor 10.11.0.11 description bgp-fabric route reflector lab-az1-m1'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.11 peer group K8S-RR
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.11.0.11; do
    out=$(Cli -p 15 -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-10.11.0.12
# kept only once 10.11.0.12 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.12 '*) case "$bgp" in *'
   neighbor 10.11.0.12 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-RR of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-10.11.0.12'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor 10.11.0.12 peer group K8S-RR' '   neighbor 10.11.0.12 description bgp-fabric route reflector lab-az1-m2'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.12 peer group K8S-RR
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.11.0.12; do
    out=$(Cli -p 15 -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-10.11.0.21
# kept only once 10.11.0.21 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.21 '*) case "$bgp" in *'
   neighbor 10.11.0.21 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-10.11.0.21'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor 10.11.0.21 peer group K8S-INGRESS' '   neighbor 10.11.0.21 description bgp-fabric ingress lab-az1-in1'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.21 peer group K8S-INGRESS
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.11.0.21; do
    out=$(Cli -p 15 -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-10.11.0.22
# kept only once 10.11.0.22 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.22 '*) case "$bgp" in *'
   neighbor 10.11.0.22 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-10.11.0.22'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor 10.11.0.22 peer group K8S-INGRESS' '   neighbor 10.11.0.22 description bgp-fabric ingress lab-az1-in2'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor 10.11.0.22 peer group K8S-INGRESS
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.11.0.22; do
    out=$(Cli -p 15 -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-bgp-base-v6
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ipv6 '*' prefix-list bgp-fabric-az1-pods-v6
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pods-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ipv6 '*' prefix-list bgp-fabric-az1-pools-v6
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pools-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ipv6 '*' prefix-list bgp-fabric-az1-nodes-out-v6
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-nodes-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6
'*) case "$cfg" in *'
   description bgp-fabric '*'
   match ipv6 '*' prefix-list bgp-fabric-az1-next-hops-v6
'*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-next-hops-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az1-rr-in-v6 permit 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-rr-in-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in-v6 permit 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-ingress-in-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az1-rr-out-v6 permit 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-rr-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out-v6 deny 10
   description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - route-map bgp-fabric-az1-ingress-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-RR6 peer group
'*) case "$bgp" in *'
   neighbor K8S-RR6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer group K8S-RR6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-INGRESS6 peer group
'*) case "$bgp" in *'
   neighbor K8S-INGRESS6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer group K8S-INGRESS6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   graceful-restart
'*) echo 'bgp-fabric: az1/core1 - router bgp 65201 has graceful-restart on - the bgp-fabric sessions must not advertise it - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
   bgp default ipv4-unicast transport ipv6
'*) echo 'bgp-fabric: az1/core1 - router bgp 65201 has bgp default ipv4-unicast transport ipv6 - the bgp-fabric IPv6 sessions must carry IPv6 only - nothing changed' >&2; exit 1 ;; esac
kept=''
for a in $(printf '%s\n' "$bgp" | sed -n 's/^   neighbor \([0-9a-f:]*\) peer group \(K8S-RR6\|K8S-INGRESS6\)$/\1/p'); do
  out=$(Cli -p 15 -c "show ipv6 bgp peers $a" </dev/null 2>&1) || out=
  case "$out" in *'BGP state is Established'*) kept="$kept $a" ;; esac
done
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-bgp-base-v6'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set --
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6
'*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az1-pods-v6' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az1-pods-v6' '   seq 5 permit fd00:111::/56 ge 122'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6
'*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az1-pools-v6' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az1-pools-v6' '   seq 5 permit 2001:db8:114::/124 ge 128' '   seq 10 permit 2001:db8:113::/124 ge 128'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6
'*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az1-nodes-out-v6' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az1-nodes-out-v6' '   seq 5 permit ::/0'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6
'*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az1-next-hops-v6' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az1-next-hops-v6' '   seq 5 deny fd00:11::2/128' '   seq 10 deny fd00:11::3/128' '   seq 15 permit fd00:11::/64 le 128'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in-v6 '*) set -- "$@" 'no route-map bgp-fabric-az1-rr-in-v6' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-rr-in-v6 permit 10' '   description bgp-fabric az1 ipv6 from reflectors' '   match ipv6 address prefix-list bgp-fabric-az1-pods-v6' '   match ipv6 next-hop prefix-list bgp-fabric-az1-next-hops-v6' '   set local-preference 100' '   set metric 0' '   set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in-v6 '*) set -- "$@" 'no route-map bgp-fabric-az1-ingress-in-v6' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-ingress-in-v6 permit 10' '   description bgp-fabric az1 ipv6 from ingress nodes' '   match ipv6 address prefix-list bgp-fabric-az1-pools-v6' '   match ipv6 next-hop prefix-list bgp-fabric-az1-next-hops-v6' '   set local-preference 100' '   set metric 0' '   set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out-v6 '*) set -- "$@" 'no route-map bgp-fabric-az1-rr-out-v6' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-rr-out-v6 permit 10' '   description bgp-fabric az1 ipv6 to reflectors' '   match ipv6 address prefix-list bgp-fabric-az1-nodes-out-v6'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out-v6 '*) set -- "$@" 'no route-map bgp-fabric-az1-ingress-out-v6' ;; esac
set -- "$@" 'route-map bgp-fabric-az1-ingress-out-v6 deny 10' '   description bgp-fabric az1 ipv6 to ingress nodes'
set -- "$@" 'router bgp 65201' '   neighbor K8S-RR6 peer group' '   neighbor K8S-RR6 remote-as 65201' '   neighbor K8S-RR6 next-hop-self' '   no neighbor K8S-RR6 update-source' '   neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors' '   no neighbor K8S-RR6 password' '   neighbor K8S-RR6 idle-restart-timer 300' '   neighbor K8S-RR6 maximum-routes 0' '   neighbor K8S-RR6 maximum-accepted-routes 20000 warning-limit 15000' '   neighbor K8S-RR6 timers 3 9' '   neighbor K8S-RR6 route-map bgp-fabric-az1-rr-in-v6 in' '   neighbor K8S-RR6 route-map bgp-fabric-az1-rr-out-v6 out' '   neighbor K8S-INGRESS6 peer group' '   neighbor K8S-INGRESS6 remote-as 65201' '   neighbor K8S-INGRESS6 next-hop-self' '   no neighbor K8S-INGRESS6 update-source' '   neighbor K8S-INGRESS6 description bgp-fabric az1 ipv6 ingress nodes' '   no neighbor K8S-INGRESS6 password' '   neighbor K8S-INGRESS6 idle-restart-timer 300' '   neighbor K8S-INGRESS6 maximum-routes 0' '   neighbor K8S-INGRESS6 maximum-accepted-routes 2000 warning-limit 1500' '   neighbor K8S-INGRESS6 timers 3 9' '   neighbor K8S-INGRESS6 route-map bgp-fabric-az1-ingress-in-v6 in' '   neighbor K8S-INGRESS6 route-map bgp-fabric-az1-ingress-out-v6 out' '   address-family ipv6' '      neighbor K8S-RR6 activate' '      neighbor K8S-RR6 additional-paths receive' '      neighbor K8S-INGRESS6 activate' '      neighbor K8S-INGRESS6 additional-paths receive'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
if [ -n "$kept" ]; then sleep 3
if (
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in $kept; do
    out=$(Cli -p 15 -c "show ipv6 bgp peers $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: az1/core1 - the base change was undone - sessions not Established again after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-fd00-11--11
# kept only once fd00:11::11 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor fd00:11::11 '*) case "$bgp" in *'
   neighbor fd00:11::11 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-RR6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-RR6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-fd00-11--11'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor fd00:11::11 peer group K8S-RR6' '   neighbor fd00:11::11 description bgp-fabric route reflector lab-az1-m1'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor fd00:11::11 peer group K8S-RR6
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:11::11; do
    out=$(Cli -p 15 -c "show ipv6 bgp peers $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-fd00-11--12
# kept only once fd00:11::12 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor fd00:11::12 '*) case "$bgp" in *'
   neighbor fd00:11::12 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-RR6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-RR6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-fd00-11--12'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor fd00:11::12 peer group K8S-RR6' '   neighbor fd00:11::12 description bgp-fabric route reflector lab-az1-m2'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor fd00:11::12 peer group K8S-RR6
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:11::12; do
    out=$(Cli -p 15 -c "show ipv6 bgp peers $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-fd00-11--21
# kept only once fd00:11::21 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor fd00:11::21 '*) case "$bgp" in *'
   neighbor fd00:11::21 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-INGRESS6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-INGRESS6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-fd00-11--21'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor fd00:11::21 peer group K8S-INGRESS6' '   neighbor fd00:11::21 description bgp-fabric ingress lab-az1-in1'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor fd00:11::21 peer group K8S-INGRESS6
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:11::21; do
    out=$(Cli -p 15 -c "show ipv6 bgp peers $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)

# --- az1-core1-neighbor-fd00-11--22
# kept only once fd00:11::22 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65201.lock
flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
   neighbor fd00:11::22 '*) case "$bgp" in *'
   neighbor fd00:11::22 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
   neighbor K8S-INGRESS6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer group K8S-INGRESS6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az1/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az1-core1-neighbor-fd00-11--22'-$n
undo() { out=$(Cli -p 15 -c "configure session $s abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - ABORT FAILED for configuration session' "$s:" "$(shown "$out")" '- abort it by hand: configure session' "$s" 'abort (a committed change is also rolled back when its commit timer ends)' >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 3 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' "configure session $s" "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | Cli -p 15 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az1/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- configuration session aborted - nothing changed' >&2; exit 1; fi
}
out=$(Cli -p 15 -c "show configuration sessions detail" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az1/core1 - could not list the configuration sessions:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n -e 's/^Session with pending commit timer: \(bgp-fabric-az1-core1-[a-z0-9.-]*\)$/\1/p' -e 's/^[* ]*\(bgp-fabric-az1-core1-[a-z0-9.-]*\)  *\([A-Za-z-]*\).*/\1 \2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do out=$(Cli -p 15 -c "configure session $x abort" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - could not abort the stale session' "$x" 'of an earlier run:' "$(shown "$out")" '- abort it by hand: configure session' "$x" 'abort - nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az1/core1 - aborted the stale session' "$x" 'of an earlier run that did not finish (never committed)' || :; done
set -- 'router bgp 65201' '   neighbor fd00:11::22 peer group K8S-INGRESS6' '   neighbor fd00:11::22 description bgp-fabric ingress lab-az1-in2'
apply "$@"
Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\1 <hidden>/' || :
out=$(Cli -p 15 -c "configure session $s commit timer 00:10:00" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
cfg=$(Cli -p 15 -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
   neighbor fd00:11::22 peer group K8S-INGRESS6
'*) ;; *) { undo; echo 'bgp-fabric: az1/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:11::22; do
    out=$(Cli -p 15 -c "show ipv6 bgp peers $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state is Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65201 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az1/core1 -' "$s" 'configuration session aborted: the running config is as before - nothing saved' >&2
exit 1
fi
out=$(Cli -p 15 -c "configure session $s commit" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - the commit failed:' "$(shown "$out")" >&2 || :; undo; echo '- session aborted - nothing changed' >&2; exit 1; fi
out=$(Cli -p 15 -c "write memory" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az1/core1 - write memory failed - the change is in the running config but not saved:' "$(shown "$out")" >&2; exit 1; fi
)
