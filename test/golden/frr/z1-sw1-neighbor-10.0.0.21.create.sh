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
case "$bgp" in *'
 neighbor 10.0.0.21 '*) case "$bgp" in *'
 neighbor 10.0.0.21 description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - neighbor 10.0.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac
case "$bgp" in *'
 neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 has no peer-group K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac
case "$bgp" in *'
 neighbor 10.0.0.21 '*) fresh=0 ;; *) fresh=1 ;; esac
set -- -c 'configure terminal' -c 'router bgp 65001'
case "$fresh" in 1) set -- "$@" -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' -c 'neighbor 10.0.0.21 shutdown' -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' -c 'neighbor 10.0.0.21 graceful-restart-disable' -c 'no neighbor 10.0.0.21 shutdown' ;; *) set -- "$@" -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' ;; esac
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
if [ "$fresh$ok" = 10 ]; then
set -- -c 'configure terminal' -c 'router bgp 65001'
case "$bgp" in *'
 neighbor 10.0.0.21 peer-group K8S-INGRESS
'*) set -- "$@" -c 'no neighbor 10.0.0.21' ;; esac
set -- "$@" -c 'end'
vtysh "$@" </dev/null >/dev/null 2>&1 || :
fi
[ "$ok" = 1 ] || { echo 'bgp-fabric: z1/sw1 - adding neighbor 10.0.0.21 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }
trap '' HUP PIPE
if (
case "${fresh-1}" in 0) exit 0 ;; esac
end=$(($(date +%s) + 120))
while :; do
down=''
for a in '10.0.0.21'; do
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
[ "$(date +%s)" -lt "$end" ] || { echo 'bgp-fabric: AS 65001 - BGP sessions not Established after 120 s:'"$down" >&2; exit 1; }
sleep 1
done
exit 0
); then :; else
if [ "${fresh-1}" = 1 ]; then
( bgp_fabric_rollback=1
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
) && echo 'bgp-fabric: z1/sw1 - rolled back z1-sw1-neighbor-10.0.0.21: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: z1/sw1 - the rollback of z1-sw1-neighbor-10.0.0.21 did not complete: run its delete' >&2
fi
exit 1
fi
case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac
out=$(vtysh -c 'write memory' </dev/null 2>&1) || :
case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac
echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' "$out" >&2; exit 1
