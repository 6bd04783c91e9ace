package io.tglake.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A user's media message (photo, document, voice, sticker, location, contact, GIF) in the Bot API
 * shape. Its random parts are drawn when it is planned, the JSON is written when it is emitted.
 */
final class MediaMessage {

  /** The kinds of media a user sends. */
  enum Kind {
    PHOTO,
    DOCUMENT,
    VOICE,
    STICKER,
    LOCATION,
    CONTACT,
    ANIMATION
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] STICKER_EMOJI = {"👍", "😂", "❤️", "🐱"};

  private final Kind kind;
  private final TrafficUser u;
  private final String captionPrefix;
  private final String photoId;
  private final String docId;
  private final String voiceId;
  private final String stickerId;
  private final String gifId;
  private final String unique;
  private final int size;
  private final int duration;
  private final int invoice;
  private final double lat;
  private final double lon;
  private final String sticker;

  /** Draws every random part, in a fixed order whatever the kind (the stream stays aligned). */
  MediaMessage(Dice rng, Kind kind, TrafficUser u, String captionPrefix) {
    this.kind = kind;
    this.u = u;
    this.captionPrefix = captionPrefix;
    this.photoId = rng.fileId("AgACAgEAAxkBAAI");
    this.docId = rng.fileId("BQACAgEAAxkBAAI");
    this.voiceId = rng.fileId("AwACAgEAAxkBAAI");
    this.stickerId = rng.fileId("CAACAgIAAxkBAAI");
    this.gifId = rng.fileId("CgACAgQAAxkBAAI");
    this.unique = rng.uniqueId("AQAD");
    this.size = 20_000 + rng.nextInt(400_000);
    this.duration = 2 + rng.nextInt(40);
    this.invoice = 1000 + rng.nextInt(9000);
    this.lat = -23.55 + (rng.nextDouble() - 0.5) * 0.3;
    this.lon = -46.63 + (rng.nextDouble() - 0.5) * 0.3;
    this.sticker = rng.pick(STICKER_EMOJI);
  }

  /** Adds the media fields to the message {@code m}. */
  void addTo(ObjectNode m) {
    switch (kind) {
      case PHOTO -> {
        ArrayNode sizes = m.putArray("photo");
        int[][] dims = {{90, 67}, {320, 240}, {800, 600}, {1280, 960}};
        for (int i = 0; i < dims.length; i++) {
          sizes
              .addObject()
              .put("file_id", photoId + i)
              .put("file_unique_id", unique + i)
              .put("file_size", size / (8 >> i) + 1000)
              .put("width", dims[i][0])
              .put("height", dims[i][1]);
        }
        EntityText caption = new EntityText().plain(captionPrefix).entity("hashtag", "#defeito");
        m.put("caption", caption.text());
        m.set("caption_entities", caption.entities());
      }
      case DOCUMENT -> {
        m.set(
            "document",
            JSON.objectNode()
                .put("file_name", "nota_fiscal_" + invoice + ".pdf")
                .put("mime_type", "application/pdf")
                .put("file_id", docId)
                .put("file_unique_id", unique)
                .put("file_size", size));
        m.put("caption", captionPrefix);
      }
      case VOICE ->
          m.set(
              "voice",
              JSON.objectNode()
                  .put("duration", duration)
                  .put("mime_type", "audio/ogg")
                  .put("file_id", voiceId)
                  .put("file_unique_id", unique)
                  .put("file_size", duration * 4_000));
      case STICKER -> {
        ObjectNode thumb =
            JSON.objectNode()
                .put("file_id", stickerId + "T")
                .put("file_unique_id", unique + "T")
                .put("file_size", 4_000)
                .put("width", 128)
                .put("height", 128);
        m.set(
            "sticker",
            JSON.objectNode()
                .put("width", 512)
                .put("height", 512)
                .put("emoji", sticker)
                .put("set_name", "AuroraPets")
                .put("is_animated", false)
                .put("is_video", false)
                .put("type", "regular")
                .set("thumbnail", thumb));
        ((ObjectNode) m.get("sticker")).set("thumb", thumb.deepCopy());
        ((ObjectNode) m.get("sticker"))
            .put("file_id", stickerId)
            .put("file_unique_id", unique)
            .put("file_size", 18_000);
      }
      case LOCATION ->
          m.set(
              "location",
              JSON.objectNode().put("latitude", round6(lat)).put("longitude", round6(lon)));
      case CONTACT ->
          m.set(
              "contact",
              JSON.objectNode()
                  .put("phone_number", u.phone)
                  .put("first_name", u.firstName)
                  .put("user_id", u.id));
      case ANIMATION -> {
        // A GIF arrives as both "animation" and "document": message_type must not be
        // decided by key order.
        ObjectNode gif =
            JSON.objectNode()
                .put("file_name", "giphy.mp4")
                .put("mime_type", "video/mp4")
                .put("duration", 3)
                .put("width", 480)
                .put("height", 270)
                .put("file_id", gifId)
                .put("file_unique_id", unique)
                .put("file_size", size);
        ObjectNode doc =
            JSON.objectNode()
                .put("file_name", "giphy.mp4")
                .put("mime_type", "video/mp4")
                .put("file_id", gifId)
                .put("file_unique_id", unique)
                .put("file_size", size);
        m.set("animation", gif);
        m.set("document", doc);
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
