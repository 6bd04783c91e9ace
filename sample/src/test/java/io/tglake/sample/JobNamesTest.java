package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.bench.EtlBenchmarkCommand;
import io.tglake.contract.JobNames;
import org.junit.jupiter.api.Test;

/**
 * The main classes other modules and bin/tglake start by name (JobNames) are this module's classes.
 */
class JobNamesTest {

  @Test
  void contractNamesTheseClasses() {
    assertThat(JobNames.GENERATE_COMMAND).isEqualTo(SampleTrafficCommand.class.getName());
    assertThat(JobNames.DEMO_REPORT_COMMAND).isEqualTo(DemoReportCommand.class.getName());
    assertThat(JobNames.DEMO_BOT_COMMAND).isEqualTo(DemoBotCommand.class.getName());
    assertThat(JobNames.BENCH_ETL_COMMAND).isEqualTo(EtlBenchmarkCommand.class.getName());
  }
}
