package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import io.tglake.contract.JobNames;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The handler the stack configures by name (JobNames) is this module's. */
class JobNamesTest {

  @Test
  void contractNamesTheHandler() throws NoSuchMethodException {
    assertThat(JobNames.LAMBDA_HANDLER)
        .isEqualTo(WebhookHandler.class.getName() + "::handleRequest");
    assertThat(
            WebhookHandler.class.getMethod(
                "handleRequest", InputStream.class, OutputStream.class, Context.class))
        .as("the method the runtime calls")
        .isNotNull();
  }
}
