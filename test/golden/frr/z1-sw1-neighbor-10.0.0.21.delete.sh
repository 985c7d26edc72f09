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
 neighbor 10.0.0.21 peer-group K8S-INGRESS
'*) ;; *) exit 0 ;; esac
case "$bgp" in *'
 neighbor 10.0.0.21 description bgp-fabric '*) ;; *) exit 0 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65001' -c 'no neighbor 10.0.0.21' -c 'end'
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
[ "$ok" = 1 ] || { echo 'bgp-fabric: z1/sw1 - removing neighbor 10.0.0.21 did not apply completely - nothing saved' >&2; exit 1; }
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' "$out" >&2; exit 1
