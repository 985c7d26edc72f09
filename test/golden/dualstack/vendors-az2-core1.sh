#!/bin/bash
# bgp-fabric labv6: az2/core1 (nxos), ssh bgp-fabric@10.12.0.2:22
# Each block is one Pulumi remote.Command, run in its own SSH session in this order.
# Each takes the checkpoint s=... first and rolls back to it on the first line the switch rejects.

# --- az2-core1-bgp-base
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pods '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pods description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-pods exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pools '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pools description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-pools exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-nodes-out '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az2-nodes-out description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-nodes-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-next-hops '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az2-next-hops description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-next-hops exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-in '*) case "$cfg" in *'
route-map bgp-fabric-az2-rr-in permit 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-rr-in exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in '*) case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in permit 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-ingress-in exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-out '*) case "$cfg" in *'
route-map bgp-fabric-az2-rr-out permit 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-rr-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out '*) case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out deny 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-ingress-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR
'*) t=${bgp#*'
  template peer K8S-RR
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS
'*) t=${bgp#*'
  template peer K8S-INGRESS
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-INGRESS exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in
*'
    description bgp-fabric '*' restore-maximum-paths '*) mp=${bgp#*' restore-maximum-paths '}; mp=${mp%%'
'*} ;;
*'
  address-family ipv4 unicast
'*) t=${bgp#*'
  address-family ipv4 unicast
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    maximum-paths ibgp '*) mp=${t#*'
    maximum-paths ibgp '}; mp=${mp%%'
'*} ;; *) mp=none ;; esac ;;
*) mp=none ;;
esac
[[ $mp =~ ^(keep|none|[1-9][0-9]{0,2}( ecmp [1-9][0-9]{0,2})?)$ ]] || { echo 'bgp-fabric: az2/core1 has a maximum-paths form this tool cannot restore - nothing changed' >&2; exit 1; }
kept=''
for a in $(printf '%s\n' "$bgp" | sed -n '/^  neighbor /{s/^  neighbor \([0-9.]*\).*/\1/;h;};/^    inherit peer \(K8S-RR\|K8S-INGRESS\)$/{g;p;}'); do
  out=$(vsh -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
  case "$out" in *'BGP state = Established'*) kept="$kept $a" ;; esac
done
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-bgp-base'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set --
set -- "$@" 'ip prefix-list bgp-fabric-az2-pods description bgp-fabric az2 pod blocks' 'ip prefix-list bgp-fabric-az2-pods seq 5 permit 10.112.0.0/18 ge 26'
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pods seq 10 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pods seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pods seq 15 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pods seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pods seq 20 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pods seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pods seq 25 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pods seq 25' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az2-pools description bgp-fabric az2 loadbalancer pools' 'ip prefix-list bgp-fabric-az2-pools seq 5 permit 203.0.113.0/28 ge 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pools seq 10 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pools seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pools seq 15 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pools seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pools seq 20 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pools seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-pools seq 25 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-pools seq 25' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az2-nodes-out description bgp-fabric az2 nodes receive the default route' 'ip prefix-list bgp-fabric-az2-nodes-out seq 5 permit 0.0.0.0/0'
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-nodes-out seq 10 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-nodes-out seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-nodes-out seq 15 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-nodes-out seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-nodes-out seq 20 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-nodes-out seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-nodes-out seq 25 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-nodes-out seq 25' ;; esac
set -- "$@" 'ip prefix-list bgp-fabric-az2-next-hops description bgp-fabric az2 node next hops' 'ip prefix-list bgp-fabric-az2-next-hops seq 5 deny 10.12.0.2/32' 'ip prefix-list bgp-fabric-az2-next-hops seq 10 deny 10.12.0.3/32' 'ip prefix-list bgp-fabric-az2-next-hops seq 15 permit 10.12.0.0/24 le 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-next-hops seq 20 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-next-hops seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-next-hops seq 25 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-next-hops seq 25' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-next-hops seq 30 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-next-hops seq 30' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az2-next-hops seq 35 '*) set -- "$@" 'no ip prefix-list bgp-fabric-az2-next-hops seq 35' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-rr-in permit 10' '  description bgp-fabric az2 from reflectors' '  match ip address prefix-list bgp-fabric-az2-pods' '  match ip next-hop prefix-list bgp-fabric-az2-next-hops' '  set local-preference 100' '  set metric 0' '  set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az2-rr-in permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-in permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-in permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-in permit 30' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-ingress-in permit 10' '  description bgp-fabric az2 from ingress nodes' '  match ip address prefix-list bgp-fabric-az2-pools' '  match ip next-hop prefix-list bgp-fabric-az2-next-hops' '  set local-preference 100' '  set metric 0' '  set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-in permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-in permit 30' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-rr-out permit 10' '  description bgp-fabric az2 to reflectors' '  match ip address prefix-list bgp-fabric-az2-nodes-out'
case "$cfg" in *'
route-map bgp-fabric-az2-rr-out permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-out permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-out permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-out permit 30' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-ingress-out deny 10' '  description bgp-fabric az2 to ingress nodes'
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-out permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-out permit 30' ;; esac
set -- "$@" 'router bgp 65202' '  address-family ipv4 unicast' '    maximum-paths ibgp 16' '  template peer K8S-RR' '    remote-as 65202' "    description bgp-fabric az2 route reflectors restore-maximum-paths $mp" '    no update-source' '    no password' '    timers 3 9' '    address-family ipv4 unicast' '      capability additional-paths receive' '      next-hop-self' '      route-map bgp-fabric-az2-rr-in in' '      route-map bgp-fabric-az2-rr-out out' '      maximum-prefix 20000 restart 5' '  template peer K8S-INGRESS' '    remote-as 65202' '    description bgp-fabric az2 ingress nodes' '    no update-source' '    no password' '    timers 3 9' '    address-family ipv4 unicast' '      capability additional-paths receive' '      next-hop-self' '      route-map bgp-fabric-az2-ingress-in in' '      route-map bgp-fabric-az2-ingress-out out' '      maximum-prefix 2000 restart 5'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  template peer K8S-RR
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
if [ -n "$kept" ]; then sleep 3
if (
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in $kept; do
    out=$(vsh -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: az2/core1 - the base change was undone - sessions not Established again after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-10.12.0.11
# kept only once 10.12.0.11 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.11 '*) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor 10.12.0.11
'*) t=${bgp#*'
  neighbor 10.12.0.11
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR
'*) t=${bgp#*'
  template peer K8S-RR
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-RR is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-RR of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-10.12.0.11'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor 10.12.0.11' '    inherit peer K8S-RR' '    description bgp-fabric route reflector lab-az2-m1' '    address-family ipv4 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.11
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.12.0.11; do
    out=$(vsh -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-10.12.0.12
# kept only once 10.12.0.12 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.12 '*) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor 10.12.0.12
'*) t=${bgp#*'
  neighbor 10.12.0.12
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR
'*) t=${bgp#*'
  template peer K8S-RR
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-RR is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-RR of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-10.12.0.12'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor 10.12.0.12' '    inherit peer K8S-RR' '    description bgp-fabric route reflector lab-az2-m2' '    address-family ipv4 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.12
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.12.0.12; do
    out=$(vsh -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-10.12.0.21
# kept only once 10.12.0.21 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.21 '*) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor 10.12.0.21
'*) t=${bgp#*'
  neighbor 10.12.0.21
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS
'*) t=${bgp#*'
  template peer K8S-INGRESS
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-INGRESS is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-10.12.0.21'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor 10.12.0.21' '    inherit peer K8S-INGRESS' '    description bgp-fabric ingress lab-az2-in1' '    address-family ipv4 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.21
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.12.0.21; do
    out=$(vsh -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-10.12.0.22
# kept only once 10.12.0.22 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.22 '*) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor 10.12.0.22
'*) t=${bgp#*'
  neighbor 10.12.0.22
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor 10.12.0.22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS
'*) t=${bgp#*'
  template peer K8S-INGRESS
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-INGRESS is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-10.12.0.22'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor 10.12.0.22' '    inherit peer K8S-INGRESS' '    description bgp-fabric ingress lab-az2-in2' '    address-family ipv4 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor 10.12.0.22
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in 10.12.0.22; do
    out=$(vsh -c "show ip bgp neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-bgp-base-v6
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pods-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pods-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-pods-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pools-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pools-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-pools-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-nodes-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-next-hops-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-next-hops-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - prefix-list bgp-fabric-az2-next-hops-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-in-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az2-rr-in-v6 permit 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-rr-in-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in-v6 permit 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-ingress-in-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-out-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az2-rr-out-v6 permit 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-rr-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out-v6 '*) case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out-v6 deny 10
  description bgp-fabric '*) ;; *) echo 'bgp-fabric: az2/core1 - route-map bgp-fabric-az2-ingress-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR6
'*) t=${bgp#*'
  template peer K8S-RR6
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-RR6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS6
'*) t=${bgp#*'
  template peer K8S-INGRESS6
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-INGRESS6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in
*'
    description bgp-fabric '*' restore-ipv6-maximum-paths '*) mp=${bgp#*' restore-ipv6-maximum-paths '}; mp=${mp%%'
'*} ;;
*'
  address-family ipv6 unicast
'*) t=${bgp#*'
  address-family ipv6 unicast
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    maximum-paths ibgp '*) mp=${t#*'
    maximum-paths ibgp '}; mp=${mp%%'
'*} ;; *) mp=none ;; esac ;;
*) mp=absent ;;
esac
[[ $mp =~ ^(keep|none|absent|[1-9][0-9]{0,2}( ecmp [1-9][0-9]{0,2})?)$ ]] || { echo 'bgp-fabric: az2/core1 has a maximum-paths form this tool cannot restore - nothing changed' >&2; exit 1; }
kept=''
for a in $(printf '%s\n' "$bgp" | sed -n '/^  neighbor /{s/^  neighbor \([0-9a-f:]*\).*/\1/;h;};/^    inherit peer \(K8S-RR6\|K8S-INGRESS6\)$/{g;p;}'); do
  out=$(vsh -c "show bgp ipv6 unicast neighbors $a" </dev/null 2>&1) || out=
  case "$out" in *'BGP state = Established'*) kept="$kept $a" ;; esac
done
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-bgp-base-v6'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set --
set -- "$@" 'ipv6 prefix-list bgp-fabric-az2-pods-v6 description bgp-fabric az2 ipv6 pod blocks' 'ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 5 permit fd00:112::/56 ge 122'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 10 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 10' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 15 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 15' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 20 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 25 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pods-v6 seq 25' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az2-pools-v6 description bgp-fabric az2 ipv6 loadbalancer pools' 'ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 5 permit 2001:db8:114::/124 ge 128' 'ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 10 permit 2001:db8:113::/124 ge 128'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 15 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 15' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 20 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 25 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 25' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 30 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-pools-v6 seq 30' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 description bgp-fabric az2 nodes receive the ipv6 default route' 'ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 5 permit ::/0'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 10 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 10' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 15 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 15' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 20 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 25 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-nodes-out-v6 seq 25' ;; esac
set -- "$@" 'ipv6 prefix-list bgp-fabric-az2-next-hops-v6 description bgp-fabric az2 ipv6 node next hops' 'ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 5 deny fd00:12::2/128' 'ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 10 deny fd00:12::3/128' 'ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 15 permit fd00:12::/64 le 128'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 20 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 25 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 25' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 30 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 30' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 35 '*) set -- "$@" 'no ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 35' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-rr-in-v6 permit 10' '  description bgp-fabric az2 ipv6 from reflectors' '  match ipv6 address prefix-list bgp-fabric-az2-pods-v6' '  match ipv6 next-hop prefix-list bgp-fabric-az2-next-hops-v6' '  set local-preference 100' '  set metric 0' '  set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az2-rr-in-v6 permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-in-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-in-v6 permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-in-v6 permit 30' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-ingress-in-v6 permit 10' '  description bgp-fabric az2 ipv6 from ingress nodes' '  match ipv6 address prefix-list bgp-fabric-az2-pools-v6' '  match ipv6 next-hop prefix-list bgp-fabric-az2-next-hops-v6' '  set local-preference 100' '  set metric 0' '  set origin igp'
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in-v6 permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-in-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-in-v6 permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-in-v6 permit 30' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-rr-out-v6 permit 10' '  description bgp-fabric az2 ipv6 to reflectors' '  match ipv6 address prefix-list bgp-fabric-az2-nodes-out-v6'
case "$cfg" in *'
route-map bgp-fabric-az2-rr-out-v6 permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-out-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-rr-out-v6 permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-rr-out-v6 permit 30' ;; esac
set -- "$@" 'route-map bgp-fabric-az2-ingress-out-v6 deny 10' '  description bgp-fabric az2 ipv6 to ingress nodes'
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out-v6 permit 20
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-out-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az2-ingress-out-v6 permit 30
'*) set -- "$@" 'no route-map bgp-fabric-az2-ingress-out-v6 permit 30' ;; esac
set -- "$@" 'router bgp 65202' '  address-family ipv6 unicast' '    maximum-paths ibgp 16' '  template peer K8S-RR6' '    remote-as 65202' "    description bgp-fabric az2 ipv6 route reflectors restore-ipv6-maximum-paths $mp" '    no update-source' '    no password' '    timers 3 9' '    address-family ipv6 unicast' '      capability additional-paths receive' '      next-hop-self' '      route-map bgp-fabric-az2-rr-in-v6 in' '      route-map bgp-fabric-az2-rr-out-v6 out' '      maximum-prefix 20000 restart 5' '  template peer K8S-INGRESS6' '    remote-as 65202' '    description bgp-fabric az2 ipv6 ingress nodes' '    no update-source' '    no password' '    timers 3 9' '    address-family ipv6 unicast' '      capability additional-paths receive' '      next-hop-self' '      route-map bgp-fabric-az2-ingress-in-v6 in' '      route-map bgp-fabric-az2-ingress-out-v6 out' '      maximum-prefix 2000 restart 5'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  template peer K8S-RR6
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS6
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
if [ -n "$kept" ]; then sleep 3
if (
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in $kept; do
    out=$(vsh -c "show bgp ipv6 unicast neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: az2/core1 - the base change was undone - sessions not Established again after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-fd00-12--11
# kept only once fd00:12::11 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor fd00:12::11 '*) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor fd00:12::11
'*) t=${bgp#*'
  neighbor fd00:12::11
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR6
'*) t=${bgp#*'
  template peer K8S-RR6
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-RR6 is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR6
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-RR6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-fd00-12--11'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor fd00:12::11' '    inherit peer K8S-RR6' '    description bgp-fabric route reflector lab-az2-m1' '    address-family ipv6 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor fd00:12::11
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:12::11; do
    out=$(vsh -c "show bgp ipv6 unicast neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-fd00-12--12
# kept only once fd00:12::12 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor fd00:12::12 '*) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor fd00:12::12
'*) t=${bgp#*'
  neighbor fd00:12::12
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR6
'*) t=${bgp#*'
  template peer K8S-RR6
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-RR6 is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-RR6
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-RR6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-fd00-12--12'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor fd00:12::12' '    inherit peer K8S-RR6' '    description bgp-fabric route reflector lab-az2-m2' '    address-family ipv6 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor fd00:12::12
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:12::12; do
    out=$(vsh -c "show bgp ipv6 unicast neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-fd00-12--21
# kept only once fd00:12::21 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor fd00:12::21 '*) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor fd00:12::21
'*) t=${bgp#*'
  neighbor fd00:12::21
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS6
'*) t=${bgp#*'
  template peer K8S-INGRESS6
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-INGRESS6 is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS6
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-INGRESS6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-fd00-12--21'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor fd00:12::21' '    inherit peer K8S-INGRESS6' '    description bgp-fabric ingress lab-az2-in1' '    address-family ipv6 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor fd00:12::21
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:12::21; do
    out=$(vsh -c "show bgp ipv6 unicast neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)

# --- az2-core1-neighbor-fd00-12--22
# kept only once fd00:12::22 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
exec 9>>/tmp/bgp-fabric-65202.lock
flock -w 300 9 || { echo 'bgp-fabric: az2/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65202.lock' >&2; exit 1; }
cfg=$(vsh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) echo 'bgp-fabric: az2/core1 runs no router bgp 65202 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
  neighbor fd00:12::22 '*) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
  neighbor fd00:12::22
'*) t=${bgp#*'
  neighbor fd00:12::22
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - neighbor fd00:12::22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS6
'*) t=${bgp#*'
  template peer K8S-INGRESS6
'}; t="
${t%%'
  '[! ]*}
"; case "$t" in *'
    description bgp-fabric '*) : ;; *) echo 'bgp-fabric: az2/core1 - template peer K8S-INGRESS6 is not ours' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
  template peer K8S-INGRESS6
'*) ;; *) echo 'bgp-fabric: az2/core1 has no template peer K8S-INGRESS6 of ours - apply the base command first' >&2; exit 1 ;; esac
trap '' HUP PIPE
refused() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions'; }
unlisted() { printf '%s\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }
shown() { local m=; if [ -n "${pw:-}" ]; then m="s/(token [0-9]+:).*/\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\n' "$1" | grep -E -e '^ *%' -e '[Ii]nvalid (input|command|parameter)' -e '([Ii]ncomplete|[Aa]mbiguous) command' -e '[Ss]yntax error' -e '^ *(ERROR|[Ee]rror):' -e '[Ff]ailed|FAILED' -e '[^ ] not found' -e 'not allowed' -e 'Maximum number of pending sessions' | sed -E -e 's/(password( [0-9]+)?) .*/\1 <hidden>/' -e "$m" || :; }
n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo 'bgp-fabric: az2/core1 - could not make a unique change name - nothing changed' >&2; exit 1; }
s='bgp-fabric-az2-core1-neighbor-fd00-12--22'-$n
undo() { out=$(vsh -c "rollback running-config checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then printf '%s\n' "$s" > /tmp/bgp-fabric-az2-core1-rollback-failed; echo 'bgp-fabric: az2/core1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint' "$s" 'is kept as the only way back: run rollback running-config checkpoint' "$s" 'and check show running-config, then no checkpoint' "$s" 'and rm /tmp/bgp-fabric-az2-core1-rollback-failed - no bgp-fabric change runs on this switch until then:' "$(shown "$out")" >&2; exit 1; fi; drop; }
drop() { out=$(vsh -c "no checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop checkpoint' "$s" '(the next run drops it):' "$(shown "$out")" >&2; exit 1; fi; }
apply() {
  x=()
  o=0
  for l in "$@"; do
    b=${l#"${l%%[! ]*}"}
    d=$(( (${#l} - ${#b}) / 2 ))
    if [ "$d" -gt "$o" ]; then o=$d; fi
    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done
    x+=("$b")
  done
  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi
  out=$({ printf '%s\n' 'configure terminal' "${x[@]}"; if [ -n "${pw:-}" ]; then cat; fi; } | vsh 2>&1) || out="% exit $?: $out"
  if refused "$out"; then { echo 'bgp-fabric: az2/core1 - the switch refused the change:'; shown "$out"; } >&2 || :; undo; echo '- rolled back to the checkpoint taken before - nothing changed' >&2; exit 1; fi
}
if [ -e /tmp/bgp-fabric-az2-core1-rollback-failed ]; then echo 'bgp-fabric: az2/core1 - an earlier rollback failed and kept checkpoint' "$(head -c 100 /tmp/bgp-fabric-az2-core1-rollback-failed)" '- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm /tmp/bgp-fabric-az2-core1-rollback-failed - nothing changed' >&2; exit 1; fi
out=$(vsh -c "show checkpoint summary" </dev/null 2>&1) || out="% exit $?: $out"; if unlisted "$out"; then echo 'bgp-fabric: az2/core1 - could not list the checkpoints:' "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
for x in $(printf '%s\n' "$out" | sed -n 's/^[0-9]\{1,\}) \(bgp-fabric-az2-core1-[a-z0-9.-]*\):$/\1/p'); do out=$(vsh -c "no checkpoint $x" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not drop the stale checkpoint' "$x" 'of an earlier run:' "$(shown "$out")" '- drop it by hand: no checkpoint' "$x" '- nothing changed' >&2; exit 1; fi; echo 'bgp-fabric: az2/core1 - dropped the stale checkpoint' "$x" 'of an earlier run that did not finish (never rolled back to)' || :; done
out=$(vsh -c "checkpoint $s" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - could not take checkpoint' "$s:" "$(shown "$out")" '- nothing changed' >&2; exit 1; fi
set -- 'router bgp 65202' '  neighbor fd00:12::22' '    inherit peer K8S-INGRESS6' '    description bgp-fabric ingress lab-az2-in2' '    address-family ipv6 unicast'
apply "$@"
cfg=$(vsh -c 'show running-config' </dev/null) || { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; }
case "$cfg" in
*'
router bgp 65202
'*) bgp=${cfg#*'
router bgp 65202
'}; bgp=${bgp%%'
'[!' ']*}; bgp="
$bgp
" ;;
*) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;;
esac
case "$bgp" in *'
  neighbor fd00:12::22
'*) ;; *) { undo; echo 'bgp-fabric: az2/core1 - the running config does not hold the change after applying it - undone' >&2; exit 1; } ;; esac
trap '' HUP PIPE
if (
set -e
end=$(( $(date +%s) + 120 ))
while :; do
  down=
  for a in fd00:12::22; do
    out=$(vsh -c "show bgp ipv6 unicast neighbors $a" </dev/null 2>&1) || out=
    case "$out" in *'BGP state = Established'*) ;; *) down="$down $a" ;; esac
  done
  [ -z "$down" ] && break
  [ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: router bgp 65202 - not Established after 120 s:'"$down" >&2; exit 1; }
  sleep 1
done
); then :; else
undo; echo 'bgp-fabric: az2/core1 -' "$s" 'rolled back to the checkpoint taken before and dropped it - nothing saved' >&2
exit 1
fi
out=$(vsh -c "copy running-config startup-config" </dev/null 2>&1) || out="% exit $?: $out"; if refused "$out"; then echo 'bgp-fabric: az2/core1 - copy running-config startup-config failed - the change is in the running config but not saved:' "$(shown "$out")" >&2 || :; drop; exit 1; fi; drop
)
