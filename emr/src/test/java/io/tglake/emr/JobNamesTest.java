package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.JobNames;
import org.junit.jupiter.api.Test;

/**
 * The main classes other modules and bin/tglake start by name (JobNames) are this module's classes.
 */
class JobNamesTest {

  @Test
  void contractNamesTheseClasses() {
    assertThat(JobNames.EMR_COMMAND).isEqualTo(EmrCommand.class.getName());
    assertThat(JobNames.EMR_CLI).isEqualTo(EmrCli.class.getName());
  }
}
