package io.tglake.infra;

import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** The baseline every bucket of the stack shares. */
final class Buckets {

  private Buckets() {}

  /**
   * No public access, TLS-only bucket policy, SSE-S3 (no per-key cost and no KMS grants to keep in sync; the
   * data is not shared cross-account), ACLs off.
   */
  static Bucket.Builder secure(Construct scope, String id) {
    return Bucket.Builder.create(scope, id)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .encryption(BucketEncryption.S3_MANAGED)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
  }

  /** Server access logs would need a fourth bucket per bucket written to; API access is in CloudTrail. */
  static void suppressAccessLogs(Bucket bucket) {
    Nag.suppress(bucket, "AwsSolutions-S1",
        "server access logs would add a log bucket per bucket; S3 API access is auditable through CloudTrail");
  }
}
