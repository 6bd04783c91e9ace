package io.tglake.ingest;

/**
 * The raw store could not confirm a durable write (or a lookup); the delivery must be answered with
 * 5xx.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
