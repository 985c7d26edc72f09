// Calico selectors for the zone's node groups (zone names are DNS-1123 labels, safe inside quotes).
import { LABELS } from "./names";

export const selectors = {
  zone: (zone: string) => `${LABELS.zone} == '${zone}'`,
  reflectors: (zone: string) => `${LABELS.zone} == '${zone}' && ${LABELS.routeReflector} == 'true'`,
  /** `!=` also matches nodes without the label: every worker that joins later. */
  nonReflectors: (zone: string) =>
    `${LABELS.zone} == '${zone}' && ${LABELS.routeReflector} != 'true'`,
  ingress: (zone: string) => `${LABELS.zone} == '${zone}' && ${LABELS.ingress} == 'true'`,
};
