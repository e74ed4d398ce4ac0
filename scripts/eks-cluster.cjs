#!/usr/bin/env node
// `node scripts/eks-cluster.cjs <eks stack cdk.tf.json>`: prints "<cluster name> <region>" of the EKS cluster in a
// synthesized eks stack; exits 1 when the stack has none. deploy.sh, destroy.sh and move-helm-state.sh read it.
'use strict';
const { resolve } = require('path');

const stack = require(resolve(process.argv[2]));
const cluster = Object.values((stack.resource || {}).aws_eks_cluster || {})[0];
if (!cluster) process.exit(1);
console.log(cluster.name, stack.provider.aws[0].region);
