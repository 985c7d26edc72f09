// Kubernetes API kinds -> the SDK class that registers them. Typed classes carry the SDK's aliases between API
// versions (MutatingAdmissionPolicy v1beta1 <-> v1), so a Kubernetes upgrade that moves an object to a new
// apiVersion is an in-place update; a generic CustomResource is typed by its apiVersion and would be replaced.
// Only the CRD groups the plan emits (Calico, MetalLB) are CustomResources; any other kind is refused here.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export type ResourceClass = new (
  name: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args: any,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** Objects the program manages (`create`), by `apiVersion/Kind`. */
export const TYPED_CLASSES: Readonly<Record<string, ResourceClass>> = {
  "v1/Secret": k8s.core.v1.Secret,
  "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
  "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy":
    k8s.admissionregistration.v1beta1.MutatingAdmissionPolicy,
  "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicyBinding":
    k8s.admissionregistration.v1beta1.MutatingAdmissionPolicyBinding,
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy":
    k8s.admissionregistration.v1.MutatingAdmissionPolicy,
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding":
    k8s.admissionregistration.v1.MutatingAdmissionPolicyBinding,
};

/** Fields set on someone else's object (`patch`, server-side apply), by `apiVersion/Kind`. */
export const TYPED_PATCH_CLASSES: Readonly<Record<string, ResourceClass>> = {
  "v1/Node": k8s.core.v1.NodePatch,
};

/** API groups served by CRDs, whose objects have no typed class. */
export const CRD_GROUPS = ["crd.projectcalico.org", "metallb.io"] as const;

/** The class for an object of the plan; throws for a built-in kind missing from the tables. */
export function classFor(
  apiVersion: string,
  kind: string,
  mode: "create" | "patch",
): ResourceClass {
  const key = `${apiVersion}/${kind}`;
  const table = mode === "patch" ? TYPED_PATCH_CLASSES : TYPED_CLASSES;
  if (Object.hasOwn(table, key)) return table[key];
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  if ((CRD_GROUPS as readonly string[]).includes(group))
    return mode === "patch"
      ? k8s.apiextensions.CustomResourcePatch
      : k8s.apiextensions.CustomResource;
  throw new Error(
    `internal: no resource class for ${mode} of ${key}; add it to components/typed.ts`,
  );
}
