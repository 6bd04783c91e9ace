package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.JobNames;
import org.junit.jupiter.api.Test;

/**
 * The main classes other modules and bin/tglake start by name (JobNames) are this module's classes.
 */
class JobNamesTest {

  @Test
  void contractNamesTheseClasses() {
    assertThat(JobNames.QUERY_COMMAND).isEqualTo(QueryCommand.class.getName());
    assertThat(JobNames.QUERY_OPTIONS).isEqualTo(QueryOptions.class.getName());
  }
}
