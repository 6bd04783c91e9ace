package io.tglake.sample;

import java.util.SplittableRandom;

/**
 * The traffic's one random stream. Every choice of the simulation is a draw from it, so the order
 * of the draws is what "same spec, same bytes" rests on: moving a draw changes every body after it.
 */
final class Dice {

  private static final String FILE_ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final SplittableRandom rng;

  Dice(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  int nextInt(int bound) {
    return rng.nextInt(bound);
  }

  long nextLong(long bound) {
    return rng.nextLong(bound);
  }

  double nextDouble() {
    return rng.nextDouble();
  }

  boolean nextBoolean() {
    return rng.nextBoolean();
  }

  /**
   * The stream itself, for pieces that draw from a {@link SplittableRandom} ({@link BodyFormat}).
   */
  SplittableRandom stream() {
    return rng;
  }

  /** A duration of {@code min..max} whole seconds plus a random part of a second, in millis. */
  long secs(int min, int max) {
    return 1_000L * (min + rng.nextInt(max - min + 1)) + rng.nextInt(1_000);
  }

  <T> T pick(T[] options) {
    return options[rng.nextInt(options.length)];
  }

  /** A Telegram-looking file_id: the kind's prefix and 56 random characters. */
  String fileId(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 56; i++) {
      sb.append(FILE_ID_ALPHABET.charAt(rng.nextInt(FILE_ID_ALPHABET.length())));
    }
    return sb.toString();
  }

  String uniqueId(String prefix) {
    return fileId(prefix).substring(0, 16);
  }
}
