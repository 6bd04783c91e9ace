package io.tglake.testkit;

import io.tglake.testkit.FaultProxy.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link FaultProxy} knows of S3 beyond HTTP: how to log a request, and how a versioned bucket
 * answers.
 */
final class S3Requests {

  private static final Pattern DELETE_KEY = Pattern.compile("<Key>([^<]*)</Key>");

  private S3Requests() {}

  /** The log entry of one request; {@code head} is its raw head, {@code body} its body as sent. */
  static Request entry(String method, String path, String rawQuery, String head, byte[] body) {
    Map<String, String> query = query(rawQuery);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : FaultProxy.RECORDED_HEADERS) {
      String value = HttpWire.header(head, name);
      if (value != null) {
        headers.put(
            name,
            name.equals("x-amz-copy-source")
                ? URLDecoder.decode(value, StandardCharsets.UTF_8)
                : value);
      }
    }
    List<String> deleteKeys = new ArrayList<>();
    if ("POST".equals(method) && query.containsKey("delete")) {
      Matcher m = DELETE_KEY.matcher(new String(body, StandardCharsets.UTF_8));
      while (m.find()) {
        deleteKeys.add(
            m.group(1)
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'"));
      }
    }
    return new Request(
        method,
        path,
        headers.containsKey("x-amz-copy-source"),
        Map.copyOf(query),
        Map.copyOf(headers),
        List.copyOf(deleteKeys));
  }

  /** Decoded query parameters in order; a valueless one such as {@code ?delete} maps to "". */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(name, value);
      }
    }
    return query;
  }

  /**
   * The whole answer (head and body) a versioned bucket gives to a version-aware request, or null
   * to forward it: a DeleteObject with a version id is answered 204; a ListObjectVersions for one
   * key is answered with what a versioned bucket holds after that key was deleted (one noncurrent
   * version, the delete marker latest).
   */
  static byte[] versionedAnswer(String method, String path, Map<String, String> query) {
    String[] split = path.substring(1).split("/", 2);
    String bucket = split[0];
    boolean objectPath = split.length == 2 && !split[1].isEmpty();
    if ("DELETE".equals(method) && objectPath && query.containsKey("versionId")) {
      return "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }
    String prefix = query.get("prefix");
    if (!"GET".equals(method)
        || objectPath
        || !query.containsKey("versions")
        || prefix == null
        || prefix.isEmpty()
        || prefix.endsWith("/")) {
      return null;
    }
    String key = prefix.replace("&", "&amp;").replace("<", "&lt;");
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListVersionsResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
                + bucket
                + "</Name><Prefix>"
                + key
                + "</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys>"
                + "<IsTruncated>false</IsTruncated><Version><Key>"
                + key
                + "</Key><VersionId>noncurrent-1</VersionId>"
                + "<IsLatest>false</IsLatest><LastModified>2026-11-22T10:00:00.000Z</LastModified><ETag>\"e\"</ETag>"
                + "<Size>1</Size><StorageClass>STANDARD</StorageClass></Version><DeleteMarker><Key>"
                + key
                + "</Key>"
                + "<VersionId>marker-1</VersionId><IsLatest>true</IsLatest><LastModified>2026-12-06T10:00:00.000Z"
                + "</LastModified></DeleteMarker></ListVersionsResult>")
            .getBytes(StandardCharsets.UTF_8);
    return withHead(
        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: "
            + xml.length
            + "\r\n\r\n",
        xml);
  }

  /**
   * An S3 error document answered by the proxy itself; {@code close} adds {@code Connection:
   * close}.
   */
  static byte[] error(int status, boolean close) {
    String code =
        switch (status) {
          case 503 -> "SlowDown";
          case 409 -> "ConditionalRequestConflict";
          case 404 -> "NoSuchKey";
          case 403 -> "AccessDenied";
          default -> "InternalError";
        };
    String reason =
        switch (status) {
          case 503 -> "Slow Down";
          case 409 -> "Conflict";
          case 404 -> "Not Found";
          case 403 -> "Forbidden";
          default -> "Internal Server Error";
        };
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>injected by FaultProxy</Message><RequestId>FAULTPROXY</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8);
    return withHead(
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + xml.length
            + (close ? "\r\nConnection: close" : "")
            + "\r\n\r\n",
        xml);
  }

  private static byte[] withHead(String head, byte[] body) {
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }
}
