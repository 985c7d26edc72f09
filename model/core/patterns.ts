// The name patterns every stage shares, each defined once: what the schema accepts is what names and hosts assume.

/** A DNS-1123 label (Kubernetes object and label names): lower-case letters, digits and '-'. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain (Kubernetes node and object names): DNS labels joined by '.'. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** One label of a host name (RFC 1123): letters of either case, digits and '-', at most 63 characters. */
export const HOST_LABEL = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

/** A POSIX user name as useradd accepts it by default (the switches' SSH login). */
export const POSIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/;

/** C0 and C1 controls, zero-width and bidirectional formatting characters: they rewrite what a terminal shows. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
