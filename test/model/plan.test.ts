// The exact plan of a small config: every session, Kubernetes object, Helm release and switch command name.
import assert from "node:assert/strict";
import { checkStack } from "../../model/pipeline";
import { VALID } from "./invalid-cases";

const plan = () => checkStack(structuredClone(VALID), { requireSecrets: true }).plan;

describe("network plan of a one-zone config", () => {
  it("lists the zone with its derived route-reflector cluster ID", () => {
    assert.deepEqual(plan().zones, [
      {
        name: "z1",
        asn: 65001,
        nodeCidr: "10.0.0.0/24",
        podCidr: "10.100.0.0/16",
        routeReflectorClusterId: "244.0.253.233",
        reflectors: [
          {
            name: "m1",
            address: "10.0.0.11",
          },
          {
            name: "m2",
            address: "10.0.0.12",
          },
        ],
        ingressNodes: [
          {
            name: "in1",
            address: "10.0.0.21",
          },
        ],
        workers: [],
        switches: [
          {
            name: "sw1",
            address: "10.0.0.1",
          },
        ],
      },
    ]);
  });

  it("has every BGP session with both ends", () => {
    assert.deepEqual(plan().sessions, [
      {
        zone: "z1",
        kind: "rr-rr",
        a: {
          name: "m1",
          address: "10.0.0.11",
          asn: 65001,
          role: "master",
        },
        b: {
          name: "m2",
          address: "10.0.0.12",
          asn: 65001,
          role: "master",
        },
        exportReject: [],
      },
      {
        zone: "z1",
        kind: "node-rr",
        a: {
          name: "in1",
          address: "10.0.0.21",
          asn: 65001,
          role: "ingress",
        },
        b: {
          name: "m1",
          address: "10.0.0.11",
          asn: 65001,
          role: "master",
        },
        rrClient: "in1",
        exportReject: [],
      },
      {
        zone: "z1",
        kind: "node-rr",
        a: {
          name: "in1",
          address: "10.0.0.21",
          asn: 65001,
          role: "ingress",
        },
        b: {
          name: "m2",
          address: "10.0.0.12",
          asn: 65001,
          role: "master",
        },
        rrClient: "in1",
        exportReject: [],
      },
      {
        zone: "z1",
        kind: "rr-switch",
        a: {
          name: "m1",
          address: "10.0.0.11",
          asn: 65001,
          role: "master",
        },
        b: {
          name: "sw1",
          address: "10.0.0.1",
          asn: 65001,
          role: "switch",
        },
        rrClient: "sw1",
        exportReject: ["192.0.2.0/28"],
      },
      {
        zone: "z1",
        kind: "rr-switch",
        a: {
          name: "m2",
          address: "10.0.0.12",
          asn: 65001,
          role: "master",
        },
        b: {
          name: "sw1",
          address: "10.0.0.1",
          asn: 65001,
          role: "switch",
        },
        rrClient: "sw1",
        exportReject: ["192.0.2.0/28"],
      },
      {
        zone: "z1",
        kind: "ingress-switch",
        a: {
          name: "in1",
          address: "10.0.0.21",
          asn: 65001,
          role: "ingress",
        },
        b: {
          name: "sw1",
          address: "10.0.0.1",
          asn: 65001,
          role: "switch",
        },
        exportReject: [],
      },
    ]);
  });

  it("has every Kubernetes object, exactly", () => {
    assert.deepEqual(plan().kubernetes, [
      {
        resourceName: "bgpconfiguration-default",
        component: "cluster",
        mode: "patch",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPConfiguration",
          metadata: {
            name: "default",
          },
          spec: {
            nodeToNodeMeshEnabled: false,
            serviceLoadBalancerIPs: [
              {
                cidr: "192.0.2.0/28",
              },
            ],
            serviceLoadBalancerAggregation: "Disabled",
          },
        },
      },
      {
        resourceName: "bgpfilter-no-lb-via-reflectors",
        component: "cluster",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPFilter",
          metadata: {
            name: "bgp-fabric-no-lb-via-reflectors",
          },
          spec: {
            exportV4: [
              {
                action: "Reject",
                matchOperator: "In",
                cidr: "192.0.2.0/28",
              },
            ],
          },
        },
      },
      {
        resourceName: "metallb-pool-public",
        component: "cluster",
        mode: "create",
        dependsOn: ["metallb"],
        body: {
          apiVersion: "metallb.io/v1beta1",
          kind: "IPAddressPool",
          metadata: {
            name: "public",
            namespace: "metallb-system",
          },
          spec: {
            addresses: ["192.0.2.0/28"],
            autoAssign: true,
            avoidBuggyIPs: false,
          },
        },
      },
      {
        resourceName: "z1-asn-policy",
        component: "zone",
        zone: "z1",
        mode: "create",
        dependsOn: ["z1-node-m1", "z1-node-m2", "z1-node-in1"],
        body: {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "MutatingAdmissionPolicy",
          metadata: {
            name: "bgp-fabric-z1-asn",
          },
          spec: {
            failurePolicy: "Fail",
            reinvocationPolicy: "Never",
            matchConstraints: {
              resourceRules: [
                {
                  apiGroups: [""],
                  apiVersions: ["v1"],
                  operations: ["CREATE", "UPDATE"],
                  resources: ["nodes"],
                },
              ],
            },
            matchConditions: [
              {
                name: "in-zone-z1",
                expression:
                  "has(object.metadata.labels) && 'topology.kubernetes.io/zone' in object.metadata.labels && object.metadata.labels['topology.kubernetes.io/zone'] == 'z1'",
              },
            ],
            mutations: [
              {
                patchType: "ApplyConfiguration",
                applyConfiguration: {
                  expression:
                    "Object{metadata: Object.metadata{annotations: {'projectcalico.org/ASNumber': '65001'}}}",
                },
              },
            ],
          },
        },
      },
      {
        resourceName: "z1-asn-policy-binding",
        component: "zone",
        zone: "z1",
        mode: "create",
        dependsOn: ["z1-asn-policy"],
        body: {
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "MutatingAdmissionPolicyBinding",
          metadata: {
            name: "bgp-fabric-z1-asn",
          },
          spec: {
            policyName: "bgp-fabric-z1-asn",
          },
        },
      },
      {
        resourceName: "z1-bgppeer-ingress-to-sw1",
        component: "ingress-pool",
        zone: "z1",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: {
            name: "z1-ingress-to-sw1",
          },
          spec: {
            nodeSelector: "topology.kubernetes.io/zone == 'z1' && bgp-fabric.io/ingress == 'true'",
            peerIP: "10.0.0.1",
            asNumber: 65001,
          },
        },
      },
      {
        resourceName: "z1-bgppeer-nodes-to-rrs",
        component: "zone",
        zone: "z1",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: {
            name: "z1-nodes-to-rrs",
          },
          spec: {
            nodeSelector:
              "topology.kubernetes.io/zone == 'z1' && bgp-fabric.io/route-reflector != 'true'",
            peerSelector:
              "topology.kubernetes.io/zone == 'z1' && bgp-fabric.io/route-reflector == 'true'",
            maxRestartTime: "120s",
          },
        },
      },
      {
        resourceName: "z1-bgppeer-rrs-to-rrs",
        component: "master-pair",
        zone: "z1",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: {
            name: "z1-rrs-to-rrs",
          },
          spec: {
            nodeSelector:
              "topology.kubernetes.io/zone == 'z1' && bgp-fabric.io/route-reflector == 'true'",
            peerSelector:
              "topology.kubernetes.io/zone == 'z1' && bgp-fabric.io/route-reflector == 'true'",
            maxRestartTime: "120s",
          },
        },
      },
      {
        resourceName: "z1-bgppeer-rrs-to-sw1",
        component: "zone",
        zone: "z1",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: {
            name: "z1-rrs-to-sw1",
          },
          spec: {
            nodeSelector:
              "topology.kubernetes.io/zone == 'z1' && bgp-fabric.io/route-reflector == 'true'",
            peerIP: "10.0.0.1",
            asNumber: 65001,
            filters: ["bgp-fabric-no-lb-via-reflectors"],
          },
        },
      },
      {
        resourceName: "z1-ippool",
        component: "zone",
        zone: "z1",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "IPPool",
          metadata: {
            name: "z1-pods",
          },
          spec: {
            cidr: "10.100.0.0/16",
            blockSize: 26,
            ipipMode: "Never",
            vxlanMode: "Never",
            natOutgoing: false,
            disabled: false,
            nodeSelector: "topology.kubernetes.io/zone == 'z1'",
            allowedUses: ["Workload", "Tunnel"],
          },
        },
      },
      {
        resourceName: "z1-node-in1",
        component: "ingress-pool",
        zone: "z1",
        mode: "patch",
        dependsOn: [],
        body: {
          apiVersion: "v1",
          kind: "Node",
          metadata: {
            name: "in1",
            labels: {
              "topology.kubernetes.io/zone": "z1",
              "bgp-fabric.io/ingress": "true",
            },
            annotations: {
              "projectcalico.org/ASNumber": "65001",
            },
          },
        },
      },
      {
        resourceName: "z1-node-m1",
        component: "master-pair",
        zone: "z1",
        mode: "patch",
        dependsOn: [],
        body: {
          apiVersion: "v1",
          kind: "Node",
          metadata: {
            name: "m1",
            labels: {
              "topology.kubernetes.io/zone": "z1",
              "bgp-fabric.io/route-reflector": "true",
              "node.kubernetes.io/exclude-from-external-load-balancers": "true",
            },
            annotations: {
              "projectcalico.org/ASNumber": "65001",
              "projectcalico.org/RouteReflectorClusterID": "244.0.253.233",
            },
          },
        },
      },
      {
        resourceName: "z1-node-m2",
        component: "master-pair",
        zone: "z1",
        mode: "patch",
        dependsOn: [],
        body: {
          apiVersion: "v1",
          kind: "Node",
          metadata: {
            name: "m2",
            labels: {
              "topology.kubernetes.io/zone": "z1",
              "bgp-fabric.io/route-reflector": "true",
              "node.kubernetes.io/exclude-from-external-load-balancers": "true",
            },
            annotations: {
              "projectcalico.org/ASNumber": "65001",
              "projectcalico.org/RouteReflectorClusterID": "244.0.253.233",
            },
          },
        },
      },
    ]);
  });

  it("installs MetalLB controller-only and the NGINX ingress controller on ingress nodes", () => {
    assert.deepEqual(plan().helmReleases, [
      {
        resourceName: "metallb",
        component: "cluster",
        name: "metallb",
        namespace: "metallb-system",
        chart: "metallb",
        repo: "https://metallb.github.io/metallb",
        version: "0.16.1",
        timeoutSeconds: 600,
        dependsOn: [],
        values: {
          controller: {
            enabled: true,
          },
          speaker: {
            enabled: false,
          },
          frrk8s: {
            enabled: false,
          },
          crds: {
            enabled: true,
          },
        },
      },
      {
        resourceName: "ingress-controller",
        component: "ingress-pool",
        name: "nginx-ingress",
        namespace: "nginx-ingress",
        chart: "oci://ghcr.io/nginx/charts/nginx-ingress",
        version: "2.6.4",
        timeoutSeconds: 600,
        // Helm's wait includes the LoadBalancer address: MetalLB and its pools first.
        dependsOn: ["metallb", "metallb-pool-public", "z1-node-in1"],
        values: {
          controller: {
            kind: "daemonset",
            nodeSelector: {
              "bgp-fabric.io/ingress": "true",
            },
            tolerations: [
              {
                key: "bgp-fabric.io/ingress",
                operator: "Equal",
                value: "true",
                effect: "NoSchedule",
              },
            ],
            ingressClass: {
              name: "nginx",
              create: true,
            },
            service: {
              type: "LoadBalancer",
              externalTrafficPolicy: "Local",
            },
          },
        },
      },
    ]);
  });

  it("states how each kubelet registers its node: zone label everywhere, the ingress taint on ingress nodes", () => {
    assert.deepEqual(plan().nodeRegistrations, [
      {
        node: "in1",
        zone: "z1",
        labels: { "topology.kubernetes.io/zone": "z1" },
        taints: [{ key: "bgp-fabric.io/ingress", value: "true", effect: "NoSchedule" }],
        kubeletFlags: [
          "--node-labels=topology.kubernetes.io/zone=z1",
          "--register-with-taints=bgp-fabric.io/ingress=true:NoSchedule",
        ],
      },
      {
        node: "m1",
        zone: "z1",
        labels: { "topology.kubernetes.io/zone": "z1" },
        taints: [],
        kubeletFlags: ["--node-labels=topology.kubernetes.io/zone=z1"],
      },
      {
        node: "m2",
        zone: "z1",
        labels: { "topology.kubernetes.io/zone": "z1" },
        taints: [],
        kubeletFlags: ["--node-labels=topology.kubernetes.io/zone=z1"],
      },
    ]);
  });

  it("gates each neighbor command on its session, and with bgp.healthCheckSeconds 0 applies and saves at once", () => {
    const [sw] = plan().switches;
    const n = sw.commands[1];
    // Apply, then the gate (its session within the wait, else the command's own delete), then the save.
    const apply = n.create.slice(0, n.create.indexOf("\ntrap '' HUP PIPE\n"));
    assert.ok(apply.endsWith("rolled back and saved nothing' >&2; exit 1; }"));
    assert.ok(n.create.includes("\nfor a in '10.0.0.11'; do\n"));
    assert.ok(n.create.includes("not Established after 120 s:"));
    assert.ok(n.create.includes(`( bgp_fabric_rollback=1\n${n.delete}\n) && echo`));
    assert.ok(n.create.endsWith('write memory did not confirm:\' "$out" >&2; exit 1'));
    const raw = structuredClone(VALID) as { bgp?: Record<string, unknown> };
    raw.bgp = { ...raw.bgp, healthCheckSeconds: 0 };
    const off = checkStack(raw, { requireSecrets: true }).plan!.switches[0];
    assert.equal(off.healthCheckSeconds, 0);
    for (const [i, c] of off.commands.entries()) {
      assert.equal(c.healthCheck, undefined);
      assert.equal(c.dependsOn, undefined);
      assert.equal(c.delete, sw.commands[i].delete);
    }
    // The same apply, saved at once.
    assert.equal(
      off.commands[1].create,
      `${apply}\n${n.create.slice(n.create.lastIndexOf('\ncase "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac\n') + 1)}`,
    );
    // The base command brings up no session: never gated.
    assert.equal(off.commands[0].create, sw.commands[0].create);
  });

  it("configures the switch with a base command and one command per neighbor, in address order", () => {
    const sw = plan().switches.map((s) => ({
      ...s,
      commands: s.commands.map((c) => ({
        name: c.name,
        kind: c.kind,
        triggers: c.triggers,
        ...(c.after === undefined ? {} : { after: c.after }),
        ...(c.healthCheck === undefined ? {} : { healthCheck: c.healthCheck }),
        ...(c.dependsOn === undefined ? {} : { dependsOn: c.dependsOn }),
      })),
    }));
    assert.deepEqual(sw, [
      {
        name: "sw1",
        zone: "z1",
        dialect: "frr",
        address: "10.0.0.1",
        asn: 65001,
        ssh: {
          host: "sw1.z1.example.net",
          port: 22,
          user: "bgp-fabric",
        },
        maximumPaths: 16,
        healthCheckSeconds: 120,
        prefixLists: [
          {
            name: "bgp-fabric-z1-pods",
            description: "bgp-fabric z1 pod blocks",
            entries: [
              {
                seq: 5,
                action: "permit",
                prefix: "10.100.0.0/16",
                ge: 26,
              },
            ],
          },
          {
            name: "bgp-fabric-z1-pools",
            description: "bgp-fabric z1 loadbalancer pools",
            entries: [
              {
                seq: 5,
                action: "permit",
                prefix: "192.0.2.0/28",
                ge: 32,
              },
            ],
          },
          {
            name: "bgp-fabric-z1-nodes-out",
            description: "bgp-fabric z1 nodes receive the default route",
            entries: [
              {
                seq: 5,
                action: "permit",
                prefix: "0.0.0.0/0",
              },
            ],
          },
        ],
        routeMaps: [
          {
            name: "bgp-fabric-z1-rr-in",
            entries: [
              {
                seq: 10,
                action: "permit",
                description: "bgp-fabric z1 from reflectors",
                matchPrefixList: "bgp-fabric-z1-pods",
                localPreference: 100,
              },
            ],
          },
          {
            name: "bgp-fabric-z1-ingress-in",
            entries: [
              {
                seq: 10,
                action: "permit",
                description: "bgp-fabric z1 from ingress nodes",
                matchPrefixList: "bgp-fabric-z1-pools",
                localPreference: 100,
              },
            ],
          },
          {
            name: "bgp-fabric-z1-rr-out",
            entries: [
              {
                seq: 10,
                action: "permit",
                description: "bgp-fabric z1 to reflectors",
                matchPrefixList: "bgp-fabric-z1-nodes-out",
              },
            ],
          },
          {
            name: "bgp-fabric-z1-ingress-out",
            entries: [
              {
                seq: 10,
                action: "deny",
                description: "bgp-fabric z1 to ingress nodes",
              },
            ],
          },
        ],
        peerGroups: [
          {
            name: "K8S-RR",
            role: "reflectors",
            description: "bgp-fabric z1 route reflectors",
            remoteAs: 65001,
            updateSource: "10.0.0.1",
            keepaliveSeconds: 3,
            holdSeconds: 9,
            connectRetrySeconds: 5,
            gracefulRestart: false,
            nextHopSelf: true,
            routeMapIn: "bgp-fabric-z1-rr-in",
            routeMapOut: "bgp-fabric-z1-rr-out",
            maximumPrefix: 20000,
            negotiates: {
              addressFamilies: ["ipv4-unicast"],
              addPathReceive: true,
            },
          },
          {
            name: "K8S-INGRESS",
            role: "ingress",
            description: "bgp-fabric z1 ingress nodes",
            remoteAs: 65001,
            updateSource: "10.0.0.1",
            keepaliveSeconds: 3,
            holdSeconds: 9,
            connectRetrySeconds: 5,
            gracefulRestart: false,
            nextHopSelf: true,
            routeMapIn: "bgp-fabric-z1-ingress-in",
            routeMapOut: "bgp-fabric-z1-ingress-out",
            maximumPrefix: 2000,
            negotiates: {
              addressFamilies: ["ipv4-unicast"],
              addPathReceive: true,
            },
          },
        ],
        neighbors: [
          {
            address: "10.0.0.11",
            node: "m1",
            peerGroup: "K8S-RR",
            description: "bgp-fabric route reflector m1",
            command: "z1-sw1-neighbor-10.0.0.11",
          },
          {
            address: "10.0.0.12",
            node: "m2",
            peerGroup: "K8S-RR",
            description: "bgp-fabric route reflector m2",
            command: "z1-sw1-neighbor-10.0.0.12",
          },
          {
            address: "10.0.0.21",
            node: "in1",
            peerGroup: "K8S-INGRESS",
            description: "bgp-fabric ingress in1",
            command: "z1-sw1-neighbor-10.0.0.21",
          },
        ],
        transport: {
          aggregates: ["10.100.0.0/16"],
          prefixLists: [
            {
              name: "bgp-fabric-z1-transport-in",
              description: "bgp-fabric z1 accepts from other zones",
              entries: [
                {
                  seq: 5,
                  action: "deny",
                  prefix: "10.100.0.0/16",
                  le: 32,
                },
                {
                  seq: 10,
                  action: "permit",
                  prefix: "0.0.0.0/0",
                  le: 32,
                },
              ],
            },
            {
              name: "bgp-fabric-z1-transport-out",
              description: "bgp-fabric z1 sends to other zones",
              entries: [
                {
                  seq: 5,
                  action: "permit",
                  prefix: "10.100.0.0/16",
                },
                {
                  seq: 10,
                  action: "permit",
                  prefix: "192.0.2.0/28",
                  ge: 32,
                },
              ],
            },
          ],
          routeMaps: [
            {
              name: "bgp-fabric-z1-transport-in",
              entries: [
                {
                  seq: 10,
                  action: "permit",
                  description: "bgp-fabric z1 transport in",
                  matchPrefixList: "bgp-fabric-z1-transport-in",
                },
              ],
            },
            {
              name: "bgp-fabric-z1-transport-out",
              entries: [
                {
                  seq: 10,
                  action: "permit",
                  description: "bgp-fabric z1 transport out",
                  matchPrefixList: "bgp-fabric-z1-transport-out",
                },
              ],
            },
          ],
          routeMapIn: "bgp-fabric-z1-transport-in",
          routeMapOut: "bgp-fabric-z1-transport-out",
          lines: [
            "ip prefix-list bgp-fabric-z1-transport-in description bgp-fabric z1 accepts from other zones",
            "ip prefix-list bgp-fabric-z1-transport-in seq 5 deny 10.100.0.0/16 le 32",
            "ip prefix-list bgp-fabric-z1-transport-in seq 10 permit 0.0.0.0/0 le 32",
            "ip prefix-list bgp-fabric-z1-transport-out description bgp-fabric z1 sends to other zones",
            "ip prefix-list bgp-fabric-z1-transport-out seq 5 permit 10.100.0.0/16",
            "ip prefix-list bgp-fabric-z1-transport-out seq 10 permit 192.0.2.0/28 ge 32",
            "!",
            "route-map bgp-fabric-z1-transport-in permit 10",
            " description bgp-fabric z1 transport in",
            " match ip address prefix-list bgp-fabric-z1-transport-in",
            "exit",
            "route-map bgp-fabric-z1-transport-out permit 10",
            " description bgp-fabric z1 transport out",
            " match ip address prefix-list bgp-fabric-z1-transport-out",
            "exit",
            "!",
            "router bgp 65001",
            " address-family ipv4 unicast",
            "  aggregate-address 10.100.0.0/16",
            "  ! on each inter-zone eBGP neighbor: neighbor <peer> route-map bgp-fabric-z1-transport-in in",
            "  ! on each inter-zone eBGP neighbor: neighbor <peer> route-map bgp-fabric-z1-transport-out out",
            " exit-address-family",
            "exit",
          ],
        },
        commands: [
          {
            name: "z1-sw1-bgp-base",
            kind: "base",
            triggers: ["frr", "65001"],
          },
          {
            name: "z1-sw1-neighbor-10.0.0.11",
            kind: "neighbor",
            triggers: ["frr", "65001", "10.0.0.11", "K8S-RR"],
            after: "z1-sw1-bgp-base",
            healthCheck: {
              addresses: ["10.0.0.11"],
              timeoutSeconds: 120,
              changeId: "z1-sw1-neighbor-10.0.0.11",
            },
            dependsOn: ["z1-bgppeer-rrs-to-sw1", "z1-node-m1"],
          },
          {
            name: "z1-sw1-neighbor-10.0.0.12",
            kind: "neighbor",
            triggers: ["frr", "65001", "10.0.0.12", "K8S-RR"],
            after: "z1-sw1-neighbor-10.0.0.11",
            healthCheck: {
              addresses: ["10.0.0.12"],
              timeoutSeconds: 120,
              changeId: "z1-sw1-neighbor-10.0.0.12",
            },
            dependsOn: ["z1-bgppeer-rrs-to-sw1", "z1-node-m2"],
          },
          {
            name: "z1-sw1-neighbor-10.0.0.21",
            kind: "neighbor",
            triggers: ["frr", "65001", "10.0.0.21", "K8S-INGRESS"],
            after: "z1-sw1-neighbor-10.0.0.12",
            healthCheck: {
              addresses: ["10.0.0.21"],
              timeoutSeconds: 120,
              changeId: "z1-sw1-neighbor-10.0.0.21",
            },
            dependsOn: ["z1-bgppeer-ingress-to-sw1", "z1-node-in1"],
          },
        ],
      },
    ]);
  });

  it("carries preflight's warnings, each with its fix: single points of failure, host keys, Calico", () => {
    assert.deepEqual(plan().warnings, [
      {
        path: "calico.version",
        message:
          "advertises a LoadBalancer /32 from an ingress node whose controller pod is not ready, black-holing that node's share of the traffic (calico #13246) (got 3.32.1); upgrade Calico to 3.31.7 (3.31 line) or a 3.32 release after 3.32.1; until then drain an ingress node before maintenance",
      },
      {
        path: "zones.z1.ingressNodes",
        message:
          'has one ingress node: no ECMP and no failover inside the zone (got ["in1"]); add a second',
      },
      {
        path: "zones.z1.switches",
        message: 'has one core switch: losing it cuts the zone off (got ["sw1"]); add a second',
      },
      {
        path: "zones.z1.switches.sw1.sshHostKey",
        message:
          "is not pinned: the first SSH connection trusts whatever key the switch presents (got nothing); set it from ssh-keyscan -t ed25519 sw1.z1.example.net",
      },
    ]);
  });

  it("is deterministic", () => {
    assert.equal(JSON.stringify(plan()), JSON.stringify(plan()));
  });
});
