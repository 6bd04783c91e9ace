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
   * No public access, TLS-only bucket policy, SSE-S3 (no per-key cost and no KMS grants to keep in
   * sync; the data is not shared cross-account), ACLs off.
   */
  static Bucket.Builder secure(Construct scope, String id) {
    return Bucket.Builder.create(scope, id)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .encryption(BucketEncryption.S3_MANAGED)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
  }

  /**
   * Server access logs would need a fourth bucket per bucket written to. CloudTrail records
   * object-level S3 calls only in a trail with S3 data events, which the stack does not create (an
   * account-wide choice with a per-event price); the reason says so rather than promising an audit
   * trail that is not there.
   */
  static void suppressAccessLogs(Bucket bucket) {
    Nag.suppress(
        bucket,
        "AwsSolutions-S1",
        "server access logs would add a log bucket per bucket; object-level access (GetObject, PutObject, ...) is "
            + "recorded only if the account has a CloudTrail trail with S3 data events for this bucket, which this "
            + "stack does not create (infra/README.md, deployment readiness); bucket-level calls are in CloudTrail "
            + "event history");
  }
}
