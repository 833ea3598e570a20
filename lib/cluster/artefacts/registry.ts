/**
 * The registered cluster artefacts. A new artefact is a file beside this one exporting a {@link ClusterArtefact}, and an
 * entry in {@link CLUSTER_ARTEFACTS}.
 */
import { auditPolicyArtefact } from './audit-policy';
import { clusterApiArtefact } from './cluster-api';
import { ClusterArtefact } from './cluster-artefact';
import { encryptionConfigArtefact } from './encryption-config';
import { kindArtefact } from './kind-config';
import { kubeadmArtefact } from './kubeadm-config';

/** Every artefact of a cluster, in the order `ClusterArtefacts` adds their charts and lists their files. */
export const CLUSTER_ARTEFACTS: readonly ClusterArtefact[] = [
  clusterApiArtefact,
  kubeadmArtefact,
  auditPolicyArtefact,
  encryptionConfigArtefact,
  kindArtefact,
];
