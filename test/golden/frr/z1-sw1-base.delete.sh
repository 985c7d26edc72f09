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
*) exit 0 ;;
esac
case "$bgp" in *'
 neighbor K8S-RR description bgp-fabric '*) for a in $(printf '%s\n' "$bgp" | sed -n 's/^ neighbor \([^ ]*\)\( interface\)\{0,1\} peer-group K8S-RR$/\1/p'); do case "$bgp" in *"
 neighbor $a description bgp-fabric "*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-RR has a neighbor that is not ours:' "$a" '- nothing changed' >&2; exit 1 ;; esac; done ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) for a in $(printf '%s\n' "$bgp" | sed -n 's/^ neighbor \([^ ]*\)\( interface\)\{0,1\} peer-group K8S-INGRESS$/\1/p'); do case "$bgp" in *"
 neighbor $a description bgp-fabric "*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-INGRESS has a neighbor that is not ours:' "$a" '- nothing changed' >&2; exit 1 ;; esac; done ;; esac
case "$bgp" in
*'
 neighbor K8S-RR description bgp-fabric '*' restore-maximum-paths-ibgp '*) mp=${bgp#*' restore-maximum-paths-ibgp '}; mp=${mp%%'
'*} ;;
*) mp=keep ;;
esac
case "$mp" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo 'bgp-fabric: z1/sw1 has a maximum-paths ibgp form this tool cannot restore - nothing changed' >&2; exit 1 ;; esac
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
ok=1
vtysh "$@" </dev/null || ok=0
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
[ "$ok" = 1 ] || { echo 'bgp-fabric: z1/sw1 - the removal did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' "$out" >&2; exit 1
