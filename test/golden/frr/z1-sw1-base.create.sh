set -e
[ "${bgp_fabric_rollback-}" = 1 ] || { exec 9>>/tmp/bgp-fabric-65001.lock; flock -w 300 9 || { echo 'bgp-fabric: z1/sw1 - another bgp-fabric command holds /tmp/bgp-fabric-65001.lock' >&2; exit 1; }; }
cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1
case "$cfg" in
*'
router bgp 65001
'*) bgp=${cfg#*'
router bgp 65001
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) echo 'bgp-fabric: z1/sw1 prints no exit after router bgp 65001 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed' >&2; exit 1 ;; esac ;;
*) echo 'bgp-fabric: z1/sw1 runs no router bgp 65001 - configure the zone AS on the switch first' >&2; exit 1 ;;
esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools '*) case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - prefix-list bgp-fabric-z1-pools exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops '*) case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - prefix-list bgp-fabric-z1-next-hops exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-in '*) case "$cfg" in *'
route-map bgp-fabric-z1-ingress-in permit 10
 description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - route-map bgp-fabric-z1-ingress-in exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-out '*) case "$cfg" in *'
route-map bgp-fabric-z1-ingress-out deny 10
 description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - route-map bgp-fabric-z1-ingress-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-RR peer-group
'*) case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS peer-group
'*) case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-INGRESS exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
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
case "$mp" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo 'bgp-fabric: z1/sw1 has a maximum-paths ibgp form this tool cannot restore - nothing changed' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor K8S-RR peer-group
'*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal'
set -- "$@" -c 'ip prefix-list bgp-fabric-z1-pools description bgp-fabric z1 loadbalancer pools' -c 'ip prefix-list bgp-fabric-z1-pools seq 5 permit 192.0.2.0/28 ge 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools seq 10 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-pools seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools seq 15 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-pools seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools seq 20 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-pools seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools seq 25 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-pools seq 25' ;; esac
set -- "$@" -c 'ip prefix-list bgp-fabric-z1-next-hops description bgp-fabric z1 node next hops' -c 'ip prefix-list bgp-fabric-z1-next-hops seq 5 permit 10.0.0.0/24 le 32'
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops seq 10 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-next-hops seq 10' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops seq 15 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-next-hops seq 15' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops seq 20 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-next-hops seq 20' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops seq 25 '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-next-hops seq 25' ;; esac
set -- "$@" -c 'route-map bgp-fabric-z1-ingress-in permit 10' -c 'description bgp-fabric z1 from ingress nodes' -c 'match ip address prefix-list bgp-fabric-z1-pools' -c 'match ip next-hop prefix-list bgp-fabric-z1-next-hops' -c 'set local-preference 100' -c 'set metric 0' -c 'set origin igp' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-in permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-z1-ingress-in permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-in permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-z1-ingress-in permit 30' ;; esac
set -- "$@" -c 'route-map bgp-fabric-z1-ingress-out deny 10' -c 'description bgp-fabric z1 to ingress nodes' -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-out permit 20
'*) set -- "$@" -c 'no route-map bgp-fabric-z1-ingress-out permit 20' ;; esac
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-out permit 30
'*) set -- "$@" -c 'no route-map bgp-fabric-z1-ingress-out permit 30' ;; esac
set -- "$@" -c 'router bgp 65001'
set -- "$@" -c 'neighbor K8S-RR peer-group' -c "neighbor K8S-RR description bgp-fabric z1 route reflectors restore-maximum-paths-ibgp $mp" -c 'neighbor K8S-RR remote-as internal' -c 'neighbor K8S-RR update-source 10.0.0.1' -c 'neighbor K8S-RR timers 3 9' -c 'neighbor K8S-RR timers connect 5'
set -- "$@" -c 'neighbor K8S-INGRESS peer-group' -c 'neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes' -c 'neighbor K8S-INGRESS remote-as internal' -c 'neighbor K8S-INGRESS update-source 10.0.0.1' -c 'neighbor K8S-INGRESS timers 3 9' -c 'neighbor K8S-INGRESS timers connect 5'
set -- "$@" -c 'address-family ipv4 unicast' -c 'maximum-paths ibgp 16' -c 'neighbor K8S-RR activate' -c 'neighbor K8S-RR next-hop-self' -c 'neighbor K8S-RR route-map bgp-fabric-z1-rr-in in' -c 'neighbor K8S-RR route-map bgp-fabric-z1-rr-out out' -c 'neighbor K8S-RR maximum-prefix 20000 restart 5' -c 'neighbor K8S-INGRESS activate' -c 'neighbor K8S-INGRESS next-hop-self' -c 'neighbor K8S-INGRESS route-map bgp-fabric-z1-ingress-in in' -c 'neighbor K8S-INGRESS route-map bgp-fabric-z1-ingress-out out' -c 'neighbor K8S-INGRESS maximum-prefix 2000 90 restart 5' -c 'exit-address-family' -c 'end'
ok=1
vtysh "$@" </dev/null || ok=0
[ "$ok" = 0 ] || vtysh -f /dev/stdin >/dev/null 2>&1 || ok=0
cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0
case "$cfg" in
*'
router bgp 65001
'*) bgp=${cfg#*'
router bgp 65001
'}; bgp="
$bgp"; case "$bgp" in *'
exit
'*) bgp="${bgp%%'
exit
'*}
" ;; *) ok=0 ;; esac ;;
*) ok=0 ;;
esac
case "$bgp" in *'
 neighbor K8S-RR password '*) ;; *) ok=0 ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS password '*) ;; *) ok=0 ;; esac
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65001'
case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) set -- "$@" -c 'no neighbor K8S-RR peer-group' ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) set -- "$@" -c 'no neighbor K8S-INGRESS peer-group' ;; esac
case "$mp" in keep) ;; none) set -- "$@" -c 'address-family ipv4 unicast' -c 'no maximum-paths ibgp' -c 'exit-address-family' ;; *) set -- "$@" -c 'address-family ipv4 unicast' -c "maximum-paths ibgp $mp" -c 'exit-address-family' ;; esac
set -- "$@" -c 'exit'
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-in permit 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-z1-ingress-in' ;; esac
case "$cfg" in *'
route-map bgp-fabric-z1-ingress-out deny 10
 description bgp-fabric '*) set -- "$@" -c 'no route-map bgp-fabric-z1-ingress-out' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-pools description bgp-fabric '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-pools' ;; esac
case "$cfg" in *'
ip prefix-list bgp-fabric-z1-next-hops description bgp-fabric '*) set -- "$@" -c 'no ip prefix-list bgp-fabric-z1-next-hops' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: z1/sw1 - the change did not apply completely - a command failed or bgpd is down - rolled back what this run added and saved nothing' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' "$out" >&2; exit 1
