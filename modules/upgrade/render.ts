import type { UpgradePlan } from './planner';

/** The plan as numbered steps for a terminal or a document. */
export function renderUpgradePlan(plan: UpgradePlan): string {
  const title = `Upgrade plan: ${plan.environment} (cluster ${plan.cluster}), Kubernetes ${plan.from} -> ${plan.to}`;
  const out = [title, ''];
  plan.steps.forEach((step, i) => {
    out.push(`${i + 1}. ${step.title}`);
    for (const line of step.lines) out.push(`   - ${line}`);
    for (const command of step.commands) out.push(`   $ ${command}`);
    out.push('');
  });
  for (const note of plan.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}
