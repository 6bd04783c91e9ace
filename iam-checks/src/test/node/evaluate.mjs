// Evaluates S3 requests with @cloud-copilot/iam-simulate, a real IAM policy evaluator (identity policies, resource
// policies, conditions, explicit deny), and names the statements that decided each one.
//
// Input (JSON file, argv[2]): { account, identityPolicies: { <principalArn>: [{name, policy}] },
//   resourcePolicies: { <bucketArn>: policy }, checks: [{ id, principal, action, resource, bucket, context }] }
// Output (stdout): JSON array [{ id, result, decisive: [string] }]; exit 2 on an input the simulator rejects.
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'))

// A statement as "policy#Sid" (the simulator's explain names a statement by its Sid, else by its position).
function name(where, s) {
  return `${s.policyId ?? (where === 'bucket' ? 'bucket policy' : 'policy')}#${s.explain?.identifier ?? '?'}`
}

function decisive(analysis) {
  const out = []
  const parts = [['identity', analysis.identityAnalysis], ['bucket', analysis.resourceAnalysis]]
  if (analysis.result === 'Allowed') {
    for (const [where, a] of parts) {
      for (const s of a?.allowStatements ?? []) out.push(`${where}: ${name(where, s)} allows`)
    }
  } else if (analysis.result === 'ExplicitlyDenied') {
    for (const [where, a] of parts) {
      for (const s of a?.denyStatements ?? []) out.push(`${where}: ${name(where, s)} denies`)
    }
  } else {
    out.push('no statement allows it (implicit deny)')
    // The statements that name the action but not this resource or condition: what a fix would widen.
    for (const [where, a] of parts) {
      for (const s of a?.unmatchedStatements ?? []) {
        if (s.actionMatch && s.statement.Effect === 'Allow') {
          const why = s.resourceMatch ? 'condition does not match' : 'resource does not match'
          out.push(`${where}: ${name(where, s)} names the action, ${why}`)
        }
      }
    }
  }
  return out
}

const results = []
for (const c of input.checks) {
  const simulation = {
    identityPolicies: input.identityPolicies[c.principal] ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.bucket ? input.resourcePolicies[c.bucket] : undefined,
    request: {
      action: c.action,
      principal: c.principal,
      resource: { accountId: input.account, resource: c.resource },
      contextVariables: c.context ?? {}
    }
  }
  const response = await runSimulation(simulation, {})
  if (response.resultType === 'error') {
    console.error(`check ${c.id} (${c.action} ${c.resource}): ${JSON.stringify(response.errors)}`)
    process.exit(2)
  }
  results.push({ id: c.id, result: response.overallResult, decisive: decisive(response.result.analysis) })
}
process.stdout.write(JSON.stringify(results))
