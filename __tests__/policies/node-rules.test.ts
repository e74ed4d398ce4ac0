import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole, IamRoleConfig } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { Construct } from 'constructs';
import { ACCOUNT, launchTemplate, nodeGroup, nodeRole, policyJson, trustJson } from './fixtures';
import { eachPassesCompliant, finding, run, runAll } from './policy-helpers';

const LT = 'aws_launch_template.lt';
const NG = 'aws_eks_node_group.ng';
const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

test('the compliant node group and launch template pass every rule', () => {
  expect(runAll(s => nodeGroup(s))).toEqual([]);
});

eachPassesCompliant(
  [
    'launch-template-imdsv2',
    'launch-template-hop-limit',
    'node-no-ssh',
    'launch-template-encrypted-volumes',
    'nodes-private',
    'node-role-least-privilege',
  ],
  s => nodeGroup(s),
);

describe('launch-template-imdsv2', () => {
  test('fails when IMDSv1 is allowed, when metadata_options is absent, and when IMDS is disabled', () => {
    expect(
      run('launch-template-imdsv2', s =>
        launchTemplate(s, { metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 1 } }),
      ),
    ).toEqual([finding('launch-template-imdsv2', LT, 'metadata_options[0].http_tokens')]);
    expect(run('launch-template-imdsv2', s => launchTemplate(s, { metadataOptions: undefined }))).toHaveLength(1);
    expect(
      run('launch-template-imdsv2', s =>
        launchTemplate(s, { metadataOptions: { httpTokens: 'required', httpEndpoint: 'disabled' } }),
      ),
    ).toEqual([finding('launch-template-imdsv2', LT, 'metadata_options[0].http_endpoint')]);
  });

  test('an endpoint left to its default (enabled) passes', () => {
    expect(
      run('launch-template-imdsv2', s =>
        launchTemplate(s, { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } }),
      ),
    ).toEqual([]);
  });
});

describe('launch-template-hop-limit', () => {
  test('fails on hop limit 2 and when it is left to the AMI default', () => {
    expect(
      run('launch-template-hop-limit', s =>
        launchTemplate(s, { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 } }),
      ),
    ).toEqual([finding('launch-template-hop-limit', LT, 'metadata_options[0].http_put_response_hop_limit')]);
    expect(
      run('launch-template-hop-limit', s => launchTemplate(s, { metadataOptions: { httpTokens: 'required' } })),
    ).toHaveLength(1);
  });
});

describe('node-no-ssh', () => {
  test('fails on a key pair and on remote_access', () => {
    expect(run('node-no-ssh', s => launchTemplate(s, { keyName: 'ops' }))).toEqual([
      finding('node-no-ssh', LT, 'key_name'),
    ]);
    expect(run('node-no-ssh', s => nodeGroup(s, { remoteAccess: { ec2SshKey: 'ops' } }))).toEqual([
      finding('node-no-ssh', NG, 'remote_access'),
    ]);
  });

  test('an empty key name is no key', () => {
    expect(run('node-no-ssh', s => launchTemplate(s, { keyName: '' }))).toEqual([]);
  });
});

describe('launch-template-encrypted-volumes', () => {
  test('fails on an unencrypted volume and on no declared volume', () => {
    expect(
      run('launch-template-encrypted-volumes', s =>
        launchTemplate(s, {
          blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, encrypted: 'false' } }],
        }),
      ),
    ).toEqual([finding('launch-template-encrypted-volumes', LT, 'block_device_mappings[0].ebs[0].encrypted')]);
    expect(
      run('launch-template-encrypted-volumes', s => launchTemplate(s, { blockDeviceMappings: undefined })),
    ).toEqual([finding('launch-template-encrypted-volumes', LT, 'block_device_mappings')]);
  });

  test('every volume must be encrypted, not only the first', () => {
    const volumes = [
      { deviceName: '/dev/xvda', ebs: { volumeSize: 50, encrypted: 'true' } },
      { deviceName: '/dev/xvdb', ebs: { volumeSize: 50 } },
    ];
    expect(run('launch-template-encrypted-volumes', s => launchTemplate(s, { blockDeviceMappings: volumes }))).toEqual([
      finding('launch-template-encrypted-volumes', LT, 'block_device_mappings[1].ebs[0].encrypted'),
    ]);
  });
});

describe('nodes-private', () => {
  test('fails on literal subnet ids and on a public IP', () => {
    expect(run('nodes-private', s => nodeGroup(s, { subnetIds: ['subnet-0a'] }))).toEqual([
      finding('nodes-private', NG, 'subnet_ids'),
    ]);
    expect(
      run('nodes-private', s => launchTemplate(s, { networkInterfaces: [{ associatePublicIpAddress: 'true' }] })),
    ).toEqual([finding('nodes-private', LT, 'network_interfaces[0].associate_public_ip_address')]);
  });
});

describe('node-group-launch-template', () => {
  test('fails a node group without a launch template of the stack', () => {
    expect(run('node-group-launch-template', s => nodeGroup(s))).toEqual([]);
    expect(run('node-group-launch-template', s => nodeGroup(s, { launchTemplate: undefined }))).toEqual([
      finding('node-group-launch-template', NG, 'launch_template'),
    ]);
    expect(
      run('node-group-launch-template', s => nodeGroup(s, { launchTemplate: { id: 'lt-0123', version: '1' } })),
    ).toHaveLength(1);
  });
});

describe('launch-template-user-data-secrets', () => {
  test('passes ordinary user data, fails an access key hidden in base64', () => {
    const plain = Buffer.from('#!/bin/bash\necho hello\n').toString('base64');
    expect(run('launch-template-user-data-secrets', s => launchTemplate(s, { userData: plain }))).toEqual([]);
    const leaky = Buffer.from('export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n').toString('base64');
    expect(run('launch-template-user-data-secrets', s => launchTemplate(s, { userData: leaky }))).toEqual([
      finding('launch-template-user-data-secrets', LT, 'user_data'),
    ]);
  });
});

describe('node-role-least-privilege', () => {
  test('fails on an extra managed policy and an inline policy on the node role', () => {
    const found = run('node-role-least-privilege', s => {
      const role = nodeRole(s, ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: role.arn, type: 'EC2_LINUX' });
      new IamRolePolicy(s, 'inline', {
        role: role.name,
        policy: policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]),
      });
    });
    expect(found).toEqual([
      finding('node-role-least-privilege', 'aws_iam_role_policy_attachment.node-AmazonEKS_CNI_Policy', 'policy_arn'),
      finding('node-role-least-privilege', 'aws_iam_role_policy.inline', 'role'),
    ]);
  });

  test(
    "allows exactly the worker, ECR read/pull and SSM policies, on access entries' and instance profiles' roles " +
      'too',
    () => {
      const allowed = [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEC2ContainerRegistryReadOnly',
        'AmazonEC2ContainerRegistryPullOnly',
        'AmazonSSMManagedInstanceCore',
      ];
      const entry = (s: Construct) =>
        new EksAccessEntry(s, 'node-entry', {
          clusterName: 'test',
          principalArn: nodeRole(s, allowed).arn,
          type: 'EC2_LINUX',
        });
      expect(run('node-role-least-privilege', entry)).toEqual([]);
      const profiled = run('node-role-least-privilege', s => {
        const role = nodeRole(s, ['AmazonS3FullAccess']);
        new IamInstanceProfile(s, 'profile', { role: role.name });
      });
      expect(profiled).toEqual([
        finding('node-role-least-privilege', 'aws_iam_role_policy_attachment.node-AmazonS3FullAccess', 'policy_arn'),
      ]);
      expect(profiled[0].message).toBe(
        `arn:aws:iam::aws:policy/AmazonS3FullAccess on node role aws_iam_role.node-role: nodes may only have ` +
          `${allowed.join(', ')}`,
      );
    },
  );

  test(
    'fails an inline_policy block on the node role; other roles and access entries of other types are not ' + 'judged',
    () => {
      const found = run('node-role-least-privilege', s => {
        enteredNodeRole(s, {
          inlinePolicy: [
            { name: 'extra', policy: policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) },
          ],
        });
        const admin = nodeRoleLike(s, 'admin');
        new EksAccessEntry(s, 'admin-entry', { clusterName: 'test', principalArn: admin.arn, type: 'STANDARD' });
        new IamRolePolicyAttachment(s, 'admin-policy', {
          role: admin.name,
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        });
      });
      expect(found).toEqual([finding('node-role-least-privilege', 'aws_iam_role.node-role', 'inline_policy')]);
    },
  );

  test(
    "an attachment naming the node role by its literal name counts, and so do the role's " + 'managed_policy_arns',
    () => {
      const found = run('node-role-least-privilege', s => {
        enteredNodeRole(s, {
          managedPolicyArns: [
            'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
            'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
          ],
        });
        new IamRolePolicyAttachment(s, 'by-name', {
          role: 'nodes',
          policyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
        });
        new IamRolePolicyAttachment(s, 'other-role', {
          role: 'others',
          policyArn: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
        });
      });
      expect(found.map(f => `${f.address} ${f.message.split(' ')[0]}`)).toEqual([
        'aws_iam_role_policy_attachment.by-name arn:aws:iam::aws:policy/AmazonEC2FullAccess',
        'aws_iam_role.node-role arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      ]);
    },
  );
});

/** The node role `aws_iam_role.node-role` (named `nodes`) with `props`, and its EC2_LINUX access entry. */
function enteredNodeRole(s: Construct, props: Partial<IamRoleConfig>): IamRole {
  const role = new IamRole(s, 'node-role', {
    name: 'nodes',
    assumeRolePolicy: trustJson('ec2.amazonaws.com'),
    ...props,
  });
  new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: role.arn, type: 'EC2_LINUX' });
  return role;
}

/** A role that is not a node role: `aws_iam_role.<id>`. */
function nodeRoleLike(s: Construct, id: string): IamRole {
  return new IamRole(s, id, { name: id, assumeRolePolicy: trustJson('ec2.amazonaws.com') });
}

/** `aws_iam_role.cni-role`, trusted by EKS Pod Identity for `actions`, with `policy` attached (`cni-policy`). */
function podRole(s: Construct, policy = 'AmazonEKS_CNI_Policy', actions?: string[]): IamRole {
  const role = new IamRole(s, 'cni-role', {
    name: 'cni',
    assumeRolePolicy: trustJson('pods.eks.amazonaws.com', actions),
  });
  new IamRolePolicyAttachment(s, 'cni-policy', { role: role.name, policyArn: `arn:aws:iam::aws:policy/${policy}` });
  return role;
}

/** A vpc-cni add-on with its Pod Identity role holding the CNI policy. */
function cniAddon(s: Construct, options: { bound?: boolean; networkPolicy?: boolean } = {}): void {
  const role = podRole(s, undefined, ['sts:AssumeRole', 'sts:TagSession']);
  new EksAddon(s, 'vpc-cni', {
    clusterName: 'test',
    addonName: 'vpc-cni',
    configurationValues: JSON.stringify({
      env: { ENABLE_PREFIX_DELEGATION: 'true' },
      ...((options.networkPolicy ?? true) ? { enableNetworkPolicy: 'true' } : {}),
    }),
    podIdentityAssociation: (options.bound ?? true) ? [{ roleArn: role.arn, serviceAccount: 'aws-node' }] : undefined,
  });
}

describe('cni-off-node-role', () => {
  test('passes when aws-node has its own role', () => {
    expect(run('cni-off-node-role', s => cniAddon(s))).toEqual([]);
  });

  test('fails when the CNI policy sits on a role not bound to aws-node', () => {
    expect(run('cni-off-node-role', s => cniAddon(s, { bound: false }))).toEqual([
      finding('cni-off-node-role', 'aws_iam_role_policy_attachment.cni-policy', 'policy_arn'),
      finding('cni-off-node-role', 'aws_eks_addon.vpc-cni', 'pod_identity_association'),
    ]);
  });

  test(
    'an IRSA role of the vpc-cni add-on counts as bound to aws-node; other add-ons and policies are not ' + 'judged',
    () => {
      const irsa =
        (addonName: string, policy = 'AmazonEKS_CNI_Policy') =>
        (s: Construct) =>
          new EksAddon(s, 'addon', { clusterName: 'test', addonName, serviceAccountRoleArn: podRole(s, policy).arn });
      expect(run('cni-off-node-role', irsa('vpc-cni'))).toEqual([]);
      expect(run('cni-off-node-role', irsa('aws-ebs-csi-driver')).map(f => f.address)).toEqual([
        'aws_iam_role_policy_attachment.cni-policy',
      ]);
      expect(run('cni-off-node-role', irsa('aws-ebs-csi-driver', 'AmazonEBSCSIDriverPolicy'))).toEqual([]);
      const [misplaced] = run('cni-off-node-role', irsa('coredns'));
      expect(misplaced.message).toBe(
        'AmazonEKS_CNI_Policy on aws_iam_role.cni-role, which is not bound to kube-system/aws-node: move it to the ' +
          "vpc-cni add-on's Pod Identity role",
      );
    },
  );

  test('a Pod Identity association for another service account does not bind aws-node', () => {
    const found = run('cni-off-node-role', s => {
      const role = podRole(s);
      new EksAddon(s, 'vpc-cni', {
        clusterName: 'test',
        addonName: 'vpc-cni',
        podIdentityAssociation: [{ roleArn: role.arn, serviceAccount: 'other' }],
      });
      new EksPodIdentityAssociation(s, 'assoc', {
        clusterName: 'test',
        namespace: 'kube-system',
        serviceAccount: 'aws-node-helper',
        roleArn: role.arn,
      });
    });
    expect(found.map(f => f.path)).toEqual(['policy_arn', 'pod_identity_association']);
  });
});

describe('vpc-cni-network-policy', () => {
  test('fails without enableNetworkPolicy', () => {
    expect(run('vpc-cni-network-policy', s => cniAddon(s))).toEqual([]);
    expect(run('vpc-cni-network-policy', s => cniAddon(s, { networkPolicy: false }))).toEqual([
      finding('vpc-cni-network-policy', 'aws_eks_addon.vpc-cni', 'configuration_values'),
    ]);
  });

  test('accepts a JSON boolean, fails "false", unreadable and absent values; judges only the vpc-cni add-on', () => {
    const addon =
      (configurationValues?: string, addonName = 'vpc-cni') =>
      (s: Construct) =>
        new EksAddon(s, 'vpc-cni', { clusterName: 'test', addonName, configurationValues });
    const fails = [finding('vpc-cni-network-policy', 'aws_eks_addon.vpc-cni', 'configuration_values')];
    expect(run('vpc-cni-network-policy', addon('{"enableNetworkPolicy":true}'))).toEqual([]);
    expect(run('vpc-cni-network-policy', addon('{"enableNetworkPolicy":"false"}'))).toEqual(fails);
    expect(run('vpc-cni-network-policy', addon('enableNetworkPolicy: "true"'))).toEqual(fails);
    expect(run('vpc-cni-network-policy', addon())).toEqual(fails);
    expect(run('vpc-cni-network-policy', addon(undefined, 'coredns'))).toEqual([]);
  });
});

describe('eks-admin-access-allowlisted', () => {
  const admin = 'arn:aws:iam::123456789012:role/platform-admin';
  const build = (principal: string) => (s: Construct) => {
    new EksAccessEntry(s, 'entry', { clusterName: 'test', principalArn: principal });
    new EksAccessPolicyAssociation(s, 'admin', {
      clusterName: 'test',
      principalArn: principal,
      policyArn: ADMIN_POLICY,
      accessScope: { type: 'cluster' },
    });
  };

  test('passes an allow-listed admin, fails anyone else', () => {
    expect(
      run('eks-admin-access-allowlisted', build(admin), { settings: { clusterAdminPrincipalArns: [admin] } }),
    ).toEqual([]);
    expect(
      run('eks-admin-access-allowlisted', build('arn:aws:iam::123456789012:role/dev'), {
        settings: { clusterAdminPrincipalArns: [admin] },
      }),
    ).toEqual([finding('eks-admin-access-allowlisted', 'aws_eks_access_policy_association.admin', 'principal_arn')]);
  });

  test('fails an access policy on a node (EC2_LINUX) entry', () => {
    const found = run('eks-admin-access-allowlisted', s => {
      const role = nodeRole(s);
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: role.arn, type: 'EC2_LINUX' });
      new EksAccessPolicyAssociation(s, 'node-view', {
        clusterName: 'test',
        principalArn: role.arn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'cluster' },
      });
    });
    expect(found).toEqual([
      finding('eks-admin-access-allowlisted', 'aws_eks_access_entry.node-entry', 'principal_arn'),
    ]);
  });

  test('the admin principal must be a literal on the allow-list; other access policies are not judged', () => {
    const settings = { settings: { clusterAdminPrincipalArns: [admin] } };
    const computed = (s: Construct) => {
      const role = nodeRoleLike(s, 'ops');
      new EksAccessPolicyAssociation(s, 'admin', {
        clusterName: 'test',
        principalArn: role.arn,
        policyArn: ADMIN_POLICY,
        accessScope: { type: 'cluster' },
      });
    };
    const found = run('eks-admin-access-allowlisted', computed, settings);
    expect(found).toEqual([
      finding('eks-admin-access-allowlisted', 'aws_eks_access_policy_association.admin', 'principal_arn'),
    ]);
    expect(found[0].message).toMatch(/^cluster-admin for \$\{aws_iam_role\.ops\.arn\}, which is not allow-listed/);
    const view = (s: Construct) =>
      new EksAccessPolicyAssociation(s, 'view', {
        clusterName: 'test',
        principalArn: 'arn:aws:iam::123456789012:role/dev',
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'cluster' },
      });
    expect(run('eks-admin-access-allowlisted', view, settings)).toEqual([]);
    expect(run('eks-admin-access-allowlisted', build(admin))).toHaveLength(1);
  });

  test('a node entry takes no access policy, whether the association names its role ARN or the entry', () => {
    const nodes = 'arn:aws:iam::123456789012:role/nodes';
    const viewPolicy = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
    const literal = run('eks-admin-access-allowlisted', s => {
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: nodes, type: 'EC2_LINUX' });
      new EksAccessPolicyAssociation(s, 'view', {
        clusterName: 'test',
        principalArn: nodes,
        policyArn: viewPolicy,
        accessScope: { type: 'cluster' },
      });
    });
    expect(literal).toEqual([
      finding('eks-admin-access-allowlisted', 'aws_eks_access_entry.node-entry', 'principal_arn'),
    ]);
    const byEntry = run('eks-admin-access-allowlisted', s => {
      const entry = new EksAccessEntry(s, 'node-entry', {
        clusterName: 'test',
        principalArn: nodes,
        type: 'EC2_LINUX',
      });
      const standard = new EksAccessEntry(s, 'dev-entry', {
        clusterName: 'test',
        principalArn: `${nodes}-dev`,
        type: 'STANDARD',
      });
      for (const [id, e] of [
        ['node-view', entry],
        ['dev-view', standard],
      ] as const) {
        new EksAccessPolicyAssociation(s, id, {
          clusterName: 'test',
          principalArn: e.principalArn,
          policyArn: viewPolicy,
          accessScope: { type: 'cluster' },
        });
      }
    });
    expect(byEntry).toEqual([
      finding('eks-admin-access-allowlisted', 'aws_eks_access_policy_association.node-view', 'policy_arn'),
    ]);
    expect(byEntry[0].message).toBe('node access entries (EC2_LINUX) take no access policy');
  });
});

describe('pod-identity-trust', () => {
  const build =
    (trust: string, associations = 1) =>
    (s: Construct) => {
      const role = new IamRole(s, 'app-role', { name: 'app', assumeRolePolicy: trust });
      for (let i = 0; i < associations; i++) {
        new EksPodIdentityAssociation(s, `assoc-${i}`, {
          clusterName: 'test',
          namespace: 'app',
          serviceAccount: `sa-${i}`,
          roleArn: role.arn,
        });
      }
    };

  test('passes pods.eks.amazonaws.com with AssumeRole + TagSession', () => {
    expect(
      run('pod-identity-trust', build(trustJson('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']))),
    ).toEqual([]);
  });

  test('fails another principal, a missing TagSession, and a role shared by two service accounts', () => {
    expect(
      run('pod-identity-trust', build(trustJson('ec2.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']))),
    ).toEqual([finding('pod-identity-trust', 'aws_iam_role.app-role', 'assume_role_policy')]);
    expect(run('pod-identity-trust', build(trustJson('pods.eks.amazonaws.com')))[0].message).toContain(
      'sts:TagSession',
    );
    expect(
      run('pod-identity-trust', build(trustJson('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']), 2)),
    ).toEqual([finding('pod-identity-trust', 'aws_iam_role.app-role', 'role_arn')]);
  });

  const POD = 'pods.eks.amazonaws.com';
  const BOTH = ['sts:AssumeRole', 'sts:TagSession'];
  const statement = (principal: unknown, action: unknown = BOTH, effect = 'Allow') => ({
    Effect: effect,
    Principal: principal,
    Action: action,
  });
  const trusting = (...statements: Record<string, unknown>[]) => build(policyJson(statements));
  const scopeFinding = [finding('pod-identity-trust', 'aws_iam_role.app-role', 'assume_role_policy')];

  test('every Allow statement must trust only the Pod Identity service, with only AssumeRole and TagSession', () => {
    expect(
      run('pod-identity-trust', trusting(statement({ Service: POD }, ['STS:AssumeRole', 'sts:tagsession']))),
    ).toEqual([]);
    expect(run('pod-identity-trust', trusting(statement({ Service: [POD, 'ec2.amazonaws.com'] })))).toEqual(
      scopeFinding,
    );
    expect(
      run('pod-identity-trust', trusting(statement({ Service: POD, AWS: `arn:aws:iam::${ACCOUNT}:root` }))),
    ).toEqual(scopeFinding);
    expect(run('pod-identity-trust', trusting(statement({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` })))).toEqual(
      scopeFinding,
    );
    expect(
      run('pod-identity-trust', trusting(statement({ Service: POD }, [...BOTH, 'sts:AssumeRoleWithWebIdentity']))),
    ).toEqual(scopeFinding);
    expect(
      run('pod-identity-trust', trusting({ Effect: 'Allow', Principal: { Service: POD }, NotAction: 'iam:*' })),
    ).toEqual(scopeFinding);
    expect(
      run('pod-identity-trust', trusting(statement({ Service: POD }), statement({ Service: 'ec2.amazonaws.com' }))),
    ).toEqual(scopeFinding);
  });

  test('the message names the service and actions to trust', () => {
    expect(run('pod-identity-trust', trusting(statement({ AWS: '*' })))[0].message).toBe(
      'trust only Service pods.eks.amazonaws.com with sts:AssumeRole + sts:TagSession',
    );
  });

  test('Deny statements do not widen the trust, and do not grant TagSession', () => {
    expect(
      run('pod-identity-trust', trusting(statement({ Service: POD }), statement({ AWS: '*' }, BOTH, 'Deny'))),
    ).toEqual([]);
    const denied = run(
      'pod-identity-trust',
      trusting(statement({ Service: POD }, 'sts:AssumeRole'), statement({ Service: POD }, 'sts:TagSession', 'Deny')),
    );
    expect(denied).toEqual(scopeFinding);
    expect(denied[0].message).toBe('allow sts:TagSession too: Pod Identity sets session tags');
  });

  test('a trust only Terraform can read fails; a role of another stack is judged there', () => {
    expect(run('pod-identity-trust', build('${jsonencode({})}'))).toEqual(scopeFinding);
    const elsewhere = (s: Construct) =>
      new EksPodIdentityAssociation(s, 'assoc', {
        clusterName: 'test',
        namespace: 'app',
        serviceAccount: 'sa',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/app`,
      });
    expect(run('pod-identity-trust', elsewhere)).toEqual([]);
  });

  test('a shared role names how many service accounts use it and which', () => {
    const [shared] = run('pod-identity-trust', build(trustJson(POD, BOTH), 3));
    expect(shared.message).toContain('one role serves 3 service accounts');
    expect(shared.message).toContain(
      'aws_eks_pod_identity_association.assoc-0, aws_eks_pod_identity_association.assoc-1',
    );
  });
});

describe('cni-off-node-role findings', () => {
  test('an unbound vpc-cni add-on is told how to bind aws-node; the CNI policy on the node role is named', () => {
    const found = run('cni-off-node-role', s => {
      nodeRole(s, ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
      new EksAddon(s, 'vpc-cni', { clusterName: 'test', addonName: 'vpc-cni' });
    });
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_iam_role_policy_attachment.node-AmazonEKS_CNI_Policy policy_arn: ' +
        'AmazonEKS_CNI_Policy on aws_iam_role.node-role, ' +
        "which is not bound to kube-system/aws-node: move it to the vpc-cni add-on's Pod Identity role",
      'aws_eks_addon.vpc-cni pod_identity_association: ' +
        'bind kube-system/aws-node to a role with AmazonEKS_CNI_Policy ' +
        '(pod_identity_association or service_account_role_arn)',
    ]);
  });

  test('with aws-node bound, the CNI policy left on the node role still fails, and only there', () => {
    const found = run('cni-off-node-role', s => {
      cniAddon(s);
      nodeRole(s, ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
    });
    expect(found.map(f => f.address)).toEqual(['aws_iam_role_policy_attachment.node-AmazonEKS_CNI_Policy']);
  });

  test('a Pod Identity association of kube-system/aws-node binds its role', () => {
    const found = run('cni-off-node-role', s => {
      const role = podRole(s);
      new EksAddon(s, 'vpc-cni', { clusterName: 'test', addonName: 'vpc-cni' });
      new EksPodIdentityAssociation(s, 'assoc', {
        clusterName: 'test',
        namespace: 'kube-system',
        serviceAccount: 'aws-node',
        roleArn: role.arn,
      });
    });
    expect(found).toEqual([]);
  });
});

describe('eks-admin-access-allowlisted findings', () => {
  const admin = 'arn:aws:iam::123456789012:role/platform-admin';
  const settings = { settings: { clusterAdminPrincipalArns: [admin] } };

  test('the message names the literal principal an association resolves to, even through a reference', () => {
    const found = run(
      'eks-admin-access-allowlisted',
      s => {
        const entry = new EksAccessEntry(s, 'dev', {
          clusterName: 'test',
          principalArn: 'arn:aws:iam::123456789012:role/dev',
        });
        new EksAccessPolicyAssociation(s, 'admin', {
          clusterName: 'test',
          principalArn: entry.principalArn,
          policyArn: ADMIN_POLICY,
          accessScope: { type: 'cluster' },
        });
      },
      settings,
    );
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_eks_access_policy_association.admin principal_arn: ' +
        'cluster-admin for arn:aws:iam::123456789012:role/dev, which is not ' +
        "allow-listed: add it to the environment's adminPrincipalArns or grant a narrower policy",
    ]);
  });

  test('an allow-listed principal reached through a reference passes', () => {
    const viaEntry = (s: Construct) => {
      const entry = new EksAccessEntry(s, 'ops', { clusterName: 'test', principalArn: admin });
      new EksAccessPolicyAssociation(s, 'admin', {
        clusterName: 'test',
        principalArn: entry.principalArn,
        policyArn: ADMIN_POLICY,
        accessScope: { type: 'cluster' },
      });
    };
    expect(run('eks-admin-access-allowlisted', viaEntry, settings)).toEqual([]);
  });

  test("a node entry's association naming its role by another expression is found and told to go", () => {
    const found = run('eks-admin-access-allowlisted', s => {
      const role = nodeRoleLike(s, 'karpenter-node');
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: role.arn, type: 'EC2_LINUX' });
      new EksAccessPolicyAssociation(s, 'view', {
        clusterName: 'test',
        principalArn: `arn:aws:iam::${ACCOUNT}:role/${role.name}`,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'cluster' },
      });
    });
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_eks_access_entry.node-entry principal_arn: remove the access policy association of this node role ' +
        '(EC2_LINUX entries get node permissions from EKS)',
    ]);
  });

  test('a STANDARD entry with an association, and a node entry without one, pass', () => {
    const found = run('eks-admin-access-allowlisted', s => {
      const role = nodeRoleLike(s, 'karpenter-node');
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: role.arn, type: 'EC2_LINUX' });
      const dev = nodeRoleLike(s, 'dev');
      new EksAccessEntry(s, 'dev-entry', { clusterName: 'test', principalArn: dev.arn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(s, 'view', {
        clusterName: 'test',
        principalArn: dev.arn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'cluster' },
      });
    });
    expect(found).toEqual([]);
  });
});

describe('eks-admin-access-allowlisted among other associations', () => {
  test("a node entry's association is found among the associations of other principals", () => {
    const found = run('eks-admin-access-allowlisted', s => {
      const node = nodeRoleLike(s, 'karpenter-node');
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: node.arn, type: 'EC2_LINUX' });
      const dev = nodeRoleLike(s, 'dev');
      new EksAccessEntry(s, 'dev-entry', { clusterName: 'test', principalArn: dev.arn, type: 'STANDARD' });
      for (const [id, role] of [
        ['dev-view', dev],
        ['node-view', node],
      ] as const) {
        new EksAccessPolicyAssociation(s, id, {
          clusterName: 'test',
          principalArn: role.arn,
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
          accessScope: { type: 'cluster' },
        });
      }
    });
    expect(found.map(f => `${f.address} ${f.path}`)).toEqual(['aws_eks_access_entry.node-entry principal_arn']);
  });
});

describe('launch-template-imdsv2: what the findings tell the user', () => {
  test('IMDSv1 and a disabled endpoint each name their fix', () => {
    const [v1] = run('launch-template-imdsv2', s =>
      launchTemplate(s, { metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 1 } }),
    );
    expect(v1.message).toBe(
      'set metadata_options { http_tokens = "required" } (IMDSv1 lets any SSRF read node credentials)',
    );
    const [off] = run('launch-template-imdsv2', s =>
      launchTemplate(s, { metadataOptions: { httpTokens: 'required', httpEndpoint: 'disabled' } }),
    );
    expect(off.message).toBe('keep http_endpoint = "enabled": nodes need IMDS to bootstrap (BPG: do not disable IMDS)');
  });
});

describe('launch-template-hop-limit: the limit and the message', () => {
  test('hop limit 1 given as a string passes; 0 is not 1; the finding says what to set', () => {
    const withLimit = (limit: number | string) => (s: Construct) =>
      launchTemplate(s).addOverride('metadata_options.http_put_response_hop_limit', limit);
    expect(run('launch-template-hop-limit', withLimit('1'))).toEqual([]);
    const [zero] = run('launch-template-hop-limit', withLimit(0));
    expect(zero).toEqual(finding('launch-template-hop-limit', LT, 'metadata_options[0].http_put_response_hop_limit'));
    expect(zero.message).toBe('set http_put_response_hop_limit = 1 (pods use Pod Identity, not the node role)');
  });
});

describe('node-no-ssh: what the findings tell the user', () => {
  test('a key pair and remote_access each point to SSM', () => {
    expect(run('node-no-ssh', s => launchTemplate(s, { keyName: 'ops' }))[0].message).toBe(
      'remove key_name; use SSM Session Manager',
    );
    expect(run('node-no-ssh', s => nodeGroup(s, { remoteAccess: { ec2SshKey: 'ops' } }))[0].message).toBe(
      'remove remote_access; use SSM Session Manager',
    );
  });
});

describe('launch-template-encrypted-volumes: what the findings tell the user', () => {
  test('an undeclared root volume and an unencrypted one each name their fix', () => {
    const [none] = run('launch-template-encrypted-volumes', s => launchTemplate(s, { blockDeviceMappings: undefined }));
    expect(none.message).toBe(
      'declare the root volume with ebs { encrypted = "true" } (the AMI default is not encrypted)',
    );
    const plain = [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, encrypted: 'false' } }];
    const [unencrypted] = run('launch-template-encrypted-volumes', s =>
      launchTemplate(s, { blockDeviceMappings: plain }),
    );
    expect(unencrypted.message).toBe('set ebs { encrypted = "true" }');
  });
});

describe('nodes-private: what the findings tell the user', () => {
  test('public subnets and a public IP each name their fix', () => {
    expect(run('nodes-private', s => nodeGroup(s, { subnetIds: ['subnet-0a'] }))[0].message).toBe(
      "use the vpc layer's private_subnet_ids",
    );
    const [ip] = run('nodes-private', s =>
      launchTemplate(s, { networkInterfaces: [{}, { associatePublicIpAddress: 'true' }] }),
    );
    expect(ip).toEqual(finding('nodes-private', LT, 'network_interfaces[1].associate_public_ip_address'));
    expect(ip.message).toBe('remove associate_public_ip_address (nodes egress through NAT)');
  });
});

describe('node-group-launch-template: by id or by name', () => {
  test('a launch template of the stack named by name counts; the finding names what the template brings', () => {
    const byName = (s: Construct) =>
      nodeGroup(s, { launchTemplate: { name: '${aws_launch_template.lt.name}', version: '1' } });
    expect(run('node-group-launch-template', byName)).toEqual([]);
    expect(run('node-group-launch-template', s => nodeGroup(s, { launchTemplate: undefined }))[0].message).toBe(
      'set launch_template { id, version } to an aws_launch_template of this stack (IMDSv2, hop ' +
        'limit 1, encrypted volumes)',
    );
  });
});

describe('launch-template-user-data-secrets: which credentials are found', () => {
  const leaks = (userData: string) =>
    run('launch-template-user-data-secrets', s => launchTemplate(s, { userData })).length === 1;
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  // AWS's documented example secret access key (40 characters)
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  test(
    'access key ids (long-term AKIA, temporary ASIA), plain or base64; the message says where access comes ' + 'from',
    () => {
      expect(leaks('#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n')).toBe(true);
      expect(leaks(b64('export AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE\n'))).toBe(true);
      const [found] = run('launch-template-user-data-secrets', s =>
        launchTemplate(s, { userData: 'AKIAIOSFODNN7EXAMPLE' }),
      );
      expect(found.message).toBe('remove credentials from user_data; nodes get AWS access from their role');
    },
  );

  test('an access key id is 20 characters standing alone: a longer or lowercase token is not one', () => {
    expect(leaks('id=AKIAIOSFODNN7EXAMPLEX')).toBe(false);
    expect(leaks('id=XAKIAIOSFODNN7EXAMPLE')).toBe(false);
    expect(leaks('id=AKIAIOSFODNN7EXAMPL')).toBe(false);
    expect(leaks('id=AKIAiosfodnn7example')).toBe(false);
  });

  test('a secret access key after = or :, with or without spaces, in any case', () => {
    expect(leaks(`aws_secret_access_key=${SECRET}`)).toBe(true);
    expect(leaks(`AWS_SECRET_ACCESS_KEY : ${SECRET}`)).toBe(true);
    expect(leaks(b64(`[default]\naws_secret_access_key =  ${SECRET}\n`))).toBe(true);
    expect(leaks(`aws_secret_access_key ${SECRET}`)).toBe(false);
  });

  test('a value shorter than 20 characters or a Terraform interpolation is no secret key', () => {
    expect(leaks('aws_secret_access_key=abcdefghijklmnopqrs')).toBe(false);
    expect(leaks('aws_secret_access_key=abcdefghijklmnopqrst')).toBe(true);
    expect(leaks('aws_secret_access_key=${data.aws_ssm_parameter.node_secret.value}')).toBe(false);
  });

  test('private keys of every kind (PKCS#8, RSA, OpenSSH)', () => {
    expect(leaks('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----')).toBe(true);
    expect(leaks(b64('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n'))).toBe(true);
    expect(leaks('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(true);
    expect(leaks('-----BEGIN PUBLIC KEY-----')).toBe(false);
  });
});

describe('node-role-least-privilege: the allowed policies are AWS managed ones', () => {
  test("a customer policy borrowing an allowed policy's name is refused; inline policies get their fix", () => {
    const found = run('node-role-least-privilege', s => {
      const role = nodeRole(s, []);
      new IamRolePolicyAttachment(s, 'lookalike', {
        role: role.name,
        policyArn: `arn:aws:iam::${ACCOUNT}:policy/AmazonEKSWorkerNodePolicy`,
      });
      new EksAccessEntry(s, 'node-entry', { clusterName: 'test', principalArn: role.arn, type: 'EC2_LINUX' });
      new IamRolePolicy(s, 'inline', {
        role: role.name,
        policy: policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
      });
    });
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_iam_role_policy_attachment.lookalike policy_arn: ' +
        `arn:aws:iam::${ACCOUNT}:policy/AmazonEKSWorkerNodePolicy on node role ` +
        'aws_iam_role.node-role: nodes may only have AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly, ' +
        'AmazonEC2ContainerRegistryPullOnly, AmazonSSMManagedInstanceCore',
      'aws_iam_role_policy.inline role: inline policy on node role aws_iam_role.node-role: give the ' +
        'workload its own Pod Identity role',
    ]);
    const inlineBlock = run('node-role-least-privilege', s => {
      const role = new IamRole(s, 'node-role', {
        assumeRolePolicy: trustJson('ec2.amazonaws.com'),
        inlinePolicy: [
          { name: 'extra', policy: policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) },
        ],
      });
      new IamInstanceProfile(s, 'profile', { role: role.name });
    });
    expect(inlineBlock.map(f => f.message)).toEqual(['remove inline_policy from the node role']);
  });
});

describe('vpc-cni-network-policy: the message', () => {
  test('the finding names the setting to add', () => {
    const [found] = run(
      'vpc-cni-network-policy',
      s => new EksAddon(s, 'vpc-cni', { clusterName: 'test', addonName: 'vpc-cni' }),
    );
    expect(found.message).toBe('add "enableNetworkPolicy": "true" to the vpc-cni configuration_values');
  });
});

describe('pod-identity-trust: a Service principal that names no service', () => {
  test('an empty Service list trusts nobody, so it is not the Pod Identity trust', () => {
    const role = (s: Construct) => {
      const trust = policyJson([
        { Effect: 'Allow', Principal: { Service: [] }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
      ]);
      const r = new IamRole(s, 'app-role', { name: 'app', assumeRolePolicy: trust });
      new EksPodIdentityAssociation(s, 'assoc', {
        clusterName: 'test',
        namespace: 'app',
        serviceAccount: 'sa',
        roleArn: r.arn,
      });
    };
    expect(run('pod-identity-trust', role)).toEqual([
      finding('pod-identity-trust', 'aws_iam_role.app-role', 'assume_role_policy'),
    ]);
  });
});

describe('node-role-least-privilege: inline policies of other roles', () => {
  test("an inline policy on another role, or on a role of another stack, is not the node role's", () => {
    const found = run('node-role-least-privilege', s => {
      nodeGroup(s);
      const app = nodeRoleLike(s, 'app');
      const policy = policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
      new IamRolePolicy(s, 'app-inline', { role: app.name, policy });
      new IamRolePolicy(s, 'elsewhere-inline', { role: 'role-of-another-stack', policy });
    });
    expect(found).toEqual([]);
  });
});

describe('eks-admin-access-allowlisted in every partition', () => {
  test.each(['aws', 'aws-cn', 'aws-us-gov'])(
    'a cluster-admin grant in %s to a principal not allow-listed is found',
    partition => {
      const found = run('eks-admin-access-allowlisted', s => {
        new EksAccessPolicyAssociation(s, 'intruder', {
          clusterName: 'test',
          principalArn: `arn:${partition}:iam::123456789012:role/intruder`,
          policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
          accessScope: { type: 'cluster' },
        });
      });
      expect(found.map(f => `${f.address} ${f.path}`)).toEqual([
        'aws_eks_access_policy_association.intruder principal_arn',
      ]);
    },
  );

  test('a lookalike policy name or partition is not the cluster-admin policy', () => {
    for (const policyArn of [
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicyX',
      'arn:aws-iso:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      'xarn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
    ]) {
      const found = run('eks-admin-access-allowlisted', s => {
        new EksAccessPolicyAssociation(s, 'other', {
          clusterName: 'test',
          principalArn: 'arn:aws:iam::123456789012:role/someone',
          policyArn,
          accessScope: { type: 'cluster' },
        });
      });
      expect({ policyArn, found }).toEqual({ policyArn, found: [] });
    }
  });
});
