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
 neighbor K8S-RR peer-group
'*) fresh=0 ;; *) fresh=1 ;; esac
pwin=$(cat)
case "$fresh" in 0)
if printf '%s\n' "$pwin" | (while IFS= read -r l; do case "$l" in ' neighbor '*' password '*) case "$bgp" in *"
$l
"*) ;; *) exit 1 ;; esac ;; esac; done); then :; else
vtysh -c 'configure terminal' -c 'route-map bgp-fabric-z1-ingress-in permit 10' -c 'set community graceful-shutdown additive' -c 'exit' -c 'end' </dev/null >/dev/null || { echo 'bgp-fabric: z1/sw1 - could not drain the switch with graceful-shutdown on our inbound route maps - password unchanged' >&2; exit 1; }
vtysh -c 'clear bgp ipv4 unicast peer-group K8S-RR soft in' -c 'clear bgp ipv4 unicast peer-group K8S-INGRESS soft in' </dev/null >/dev/null 2>&1 || :
echo 'bgp-fabric: z1/sw1 - password change - drained with graceful-shutdown - waiting 3 s for the upstream to move the traffic' >&2
sleep 3
fi ;;
esac
