package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.JobNames;
import io.tglake.etl.erasure.ForgetJob;
import io.tglake.etl.erasure.RetentionCommand;
import org.junit.jupiter.api.Test;

/**
 * The main classes other modules and bin/tglake start by name (JobNames) are this module's classes.
 */
class JobNamesTest {

  @Test
  void contractNamesTheseClasses() {
    assertThat(JobNames.ETL_JOB)
        .as("EMR job, schedule, bin/tglake etl")
        .isEqualTo(TelegramEtlJob.class.getName());
    assertThat(JobNames.ETL_COMMAND).isEqualTo(EtlCommand.class.getName());
    assertThat(JobNames.FORGET_JOB)
        .as("emr forget, bin/tglake forget")
        .isEqualTo(ForgetJob.class.getName());
    assertThat(JobNames.RETENTION_COMMAND).isEqualTo(RetentionCommand.class.getName());
    assertThat(JobNames.PSEUDONYM_COMMAND)
        .as("bin/tglake pseudonym")
        .isEqualTo(io.tglake.etl.pseudonym.PseudonymCommand.class.getName());
  }
}
