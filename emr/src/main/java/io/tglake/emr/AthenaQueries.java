package io.tglake.emr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * {@link DeployVerifier.AthenaPort} over the Athena API: start in the workgroup (which holds the
 * result location), poll until it ends, read the first page of results. Exercised only against a
 * real account.
 */
final class AthenaQueries implements DeployVerifier.AthenaPort {

  private final AthenaClient athena;
  private final JobRunner.Sleeper sleeper;

  AthenaQueries(AthenaClient athena, JobRunner.Sleeper sleeper) {
    this.athena = athena;
    this.sleeper = sleeper;
  }

  @Override
  public List<List<String>> query(String sql, String workGroup, String database)
      throws InterruptedException {
    String id =
        athena
            .startQueryExecution(
                r ->
                    r.queryString(sql)
                        .workGroup(workGroup)
                        .queryExecutionContext(c -> c.database(database)))
            .queryExecutionId();
    QueryExecutionStatus status;
    while (true) {
      status = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status();
      String state = status.stateAsString();
      if ("SUCCEEDED".equals(state)) {
        break;
      }
      if ("FAILED".equals(state) || "CANCELLED".equals(state)) {
        throw new IllegalStateException(
            "query " + id + " " + state + ": " + status.stateChangeReason());
      }
      sleeper.sleep(Duration.ofSeconds(1));
    }
    List<Row> rows = athena.getQueryResults(r -> r.queryExecutionId(id)).resultSet().rows();
    List<List<String>> out = new ArrayList<>();
    // A SELECT's first row repeats the column names.
    for (Row row : rows.subList(Math.min(1, rows.size()), rows.size())) {
      out.add(row.data().stream().map(d -> d.varCharValue()).toList());
    }
    return out;
  }
}
