package io.tglake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.JobNames;
import org.junit.jupiter.api.Test;

/**
 * The main classes other modules and bin/tglake start by name (JobNames) are this module's classes.
 */
class JobNamesTest {

  @Test
  void contractNamesTheseClasses() {
    assertThat(JobNames.COMPLETION).isEqualTo(Completion.class.getName());
  }
}
