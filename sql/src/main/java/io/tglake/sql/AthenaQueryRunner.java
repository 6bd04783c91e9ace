package io.tglake.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * Runs a bound query on Amazon Athena: StartQueryExecution, poll GetQueryExecution until a final
 * state, then GetQueryResults page by page (the SDK paginator follows NextToken).
 */
public final class AthenaQueryRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AthenaQueryRunner.class);

  /** Where and how to run. */
  public record Target(String workgroup, String database, Optional<String> outputLocation) {}

  private final AthenaClient athena;
  private final Duration pollInterval;
  private final Duration timeout;

  /**
   * @param athena built once by the caller (region, credentials, endpoint)
   * @param pollInterval first wait between GetQueryExecution calls (doubles up to 5 s)
   * @param timeout give up (and stop the query) after this long
   */
  public AthenaQueryRunner(AthenaClient athena, Duration pollInterval, Duration timeout) {
    this.athena = athena;
    this.pollInterval = pollInterval;
    this.timeout = timeout;
  }

  /**
   * Runs {@code sql} and returns all rows.
   *
   * @throws IllegalStateException when the query fails, is cancelled or times out (message from
   *     Athena)
   */
  public QueryResult run(String sql, Target target) {
    StartQueryExecutionRequest.Builder start =
        StartQueryExecutionRequest.builder()
            .queryString(sql)
            .workGroup(target.workgroup())
            .queryExecutionContext(c -> c.database(target.database()));
    target.outputLocation().ifPresent(o -> start.resultConfiguration(r -> r.outputLocation(o)));
    String id = athena.startQueryExecution(start.build()).queryExecutionId();
    LOG.info("Athena query {} started in workgroup {}", id, target.workgroup());

    GetQueryExecutionResponse execution = awaitFinal(id);
    QueryExecutionState state = execution.queryExecution().status().state();
    if (state != QueryExecutionState.SUCCEEDED) {
      throw new IllegalStateException(
          "Athena query "
              + id
              + " "
              + state
              + ": "
              + execution.queryExecution().status().stateChangeReason());
    }
    Long scanned =
        execution.queryExecution().statistics() == null
            ? null
            : execution.queryExecution().statistics().dataScannedInBytes();

    List<String> columns = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    boolean first = true;
    for (GetQueryResultsResponse page :
        athena.getQueryResultsPaginator(
            GetQueryResultsRequest.builder().queryExecutionId(id).build())) {
      if (columns.isEmpty()) {
        for (ColumnInfo info : page.resultSet().resultSetMetadata().columnInfo()) {
          columns.add(info.name());
        }
      }
      for (Row row : page.resultSet().rows()) {
        // A SELECT's first row on the first page repeats the column names.
        if (first) {
          first = false;
          if (isHeader(row, columns)) {
            continue;
          }
        }
        List<String> values = new ArrayList<>(columns.size());
        for (Datum d : row.data()) {
          values.add(d.varCharValue());
        }
        rows.add(values);
      }
    }
    return new QueryResult(columns, rows, id, scanned == null ? -1 : scanned);
  }

  private GetQueryExecutionResponse awaitFinal(String id) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration wait = pollInterval;
    while (true) {
      GetQueryExecutionResponse response = athena.getQueryExecution(r -> r.queryExecutionId(id));
      QueryExecutionState state = response.queryExecution().status().state();
      if (state == QueryExecutionState.SUCCEEDED
          || state == QueryExecutionState.FAILED
          || state == QueryExecutionState.CANCELLED) {
        return response;
      }
      if (System.nanoTime() > deadline) {
        athena.stopQueryExecution(r -> r.queryExecutionId(id));
        throw new IllegalStateException(
            "Athena query " + id + " still " + state + " after " + timeout + "; stopped it");
      }
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for Athena query " + id, e);
      }
      wait =
          wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
              ? Duration.ofSeconds(5)
              : wait.multipliedBy(2);
    }
  }

  private static boolean isHeader(Row row, List<String> columns) {
    if (row.data().size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (!columns.get(i).equals(row.data().get(i).varCharValue())) {
        return false;
      }
    }
    return true;
  }
}
