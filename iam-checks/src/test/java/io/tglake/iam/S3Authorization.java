package io.tglake.iam;

import io.tglake.testkit.FaultProxy.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What S3 authorizes for one logged request: the IAM action(s), the resource ARN and the condition
 * keys it sets, per the Service Authorization Reference ("Actions, resources, and condition keys
 * for Amazon S3", its table mapping API operations to IAM actions) and the S3 user guide. HEAD and
 * GET of an object are {@code s3:GetObject} ({@code s3:GetObjectVersion} with a version id);
 * ListObjects(V2) and HeadBucket are {@code s3:ListBucket} on the bucket, with {@code s3:prefix}
 * when the request has a prefix; ListObjectVersions is {@code s3:ListBucketVersions}; every PUT
 * that creates an object (conditional or not, multipart steps included) is {@code s3:PutObject}
 * with {@code s3:if-none-match}/{@code s3:if-match} when those headers are sent; CopyObject also
 * needs {@code s3:GetObject} on its source; DeleteObjects needs {@code s3:DeleteObject} on every
 * key it names. A request this class cannot map is an error, never silently skipped.
 */
final class S3Authorization {

  /** One authorization S3 performs: {@code action} on {@code resource} with {@code context}. */
  record Check(
      String action,
      String resource,
      String bucketArn,
      Map<String, String> context,
      String request) {

    /** The action × resource pair (conditions aside): what the closing counts are made of. */
    String pair() {
      return action + " " + resource;
    }
  }

  private S3Authorization() {}

  static List<Check> of(Request r) {
    String path = r.path().startsWith("/") ? r.path().substring(1) : r.path();
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String key = slash < 0 ? "" : path.substring(slash + 1);
    String bucketArn = "arn:aws:s3:::" + bucket;
    String objectArn = bucketArn + "/" + key;
    Map<String, String> q = r.query();
    String shown = describe(r);
    List<Check> out = new ArrayList<>();
    Map<String, String> ctx = new LinkedHashMap<>();
    // Every request the job and the function make goes over HTTPS (the SDK's and S3A's default
    // endpoints).
    ctx.put("aws:SecureTransport", "true");
    if (key.isEmpty()) {
      switch (r.method()) {
        case "GET" -> {
          if (q.containsKey("prefix")) {
            ctx.put("s3:prefix", q.get("prefix"));
          }
          if (q.containsKey("versions")) {
            out.add(new Check("s3:ListBucketVersions", bucketArn, bucketArn, ctx, shown));
          } else if (q.containsKey("uploads")) {
            out.add(new Check("s3:ListBucketMultipartUploads", bucketArn, bucketArn, ctx, shown));
          } else if (q.containsKey("location")) {
            out.add(new Check("s3:GetBucketLocation", bucketArn, bucketArn, ctx, shown));
          } else if (onlyListParameters(q)) {
            out.add(new Check("s3:ListBucket", bucketArn, bucketArn, ctx, shown));
          }
        }
        case "HEAD" ->
            out.add(new Check("s3:ListBucket", bucketArn, bucketArn, ctx, shown)); // HeadBucket
        case "POST" -> {
          if (q.containsKey("delete")) {
            for (String k : r.deleteKeys()) {
              out.add(
                  new Check(
                      "s3:DeleteObject", bucketArn + "/" + k, bucketArn, ctx, shown + " key " + k));
            }
          }
        }
        default -> {}
      }
    } else {
      switch (r.method()) {
        case "GET", "HEAD" -> {
          if (q.containsKey("uploadId")) {
            out.add(new Check("s3:ListMultipartUploadParts", objectArn, bucketArn, ctx, shown));
          } else if (q.isEmpty()
              || q.keySet().stream()
                  .allMatch(p -> p.equals("versionId") || p.equals("partNumber"))) {
            out.add(
                new Check(
                    q.containsKey("versionId") ? "s3:GetObjectVersion" : "s3:GetObject",
                    objectArn,
                    bucketArn,
                    ctx,
                    shown));
          }
        }
        case "PUT" -> {
          if (q.isEmpty()
              || q.containsKey("uploadId") && q.containsKey("partNumber") && q.size() == 2) {
            if (r.headers().containsKey("if-none-match")) {
              ctx.put("s3:if-none-match", r.headers().get("if-none-match"));
            }
            if (r.headers().containsKey("if-match")) {
              ctx.put("s3:if-match", r.headers().get("if-match"));
            }
            out.add(new Check("s3:PutObject", objectArn, bucketArn, ctx, shown));
            if (r.copy()) {
              String source = r.headers().get("x-amz-copy-source").replaceFirst("^/", "");
              String sourceBucket = source.substring(0, source.indexOf('/'));
              boolean version = source.contains("?versionId=");
              String sourceKey = source.replaceFirst("\\?versionId=.*$", "");
              Map<String, String> tls = Map.of("aws:SecureTransport", "true");
              out.add(
                  new Check(
                      version ? "s3:GetObjectVersion" : "s3:GetObject",
                      "arn:aws:s3:::" + sourceKey,
                      "arn:aws:s3:::" + sourceBucket,
                      tls,
                      shown + " (copy source)"));
            }
          }
        }
        case "POST" -> {
          if (q.containsKey("uploads")
              || q.containsKey("uploadId")) { // CreateMultipartUpload / Complete
            out.add(new Check("s3:PutObject", objectArn, bucketArn, ctx, shown));
          }
        }
        case "DELETE" -> {
          if (q.containsKey("uploadId")) {
            out.add(new Check("s3:AbortMultipartUpload", objectArn, bucketArn, ctx, shown));
          } else if (q.containsKey("versionId")) {
            out.add(new Check("s3:DeleteObjectVersion", objectArn, bucketArn, ctx, shown));
          } else if (q.isEmpty()) {
            out.add(new Check("s3:DeleteObject", objectArn, bucketArn, ctx, shown));
          }
        }
        default -> {}
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no IAM mapping for " + shown + ": extend S3Authorization");
    }
    return out;
  }

  private static boolean onlyListParameters(Map<String, String> q) {
    List<String> list =
        List.of(
            "list-type",
            "prefix",
            "delimiter",
            "max-keys",
            "continuation-token",
            "start-after",
            "fetch-owner",
            "encoding-type",
            "marker");
    return list.containsAll(q.keySet());
  }

  static String describe(Request r) {
    StringBuilder sb = new StringBuilder(r.method()).append(' ').append(r.path());
    if (!r.query().isEmpty()) {
      sb.append('?');
      r.query().forEach((k, v) -> sb.append(k).append(v.isEmpty() ? "" : "=" + v).append('&'));
      sb.setLength(sb.length() - 1);
    }
    r.headers().forEach((k, v) -> sb.append(" [").append(k).append(": ").append(v).append(']'));
    return sb.toString();
  }
}
