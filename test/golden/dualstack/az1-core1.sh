#!/bin/sh
# bgp-fabric labv6: az1/core1 (frr), ssh bgp-fabric@10.11.0.2:22
# Each block is one Pulumi remote.Command, run in its own SSH session in this order.

# --- az1-core1-bgp-base
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pods exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pools exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-nodes-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops '*) case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-next-hops exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
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
 neighbor K8S-RR peer-group
'*) case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer-group K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS peer-group
'*) case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer-group K8S-INGRESS exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in
*'
 neighbor K8S-RR description bgp-fabric '*' restore-maximum-paths-ibgp '*) mp=${bgp#*' restore-maximum-paths-ibgp '}; mp=${mp%%'
'*} ;;
*'
 address-family ipv4 unicast
'*) mp=${bgp#*'
 address-family ipv4 unicast
'}; mp="
${mp%%'
 exit-address-family'*}"; case "$mp" in *'
  maximum-paths ibgp '*) mp=${mp#*'
  maximum-paths ibgp '}; mp=${mp%%'
'*} ;; *) mp=none ;; esac ;;
*) mp=none ;;
esac
case "$mp" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo 'bgp-fabric: az1/core1 has a maximum-paths ibgp form this tool cannot restore - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor K8S-RR peer-group
'*) fresh=0 ;; *) fresh=1 ;; esac
kept=''
for a in $(printf '%s\n' "$bgp" | sed -n -e 's/^ neighbor \([^ ]*\) peer-group K8S-RR$/\1/p' -e 's/^ neighbor \([^ ]*\) peer-group K8S-INGRESS$/\1/p'); do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in *'"bgpState":"Established"'*) kept="$kept $a" ;; esac
done
set -- -c 'configure terminal'
set -- "$@" -c 'ip prefix-list bgp-fabric-az1-pods description bgp-fabric az1 pod blocks' -c 'ip prefix-list bgp-fabric-az1-pods seq 5 permit 10.111.0.0/18 ge 26'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods seq 10 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pods seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods seq 15 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pods seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods seq 20 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pods seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods seq 25 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pods seq 25' ;; esac
set -- "$@" -c 'ip prefix-list bgp-fabric-az1-pools description bgp-fabric az1 loadbalancer pools' -c 'ip prefix-list bgp-fabric-az1-pools seq 5 permit 203.0.113.0/28 ge 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools seq 10 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pools seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools seq 15 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pools seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools seq 20 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pools seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools seq 25 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pools seq 25' ;; esac
set -- "$@" -c 'ip prefix-list bgp-fabric-az1-nodes-out description bgp-fabric az1 nodes receive the default route' -c 'ip prefix-list bgp-fabric-az1-nodes-out seq 5 permit 0.0.0.0/0'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out seq 10 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-nodes-out seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out seq 15 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-nodes-out seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out seq 20 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-nodes-out seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out seq 25 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-nodes-out seq 25' ;; esac
set -- "$@" -c 'ip prefix-list bgp-fabric-az1-next-hops description bgp-fabric az1 node next hops' -c 'ip prefix-list bgp-fabric-az1-next-hops seq 5 deny 10.11.0.2/32' -c 'ip prefix-list bgp-fabric-az1-next-hops seq 10 deny 10.11.0.3/32' -c 'ip prefix-list bgp-fabric-az1-next-hops seq 15 permit 10.11.0.0/24 le 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops seq 20 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-next-hops seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops seq 25 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-next-hops seq 25' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops seq 30 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-next-hops seq 30' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops seq 35 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-next-hops seq 35' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-rr-in permit 10' -c 'description bgp-fabric az1 from reflectors' -c 'match ip address prefix-list bgp-fabric-az1-pods' -c 'match ip next-hop prefix-list bgp-fabric-az1-next-hops' -c 'set local-preference 100' -c 'set metric 0' -c 'set origin igp' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-in permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-in permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-ingress-in permit 10' -c 'description bgp-fabric az1 from ingress nodes' -c 'match ip address prefix-list bgp-fabric-az1-pools' -c 'match ip next-hop prefix-list bgp-fabric-az1-next-hops' -c 'set local-preference 100' -c 'set metric 0' -c 'set origin igp' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-in permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-in permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-rr-out permit 10' -c 'description bgp-fabric az1 to reflectors' -c 'match ip address prefix-list bgp-fabric-az1-nodes-out' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-out permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-out permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-ingress-out deny 10' -c 'description bgp-fabric az1 to ingress nodes' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-out permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-out permit 30' ;; esac
set -- "$@" -c 'router bgp 65201'
set -- "$@" -c 'neighbor K8S-RR peer-group' -c "neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths-ibgp $mp" -c 'neighbor K8S-RR remote-as internal' -c 'neighbor K8S-RR update-source 10.11.0.2' -c 'neighbor K8S-RR timers 3 9' -c 'neighbor K8S-RR timers connect 5' -c 'no neighbor K8S-RR password'
set -- "$@" -c 'neighbor K8S-INGRESS peer-group' -c 'neighbor K8S-INGRESS description bgp-fabric az1 ingress nodes' -c 'neighbor K8S-INGRESS remote-as internal' -c 'neighbor K8S-INGRESS update-source 10.11.0.2' -c 'neighbor K8S-INGRESS timers 3 9' -c 'neighbor K8S-INGRESS timers connect 5' -c 'no neighbor K8S-INGRESS password'
set -- "$@" -c 'address-family ipv4 unicast' -c 'maximum-paths ibgp 16' -c 'neighbor K8S-RR activate' -c 'neighbor K8S-RR next-hop-self' -c 'neighbor K8S-RR route-map bgp-fabric-az1-rr-in in' -c 'neighbor K8S-RR route-map bgp-fabric-az1-rr-out out' -c 'neighbor K8S-RR maximum-prefix 20000 restart 5' -c 'neighbor K8S-INGRESS activate' -c 'neighbor K8S-INGRESS next-hop-self' -c 'neighbor K8S-INGRESS route-map bgp-fabric-az1-ingress-in in' -c 'neighbor K8S-INGRESS route-map bgp-fabric-az1-ingress-out out' -c 'neighbor K8S-INGRESS maximum-prefix 2000 restart 5' -c 'exit-address-family' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) set -- "$@" -c 'no neighbor K8S-RR peer-group' ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) set -- "$@" -c 'no neighbor K8S-INGRESS peer-group' ;; esac
case "$mp" in keep) ;; none) set -- "$@" -c 'address-family ipv4 unicast' -c 'no maximum-paths ibgp' -c 'exit-address-family' ;; *) set -- "$@" -c 'address-family ipv4 unicast' -c "maximum-paths ibgp $mp" -c 'exit-address-family' ;; esac
set -- "$@" -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-in' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-in' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-out' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out deny 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-out' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pods description bgp-fabric '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pods' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-pools description bgp-fabric '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-pools' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-nodes-out description bgp-fabric '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-nodes-out' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-az1-next-hops description bgp-fabric '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-az1-next-hops' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - the change did not apply completely - a command failed or bgpd is down - rolled back what this run added and saved nothing' >&2; exit 1; }
if [ -n "$kept" ]; then
sleep 3
end=$(($(date +%s) + 120))
while :; do
down=''
for a in $kept; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: az1/core1 - the base change is in the running config but NOT saved - fix the peer-group settings and re-run pulumi up or restart frr to load the saved config - sessions not Established again after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-10.11.0.11
# kept only once 10.11.0.11 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.11 '*) case "$bgp" in *'
 neighbor 10.11.0.11 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-RR of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.11 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor 10.11.0.11 peer-group K8S-RR' -c 'neighbor 10.11.0.11 shutdown' -c 'neighbor 10.11.0.11 description bgp-fabric route reflector lab-az1-m1' -c 'neighbor 10.11.0.11 graceful-restart-disable' -c 'no neighbor 10.11.0.11 shutdown' ;; *) set -- "$@" -c 'neighbor 10.11.0.11 peer-group K8S-RR' -c 'neighbor 10.11.0.11 description bgp-fabric route reflector lab-az1-m1' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor 10.11.0.11 peer-group K8S-RR
'*) set -- "$@" -c 'no neighbor 10.11.0.11' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor 10.11.0.11 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in '10.11.0.11'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.11 peer-group K8S-RR
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.11 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor 10.11.0.11' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor 10.11.0.11 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-10.11.0.11: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-10.11.0.11 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-10.11.0.12
# kept only once 10.11.0.12 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.12 '*) case "$bgp" in *'
 neighbor 10.11.0.12 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-RR of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.12 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor 10.11.0.12 peer-group K8S-RR' -c 'neighbor 10.11.0.12 shutdown' -c 'neighbor 10.11.0.12 description bgp-fabric route reflector lab-az1-m2' -c 'neighbor 10.11.0.12 graceful-restart-disable' -c 'no neighbor 10.11.0.12 shutdown' ;; *) set -- "$@" -c 'neighbor 10.11.0.12 peer-group K8S-RR' -c 'neighbor 10.11.0.12 description bgp-fabric route reflector lab-az1-m2' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor 10.11.0.12 peer-group K8S-RR
'*) set -- "$@" -c 'no neighbor 10.11.0.12' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor 10.11.0.12 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in '10.11.0.12'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.12 peer-group K8S-RR
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.12 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor 10.11.0.12' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor 10.11.0.12 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-10.11.0.12: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-10.11.0.12 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-10.11.0.21
# kept only once 10.11.0.21 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.21 '*) case "$bgp" in *'
 neighbor 10.11.0.21 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.21 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor 10.11.0.21 peer-group K8S-INGRESS' -c 'neighbor 10.11.0.21 shutdown' -c 'neighbor 10.11.0.21 description bgp-fabric ingress lab-az1-in1' -c 'neighbor 10.11.0.21 graceful-restart-disable' -c 'no neighbor 10.11.0.21 shutdown' ;; *) set -- "$@" -c 'neighbor 10.11.0.21 peer-group K8S-INGRESS' -c 'neighbor 10.11.0.21 description bgp-fabric ingress lab-az1-in1' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor 10.11.0.21 peer-group K8S-INGRESS
'*) set -- "$@" -c 'no neighbor 10.11.0.21' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor 10.11.0.21 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in '10.11.0.21'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.21 peer-group K8S-INGRESS
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.21 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor 10.11.0.21' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor 10.11.0.21 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-10.11.0.21: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-10.11.0.21 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-10.11.0.22
# kept only once 10.11.0.22 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.22 '*) case "$bgp" in *'
 neighbor 10.11.0.22 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor 10.11.0.22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.22 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor 10.11.0.22 peer-group K8S-INGRESS' -c 'neighbor 10.11.0.22 shutdown' -c 'neighbor 10.11.0.22 description bgp-fabric ingress lab-az1-in2' -c 'neighbor 10.11.0.22 graceful-restart-disable' -c 'no neighbor 10.11.0.22 shutdown' ;; *) set -- "$@" -c 'neighbor 10.11.0.22 peer-group K8S-INGRESS' -c 'neighbor 10.11.0.22 description bgp-fabric ingress lab-az1-in2' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor 10.11.0.22 peer-group K8S-INGRESS
'*) set -- "$@" -c 'no neighbor 10.11.0.22' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor 10.11.0.22 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in '10.11.0.22'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor 10.11.0.22 peer-group K8S-INGRESS
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor 10.11.0.22 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor 10.11.0.22' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor 10.11.0.22 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-10.11.0.22: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-10.11.0.22 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-bgp-base-v6
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pods-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-pools-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-nodes-out-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 '*) case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - prefix-list bgp-fabric-az1-next-hops-v6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
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
 neighbor K8S-RR6 peer-group
'*) case "$bgp" in *'
 neighbor K8S-RR6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer-group K8S-RR6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS6 peer-group
'*) case "$bgp" in *'
 neighbor K8S-INGRESS6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - peer-group K8S-INGRESS6 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in
*'
 neighbor K8S-RR6 description bgp-fabric '*' restore-ipv6-maximum-paths-ibgp '*) mp6=${bgp#*' restore-ipv6-maximum-paths-ibgp '}; mp6=${mp6%%'
'*} ;;
*'
 address-family ipv6 unicast
'*) mp6=${bgp#*'
 address-family ipv6 unicast
'}; mp6="
${mp6%%'
 exit-address-family'*}"; case "$mp6" in *'
  maximum-paths ibgp '*) mp6=${mp6#*'
  maximum-paths ibgp '}; mp6=${mp6%%'
'*} ;; *) mp6=none ;; esac ;;
*) mp6=none ;;
esac
case "$mp6" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo 'bgp-fabric: az1/core1 has an ipv6 maximum-paths ibgp form this tool cannot restore - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor K8S-RR6 peer-group
'*) fresh=0 ;; *) fresh=1 ;; esac
kept=''
for a in $(printf '%s\n' "$bgp" | sed -n -e 's/^ neighbor \([^ ]*\) peer-group K8S-RR6$/\1/p' -e 's/^ neighbor \([^ ]*\) peer-group K8S-INGRESS6$/\1/p'); do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in *'"bgpState":"Established"'*) kept="$kept $a" ;; esac
done
set -- -c 'configure terminal'
set -- "$@" -c 'ipv6 prefix-list bgp-fabric-az1-pods-v6 description bgp-fabric az1 ipv6 pod blocks' -c 'ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 5 permit fd00:111::/56 ge 122'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 10 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 10' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 15 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 15' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 20 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 25 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 25' ;; esac
set -- "$@" -c 'ipv6 prefix-list bgp-fabric-az1-pools-v6 description bgp-fabric az1 ipv6 loadbalancer pools' -c 'ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 5 permit 2001:db8:114::/124 ge 128' -c 'ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 10 permit 2001:db8:113::/124 ge 128'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 15 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 15' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 20 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 25 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 25' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 30 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 30' ;; esac
set -- "$@" -c 'ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 description bgp-fabric az1 nodes receive the ipv6 default route' -c 'ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 5 permit ::/0'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 10 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 10' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 15 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 15' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 20 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 25 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 seq 25' ;; esac
set -- "$@" -c 'ipv6 prefix-list bgp-fabric-az1-next-hops-v6 description bgp-fabric az1 ipv6 node next hops' -c 'ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 5 deny fd00:11::2/128' -c 'ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 10 deny fd00:11::3/128' -c 'ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 15 permit fd00:11::/64 le 128'
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 20 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 20' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 25 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 25' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 30 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 30' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 35 '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 35' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-rr-in-v6 permit 10' -c 'description bgp-fabric az1 ipv6 from reflectors' -c 'match ipv6 address prefix-list bgp-fabric-az1-pods-v6' -c 'match ipv6 next-hop prefix-list bgp-fabric-az1-next-hops-v6' -c 'set local-preference 100' -c 'set metric 0' -c 'set origin igp' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in-v6 permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-in-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in-v6 permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-in-v6 permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-ingress-in-v6 permit 10' -c 'description bgp-fabric az1 ipv6 from ingress nodes' -c 'match ipv6 address prefix-list bgp-fabric-az1-pools-v6' -c 'match ipv6 next-hop prefix-list bgp-fabric-az1-next-hops-v6' -c 'set local-preference 100' -c 'set metric 0' -c 'set origin igp' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in-v6 permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-in-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in-v6 permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-in-v6 permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-rr-out-v6 permit 10' -c 'description bgp-fabric az1 ipv6 to reflectors' -c 'match ipv6 address prefix-list bgp-fabric-az1-nodes-out-v6' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out-v6 permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-out-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out-v6 permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-out-v6 permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-az1-ingress-out-v6 deny 10' -c 'description bgp-fabric az1 ipv6 to ingress nodes' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out-v6 permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-out-v6 permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out-v6 permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-out-v6 permit 30' ;; esac
set -- "$@" -c 'router bgp 65201'
set -- "$@" -c 'neighbor K8S-RR6 peer-group' -c "neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors restore-ipv6-maximum-paths-ibgp $mp6" -c 'neighbor K8S-RR6 remote-as internal' -c 'neighbor K8S-RR6 update-source fd00:11::2' -c 'neighbor K8S-RR6 timers 3 9' -c 'neighbor K8S-RR6 timers connect 5' -c 'no neighbor K8S-RR6 password'
set -- "$@" -c 'neighbor K8S-INGRESS6 peer-group' -c 'neighbor K8S-INGRESS6 description bgp-fabric az1 ipv6 ingress nodes' -c 'neighbor K8S-INGRESS6 remote-as internal' -c 'neighbor K8S-INGRESS6 update-source fd00:11::2' -c 'neighbor K8S-INGRESS6 timers 3 9' -c 'neighbor K8S-INGRESS6 timers connect 5' -c 'no neighbor K8S-INGRESS6 password'
set -- "$@" -c 'address-family ipv4 unicast' -c 'no neighbor K8S-RR6 activate' -c 'no neighbor K8S-INGRESS6 activate' -c 'exit-address-family' -c 'address-family ipv6 unicast' -c 'maximum-paths ibgp 16' -c 'neighbor K8S-RR6 activate' -c 'neighbor K8S-RR6 next-hop-self' -c 'neighbor K8S-RR6 route-map bgp-fabric-az1-rr-in-v6 in' -c 'neighbor K8S-RR6 route-map bgp-fabric-az1-rr-out-v6 out' -c 'neighbor K8S-RR6 maximum-prefix 20000 restart 5' -c 'neighbor K8S-INGRESS6 activate' -c 'neighbor K8S-INGRESS6 next-hop-self' -c 'neighbor K8S-INGRESS6 route-map bgp-fabric-az1-ingress-in-v6 in' -c 'neighbor K8S-INGRESS6 route-map bgp-fabric-az1-ingress-out-v6 out' -c 'neighbor K8S-INGRESS6 maximum-prefix 2000 restart 5' -c 'exit-address-family' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor K8S-RR6 description bgp-fabric '*) set -- "$@" -c 'no neighbor K8S-RR6 peer-group' ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS6 description bgp-fabric '*) set -- "$@" -c 'no neighbor K8S-INGRESS6 peer-group' ;; esac
case "$mp6" in keep) ;; none) set -- "$@" -c 'address-family ipv6 unicast' -c 'no maximum-paths ibgp' -c 'exit-address-family' ;; *) set -- "$@" -c 'address-family ipv6 unicast' -c "maximum-paths ibgp $mp6" -c 'exit-address-family' ;; esac
set -- "$@" -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-az1-rr-in-v6 permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-in-v6' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-in-v6 permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-in-v6' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-rr-out-v6 permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-rr-out-v6' ;; esac
case "$cfg" in *'
route-map bgp-fabric-az1-ingress-out-v6 deny 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-az1-ingress-out-v6' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pods-v6 description bgp-fabric '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pods-v6' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-pools-v6 description bgp-fabric '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-pools-v6' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-nodes-out-v6 description bgp-fabric '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-nodes-out-v6' ;; esac
case "$cfg" in *'
ipv6 prefix-list bgp-fabric-az1-next-hops-v6 description bgp-fabric '*) set -- "$@" -c 'no ipv6 prefix-list bgp-fabric-az1-next-hops-v6' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - the change did not apply completely - a command failed or bgpd is down - rolled back what this run added and saved nothing' >&2; exit 1; }
if [ -n "$kept" ]; then
sleep 3
end=$(($(date +%s) + 120))
while :; do
down=''
for a in $kept; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: az1/core1 - the base change is in the running config but NOT saved - fix the peer-group settings and re-run pulumi up or restart frr to load the saved config - sessions not Established again after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-fd00-11--11
# kept only once fd00:11::11 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::11 '*) case "$bgp" in *'
 neighbor fd00:11::11 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::11 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-RR6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-RR6 of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor fd00:11::11 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor fd00:11::11 peer-group K8S-RR6' -c 'neighbor fd00:11::11 shutdown' -c 'neighbor fd00:11::11 description bgp-fabric route reflector lab-az1-m1' -c 'neighbor fd00:11::11 graceful-restart-disable' -c 'no neighbor fd00:11::11 shutdown' ;; *) set -- "$@" -c 'neighbor fd00:11::11 peer-group K8S-RR6' -c 'neighbor fd00:11::11 description bgp-fabric route reflector lab-az1-m1' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor fd00:11::11 peer-group K8S-RR6
'*) set -- "$@" -c 'no neighbor fd00:11::11' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor fd00:11::11 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in 'fd00:11::11'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::11 peer-group K8S-RR6
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor fd00:11::11 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor fd00:11::11' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor fd00:11::11 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-fd00-11--11: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-fd00-11--11 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-fd00-11--12
# kept only once fd00:11::12 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::12 '*) case "$bgp" in *'
 neighbor fd00:11::12 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::12 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-RR6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-RR6 of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor fd00:11::12 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor fd00:11::12 peer-group K8S-RR6' -c 'neighbor fd00:11::12 shutdown' -c 'neighbor fd00:11::12 description bgp-fabric route reflector lab-az1-m2' -c 'neighbor fd00:11::12 graceful-restart-disable' -c 'no neighbor fd00:11::12 shutdown' ;; *) set -- "$@" -c 'neighbor fd00:11::12 peer-group K8S-RR6' -c 'neighbor fd00:11::12 description bgp-fabric route reflector lab-az1-m2' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor fd00:11::12 peer-group K8S-RR6
'*) set -- "$@" -c 'no neighbor fd00:11::12' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor fd00:11::12 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in 'fd00:11::12'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::12 peer-group K8S-RR6
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor fd00:11::12 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor fd00:11::12' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor fd00:11::12 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-fd00-11--12: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-fd00-11--12 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-fd00-11--21
# kept only once fd00:11::21 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::21 '*) case "$bgp" in *'
 neighbor fd00:11::21 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-INGRESS6 of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor fd00:11::21 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor fd00:11::21 peer-group K8S-INGRESS6' -c 'neighbor fd00:11::21 shutdown' -c 'neighbor fd00:11::21 description bgp-fabric ingress lab-az1-in1' -c 'neighbor fd00:11::21 graceful-restart-disable' -c 'no neighbor fd00:11::21 shutdown' ;; *) set -- "$@" -c 'neighbor fd00:11::21 peer-group K8S-INGRESS6' -c 'neighbor fd00:11::21 description bgp-fabric ingress lab-az1-in1' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor fd00:11::21 peer-group K8S-INGRESS6
'*) set -- "$@" -c 'no neighbor fd00:11::21' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor fd00:11::21 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in 'fd00:11::21'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::21 peer-group K8S-INGRESS6
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor fd00:11::21 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor fd00:11::21' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor fd00:11::21 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-fd00-11--21: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-fd00-11--21 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)

# --- az1-core1-neighbor-fd00-11--22
# kept only once fd00:11::22 is Established (waits up to 120 s), else rolled back: the command fails naming the session
(
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: az1/core1 runs no router bgp 65201 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::22 '*) case "$bgp" in *'
 neighbor fd00:11::22 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 - neighbor fd00:11::22 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS6 description bgp-fabric '*) ;; *) echo 'bgp-fabric: az1/core1 has no peer-group K8S-INGRESS6 of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor fd00:11::22 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$fresh" in 1) set -- "$@" -c 'neighbor fd00:11::22 peer-group K8S-INGRESS6' -c 'neighbor fd00:11::22 shutdown' -c 'neighbor fd00:11::22 description bgp-fabric ingress lab-az1-in2' -c 'neighbor fd00:11::22 graceful-restart-disable' -c 'no neighbor fd00:11::22 shutdown' ;; *) set -- "$@" -c 'neighbor fd00:11::22 peer-group K8S-INGRESS6' -c 'neighbor fd00:11::22 description bgp-fabric ingress lab-az1-in2' ;; esac
set -- "$@" -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65201'
case "$bgp" in *'
 neighbor fd00:11::22 peer-group K8S-INGRESS6
'*) set -- "$@" -c 'no neighbor fd00:11::22' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - adding neighbor fd00:11::22 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in 'fd00:11::22'; do
s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''
case "$s" in
*'"bgpState":"Established"'*) continue ;;
*'"bgpState":"'*) st=${s#*'"bgpState":"'}; st=${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;
*bgpNoSuchNeighbor*) st='not configured' ;;
*) st='bgpd did not answer' ;;
esac
down="$down $a ($st)"
done
[ -n "$down" ] || break
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65201 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65201.lock; flock -w 300 9 || { echo 'bgp-fabric: az1/core1 - another bgp-fabric command holds /tmp/bgp-fabric-65201.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor fd00:11::22 peer-group K8S-INGRESS6
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor fd00:11::22 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65201' -c 'no neighbor fd00:11::22' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65201
'*) bgp=${cfg#*'
router bgp 65201
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
[ "$ok" = 1 ] || { echo 'bgp-fabric: az1/core1 - removing neighbor fd00:11::22 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
) && echo 'bgp-fabric: az1/core1 - rolled back az1-core1-neighbor-fd00-11--22: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: az1/core1 - the rollback of az1-core1-neighbor-fd00-11--22 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: az1/core1 - write memory did not confirm:' "$out" >&2; exit 1
)
