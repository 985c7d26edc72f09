// Valid plans corrupted in one targeted way each, with the exact preflight errors that must name both ends.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { switchCommands } from "../../model/plan/switches";
import type { KubernetesObject, NetworkPlan, SwitchPlan } from "../../model/core/types";
import { clone, planOf, stackConfig } from "../helpers/fixtures";

const plans = {
  prod: planOf(stackConfig("prod")),
  passwords: planOf({ ...stackConfig("prod"), bgpPasswords: { az1: { secure: "v1:x" } } }),
  perSwitchPasswords: planOf({
    ...stackConfig("prod"),
    bgpPasswords: { az1: { core1: { secure: "v1:x" }, core2: { secure: "v1:y" } } },
  }),
};

export function base(name: keyof typeof plans): NetworkPlan {
  return clone(plans[name]);
}

export const obj = (p: NetworkPlan, resourceName: string): KubernetesObject => {
  const o = p.kubernetes.find((x) => x.resourceName === resourceName);
  if (!o) throw new Error(`no ${resourceName}`);
  return o;
};
export const spec = (p: NetworkPlan, resourceName: string): any => obj(p, resourceName).body.spec;
export const sw = (p: NetworkPlan, zone: string, name: string): SwitchPlan =>
  p.switches.find((s) => s.zone === zone && s.name === name)!;
/** Re-renders a switch's commands after editing its structure, so only the structural fault remains. */
export const rerender = (s: SwitchPlan) => {
  s.commands = switchCommands(s);
};

export interface Corruption {
  name: string;
  base: keyof typeof plans;
  edit: (p: NetworkPlan) => void;
  errors: string[];
}

export const CASES: Corruption[] = [
  {
    name: "a switch's pod filter no longer matches the zone's IPPool",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core1");
      s.prefixLists[0].entries[0].ge = 27;
      rerender(s);
    },
    errors: [
      "zones.az1.switches.core1: peer-group K8S-RR drops 10.244.0.0/26 via 10.1.0.11 (and 3 more node addresses), which Calico announces to it by design (route map bgp-fabric-az1-rr-in) (got 10.244.0.0/26); render the switch policy from the model (model/plan/switch-policy.ts), not by hand",
    ],
  },
  {
    name: "a switch's next-hop filter no longer covers every node of the zone",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core2");
      const l = s.prefixLists.find((x) => x.name === "bgp-fabric-az1-next-hops")!;
      l.entries = [{ seq: 5, action: "permit", prefix: "10.1.0.0/28", le: 32 }];
      rerender(s);
    },
    errors: [
      "zones.az1.switches.core2: peer-group K8S-INGRESS drops 198.51.100.0/32 via 10.1.0.21 (and 1 more node addresses), which Calico announces to it by design (route map bgp-fabric-az1-ingress-in) (got 198.51.100.0/32); render the switch policy from the model (model/plan/switch-policy.ts), not by hand",
      "zones.az1.switches.core2: peer-group K8S-INGRESS drops 198.51.100.63/32 via 10.1.0.21 (and 1 more node addresses), which Calico announces to it by design (route map bgp-fabric-az1-ingress-in) (got 198.51.100.63/32); render the switch policy from the model (model/plan/switch-policy.ts), not by hand",
      "zones.az1.switches.core2: peer-group K8S-RR drops 10.244.0.0/26 via 10.1.0.21 (and 1 more node addresses), which Calico announces to it by design (route map bgp-fabric-az1-rr-in) (got 10.244.0.0/26); render the switch policy from the model (model/plan/switch-policy.ts), not by hand",
      "zones.az1.switches.core2: peer-group K8S-RR drops 10.244.63.255/32 via 10.1.0.21 (and 1 more node addresses), which Calico announces to it by design (route map bgp-fabric-az1-rr-in) (got 10.244.63.255/32); render the switch policy from the model (model/plan/switch-policy.ts), not by hand",
    ],
  },
  {
    name: "a switch's inbound route map keeps the MED a node sends",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az3", "core1");
      delete s.routeMaps[0].entries[0].metric;
      rerender(s);
    },
    errors: [
      'zones.az3.switches.core1: peer-group K8S-RR accepts 10.244.128.0/26 without setting MED 0 and ORIGIN igp, so what a node sends would decide ECMP (got "unset igp"); set metric 0 and set origin igp on every entry of bgp-fabric-az3-rr-in',
      'zones.az3.switches.core1: peer-group K8S-RR accepts 10.244.191.255/32 without setting MED 0 and ORIGIN igp, so what a node sends would decide ECMP (got "unset igp"); set metric 0 and set origin igp on every entry of bgp-fabric-az3-rr-in',
    ],
  },
  {
    name: "a switch's inbound route map keeps Calico's LOCAL_PREF",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az2", "core2");
      delete s.routeMaps[1].entries[0].localPreference;
      rerender(s);
    },
    errors: [
      "zones.az2.switches.core2: peer-group K8S-INGRESS accepts 198.51.100.0/32 without setting LOCAL_PREF 100, so Calico's 2^31 - 1 - metric would win over the switch's own routes (got unset); set local-preference 100 on every entry of bgp-fabric-az2-ingress-in",
      "zones.az2.switches.core2: peer-group K8S-INGRESS accepts 198.51.100.63/32 without setting LOCAL_PREF 100, so Calico's 2^31 - 1 - metric would win over the switch's own routes (got unset); set local-preference 100 on every entry of bgp-fabric-az2-ingress-in",
    ],
  },
  {
    name: "a switch neighbor is dropped (with its command)",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core1");
      s.neighbors = s.neighbors.filter((n) => n.address !== "10.1.0.21");
      rerender(s);
    },
    errors: [
      'zones.az1.switches.core1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2): BGPPeer az1-ingress-to-core1 makes fra1-az1-in1 peer with the switch, but the switch has no neighbor 10.1.0.21 (got ["10.1.0.11","10.1.0.12","10.1.0.22"]); add neighbor 10.1.0.21 to the ingress peer-group of az1/core1 (10.1.0.2), or stop BGPPeer az1-ingress-to-core1 selecting fra1-az1-in1',
    ],
  },
  {
    name: "a switch neighbor is dropped but its command kept",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core1");
      s.neighbors = s.neighbors.filter((n) => n.address !== "10.1.0.21");
    },
    errors: [
      // The next neighbor's ordering edge (`after`) no longer matches either.
      "zones.az1.switches.core1: command az1-core1-neighbor-10.1.0.22 is not what the frr dialect renders from the switch's peer groups and neighbors (got az1-core1-neighbor-10.1.0.22); render switch commands only from the structured switch plan",
      "zones.az1.switches.core1: has commands az1-core1-bgp-base, az1-core1-neighbor-10.1.0.11, az1-core1-neighbor-10.1.0.12, az1-core1-neighbor-10.1.0.21, az1-core1-neighbor-10.1.0.22, but its peer groups and neighbors render az1-core1-bgp-base, az1-core1-neighbor-10.1.0.11, az1-core1-neighbor-10.1.0.12, az1-core1-neighbor-10.1.0.22 (got 5); keep one base command and exactly one command per neighbor, rendered from the structure",
      'zones.az1.switches.core1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2): BGPPeer az1-ingress-to-core1 makes fra1-az1-in1 peer with the switch, but the switch has no neighbor 10.1.0.21 (got ["10.1.0.11","10.1.0.12","10.1.0.22"]); add neighbor 10.1.0.21 to the ingress peer-group of az1/core1 (10.1.0.2), or stop BGPPeer az1-ingress-to-core1 selecting fra1-az1-in1',
    ],
  },
  {
    name: "a BGPPeer is dropped while the switch keeps its neighbors",
    base: "prod",
    edit: (p) => {
      p.kubernetes = p.kubernetes.filter((o) => o.resourceName !== "az1-bgppeer-ingress-to-core1");
    },
    errors: [
      'zones.az1.ingressNodes.fra1-az1-in1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2): az1/core1 (10.1.0.2) has neighbor 10.1.0.21 in peer-group K8S-INGRESS, but no BGPPeer makes fra1-az1-in1 peer with 10.1.0.2 (got ["10.1.0.3","10.1.0.11","10.1.0.12"]); select fra1-az1-in1 in a BGPPeer with peerIP 10.1.0.2, or remove the neighbor from the switch',
      'zones.az1.ingressNodes.fra1-az1-in2: session fra1-az1-in2 (10.1.0.22) <-> az1/core1 (10.1.0.2): az1/core1 (10.1.0.2) has neighbor 10.1.0.22 in peer-group K8S-INGRESS, but no BGPPeer makes fra1-az1-in2 peer with 10.1.0.2 (got ["10.1.0.3","10.1.0.11","10.1.0.12"]); select fra1-az1-in2 in a BGPPeer with peerIP 10.1.0.2, or remove the neighbor from the switch',
    ],
  },
  {
    name: "a BGPPeer's asNumber differs from the switch's AS",
    base: "prod",
    edit: (p) => {
      spec(p, "az1-bgppeer-rrs-to-core1").asNumber = 65999;
    },
    errors: [
      "zones.az1.masters.fra1-az1-m1: session fra1-az1-m1 (10.1.0.11) <-> az1/core1 (10.1.0.2): BGPPeer az1-rrs-to-core1 expects the switch in AS 65999, but az1/core1 (10.1.0.2) runs AS 65101 (got 65999); peer with asNumber 65101: iBGP inside zone az1",
      "zones.az1.masters.fra1-az1-m2: session fra1-az1-m2 (10.1.0.12) <-> az1/core1 (10.1.0.2): BGPPeer az1-rrs-to-core1 expects the switch in AS 65999, but az1/core1 (10.1.0.2) runs AS 65101 (got 65999); peer with asNumber 65101: iBGP inside zone az1",
    ],
  },
  {
    name: "a switch runs another AS than its zone",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core1");
      s.asn = 65999;
      for (const g of s.peerGroups) g.remoteAs = 65999;
      rerender(s);
    },
    errors: [
      "zones.az1.switches.core1: runs its sessions in AS 65999, but zone az1 runs AS 65101 (got 65999); configure the zone AS 65101 on the switch (iBGP inside the zone)",
    ],
  },
  {
    name: "a peer group is not iBGP",
    base: "prod",
    edit: (p) => {
      sw(p, "az2", "core2").peerGroups[0].remoteAs = 65001;
    },
    errors: [
      'zones.az2.switches.core2: cannot be rendered by the frr dialect (got "internal: az2/core2 peer-group K8S-RR is not iBGP (AS 65001)"); keep the switch plan to what the dialect can express',
      "zones.az2.switches.core2: peer-group K8S-RR expects its neighbors in AS 65001, but the switch runs AS 65102 (got 65001); use remote-as internal: every session of the zone is iBGP",
    ],
  },
  {
    name: "a master has another cluster ID than its partner",
    base: "prod",
    edit: (p) => {
      obj(p, "az1-node-fra1-az1-m2").body.metadata.annotations![
        "projectcalico.org/RouteReflectorClusterID"
      ] = "244.0.0.99";
    },
    errors: [
      "zones.az1.masters.fra1-az1-m2: has route-reflector cluster ID 244.0.0.99, but fra1-az1-m1 (10.1.0.11) has 244.0.254.77 and zones.az1.routeReflectorClusterId is 244.0.254.77 (got 244.0.0.99); both reflectors of az1 must share cluster ID 244.0.254.77",
    ],
  },
  {
    name: "a master has no cluster ID",
    base: "prod",
    edit: (p) => {
      delete obj(p, "az3-node-fra1-az3-m1").body.metadata.annotations![
        "projectcalico.org/RouteReflectorClusterID"
      ];
    },
    errors: [
      "zones.az3.masters.fra1-az3-m1: has no projectcalico.org/RouteReflectorClusterID, so it reflects nothing (fra1-az3-m2 (10.3.0.12) has 244.0.254.79) (got nothing); both reflectors of az3 must share cluster ID 244.0.254.79",
    ],
  },
  {
    name: "an ingress node carries a cluster ID",
    base: "prod",
    edit: (p) => {
      obj(p, "az1-node-fra1-az1-in1").body.metadata.annotations![
        "projectcalico.org/RouteReflectorClusterID"
      ] = "244.0.254.77";
    },
    errors: [
      "zones.az1.ingressNodes.fra1-az1-in1: has route-reflector cluster ID 244.0.254.77, which makes it a reflector of zone az1 (got 244.0.254.77); remove projectcalico.org/RouteReflectorClusterID: only the zone's two masters reflect",
    ],
  },
  {
    name: "an ingress node's patch carries another zone's AS (the admission policy leaves it to the patch)",
    base: "prod",
    edit: (p) => {
      obj(p, "az2-node-fra1-az2-in2").body.metadata.annotations!["projectcalico.org/ASNumber"] =
        "65101";
    },
    errors: [
      "zones.az2.ingressNodes.fra1-az2-in2: runs AS 65101 (projectcalico.org/ASNumber), but zone az2 runs AS 65102: its sessions inside the zone would be eBGP (got 65101); annotate it with 65102 (iBGP inside the zone)",
    ],
  },
  {
    name: "a zone loses its admission policy, so joining workers get no AS",
    base: "prod",
    edit: (p) => {
      p.kubernetes = p.kubernetes.filter((o) => !o.resourceName.startsWith("az1-asn-policy"));
    },
    errors: [
      "zones.az1: would get no projectcalico.org/ASNumber annotation (no admission policy matches its zone label), so calico-node gives it the default AS 64512 and eBGP sessions to its reflectors (got nothing); annotate the zone's joining workers with zone az1's AS 65101",
    ],
  },
  {
    name: "the nodes-to-reflectors selector misses workers that join later",
    base: "prod",
    edit: (p) => {
      spec(p, "az1-bgppeer-nodes-to-rrs").nodeSelector =
        "topology.kubernetes.io/zone == 'az1' && bgp-fabric.io/ingress == 'true'";
    },
    errors: [
      "zones.az1: a worker joining az1 would not peer with reflector fra1-az1-m1 (10.1.0.11) (got nothing); select every non-reflector node of az1 in the nodes-to-reflectors BGPPeer (selector on the zone label only)",
      "zones.az1: a worker joining az1 would not peer with reflector fra1-az1-m2 (10.1.0.12) (got nothing); select every non-reflector node of az1 in the nodes-to-reflectors BGPPeer (selector on the zone label only)",
    ],
  },
  {
    name: "ingress nodes peer with a core switch of another zone",
    base: "prod",
    edit: (p) => {
      const o = clone(obj(p, "az1-bgppeer-ingress-to-core1"));
      o.resourceName = "az1-bgppeer-ingress-to-az2-core1";
      o.body.metadata.name = "az1-ingress-to-az2-core1";
      (o.body.spec as any).peerIP = "10.2.0.2";
      p.kubernetes.push(o);
    },
    errors: [
      "zones.az1.ingressNodes.fra1-az1-in1: session fra1-az1-in1 (10.1.0.21) <-> az2/core1 (10.2.0.2) crosses zones: BGPPeer az1-ingress-to-az2-core1 makes fra1-az1-in1 peer with a core switch of az2 (got 10.2.0.2); keep BGPPeer az1-ingress-to-az2-core1 inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az1.ingressNodes.fra1-az1-in2: session fra1-az1-in2 (10.1.0.22) <-> az2/core1 (10.2.0.2) crosses zones: BGPPeer az1-ingress-to-az2-core1 makes fra1-az1-in2 peer with a core switch of az2 (got 10.2.0.2); keep BGPPeer az1-ingress-to-az2-core1 inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
    ],
  },
  {
    name: "a zone's nodes peer with the reflectors of another zone",
    base: "prod",
    edit: (p) => {
      spec(p, "az2-bgppeer-nodes-to-rrs").peerSelector =
        "topology.kubernetes.io/zone == 'az3' && bgp-fabric.io/route-reflector == 'true'";
    },
    errors: [
      'zones.az2.ingressNodes.fra1-az2-in1: session fra1-az2-in1 (10.2.0.21) <-> fra1-az2-m1 (10.2.0.11) (node-rr) is planned, but no BGPPeer configures fra1-az2-in1 -> fra1-az2-m1 and fra1-az2-m1 -> fra1-az2-in1 (got ["fra1-az2-in1 -> fra1-az2-m1","fra1-az2-m1 -> fra1-az2-in1"]); select both nodes in the zone\'s nodes-to-reflectors BGPPeer',
      'zones.az2.ingressNodes.fra1-az2-in1: session fra1-az2-in1 (10.2.0.21) <-> fra1-az2-m2 (10.2.0.12) (node-rr) is planned, but no BGPPeer configures fra1-az2-in1 -> fra1-az2-m2 and fra1-az2-m2 -> fra1-az2-in1 (got ["fra1-az2-in1 -> fra1-az2-m2","fra1-az2-m2 -> fra1-az2-in1"]); select both nodes in the zone\'s nodes-to-reflectors BGPPeer',
      "zones.az2.ingressNodes.fra1-az2-in1: session fra1-az2-in1 (10.2.0.21) <-> fra1-az3-m1 (10.3.0.11) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az2-in1 peer with a reflector of az3 (got 10.3.0.11); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az2.ingressNodes.fra1-az2-in1: session fra1-az2-in1 (10.2.0.21) <-> fra1-az3-m2 (10.3.0.12) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az2-in1 peer with a reflector of az3 (got 10.3.0.12); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      'zones.az2.ingressNodes.fra1-az2-in2: session fra1-az2-in2 (10.2.0.22) <-> fra1-az2-m1 (10.2.0.11) (node-rr) is planned, but no BGPPeer configures fra1-az2-in2 -> fra1-az2-m1 and fra1-az2-m1 -> fra1-az2-in2 (got ["fra1-az2-in2 -> fra1-az2-m1","fra1-az2-m1 -> fra1-az2-in2"]); select both nodes in the zone\'s nodes-to-reflectors BGPPeer',
      'zones.az2.ingressNodes.fra1-az2-in2: session fra1-az2-in2 (10.2.0.22) <-> fra1-az2-m2 (10.2.0.12) (node-rr) is planned, but no BGPPeer configures fra1-az2-in2 -> fra1-az2-m2 and fra1-az2-m2 -> fra1-az2-in2 (got ["fra1-az2-in2 -> fra1-az2-m2","fra1-az2-m2 -> fra1-az2-in2"]); select both nodes in the zone\'s nodes-to-reflectors BGPPeer',
      "zones.az2.ingressNodes.fra1-az2-in2: session fra1-az2-in2 (10.2.0.22) <-> fra1-az3-m1 (10.3.0.11) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az2-in2 peer with a reflector of az3 (got 10.3.0.11); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az2.ingressNodes.fra1-az2-in2: session fra1-az2-in2 (10.2.0.22) <-> fra1-az3-m2 (10.3.0.12) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az2-in2 peer with a reflector of az3 (got 10.3.0.12); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az2: a worker joining az2 would not peer with reflector fra1-az2-m1 (10.2.0.11) (got nothing); select every non-reflector node of az2 in the nodes-to-reflectors BGPPeer (selector on the zone label only)",
      "zones.az2: a worker joining az2 would not peer with reflector fra1-az2-m2 (10.2.0.12) (got nothing); select every non-reflector node of az2 in the nodes-to-reflectors BGPPeer (selector on the zone label only)",
      "zones.az2: session a worker joining az2 <-> fra1-az3-m1 (10.3.0.11) crosses zones: BGPPeer az2-nodes-to-rrs makes it peer with a reflector of az3 (got 10.3.0.11); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az2: session a worker joining az2 <-> fra1-az3-m2 (10.3.0.12) crosses zones: BGPPeer az2-nodes-to-rrs makes it peer with a reflector of az3 (got 10.3.0.12); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      'zones.az3.masters.fra1-az3-m1: session fra1-az3-m1 (10.3.0.11) <-> a worker joining az2 crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az3-m1 peer with a node of az2 (got "(a worker joining az2)"); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain',
      "zones.az3.masters.fra1-az3-m1: session fra1-az3-m1 (10.3.0.11) <-> fra1-az2-in1 (10.2.0.21) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az3-m1 peer with a node of az2 (got 10.2.0.21); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az3.masters.fra1-az3-m1: session fra1-az3-m1 (10.3.0.11) <-> fra1-az2-in2 (10.2.0.22) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az3-m1 peer with a node of az2 (got 10.2.0.22); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      'zones.az3.masters.fra1-az3-m2: session fra1-az3-m2 (10.3.0.12) <-> a worker joining az2 crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az3-m2 peer with a node of az2 (got "(a worker joining az2)"); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain',
      "zones.az3.masters.fra1-az3-m2: session fra1-az3-m2 (10.3.0.12) <-> fra1-az2-in1 (10.2.0.21) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az3-m2 peer with a node of az2 (got 10.2.0.21); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
      "zones.az3.masters.fra1-az3-m2: session fra1-az3-m2 (10.3.0.12) <-> fra1-az2-in2 (10.2.0.22) crosses zones: BGPPeer az2-nodes-to-rrs makes fra1-az3-m2 peer with a node of az2 (got 10.2.0.22); keep BGPPeer az2-nodes-to-rrs inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain",
    ],
  },
  {
    name: "a BGPPeer dials an address that is no switch",
    base: "prod",
    edit: (p) => {
      spec(p, "az3-bgppeer-rrs-to-core2").peerIP = "10.3.0.99";
    },
    errors: [
      "zones.az3.masters.fra1-az3-m1: peers with 10.3.0.99 (BGPPeer az3-rrs-to-core2), which is no node or core switch of the plan (got 10.3.0.99); peer only with zone az3's reflectors and core switches",
      'zones.az3.masters.fra1-az3-m1: session fra1-az3-m1 (10.3.0.11) <-> az3/core2 (10.3.0.3): az3/core2 (10.3.0.3) has neighbor 10.3.0.11 in peer-group K8S-RR, but no BGPPeer makes fra1-az3-m1 peer with 10.3.0.3 (got ["a worker joining az3","10.3.0.2","10.3.0.12","10.3.0.21","10.3.0.22","10.3.0.23","10.3.0.99"]); select fra1-az3-m1 in a BGPPeer with peerIP 10.3.0.3, or remove the neighbor from the switch',
      "zones.az3.masters.fra1-az3-m2: peers with 10.3.0.99 (BGPPeer az3-rrs-to-core2), which is no node or core switch of the plan (got 10.3.0.99); peer only with zone az3's reflectors and core switches",
      'zones.az3.masters.fra1-az3-m2: session fra1-az3-m2 (10.3.0.12) <-> az3/core2 (10.3.0.3): az3/core2 (10.3.0.3) has neighbor 10.3.0.12 in peer-group K8S-RR, but no BGPPeer makes fra1-az3-m2 peer with 10.3.0.3 (got ["a worker joining az3","10.3.0.2","10.3.0.11","10.3.0.21","10.3.0.22","10.3.0.23","10.3.0.99"]); select fra1-az3-m2 in a BGPPeer with peerIP 10.3.0.3, or remove the neighbor from the switch',
    ],
  },
  {
    name: "a switch is moved out of its zone's subnet on both ends",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core2");
      s.address = "10.9.0.3";
      for (const g of s.peerGroups) g.updateSource = "10.9.0.3";
      rerender(s);
      p.zones[0].switches[1].address = "10.9.0.3";
      for (const x of p.sessions)
        if (x.zone === "az1" && x.b.name === "core2") x.b.address = "10.9.0.3";
      spec(p, "az1-bgppeer-rrs-to-core2").peerIP = "10.9.0.3";
      spec(p, "az1-bgppeer-ingress-to-core2").peerIP = "10.9.0.3";
    },
    errors: [
      "zones.az1.switches.core2.address: is outside zones.az1.nodeCidr (10.1.0.0/24), so its sessions with fra1-az1-in1, fra1-az1-in2, fra1-az1-m1, fra1-az1-m2 are not directly connected (got 10.9.0.3); use an address of the zone's node subnet",
      "zones.az1.switches.core2: peer-group K8S-INGRESS sources its sessions from 10.9.0.3, outside zones.az1.nodeCidr (10.1.0.0/24) (got 10.9.0.3); source the sessions from the switch's address in the node subnet",
      "zones.az1.switches.core2: peer-group K8S-RR sources its sessions from 10.9.0.3, outside zones.az1.nodeCidr (10.1.0.0/24) (got 10.9.0.3); source the sessions from the switch's address in the node subnet",
    ],
  },
  {
    name: "a peer group sources its sessions from another address than Calico dials",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core1");
      s.peerGroups[0].updateSource = "10.1.0.99";
      rerender(s);
    },
    errors: [
      "zones.az1.switches.core1: session fra1-az1-m1 (10.1.0.11) <-> az1/core1 (10.1.0.2): the switch sources it from 10.1.0.99 (peer-group K8S-RR update-source), but BGPPeer az1-rrs-to-core1 dials 10.1.0.2 (got 10.1.0.99); source the session from the switch's address 10.1.0.2",
      "zones.az1.switches.core1: session fra1-az1-m2 (10.1.0.12) <-> az1/core1 (10.1.0.2): the switch sources it from 10.1.0.99 (peer-group K8S-RR update-source), but BGPPeer az1-rrs-to-core1 dials 10.1.0.2 (got 10.1.0.99); source the session from the switch's address 10.1.0.2",
    ],
  },
  {
    name: "a BGPPeer drops the password the switch uses",
    base: "passwords",
    edit: (p) => {
      delete spec(p, "az1-bgppeer-ingress-to-core2").password;
    },
    errors: [
      'bgpPasswords.az1: session fra1-az1-in1 (10.1.0.21) <-> az1/core2 (10.1.0.3): the ends disagree on TCP-MD5: fra1-az1-in1 uses none, az1/core2 (10.1.0.3) (peer-group K8S-INGRESS) uses bgpPasswords.az1, the plan bgpPasswords.az1 (got ["none","bgpPasswords.az1"]); both ends must use the zone\'s one password (bgpPasswords.<zone>), or neither',
      'bgpPasswords.az1: session fra1-az1-in2 (10.1.0.22) <-> az1/core2 (10.1.0.3): the ends disagree on TCP-MD5: fra1-az1-in2 uses none, az1/core2 (10.1.0.3) (peer-group K8S-INGRESS) uses bgpPasswords.az1, the plan bgpPasswords.az1 (got ["none","bgpPasswords.az1"]); both ends must use the zone\'s one password (bgpPasswords.<zone>), or neither',
    ],
  },
  {
    name: "a switch drops the password Calico uses",
    base: "passwords",
    edit: (p) => {
      const s = sw(p, "az1", "core2");
      delete s.peerGroups[0].passwordRef;
      rerender(s);
    },
    errors: [
      'bgpPasswords.az1: session fra1-az1-m1 (10.1.0.11) <-> az1/core2 (10.1.0.3): the ends disagree on TCP-MD5: fra1-az1-m1 uses Secret bgp-fabric-bgp-passwords-az1 key core2 (bgpPasswords.az1), az1/core2 (10.1.0.3) (peer-group K8S-RR) uses none, the plan bgpPasswords.az1 (got ["bgpPasswords.az1","none"]); both ends must use the zone\'s one password (bgpPasswords.<zone>), or neither',
      'bgpPasswords.az1: session fra1-az1-m2 (10.1.0.12) <-> az1/core2 (10.1.0.3): the ends disagree on TCP-MD5: fra1-az1-m2 uses Secret bgp-fabric-bgp-passwords-az1 key core2 (bgpPasswords.az1), az1/core2 (10.1.0.3) (peer-group K8S-RR) uses none, the plan bgpPasswords.az1 (got ["bgpPasswords.az1","none"]); both ends must use the zone\'s one password (bgpPasswords.<zone>), or neither',
    ],
  },
  {
    name: "a BGPPeer reads the other switch's password",
    base: "perSwitchPasswords",
    edit: (p) => {
      spec(p, "az1-bgppeer-rrs-to-core1").password.secretKeyRef.key = "core2";
    },
    errors: [
      'bgpPasswords.az1.core1: session fra1-az1-m1 (10.1.0.11) <-> az1/core1 (10.1.0.2): the ends disagree on TCP-MD5: fra1-az1-m1 uses Secret bgp-fabric-bgp-passwords-az1 key core2 (bgpPasswords.az1.core2), az1/core1 (10.1.0.2) (peer-group K8S-RR) uses bgpPasswords.az1.core1, the plan bgpPasswords.az1.core1 (got ["bgpPasswords.az1.core2","bgpPasswords.az1.core1"]); both ends must use the switch\'s password (bgpPasswords.<zone>.<switch>), or neither',
      'bgpPasswords.az1.core1: session fra1-az1-m2 (10.1.0.12) <-> az1/core1 (10.1.0.2): the ends disagree on TCP-MD5: fra1-az1-m2 uses Secret bgp-fabric-bgp-passwords-az1 key core2 (bgpPasswords.az1.core2), az1/core1 (10.1.0.2) (peer-group K8S-RR) uses bgpPasswords.az1.core1, the plan bgpPasswords.az1.core1 (got ["bgpPasswords.az1.core2","bgpPasswords.az1.core1"]); both ends must use the switch\'s password (bgpPasswords.<zone>.<switch>), or neither',
    ],
  },
  {
    name: "a BGPPeer names a key its Secret does not hold",
    base: "perSwitchPasswords",
    edit: (p) => {
      spec(p, "az1-bgppeer-ingress-to-core2").password.secretKeyRef.key = "password";
    },
    errors: [
      'bgpPasswords.az1.core2: session fra1-az1-in1 (10.1.0.21) <-> az1/core2 (10.1.0.3): the ends disagree on TCP-MD5: fra1-az1-in1 uses Secret bgp-fabric-bgp-passwords-az1 key password (bgpPasswords.az1), az1/core2 (10.1.0.3) (peer-group K8S-INGRESS) uses bgpPasswords.az1.core2, the plan bgpPasswords.az1.core2 (got ["bgpPasswords.az1","bgpPasswords.az1.core2"]); both ends must use the switch\'s password (bgpPasswords.<zone>.<switch>), or neither',
      'bgpPasswords.az1.core2: session fra1-az1-in2 (10.1.0.22) <-> az1/core2 (10.1.0.3): the ends disagree on TCP-MD5: fra1-az1-in2 uses Secret bgp-fabric-bgp-passwords-az1 key password (bgpPasswords.az1), az1/core2 (10.1.0.3) (peer-group K8S-INGRESS) uses bgpPasswords.az1.core2, the plan bgpPasswords.az1.core2 (got ["bgpPasswords.az1","bgpPasswords.az1.core2"]); both ends must use the switch\'s password (bgpPasswords.<zone>.<switch>), or neither',
      "kubernetes.BGPPeer.az1-ingress-to-core2.spec.password: names key password of Secret bgp-fabric-bgp-passwords-az1, which holds core1, core2 (got password); use the key of the switch the BGPPeer dials",
    ],
  },
  {
    name: "calico-node may not read the password Secret",
    base: "passwords",
    edit: (p) => {
      p.kubernetes = p.kubernetes.filter((o) => o.body.kind !== "RoleBinding");
    },
    errors: [
      "kubernetes.BGPPeer.az1-ingress-to-core1.spec.password: names Secret calico-system/bgp-fabric-bgp-passwords-az1, but no Role and RoleBinding let ServiceAccount calico-node get, list and watch it (got bgp-fabric-bgp-passwords-az1); grant calico-node get/list/watch on exactly that Secret in calico-node's namespace",
      "kubernetes.BGPPeer.az1-ingress-to-core2.spec.password: names Secret calico-system/bgp-fabric-bgp-passwords-az1, but no Role and RoleBinding let ServiceAccount calico-node get, list and watch it (got bgp-fabric-bgp-passwords-az1); grant calico-node get/list/watch on exactly that Secret in calico-node's namespace",
      "kubernetes.BGPPeer.az1-rrs-to-core1.spec.password: names Secret calico-system/bgp-fabric-bgp-passwords-az1, but no Role and RoleBinding let ServiceAccount calico-node get, list and watch it (got bgp-fabric-bgp-passwords-az1); grant calico-node get/list/watch on exactly that Secret in calico-node's namespace",
      "kubernetes.BGPPeer.az1-rrs-to-core2.spec.password: names Secret calico-system/bgp-fabric-bgp-passwords-az1, but no Role and RoleBinding let ServiceAccount calico-node get, list and watch it (got bgp-fabric-bgp-passwords-az1); grant calico-node get/list/watch on exactly that Secret in calico-node's namespace",
    ],
  },
  {
    name: "the password Secret holds a literal value",
    base: "passwords",
    edit: (p) => {
      (obj(p, "az1-bgp-passwords").body as any).stringData.password = "hunter2-hunter2";
    },
    errors: [
      "kubernetes.Secret.bgp-fabric-bgp-passwords-az1.stringData.password: holds a literal value in the plan; secrets reach it only at deployment (got <redacted>); keep the <secret> placeholder; the Zone component fills it from bgpPasswords.<zone>[.<switch>]",
    ],
  },
  {
    name: "Calico sets a keepalive the switch's hold time cannot carry",
    base: "prod",
    edit: (p) => {
      spec(p, "az1-bgppeer-ingress-to-core1").keepaliveTime = "30s";
    },
    errors: [
      "zones.az1.ingressNodes.fra1-az1-in1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2): BGPPeer az1-ingress-to-core1 sends keepalives every 30s, but az1/core1 (10.1.0.2) sends them every 3 s and the session holds for 9 s (got 30s); set keepaliveTime to 3s (bgp.keepaliveSeconds), at most a third of the hold time",
      "zones.az1.ingressNodes.fra1-az1-in2: session fra1-az1-in2 (10.1.0.22) <-> az1/core1 (10.1.0.2): BGPPeer az1-ingress-to-core1 sends keepalives every 30s, but az1/core1 (10.1.0.2) sends them every 3 s and the session holds for 9 s (got 30s); set keepaliveTime to 3s (bgp.keepaliveSeconds), at most a third of the hold time",
    ],
  },
  {
    name: "a peer group does not activate ipv4 unicast",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az1", "core1");
      s.peerGroups[1].negotiates.addressFamilies = [];
      rerender(s);
    },
    errors: [
      "zones.az1.switches.core1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2): Calico carries ipv4 unicast, but the switch activates none for peer-group K8S-INGRESS (got []); activate ipv4 unicast for the peer group",
      "zones.az1.switches.core1: session fra1-az1-in2 (10.1.0.22) <-> az1/core1 (10.1.0.2): Calico carries ipv4 unicast, but the switch activates none for peer-group K8S-INGRESS (got []); activate ipv4 unicast for the peer group",
    ],
  },
  {
    name: "a neighbor sits in the wrong peer group",
    base: "prod",
    edit: (p) => {
      const s = sw(p, "az2", "core1");
      s.neighbors.find((n) => n.address === "10.2.0.22")!.peerGroup = "K8S-RR";
      rerender(s);
    },
    errors: [
      "zones.az2.switches.core1: session fra1-az2-in2 (10.2.0.22) <-> az2/core1 (10.2.0.2): the switch puts fra1-az2-in2 in peer-group K8S-RR (reflectors), but it is an ingress-switch session (got K8S-RR); put the neighbor in the ingress peer-group",
    ],
  },
  {
    name: "the reflectors-to-switch peer loses its LoadBalancer filter in direct mode",
    base: "prod",
    edit: (p) => {
      delete spec(p, "az1-bgppeer-rrs-to-core1").filters;
    },
    errors: [
      "kubernetes.BGPPeer.az1-rrs-to-core1.spec.filters: session fra1-az1-m1 (10.1.0.11) <-> az1/core1 (10.1.0.2): fra1-az1-m1 (10.1.0.11) rejects none on export, but the plan rejects 198.51.100.0/26 (in direct mode a reflected LoadBalancer /32 would outlive a dead ingress node by BIRD's 240 s hold time) (got []); list the LoadBalancer-pool filter on exactly the reflector-to-switch peers (direct mode)",
      "kubernetes.BGPPeer.az1-rrs-to-core1.spec.filters: session fra1-az1-m2 (10.1.0.12) <-> az1/core1 (10.1.0.2): fra1-az1-m2 (10.1.0.12) rejects none on export, but the plan rejects 198.51.100.0/26 (in direct mode a reflected LoadBalancer /32 would outlive a dead ingress node by BIRD's 240 s hold time) (got []); list the LoadBalancer-pool filter on exactly the reflector-to-switch peers (direct mode)",
    ],
  },
  {
    name: "a BGPPeer names a filter the plan does not create",
    base: "prod",
    edit: (p) => {
      spec(p, "az2-bgppeer-rrs-to-core2").filters = ["bgp-fabric-missing"];
    },
    errors: [
      'kubernetes.BGPPeer.az2-rrs-to-core2.spec.filters: names BGPFilter bgp-fabric-missing, which the plan does not create (got ["bgp-fabric-missing"]); create the filter or drop its name',
    ],
  },
  {
    name: "a planned session is configured by neither end",
    base: "prod",
    edit: (p) => {
      p.kubernetes = p.kubernetes.filter((o) => o.resourceName !== "az1-bgppeer-ingress-to-core1");
      const s = sw(p, "az1", "core1");
      s.neighbors = s.neighbors.filter((n) => n.peerGroup !== "K8S-INGRESS");
      rerender(s);
    },
    errors: [
      "zones.az1.ingressNodes.fra1-az1-in1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2) (ingress-switch) is planned, but neither a BGPPeer nor the switch configures it (got ingress-switch); select fra1-az1-in1 in a BGPPeer with peerIP 10.1.0.2 and add neighbor 10.1.0.21 to az1/core1 (10.1.0.2)",
      "zones.az1.ingressNodes.fra1-az1-in2: session fra1-az1-in2 (10.1.0.22) <-> az1/core1 (10.1.0.2) (ingress-switch) is planned, but neither a BGPPeer nor the switch configures it (got ingress-switch); select fra1-az1-in2 in a BGPPeer with peerIP 10.1.0.2 and add neighbor 10.1.0.22 to az1/core1 (10.1.0.2)",
    ],
  },
  {
    name: "both ends configure a session the plan does not have",
    base: "prod",
    edit: (p) => {
      p.sessions = p.sessions.filter(
        (x) =>
          !(x.kind === "ingress-switch" && x.a.name === "fra1-az1-in1" && x.b.name === "core1"),
      );
    },
    errors: [
      "zones.az1.ingressNodes.fra1-az1-in1: session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2) comes from BGPPeer az1-ingress-to-core1, but the plan has no such session (got az1-ingress-to-core1); select only the nodes the plan peers (reflectors with switches and each other, nodes with reflectors, ingress nodes with switches in direct mode)",
      "zones.az1.switches.core1: has neighbor 10.1.0.21 (fra1-az1-in1) in peer-group K8S-INGRESS, but the plan has no session fra1-az1-in1 (10.1.0.21) <-> az1/core1 (10.1.0.2) (got 10.1.0.21); remove the neighbor, or plan its session",
    ],
  },
  {
    name: "the reflector-to-reflector peer uses an unsupported selector",
    base: "prod",
    edit: (p) => {
      spec(p, "az1-bgppeer-rrs-to-rrs").peerSelector = "has(bgp-fabric.io/route-reflector)";
    },
    errors: [
      "kubernetes.BGPPeer.az1-rrs-to-rrs.spec.peerSelector: selector \"has(bgp-fabric.io/route-reflector)\" has an unsupported term at \"has(bgp-fabric.io/route-reflector)\"; only k == 'v', k != 'v' and && are understood (extend model/plan/selectors.ts) (got has(bgp-fabric.io/route-reflector)); emit only k == 'v', k != 'v' and &&",
      'zones.az1.masters.fra1-az1-m1: session fra1-az1-m1 (10.1.0.11) <-> fra1-az1-m2 (10.1.0.12) (rr-rr) is planned, but no BGPPeer configures fra1-az1-m1 -> fra1-az1-m2 and fra1-az1-m2 -> fra1-az1-m1 (got ["fra1-az1-m1 -> fra1-az1-m2","fra1-az1-m2 -> fra1-az1-m1"]); select both nodes in the zone\'s reflector-to-reflector BGPPeer',
    ],
  },
  {
    name: "a BGPPeer sets both peerIP and peerSelector",
    base: "prod",
    edit: (p) => {
      spec(p, "az1-bgppeer-rrs-to-core1").peerSelector = "bgp-fabric.io/route-reflector == 'true'";
    },
    errors: [
      "kubernetes.BGPPeer.az1-rrs-to-core1.spec.peerIP: is set together with peerSelector (got 10.1.0.2); set one of them",
      'zones.az1.masters.fra1-az1-m1: session fra1-az1-m1 (10.1.0.11) <-> az1/core1 (10.1.0.2): az1/core1 (10.1.0.2) has neighbor 10.1.0.11 in peer-group K8S-RR, but no BGPPeer makes fra1-az1-m1 peer with 10.1.0.2 (got ["a worker joining az1","10.1.0.3","10.1.0.12","10.1.0.21","10.1.0.22"]); select fra1-az1-m1 in a BGPPeer with peerIP 10.1.0.2, or remove the neighbor from the switch',
      'zones.az1.masters.fra1-az1-m2: session fra1-az1-m2 (10.1.0.12) <-> az1/core1 (10.1.0.2): az1/core1 (10.1.0.2) has neighbor 10.1.0.12 in peer-group K8S-RR, but no BGPPeer makes fra1-az1-m2 peer with 10.1.0.2 (got ["a worker joining az1","10.1.0.3","10.1.0.11","10.1.0.21","10.1.0.22"]); select fra1-az1-m2 in a BGPPeer with peerIP 10.1.0.2, or remove the neighbor from the switch',
    ],
  },
  {
    name: "a BGPPeer uses a field preflight does not model",
    base: "prod",
    edit: (p) => {
      spec(p, "az1-bgppeer-rrs-to-rrs").ttlSecurity = 1;
    },
    errors: [
      "kubernetes.BGPPeer.az1-rrs-to-rrs.spec.ttlSecurity: is a BGPPeer field preflight does not model (got 1); teach model/verify/calico-view.ts what it does to the session before emitting it",
    ],
  },
  {
    name: "two BGPPeers configure the same pair differently",
    base: "prod",
    edit: (p) => {
      const o = clone(obj(p, "az1-bgppeer-rrs-to-rrs"));
      o.resourceName = "az1-bgppeer-rrs-to-rrs-again";
      o.body.metadata.name = "az1-rrs-to-rrs-again";
      (o.body.spec as any).maxRestartTime = "30s";
      p.kubernetes.push(o);
    },
    errors: [
      'zones.az1.masters.fra1-az1-m1: gets two different peerings with fra1-az1-m2 (10.1.0.12), from BGPPeers az1-rrs-to-rrs and az1-rrs-to-rrs-again (got ["az1-rrs-to-rrs","az1-rrs-to-rrs-again"]); let exactly one BGPPeer select each pair of peers',
      'zones.az1.masters.fra1-az1-m2: gets two different peerings with fra1-az1-m1 (10.1.0.11), from BGPPeers az1-rrs-to-rrs and az1-rrs-to-rrs-again (got ["az1-rrs-to-rrs","az1-rrs-to-rrs-again"]); let exactly one BGPPeer select each pair of peers',
    ],
  },
  {
    name: "a switch command is tampered with",
    base: "prod",
    edit: (p) => {
      const c = sw(p, "az1", "core1").commands[1];
      c.create = c.create.replace("-c 'end'", "-c 'no router bgp 65101' -c 'end'");
    },
    errors: [
      'zones.az1.switches.core1: command az1-core1-neighbor-10.1.0.11 fails the frr grammar: create: "no router bgp 65101" is not an FRR command this dialect emits (got az1-core1-neighbor-10.1.0.11); emit only commands and script templates the dialect knows',
      "zones.az1.switches.core1: command az1-core1-neighbor-10.1.0.11 is not what the frr dialect renders from the switch's peer groups and neighbors (got az1-core1-neighbor-10.1.0.11); render switch commands only from the structured switch plan",
    ],
  },
  {
    name: "the node-to-node mesh stays on",
    base: "prod",
    edit: (p) => {
      spec(p, "bgpconfiguration-default").nodeToNodeMeshEnabled = true;
    },
    errors: [
      "kubernetes.BGPConfiguration.default.spec.nodeToNodeMeshEnabled: leaves the node-to-node mesh on: every node would also peer with every other node, across zones and ASes (got true); set nodeToNodeMeshEnabled: false (after the replacement BGPPeers exist)",
    ],
  },
  {
    name: "a MetalLB pool is not announced by Calico",
    base: "prod",
    edit: (p) => {
      spec(p, "bgpconfiguration-default").serviceLoadBalancerIPs = [];
    },
    errors: [
      "loadBalancerPools.public.cidr: is allocated by MetalLB but missing from BGPConfiguration serviceLoadBalancerIPs, so Calico never announces its addresses (got 198.51.100.0/26); list every pool in serviceLoadBalancerIPs",
    ],
  },
  {
    name: "a pod pool allows LoadBalancer addresses and two overlays",
    base: "prod",
    edit: (p) => {
      Object.assign(spec(p, "az2-ippool"), {
        ipipMode: "Always",
        vxlanMode: "Always",
        allowedUses: ["Workload", "LoadBalancer"],
      });
    },
    errors: [
      'kubernetes.IPPool.az2-pods.spec.allowedUses: includes LoadBalancer: Calico\'s IPAM would allocate service IPs beside MetalLB (double IPAM, calico #11607) (got ["Workload","LoadBalancer"]); use [Workload, Tunnel]; MetalLB allocates LoadBalancer IPs',
      'kubernetes.IPPool.az2-pods.spec.ipipMode: and vxlanMode cannot both be enabled (got ["Always","Always"]); set both to Never (no overlay)',
    ],
  },
];
