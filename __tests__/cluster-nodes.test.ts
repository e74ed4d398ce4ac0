import { ENVIRONMENTS, platform } from '../environments';
import { ADDON_VERSIONS, addonVersionsFor, MANAGED_ADDON_NAMES } from '../modules/cluster/addon-versions';
import { systemNodeUserData } from '../modules/cluster/system-node-group';
import { ENV_NAMES, onlyResource, realStack } from './read-helpers';
import { list, parseJsonField, policyStatements, refName, resolve, Resource } from './tf-json';
import { joinedRegExp } from './regexp';

const envOf = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const CRITICAL = { key: 'CriticalAddonsOnly', operator: 'Exists' };
const addonAddress = (stackName: string, addon: string) => {
  const [key] = Object.entries(realStack(stackName).resource!.aws_eks_addon).find(([, a]) => a.addon_name === addon)!;
  return `aws_eks_addon.${key}`;
};

describe.each(ENV_NAMES)('%s-eks managed add-ons', name => {
  const env = envOf(name);
  const id = `${name}-eks`;
  const addons = () => list(realStack(id), 'aws_eks_addon');
  const addon = (addonName: string) => addons().find(a => a.addon_name === addonName)!;
  const nodeGroupAddress = () => `aws_eks_node_group.${Object.keys(realStack(id).resource!.aws_eks_node_group)[0]}`;

  test('are exactly the six add-ons, each pinned to the version table of the cluster version', () => {
    const versions = addonVersionsFor(env.cluster.kubernetesVersion);
    expect(
      addons()
        .map(a => a.addon_name)
        .sort(),
    ).toEqual([...MANAGED_ADDON_NAMES].sort());
    for (const a of addons()) {
      expect(a.addon_version).toBe(versions[a.addon_name as keyof typeof versions]);
      expect(a.addon_version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    }
  });

  test('vpc-cni turns on prefix delegation and network policy', () => {
    const config = parseJsonField(addon('vpc-cni'), 'configuration_values') as {
      env: Record<string, string>;
      enableNetworkPolicy: string;
    };
    expect(config.env.ENABLE_PREFIX_DELEGATION).toBe('true');
    expect(config.enableNetworkPolicy).toBe('true');
  });

  test(
    'vpc-cni gets AmazonEKS_CNI_Policy through Pod Identity for kube-system/aws-node, not from the node ' + 'role',
    () => {
      const s = realStack(id);
      const association = list(s, 'aws_eks_pod_identity_association').find(a => a.service_account === 'aws-node')!;
      expect(association.namespace).toBe('kube-system');
      const role = resolve(s, association.role_arn);
      const policies = list(s, 'aws_iam_role_policy_attachment').filter(
        a => refName(a.role) === refName(association.role_arn),
      );
      expect(policies.map(p => p.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']);
      const [trust] = policyStatements(s, role.assume_role_policy);
      expect(trust.Principal).toEqual({ Service: ['pods.eks.amazonaws.com'] });
      expect(trust.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(trust.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [platform.aws.accountId] } });
      const [associationKey] = Object.entries(s.resource!.aws_eks_pod_identity_association).find(
        ([, a]) => a === association,
      )!;
      // through the Pod Identity propagation wait, which waits for the association
      const waits = (addon('vpc-cni').depends_on as string[]).filter(d => d.startsWith('time_sleep.'));
      expect(waits).toHaveLength(1);
      expect(s.resource!.time_sleep[waits[0].split('.')[1]].depends_on).toContain(
        `aws_eks_pod_identity_association.${associationKey}`,
      );
    },
  );

  test(
    'the EBS CSI driver gets AmazonEBSCSIDriverPolicy through Pod Identity and leaves the default StorageClass ' +
      'to the addons layer',
    () => {
      const s = realStack(id);
      const association = list(s, 'aws_eks_pod_identity_association').find(
        a => a.service_account === 'ebs-csi-controller-sa',
      )!;
      expect(association.namespace).toBe('kube-system');
      const policies = list(s, 'aws_iam_role_policy_attachment').filter(
        a => refName(a.role) === refName(association.role_arn),
      );
      expect(policies.map(p => p.policy_arn)).toEqual([
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ]);
      const config = parseJsonField(addon('aws-ebs-csi-driver'), 'configuration_values') as {
        defaultStorageClass: unknown;
        controller: { tolerations: unknown[] };
      };
      expect(config.defaultStorageClass).toEqual({ enabled: false });
      expect(config.controller.tolerations).toContainEqual(CRITICAL);
    },
  );

  test.each(['coredns', 'metrics-server'])('%s tolerates CriticalAddonsOnly', addonName => {
    const config = parseJsonField(addon(addonName), 'configuration_values') as { tolerations: unknown[] };
    expect(config.tolerations).toContainEqual(CRITICAL);
  });

  test('vpc-cni, kube-proxy and the Pod Identity agent exist before the node group; the Deployments after it', () => {
    const nodeGroup = onlyResource(realStack(id), 'aws_eks_node_group');
    for (const before of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
      expect(nodeGroup.depends_on).toContain(addonAddress(id, before));
    }
    for (const after of ['coredns', 'metrics-server', 'aws-ebs-csi-driver']) {
      expect(addon(after).depends_on).toContain(nodeGroupAddress());
    }
  });

  test('Terraform owns the add-on configuration on create and update', () => {
    for (const a of addons())
      expect(a).toMatchObject({ resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
  });
});

describe.each(ENV_NAMES)('%s-eks system node group', name => {
  const env = envOf(name);
  const id = `${name}-eks`;
  const nodeGroup = () => onlyResource(realStack(id), 'aws_eks_node_group');
  const launchTemplate = () => resolve(realStack(id), (nodeGroup().launch_template as Resource).id);

  test('is 2 x t3.medium AL2023 on demand (2 desired, 2 min)', () => {
    expect(nodeGroup()).toMatchObject({
      instance_types: ['t3.medium'],
      ami_type: 'AL2023_x86_64_STANDARD',
      capacity_type: 'ON_DEMAND',
      scaling_config: { desired_size: 2, min_size: 2, max_size: env.cluster.systemNodeGroup.maxSize },
    });
  });

  test('is tainted CriticalAddonsOnly=true:NoSchedule', () => {
    expect(nodeGroup().taint).toEqual([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }]);
  });

  test('runs in the private subnets only, with no SSH access', () => {
    expect(nodeGroup().subnet_ids).toBe('${data.terraform_remote_state.vpc-state.outputs.private_subnet_ids}');
    expect(nodeGroup().remote_access).toBeUndefined();
    expect(launchTemplate().key_name).toBeUndefined();
    expect(launchTemplate().network_interfaces).toBeUndefined();
  });

  test('uses the latest version of its launch template and follows the cluster version', () => {
    expect((nodeGroup().launch_template as Resource).version).toMatch(
      /^\$\{aws_launch_template\.[\w-]+\.latest_version\}$/,
    );
    expect(nodeGroup().version).toMatch(/^\$\{aws_eks_cluster\.[\w-]+\.version\}$/);
    expect(nodeGroup().disk_size).toBeUndefined();
  });

  test('the launch template requires IMDSv2 with hop limit 1', () => {
    expect(launchTemplate().metadata_options).toMatchObject({
      http_endpoint: 'enabled',
      http_tokens: 'required',
      http_put_response_hop_limit: 1,
    });
  });

  test('the launch template has an encrypted gp3 root volume of the configured size', () => {
    expect(launchTemplate().block_device_mappings).toEqual([
      {
        device_name: '/dev/xvda',
        ebs: {
          volume_type: 'gp3',
          encrypted: 'true',
          volume_size: env.cluster.systemNodeGroup.diskSizeGiB,
          delete_on_termination: 'true',
        },
      },
    ]);
  });

  test('the launch template attaches only the node security group', () => {
    const groups = launchTemplate().vpc_security_group_ids as string[];
    expect(groups).toHaveLength(1);
    expect(resolve(realStack(id), groups[0]).tags).toMatchObject({ Name: `${env.cluster.name}-nodes` });
  });

  test('the user data is only a nodeadm NodeConfig raising max pods, with no secrets', () => {
    const text = Buffer.from(launchTemplate().user_data as string, 'base64').toString('utf8');
    expect(text).toContain('Content-Type: application/node.eks.aws');
    expect(text).toContain('kind: NodeConfig');
    expect(text).toContain('maxPods: 110');
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}|aws_secret_access_key/i);
  });

  test('the node role has only the worker, ECR pull and SSM policies and no inline policy', () => {
    const s = realStack(id);
    const role = resolve(s, nodeGroup().node_role_arn);
    const roleName = refName(nodeGroup().node_role_arn);
    const attached = list(s, 'aws_iam_role_policy_attachment')
      .filter(a => refName(a.role) === roleName)
      .map(a => a.policy_arn);
    expect(attached.sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    ]);
    expect(list(s, 'aws_iam_role_policy').filter(p => refName(p.role) === roleName)).toEqual([]);
    const [trust] = policyStatements(s, role.assume_role_policy);
    expect(trust.Principal).toEqual({ Service: ['ec2.amazonaws.com'] });
  });
});

describe('the add-on version table', () => {
  test('has a row for the default and the newest Kubernetes version, each with all six add-ons', () => {
    for (const version of ['1.35', '1.36']) {
      expect(Object.keys(ADDON_VERSIONS[version]).sort()).toEqual([...MANAGED_ADDON_NAMES].sort());
    }
  });

  test('pins kube-proxy to the minor version of its row', () => {
    for (const [version, row] of Object.entries(ADDON_VERSIONS))
      expect(row['kube-proxy']).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.`));
  });

  test('fails for a version without a row, naming it and the pinned versions', () => {
    expect(() => addonVersionsFor('1.32')).toThrow(
      joinedRegExp(
        /kubernetesVersion is "1\.32": no managed add-on versions are pinned for it .*\(pinned: 1\.31, 1\.33, /,
        /1\.35, 1\.36\)/,
      ),
    );
    expect(() => addonVersionsFor('toString')).toThrow(/"toString"/);
  });
});

describe('system node group user data', () => {
  // the props rules themselves: construct-validation.test.ts
  test('user data encodes the requested max pods', () => {
    expect(Buffer.from(systemNodeUserData(58), 'base64').toString()).toContain('maxPods: 58');
  });
});
