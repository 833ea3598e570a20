/**
 * The in-cluster half of preview cleanup: a CronJob that deletes expired preview namespaces, so previews go away even
 * when the pipeline that created them never runs again.
 *
 * What limits it to previews is RBAC, not the script. Its ClusterRole only reads namespaces. The right to delete comes
 * from each preview itself: a Role `preview-janitor` (delete `namespaces`) bound in the preview's own namespace to the
 * janitor's group. A DELETE of `/api/v1/namespaces/<ns>` is authorised in namespace `<ns>`, so that binding allows
 * deleting exactly the preview's namespace; in every other namespace the janitor is refused by the API server. The
 * script selects by the preview label, the `preview-` name and the expiry label as a second check.
 *
 * A ValidatingAdmissionPolicy (`admissionregistration.k8s.io/v1`, GA since Kubernetes 1.30, so served by every
 * supported minor) adds a third, enforced by the API server: a DELETE of a namespace by any ServiceAccount of the
 * janitor's namespace is denied unless that namespace is named `preview-…` and carries the preview label and an
 * expiry. See docs/delivery.md for the residual risk.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEFAULT_POD_SUBNETS, DEFAULT_SERVICE_SUBNETS } from '../cluster/cluster-defaults';
import { ClusterAddressRanges, clusterExcepts } from '../core/cidr';
import { Protocol } from '../core/network';
import { PodSecurityLevel } from './environment-types';
import { EnvironmentNamespace } from './environment-namespace';
import { NetworkIsolation } from './network-isolation';
import { DEFAULT_LABEL_KEYS, LabelKeys } from '../core/labels';


/** Every 15 minutes: a preview outlives its expiry by at most that (plus the namespace's own deletion). */
export const DEFAULT_JANITOR_SCHEDULE = '*/15 * * * *';
/**
 * kubectl with a POSIX shell: alpine/k8s (Alpine, kubectl, helm; maintained, one tag per Kubernetes patch). Bitnami
 * withdrew its versioned `bitnami/kubectl` tags, and `registry.k8s.io/kubectl` has no shell. kubectl 1.35 talks to API
 * servers 1.34–1.36 (kubectl supports one minor of skew either way). Pinned by tag, not digest: no digest of it could
 * be read from a citable source offline; pin `image` by digest in your own definition where your registry mirror
 * records one.
 * @see https://hub.docker.com/r/alpine/k8s
 * @see https://kubernetes.io/releases/version-skew-policy/#kubectl
 */
export const DEFAULT_JANITOR_IMAGE = 'docker.io/alpine/k8s:1.35.8';
/** Name of the CronJob, its ServiceAccount and its ClusterRole. */
export const JANITOR_NAME = 'preview-janitor';
/** Name of the ValidatingAdmissionPolicy (and its binding) that limits the janitor's deletes to previews. */
const JANITOR_POLICY = 'preview-janitor-deletes-previews-only';
/** The janitor's non-root user (alpine/k8s runs as root unless told otherwise; kubectl needs no user of its own). */
const JANITOR_USER = 1001;
/** The API server: 443 behind a load balancer or the `kubernetes` Service, 6443 on the nodes (kubeadm). */
const API_SERVER_PORTS = [443, 6443];

/** A CEL string literal: single-quoted, with backslashes and quotes escaped. */
function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Deletes each namespace that carries the preview label, is named `preview-…` and whose expiry (seconds since the
 * epoch) has passed. `--wait=false`: a namespace with finalizers must not hold up the others.
 */
const janitorScript = (keys: LabelKeys) => `set -eu
now=$(date +%s)
kubectl get namespaces -l '${keys.preview}=true' \\
  -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.labels.${keys.previewExpires.replace(/\./g, '\\.').replace('/', '\\/')}}{"\\n"}{end}' |
while read -r name expires; do
  case "$name" in ${PREVIEW_PREFIX}*) ;; *) echo "skip $name: not named ${PREVIEW_PREFIX}<id>"; continue ;; esac
  case "$expires" in ''|*[!0-9]*) echo "skip $name: no expiry label"; continue ;; esac
  if [ "$expires" -le "$now" ]; then
    echo "delete $name: expired at $expires (now $now)"
    kubectl delete namespace "$name" --wait=false || echo "could not delete $name"
  fi
done
`;

/** Props of {@link PreviewJanitor}. */
export interface PreviewJanitorProps {
  /**
   * Keys of the platform's labels: the janitor finds previews by `<domain>/preview` and `<domain>/preview-expires`.
   * @default DEFAULT_LABEL_KEYS - under `platform.example.com`
   */
  readonly labelKeys?: LabelKeys;
  /**
   * Cron schedule.
   * @default DEFAULT_JANITOR_SCHEDULE
   */
  readonly schedule?: string;
  /**
   * Image with kubectl and a POSIX shell.
   * @default DEFAULT_JANITOR_IMAGE
   */
  readonly image?: string;
  /**
   * The cluster DNS, which the janitor queries.
   * @default - CoreDNS in kube-system
   */
  readonly dns?: { readonly namespace: string; readonly podLabels: { readonly [key: string]: string } };
  /**
   * The cluster's pod and Service ranges, which the janitor's egress to the API server excepts.
   * @default - the ranges of a cluster that declares none: pods in 10.244.0.0/16, Services in 10.96.0.0/12
   */
  readonly networking?: ClusterAddressRanges;
}

/**
 * The janitor of a cluster that hosts previews: its namespace (isolated, restricted), ServiceAccount, read-only
 * ClusterRole, CronJob, and the admission policy that limits its deletes to previews.
 */
export class PreviewJanitor extends Construct {
  /** Cron schedule. */
  public readonly schedule: string;
  /** Image. */
  public readonly image: string;

  constructor(scope: Construct, id: string, props: PreviewJanitorProps = {}) {
    super(scope, id);
    this.schedule = props.schedule ?? DEFAULT_JANITOR_SCHEDULE;
    this.image = props.image ?? DEFAULT_JANITOR_IMAGE;
    const labels = { 'app.kubernetes.io/name': JANITOR_NAME };

    new EnvironmentNamespace(this, 'Namespace', { name: JANITOR_NAMESPACE, enforce: PodSecurityLevel.RESTRICTED });
    const isolation = new NetworkIsolation(this, 'Isolation', { namespace: JANITOR_NAMESPACE, dns: props.dns, allowSameNamespace: false });
    // The API server's address is not known at synth time: egress to its ports, anywhere but the cluster's own pods and
    // Services. An ipBlock selects the pods whose IPs it holds on most network plugins, so without the exceptions this
    // would open 443 and 6443 of every pod of the cluster. The API server itself stays reachable: it listens on the
    // nodes' (or the load balancer's) addresses, and the `kubernetes` Service's ClusterIP is rewritten to them by
    // kube-proxy, before policy on the plugins that evaluate it after the rewrite. Kubernetes leaves that order open
    // (https://kubernetes.io/docs/concepts/services-networking/network-policies/, "ipBlock"); on a plugin that checks
    // the ClusterIP itself, point KUBERNETES_SERVICE_HOST at the API server's own address.
    const networking = props.networking ?? { podSubnets: DEFAULT_POD_SUBNETS, serviceSubnets: DEFAULT_SERVICE_SUBNETS };
    const anywhere = '0.0.0.0/0';
    isolation.allowTo({
      cidr: anywhere,
      except: clusterExcepts(anywhere, [], networking),
      ports: API_SERVER_PORTS.map((port) => ({ port, protocol: Protocol.TCP })),
    });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: JANITOR_NAME, namespace: JANITOR_NAMESPACE, labels },
      automountServiceAccountToken: false,
    });
    new k8s.KubeClusterRole(this, 'Reader', {
      metadata: { name: JANITOR_NAME, labels },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'ReaderBinding', {
      metadata: { name: JANITOR_NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: JANITOR_NAME },
      subjects: [{ kind: 'ServiceAccount', name: JANITOR_NAME, namespace: JANITOR_NAMESPACE }],
    });

    const keys = props.labelKeys ?? DEFAULT_LABEL_KEYS;
    // For a DELETE, `object` is null and `oldObject` is the namespace being deleted (the variables of a
    // ValidatingAdmissionPolicy, kubernetes.io "Validating Admission Policy"). The policy matches only the janitor's
    // group, so nobody else's deletes are evaluated; `failurePolicy: Fail` denies when the expression cannot be evaluated.
    const label = (key: string) => `oldObject.metadata.labels[${celString(key)}]`;
    new ApiObject(this, 'DeletePolicy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: JANITOR_POLICY, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] }],
        },
        matchConditions: [{ name: 'preview-janitor', expression: `${celString(JANITOR_GROUP)} in request.userInfo.groups` }],
        validations: [{
          expression: `oldObject.metadata.name.startsWith(${celString(PREVIEW_PREFIX)}) && has(oldObject.metadata.labels)`
            + ` && ${celString(keys.preview)} in oldObject.metadata.labels && ${label(keys.preview)} == 'true'`
            + ` && ${celString(keys.previewExpires)} in oldObject.metadata.labels`,
          message: `the preview janitor deletes only preview namespaces: named ${PREVIEW_PREFIX}<id>, labelled ${keys.preview}=true and `
            + `${keys.previewExpires}`,
          reason: 'Forbidden',
        }],
      },
    });
    new ApiObject(this, 'DeletePolicyBinding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: JANITOR_POLICY, labels },
      spec: { policyName: JANITOR_POLICY, validationActions: ['Deny'] },
    });

    new k8s.KubeCronJob(this, 'Resource', {
      metadata: { name: JANITOR_NAME, namespace: JANITOR_NAMESPACE, labels },
      spec: {
        schedule: this.schedule,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 300,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 600,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: JANITOR_NAME,
                // The one pod that needs the API: it lists and deletes namespaces.
                automountServiceAccountToken: true,
                restartPolicy: 'Never',
                securityContext: { runAsNonRoot: true, runAsUser: JANITOR_USER, runAsGroup: JANITOR_USER, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [{
                  name: 'janitor',
                  image: this.image,
                  command: ['/bin/sh', '-c', janitorScript(keys)],
                  // kubectl keeps its discovery cache under HOME; the root file system is read-only.
                  env: [{ name: 'HOME', value: '/tmp' }],
                  resources: {
                    requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
                    limits: { memory: k8s.Quantity.fromString('128Mi') },
                  },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                }],
                volumes: [{ name: 'tmp', emptyDir: {} }],
              },
            },
          },
        },
      },
    });
  }
}


// The preview labels under the default label domain; a platform's own keys are `labelKeys(definition.labelDomain)`.
/** Every object of a preview carries `<domain>/preview: "true"`. */
export const PREVIEW_LABEL = DEFAULT_LABEL_KEYS.preview;
/** The template environment the preview was made from. */
export const PREVIEW_OF_LABEL = DEFAULT_LABEL_KEYS.previewOf;
/** The preview's id (the pull request number or branch slug). */
export const PREVIEW_ID_LABEL = DEFAULT_LABEL_KEYS.previewId;
/**
 * When the preview expires, in seconds since the Unix epoch (UTC). Seconds, because a label value cannot hold the
 * `:` of an ISO 8601 time, and because `date +%s` compares them in any shell.
 */
export const PREVIEW_EXPIRES_LABEL = DEFAULT_LABEL_KEYS.previewExpires;
/** Namespace and stack name of a preview: `preview-<id>`. */
export const PREVIEW_PREFIX = 'preview-';
/** Namespace of the janitor that deletes expired previews. */
export const JANITOR_NAMESPACE = 'platform-previews';
/** The Role each preview grants the janitor in its own namespace: delete that namespace, nothing else. */
export const JANITOR_ROLE = 'preview-janitor';
/** The group of the janitor namespace's ServiceAccounts, which Kubernetes adds to every ServiceAccount's token. */
export const JANITOR_GROUP = `system:serviceaccounts:${JANITOR_NAMESPACE}`;
