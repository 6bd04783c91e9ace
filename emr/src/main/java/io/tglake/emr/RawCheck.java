package io.tglake.emr;

import io.tglake.contract.LakeLayout;
import java.time.LocalDate;
import java.util.Arrays;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Step 3 of {@link DeployVerifier}, the raw bucket: the posted update landed byte for byte. */
final class RawCheck {

  private final S3Client s3;

  RawCheck(S3Client s3) {
    this.s3 = s3;
  }

  /** Step 3: the update's raw object exists under its day and holds exactly the posted bytes. */
  String checkRaw(String rawUri, DeployVerifier.Posted posted) {
    if (!rawUri.startsWith("s3://")) {
      throw new DeployVerifier.StepFailed(
          "raw", "RawUri '" + rawUri + "' is not an s3:// URI", "verify-raw");
    }
    String rest = rawUri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    String tried = null;
    for (LocalDate day : posted.days()) {
      String key = LakeLayout.under(prefix, LakeLayout.rawKey(day, posted.updateId()));
      tried = "s3://" + bucket + "/" + key;
      byte[] stored;
      try {
        stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
      } catch (NoSuchKeyException e) {
        continue;
      } catch (SdkException e) {
        throw new DeployVerifier.StepFailed(
            "raw", "cannot read " + tried + ": " + e.getMessage(), "verify-raw");
      }
      if (!Arrays.equals(stored, posted.body())) {
        throw new DeployVerifier.StepFailed(
            "raw",
            tried
                + " holds "
                + stored.length
                + " bytes that differ from the "
                + posted.body().length
                + " posted",
            "verify-raw");
      }
      return tried + " holds the " + stored.length + " posted bytes";
    }
    throw new DeployVerifier.StepFailed(
        "raw",
        "the webhook answered 200 but no object is at "
            + tried
            + " (a chat allow-list drops other chats: pass --chat-id of an allowed chat)",
        "verify-raw");
  }
}
