package io.tglake.locals3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

class SnapshotListingTest {

  private static final String BUCKET = "raw";

  private TransientNio2BlobStore store;
  private SnapshotListing listing;

  @BeforeEach
  void fill() {
    store = new TransientNio2BlobStore();
    listing = new SnapshotListing(store);
    listing.createContainer(BUCKET);
    for (int i = 0; i < 2503; i++) {
      put("telegram/context_date=2026-03-02/" + (500000000 + i) + ".json");
    }
    put("telegram/context_date=2026-03-02/sub/nested.json");
    put("telegram/context_date=2026-03-03/1.json");
    put("telegram/context_date=2026-03-01/9.json");
  }

  @Test
  void pagesAFullListingFromOneScanWithExactlyTheStoresKeys() {
    ListObjectsV2Request day =
        ListObjectsV2Request.builder()
            .bucket(BUCKET)
            .prefix("telegram/context_date=2026-03-02/")
            .build();
    long before = listing.fullScans();

    List<List<String>> pages = pages(listing, day);

    assertThat(pages).extracting(List::size).containsExactly(1000, 1000, 504);
    assertThat(pages.stream().flatMap(List::stream).toList())
        .isEqualTo(pages(store, day).stream().flatMap(List::stream).toList())
        .hasSize(2504)
        .isSorted()
        .contains("telegram/context_date=2026-03-02/sub/nested.json")
        .doesNotContain("telegram/context_date=2026-03-03/1.json");
    assertThat(listing.fullScans() - before).isEqualTo(1);
  }

  @Test
  void delimiterListingsKeepCommonPrefixesInKeyOrderLikeTheStore() {
    ListObjectsV2Request root =
        ListObjectsV2Request.builder()
            .bucket(BUCKET)
            .prefix("telegram/")
            .delimiter("/")
            .maxKeys(2)
            .build();
    ListObjectsV2Response first = listing.list(root);
    assertThat(first.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("telegram/context_date=2026-03-01/", "telegram/context_date=2026-03-02/");
    assertThat(first.contents()).isEmpty();
    assertThat(first.nextContinuationToken()).isEqualTo("telegram/context_date=2026-03-02/");
    ListObjectsV2Response second =
        listing.list(root.toBuilder().continuationToken(first.nextContinuationToken()).build());
    assertThat(second.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("telegram/context_date=2026-03-03/");
    assertThat(second.nextContinuationToken()).isNull();

    ListObjectsV2Request day =
        ListObjectsV2Request.builder()
            .bucket(BUCKET)
            .prefix("telegram/context_date=2026-03-02/")
            .delimiter("/")
            .maxKeys(5000)
            .build();
    ListObjectsV2Response all = listing.list(day);
    assertThat(all.contents()).hasSize(2503);
    assertThat(all.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("telegram/context_date=2026-03-02/sub/");
    assertThat(all.contents())
        .extracting(S3Object::key)
        .isEqualTo(store.list(day).contents().stream().map(S3Object::key).toList());
  }

  @Test
  void startAfterAndTheEndOfTheListingMatchTheStore() {
    ListObjectsV2Request from =
        ListObjectsV2Request.builder()
            .bucket(BUCKET)
            .prefix("telegram/context_date=2026-03-02/")
            .startAfter("telegram/context_date=2026-03-02/500002500.json")
            .build();
    ListObjectsV2Response tail = listing.list(from);
    assertThat(tail.contents())
        .extracting(S3Object::key)
        .containsExactly(
            "telegram/context_date=2026-03-02/500002501.json",
            "telegram/context_date=2026-03-02/500002502.json",
            "telegram/context_date=2026-03-02/sub/nested.json");
    assertThat(tail.nextContinuationToken()).isNull();
    assertThat(listing.list(from.toBuilder().startAfter("zzz").build()).contents()).isEmpty();
    assertThat(
            listing
                .list(ListObjectsV2Request.builder().bucket(BUCKET).prefix("nothing/").build())
                .contents())
        .isEmpty();
  }

  @Test
  void aWriteBetweenPagesIsSeenByTheNextPage() {
    ListObjectsV2Request day =
        ListObjectsV2Request.builder()
            .bucket(BUCKET)
            .prefix("telegram/context_date=2026-03-02/")
            .build();
    ListObjectsV2Response first = listing.list(day);
    long scans = listing.fullScans();
    put("telegram/context_date=2026-03-02/600000000.json");
    listing.removeBlob(
        DeleteObjectRequest.builder()
            .bucket(BUCKET)
            .key("telegram/context_date=2026-03-02/500002502.json")
            .build());

    List<String> rest = new ArrayList<>();
    ListObjectsV2Response page = first;
    while (page.nextContinuationToken() != null) {
      page = listing.list(day.toBuilder().continuationToken(page.nextContinuationToken()).build());
      page.contents().forEach(o -> rest.add(o.key()));
    }

    assertThat(rest)
        .hasSize(1504)
        .contains("telegram/context_date=2026-03-02/600000000.json")
        .doesNotContain("telegram/context_date=2026-03-02/500002502.json");
    assertThat(listing.fullScans() - scans).isEqualTo(1);
  }

  private static List<List<String>> pages(BlobStore s, ListObjectsV2Request request) {
    List<List<String>> pages = new ArrayList<>();
    ListObjectsV2Response page = s.list(request);
    pages.add(page.contents().stream().map(S3Object::key).toList());
    while (page.nextContinuationToken() != null) {
      page = s.list(request.toBuilder().continuationToken(page.nextContinuationToken()).build());
      pages.add(page.contents().stream().map(S3Object::key).toList());
    }
    return pages;
  }

  private void put(String key) {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    listing.putBlob(
        PutObjectRequest.builder()
            .bucket(BUCKET)
            .key(key)
            .contentLength((long) body.length)
            .build(),
        new ByteArrayInputStream(body));
  }
}
