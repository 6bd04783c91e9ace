// CloudFormation custom resource (behind the CDK Provider framework): runs one Athena statement and returns only
// when Athena reports its end, so a statement that fails fails the deploy (and rolls it back) instead of being
// reported as created. StartQueryExecution alone only queues the query. Delete does nothing: the view is replaced
// by CREATE OR REPLACE on the next create/update and dropping it on rollback would lose a working view.
exports.run = async (athena, event, sleep) => {
  const p = event.ResourceProperties;
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const started = await athena.startQueryExecution({
    QueryString: p.QueryString,
    WorkGroup: p.WorkGroup,
    QueryExecutionContext: { Database: p.Database },
  });
  const id = started.QueryExecutionId;
  for (;;) {
    const q = (await athena.getQueryExecution({ QueryExecutionId: id })).QueryExecution;
    const state = q.Status.State;
    if (state === 'SUCCEEDED') {
      return { PhysicalResourceId: p.ViewId, Data: { QueryExecutionId: id } };
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error('Athena query ' + id + ' ' + state + ': ' + (q.Status.StateChangeReason || 'no reason given'));
    }
    // QUEUED or RUNNING; a DDL statement takes seconds, the function's timeout bounds the wait.
    await sleep(2000);
  }
};

exports.handler = async (event) => {
  const { Athena } = require('@aws-sdk/client-athena');
  return exports.run(new Athena({}), event, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
};
