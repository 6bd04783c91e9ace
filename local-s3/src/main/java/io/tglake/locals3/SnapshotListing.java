package io.tglake.locals3;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Serves ListObjectsV2 pages from one sorted snapshot per listing instead of re-reading the whole
 * prefix per page.
 *
 * <p>s3proxy's NIO2 stores answer every page by reading the attributes of every object under the
 * prefix, sorting them and cutting out 1,000: listing a 20,000-object day costs 20 full scans,
 * seconds of CPU on the benchmark's own cores that S3 (which serves a page from its index) never
 * charges. Here the first page of a listing (no continuation token or start-after) takes one full
 * scan from the store; later pages are cut from it. Any write through this store invalidates the
 * snapshots, so a page after a write is served from a fresh scan: the pages of one listing then
 * reflect the store as of some moment during it, as S3's do.
 */
final class SnapshotListing extends ForwardingBlobStore {

  /** S3's own page size when the request names none. */
  static final int DEFAULT_MAX_KEYS = 1000;

  private static final int MAX_SNAPSHOTS = 16;

  private record Key(String bucket, String prefix, String delimiter) {}

  /** One listing's entries (objects and common prefixes) in key order, as of {@code generation}. */
  private record Snapshot(long generation, List<String> names, List<Object> entries) {}

  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong fullScans = new AtomicLong();
  private final Map<Key, Snapshot> snapshots =
      Collections.synchronizedMap(
          new LinkedHashMap<>(MAX_SNAPSHOTS, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Snapshot> eldest) {
              return size() > MAX_SNAPSHOTS;
            }
          });

  SnapshotListing(BlobStore delegate) {
    super(delegate);
  }

  /**
   * Full scans of the underlying store so far (one per listing when nothing is written meanwhile).
   */
  long fullScans() {
    return fullScans.get();
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    Key key =
        new Key(
            request.bucket(),
            Objects.toString(request.prefix(), ""),
            Objects.toString(request.delimiter(), ""));
    String marker =
        request.continuationToken() != null ? request.continuationToken() : request.startAfter();
    Snapshot snap = marker == null ? null : snapshots.get(key);
    if (snap == null || snap.generation() != generation.get()) {
      snap = scan(request);
      snapshots.put(key, snap);
    }
    int from = marker == null ? 0 : firstAfter(snap.names(), marker);
    int max = request.maxKeys() == null ? DEFAULT_MAX_KEYS : Math.max(0, request.maxKeys());
    int to = (int) Math.min(snap.entries().size(), (long) from + max);
    List<S3Object> objects = new ArrayList<>();
    List<CommonPrefix> prefixes = new ArrayList<>();
    for (Object e : snap.entries().subList(from, to)) {
      if (e instanceof S3Object o) {
        objects.add(o);
      } else {
        prefixes.add((CommonPrefix) e);
      }
    }
    String next = to < snap.entries().size() && to > from ? snap.names().get(to - 1) : null;
    return SdkResponses.objectsPage(objects, prefixes, next);
  }

  private Snapshot scan(ListObjectsV2Request request) {
    long gen = generation.get();
    fullScans.incrementAndGet();
    ListObjectsV2Response all =
        delegate()
            .list(
                request.toBuilder()
                    .continuationToken(null)
                    .startAfter(null)
                    .maxKeys(Integer.MAX_VALUE)
                    .build());
    // Objects and common prefixes interleave in key order, as the store itself pages them.
    List<Map.Entry<String, Object>> merged = new ArrayList<>();
    all.contents().forEach(o -> merged.add(Map.entry(o.key(), o)));
    all.commonPrefixes().forEach(p -> merged.add(Map.entry(p.prefix(), p)));
    merged.sort(Map.Entry.comparingByKey());
    List<String> names = new ArrayList<>(merged.size());
    List<Object> entries = new ArrayList<>(merged.size());
    for (Map.Entry<String, Object> e : merged) {
      names.add(e.getKey());
      entries.add(e.getValue());
    }
    return new Snapshot(gen, names, entries);
  }

  /** Index of the first name strictly after {@code marker}. */
  private static int firstAfter(List<String> names, String marker) {
    int lo = 0;
    int hi = names.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (names.get(mid).compareTo(marker) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // Every write moves the generation before and after it, so a scan that overlapped a write is
  // never reused.

  private <T> T writing(Supplier<T> write) {
    generation.incrementAndGet();
    try {
      return write.get();
    } finally {
      generation.incrementAndGet();
    }
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
    return writing(() -> super.putBlob(request, body));
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return writing(() -> super.copyBlob(request));
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return writing(() -> super.removeBlob(request));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    return writing(() -> super.completeMultipartUpload(upload, request));
  }

  @Override
  public CreateBucketResponse createContainer(CreateBucketRequest request) {
    return writing(() -> super.createContainer(request));
  }

  @Override
  public void clearContainer(ListObjectsV2Request request) {
    writing(
        () -> {
          super.clearContainer(request);
          return null;
        });
  }

  @Override
  public void deleteContainer(String container) {
    writing(
        () -> {
          super.deleteContainer(container);
          return null;
        });
  }

  @Override
  public void deleteBucket(String container) {
    writing(
        () -> {
          super.deleteBucket(container);
          return null;
        });
  }
}
