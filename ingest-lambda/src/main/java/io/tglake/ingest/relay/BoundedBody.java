package io.tglake.ingest.relay;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected in memory up to a bound: more bytes than the bound cancel the download
 * and complete the body exceptionally with {@link TooLarge}, so a misbehaving upstream cannot make
 * us buffer without limit.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long maxBytes;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * A handler that refuses a declared Content-Length over the bound before reading any body byte.
   */
  static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
    return info -> {
      BoundedBody body = new BoundedBody(maxBytes);
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
      if (declared > maxBytes) {
        body.result.completeExceptionally(new TooLarge(maxBytes));
      }
      return body;
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (bytes.size() + (long) b.remaining() > maxBytes) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(maxBytes));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }

  /** The body exceeded the bound. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long maxBytes) {
      super("answer larger than " + maxBytes + " bytes");
    }
  }
}
