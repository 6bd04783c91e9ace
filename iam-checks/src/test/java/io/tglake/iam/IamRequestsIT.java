package io.tglake.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.ingest.IngestRuns;
import io.tglake.testkit.FaultProxy;
import io.tglake.testkit.S3ProxyServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every S3 request the code really makes, evaluated against the IAM of the synthesized stack: the
 * ingest handler, the ETL (normal day, rerun, empty day, missing day, backfill, pseudonymized day,
 * busy day and an expired lease taken over with renewals) and {@code forget} (versioned purge, a
 * day emptied by the erasure) run against s3proxy behind a request-logging proxy; each logged
 * request is mapped to what S3 authorizes ({@link S3Authorization}) and evaluated with
 * {@code @cloud-copilot/iam-simulate} for the role that makes it in production — the ingest
 * function's role, the EMR job role, the EMR erasure role — with its identity policies and the
 * bucket policies (TLS-only deny, with {@code aws:SecureTransport} true). A denied request fails
 * with the request, the role and the deciding statements.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IamRequestsIT {

  private StackPolicies stack;
  private PolicyEvaluator evaluator;
  private S3ProxyServer server;
  private FaultProxy proxy;
  private LakeRuns runs;
  private final Map<String, List<PolicyEvaluator.Verdict>> allowedByRole = new LinkedHashMap<>();
  private final Map<String, Integer> requestsByRole = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    Path module = Path.of(System.getProperty("tglake.iam.dir", ".")).toAbsolutePath().normalize();
    Path infra =
        Path.of(System.getProperty("tglake.infra.dir", "../infra")).toAbsolutePath().normalize();
    Path work = module.resolve("target/iam-checks");
    Files.createDirectories(work);
    stack = StackPolicies.synthesize(infra, work.resolve("cdk.out"), IngestRuns.BOT_ID);
    evaluator = new PolicyEvaluator(module, work, stack);
    String raw = stack.bucketName("RawBucket");
    String lake = stack.bucketName("LakeBucket");
    server = S3ProxyServer.start(raw, lake);
    proxy = new FaultProxy(server.port());
    runs = new LakeRuns(server, proxy, raw, lake, work);
  }

  @AfterAll
  void stop() throws Exception {
    StringBuilder summary =
        new StringBuilder(
            "IAM checks (account " + StackPolicies.ACCOUNT + ", " + StackPolicies.REGION + "):\n");
    int pairs = 0;
    for (var e : allowedByRole.entrySet()) {
      TreeSet<String> distinct = new TreeSet<>();
      e.getValue().forEach(v -> distinct.add(v.check().pair()));
      pairs += distinct.size();
      summary.append(
          String.format(
              "  %-40s %4d requests, %3d checks, %2d distinct action x resource pairs%n",
              e.getKey(), requestsByRole.get(e.getKey()), e.getValue().size(), distinct.size()));
      distinct.forEach(p -> summary.append("      ").append(p).append('\n'));
    }
    summary.append("  total distinct action x resource pairs allowed: ").append(pairs).append('\n');
    System.out.print(summary);
    if (runs != null) {
      Files.writeString(runs.work().resolve("summary.txt"), summary, StandardCharsets.UTF_8);
      runs.close();
    }
    FileSystem.closeAll();
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void everyRequestOfTheIngestHandlerIsAllowedForTheFunctionRole() throws Exception {
    proxy.reset();
    List<Integer> statuses =
        IngestRuns.deliver(
            URI.create(proxy.endpoint()),
            stack.bucketName("RawBucket"),
            S3ProxyServer.KEY,
            S3ProxyServer.SECRET,
            Clock.fixed(Instant.parse("2026-11-22T14:15:12Z"), ZoneOffset.UTC));
    assertThat(statuses)
        .as("new update, redelivery, migration, update in the migrated chat")
        .containsOnly(200);
    assertAllowed("ingest function role", stack.functionRoleArn("IngestFunction"), proxy.log());
  }

  @Test
  @Order(1)
  void everyRequestOfTheRelayAndThePassThroughIsAllowedForTheFunctionRole() throws Exception {
    proxy.reset();
    List<String> result =
        IngestRuns.relay(
            URI.create(proxy.endpoint()),
            stack.bucketName("RawBucket"),
            S3ProxyServer.KEY,
            S3ProxyServer.SECRET,
            Clock.fixed(Instant.parse("2026-11-22T14:15:12Z"), ZoneOffset.UTC));
    assertThat(result.subList(0, 2))
        .as("relayed update, pass-through call (answer: %s)", result.get(2))
        .containsExactly("200", "200");
    List<FaultProxy.Request> requests = proxy.log();
    assertThat(requests)
        .as("PUTs: the update, the bot's webhook answer and its Bot API call")
        .filteredOn(r -> r.method().equals("PUT"))
        .extracting(FaultProxy.Request::path)
        .anyMatch(p -> p.endsWith("/telegram/context_date=2026-11-22/700000011.json"))
        .anyMatch(p -> p.endsWith("/outgoing/context_date=2026-11-22/wr-700000011.json"))
        .anyMatch(
            p -> p.contains("/outgoing/context_date=2026-11-22/api-" + IngestRuns.BOT_ID + "-"))
        .hasSize(3);
    assertAllowed(
        "ingest function role (relay)", stack.functionRoleArn("IngestFunction"), requests);
  }

  @Test
  @Order(2)
  void everyRequestOfTheEtlRunsIsAllowedForTheJobRole() throws Exception {
    List<FaultProxy.Request> requests = runs.etlRuns();
    assertAllowed("EMR job role", stack.roleArn("EmrJobRole"), requests);
    assertThat(requests)
        .as("the lease is renewed with conditional PUTs (If-Match the tag of the run's last write)")
        .anyMatch(
            r ->
                r.method().equals("PUT")
                    && r.path().endsWith("/lease.json")
                    && r.headers().containsKey("if-match"))
        .noneMatch(
            r ->
                r.method().equals("PUT")
                    && r.path().endsWith("/lease.json")
                    && !r.headers().containsKey("if-match")
                    && !r.headers().containsKey("if-none-match"));
  }

  @Test
  @Order(3)
  void everyRequestOfForgetIsAllowedForTheErasureRole() throws Exception {
    List<FaultProxy.Request> requests = runs.forget();
    assertAllowed("EMR erasure role", stack.roleArn("EmrErasureRole"), requests);
  }

  @Test
  @Order(4)
  void whatOnlyTheErasureRoleMayDoIsDeniedToTheOthers() throws Exception {
    List<FaultProxy.Request> forget = runs.forgetRequests();
    List<S3Authorization.Check> rawDeletes =
        checks(forget).stream()
            .filter(
                c ->
                    c.action().startsWith("s3:Delete")
                        && c.bucketArn().endsWith(stack.bucketName("RawBucket")))
            .toList();
    assertThat(rawDeletes)
        .as("the forget run deleted raw objects and purged their versions")
        .anyMatch(c -> c.action().equals("s3:DeleteObject"))
        .anyMatch(c -> c.action().equals("s3:DeleteObjectVersion"));
    List<S3Authorization.Check> purgeListings =
        checks(forget).stream().filter(c -> c.action().equals("s3:ListBucketVersions")).toList();
    assertThat(purgeListings).as("the purge listed versions").isNotEmpty();
    List<S3Authorization.Check> lakeListings =
        purgeListings.stream()
            .filter(c -> c.bucketArn().endsWith(stack.bucketName("LakeBucket")))
            .toList();
    assertThat(lakeListings)
        .as("the lake purge listed the old versions of the rebuilt days' partitions, by prefix")
        .isNotEmpty()
        .allMatch(c -> c.context().getOrDefault("s3:prefix", "").contains("/context_date="));
    List<S3Authorization.Check> purge = new ArrayList<>(rawDeletes);
    purge.addAll(purgeListings);
    for (String role : List.of("EmrJobRole", stack.functionRoleShortId("IngestFunction"))) {
      List<PolicyEvaluator.Verdict> verdicts = evaluator.evaluate(stack.roleArn(role), purge);
      assertThat(verdicts)
          .as("%s deleting raw objects or purging their versions", role)
          .allMatch(v -> !v.allowed(), "denied");
    }
    List<S3Authorization.Check> rawReads =
        checks(runs.etlRequests()).stream()
            .filter(c -> c.bucketArn().endsWith(stack.bucketName("RawBucket")))
            .toList();
    assertThat(rawReads).as("the ETL read and listed raw").isNotEmpty();
    List<PolicyEvaluator.Verdict> ingestReading =
        evaluator.evaluate(stack.functionRoleArn("IngestFunction"), rawReads);
    assertThat(ingestReading)
        .as("the ingest role reading or listing raw days")
        .allMatch(v -> !v.allowed(), "denied");
    List<PolicyEvaluator.Verdict> plainHttp =
        evaluator.evaluate(
            stack.roleArn("EmrErasureRole"),
            purge.stream()
                .map(
                    c ->
                        new S3Authorization.Check(
                            c.action(),
                            c.resource(),
                            c.bucketArn(),
                            Map.of("aws:SecureTransport", "false"),
                            c.request()))
                .toList());
    assertThat(plainHttp)
        .as("the bucket policies' TLS-only deny")
        .allMatch(v -> v.result().equals("ExplicitlyDenied"), "explicitly denied");
  }

  private static List<S3Authorization.Check> checks(List<FaultProxy.Request> requests) {
    List<S3Authorization.Check> out = new ArrayList<>();
    requests.forEach(r -> out.addAll(S3Authorization.of(r)));
    return out;
  }

  private void assertAllowed(String role, String roleArn, List<FaultProxy.Request> requests)
      throws Exception {
    assertThat(requests).as("%s made S3 requests", role).isNotEmpty();
    List<PolicyEvaluator.Verdict> verdicts = evaluator.evaluate(roleArn, checks(requests));
    List<PolicyEvaluator.Verdict> denied = verdicts.stream().filter(v -> !v.allowed()).toList();
    requestsByRole.put(role, requests.size());
    allowedByRole.put(role, verdicts);
    assertThat(denied)
        .as(
            "requests of the %s that AWS would deny (%d of %d checks):%n%s",
            role,
            denied.size(),
            verdicts.size(),
            String.join("\n", denied.stream().map(Object::toString).distinct().limit(40).toList()))
        .isEmpty();
  }
}
