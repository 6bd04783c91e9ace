package io.tglake.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.testkit.FaultProxy.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each S3 operation maps to the IAM action, resource and condition keys the Service Authorization
 * Reference names.
 */
class S3AuthorizationTest {

  private static Request req(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      List<String> deleteKeys) {
    return new Request(
        method, path, headers.containsKey("x-amz-copy-source"), query, headers, deleteKeys);
  }

  private static List<String> map(Request r) {
    return S3Authorization.of(r).stream()
        .map(c -> c.action() + " " + c.resource() + " " + c.context())
        .toList();
  }

  @Test
  void objectReadsAreGetObjectAndVersionedReadsGetObjectVersion() {
    assertThat(map(req("HEAD", "/raw/telegram", Map.of(), Map.of(), List.of())))
        .as("a HEAD of the bare root key (S3A's exists)")
        .containsExactly("s3:GetObject arn:aws:s3:::raw/telegram {aws:SecureTransport=true}");
    assertThat(
            map(
                req(
                    "GET",
                    "/raw/telegram/d/1.json",
                    Map.of("versionId", "v1"),
                    Map.of(),
                    List.of())))
        .containsExactly(
            "s3:GetObjectVersion arn:aws:s3:::raw/telegram/d/1.json {aws:SecureTransport=true}");
  }

  @Test
  void listingsAreBucketActionsWithThePrefixConditionKey() {
    assertThat(
            map(
                req(
                    "GET",
                    "/raw",
                    Map.of("list-type", "2", "prefix", "telegram/d/"),
                    Map.of(),
                    List.of())))
        .containsExactly(
            "s3:ListBucket arn:aws:s3:::raw {aws:SecureTransport=true, s3:prefix=telegram/d/}");
    assertThat(
            map(
                req(
                    "GET",
                    "/raw",
                    Map.of("versions", "", "prefix", "telegram/d/1.json"),
                    Map.of(),
                    List.of())))
        .containsExactly(
            "s3:ListBucketVersions arn:aws:s3:::raw {aws:SecureTransport=true, "
                + "s3:prefix=telegram/d/1.json}");
    assertThat(map(req("HEAD", "/raw", Map.of(), Map.of(), List.of())))
        .as("HeadBucket")
        .containsExactly("s3:ListBucket arn:aws:s3:::raw {aws:SecureTransport=true}");
  }

  @Test
  void writesArePutObjectWithTheConditionalHeadersAsConditionKeys() {
    assertThat(
            map(
                req(
                    "PUT",
                    "/lake/enriched/_runs/l.json",
                    Map.of(),
                    Map.of("if-match", "\"e1\""),
                    List.of())))
        .containsExactly(
            "s3:PutObject arn:aws:s3:::lake/enriched/_runs/l.json {aws:SecureTransport=true, "
                + "s3:if-match=\"e1\"}");
    assertThat(map(req("POST", "/lake/enriched/t/p", Map.of("uploads", ""), Map.of(), List.of())))
        .as("CreateMultipartUpload")
        .containsExactly(
            "s3:PutObject arn:aws:s3:::lake/enriched/t/p " + "{aws:SecureTransport=true}");
    assertThat(
            map(
                req(
                    "PUT",
                    "/lake/enriched/b",
                    Map.of(),
                    Map.of("x-amz-copy-source", "/lake/enriched/a"),
                    List.of())))
        .as("CopyObject reads its source and writes its target")
        .containsExactly(
            "s3:PutObject arn:aws:s3:::lake/enriched/b {aws:SecureTransport=true}",
            "s3:GetObject arn:aws:s3:::lake/enriched/a {aws:SecureTransport=true}");
  }

  @Test
  void deletesAreDeleteObjectPerKeyAndDeleteObjectVersionWithAVersionId() {
    assertThat(
            map(
                req(
                    "DELETE",
                    "/raw/telegram/d/1.json",
                    Map.of("versionId", "v1"),
                    Map.of(),
                    List.of())))
        .containsExactly(
            "s3:DeleteObjectVersion arn:aws:s3:::raw/telegram/d/1.json {aws:SecureTransport=true}");
    assertThat(
            map(
                req(
                    "POST",
                    "/lake",
                    Map.of("delete", ""),
                    Map.of(),
                    List.of("enriched/a", "enriched/b"))))
        .as("DeleteObjects: one authorization per key")
        .containsExactly(
            "s3:DeleteObject arn:aws:s3:::lake/enriched/a {aws:SecureTransport=true}",
            "s3:DeleteObject arn:aws:s3:::lake/enriched/b {aws:SecureTransport=true}");
    assertThat(map(req("DELETE", "/lake/enriched/p", Map.of("uploadId", "u"), Map.of(), List.of())))
        .containsExactly(
            "s3:AbortMultipartUpload arn:aws:s3:::lake/enriched/p {aws:SecureTransport=true}");
  }

  @Test
  void anOperationWithoutAMappingIsAnErrorNotASilentPass() {
    assertThatThrownBy(
            () ->
                S3Authorization.of(
                    req("PUT", "/lake/enriched/p", Map.of("tagging", ""), Map.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no IAM mapping");
  }
}
